"""Issue 24: the AI writes what the person wants to say; the facts stay the template's.

The meaning corpus (bench/meaning_corpus.py) holds natural honest answers (merged, split,
reordered sentences; points woven into sentences of the model's own) and one-change lies of
every class a careful reader objects to. Through the real loopback model: the honest ones are
used on the first answer, every lie is refused or shown as "check this". End to end through
the draft: the points are said in the model's words, never pasted, with every fact of theirs,
and they leave the machine without personal data however it is spelled."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from bench.meaning_corpus import Answer, corpus, load, rates
from bench.openai_server import Server, running
from followup.guard import CHECKS, REASONS, review
from followup.i18n import text
from followup.messages import DraftOptions, render_draft
from followup.models import Case
from followup.tone import ModelRewriter, Settings, make_client
from tests.full_case import FULL, NOW

TUNED = load("corpus_honest.toml") + load("corpus_dishonest.toml")
CASE = Case.model_validate_json(json.dumps({**FULL, "stage": "interviewed", "cancel": None}))


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with running() as live:
        yield live


@pytest.fixture(scope="module")
def model(server: Server) -> ModelRewriter:
    client = make_client(Settings(api_key="test-key-not-real", base_url=server.url, model="m"))
    return ModelRewriter(client, "m", budget_s=10.0, request_timeout_s=5.0)


def test_the_corpus_covers_every_kind() -> None:
    honest = [a for a in TUNED if a.honest]
    lies = [a for a in TUNED if not a.honest]
    assert len(honest) >= 40
    assert len(lies) >= 40
    assert {a.template.language for a in TUNED} == {"id", "en"}
    natural = Counter(a.kind for a in honest)
    assert natural["merge"] + natural["split"] + natural["reorder"] >= 30
    assert natural["woven"] >= 12
    kinds = {a.kind for a in lies}
    assert kinds >= {
        "negation_removed",
        "commitment",
        "admission",
        "instruction",
        "withdrawal",
        "format",
        "again_thanks",
        "another_date",
        "dropped_sentence",
        "placeholder_swap",
        "woven_pasted",
        "woven_extra_fact",
        "woven_lost_fact",
    }


@pytest.mark.parametrize(
    "names",
    [
        ("corpus_honest.toml", "corpus_dishonest.toml"),
        ("corpus_heldout.toml",),
        ("corpus_blind.toml",),
    ],
)
def test_the_rates_meet_the_issue(names: tuple[str, ...]) -> None:
    """Honest first answers used ≥ 90 %; one-change lies used silently ≤ 2 %."""
    found = rates([a for name in names for a in load(name)])
    print(  # (make bench prints them too, with the held-out corpus)
        f"honest used {found.honest_share:.1f}% of {found.honest}; "
        f"lies silent {found.silent_share:.1f}% of {found.dishonest} {found.silent_ids}"
    )
    assert found.honest_share >= 90
    assert found.silent_share <= 2


@pytest.mark.parametrize("answer", [a for a in corpus() if a.honest], ids=lambda a: a.id)
def test_an_honest_answer_is_used_at_once(
    server: Server, model: ModelRewriter, answer: Answer
) -> None:
    server.answer_with(answer.reply)
    outcome = model(answer.template, answer.points)
    assert (outcome.source, outcome.rejected) == ("llm", None)
    assert outcome.requests == 1


@pytest.mark.parametrize("answer", [a for a in corpus() if not a.honest], ids=lambda a: a.id)
def test_a_lie_is_refused_or_shown(server: Server, model: ModelRewriter, answer: Answer) -> None:
    if answer.id in rates(TUNED).silent_ids:
        pytest.xfail("within the issue's 2 %: a lower-case name reads as an ordinary word")
    server.answer_with(answer.reply)
    outcome = model(answer.template, answer.points)
    verdict = answer.verdict()
    if outcome.source == "llm":
        assert verdict.check, answer.id  # used only with something to check
    else:
        assert outcome.failed == tuple(dict.fromkeys(f.key for f in verdict.refused))
        assert outcome.requests == 2  # and asked again once, naming what was wrong
        problems = json.loads(server.requests[-1]["body"]["messages"][-1]["content"])
        assert problems["problems"]


def test_every_reason_and_check_is_one_sentence_in_both_languages() -> None:
    for lang in ("id", "en"):
        for key in REASONS:
            assert text(lang, "guard", key)
        for key in CHECKS:
            said = text(lang, "guard", f"check_{key}")
            assert said.endswith("."), (lang, key)
            assert said.count(". ") == 0, (lang, key)


# --- the person's points, woven ----------------------------------------------------------------

POINTS = "mention I can start in January, and I used Airflow for 3 years"


def weave(sentence: str) -> Any:
    """A model that rewrites nothing but writes the points as `sentence` in their place."""

    def answer(request: dict[str, Any]) -> dict[str, Any]:
        body = request["body"]
        if request.get("talking_points"):
            body = body.replace("{{talking_points}}", sentence, 1)
        return {"subject": request["subject"], "body": body}

    return answer


def test_the_points_are_said_in_the_models_words(server: Server, model: ModelRewriter) -> None:
    server.answer_with(weave("I could start in January, and I have used Airflow for 3 years."))
    options = DraftOptions("email", "formal", "en", POINTS, NOW)
    draft = render_draft(CASE, "thank_you", options, model)
    assert draft.source == "llm", draft.llm_rejected
    assert "I could start in January, and I have used Airflow for 3 years." in draft.body
    assert POINTS not in draft.body
    assert "mention" not in draft.body
    assert draft.own == "I could start in January, and I have used Airflow for 3 years."


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("mention I can start in January, and I used Airflow for 3 years", "points_pasted"),
        ("I could start in February, and I have used Airflow for 3 years.", "changed_number"),
        ("I have used Airflow for 3 years.", "points_lost"),
        ("I could start in January if the salary fits, after 3 years of Airflow.", "new_intent"),
    ],
)
def test_points_pasted_changed_or_lost_are_refused(
    server: Server, model: ModelRewriter, sentence: str, reason: str
) -> None:
    server.answer_with(weave(sentence))
    options = DraftOptions("email", "formal", "en", POINTS, NOW)
    draft = render_draft(CASE, "thank_you", options, model)
    assert draft.source == "template"
    assert text("en", "guard", reason) in (draft.llm_rejected or "")
    assert POINTS in draft.body  # the template draft: the points as typed, as without a key


def test_a_woven_sentence_fills_in_what_the_points_stood_for(
    server: Server, model: ModelRewriter
) -> None:
    """The points leave the machine with {{company}} for "Maju-Jaya"; the model's sentence may
    use it, and the draft says the company again."""
    server.answer_with(weave("Saya tertarik dengan proyek data pipeline di {{company}}."))
    options = DraftOptions("email", "formal", "id", "tanya proyek data pipeline Maju-Jaya", NOW)
    draft = render_draft(CASE, "thank_you", options, model)
    assert draft.source == "llm", draft.llm_rejected
    assert "proyek data pipeline di PT Maju Jaya." in draft.body
    sent = json.loads(server.requests[-1]["body"]["messages"][1]["content"])
    assert "Maju" not in sent["talking_points"]


@pytest.mark.parametrize(
    "spelled",
    [
        "Maju-Jaya",
        "MajuJaya",
        "maju_jaya",
        "Ｍａｊｕ Ｊａｙａ",
        "analis-data",
        "AnalisData",
        "Rina-Wijaya",
    ],
)
def test_no_spelling_of_the_case_data_reaches_the_model(
    server: Server, model: ModelRewriter, spelled: str
) -> None:
    server.answer_with(weave("Saya ingin bertanya lebih jauh."))
    options = DraftOptions("email", "formal", "id", f"tanya soal {spelled} ya", NOW)
    render_draft(CASE, "thank_you", options, model)
    sent = json.loads(server.requests[-1]["body"]["messages"][1]["content"])["talking_points"]
    assert not re.search(r"maju|jaya|analis|rina|wijaya", sent, re.IGNORECASE), sent


def test_check_items_come_with_the_ai_version(server: Server, model: ModelRewriter) -> None:
    """A new promise is not refused (an honest model may say it its own way) but shown first,
    filled in, with why, in the person's language."""

    def promise(request: dict[str, Any]) -> dict[str, Any]:
        body = request["body"].replace(
            "saya siap melengkapinya.", "saya siap melengkapinya dan akan membawa portofolio saya."
        )
        return {"subject": request["subject"], "body": body}

    server.answer_with(promise)
    draft = render_draft(CASE, "thank_you", DraftOptions("email", "formal", "id", None, NOW), model)
    assert draft.source == "llm"
    assert [c.why for c in draft.check] == [text("id", "guard", "check_commitment")]
    assert "akan membawa portofolio saya" in draft.check[0].text
    assert "{{" not in draft.check[0].text


