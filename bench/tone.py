"""Issue 6: the AI path's overhead over a raw loopback round trip, and the worst case wall
time when the server always fails (it must stay within the budget)."""

from __future__ import annotations

import json
import statistics
import time
import urllib.request

from bench.common import Result
from followup.models import Case
from followup.templates import load_templates
from followup.tone import BUDGET_S, Settings, make_client, messages, render_with_ai
from tests.openai_server import running

CASE = Case.model_validate_json(
    json.dumps(
        {
            "candidate_name": "Rina Wijaya",
            "company": "PT Maju Jaya",
            "position": "Analis Data",
            "stage": "interviewed",
            "interview": {"start": "2026-11-19T10:00"},
        }
    )
)


def _median_ms(call: object, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def run() -> list[Result]:
    template = load_templates()["thank_you"][("id", "email", "warm")]
    with running() as server:
        server.script("ok")
        payload = json.dumps(
            {"model": "m", "messages": messages(template, None)}, ensure_ascii=False
        ).encode()

        def raw() -> None:
            request = urllib.request.Request(  # noqa: S310 - loopback http only
                f"{server.url}/chat/completions",
                data=payload,
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
                answer.read()

        client = make_client(Settings(api_key="bench", base_url=server.url, model="m"))

        def path() -> None:
            draft = render_with_ai(
                CASE, "thank_you", "email", "warm", "id", None, None, client, "m"
            )
            assert draft.source == "llm"

        raw_ms = _median_ms(raw, 60)
        path_ms = _median_ms(path, 60)
        server.script("500")
        start = time.perf_counter()
        failed = render_with_ai(CASE, "thank_you", "email", "warm", "id", None, None, client, "m")
        worst_s = time.perf_counter() - start
        assert failed.source == "template"
        attempts = len(server.requests)
    overhead = path_ms - raw_ms
    return [
        Result("tone.raw_loopback_round_trip", round(raw_ms, 2), "ms", "baseline", None),
        Result("tone.ai_path_median", round(path_ms, 2), "ms", "", None),
        Result("tone.ai_path_overhead", round(overhead, 2), "ms", "≤ 30", overhead <= 30),
        Result(
            "tone.always_failing_wall_time",
            round(worst_s, 2),
            "s",
            f"≤ {BUDGET_S:g}",
            worst_s <= BUDGET_S,
        ),
        Result("tone.total_requests_in_bench", attempts, "requests", "", None),
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
