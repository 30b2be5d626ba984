"""The page, driven by Streamlit's AppTest (real script runs, a real in-memory DuckDB).

`page()` and `fill()` (bench.apptest) open the page and submit its form as a browser would;
FOLLOWUP_NOW freezes the clock; FOLLOWUP_DB=":memory:".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, time
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from bench.apptest import INTERVIEW, choose, fill, page
from tests.conftest import fresh_page_process

NOW = "2026-11-19T15:00"


@pytest.fixture(autouse=True)
def clean_process(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from fresh_page_process(monkeypatch, NOW)


def history_page(token: str, lang: str = "id") -> AppTest:
    def script() -> None:
        from followup.ui import history_page, state

        state.init_session()
        history_page.history_page()

    at = AppTest.from_function(script, default_timeout=30)
    at.session_state["lang"] = lang
    at.query_params["w"] = token
    return at.run()


def cards(at: AppTest) -> dict[str, str]:
    """action id -> the text of its card (badge, step, when, why, flags and sources)."""
    found = {}
    for container in at.get("flex_container"):
        key = getattr(container, "key", None) or ""
        if key.startswith("action-"):
            badge = container.markdown[0].value if container.markdown else ""
            found[key.removeprefix("action-")] = badge
    return found


def ok(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def test_interviewed_plan_with_draft_and_mark_as_sent() -> None:
    at = fill(page(), "interviewed", contact_email="budi@majujaya.co.id", **INTERVIEW)
    ok(at)
    shown = cards(at)
    assert "Lakukan sekarang" in shown["thank_you"]
    assert "Tunggu" in shown["follow_up"]
    assert "Hindari" in shown["linkedin_connect"]
    assert "Selesai" in shown["collect_contact"]
    assert list(shown)[0] == "thank_you"  # most urgent first
    draft = at.text_area(key="draft-thank_you").value
    assert "Rina Wijaya" in draft
    assert "Kamis, 19 November 2026" in draft
    assert at.query_params["w"]  # the workspace token is in the URL
    at.button(key="mark_sent-thank_you").click().run()
    ok(at)
    assert "Selesai" in cards(at)["thank_you"]
    assert any("Tercatat" in toast.value for toast in at.toast)


def test_the_process_settles_its_memory_after_a_page_run() -> None:
    """After a page run, the garbage collector leaves what was loaded alone and collects the
    young generation less often (`settle_memory`; the figures are in the README)."""
    import gc

    from followup.ui.main import YOUNG_GENERATION_THRESHOLD

    ok(page())
    assert gc.get_threshold()[0] == YOUNG_GENERATION_THRESHOLD
    assert gc.get_freeze_count() > 0


def test_channel_and_tone_change_the_draft() -> None:
    at = fill(page(), "interviewed", contact_phone="0812-3456-7890", **INTERVIEW)
    email = at.text_area(key="draft-thank_you").value
    at.segmented_control(key="channel-thank_you").set_value("whatsapp").run()
    chat = at.text_area(key="draft-thank_you").value
    assert chat != email
    at.segmented_control(key="tone-thank_you").set_value("concise").run()
    assert at.text_area(key="draft-thank_you").value not in (email, chat)
    ok(at)


def test_edits_to_the_draft_are_kept() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    at.text_area(key="draft-thank_you").set_value("Teks saya sendiri.").run()
    assert at.text_area(key="draft-thank_you").value == "Teks saya sendiri."


@pytest.mark.parametrize(
    ("situation", "values", "expected"),
    [
        (
            "invited",
            {"invited_date": date(2026, 11, 19), "invited_time": time(9, 0)},
            {"accept_invitation": "Lakukan sekarang", "decline_invitation": "Hindari"},
        ),
        (
            "scheduled",
            {"interview_date": date(2026, 11, 25), "interview_time": time(10, 0)},
            {"confirm_interview": "Lakukan sekarang", "linkedin_connect": "Hindari"},
        ),
        (
            "cancel",
            {
                "interview_date": date(2026, 11, 20),
                "interview_time": time(10, 0),
                "cancel_reason": "schedule_conflict",
                "still_interested": False,
            },
            {"cancel_interview": "Lakukan sekarang"},
        ),
        (
            "rejected",
            {"rejected_date": date(2026, 11, 18)},
            {"thank_after_rejection": "Lakukan sekarang", "move_on": "Lakukan sekarang"},
        ),
        ("offer", {}, {"linkedin_connect": "Lakukan sekarang"}),
    ],
)
def test_every_situation(situation: str, values: dict[str, Any], expected: dict[str, str]) -> None:
    at = fill(page(), situation, **values)
    ok(at)
    shown = cards(at)
    for action, badge in expected.items():
        assert badge in shown[action], (action, shown)


def test_cancel_under_24h_shows_the_flags() -> None:
    at = fill(
        page(),
        "cancel",
        interview_date=date(2026, 11, 20),
        interview_time=time(10, 0),
        cancel_reason="schedule_conflict",
        still_interested=False,
    )
    said = cards(at)["cancel_interview"]  # the card's text, its flags under the step
    assert "Kurang dari 24 jam" in said
    assert "Telepon dulu" in said


def test_reschedule_needs_two_slots_said_next_to_the_field() -> None:
    at = fill(
        page(),
        "cancel",
        interview_date=date(2026, 11, 25),
        interview_time=time(10, 0),
        still_interested=True,
        slot1_date=date(2026, 11, 27),
    )
    assert not at.exception
    assert len(at.error) == 1
    assert "paling sedikit 2" in at.error[0].value
    assert cards(at) == {}  # nothing saved, nothing lost: the form keeps its values
    assert at.text_input(key="company").value == "PT Maju Jaya"


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"company": ""}, "company"),
        ({"contact_email": "budi@"}, "contact.email"),
        ({"contact_phone": "call me maybe"}, "contact.phone"),
    ],
)
def test_invalid_input_is_one_sentence_next_to_the_field(
    values: dict[str, Any], fragment: str
) -> None:
    at = fill(page(), "interviewed", **{**INTERVIEW, **values})
    assert not at.exception
    assert len(at.error) == 1
    assert fragment in at.error[0].value
    assert "Traceback" not in at.error[0].value


def test_english_page() -> None:
    at = fill(page(lang="en"), "interviewed", **INTERVIEW)
    ok(at)
    assert "Do it now" in cards(at)["thank_you"]
    assert "Thank you" in at.text_area(key="draft-thank_you").value


def test_user_text_is_shown_as_text() -> None:
    hostile = "<script>alert(1)</script> **bold** [x](javascript:alert(1))"
    at = fill(page(), "interviewed", company=hostile, **INTERVIEW)
    ok(at)
    for element in at.markdown:
        assert "<script>" not in element.value
        assert "](javascript" not in element.value
    from followup.ui import state

    workspace = state.history().open_workspace(at.query_params["w"], workspace_now())
    assert workspace is not None
    assert [c.case.company for c in state.history().cases(workspace)] == [hostile]  # as typed


def test_editing_a_saved_case_shows_its_values() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    at.toggle(key="edit_details").set_value(True).run()
    ok(at)
    assert at.text_input(key="company").value == "PT Maju Jaya"
    assert at.date_input(key="interview_date").value == date(2026, 11, 19)


def test_the_page_never_changes_what_the_history_hands_out() -> None:
    """The history shares what it remembers with every session of a workspace, and a write
    now keeps the other cases' objects (see History): after a journey through the page (save,
    mark, edit, a second case, the board, a move), what it remembers still equals a fresh read
    of the database, so no part of the page changed a case it was handed."""
    from followup.history import History, Workspace
    from followup.ui import state

    at = fill(page(), "interviewed", **INTERVIEW)
    at.button(key="mark_sent-thank_you").click().run()
    at.toggle(key="edit_details").set_value(True).run()
    at.text_input(key="position").set_value("Analis Data Senior")
    at.button(key="submit_case").click().run()
    at.button(key="new_case").click().run()
    at = fill(at, "invited", company="PT Kedua")
    at.toggle(key="show_today").set_value(True).run()
    at.session_state["next_event"] = True  # "what happened next?" opened
    at.run()
    ok(at)
    history = state._opened(":memory:").history  # the page's history (this process's)
    workspace = Workspace(at.session_state["_page"].workspace_id)
    plain = History(history._connection.cursor())  # noqa: SLF001 - a history that remembers nothing
    assert len(plain.read(workspace).cases) == 2
    assert history.read(workspace) == plain.read(workspace)
    assert history.events(workspace) == plain.events(workspace)
    assert history.drafts(workspace) == plain.drafts(workspace)


def test_history_page_export_import_and_forget() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    at.button(key="mark_sent-thank_you").click().run()
    token = at.query_params["w"]
    history = history_page(token)
    ok(history)
    assert any("PT Maju Jaya" in m.value for m in history.markdown)
    assert history.get("download_button")  # export_json, export_csv, export_ics
    keys = {b.proto.id for b in history.get("download_button")}
    assert any("export_json" in k for k in keys)
    from followup.history.exports import export_json
    from followup.ui import state

    workspace = state.history().open_workspace(token, workspace_now())
    assert workspace is not None
    document = json.loads(export_json(state.history(), workspace, workspace_now()))
    assert [e["type"] for e in document["cases"][0]["events"]] == ["thank_you_sent"]
    history.button(key="forget_me").click().run()
    ok(history)
    assert state.history().open_workspace(token, workspace_now()) is None


def workspace_now() -> Any:
    from bench.cases import at as moment

    return moment(NOW)


def test_reload_keeps_the_history() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    at.button(key="mark_sent-thank_you").click().run()
    token = at.query_params["w"]
    again = page(token=token)  # a new session with the same link
    ok(again)
    history = history_page(token)
    assert any("PT Maju Jaya" in m.value for m in history.markdown)
    other = history_page("x" * 32)  # another link sees nothing
    assert not any("PT Maju Jaya" in m.value for m in other.markdown)


def test_about_page() -> None:
    def script() -> None:
        from followup.ui import pages, state

        state.init_session()
        pages.about_page()

    at = AppTest.from_function(script, default_timeout=30).run()
    ok(at)
    text = " ".join(m.value for m in at.markdown)
    assert "Kalibrr" in text
    # the timings in words, each with its sources (no raw keys or Python values)
    timings = at.table[0].value.to_string()
    assert "24 jam kerja" in timings
    assert " ya" in timings
    assert "cancel_min_notice" not in timings
    assert "0:00:00" not in timings


def test_ai_switch_with_a_loopback_model(monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.openai_server import running

    with running() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        monkeypatch.setenv("OPENAI_MODEL", "test-model")
        server.script("ok")
        at = fill(page(), "interviewed", **INTERVIEW)
        template = at.text_area(key="draft-thank_you").value
        at.toggle(key="ai-thank_you").set_value(True).run()
        ok(at)
        reworded = at.text_area(key="draft-thank_you").value
        assert reworded != template
        assert "Terima kasih banyak" in reworded
        assert "Rina Wijaya" in reworded
        assert any("Versi AI dipakai" in c.value for c in at.caption)
        assert len(server.requests) == 1
        assert "Rina Wijaya" not in server.requests[0]["raw"]
        at.run()  # a rerun does not ask again (cached for the session)
        assert len(server.requests) == 1
        # a misbehaving model: the template, and one sentence saying why
        server.script("add_url")
        at.segmented_control(key="tone-thank_you").set_value("concise").run()
        assert not at.exception
        assert "evil" not in at.text_area(key="draft-thank_you").value
        assert any("tautan" in w.value for w in at.warning)


def test_without_configuration_there_is_no_ai_switch() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    assert not [w for w in at.toggle if w.key == "ai-thank_you"]
    at.session_state["settings"] = True  # the sidebar's "timezone and AI" box opened
    at.run()
    said = " ".join(c.value for c in at.sidebar.caption)
    assert "AI bersifat opsional" in said
    assert "OPENAI_" not in said  # operator words live in the README, not on the page


# --- the journey across weeks (issue: one workspace, many applications) -------------------------
def test_the_link_comes_back_after_a_page_switch() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    ok(at)
    token, case_id = at.query_params["w"], at.query_params["c"]
    del at.query_params["w"]  # what Streamlit does when st.navigation switches page
    del at.query_params["c"]
    at.run()
    ok(at)
    assert at.query_params["w"] == token
    assert at.query_params["c"] == case_id
    assert "thank_you" in cards(at)  # the same case, not an empty form


def test_a_second_application_joins_the_workspace_and_the_board() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    token = at.query_params["w"]
    at.button(key="new_case").click().run()
    ok(at)
    assert at.text_input(key="company").value == ""  # an empty form, not the first case
    at = fill(at, "scheduled", company="PT Sinar", interview_date=date(2026, 11, 24))
    ok(at)
    assert at.query_params["w"] == token
    at.toggle(key="show_today").set_value(True).run()  # above an open case: on request
    board = next(c for c in at.get("flex_container") if getattr(c, "key", "") == "today")
    shown = " ".join(m.value for m in board.markdown)
    assert "PT Maju Jaya" in shown
    assert "PT Sinar" in shown
    assert "1 dari 2" not in shown
    assert "0 dari 2" in shown
    history = history_page(token)
    markdown = " ".join(m.value for m in history.markdown)
    assert "PT Maju Jaya" in markdown
    assert "PT Sinar" in markdown


def test_the_board_opens_a_case() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    first = at.query_params["c"]
    at.button(key="new_case").click().run()
    at = fill(at, "rejected", company="PT Lain", rejected_date=date(2026, 11, 19))
    ok(at)
    assert at.query_params["c"] != first
    at.toggle(key="show_today").set_value(True).run()
    at.button(key=f"today-open-{first}").click().run()
    ok(at)
    assert at.query_params["c"] == first
    assert "thank_you" in cards(at)


def open_next_event(at: AppTest) -> None:
    """A click on "what happened next?" (drawn only when open: AppTest sets its state)."""
    at.session_state["next_event"] = True
    at.run()


def test_what_happened_next_moves_the_case_on() -> None:
    at = fill(page(), "scheduled", interview_date=date(2026, 11, 19), interview_time=time(9, 0))
    ok(at)
    assert not [b for b in at.selectbox if b.key.startswith("next_event_move")]  # closed
    open_next_event(at)
    moves = ("took_place", "rejected", "offer")
    at.selectbox(key=f"next_event_move-{at.query_params['c']}").select_index(
        moves.index("took_place")
    )
    at.run()
    at.button(key="next_event_submit").click().run()
    ok(at)
    assert "Lakukan sekarang" in cards(at)["thank_you"]
    assert "confirm_interview" not in cards(at)  # an interviewed case
    assert not at.session_state["next_event"]  # moved on: the box closes
    at.toggle(key="edit_details").set_value(True).run()
    assert at.selectbox(key="situation").value == "interviewed"


def test_changing_the_situation_of_a_saved_case_changes_it() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    at.toggle(key="edit_details").set_value(True).run()
    choose(at, "situation", "rejected")
    at.run()
    at.date_input(key="rejected_date").set_value(date(2026, 11, 19))
    at.time_input(key="rejected_time").set_value(time(14, 0))
    at.button(key="submit_case").click().run()
    ok(at)
    assert "thank_after_rejection" in cards(at)
    assert "thank_you" not in cards(at)


def test_a_waiting_step_is_marked_only_after_confirming() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    at.button(key="mark_sent-thank_you").click().run()
    assert "Tunggu" in cards(at)["follow_up"]
    at.button(key="mark_sent-follow_up").click().run()  # the button inside "mark early"
    ok(at)
    assert "Selesai" in cards(at)["follow_up"]


def test_rejected_today_before_nine_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWUP_NOW", "2026-11-19T07:30")
    at = page()
    choose(at, "situation", "rejected")
    at.run()
    assert at.time_input(key="rejected_time").value == time(7, 30)  # now, not 09:00
    for key, value in (("company", "PT Maju Jaya"), ("position", "Analis Data")):
        at.text_input(key=key).set_value(value)
    at.button(key="submit_case").click().run()
    ok(at)
    assert "thank_after_rejection" in cards(at)


def test_interviewed_in_the_future_is_refused_next_to_the_date() -> None:
    at = fill(page(), "interviewed", interview_date=date(2026, 11, 20), interview_time=time(10, 0))
    errors = [e.value for e in at.error]
    assert len(errors) == 1
    assert errors[0].startswith("Wawancara ini baru akan dimulai")
    assert "w" not in at.query_params or not cards(at)


def test_forget_this_device_keeps_the_server_history() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    token = at.query_params["w"]
    history = history_page(token)
    history.button(key="forget_device").click().run()
    ok(history)
    assert "w" not in history.query_params
    from followup.ui import state

    assert state.history().open_workspace(token, workspace_now()) is not None


def test_the_next_round_takes_the_date_typed_just_before_the_click() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    case_id = at.query_params["c"]
    open_next_event(at)
    moves = ("next_round", "rejected", "offer")
    at.selectbox(key=f"next_event_move-{case_id}").select_index(moves.index("next_round"))
    at.run()
    at.date_input(key="next_event_date").set_value(date(2026, 11, 27))  # typed, then clicked
    at.time_input(key="next_event_time").set_value(time(13, 0))
    at.button(key="next_event_submit").click().run()
    ok(at)
    from followup.ui import state

    workspace = state.history().open_workspace(at.query_params["w"], workspace_now())
    assert workspace is not None
    stored = state.history().case(workspace, case_id)
    assert stored is not None
    assert stored.case.interview is not None
    assert stored.case.interview.start.isoformat() == "2026-11-27T13:00:00+07:00"


def test_leaving_a_workspace_leaves_nothing_in_the_form() -> None:
    def script() -> None:
        import streamlit as st

        from followup.ui import state

        state.init_session()
        st.text_input("company", key="company")
        st.button("leave", key="leave", on_click=state.leave_workspace)

    from followup.ui.page_state import PageState

    at = AppTest.from_function(script, default_timeout=30)
    at.session_state["_page"] = PageState(form={"case_id": "x", "values": {"company": "PT Secret"}})
    at.run()
    at.text_input(key="company").set_value("PT Secret Corp").run()
    at.button(key="leave").click().run()
    ok(at)
    assert at.text_input(key="company").value == ""
    assert at.session_state["_page"].form is None


def test_steps_already_taken_are_asked_for_only_when_switched_on() -> None:
    at = page()
    keys = {w.key for w in at.date_input}
    assert "reply_by" in keys
    assert "thank_you_date" not in keys  # a first visit: the short form
    at.toggle(key="show_declared").set_value(True).run()
    assert "thank_you_date" in {w.key for w in at.date_input}
    at = fill(at, "interviewed", **INTERVIEW, thank_you_date=date(2026, 11, 19))
    ok(at)
    assert "Selesai" in cards(at)["thank_you"]  # the step given is recorded
    at.toggle(key="edit_details").set_value(True).run()
    assert at.toggle(key="show_declared").value  # the case has a step: shown when editing
    said = " ".join(c.value for c in at.caption)
    assert "Tercatat" in said


def test_a_new_application_starts_with_the_short_form() -> None:
    at = page()
    at.toggle(key="show_declared").set_value(True).run()
    at = fill(at, "interviewed", **INTERVIEW)
    at.button(key="new_case").click().run()
    assert not at.toggle(key="show_declared").value
    assert "thank_you_date" not in {w.key for w in at.date_input}


def test_the_plan_keeps_no_form_values_and_loses_none() -> None:
    """While the form is not drawn its values leave the session state (Streamlit goes through
    every key for each text field it draws); switching "edit details" on brings every one
    back, and toggling it off and on again changes nothing."""
    values = {"contact_email": "hr@maju.co.id", "thank_you_date": date(2026, 11, 19)}
    at = page()
    at.toggle(key="show_declared").set_value(True).run()
    at = fill(at, "interviewed", **INTERVIEW, **values)
    ok(at)
    parked = {"situation", "company", "position", "contact_email", "interview_date"}
    assert not parked & set(at.session_state._state._state._keys())  # noqa: SLF001
    for opened in ("first", "again"):
        at.toggle(key="edit_details").set_value(True).run()
        ok(at)
        assert at.text_input(key="company").value == "PT Maju Jaya", opened
        assert at.text_input(key="contact_email").value == "hr@maju.co.id"
        assert at.date_input(key="interview_date").value == date(2026, 11, 19)
        assert at.toggle(key="show_declared").value, opened  # the step given, as recorded
        assert "Tercatat" in " ".join(c.value for c in at.caption)
        assert at.selectbox(key="situation").value == "interviewed"
        at.toggle(key="edit_details").set_value(False).run()
        ok(at)


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
