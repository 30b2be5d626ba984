"""Issue 25: a local time the clocks skip (a daylight-saving gap) is refused in one sentence
naming the field, never moved silently; Indonesian zones have no gap."""

from __future__ import annotations

import json

from tests.conftest import cli
from tests.full_case import FULL


def test_a_time_in_a_daylight_saving_gap_is_refused_in_one_sentence() -> None:
    case = {**FULL, "timezone": "America/New_York", "country": "US"}
    case["interview"] = {**FULL["interview"], "start": "2026-03-08T02:30"}
    code, out, err = cli(
        "plan", "-", "--now", "2026-03-01T10:00-05:00", "--lang", "en", stdin=json.dumps(case)
    )
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "interview.start" in err
    assert "2026-03-08 02:30" in err
    assert "America/New_York" in err


def test_the_hour_after_the_gap_is_kept_as_written() -> None:
    case = {
        **FULL,
        "timezone": "America/New_York",
        "country": "US",
        "stage": "scheduled",
        "cancel": None,
        "events": [],
        "invited_at": "2026-02-27T09:30",
        "reply_by": None,
        "other_interviews": [],
    }
    case["interview"] = {**FULL["interview"], "start": "2026-03-08T03:30"}
    code, out, err = cli("plan", "-", "--now", "2026-03-01T10:00-05:00", stdin=json.dumps(case))
    assert (code, err) == (0, "")
    assert json.loads(out)["actions"]
