"""The building blocks of the rules: a `Decision` (what one rule decided, before any words)
and the `Context` (the case, the clock, the policy and business time) every rule reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property, lru_cache
from typing import Any, Literal
from zoneinfo import ZoneInfo

from followup.business_days import BusinessTime, business_day_at_opening, next_business_day
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

# What the person is dealing with: the stage, or "cancel" while a cancel request is open.
Situation = Literal["invited", "scheduled", "cancel", "interviewed", "rejected", "offer"]

FLAG_ORDER: tuple[Flag, ...] = (
    "late",
    "optional",
    "last_follow_up",
    "notice_under_48h",
    "notice_under_24h",
    "phone_first",
    "call_when_open",
    "outside_hours",
    "reason_not_urgent",
    "same_day_conflict",
    "missing_contact_email",
    "consider_attending",
    "sign_before_resigning",
)
STATUS_RANK: dict[Status, int] = {"now": 0, "wait": 1, "avoid": 2, "expired": 3, "done": 4}


@dataclass(frozen=True)
class Decision:
    """What one rule decided: a status, its times and flags, and a reason key with its
    parameters. The catalogue row adds the action, its channel and (unless given) sources."""

    status: Status
    reason: str  # the key under the action in the `[reason]` section: "now", "late", ...
    not_before: datetime | None = None
    deadline: datetime | None = None
    flags: tuple[Flag, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    changes: tuple[datetime, ...] = ()  # future instants at which this decision changes
    sources: tuple[SourceId, ...] | None = None  # None: the row's sources
    # aimed at another interview: its index in `other_interviews` (Revision 3, one per company)
    target: int | None = None
    message: bool = True  # False: a tip to follow, no message to send (`template` null)


@dataclass(frozen=True)
class Step:
    """One row's decision, with the channel the plan names, ready to be put into words."""

    action: ActionId
    decision: Decision
    channel: Channel | None
    sources: tuple[SourceId, ...]

    @property
    def target(self) -> int | None:
        return self.decision.target


@dataclass(frozen=True)
class Days:
    """A number of calendar days, said in words ("12 hari", "12 days")."""

    n: int


@dataclass(frozen=True)
class Context:
    """The case, the clock and the policy, with the helpers every rule needs."""

    case: Case
    now: datetime  # in UTC
    policy: Policy

    @cached_property
    def business(self) -> BusinessTime:
        """Business days and hours of the case's place (Revision 2: when HR reads)."""
        return business_time(
            self.case.tz,
            self.case.country,
            self.policy.observe_joint_leave,
            self.policy.business_hours_open,
            self.policy.business_hours_close,
        )

    @cached_property
    def office(self) -> tuple[bool, datetime]:
        """Is the office open now, and when does that change (its next closing or opening)."""
        business = self.business
        if business.is_open(self.now):
            return True, business.next_closing(self.now)
        return False, business.next_opening(self.now)

    def bd(self, day: date, n: int) -> datetime:
        """`day + n bd`: the opening of the n-th business day after `day` (follow-up times)."""
        return business_day_at_opening(
            day,
            n,
            self.case.tz,
            self.case.country,
            self.policy.observe_joint_leave,
            self.policy.business_day_opening,
        )

    def business_day_from(self, day: date) -> date:
        """`day` when it is a business day, else the next one."""
        return next_business_day(day, self.case.country, self.policy.observe_joint_leave)

    def local_date(self) -> date:
        return self.now.astimezone(self.case.tz).date()

    def days_since(self, moment: date | datetime) -> Days:
        """Calendar days from `moment`'s local date to today's."""
        day = moment.astimezone(self.case.tz).date() if isinstance(moment, datetime) else moment
        return Days((self.local_date() - day).days)

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

    def upcoming(self) -> bool:
        """The case's interview is still ahead."""
        interview = self.case.interview
        return interview is not None and self.now < interview.start

    def same_day_others(self, *moments: datetime) -> list[str]:
        """Companies of other interviews on the local day of the interview (or of any of
        `moments`, such as proposed new times)."""
        interview = self.case.interview
        days = {m.astimezone(self.case.tz).date() for m in moments}
        if not moments and interview is not None:
            days.add(interview.start.date())
        return [
            o.company
            for o in self.case.other_interviews
            if o.start.astimezone(self.case.tz).date() in days
        ]

    def same_day_conflict(self, *moments: datetime) -> tuple[Flag, ...]:
        """`same_day_conflict` when another interview falls on the day (etiquette: don't
        stack interviews on one day)."""
        return ("same_day_conflict",) if self.same_day_others(*moments) else ()


@lru_cache(maxsize=64)
def business_time(
    tz: ZoneInfo, country: str, joint_leave: bool, opening: time, closing: time
) -> BusinessTime:
    return BusinessTime(tz, country, joint_leave, opening, closing)


Rule = Callable[[Context], "Decision | list[Decision] | None"]
"""A rule: the decision for its action, or None when the action does not apply; a rule about
the other interviews decides once per company (a list, each with its `target`)."""
