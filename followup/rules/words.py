"""Putting decisions into words: the one step between the rules and a person (the page, the
CLI and the exports all get their reasons from here). Dates and times in the user's language
("Kamis, 26 November 2026 pukul 09.00 WIB"), elapsed time as "12 hari".
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from string import Formatter
from typing import Any

from followup.i18n import format_day, format_moment, text
from followup.models import Flag, Recommendation
from followup.rules.catalog import NO_MESSAGE
from followup.rules.core import FLAG_ORDER, Days, Step

# Flags whose time is said in the reason, as one more sentence (`[reason_note]`).
NOTES: tuple[Flag, ...] = ("call_when_open", "outside_hours")
# How short a cancellation's notice is: said in the reason with the measure that holds (clock
# hours or business days, Revision 3), never as a fixed text that may be false on the clock.
NOTICE: tuple[Flag, ...] = ("notice_under_24h", "notice_under_48h")


def flags_to_show(flags: list[Flag] | tuple[Flag, ...]) -> list[Flag]:
    """The flags a card shows as notes of their own: those its reason does not already say.
    With `call_when_open` the reason gives the one instruction ("send now, call at 08.00"), so
    `phone_first` is not said a second time."""
    said = {*NOTES, *NOTICE}
    if "call_when_open" in flags:
        said.add("phone_first")
    return [flag for flag in flags if flag not in said]


def say(value: Any, lang: str) -> str:
    """One reason parameter in words."""
    if isinstance(value, datetime):
        return format_moment(value, lang)
    if isinstance(value, date):
        return format_day(value, lang)
    if isinstance(value, Days):
        return text(lang, "format", "days_one" if value.n == 1 else "days_other", n=value.n)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


@lru_cache(maxsize=512)
def _fields(lang: str, section: str, key: str) -> tuple[str, ...]:
    """The placeholders of one text (only those are put into words: dates cost the most)."""
    return tuple(name for _, name, _, _ in Formatter().parse(text(lang, section, key)) if name)


def _said(lang: str, section: str, key: str, values: dict[str, Any]) -> str:
    params = {name: say(values[name], lang) for name in _fields(lang, section, key)}
    return text(lang, section, key, **params)


def reason(step: Step, lang: str) -> str:
    decision = step.decision
    values = {**decision.params, "deadline": decision.deadline, "not_before": decision.not_before}
    said = _said(lang, "reason", f"{step.action}.{decision.reason}", values)
    notes = []
    measure = decision.params.get("notice_measure")
    for flag in NOTICE:
        if flag in decision.flags and measure is not None:
            closed = measure == "business" and decision.params.get("reads_at") is not None
            key = f"{flag}_{measure}" + ("" if measure == "clock" or closed else "_open")
            notes.append(_said(lang, "reason_note", key, values))
    notes += [_said(lang, "reason_note", flag, values) for flag in NOTES if flag in decision.flags]
    return " ".join([said, *notes])


def recommendation(step: Step, lang: str) -> Recommendation:
    decision = step.decision
    return Recommendation.model_construct(
        action=step.action,
        status=decision.status,
        not_before=decision.not_before,
        deadline=decision.deadline,
        channel=step.channel,
        template=None if step.action in NO_MESSAGE or not decision.message else step.action,
        flags=sorted(set(decision.flags), key=FLAG_ORDER.index),
        reason=reason(step, lang),
        sources=list(step.sources),
        target=step.target,
    )
