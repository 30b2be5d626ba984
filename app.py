"""followup — the Streamlit page (a first, JSON-driven version; the guided form comes next)."""

from __future__ import annotations

import json
from datetime import datetime

import streamlit as st

from followup.cli import load_case
from followup.errors import FollowupError
from followup.i18n import LANGUAGES, format_moment, text
from followup.rules import evaluate

EXAMPLE = {
    "company": "PT Maju Jaya",
    "position": "Analis Data",
    "stage": "interviewed",
    "interview": {"start": "2026-11-19T10:00", "kind": "formal"},
}

lang = st.sidebar.selectbox(
    "Bahasa / Language", LANGUAGES, key="lang", format_func=lambda code: code.upper()
)
st.title(text(lang, "app", "title"))
st.caption(text(lang, "app", "tagline"))
st.info(text(lang, "app", "placeholder_note"))

raw = st.text_area(
    text(lang, "app", "case_label"), json.dumps(EXAMPLE, indent=2), height=220, key="case_json"
)
if st.button(text(lang, "app", "show_plan"), key="submit_case", type="primary"):
    try:
        case = load_case(raw)
        plan = evaluate(case, datetime.now(case.tz), lang=lang)
    except FollowupError as exc:
        st.error(exc.message(lang))
    else:
        for rec in plan.actions:
            with st.container(border=True, key=f"action-{rec.action}"):
                st.markdown(
                    f"**{text(lang, 'action', rec.action)}** · {text(lang, 'status', rec.status)}"
                )
                st.text(rec.reason)
        if plan.next_change:
            st.caption(
                text(lang, "app", "next_change", moment=format_moment(plan.next_change, lang))
            )
