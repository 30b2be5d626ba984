"""The draft pipeline and its rewriter protocol, the circuit breaker, the talking points
without personal data, and the word-level changes. A real loopback server where a model is
needed; a rewriter written here is just another implementation of the protocol
(`followup.messages.Rewriter`), not a patch."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from bench.openai_server import Server, running
from followup.changes import Change, draft_changes, marked, word_changes
from followup.messages import DraftOptions, Rewritten, render_draft
from followup.models import Case
from followup.redact import redact_points
from followup.templates import Template
from followup.tone import CircuitBreaker, ModelRewriter, Settings, make_client, settings
from tests.full_case import FULL, NOW

CASE = Case.model_validate_json(json.dumps(FULL))


@pytest.fixture
def server() -> Iterator[Server]:
    with running() as live:
        yield live


def model(
    server: Server, breaker: CircuitBreaker | None = None, timeout: float = 0.3
) -> ModelRewriter:
    client = make_client(
        Settings(api_key="test-key-not-real", base_url=server.url, model="m", timeout_s=timeout)
    )
    return ModelRewriter(client, "m", budget_s=2.0, request_timeout_s=timeout, breaker=breaker)


# --- the talking points, as they may leave the machine -----------------------------------------


def test_the_points_go_out_without_what_the_case_knows() -> None:
    points = (
        "Saya Rina, sudah bicara dengan Pak Budi (budi@majujaya.co.id, 0812-3456-7890) soal "
        "posisi Analis Data di Maju Jaya; juga wawancara di CV Lain Sejahtera, "
        "Gedung Graha Niaga Lt. 5, Jakarta Selatan. Hubungi juga 0899 1111 2222 atau "
        "hr@lain.example. Pengalaman 2020-2024 di bidang data."
    )
    assert redact_points(CASE, points) == (
        "Saya {{candidate_name}}, sudah bicara dengan Pak {{contact_name}} ({{contact_email}}, "
        "{{contact_phone}}) soal posisi {{position}} di {{company}}; juga wawancara di "
        "{{other_company}}, {{interview_where}}. Hubungi juga {{phone}} atau {{email}}. "
        "Pengalaman 2020-2024 di bidang data."
    )


@pytest.mark.parametrize(
    "written",
    ["+62 812 3456 7890", "+62-812-3456-7890", "081234567890", "(0812) 3456 7890", "6281234567890"],
)
def test_the_contact_phone_in_any_usual_spelling(written: str) -> None:
    assert redact_points(CASE, f"nomor Pak Budi: {written}") == (
        "nomor Pak {{contact_name}}: {{contact_phone}}"
    )


def test_case_and_placeholders_are_respected() -> None:
    assert (
        redact_points(CASE, "RINA WIJAYA dan pt maju jaya") == "{{candidate_name}} dan {{company}}"
    )
    # a name inside another word is not a name; a placeholder the user typed stays as it is
    assert redact_points(CASE, "Budiman menulis {{company}}") == "Budiman menulis {{company}}"
    assert redact_points(CASE, "") == ""


def test_a_rewriter_gets_the_template_and_redacted_points_only() -> None:
    seen: list[tuple[Template, str | None]] = []

    def rewriter(template: Template, points: str | None) -> Rewritten:
        seen.append((template, points))
        return Rewritten(template.subject, template.body, "llm")

    options = DraftOptions("email", "formal", "id", "Salam untuk Pak Budi di PT Maju Jaya.", NOW)
    draft = render_draft(CASE, "thank_you", options, rewriter)
    assert draft.source == "llm"
    assert draft.changes == []  # the model changed nothing
    ((template, points),) = seen
    assert "{{company}}" in template.body
    assert points == "Salam untuk Pak {{contact_name}} di {{company}}."
    # the draft itself keeps the points as typed
    assert "Salam untuk Pak Budi di PT Maju Jaya." in draft.body


# --- one pipeline ----------------------------------------------------------------------------


def test_the_pipeline_trusts_no_rewriter() -> None:
    """A rewriter that calls its own answer good still goes through the guard here."""

    def liar(template: Template, points: str | None) -> Rewritten:
        body = template.body.replace("{{company}}", "{{company}} (hire-me.dev)", 1)
        return Rewritten(template.subject, body, "llm")

    options = DraftOptions("email", "formal", "en", None, NOW)
    draft = render_draft(CASE, "thank_you", options, liar)
    assert draft.source == "template"
    assert "hire-me" not in draft.body
    assert draft.llm_rejected == (
        "This draft uses the template because the AI version added a link the template does "
        "not have."
    )
    assert draft == render_draft(CASE, "thank_you", options).model_copy(
        update={"llm_rejected": draft.llm_rejected}
    )


def test_the_older_call_form_is_the_same_pipeline() -> None:
    old = render_draft(CASE, "thank_you", "whatsapp", "warm", "en", "SQL.", NOW)  # type: ignore[call-overload]
    new = render_draft(CASE, "thank_you", DraftOptions("whatsapp", "warm", "en", "SQL.", NOW))
    assert old == new
    assert render_draft(CASE, "thank_you") == render_draft(CASE, "thank_you", DraftOptions())


def test_the_ai_draft_lists_its_changes(server: Server) -> None:
    server.script("ok")  # "Terima kasih" -> "Terima kasih banyak"
    options = DraftOptions("email", "formal", "id", None, NOW)
    draft = render_draft(CASE, "thank_you", options, model(server, timeout=2.0))
    assert draft.source == "llm"
    assert [(c.field, c.removed, c.added) for c in draft.changes] == [("body", "", "banyak")]
    assert draft.model_dump().keys() == render_draft(CASE, "thank_you", options).model_dump().keys()


# --- word-level changes ----------------------------------------------------------------------


def test_word_changes() -> None:
    assert word_changes("a b c d", "a x c d e") == [
        Change(field="body", at=1, removed="b", added="x"),
        Change(field="body", at=4, removed="", added="e"),
    ]
    assert word_changes("same\ntext", "same text") == []  # layout is not wording
    assert draft_changes(None, "a", None, "a") == []
    assert draft_changes("S", "a", "T", "a") == [
        Change(field="subject", at=0, removed="S", added="T")
    ]


def test_marked_runs_show_added_and_replaced_words() -> None:
    before, after = (
        "Terima kasih atas waktunya.\nSalam,",
        "Terima kasih banyak atas waktu Anda.\nSalam,",
    )
    runs = marked(after, word_changes(before, after))
    assert runs == [
        [
            ("same", "Terima kasih"),
            ("added", "banyak"),
            ("same", "atas"),
            ("removed", "waktunya."),
            ("added", "waktu Anda."),
        ],
        [("same", "Salam,")],
    ]
    assert marked("a", word_changes("a b", "a")) == [[("same", "a"), ("removed", "b")]]


# --- failures cost once: the circuit breaker -------------------------------------------------


def test_a_hanging_model_costs_one_timeout_then_nothing(server: Server) -> None:
    server.script("hang")
    breaker = CircuitBreaker()
    rewriter = model(server, breaker, timeout=0.3)
    options = DraftOptions("email", "formal", "id", None, NOW)
    first = render_draft(CASE, "thank_you", options, rewriter)
    assert first.source == "template"
    assert "tidak menjawab tepat waktu" in (first.llm_rejected or "")
    assert len(server.requests) == 1  # a timeout is not retried
    assert breaker.open
    assert breaker.reason == "unavailable"
    start = time.monotonic()
    for tone in ("formal", "warm", "concise"):  # every draft after it: the template, at once
        later = render_draft(
            CASE, "thank_you", DraftOptions("email", tone, "id", None, NOW), rewriter
        )
        assert later.source == "template"
    assert time.monotonic() - start < 0.5
    assert len(server.requests) == 1
    server.script("ok")
    breaker.reset()  # "try AI again"
    assert render_draft(CASE, "thank_you", options, rewriter).source == "llm"
    assert len(server.requests) == 2


def test_a_refusing_model_opens_the_breaker_too(server: Server) -> None:
    server.script("401")
    breaker = CircuitBreaker()
    draft = render_draft(CASE, "thank_you", DraftOptions(), model(server, breaker))
    assert draft.source == "template"
    assert breaker.reason == "refused"


def test_the_breaker_closes_after_its_cooldown() -> None:
    clock = [100.0]
    breaker = CircuitBreaker(cooldown_s=60, clock=lambda: clock[0])
    assert not breaker.open
    breaker.trip("unavailable")
    clock[0] += 59.9
    assert breaker.open
    clock[0] += 0.2
    assert not breaker.open


def test_a_guard_rejection_is_remembered_but_does_not_open_the_breaker(server: Server) -> None:
    server.script("add_url")
    breaker, cache = CircuitBreaker(), {}
    rewriter = model(server, breaker, timeout=2.0)
    rewriter.cache = cache
    for _ in range(2):
        draft = render_draft(CASE, "thank_you", DraftOptions(), rewriter)
        assert draft.source == "template"
    assert len(server.requests) == 2  # the answer and one re-ask, once per session
    assert not breaker.open


def test_the_request_timeout_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("OPENAI_TIMEOUT", "0.5")
    assert settings().timeout_s == 0.5
    for wrong in ("soon", "-1", "0", "999"):
        monkeypatch.setenv("OPENAI_TIMEOUT", wrong)
        assert settings().timeout_s == 12.0


# --- a hard budget, by the wall clock, and a size limit ------------------------------------------


@pytest.mark.parametrize("mode", ["drip", "slow_headers"])
def test_a_service_that_drips_its_answer_ends_within_the_budget(server: Server, mode: str) -> None:
    """Every byte arrives well within the per-read timeout (2 s), so only a budget kept by the
    wall clock ends the step: the template stands, with one sentence, and the service is left
    alone for the session."""
    server.script(mode)
    breaker = CircuitBreaker()
    client = make_client(
        Settings(api_key="test-key-not-real", base_url=server.url, model="m", timeout_s=2.0)
    )
    rewriter = ModelRewriter(client, "m", budget_s=1.0, request_timeout_s=2.0, breaker=breaker)
    start = time.monotonic()
    draft = render_draft(CASE, "thank_you", DraftOptions("email", "warm", "id"), rewriter)
    spent = time.monotonic() - start
    assert draft.source == "template"
    assert "tidak menjawab tepat waktu" in (draft.llm_rejected or "")
    assert breaker.open
    # (the drip alone lasts 30 s; the margin is for a slow machine, not a speed target)
    assert spent < 10


def test_a_huge_answer_is_cut_off_at_the_size_limit(server: Server) -> None:
    from followup.tone import MAX_ANSWER_BYTES

    server.script("huge")
    rewriter = model(server, timeout=5.0)
    rewriter.budget_s = 20.0
    draft = render_draft(CASE, "thank_you", DraftOptions("email", "warm", "id"), rewriter)
    assert draft.source == "template"
    assert draft.llm_rejected
    assert len(server.requests) == 1  # cut off, not asked again
    assert MAX_ANSWER_BYTES < 1024 * 1024
