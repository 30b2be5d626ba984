"""`python -m followup history` (new, import, export, forget) on a history file: a round trip
that leaves no row behind, bad input refused in one sentence, the command as a process, and a
damaged file reported as moved aside."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.servers import lock_held
from followup.history import open_history
from tests.conftest import cli
from tests.workspaces import NOW, document, item


def history_cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    return cli("history", *argv, stdin=stdin)


def test_the_history_command_round_trip(tmp_path: Path) -> None:
    db = str(tmp_path / "history.duckdb")
    code, out, err = history_cli("new", "--db", db)
    assert (code, err) == (0, "")
    token = json.loads(out)["workspace"]
    source = tmp_path / "export.json"
    source.write_text(document(item("a", ("thank_you_sent", "2026-11-19T15:00")), item("b")))
    code, out, err = history_cli(
        "import", str(source), "--db", db, "--workspace", token, "--now", NOW.isoformat()
    )
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "cases": 2,
        "new_cases": 2,
        "new_versions": 2,
        "new_events": 1,
        "new_drafts": 0,
    }
    for fmt, start in (("json", "{"), ("csv", "kasus,"), ("ics", "BEGIN:VCALENDAR")):
        code, out, err = history_cli(
            "export", "--db", db, "--workspace", token, "--format", fmt, "--now", "2026-11-19"
        )
        assert (code, err) == (0, "")
        assert out.startswith(start)
    code, out, _ = history_cli("export", "--db", db, "--workspace", token)
    assert [c["id"] for c in json.loads(out)["cases"]] == ["a", "b"]
    code, out, err = history_cli("import", "-", "--db", db, "--workspace", token, stdin=out)
    assert json.loads(out)["new_events"] == 0  # twice = once
    code, out, err = history_cli("forget", "--db", db, "--workspace", token)
    assert (code, json.loads(out), err) == (0, {"forgotten": True}, "")
    code, out, err = history_cli("export", "--db", db, "--workspace", token)
    assert (code, out) == (2, "")
    assert err.startswith("Tidak ada ruang kerja dengan token itu")
    history = open_history(db).history
    db_rows = history._connection.execute(  # noqa: SLF001 - counting rows is the point
        "SELECT (SELECT count(*) FROM workspaces) + (SELECT count(*) FROM case_versions)"
        " + (SELECT count(*) FROM events) + (SELECT count(*) FROM drafts)"
    ).fetchone()
    history.close()
    assert db_rows == (0,)


def test_the_history_command_refuses_bad_input_in_one_sentence(tmp_path: Path) -> None:
    db = str(tmp_path / "history.duckdb")
    token = json.loads(history_cli("new", "--db", db)[1])["workspace"]
    hostile = tmp_path / "hostile.json"
    hostile.write_text(document(item("x", ("thank_you_sent", "9999-12-31T23:59:59+00:00"))))
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000)
    for argv in (
        ("import", str(hostile), "--db", db, "--workspace", token),
        ("import", str(deep), "--db", db, "--workspace", token, "--lang", "en"),
        ("import", str(tmp_path / "missing.json"), "--db", db, "--workspace", token),
        ("export", "--db", db, "--workspace", "x" * 40),
        ("export", "--db", db, "--workspace", token, "--format", "pdf"),
        ("new", "--db", db, "--now", "9999-12-31T23:00:00+00:00"),
        ("forget", "--db", db),
    ):
        code, out, err = history_cli(*argv)
        assert (code, out) == (2, ""), argv
        assert err.count("\n") == 1, (argv, err)
        assert "internal error" not in err
    with lock_held(tmp_path / "other.duckdb"):
        code, out, err = history_cli("new", "--db", str(tmp_path / "other.duckdb"))
    assert (code, out) == (2, "")
    assert "dipakai proses lain" in err


def test_the_history_command_as_a_process(tmp_path: Path) -> None:
    db = str(tmp_path / "history.duckdb")
    done = subprocess.run(
        [sys.executable, "-m", "followup", "history", "new", "--db", db],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, "")
    token = json.loads(done.stdout)["workspace"]
    done = subprocess.run(
        [sys.executable, "-m", "followup", "history", "export", "--db", db, "--workspace", token],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["cases"] == []


def test_the_cli_reports_a_moved_aside_file_and_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "history.duckdb"
    path.write_bytes(b"\0" * 16384)
    code, out, err = history_cli("new", "--db", str(path), "--lang", "en")
    assert code == 0
    assert json.loads(out)["workspace"]
    assert err.startswith("The history file was damaged and has been moved to")
    assert err.count("\n") == 1


def test_a_history_in_memory_hands_out_no_token() -> None:
    """Issue 25: a workspace in `:memory:` is gone at exit; no token for it."""
    code, out, err = history_cli("new", "--db", ":memory:")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert ":memory:" in err


def test_a_token_in_the_database_address_is_never_echoed(tmp_path: Path) -> None:
    """A MotherDuck token (or a password) written into --db is redacted in the one sentence on
    stderr, and no log line joins it, as a separate process prints them."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "followup",
            "history",
            "new",
            "--db",
            "md:followup?motherduck_token=SECRET123",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "FOLLOWUP_DB_TIMEOUT": "2", "HOME": str(tmp_path)},
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "SECRET123" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert "motherduck_token=***" in done.stderr


def test_secrets_in_a_database_address_are_shown_as_stars() -> None:
    from followup.history.database import shown

    assert shown("md:followup?motherduck_token=abc.def") == "md:followup?motherduck_token=***"
    assert shown("postgresql://app:s3cret@db.example:5432/followup") == (
        "postgresql://app:***@db.example:5432/followup"
    )
    assert shown("/var/lib/followup/history.duckdb") == "/var/lib/followup/history.duckdb"
