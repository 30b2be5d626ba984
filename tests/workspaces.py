"""Histories for the tests of hostile data: a fresh in-memory history with a workspace, an
export document built item by item, a workspace's rows counted in every table, rows the
history cannot read, and the check that a refusal is one sentence in both languages."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bench.cases import at, case_dict
from followup.errors import FollowupError
from followup.history import History, Workspace
from tests.conftest import write_unreadable_rows
from tests.stores import new_history

NOW = at("2026-11-19T15:00")
TABLES = ("workspaces", "case_versions", "events", "drafts")


def fresh() -> tuple[History, Workspace, str]:
    history = new_history()
    workspace, token = history.create_workspace(NOW)
    return history, workspace, token


def document(*items: dict[str, Any]) -> str:
    return json.dumps(
        {
            "format": "followup-history",
            "version": 1,
            "exported_at": NOW.isoformat(),
            "cases": list(items),
        }
    )


def item(case_id: str, *steps: tuple[str, str], **case: Any) -> dict[str, Any]:
    return {
        "id": case_id,
        "case": case_dict(**case),
        "events": [
            {"id": f"{case_id}.{n}", "type": kind, "at": moment}
            for n, (kind, moment) in enumerate(steps)
        ],
    }


def rows(history: History, workspace_id: str) -> int:
    db = history._connection  # noqa: SLF001 - counting rows is the point
    total = 0
    for table in TABLES:
        column = "id" if table == "workspaces" else "workspace_id"
        (count,) = db.execute(
            f"SELECT count(*) FROM {table} WHERE {column} = ?",  # noqa: S608
            [workspace_id],
        ).fetchone()
        total += count
    return total


def one_sentence(error: FollowupError) -> None:
    for lang in ("id", "en"):
        said = error.message(lang)
        assert "\n" not in said
        assert said.rstrip().endswith((".", ")")), said
        assert said.count(". ") == 0, said  # one sentence


def _write_unreadable_rows(history: History, workspace: Workspace) -> None:
    db = history._connection  # noqa: SLF001 - writing what our own code never writes
    write_unreadable_rows(db, workspace.id, datetime(2026, 11, 1, 3, 0))
