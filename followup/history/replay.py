"""What the local file kept while the shared history was away, copied into it when it is back.

When MotherDuck or PostgreSQL cannot be reached, the page runs on the server's local file
(`followup.history.database`). Every workspace written there meanwhile is merged into the
shared history once it answers again, by the token's hash (never the token, which no store
keeps): a workspace the shared history lacks is created under the same hash, so its owner's
link works there; steps and drafts come in by id (twice = once), a case's fields written
locally become its newest version (they are newer than the shared history's, which could not
be written). A "forget me" done locally is done there too, and a workspace forgotten there
is never brought back.

Not carried over (said in docs/history.md): an application deleted locally stays in the
shared history, since a merge only adds; a case edited both here and, by another replica,
there ends with this server's fields as its newest version (both versions are kept).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from followup.history.exports import export_json, read_export
from followup.history.records import HistoryError, Workspace
from followup.history.store import History, new_id


@dataclass(frozen=True)
class Replayed:
    workspaces: int = 0  # merged into the shared history
    created: int = 0  # of them, new there (the link now works there)
    forgotten: int = 0  # "forget me" carried over
    skipped: int = 0  # forgotten there already, or refused by its limits (kept locally)
    # what was merged, as it was then: (workspace id, its fingerprint); tombstones carried
    merged: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    tombstones: tuple[str, ...] = ()


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


_FINGERPRINTS = """
    SELECT w.id, w.token_hash,
        (SELECT count(*) FROM case_versions v WHERE v.workspace_id = w.id),
        (SELECT count(*) FROM events e WHERE e.workspace_id = w.id),
        (SELECT count(*) FROM drafts d WHERE d.workspace_id = w.id),
        (SELECT count(*) FROM drafts d WHERE d.workspace_id = w.id AND d.sent)
    FROM workspaces w ORDER BY w.id
"""


def _fingerprints(history: History) -> dict[str, tuple[Any, ...]]:
    """Each workspace's token hash and row counts: what changes with any write to it."""
    with history._read() as db:  # noqa: SLF001 - a package-internal read of the raw rows
        return {str(row[0]): tuple(row[1:]) for row in db.execute(_FINGERPRINTS).fetchall()}


def replay(source: History, target: History, now: datetime) -> Replayed:
    """Merge every workspace of `source` into `target`, and carry its tombstones. (`source` is
    the local file, which holds only what was not merged yet: `settle` empties it after.)"""
    prints = _fingerprints(source)
    with source._read() as db:  # noqa: SLF001
        gone = [str(row[0]) for row in db.execute("SELECT token_hash FROM forgotten").fetchall()]
    created = forgotten = skipped = 0
    merged: list[tuple[str, tuple[Any, ...]]] = []
    for hashed in gone:
        forgotten += _forget(target, hashed, now)
    for workspace_id, fingerprint in prints.items():
        incoming = read_export(export_json(source, Workspace(workspace_id), now))
        try:
            there, new = _adopt(target, str(fingerprint[0]), now)
            if there is None:
                skipped += 1
                continue
            # the local fields are the newer ones: the shared history could not be written
            target.import_cases(there, incoming, now)
        except HistoryError:  # its limits there: it stays, whole, in the local file
            skipped += 1
            continue
        merged.append((workspace_id, fingerprint))
        created += new
    return Replayed(len(merged), created, forgotten, skipped, tuple(merged), tuple(gone))


def settle(source: History, replayed: Replayed, now: datetime) -> int:
    """Empty the local file of what `replayed` merged and was not written to since (a write
    that came in meanwhile keeps its workspace there, for the next merge). A later outage then
    starts from the browser's copy and the shared history, never from an old local state.
    Returns how many workspaces went."""
    prints = _fingerprints(source)
    removed = 0
    for workspace_id, fingerprint in replayed.merged:
        if prints.get(workspace_id) == fingerprint:
            source.forget(Workspace(workspace_id), now, tombstone=False)
            removed += 1
    with source._write() as db:  # noqa: SLF001
        for hashed in replayed.tombstones:
            db.execute("DELETE FROM forgotten WHERE token_hash = ?", [hashed])
    return removed


def _adopt(target: History, hashed: str, now: datetime) -> tuple[Workspace | None, bool]:
    """The target's workspace of this token hash, created if it has none; None if the
    token was forgotten there."""
    stamp = _utc(now)
    with target._write() as db:  # noqa: SLF001 - one transaction: look, then create
        if db.execute("SELECT 1 FROM forgotten WHERE token_hash = ?", [hashed]).fetchone():
            return None, False
        row: Any = db.execute("SELECT id FROM workspaces WHERE token_hash = ?", [hashed]).fetchone()
        if row is not None:
            return Workspace(str(row[0])), False
        workspace = Workspace(new_id())
        db.execute(
            "INSERT INTO workspaces VALUES (?, ?, ?, ?)", [workspace.id, hashed, stamp, stamp]
        )
    return workspace, True


def _forget(target: History, hashed: str, now: datetime) -> int:
    with target._read() as db:  # noqa: SLF001
        row = db.execute("SELECT id FROM workspaces WHERE token_hash = ?", [hashed]).fetchone()
    if row is not None:
        target.forget(Workspace(str(row[0])), now)
        return 1
    with target._write() as db:  # noqa: SLF001 - the tombstone alone: never restored there
        db.execute(
            "INSERT INTO forgotten VALUES (?, ?) ON CONFLICT DO NOTHING", [hashed, _utc(now)]
        )
    return 0
