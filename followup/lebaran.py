"""The Lebaran line (Revision 3): in Syawal, the person's first message to a company since Idul
Fitri may open with one line of Lebaran greeting, offered and never added unasked. When it is
due, and where in a message it goes."""

from __future__ import annotations

from datetime import datetime

from followup.models import Case

# Messages that open with a salutation the line can follow (a phone script is spoken)
LEBARAN_CHANNELS = ("email", "whatsapp")
# Events that are the company's doing, not a message of the person's
_THEIR_EVENTS = frozenset(
    {"invitation_received", "reply_received", "reschedule_declined", "reschedule_accepted"}
)


def lebaran_due(case: Case, now: datetime | None) -> bool:
    """Whether a message written at `now` may carry the Lebaran greeting (Revision 3): an
    Indonesian application, in Syawal (from Idul Fitri on), and no message of the person's to
    this company since Idul Fitri (the greeting goes in the first one only)."""
    if now is None or case.country != "ID":
        return False
    from followup.business_days import syawal_start

    first = syawal_start(now.astimezone(case.tz).date())
    if first is None:
        return False
    return not any(
        event.type not in _THEIR_EVENTS and event.at.astimezone(case.tz).date() >= first
        for event in case.events
    )


_FORMULA_WORDS = 3  # "Dengan hormat," or "Dear Ms Sari,": a formula, not the body


def with_opening(body: str, line: str) -> str:
    """`body` with `line` after the salutation, before what the message is about: its own
    paragraph after "Yth. …," (and a following "Dengan hormat,"), or the sentence after a
    chat's greeting."""
    paragraphs = body.split("\n\n")
    first, _, rest = paragraphs[0].partition(". ")
    if not paragraphs[0].rstrip().endswith(",") and rest:
        # a chat opens "Selamat pagi, Bu Sari. Saya …": the line follows the greeting there
        return "\n\n".join([f"{first}. {line} {rest}", *paragraphs[1:]])
    at = 1
    while (
        at < len(paragraphs) - 1
        and len(paragraphs[at].split()) <= _FORMULA_WORDS
        and paragraphs[at].rstrip().endswith(",")
    ):
        at += 1
    return "\n\n".join([*paragraphs[:at], line, *paragraphs[at:]])
