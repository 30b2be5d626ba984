"""Issue 14: what one card interaction costs in a real browser. A tone change on a plan card
(a fragment: only the card reruns) against the same change on a one-widget script, from the
click to the new text on screen, medians over alternating clicks in Chromium; the two pages
take turns, click by click, so a slow minute of the machine hits both.

Timed inside the page, on the browser's own clock: from the press of the (real, trusted)
mouse click to the first frame that shows the new text. Timing the driver's `click()` call
from Python would add the driver's own round trips (its checks before the click and its
polling after it, about 40 ms) to both pages, which no person waits for and which makes the
ratio look better than it is."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.common import Result, Unmeasurable, medians_in_turns

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-11-19T15:00"
CLICKS = 22  # the first two warm up
TONES = ("Hangat", "Formal")  # clicked in turn
ONE_WIDGET = """
import streamlit as st
choice = st.segmented_control("Nada", ["Formal", "Hangat"], default="Formal", key="tone")
st.text_area("Draf", value=f"Nada: {choice}", key=f"draft-{choice}")
"""


def _workspace(db: Path) -> tuple[str, str]:
    """A workspace with one interviewed case, in the file the server will open."""
    import duckdb

    from bench.cases import at
    from followup.history import History
    from followup.models import Case

    history = History(duckdb.connect(str(db)))
    workspace, token = history.create_workspace(at(NOW))
    case = Case.model_validate_json(
        '{"company": "PT Maju Jaya", "position": "Analis Data", "stage": "interviewed",'
        ' "candidate_name": "Rina Wijaya", "interview": {"start": "2026-11-19T10:00"}}'
    )
    case_id = history.save_case(workspace, case, at(NOW))
    history.close()
    return token, case_id


# When the mouse button goes down (the event's own time stamp, on the page's clock).
ARM = """() => {
    window.__pressedAt = null;
    window.addEventListener('pointerdown', (e) => { window.__pressedAt = e.timeStamp; },
        {capture: true, once: true});
}"""
# Checked on every animation frame: the time from the press to this frame, once the text
# area shows a text other than `old` (null until then).
SHOWN = """([sel, old]) => {
    const e = document.querySelector(sel);
    if (!e || e.value === old || window.__pressedAt === null) return null;
    return performance.now() - window.__pressedAt;
}"""


def _click(page: object, toggle: str, text: str, name: str) -> float:
    """One tone change: from the press of the mouse button to the first frame that shows the
    new text, in ms on the page's own clock."""
    from bench.browser import IDLE

    before = page.locator(text).input_value()  # type: ignore[attr-defined]
    page.evaluate(ARM)  # type: ignore[attr-defined]
    page.locator(toggle).get_by_role("radio", name=name).click()  # type: ignore[attr-defined]
    shown = page.wait_for_function(  # type: ignore[attr-defined]  # polled once per frame
        SHOWN, arg=[text, before], timeout=30_000
    )
    elapsed = float(shown.json_value())
    page.wait_for_selector(IDLE, timeout=30_000)  # type: ignore[attr-defined]
    return elapsed


def run() -> list[Result]:
    from playwright.sync_api import sync_playwright

    from bench.browser import CHROMIUM, FLAGS, IDLE
    from bench.servers import streamlit

    if not Path(CHROMIUM).exists():
        raise Unmeasurable(
            f"card interactions are timed in Chromium, and there is none at {CHROMIUM}"
        )
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "history.duckdb"
        token, case_id = _workspace(db)
        script = Path(tmp) / "one_widget.py"
        script.write_text(ONE_WIDGET)
        env = {"FOLLOWUP_DB": str(db), "FOLLOWUP_NOW": NOW}
        with (
            streamlit(env) as (ours, _),
            streamlit(env, command=("run", str(script))) as (baseline, _),
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            size = {"width": 1100, "height": 1400}
            card = browser.new_context(viewport=size, locale="id-ID").new_page()
            card.goto(f"{ours}/?w={token}&c={case_id}")
            card.wait_for_selector(".st-key-draft-thank_you textarea", timeout=60_000)
            card.wait_for_selector(IDLE, timeout=60_000)
            one = browser.new_context(viewport=size, locale="id-ID").new_page()
            one.goto(f"{baseline}/")
            one.wait_for_selector(IDLE, timeout=60_000)
            toggle, text = ".st-key-tone-thank_you", ".st-key-draft-thank_you textarea"
            card_ms, base_ms = medians_in_turns(  # click by click; the first two warm up
                lambda n: _click(card, toggle, text, TONES[n % 2]),
                lambda n: _click(one, ".st-key-tone", "textarea", TONES[n % 2]),
                CLICKS,
                warmup=2,
            )
            browser.close()
    ratio = card_ms / base_ms
    return [
        Result("interaction.tone_change_card_median", round(card_ms), "ms", "", None),
        Result("interaction.tone_change_one_widget_median", round(base_ms), "ms", "baseline", None),
        Result("interaction.tone_change_ratio", round(ratio, 2), "×", "≤ 1.5", ratio <= 1.5),
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
