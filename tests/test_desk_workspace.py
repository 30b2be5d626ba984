"""The application object (`followup.desk.Desk`) and the form mapping (`followup.formmap`), on a
real in-memory DuckDB: edits lose nothing, past steps default to now, cases move on keeping
what is known, conflicts are seen across the workspace, the board ranks what is urgent, and a
workspace comes back from the browser's copy."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.cases import at, case_dict
from followup.desk import ALONE, Desk, NeedsConfirmation, moves, validate
from followup.desk.context import cancelled
from followup.errors import CaseError, FollowupError
from followup.formmap import SITUATIONS, Form, case_to_form, defaults, form_to_case
from followup.history import History, Workspace
from followup.history.exports import export_json

NOW = at("2026-11-20T12:00")
JAKARTA = ZoneInfo("Asia/Jakarta")


def fresh() -> tuple[History, Workspace, str]:
    history = History(duckdb.connect(":memory:"))
    workspace, token = history.create_workspace(NOW)
    return history, workspace, token


def desk(history: History, workspace: Workspace, now: datetime, lang: str = "en") -> Desk:
    return Desk.of(history, workspace, now, lang)


def save(history: History, workspace: Workspace, data: dict[str, Any]) -> str:
    return history.save_case(workspace, validate(data, NOW), NOW)


# --- cases of every situation, as people leave them ---------------------------------------------
ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "Europe/Berlin")


def _moment(draw: st.DrawFn, earliest: datetime, latest: datetime) -> datetime:
    span = int((latest - earliest).total_seconds())
    seconds = draw(st.integers(0, span))
    micro = draw(st.sampled_from((0, 0, 123456, 999999)))
    return earliest + timedelta(seconds=seconds, microseconds=micro)


@st.composite
def stored_cases(draw: st.DrawFn) -> dict[str, Any]:
    """A valid case of any situation, with exact (second and microsecond) times."""
    situation = draw(st.sampled_from(SITUATIONS))
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    now = NOW.astimezone(zone)
    past = _moment(draw, now - timedelta(days=40), now - timedelta(days=1))
    future = _moment(draw, now + timedelta(days=2), now + timedelta(days=20))
    text = st.text(alphabet="abcdefghij XYZ.-", min_size=1, max_size=12).map(str.strip)
    data: dict[str, Any] = {
        "timezone": zone.key,
        "language": draw(st.sampled_from(("id", "en"))),
        "company": "PT " + draw(text),
        "position": "Analis " + draw(text),
        "candidate_name": draw(st.none() | st.just("Rina Wijaya")),
        "candidate_phone": draw(st.none() | st.just("0812-1111-2222")),
        "contact": draw(
            st.none()
            | st.fixed_dictionaries(
                {
                    # an honorific typed into the name becomes the salutation on save
                    "name": st.none() | st.sampled_from(("Budi Santoso", "Ibu Rina", "Pak Budi")),
                    "salutation": st.none() | st.sampled_from(("bapak", "ibu")),
                    "title": st.none() | st.just("HR Manager"),
                    "email": st.none() | st.just("budi@majujaya.co.id"),
                    "phone": st.none() | st.just("+6281234567890"),
                    "via_recruiter": st.booleans(),
                }
            )
        ),
        "stage": "scheduled" if situation == "cancel" else situation,
        "events": [],
    }
    interview = {
        "duration_minutes": draw(st.sampled_from((30, 45, 60, 90))),
        "kind": draw(st.sampled_from(("formal", "screening", "panel", "final"))),
        "format": draw(st.sampled_from(("in_person", "video", "phone"))),
        "location": draw(st.none() | st.just("Jakarta Selatan")),
    }
    if situation == "invited":
        data["invited_at"] = past.isoformat()
        if draw(st.booleans()):
            data["interview"] = {**interview, "start": future.isoformat()}
        data["decline_reason"] = draw(
            st.sampled_from((None, "accepted_other_offer", "not_interested"))
        )
    elif situation == "scheduled":
        data["interview"] = {
            **interview,
            "start": draw(st.sampled_from((past, future))).isoformat(),
        }
        data["invited_at"] = (past - timedelta(days=3)).isoformat()
    elif situation == "cancel":
        data["stage"] = draw(st.sampled_from(("invited", "scheduled")))
        if data["stage"] == "invited":
            data["invited_at"] = past.isoformat()
        start = future + timedelta(days=3)
        data["interview"] = {**interview, "start": start.isoformat()}
        count = draw(st.integers(2, 5))
        slots = [
            _moment(draw, now + timedelta(days=2), now + timedelta(days=30)) for _ in range(count)
        ]
        data["cancel"] = {
            "reason": draw(st.sampled_from(("illness", "schedule_conflict", "unprepared"))),
            "still_interested": draw(st.booleans()),
            "proposed_slots": [s.isoformat() for s in slots],
        }
    elif situation == "interviewed":
        start = past
        data["interview"] = {**interview, "start": start.isoformat()}
        if draw(st.booleans()):
            data["reply_by"] = (start.date() + timedelta(days=draw(st.integers(0, 9)))).isoformat()
        end = start + timedelta(minutes=interview["duration_minutes"])
        for kind in draw(
            st.lists(st.sampled_from(("thank_you_sent", "follow_up_sent")), max_size=3)
        ):
            if end < now:
                data["events"].append({"type": kind, "at": _moment(draw, end, now).isoformat()})
        if draw(st.booleans()) and end < now:  # a second round
            first = {**interview, "start": (start - timedelta(days=7)).isoformat()}
            data["previous_rounds"] = [
                {"interview": first, "until": (start - timedelta(days=3)).isoformat()}
            ]
    elif situation == "rejected":
        data["rejected_at"] = past.isoformat()
        if draw(st.booleans()):
            data["interview"] = {**interview, "start": (past - timedelta(days=5)).isoformat()}
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=stored_cases())
def test_open_and_save_unchanged_is_identical(data: dict[str, Any]) -> None:
    history, workspace, _ = fresh()
    case_id = save(history, workspace, data)
    stored = history.case(workspace, case_id)
    assert stored is not None
    form = case_to_form(stored.case)
    # the session's own zone and language must not leak into a stored case
    again = validate(form_to_case(form, timezone="UTC", language="en"), NOW)
    assert again.model_dump_json() == stored.case.model_dump_json()
    # and saving it is no change at all: no new version, no new event
    history.save_case(workspace, again, NOW, case_id)
    reopened = history.case(workspace, case_id)
    assert reopened is not None
    assert reopened.version == stored.version
    assert reopened.case.model_dump_json() == stored.case.model_dump_json()


def test_reloaded_invited_case_keeps_its_invitation_time() -> None:
    history, workspace, _ = fresh()
    data = case_dict(stage="invited", invited_at="2026-11-17T14:00", interview=None)
    case_id = save(history, workspace, data)
    stored = history.case(workspace, case_id)
    assert stored is not None
    form = case_to_form(stored.case)
    assert form.values["invited_date"] == date(2026, 11, 17)
    assert form.values["invited_time"] == time(14, 0)
    again = validate(form_to_case(form, timezone="Asia/Jakarta", language="id"), NOW)
    assert again.invited_at == at("2026-11-17T14:00")


def test_reloaded_cancel_case_keeps_its_slots_and_saves() -> None:
    history, workspace, _ = fresh()
    data = case_dict(
        stage="scheduled",
        interview={"start": "2026-11-27T10:00"},
        cancel={
            "reason": "illness",
            "still_interested": True,
            "proposed_slots": ["2026-12-01T10:00", "2026-12-02T14:30", "2026-12-03T09:15"],
        },
    )
    case_id = save(history, workspace, data)
    stored = history.case(workspace, case_id)
    assert stored is not None
    form = case_to_form(stored.case)
    assert form.situation == "cancel"
    assert form.values["slot3_time"] == time(9, 15)
    again = validate(form_to_case(form, timezone="UTC", language="en"), NOW)
    assert again.cancel is not None
    assert len(again.cancel.proposed_slots) == 3


def test_a_changed_field_changes_only_that_field() -> None:
    history, workspace, _ = fresh()
    case_id = save(history, workspace, case_dict())
    stored = history.case(workspace, case_id)
    assert stored is not None
    form = case_to_form(stored.case)
    form.values["interview_time"] = time(13, 30)
    again = validate(form_to_case(form, timezone="UTC", language="en"), NOW)
    assert again.interview is not None
    assert again.interview.start == at("2026-11-19T13:30")
    assert again.invited_at == stored.case.invited_at
    assert again.contact == stored.case.contact


def test_changing_the_situation_changes_the_stage() -> None:
    history, workspace, _ = fresh()
    case_id = save(history, workspace, case_dict())
    stored = history.case(workspace, case_id)
    assert stored is not None
    form = case_to_form(stored.case)
    values = form.values | {"rejected_date": date(2026, 11, 20), "rejected_time": time(8, 0)}
    changed = Form("rejected", values, form.base, form.exact, form.recorded)
    again = validate(form_to_case(changed, timezone="UTC", language="en"), NOW)
    assert again.stage == "rejected"
    assert again.rejected_at == at("2026-11-20T08:00")
    assert again.interview == stored.case.interview  # what was known stays


# --- defaults and checks of the past ------------------------------------------------------------
def test_past_steps_default_to_now_not_nine_oclock() -> None:
    early = at("2026-11-20T07:42")
    values = defaults("rejected", early)
    assert (values["rejected_date"], values["rejected_time"]) == (early.date(), time(7, 42))
    assert (values["invited_date"], values["invited_time"]) == (early.date(), time(7, 42))
    for situation in ("rejected", "invited"):
        form = Form(situation, values | {"company": "PT A", "position": "B"})  # type: ignore[arg-type]
        case = validate(form_to_case(form, timezone="Asia/Jakarta", language="id"), early)
        assert case.stage == situation  # dated "today, now": accepted before 09:00


def test_an_interview_still_ahead_cannot_have_happened() -> None:
    data = case_dict(interview={"start": "2026-11-20T13:00"})
    with pytest.raises(CaseError) as refused:
        validate(data, NOW)
    assert refused.value.key == "interview_not_started"
    assert refused.value.message("id").startswith("Wawancara ini baru akan dimulai")
    assert refused.value.message("en").startswith("This interview only starts")


def test_a_declared_step_records_the_time_given() -> None:
    values = defaults("interviewed", NOW) | {
        "company": "PT A",
        "position": "B",
        "interview_date": date(2026, 11, 18),
        "thank_you_date": date(2026, 11, 18),
        "thank_you_time": time(19, 5),
    }
    case = validate(
        form_to_case(Form("interviewed", values), timezone="Asia/Jakarta", language="id"), NOW
    )
    assert [(e.type, e.at) for e in case.events] == [("thank_you_sent", at("2026-11-18T19:05"))]


def test_a_recorded_step_is_shown_not_entered_again() -> None:
    history, workspace, _ = fresh()
    data = case_dict(events=[{"type": "thank_you_sent", "at": "2026-11-19T15:02:33.250000"}])
    case_id = save(history, workspace, data)
    stored = history.case(workspace, case_id)
    assert stored is not None
    form = case_to_form(stored.case)
    assert "thank_you_date" in form.recorded
    form.values["thank_you_time"] = time(18, 0)  # ignored: the history already has the step
    again = validate(form_to_case(form, timezone="UTC", language="en"), NOW)
    assert [e.at for e in again.events] == [at("2026-11-19T15:02:33.250000")]


# --- marking steps ------------------------------------------------------------------------------
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


# --- moving on ----------------------------------------------------------------------------------
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


# --- the workspace as a whole -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("stage", "action"),
    [("invited", "accept_invitation"), ("scheduled", "confirm_interview")],
)
def test_same_day_conflict_from_another_application(stage: str, action: str) -> None:
    history, workspace, _ = fresh()
    mine = case_dict(
        stage=stage,
        invited_at="2026-11-20T08:00",
        interview={"start": "2026-11-25T10:00"},
    )
    first = save(history, workspace, mine)
    save(
        history,
        workspace,
        case_dict(company="PT Lain", stage="scheduled", interview={"start": "2026-11-25T15:00"}),
    )
    cases = history.cases(workspace)
    stored = next(c for c in cases if c.id == first)
    rec = desk(history, workspace, NOW, "en").plan(stored.id).get(action)  # type: ignore[arg-type]
    assert rec is not None
    assert "same_day_conflict" in rec.flags
    alone = Desk.alone(stored.case, NOW, "en").plan(ALONE).get(action)  # type: ignore[arg-type]
    assert alone is not None
    assert "same_day_conflict" not in alone.flags


def test_an_offer_sees_the_workspace_interviews_to_cancel() -> None:
    history, workspace, _ = fresh()
    offer = save(history, workspace, case_dict(stage="offer"))
    save(
        history,
        workspace,
        case_dict(company="PT Lain", stage="scheduled", interview={"start": "2026-11-25T15:00"}),
    )
    cases = history.cases(workspace)
    stored = next(c for c in cases if c.id == offer)
    rec = desk(history, workspace, NOW, "id").plan(stored.id).get("cancel_other_interviews")
    assert rec is not None
    assert "PT Lain" in rec.reason


def test_the_board_lists_open_applications_most_urgent_first() -> None:
    history, workspace, _ = fresh()
    save(
        history,
        workspace,
        case_dict(
            company="PT Tunggu",
            interview={"start": "2026-11-13T10:00"},
            events=[{"type": "thank_you_sent", "at": "2026-11-13T15:00"}],
        ),
    )
    save(history, workspace, case_dict(company="PT Sekarang"))
    save(
        history,
        workspace,
        case_dict(
            company="PT Selesai",
            stage="rejected",
            rejected_at="2026-11-18T09:00",
            events=[{"type": "rejection_reply_sent", "at": "2026-11-18T10:00"}],
        ),
    )
    rows = desk(history, workspace, NOW).board()
    assert [r.stored.case.company for r in rows] == ["PT Sekarang", "PT Tunggu", "PT Selesai"]
    first, second, closed = rows
    assert first.next is not None
    assert first.next.action == "thank_you"
    assert first.next.status == "now"
    # late, but still worth sending until the 3rd business day's closing (Revision 2)
    assert first.moment == at("2026-11-24T17:00")
    assert second.next is not None
    assert second.next.action == "follow_up"
    assert (second.follow_ups, second.max_follow_ups) == (0, 2)
    assert not closed.open


# --- the browser's copy -------------------------------------------------------------------------
def test_restore_from_the_browser_copy_on_a_fresh_server() -> None:
    history, workspace, token = fresh()
    case_id = save(history, workspace, case_dict())
    stored = history.case(workspace, case_id)
    assert stored is not None
    desk(history, workspace, NOW).mark_sent(stored.id, "thank_you")
    copy = desk(history, workspace, NOW).snapshot()

    fresh_server = History(duckdb.connect(":memory:"))  # a restart on an empty disk
    restored_desk, count = Desk.restore(fresh_server, token, copy, NOW)
    restored = restored_desk.workspace
    assert restored is not None
    assert count == 1
    assert fresh_server.open_workspace(token, NOW) == restored  # the same link opens it
    back = fresh_server.cases(restored)
    assert [c.id for c in back] == [case_id]
    assert back[0].case.model_dump_json() == history.cases(workspace)[0].case.model_dump_json()
    assert (
        json.loads(export_json(fresh_server, restored, NOW))["cases"] == json.loads(copy)["cases"]
    )
    # a workspace the server knows is opened as it is
    again, imported = Desk.restore(fresh_server, token, copy, NOW)
    assert (again.workspace, imported) == (restored, 0)


@pytest.mark.parametrize("copy", ["not json", '{"format": "followup-history", "version": 9}', "[]"])
def test_a_bad_browser_copy_is_refused_and_leaves_nothing(copy: str) -> None:
    history = History(duckdb.connect(":memory:"))
    token = "A" * 32
    with pytest.raises(FollowupError):
        Desk.restore(history, token, copy, NOW)
    assert history.open_workspace(token, NOW) is None


def test_a_restore_needs_a_token_like_ours() -> None:
    history = History(duckdb.connect(":memory:"))
    with pytest.raises(FollowupError) as refused:
        Desk.restore(history, "short-token-of-20-ch", '{"cases": []}', NOW)
    assert refused.value.key == "token_invalid"


def test_local_dates_are_the_case_zone() -> None:
    assert datetime(2026, 11, 20, 12, tzinfo=JAKARTA) == NOW


def test_a_proposed_new_time_on_the_day_of_another_interview_is_flagged() -> None:
    history, workspace, _ = fresh()
    mine = case_dict(
        stage="scheduled",
        interview={"start": "2026-11-27T10:00"},
        cancel={
            "reason": "illness",
            "still_interested": True,
            "proposed_slots": ["2026-12-01T10:00", "2026-12-02T14:00"],
        },
    )
    first = save(history, workspace, mine)
    save(
        history,
        workspace,
        case_dict(company="PT Lain", stage="scheduled", interview={"start": "2026-12-02T09:00"}),
    )
    cases = history.cases(workspace)
    stored = next(c for c in cases if c.id == first)
    rec = desk(history, workspace, NOW, "en").plan(stored.id).get("reschedule_interview")
    assert rec is not None
    assert "same_day_conflict" in rec.flags


# --- found by the attack on the journey ---------------------------------------------------------
def test_a_step_declared_in_an_unchanged_case_is_recorded() -> None:
    history, workspace, _ = fresh()
    case_id = save(history, workspace, case_dict())
    stored = history.case(workspace, case_id)
    assert stored is not None
    form = case_to_form(stored.case)
    form.values["thank_you_date"] = date(2026, 11, 19)
    form.values["thank_you_time"] = time(18, 30)
    desk(history, workspace, NOW).save_form(form, case_id, timezone="UTC", language="en", version=1)
    events = history.events(workspace, case_id)
    assert [(e.type, e.at) for e in events] == [("thank_you_sent", at("2026-11-19T18:30"))]


def test_a_form_filled_before_a_change_elsewhere_does_not_undo_it() -> None:
    history, workspace, _ = fresh()
    case_id = save(history, workspace, case_dict())
    stored = history.case(workspace, case_id)
    assert stored is not None
    stale = case_to_form(stored.case)  # tab A opens the case
    later = at("2026-11-26T10:00")  # tab B moves it to a next round
    desk(history, workspace, NOW).move_on(stored.id, "next_round", interview_start=later)
    stale.values["location"] = "Bandung"
    with pytest.raises(CaseError) as refused:
        desk(history, workspace, NOW).save_form(
            stale, case_id, timezone="UTC", language="en", version=1
        )
    assert refused.value.key == "changed_elsewhere"
    kept = history.case(workspace, case_id)
    assert kept is not None
    assert kept.case.stage == "scheduled"
    assert len(kept.case.previous_rounds) == 1


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
