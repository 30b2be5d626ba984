"""The form mapping (`followup.formmap`) and the Desk's save, on a real in-memory DuckDB: a
case opened and saved unchanged is identical (every situation, exact times), a changed field
changes only that field, past steps default to now, a step declared or already recorded is
kept as given, and a form filled before a change elsewhere does not undo it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.cases import at, case_dict
from followup.desk import validate
from followup.errors import CaseError
from followup.formmap import SITUATIONS, Form, case_to_form, defaults, form_to_case
from tests.desk.helpers import NOW, desk, fresh, save

JAKARTA = ZoneInfo("Asia/Jakarta")


# --- cases of every situation, as people leave them -------------------------------------------
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
    elif situation == "offer":
        data["offer"] = {
            "received_at": past.isoformat(),
            "answer_by": draw(st.none() | st.just((future.date()).isoformat())),
            "decision": draw(st.sampled_from((None, "accept", "decline"))),
        }
    elif situation == "rejected":
        data["rejected_at"] = past.isoformat()
        if draw(st.booleans()):
            data["interview"] = {**interview, "start": (past - timedelta(days=5)).isoformat()}
    if situation in ("invited", "scheduled", "offer"):
        data["other_interviews"] = draw(st.lists(other_interviews(now, text), max_size=3))
    return data


def other_interviews(now: datetime, text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    """Another company's interview as stored: its own position and contact, what was done."""
    contact = st.none() | st.fixed_dictionaries(
        {
            "name": st.none() | st.sampled_from(("Sari Dewi", "Ibu Sari", "Kak Dita", "Tim HR")),
            "salutation": st.none() | st.sampled_from(("bapak", "ibu", "kak")),
            "title": st.none() | st.just("Recruiter"),
            "email": st.none() | st.just("sari@lain.co.id"),
            "phone": st.none() | st.just("+6281298765432"),
        }
    )
    return st.fixed_dictionaries(
        {
            "company": text.map(lambda t: "PT Lain " + t),
            "start": st.integers(-5 * 86400, 20 * 86400).map(
                lambda s: (now + timedelta(seconds=s)).replace(second=0, microsecond=0).isoformat()
            ),
            "position": st.none() | text.map(lambda t: "Staf " + t),
            "location": st.none() | st.just("Bandung"),
            "contact": contact,
            "told": st.booleans(),
            "cancelled": st.booleans(),
        }
    )


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


# --- defaults and checks of the past ----------------------------------------------------------
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


def test_local_dates_are_the_case_zone() -> None:
    assert datetime(2026, 11, 20, 12, tzinfo=JAKARTA) == NOW
