"""Issue 5: the page's server-side rerun (AppTest, a 20-case workspace) against a one-widget
script, and the time to a first full render in Chromium against `streamlit hello`."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import Result, Unmeasurable, medians_in_turns

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-11-19T15:00"


def _rerun_ms(at: object) -> float:
    start = time.perf_counter()
    at.run()  # type: ignore[attr-defined]
    return (time.perf_counter() - start) * 1000


def rerun() -> list[Result]:
    os.environ["FOLLOWUP_DB"] = ":memory:"
    os.environ["FOLLOWUP_NOW"] = NOW
    from streamlit.testing.v1 import AppTest

    from followup.models import Case
    from followup.ui import state

    # a workspace with 20 cases, opened on the last one
    history = state._opened(":memory:").history  # noqa: SLF001 - the app's own resource
    now = datetime.fromisoformat(NOW).replace(tzinfo=ZoneInfo("Asia/Jakarta"))
    workspace, token = history.create_workspace(now)
    case_id = ""
    for i in range(20):
        start = now - timedelta(days=i % 7, hours=i)
        case = Case.model_validate_json(
            json.dumps(
                {
                    "company": f"PT Contoh {i}",
                    "position": "Analis Data",
                    "stage": "interviewed",
                    "candidate_name": "Rina Wijaya",
                    "interview": {"start": start.isoformat()},
                }
            )
        )
        case_id = history.save_case(workspace, case, now)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "id"
    at.session_state["timezone"] = "Asia/Jakarta"
    at.query_params["w"] = token
    at.query_params["c"] = case_id
    at.run()
    assert not at.exception, at.exception
    minimal = AppTest.from_string("import streamlit as st\nst.text_input('x')").run()
    page_ms, minimal_ms = medians_in_turns(  # rerun by rerun
        lambda _: _rerun_ms(at), lambda _: _rerun_ms(minimal), 30
    )
    ratio = page_ms / minimal_ms
    return [
        Result("page.rerun_20_cases_median", round(page_ms, 1), "ms", "≤ 150", page_ms <= 150),
        Result("page.rerun_one_widget_median", round(minimal_ms, 1), "ms", "baseline", None),
        Result("page.rerun_ratio", round(ratio, 2), "×", "≤ 4", ratio <= 4),
    ]


def first_render() -> list[Result]:
    from playwright.sync_api import sync_playwright

    from bench.browser import CHROMIUM, FLAGS, IDLE
    from bench.servers import streamlit

    if not Path(CHROMIUM).exists():
        raise Unmeasurable(
            f"the first render is measured in Chromium, and there is none at {CHROMIUM}"
            " (make bench installs it where it can: apt-get install chromium)"
        )
    env = {"FOLLOWUP_DB": ":memory:", "FOLLOWUP_NOW": NOW}
    with (
        streamlit(env) as (ours, _),
        streamlit(env, command=("hello",)) as (hello, _),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)

        def load(url: str, ready: str) -> float:
            """From the start of the navigation to the first frame that shows `ready` with
            the script done, on the page's own clock (the driver's round trips left out)."""
            context = browser.new_context(viewport={"width": 1100, "height": 900})
            page = context.new_page()
            page.goto(url)
            shown = page.wait_for_function(  # polled once per frame
                "([ready, idle]) => document.querySelector(ready) && document.querySelector(idle)"
                " ? performance.now() : null",
                arg=[ready, IDLE],
                timeout=60_000,
            )
            took = float(shown.json_value())  # (performance.now() counts from the navigation)
            context.close()
            return took

        load(f"{ours}/", ".st-key-submit_case")  # warm both up
        load(f"{hello}/", "h1")
        ours_ms, hello_ms = medians_in_turns(  # load by load
            lambda _: load(f"{ours}/", ".st-key-submit_case"), lambda _: load(f"{hello}/", "h1"), 9
        )
        browser.close()
    ratio = ours_ms / hello_ms
    return [
        Result("page.first_render_median", round(ours_ms), "ms", "", None),
        Result("page.first_render_streamlit_hello", round(hello_ms), "ms", "baseline", None),
        Result("page.first_render_ratio", round(ratio, 2), "×", "≤ 1.5", ratio <= 1.5),
    ]


def run() -> list[Result]:
    return rerun() + first_render()


if __name__ == "__main__":
    for result in run():
        print(result)
