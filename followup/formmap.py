"""The one mapping between a stored case and the page's case form, both ways.

The form shows a case as widget values (dates, times, texts, choices); `case_to_form` turns a
case into those values and `form_to_case` turns them back into the case JSON. Opening a stored
case and saving it unchanged gives the identical case — times to the microsecond, slots,
events and the fields the form does not show — because:

- every field the form does not own is carried over from the stored case (`Form.base`);
- a time the form shows to the minute is given back exactly as stored while its date and time
  are unchanged (`Form.exact`);
- recorded steps are never re-entered: a step the case already has is shown, not editable
  (`Form.recorded`), and only new declarations become events.

Pure: no Streamlit, no clock (callers pass `now`), so the page, the tests and the application
layer share it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Literal, get_args

from followup.models import (
    CancelReason,
    Case,
    Contact,
    DeclineReason,
    EventType,
    InterviewFormat,
    InterviewKind,
    InvitedVia,
    OfferDecision,
    Salutation,
)

Situation = Literal["invited", "scheduled", "cancel", "interviewed", "rejected", "offer"]
SITUATIONS: tuple[Situation, ...] = get_args(Situation)
# the models' choices, the default first
KINDS: tuple[str, ...] = ("formal", *(k for k in get_args(InterviewKind) if k != "formal"))
FORMATS: tuple[str, ...] = get_args(InterviewFormat)
CANCEL_REASONS: tuple[str, ...] = get_args(CancelReason)
DECLINE_CHOICES: tuple[str, ...] = ("none", *get_args(DeclineReason))
SALUTATION_CHOICES: tuple[str, ...] = ("none", *get_args(Salutation))
INVITED_VIA_CHOICES: tuple[str, ...] = ("none", *get_args(InvitedVia))
OFFER_DECISIONS: tuple[str, ...] = ("none", *get_args(OfferDecision))
MIN_SLOTS = 3  # rows of proposed slots the form offers (more if a stored case has more)
OTHER_ROWS = 2  # other interviews the form shows (more stay as they are stored)
# Situations whose plan reads the other interviews (clashes, an offer): the form owns them there.
WITH_OTHERS: tuple[Situation, ...] = ("invited", "scheduled", "offer")
NEEDS_INTERVIEW: tuple[Situation, ...] = ("scheduled", "cancel", "interviewed")

# Steps the user can say already happened (interviewed): date key, time key, event type.
DECLARED: tuple[tuple[str, str, EventType, int], ...] = (
    ("thank_you_date", "thank_you_time", "thank_you_sent", 0),
    ("follow_up_1", "follow_up_1_time", "follow_up_sent", 0),
    ("follow_up_2", "follow_up_2_time", "follow_up_sent", 1),
    ("reply_date", "reply_time", "reply_received", 0),
)


@dataclass
class Form:
    """The form's values for one case, plus what keeps the round trip exact."""

    situation: Situation
    values: dict[str, Any]
    base: dict[str, Any] | None = None  # the stored case's JSON (fields the form lacks)
    exact: dict[str, str] = field(default_factory=dict)  # date key -> the stored ISO time
    recorded: frozenset[str] = frozenset()  # declaration keys the case already has


def situation_of(case: Case) -> Situation:
    return "cancel" if case.cancel is not None else case.stage


def _minute(moment: datetime) -> time:
    return moment.time().replace(second=0, microsecond=0, tzinfo=None)


def defaults(situation: str, now: datetime, slots: int = MIN_SLOTS) -> dict[str, Any]:
    """Values of an empty form at `now` (in the session's zone). Steps that already happened
    default to now, never to a fixed hour that may still be ahead."""
    today, clock = now.date(), _minute(now)
    values: dict[str, Any] = {
        "company": "",
        "position": "",
        "candidate_name": "",
        "candidate_phone": "",
        "contact_name": "",
        "contact_salutation": "none",
        "contact_email": "",
        "contact_phone": "",
        "via_recruiter": False,
        "interview_date": None if situation == "invited" else today,
        "interview_time": time(10, 0),
        "duration": 60,
        "interview_kind": "formal",
        "interview_format": "in_person",
        "location": "",
        "invited_date": today,
        "invited_time": clock,
        "decline_reason": "none",
        "cancel_reason": "illness",
        "still_interested": True,
        "reply_by": None,
        "rejected_date": today,
        "rejected_time": clock,
        "invited_via": "none",
        "offer_date": today,
        "offer_time": clock,
        "answer_by": None,
        "offer_decision": "none",
    }
    for n in range(1, OTHER_ROWS + 1):
        values |= {
            f"other{n}_company": "",
            f"other{n}_date": None,
            f"other{n}_time": time(10, 0),
            f"other{n}_position": "",
            f"other{n}_contact": "",
            f"other{n}_email": "",
        }
    for n in range(1, slots + 1):
        values[f"slot{n}_date"] = None
        values[f"slot{n}_time"] = time(10, 0)
    for date_key, time_key, _, _ in DECLARED:
        values[date_key] = None
        values[time_key] = clock
    return values


