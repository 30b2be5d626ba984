"""The eight worked examples of etiquette-rules.md, verbatim (Asia/Jakarta, country ID)."""

from __future__ import annotations

from followup.rules import evaluate
from tests.conftest import at, events, make_case


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


def test_3_monday_noon_is_expired() -> None:
    thank_you = evaluate(make_case(), at("2026-11-23T12:00")).get("thank_you")
    assert thank_you is not None
    assert thank_you.status == "expired"


def test_4_reply_date_plus_one_business_day() -> None:
    plan = evaluate(make_case(reply_by="2026-11-27"), at("2026-11-19T15:00"))
    follow_up = plan.get("follow_up")
    assert follow_up is not None
    assert follow_up.not_before == at("2026-11-30T09:00")


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
    assert cancel.flags == ["notice_under_24h", "phone_first", "reason_not_urgent"]


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
