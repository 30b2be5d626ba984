"""The history on a real DuckDB (in memory and in temp files)."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.cases import at
from bench.servers import lock_held
from followup.history import (
    CaseNotFound,
    History,
    HistoryError,
    Workspace,
    WorkspaceGone,
    open_history,
)
from followup.history.migrations import MIGRATIONS, applied, migrate
from tests.conftest import make_case
from tests.stores import new_history

NOW = at("2026-11-21T10:00")


@pytest.fixture
def history() -> History:
    return new_history()


# --- migrations ----------------------------------------------------------------------------
def test_migrations_from_blank_and_twice_is_a_no_op() -> None:
    db = duckdb.connect(":memory:")
    assert migrate(db) == [name for name, _ in MIGRATIONS]
    assert migrate(db) == []
    assert applied(db) == {name for name, _ in MIGRATIONS}
    tables = {
        r[0] for r in db.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert {"workspaces", "case_versions", "events", "drafts", "_migrations"} <= tables


def test_a_failing_migration_rolls_back() -> None:
    db = duckdb.connect(":memory:")
    migrate(db)

    def m900_broken(cursor: object) -> None:
        db.execute("CREATE TABLE half_done (a INTEGER)")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        migrate(db, [*MIGRATIONS, ("m900_broken", m900_broken)])
    tables = {
        r[0] for r in db.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert "half_done" not in tables
    assert "m900_broken" not in applied(db)


# --- workspaces ----------------------------------------------------------------------------
def test_token_opens_only_its_workspace(history: History) -> None:
    workspace, token = history.create_workspace(NOW)
    assert len(token) >= 32  # 192 bits, url-safe
    assert history.open_workspace(token, NOW) == workspace
    other, other_token = history.create_workspace(NOW)
    assert history.open_workspace(other_token, NOW) == other != workspace
    for wrong in ("", "x" * 40, token[:-1] + ("A" if token[-1] != "A" else "B"), "'; DROP TABLE"):
        assert history.open_workspace(wrong, NOW) is None


def test_only_the_token_hash_is_stored() -> None:
    db = duckdb.connect(":memory:")
    history = History(db)
    _, token = history.create_workspace(NOW)
    dump = json.dumps(db.execute("SELECT * FROM workspaces").fetchall(), default=str)
    assert token not in dump


def test_forget_me_leaves_no_row() -> None:
    db = duckdb.connect(":memory:")
    history = History(db)
    workspace, token = history.create_workspace(NOW)
    keep, _ = history.create_workspace(NOW)
    for ws in (workspace, keep):
        case_id = history.save_case(ws, make_case(), NOW)
        history.append_event(ws, case_id, "thank_you_sent", at("2026-11-19T15:00"), NOW)
    history.forget(workspace)
    for table in ("case_versions", "events", "drafts"):
        rows = db.execute(f"SELECT count(*) FROM {table} WHERE workspace_id = ?", [workspace.id])  # noqa: S608
        assert rows.fetchone() == (0,)
    assert db.execute(
        "SELECT count(*) FROM workspaces WHERE id = ?", [workspace.id]
    ).fetchone() == (0,)
    assert history.open_workspace(token, NOW) is None
    assert len(history.cases(keep)) == 1


def test_retention_purges_inactive_workspaces(history: History) -> None:
    old, old_token = history.create_workspace(NOW - timedelta(days=120))
    history.save_case(old, make_case(), NOW - timedelta(days=120))
    fresh, fresh_token = history.create_workspace(NOW - timedelta(days=10))
    assert history.purge_inactive(NOW, days=90) == 1
    assert history.open_workspace(old_token, NOW) is None
    assert history.open_workspace(fresh_token, NOW) == fresh
    assert history.cases(old) == []


# --- cases and events ----------------------------------------------------------------------
def test_cases_are_versioned_and_events_derive_state(history: History) -> None:
    workspace, _ = history.create_workspace(NOW)
    case_id = history.save_case(workspace, make_case(), NOW)
    assert history.save_case(workspace, make_case(), NOW, case_id) == case_id  # unchanged
    history.save_case(workspace, make_case(position="Analis Data Senior"), NOW, case_id)
    stored = history.case(workspace, case_id)
    assert stored is not None
    assert (stored.version, stored.case.position) == (2, "Analis Data Senior")
    history.append_event(workspace, case_id, "thank_you_sent", at("2026-11-19T15:00"), NOW)
    again = history.case(workspace, case_id)
    assert again is not None
    assert [(e.type, e.at) for e in again.case.events] == [
        ("thank_you_sent", at("2026-11-19T15:00"))
    ]
    assert [c.id for c in history.cases(workspace)] == [case_id]


def test_same_event_id_is_recorded_once(history: History) -> None:
    workspace, _ = history.create_workspace(NOW)
    case_id = history.save_case(workspace, make_case(), NOW)
    for _ in range(2):
        history.append_event(workspace, case_id, "follow_up_sent", NOW, NOW, event_id="step-1")
    assert len(history.events(workspace, case_id)) == 1


def test_events_need_a_case_of_the_same_workspace(history: History) -> None:
    mine, _ = history.create_workspace(NOW)
    theirs, _ = history.create_workspace(NOW)
    their_case = history.save_case(theirs, make_case(), NOW)
    with pytest.raises(CaseNotFound) as refused:  # a typed history error, never a KeyError
        history.append_event(mine, their_case, "thank_you_sent", NOW, NOW)
    assert not isinstance(refused.value, KeyError)
    assert isinstance(refused.value, HistoryError)
    assert refused.value.message("en").count(".") == 1
    assert history.events(theirs, their_case) == []


def test_50_threads_x_100_events_on_one_connection() -> None:
    db = duckdb.connect(":memory:")
    history = History(db)
    workspace, _ = history.create_workspace(NOW)
    # ten cases of 500 steps each: the most a case keeps (followup.limits.MAX_EVENTS)
    case_ids = [history.save_case(workspace, make_case(), NOW) for _ in range(10)]
    errors: list[BaseException] = []

    def writer(case_id: str) -> None:
        try:
            for _ in range(100):
                history.append_event(workspace, case_id, "follow_up_sent", NOW, NOW)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(case_ids[n % 10],)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert db.execute("SELECT count(*) FROM events").fetchone() == (5000,)


# --- isolation: workspace A never reads B, whatever happens --------------------------------
OPERATIONS = st.lists(
    st.tuples(st.sampled_from(["save", "event", "forget", "new"]), st.integers(0, 3)),
    max_size=25,
)


@settings(max_examples=40, deadline=None)
@given(OPERATIONS)
def test_workspaces_never_see_each_other(operations: list[tuple[str, int]]) -> None:
    history = History(duckdb.connect(":memory:"))
    spaces: list[tuple[Workspace, str]] = [history.create_workspace(NOW) for _ in range(4)]
    owned: dict[str, set[str]] = {ws.id: set() for ws, _ in spaces}
    forgotten: set[str] = set()
    for op, index in operations:
        ws, _ = spaces[index]
        if op == "save" and ws.id in forgotten:
            with pytest.raises(WorkspaceGone):  # forget is final: no write lands there
                history.save_case(ws, make_case(company=f"PT {ws.id[:6]}"), NOW)
        elif op == "save":
            owned.setdefault(ws.id, set()).add(
                history.save_case(ws, make_case(company=f"PT {ws.id[:6]}"), NOW)
            )
        elif op == "event" and owned.get(ws.id):
            history.append_event(ws, sorted(owned[ws.id])[0], "thank_you_sent", NOW, NOW)
        elif op == "forget":
            history.forget(ws)
            owned[ws.id] = set()
            forgotten.add(ws.id)
        elif op == "new":
            spaces[index] = history.create_workspace(NOW)
            owned[spaces[index][0].id] = set()
    for ws, token in spaces:
        assert history.open_workspace(token, NOW) in (ws, None)
        cases = history.cases(ws)
        assert {c.id for c in cases} == owned.get(ws.id, set())
        assert all(c.case.company == f"PT {ws.id[:6]}" for c in cases)
        assert {e.case_id for e in history.events(ws)} <= owned.get(ws.id, set())


# --- files: restart, locked, unwritable, corrupt -------------------------------------------
def test_history_survives_a_restart(tmp_path: Path) -> None:
    path = str(tmp_path / "history.duckdb")
    first = open_history(path)
    assert (first.path, first.warning) == (path, None)
    workspace, token = first.history.create_workspace(NOW)
    case_id = first.history.save_case(workspace, make_case(), NOW)
    first.history.append_event(workspace, case_id, "thank_you_sent", NOW, NOW)
    first.history.close()
    second = open_history(path)
    again = second.history.open_workspace(token, NOW)
    assert again == workspace
    assert [e.type for e in second.history.events(workspace)] == ["thank_you_sent"]
    second.history.close()


def test_locked_file_falls_back_to_memory(tmp_path: Path) -> None:
    path = tmp_path / "history.duckdb"
    with lock_held(path):  # another process holds the lock
        opened = open_history(str(path))
        assert (opened.path, opened.warning) == (":memory:", "history_locked")
        workspace, _ = opened.history.create_workspace(NOW)  # and it still works
        assert opened.history.cases(workspace) == []


def test_unwritable_location_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where a directory should be")
    opened = open_history(str(blocker / "history.duckdb"))
    assert (opened.path, opened.warning) == (":memory:", "history_unwritable")


def test_corrupt_file_is_moved_aside_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "history.duckdb"
    garbage = b"this is not a database" * 500
    path.write_bytes(garbage)
    opened = open_history(str(path))
    assert opened.warning == "history_corrupt"
    assert opened.moved_aside is not None
    assert Path(opened.moved_aside).read_bytes() == garbage
    assert opened.path == str(path)
    workspace, _ = opened.history.create_workspace(NOW)  # a fresh file works
    assert opened.history.cases(workspace) == []
    opened.history.close()
