"""Marking steps and moving a case on through the Desk (`followup.desk.Desk`), on a real
in-memory DuckDB: a waiting step asks for confirmation, marking twice records once, each
stage offers its moves and a move keeps what is known, a next round gets its own thank-you
and follow-ups, and a reschedule takes the new time."""

from __future__ import annotations

import pytest

from bench.cases import at, case_dict
from followup.desk import ALONE, Desk, NeedsConfirmation, moves, validate
from followup.desk.context import cancelled
from followup.errors import CaseError
from tests.desk.helpers import NOW, desk, fresh, save


# --- marking steps ----------------------------------------------------------------------------
def test_a_waiting_step_asks_for_confirmation() -> None:
    history, workspace, _ = fresh()
    case_id = save(history, workspace, case_dict())
    stored = history.case(workspace, case_id)
    assert stored is not None
    with pytest.raises(NeedsConfirmation):
        desk(history, workspace, NOW).mark_sent(stored.id, "follow_up")
    assert history.events(workspace, case_id) == []
    desk(history, workspace, NOW).mark_sent(stored.id, "follow_up", confirmed=True)
    assert [e.type for e in history.events(workspace, case_id)] == ["follow_up_sent"]


def test_marking_twice_records_once_and_done_steps_refuse() -> None:
    history, workspace, _ = fresh()
    case_id = save(history, workspace, case_dict())
    stored = history.case(workspace, case_id)
    assert stored is not None
    page = desk(history, workspace, NOW)  # two tabs showing the same plan, or a double click
    page.mark_sent(stored.id, "thank_you")
    page.mark_sent(stored.id, "thank_you")
    assert len(history.events(workspace, case_id)) == 1
    with pytest.raises(CaseError):  # the plan of now: the step is done
        desk(history, workspace, NOW).mark_sent(stored.id, "thank_you")


# --- moving on --------------------------------------------------------------------------------
def test_moves_offered_per_stage() -> None:
    history, workspace, _ = fresh()
    invited = validate(case_dict(stage="invited", interview=None), NOW)
    assert moves(invited) == ["scheduled", "rejected", "offer"]
    scheduled = validate(case_dict(stage="scheduled"), NOW)
    assert moves(scheduled) == ["took_place", "rejected", "offer"]
    interviewed = validate(case_dict(), NOW)
    assert moves(interviewed) == ["next_round", "rejected", "offer"]
    rejected = validate(case_dict(stage="rejected", rejected_at="2026-11-20T09:00"), NOW)
    assert moves(rejected) == []


def test_invited_then_scheduled_then_took_place() -> None:
    history, workspace, _ = fresh()
    case_id = save(history, workspace, case_dict(stage="invited", interview=None))
    stored = history.case(workspace, case_id)
    assert stored is not None
    start = at("2026-11-25T10:00")
    desk(history, workspace, NOW).move_on(stored.id, "scheduled", interview_start=start)
    moved = history.case(workspace, case_id)
    assert moved is not None
    assert moved.case.stage == "scheduled"
    assert moved.case.invited_at == stored.case.invited_at  # kept
    with pytest.raises(CaseError) as refused:  # not before it has started
        desk(history, workspace, NOW).move_on(moved.id, "took_place")
    assert refused.value.key == "interview_not_started"
    later = at("2026-11-25T11:30")
    desk(history, workspace, later).move_on(moved.id, "took_place")
    done = history.case(workspace, case_id)
    assert done is not None
    assert done.case.stage == "interviewed"
    assert [s for _, s in desk(history, workspace, NOW).paths()[case_id]] == [
        "invited",
        "scheduled",
        "interviewed",
    ]


def test_a_next_round_gets_its_own_thank_you_and_follow_ups() -> None:
    history, workspace, _ = fresh()
    case_id = save(history, workspace, case_dict())
    stored = history.case(workspace, case_id)
    assert stored is not None
    desk(history, workspace, NOW).mark_sent(stored.id, "thank_you")
    stored = history.case(workspace, case_id)
    assert stored is not None
    second = at("2026-11-26T10:00")
    desk(history, workspace, NOW).move_on(stored.id, "next_round", interview_start=second)
    moved = history.case(workspace, case_id)
    assert moved is not None
    assert moved.case.stage == "scheduled"
    assert len(moved.case.previous_rounds) == 1
    assert moved.case.previous_rounds[0].interview.start == at("2026-11-19T10:00")
    after = at("2026-11-26T12:00")
    plan = Desk.alone(moved.case, after, "en").plan(ALONE)
    thank_you = plan.get("thank_you")
    assert thank_you is not None
    assert thank_you.status == "now"  # round 1's thank-you does not count for round 2
    desk(history, workspace, after).mark_sent(moved.id, "thank_you")
    events = history.events(workspace, case_id)
    assert [e.type for e in events] == ["thank_you_sent", "thank_you_sent"]
    assert events[1].id.endswith(".r2.thank_you")


