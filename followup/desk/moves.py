"""What a case may become: validation against the clock, and "what happened next" (a move),
as pure functions of the case and `now`. The `Desk` saves what they return."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal, get_args

from pydantic import ValidationError

from followup.errors import CaseError, InvalidCase
from followup.models import Case
from followup.rules import evaluate

# "What happened next": how a case moves on from its stage, keeping what is known.
Move = Literal[
    "scheduled",
    "took_place",
    "next_round",
    "rescheduled",
    "rejected",
    "offer",
    "offer_accept",
    "offer_decline",
]
MOVES: tuple[Move, ...] = get_args(Move)
MOVES_NEEDING_TIME: frozenset[Move] = frozenset({"scheduled", "next_round", "rescheduled"})


def validate(data: dict[str, Any], now: datetime) -> Case:
    """The case of `data`, checked by the models and against the clock; raises CaseError."""
    try:
        case = Case.model_validate_json(json.dumps(data))
    except ValidationError as exc:
        raise InvalidCase(exc) from None
    if case.stage == "interviewed" and case.interview is not None and case.interview.start > now:
        # "I have been interviewed" for an interview still ahead cannot be true yet
        raise CaseError("interview_not_started", "interview.start", value=case.interview.start)
    evaluate(case, now)  # events in the future, reschedule slots too few or too soon
    return case


def moves(case: Case) -> list[Move]:
    """What can happen next to a case at its stage."""
    if case.cancel is not None:
        answers = case.events_of("reschedule_declined", "reschedule_accepted")
        if answers and answers[-1].type == "reschedule_declined":
            # the company kept the original time: it can be recorded as attended
            return ["took_place", "rescheduled", "rejected"]
        return ["rescheduled", "rejected"]
    if case.stage == "offer":
        decided = case.offer.decision if case.offer is not None else None
        return [m for m in ("offer_accept", "offer_decline") if m != f"offer_{decided}"]
    found: list[Move] = []
    if case.stage == "invited":
        found.append("scheduled")
    if case.stage in ("invited", "scheduled") and case.interview is not None:
        found.append("took_place")
    if case.stage == "interviewed":
        found.append("next_round")
    if case.stage in ("invited", "scheduled", "interviewed"):
        found += ["rejected", "offer"]
    return found


def moved(
    case: Case,
    move: Move,
    now: datetime,
    *,
    at: datetime | None = None,
    interview_start: datetime | None = None,
    interview_kind: str | None = None,
) -> Case:
    """`case` after `move`, keeping everything already known. `at`: when it happened (default
    now); `interview_start` (and kind): the new interview of "scheduled", "next_round" and
    "rescheduled"."""
    if move not in moves(case):
        raise CaseError("move_not_possible", "next_event", value=move)
    data = case.model_dump(mode="json")
    data["cancel"] = None
    if move in MOVES_NEEDING_TIME:
        if interview_start is None:
            raise CaseError("required_for_stage", "interview.start")
        interview = dict(data.get("interview") or {})
        if move == "next_round" and case.interview is not None:
            data["previous_rounds"] = [
                *data["previous_rounds"],
                {"interview": data["interview"], "until": now.isoformat()},
            ]
            interview = {}  # a new round: a new interview, not the old one's details
            data["reply_by"] = None
        interview["start"] = interview_start.isoformat()
        if interview_kind is not None:
            interview["kind"] = interview_kind
        data["interview"] = interview
        data["stage"] = "scheduled"
        if move == "rescheduled":
            # The company accepted a new time: the plan now asks to confirm it (confirm_new_time).
            accepted = {"type": "reschedule_accepted", "at": (at or now).isoformat()}
            data["events"] = [*data["events"], accepted]
    elif move == "took_place":
        data["stage"] = "interviewed"
    elif move in ("offer_accept", "offer_decline"):
        offer = data.get("offer") or {"received_at": (at or now).isoformat()}
        data["offer"] = {**offer, "decision": move.removeprefix("offer_")}
    elif move == "rejected":
        data["stage"] = "rejected"
        data["rejected_at"] = (at or now).isoformat()
    elif move == "offer":
        data["stage"] = "offer"
    result = validate(data, now)
    if move in MOVES_NEEDING_TIME and result.interview is not None:
        if result.interview.start <= now:
            raise CaseError("interview_in_past", "interview.start", value=result.interview.start)
    return result
