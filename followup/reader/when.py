"""Dates and times as people write them in Indonesian and English messages, read against the
moment the message came (`now`) in the case's zone.

"Kamis, 26 November 2026 pukul 10.00 WIB", "26 Nov 2026 pkl 10.00", "tgl 26/11/2026 jam
10:00", "26/11 jam 13.30", "besok jam 2 siang", "lusa pukul 09.00", "Senin depan jam 10
pagi", "Thursday, November 26, 2026 at 10:00 AM WIB", "on 26 November 2026, 2 PM". Month and
weekday names come from babel (CLDR), in both languages, with the short forms people type.
A time said in WIB, WITA or WIT is that zone's, and so is one said in the zones of the region's
employers (SGT, MYT, ...) or as an offset from UTC ("GMT+8"); the result is in the case's
zone (10.00 SGT is 09.00 WIB).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

from babel.dates import get_day_names, get_month_names

# The zones a message names by their abbreviation: Indonesia's, and those of the employers an
# Indonesian applicant meets. An abbreviation two regions share (PST, IST) is not here: read as
# `UNKNOWN`, it proposes no time, a safer reading than a wrong guess.
ZONES = {
    "wib": "Asia/Jakarta",
    "wita": "Asia/Makassar",
    "wit": "Asia/Jayapura",
    "sgt": "Asia/Singapore",
    "myt": "Asia/Kuala_Lumpur",
    "hkt": "Asia/Hong_Kong",
    "ict": "Asia/Bangkok",
    "jst": "Asia/Tokyo",
    "kst": "Asia/Seoul",
    # an abbreviation of standard or summer time is its own offset, whatever the day
    "awst": "UTC+08:00",
    "aest": "UTC+10:00",
    "aedt": "UTC+11:00",
    "cet": "UTC+01:00",
    "cest": "UTC+02:00",
    "utc": "UTC",
    "gmt": "UTC",
}
_ZONE_WORDS = "|".join(sorted(ZONES, key=len, reverse=True))  # (WITA before WIT)
UNKNOWN = "?"  # a zone the text names that the reader cannot place (PST, EST, GMT+15)
# "GMT+8", "UTC +07:00", "GMT-5"
_OFFSET = re.compile(r"(?:gmt|utc)\s*(?P<sign>[+\-−])\s*(?P<h>\d{1,2})(?:[:.]?(?P<m>\d{2}))?", re.I)
PARTS_OF_DAY = {"pagi": (0, 11), "siang": (11, 15), "sore": (14, 18), "malam": (18, 24)}
GRACE_DAYS = 30  # a date without a year more than this in the past is next year's
MIN_YEAR, MAX_YEAR = 1990, 2099  # the years the app takes anywhere (followup.limits)


@dataclass(frozen=True)
class Found:
    """A date or a time in the text: where it is, and what it says."""

    start: int
    end: int
    day: date | None = None
    clock: time | None = None
    zone: str | None = None  # the zone the text names for a time (WIB, WITA, SGT, GMT+8, ...)
    relative: bool = False  # a day said from today ("besok", "Senin depan"), not a date


@cache
def _names() -> tuple[dict[str, int], dict[str, int]]:
    """Month and weekday names (lower case) -> number, from babel, both languages, with the
    short forms people type ("Agt", "Sept", "Jum'at")."""
    months: dict[str, int] = {}
    days: dict[str, int] = {}
    for locale in ("id", "en"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                months[str(name).lower().rstrip(".")] = int(number)
            for number, name in get_day_names(width, locale=locale).items():
                if width == "wide":
                    days[str(name).lower()] = int(number)
    months.update({"agt": 8, "agust": 8, "sept": 9, "nop": 11, "nopember": 11, "pebruari": 2})
    days.update({"jum'at": 4, "jumat": 4, "minggu": 6, "ahad": 6})
    return months, days


def day_names() -> list[str]:
    """Weekday names, lower case, both languages (babel's)."""
    return list(_names()[1])


def _alternation(words: dict[str, int]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    months, days = _names()
    month = _alternation(months)
    day = _alternation(days)
    year = r"(?P<year>\d{4})"
    return (
        # 26 November 2026, 26 Nov, 26-Nov-2026
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:\s*|-)(?P<month>{month})\.?(?:,?(?:\s*|-){year})?\b", re.I
        ),
        # November 26, 2026 / Nov 26th
        re.compile(
            rf"\b(?P<month>{month})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*{year}\b)?",
            re.I,
        ),
        # 26/11/2026, 26-11-2026, 26/11, 26.11.2026
        re.compile(
            r"(?<![\d.:/])(?P<d>\d{1,2})(?P<sep>[/-])(?P<m>\d{1,2})(?:(?P=sep)(?P<year>\d{2,4}))?"
            r"(?![\d/]|[.:]\d)"
        ),
        re.compile(r"(?<![\d.:])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<year>\d{4})\b"),
        # besok, lusa, hari ini, tomorrow, today, day after tomorrow
        re.compile(
            r"\b(?P<rel>hari ini|besok|besok pagi|lusa|today|tomorrow|day after tomorrow)\b", re.I
        ),
        # Senin depan, hari Senin, next Monday, this Friday, Monday
        re.compile(
            rf"\b(?:(?P<next>next|this|coming)\s+)?(?:hari\s+)?(?P<wd>{day})\b"
            r"(?:\s+(?P<after>depan|ini|besok|minggu depan|pekan depan))?",
            re.I,
        ),
    )


