"""The history (DuckDB): workspaces, cases, events and drafts, plus export and import.

The records (what a workspace holds, the errors) are imported at once; the store and the
connection (`History`, `open_history`, ...) when first asked for, so that a command that only
plans a case never loads DuckDB.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from followup.history.records import (
    CaseNotFound,
    Contents,
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

if TYPE_CHECKING:
    from followup.history.database import Opened, configured_path, open_history
    from followup.history.store import History

_LAZY = {
    "History": "followup.history.store",
    "Opened": "followup.history.database",
    "configured_path": "followup.history.database",
    "open_history": "followup.history.database",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'followup.history' has no attribute {name!r}")


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
