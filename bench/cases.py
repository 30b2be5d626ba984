"""A case as the app reads it, for benchmarks and tests: `case_dict()` builds one from
BASE_CASE, and `at()` gives aware times in Jakarta."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

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