_TIME = re.compile(
    r"(?:(?P<kw>\b(?:pukul|pkl|jam|at|@)\.?)\s*)?"
    r"(?<![\d/.:-])(?P<h>\d{1,2})(?:(?P<sep>[.:])(?P<min>\d{2}))?(?![\d/])"
    r"(?:[ \t]*(?P<ampm>a\.?m\.?|p\.?m\.?))?"  # (on the time's own line, as its zone)
    r"(?:\s*(?:-|–|—|s\.?d\.?|sampai|to|until)\s*\d{1,2}(?:[.:]\d{2})?"
    r"(?:[ \t]*(?P<ampm2>a\.?m\.?|p\.?m\.?))?)?"
    r"(?:\s*(?P<part>pagi|siang|sore|malam))?"
    r"(?:[ \t]*\(?[ \t]*(?P<zone>(?:gmt|utc)[ \t]*[+\-−][ \t]*\d{1,2}(?:[:.]?\d{2})?|(?:"
    + _ZONE_WORDS
    + r")|(?-i:[A-Z]{2,4}T))\b)?",
    re.I,
)


MAX_DATES = 200  # a message names a handful; past this the rest is not read


def dates(text: str, now: datetime) -> list[Found]:
    """Every date the text names, in order, read against `now` (its zone's calendar). Linear
    in the text: each character is claimed by one date at most."""
    found: list[Found] = []
    covered = bytearray(len(text) + 8)  # 1 where a date already read lies
    starts = bytearray(len(text) + 8)  # 1 where one begins
    today = now.date()
    months, days = _names()
    for pattern in _patterns():
        for match in pattern.finditer(text):
            if len(found) >= MAX_DATES:
                break
            if any(covered[match.start() : match.end()]):
                continue  # (a weekday inside a date already read, ...)
            if match.groupdict().get("wd") and any(starts[match.end() : match.end() + 5]):
                continue  # "Kamis, 26 November": the weekday of the date that follows
            day = _day(match, today, months, days)
            if day is None:
                continue
            covered[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
            starts[match.start()] = 1
            relative = bool(match.groupdict().get("rel") or match.groupdict().get("wd"))
            relative = relative and not match.groupdict().get("d")
            found.append(Found(match.start(), match.end(), day=day, relative=relative))
    return sorted(found, key=lambda f: f.start)


def mentions_date(text: str) -> bool:
    """Whether the text names a date at all, even one that cannot be (29 February of a year
    without one, the year 9999): then a time in it is that date's, never today's."""
    return any(pattern.search(text) for pattern in _patterns())


def _day(
    match: re.Match[str], today: date, months: dict[str, int], days: dict[str, int]
) -> date | None:
    groups = match.groupdict()
    if groups.get("rel"):
        word = groups["rel"].lower()
        shift = {"hari ini": 0, "today": 0, "besok": 1, "besok pagi": 1, "tomorrow": 1}
        return today + timedelta(days=shift.get(word, 2))
    if groups.get("wd"):
        weekday = days[groups["wd"].lower()]
        ahead = (weekday - today.weekday()) % 7
        after = (groups.get("after") or "").lower()
        coming = (groups.get("next") or "").lower() == "next"
        if after in ("depan", "minggu depan", "pekan depan") or coming:
            # "Senin depan": the Monday of next week
            monday_next = today + timedelta(days=7 - today.weekday())
            return monday_next + timedelta(days=weekday)
        return today + timedelta(days=ahead)
    named = (groups.get("month") or "").lower().rstrip(".")
    month = months.get(named) if named else None
    if month is None and groups.get("m"):
        month = int(groups["m"])
    if month is None or not 1 <= month <= 12:
        return None
    try:
        number = int(groups["d"])
        if groups.get("year"):
            year = int(groups["year"])
            year = year + 2000 if len(groups["year"]) == 2 else year
            if not MIN_YEAR <= year <= MAX_YEAR:  # ("0001", "9999": no interview is then)
                return None
            return date(year, month, number)
        guess = date(today.year, month, number)
    except ValueError:
        return None
    if guess < today - timedelta(days=GRACE_DAYS):
        try:
            guess = date(today.year + 1, month, number)
        except ValueError:  # 29 February, next year not a leap year: not a date to propose
            return None
    return guess


def times(text: str) -> list[Found]:
    """Every time of day the text names (with its zone when said), in order. A bare number
    counts only with a keyword ("jam 2"), minutes ("10.00") or am/pm."""
    found = []
    for match in _TIME.finditer(text):
        hour, minute = int(match["h"]), int(match["min"] or 0)
        if not (match["kw"] or match["min"] or match["ampm"]):
            continue
        bare = match["sep"] == "." and not match["kw"] and not match["zone"]
        if bare and _dotted_number(text, match):
            continue
        # "3:00–3:30 PM": the range's am/pm is its start's too
        ampm = (match["ampm"] or match["ampm2"] or "").lower().replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        part = (match["part"] or "").lower()
        noon = part == "siang" and hour >= 11  # "jam 11 siang" is 11.00
        if part in ("siang", "sore", "malam") and hour < 12 and not noon:
            hour += 12
        elif part == "malam" and hour == 12:  # "jam 12 malam" is midnight
            hour = 0
        if hour > 23 or minute > 59:
            continue
        zone = zone_of(match["zone"] or "")
        found.append(Found(match.start(), match.end(), clock=time(hour, minute), zone=zone))
    return found


_PLACE_NUMBER = re.compile(r"(?:lt|kav|no|rp|blok|jl|ruang|r|unit|room|gedung|lantai)\.?\s*$")


def _dotted_number(text: str, match: re.Match[str]) -> bool:
    """ "Lt. 12", "Kav. 5", "No. 10" or an amount, not a time: a word before it that names one."""
    before = text[max(0, match.start() - 8) : match.start()].lower()
    return bool(
        re.search(r"(?:lt|kav|no|rp|blok|jl|ruang|r|unit|room|gedung|lantai)\.?\s*$", before)
    )


def zone_of(said: str) -> str | None:
    """The zone a time names: a zone's name ("Asia/Singapore"), an offset ("UTC+08:00"),
    `UNKNOWN` (one the reader cannot place: an abbreviation two regions share, an offset no
    place on Earth has), or None (none named)."""
    said = said.strip()
    if not said:
        return None
    offset = _OFFSET.fullmatch(said)
    if offset is None:
        return ZONES.get(said.lower(), UNKNOWN)
    hours, minutes = int(offset["h"]), int(offset["m"] or 0)
    if hours > 14 or minutes > 59:
        return UNKNOWN
    sign = "-" if offset["sign"] in "-−" else "+"
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def day_shift(now: datetime, said_zone: str | None) -> timedelta:
    """How far the sender's calendar is from the case's right now: "besok jam 10.00 UTC" read
    at 05.00 WIB is the next day in London, which is today in Jakarta's calendar."""
    if not said_zone or said_zone == UNKNOWN:
        return timedelta(0)
    return now.astimezone(_zone(said_zone)).date() - now.date()


def _zone(name: str) -> tzinfo:
    if name.startswith("UTC") and len(name) > 3:  # "UTC+08:00"
        hours, minutes = int(name[4:6]), int(name[7:9])
        offset = timedelta(hours=hours, minutes=minutes)
        return timezone(-offset if name[3] == "-" else offset)
    return ZoneInfo(name)


def moment(day: date, clock: time, said_zone: str | None, case_zone: str) -> datetime:
    """The instant, in the case's zone: a time said in WITA is WITA's, one said in SGT or
    GMT+8 Singapore's."""
    here = _zone(said_zone or case_zone)
    return datetime.combine(day, clock, tzinfo=here).astimezone(ZoneInfo(case_zone))
