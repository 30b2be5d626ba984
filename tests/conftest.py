"""Shared test helpers: a case builder and aware times in Jakarta."""

from __future__ import annotations

import copy
import os
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import settings

from followup.models import Case

# The suite is deterministic: hypothesis explores the same examples on every run.
# HYPOTHESIS_PROFILE=explore searches new ones (use it when changing the rules).
settings.register_profile("default", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False, max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

JAKARTA = ZoneInfo("Asia/Jakarta")

BASE_CASE: dict[str, Any] = {
    "timezone": "Asia/Jakarta",
    "country": "ID",
    "language": "id",
    "candidate_name": "Rina Wijaya",
    "company": "PT Maju Jaya",
    "position": "Analis Data",
    "contact": {
        "name": "Budi Santoso",
        "title": "HR Manager",
        "email": "budi@majujaya.co.id",
        "phone": "+6281234567890",
        "via_recruiter": False,
    },
    "stage": "interviewed",
    "invited_at": "2026-11-12T09:30",
    "interview": {
        "start": "2026-11-19T10:00",
        "duration_minutes": 60,
        "format": "in_person",
        "kind": "formal",
        "location": "Jakarta Selatan",
    },
    "events": [],
}


def at(iso: str, tz: ZoneInfo = JAKARTA) -> datetime:
    """An aware time; a naive ISO string is read in `tz` (Jakarta by default)."""
    moment = datetime.fromisoformat(iso)
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def case_dict(**changes: Any) -> dict[str, Any]:
    """BASE_CASE with top-level keys replaced (None removes a key); nested dicts are merged."""
    data = copy.deepcopy(BASE_CASE)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        elif isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return data


def make_case(**changes: Any) -> Case:
    import json

    return Case.model_validate_json(json.dumps(case_dict(**changes)))


def events(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"type": kind, "at": when} for kind, when in pairs]


@pytest.fixture
def base_case() -> Case:
    return make_case()


def write_unreadable_rows(db: Any, workspace_id: str, moment: datetime) -> None:
    """Rows the history cannot read back, as an older version or another program left them:
    case "far" (a step beyond the range) and case "garbled" (fields that are not JSON)."""
    fields = make_case().model_dump_json(exclude={"events"})
    db.execute(
        "INSERT INTO case_versions VALUES (?, 'far', 1, ?, ?)", [workspace_id, moment, fields]
    )
    db.execute(
        "INSERT INTO events VALUES (?, 'far.1', 'far', 'thank_you_sent',"
        " '9999-12-31T23:59:59+00:00', ?)",
        [workspace_id, moment],
    )
    db.execute(
        "INSERT INTO case_versions VALUES (?, 'garbled', 1, ?, '{\"company\": [')",
        [workspace_id, moment],
    )
