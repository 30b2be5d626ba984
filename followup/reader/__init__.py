"""What a company's message says, as a proposed change (issue 27; contract.md "Reading the
company's message"): a new application (an invitation) or a move of an existing one (confirmed,
a new time, a reschedule accepted or refused, a reply with or without a date, a next round, a
rejection, an offer). Deterministic: phrases and words from `followup/data/reader.toml`, dates
from `followup.reader.when`. Nothing is saved here: the person confirms or corrects first.

Only what the message says is proposed, as written; the facts the kind needs and the message
does not give are listed in `not_found`. A message that names two different times for the
interview, with no way to tell which, proposes neither.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from followup.errors import FollowupError
from followup.reader import facts, when

MAX_BYTES = 20_000  # a message is a few hundred bytes; an e-mail thread more, never 20 kB
Kind = Literal[
    "invitation",
    "confirmation",
    "new_time_proposed",
    "reschedule_accepted",
    "reschedule_declined",
    "reply_with_date",
    "reply",
    "next_round",
    "rejection",
    "offer",
    "unknown",
]
NEEDS: dict[str, tuple[str, ...]] = {  # the facts each kind is asked for
    "invitation": ("company", "position", "interview.start", "interview.format", "contact.name"),
    "new_time_proposed": ("interview.start",),
    "reschedule_accepted": ("interview.start",),
    "next_round": ("interview.start",),
    "reply_with_date": ("event.new_reply_by",),
    "offer": ("offer.answer_by",),
}


_CHANGE = re.compile(r"(?i)\b(?:menjadi|diganti ke|dipindah ke|ke hari|moved to|changed to|to)\b")


class MessageError(FollowupError):
    """The message cannot be read at all (empty, too long, not text): one sentence says why."""


class Proposal(BaseModel):
    kind: Kind
    case: dict[str, Any]
    event: dict[str, Any] | None
    not_found: list[str]
    source: Literal["reader", "llm"] = "reader"


def checked(raw: bytes | str) -> str:
    """The message as text, or `MessageError`: empty, over 20 kB, or not text."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            raise MessageError("message_too_long", limit=MAX_BYTES // 1000)
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise MessageError("message_unreadable") from None
    if len(raw.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise MessageError("message_too_long", limit=MAX_BYTES // 1000)
    if any(unicodedata.category(c) == "Cs" for c in raw):  # (a lone surrogate: not text)
        raise MessageError("message_unreadable")
    text = unicodedata.normalize("NFKC", raw).replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t")
    if controls > 2:
        raise MessageError("message_unreadable")
    # a stray control character, and the invisible ones (zero-width spaces and joiners, bidi
    # overrides) that would hide inside a number or turn a name around: gone before reading
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cf"))
    if not text.strip():
        raise MessageError("message_empty")
    return text


@dataclass
class Facts:
    """What a message says, field by field (`None`: not said); `propose` makes the proposal."""

    kind: str
    company: str | None = None
    position: str | None = None
    start: datetime | None = None
    ambiguous: bool = False  # two different times, neither proposed
    format: str | None = None
    location: str | None = None
    contact_name: str | None = None
    salutation: str | None = None
    reply_date: date | None = None  # the promised news (a reply), the answer-by (an offer)
    via: str = "whatsapp"


def read_message(
    raw: bytes | str,
    now: datetime,
    zone: str = "Asia/Jakarta",
    stage: str | None = None,
    case_start: datetime | None = None,
) -> Proposal:
    """Read the message against `now` (aware). `stage` and `case_start`: the application it
    is about, if any (its stage and its interview's start)."""
    text = checked(raw)
    local_now = now.astimezone(ZoneInfo(zone))
    return propose(facts_of(text, local_now, zone, stage, case_start), local_now)


def facts_of(
    text: str, now: datetime, zone: str, stage: str | None, case_start: datetime | None
) -> Facts:
    """The deterministic reading of a checked message (`now` in `zone`)."""
    kind = _kind(text, stage, now, case_start)
    found_dates = when.dates(text, now)
    events, deadlines = split_dates(text, found_dates)
    start, ambiguous = _start(text, events, when.times(text), zone, now, case_start, kind)
    deadline = deadlines[0].day if deadlines else None
    said = _interview_facts(text)
    who, salutation = facts.contact(text)
    return Facts(
        kind=kind,
        company=facts.company(text),
        position=facts.position(text),
        start=start,
        ambiguous=ambiguous,
        format=said.get("format"),
        location=said.get("location"),
        contact_name=who,
        salutation=salutation,
        reply_date=deadline or (events[0].day if events else None),
        via=facts.via(text),
    )


def propose(said: Facts, now: datetime, source: str = "reader") -> Proposal:
    """The proposal (contract.md) of what a message says: a new case, or a move's fields and
    step; the facts its kind needs and the message lacks, in `not_found`."""
    kind, stamp = said.kind, now.isoformat()
    case: dict[str, Any] = {}
    event: dict[str, Any] | None = None
    interview: dict[str, Any] = {"start": said.start.isoformat()} if said.start else {}
    interview |= {k: v for k, v in (("format", said.format), ("location", said.location)) if v}
    if kind == "invitation":
        case |= {"stage": "invited", "invited_at": stamp, "invited_via": said.via}
        if interview:
            case["interview"] = interview
    elif kind in ("new_time_proposed", "reschedule_accepted", "next_round", "confirmation"):
        if said.start:
            case["interview"] = interview
            if kind == "next_round":
                case["stage"] = "scheduled"
    if kind == "confirmation":
        event = {"type": "interview_confirmed", "at": stamp}
    elif kind == "reschedule_accepted":
        event = {"type": "reschedule_accepted", "at": stamp}
    elif kind == "reschedule_declined":
        event = {"type": "reschedule_declined", "at": stamp}
    elif kind in ("reply", "reply_with_date"):
        if kind == "reply_with_date" and said.reply_date is None:
            kind = "reply"
        event = {"type": "reply_received", "at": stamp}
        if kind == "reply_with_date" and said.reply_date is not None:
            event["new_reply_by"] = said.reply_date.isoformat()
    elif kind == "rejection":
        case |= {"stage": "rejected", "rejected_at": stamp}
    elif kind == "offer":
        offer = {"received_at": stamp, "answer_by": _iso(said.reply_date)}
        case |= {"stage": "offer", "offer": offer}
    if kind != "unknown":  # what the message says of the application (as written)
        named: dict[str, Any] = {
            k: v for k, v in (("company", said.company), ("position", said.position)) if v
        }
        if said.contact_name:
            salutation = {"salutation": said.salutation} if said.salutation else {}
            named["contact"] = {"name": said.contact_name} | salutation
        case = named | case
    missing = [need for need in NEEDS.get(kind, ()) if _lacks(need, case, event)]
    if said.ambiguous and "interview.start" not in missing and kind in NEEDS:
        missing.append("interview.start")
    return Proposal(
        kind=kind,
        case=case,
        event=event,
        not_found=missing,
        source=source,
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _lacks(need: str, case: dict[str, Any], event: dict[str, Any] | None) -> bool:
    where: Any = {"event": event or {}} | case
    for part in need.split("."):
        if not isinstance(where, dict) or where.get(part) in (None, ""):
            return True
        where = where[part]
    return False


_INTERVIEW = re.compile(r"(?i)\b(?:interview|wawancara|screening|psikotes)\b")
_INTERVIEW_WORD = re.compile(r"(?i)\b(?:interview|wawancara|jadwal|acara|tes|sesi)\b")
_MEETING_WORDS = re.compile(
    r"(?i)\b(?:interview|wawancara|tes|test|psikotes|screening|chat|call|telepon|ketemu|"
    r"bertemu|meet|meeting|datang|hadir)\b"
)


def _kind(text: str, stage: str | None, now: datetime, case_start: datetime | None) -> Kind:
    """What the message is: its phrases, in the data file's order; else, for a message with
    an interview word and a date, what it can only be given the application it is about."""
    if _not_ours(text):
        return "unknown"
    found: str | None = None
    for name in facts.data()["order"]:
        if facts.phrases(name).search(text):
            found = name
            break
    dated = bool(when.dates(text, now)) or bool(when.times(text))
    if found == "unknown_language":
        return "unknown"
    if facts.phrases("not_interview").search(text) and not _INTERVIEW.search(text):
        return "unknown"  # a webinar, a promotion, a parcel: not an interview
    if found in ("reply_with_date", "reply") and stage is None and dated:
        if facts.phrases("invitation").search(text):
            return "invitation"  # "confirm by tomorrow, or we take it you withdrew"
    if found in (None, "invitation", "confirmation") and stage in ("invited", "scheduled"):
        # a known interview: the same time is a confirmation, another is a new time
        if dated and _moves(text, now, case_start):
            return "new_time_proposed"
        return "confirmation" if (found or dated) else "unknown"
    if found in (None, "invitation") and stage == "interviewed" and dated:
        return "next_round"  # an invitation after the interview: the next round
    if found == "confirmation" and stage is None and dated:
        return "invitation"  # "see you on Thursday at 10": a first message, read as one
    if found is None:
        if stage is None and dated and _MEETING_WORDS.search(text):
            return "invitation"
        return "unknown"
    return found  # type: ignore[return-value]


def _moves(text: str, now: datetime, case_start: datetime | None) -> bool:
    """Whether the message names a day other than the known interview's."""
    if case_start is None:
        return True
    local = case_start.astimezone(now.tzinfo)
    other_day = any(d.day not in (None, local.date()) for d in when.dates(text, now))
    other_time = any(
        t.clock is not None and t.clock != local.time().replace(tzinfo=None)
        for t in when.times(text)
    )
    return other_day or other_time


def _not_ours(text: str) -> bool:
    """Another language altogether (more letters outside Latin than in it)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    return latin < len(letters) / 2


def split_dates(text: str, found: list[when.Found]) -> tuple[list[when.Found], list[when.Found]]:
    """The dates of events, and the deadlines ("paling lambat 4 Desember", "by Friday")."""
    deadline = facts.phrases("deadline")
    events: list[when.Found] = []
    deadlines: list[when.Found] = []
    for item in found:
        line_start = text.rfind("\n", 0, item.start) + 1
        before = text[max(line_start, item.start - 45) : item.start]
        words = list(deadline.finditer(before))
        said = words[-1] if words else None  # (the deadline word nearest the date)
        # "15 menit sebelum wawancara Kamis, 26 November": the date of the interview itself
        about_it = said is not None and _INTERVIEW_WORD.search(before[said.end() :])
        (deadlines if said is not None and not about_it else events).append(item)
    return events, deadlines


def _start(
    text: str,
    events: list[when.Found],
    found_times: list[when.Found],
    zone: str,
    now: datetime,
    case_start: datetime | None,
    kind: str,
) -> tuple[datetime | None, bool]:
    """The interview's start: each event date with the time said nearest after it on its line
    (or on the next lines, as in "Hari/Tanggal: ...\\nWaktu: ..."). (None, True) when two
    different moments remain."""
    moments: list[datetime] = []
    for n, item in enumerate(events):
        limit = events[n + 1].start if n + 1 < len(events) else len(text)
        after = [t for t in found_times if item.end <= t.start < min(limit, item.end + 160)]
        before = [t for t in found_times if item.start - 40 <= t.start < item.start]
        chosen = after[0] if after else (before[-1] if before else None)
        if chosen is None or item.day is None or chosen.clock is None:
            continue
        if chosen.zone == when.UNKNOWN:  # (a zone it cannot place: no time is better than a
            return None, True  # wrong one)
        day = item.day + (when.day_shift(now, chosen.zone) if item.relative else timedelta(0))
        moments.append(when.moment(day, chosen.clock, chosen.zone, zone))
    if not moments and found_times and kind in ("invitation", "new_time_proposed", "next_round"):
        # a time alone ("jam 2 siang nanti"): today's, or tomorrow's when it has passed
        chosen = found_times[0]
        if chosen.zone == when.UNKNOWN:
            return None, True
        if chosen.clock is not None and not when.mentions_date(text):  # (no date at all)
            day = now.date() + when.day_shift(now, chosen.zone)
            moment = when.moment(day, chosen.clock, chosen.zone, zone)
            if moment <= now:
                moment = when.moment(day + timedelta(days=1), chosen.clock, chosen.zone, zone)
            moments.append(moment)
    distinct = sorted(set(moments))
    if case_start is not None and len(distinct) > 1:
        distinct = [m for m in distinct if m != case_start] or distinct
    if len(distinct) > 1:
        later = _after_change_word(text, events, distinct, zone)
        if later is not None:
            return later, False
        return None, True
    return (distinct[0] if distinct else None), False


def _after_change_word(
    text: str, events: list[when.Found], moments: list[datetime], zone: str
) -> datetime | None:
    """ "diubah menjadi Jumat, 27 November pukul 14.00", "moved to ...": the moment after it."""
    change = _CHANGE.search(text)
    if change is None:
        return None
    later = [e for e in events if e.start > change.start() and e.day is not None]
    if not later:
        return None
    for moment in moments:
        if moment.date() == later[0].day:
            return moment
    return None


def _interview_facts(text: str) -> dict[str, Any]:
    said: dict[str, Any] = {}
    kind = facts.interview_format(text)
    if kind:
        said["format"] = kind
    where = facts.meeting_link(text) if kind == "video" else facts.place(text)
    if where:
        said["location"] = where
    return said
