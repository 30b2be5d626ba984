"""The page's script, one run: what `app.py` (the entry point Streamlit runs) does. It lives
in a module so the entry point stays a few lines: Streamlit compiles the script it runs
(AppTest on every run), and imports a module once per process."""

from __future__ import annotations

import atexit
import gc
import logging
from pathlib import Path

import streamlit as st

from followup.desk import LANGUAGES, FollowupError
from followup.ui import browser_store, history_page, page_state, pages, settings, state
from followup.ui.form import labels

# Python's garbage collector, tuned once per process after its first page run. Streamlit's
# reruns allocate many short-lived objects: with the default threshold (700) the youngest
# generation was collected about once a step, and every ~80 steps a full collection walked
# the whole heap (Streamlit, DuckDB, the rules' data, every session): ~57 ms, with every page
# run waiting. What is loaded by the end of the first run lives as long as the process, so it
# is frozen out of the collector's reach, and the youngest generation is collected every
# 10,000 allocations. Measured on the load bench's journeys: the collector's own CPU went from
# 1.3 to 0.2 ms per step (of 27-31), and bursts of 25 and 50 used 6-30 % less CPU (README).
YOUNG_GENERATION_THRESHOLD = 10_000
_settled = False


def settle_memory() -> None:
    """Once per process, after its first page run (a second call does nothing)."""
    global _settled
    if _settled:
        return
    _settled = True
    gc.freeze()  # (reference counting still frees these objects; only cycles would stay)
    atexit.register(gc.unfreeze)  # collectable again when the process ends (DuckDB's binding
    # reports objects still alive at exit)
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, older, oldest)


def _server_log() -> None:
    """The page's server logs what an operator should see (a history that could not be
    opened, a model that failed) on its stderr, once per process; the CLI stays quiet."""
    found = logging.getLogger("followup")
    if not any(type(h) is logging.StreamHandler for h in found.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        found.addHandler(handler)


_server_log()


ICON = str(Path(__file__).resolve().parents[1] / "data" / "icon.png")


def run() -> None:
    """One run of the page (every rerun; a fragment's rerun runs only that fragment)."""
    # a local image: a `:material/` icon made the browser ask fonts.gstatic.com for the
    # favicon after every full rerun, an outside request on each tap (issue 26)
    st.set_page_config(page_title="followup", page_icon=ICON, layout="centered")
    state.init_session()
    page_state.page().rerun_app = False  # a full run: what a fragment asked for is happening
    state.new_run()
    try:
        page()
    finally:  # also a run cut short by the next one
        state.end_run()
        settle_memory()


def navigation() -> list[st.Page]:
    """The pages, titled in the session's language (Plan first: the default)."""
    return [pages.plan_entry(), history_page.entry(), pages.about_entry()]


def page() -> None:
    """One page run, between `state.new_run` and `state.end_run`."""
    state.keep_link()  # Streamlit drops ?w= on a page switch: put it back
    try:
        browser_store.receive()  # resume or restore from the browser's copy before drawing
        browser_store.retry_journal()  # steps kept in the browser during an outage
    except FollowupError as exc:  # (the page's edge: see below)
        pages.history_failed(exc)

    # Streamlit's own page menu (drawn by the browser: no element to pay on every rerun); it drops
    # the query parameters, and `state.keep_link` puts the workspace link back after each switch.
    current = st.navigation(navigation(), position="sidebar")
    with st.sidebar:
        st.segmented_control(
            state.t("language_choice"),
            LANGUAGES,
            key="lang",
            format_func=labels("language_", "ui"),
        )
        # The timezone (the browser gives it) and the AI key (AI is optional) in a box drawn
        # only when open: closed, it is one element on every rerun, not a choice box, a note
        # and a text field. What they hold stays while it is closed.
        box = st.expander(
            state.t("settings"), key="settings", on_change="rerun", icon=":material/tune:"
        )
        with box:
            settings.fields(shown=bool(box.open))

    # The page's edge: a history error (one typed family) is one sentence, never a traceback.
    try:
        pages.notices()
        pages.workspace_gone()  # forgotten in another tab: said once, with a new one offered
    except FollowupError as exc:
        pages.history_failed(exc)
    try:
        current.run()
    except FollowupError as exc:
        pages.history_failed(exc)
    try:
        browser_store.send()  # after the page's writes: the browser's copy is refreshed
    except FollowupError as exc:
        pages.history_failed(exc)
