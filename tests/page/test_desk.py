"""The page asks only the Desk: what a card offers can be drafted and marked there, on the same
case-in-context (AppTest: real script runs, a real in-memory DuckDB). The two reproductions of
the defect the Desk removed, and the cost of one click."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from bench.apptest import APP
from bench.cases import at, case_dict
from followup.desk import validate
from tests.conftest import fresh_page_process

NOW = "2026-11-20T12:00"


@pytest.fixture(autouse=True)
def clean_process(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from fresh_page_process(monkeypatch, NOW)


def workspace(*cases: dict[str, Any]) -> tuple[str, list[str]]:
    """A workspace holding `cases`, as the page's history has it: its token and case ids."""
    from followup.ui import state

    history = state.history()
    moment = at(NOW)
    created, token = history.create_workspace(moment)
    ids = [history.save_case(created, validate(data, moment), moment) for data in cases]
    return token, ids


def opened(token: str, case_id: str) -> AppTest:
    """The page of one application, as its link opens it."""
    app = AppTest.from_file(APP, default_timeout=30)
    app.session_state["lang"] = "id"
    app.session_state["timezone"] = "Asia/Jakarta"
    app.query_params["w"] = token
    app.query_params["c"] = case_id
    return app.run()


def ok(app: AppTest) -> None:
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]


def card_keys(app: AppTest) -> list[str]:
    return [
        key.removeprefix("action-")
        for c in app.get("flex_container")
        if (key := getattr(c, "key", None) or "").startswith("action-")
    ]


def events_of(token: str, case_id: str) -> list[str]:
    from followup.ui import state

    history = state.history()
    found = history.open_workspace(token, at(NOW))
    assert found is not None
    stored = history.case(found, case_id)
    assert stored is not None
    return [e.type for e in stored.case.events]


def test_two_interviews_on_one_day_the_told_company_is_marked() -> None:
    token, (mine, _) = workspace(
        case_dict(stage="scheduled", interview={"start": "2026-11-25T10:00"}),
        case_dict(company="PT Lain", stage="scheduled", interview={"start": "2026-11-25T15:00"}),
    )
    app = opened(token, mine)
    ok(app)
    assert "tell_lower_priority" in card_keys(app)
    assert "PT Maju Jaya" in app.text_area(key="draft-tell_lower_priority").value
    app.button(key="mark_sent-tell_lower_priority").click().run()
    ok(app)
    said = [toast.value for toast in app.toast]
    assert any("Tercatat" in s for s in said), said  # recorded, not "nothing to mark"
    assert events_of(token, mine) == ["lower_priority_told"]


def test_an_offer_drafts_to_the_other_company_and_marks_it_there() -> None:
    """While the offer is undecided: one card per other company, each drafted with that
    company's own facts, and marked on that company's application (it failed with "fill in
    other_interviews" before the Desk)."""
    token, (offer, other) = workspace(
        case_dict(stage="offer"),
        case_dict(
            company="PT Lain",
            position="Staf IT",
            stage="scheduled",
            interview={"start": "2026-11-25T10:00"},
            contact=None,
        ),
    )
    app = opened(token, offer)
    ok(app)
    assert "tell_lower_priority-0" in card_keys(app)
    assert "cancel_other_interviews-0" not in card_keys(app)  # nothing accepted yet
    body = app.text_area(key="draft-tell_lower_priority-0").value
    assert "PT Lain" in body
    assert "Staf IT" in body
    assert "Budi Santoso" not in body  # the offer's contact is not the other company's
    app.button(key="mark_sent-tell_lower_priority-0").click().run()
    ok(app)
    assert any("Tercatat" in toast.value for toast in app.toast)
    assert events_of(token, other) == ["lower_priority_told"]


def test_after_one_company_is_cancelled_the_card_writes_to_the_next() -> None:
    """Once the acceptance is sent, each other interview is cancelled from its own card; a
    card's draft follows the case-in-context (the step was recorded on the other
    application, not on the offer)."""
    accepted = [{"type": "offer_accepted", "at": "2026-11-20T09:00"}]
    token, (offer, lain, _) = workspace(
        case_dict(stage="offer", events=accepted),
        case_dict(company="PT Lain", stage="scheduled", interview={"start": "2026-11-25T10:00"}),
        case_dict(company="PT Tiga", stage="scheduled", interview={"start": "2026-11-26T10:00"}),
    )
    app = opened(token, offer)
    ok(app)
    assert "PT Lain" in app.text_area(key="draft-cancel_other_interviews-0").value
    assert "PT Tiga" in app.text_area(key="draft-cancel_other_interviews-1").value
    app.button(key="mark_sent-cancel_other_interviews-0").click().run()
    ok(app)
    assert events_of(token, lain) == ["interview_cancelled"]
    body = app.text_area(key="draft-cancel_other_interviews-0").value
    assert "PT Tiga" in body  # the one left is now the first
    assert "PT Lain" not in body


def test_one_click_on_mark_as_sent_plans_the_clicked_case_once(
    planned: Callable[[], list[str]],
) -> None:
    companies = [f"PT Lima {n}" for n in range(5)]
    token, ids = workspace(*(case_dict(company=name) for name in companies))
    app = opened(token, ids[2])
    ok(app)
    counted = planned()
    app.button(key="mark_sent-thank_you").click().run()
    ok(app)
    assert any("Tercatat" in toast.value for toast in app.toast)
    assert counted == ["PT Lima 2"]  # the new plan after the click, and nothing else: the
    # step was checked on the plan the page showed, and the other four are unchanged
