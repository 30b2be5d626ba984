"""The AI step on the page (AppTest, a real loopback model): the switch rewords a draft, and
a misbehaving model leaves the template with one sentence why; without configuration there
is no switch; a failed model costs once and the card says so with "try AI again"; the AI
version comes with what it changed, shown literally; the points field says what goes out;
one draft object per card."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.apptest import INTERVIEW, fill, page
from bench.openai_server import Server, running
from followup.changes import word_changes
from followup.models import Draft
from followup.ui.page_state import CardDraft
from followup.ui.plan_view import changes_markdown
from tests.pages import (  # noqa: F401 - clean_process: a fresh page history per test
    clean_process,
    ok,
)


def test_ai_switch_with_a_loopback_model(monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.openai_server import running

    with running() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        monkeypatch.setenv("OPENAI_MODEL", "test-model")
        server.script("ok")
        at = fill(page(), "interviewed", **INTERVIEW)
        template = at.text_area(key="draft-thank_you").value
        at.toggle(key="ai-thank_you").set_value(True).run()
        ok(at)
        reworded = at.text_area(key="draft-thank_you").value
        assert reworded != template
        assert "Terima kasih banyak" in reworded
        assert "Rina Wijaya" in reworded
        assert any("Versi AI dipakai" in c.value for c in at.caption)
        assert len(server.requests) == 1
        assert "Rina Wijaya" not in server.requests[0]["raw"]
        at.run()  # a rerun does not ask again (cached for the session)
        assert len(server.requests) == 1
        # a misbehaving model: the template, and one sentence saying why
        server.script("add_url")
        at.segmented_control(key="tone-thank_you").set_value("concise").run()
        assert not at.exception
        assert "evil" not in at.text_area(key="draft-thank_you").value
        assert any("tautan" in w.value for w in at.warning)


def test_without_configuration_there_is_no_ai_switch() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    assert not [w for w in at.toggle if w.key == "ai-thank_you"]
    at.session_state["settings"] = True  # the sidebar's "timezone and AI" box opened
    at.run()
    said = " ".join(c.value for c in at.sidebar.caption)
    assert "AI bersifat opsional" in said
    assert "OPENAI_" not in said  # operator words live in the README, not on the page


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    with running() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        monkeypatch.setenv("OPENAI_MODEL", "test-model")
        monkeypatch.setenv("OPENAI_TIMEOUT", "0.3")  # a hanging model gives up quickly
        yield server


def test_a_hanging_model_costs_one_timeout_and_can_be_tried_again(model: Server) -> None:
    model.script("hang")
    at = fill(page(), "interviewed", **INTERVIEW)
    template = at.text_area(key="draft-thank_you").value
    at.toggle(key="ai-thank_you").set_value(True).run()
    ok(at)
    assert len(model.requests) == 1  # one timeout, not retried
    notice = [w.value for w in at.warning]
    assert notice == [
        "Layanan AI tidak menjawab, jadi draf memakai templat sampai Anda mencoba AI lagi."
    ]
    assert at.text_area(key="draft-thank_you").value == template
    assert at.button(key="ai_retry").label == "Coba AI lagi"
    for tone in ("warm", "concise", "formal"):  # every rerun after it: templates at once
        at.segmented_control(key="tone-thank_you").set_value(tone).run()
        ok(at)
        assert len(at.warning) == 1
    at.toggle(key="ai-thank_you").set_value(False).run()
    at.toggle(key="ai-thank_you").set_value(True).run()
    assert len(model.requests) == 1  # the session remembers the failed model
    model.script("ok")
    at.button(key="ai_retry").click().run()
    ok(at)
    assert len(model.requests) == 2
    assert not at.warning
    assert any("Versi AI dipakai" in c.value for c in at.caption)
    assert "Terima kasih banyak" in at.text_area(key="draft-thank_you").value


def test_the_ai_version_shows_what_it_changed(model: Server) -> None:
    model.script("ok")  # the loopback model adds one word: "Terima kasih" -> "Terima kasih banyak"
    at = fill(page(lang="en"), "interviewed", **INTERVIEW)
    at.toggle(key="ai-thank_you").set_value(True).run()
    ok(at)
    assert "Thank you very much" in at.text_area(key="draft-thank_you").value
    expander = next(e for e in at.expander if e.label.startswith("What the AI changed"))
    assert expander.label == "What the AI changed (1)"
    shown = expander.markdown[0].value
    assert ":green-background[very much]" in shown
    assert "Rina Wijaya" in shown  # the AI version as it will be sent, facts filled in
    card = at.session_state["_page"].cards["thank_you"]
    assert isinstance(card, CardDraft)
    assert card.draft.source == "llm"
    # the card keeps one draft object: no per-card origin or source keys any more
    assert "_origin-thank_you" not in at.session_state
    assert "_source-thank_you" not in at.session_state


def test_the_points_field_says_what_goes_out(model: Server) -> None:
    model.script("ok")
    at = fill(page(), "interviewed", contact_name="Budi Santoso", **INTERVIEW)
    at.session_state["points_box-thank_you"] = True  # the box opened
    at.run()
    at.text_area(key="points-thank_you").set_value("Salam untuk Pak Budi di PT Maju Jaya.").run()
    assert not [c for c in at.caption if "dikirim ke layanan AI" in c.value]  # AI is off
    at.toggle(key="ai-thank_you").set_value(True).run()
    ok(at)
    said = next(c.value for c in at.caption if "dikirim ke layanan AI" in c.value)
    assert "Budi" not in said
    assert "Maju" not in said
    assert "contact\\_name" in said  # shown literally: "{{contact_name}}", escaped
    sent = model.requests[0]["raw"]
    assert "Budi" not in sent
    assert "{{contact_name}}" in sent


def test_the_changes_are_shown_literally() -> None:
    """Whatever words the AI version had, the change view reads none as markdown or HTML."""
    before = "Terima kasih atas waktunya."
    after = "Terima kasih [klik](javascript:alert(1)) <script>x</script> **atas** waktunya."
    draft = Draft(
        action="thank_you",
        channel="whatsapp",
        language="id",
        tone="warm",
        subject=None,
        body=after,
        source="llm",
        changes=word_changes(before, after),
    )
    shown = changes_markdown(draft)
    assert "](" not in shown.replace("\\](", "").replace("\\(", "")
    assert "<script>" not in shown
    assert "\\<script\\>" in shown
    assert "\\*\\*atas\\*\\*" in shown
    assert shown.count(":green-background[") == 1


def test_the_points_are_notes_for_the_ai_and_a_sentence_without_it(model: Server) -> None:
    """Issue 24: without the AI the points box asks for a sentence that goes in as typed; with
    it, for notes the model writes out; its sentence is marked as its own, and a new promise
    is shown first, to check, filled in."""

    def weave(request: dict[str, object]) -> dict[str, object]:
        body = str(request["body"]).replace(
            "{{talking_points}}", "Saya sudah menggunakan Airflow selama 3 tahun.", 1
        )
        body = body.replace(
            "saya siap melengkapinya.", "saya siap melengkapinya dan akan membawa portofolio saya."
        )
        return {"subject": request["subject"], "body": body}

    model.answer_with(weave)
    at = fill(page(), "interviewed", **INTERVIEW)
    at.session_state["points_box-thank_you"] = True  # the box opened
    at.run()
    box = at.text_area(key="points-thank_you")
    assert box.label == "Kalimat yang ingin Anda tambahkan (opsional)"
    box.input("bilang sudah 3 tahun pakai Airflow").run()
    assert "bilang sudah 3 tahun pakai Airflow" in at.text_area(key="draft-thank_you").value
    at.toggle(key="ai-thank_you").set_value(True).run()
    ok(at)
    assert at.text_area(key="points-thank_you").label == "Poin yang ingin Anda sebutkan (opsional)"
    body = at.text_area(key="draft-thank_you").value
    assert "Saya sudah menggunakan Airflow selama 3 tahun." in body
    assert "bilang" not in body
    [first, *_] = at.warning
    assert first.value.startswith("Periksa: Kalimat ini menjanjikan sesuatu")
    assert "akan membawa portofolio saya" in first.value
    assert any("Kalimat yang ditulis AI untuk poin Anda" in c.value for c in at.caption)
