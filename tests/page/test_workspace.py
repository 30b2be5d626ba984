"""One workspace, many applications, across weeks (AppTest): the link comes back after a page
switch; a second application joins the workspace and the board; the board opens a case and
shows the most urgent first; "what happened next?" moves a case on; and the page never
changes what the history hands out."""

from __future__ import annotations

from datetime import date, time

from streamlit.testing.v1 import AppTest

from bench.apptest import INTERVIEW, fill, page
from bench.imports import export_document
from followup.history.exports import import_json
from tests.pages import (  # noqa: F401 - clean_process: a fresh page history per test
    cards,
    clean_process,
    history_page,
    ok,
    workspace_now,
)
from tests.workspaces import NOW


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


def test_the_today_board_shows_the_most_urgent_first() -> None:
    from followup.ui import pages, state

    history = state.history()
    workspace, token = history.create_workspace(NOW)
    import_json(history, workspace, export_document(30, 0, NOW), NOW)
    board = page(token=token)
    ok(board)

    def rows_shown() -> int:
        return sum(
            1
            for c in board.get("flex_container")
            if (getattr(c, "key", None) or "").startswith("today-")
            and not (getattr(c, "key", None) or "").startswith("today-open")
        )

    assert rows_shown() == pages.TODAY_SHOWN
    board.button(key="today_more").click().run()
    ok(board)
    assert rows_shown() == 30


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