def slot_rows(values: dict[str, Any]) -> int:
    """How many slot rows the values hold."""
    n = MIN_SLOTS
    while f"slot{n + 1}_date" in values:
        n += 1
    return n


def case_to_form(case: Case) -> Form:
    """The form of a stored case: its values, its JSON and its exact times."""
    values: dict[str, Any] = {
        "company": case.company,
        "position": case.position,
        "candidate_name": case.candidate_name or "",
        "candidate_phone": case.candidate_phone or "",
    }
    contact = case.contact
    values |= {
        "contact_name": (contact.name if contact else None) or "",
        "contact_salutation": (contact.salutation if contact else None) or "none",
        "contact_email": (contact.email if contact else None) or "",
        "contact_phone": (contact.phone if contact else None) or "",
        "via_recruiter": bool(contact and contact.via_recruiter),
    }
    exact: dict[str, str] = {}

    def put(date_key: str, time_key: str, moment: datetime) -> None:
        values[date_key] = moment.date()
        values[time_key] = _minute(moment)
        exact[date_key] = moment.isoformat()

    if case.interview is not None:
        interview = case.interview
        put("interview_date", "interview_time", interview.start)
        values |= {
            "duration": interview.duration_minutes,
            "interview_kind": interview.kind,
            "interview_format": interview.format,
            "location": interview.location or "",
        }
    if case.invited_at is not None:
        put("invited_date", "invited_time", case.invited_at)
    values["decline_reason"] = case.decline_reason or "none"
    if case.cancel is not None:
        values["cancel_reason"] = case.cancel.reason
        values["still_interested"] = case.cancel.still_interested
        for n, slot in enumerate(case.cancel.proposed_slots, start=1):
            put(f"slot{n}_date", f"slot{n}_time", slot)
    values["reply_by"] = case.reply_by
    if case.rejected_at is not None:
        put("rejected_date", "rejected_time", case.rejected_at)
    values["invited_via"] = case.invited_via or "none"
    for n, other in enumerate(case.other_interviews[:OTHER_ROWS], start=1):
        put(f"other{n}_date", f"other{n}_time", other.start)
        values |= {
            f"other{n}_company": other.company,
            f"other{n}_position": other.position or "",
            f"other{n}_contact": _typed_name(other.contact),
            f"other{n}_email": (other.contact.email if other.contact else None) or "",
        }
    if case.offer is not None:
        put("offer_date", "offer_time", case.offer.received_at)
        values["answer_by"] = case.offer.answer_by
        values["offer_decision"] = case.offer.decision or "none"
    current = case.current_round()
    recorded = set()
    for date_key, time_key, kind, index in DECLARED:
        found = current.events_of(kind)
        if len(found) > index:
            put(date_key, time_key, found[index].at)
            recorded.add(date_key)
    base = case.model_dump(mode="json")
    return Form(situation_of(case), values, base, exact, frozenset(recorded))


def _moment(form: Form, date_key: str, time_key: str) -> str | None:
    """The ISO time of a date and a time widget (naive: the case's zone), or the stored time
    when neither was changed."""
    day = form.values.get(date_key)
    if not isinstance(day, date):
        return None
    clock = form.values.get(time_key)
    clock = clock if isinstance(clock, time) else time(0, 0)
    stored = form.exact.get(date_key)
    if stored is not None:
        original = datetime.fromisoformat(stored)
        if original.date() == day and _minute(original) == clock.replace(second=0, microsecond=0):
            return stored
    return datetime.combine(day, clock.replace(tzinfo=None)).isoformat()


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _choice(value: Any) -> str | None:
    """A choice with a "none" entry: None for it."""
    return None if value in (None, "none") else str(value)


_TYPED_HONORIFIC = {"bapak": "Bapak", "ibu": "Ibu", "kak": "Kak"}


def _typed_name(contact: Contact | None) -> str:
    """An other interview's contact as one typed line, its salutation in front ("Ibu Sari
    Dewi"): the row has no salutation field, and saving the line gives the same contact."""
    if contact is None:
        return ""
    honorific = _TYPED_HONORIFIC.get(contact.salutation or "", "")
    return " ".join(part for part in (honorific, contact.name or "") if part)


def _others(form: Form, base: dict[str, Any]) -> list[dict[str, Any]]:
    """The other interviews of the form's rows (a row without a company or a date is left
    out), keeping what the form does not show of each (`told`, `cancelled`, the contact's
    other fields), then those beyond the rows as stored."""
    stored = list(base.get("other_interviews") or [])
    found = []
    for n in range(1, OTHER_ROWS + 1):
        values = form.values
        company = _text(values.get(f"other{n}_company"))
        start = _moment(form, f"other{n}_date", f"other{n}_time")
        if company is None or start is None:
            continue
        before = stored[n - 1] if n <= len(stored) else {}
        name = _text(values.get(f"other{n}_contact"))
        email = _text(values.get(f"other{n}_email"))
        old_contact = before.get("contact")
        # the salutation comes from the typed line again (followup.models.Contact)
        contact = {**(old_contact or {}), "name": name, "email": email, "salutation": None}
        found.append(
            {
                **before,
                "company": company,
                "start": start,
                "position": _text(values.get(f"other{n}_position")),
                "contact": None if old_contact is None and not (name or email) else contact,
            }
        )
    return found + stored[OTHER_ROWS:]


