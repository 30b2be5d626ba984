"""The sidebar's settings box ("Zona waktu dan AI"): the timezone and, without a key in the
secrets or the environment, an AI key for this session. The box is drawn only when open (a
closed box is one element on every rerun), so what its fields hold is kept in plain session
fields of the page state (`zone`, `typed_key`), which are the truth while it is closed."""

from __future__ import annotations

import streamlit as st

from followup.desk import text
from followup.ui import state
from followup.ui.page_state import page
from followup.ui.state import DEFAULT_ZONE, t, valid_zone
from followup.ui.words import sentence

# Indonesia's three zones first, then the zones most job seekers abroad use; any other IANA
# zone can be typed in (a list of all 600 would be sent to the browser on every rerun).
COMMON_ZONES = (
    "Asia/Jakarta",
    "Asia/Makassar",
    "Asia/Jayapura",
    "Asia/Singapore",
    "Asia/Kuala_Lumpur",
    "Asia/Bangkok",
    "Asia/Manila",
    "Asia/Hong_Kong",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Australia/Perth",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Europe/London",
    "Europe/Amsterdam",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "UTC",
)


def timezones() -> list[str]:
    current = st.session_state.get("timezone", DEFAULT_ZONE)
    return list(COMMON_ZONES) if current in COMMON_ZONES else [current, *COMMON_ZONES]


def fields(shown: bool) -> None:
    """The sidebar's settings box (drawn only when open): the timezone and, without a key in
    the secrets or the environment, the AI key for this session. What they hold is kept in
    plain session keys, which are the truth while the box is closed."""
    kept = page()
    drawn_before = kept.settings_drawn
    kept.settings_drawn = shown
    if not shown:
        return
    st.selectbox(
        t("timezone"),
        timezones(),
        key="timezone",
        accept_new_options=True,  # any IANA name; an unknown one falls back to Jakarta
        on_change=check_zone,
    )
    page().zone = st.session_state.get("timezone")
    if state.llm_settings(session=False).api_key:
        return
    st.caption(t("ai_off"))
    if not drawn_before:  # opened again: the field shows what was typed before
        st.session_state["openai_key"] = kept.typed_key
    # held in this session's state only: never stored, logged, exported or put in a URL
    st.text_input(t("ai_key"), type="password", key="openai_key", on_change=_keep_key)
    _keep_key()


def _keep_key() -> None:
    """The key as typed, kept (also on_change: a box closed in the same click keeps it)."""
    page().typed_key = st.session_state.get("openai_key") or ""
    state.settings_changed()


def check_zone() -> None:
    """on_change of the timezone box: an unknown name is refused with one sentence."""
    chosen = st.session_state.get("timezone") or ""
    if not valid_zone(chosen):
        st.session_state["timezone"] = DEFAULT_ZONE
        said = text(state.lang(), "error", "unknown_timezone", value=chosen, field="timezone")
        st.toast(sentence(said))  # it quotes what was typed
    # kept at once: a box closed in the same click, and the callbacks of this run, see it
    page().zone = st.session_state.get("timezone")
