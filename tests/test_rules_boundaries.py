"""Every limit of etiquette-rules.md walked just before, at, and just after.

The base case is a formal interview on Thu 2026-11-19 10:00-11:00 WIB (Asia/Jakarta).
Windows are half-open: at a deadline the status or flag has already changed. Where Revision 2
moved a limit (business days and hours), the row says so; its new rules have their own tables
in test_rules_revision2.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench.cases import at
from followup.models import Plan
from followup.rules import evaluate
from tests.conftest import events, make_case


def state(plan: Plan, action: str) -> tuple[str, list[str]] | None:
    rec = plan.get(action)  # type: ignore[arg-type]
    return None if rec is None else (rec.status, list(rec.flags))


def plan_at(now: str, **changes: Any) -> Plan:
    return evaluate(make_case(**changes), at(now))


# --- thank_you: end 11:00; on time until +24 h; late until the 3rd business day's closing ---
@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-19T10:59:59", ("wait", [])),  # interview not over yet
        ("2026-11-19T11:00:00", ("now", [])),  # at the end
        ("2026-11-20T10:59:59", ("now", [])),  # last second of the 24 h (Fri 11:00: in hours)
        ("2026-11-20T11:00:00", ("now", ["late"])),  # 24 h
        # Revision 2: late until Thu + 3 bd = Tue 24 Nov 17:00 (was 72 h: Sun 11:00)
        ("2026-11-22T11:00:00", ("now", ["late"])),
        ("2026-11-24T16:59:59", ("now", ["late"])),
        ("2026-11-24T17:00:00", ("expired", [])),
        ("2026-11-24T17:00:01", ("expired", [])),
    ],
)
def test_thank_you_windows(now: str, expected: tuple[str, list[str]]) -> None:
    assert state(plan_at(now), "thank_you") == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-19T10:30", ("wait", ["optional"])),
        ("2026-11-19T12:00", ("now", ["optional"])),
        ("2026-11-21T12:00", ("now", ["late", "optional"])),
        ("2026-11-23T12:00", ("now", ["late", "optional"])),  # Revision 2: until Tue 17:00
        ("2026-11-25T12:00", ("expired", ["optional"])),
    ],
)
def test_thank_you_after_screening_is_optional(now: str, expected: Any) -> None:
    plan = plan_at(now, interview={"kind": "screening"})
    assert state(plan, "thank_you") == expected


def test_thank_you_times() -> None:
    rec = plan_at("2026-11-19T15:00").get("thank_you")
    assert rec is not None
    assert rec.not_before == at("2026-11-19T11:00")
    assert rec.deadline == at("2026-11-20T11:00")
    late = plan_at("2026-11-21T15:00").get("thank_you")
    assert late is not None
    assert late.deadline == at("2026-11-24T17:00")  # Revision 2: 3 bd after, at closing


def test_thank_you_done_stays_done_after_72h() -> None:
    plan = plan_at("2026-12-01T12:00", events=events(("thank_you_sent", "2026-11-19T15:00")))
    assert state(plan, "thank_you") == ("done", [])


def test_thank_you_uses_duration() -> None:
    # 90 minutes: the interview ends at 11:30
    assert state(plan_at("2026-11-19T11:15", interview={"duration_minutes": 90}), "thank_you") == (
        "wait",
        [],
    )
    assert state(plan_at("2026-11-19T11:30", interview={"duration_minutes": 90}), "thank_you") == (
        "now",
        [],
    )


# --- follow_up: interview date + 5 bd, or reply_by (moved to a business day) + 2 bd ----------
@pytest.mark.parametrize(
    ("now", "reply_by", "expected"),
    [
        ("2026-11-26T08:59:59", None, "wait"),  # Thu 26 Nov 09:00 is +5 bd
        ("2026-11-26T09:00:00", None, "now"),
        ("2026-11-26T09:00:01", None, "now"),
        # Revision 2: the buffer is 2 bd (was 1): reply by Fri 27 -> Tue 1 Dec 09:00
        ("2026-11-30T09:00:00", "2026-11-27", "wait"),
        ("2026-12-01T08:59:59", "2026-11-27", "wait"),
        ("2026-12-01T09:00:00", "2026-11-27", "now"),
        ("2026-11-27T12:00:00", "2026-11-27", "wait"),  # on the stated day itself: still wait
        ("2026-11-24T09:00:00", "2026-11-20", "now"),  # reply by Fri 20 -> Tue 24 09:00
        ("2026-11-24T08:59:59", "2026-11-20", "wait"),
    ],
)
def test_follow_up_earliest(now: str, reply_by: str | None, expected: str) -> None:
    plan = plan_at(now, reply_by=reply_by)
    rec = plan.get("follow_up")
    assert rec is not None
    assert rec.status == expected
    if expected == "wait":
        assert rec.not_before is not None
        assert rec.not_before.hour == 9


def test_follow_up_reason_names_the_stated_date() -> None:
    rec = plan_at("2026-12-01T10:00", reply_by="2026-11-27").get("follow_up")
    assert rec is not None
    assert "Jumat, 27 November 2026" in rec.reason


def test_follow_up_done_and_chain_end() -> None:
    sent = plan_at("2026-11-27T10:00", events=events(("follow_up_sent", "2026-11-26T10:00")))
    assert state(sent, "follow_up") == ("done", [])
    replied = plan_at(
        "2026-11-27T10:00",
        events=events(
            ("follow_up_sent", "2026-11-26T10:00"), ("reply_received", "2026-11-26T16:00")
        ),
    )
    for action in ("follow_up", "second_follow_up", "move_on", "third_follow_up"):
        assert replied.get(action) is None  # type: ignore[arg-type]


def test_reply_before_interview_end_does_not_end_the_chain() -> None:
    plan = plan_at("2026-11-26T10:00", events=events(("reply_received", "2026-11-18T10:00")))
    assert state(plan, "follow_up") == ("now", [])


# --- second follow-up: first + 5 bd; move_on: first + 10 bd / second + 5 bd ----------------
FIRST = events(("follow_up_sent", "2026-11-26T10:00"))
LAST = ["optional", "last_follow_up"]


@pytest.mark.parametrize(
    ("now", "second", "move_on"),
    [
        ("2026-11-26T12:00:00", ("wait", LAST), ("wait", [])),
        ("2026-12-03T08:59:59", ("wait", LAST), ("wait", [])),
        ("2026-12-03T09:00:00", ("now", LAST), ("wait", [])),
        ("2026-12-10T08:59:59", ("now", LAST), ("wait", [])),
        ("2026-12-10T09:00:00", ("now", LAST), ("now", [])),
    ],
)
def test_after_first_follow_up(now: str, second: Any, move_on: Any) -> None:
    plan = plan_at(now, events=FIRST)
    assert state(plan, "second_follow_up") == second
    assert state(plan, "move_on") == move_on
    assert plan.get("third_follow_up") is None


@pytest.mark.parametrize(
    ("second_at", "now", "move_on"),
    [
        # second on Mon 7 Dec: second + 5 bd = Mon 14 Dec > first + 10 bd (Thu 10 Dec)
        ("2026-12-07T10:00", "2026-12-10T09:00", "wait"),
        ("2026-12-07T10:00", "2026-12-14T08:59:59", "wait"),
        ("2026-12-07T10:00", "2026-12-14T09:00", "now"),
        # second on Thu 3 Dec: second + 5 bd = Thu 10 Dec = first + 10 bd
        ("2026-12-03T10:00", "2026-12-10T08:59:59", "wait"),
        ("2026-12-03T10:00", "2026-12-10T09:00", "now"),
    ],
)
def test_move_on_after_two_follow_ups(second_at: str, now: str, move_on: str) -> None:
    plan = plan_at(now, events=FIRST + events(("follow_up_sent", second_at)))
    assert state(plan, "move_on") == (move_on, [])
    assert state(plan, "second_follow_up") == ("done", LAST)
    assert state(plan, "third_follow_up") == ("avoid", [])


def test_no_follow_up_chain_before_first() -> None:
    plan = plan_at("2026-11-25T10:00")
    assert plan.get("second_follow_up") is None
    # Revision 2: moving on also applies without a follow-up (interview + 10 bd)
    assert state(plan, "move_on") == ("wait", [])
    assert state(plan, "call_for_result") == ("avoid", [])
    assert state(plan, "linkedin_connect") == ("avoid", [])


# --- collect_contact --------------------------------------------------------------------
def test_collect_contact() -> None:
    assert state(plan_at("2026-11-19T12:00"), "collect_contact") == ("done", [])
    missing = plan_at("2026-11-19T12:00", contact={"email": None})
    assert state(missing, "collect_contact") == ("now", ["missing_contact_email"])
    nobody = plan_at("2026-11-19T12:00", contact=None)
    assert state(nobody, "collect_contact") == ("now", ["missing_contact_email"])


# --- invitation: reply within 24 h (a Tuesday: the deadline falls in business hours) --------
INVITED: dict[str, Any] = {"stage": "invited", "invited_at": "2026-11-17T09:30"}


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-17T09:30:00", ("now", [])),
        ("2026-11-18T09:29:59", ("now", [])),
        ("2026-11-18T09:30:00", ("now", ["late"])),
    ],
)
def test_accept_invitation_deadline(now: str, expected: Any) -> None:
    plan = plan_at(now, **INVITED, interview={"start": "2026-11-25T10:00"})
    assert state(plan, "accept_invitation") == expected
    assert state(plan, "decline_invitation") == ("avoid", [])


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-18T09:29:59", ("now", [])),
        ("2026-11-18T09:30:00", ("now", ["late"])),
    ],
)
def test_decline_with_reason(now: str, expected: Any) -> None:
    plan = plan_at(now, **INVITED, decline_reason="accepted_other_offer", interview=None)
    assert state(plan, "decline_invitation") == expected
    assert plan.get("accept_invitation") is None  # Revision 2: never both "now"


def test_invitation_events_and_conflict() -> None:
    accepted = plan_at(
        "2026-11-17T12:00", **INVITED, events=events(("invitation_accepted", "2026-11-17T10:00"))
    )
    assert state(accepted, "accept_invitation") == ("done", [])
    assert accepted.get("decline_invitation") is None
    declined = plan_at(
        "2026-11-17T12:00", **INVITED, events=events(("invitation_declined", "2026-11-17T10:00"))
    )
    assert state(declined, "decline_invitation") == ("done", [])
    assert declined.get("accept_invitation") is None
    clash = plan_at(
        "2026-11-17T12:00",
        **INVITED,
        interview={"start": "2026-11-25T10:00"},
        other_interviews=[
            {"company": "PT Lain", "start": "2026-11-25T15:00", "location": "Bekasi"}
        ],
    )
    assert state(clash, "accept_invitation") == ("now", ["same_day_conflict"])
    other_day = plan_at(
        "2026-11-17T12:00",
        **INVITED,
        interview={"start": "2026-11-25T10:00"},
        other_interviews=[{"company": "PT Lain", "start": "2026-11-26T10:00"}],
    )
    assert state(other_day, "accept_invitation") == ("now", [])


# --- scheduled ---------------------------------------------------------------------------
SCHEDULED: dict[str, Any] = {"stage": "scheduled", "interview": {"start": "2026-11-25T10:00"}}


def test_confirm_interview() -> None:
    plan = plan_at("2026-11-21T10:00", **SCHEDULED)
    assert state(plan, "confirm_interview") == ("now", [])
    assert state(plan, "linkedin_connect") == ("avoid", [])
    assert plan.get("thank_you") is None
    assert plan.next_change == at("2026-11-25T10:00")
    confirmed = plan_at(
        "2026-11-21T10:00", **SCHEDULED, events=events(("interview_confirmed", "2026-11-21T09:00"))
    )
    assert state(confirmed, "confirm_interview") == ("done", [])


@pytest.mark.parametrize(
    ("now", "confirm", "thank_you"),
    [
        ("2026-11-25T09:59:59", "now", None),
        ("2026-11-25T10:00:00", "expired", "wait"),  # the interview has begun
        ("2026-11-25T11:00:00", "expired", "now"),  # and ended
    ],
)
def test_scheduled_interview_that_has_happened(now: str, confirm: str, thank_you: Any) -> None:
    plan = plan_at(now, **SCHEDULED)
    assert state(plan, "confirm_interview") == (confirm, [])
    rec = plan.get("thank_you")
    assert (rec.status if rec else None) == thank_you


# --- cancel and reschedule: 48 / 24 business hours / start ----------------------------------
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


# --- rejected: reply within 5 bd -----------------------------------------------------------
REJECTED: dict[str, Any] = {"stage": "rejected", "rejected_at": "2026-11-20T14:00"}


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-20T15:00:00", ("now", [])),
        ("2026-11-27T08:59:59", ("now", [])),  # Fri 20 + 5 bd = Fri 27 09:00
        ("2026-11-27T09:00:00", ("now", ["late"])),
    ],
)
def test_thank_after_rejection(now: str, expected: Any) -> None:
    plan = plan_at(now, **REJECTED)
    assert state(plan, "thank_after_rejection") == expected
    assert state(plan, "linkedin_connect") == ("now", ["optional"])
    assert state(plan, "move_on") == ("now", [])
    for absent in ("follow_up", "second_follow_up", "thank_you", "call_for_result"):
        assert plan.get(absent) is None  # type: ignore[arg-type]


def test_rejection_reply_done() -> None:
    plan = plan_at(
        "2026-11-21T10:00",
        **REJECTED,
        events=events(
            ("rejection_reply_sent", "2026-11-20T16:00"), ("linkedin_connected", "2026-11-21T09:00")
        ),
    )
    assert state(plan, "thank_after_rejection") == ("done", [])
    assert state(plan, "linkedin_connect") == ("done", [])


# --- offer ------------------------------------------------------------------------------------
def test_offer() -> None:
    others = [
        {"company": "PT Lain", "start": "2026-11-25T10:00"},
        {"company": "PT Dulu", "start": "2026-11-18T10:00"},  # already past
    ]
    plan = plan_at("2026-11-21T10:00", stage="offer", other_interviews=others)
    assert state(plan, "linkedin_connect") == ("now", ["optional"])
    assert state(plan, "cancel_other_interviews") == ("now", ["optional"])
    assert state(plan, "respond_to_offer") == ("now", [])  # Revision 2
    assert state(plan, "tell_lower_priority") == ("now", ["optional"])
    rec = plan.get("cancel_other_interviews")
    assert rec is not None
    assert "PT Lain" in rec.reason
    assert "PT Dulu" not in rec.reason
    assert plan.next_change == at("2026-11-25T10:00")
    later = plan_at("2026-11-25T10:00", stage="offer", other_interviews=others)
    assert later.get("cancel_other_interviews") is None
    assert plan_at("2026-11-21T10:00", stage="offer").get("follow_up") is None
