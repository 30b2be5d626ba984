"""The full case the drafts are written for (FULL: every field a template reads, the contact
typed with an honorific), the moment they are written (NOW), and the template matrix
(MATRIX: every action x language x channel x tone of the shipped templates)."""

from __future__ import annotations

import json
from typing import Any

from bench.cases import at, case_dict
from followup.models import Case
from followup.templates import load_templates

NOW = at("2026-11-21T10:00")

FULL: dict[str, Any] = case_dict(
    stage="scheduled",
    candidate_phone="0812-9876-5432",
    # typed with its honorific: the model moves it into contact.salutation
    contact={"name": "Pak Budi Santoso"},
    interview={
        "start": "2026-11-25T10:00",
        "location": "Gedung Graha Niaga Lt. 5, Jakarta Selatan",
    },
    reply_by="2026-11-27",
    decline_reason="accepted_other_offer",
    cancel={
        "reason": "illness",
        "still_interested": True,
        "proposed_slots": ["2026-11-30T10:00", "2026-12-01T14:30"],
    },
    other_interviews=[
        {"company": "CV Lain Sejahtera", "start": "2026-11-26T13:00", "position": "Data Analyst"}
    ],
)

MATRIX = [
    (action, lang, channel, tone)
    for action, table in sorted(load_templates().items())
    for (lang, channel, tone) in sorted(table)
]


def full_case() -> Case:
    return Case.model_validate_json(json.dumps(FULL))


def with_contact(contact: dict[str, Any] | None, **changes: Any) -> Case:
    data = json.loads(json.dumps(FULL))
    data["contact"] = contact
    data.update(changes)
    return Case.model_validate_json(json.dumps(data))