def test_reschedule_accepted_takes_the_new_time_and_drops_the_request() -> None:
    history, workspace, _ = fresh()
    data = case_dict(
        stage="scheduled",
        interview={"start": "2026-11-27T10:00"},
        cancel={
            "reason": "illness",
            "still_interested": True,
            "proposed_slots": ["2026-12-01T10:00", "2026-12-02T14:00"],
        },
    )
    case_id = save(history, workspace, data)
    stored = history.case(workspace, case_id)
    assert stored is not None
    new = at("2026-12-02T14:00")
    desk(history, workspace, NOW).move_on(stored.id, "rescheduled", interview_start=new)
    moved = history.case(workspace, case_id)
    assert moved is not None
    assert moved.case.cancel is None
    assert moved.case.interview is not None
    assert moved.case.interview.start == new
    assert moved.case.interview.location == "Jakarta Selatan"  # kept
    plan = Desk.alone(moved.case, NOW, "en").plan(ALONE)
    confirm = plan.get("confirm_new_time")
    assert confirm is not None
    assert confirm.status == "now"  # confirm the new time (Revision 2)
    assert plan.get("confirm_interview") is None
    assert [e.type for e in moved.case.events] == ["reschedule_accepted"]
    desk(history, workspace, NOW).mark_sent(moved.id, "confirm_new_time")
    confirmed = history.case(workspace, case_id)
    assert confirmed is not None
    done = Desk.alone(confirmed.case, NOW, "en").plan(ALONE).get("confirm_new_time")
    assert done is not None
    assert done.status == "done"


def test_rejected_and_offer_moves() -> None:
    history, workspace, _ = fresh()
    case_id = save(history, workspace, case_dict())
    stored = history.case(workspace, case_id)
    assert stored is not None
    desk(history, workspace, NOW).move_on(stored.id, "rejected")
    moved = history.case(workspace, case_id)
    assert moved is not None
    assert (moved.case.stage, moved.case.rejected_at) == ("rejected", NOW)
    with pytest.raises(CaseError):
        desk(history, workspace, NOW).move_on(moved.id, "offer")  # not from rejected
    other = save(history, workspace, case_dict(company="PT Lain"))
    stored_other = history.case(workspace, other)
    assert stored_other is not None
    desk(history, workspace, NOW).move_on(stored_other.id, "offer")
    offered = history.case(workspace, other)
    assert offered is not None
    assert offered.case.stage == "offer"


def test_a_new_time_in_the_past_is_refused() -> None:
    history, workspace, _ = fresh()
    case_id = save(history, workspace, case_dict(stage="invited", interview=None))
    stored = history.case(workspace, case_id)
    assert stored is not None
    with pytest.raises(CaseError) as refused:
        desk(history, workspace, NOW).move_on(
            stored.id, "scheduled", interview_start=at("2026-11-20T09:00")
        )
    assert refused.value.key == "interview_in_past"


def test_an_interview_moved_after_a_cancellation_counts_again() -> None:
    history, workspace, _ = fresh()
    data = case_dict(
        stage="scheduled",
        interview={"start": "2026-11-27T10:00"},
        cancel={
            "reason": "illness",
            "still_interested": False,
            "proposed_slots": ["2026-12-01T10:00", "2026-12-02T14:00"],
        },
    )
    case_id = save(history, workspace, data)
    stored = history.case(workspace, case_id)
    assert stored is not None
    desk(history, workspace, NOW).mark_sent(stored.id, "cancel_interview")
    stored = history.case(workspace, case_id)
    assert stored is not None
    later = at("2026-11-20T12:30")
    new = at("2026-11-26T10:00")
    desk(history, workspace, later).move_on(stored.id, "rescheduled", interview_start=new)
    other = save(
        history,
        workspace,
        case_dict(company="PT Lain", stage="scheduled", interview={"start": "2026-11-26T14:00"}),
    )
    cases = history.cases(workspace)
    moved = next(c for c in cases if c.id == case_id)
    assert not cancelled(moved.case)
    mine = next(c for c in cases if c.id == other)
    rec = desk(history, workspace, later, "en").plan(mine.id).get("confirm_interview")
    assert rec is not None
    assert "same_day_conflict" in rec.flags
