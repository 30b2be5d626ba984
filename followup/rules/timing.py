"""The named times of the rules, each as in `etiquette-rules.md` (Revision 2: business time).

Every helper takes the `Context` and returns an aware instant. "bd" is a business day;
deadlines that would fall outside business hours move to the next business day's closing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

from followup.business_days import BusinessTime
from followup.models import shift
from followup.rules.core import Context


def invitation_deadline(ctx: Context) -> datetime:
    """Reply to an invitation within 24 h, in business hours (Fri 19:00 -> Mon 17:00)."""
    return ctx.business.deadline(shift(ctx.invited_at, ctx.policy.invitation_reply_within))


def thank_you_on_time(ctx: Context) -> datetime:
    """24 h after the interview ends, in business hours (ends Fri 17:30 -> Mon 17:00)."""
    return ctx.business.deadline(shift(ctx.interview.end, ctx.policy.thank_you_deadline))


def thank_you_late_until(ctx: Context) -> datetime:
    """The closing of the 3rd business day after the interview ends (never before on time)."""
    late = ctx.business.closing_after(ctx.interview.end.date(), ctx.policy.thank_you_late_until_bd)
    return max(late, thank_you_on_time(ctx))


def stated_reply_day(ctx: Context) -> date | None:
    """The company's stated reply date, moved off a closed day to the next business day."""
    reply_by = ctx.case.reply_by
    return None if reply_by is None else ctx.business_day_from(reply_by)


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


def notice_limits(ctx: Context) -> tuple[datetime, datetime]:
    """The instants after which less than 48 and less than 24 business hours of notice
    remain before the interview (Sat 09:00 for Mon 10:00 is 2 business hours)."""
    policy = ctx.policy
    return _limits(
        ctx.business, ctx.interview.start, policy.cancel_ideal_notice, policy.cancel_min_notice
    )


@lru_cache(maxsize=1024)  # an interview's limits do not move while the clock does
def _limits(
    business: BusinessTime, start: datetime, ideal: timedelta, minimum: timedelta
) -> tuple[datetime, datetime]:
    return business.before(start, ideal), business.before(start, minimum)
