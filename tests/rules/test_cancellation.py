"""Cancelling or rescheduling an interview: the reason decides which (one recommendation,
never two opposites), the notice is counted in clock hours and business days (48 h or two
business days, 24 h or one, the start) and said in the measure that holds, a call
waits for the office to open, the proposed slots are checked, and the steps recorded after.

The base interview is Wed 2026-11-25 10:00 WIB (Asia/Jakarta); business hours 08:00-17:00,
Mon-Fri, without holidays and cuti bersama.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench.cases import at
from tests.conftest import events
from tests.rules.plans import cancel_at, plan_at, state


# --- cancel and reschedule: notice in clock hours and in business days ----------------------
# Revision 3: the notice is short when fewer than 24 clock hours or fewer than 9 business hours
# (one business day, 08:00-17:00) remain (`notice_under_24h`); else when fewer than 48 clock
# hours or 18 business hours remain (`notice_under_48h`). For Wed 25 Nov 10:00 both measures
# agree: Tue 24 and Mon 23, 10:00. Rows outside business hours with `phone_first` also get
# `call_when_open`.
def cancel_case(
    reason: str, interested: bool, fmt: str = "in_person", start: str = "2026-11-25T10:00"
) -> dict[str, Any]:
    return {
        "stage": "scheduled",
        "interview": {"start": start, "format": fmt},
        "cancel": {
            "reason": reason,
            "still_interested": interested,
            "proposed_slots": ["2026-11-30T10:00", "2026-12-01T14:00"],
        },
    }


URGENT = ["notice_under_24h", "phone_first", "reason_not_urgent"]
CLOSED = ["notice_under_24h", "phone_first", "call_when_open", "reason_not_urgent"]


@pytest.mark.parametrize(
    ("now", "reason", "expected"),
    [
        ("2026-11-17T16:00:01", "schedule_conflict", ("now", [])),  # a week ahead
        ("2026-11-20T13:00:01", "schedule_conflict", ("now", [])),  # 24 business hours
        # the weekend: 20 business hours and 96 clock hours remain, nothing is short
        ("2026-11-21T10:00:00", "schedule_conflict", ("now", [])),
        ("2026-11-23T10:00:00", "schedule_conflict", ("now", [])),  # exactly 48 h / 18 bh
        ("2026-11-23T10:00:01", "schedule_conflict", ("now", ["notice_under_48h"])),
        ("2026-11-24T10:00:00", "schedule_conflict", ("now", ["notice_under_48h"])),
        ("2026-11-24T10:00:01", "schedule_conflict", ("now", URGENT)),  # under 24 h / 9 bh
        ("2026-11-24T10:00:01", "illness", ("now", ["notice_under_24h", "phone_first"])),
        ("2026-11-24T10:00:01", "family_emergency", ("now", ["notice_under_24h", "phone_first"])),
        ("2026-11-24T10:00:01", "unexpected", ("now", ["notice_under_24h", "phone_first"])),
        ("2026-11-24T10:00:01", "not_interested", ("now", URGENT)),
        ("2026-11-24T18:00:00", "schedule_conflict", ("now", CLOSED)),  # the office is closed
        ("2026-11-25T09:59:59", "not_interested", ("now", URGENT)),
        ("2026-11-25T10:00:00", "not_interested", ("expired", [])),  # the start
    ],
)
def test_cancel_notice(now: str, reason: str, expected: Any) -> None:
    plan = plan_at(now, **cancel_case(reason, interested=False))
    assert state(plan, "cancel_interview") == expected
    assert plan.get("reschedule_interview") is None
    missed = state(plan, "apologize_missed_interview")
    assert missed == (("now", ["phone_first"]) if expected[0] == "expired" else None)


@pytest.mark.parametrize(
    ("start", "now", "flags", "said"),
    [
        # Revision 3's examples. Sat 09:00 for Mon 10:00: 2 business hours, though 49 clock
        # hours: short in working days, and the text says so (not "24 hours")
        (
            "2026-11-23T10:00",
            "2026-11-21T09:00",
            ["notice_under_24h", "phone_first", "call_when_open", "reason_not_urgent"],
            "kurang dari satu hari kerja",
        ),
        # Thu 15:00 for Tue 10:00: 22 business hours, 115 clock hours: no flag
        ("2026-11-24T10:00", "2026-11-19T15:00", [], None),
        # Mon 16 Mar 10:00 for Wed 25 Mar 10:00 over the Nyepi and Idul Fitri closure
        # (18-24 Mar): 18 business hours are left, nine days of notice: no flag
        ("2026-03-25T10:00", "2026-03-16T10:00", [], None),
        # the evening before: 15 clock hours, the clock's measure is said
        (
            "2026-11-25T10:00",
            "2026-11-24T19:00",
            ["notice_under_24h", "phone_first", "call_when_open", "reason_not_urgent"],
            "kurang dari 24 jam",
        ),
        # Fri 16:00 for Tue 10:00: 90 clock hours, but 11 business hours: two working days
        ("2026-11-24T10:00", "2026-11-20T16:00", ["notice_under_48h"], "dua hari kerja"),
    ],
)
def test_notice_counts_clock_hours_and_business_days(
    start: str, now: str, flags: list[str], said: str | None
) -> None:
    case = cancel_case("schedule_conflict", interested=False, start=start)
    plan = plan_at(now, **case, invited_at="2026-03-02T09:00")
    rec = plan.get("cancel_interview")
    assert rec is not None
    assert rec.flags == flags
    if said is not None:
        assert said in rec.reason
    assert ("24 jam" in rec.reason) == (said == "kurang dari 24 jam")  # never a false "24 h"


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-17T10:00", ("now", [])),
        ("2026-11-23T12:00", ("now", ["notice_under_48h"])),  # 46 clock hours
        ("2026-11-24T12:00", ("now", ["notice_under_24h", "phone_first"])),  # 22 clock hours
        # Sunday: 20 business hours and 72 clock hours: enough notice
        ("2026-11-22T10:00", ("now", [])),
        ("2026-11-25T10:00", ("expired", [])),
    ],
)
def test_reschedule_when_still_interested(now: str, expected: Any) -> None:
    slots = ["2026-11-30T10:00", "2026-12-01T14:00"]
    case = cancel_case("illness", interested=True)
    case["cancel"]["proposed_slots"] = slots
    plan = plan_at(now, **case)
    assert state(plan, "reschedule_interview") == expected
    cancel_status = "avoid" if expected[0] == "now" else "expired"
    assert state(plan, "cancel_interview") == (cancel_status, [])


def test_unprepared_never_cancels() -> None:
    """Revision 3: ask about the interview first; a new date is an option."""
    plan = plan_at("2026-11-17T10:00", **cancel_case("unprepared", interested=False))
    assert state(plan, "cancel_interview") == ("avoid", [])
    assert state(plan, "ask_interview_info") == ("now", [])
    assert state(plan, "reschedule_interview") == ("now", ["optional"])
    assert plan.actions[0].action == "ask_interview_info"
    rec = plan.get("cancel_interview")
    assert rec is not None
    assert "informasi" in rec.reason
    no_slots = cancel_case("unprepared", interested=False)
    no_slots["cancel"]["proposed_slots"] = []
    bare = plan_at("2026-11-17T10:00", **no_slots)
    assert state(bare, "ask_interview_info") == ("now", [])
    assert bare.get("reschedule_interview") is None  # no date proposed: asking is the step


def test_recruiter_means_phone_first() -> None:
    plan = plan_at(
        "2026-11-17T10:00",
        **cancel_case("schedule_conflict", interested=False),
        contact={"via_recruiter": True},
    )
    assert state(plan, "cancel_interview") == ("now", ["phone_first"])
    evening = plan_at(
        "2026-11-23T19:00",
        **cancel_case("schedule_conflict", interested=False),
        contact={"via_recruiter": True},
    )  # 39 clock hours, after closing: write now, call at Tue 08:00
    assert state(evening, "cancel_interview") == (
        "now",
        ["notice_under_48h", "phone_first", "call_when_open"],
    )


def test_cancel_events() -> None:
    done = plan_at(
        "2026-11-26T10:00",
        **cancel_case("illness", interested=False),
        events=events(("interview_cancelled", "2026-11-22T10:00")),
    )
    assert state(done, "cancel_interview") == ("done", [])
    assert done.get("apologize_missed_interview") is None  # cancelled in time: nothing missed
    assert done.get("apology_note") is None  # in person: no written note needed
    video = plan_at(
        "2026-11-22T12:00",
        **cancel_case("illness", interested=False, fmt="video"),
        events=events(("interview_cancelled", "2026-11-22T10:00")),
    )
    assert state(video, "apology_note") == ("now", [])
    noted = plan_at(
        "2026-11-22T12:00",
        **cancel_case("illness", interested=False, fmt="phone"),
        events=events(
            ("interview_cancelled", "2026-11-22T10:00"), ("apology_sent", "2026-11-22T11:00")
        ),
    )
    assert state(noted, "apology_note") == ("done", [])
    declined = plan_at(
        "2026-11-23T12:00",
        **cancel_case("illness", interested=True),
        events=events(
            ("reschedule_requested", "2026-11-22T10:00"),
            ("reschedule_declined", "2026-11-23T10:00"),
        ),
    )
    assert state(declined, "reschedule_interview") == ("done", [])
    assert state(declined, "reply_reschedule_declined") == ("now", [])


@pytest.mark.parametrize(
    ("slots", "error_field"),
    [
        (["2026-11-30T10:00"], "cancel.proposed_slots"),
        ([], "cancel.proposed_slots"),
        (["2026-11-30T10:00", "2026-11-22T09:00"], "cancel.proposed_slots[1]"),  # < now + 24 h
    ],
)
def test_reschedule_slots_are_checked(slots: list[str], error_field: str) -> None:
    from followup.errors import CaseError

    case = cancel_case("illness", interested=True)
    case["cancel"]["proposed_slots"] = slots
    with pytest.raises(CaseError) as caught:
        plan_at("2026-11-21T10:00", **case)
    assert caught.value.field == error_field


def test_slot_exactly_24h_ahead_is_accepted() -> None:
    case = cancel_case("illness", interested=True)
    case["cancel"]["proposed_slots"] = ["2026-11-22T10:00", "2026-11-30T10:00"]
    # slots are checked in clock time; the notice (Saturday: 20 business hours, 96 clock
    # hours) is enough
    assert state(plan_at("2026-11-21T10:00", **case), "reschedule_interview") == ("now", [])


# --- the reason decides: cancel, or reschedule while still interested -------------------------
@pytest.mark.parametrize(
    ("reason", "interested", "cancel", "reschedule"),
    [
        ("illness", True, "avoid", "now"),
        ("illness", False, "now", None),
        ("unprepared", False, "avoid", "now"),
        # Revision 2: these end the application; still_interested is ignored
        ("accepted_other_offer", True, "now", None),
        ("not_interested", True, "now", None),
        ("accepted_other_offer", False, "now", None),
    ],
)
def test_cancel_reason_decides_cancel_or_reschedule(
    reason: str, interested: bool, cancel: str, reschedule: str | None
) -> None:
    case = {
        "stage": "scheduled",
        "interview": {"start": "2026-12-03T10:00"},
        "cancel": {
            "reason": reason,
            "still_interested": interested,
            "proposed_slots": ["2026-12-07T10:00", "2026-12-08T10:00"],
        },
    }
    plan = plan_at("2026-11-23T10:00", **case)
    rec = plan.get("cancel_interview")
    assert rec is not None
    assert rec.status == cancel
    again = plan.get("reschedule_interview")
    assert (again.status if again else None) == reschedule
    if reason in ("accepted_other_offer", "not_interested"):
        assert "alasan sebenarnya" in rec.reason  # the honest reason, briefly


# --- cancellation notice in business hours, call when the office opens ------------------------
@pytest.mark.parametrize(
    ("now", "flags", "call_at"),
    [
        # Sat 09:00 for Mon 10:00: 2 business hours; call Mon 08:00
        ("2026-11-21T09:00", ["notice_under_24h", "phone_first", "call_when_open"], "08.00"),
        # Fri 16:59:59: open, 11 business hours
        ("2026-11-20T16:59:59", ["notice_under_24h", "phone_first"], None),
        ("2026-11-20T17:00:00", ["notice_under_24h", "phone_first", "call_when_open"], "08.00"),
        # Mon 07:59:59: closed until 08:00 the same morning
        ("2026-11-23T07:59:59", ["notice_under_24h", "phone_first", "call_when_open"], "08.00"),
        ("2026-11-23T08:00:00", ["notice_under_24h", "phone_first"], None),
    ],
)
def test_call_when_the_office_opens(now: str, flags: list[str], call_at: str | None) -> None:
    plan = plan_at(now, **cancel_at("2026-11-23T10:00"))
    rec = plan.get("cancel_interview")
    assert rec is not None
    assert (rec.status, rec.flags) == ("now", flags)
    if call_at is not None:
        assert f"Senin, 23 November 2026 pukul {call_at} WIB" in rec.reason
        # what changes first: the opening at Mon 08:00 (the flag stays)
        assert plan.next_change == at("2026-11-23T08:00")


def test_notice_over_a_holiday() -> None:
    # Wed 23 Dec 10:00 for Mon 28 Dec 10:00: Wed 7 h + Mon 2 h (Thu, Fri closed) = 9 business
    # hours, 120 clock hours: one working day is left, not two (and never "under 24 hours")
    plan = plan_at("2026-12-23T10:00", **cancel_at("2026-12-28T10:00", "schedule_conflict"))
    assert state(plan, "cancel_interview") == ("now", ["notice_under_48h"])
    rec = plan.get("cancel_interview")
    assert rec is not None
    assert "kurang dari dua hari kerja" in rec.reason
    assert "24 jam" not in rec.reason


# --- Revision 3: the latest answer to a reschedule request decides -----------------------------
def asked(*answers: tuple[str, str]) -> list[dict[str, str]]:
    return events(("reschedule_requested", "2026-11-18T10:00"), *answers)


def test_a_declined_reschedule_keeps_the_original_time() -> None:
    case = cancel_case("illness", interested=True)
    plan = plan_at(
        "2026-11-20T10:00", **case, events=asked(("reschedule_declined", "2026-11-19T10:00"))
    )
    assert state(plan, "reschedule_interview") == ("done", [])
    assert state(plan, "cancel_interview") == ("done", [])
    assert state(plan, "reply_reschedule_declined") == ("now", [])
    rec = plan.get("cancel_interview")
    assert rec is not None
    assert "waktu semula" in rec.reason  # the original time stands
    assert plan.get("confirm_new_time") is None
    after = plan_at(
        "2026-11-25T11:00", **case, events=asked(("reschedule_declined", "2026-11-19T10:00"))
    )
    assert after.get("reply_reschedule_declined") is None  # the interview itself came


def test_an_accepted_reschedule_is_confirmed_even_with_the_request_kept() -> None:
    case = cancel_case("illness", interested=True)
    plan = plan_at(
        "2026-11-20T10:00",
        **case,
        events=asked(
            ("reschedule_declined", "2026-11-19T10:00"),
            ("reschedule_accepted", "2026-11-19T15:00"),  # they found a slot after all
        ),
    )
    assert state(plan, "confirm_new_time") == ("now", [])
    assert plan.get("reply_reschedule_declined") is None
    assert plan.get("cancel_interview") is None
    assert state(plan, "reschedule_interview") == ("done", [])
