"""What the history's remembered reads save, statement by statement: a rerun that changed
nothing asks the database nothing, a click that writes reads nothing back (one insert
each), and a write that found its workspace answers "exists" without a query."""

from __future__ import annotations

import json
from typing import Any

import duckdb
import pytest

from followup.history import History, HistoryError
from followup.history.exports import export_json
from tests.conftest import make_case
from tests.history.remembering import NOW, draft, same


def test_a_rerun_that_changed_nothing_costs_no_query() -> None:
    """The answer is remembered: the connection may even be gone (it is not asked again)."""
    connection = duckdb.connect(":memory:")
    remembering = History(connection, remember=True)
    ws, _ = remembering.create_workspace(NOW)
    remembering.save_case(ws, make_case(), NOW)
    before = remembering.read(ws)
    assert remembering.exists(ws)
    connection.close()
    assert [c.id for c in remembering.read(ws).cases] == [c.id for c in before.cases]
    assert remembering.exists(ws)
    with pytest.raises(HistoryError):  # a write still goes to the database (and fails here)
        remembering.save_case(ws, make_case(), NOW)
    with pytest.raises(HistoryError):  # and what it may have changed is asked again
        remembering.read(ws)


class Statements:
    """A DuckDB connection that notes each statement its cursors run (what a click costs)."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection
        self.run: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.connection, name)

    def cursor(self) -> Any:
        return _NotedCursor(self.connection.cursor(), self.run)


class _NotedCursor:
    def __init__(self, cursor: Any, run: list[str]) -> None:
        self._cursor, self._run = cursor, run

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)

    def execute(self, sql: str, parameters: Any = None) -> Any:
        self._run.append(" ".join(sql.split()[:3]))
        return self._cursor.execute(sql, parameters)


def test_a_click_that_writes_reads_nothing_back() -> None:
    """A new workspace, its first case, a step and its sent draft: one insert each, and the
    page's reads after them (the plan, the browser's copy: cases, steps and drafts) are
    answered from what the writes added (no SELECT at all)."""
    statements = Statements(duckdb.connect(":memory:"))
    remembering = History(statements, remember=True)
    plain = History(statements.connection.cursor())
    ws, _ = remembering.create_workspace(NOW)
    assert remembering.read(ws).cases == []
    case_id = remembering.save_case(ws, make_case(), NOW)
    assert remembering.case(ws, case_id) is not None
    remembering.read(ws)
    remembering.append_event(ws, case_id, "thank_you_sent", NOW, NOW, "step-1")
    remembering.read(ws)
    remembering.record_draft(ws, case_id, draft(), True, NOW, "step-1")
    remembering.read(ws)
    remembering.save_case(ws, make_case(company="PT Baru"), NOW, case_id)
    remembering.read(ws)
    copy = json.loads(export_json(remembering, ws, NOW))
    assert [len(c["events"]) for c in copy["cases"]] == [1]
    assert [d["id"] for c in copy["cases"] for d in c["drafts"]] == ["step-1"]
    assert statements.run == [
        "INSERT INTO workspaces",
        "INSERT INTO case_versions",
        "INSERT INTO events",
        "INSERT INTO drafts",
        "INSERT INTO case_versions",
    ]
    same(remembering, plain, ws)
    assert [e.type for e in remembering.case(ws, case_id).case.events] == ["thank_you_sent"]


def test_a_write_that_found_its_workspace_answers_exists_without_a_query() -> None:
    connection = duckdb.connect(":memory:")
    remembering = History(connection, remember=True)
    ws, _ = remembering.create_workspace(NOW)
    case_id = remembering.save_case(ws, make_case(), NOW)
    remembering.append_event(ws, case_id, "thank_you_sent", NOW, NOW)
    connection.close()
    assert remembering.exists(ws)
