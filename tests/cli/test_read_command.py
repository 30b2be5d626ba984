"""`python -m followup read` as contract.md says: exit 0 with the proposal as JSON, exit 2 with
one sentence on bad input; nothing is saved."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.cases import case_dict
from tests.conftest import cli

NOW = "2026-11-20T09:15:00+07:00"
INVITATION = (
    "Selamat siang Kak Rina, kami dari PT Maju Jaya mengundang Kakak wawancara untuk posisi "
    "Analis Data pada Kamis, 26 November 2026 pukul 10.00 WIB di Menara Sentosa Lt. 12.\n\n"
    "Salam,\nIbu Rina Marlina\nHR PT Maju Jaya"
)


def test_an_invitation_becomes_a_proposed_case(tmp_path: Path) -> None:
    message = tmp_path / "message.txt"
    message.write_text(INVITATION, encoding="utf-8")
    code, out, err = cli("read", str(message), "--now", NOW)
    assert (code, err) == (0, "")
    proposal = json.loads(out)
    assert set(proposal) == {"kind", "case", "event", "not_found", "source"}
    assert proposal["kind"] == "invitation"
    assert proposal["source"] == "reader"
    assert proposal["event"] is None
    case = proposal["case"]
    assert case["company"] == "PT Maju Jaya"
    assert case["position"] == "Analis Data"
    assert case["stage"] == "invited"
    assert case["interview"] == {
        "start": "2026-11-26T10:00:00+07:00",
        "format": "in_person",
        "location": "Menara Sentosa Lt. 12",
    }
    assert case["contact"] == {"name": "Rina Marlina", "salutation": "ibu"}
    assert proposal["not_found"] == []


def test_a_reply_read_against_its_case(tmp_path: Path) -> None:
    message = tmp_path / "reply.txt"
    message.write_text("Masih dalam proses ya Kak, akan kami kabari paling lambat 4 Desember.")
    case = tmp_path / "case.json"
    case.write_text(json.dumps(case_dict()), encoding="utf-8")
    code, out, _ = cli("read", str(message), "--case", str(case), "--now", NOW)
    assert code == 0
    proposal = json.loads(out)
    assert proposal["kind"] == "reply_with_date"
    assert proposal["event"]["new_reply_by"] == "2026-12-04"


def test_standard_input_in_a_real_process() -> None:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "followup", "read", "-", "--now", NOW],
        input=INVITATION.encode("utf-8"),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["kind"] == "invitation"


def test_bad_input_is_exit_2_and_one_sentence(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    big = tmp_path / "big.txt"
    big.write_text("a" * 100_000)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00\x01\x02\x03")
    for path, lang in ((empty, "id"), (big, "en"), (binary, "id"), (tmp_path / "none", "en")):
        code, out, err = cli("read", str(path), "--lang", lang)
        assert (code, out) == (2, "")
        assert err.count("\n") == 1
        assert "Traceback" not in err
    assert cli("read", str(big), "--lang", "en")[2].startswith("The message is too long")
