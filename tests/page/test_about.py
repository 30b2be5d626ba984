"""The about page (its sources, the timings in words), and the process after a page run
(AppTest)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from bench.apptest import page
from tests.pages import (  # noqa: F401 - clean_process: a fresh page history per test
    clean_process,
    ok,
)


def test_the_process_settles_its_memory_after_a_page_run() -> None:
    """After a page run, the garbage collector leaves what was loaded alone and collects the
    young generation less often (`settle_memory`; the figures are in the README)."""
    import gc

    from followup.ui.main import YOUNG_GENERATION_THRESHOLD

    ok(page())
    assert gc.get_threshold()[0] == YOUNG_GENERATION_THRESHOLD
    assert gc.get_freeze_count() > 0


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
    assert "24 jam dan 1 hari kerja" in timings
    assert " ya" in timings
    assert "cancel_min_notice" not in timings
    assert "0:00:00" not in timings
