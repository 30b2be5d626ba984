"""The user's copy of their history: JSON (complete, re-importable) and CSV. (The calendar
file is the Desk's: `followup.desk.calendar`, from the plans the page shows.)

JSON is the durable copy (Streamlit Community Cloud's disk is wiped on redeploy): versioned,
validated on import with the same models and ranges as everything else, merged idempotently
(importing twice changes nothing the second time) in one transaction: a file is imported
whole or not at all. Its limits (size, applications, steps per application) are those of
`followup.limits`, each refused with its own sentence. CSV is for spreadsheets and safe
against formula injection.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from followup.errors import InvalidCase
from followup.history.store import (
    History,
    HistoryError,
    Imported,
    Incoming,
    StoredEvent,
    Workspace,
)
from followup.i18n import language, text
from followup.limits import (
    EARLIEST,
    LATEST,
    MAX_CASES,
    MAX_DRAFTS,
    MAX_EVENTS,
    MAX_IMPORT_BYTES,
    Moment,
)
from followup.models import Case, Draft, EventType

FORMAT = "followup-history"
VERSION = 1
_CASE_ID = r"^[A-Za-z0-9_.-]{1,80}$"
_STEP_ID = r"^[A-Za-z0-9_.-]{1,200}$"  # a step's id is its case's id and the step's name


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ExportedEvent(_Strict):
    id: str = Field(pattern=_STEP_ID)
    type: EventType
    at: Moment
    new_reply_by: date | None = None  # a reply's new date (Revision 3)


class ExportedDraft(_Strict):
    id: str = Field(pattern=_STEP_ID)
    draft: Draft
    sent: bool


class ExportedCase(_Strict):
    id: str = Field(pattern=_CASE_ID)
    case: Case
    events: list[ExportedEvent] = Field(default_factory=list, max_length=MAX_EVENTS)
    drafts: list[ExportedDraft] = Field(default_factory=list, max_length=MAX_DRAFTS)

    @model_validator(mode="after")
    def _steps_in_the_case_zone(self) -> ExportedCase:
        """A step's time as the case reads it: a naive time in the case's zone, every time
        within the range there too (as `Case` does with the steps it holds)."""
        zone = self.case.tz
        for i, event in enumerate(self.events):
            at = event.at
            event.at = at.replace(tzinfo=zone) if at.tzinfo is None else at.astimezone(zone)
            if not EARLIEST <= event.at.date() < LATEST:
                raise PydanticCustomError(
                    "date_out_of_range", "date out of range", {"field": f"events[{i}].at"}
                )
        return self


class ExportFile(_Strict):
    format: Literal["followup-history"]
    version: int
    exported_at: Moment
    cases: list[ExportedCase] = Field(max_length=MAX_CASES)


def _by_case(events: list[StoredEvent]) -> dict[str, list[StoredEvent]]:
    found: dict[str, list[StoredEvent]] = {}
    for event in events:
        found.setdefault(event.case_id, []).append(event)
    return found


def export_json(history: History, workspace: Workspace, now: datetime) -> str:
    """Every readable case of the workspace with its steps and drafts (a case that cannot be
    read is offered on its own, as stored, by the History page)."""
    drafts: dict[str, list[dict[str, Any]]] = {}
    for kept in history.drafts(workspace):
        drafts.setdefault(kept["case_id"], []).append(kept)
    steps = _by_case(history.events(workspace))
    cases = []
    for stored in history.cases(workspace):
        cases.append(
            {
                "id": stored.id,
                "case": json.loads(stored.case.model_dump_json(exclude={"events"})),
                "events": [
                    {"id": e.id, "type": e.type, "at": e.at.isoformat()}
                    | ({"new_reply_by": e.new_reply_by.isoformat()} if e.new_reply_by else {})
                    for e in steps.get(stored.id, [])
                ],
                "drafts": [
                    {
                        "id": d["draft_id"],
                        "sent": d["sent"],
                        "draft": {
                            "action": d["action"],
                            "channel": d["channel"],
                            "language": d["language"],
                            "tone": d["tone"],
                            "subject": d["subject"],
                            "body": d["body"],
                            "source": d["source"],
                        },
                    }
                    for d in drafts.get(stored.id, [])
                ],
            }
        )
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(),
        "cases": cases,
    }
    # compact: the largest workspace allowed stays well inside the import limit (issue 25)
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


class ImportRefused(HistoryError):
    """The file cannot be imported (one sentence says why); nothing of it was written."""


def read_export(raw: bytes | str) -> list[Incoming]:
    """The cases of an export file, checked: the limits first (each with its own sentence),
    then the models. Raises `ImportRefused` or `CaseError`; never anything else."""
    if isinstance(raw, str):  # (a text with lone surrogates becomes bytes that are not UTF-8)
        raw = raw.encode("utf-8", errors="surrogatepass")
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportRefused("import_too_large", limit=MAX_IMPORT_BYTES // 1_000_000)
    raw = _as_utf8(raw)
    try:
        head = json.loads(raw)
    except (ValueError, RecursionError):
        raise ImportRefused("import_not_json") from None
    where = _bad_text(head)
    if where is not None:  # a lone surrogate ("\ud800"): no text can hold it
        raise ImportRefused("import_bad_text", where)
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise ImportRefused("import_not_ours")
    if head.get("version") != VERSION:
        shown = head.get("version")
        shown = str(shown)[:20] if isinstance(shown, int | float | str) else "?"
        raise ImportRefused("import_wrong_version", version=shown)
    _check_limits(head)
    try:
        document = ExportFile.model_validate_json(raw)
    except ValidationError as exc:
        raise InvalidCase(exc) from None
    seen: set[str] = set()
    for item in document.cases:
        if item.id in seen:
            raise ImportRefused("import_duplicate_id", value=item.id)
        seen.add(item.id)
    return [
        Incoming(
            item.id,
            item.case,
            [(e.id, e.type, e.at, e.new_reply_by) for e in item.events],
            [(d.id, d.draft, d.sent) for d in item.drafts],
        )
        for item in document.cases
    ]


def _as_utf8(raw: bytes) -> bytes:
    """The file as UTF-8 without a byte-order mark, whatever editor saved it (a BOM, UTF-16 or
    UTF-32 from a Windows program): the same history, not a refusal."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:]
    encoding = json.detect_encoding(raw)
    if encoding in ("utf-8", "utf-8-sig"):
        return raw
    try:
        return raw.decode(encoding).lstrip("\ufeff").encode("utf-8", errors="surrogatepass")
    except (UnicodeDecodeError, LookupError):
        return raw  # (the parser names it: not JSON)


