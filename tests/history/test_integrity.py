"""Nothing is lost and nothing is left behind: a row that cannot be read is left out, kept and
deletable; every write checks its workspace in its transaction (forget is final); the purge
removes orphan rows; the history's errors are one typed family; a damaged file is moved
aside and a fresh file (not memory) takes its place."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from followup.desk import Desk
from followup.errors import FollowupError
from followup.history import CaseNotFound, HistoryError, HistoryFull, WorkspaceGone, open_history
from followup.history.exports import ImportRefused, export_csv, export_json, import_json
from followup.messages import render_draft
from tests.conftest import make_case
from tests.workspaces import NOW, _write_unreadable_rows, document, fresh, item, one_sentence, rows


def test_a_row_that_cannot_be_read_is_left_out_kept_and_deletable() -> None:
    history, workspace, _ = fresh()
    good = history.save_case(workspace, make_case(company="PT Baik"), NOW)
    _write_unreadable_rows(history, workspace)
    contents = history.read(workspace)
    assert [c.id for c in contents.cases] == [good]
    assert {u.id for u in contents.unreadable} == {"far", "garbled"}
    far = next(u for u in contents.unreadable if u.id == "far")
    raw = json.loads(far.raw_json())  # exactly as stored
    assert raw["events"] == [
        {"id": "far.1", "type": "thank_you_sent", "at": "9999-12-31T23:59:59+00:00"}
    ]
    assert json.loads(raw["data"])["company"] == "PT Maju Jaya"
    assert history.case(workspace, "far") is None
    assert [c["id"] for c in json.loads(export_json(history, workspace, NOW))["cases"]] == [good]
    export_csv(history, workspace, "en")
    Desk.of(history, workspace, NOW, "en").calendar()
    for unreadable in ("far", "garbled"):
        Desk.of(history, workspace, NOW, "en").delete_case(unreadable)
    assert history.read(workspace).unreadable == []
    assert [c.id for c in history.cases(workspace)] == [good]


def test_every_write_checks_its_workspace_in_its_transaction() -> None:
    history, workspace, _ = fresh()
    case_id = history.save_case(workspace, make_case(), NOW)
    draft = render_draft(make_case(), "thank_you")
    history.forget(workspace)
    writes = [
        lambda: history.save_case(workspace, make_case(), NOW),
        lambda: history.save_case(workspace, make_case(), NOW, case_id),
        lambda: history.append_event(workspace, case_id, "thank_you_sent", NOW, NOW),
        lambda: history.record_draft(workspace, case_id, draft, True, NOW),
        lambda: import_json(history, workspace, document(item("x")), NOW),
        lambda: history.delete_case(workspace, case_id),
    ]
    for write in writes:
        with pytest.raises(WorkspaceGone) as refused:
            write()
        one_sentence(refused.value)
    assert rows(history, workspace.id) == 0


def test_the_purge_removes_orphan_rows() -> None:
    history, workspace, _ = fresh()
    db = history._connection  # noqa: SLF001 - orphans are what our code no longer writes
    moment = datetime(2026, 11, 1)
    db.execute("INSERT INTO case_versions VALUES ('ghost', 'c', 1, ?, '{}')", [moment])
    db.execute(
        "INSERT INTO events VALUES ('ghost', 'e', 'c', 'thank_you_sent', 'x', ?, NULL)", [moment]
    )
    db.execute(
        "INSERT INTO drafts VALUES ('ghost', 'd', 'c', 'thank_you', 'email', 'formal', 'id',"
        " 't', 'template', NULL, 'b', true, ?)",
        [moment],
    )
    kept = history.save_case(workspace, make_case(), NOW)
    history.purge_inactive(NOW, days=90)
    assert rows(history, "ghost") == 0
    assert [c.id for c in history.cases(workspace)] == [kept]


def test_history_errors_are_one_typed_family() -> None:
    history, workspace, _ = fresh()
    with pytest.raises(CaseNotFound):
        history.append_event(workspace, "no-such-case", "thank_you_sent", NOW, NOW)
    for kind in (WorkspaceGone, CaseNotFound, HistoryFull, ImportRefused):
        assert issubclass(kind, HistoryError)
        assert issubclass(kind, FollowupError)
        assert not issubclass(kind, KeyError)


def _damaged(kind: str, good: bytes) -> bytes:
    return {
        "zeroed": b"\0" * len(good),
        "truncated_header": good[:4096],
        "truncated_half": good[: len(good) // 2],
        "zeroed_blocks": good[:8192] + b"\0" * (len(good) - 8192),
        "empty": b"",
    }[kind]


@pytest.mark.parametrize(
    "kind", ["zeroed", "truncated_header", "truncated_half", "zeroed_blocks", "empty"]
)
def test_a_damaged_file_is_moved_aside_and_a_fresh_file_started(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "history.duckdb"
    first = open_history(str(path))
    workspace, _ = first.history.create_workspace(NOW)
    for n in range(200):
        first.history.save_case(workspace, make_case(company=f"PT {n}"), NOW)
    first.history._connection.execute("CHECKPOINT")  # noqa: SLF001 - all in the file
    first.history.close()
    damaged = _damaged(kind, path.read_bytes())
    path.write_bytes(damaged)
    opened = open_history(str(path))
    assert (opened.path, opened.warning) == (str(path), "history_corrupt")  # not ":memory:"
    assert opened.moved_aside is not None
    assert Path(opened.moved_aside).read_bytes() == damaged  # kept, never overwritten
    again, token = opened.history.create_workspace(NOW)
    opened.history.save_case(again, make_case(), NOW)
    opened.history.close()
    reopened = open_history(str(path))  # what was written after is on disk
    assert reopened.warning is None
    found = reopened.history.open_workspace(token, NOW)
    assert found is not None
    assert len(reopened.history.cases(found)) == 1
    reopened.history.close()


def test_an_unusable_path_is_one_log_line_for_the_operator(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 25: a FOLLOWUP_DB that cannot be created gives a history in memory (the page says
    so in one sentence) and one line in the log, with any secret in the address starred."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with caplog.at_level("WARNING", logger="followup"):
        opened = open_history(str(blocker / "sub" / "history.duckdb?password=s3cret"))
    assert opened.warning == "history_unwritable"
    assert opened.path == ":memory:"
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("followup")]
    assert len(lines) == 1
    assert "cannot be used" in lines[0]
    assert "s3cret" not in lines[0]
