"""Cancelling or rescheduling an interview (a `cancel` request while invited or scheduled),
and the checks of a case against `now` that every plan starts with.
"""

from __future__ import annotations

from datetime import datetime

from followup.errors import CaseError
from followup.models import Case, Flag, shift
from followup.rules.core import Context, Decision
from followup.rules.timing import notice_limits

# Only these justify cancelling with less than a day's notice.
EMERGENCIES = frozenset({"illness", "family_emergency", "unexpected"})
# Reasons that end the application: cancel honestly, no reschedule (Revision 2).
FINAL_REASONS = frozenset({"accepted_other_offer", "not_interested"})


def check_times(case: Case, now: datetime) -> None:
    """Raise `CaseError` when the case contradicts `now`."""
    past = [("invited_at", case.invited_at), ("rejected_at", case.rejected_at)]
    past += [(f"events[{i}].at", e.at) for i, e in enumerate(case.events)]
    for name, moment in past:
        if moment is not None and moment > now:
            raise CaseError("after_now", name, value=moment, now=now.astimezone(case.tz))


def _check_slots(ctx: Context) -> None:
    """A reschedule request offers at least two slots, each at least a day away."""
    cancel = ctx.cancel
    if len(cancel.proposed_slots) < 2:
        raise CaseError("too_few_slots", "cancel.proposed_slots")
    earliest = shift(ctx.now, ctx.policy.proposed_slot_min_notice).astimezone(ctx.case.tz)
    for i, slot in enumerate(cancel.proposed_slots):
        if slot < earliest:
            raise CaseError(
                "slot_too_soon", f"cancel.proposed_slots[{i}]", value=slot, earliest=earliest
            )


# --- guards --------------------------------------------------------------------------------
def started(ctx: Context) -> bool:
    return ctx.now >= ctx.interview.start


def wants_reschedule(ctx: Context) -> bool:
    """Rescheduling, not cancelling: still interested, or merely unprepared — unless the
    reason ends the application (another offer accepted, not interested)."""
    cancel = ctx.cancel
    if cancel.reason in FINAL_REASONS:
        return False
    return cancel.still_interested or cancel.reason == "unprepared"


def _urgency(ctx: Context) -> tuple[tuple[Flag, ...], tuple[datetime, ...]]:
    """Flags of whichever of cancel/reschedule is `now`, in business hours of notice
    (tiers: under 48, under 24), and the instants at which they change."""
    cancel, contact = ctx.cancel, ctx.case.contact
    under_48, under_24 = notice_limits(ctx)
    flags: list[Flag] = []
    if ctx.now > under_24:
        flags += ["notice_under_24h", "phone_first"]
        if cancel.reason not in EMERGENCIES:
            flags.append("reason_not_urgent")
    elif ctx.now > under_48:
        flags.append("notice_under_48h")
    if contact is not None and contact.via_recruiter and "phone_first" not in flags:
        flags.append("phone_first")  # through a recruiter: call, then confirm by e-mail
    return tuple(flags), (under_48, under_24, ctx.interview.start)


# --- rules ---------------------------------------------------------------------------------
def cancel_interview(ctx: Context) -> Decision | None:
    interview, cancel = ctx.interview, ctx.cancel
    params = {"start": interview.start}
    if ctx.has("interview_cancelled"):
        return Decision("done", "done")
    if started(ctx):
        return Decision("expired", "expired", params=params)
    if wants_reschedule(ctx):
        reason = "unprepared" if cancel.reason == "unprepared" else "interested"
        return Decision("avoid", f"avoid_{reason}", changes=(interview.start,))
    flags, changes = _urgency(ctx)
    final = cancel.reason in FINAL_REASONS
    return Decision(
        "now", "now_honest" if final else "now", flags=flags, params=params, changes=changes
    )


def reschedule_interview(ctx: Context) -> Decision | None:
    interview = ctx.interview
    if not wants_reschedule(ctx) or ctx.has("interview_cancelled"):
        return None
    params = {"start": interview.start}
    if ctx.has("reschedule_requested"):
        return Decision("done", "done")
    if started(ctx):
        return Decision("expired", "expired", params=params)
    _check_slots(ctx)
    flags, changes = _urgency(ctx)
    return Decision(
        "now",
        "now",
        flags=flags + ctx.same_day_conflict(*ctx.cancel.proposed_slots),
        params=params,
        changes=changes,
    )


def apologize_missed_interview(ctx: Context) -> Decision | None:
    interview = ctx.interview
    # Someone who cancelled or asked to reschedule in time has missed nothing.
    if not started(ctx) or ctx.has("interview_cancelled", "reschedule_requested"):
        return None
    if any(e.at >= interview.start for e in ctx.events("apology_sent")):
        return Decision("done", "done")
    return Decision("now", "now", flags=("phone_first",), params={"start": interview.start})


def reply_reschedule_declined(ctx: Context) -> Decision | None:
    if not ctx.has("reschedule_declined"):
        return None
    return Decision("now", "now")


def apology_note(ctx: Context) -> Decision | None:
    interview = ctx.interview
    cancelled = ctx.events("interview_cancelled")
    if not cancelled or interview.format not in ("video", "phone"):
        return None
    if any(e.at >= cancelled[0].at for e in ctx.events("apology_sent")):
        return Decision("done", "done")
    return Decision("now", "now")
