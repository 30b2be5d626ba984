"""Reading a message with the AI model (issue 27), against a real HTTP server on 127.0.0.1 that
speaks the OpenAI API: the model's facts are kept only where the message states them; what it
adds is dropped and said; a failing service leaves the reader's answer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bench.openai_server import Server, running
from followup.reader.model import read_with_model
from followup.tone import Settings
from tests.conftest import cli

NOW = datetime(2026, 11, 20, 9, 15, tzinfo=ZoneInfo("Asia/Jakarta"))
MESSAGE = (
    "Halo Kak Rina, kami mau undang interview untuk posisi Staf Gudang besok jam 2 siang "
    "di Menara Sentosa Lt. 12 ya. Nanti temui Ibu Dewi di resepsionis."
)


def extraction(**changes: Any) -> dict[str, Any]:
    honest = {
        "kind": "invitation",
        "company": None,
        "position": "Staf Gudang",
        "start_date": "2026-11-21",
        "start_time": "14:00",
        "zone": None,
        "format": "in_person",
        "location": "Menara Sentosa Lt. 12",
        "contact_name": "Dewi",
        "salutation": "ibu",
        "reply_by": None,
    }
    return honest | changes


@pytest.fixture
def model() -> Iterator[Server]:
    with running() as server:
        yield server


def config(server: Server) -> Settings:
    return Settings(base_url=server.url, timeout_s=5)


def test_an_honest_reading_is_used(model: Server) -> None:
    model.answer_with(lambda request: extraction())
    proposal = read_with_model(MESSAGE, NOW, config(model))
    assert proposal.source == "llm"
    assert proposal.kind == "invitation"
    assert proposal.case["interview"] == {
        "start": "2026-11-21T14:00:00+07:00",
        "format": "in_person",
        "location": "Menara Sentosa Lt. 12",
    }
    assert proposal.case["contact"] == {"name": "Dewi", "salutation": "ibu"}
    sent = json.loads(model.requests[0]["body"]["messages"][1]["content"])
    assert sent["message"] == MESSAGE  # (the person said yes to sending it)


def test_what_the_message_does_not_say_is_dropped_and_said(model: Server) -> None:
    model.answer_with(
        lambda request: extraction(
            company="PT Karya Palsu",  # not in the message
            start_date="2026-11-23",  # a day the message does not name
            contact_name="Budi Santoso",
        )
    )
    proposal = read_with_model(MESSAGE, NOW, config(model))
    assert proposal.source == "llm"
    assert "company" not in proposal.case
    assert "company" in proposal.not_found
    # the day the message names stands (the reader's own reading of "besok jam 2 siang")
    assert proposal.case["interview"]["start"] == "2026-11-21T14:00:00+07:00"
    assert proposal.case["contact"]["name"] == "Dewi"  # the reader's, not the invention
    assert "Budi" not in json.dumps(proposal.case)


def test_a_failing_service_leaves_the_readers_answer(model: Server) -> None:
    model.script("500")
    proposal = read_with_model(MESSAGE, NOW, Settings(base_url=model.url, timeout_s=1))
    assert proposal.source == "reader"
    assert proposal.case["interview"]["start"] == "2026-11-21T14:00:00+07:00"


def test_the_cli_reads_with_the_model_only_when_asked(
    model: Server, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = tmp_path / "message.txt"
    message.write_text(MESSAGE, encoding="utf-8")
    monkeypatch.setenv("OPENAI_BASE_URL", model.url)
    model.answer_with(lambda request: extraction())
    code, out, _ = cli("read", str(message), "--now", NOW.isoformat())
    assert (code, json.loads(out)["source"], model.requests) == (0, "reader", [])
    code, out, err = cli("read", str(message), "--now", NOW.isoformat(), "--llm")
    assert (code, err) == (0, "")
    assert json.loads(out)["source"] == "llm"
    monkeypatch.delenv("OPENAI_BASE_URL")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    code, out, err = cli("read", str(message), "--now", NOW.isoformat(), "--llm", "--lang", "en")
    assert code == 0
    assert json.loads(out)["source"] == "reader"
    assert err.startswith("AI is not configured")


@pytest.mark.parametrize(
    ("message", "answer", "check"),
    [
        # the reader's kind wins: a rejection stays one
        (
            "Mohon maaf, kami memutuskan untuk melanjutkan dengan kandidat lain. Terima kasih.",
            {"kind": "offer", "reply_by": "2026-11-30"},
            lambda p: p.kind == "rejection",
        ),
        # the zone is the message's, not the model's
        (
            "Kami mengundang Anda interview Kamis, 26 November 2026 pukul 10.00 WIB.",
            {"start_date": "2026-11-26", "start_time": "10:00", "zone": "WIT"},
            lambda p: p.case["interview"]["start"] == "2026-11-26T10:00:00+07:00",
        ),
        # a deadline is not the interview
        (
            "Kami mengundang Anda interview. Konfirmasi paling lambat 24 November 2026 jam 17.00.",
            {"start_date": "2026-11-24", "start_time": "17:00"},
            lambda p: "start" not in p.case.get("interview", {}),
        ),
        # a name inside an e-mail address or a link is not the message saying it
        (
            "Kami mengundang Anda interview. Kirim CV ke hr@maju-jaya.example atau https://x.example/sentosa-abadi",
            {"company": "Maju Jaya"},
            lambda p: "company" not in p.case,
        ),
        # one letter is not a name
        (
            "Kami mengundang Anda interview a la carte.",
            {"contact_name": "a", "position": "a"},
            lambda p: "contact" not in p.case and "position" not in p.case,
        ),
        # the candidate greeted is not the contact
        (
            "Halo Kak Rina,\nkami mengundang Kakak interview minggu depan.",
            {"contact_name": "Rina", "salutation": "kak"},
            lambda p: "contact" not in p.case,
        ),
    ],
)  # fmt: skip
def test_the_check_holds_against_a_hostile_model(
    model: Server, message: str, answer: dict[str, Any], check: Any
) -> None:
    nothing = dict.fromkeys(extraction()) | {"kind": "invitation"}
    model.answer_with(lambda request: nothing | answer)
    proposal = read_with_model(message, NOW, config(model))
    assert check(proposal), proposal
