"""Cancelling or rescheduling an interview: the reason decides which (one recommendation,
never two opposites), the notice is counted in business hours (48 / 24 / the start), a call
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


# --- cancel and reschedule: 48 / 24 business hours / start ------------------------------------
# Revision 2 counts notice in business hours (08:00-17:00, Mon-Fri): for Wed 25 Nov 10:00,
# 24 business hours before is Fri 20 Nov 13:00 and 48 is Tue 17 Nov 16:00 (clock: Tue 24
# and Mon 23, 10:00). Rows outside business hours also get `call_when_open`.
def cancel_case(reason: str, interested: bool, fmt: str = "in_person") -> dict[str, Any]:
    return {
        "stage": "scheduled",
        "interview": {"start": "2026-11-25T10:00", "format": fmt},
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
        ("2026-11-17T15:59:59", "schedule_conflict", ("now", [])),  # 48 bh + 1 s
        ("2026-11-17T16:00:00", "schedule_conflict", ("now", [])),  # exactly 48 bh
        ("2026-11-17T16:00:01", "schedule_conflict", ("now", ["notice_under_48h"])),
        # Revision 2: Mon 23 10:00:01 was "under 48 h"; it is 18 business hours now
        ("2026-11-20T12:59:59", "schedule_conflict", ("now", ["notice_under_48h"])),
        ("2026-11-20T13:00:00", "schedule_conflict", ("now", ["notice_under_48h"])),  # 24 bh
        ("2026-11-20T13:00:01", "schedule_conflict", ("now", URGENT)),  # under 24 bh
        ("2026-11-20T13:00:01", "illness", ("now", ["notice_under_24h", "phone_first"])),
        ("2026-11-20T13:00:01", "family_emergency", ("now", ["notice_under_24h", "phone_first"])),
        ("2026-11-20T13:00:01", "unexpected", ("now", ["notice_under_24h", "phone_first"])),
        ("2026-11-20T13:00:01", "not_interested", ("now", URGENT)),
        # the weekend is not notice: Saturday counts nothing, and the office is closed
        ("2026-11-21T10:00:00", "schedule_conflict", ("now", CLOSED)),
        ("2026-11-24T10:00:01", "not_interested", ("now", URGENT)),
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


def test_notice_exactly_at_24h_is_not_under_24h() -> None:
    # notice = 24 business hours exactly: only the 48 h tier applies (< 24 h is strict)
    plan = plan_at("2026-11-20T13:00:00", **cancel_case("schedule_conflict", interested=False))
    assert state(plan, "cancel_interview") == ("now", ["notice_under_48h"])


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-17T10:00", ("now", [])),  # 54 business hours
        ("2026-11-19T12:00", ("now", ["notice_under_48h"])),  # 34
        ("2026-11-24T12:00", ("now", ["notice_under_24h", "phone_first"])),  # 7
        # Revision 2: Sunday is 20 business hours before, and the office is closed
        ("2026-11-22T10:00", ("now", ["notice_under_24h", "phone_first", "call_when_open"])),
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
    plan = plan_at("2026-11-17T10:00", **cancel_case("unprepared", interested=False))
    assert state(plan, "cancel_interview") == ("avoid", [])
    assert state(plan, "reschedule_interview") == ("now", [])
    rec = plan.get("cancel_interview")
    assert rec is not None
    assert "informasi" in rec.reason


def test_recruiter_means_phone_first() -> None:
    plan = plan_at(
        "2026-11-17T10:00",
        **cancel_case("schedule_conflict", interested=False),
        contact={"via_recruiter": True},
    )
    assert state(plan, "cancel_interview") == ("now", ["phone_first"])
    evening = plan_at(
        "2026-11-17T19:00",
        **cancel_case("schedule_conflict", interested=False),
        contact={"via_recruiter": True},
    )  # 47 business hours, after closing: write now, call at Wed 08:00
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
    # slots are checked in clock time; the notice (Saturday: 20 business hours) is not
    assert state(plan_at("2026-11-21T10:00", **case), "reschedule_interview") == (
        "now",
        ["notice_under_24h", "phone_first", "call_when_open"],
    )


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
        assert plan.next_change == at("2026-11-23T08:00")


def test_notice_over_a_holiday() -> None:
    # Wed 23 Dec 10:00 for Mon 28 Dec 10:00: Wed 7 h + Mon 2 h (Thu, Fri closed) = 9 h
    plan = plan_at("2026-12-23T10:00", **cancel_at("2026-12-28T10:00", "schedule_conflict"))
    assert state(plan, "cancel_interview") == (
        "now",
        ["notice_under_24h", "phone_first", "reason_not_urgent"],
    )
