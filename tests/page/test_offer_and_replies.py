"""Revision 3 on the page (AppTest): the company's reply with a new date moves the follow-up,
an offer is decided on the card's "any news?" box before anything is cancelled, and after a
declined reschedule the original time can be recorded as attended."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from bench.cases import case_dict
from tests.conftest import fresh_page_process
from tests.page.test_desk import card_keys, events_of, ok, opened, workspace
from tests.page.test_workspace import open_next_event

NOW = "2026-11-20T12:00"


@pytest.fixture(autouse=True)
def clean_process(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from fresh_page_process(monkeypatch, NOW)


def test_a_reply_with_a_new_date_moves_the_follow_up() -> None:
    token, (case_id,) = workspace(
        case_dict(
            interview={"start": "2026-11-10T10:00"},
            events=[{"type": "thank_you_sent", "at": "2026-11-10T15:00"}],
        )
    )
    app = opened(token, case_id)
    ok(app)
    app.date_input(key="reply_new_by").set_value(date(2026, 12, 4))
    app.button(key="mark_reply").click().run()
    ok(app)
    assert events_of(token, case_id) == ["thank_you_sent", "reply_received"]
    follow_up = next(
        c for c in app.get("flex_container") if getattr(c, "key", "") == "action-follow_up"
    )
    said = follow_up.markdown[0].value
    assert "Tunggu" in said
    assert "4 Desember 2026" in said  # the date the company gave
    assert "Selasa, 8 Desember 2026" in said  # + 2 business days


def test_an_offer_is_decided_before_the_others_are_cancelled() -> None:
    token, (offer, _) = workspace(
        case_dict(stage="offer", offer={"received_at": "2026-11-20T09:00"}),
        case_dict(company="PT Lain", stage="scheduled", interview={"start": "2026-11-25T10:00"}),
    )
    app = opened(token, offer)
    ok(app)
    keys = card_keys(app)
    assert "respond_to_offer" in keys
    assert "cancel_other_interviews-0" not in keys
    open_next_event(app)  # ("any news?")
    app.selectbox(key=f"next_event_move-{offer}").select_index(0).run()  # offer_accept
    app.button(key="next_event_submit").click().run()
    ok(app)
    keys = card_keys(app)
    assert "accept_offer" in keys
    assert "cancel_other_interviews-0" not in keys  # the acceptance is not sent yet
    app.button(key="mark_sent-accept_offer").click().run()
    ok(app)
    assert events_of(token, offer) == ["offer_accepted"]
    assert "cancel_other_interviews-0" in card_keys(app)


def test_after_a_declined_reschedule_the_interview_can_be_recorded_as_attended() -> None:
    token, (case_id,) = workspace(
        case_dict(
            stage="scheduled",
            interview={"start": "2026-11-19T10:00"},
            cancel={
                "reason": "illness",
                "still_interested": True,
                "proposed_slots": ["2026-11-25T10:00", "2026-11-26T10:00"],
            },
            events=[
                {"type": "reschedule_requested", "at": "2026-11-16T09:00"},
                {"type": "reschedule_declined", "at": "2026-11-17T09:00"},
            ],
        )
    )
    app = opened(token, case_id)
    ok(app)
    open_next_event(app)
    app.selectbox(key=f"next_event_move-{case_id}").select_index(0).run()  # took_place
    app.button(key="next_event_submit").click().run()
    ok(app)
    assert "thank_you" in card_keys(app)


def test_a_thank_you_asks_for_one_thing_discussed() -> None:
    token, (case_id,) = workspace(case_dict(interview={"start": "2026-11-20T09:00"}))
    app = opened(token, case_id)
    ok(app)
    app.session_state["points_box-thank_you"] = True  # (the box is drawn only when open)
    app.run()
    app.text_input(key="discussed-thank_you").set_value("rencana migrasi data").run()
    ok(app)
    assert "membahas rencana migrasi data" in app.text_area(key="draft-thank_you").value


def test_a_screening_thank_you_starts_short() -> None:
    token, (case_id,) = workspace(
        case_dict(interview={"start": "2026-11-20T09:00", "kind": "screening"})
    )
    app = opened(token, case_id)
    ok(app)
    assert app.segmented_control(key="tone-thank_you").value == "concise"
