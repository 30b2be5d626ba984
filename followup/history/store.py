"""The history: the only code that touches DuckDB.

One connection per process, a cursor per operation, each write in its own transaction (the
hot ones a single statement): a step is confirmed (the method returns) only after its commit.
Writes to one workspace are serialised by its lock; writes to different workspaces run side by
side (DuckDB's own concurrency), so a crowd does not queue behind one lock. Every
query is scoped to one workspace, reached through its secret token; no method lists
workspaces. History is append-only: a case is saved as versions, its steps are events.

- **Forget is final.** Every write checks, inside its own transaction, that its workspace
  still exists (`WorkspaceGone` otherwise): a second tab cannot write into a workspace that
  "forget me" deleted, and the purge at start-up removes any row without a workspace.
- **Nothing stored can fail to load.** What is written went through the models (the same
  ranges as the form, the import and the command line) and is checked once more here: a case
  is re-read from exactly the text that is stored, a recorded step must lie within the range
  in every timezone, and the limits of `followup.limits` hold. Reading never raises past this
  module for a bad row: a case that cannot be read (a row written by something else, or by an
  older version) is left out of `read().cases` and listed in `read().unreadable`, with its
  stored text, so the page can offer it as raw JSON and delete it.
- **One family of errors**: every error of this module is a `HistoryError` (a
  `FollowupError`: a key and one sentence in the user's language), caught at the page's edge.
- **Imports in bulk**: `import_cases` merges a whole export in one transaction, with one
  column-wise insert per table (DuckDB binds each column as one list parameter and unnests
  it: 28,000 steps in about 0.2 s, where a statement per row took minutes).

**Reads are remembered** (`remember=True`, the page's history on a local file or in memory):
`read` and `exists` keep their last answer per workspace with that workspace's write count,
and every write (committed or not) counts, after it ends. An answer is therefore never older
than the count it is kept under; a rerun that changed nothing costs no query. Only this
process writes a local DuckDB file (DuckDB locks it), so nothing else can make an answer stale;
a history shared by several processes (MotherDuck) does not remember. What `read` hands out
is shared by every session of the workspace: callers read it and never change it (a case is
changed by saving a new version).

**Writes add to what is remembered** (`followup.history.contents`): the hot writes (a new
workspace, a case's version, a step, a sent draft) find the workspace's rows remembered under
its lock, so they know the case and its room without the counting subqueries (which cost DuckDB
three times the insert), and keep the rows after the write (as DuckDB stored them: RETURNING)
under the next count: the page's reads after a click cost no query. A write that finds nothing
remembered asks DuckDB, as before. The cases a write did not touch stay the same objects, so
what `read` hands out must not be changed by anyone (a test drives the page and compares what
is remembered with a fresh read).

Every query filters on `workspace_id` alone, which DuckDB answers from an index; narrower
filters (a case of the workspace) are applied here, on the workspace's rows, or as an
aggregate's `FILTER`, which keeps the index. A `WHERE` on two columns makes DuckDB scan every
workspace's rows (40 ms at 100,000 workspaces).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import duckdb
from pydantic import ValidationError

from followup.errors import InvalidCase
from followup.history.contents import (
    DRAFT_COLUMNS,
    Before,
    Rows,
    draft_row,
    latest,
    ordered_drafts,
    stored_case,
)
from followup.history.kept import Kept, Landed, Stripes
from followup.history.migrations import migrate
from followup.history.records import (  # noqa: F401 - re-exported
    _BULK,
    _ID_SHAPE,
    _TOKEN_SHAPE,
    _WIDTH,
    TOKEN_BYTES,
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
    _aware,
    _checked_step,
    _columns,
    _order,
    _utc,
    incoming_steps,
    log,
    new_id,
    new_token,
    token_hash,
    valid_id,
    valid_token,
)
from followup.limits import MAX_CASES, MAX_DRAFTS, MAX_EVENTS
from followup.models import Case, Draft, Event, EventType

# The hot inserts: the row goes in only if its workspace is still there (selected from the
# workspace's own row, which DuckDB plans faster than an EXISTS: about 0.25 ms a write); the
# room checks are added when the workspace's rows are not remembered (DuckDB's counts cost
# three inserts), and the row comes back as DuckDB stored it (for what is remembered).
_VERSION_INSERT = "INSERT INTO case_versions SELECT id, ?, ?, ?, ? FROM workspaces WHERE id = ?"
_VERSION_ROOM = (
    " AND (? OR (SELECT count(DISTINCT case_id) FROM case_versions WHERE workspace_id = ?) < ?)"
)
_VERSION_ROW = " RETURNING case_id, version, saved_at, data"
_EVENT_INSERT = "INSERT INTO events SELECT id, ?, ?, ?, ?, ?, ? FROM workspaces WHERE id = ?"
_EVENT_ROOM = (
    " AND (SELECT count(*) FILTER (WHERE case_id = ?) FROM case_versions"
    " WHERE workspace_id = ?) > 0"
    " AND (SELECT count(*) FILTER (WHERE case_id = ?) FROM events WHERE workspace_id = ?) < ?"
)
_EVENT_ROW = " RETURNING event_id, case_id, type, occurred_at, new_reply_by"


def _duplicate(error: BaseException) -> bool:
    """A key broken (a row recorded before): DuckDB's `ConstraintException`, or PostgreSQL's
    unique violation (SQLSTATE 23505), which DuckDB's postgres extension raises as a plain
    `duckdb.Error` with PostgreSQL's message."""
    if isinstance(error, duckdb.ConstraintException):
        return True
    return isinstance(error, duckdb.Error) and "violates unique constraint" in str(error)


