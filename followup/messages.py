"""Drafts: an approved template filled with a case's facts, plus links to send it.

Pure: the case, the action, the channel, the tone and the language in; a `Draft` out, or a
`CaseError` naming the one field to fill in. `fill` is also what the LLM step uses once a
reworded template has passed its guard (the facts only ever come from here).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from followup.errors import CaseError, FollowupError
from followup.i18n import format_clock, format_day, language, text
from followup.links import mailto, tel, whatsapp
from followup.models import ActionId, Case, Draft, Interview, Links, OtherInterview
from followup.templates import OPTIONAL, PLACEHOLDER, Template, load_templates

MAX_TALKING_POINTS = 600
_BLANK_RUNS = re.compile(r"\n{3,}")


class MessageError(FollowupError):
    """No draft for this request (an action without a message, or a channel it lacks)."""


def channels(action: str) -> list[str]:
    """The channels `action` has templates for, email first."""
    templates = load_templates().get(action)
    if templates is None:
        return []
    return sorted(
        {key[1] for key in templates}, key=("email", "whatsapp", "phone", "linkedin").index
    )


def template_for(action: str, channel: str | None, tone: str, lang: str) -> Template:
    available = channels(action)
    if not available:
        raise MessageError("no_message", action=action)
    chosen = channel or available[0]
    if chosen not in available:
        raise MessageError(
            "no_channel", action=action, channel=chosen, choices=", ".join(available)
        )
    return load_templates()[action][(language(lang), chosen, tone)]


def clean_points(points: str | None) -> str:
    """The user's talking points as plain lines: no control characters, bounded length."""
    if not points:
        return ""
    lines = [" ".join(line.split()) for line in points.replace("\r", "\n").split("\n")]
    kept = "\n".join(line for line in lines if line)
    return "".join(ch for ch in kept if ch == "\n" or ch.isprintable())[:MAX_TALKING_POINTS]


def _upcoming_other(case: Case, now: datetime | None) -> OtherInterview | None:
    others = sorted(case.other_interviews, key=lambda o: o.start)
    upcoming = [o for o in others if now is None or o.start > now]
    return upcoming[0] if upcoming else None


def facts(
    case: Case,
    action: ActionId,
    lang: str,
    talking_points: str | None = None,
    now: datetime | None = None,
) -> dict[str, str | None]:
    """The value of every placeholder for this case (None where the case lacks it)."""
    lang = language(lang)
    company, position, interview = case.company, case.position, case.interview
    contact_name = case.contact.name if case.contact else None
    location = interview.location if interview else None
    fmt: str | None = interview.format if interview else None
    if action == "cancel_other_interviews":
        # The message goes to the other company, about its own interview.
        other = _upcoming_other(case, now)
        if other is None:
            raise CaseError(
                "missing_for_draft", "other_interviews", what=_what("other_interviews", lang)
            )
        company, position, contact_name, location, fmt = (
            other.company,
            other.position or case.position,
            None,
            other.location,
            "in_person",
        )
        interview = Interview(start=other.start, location=other.location)
    values: dict[str, str | None] = {
        "candidate_name": case.candidate_name,
        "company": company,
        "position": position,
        "recipient": (
            text(lang, "draft", "recipient_named", name=contact_name)
            if contact_name
            else text(lang, "draft", "recipient_team", company=company)
        ),
        "talking_points": clean_points(talking_points),
        "interview_date": None,
        "interview_time": None,
        "interview_where": None,
        "cancel_reason": None,
        "decline_reason": None,
        "proposed_slots": None,
        "still_interested_line": "",
        "follow_up_reason": None,
    }
    if interview is not None:
        values["interview_date"] = format_day(interview.start, lang)
        values["interview_time"] = format_clock(interview.start, lang)
        if fmt in ("video", "phone"):
            values["interview_where"] = text(lang, "draft", f"where_{fmt}")
        elif location:
            values["interview_where"] = text(lang, "draft", "where_in_person", location=location)
        else:
            values["interview_where"] = text(lang, "draft", "where_office", company=company)
    if case.reply_by is not None:
        values["follow_up_reason"] = text(
            lang, "draft", "follow_up_reason_reply_by", reply_by=format_day(case.reply_by, lang)
        )
    elif values["interview_date"] is not None:
        values["follow_up_reason"] = text(
            lang, "draft", "follow_up_reason_interview", interview_date=values["interview_date"]
        )
    reason = "accepted_other_offer" if action == "cancel_other_interviews" else None
    if case.cancel is not None:
        reason = reason or case.cancel.reason
        if case.cancel.still_interested and action != "cancel_other_interviews":
            values["still_interested_line"] = text(lang, "draft", "still_interested_line")
        if case.cancel.proposed_slots:
            values["proposed_slots"] = "\n".join(
                text(lang, "draft", "slot", day=format_day(s, lang), clock=format_clock(s, lang))
                for s in case.cancel.proposed_slots
            )
    if reason is not None:
        values["cancel_reason"] = text(lang, "cancel_reason", reason)
    if case.decline_reason is not None:
        values["decline_reason"] = text(lang, "decline_reason", case.decline_reason)
    return values


