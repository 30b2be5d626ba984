"""The rules after a rejection (a reply within 5 business days, LinkedIn, moving on) and for
an offer (answer it, cancel the other interviews ahead, tell the companies ranked lower)."""

from __future__ import annotations

from typing import Any

import pytest

from bench.cases import at
from tests.conftest import events
from tests.rules.plans import plan_at, state

# --- rejected: reply within 5 bd --------------------------------------------------------------
REJECTED: dict[str, Any] = {"stage": "rejected", "rejected_at": "2026-11-20T14:00"}


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-20T15:00:00", ("now", [])),
        ("2026-11-27T08:59:59", ("now", [])),  # Fri 20 + 5 bd = Fri 27 09:00
        ("2026-11-27T09:00:00", ("now", ["late"])),
    ],
)
def test_thank_after_rejection(now: str, expected: Any) -> None:
    plan = plan_at(now, **REJECTED)
    assert state(plan, "thank_after_rejection") == expected
    assert state(plan, "linkedin_connect") == ("now", ["optional"])
    assert state(plan, "move_on") == ("now", [])
    for absent in ("follow_up", "second_follow_up", "thank_you", "call_for_result"):
        assert plan.get(absent) is None  # type: ignore[arg-type]


def test_rejection_reply_done() -> None:
    plan = plan_at(
        "2026-11-21T10:00",
        **REJECTED,
        events=events(
            ("rejection_reply_sent", "2026-11-20T16:00"), ("linkedin_connected", "2026-11-21T09:00")
        ),
    )
    assert state(plan, "thank_after_rejection") == ("done", [])
    assert state(plan, "linkedin_connect") == ("done", [])


# --- offer ------------------------------------------------------------------------------------
def test_offer() -> None:
    others = [
        {"company": "PT Lain", "start": "2026-11-25T10:00"},
        {"company": "PT Dulu", "start": "2026-11-18T10:00"},  # already past
    ]
    plan = plan_at("2026-11-21T10:00", stage="offer", other_interviews=others)
    assert state(plan, "linkedin_connect") == ("now", ["optional"])
    assert state(plan, "cancel_other_interviews") == ("now", ["optional"])
    assert state(plan, "respond_to_offer") == ("now", [])  # Revision 2
    assert state(plan, "tell_lower_priority") == ("now", ["optional"])
    rec = plan.get("cancel_other_interviews")
    assert rec is not None
    assert "PT Lain" in rec.reason
    assert "PT Dulu" not in rec.reason
    assert plan.next_change == at("2026-11-25T10:00")
    later = plan_at("2026-11-25T10:00", stage="offer", other_interviews=others)
    assert later.get("cancel_other_interviews") is None
    assert plan_at("2026-11-21T10:00", stage="offer").get("follow_up") is None


def test_respond_to_offer() -> None:
    assert state(plan_at("2026-11-24T10:00", stage="offer"), "respond_to_offer") == ("now", [])
    answered = plan_at(
        "2026-11-24T10:00", stage="offer", events=events(("offer_reply_sent", "2026-11-24T09:00"))
    )
    assert state(answered, "respond_to_offer") == ("done", [])
    first = plan_at("2026-11-24T10:00", stage="offer").actions[0]
    assert first.action == "respond_to_offer"  # the step that leads to the next stage
