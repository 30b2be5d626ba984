"""The boxes drawn only when open (the sidebar's timezone and AI key, a card's own points): a
widget that is not drawn loses its value, so what was typed is kept aside while the box is
closed. Found by an attack on that change: a value typed in the click that closes its box,
the first click after closing the settings, points that followed into another application,
and what the previous person typed after "forget me". Real AppTest runs."""

from __future__ import annotations

from datetime import date, time

import pytest
from streamlit.testing.v1 import AppTest

from bench.apptest import INTERVIEW, fill, page
from followup.ui import state
from tests.pages import (  # noqa: F401 - clean_process: a fresh page history per test
    clean_process,
    ok,
    workspace_now,
)


def open_box(at: AppTest, key: str, shown: bool = True) -> AppTest:
    at.session_state[key] = shown
    return at.run()


def draft(at: AppTest) -> str:
    return at.text_area(key="draft-thank_you").value or ""


def goto(at: AppTest, url: str) -> AppTest:
    """A switch through the page menu: the page changes and the query parameters go (AppTest
    has no public way to pick a page of `st.navigation`)."""
    pages = at._registered_pages.items()  # noqa: SLF001
    at._page_hash = next(h for h, info in pages if info.get("url_pathname") == url)  # noqa: SLF001
    for name in list(at.query_params):
        del at.query_params[name]
    return at.run()


def test_a_key_typed_in_the_click_that_closes_the_box_is_kept() -> None:
    at = open_box(page(), "settings")
    at.text_input(key="openai_key").set_value("sk-typed-then-closed")
    open_box(at, "settings", shown=False)  # the same rerun: the field's blur and the click
    at.run()
    ok(at)
    open_box(at, "settings")
    assert at.text_input(key="openai_key").value == "sk-typed-then-closed"


def test_a_zone_chosen_in_the_click_that_closes_the_box_is_kept() -> None:
    at = open_box(page(), "settings")
    at.selectbox(key="timezone").set_value("Asia/Makassar")
    open_box(at, "settings", shown=False)
    at.run()
    ok(at)
    assert at.session_state["timezone"] == "Asia/Makassar"


def test_points_typed_in_the_click_that_closes_their_box_reach_the_draft() -> None:
    at = open_box(fill(page(), "interviewed", **INTERVIEW), "points_box-thank_you")
    at.text_area(key="points-thank_you").set_value("Saya fasih SQL.")
    open_box(at, "points_box-thank_you", shown=False)
    at.run()
    ok(at)
    assert "Saya fasih SQL." in draft(at)


def test_the_first_click_after_closing_the_settings_saves_in_the_chosen_zone() -> None:
    at = open_box(page(), "settings")
    at.selectbox(key="timezone").set_value("Asia/Makassar").run()
    open_box(at, "settings", shown=False)  # its widget is gone at the end of this run
    for key, value in {"company": "PT A", "position": "Analis", "candidate_name": "Rina"}.items():
        at.text_input(key=key).set_value(value)
    at.date_input(key="interview_date").set_value(date(2026, 11, 19))
    at.time_input(key="interview_time").set_value(time(10, 0))
    at.button(key="submit_case").click().run()  # the callback runs before the page puts it back
    ok(at)
    workspace = state.history().open_workspace(at.query_params["w"], workspace_now())
    assert workspace is not None
    (stored,) = state.history().cases(workspace)
    assert stored.case.timezone == "Asia/Makassar"
    assert stored.case.interview is not None
    assert stored.case.interview.start.isoformat() == "2026-11-19T10:00:00+08:00"


def test_points_stay_with_their_application() -> None:
    at = open_box(fill(page(), "interviewed", **INTERVIEW), "points_box-thank_you")
    at.text_area(key="points-thank_you").set_value("Senang bertemu Bu Rina dari PT Maju Jaya.")
    at.run()
    open_box(at, "points_box-thank_you", shown=False)
    first = at.query_params["c"]
    at.button(key="new_case").click().run()
    at = fill(at, "interviewed", company="PT Lain", **INTERVIEW)
    ok(at)
    assert "PT Maju Jaya" not in draft(at)
    open_box(at, "points_box-thank_you")
    assert at.text_area(key="points-thank_you").value == ""  # this case has none
    at.toggle(key="show_today").set_value(True).run()
    at.button(key=f"today-open-{first}").click().run()
    ok(at)
    assert "dari PT Maju Jaya" in draft(at)  # back with it


