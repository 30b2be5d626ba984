"""Cancelling or rescheduling an interview (a `cancel` request while invited or scheduled),
and the checks of a case against `now` that every plan starts with.
"""

from __future__ import annotations

from datetime import datetime

from followup.errors import CaseError
from followup.models import Case, Flag, shift
from followup.rules.core import Context, Decision
from followup.rules.timing import notice

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


def answered(ctx: Context) -> str | None:
    """The company's latest answer to a reschedule request, the one that decides (Revision 3):
    "declined" (the original time stands), "accepted" (a new time to confirm), or None."""
    answers = ctx.events("reschedule_declined", "reschedule_accepted")
    if not answers:
        return None
    return "declined" if answers[-1].type == "reschedule_declined" else "accepted"


def wants_reschedule(ctx: Context) -> bool:
    """Rescheduling, not cancelling: still interested, or merely unprepared — unless the
    reason ends the application (another offer accepted, not interested)."""
    cancel = ctx.cancel
    if cancel.reason in FINAL_REASONS:
        return False
    return cancel.still_interested or cancel.reason == "unprepared"


def _urgency(ctx: Context) -> tuple[tuple[Flag, ...], dict[str, object], tuple[datetime, ...]]:
    """Flags of whichever of cancel/reschedule is `now`: how short the notice is (in clock
    hours and business days, Revision 3, with the measure that holds as a parameter for the
    reason's words), the instants at which they change."""
    cancel, contact = ctx.cancel, ctx.case.contact
    found, changes = notice(ctx)
    flags: list[Flag] = []
    params: dict[str, object] = {}
    if found is not None:
        flag, measure = found
        flags.append(flag)  # type: ignore[arg-type]
        params["notice_measure"] = measure
        open_now, turn = ctx.office
        params["reads_at"] = None if open_now else turn
        if flag == "notice_under_24h":
            flags.append("phone_first")
            if cancel.reason not in EMERGENCIES:
                flags.append("reason_not_urgent")
    if contact is not None and contact.via_recruiter and "phone_first" not in flags:
        flags.append("phone_first")  # through a recruiter: call, then confirm by e-mail
    return tuple(flags), params, (*changes, ctx.interview.start)


# --- rules ---------------------------------------------------------------------------------
def cancel_interview(ctx: Context) -> Decision | None:
    interview, cancel = ctx.interview, ctx.cancel
    params = {"start": interview.start}
    if ctx.has("interview_cancelled"):
        return Decision("done", "done")
    answer = answered(ctx)
    if answer == "declined":
        return Decision("done", "declined", params=params)  # the original time stands
    if answer == "accepted":
        return None  # a new time was agreed: `confirm_new_time`
    if started(ctx):
        return Decision("expired", "expired", params=params)
    if wants_reschedule(ctx):
        reason = "unprepared" if cancel.reason == "unprepared" else "interested"
        return Decision("avoid", f"avoid_{reason}", changes=(interview.start,))
    flags, said, changes = _urgency(ctx)
    final = cancel.reason in FINAL_REASONS
    return Decision(
        "now",
        "now_honest" if final else "now",
        flags=flags,
        params={**params, **said},
        changes=changes,
    )


def reschedule_interview(ctx: Context) -> Decision | None:
    interview = ctx.interview
    if not wants_reschedule(ctx) or ctx.has("interview_cancelled"):
        return None
    params = {"start": interview.start}
    if answered(ctx) == "declined":
        return Decision("done", "declined", params=params)
    if ctx.has("reschedule_requested") or answered(ctx) == "accepted":
        return Decision("done", "done")
    if started(ctx):
        return Decision("expired", "expired", params=params)
    if ctx.cancel.reason == "unprepared" and not ctx.cancel.proposed_slots:
        return None  # asking about the interview is the step; no new date was proposed
    _check_slots(ctx)
    flags, said, changes = _urgency(ctx)
    # Merely unprepared: asking about the interview comes first, a new date is an option.
    optional: tuple[Flag, ...] = ("optional",) if ctx.cancel.reason == "unprepared" else ()
    return Decision(
        "now",
        "now",
        flags=flags + optional + ctx.same_day_conflict(*ctx.cancel.proposed_slots),
        params={**params, **said},
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
    """The company cannot move the interview: answer graciously while the original time is
    still ahead (then the interview itself is what comes next)."""
    if answered(ctx) != "declined" or started(ctx):
        return None
    start = ctx.interview.start
    return Decision("now", "now", params={"start": start}, changes=(start,))


def ask_interview_info(ctx: Context) -> Decision | None:
    """Feeling unprepared: ask about the interview (format, who attends, what to prepare)
    instead of cancelling; the reply confirms attendance (Revision 3)."""
    if ctx.cancel.reason != "unprepared" or answered(ctx) is not None:
        return None
    params = {"start": ctx.interview.start}
    if ctx.has("interview_confirmed", "interview_cancelled", "reschedule_requested"):
        return Decision("done", "done", params=params)
    if started(ctx):
        return None
    return Decision("now", "now", params=params, changes=(ctx.interview.start,))


def apology_note(ctx: Context) -> Decision | None:
    interview = ctx.interview
    cancelled = ctx.events("interview_cancelled")
    if not cancelled or interview.format not in ("video", "phone"):
        return None
    if any(e.at >= cancelled[0].at for e in ctx.events("apology_sent")):
        return Decision("done", "done")
    return Decision("now", "now")
