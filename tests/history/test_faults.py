"""Faults: a full disk, a locked file, two tabs marking the same step, a repeated click.
Each time the page stays up, says what happened in one sentence, and no confirmed step is
lost or duplicated."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from bench.apptest import INTERVIEW, fill, page
from bench.servers import lock_held
from tests.pages import clean_process, ok  # noqa: F401 - fixture

NOW = "2026-11-19T15:00"


def events_in(token: str) -> list[str]:
    from bench.cases import at
    from followup.ui import state

    history = state.history()
    workspace = history.open_workspace(token, at(NOW))
    assert workspace is not None
    return [e.type for e in history.events(workspace)]


def test_two_tabs_marking_the_same_step_record_it_once() -> None:
    first = fill(page(), "interviewed", **INTERVIEW)
    token, case_id = first.query_params["w"], first.query_params["c"]
    second = page(token=token)  # the same link in another tab
    second.query_params["c"] = case_id
    second.run()
    ok(second)
    first.button(key="mark_sent-thank_you").click().run()
    second.button(key="mark_sent-thank_you").click().run()  # its view was stale
    ok(first)
    ok(second)
    assert events_in(token) == ["thank_you_sent"]


def test_a_repeated_click_records_once() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    at.button(key="mark_sent-thank_you").click().run()
    again = page(token=at.query_params["w"])  # a reload mid-action, then the same click
    again.query_params["c"] = at.query_params["c"]
    again.run()
    assert events_in(at.query_params["w"]) == ["thank_you_sent"]


def test_a_locked_file_keeps_the_page_up_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.duckdb"
    with lock_held(path):
        monkeypatch.setenv("FOLLOWUP_DB", str(path))
        at = fill(page(), "interviewed", **INTERVIEW)
        assert not at.exception
        assert any("dipakai proses lain" in w.value for w in at.warning)
        assert at.text_area(key="draft-thank_you").value  # the plan is there all the same


DISK_FULL = textwrap.dedent(
    """
    import json, resource, signal, sys
    from datetime import datetime, timezone
    import duckdb
    from followup.errors import FollowupError
    from followup.history import History
    from followup.models import Case

    path, limit = sys.argv[1], int(sys.argv[2])
    history = History(duckdb.connect(path))
    now = datetime(2026, 11, 21, 10, 0, tzinfo=timezone.utc)
    workspace, token = history.create_workspace(now)
    case = Case.model_validate_json(json.dumps({"company": "PT A", "position": "B",
        "stage": "interviewed", "interview": {"start": "2026-11-19T10:00"}}))
    case_id = history.save_case(workspace, case, now)
    history._connection.execute("CHECKPOINT")
    # from here the disk is "full": no file may grow past `limit` bytes
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    acknowledged, refused = [], None
    for i in range(5000):
        try:
            acknowledged.append(history.append_event(
                workspace, case_id, "follow_up_sent", now, now, f"step-{i}"))
        except FollowupError as error:
            refused = error.message("en")
            break
    print(json.dumps({"token": token, "acknowledged": acknowledged, "refused": refused}))
    """
)


def test_a_full_disk_loses_no_confirmed_step(tmp_path: Path) -> None:
    path = tmp_path / "history.duckdb"
    script = tmp_path / "fill.py"
    script.write_text(DISK_FULL)
    done = subprocess.run(
        [sys.executable, str(script), str(path), str(64 * 1024)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["refused"] == (
        "Saving to the history failed, so this step is not recorded; try again in a moment."
    )
    # after the "disk" frees up, every acknowledged step is there, exactly once
    db = duckdb.connect(str(path))
    rows = {r[0] for r in db.execute("SELECT event_id FROM events").fetchall()}
    db.close()
    assert set(report["acknowledged"]) <= rows
    assert len(rows) == len(set(rows))
