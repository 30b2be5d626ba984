"""The history: the only code that touches DuckDB.

One connection per process, a cursor per operation, writes serialised by a lock and each in
its own transaction (one statement, or BEGIN ... COMMIT): a step is confirmed (the method
returns) only after its commit. Every query is scoped to one workspace, reached through its
secret token; no method lists workspaces. History is append-only: a case is saved as
versions, its steps are events.

Every query filters on `workspace_id` alone, which DuckDB answers from an index; narrower
filters (a case of the workspace) are applied here, on the workspace's few rows. A filter on
two columns makes DuckDB scan every workspace's rows (40 ms at 100,000 workspaces).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import duckdb

from followup.errors import FollowupError
from followup.history.migrations import migrate
from followup.models import Case, Draft, Event, EventType

TOKEN_BYTES = 24  # 192 bits, url-safe: the workspace's only key
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
_ID_SHAPE = re.compile(r"^[A-Za-z0-9_.-]{1,80}$")
# A token the browser gives back for a restore: as long as the ones we make (192 bits).
_RESTORABLE_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,100}$")


class HistoryError(FollowupError):
    """The database refused a read or a write (disk full, file gone, ...): nothing was saved."""


@dataclass(frozen=True)
class Workspace:
    """A workspace the caller has proven to own (by its token)."""

    id: str


@dataclass(frozen=True)
class StoredCase:
    id: str
    version: int
    saved_at: datetime
    case: Case  # the latest version, with every recorded event


@dataclass(frozen=True)
class StoredEvent:
    id: str
    case_id: str
    type: EventType
    at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_id() -> str:
    return uuid.uuid4().hex


def valid_id(value: str) -> bool:
    return bool(_ID_SHAPE.match(value))


def _utc(moment: datetime) -> datetime:
    """Naive UTC, as the TIMESTAMP columns hold it."""
    return moment.astimezone(UTC).replace(tzinfo=None)


class History:
    """The workspace-scoped history on one DuckDB connection."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection
        self._lock = threading.Lock()
        with self._lock:
            migrate(connection)

    # --- plumbing --------------------------------------------------------------------------
    @contextmanager
    def _read(self) -> Iterator[Any]:
        try:
            cursor = self._connection.cursor()
        except duckdb.Error:
            raise HistoryError("history_read_failed") from None
        try:
            yield cursor
        except duckdb.Error:
            raise HistoryError("history_read_failed") from None
        finally:
            cursor.close()

    @contextmanager
    def _write(self) -> Iterator[Any]:
        with self._lock:
            try:
                cursor = self._connection.cursor()
                cursor.execute("BEGIN TRANSACTION")
            except duckdb.Error:
                raise HistoryError("history_write_failed") from None
            try:
                yield cursor
                cursor.execute("COMMIT")
            except BaseException as error:
                try:
                    cursor.execute("ROLLBACK")
                except duckdb.Error:
                    pass  # the transaction is gone already; nothing of it was committed
                if isinstance(error, duckdb.Error):
                    raise HistoryError("history_write_failed") from None
                raise
            finally:
                cursor.close()

    def _write_one(self, sql: str, params: list[Any]) -> tuple[Any, ...] | None:
        """One statement, its own transaction (autocommit); None when it breaks a key (a row
        recorded before). DuckDB spends about a millisecond per statement, so single-statement
        writes are the fast path for the frequent ones."""
        with self._lock:
            db = self._connection.cursor()
            try:
                row: tuple[Any, ...] | None = db.execute(sql, params).fetchone()
                return row
            except duckdb.ConstraintException:
                return None
            except duckdb.Error:
                raise HistoryError("history_write_failed") from None
            finally:
                db.close()

    def close(self) -> None:
        self._connection.close()

    # --- workspaces ------------------------------------------------------------------------
    def create_workspace(self, now: datetime, token: str | None = None) -> tuple[Workspace, str]:
        """A new workspace and its token (shown once; only its hash is stored). `token`: bring
        back a workspace under the link its owner already has (a restore from the browser's
        copy); it must look like one of ours."""
        if token is None:
            token = secrets.token_urlsafe(TOKEN_BYTES)
        elif not _RESTORABLE_TOKEN.match(token):
            raise HistoryError("token_invalid")
        workspace = Workspace(new_id())
        with self._write() as db:
            db.execute(
                "INSERT INTO workspaces VALUES (?, ?, ?, ?)",
                [workspace.id, token_hash(token), _utc(now), _utc(now)],
            )
        return workspace, token

    def open_workspace(self, token: str, now: datetime) -> Workspace | None:
        """The workspace of `token`, or None (unknown, forgotten, or not a token at all)."""
        if not _TOKEN_SHAPE.match(token or ""):
            return None
        with self._write() as db:
            row = db.execute(
                "SELECT id FROM workspaces WHERE token_hash = ?", [token_hash(token)]
            ).fetchone()
            if row is None:
                return None
            db.execute("UPDATE workspaces SET last_seen = ? WHERE id = ?", [_utc(now), row[0]])
        return Workspace(row[0])

    def forget(self, workspace: Workspace) -> None:
        """Delete the workspace and everything in it."""
        with self._write() as db:
            for table in ("drafts", "events", "case_versions"):
                db.execute(f"DELETE FROM {table} WHERE workspace_id = ?", [workspace.id])  # noqa: S608
            db.execute("DELETE FROM workspaces WHERE id = ?", [workspace.id])

    def purge_inactive(self, now: datetime, days: int) -> int:
        """Delete workspaces unseen for `days` days with all their rows; returns how many."""
        cutoff = _utc(now - timedelta(days=days))
        stale = "SELECT id FROM workspaces WHERE last_seen < ?"
        with self._write() as db:
            (count,) = db.execute(f"SELECT count(*) FROM ({stale})", [cutoff]).fetchone()  # noqa: S608
            for table in ("drafts", "events", "case_versions"):
                db.execute(
                    f"DELETE FROM {table} WHERE workspace_id IN ({stale})",  # noqa: S608
                    [cutoff],
                )
            db.execute("DELETE FROM workspaces WHERE last_seen < ?", [cutoff])
        return int(count)

    # --- cases -----------------------------------------------------------------------------
    def save_case(
        self, workspace: Workspace, case: Case, now: datetime, case_id: str | None = None
    ) -> str:
        """Save `case` (its fields; events are recorded separately) as a new version."""
        case_id = case_id or new_id()
        data = case.model_dump_json(exclude={"events"})
        with self._write() as db:
            row = self._latest_version(db, workspace, case_id)
            if row is not None and row[3] == data:
                return case_id  # nothing changed: no new version
            version = 1 if row is None else row[1] + 1
            db.execute(
                "INSERT INTO case_versions VALUES (?, ?, ?, ?, ?)",
                [workspace.id, case_id, version, _utc(now), data],
            )
            known = {(e.type, e.at.isoformat()) for e in self._events(db, workspace, case_id)}
            for event in case.events:  # events that came with the case, each once
                if (event.type, event.at.isoformat()) not in known:
                    self._insert_event(db, workspace, case_id, event.type, event.at, now)
        return case_id

    def cases(self, workspace: Workspace) -> list[StoredCase]:
        """Every case of the workspace (latest version, with its events), oldest first."""
        with self._read() as db:
            versions = db.execute(
                "SELECT case_id, version, saved_at, data FROM case_versions WHERE workspace_id = ?",
                [workspace.id],
            ).fetchall()
            events = self._events(db, workspace, None)
        newest: dict[str, tuple[Any, ...]] = {}
        for row in versions:
            if row[0] not in newest or row[1] > newest[row[0]][1]:
                newest[row[0]] = row
        rows = sorted(newest.values(), key=lambda r: (r[2], r[0]))
        return [self._stored(row, events) for row in rows]

    def case(self, workspace: Workspace, case_id: str) -> StoredCase | None:
        with self._read() as db:
            row = self._latest_version(db, workspace, case_id)
            if row is None:
                return None
            events = self._events(db, workspace, case_id)
        return self._stored(row, events)

    def situations(self, workspace: Workspace) -> list[tuple[str, datetime, str]]:
        """(case id, saved at, situation) of every saved version, oldest first: a case's path
        (invited, scheduled, interviewed, ...)."""
        with self._read() as db:
            rows = db.execute(
                "SELECT case_id, version, saved_at, data FROM case_versions WHERE workspace_id = ?",
                [workspace.id],
            ).fetchall()
        found = []
        for case_id, _version, saved_at, data in sorted(rows, key=lambda r: (r[2], r[1])):
            fields = json.loads(data)
            situation = "cancel" if fields.get("cancel") else str(fields.get("stage"))
            found.append((case_id, saved_at.replace(tzinfo=UTC), situation))
        return found

    @staticmethod
    def _latest_version(db: Any, workspace: Workspace, case_id: str) -> tuple[Any, ...] | None:
        """(case_id, version, saved_at, data) of the newest version, or None."""
        rows = db.execute(
            "SELECT case_id, version, saved_at, data FROM case_versions WHERE workspace_id = ?",
            [workspace.id],
        ).fetchall()
        mine = [r for r in rows if r[0] == case_id]
        return max(mine, key=lambda r: r[1]) if mine else None

    @staticmethod
    def _stored(row: tuple[Any, ...], events: list[StoredEvent]) -> StoredCase:
        case_id, version, saved_at, data = row
        fields = json.loads(data)
        fields["events"] = [
            {"type": e.type, "at": e.at.isoformat()} for e in events if e.case_id == case_id
        ]
        case = Case.model_validate_json(json.dumps(fields))
        return StoredCase(case_id, version, saved_at.replace(tzinfo=UTC), case)

    # --- events ----------------------------------------------------------------------------
    def append_event(
        self,
        workspace: Workspace,
        case_id: str,
        event_type: EventType,
        at: datetime,
        now: datetime,
        event_id: str | None = None,
    ) -> str:
        """Record a step; returns only after the commit. Same `event_id` twice = once."""
        Event(type=event_type, at=at)  # the same validation as everywhere
        event_id = event_id or new_id()
        with self._lock:
            db = self._connection.cursor()
            try:
                cases = db.execute(
                    "SELECT DISTINCT case_id FROM case_versions WHERE workspace_id = ?",
                    [workspace.id],
                ).fetchall()
                if (case_id,) not in cases:
                    raise KeyError(case_id)  # no such case in this workspace
                db.execute(
                    "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
                    [workspace.id, event_id, case_id, event_type, at.isoformat(), _utc(now)],
                )
            except duckdb.ConstraintException:
                pass  # recorded before (an import, a retried click, a second tab)
            except duckdb.Error:
                raise HistoryError("history_write_failed") from None
            finally:
                db.close()
        return event_id

    @staticmethod
    def _insert_event(
        db: Any,
        workspace: Workspace,
        case_id: str,
        event_type: str,
        at: datetime,
        now: datetime,
    ) -> str:
        event_id = new_id()
        db.execute(
            "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
            [workspace.id, event_id, case_id, event_type, at.isoformat(), _utc(now)],
        )
        return event_id

    def events(self, workspace: Workspace, case_id: str | None = None) -> list[StoredEvent]:
        with self._read() as db:
            return self._events(db, workspace, case_id)

    @staticmethod
    def _events(db: Any, workspace: Workspace, case_id: str | None) -> list[StoredEvent]:
        # Sorted here, not in SQL: an ORDER BY costs DuckDB more than the lookup itself.
        rows = db.execute(
            "SELECT event_id, case_id, type, occurred_at FROM events WHERE workspace_id = ?",
            [workspace.id],
        ).fetchall()
        found = [
            (datetime.fromisoformat(r[3]), r[0], r[1], r[2])
            for r in rows
            if case_id is None or r[1] == case_id
        ]
        return [StoredEvent(e[1], e[2], e[3], e[0]) for e in sorted(found)]

    # --- drafts ----------------------------------------------------------------------------
    def record_draft(
        self,
        workspace: Workspace,
        case_id: str,
        draft: Draft,
        sent: bool,
        now: datetime,
        draft_id: str | None = None,
    ) -> str:
        """Keep what was drafted (and whether it was sent): template, tone, AI or not."""
        draft_id = draft_id or new_id()
        self._write_one(
            "INSERT INTO drafts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                workspace.id,
                draft_id,
                case_id,
                draft.action,
                draft.channel,
                draft.tone,
                draft.language,
                f"{draft.action}.{draft.language}.{draft.channel}.{draft.tone}",
                draft.source,
                draft.subject,
                draft.body,
                sent,
                _utc(now),
            ],
        )
        return draft_id

    def drafts(self, workspace: Workspace) -> list[dict[str, Any]]:
        with self._read() as db:
            cursor = db.execute(
                "SELECT draft_id, case_id, action, channel, tone, language, template, source,"
                " subject, body, sent, created_at FROM drafts WHERE workspace_id = ?"
                " ORDER BY created_at, draft_id",
                [workspace.id],
            )
            names = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
        return [dict(zip(names, row, strict=True)) for row in rows]
