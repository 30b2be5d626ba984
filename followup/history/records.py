"""What the history hands out and takes in: its records (workspaces, stored cases, events,
unreadable rows, imports), its one family of errors, and the small checks of tokens, ids and
times that every write applies. No SQL here: `followup.history.store` runs it."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from followup.errors import CaseError, FollowupError
from followup.limits import storable
from followup.models import Case, Draft, EventType

TOKEN_BYTES = 24  # 192 bits, url-safe: the workspace's only key
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{32}$")
_ID_SHAPE = re.compile(r"^[A-Za-z0-9_.-]{1,80}$")
# A token the browser gives back for a restore: as long as the ones we make (192 bits).

log = logging.getLogger("followup.history")


# --- the error family ----------------------------------------------------------------------
class HistoryError(FollowupError):
    """The history refused a read or a write; nothing of the refused write was saved."""


class WorkspaceGone(HistoryError):
    """The workspace was deleted ("forget me", or the purge) while this tab still held it."""

    def __init__(self) -> None:
        super().__init__("workspace_gone")


class CaseNotFound(HistoryError):
    """No such case in this workspace (deleted, or never there)."""

    def __init__(self, case_id: str) -> None:
        super().__init__("case_not_found", "case_id")
        self.case_id = case_id


class HistoryFull(HistoryError):
    """A limit of `followup.limits` would be exceeded (`workspace_full`, `case_full`; for an
    import: `import_workspace_full`, `import_case_full`, `import_drafts_full`)."""


# --- what is stored --------------------------------------------------------------------------
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
    new_reply_by: date | None = None  # a reply's new date (Revision 3)


@dataclass(frozen=True)
class UnreadableCase:
    """A case whose stored rows cannot be read back: left out, kept as it is stored."""

    id: str
    version: int
    saved_at: datetime | None
    data: str  # the latest version's text, exactly as stored
    events: tuple[tuple[str, str, str], ...]  # (id, type, at) of its steps, as stored

    def raw_json(self) -> str:
        """The rows as they are stored, as JSON (for the person to keep)."""
        document = {
            "id": self.id,
            "version": self.version,
            "saved_at": self.saved_at.isoformat() if self.saved_at else None,
            "data": self.data,
            "events": [{"id": i, "type": t, "at": a} for i, t, a in self.events],
        }
        return json.dumps(document, ensure_ascii=False, indent=1)


@dataclass(frozen=True)
class Contents:
    """What a workspace holds: its readable cases (oldest first) and the ones left out."""

    cases: list[StoredCase] = field(default_factory=list)
    unreadable: list[UnreadableCase] = field(default_factory=list)


@dataclass(frozen=True)
class Incoming:
    """One case of an import, already validated: its id, fields, steps and drafts."""

    id: str
    case: Case
    # (id, type, at, new_reply_by)
    events: Sequence[tuple[str, EventType, datetime, date | None]] = ()
    drafts: Sequence[tuple[str, Draft, bool]] = ()  # (id, draft, sent)


@dataclass(frozen=True)
class Imported:
    """What an import did: cases in the file, and what was new."""

    cases: int
    new_cases: int
    new_versions: int
    new_events: int
    new_drafts: int

    def as_dict(self) -> dict[str, int]:
        return {
            "cases": self.cases,
            "new_cases": self.new_cases,
            "new_versions": self.new_versions,
            "new_events": self.new_events,
            "new_drafts": self.new_drafts,
        }


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """A workspace's key: 192 random bits, url-safe, never starting with "-" (which a command
    line would read as an option)."""
    while True:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        if not token.startswith("-"):
            return token


def new_id() -> str:
    return uuid.uuid4().hex


def valid_id(value: str) -> bool:
    return bool(_ID_SHAPE.match(value))


# A token of ours has 32 random characters of 64: fewer than this many distinct ones happens
# to none of them (p < 1e-20), and to every made-up one ("aaaa…", "abab…", "-ccc…").
MIN_DISTINCT = 12


def valid_token(token: str) -> bool:
    """A workspace token of the form this module makes: 32 url-safe characters, not opening
    with "-", random-looking (the page checks its links with it, and a browser's copy is
    adopted only under such a token)."""
    return (
        bool(_TOKEN_SHAPE.match(token))
        and not token.startswith("-")
        and len(set(token)) >= MIN_DISTINCT
    )


def _utc(moment: datetime) -> datetime:
    """Naive UTC, as the TIMESTAMP columns hold it."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def _aware(moment: datetime, tz: Any = UTC) -> datetime:
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment


def _order(moment: datetime) -> datetime:
    """A sort key for stored times, some of which (from older versions) may be naive."""
    return _aware(moment, UTC)


def _checked_step(at: datetime, field_name: str = "at") -> datetime:
    """An aware step time that can be stored: within the range in every zone."""
    at = _aware(at)
    if not storable(at):
        raise CaseError("date_out_of_range", field_name)
    return at


def _columns(rows: list[tuple[Any, ...]], width: int) -> list[list[Any]]:
    return [list(column) for column in zip(*rows, strict=True)] if rows else [[]] * width


# Column-wise bulk insert: one list parameter per column, unnested together (same length).
_BULK = {
    "case_versions": (
        "INSERT INTO case_versions SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]),"
        " unnest(?::INTEGER[]), unnest(?::TIMESTAMP[]), unnest(?::VARCHAR[])"
    ),
    "events": (
        "INSERT INTO events SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]),"
        " unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]),"
        " unnest(?::TIMESTAMP[]), unnest(?::VARCHAR[])"
    ),
    "drafts": (
        "INSERT INTO drafts SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]),"
        " unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]),"
        " unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]),"
        " unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]),"
        " unnest(?::BOOLEAN[]), unnest(?::TIMESTAMP[])"
    ),
}
_WIDTH = {"case_versions": 5, "events": 7, "drafts": 13}


def incoming_steps(
    item: Incoming, n: int
) -> tuple[list[tuple[str, str, str | None]], list[tuple[str, str, str, str | None]]]:
    """The steps of an incoming case, checked: (type, at, new_reply_by) inside the case, and
    (id, type, at, new_reply_by) listed beside it, with `at` as stored."""
    embedded: list[tuple[str, str, str | None]] = [
        (
            e.type,
            _checked_step(e.at, f"cases[{n}].case.events[{i}].at").isoformat(),
            e.new_reply_by.isoformat() if e.new_reply_by else None,
        )
        for i, e in enumerate(item.case.events)
    ]
    listed: list[tuple[str, str, str, str | None]] = []
    for i, (event_id, kind, at, said) in enumerate(item.events):
        if not valid_id(event_id):
            raise CaseError("invalid", f"cases[{n}].events[{i}].id")
        moment = _checked_step(at, f"cases[{n}].events[{i}].at")
        listed.append((event_id, kind, moment.isoformat(), said.isoformat() if said else None))
    return embedded, listed
