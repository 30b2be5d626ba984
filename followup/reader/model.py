"""Reading a company's message with the AI model (issue 27), kept honest: the model fills the
same fields as the deterministic reader (structured output), and every fact it gives is kept
only if it is written in the message — a name, company, position or place found there
(normalised), a date and a time the message names. Whatever the model adds that the message
does not say is dropped, and the field is listed in `not_found` unless the deterministic
reader found it in the text. Anything going wrong with the service leaves the reader's answer.

The message goes to the model only when the person asked for it on that paste (the page's
switch, the CLI's `--llm`); it is not logged (the service's failures are logged by kind only).
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, ValidationError

from followup.paths import PROMPTS_DIR
from followup.reader import (
    Facts,
    Kind,
    Proposal,
    checked,
    facts,
    facts_of,
    propose,
    split_dates,
    when,
)

KINDS = (
    "invitation", "confirmation", "new_time_proposed", "reschedule_accepted",
    "reschedule_declined", "reply_with_date", "reply", "next_round", "rejection", "offer",
    "unknown",
)  # fmt: skip
STRINGS = ("company", "position", "location", "contact_name")
ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


class Extracted(BaseModel):
    """What the model must answer (its JSON schema is the response format)."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind
    company: str | None
    position: str | None
    start_date: str | None
    start_time: str | None
    zone: Literal["WIB", "WITA", "WIT"] | None
    format: Literal["in_person", "video", "phone"] | None
    location: str | None
    contact_name: str | None
    salutation: Literal["bapak", "ibu", "kak"] | None
    reply_by: str | None


def _nullable(kind: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [kind, {"type": "null"}]}


RESPONSE_FORMAT = {
    "type": "json_schema",
    "json_schema": {
        "name": "company_message",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {
                "kind": {"type": "string", "enum": list(KINDS)},
                **{name: _nullable({"type": "string"}) for name in (*STRINGS, "start_date")},
                "start_time": _nullable({"type": "string"}),
                "zone": _nullable({"type": "string", "enum": list(ZONES)}),
                "format": _nullable({"type": "string", "enum": ["in_person", "video", "phone"]}),
                "salutation": _nullable({"type": "string", "enum": ["bapak", "ibu", "kak"]}),
                "reply_by": _nullable({"type": "string"}),
            },
            "required": list(Extracted.model_fields),
            "additionalProperties": False,
        },
    },
}


def normal(value: str) -> str:
    value = unicodedata.normalize("NFKC", value).casefold()
    return re.sub(r"[\s.,;:()\-–—/]+", " ", value).strip()


def read_with_model(
    raw: bytes | str,
    now: datetime,
    config: Any,
    zone: str = "Asia/Jakarta",
    stage: str | None = None,
    case_start: datetime | None = None,
) -> Proposal:
    """The model's reading where the message bears it out, else the reader's (`source`
    says which was used: "llm" when the model answered)."""
    from followup import tone

    text = checked(raw)
    local_now = now.astimezone(ZoneInfo(zone))
    own = facts_of(text, local_now, zone, stage, case_start)
    client = tone.make_client(config)
    if client is None:
        return propose(own, local_now)
    application = {"stage": stage, "start": case_start.isoformat()} if case_start else None
    request = {"message": text, "now": local_now.isoformat(), "application": application}
    conversation = [
        {"role": "system", "content": (PROMPTS_DIR / "read_system.md").read_text("utf-8")},
        {"role": "user", "content": json.dumps(request, ensure_ascii=False)},
    ]
    deadline = time.monotonic() + tone.BUDGET_S
    answer, _, failure = tone.ask(
        client, config.model, conversation, deadline, config.timeout_s, RESPONSE_FORMAT
    )
    if failure is not None or answer is None:
        return propose(own, local_now)
    try:
        said = Extracted.model_validate_json(answer)
    except ValidationError:
        return propose(own, local_now)
    kept, dropped = _borne_out(said, text, local_now, zone, own)
    proposal = propose(kept, local_now, source="llm")
    for name in dropped:  # said by the model, not by the message
        if name not in proposal.not_found:
            proposal.not_found.append(name)
    return proposal


