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
from followup.reader import Facts, Kind, Proposal, checked, facts_of, propose, when

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
    reader's own value stands in if it has one, else the field is listed as not found."""
    written = normal(text)
    dropped: list[str] = []
    kept = Facts(kind=said.kind, via=own.via, ambiguous=own.ambiguous, format=said.format)
    for name in STRINGS:
        value = (getattr(said, name) or "").strip()
        if value and normal(value) and normal(value) in written:
            setattr(kept, name, value)
            continue
        setattr(kept, name, getattr(own, name))
        if value and getattr(own, name) is None:
            dropped.append(_field(name))
    kept.format = said.format or own.format
    kept.salutation = said.salutation if _honorific(said, text) else None
    if kept.contact_name != said.contact_name:
        kept.salutation = own.salutation
    days = {found.day for found in when.dates(text, now)}
    clocks = {found.clock for found in when.times(text)}
    start = _start(said, days, clocks, zone)
    kept.start = start or own.start
    if start is None and (said.start_date or said.start_time) and own.start is None:
        dropped.append("interview.start")
    promised = _day(said.reply_by)
    kept.reply_date = promised if promised is not None and promised in days else own.reply_date
    if said.reply_by and kept.reply_date is None:
        dropped.append("offer.answer_by" if said.kind == "offer" else "event.new_reply_by")
    return kept, dropped


def _start(said: Extracted, days: set[date | None], clocks: set[Any], zone: str) -> datetime | None:
    day = _day(said.start_date)
    if day is None or day not in days or not said.start_time:
        return None
    try:
        clock = datetime.strptime(said.start_time, "%H:%M").time()
    except ValueError:
        return None
    if clock not in clocks:
        return None
    return when.moment(day, clock, ZONES.get(said.zone or ""), zone)


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
