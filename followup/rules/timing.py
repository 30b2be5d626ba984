"""The named times of the rules, each as in `etiquette-rules.md` (Revision 2: business time).

Every helper takes the `Context` and returns an aware instant. "bd" is a business day;
deadlines that would fall outside business hours move to the next business day's closing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

from followup.business_days import BusinessTime
from followup.models import Event, shift
from followup.rules.core import Context


def invitation_deadline(ctx: Context) -> datetime:
    """Reply to an invitation within 24 h, in business hours (Fri 19:00 -> Mon 17:00), and
    before the interview: never later than its start minus 2 h (Revision 3: invited Fri 19:00
    for Mon 10:00 -> Mon 08:00)."""
    deadline = ctx.business.deadline(shift(ctx.invited_at, ctx.policy.invitation_reply_within))
    interview = ctx.case.interview
    if interview is not None:
        deadline = min(deadline, shift(interview.start, -ctx.policy.reply_before_start))
    return max(deadline, ctx.invited_at)  # invited later than that: reply at once


def business_day(ctx: Context) -> timedelta:
    """The business hours of one business day (08:00-17:00: 9 h)."""
    policy = ctx.policy
    opens = policy.business_hours_open
    closes = policy.business_hours_close
    return timedelta(hours=closes.hour - opens.hour, minutes=closes.minute - opens.minute)


def under_a_business_day(ctx: Context, start: datetime) -> bool:
    """Less than one business day (9 business hours) remains before `start`."""
    return ctx.business.hours_between(ctx.now, start) < business_day(ctx)


def thank_you_on_time(ctx: Context) -> datetime:
    """24 h after the interview ends, in business hours (ends Fri 17:30 -> Mon 17:00)."""
    return ctx.business.deadline(shift(ctx.interview.end, ctx.policy.thank_you_deadline))


def thank_you_late_until(ctx: Context) -> datetime:
    """The closing of the 3rd business day after the interview ends (never before on time)."""
    late = ctx.business.closing_after(ctx.interview.end.date(), ctx.policy.thank_you_late_until_bd)
    return max(late, thank_you_on_time(ctx))


def latest_reply(ctx: Context) -> Event | None:
    """The latest reply from the company since the interview ended, if any."""
    end = ctx.interview.end
    replies = [e for e in ctx.events("reply_received") if e.at >= end]
    return replies[-1] if replies else None


def reply_date(ctx: Context) -> date | None:
    """The date the company said it would answer by: a later reply's `new_reply_by` ("we will
    let you know by 4 December", Revision 3), else the case's `reply_by`."""
    reply = latest_reply(ctx)
    if reply is not None and reply.new_reply_by is not None:
        return reply.new_reply_by
    return ctx.case.reply_by


def stated_reply_day(ctx: Context) -> date | None:
    """The company's stated reply date, moved off a closed day to the next business day."""
    stated = reply_date(ctx)
    return None if stated is None else ctx.business_day_from(stated)


def follow_up_earliest(ctx: Context) -> datetime:
    """Stated reply date (moved) + 2 bd, else the interview date + 5 bd."""
    stated = stated_reply_day(ctx)
    if stated is not None:
        return ctx.bd(stated, ctx.policy.follow_up_after_reply_by_bd)
    return ctx.bd(ctx.interview.start.date(), ctx.policy.follow_up_wait_bd)


def second_follow_up_earliest(ctx: Context, first: datetime) -> datetime:
    return ctx.bd(first.date(), ctx.policy.second_follow_up_wait_bd)


def move_on_earliest(ctx: Context, sent: list[datetime]) -> datetime:
    """After follow-ups: first + 10 bd (and second + 5 bd); without any: 10 bd after the
    interview or the stated reply date."""
    if not sent:
        stated = stated_reply_day(ctx)
        base = stated if stated is not None else ctx.interview.start.date()
        return ctx.bd(base, ctx.policy.move_on_after_silence_bd)
    earliest = ctx.bd(sent[0].date(), ctx.policy.move_on_after_first_bd)
    if len(sent) >= 2:
        earliest = max(earliest, ctx.bd(sent[1].date(), ctx.policy.move_on_after_second_bd))
    return earliest


def rejection_reply_deadline(ctx: Context) -> datetime:
    return ctx.bd(ctx.rejected_at.date(), ctx.policy.rejection_reply_within_bd)


Notice = tuple[str, str] | None  # (flag, "clock" | "business"), or None: enough notice


def notice(ctx: Context) -> tuple[Notice, tuple[datetime, ...]]:
    """How short the notice before the interview is (Revision 3): `notice_under_24h` when less
    than 24 clock hours or less than one business day (9 business hours) remain, else
    `notice_under_48h` for 48 h or two business days; with the measure that holds (the clock
    first: "less than 24 hours" is said only when the clock says so). Also the future instants
    at which the flag changes (the contract's `next_change` speaks of statuses and flags)."""
    start = ctx.interview.start
    policy = ctx.policy
    day = business_day(ctx)
    limits: list[tuple[str, str, datetime]] = []
    for flag, clock in (
        ("notice_under_24h", policy.cancel_min_notice),
        ("notice_under_48h", policy.cancel_ideal_notice),
    ):
        limits.append((flag, "clock", shift(start, -clock)))
        days = clock / timedelta(hours=24)
        limits.append((flag, "business", _before(ctx.business, start, day * days)))

    def at(moment: datetime) -> Notice:
        return next(((f, m) for f, m, limit in limits if moment > limit), None)

    def flag_at(moment: datetime) -> str | None:
        found = at(moment)
        return None if found is None else found[0]

    tick = timedelta(microseconds=1)
    changes = sorted({x for _, _, x in limits if x >= ctx.now and flag_at(x) != flag_at(x + tick)})
    return at(ctx.now), tuple(changes)


@lru_cache(maxsize=1024)  # an interview's limits do not move while the clock does
def _before(business: BusinessTime, start: datetime, amount: timedelta) -> datetime:
    return business.before(start, amount)
