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
        ("2026-11-27T09:00:00", ("now", [])),  # on time up to and including it (R3)
        ("2026-11-27T09:00:01", ("now", ["late"])),
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
OTHERS = [
    {"company": "PT Lain", "start": "2026-11-25T10:00", "position": "Staf IT"},
    {"company": "PT Dulu", "start": "2026-11-18T10:00"},  # already past
    {"company": "PT Tiga", "start": "2026-11-26T14:00"},
]


def test_an_undecided_offer_is_decided_before_anything_is_cancelled() -> None:
    """Revision 3: respond, maybe negotiate, tell each other company; cancel nothing yet."""
    offer = {"received_at": "2026-11-20T15:00", "answer_by": "2026-11-27"}
    plan = plan_at("2026-11-21T10:00", stage="offer", offer=offer, other_interviews=OTHERS)
    assert plan.get("cancel_other_interviews") is None  # nothing was accepted yet
    assert state(plan, "respond_to_offer") == ("now", [])
    respond = plan.get("respond_to_offer")
    assert respond is not None
    assert respond.deadline == at("2026-11-23T17:00")  # one business day after it came
    assert state(plan, "negotiate_offer") == ("now", ["optional"])
    assert state(plan, "linkedin_connect") == ("avoid", [])  # not over before a decision
    told = [rec for rec in plan.actions if rec.action == "tell_lower_priority"]
    assert [(rec.target, rec.status) for rec in told] == [(0, "now"), (2, "now")]  # one each
    assert "PT Lain" in told[0].reason
    assert "PT Tiga" not in told[0].reason
    assert "27 November 2026" in told[0].reason  # the date the offer must be answered by
    assert plan.get("accept_offer") is None
    assert plan.get("decline_offer") is None
    assert plan_at("2026-11-21T10:00", stage="offer").get("follow_up") is None


def test_accepting_then_cancelling_the_others() -> None:
    accept = {"received_at": "2026-11-20T15:00", "decision": "accept"}
    plan = plan_at("2026-11-21T10:00", stage="offer", offer=accept, other_interviews=OTHERS)
    assert state(plan, "accept_offer") == ("now", ["sign_before_resigning"])
    assert plan.get("cancel_other_interviews") is None  # not before the acceptance is sent
    assert plan.get("tell_lower_priority") is None
    assert plan.get("respond_to_offer") is None  # the acceptance answers the offer
    assert state(plan, "linkedin_connect") == ("now", ["optional"])
    sent = plan_at(
        "2026-11-21T10:00",
        stage="offer",
        offer=accept,
        other_interviews=[*OTHERS[:2], {**OTHERS[2], "cancelled": True}],
        events=events(("offer_accepted", "2026-11-21T09:00")),
    )
    assert state(sent, "accept_offer") == ("done", [])
    cancels = [rec for rec in sent.actions if rec.action == "cancel_other_interviews"]
    assert [(rec.target, rec.status) for rec in cancels] == [(0, "now"), (2, "done")]
    assert "PT Lain" in cancels[0].reason
    assert sent.next_change == at("2026-11-25T10:00")
    later = plan_at(
        "2026-11-26T15:00",
        stage="offer",
        offer=accept,
        other_interviews=OTHERS,
        events=events(("offer_accepted", "2026-11-21T09:00")),
    )
    assert later.get("cancel_other_interviews") is None  # every other interview has passed


def test_declining_an_offer() -> None:
    decline = {"received_at": "2026-11-20T15:00", "decision": "decline"}
    plan = plan_at("2026-11-21T10:00", stage="offer", offer=decline, other_interviews=OTHERS)
    assert state(plan, "decline_offer") == ("now", [])
    assert plan.get("accept_offer") is None
    assert plan.get("cancel_other_interviews") is None
    assert plan.get("tell_lower_priority") is None  # the other processes simply go on
    done = plan_at(
        "2026-11-21T10:00",
        stage="offer",
        offer=decline,
        events=events(("offer_declined", "2026-11-21T09:00")),
    )
    assert state(done, "decline_offer") == ("done", [])


def test_respond_to_offer() -> None:
    assert state(plan_at("2026-11-24T10:00", stage="offer"), "respond_to_offer") == ("now", [])
    answered = plan_at(
        "2026-11-24T10:00", stage="offer", events=events(("offer_reply_sent", "2026-11-24T09:00"))
    )
    assert state(answered, "respond_to_offer") == ("done", [])
    first = plan_at("2026-11-24T10:00", stage="offer").actions[0]
    assert first.action == "respond_to_offer"  # the step that leads to the next stage
