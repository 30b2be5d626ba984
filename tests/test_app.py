"""The page, driven by Streamlit's AppTest (a real script run, no browser)."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.conftest import case_dict

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def test_page_shows_a_plan_for_a_pasted_case() -> None:
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    at.text_area(key="case_json").set_value(json.dumps(case_dict())).run()
    at.button(key="submit_case").click().run()
    assert not at.exception
    assert not at.error
    texts = " ".join(t.value for t in at.text)
    assert "LinkedIn" in texts  # the LinkedIn warning is among the cards


def test_page_explains_invalid_input_in_one_sentence() -> None:
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_area(key="case_json").set_value('{"stage": "interviewed"').run()
    at.button(key="submit_case").click().run()
    assert not at.exception
    assert len(at.error) == 1
    assert "JSON" in at.error[0].value


def test_page_speaks_english() -> None:
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.selectbox(key="lang").set_value("en").run()
    at.text_area(key="case_json").set_value(json.dumps(case_dict(company=None))).run()
    at.button(key="submit_case").click().run()
    assert at.error[0].value == "The field company is required."
