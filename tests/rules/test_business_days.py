"""Business days with Indonesian public holidays and cuti bersama (from `holidays`)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bench.cases import JAKARTA
from followup.business_days import (
    BusinessTime,
    add_business_days,
    business_day_at_opening,
    is_business_day,
    next_business_day,
    supported_country,
)


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


# --- business hours (Revision 2): 08:00-17:00 on business days --------------------------------
def jakarta_hours() -> BusinessTime:
    return BusinessTime(JAKARTA, "ID", True, time(8, 0), time(17, 0))


def wib(iso: str) -> datetime:
    return datetime.fromisoformat(iso).replace(tzinfo=JAKARTA)


@pytest.mark.parametrize(
    ("moment", "is_open", "next_opening", "next_closing"),
    [
        ("2026-11-20T07:59:59", False, "2026-11-20T08:00", "2026-11-20T17:00"),  # Fri
        ("2026-11-20T08:00:00", True, "2026-11-20T08:00", "2026-11-20T17:00"),
        ("2026-11-20T16:59:59", True, "2026-11-23T08:00", "2026-11-20T17:00"),
        ("2026-11-20T17:00:00", False, "2026-11-23T08:00", "2026-11-23T17:00"),  # weekend
        ("2026-11-21T12:00:00", False, "2026-11-23T08:00", "2026-11-23T17:00"),  # Sat
        ("2026-12-23T18:00:00", False, "2026-12-28T08:00", "2026-12-28T17:00"),  # Christmas
        ("2026-12-24T10:00:00", False, "2026-12-28T08:00", "2026-12-28T17:00"),  # cuti bersama
        ("2026-03-19T17:30:00", False, "2026-03-25T08:00", "2026-03-25T17:00"),  # Idul Fitri
    ],
)
def test_opening_and_closing(
    moment: str, is_open: bool, next_opening: str, next_closing: str
) -> None:
    hours = jakarta_hours()
    assert hours.is_open(wib(moment)) is is_open
    assert hours.next_opening(wib(moment)) == wib(next_opening)
    assert hours.next_closing(wib(moment)) == wib(next_closing)
    assert hours.send_window(wib(moment)) == (None if is_open else wib(next_opening))


@pytest.mark.parametrize(
    ("moment", "deadline"),
    [
        ("2026-11-21T19:00", "2026-11-23T17:00"),  # Sat evening -> Mon closing
        ("2026-11-19T20:30", "2026-11-20T17:00"),  # Thu night -> Fri closing
        ("2026-11-24T11:00", "2026-11-24T11:00"),  # in hours: unchanged
        ("2026-11-24T17:00", "2026-11-24T17:00"),  # the closing itself
        ("2026-11-24T17:00:01", "2026-11-25T17:00"),
        ("2026-11-24T08:00", "2026-11-24T08:00"),  # the opening itself
        ("2026-11-24T07:59:59", "2026-11-24T17:00"),  # before opening: that day's closing
        ("2026-12-24T11:00", "2026-12-28T17:00"),  # cuti bersama -> Mon 28
    ],
)
def test_deadline_moves_into_business_hours(moment: str, deadline: str) -> None:
    assert jakarta_hours().deadline(wib(moment)) == wib(deadline)


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        ("2026-11-21T09:00", "2026-11-23T10:00", 2),  # Sat 09:00 -> Mon 10:00
        ("2026-11-20T16:00", "2026-11-23T10:00", 3),  # Fri last hour + Mon 2
        ("2026-11-23T10:00", "2026-11-23T10:00", 0),
        ("2026-11-23T10:00", "2026-11-20T10:00", 0),  # end before start
        ("2026-11-16T08:00", "2026-11-21T00:00", 45),  # a whole week
        ("2026-12-23T10:00", "2026-12-28T10:00", 9),  # Wed 7 + Mon 2 (Thu, Fri closed)
    ],
)
def test_hours_between(start: str, end: str, hours: int) -> None:
    assert jakarta_hours().hours_between(wib(start), wib(end)) == timedelta(hours=hours)


@pytest.mark.parametrize(
    ("end", "hours", "instant"),
    [
        ("2026-11-23T10:00", 2, "2026-11-23T08:00"),  # exactly at the opening
        ("2026-11-23T10:00", 3, "2026-11-20T16:00"),  # back over the weekend
        ("2026-11-25T10:00", 24, "2026-11-20T13:00"),
        ("2026-11-25T10:00", 48, "2026-11-17T16:00"),
        ("2026-11-23T07:00", 1, "2026-11-20T16:00"),  # end before opening
        ("2026-12-28T10:00", 9, "2026-12-23T10:00"),  # over Christmas
    ],
)
def test_before(end: str, hours: int, instant: str) -> None:
    business = jakarta_hours()
    found = business.before(wib(end), timedelta(hours=hours))
    assert found == wib(instant)
    assert business.hours_between(found, wib(end)) == timedelta(hours=hours)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 20), date(2026, 11, 20)),  # a business day: itself
        (date(2026, 11, 21), date(2026, 11, 23)),  # Sat -> Mon
        (date(2026, 12, 24), date(2026, 12, 28)),  # cuti bersama, Christmas, weekend
    ],
)
def test_next_business_day(day: date, expected: date) -> None:
    assert next_business_day(day, "ID", joint_leave=True) == expected


def test_business_hours_across_a_daylight_saving_change() -> None:
    # London moves its clocks on Sun 29 Mar 2026: the week's hours are still 9 a day
    london = BusinessTime(ZoneInfo("Europe/London"), "GB", True, time(8), time(17))
    start = datetime(2026, 3, 27, 8, tzinfo=london.tz)
    end = datetime(2026, 3, 31, 17, tzinfo=london.tz)
    assert london.hours_between(start, end) == timedelta(hours=27)
    assert london.before(end, timedelta(hours=27)) == start
