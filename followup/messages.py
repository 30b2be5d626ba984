"""Drafts: an approved template filled with a case's facts, plus links to send it.

Pure: the case, the action and the `DraftOptions` (channel, tone, language, talking points,
the moment) in; a `Draft` out, or a `CaseError` naming the one field to fill in.

One pipeline, `render_draft`: the template, its facts, the template draft; then, only when a
`Rewriter` is given (the optional AI step, `followup.tone`), the template with its
placeholders and the talking points without the case's personal data go to it, its answer
must pass `followup.guard` here, and only then are the facts filled into it. A rewriter only
rewrites template text: it never sees or returns a fact.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol, overload

from followup import address
from followup.changes import draft_changes
from followup.errors import CaseError, FollowupError
from followup.guard import Flag, review
from followup.i18n import format_clock, format_day, language, text
from followup.lebaran import LEBARAN_CHANNELS, lebaran_due, with_opening
from followup.links import mailto, tel, whatsapp
from followup.models import (
    MAX_TEXT,
    ZWJ,
    ActionId,
    Case,
    CheckItem,
    Contact,
    Draft,
    Interview,
    Links,
    OtherInterview,
)
from followup.redact import redact
from followup.rules import catalog
from followup.rules.cancel import FINAL_REASONS
from followup.templates import OPTIONAL, PLACEHOLDER, Template, load_templates, load_variants

MAX_TALKING_POINTS = 600
_BLANK_RUNS = re.compile(r"\n{3,}")


class MessageError(FollowupError):
    """No draft for this request (an action without a message, or a channel it lacks)."""


def channels(action: str) -> list[str]:
    """The channels `action` has a message on, preferred first: the rules catalogue's, as far
    as templates exist for them (tests/drafts/test_templates.py checks that the two agree)."""
    written = {key[1] for key in load_templates().get(action, {})}
    return [channel for channel in catalog.channels(action) if channel in written]


def template_for(
    action: str, channel: str | None, tone: str, lang: str, variant: str | None = None
) -> Template:
    """The approved template of an action for a channel, tone and language; `variant`: the
    situation's own wording when it has one (`load_variants`)."""
    available = channels(action)
    if not available:
        raise MessageError("no_message", action=action)
    chosen = channel or available[0]
    if chosen not in available:
        raise MessageError(
            "no_channel", action=action, channel=chosen, choices=", ".join(available)
        )
    key = (language(lang), chosen, tone)
    if variant is not None:
        own = load_variants().get((action, variant))
        if own is not None and key in own:
            return own[key]
    return load_templates()[action][key]


def clean_points(points: str | None) -> str:
    """The user's talking points as plain lines: no control characters, bounded length."""
    if not points:
        return ""
    lines = [" ".join(line.split()) for line in points.replace("\r", "\n").split("\n")]
    kept = "\n".join(line for line in lines if line)
    kept = "".join(ch for ch in kept if ch in ("\n", ZWJ) or ch.isprintable())
    return kept[:MAX_TALKING_POINTS]


def upcoming_other(case: Case, now: datetime | None) -> OtherInterview | None:
    others = sorted(case.other_interviews, key=lambda o: o.start)
    upcoming = [o for o in others if now is None or o.start > now]
    return upcoming[0] if upcoming else None


def other_interview(case: Case, target: int | None, now: datetime | None) -> OtherInterview | None:
    """The other interview a message is about: the plan's `target` (its index), else the first
    one still ahead."""
    if target is not None:
        others = case.other_interviews
        return others[target] if 0 <= target < len(others) else None
    return upcoming_other(case, now)


def _relative_day(moment: datetime, send_at: datetime | None, lang: str) -> str:
    """The day of `moment`, with "(hari ini)" or "(besok)" when it is the day the message is
    sent or the next (Revision 3: dates are said for the moment of sending)."""
    said = format_day(moment, lang)
    if send_at is None:
        return said
    days = (moment.astimezone(send_at.tzinfo).date() - send_at.date()).days
    if days in (0, 1):
        return text(lang, "draft", "today_day" if days == 0 else "tomorrow_day", day=said)
    return said