def form_to_case(form: Form, *, timezone: str, language: str) -> dict[str, Any]:
    """The case JSON of the form (validated by the caller with `Case`). `timezone` and
    `language` are the session's, used for a new case; a stored case keeps its own."""
    values, situation = form.values, form.situation
    base = dict(form.base) if form.base else {}
    data: dict[str, Any] = base or {"timezone": timezone, "language": language}
    data["company"] = _text(values.get("company")) or ""
    data["position"] = _text(values.get("position")) or ""
    data["candidate_name"] = _text(values.get("candidate_name"))
    data["candidate_phone"] = _text(values.get("candidate_phone"))

    old_contact = base.get("contact")
    contact = {
        **(old_contact or {}),
        "name": _text(values.get("contact_name")),
        "salutation": _choice(values.get("contact_salutation")),
        "email": _text(values.get("contact_email")),
        "phone": _text(values.get("contact_phone")),
        "via_recruiter": bool(values.get("via_recruiter")),
    }
    empty = not any(
        contact.get(k) for k in ("name", "salutation", "email", "phone", "via_recruiter")
    )
    data["contact"] = None if old_contact is None and empty else contact

    if situation == "cancel":
        old_stage = base.get("stage")
        data["stage"] = old_stage if old_stage in ("invited", "scheduled") else "scheduled"
    else:
        data["stage"] = situation

    if situation in NEEDS_INTERVIEW or situation == "invited":
        start = _moment(form, "interview_date", "interview_time")
        if start is None:
            data["interview"] = None
        else:
            data["interview"] = {
                **(base.get("interview") or {}),
                "start": start,
                "duration_minutes": int(values.get("duration") or 60),
                "kind": values.get("interview_kind") or "formal",
                "format": values.get("interview_format") or "in_person",
                "location": _text(values.get("location")),
            }
    if situation == "invited":
        data["invited_at"] = _moment(form, "invited_date", "invited_time")
        data["decline_reason"] = _choice(values.get("decline_reason"))
        data["invited_via"] = _choice(values.get("invited_via"))
    if situation in WITH_OTHERS:
        data["other_interviews"] = _others(form, base)
    if situation == "offer":
        received = _moment(form, "offer_date", "offer_time")
        answer_by = values.get("answer_by")
        data["offer"] = (
            None
            if received is None
            else {
                **(base.get("offer") or {}),
                "received_at": received,
                "answer_by": answer_by.isoformat() if isinstance(answer_by, date) else None,
                "decision": _choice(values.get("offer_decision")),
            }
        )
    else:
        data["offer"] = None
    if situation == "cancel":
        slots = [_moment(form, f"slot{n}_date", f"slot{n}_time") for n in range(1, 11)]
        data["cancel"] = {
            "reason": values.get("cancel_reason") or "illness",
            "still_interested": bool(values.get("still_interested", True)),
            "proposed_slots": [s for s in slots if s],
        }
    else:
        data["cancel"] = None
    if situation == "interviewed":
        reply_by = values.get("reply_by")
        data["reply_by"] = reply_by.isoformat() if isinstance(reply_by, date) else None
    if situation == "rejected":
        data["rejected_at"] = _moment(form, "rejected_date", "rejected_time")

    events = list(base.get("events") or [])
    if situation == "interviewed":
        for date_key, time_key, kind, _ in DECLARED:
            if date_key in form.recorded:
                continue  # already in the history: shown, never entered twice
            moment = _moment(form, date_key, time_key)
            if moment is not None:
                events.append({"type": kind, "at": moment})
    data["events"] = events
    return data


def proposal_to_form(case: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The form's values for what a company's message proposes as a new application
    (`followup.reader`: only what the message said; the rest stays as the empty form has it).
    Times are shown in `now`'s zone."""
    values: dict[str, Any] = {}
    for key in ("company", "position"):
        if case.get(key):
            values[key] = case[key]
    contact = case.get("contact") or {}
    if contact.get("name"):
        values["contact_name"] = contact["name"]
    if contact.get("salutation"):
        values["contact_salutation"] = contact["salutation"]
    interview = case.get("interview") or {}
    if interview.get("start"):
        start = datetime.fromisoformat(interview["start"]).astimezone(now.tzinfo)
        values["interview_date"], values["interview_time"] = start.date(), _minute(start)
    if interview.get("format"):
        values["interview_format"] = interview["format"]
    if interview.get("location"):
        values["location"] = interview["location"]
    if case.get("invited_via"):
        values["invited_via"] = case["invited_via"]
    values["invited_date"], values["invited_time"] = now.date(), _minute(now)
    return values
