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
from datetime import date, datetime, time, timedelta
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


def is_business_day(day: date, country: str, joint_leave: bool) -> bool:
    return day.weekday() < 5 and day not in closed_days(country, day.year, joint_leave)


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


if __name__ == "__main__":  # `make holidays-data`
    print(json.dumps(build_table(), indent=1))
