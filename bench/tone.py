"""The AI step. Issue 6: its overhead over a raw loopback round trip, and the worst-case wall
time when the server always fails (within the budget). Issue 13: the guard's false-rejection
rate on the honest rewordings of bench/tone_corpus.py (and the share of attacks it refuses),
and the page's latency with a hanging model once the first timeout has happened."""

from __future__ import annotations

import json
import os
import statistics
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from bench.common import Result
from bench.openai_server import running
from bench.tone_corpus import ATTACKS, HONEST, TEMPLATES
from followup.guard import check
from followup.messages import DraftOptions, render_draft
from followup.models import Case
from followup.templates import load_templates
from followup.tone import BUDGET_S, ModelRewriter, Settings, make_client, messages

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
OPTIONS = DraftOptions("email", "warm", "id")
PAGE_TIMEOUT_S = 1.0  # the hanging model's first (and only) timeout on the page
PAGE_RERUNS = 12


def _median_ms(call: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def overhead_and_worst_case() -> list[Result]:
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
        model = ModelRewriter(client, "m")

        def path() -> None:
            assert render_draft(CASE, "thank_you", OPTIONS, model).source == "llm"

        raw_ms = _median_ms(raw, 60)
        path_ms = _median_ms(path, 60)
        server.script("500")
        start = time.perf_counter()
        failed = render_draft(CASE, "thank_you", OPTIONS, model)
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


def guard_rates() -> list[Result]:
    """The honest rewordings the guard refuses (target: none), through the loopback model
    as the app asks it, and the attacks it lets through (target: none)."""
    refused = 0
    with running() as server:
        client = make_client(Settings(api_key="bench", base_url=server.url, model="m"))
        model = ModelRewriter(client, "m")
        for sample in HONEST:
            server.answer_with(sample.answer)
            if model(sample.request_template(), sample.points).source != "llm":
                refused += 1
    attacked = {
        "id": TEMPLATES["thank_you.id.email.formal"],
        "en": TEMPLATES["thank_you.en.email.warm"],
    }
    let_through = 0
    for attack in ATTACKS:
        template = attacked[attack.lang]
        answer = attack.rewrite({"subject": template.subject, "body": template.body})
        found = check(
            template.subject, template.body, answer["subject"], answer["body"], None, attack.lang
        )
        let_through += found is None
    rate = 100 * refused / len(HONEST)
    return [
        Result("tone.guard_honest_rewordings", len(HONEST), "texts", "≥ 20", len(HONEST) >= 20),
        Result("tone.guard_false_rejection_rate", round(rate, 1), "%", "0", refused == 0),
        Result("tone.guard_attacks", len(ATTACKS), "texts", "", None),
        Result("tone.guard_attacks_let_through", let_through, "texts", "0", let_through == 0),
    ]


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def page_after_timeout() -> list[Result]:
    """The plan page (AppTest, real reruns) with the AI switch on and a model that hangs:
    the first rerun pays one timeout; every rerun after it must use the templates at once."""
    import streamlit as st

    from bench.apptest import INTERVIEW, fill, page

    with (
        running() as server,
        _environment(
            OPENAI_BASE_URL=server.url,
            OPENAI_MODEL="m",
            OPENAI_TIMEOUT=str(PAGE_TIMEOUT_S),
            FOLLOWUP_DB=":memory:",
            FOLLOWUP_NOW="2026-11-19T15:00",
        ),
    ):
        st.cache_resource.clear()
        server.script("hang")
        at = fill(page(), "interviewed", **INTERVIEW)
        start = time.perf_counter()
        at.toggle(key="ai-thank_you").set_value(True).run()
        first_s = time.perf_counter() - start
        assert at.button(key="ai_retry") is not None
        sent = len(server.requests)
        samples = []
        tones = ("warm", "concise", "formal")
        for i in range(PAGE_RERUNS):
            control = at.segmented_control(key="tone-thank_you").set_value(tones[i % 3])
            start = time.perf_counter()
            control.run()
            samples.append(time.perf_counter() - start)
            assert not at.exception, at.exception
        more = len(server.requests) - sent
        st.cache_resource.clear()
    worst, median = max(samples), statistics.median(samples)
    return [
        Result("tone.page_first_timeout", round(first_s, 2), "s", f"≈ {PAGE_TIMEOUT_S:g}", None),
        Result("tone.page_after_timeout_median", round(median, 3), "s", "≤ 0.5", median <= 0.5),
        Result("tone.page_after_timeout_max", round(worst, 3), "s", "≤ 0.5", worst <= 0.5),
        Result("tone.page_requests_after_timeout", more, "requests", "0", more == 0),
    ]


def meaning_rates() -> list[Result]:
    """Issue 24, on the meaning corpus (bench/meaning_corpus.py): honest first answers the
    guard uses, and one-change lies it uses with nothing to check; for the corpus the guard was
    tuned on and for the held-out one written afterwards."""
    from bench.meaning_corpus import load, rates

    results: list[Result] = []
    for label, names in (
        ("tuned", ("corpus_honest.toml", "corpus_dishonest.toml")),
        ("heldout", ("corpus_heldout.toml",)),
        ("blind", ("corpus_blind.toml",)),
    ):
        answers = [a for name in names for a in load(name)]
        if not answers:
            continue
        found = rates(answers)
        honest, silent = found.honest_share, found.silent_share
        results += [
            Result(f"tone.meaning_{label}_honest", found.honest, "answers", "", None),
            Result(
                f"tone.meaning_{label}_honest_used", round(honest, 1), "%", "≥ 90", honest >= 90
            ),
            Result(
                f"tone.meaning_{label}_honest_with_check_items",
                round(100 * found.honest_flagged / max(1, found.honest), 1),
                "%",
                "",
                None,
            ),
            Result(f"tone.meaning_{label}_lies", found.dishonest, "answers", "", None),
            Result(f"tone.meaning_{label}_lies_silent", round(silent, 1), "%", "≤ 2", silent <= 2),
        ]
    return results


_HOSTILE = """
import json, resource, sys, time
from bench.openai_server import running
from followup.messages import DraftOptions, render_draft
from followup.tone import ModelRewriter, Settings, make_client
from bench.tone import CASE
with running() as server:
    server.script(sys.argv[1])
    client = make_client(Settings(api_key="bench", base_url=server.url, model="m", timeout_s=5))
    model = ModelRewriter(client, "m", budget_s=float(sys.argv[2]), request_timeout_s=5)
    start, cpu = time.perf_counter(), time.process_time()
    draft = render_draft(CASE, "thank_you", DraftOptions("email", "warm", "id"), model)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert draft.source == "template"
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"wall": wall, "cpu": cpu, "rss_mb": peak}))
"""
HOSTILE_BUDGET_S = 5.0


def hostile_answers() -> list[Result]:
    """Issue 24: a service that sends 30 MB, drips its answer a byte at a time or sends its
    headers slowly. Each in a process of its own (its peak memory is its own), with a 5-s
    budget: the step must end within it by the wall clock, and the 30 MB answer be cut off."""
    import subprocess
    import sys

    results: list[Result] = []
    for mode in ("huge", "drip", "slow_headers"):
        done = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", _HOSTILE, mode, str(HOSTILE_BUDGET_S)],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        found = json.loads(done.stdout.strip().splitlines()[-1])
        limit = HOSTILE_BUDGET_S + 1
        results += [
            Result(
                f"tone.{mode}_wall",
                round(found["wall"], 2),
                "s",
                f"≤ {limit:g}",
                found["wall"] <= limit,
            ),
            Result(f"tone.{mode}_cpu", round(found["cpu"], 2), "s", "", None),
            Result(
                f"tone.{mode}_peak_rss",
                round(found["rss_mb"], 1),
                "MB",
                "≤ 300",
                found["rss_mb"] <= 300,
            ),
        ]
    return results


def run() -> list[Result]:
    return (
        overhead_and_worst_case()
        + guard_rates()
        + meaning_rates()
        + hostile_answers()
        + page_after_timeout()
    )


if __name__ == "__main__":
    for result in run():
        print(result)
