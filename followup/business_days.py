"""Business days: Monday to Friday that are neither a public holiday nor (by default, in
Indonesia) a joint-leave day (*cuti bersama*), from the `holidays` package.

`D + n bd` in `etiquette-rules.md` is `business_day_at_opening(D, n, ...)`: the n-th
business day strictly after the calendar date D, at its opening time in local time.

Importing `holidays` and its country calendars costs about 0.3 s (it loads every country),
which would dominate the CLI's start. So the Indonesian calendar of `TABLE_YEARS` and the list
of supported countries, as computed by the pinned `holidays`, ship in `data/closed_days.json`
(`make holidays-data` rebuilds it; a test checks it against the package); any other country
or year asks `holidays` directly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from followup.paths import PACKAGE_DIR

TABLE_COUNTRIES = ("ID",)
TABLE_YEARS = range(2020, 2036)
# Joint leave (cuti bersama) is the "government" category of the Indonesian calendar only.
_JOINT_LEAVE_COUNTRIES = frozenset({"ID"})


def computed_supported_countries() -> list[str]:
    """Every ISO 3166-1 alpha-2 code `holidays` has a calendar for."""
    from holidays.registry import COUNTRIES  # names them without importing each country

    return sorted({names[1] for names in COUNTRIES.values()})


def supported_country(code: str) -> bool:
    """True when `holidays` knows the public holidays of the ISO 3166-1 alpha-2 `code`."""
    return code in frozenset(_shipped_table()["supported_countries"])


def computed_closed_days(country: str, year: int, category: str) -> frozenset[date]:
    """The days of one `holidays` category ("public" or "government") of a year."""
    import holidays

    calendar = holidays.country_holidays(country, years=year, categories=(category,))
    return frozenset(calendar.keys())


def build_table() -> dict[str, Any]:
    """The shipped table: public and joint-leave days of TABLE_COUNTRIES in TABLE_YEARS."""
    import holidays

    version = getattr(holidays, "__version__", "")
    table: dict[str, Any] = {
        "holidays_version": version,
        "supported_countries": computed_supported_countries(),
        "countries": {},
    }
    for country in TABLE_COUNTRIES:
        table["countries"][country] = {
            str(year): {
                "public": sorted(
                    d.isoformat() for d in computed_closed_days(country, year, "public")
                ),
                "joint_leave": sorted(
                    d.isoformat() for d in computed_closed_days(country, year, "government")
                ),
            }
            for year in TABLE_YEARS
        }
    # 1 Syawal of each year, for the Lebaran line (followup.lebaran) without loading `holidays`
    table["idul_fitri"] = {
        str(year): [day.isoformat() for day in computed_idul_fitri(year)] for year in TABLE_YEARS
    }
    return table


@lru_cache(maxsize=1)
def _shipped_table() -> dict[str, Any]:
    raw = (PACKAGE_DIR / "data" / "closed_days.json").read_text(encoding="utf-8")
    table: dict[str, Any] = json.loads(raw)
    return table


@lru_cache(maxsize=256)
def closed_days(country: str, year: int, joint_leave: bool) -> frozenset[date]:
    """Public holidays (and joint-leave days where they exist and are observed) of a year."""
    joint = joint_leave and country in _JOINT_LEAVE_COUNTRIES
    shipped = _shipped_table()["countries"].get(country, {}).get(str(year))
    if shipped is not None:
        days = shipped["public"] + (shipped["joint_leave"] if joint else [])
        return frozenset(date.fromisoformat(d) for d in days)
    closed = computed_closed_days(country, year, "public")
    if joint:
        closed |= computed_closed_days(country, year, "government")
    return closed


# Words dropped to name a closure shortly: "Cuti Bersama Hari Raya Idul Fitri" -> "Idul Fitri".
_NAME_NOISE = (
    "Cuti Bersama ",
    "Hari kedua dari ",
    "Hari Suci ",
    "Hari Raya ",
    " Joint Holiday",
    " Second Day",
)


@lru_cache(maxsize=64)
def _holiday_names(country: str, year: int, lang: str) -> dict[date, str]:
    """The names of a year's closed days in `lang` (from `holidays`, loaded only when a reason
    names a closure)."""
    import holidays

    categories = ("public", "government") if country in _JOINT_LEAVE_COUNTRIES else ("public",)
    tongue = "id" if lang == "id" else "en_US"
    try:
        found = holidays.country_holidays(
            country, years=year, categories=categories, language=tongue
        )
    except (NotImplementedError, KeyError, ValueError):
        return {}
    return dict(found.items())


SYAWAL_DAYS = 30  # Syawal has 29 or 30 days; its last day is read as part of it


@lru_cache(maxsize=16)
def idul_fitri_days(year: int) -> tuple[date, ...]:
    """The first days of Idul Fitri (1 Syawal) in `year` (two in a year such as 2033), as
    Indonesia's calendar in `holidays` has them, estimated years included. The shipped table
    has TABLE_YEARS: `holidays` is loaded only for a year beyond it."""
    shipped = _shipped_table().get("idul_fitri", {}).get(str(year))
    if shipped is not None:
        return tuple(date.fromisoformat(day) for day in shipped)
    return computed_idul_fitri(year)


def idul_fitri(year: int) -> date | None:
    """The first Idul Fitri of `year`, None where the calendar has none."""
    return min(idul_fitri_days(year), default=None)


def computed_idul_fitri(year: int) -> tuple[date, ...]:
    """1 Syawal of `year` from `holidays` (the shipped table's source). A day with two
    holidays is named "Ascension Day; Eid al-Fitr"."""
    import holidays

    try:
        found = holidays.country_holidays("ID", years=year, language="en_US")
    except (NotImplementedError, KeyError, ValueError):
        return ()
    return tuple(
        sorted(
            day
            for day, names in found.items()
            for name in names.split("; ")
            if name.startswith("Eid al-Fitr") and "Second Day" not in name
        )
    )


def syawal_start(day: date) -> date | None:
    """1 Syawal when `day` lies in the month of Syawal (from Idul Fitri on), else None (the
    month may begin in the year before)."""
    for first in (*idul_fitri_days(day.year - 1), *idul_fitri_days(day.year)):
        if first <= day < first + timedelta(days=SYAWAL_DAYS):
            return first
    return None


def closure_names(country: str, days: tuple[date, ...], lang: str) -> list[str]:
    """Short names of the holidays on `days`, each once, in order ("Nyepi", "Idul Fitri")."""
    names: list[str] = []
    for day in days:
        name = _holiday_names(country, day.year, lang).get(day)
        if not name:
            continue
        for noise in _NAME_NOISE:
            name = name.replace(noise, "")
        name = name.strip()
        if name and name not in names:
            names.append(name)
    return names


def is_business_day(day: date, country: str, joint_leave: bool) -> bool:
    return day.weekday() < 5 and day not in closed_days(country, day.year, joint_leave)


@lru_cache(maxsize=4096)  # the same few dates are counted from on every plan
def add_business_days(day: date, n: int, country: str, joint_leave: bool) -> date:
    """The n-th business day strictly after `day` (n >= 1); `day` itself when n == 0."""
    current = day
    remaining = n
    while remaining > 0:
        current += timedelta(days=1)
        if is_business_day(current, country, joint_leave):
            remaining -= 1
    return current


def business_day_at_opening(
    day: date, n: int, tz: ZoneInfo, country: str, joint_leave: bool, opening: time
) -> datetime:
    """`day + n bd`: the opening of the n-th business day after `day`, in `tz`."""
    target = add_business_days(day, n, country, joint_leave)
    return datetime.combine(target, opening, tzinfo=tz)


def next_business_day(day: date, country: str, joint_leave: bool) -> date:
    """`day` itself when it is a business day, else the first business day after it."""
    while not is_business_day(day, country, joint_leave):
        day += timedelta(days=1)
    return day


# --- business hours ------------------------------------------------------------------------
@dataclass(frozen=True)
class BusinessTime:
    """When HR reads messages in one place: business days, from `opening` to `closing` local.

    Every instant it returns is expressed in `tz`. Hours are half-open ([08:00, 17:00)) for
    "is the office open now", but a deadline may fall on the closing instant itself.
    """

    tz: ZoneInfo
    country: str
    joint_leave: bool
    opening: time
    closing: time

    def is_business_day(self, day: date) -> bool:
        return is_business_day(day, self.country, self.joint_leave)

    def _at(self, day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, tzinfo=self.tz)

    def closing_of(self, day: date) -> datetime:
        return self._at(day, self.closing)

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(self.tz)
        return self.opening <= local.time() < self.closing and self.is_business_day(local.date())

    def next_opening(self, moment: datetime) -> datetime:
        """The first opening at or after `moment`."""
        local = moment.astimezone(self.tz)
        day = local.date()
        if local.time() > self.opening:
            day += timedelta(days=1)
        return self._at(next_business_day(day, self.country, self.joint_leave), self.opening)

    def next_closing(self, moment: datetime) -> datetime:
        """The first closing after `moment` (while open: today's)."""
        local = moment.astimezone(self.tz)
        day = local.date()
        if local.time() >= self.closing:
            day += timedelta(days=1)
        return self.closing_of(next_business_day(day, self.country, self.joint_leave))

    def send_window(self, moment: datetime) -> datetime | None:
        """None while the office is open (send now); otherwise when it opens next."""
        return None if self.is_open(moment) else self.next_opening(moment)

    def deadline(self, moment: datetime) -> datetime:
        """`moment` as a deadline HR can meet: itself when it falls within a business day's
        hours (closing included), else the closing of the business day that opens next."""
        local = moment.astimezone(self.tz)
        if self.opening <= local.time() <= self.closing and self.is_business_day(local.date()):
            return local
        return self.closing_of(self.next_opening(local).date())

    def closing_after(self, day: date, n: int) -> datetime:
        """The closing of the n-th business day after `day`."""
        return self.closing_of(add_business_days(day, n, self.country, self.joint_leave))

    def _hours_of(self, day: date) -> tuple[datetime, datetime] | None:
        if not self.is_business_day(day):
            return None
        return self._at(day, self.opening), self._at(day, self.closing)

    def hours_between(self, start: datetime, end: datetime) -> timedelta:
        """Business time in [start, end) (zero when end <= start)."""
        total = timedelta(0)
        day = start.astimezone(self.tz).date()
        last = end.astimezone(self.tz).date()
        while day <= last:
            hours = self._hours_of(day)
            if hours is not None:
                lo, hi = max(hours[0], start), min(hours[1], end)
                if hi > lo:
                    total += _elapsed(lo, hi)
            day += timedelta(days=1)
        return total

    def before(self, end: datetime, amount: timedelta) -> datetime:
        """The latest instant from which exactly `amount` of business time remains until
        `end` (amount > 0): from just after it, less remains."""
        remaining = amount
        day = end.astimezone(self.tz).date()
        while True:
            hours = self._hours_of(day)
            if hours is not None and hours[0] < end:
                top = min(hours[1], end)
                available = _elapsed(hours[0], top)
                if remaining <= available:
                    return (top.astimezone(UTC) - remaining).astimezone(self.tz)
                remaining -= available
            day -= timedelta(days=1)


def _elapsed(start: datetime, end: datetime) -> timedelta:
    """`end - start` in elapsed time (the models' `elapsed`; this module stays below them)."""
    return end.astimezone(UTC) - start.astimezone(UTC)


if __name__ == "__main__":  # `make holidays-data`
    print(json.dumps(build_table(), indent=1))
