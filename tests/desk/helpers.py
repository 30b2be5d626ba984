"""Helpers of the Desk tests: a fresh in-memory history with a workspace, the Desk on it at a
moment, and a case saved from its JSON (validated as the form's input is)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bench.cases import at
from followup.desk import Desk, validate
from followup.history import History, Workspace
from tests.stores import new_history

NOW = at("2026-11-20T12:00")


def fresh() -> tuple[History, Workspace, str]:
    history = new_history()
    workspace, token = history.create_workspace(NOW)
    return history, workspace, token


def desk(history: History, workspace: Workspace, now: datetime, lang: str = "en") -> Desk:
    return Desk.of(history, workspace, now, lang)


def save(history: History, workspace: Workspace, data: dict[str, Any]) -> str:
    return history.save_case(workspace, validate(data, NOW), NOW)
