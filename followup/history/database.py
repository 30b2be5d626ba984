"""Where the history lives, and what happens when that place cannot be used.

`FOLLOWUP_DB` (Streamlit secrets or environment) names the file; the default is a file in the
user's data directory (platformdirs). If the file cannot be opened — locked by another
process, on a read-only or missing location, or corrupt — the app still runs, on an in-memory
database, with a warning that the history won't be kept. A corrupt file is moved aside (never
overwritten) and a fresh one takes its place.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from followup.history.store import History

MEMORY = ":memory:"


@dataclass
class Opened:
    history: History
    path: str  # the file in use, or ":memory:"
    warning: str | None = None  # key of the [history] section of the locale files
    moved_aside: str | None = None  # where a corrupt file went


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("followup", appauthor=False) / "history.duckdb"


def configured_path(secret: str | None = None) -> str:
    """`FOLLOWUP_DB` from secrets (passed in by the page), then the environment, else default."""
    return secret or os.environ.get("FOLLOWUP_DB") or str(default_path())


def _memory(warning: str | None, moved_aside: str | None = None) -> Opened:
    return Opened(History(duckdb.connect(MEMORY)), MEMORY, warning, moved_aside)


def open_history(path: str) -> Opened:
    """Open (creating if needed) the history at `path`, falling back as described above."""
    if path == MEMORY:
        return _memory(None)
    file = Path(path)
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        return Opened(History(duckdb.connect(str(file))), str(file))
    except duckdb.IOException as exc:
        message = str(exc)
        if "not a valid DuckDB database file" in message or "Corrupt" in message:
            return _move_aside_and_retry(file)
        if "lock" in message.lower():
            return _memory("history_locked")
        return _memory("history_unwritable")
    except (OSError, duckdb.Error):
        return _memory("history_unwritable")


def _move_aside_and_retry(file: Path) -> Opened:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = file.with_name(f"{file.name}.corrupt-{stamp}")
    try:
        file.rename(aside)
        wal = file.with_name(file.name + ".wal")
        if wal.exists():
            wal.rename(aside.with_name(aside.name + ".wal"))
        return Opened(History(duckdb.connect(str(file))), str(file), "history_corrupt", str(aside))
    except (OSError, duckdb.Error):
        return _memory("history_unwritable", None)
