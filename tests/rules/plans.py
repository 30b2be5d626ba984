"""A plan of the base case (bench.cases: a formal interview on Thu 2026-11-19 10:00-11:00 WIB,
Asia/Jakarta) at a moment, with changes; the status and flags of one of its actions; and the
changes that make the case an invitation or a cancellation."""

from __future__ import annotations

from typing import Any

from bench.cases import at
from followup.models import Plan
from followup.rules import evaluate
from tests.conftest import make_case


def state(plan: Plan, action: str) -> tuple[str, list[str]] | None:
    rec = plan.get(action)  # type: ignore[arg-type]
    return None if rec is None else (rec.status, list(rec.flags))


def plan_at(now: str, **changes: Any) -> Plan:
    return evaluate(make_case(**changes), at(now))


def invited(when: str, **more: Any) -> dict[str, Any]:
    return {"stage": "invited", "invited_at": when, "interview": None, **more}


def cancel_at(start: str, reason: str = "illness") -> dict[str, Any]:
    return {
        "stage": "scheduled",
        "interview": {"start": start},
        "cancel": {"reason": reason, "still_interested": False},
    }
