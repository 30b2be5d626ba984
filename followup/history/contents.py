"""A workspace's contents built from its rows: what `History.read` answers.

The rows are kept with the contents they built (`Rows`), so that a write of this process can be
added to what is remembered (`with_version`, `with_event`) instead of reading the workspace
again after every click: the same function (`build`) makes the contents from the rows either
way, and only the case the write touched is built again; the others are the same objects.

Also the drafts' rows: their columns, a row made from a draft, their order.

A row is what DuckDB hands back: a version is (case_id, version, saved_at, data) with saved_at
a naive UTC timestamp, a step is (event_id, case_id, type, occurred_at) with occurred_at the
ISO text written; a row added after a write is made of the same values the write stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from followup.history.records import (
    Contents,
    StoredCase,
    UnreadableCase,
    Workspace,
    _aware,
    _order,
    _utc,
    log,
)
from followup.models import Case, Draft

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Rows:
    """Every version and step row of one workspace, and the contents they make."""

    versions: tuple[Row, ...]
    events: tuple[Row, ...]
    contents: Contents

    @classmethod
    def of(cls, versions: Iterable[Row], events: Iterable[Row]) -> Rows:
        versions, events = tuple(versions), tuple(events)
        return cls(versions, events, build(versions, events))

    def case_count(self) -> int:
        """How many cases the workspace holds (readable or not): one per case id."""
        return len(self.contents.cases) + len(self.contents.unreadable)

    def latest(self, case_id: str) -> Row | None:
        return latest(self.versions, case_id)

    def steps_of(self, case_id: str) -> int:
        return sum(1 for row in self.events if row[1] == case_id)

    def with_version(self, row: Row) -> Rows:
        """The rows after this version was written (the other cases are not built again)."""
        versions = (*self.versions, row)
        return Rows(versions, self.events, build(versions, self.events, self.contents, row[0]))

    def with_event(self, row: Row) -> Rows:
        """The rows after this step was written (the other cases are not built again)."""
        events = (*self.events, row)
        return Rows(self.versions, events, build(self.versions, events, self.contents, row[1]))


@dataclass(frozen=True)
class Before:
    """What is remembered of a workspace when a write of it starts (under its lock): its
    write count, and its rows and drafts at that count (None: not remembered)."""

    count: tuple[int, int]
    rows: Rows | None
    drafts: tuple[dict[str, Any], ...] | None


def latest(rows: Iterable[Row], case_id: str) -> Row | None:
    """The newest version row of a case, or None."""
    mine = [r for r in rows if r[0] == case_id]
    return max(mine, key=lambda r: r[1]) if mine else None


def build(
    versions: Iterable[Row],
    events: Iterable[Row],
    before: Contents | None = None,
    changed: str | None = None,
) -> Contents:
    """The readable cases (latest version with its steps, oldest first) and the unreadable
    ones. With `before` (the contents of the same rows but `changed`'s): every other case is
    taken from it as it is."""
    newest: dict[str, Row] = {}
    for row in versions:
        if row[0] not in newest or row[1] > newest[row[0]][1]:
            newest[row[0]] = row
    steps: dict[str, list[Row]] = {}
    for row in events:
        steps.setdefault(row[1], []).append(row)
    kept: dict[str, StoredCase | UnreadableCase] = {}
    if before is not None:
        every: list[StoredCase | UnreadableCase] = [*before.cases, *before.unreadable]
        kept = {c.id: c for c in every if c.id != changed}
    contents = Contents()
    for row in sorted(newest.values(), key=lambda r: (_order(r[2]), r[0])):
        stored = kept.get(row[0])
        if stored is None:
            stored = stored_case(row, steps.get(row[0], []))
        if isinstance(stored, StoredCase):
            contents.cases.append(stored)
        else:
            contents.unreadable.append(stored)
    return contents


def stored_case(row: Row, steps: list[Row]) -> StoredCase | UnreadableCase:
    """The case of a version row and its step rows, or the rows as an UnreadableCase."""
    case_id, version, saved_at, data = row
    try:
        fields = json.loads(data)
        if not isinstance(fields, dict):
            raise ValueError("not the fields of a case")
        ordered = sorted(
            (_order(datetime.fromisoformat(at)), event_id, kind, at, said)
            for event_id, _case_id, kind, at, said in steps
        )
        fields["events"] = [
            {"type": kind, "at": at} | ({"new_reply_by": said} if said else {})
            for _, _, kind, at, said in ordered
        ]
        case = Case.model_validate_json(json.dumps(fields))
        return StoredCase(case_id, version, _aware(saved_at), case)
    except Exception as exc:  # anything at all: the page must come up without it
        log.warning("case %s cannot be read: %s", case_id, type(exc).__name__)
        return UnreadableCase(
            str(case_id),
            int(version),
            _aware(saved_at) if isinstance(saved_at, datetime) else None,
            str(data),
            tuple((str(i), str(t), str(a)) for i, _c, t, a, *_ in steps),
        )


DRAFT_COLUMNS = (
    "draft_id",
    "case_id",
    "action",
    "channel",
    "tone",
    "language",
    "template",
    "source",
    "subject",
    "body",
    "sent",
    "created_at",
)


def draft_row(
    workspace: Workspace, case_id: str, draft_id: str, draft: Draft, sent: bool, now: datetime
) -> list[Any]:
    """A row of the drafts table (the workspace's id first, then DRAFT_COLUMNS)."""
    return [
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
    ]


def ordered_drafts(drafts: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
    """Oldest first (sorted here, not in SQL: an ORDER BY costs DuckDB more than the lookup)."""
    return tuple(sorted(drafts, key=lambda d: (d["created_at"], d["draft_id"])))