def test_after_forget_me_the_next_person_gets_nothing_of_the_first() -> None:
    at = open_box(fill(page(), "interviewed", **INTERVIEW), "points_box-thank_you")
    at.text_area(key="points-thank_you").set_value("RAHASIA orang pertama.").run()
    open_box(at, "points_box-thank_you", shown=False)
    open_box(at, "settings")
    at.text_input(key="openai_key").set_value("sk-orang-pertama").run()
    open_box(at, "settings", shown=False)
    goto(at, "history")
    ok(at)
    at.button(key="forget_me").click().run()
    ok(at)
    goto(at, "")
    at = fill(at, "interviewed", company="PT Orang Kedua", candidate_name="Budi", **INTERVIEW)
    ok(at)
    assert "RAHASIA" not in draft(at)
    assert not [w for w in at.toggle if w.key == "ai-thank_you"]  # no key left behind
    open_box(at, "settings")
    assert at.text_input(key="openai_key").value == ""


@pytest.mark.parametrize("frozen", ["2026-11-19T15:00", "2026-11-19T15:00+07:00"])
def test_a_new_zone_changes_the_words_of_the_plan_at_once(
    frozen: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An aware clock (as the real one) is the same instant in both zones: the plan's words
    are kept per zone too, not only per minute."""
    monkeypatch.setenv("FOLLOWUP_NOW", frozen)
    at = fill(page(), "interviewed", **INTERVIEW)
    assert "WIB" in " ".join(m.value for m in at.markdown)
    open_box(at, "settings")
    at.selectbox(key="timezone").set_value("Asia/Makassar").run()
    ok(at)
    assert "WITA" in " ".join(m.value for m in at.markdown)


def test_talking_points_stay_when_their_box_is_closed() -> None:
    """The points box is drawn only when open; what was typed stays in the draft after the
    box is closed, and is there again when it is reopened."""
    at = fill(page(), "interviewed", **INTERVIEW)
    assert not [a for a in at.text_area if a.key == "points-thank_you"]  # closed: no field
    at.session_state["points_box-thank_you"] = True  # the box opened
    at.run()
    at.text_area(key="points-thank_you").set_value("Saya fasih SQL dan Python.").run()
    assert "Saya fasih SQL dan Python." in at.text_area(key="draft-thank_you").value
    at.session_state["points_box-thank_you"] = False  # closed again
    at.run()
    ok(at)
    assert not [a for a in at.text_area if a.key == "points-thank_you"]
    assert "Saya fasih SQL dan Python." in at.text_area(key="draft-thank_you").value
    at.session_state["points_box-thank_you"] = True
    at.run()
    assert at.text_area(key="points-thank_you").value == "Saya fasih SQL dan Python."


def test_the_settings_box_keeps_the_timezone_and_the_key_while_closed() -> None:
    """The timezone and the session's AI key are drawn only when their box is open; what was
    chosen stays when it is closed (the plan keeps the zone, the AI switch keeps the key)."""
    at = page()
    assert not [b for b in at.selectbox if b.key == "timezone"]  # closed: not drawn
    at.session_state["settings"] = True
    at.run()
    at.selectbox(key="timezone").set_value("Asia/Makassar").run()
    at.text_input(key="openai_key").set_value("sk-test-kept").run()
    at.session_state["settings"] = False
    at.run()
    at.run()  # (a second run: the closed box's widgets are gone by now)
    ok(at)
    assert at.session_state["timezone"] == "Asia/Makassar"
    at = fill(at, "interviewed", **INTERVIEW)
    assert "WITA" in " ".join(m.value for m in at.markdown)  # the plan speaks Makassar time
    assert [w for w in at.toggle if w.key == "ai-thank_you"]  # the key is still there
    at.session_state["settings"] = True
    at.run()
    assert at.selectbox(key="timezone").value == "Asia/Makassar"
    assert at.text_input(key="openai_key").value == "sk-test-kept"
