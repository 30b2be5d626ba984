"""The page tests' helpers (Streamlit's AppTest: real script runs, a real in-memory DuckDB).

`page()` and `fill()` (bench.apptest) open the page and submit its form as a browser would.
`clean_process`, imported into a page test module, is its autouse fixture: each test gets a
history of its own (FOLLOWUP_DB=":memory:") and a clock frozen at NOW (FOLLOWUP_NOW).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

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
    """action id -> the text of its card (badge, step, when, why, flags and sources), or the
    one line of a folded one (badge and step, and the day a step to wait for opens)."""
    found = {}
    for container in at.get("flex_container"):
        key = getattr(container, "key", None) or ""
        if key.startswith("action-"):
            badge = container.markdown[0].value if container.markdown else ""
            found[key.removeprefix("action-")] = badge
    for folded in at.expander:  # a step folded to one line (issue 26): that line, and for a
        # step to wait for (drawn folded) its card's text too
        key = getattr(folded, "key", None) or ""
        if key.startswith("action-"):
            inside = folded.markdown[0].value if folded.markdown else ""
            found[key.removeprefix("action-")] = "\n".join(filter(None, (folded.label, inside)))
    return found


def ok(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def workspace_now() -> Any:
    from bench.cases import at as moment

    return moment(NOW)
