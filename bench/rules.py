"""Issue 2: `evaluate` speed and the CLI's cold start."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bench.common import Result, median_ns, median_process_s
from followup.models import Case
from followup.rules import evaluate

JAKARTA = ZoneInfo("Asia/Jakarta")

CASES = {
    "interviewed": {
        "company": "PT Maju Jaya",
        "position": "Analis Data",
        "stage": "interviewed",
        "contact": {"email": "budi@majujaya.co.id"},
        "interview": {"start": "2026-11-19T10:00"},
        "reply_by": "2026-11-27",
        "events": [
            {"type": "thank_you_sent", "at": "2026-11-19T15:00"},
            {"type": "follow_up_sent", "at": "2026-11-30T10:00"},
        ],
    },
    "cancel": {
        "company": "PT Maju Jaya",
        "position": "Analis Data",
        "stage": "scheduled",
        "interview": {"start": "2026-12-23T10:00"},
        "cancel": {
            "reason": "illness",
            "proposed_slots": ["2026-12-28T10:00", "2026-12-29T14:00"],
        },
    },
    "invited": {
        "company": "PT Maju Jaya",
        "position": "Analis Data",
        "stage": "invited",
        "invited_at": "2026-11-20T09:00",
        "interview": {"start": "2026-11-26T10:00"},
        "other_interviews": [{"company": "PT Lain", "start": "2026-11-26T14:00"}],
    },
    "rejected": {
        "company": "PT Maju Jaya",
        "position": "Analis Data",
        "stage": "rejected",
        "rejected_at": "2026-11-20T14:00",
    },
    # Revision 2 paths: WhatsApp send windows and business-hour notice
    "whatsapp": {
        "company": "PT Maju Jaya",
        "position": "Analis Data",
        "stage": "scheduled",
        "contact": {"phone": "0812 3456 7890", "via_recruiter": True},
        "interview": {"start": "2026-11-30T10:00"},
        "other_interviews": [{"company": "PT Lain", "start": "2026-11-30T15:00"}],
    },
}


def run() -> list[Result]:
    cases = [Case.model_validate_json(json.dumps(c)) for c in CASES.values()]
    start = datetime(2026, 12, 1, 10, 0, tzinfo=JAKARTA)
    nows = [start + timedelta(minutes=37 * i) for i in range(97)]  # varied clocks
    state = {"i": 0}

    def one() -> None:
        i = state["i"] = state["i"] + 1
        evaluate(cases[i % len(cases)], nows[i % len(nows)])

    per_plan_us = median_ns(one, repeat=20_000, warmup=500) / 1000
    results = [
        Result("rules.evaluate_median", round(per_plan_us, 1), "µs", "≤ 200", per_plan_us <= 200),
        Result("rules.plans_per_second_one_core", round(1e6 / per_plan_us), "plans/s", "", None),
    ]

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(CASES["interviewed"], handle)
        path = handle.name
    try:
        env_python = sys.executable
        cli = median_process_s(
            [env_python, "-m", "followup", "plan", path, "--now", "2026-12-01T10:00"], repeat=21
        )
        bare = median_process_s([env_python, "-c", "pass"], repeat=21)
    finally:
        os.unlink(path)
    results += [
        Result("cli.plan_cold_start_median", round(cli, 3), "s", "≤ 0.4", cli <= 0.4),
        Result("cli.python_pass_median", round(bare, 3), "s", "baseline", None),
        Result("cli.plan_vs_python_pass", round(cli / bare, 1), "×", "", None),
    ]
    return results


if __name__ == "__main__":  # `python -m bench.rules`: this suite's figures only
    for result in run():
        met = "" if result.met is None else ("yes" if result.met else "NO")
        print(f"{result.name:<34} {result.value:>10} {result.unit:<8} {result.target:<8} {met}")
