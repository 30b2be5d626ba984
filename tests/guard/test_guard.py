"""The guard between a model's rewording and the draft: its single checks (placeholders, the
subject, new links and contacts, changed numbers, the language, junk, the length), and the
adversarial corpus (bench/tone_corpus.py) against the scripted loopback model: every attack
ends in the template, with one sentence saying why; every honest rewording is used. No
network beyond 127.0.0.1, no key."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bench.openai_server import Server, running
from bench.tone_corpus import ATTACKS, HONEST, TEMPLATES, Attack, Honest
from followup.guard import REASONS, check
from followup.i18n import text
from followup.messages import DraftOptions, render_draft
from followup.models import Case
from followup.tone import ModelRewriter, Settings, adapt, make_client
from tests.full_case import FULL, NOW

CASE = Case.model_validate_json(json.dumps(FULL))
PERSONAL = [
    "Rina",
    "Wijaya",
    "PT Maju Jaya",
    "Budi",
    "Santoso",
    "budi@majujaya.co.id",
    "6281234567890",
]
# The attacks rewrite a frozen template of their language, and the real thank-you template.
ATTACKED = {"id": "thank_you.id.email.formal", "en": "thank_you.en.email.warm"}
BUDGET = 5.0


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with running() as live:
        yield live
    for request in live.requests:  # nothing the case knows ever left the machine
        for secret in PERSONAL:
            assert secret not in request["raw"], secret


@pytest.fixture(scope="module")
def model(server: Server) -> ModelRewriter:
    """One client for the module (a client per test would cost more than the test)."""
    client = make_client(Settings(api_key="test-key-not-real", base_url=server.url, model="m"))
    return ModelRewriter(client, "m", budget_s=BUDGET, request_timeout_s=BUDGET)


def one_sentence(said: str) -> bool:
    body = said.rstrip(".")
    return said.endswith(".") and ". " not in body and "\n" not in said


# --- single checks ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("subject", "body", "reason"),
    [
        ("Hal {{position}}", "Halo {{recipient}}, terima kasih. Saya {{candidate_name}}", None),
        ("Hal {{position}}", "Halo {{recipient}}, terima kasih. Saya", "placeholders"),
        (None, "Halo {{recipient}}, terima kasih. Saya {{candidate_name}}", "subject"),
        (
            "Hal {{position}}",
            "Halo {{recipient}}, lihat www.x.com. Saya {{candidate_name}}",
            "new_link",
        ),
        (
            "Hal {{position}}",
            "Halo {{recipient}}, tulis ke a@b.co. Saya {{candidate_name}}",
            "new_contact",
        ),
        (
            "Hal {{position}}",
            "Halo {{recipient}}, jam 10. Saya {{candidate_name}}",
            "changed_number",
        ),
        (
            "Hal {{position}}",
            "Halo {{recipient}}, sampai Senin. Saya {{candidate_name}}",
            "changed_number",
        ),
        (
            "Hal {{position}}",
            "Hello {{recipient}}, thank you for the time. I am {{candidate_name}}",
            "language",
        ),
        (
            "Hal {{position}}",
            "Halo {{recipient}}, **terima kasih**. Saya {{candidate_name}}",
            "junk",
        ),
        (
            "Hal {{position}}",
            "Halo {{recipient}}, <b>terima</b> kasih. Saya {{candidate_name}}",
            "junk",
        ),
        (
            "Hal {{position}}",
            "Halo {{recipient}}. " + "Terima kasih dan salam. " * 20 + "{{candidate_name}}",
            "length",
        ),
    ],
)
def test_guard(subject: str | None, body: str, reason: str | None) -> None:
    template_body = "Halo {{recipient}}, terima kasih banyak. Saya {{candidate_name}}"
    assert check("Hal {{position}}", template_body, subject, body, None, "id") == reason


# --- the adversarial corpus -------------------------------------------------------------------
def test_the_corpus_is_big_enough() -> None:
    assert len(HONEST) >= 20
    assert {h.request_template().language for h in HONEST} == {"id", "en"}
    assert {h.tone for h in HONEST} == {"formal", "warm", "concise"}
    for lang in ("id", "en"):  # every kind of refusal, in both languages, several phrasings
        kinds = [a.reason for a in ATTACKS if a.lang == lang]
        # (what the answer means, and the sentences written for the points, are measured by
        # the corpus of one-change answers: tests/guard/test_meaning_corpus.py)
        meaning = {"negation", "flipped", "new_format", "order", "points_place", "points_shape"}
        points = {"points_lost", "points_pasted", "points_changed"}
        assert set(kinds) >= set(REASONS) - {"subject", "length", "layout"} - meaning - points
    assert len(ATTACKS) >= 60


@pytest.mark.parametrize("sample", HONEST, ids=lambda h: h.name)
def test_an_honest_rewording_is_used(server: Server, model: ModelRewriter, sample: Honest) -> None:
    server.answer_with(sample.answer)
    outcome = model(sample.request_template(), sample.points)
    assert (outcome.source, outcome.rejected) == ("llm", None)
    assert (outcome.subject, outcome.body) == (sample.subject, sample.body)
    assert outcome.requests == 1


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.name)
def test_an_attack_ends_in_the_template_with_its_reason(
    server: Server, model: ModelRewriter, attack: Attack
) -> None:
    template = TEMPLATES[ATTACKED[attack.lang]]
    server.answer_with(attack.rewrite)
    outcome = adapt(template, None, model.client, "m", BUDGET, BUDGET)
    assert outcome.source == "template"
    assert outcome.rejected == attack.reason
    assert attack.reason in outcome.failed  # every failure is listed, the first one first
    assert (outcome.subject, outcome.body) == (template.subject, template.body)
    assert outcome.requests == 2  # the answer, and one re-ask naming the failure
    sentence = text(attack.lang, "guard", "rejected", why=text(attack.lang, "guard", attack.reason))
    assert one_sentence(sentence), sentence


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.name)
def test_an_attack_on_a_real_draft_leaves_the_template_draft(
    server: Server, model: ModelRewriter, attack: Attack
) -> None:
    """End to end through `render_draft`: the case's draft, exactly the template's, and one
    sentence in the draft's language saying why the AI version was not used."""
    server.answer_with(attack.rewrite)
    options = DraftOptions("email", "formal", attack.lang, "Saya fasih SQL.", NOW)
    template_draft = render_draft(CASE, "thank_you", options)
    draft = render_draft(CASE, "thank_you", options, model)
    assert draft.source == "template"
    assert (draft.subject, draft.body) == (template_draft.subject, template_draft.body)
    assert draft.links == template_draft.links
    assert draft.changes == []
    said = draft.llm_rejected or ""
    assert said.startswith(text(attack.lang, "guard", "rejected", why="|").split("|")[0])
    assert text(attack.lang, "guard", attack.reason) in said  # with every other reason found
    assert one_sentence(said)


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.name)
def test_the_guard_alone_refuses_every_attack(attack: Attack) -> None:
    template = TEMPLATES[ATTACKED[attack.lang]]
    answer = attack.rewrite({"subject": template.subject, "body": template.body})
    found = check(
        template.subject, template.body, answer["subject"], answer["body"], None, attack.lang
    )
    assert found == attack.reason


def test_every_reason_has_one_sentence_in_both_languages() -> None:
    for lang in ("id", "en"):
        for reason in (*REASONS, "bad_answer", "unavailable", "refused", "paused"):
            said = text(lang, "guard", "rejected", why=text(lang, "guard", reason))
            assert one_sentence(said), (lang, reason)


def test_every_approved_template_passes_its_own_guard() -> None:
    """A model that returns the template unchanged is always accepted: no lexicon entry, no
    check, refuses an approved text (else the AI step could never succeed for it)."""
    from followup.templates import load_templates

    refused = {
        f"{action}.{lang}.{channel}.{tone}": found
        for action, table in load_templates().items()
        for (lang, channel, tone), t in table.items()
        if (found := check(t.subject, t.body, t.subject, t.body, None, lang)) is not None
    }
    assert refused == {}
