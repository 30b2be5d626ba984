"""Business days with Indonesian public holidays and cuti bersama (from `holidays`)."""

from __future__ import annotations

from datetime import date, time

import pytest

from followup.business_days import (
    add_business_days,
    business_day_at_opening,
    is_business_day,
    supported_country,
)
from tests.conftest import JAKARTA


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        # an ordinary week: Thursday + 5 bd = next Thursday
        (date(2026, 11, 19), 5, date(2026, 11, 26)),
        (date(2026, 11, 19), 1, date(2026, 11, 20)),
        # Friday + 1 bd skips the weekend
        (date(2026, 11, 27), 1, date(2026, 11, 30)),
        # from a Saturday, the first business day is Monday
        (date(2026, 11, 21), 1, date(2026, 11, 23)),
        # Christmas week: Thu 24 Dec is cuti bersama, Fri 25 Dec is Christmas
        (date(2026, 12, 22), 5, date(2026, 12, 31)),
        (date(2026, 12, 23), 1, date(2026, 12, 28)),
        # Idul Fitri 2026: Fri 20 (cuti bersama) .. Tue 24 March are all closed
        (date(2026, 3, 19), 1, date(2026, 3, 25)),
        # New Year's Day 2027 (Friday)
        (date(2026, 12, 31), 1, date(2027, 1, 4)),
        # n == 0 is the day itself
        (date(2026, 11, 19), 0, date(2026, 11, 19)),
    ],
)
def test_add_business_days_indonesia(day: date, n: int, expected: date) -> None:
    assert add_business_days(day, n, "ID", joint_leave=True) == expected


@pytest.mark.parametrize(
    ("day", "joint", "expected"),
    [
        (date(2026, 12, 24), True, False),  # cuti bersama observed by default
        (date(2026, 12, 24), False, True),  # policy off: a normal Thursday
        (date(2026, 12, 25), False, False),  # Christmas is a public holiday either way
        (date(2026, 11, 21), False, False),  # Saturday
        (date(2026, 11, 23), True, True),  # Monday
    ],
)
def test_joint_leave_policy(day: date, joint: bool, expected: bool) -> None:
    assert is_business_day(day, "ID", joint) is expected


def test_other_country_uses_its_own_holidays() -> None:
    # 4 July 2025 is a Friday holiday in the US and an ordinary day in Indonesia.
    assert not is_business_day(date(2025, 7, 4), "US", joint_leave=True)
    assert is_business_day(date(2025, 7, 4), "ID", joint_leave=True)


def test_opening_is_local_time() -> None:
    moment = business_day_at_opening(date(2026, 11, 19), 5, JAKARTA, "ID", True, time(9, 0))
    assert moment.isoformat() == "2026-11-26T09:00:00+07:00"


@pytest.mark.parametrize(
    ("code", "known"), [("ID", True), ("US", True), ("XX", False), ("id", False)]
)
def test_supported_country(code: str, known: bool) -> None:
    assert supported_country(code) is known


def test_shipped_table_is_what_the_pinned_holidays_computes() -> None:
    """data/closed_days.json is a cache of `holidays`; `make holidays-data` rebuilds it."""
    import json

    from followup.business_days import build_table
    from followup.paths import PACKAGE_DIR

    shipped = json.loads((PACKAGE_DIR / "data" / "closed_days.json").read_text())
    assert shipped == build_table()


def test_years_outside_the_table_ask_holidays() -> None:
    # 2040 is past the shipped table: computed on the fly. Fri 17 Aug is Independence Day.
    assert not is_business_day(date(2040, 8, 17), "ID", joint_leave=True)
    assert is_business_day(date(2040, 8, 16), "ID", joint_leave=True)