class History:
    """The workspace-scoped history on one DuckDB connection."""

    def __init__(
        self,
        connection: Any,
        *,
        remember: bool = False,
        catalog: str | None = None,
        returning: bool = True,
    ) -> None:
        self._connection = connection
        # An attached database (PostgreSQL through DuckDB) that every cursor works in (a cursor
        # does not inherit its connection's USE), and whether an insert may answer its row
        # (RETURNING): DuckDB's PostgreSQL extension takes none on an insert.
        self._use = f"USE {catalog}" if catalog else None
        self._returning = returning
        self._stripes = Stripes()  # the order of writes, per workspace
        self._remember = remember
        self._memory = Kept()  # what `remember` keeps, and the write counts it is kept under
        with self._stripes.locked(every=True):
            migrate(connection)

    # --- plumbing --------------------------------------------------------------------------
    def _cursor(self) -> Any:
        cursor = self._connection.cursor()
        if self._use is not None:
            cursor.execute(self._use)
        return cursor

    def _one(
        self, db: Any, sql: str, returning: str, params: list[Any], row: tuple[Any, ...]
    ) -> Any:
        """The row an insert or update of one row wrote, or None when its checks let nothing
        through: answered by the database (RETURNING), or, where it cannot answer one, by the
        count of rows written and the row given (what went in, as given)."""
        if self._returning:
            return db.execute(sql + returning, params).fetchone()
        counted = db.execute(sql, params).fetchone()
        return row if counted and counted[0] else None

    @contextmanager
    def _read(self) -> Iterator[Any]:
        try:
            cursor = self._cursor()
        except duckdb.Error:
            raise HistoryError("history_read_failed") from None
        try:
            yield cursor
        except duckdb.Error:
            raise HistoryError("history_read_failed") from None
        finally:
            cursor.close()

    @contextmanager
    def _write(
        self,
        workspace: Workspace | None = None,
        *,
        duplicate_ok: bool = False,
        of: Workspace | None = None,
        every: bool = False,
    ) -> Iterator[Any]:
        """One transaction under its workspace's lock. With `workspace`: first checks, inside
        the same transaction, that it still exists (`WorkspaceGone`). `duplicate_ok`: a row
        recorded before (a key broken) is no error; the transaction is rolled back, nothing
        changes. `of`: the workspace whose lock is taken, when it is not checked (forget);
        `every`: every lock (the purge)."""
        scope = workspace or of
        with (
            self._stripes.locked(scope.id if scope else None, every=every),
            self._ends_write(workspace) as landed,
        ):
            try:
                cursor = self._cursor()
                cursor.execute("BEGIN TRANSACTION")
            except duckdb.Error:
                raise HistoryError("history_write_failed") from None
            try:
                if workspace is not None:
                    row = cursor.execute(
                        "SELECT count(*) FROM workspaces WHERE id = ?", [workspace.id]
                    ).fetchone()
                    if not row or not row[0]:
                        raise WorkspaceGone()
                yield cursor
                cursor.execute("COMMIT")
                landed.there = workspace is not None
            except BaseException as error:
                try:
                    cursor.execute("ROLLBACK")
                except duckdb.Error:
                    pass  # the transaction is gone already; nothing of it was committed
                if duplicate_ok and _duplicate(error):
                    return  # recorded before (an import, a retried click, a second tab)
                if isinstance(error, duckdb.Error):
                    raise HistoryError("history_write_failed") from None
                raise
            finally:
                cursor.close()

    @contextmanager
    def _statement(self, workspace: Workspace | None = None) -> Iterator[tuple[Any, Landed]]:
        """A write of one statement (DuckDB commits each statement on its own) under its
        workspace's lock.
        Under a crowd every statement waits for Python's interpreter lock once more, while
        this lock is held: the hot writes (a new workspace, a case's new version, a step, a
        sent draft) are one statement each, where a transaction of BEGIN, a check, the write
        and COMMIT kept every other writer waiting four times as long."""
        with (
            self._stripes.locked(workspace.id if workspace else None),
            self._ends_write(workspace) as landed,
        ):
            try:
                cursor = self._cursor()
            except duckdb.Error:
                raise HistoryError("history_write_failed") from None
            try:
                yield cursor, landed
            except duckdb.ConstraintException:
                raise
            except duckdb.Error as error:
                if _duplicate(error):  # (PostgreSQL's, passed on as a plain error)
                    raise duckdb.ConstraintException("duplicate key") from None
                raise HistoryError("history_write_failed") from None
            finally:
                cursor.close()

    def close(self) -> None:
        self._connection.close()

    # --- workspaces ------------------------------------------------------------------------
    def create_workspace(self, now: datetime, token: str | None = None) -> tuple[Workspace, str]:
        """A new workspace and its token (shown once; only its hash is stored). `token`: bring
        back a workspace under the link its owner already has (a restore from the browser's
        copy); it must look like one of ours."""
        if token is None:
            token = new_token()
        elif not valid_token(token):  # the form the server makes, random-looking
            raise HistoryError("token_invalid")
        elif self.was_forgotten(token):  # "forget me" was meant for every copy (issue 25)
            raise HistoryError("workspace_gone")
        workspace = Workspace(new_id())
        count = self._memory.count(workspace.id)
        try:
            with self._statement() as (db, _):
                db.execute(
                    "INSERT INTO workspaces VALUES (?, ?, ?, ?)",
                    [workspace.id, token_hash(token), _utc(now), _utc(now)],
                )
        except duckdb.ConstraintException:
            raise HistoryError("history_write_failed") from None  # (a token in use already)
        if self._remember:  # a new id holds nothing yet: its first save needs no read
            self._memory.keep("read", workspace.id, count, Rows.of((), ()))
            self._memory.keep("drafts", workspace.id, count, ())
        return workspace, token

    def was_forgotten(self, token: str) -> bool:
        """`token`'s workspace was deleted with "forget me": no copy may bring it back."""
        with self._read() as db:
            row = db.execute(
                "SELECT 1 FROM forgotten WHERE token_hash = ?", [token_hash(token)]
            ).fetchone()
        return row is not None

    def open_workspace(self, token: str, now: datetime) -> Workspace | None:
        """The workspace of `token`, or None (unknown, forgotten, or not a token at all)."""
        if not _TOKEN_SHAPE.match(token or ""):
            return None
        with self._read() as db:
            row = db.execute(
                "SELECT id FROM workspaces WHERE token_hash = ?", [token_hash(token)]
            ).fetchone()
        if row is None:
            return None
        workspace = Workspace(row[0])
        with self._statement(workspace) as (db, landed):
            touched = self._one(
                db,
                "UPDATE workspaces SET last_seen = ? WHERE id = ?",
                " RETURNING id",
                [_utc(now), workspace.id],
                (workspace.id,),
            )
            landed.there = touched is not None
        return workspace if touched is not None else None  # (forgotten in between)

    @contextmanager
    def _ends_write(self, workspace: Workspace | None, every: bool = False) -> Iterator[Landed]:
        """Around a write: when it ends, however it ends, its workspace's kept answers (all
        of them with `every`) are out of date; a write that found its workspace says so
        (`landed.there`), which the next `exists` answers without a query."""
        landed = Landed()
        try:
            yield landed
        finally:
            if every:
                self._memory.wrote(None)
            elif workspace is not None:
                self._memory.wrote(workspace.id, landed.there)

    def exists(self, workspace: Workspace) -> bool:
        """Whether the workspace is still there (another tab may have forgotten it)."""
        count = self._memory.count(workspace.id)  # taken before the query: the answer is no older
        if self._remember:
            kept = self._memory.recall("exists", workspace.id, count)
            if kept is not None:
                return bool(kept)
        found = self._exists_now(workspace)
        if self._remember:
            self._memory.keep("exists", workspace.id, count, found)
        return found

    def forget(
        self, workspace: Workspace, now: datetime | None = None, *, tombstone: bool = True
    ) -> None:
        """Delete the workspace and everything in it, leaving only its token's hash as a
        tombstone (no browser copy may restore it under that link again); `tombstone=False`
        for a restore that did not succeed (the copy may be tried again)."""
        moment = _utc(now or datetime.now(UTC))
        with self._ends_write(None, every=True), self._write(of=workspace) as db:
            if tombstone:
                db.execute(
                    "INSERT INTO forgotten SELECT token_hash, ? FROM workspaces WHERE id = ?"
                    " ON CONFLICT DO NOTHING",
                    [moment, workspace.id],
                )
            for table in ("drafts", "events", "case_versions"):
                db.execute(f"DELETE FROM {table} WHERE workspace_id = ?", [workspace.id])  # noqa: S608
            db.execute("DELETE FROM workspaces WHERE id = ?", [workspace.id])

    def purge_inactive(self, now: datetime, days: int) -> int:
        """Delete workspaces unseen for `days` days with all their rows, and any row whose
        workspace is gone (an orphan); returns how many workspaces went."""
        cutoff = _utc(now - timedelta(days=days))
        with self._ends_write(None, every=True), self._write(every=True) as db:
            row = db.execute(
                "SELECT count(*) FROM workspaces WHERE last_seen < ?", [cutoff]
            ).fetchone()
            db.execute("DELETE FROM workspaces WHERE last_seen < ?", [cutoff])
            for table in ("drafts", "events", "case_versions"):
                db.execute(
                    f"DELETE FROM {table} WHERE workspace_id NOT IN (SELECT id FROM workspaces)"  # noqa: S608
                )
        return int(row[0]) if row else 0

    # --- cases -----------------------------------------------------------------------------
    def save_case(
        self, workspace: Workspace, case: Case, now: datetime, case_id: str | None = None
    ) -> str:
        """Save `case` (its fields; events are recorded separately) as a new version."""
        fresh = case_id is None  # a new id has no versions yet: nothing to read
        case_id = case_id or new_id()
        if not valid_id(case_id):
            raise CaseNotFound(case_id)
        data = self._storable_data(case)
        steps = [
            (e.type, _checked_step(e.at, f"events[{i}].at"), e.new_reply_by)
            for i, e in enumerate(case.events)
        ]
        if not steps:
            self._save_fields(workspace, case_id, data, now, fresh)
            return case_id
        with self._write(workspace) as db:
            rows = self._versions(db, workspace)
            row = latest(rows, case_id)
            if row is None and len({r[0] for r in rows}) >= MAX_CASES:
                raise HistoryFull("workspace_full", limit=MAX_CASES)
            if row is None or row[3] != data:
                version = 1 if row is None else row[1] + 1
                db.execute(
                    "INSERT INTO case_versions VALUES (?, ?, ?, ?, ?)",
                    [workspace.id, case_id, version, _utc(now), data],
                )
            if steps:  # events that came with the case, each once
                recorded = [r for r in self._event_rows(db, workspace) if r[1] == case_id]
                known = {(r[2], r[3]) for r in recorded}
                new = [s for s in steps if (s[0], s[1].isoformat()) not in known]
                if len(recorded) + len(new) > MAX_EVENTS:
                    raise HistoryFull("case_full", limit=MAX_EVENTS)
                for kind, at, said in new:
                    reply_date = said.isoformat() if said is not None else None
                    db.execute(
                        "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [workspace.id, new_id(), case_id, kind, at.isoformat(), _utc(now)]
                        + [reply_date],
                    )
        return case_id

    def _save_fields(
        self, workspace: Workspace, case_id: str, data: str, now: datetime, fresh: bool = False
    ) -> None:
        """A case's fields as its next version, in one statement: the versions are read under
        the lock (no other write can come between; none for a `fresh` id, which has none), and
        the row goes in only if the workspace is still there and has room for a new case.
        With the workspace's rows remembered, the versions and the room are known without a
        query, and the rows after the write are remembered in turn."""
        with self._statement(workspace) as (db, landed):
            before = self._before(workspace)
            kept = before.rows
            if fresh:
                row = None
            elif kept is not None:
                row = kept.latest(case_id)
            else:
                row = latest(self._versions(db, workspace), case_id)
            if row is not None and row[3] == data:
                return  # nothing changed: no new version
            version = 1 if row is None else row[1] + 1
            params: list[Any] = [case_id, version, _utc(now), data, workspace.id]
            checks = ""  # the room is known from the remembered rows, else DuckDB counts
            if kept is None or (row is None and kept.case_count() >= MAX_CASES):
                checks = _VERSION_ROOM
                params += [row is not None, workspace.id, MAX_CASES]
            try:
                written = self._one(
                    db, _VERSION_INSERT + checks, _VERSION_ROW, params, tuple(params[:4])
                )
            except duckdb.Error as error:
                if _duplicate(error):  # (another writer took the version first)
                    raise HistoryError("history_write_failed") from None
                raise
            landed.there = written is not None
        if written is None:  # nothing written: say why
            if not self._exists_now(workspace):
                raise WorkspaceGone()
            raise HistoryFull("workspace_full", limit=MAX_CASES)
        if kept is not None:  # (the row as DuckDB stored it)
            self._wrote_through(workspace, before, kept.with_version(tuple(written)))

    def _exists_now(self, workspace: Workspace) -> bool:
        with self._read() as db:
            row = db.execute(
                "SELECT count(*) FROM workspaces WHERE id = ?", [workspace.id]
            ).fetchone()
        return bool(row and row[0])

    @staticmethod
    def _storable_data(case: Case) -> str:
        """The case's fields as stored, after checking that exactly this text reads back."""
        data = case.model_dump_json(exclude={"events"})
        try:
            Case.model_validate_json(data)
        except ValidationError as exc:
            raise InvalidCase(exc) from None
        return data

    def read(self, workspace: Workspace) -> Contents:
        """Every case of the workspace (latest version with its events, oldest first); a case
        that cannot be read is left out and listed in `unreadable`."""
        contents = self._rows(workspace).contents
        return Contents(list(contents.cases), list(contents.unreadable))  # the caller's own lists

    def _rows(self, workspace: Workspace) -> Rows:
        """The workspace's rows and contents: remembered, else read (and remembered)."""
        if not self._remember:
            return self._read_rows(workspace)
        count = self._memory.count(workspace.id)  # taken before the query: the answer is no older
        kept: Rows | None = self._memory.recall("read", workspace.id, count)
        if kept is None:
            kept = self._read_rows(workspace)
            self._memory.keep("read", workspace.id, count, kept)
        return kept

    def _read_rows(self, workspace: Workspace) -> Rows:
        with self._read() as db:
            versions = self._versions(db, workspace)
            event_rows = self._event_rows(db, workspace)
        return Rows.of(versions, event_rows)

    def _before(self, workspace: Workspace) -> Before:
        """The write count and what is remembered at it (nothing when not remembering).
        Asked under the workspace's lock, by a write: no other write of it can come between,
        and only this process writes (see the module's docstring)."""
        count = self._memory.count(workspace.id)
        if not self._remember:
            return Before(count, None, None)
        rows: Rows | None = self._memory.recall("read", workspace.id, count)
        drafts: tuple[dict[str, Any], ...] | None = self._memory.recall(
            "drafts", workspace.id, count
        )
        return Before(count, rows, drafts)

    def _wrote_through(
        self,
        workspace: Workspace,
        before: Before,
        rows: Rows | None = None,
        drafts: tuple[dict[str, Any], ...] | None = None,
    ) -> None:
        """After this process's one write to the workspace since `before`: what it holds now
        (`rows`, `drafts`; by default what it held), kept only if no other write ended
        meanwhile."""
        after = (before.count[0], before.count[1] + 1)
        rows = rows if rows is not None else before.rows
        drafts = drafts if drafts is not None else before.drafts
        if rows is not None:
            self._memory.keep("read", workspace.id, after, rows)
        if drafts is not None:
            self._memory.keep("drafts", workspace.id, after, drafts)

    def cases(self, workspace: Workspace) -> list[StoredCase]:
        """Every readable case of the workspace (see `read`), oldest first."""
        return self.read(workspace).cases

    def case(self, workspace: Workspace, case_id: str) -> StoredCase | None:
        """The case, or None (not in this workspace, or it cannot be read)."""
        if self._remember:  # the whole workspace, remembered for the reads that follow
            return next((c for c in self._rows(workspace).contents.cases if c.id == case_id), None)
        with self._read() as db:
            row = latest(self._versions(db, workspace), case_id)
            if row is None:
                return None
            steps = [r for r in self._event_rows(db, workspace) if r[1] == case_id]
        stored = stored_case(row, steps)
        return stored if isinstance(stored, StoredCase) else None

    def delete_case(self, workspace: Workspace, case_id: str) -> None:
        """Delete one case with its steps and drafts (an unreadable one, for example)."""
        with self._write(workspace) as db:
            for table in ("drafts", "events", "case_versions"):
                db.execute(
                    f"DELETE FROM {table} WHERE workspace_id = ? AND case_id = ?",  # noqa: S608
                    [workspace.id, case_id],
                )

    def situations(self, workspace: Workspace) -> list[tuple[str, datetime, str]]:
        """(case id, saved at, situation) of every saved version, oldest first: a case's path
        (invited, scheduled, interviewed, ...). A version that cannot be read is left out."""
        with self._read() as db:
            rows = self._versions(db, workspace)
        found = []
        for case_id, _version, saved_at, data in sorted(rows, key=lambda r: (_order(r[2]), r[1])):
            try:
                fields = json.loads(data)
                situation = "cancel" if fields.get("cancel") else str(fields.get("stage"))
            except (ValueError, TypeError, AttributeError, RecursionError):
                continue
            found.append((case_id, _aware(saved_at), situation))
        return found

    @staticmethod
    def _versions(db: Any, workspace: Workspace) -> list[tuple[Any, ...]]:
        """(case_id, version, saved_at, data) of every version of the workspace."""
        rows: list[tuple[Any, ...]] = db.execute(
            "SELECT case_id, version, saved_at, data FROM case_versions WHERE workspace_id = ?",
            [workspace.id],
        ).fetchall()
        return rows

    # --- events ----------------------------------------------------------------------------
    def append_event(
        self,
        workspace: Workspace,
        case_id: str,
        event_type: EventType,
        at: datetime,
        now: datetime,
        event_id: str | None = None,
        new_reply_by: date | None = None,
    ) -> str:
        """Record a step; returns only after the commit. Same `event_id` twice = once.
        `new_reply_by`: the date a reply from the company gave (Revision 3).
        A naive `at` is read as UTC. Raises `WorkspaceGone`, `CaseNotFound`, `HistoryFull`
        (`case_full`) or `CaseError` (`date_out_of_range`), never anything else."""
        try:
            Event(type=event_type, at=at, new_reply_by=new_reply_by)  # validated as everywhere
        except ValidationError as exc:
            raise InvalidCase(exc) from None
        at = _checked_step(at)
        event_id = event_id or new_id()
        # One statement, so one transaction (DuckDB spends about a millisecond a statement):
        # the row goes in only if the workspace is still there, the case is in it and it has
        # room; a key broken means the step was recorded before (a retried click, a 2nd tab).
        # With the workspace's rows remembered, the case and its room are known without the
        # two counts (which cost DuckDB three times the insert), and the rows after the write
        # are remembered in turn (`_EVENT_ROOM`).
        reply_date = new_reply_by.isoformat() if new_reply_by is not None else None
        row_values = [event_id, case_id, event_type, at.isoformat(), _utc(now), reply_date]
        params: list[Any] = [*row_values, workspace.id]
        with self._stripes.locked(workspace.id), self._ends_write(workspace) as landed:
            before = self._before(workspace)
            kept = before.rows
            checks = ""  # the case and its room are known from the remembered rows
            if kept is None or kept.latest(case_id) is None or kept.steps_of(case_id) >= MAX_EVENTS:
                checks = _EVENT_ROOM  # else DuckDB counts
                params += [case_id, workspace.id, case_id, workspace.id, MAX_EVENTS]
            try:
                db = self._cursor()
            except duckdb.Error:
                raise HistoryError("history_write_failed") from None
            try:
                row = self._one(
                    db,
                    _EVENT_INSERT + checks,
                    _EVENT_ROW,
                    params,
                    tuple(row_values[:4]) + (reply_date,),
                )
                landed.there = row is not None
            except duckdb.Error as error:
                if _duplicate(error):
                    return event_id
                raise HistoryError("history_write_failed") from None
            finally:
                db.close()
        if row is None:  # nothing written: say why
            if not self.exists(workspace):
                raise WorkspaceGone()
            if not self._has_case(workspace, case_id):
                raise CaseNotFound(case_id)  # no such case in this workspace
            raise HistoryFull("case_full", limit=MAX_EVENTS)
        if kept is not None:  # (the row as DuckDB stored it)
            self._wrote_through(workspace, before, kept.with_event(tuple(row)))
        return event_id

    def _has_case(self, workspace: Workspace, case_id: str) -> bool:
        with self._read() as db:
            return latest(self._versions(db, workspace), case_id) is not None

    def events(self, workspace: Workspace, case_id: str | None = None) -> list[StoredEvent]:
        """The recorded steps (of one case), oldest first; a step that cannot be read is left
        out (its case is then listed as unreadable by `read`)."""
        if self._remember:
            rows: Sequence[tuple[Any, ...]] = self._rows(workspace).events
        else:
            with self._read() as db:
                rows = self._event_rows(db, workspace)
        found = []
        for event_id, of_case, kind, at, reply_date in rows:
            if case_id is not None and of_case != case_id:
                continue
            try:
                moment = datetime.fromisoformat(at)
                said = date.fromisoformat(reply_date) if reply_date else None
            except (TypeError, ValueError):
                continue
            found.append((_order(moment), event_id, of_case, kind, moment, said))
        # Sorted here, not in SQL: an ORDER BY costs DuckDB more than the lookup itself.
        return [
            StoredEvent(e[1], e[2], e[3], e[4], e[5]) for e in sorted(found, key=lambda e: e[:3])
        ]

    @staticmethod
    def _event_rows(db: Any, workspace: Workspace) -> list[tuple[Any, ...]]:
        """(event_id, case_id, type, occurred_at, new_reply_by) of every step of the
        workspace."""
        rows: list[tuple[Any, ...]] = db.execute(
            "SELECT event_id, case_id, type, occurred_at, new_reply_by FROM events"
            " WHERE workspace_id = ?",
            [workspace.id],
        ).fetchall()
        return rows

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
        row = draft_row(workspace, case_id, draft_id, draft, sent, now)
        try:
            with self._statement(workspace) as (db, landed):
                before = self._before(workspace)  # (a draft changes none of the case rows)
                written = self._one(
                    db,
                    "INSERT INTO drafts SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
                    " FROM workspaces WHERE id = ?",
                    " RETURNING draft_id, case_id, action, channel, tone, language, template,"
                    " source, subject, body, sent, created_at",  # (DRAFT_COLUMNS)
                    [*row[1:], workspace.id],  # (the workspace's id is its row's)
                    tuple(row[1:]),
                )
                landed.there = written is not None
        except duckdb.ConstraintException:
            return draft_id  # recorded before (a retried click, a second tab)
        if written is None:
            raise WorkspaceGone()
        drafts = None
        if before.drafts is not None:
            stored = dict(zip(DRAFT_COLUMNS, written, strict=True))  # as DuckDB stored it
            drafts = ordered_drafts([*before.drafts, stored])
        self._wrote_through(workspace, before, drafts=drafts)
        return draft_id

    def drafts(self, workspace: Workspace) -> list[dict[str, Any]]:
        """Every kept draft of the workspace (a dict per row), oldest first."""
        if not self._remember:
            return [dict(d) for d in self._read_drafts(workspace)]
        count = self._memory.count(workspace.id)  # taken before the query: the answer is no older
        kept: tuple[dict[str, Any], ...] | None = self._memory.recall("drafts", workspace.id, count)
        if kept is None:
            kept = self._read_drafts(workspace)
            self._memory.keep("drafts", workspace.id, count, kept)
        return [dict(d) for d in kept]  # the caller's own dicts

    def _read_drafts(self, workspace: Workspace) -> tuple[dict[str, Any], ...]:
        with self._read() as db:
            rows = db.execute(
                f"SELECT {', '.join(DRAFT_COLUMNS)} FROM drafts WHERE workspace_id = ?",  # noqa: S608
                [workspace.id],
            ).fetchall()
        return ordered_drafts([dict(zip(DRAFT_COLUMNS, row, strict=True)) for row in rows])

    # --- imports ---------------------------------------------------------------------------
    def import_cases(
        self,
        workspace: Workspace,
        incoming: Sequence[Incoming],
        now: datetime,
        *,
        keep_known: bool = False,
    ) -> Imported:
        """Merge validated cases into the workspace in one transaction: a new version where a
        case's fields differ, the steps and drafts whose ids are new. Twice = once. The limits
        of `followup.limits` hold for the result, or nothing is written (`HistoryFull`).
        `keep_known`: a case the workspace has keeps its fields (a browser's copy may be older
        than the server); only its new steps and drafts come in."""
        prepared = [
            (item, self._storable_data(item.case), incoming_steps(item, n))
            for n, item in enumerate(incoming)
        ]
        stamp = _utc(now)
        with self._write(workspace) as db:
            latest: dict[str, tuple[int, str]] = {}
            for case_id, version, _saved_at, data in self._versions(db, workspace):
                if case_id not in latest or version > latest[case_id][0]:
                    latest[case_id] = (version, data)
            recorded = self._event_rows(db, workspace)
            event_ids = {r[0] for r in recorded}
            owners = {r[0]: r[1] for r in recorded}  # a step's id -> its application
            pairs = {(r[1], r[2], r[3]) for r in recorded}
            per_case = Counter(r[1] for r in recorded)
            rows = db.execute(
                "SELECT draft_id, case_id FROM drafts WHERE workspace_id = ?", [workspace.id]
            ).fetchall()
            draft_ids = {r[0] for r in rows}
            draft_owners = {r[0]: r[1] for r in rows}
            drafts_per_case = Counter(r[1] for r in rows)
            new_cases = {item.id for item in incoming} - set(latest)
            if len(latest) + len(new_cases) > MAX_CASES:
                raise HistoryFull("import_workspace_full", limit=MAX_CASES)
            versions: list[tuple[Any, ...]] = []
            events: list[tuple[Any, ...]] = []
            drafts: list[tuple[Any, ...]] = []
            for item, data, (embedded, steps) in prepared:
                before = latest.get(item.id)
                if before is None or (before[1] != data and not keep_known):
                    version = 1 if before is None else before[0] + 1
                    versions.append((workspace.id, item.id, version, stamp, data))
                    latest[item.id] = (version, data)
                for kind, at, said in embedded:  # steps inside the case itself: each once
                    if (item.id, kind, at) not in pairs:
                        pairs.add((item.id, kind, at))
                        events.append((workspace.id, new_id(), item.id, kind, at, stamp, said))
                        per_case[item.id] += 1
                for event_id, kind, at, said in steps:
                    if owners.setdefault(event_id, item.id) != item.id:
                        # the same id on two applications: said, never dropped in silence
                        raise HistoryError("import_id_in_use", value=event_id)
                    if event_id not in event_ids:
                        event_ids.add(event_id)
                        pairs.add((item.id, kind, at))
                        events.append((workspace.id, event_id, item.id, kind, at, stamp, said))
                        per_case[item.id] += 1
                if per_case[item.id] > MAX_EVENTS:
                    raise HistoryFull("import_case_full", limit=MAX_EVENTS)
                for draft_id, draft, sent in item.drafts:
                    if draft_owners.setdefault(draft_id, item.id) != item.id:
                        raise HistoryError("import_id_in_use", value=draft_id)
                    if draft_id not in draft_ids:
                        draft_ids.add(draft_id)
                        row = draft_row(workspace, item.id, draft_id, draft, sent, now)
                        drafts.append(tuple(row))
                        drafts_per_case[item.id] += 1
                if drafts_per_case[item.id] > MAX_DRAFTS:
                    raise HistoryFull("import_drafts_full", limit=MAX_DRAFTS)
            for table, table_rows in (
                ("case_versions", versions),
                ("events", events),
                ("drafts", drafts),
            ):
                if table_rows:
                    db.execute(_BULK[table], _columns(table_rows, _WIDTH[table]))
        return Imported(len(incoming), len(new_cases), len(versions), len(events), len(drafts))


__all__ = [  # the records and checks live in `followup.history.records`; importers use either
    "TOKEN_BYTES",
    "CaseNotFound",
    "Contents",
    "History",
    "HistoryError",
    "HistoryFull",
    "Imported",
    "Incoming",
    "StoredCase",
    "StoredEvent",
    "UnreadableCase",
    "Workspace",
    "WorkspaceGone",
    "new_id",
    "new_token",
    "token_hash",
    "valid_id",
    "valid_token",
]
