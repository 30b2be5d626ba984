"""`python -m followup plan` per contract.md: JSON on stdout, or exit 2 and one line on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.cases import case_dict
from tests.conftest import cli


def write(tmp_path: Path, data: Any, name: str = "case.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_plan_from_file_matches_contract_example(tmp_path: Path) -> None:
    code, out, err = cli("plan", write(tmp_path, case_dict()), "--now", "2026-11-19T15:00:00+07:00")
    assert (code, err) == (0, "")
    plan = json.loads(out)
    assert plan["now"] == "2026-11-19T15:00:00+07:00"
    assert plan["stage"] == "interviewed"
    assert plan["next_change"] == "2026-11-20T11:00:00+07:00"
    first, second = plan["actions"][:2]
    assert first == {
        "action": "thank_you",
        "status": "now",
        "not_before": "2026-11-19T11:00:00+07:00",
        "deadline": "2026-11-20T11:00:00+07:00",
        "channel": "email",
        "template": "thank_you",
        "flags": [],
        "reason": first["reason"],
        "sources": ["email-terima-kasih", "kapan-follow-up"],
    }
    assert second["action"] == "follow_up"
    assert second["status"] == "wait"
    assert second["not_before"] == "2026-11-26T09:00:00+07:00"
    assert second["deadline"] is None
    assert second["sources"] == ["kapan-follow-up"]
    assert "Jumat, 20 November 2026 pukul 11.00 WIB" in first["reason"]


def test_plan_from_stdin_in_english() -> None:
    code, out, _ = cli(
        "plan", "-", "--now", "2026-11-19T15:00", "--lang", "en", stdin=json.dumps(case_dict())
    )
    assert code == 0
    reason = json.loads(out)["actions"][0]["reason"]
    assert "Friday, 20 November 2026 at 11:00 WIB" in reason


def test_naive_now_is_read_in_the_case_timezone() -> None:
    data = case_dict(timezone="Asia/Jayapura")
    code, out, _ = cli("plan", "-", "--now", "2026-11-19T15:00", stdin=json.dumps(data))
    assert code == 0
    assert json.loads(out)["now"] == "2026-11-19T15:00:00+09:00"


def test_aware_now_is_converted_to_the_case_offset() -> None:
    code, out, _ = cli("plan", "-", "--now", "2026-11-19T08:00:00Z", stdin=json.dumps(case_dict()))
    assert code == 0
    assert json.loads(out)["now"] == "2026-11-19T15:00:00+07:00"


def bad(**changes: Any) -> str:
    return json.dumps(case_dict(**changes))


INVALID: list[tuple[str, list[str], str, str]] = [
    # (id, extra argv, stdin, a fragment the one line must contain)
    ("bad json", [], '{"stage": "interviewed",', "JSON"),
    ("not an object", [], "[1, 2]", "objek JSON"),
    ("empty input", [], "", "JSON"),
    ("unknown field", [], bad(fax="123"), "fax"),
    ("unknown nested field", [], bad(contact={"fax": "1"}), "contact.fax"),
    ("wrong type", [], bad(company=42), "company"),
    ("wrong bool", [], bad(contact={"via_recruiter": "yes"}), "contact.via_recruiter"),
    ("unknown stage", [], bad(stage="ghosted"), "stage"),
    ("unknown timezone", [], bad(timezone="Asia/Atlantis"), "Asia/Atlantis"),
    ("unknown country", [], bad(country="XX"), "XX"),
    ("bad date", [], bad(interview={"start": "2026-13-40T10:00"}), "interview.start"),
    ("date without time", [], bad(interview={"start": "2026-11-19"}), "interview.start"),
    ("end before start", [], bad(interview={"duration_minutes": 0}), "interview.duration_minutes"),
    ("missing company", [], bad(company=None), "company"),
    ("missing interview", [], bad(interview=None), "interview"),
    ("bad email", [], bad(contact={"email": "budi@"}), "contact.email"),
    (
        "event after now",
        ["--now", "2026-11-20T10:00"],
        bad(events=[{"type": "thank_you_sent", "at": "2026-11-21T10:00"}]),
        "events[0].at",
    ),
    (
        "unknown event",
        [],
        bad(events=[{"type": "ghosted", "at": "2026-11-19T12:00"}]),
        "events[0].type",
    ),
    ("reply_by before interview", [], bad(reply_by="2026-11-01"), "reply_by"),
    ("cancel when interviewed", [], bad(cancel={"reason": "illness"}), "cancel"),
    (
        "one reschedule slot",
        ["--now", "2026-11-20T10:00"],
        bad(
            stage="scheduled",
            interview={"start": "2026-11-25T10:00"},
            cancel={"reason": "illness", "proposed_slots": ["2026-11-27T10:00"]},
        ),
        "cancel.proposed_slots",
    ),
    ("bad --now", ["--now", "kemarin"], bad(), "--now"),
    ("unknown option", ["--verbose"], bad(), "--verbose"),
    ("bad --lang", ["--lang", "fr"], bad(), "fr"),
]


@pytest.mark.parametrize(
    ("argv", "stdin", "fragment"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID]
)
def test_invalid_input_exit_2_one_line(argv: list[str], stdin: str, fragment: str) -> None:
    code, out, err = cli("plan", "-", *argv, stdin=stdin)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.strip()
    assert fragment in err
    assert "Traceback" not in err


def test_errors_speak_english_when_asked() -> None:
    code, _, err = cli("plan", "-", "--lang", "en", stdin=bad(company=None))
    assert code == 2
    assert err == "The field company is required.\n"


def test_errors_speak_the_case_language() -> None:
    code, _, err = cli("plan", "-", stdin=bad(language="en", company=None))
    assert code == 2
    assert err == "The field company is required.\n"


def test_missing_file_and_usage(tmp_path: Path) -> None:
    assert cli("plan", str(tmp_path / "nope.json"))[0] == 2
    assert cli()[0] == 2
    assert cli("frobnicate")[0] == 2
    code, _, err = cli("plan", write(tmp_path, b"\xff\xfe".decode("latin-1")))
    assert code == 2


def test_oversized_input() -> None:
    code, _, err = cli("plan", "-", stdin="{" + " " * 1_100_000 + "}")
    assert code == 2
    assert "KB" in err


def test_real_process(tmp_path: Path) -> None:
    """The installed entry point, as outside tests call it."""
    path = write(tmp_path, case_dict())
    done = subprocess.run(
        [sys.executable, "-m", "followup", "plan", path, "--now", "2026-11-19T15:00"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["actions"][0]["action"] == "thank_you"
    broken = subprocess.run(
        [sys.executable, "-m", "followup", "plan", "-"],
        input="{oops",
        capture_output=True,
        text=True,
        check=False,
    )
    assert broken.returncode == 2
    assert broken.stdout == ""
    assert len(broken.stderr.splitlines()) == 1
    assert "Traceback" not in broken.stderr


def test_default_now_is_the_clock() -> None:
    # without --now the edge reads the clock; any recent time gives a valid plan
    code, out, _ = cli("plan", "-", stdin=bad())
    assert code == 0
    assert json.loads(out)["stage"] == "interviewed"
