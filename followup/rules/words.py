"""Putting decisions into words: the one step between the rules and a person (the page, the
CLI and the exports all get their reasons from here). Dates and times in the user's language
("Kamis, 26 November 2026 pukul 09.00 WIB"), elapsed time as "12 hari".
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
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
    closed = decision.params.get("closed")
    if closed:
        notes.append(closure_note(closed, str(decision.params.get("country", "ID")), lang))
    return " ".join([said, *notes])


def closure_note(closed: tuple[date, ...], country: str, lang: str) -> str:
    """ "Kantor libur Nyepi dan Idul Fitri pada 18-24 Maret 2026; waktu di atas sudah
    memperhitungkannya." (the names, when the calendar has them)."""
    from followup.business_days import closure_names

    groups: list[list[date]] = []
    for day in closed:  # closed weekdays apart only by a weekend are one closure
        if groups and all(
            (groups[-1][-1] + timedelta(days=n)).weekday() >= 5
            for n in range(1, (day - groups[-1][-1]).days)
        ):
            groups[-1].append(day)
        else:
            groups.append([day])
    days = _listed([_day_range(g[0], g[-1], lang) for g in groups], lang)
    names = closure_names(country, closed, lang)
    if not names:
        return text(lang, "reason_note", "closure_unnamed", days=days)
    return text(lang, "reason_note", "closure", names=_listed(names, lang), days=days)


def _listed(items: list[str], lang: str) -> str:
    """ "A", "A dan B", "A, B, dan C" ("A, B and C")."""
    if len(items) < 3:
        return text(lang, "format", "and").join(items)
    return ", ".join(items[:-1]) + text(lang, "format", "and_last") + items[-1]


def _day_range(first: date, last: date, lang: str) -> str:
    """ "18-24 Maret 2026", "30 Desember 2026-2 Januari 2027", or one day."""
    from babel.dates import format_date

    whole = str(format_date(last, "d MMMM y", locale=lang))
    if first == last:
        return whole
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{whole}"
    start = "d MMMM" if first.year == last.year else "d MMMM y"
    return f"{format_date(first, start, locale=lang)}–{whole}"


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
