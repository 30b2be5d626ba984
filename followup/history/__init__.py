"""The history (DuckDB): workspaces, cases, events and drafts, plus export and import."""

from followup.history.database import Opened, configured_path, open_history
from followup.history.store import (
    CaseNotFound,
    Contents,
    History,
    HistoryError,
    HistoryFull,
    Imported,
    Incoming,
    StoredCase,
    StoredEvent,
    UnreadableCase,
    Workspace,
    WorkspaceGone,
)

__all__ = [
    "CaseNotFound",
    "Contents",
    "History",
    "HistoryError",
    "HistoryFull",
    "Imported",
    "Incoming",
    "Opened",
    "StoredCase",
    "StoredEvent",
    "UnreadableCase",
    "Workspace",
    "WorkspaceGone",
    "configured_path",
    "open_history",
]
