"""The building blocks of the rules: an `Outcome` (what one rule decided) and the `Context`
(the case, the clock and the policy) every rule reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from followup.business_days import business_day_at_opening
from followup.errors import CaseError
from followup.models import (
    ActionId,
    CancelRequest,
    Case,
    Channel,
    Event,
    EventType,
    Flag,
    Interview,
    SourceId,
    Status,
)
from followup.policy import Policy

# Actions that have no message of their own (everything else has a template of its id).
NO_MESSAGE: frozenset[ActionId] = frozenset({"third_follow_up", "call_for_result", "move_on"})

FLAG_ORDER: tuple[Flag, ...] = (
    "late",
    "optional",
    "last_follow_up",
    "notice_under_48h",
    "notice_under_24h",
    "phone_first",
    "reason_not_urgent",
    "same_day_conflict",
    "missing_contact_email",
)
STATUS_RANK: dict[Status, int] = {"now": 0, "wait": 1, "avoid": 2, "expired": 3, "done": 4}


@dataclass(frozen=True)
class Outcome:
    """What one rule decided, before its reason is put into words."""

    action: ActionId
    status: Status
    reason: str  # key of the [reason] section of the locale files
    sources: tuple[SourceId, ...]
    not_before: datetime | None = None
    deadline: datetime | None = None
    channel: Channel | None = "email"
    flags: tuple[Flag, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    changes: tuple[datetime, ...] = ()  # future instants at which this outcome changes


@dataclass(frozen=True)
class Context:
    """The case, the clock and the policy, with the helpers every rule needs."""

    case: Case
    now: datetime
    policy: Policy

    def bd(self, day: date, n: int) -> datetime:
        """`day + n bd`: the opening of the n-th business day after `day`."""
        return business_day_at_opening(
            day,
            n,
            self.case.tz,
            self.case.country,
            self.policy.observe_joint_leave,
            self.policy.business_day_opening,
        )

    # Case validation guarantees these for the stages whose rules read them.
    @property
    def interview(self) -> Interview:
        if self.case.interview is None:
            raise CaseError("required_for_stage", "interview")
        return self.case.interview

    @property
    def cancel(self) -> CancelRequest:
        if self.case.cancel is None:
            raise CaseError("required_for_stage", "cancel")
        return self.case.cancel

    @property
    def invited_at(self) -> datetime:
        if self.case.invited_at is None:
            raise CaseError("required_for_stage", "invited_at")
        return self.case.invited_at

    @property
    def rejected_at(self) -> datetime:
        if self.case.rejected_at is None:
            raise CaseError("required_for_stage", "rejected_at")
        return self.case.rejected_at

    def events(self, *types: EventType) -> list[Event]:
        return self.case.events_of(*types)

    def has(self, *types: EventType) -> bool:
        return any(e.type in types for e in self.case.events)

    def same_day_conflict(self, *moments: datetime) -> tuple[Flag, ...]:
        """`same_day_conflict` when another interview falls on the day of the interview (or of
        any of `moments`, such as proposed new times)."""
        interview = self.case.interview
        days = {m.astimezone(self.case.tz).date() for m in moments}
        if not moments and interview is not None:
            days.add(interview.start.date())
        others = {o.start.astimezone(self.case.tz).date() for o in self.case.other_interviews}
        return ("same_day_conflict",) if days & others else ()


Rule = Callable[[Context], Outcome | None]
