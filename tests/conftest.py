"""Shared test helpers: cases as models, events, unreadable history rows, the command line run
in this process (`cli`), the page tests' fresh process; the case builder and aware times in
Jakarta are bench.cases' (`case_dict`, `at`)."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from hypothesis import settings

from bench.cases import case_dict
from followup.cli import run
from followup.models import Case

# The suite is deterministic: hypothesis explores the same examples on every run.
# HYPOTHESIS_PROFILE=explore searches new ones (use it when changing the rules).
settings.register_profile("default", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False, max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# An unreachable shared history is tried again only when a test asks (`Reconnect.attempt`, or
# its own FOLLOWUP_DB_RETRY): no thread of one test may try a connection during another.
os.environ["FOLLOWUP_DB_RETRY"] = "0"


def make_case(**changes: Any) -> Case:
    import json

    return Case.model_validate_json(json.dumps(case_dict(**changes)))


def cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), io.StringIO(stdin), out, err)
    return code, out.getvalue(), err.getvalue()


def events(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"type": kind, "at": when} for kind, when in pairs]


@pytest.fixture
def base_case() -> Case:
    return make_case()


def fresh_page_process(monkeypatch: pytest.MonkeyPatch, now: str) -> Iterator[None]:
    """For a page test's fixture: an in-memory history of its own, the clock frozen at `now`,
    and no AI settings from the machine."""
    import streamlit as st

    monkeypatch.setenv("FOLLOWUP_DB", ":memory:")
    monkeypatch.setenv("FOLLOWUP_NOW", now)
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    st.cache_resource.clear()  # a fresh history per test
    yield
    st.cache_resource.clear()


@pytest.fixture
def planned(monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[str]]:
    """Counts the plans the Desk evaluates: call it to start counting; it returns the list of
    the planned cases' companies, filled as plans are evaluated (the real rules run)."""
    import followup.desk.desk as desk_module

    real = desk_module.evaluate
    companies: list[str] = []

    def counting(case: Any, now: datetime, *args: Any, **kwargs: Any) -> Any:
        companies.append(case.company)
        return real(case, now, *args, **kwargs)

    def start() -> list[str]:
        monkeypatch.setattr(desk_module, "evaluate", counting)
        return companies

    return start


def write_unreadable_rows(db: Any, workspace_id: str, moment: datetime) -> None:
    """Rows the history cannot read back, as an older version or another program left them:
    case "far" (a step beyond the range) and case "garbled" (fields that are not JSON)."""
    fields = make_case().model_dump_json(exclude={"events"})
    db.execute(
        "INSERT INTO case_versions VALUES (?, 'far', 1, ?, ?)", [workspace_id, moment, fields]
    )
    db.execute(
        "INSERT INTO events VALUES (?, 'far.1', 'far', 'thank_you_sent',"
        " '9999-12-31T23:59:59+00:00', ?, NULL)",
        [workspace_id, moment],
    )
    db.execute(
        "INSERT INTO case_versions VALUES (?, 'garbled', 1, ?, '{\"company\": [')",
        [workspace_id, moment],
    )
