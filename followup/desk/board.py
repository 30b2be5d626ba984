"""The Today board: every application with its next step, open ones first, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from followup.history import StoredCase
from followup.models import Plan, Recommendation

# Actions that close an application rather than continue it (the board skips them).
CLOSING: frozenset[str] = frozenset({"move_on", "linkedin_connect", "third_follow_up"})


@dataclass(frozen=True)
class BoardRow:
    stored: StoredCase
    next: Recommendation | None  # the next step (None: nothing left to do)
    moment: datetime | None  # its deadline (now) or its start (wait)
    follow_ups: int  # follow-ups sent in the current round
    max_follow_ups: int

    @property
    def open(self) -> bool:
        return self.next is not None


def next_step(plan: Plan | None) -> Recommendation | None:
    """The plan's most urgent step that continues the application."""
    for rec in plan.actions if plan is not None else ():  # most urgent first
        if rec.status in ("now", "wait") and rec.action not in CLOSING:
            return rec
    return None


def row(stored: StoredCase, plan: Plan | None, max_follow_ups: int) -> BoardRow:
    rec = next_step(plan)
    moment = None
    if rec is not None:
        moment = rec.deadline if rec.status == "now" else rec.not_before
    sent = len(stored.case.current_round().events_of("follow_up_sent"))
    return BoardRow(stored, rec, moment, sent, max_follow_ups)


def ranked(rows: list[BoardRow]) -> list[BoardRow]:
    def urgency(found: BoardRow) -> tuple[int, int, float, str]:
        if found.next is None:
            return (2, 0, 0.0, found.stored.case.company)
        rank = 0 if found.next.status == "now" else 1
        timed = found.moment.timestamp() if found.moment is not None else float("inf")
        return (rank, found.moment is None, timed, found.stored.case.company)

    return sorted(rows, key=urgency)