def _borne_out(
    said: Extracted, text: str, now: datetime, zone: str, own: Facts
) -> tuple[Facts, list[str]]:
    """The model's facts that the message states. One it does not state is dropped: the
    reader's own value stands in if it has one, else the field is listed as not found. The
    reader's own reading wins where both have one (the kind, the time): the model fills in
    what the reader could not find, never overrides it."""
    written = _words(text)
    dropped: list[str] = []
    kept = Facts(kind=_kind(said, own, text), via=own.via, ambiguous=own.ambiguous)
    for name in STRINGS:
        value = (getattr(said, name) or "").strip()
        mine = getattr(own, name)
        if mine is None and _stated(value, written) and not _greeted(name, value, text):
            setattr(kept, name, value)
            continue
        setattr(kept, name, mine)
        if value and mine is None:
            dropped.append(_field(name))
    kept.format = own.format or _format(said.format, text)
    kept.salutation = own.salutation
    if kept.contact_name and kept.contact_name != own.contact_name and _honorific(said, text):
        kept.salutation = said.salutation
    kept.start = own.start
    if own.start is None and not own.ambiguous:
        kept.start = _start(said, text, now, zone)
        if kept.start is None and (said.start_date or said.start_time):
            dropped.append("interview.start")
    kept.reply_date = own.reply_date
    promised = _day(said.reply_by)
    days = {found.day for found in when.dates(text, now)}
    if own.reply_date is None and promised is not None:
        if promised in days and promised >= now.date():
            kept.reply_date = promised
        else:
            dropped.append("offer.answer_by" if kept.kind == "offer" else "event.new_reply_by")
    return kept, dropped


_URL_OR_EMAIL = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\S+@\S+")


def _words(text: str) -> str:
    """The message's words, normalised, without its links and e-mail addresses (a name
    inside a URL or an address is not the message saying it)."""
    return f" {normal(_URL_OR_EMAIL.sub(' ', text))} "


def _stated(value: str, written: str) -> bool:
    """`value` is written in the message, as whole words (at least two letters)."""
    wanted = normal(value)
    return sum(c.isalpha() for c in wanted) >= 2 and f" {wanted} " in written


def _greeted(name: str, value: str, text: str) -> bool:
    """A contact named only in the greeting is the candidate ("Halo Kak Rina")."""
    if name != "contact_name":
        return False
    rows = [row for row in text.splitlines() if normal(value) in normal(row)]
    return bool(rows) and all(facts.phrases("greeting").match(row.strip()) for row in rows)


def _kind(said: Extracted, own: Facts, text: str) -> str:
    """The reader's kind when it found one; the model's only for a message about an
    interview that the reader could not place."""
    if own.kind != "unknown" or said.kind == "unknown":
        return own.kind
    if facts.phrases("not_interview").search(text) or not _MEETING.search(text):
        return "unknown"
    return said.kind


_MEETING = re.compile(
    r"(?i)\b(?:interview|wawancara|tes|psikotes|screening|lamaran|application|kandidat|"
    r"candidate|posisi|position|offer|penawaran)\b"
)


def _format(value: str | None, text: str) -> str | None:
    """The model's format, where the message has its words (a link, "telepon", a place)."""
    if value == "video" and (facts.meeting_link(text) or facts.phrases("video").search(text)):
        return value
    if value == "phone" and facts.phrases("phone").search(text):
        return value
    if value == "in_person" and (facts.phrases("in_person").search(text) or facts.place(text)):
        return value
    return None


def _start(said: Extracted, text: str, now: datetime, zone: str) -> datetime | None:
    """The model's date and time, when the message names that date (not as a deadline) and
    that time after it; in the zone the message says for that time, not the model's."""
    day = _day(said.start_date)
    if day is None or not said.start_time:
        return None
    try:
        clock = datetime.strptime(said.start_time, "%H:%M").time()
    except ValueError:
        return None
    events, _ = split_dates(text, when.dates(text, now))
    dated = [found for found in events if found.day == day]
    if not dated:
        return None
    times = [t for t in when.times(text) if t.clock == clock and t.start >= dated[0].end]
    if not times or times[0].zone == when.UNKNOWN:
        return None
    return when.moment(day, clock, times[0].zone, zone)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _honorific(said: Extracted, text: str) -> bool:
    words = {"bapak": r"bapak|pak|bpk", "ibu": r"ibu|bu", "kak": r"kak|ka|mbak|mas"}
    if said.salutation is None or said.contact_name is None:
        return False
    first = re.escape(said.contact_name.split()[0])
    pattern = rf"(?i)\b(?:{words[said.salutation]})\.?\s+{first}"
    return re.search(pattern, text) is not None


def _field(name: str) -> str:
    return {"contact_name": "contact.name", "location": "interview.location"}.get(name, name)
