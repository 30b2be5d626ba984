"""The user's copy of their history: JSON (complete, re-importable), CSV and `.ics`.

JSON is the durable copy (Streamlit Community Cloud's disk is wiped on redeploy): versioned,
validated on import with the same models as everything else, merged idempotently (importing
twice changes nothing the second time). CSV is for spreadsheets and safe against formula
injection. The calendar holds the next planned steps with stable UIDs, so importing it again
updates the events instead of duplicating them.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from followup.errors import CaseError, FollowupError, InvalidCase
from followup.history.store import History, Workspace, valid_id
from followup.i18n import language, text
from followup.models import Case, Draft, EventType

FORMAT = "followup-history"
VERSION = 1
MAX_IMPORT_BYTES = 2_000_000
MAX_CASES = 1000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ExportedEvent(_Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,80}$")
    type: EventType
    at: datetime


class ExportedDraft(_Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,80}$")
    draft: Draft
    sent: bool


class ExportedCase(_Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,80}$")
    case: Case
    events: list[ExportedEvent] = Field(default_factory=list, max_length=500)
    drafts: list[ExportedDraft] = Field(default_factory=list, max_length=500)


class ExportFile(_Strict):
    format: Literal["followup-history"]
    version: int
    exported_at: datetime
    cases: list[ExportedCase] = Field(max_length=MAX_CASES)


def export_json(history: History, workspace: Workspace, now: datetime) -> str:
    drafts = history.drafts(workspace)
    cases = []
    for stored in history.cases(workspace):
        events = history.events(workspace, stored.id)
        cases.append(
            {
                "id": stored.id,
                "case": json.loads(stored.case.model_dump_json(exclude={"events"})),
                "events": [{"id": e.id, "type": e.type, "at": e.at.isoformat()} for e in events],
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
                    for d in drafts
                    if d["case_id"] == stored.id
                ],
            }
        )
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(),
        "cases": cases,
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


class ImportRefused(FollowupError):
    """The file cannot be imported (one sentence says why)."""


def import_json(history: History, workspace: Workspace, raw: bytes | str, now: datetime) -> int:
    """Merge an export into `workspace`; returns how many cases it holds. Twice = once."""
    size = len(raw.encode() if isinstance(raw, str) else raw)
    if size > MAX_IMPORT_BYTES:
        raise ImportRefused("import_too_large", limit=MAX_IMPORT_BYTES // 1_000_000)
    try:
        head = json.loads(raw)
    except (ValueError, RecursionError):
        raise ImportRefused("import_not_json") from None
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise ImportRefused("import_not_ours")
    if head.get("version") != VERSION:
        raise ImportRefused("import_wrong_version", version=str(head.get("version")))
    try:
        document = ExportFile.model_validate_json(raw)
    except ValidationError as exc:
        raise InvalidCase(exc) from None
    for item in document.cases:
        case_id = item.id if valid_id(item.id) else None
        saved = history.save_case(workspace, item.case, now, case_id)
        for event in item.events:
            history.append_event(workspace, saved, event.type, event.at, now, event.id)
        for kept in item.drafts:
            history.record_draft(workspace, saved, kept.draft, kept.sent, now, kept.id)
    return len(document.cases)


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
    for stored in history.cases(workspace):
        case = stored.case
        start = case.interview.start.isoformat() if case.interview else ""
        base = [stored.id, case.company, case.position, case.stage, start]
        events = history.events(workspace, stored.id)
        rows = [[*base, e.type, e.at.isoformat()] for e in events] or [[*base, "", ""]]
        for row in rows:
            writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


# --- calendar ------------------------------------------------------------------------------
def export_ics(history: History, workspace: Workspace, now: datetime, lang: str) -> bytes:
    """The upcoming interviews and planned steps of every case, as an iCalendar file."""
    from icalendar import Alarm, Calendar, Event

    from followup.rules import evaluate

    lang = language(lang)
    calendar = Calendar()
    calendar.add("prodid", "-//followup//followup//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", text(lang, "ics", "calendar_name"))
    for stored in history.cases(workspace):
        case = stored.case
        try:
            plan = evaluate(case, now, lang=lang)
        except CaseError:
            continue  # a case that contradicts the clock has no plan to put in a calendar
        items = []
        if case.interview is not None and case.interview.start > now:
            title = text(lang, "ics", "interview", company=case.company)
            items.append(("interview", title, case.interview.start, case.interview.end, ""))
        for rec in plan.actions:
            moment = rec.not_before if rec.status == "wait" else rec.deadline
            if rec.status not in ("now", "wait") or moment is None or moment <= now:
                continue
            key = "starts" if rec.status == "wait" else "deadline"
            title = text(
                lang, "ics", key, action=text(lang, "action", rec.action), company=case.company
            )
            items.append((rec.action, title, moment, moment + timedelta(minutes=30), rec.reason))
        for suffix, title, start, end, description in items:
            event = Event()
            event.add("uid", f"{stored.id}.{suffix}@followup")  # stable: re-import updates
            event.add("dtstamp", now)
            event.add("summary", title)
            event.add("dtstart", start)
            event.add("dtend", end)
            if description:
                event.add("description", description)
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", title)
            alarm.add("trigger", timedelta(hours=-1))
            event.add_component(alarm)
            calendar.add_component(event)
    return bytes(calendar.to_ical())
