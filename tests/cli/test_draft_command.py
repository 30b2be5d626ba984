"""`python -m followup draft` per contract.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import cli
from tests.full_case import FULL

CASE = json.dumps(FULL)
KEYS = {
    "action",
    "channel",
    "language",
    "tone",
    "subject",
    "body",
    "source",
    "llm_rejected",
    "links",
    "send_at",  # Revision 3: the moment the wording is written for
}


def test_draft_email() -> None:
    code, out, err = cli(
        "draft", "-", "--action", "thank_you", "--now", "2026-11-21T10:00", stdin=CASE
    )
    assert (code, err) == (0, "")
    draft = json.loads(out)
    assert set(draft) == KEYS
    assert (draft["action"], draft["channel"], draft["language"], draft["tone"]) == (
        "thank_you",
        "email",
        "id",
        "formal",
    )
    assert draft["source"] == "template"
    assert draft["llm_rejected"] is None
    assert draft["subject"]
    assert "Rina Wijaya" in draft["body"]
    assert set(draft["links"]) == {"mailto", "whatsapp", "tel"}
    assert draft["links"]["mailto"].startswith("mailto:budi@majujaya.co.id?subject=")
    assert draft["links"]["whatsapp"] is None
    assert draft["send_at"] == "2026-11-21T10:00:00+07:00"  # an e-mail: written for now


@pytest.mark.parametrize(
    ("channel", "link"),
    [("phone", "tel"), ("whatsapp", "whatsapp")],
)
def test_phone_and_whatsapp_have_no_subject(channel: str, link: str) -> None:
    code, out, _ = cli(
        "draft",
        "-",
        "--action",
        "cancel_interview",
        "--channel",
        channel,
        "--lang",
        "en",
        stdin=CASE,
    )
    assert code == 0
    draft = json.loads(out)
    assert draft["subject"] is None
    assert draft["language"] == "en"
    assert draft["links"][link]


def test_tone_and_points() -> None:
    code, out, _ = cli(
        "draft",
        "-",
        "--action",
        "thank_you",
        "--tone",
        "concise",
        "--points",
        "SQL 3 tahun.",
        stdin=CASE,
    )
    assert code == 0
    draft = json.loads(out)
    assert draft["tone"] == "concise"
    assert "SQL 3 tahun." in draft["body"]


def test_llm_without_configuration_says_so_and_returns_the_template(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    code, out, err = cli("draft", "-", "--action", "thank_you", "--llm", stdin=CASE)
    assert code == 0
    assert json.loads(out)["source"] == "template"
    assert err.count("\n") == 1
    assert "OPENAI_API_KEY" in err


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--action", "move_on"], "move_on"),
        (["--action", "call_for_result"], "call_for_result"),
        (["--action", "thank_you", "--channel", "linkedin"], "linkedin"),
        (["--action", "gossip"], "gossip"),
        (["--action", "thank_you", "--tone", "sarcastic"], "sarcastic"),
        ([], "--action"),
    ],
)
def test_no_draft_exit_2(argv: list[str], fragment: str) -> None:
    code, out, err = cli("draft", "-", *argv, stdin=CASE)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert fragment in err


def test_missing_value_exit_2_names_the_field() -> None:
    data = {k: v for k, v in FULL.items() if k != "candidate_name"}
    code, out, err = cli(
        "draft", "-", "--action", "thank_you", "--lang", "en", stdin=json.dumps(data)
    )
    assert (code, out) == (2, "")
    assert err == "To draft this message, first fill in your name (field candidate_name).\n"


def test_real_process(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(CASE, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "followup",
            "draft",
            str(path),
            "--action",
            "reschedule_interview",
            "--now",
            "2026-11-21T10:00",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)["body"]
    assert "- Senin, 30 November 2026, pukul 10.00 WIB" in body


def test_a_whatsapp_draft_is_written_for_the_opening() -> None:
    """Saturday 10:00: a WhatsApp message waits for Monday 08:00, and greets that morning."""
    code, out, err = cli(
        "draft",
        "-",
        "--action",
        "thank_you",
        "--channel",
        "whatsapp",
        "--now",
        "2026-11-21T21:30",
        stdin=CASE,
    )
    assert (code, err) == (0, "")
    draft = json.loads(out)
    assert draft["send_at"] == "2026-11-23T08:00:00+07:00"
    assert draft["body"].startswith("Selamat pagi")


def test_draft_to_another_company_by_target() -> None:
    offer = {
        **FULL,
        "cancel": None,
        "stage": "offer",
        "offer": {"received_at": "2026-11-20T09:00", "answer_by": "2026-11-27"},
        "other_interviews": [
            {"company": "PT Satu", "start": "2026-11-25T10:00", "position": "Analis"},
            {
                "company": "PT Dua",
                "start": "2026-11-26T10:00",
                "contact": {"name": "Sari Dewi", "salutation": "ibu", "email": "sari@dua.id"},
            },
        ],
    }
    code, out, err = cli(
        "draft",
        "-",
        "--action",
        "tell_lower_priority",
        "--target",
        "1",
        "--now",
        "2026-11-21T10:00",
        stdin=json.dumps(offer),
    )
    assert (code, err) == (0, "")
    draft = json.loads(out)
    assert draft["body"].startswith("Yth. Ibu Sari Dewi,")
    assert "PT Dua" in draft["body"]
    assert "posisi yang saya lamar" in draft["body"]  # its position is unknown: not this case's
    assert draft["links"]["mailto"].startswith("mailto:sari@dua.id")
    code, out, err = cli("plan", "-", "--now", "2026-11-21T10:00", stdin=json.dumps(offer))
    told = [a for a in json.loads(out)["actions"] if a["action"] == "tell_lower_priority"]
    assert [a["target"] for a in told] == [0, 1]
    assert all("target" not in a for a in json.loads(out)["actions"] if a not in told)


def test_a_thank_you_to_the_interviewer_when_a_recruiter_arranged_it() -> None:
    """`--interviewer NAME`: the recruiter had the update; this is the interviewer's own
    thank-you, addressed to them, with no link to the recruiter's address."""
    recruited = {**FULL, "contact": {**FULL["contact"], "via_recruiter": True}}
    argv = ["draft", "-", "--action", "thank_you", "--now", "2026-11-21T10:00"]
    code, out, err = cli(*argv, "--interviewer", "Ibu Sari Dewi", stdin=json.dumps(recruited))
    assert (code, err) == (0, "")
    draft = json.loads(out)
    assert draft["body"].startswith("Yth. Ibu Sari Dewi,")
    assert draft["links"]["mailto"].startswith("mailto:?subject=")
    code, out, _ = cli(*argv, stdin=json.dumps(recruited))
    assert "menghubungkan saya" in json.loads(out)["body"]  # without a name: the update


def test_llm_output_lists_what_to_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """`draft --llm` against a loopback model: the AI version, its changes, and `check` (a new
    promise to read before sending), in the contract's shape."""
    from bench.openai_server import running

    def promise(request: dict[str, object]) -> dict[str, object]:
        body = str(request["body"]).replace(
            "saya siap melengkapinya.", "saya siap melengkapinya dan akan membawa portofolio saya."
        )
        return {"subject": request["subject"], "body": body}

    with running() as server:
        server.answer_with(promise)
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        monkeypatch.delenv("OPENAI_API_KEY", raising=False)
        argv = ["draft", "-", "--action", "thank_you", "--llm", "--now", "2026-11-21T10:00"]
        code, out, err = cli(*argv, stdin=CASE)
    assert (code, err) == (0, "")
    draft = json.loads(out)
    assert draft["source"] == "llm"
    assert set(draft) == KEYS | {"changes", "check"}
    [item] = draft["check"]
    assert set(item) == {"text", "why"}
    assert "akan membawa portofolio saya" in item["text"]
    assert item["why"].startswith("Kalimat ini menjanjikan sesuatu")
