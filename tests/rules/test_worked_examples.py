"""The eight worked examples of etiquette-rules.md (Asia/Jakarta, country ID), and the
examples of its Revision 2. Revision 2 changes three of the eight; each says how and why.
"""

from __future__ import annotations

from bench.cases import at
from followup.rules import evaluate
from tests.conftest import events, make_case


def test_1_formal_interview_same_afternoon() -> None:
    # Formal interview Thu 2026-11-19 10:00-11:00, no reply date, nothing sent;
    # now Thu 2026-11-19 15:00.
    plan = evaluate(make_case(), at("2026-11-19T15:00"))
    thank_you = plan.get("thank_you")
    assert thank_you is not None
    assert thank_you.status == "now"
    assert thank_you.deadline == at("2026-11-20T11:00")
    follow_up = plan.get("follow_up")
    assert follow_up is not None
    assert follow_up.status == "wait"
    assert follow_up.not_before == at("2026-11-26T09:00")
    linkedin = plan.get("linkedin_connect")
    assert linkedin is not None
    assert linkedin.status == "avoid"
    contact = plan.get("collect_contact")
    assert contact is not None
    assert contact.status == "done"  # the e-mail is known


def test_2_saturday_noon_is_late() -> None:
    thank_you = evaluate(make_case(), at("2026-11-21T12:00")).get("thank_you")
    assert thank_you is not None
    assert (thank_you.status, thank_you.flags) == ("now", ["late"])  # 49 h


def test_3_monday_noon_is_late_then_expired() -> None:
    # Revision 2: a thank-you counts until the 3rd business day after the interview, 17:00
    # (Thu 19 -> Tue 24 Nov 17:00), not 72 clock hours (Sun 22 Nov 11:00, a Sunday).
    thank_you = evaluate(make_case(), at("2026-11-23T12:00")).get("thank_you")
    assert thank_you is not None
    assert (thank_you.status, thank_you.flags) == ("now", ["late"])
    assert thank_you.deadline == at("2026-11-24T17:00")
    later = evaluate(make_case(), at("2026-11-24T17:00:01")).get("thank_you")
    assert later is not None
    assert later.status == "expired"


def test_4_reply_date_plus_two_business_days() -> None:
    # Revision 2: the buffer after a stated date is 2 business days (was 1: Mon 30 Nov).
    plan = evaluate(make_case(reply_by="2026-11-27"), at("2026-11-19T15:00"))
    follow_up = plan.get("follow_up")
    assert follow_up is not None
    assert follow_up.not_before == at("2026-12-01T09:00")


def test_5_christmas_week_skips_cuti_bersama_and_christmas() -> None:
    case = make_case(interview={"start": "2026-12-22T10:00"})
    follow_up = evaluate(case, at("2026-12-22T15:00")).get("follow_up")
    assert follow_up is not None
    assert follow_up.not_before == at("2026-12-31T09:00")


def test_6_second_follow_up_and_move_on() -> None:
    case = make_case(events=events(("follow_up_sent", "2026-11-26T10:00")))
    plan = evaluate(case, at("2026-11-27T10:00"))
    second = plan.get("second_follow_up")
    assert second is not None
    assert second.not_before == at("2026-12-03T09:00")
    assert set(second.flags) == {"optional", "last_follow_up"}
    move_on = plan.get("move_on")
    assert move_on is not None
    assert move_on.not_before == at("2026-12-10T09:00")


def test_7_cancel_the_day_before_for_a_schedule_conflict() -> None:
    case = make_case(
        stage="scheduled",
        interview={"start": "2026-11-23T10:00"},
        cancel={"reason": "schedule_conflict", "still_interested": False},
    )
    cancel = evaluate(case, at("2026-11-22T14:00")).get("cancel_interview")
    assert cancel is not None
    assert cancel.status == "now"
    # Revision 2: Sunday 14:00 is outside business hours (2 business hours of notice):
    # write now, call when the office opens (Mon 08:00, said in the reason).
    assert cancel.flags == [
        "notice_under_24h",
        "phone_first",
        "call_when_open",
        "reason_not_urgent",
    ]
    assert "Senin, 23 November 2026 pukul 08.00 WIB" in cancel.reason


def test_8_after_the_start_it_is_an_apology() -> None:
    case = make_case(
        stage="scheduled",
        interview={"start": "2026-11-23T10:00"},
        cancel={"reason": "schedule_conflict", "still_interested": False},
    )
    plan = evaluate(case, at("2026-11-23T10:30"))
    cancel = plan.get("cancel_interview")
    apology = plan.get("apologize_missed_interview")
    assert cancel is not None
    assert apology is not None
    assert cancel.status == "expired"
    assert apology.status == "now"


# --- Revision 2 -----------------------------------------------------------------------------
def test_r2_invitation_friday_evening_is_due_monday_closing() -> None:
    case = make_case(stage="invited", invited_at="2026-11-20T19:00", interview=None)
    accept = evaluate(case, at("2026-11-23T10:00")).get("accept_invitation")
    assert accept is not None
    assert (accept.status, accept.flags, accept.deadline) == ("now", [], at("2026-11-23T17:00"))


def test_r2_interview_ending_friday_evening() -> None:
    case = make_case(interview={"start": "2026-11-20T16:30", "duration_minutes": 60})
    on_time = evaluate(case, at("2026-11-23T10:00")).get("thank_you")
    assert on_time is not None
    assert (on_time.status, on_time.flags, on_time.deadline) == ("now", [], at("2026-11-23T17:00"))
    late = evaluate(case, at("2026-11-23T17:00:01")).get("thank_you")
    assert late is not None
    assert (late.status, late.flags, late.deadline) == ("now", ["late"], at("2026-11-25T17:00"))


def test_r2_interview_ending_wednesday_night() -> None:
    case = make_case(interview={"start": "2026-11-18T19:30", "duration_minutes": 60})
    thank_you = evaluate(case, at("2026-11-19T09:00")).get("thank_you")
    assert thank_you is not None
    assert thank_you.deadline == at("2026-11-20T17:00")


def test_r2_monday_morning_interview_is_unchanged() -> None:
    case = make_case(interview={"start": "2026-11-23T10:00"})
    thank_you = evaluate(case, at("2026-11-23T12:00")).get("thank_you")
    assert thank_you is not None
    assert thank_you.deadline == at("2026-11-24T11:00")


def test_r2_saturday_morning_is_two_business_hours_before_monday_ten() -> None:
    case = make_case(
        stage="scheduled",
        interview={"start": "2026-11-23T10:00"},
        cancel={"reason": "illness", "still_interested": False},
    )
    cancel = evaluate(case, at("2026-11-21T09:00")).get("cancel_interview")
    assert cancel is not None
    assert cancel.flags == ["notice_under_24h", "phone_first", "call_when_open"]
