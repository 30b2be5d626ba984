"""Issue 3: the time to render a draft (templates parsed once per process)."""

from __future__ import annotations

import itertools
import json
import time

from bench.common import Result, median_ns
from followup.messages import render_draft
from followup.models import Case
from followup.templates import load_templates

CASE = {
    "candidate_name": "Rina Wijaya",
    "company": "PT Maju Jaya",
    "position": "Analis Data",
    "stage": "scheduled",
    "contact": {"name": "Budi Santoso", "email": "budi@majujaya.co.id", "phone": "0812-3456-7890"},
    "interview": {"start": "2026-11-25T10:00", "location": "Jakarta Selatan"},
    "reply_by": "2026-11-27",
    "decline_reason": "not_interested",
    "cancel": {
        "reason": "illness",
        "proposed_slots": ["2026-11-30T10:00", "2026-12-01T14:00"],
    },
}


def run() -> list[Result]:
    load_templates.cache_clear()
    start = time.perf_counter()
    templates = load_templates()
    parse_ms = (time.perf_counter() - start) * 1000
    case = Case.model_validate_json(json.dumps(CASE))
    combos = itertools.cycle(
        [
            (action, channel, tone, lang)
            for action, table in templates.items()
            if action != "cancel_other_interviews"
            for (lang, channel, tone) in table
        ]
    )

    def one() -> None:
        action, channel, tone, lang = next(combos)
        render_draft(case, action, channel, tone, lang, "Pengalaman SQL 3 tahun.")  # type: ignore[arg-type]

    per_draft_ms = median_ns(one, repeat=5_000, warmup=300) / 1e6
    return [
        Result("drafts.render_median", round(per_draft_ms, 3), "ms", "≤ 2", per_draft_ms <= 2),
        Result("drafts.parse_all_templates_once", round(parse_ms, 1), "ms", "", None),
    ]