def facts(
    case: Case,
    action: ActionId,
    lang: str,
    talking_points: str | None = None,
    now: datetime | None = None,
    target: int | None = None,
    channel: str | None = None,
    tone: str | None = None,
    discussed: str | None = None,
) -> dict[str, str | None]:
    """The value of every placeholder for this case (None where the case lacks it). `now`: the
    moment the message is written for (its greeting and "today"); `target`: the other
    interview a message to another company is about."""
    lang = language(lang)
    company, interview = case.company, case.interview
    position: str | None = case.position
    contact_name = case.contact.name if case.contact else None
    salutation = case.contact.salutation if case.contact else None
    location = interview.location if interview else None
    fmt: str | None = interview.format if interview else None
    if catalog.addressed_to_others(action, case.stage):
        # The message goes to the other company, about its own interview, with its own facts:
        # never this case's position or contact (Revision 3).
        other = other_interview(case, target, now)
        if other is None:
            raise CaseError(
                "missing_for_draft", "other_interviews", what=_what("other_interviews", lang)
            )
        other_contact = other.contact
        company, position, contact_name, salutation, location, fmt = (
            other.company,
            other.position,
            other_contact.name if other_contact else None,
            other_contact.salutation if other_contact else None,
            other.location,
            "in_person",
        )
        interview = Interview(start=other.start, location=other.location)
    if salutation == "kak" and not (channel == "whatsapp" and tone == "warm"):
        salutation = None  # "Kak" only in a warm chat; elsewhere as if unknown (Revision 3)
    values: dict[str, str | None] = {
        "candidate_name": case.candidate_name,
        "company": company,
        "position": position,
        "the_position": (
            text(lang, "draft", "the_position", position=position)
            if position
            else text(lang, "draft", "position_applied")
        ),
        "recipient": address.recipient(lang, contact_name, salutation, company),
        "addressee": address.addressee(lang, contact_name, salutation, spoken=channel == "phone"),
        "you": address.you(lang, salutation, contact_name, spoken=channel == "phone"),
        "phone_check": address.phone_check(lang, contact_name, salutation, company),
        # the greeting of the moment the message goes out: now, on the case's clock
        "greeting": address.greeting(lang, now.astimezone(case.tz) if now else None),
        "candidate_phone": case.candidate_phone or "",
        "thanks_line": text(
            lang,
            "draft",
            _thanks_key(case),
            you=address.you(lang, salutation, contact_name, spoken=channel == "phone"),
        ),
        "withdraw_line": "",
        # said only when the person says so: a thank-you claims nothing else (Revision 3)
        "discussed_line": (
            text(lang, "draft", "discussed_line", topic=topic)
            if (topic := _one_thing(discussed))
            else ""
        ),
        "offer_deadline": (
            text(lang, "draft", "offer_deadline", day=format_day(case.offer.answer_by, lang))
            if case.offer is not None and case.offer.answer_by is not None
            else ""
        ),
        "interview_details": None,
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
        values["interview_date"] = _relative_day(interview.start, now, lang)
        values["interview_time"] = format_clock(interview.start, lang)
        values["interview_details"] = _details(interview, fmt, location, company, lang, now)
        if fmt in ("video", "phone"):
            values["interview_where"] = text(lang, "draft", f"where_{fmt}")
        elif location:
            values["interview_where"] = text(lang, "draft", "where_in_person", location=location)
        else:
            values["interview_where"] = text(lang, "draft", "where_office", company=company)
    if case.reply_by is not None:
        values["follow_up_reason"] = text(
            lang,
            "draft",
            "follow_up_reason_reply_by",
            reply_by=format_day(case.reply_by, lang),
            you=values["you"],
        )
    elif values["interview_date"] is not None:
        values["follow_up_reason"] = text(
            lang, "draft", "follow_up_reason_interview", interview_date=values["interview_date"]
        )
    reason = "accepted_other_offer" if action == "cancel_other_interviews" else None
    if case.cancel is not None:
        reason = reason or case.cancel.reason
        # another offer accepted or no interest: the cancellation withdraws from the process
        withdrawing = reason in FINAL_REASONS
        # another offer or no interest: say so honestly, never ask for another date (Revision 2)
        if case.cancel.still_interested and not withdrawing:
            values["still_interested_line"] = text(
                lang, "draft", "still_interested_line", you=values["you"]
            )
        if withdrawing and action != "cancel_other_interviews":
            values["withdraw_line"] = text(lang, "draft", "withdraw_line")
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


def _variant(case: Case, action: str) -> str | None:
    """The situation's own wording (Revision 3), when the action has one for it: telling a
    company while an offer waits is about the offer; a thank-you through a recruiter is an
    update to the recruiter who arranged the interview."""
    if action == "tell_lower_priority" and case.stage == "offer":
        return "offer"
    if action == "thank_you" and case.contact is not None and case.contact.via_recruiter:
        return "recruiter"
    return None


MAX_DISCUSSED = 120
LINKEDIN_LIMIT = 300  # characters of a connection note, once the facts are in


def to_interviewer(case: Case, action: str, interviewer: str | None) -> Case:
    """The case as the interviewer's thank-you sees it, when the interview was arranged through
    a recruiter and the person names the interviewer (Revision 3: "the interviewer a separate
    thank-you when known"): the plain thank-you, addressed to that name ("Ibu Rina" gives the
    salutation too), with no address of the recruiter's, which is not theirs."""
    name = " ".join((interviewer or "").split())[:MAX_TEXT]
    contact = case.contact
    if action != "thank_you" or not name or contact is None or not contact.via_recruiter:
        return case
    return case.model_copy(update={"contact": Contact(name=name)})


def _one_thing(discussed: str | None) -> str:
    """What the person says was discussed, as one short phrase (no end punctuation)."""
    said = " ".join((clean_points(discussed) or "").split())
    return said[:MAX_DISCUSSED].rstrip(" .!?;,")


def _thanks_key(case: Case) -> str:
    """ "Sekali lagi, terima kasih" only once a thank-you was sent (Revision 2)."""
    sent = case.current_round().events_of("thank_you_sent")
    return "thanks_again" if sent else "thanks_first"


def _details(
    interview: Interview,
    fmt: str | None,
    location: str | None,
    company: str,
    lang: str,
    send_at: datetime | None = None,
) -> str:
    """The interview as a short block: day and date, time, then place or link."""
    lines = [
        text(lang, "draft", "detail_day", day=_relative_day(interview.start, send_at, lang)),
        text(lang, "draft", "detail_time", clock=format_clock(interview.start, lang)),
    ]
    if fmt in ("video", "phone"):
        key = f"detail_{fmt}_at" if location else f"detail_{fmt}"
        lines.append(text(lang, "draft", key, location=location or ""))
    elif location:
        lines.append(text(lang, "draft", "detail_place", location=location))
    else:
        lines.append(text(lang, "draft", "detail_office", company=company))
    return "\n".join(lines)


# Where each placeholder's value comes from, to name the field a person must fill in.
_SOURCE_FIELD = {
    "candidate_name": "candidate_name",
    "interview_date": "interview",
    "interview_time": "interview",
    "interview_where": "interview",
    "interview_details": "interview",
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


@dataclass(frozen=True)
class DraftOptions:
    """How to draft: the channel (None: the action's first), the tone, the language (None: the
    case's), the user's talking points and the moment the message goes out."""

    channel: str | None = None
    tone: str = "formal"
    lang: str | None = None
    talking_points: str | None = None
    now: datetime | None = None  # the moment the message is written for (`Draft.send_at`)
    target: int | None = None  # the other interview a message to another company is about
    discussed: str | None = None  # one thing the person says was discussed (a thank-you)
    lebaran: bool = False  # add the Lebaran greeting where it is due (`lebaran_due`)
    # a thank-you through a recruiter, to the interviewer instead: their name as typed
    interviewer: str | None = None


@dataclass(frozen=True)
class Rewritten:
    """A rewriter's answer: template text with its placeholders (never a fact), reworded
    (`source` "llm") or the template itself with the key of the reason ([guard] section)."""

    subject: str | None
    body: str
    source: Literal["llm", "template"]
    rejected: str | None = None
    requests: int = 0
    failed: tuple[str, ...] = ()  # every reason the last answer was refused, first `rejected`


class Rewriter(Protocol):
    """Rewords an approved template. It gets the template and the talking points as they may
    leave the machine (cleaned, personal data replaced by placeholders) and nothing else."""

    def __call__(self, template: Template, talking_points: str | None) -> Rewritten: ...


@overload
def render_draft(
    case: Case,
    action: ActionId,
    options: DraftOptions | None = None,
    rewriter: Rewriter | None = None,
) -> Draft: ...


@overload
def render_draft(
    case: Case,
    action: ActionId,
    options: str | None,
    rewriter: str = "formal",
    lang: str | None = None,
    talking_points: str | None = None,
    now: datetime | None = None,
) -> Draft: ...


def render_draft(
    case: Case,
    action: ActionId,
    options: DraftOptions | str | None = None,
    rewriter: Rewriter | str | None = None,
    lang: str | None = None,
    talking_points: str | None = None,
    now: datetime | None = None,
) -> Draft:
    """The draft of `action` for `case`: the template filled with the case's facts, or, with a
    `rewriter`, its rewording when that passes the guard (else the template draft, with one
    sentence in `llm_rejected` saying why). The older form
    `render_draft(case, action, channel, tone, lang, talking_points, now)` still works."""
    if isinstance(options, str) or isinstance(rewriter, str) or lang or talking_points or now:
        # the older form (channel, tone, lang, talking_points, now): it never rewrites
        if isinstance(options, DraftOptions) or not isinstance(rewriter, str | None):
            raise TypeError("render_draft: a rewriter goes with DraftOptions")
        options = DraftOptions(options, rewriter or "formal", lang, talking_points, now)
        rewriter = None
    options = options or DraftOptions()
    lang = language(options.lang or case.language)
    case = to_interviewer(case, action, options.interviewer)
    variant = _variant(case, action)
    template = template_for(action, options.channel, options.tone, lang, variant)
    values = facts(
        case,
        action,
        lang,
        options.talking_points,
        options.now,
        options.target,
        template.channel,
        template.tone,
        options.discussed,
    )
    contact = _recipient_contact(case, action, options.target, options.now)
    greet = options.lebaran and template.channel in LEBARAN_CHANNELS
    due = greet and lebaran_due(case, options.now)
    opening = text(lang, "draft", "lebaran_line") if due else None
    # a missing fact fails first
    draft = finish(case, template, values, lang, contact=contact, opening=opening)
    draft = draft.model_copy(update={"send_at": options.now})
    if rewriter is None:
        return draft
    redacted, stood_for = redact(case, clean_points(options.talking_points))
    outgoing = redacted or None
    answer = rewriter(template, outgoing)
    reasons = answer.failed or (answer.rejected or "unavailable",)
    if answer.source == "llm":
        # whoever rewrote it, the guard decides here, before any fact goes in
        verdict = review(
            template.subject, template.body, answer.subject, answer.body, outgoing, lang
        )
        too_long = (
            template.channel == "linkedin"
            and len(fill(answer.body, {**stood_for, **values}, lang)) > LINKEDIN_LIMIT
        )
        if not verdict.refused and not too_long:
            # the model's own sentences about the points say what the points stood for
            own = {**stood_for, **{k: v for k, v in values.items() if v is not None}}
            ai = finish(
                case,
                template,
                own,
                lang,
                answer.subject,
                answer.body,
                "llm",
                contact=contact,
                opening=opening,
            )
            changes = draft_changes(draft.subject, draft.body, ai.subject, ai.body)
            return ai.model_copy(
                update={
                    "send_at": options.now,
                    "changes": changes,
                    "check": [_check_item(f, own, lang) for f in verdict.check],
                    "own": _said_plainly(verdict.woven, own) if verdict.woven else None,
                }
            )
        reasons = tuple(f.key for f in verdict.refused) or ("length",)
    return draft.model_copy(update={"llm_rejected": rejected_sentence(reasons, lang)})


def rejected_sentence(reasons: Sequence[str], lang: str) -> str:
    """One sentence saying, in the person's words, why the AI version is not used: every
    reason, the same one once."""
    whys = list(dict.fromkeys(text(lang, "guard", r) for r in reasons))
    said = (
        whys[0]
        if len(whys) == 1
        else text(lang, "guard", "and", first="; ".join(whys[:-1]), last=whys[-1])
    )
    return text(lang, "guard", "rejected", why=said)


def _said_plainly(template_text: str, values: Mapping[str, str | None]) -> str:
    """A piece of template text with its facts in (a placeholder without a value stays)."""
    return PLACEHOLDER.sub(lambda m: values.get(m[1]) or m[0], template_text)


def _check_item(flag: Flag, values: Mapping[str, str | None], lang: str) -> CheckItem:
    return CheckItem(
        text=_said_plainly(flag.where, values), why=text(lang, "guard", f"check_{flag.key}")
    )


def finish(
    case: Case,
    template: Template,
    values: Mapping[str, str | None],
    lang: str,
    subject: str | None = None,
    body: str | None = None,
    source: str = "template",
    llm_rejected: str | None = None,
    *,
    contact: Contact | None = None,
    opening: str | None = None,
) -> Draft:
    """A Draft from `template` (or a guarded rewording of it) with the facts filled in.
    `contact`: whom the links address (the case's contact, or another company's); `opening`:
    a line of the person's own choosing said right after the salutation (the Lebaran line)."""
    subject_text = fill(subject or template.subject or "", values, lang) or None
    body_text = fill(body or template.body, values, lang)
    if opening:
        body_text = with_opening(body_text, opening)
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
            "links": _links(case, contact, template.channel, subject_text, body_text),
        }
    )


def _recipient_contact(
    case: Case, action: str, target: int | None, now: datetime | None
) -> Contact | None:
    """Whom the message goes to: the case's contact, or the other company's own."""
    if not catalog.addressed_to_others(action, case.stage):
        return case.contact
    other = other_interview(case, target, now)
    return other.contact if other is not None else None


def links_for(
    case: Case,
    action: str,
    channel: str,
    subject: str | None,
    body: str,
    target: int | None = None,
    now: datetime | None = None,
    interviewer: str | None = None,
) -> Links:
    """The mailto/WhatsApp/tel links of a draft, addressed to its recipient."""
    case = to_interviewer(case, action, interviewer)
    contact = _recipient_contact(case, action, target, now)
    return _links(case, contact, channel, subject, body)


def _links(
    case: Case, contact: Contact | None, channel: str, subject: str | None, body: str
) -> Links:
    email = contact.email if contact else None
    phone = contact.phone if contact else None
    return Links.model_construct(
        mailto=mailto(email, subject, body) if channel == "email" else None,
        whatsapp=whatsapp(phone, body, case.country) if channel == "whatsapp" else None,
        tel=tel(phone, case.country) if channel == "phone" else None,
    )