def _bad_text(value: Any, path: str = "") -> str | None:
    """The path of the first text holding a lone surrogate, else None."""
    if isinstance(value, str):
        return path or "?" if any("\ud800" <= ch <= "\udfff" for ch in value) else None
    if isinstance(value, dict):
        for key, inner in value.items():
            found = _bad_text(inner, f"{path}.{key}" if path else str(key))
            if found is not None:
                return found
    if isinstance(value, list):
        for n, inner in enumerate(value):
            found = _bad_text(inner, f"{path}[{n}]")
            if found is not None:
                return found
    return None


def _check_limits(head: dict[str, Any]) -> None:
    """The limits, before the models look at the file: one sentence each."""
    cases = head.get("cases")
    if not isinstance(cases, list):
        return  # the models name the problem
    if len(cases) > MAX_CASES:
        raise ImportRefused("import_too_many_cases", count=len(cases), limit=MAX_CASES)
    for n, item in enumerate(cases):
        if not isinstance(item, dict):
            continue
        for key, limit, sentence in (
            ("events", MAX_EVENTS, "import_too_many_events"),
            ("drafts", MAX_DRAFTS, "import_too_many_drafts"),
        ):
            listed = item.get(key)
            if isinstance(listed, list) and len(listed) > limit:
                raise ImportRefused(sentence, f"cases[{n}]", count=len(listed), limit=limit)


def import_export(
    history: History, workspace: Workspace, raw: bytes | str, now: datetime
) -> Imported:
    """Merge an export into `workspace`, whole or not at all. Twice = once."""
    return history.import_cases(workspace, read_export(raw), now)


def import_json(history: History, workspace: Workspace, raw: bytes | str, now: datetime) -> int:
    """Merge an export into `workspace`; returns how many cases it holds. Twice = once."""
    return import_export(history, workspace, raw, now).cases


# --- CSV -----------------------------------------------------------------------------------
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ (or tab/CR) is neutralised."""
    cell = "" if value is None else str(value)
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def export_csv(history: History, workspace: Workspace, lang: str) -> str:
    """One row per recorded step (and one per case without any), for spreadsheets."""
    lang = language(lang)
    header = [
        text(lang, "csv", key)
        for key in ("case", "company", "position", "stage", "interview", "step", "at")
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    steps = _by_case(history.events(workspace))
    for stored in history.cases(workspace):
        case = stored.case
        start = case.interview.start.isoformat() if case.interview else ""
        base = [stored.id, case.company, case.position, case.stage, start]
        rows = [[*base, e.type, e.at.isoformat()] for e in steps.get(stored.id, [])]
        for row in rows or [[*base, "", ""]]:
            writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
