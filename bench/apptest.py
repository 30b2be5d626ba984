"""The page driven by Streamlit's AppTest (real script runs), for benchmarks and tests.

`page()` supplies what a browser would (language, timezone) through the session state the
app initialises from `st.context`; `fill()` submits the case form as a person would.
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from followup.ui import form

APP = str(Path(__file__).resolve().parents[1] / "app.py")
INTERVIEW = {"interview_date": date(2026, 11, 19), "interview_time": time(10, 0)}


def page(lang: str = "id", timezone: str = "Asia/Jakarta", token: str | None = None) -> AppTest:
    """The app as a browser with this locale and timezone would open it."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["lang"] = lang
    at.session_state["timezone"] = timezone
    if token:
        at.query_params["w"] = token
    return at.run()


def choose(at: AppTest, key: str, value: str) -> None:
    """Select by position: AppTest formats options outside the session (its language)."""
    options = {
        "situation": form.SITUATIONS,
        "interview_kind": form.KINDS,
        "interview_format": form.FORMATS,
        "cancel_reason": form.CANCEL_REASONS,
        "decline_reason": ("none", "accepted_other_offer", "not_interested"),
    }[key]
    at.selectbox(key=key).select_index(options.index(value))


def fill(at: AppTest, situation: str, **values: Any) -> AppTest:
    """The case form filled for `situation` (company, position and name preset) and submitted."""
    choose(at, "situation", situation)
    at.run()
    base = {"company": "PT Maju Jaya", "position": "Analis Data", "candidate_name": "Rina Wijaya"}
    for key, value in {**base, **values}.items():
        if isinstance(value, bool):
            at.checkbox(key=key).set_value(value)
        elif isinstance(value, date):
            at.date_input(key=key).set_value(value)
        elif isinstance(value, time):
            at.time_input(key=key).set_value(value)
        elif key in ("interview_kind", "interview_format", "cancel_reason", "decline_reason"):
            choose(at, key, value)
        else:
            at.text_input(key=key).set_value(value)
    return at.button(key="submit_case").click().run()
