"""The load harness of `make bench`, small: three real sessions at once against a real
`streamlit run`; every acknowledged step is in the file afterwards, exactly once. (The long
runs, 10/25/50 sessions, are `make bench` only; nothing here is timed.)"""

from __future__ import annotations

from bench.load import run


def test_three_sessions_lose_nothing() -> None:
    results = {r.name: r for r in run((("smoke", 3, 0.0, 0.0),), cpu=False)}
    assert results["load.smoke.failed_sessions"].value == 0
    acknowledged = results["load.events_acknowledged"].value
    assert acknowledged == 4  # the warm-up session and the three
    assert results["load.events_written"].value == acknowledged
