"""The history (DuckDB): workspaces, cases, events and drafts, plus export and import."""

from followup.history.database import Opened, configured_path, open_history
from followup.history.store import History, StoredCase, StoredEvent, Workspace

__all__ = [
    "History",
    "Opened",
    "StoredCase",
    "StoredEvent",
    "Workspace",
    "configured_path",
    "open_history",
]