def test_a_removed_tidak_is_refused() -> None:
    template = "Mohon maaf, saya tidak dapat hadir pada {{interview_date}}.\n\nSalam,\n{{name}}"
    answer = "Mohon maaf, saya dapat hadir pada {{interview_date}}.\n\nSalam,\n{{name}}"
    verdict = review(None, template, None, answer, None, "id")
    assert [f.key for f in verdict.refused] == ["negation"]
    polite = "Semoga pesan ini tidak mengganggu. Saya {{name}}."
    reworded = "Mohon maaf mengganggu. Saya {{name}}."
    assert not review(None, polite, None, reworded, None, "id").refused  # a formula, no fact


@pytest.mark.parametrize(
    ("lang", "template", "answer"),
    [
        (  # the issue's word-list false alarms: an opener, a clitic, a derived word
            "id",
            "Terima kasih atas kabarnya. Saya memahami keputusan {{company}}.",
            "Sayang sekali, tapi terima kasih atas kabarnya. Saya memahami keputusan {{company}}.",
        ),
        (
            "en",
            "Thank you for the update. I understand the decision of {{company}}.",
            "First of all, thank you for the update. I understand the decision of {{company}}.",
        ),
        (
            "id",
            "Bolehkah saya bertanya tentang paket kompensasinya di {{company}}?",
            "Bolehkah saya menanyakan paket kompensasi di {{company}}?",
        ),
    ],
)
def test_natural_words_are_not_false_alarms(lang: str, template: str, answer: str) -> None:
    assert review(None, template, None, answer, None, lang).refused == ()


def test_a_derived_word_may_open_a_subject() -> None:
    verdict = review(
        "Request to reschedule my interview – {{candidate_name}}",
        "I would like to reschedule my interview. Kind regards, {{candidate_name}}",
        "Rescheduling request – {{candidate_name}}",
        "I would like to reschedule my interview. Kind regards, {{candidate_name}}",
        None,
        "en",
    )
    assert verdict.refused == ()


def test_a_linkedin_note_stays_within_300_characters(server: Server, model: ModelRewriter) -> None:
    """A rewording within twice the template's length can still pass LinkedIn's limit once the
    facts are in: the template stands, and the card says it was too long."""

    def longer(request: dict[str, Any]) -> dict[str, Any]:
        body = str(request["body"]).replace(
            "It was a pleasure to meet you,",
            "It was a real pleasure to meet you and to hear how the team works, what it values "
            "most in the people who join it and how it has grown and changed as a company,",
        )
        return {"subject": None, "body": body}

    server.answer_with(longer)
    options = DraftOptions("linkedin", "formal", "en", None, NOW)
    draft = render_draft(CASE, "linkedin_connect", options, model)
    assert draft.source == "template"
    assert text("en", "guard", "length") in (draft.llm_rejected or "")
    assert len(draft.body) <= 300
