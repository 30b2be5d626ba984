"""The load harness of `make bench`, small: three real sessions at once against a real
`streamlit run`; every acknowledged step is in the file afterwards, exactly once. (The long
runs, 10/25/50 sessions, are `make bench` only; nothing here is timed.)"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench.load import run
from bench.servers import streamlit


def test_three_sessions_lose_nothing() -> None:
    results = {r.name: r for r in run((("smoke", 3, 0.0, 0.0),), cpu=False)}
    assert results["load.smoke.failed_sessions"].value == 0
    acknowledged = results["load.events_acknowledged"].value
    assert acknowledged == 4  # the warm-up session and the three
    assert results["load.events_written"].value == acknowledged


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc (Linux only)")
def test_the_server_runs_streamlit_on_uvloop(tmp_path: Path) -> None:
    """Streamlit runs its event loop on uvloop when it is installed (a requirement outside
    Windows): the page's messages then wake the loop far less often (README, Performance)."""
    env = {"FOLLOWUP_DB": str(tmp_path / "h.duckdb")}
    with streamlit(env) as (_url, process):
        loaded = Path(f"/proc/{process.pid}/maps").read_text()
    assert "uvloop" in loaded