# Where each placeholder's value comes from, to name the field a person must fill in.
_SOURCE_FIELD = {
    "candidate_name": "candidate_name",
    "interview_date": "interview",
    "interview_time": "interview",
    "interview_where": "interview",
    "follow_up_reason": "interview",
    "cancel_reason": "cancel",
    "proposed_slots": "cancel.proposed_slots",
    "decline_reason": "decline_reason",
}


def _what(field: str, lang: str) -> str:
    return text(lang, "field", field.split(".")[-1])


def fill(template_text: str, values: Mapping[str, str | None], lang: str) -> str:
    """Put the facts into a template text; a line of an empty optional placeholder goes."""
    lines = []
    for line in template_text.split("\n"):
        names = PLACEHOLDER.findall(line)
        if any(n in OPTIONAL and not values.get(n) for n in names) and line.strip() in {
            f"{{{{{n}}}}}" for n in names
        }:
            continue  # an empty optional line
        for name in names:
            if values.get(name) is None and name not in OPTIONAL:
                field = _SOURCE_FIELD.get(name, name)
                raise CaseError("missing_for_draft", field, what=_what(field, lang))
        lines.append(PLACEHOLDER.sub(lambda m: values.get(m[1]) or "", line))
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def render_draft(
    case: Case,
    action: ActionId,
    channel: str | None = None,
    tone: str = "formal",
    lang: str | None = None,
    talking_points: str | None = None,
    now: datetime | None = None,
) -> Draft:
    """The template draft of `action` for `case` (no LLM)."""
    lang = language(lang or case.language)
    template = template_for(action, channel, tone, lang)
    values = facts(case, action, lang, talking_points, now)
    return finish(case, template, values, lang)


def finish(
    case: Case,
    template: Template,
    values: Mapping[str, str | None],
    lang: str,
    subject: str | None = None,
    body: str | None = None,
    source: str = "template",
    llm_rejected: str | None = None,
) -> Draft:
    """A Draft from `template` (or a guarded rewording of it) with the facts filled in."""
    subject_text = fill(subject or template.subject or "", values, lang) or None
    body_text = fill(body or template.body, values, lang)
    return Draft.model_validate(
        {
            "action": template.action,
            "channel": template.channel,
            "language": lang,
            "tone": template.tone,
            "subject": subject_text,
            "body": body_text,
            "source": source,
            "llm_rejected": llm_rejected,
            "links": links_for(case, template.action, template.channel, subject_text, body_text),
        }
    )


def links_for(case: Case, action: str, channel: str, subject: str | None, body: str) -> Links:
    contact = case.contact if action != "cancel_other_interviews" else None
    email = contact.email if contact else None
    phone = contact.phone if contact else None
    return Links.model_construct(
        mailto=mailto(email, subject, body) if channel == "email" else None,
        whatsapp=whatsapp(phone, body, case.country) if channel == "whatsapp" else None,
        tel=tel(phone, case.country) if channel == "phone" else None,
    )
