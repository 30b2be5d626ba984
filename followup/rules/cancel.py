"""Cancelling or rescheduling an interview (stage invited or scheduled with a `cancel` request),
and the checks of a case against `now` that every plan starts with.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from followup.errors import CaseError
from followup.models import Case, Flag, SourceId, elapsed, shift
from followup.rules.core import Context, Outcome, Rule

_SOURCES: tuple[SourceId, ...] = ("membatalkan-wawancara",)
# Only these justify cancelling with less than a day's notice.
_EMERGENCIES = frozenset({"illness", "family_emergency", "unexpected"})


def check_times(case: Case, now: datetime) -> None:
    """Raise `CaseError` when the case contradicts `now`."""
    past = [("invited_at", case.invited_at), ("rejected_at", case.rejected_at)]
    past += [(f"events[{i}].at", e.at) for i, e in enumerate(case.events)]
    for name, moment in past:
        if moment is not None and moment > now:
            raise CaseError("after_now", name, value=moment, now=now.astimezone(case.tz))


def _check_slots(ctx: Context) -> None:
    """A reschedule request offers at least two slots, each at least the minimum notice away."""
    cancel = ctx.cancel
    if len(cancel.proposed_slots) < 2:
        raise CaseError("too_few_slots", "cancel.proposed_slots")
    earliest = shift(ctx.now, ctx.policy.cancel_min_notice).astimezone(ctx.case.tz)
    for i, slot in enumerate(cancel.proposed_slots):
        if slot < earliest:
            raise CaseError(
                "slot_too_soon", f"cancel.proposed_slots[{i}]", value=slot, earliest=earliest
            )


def _notice(ctx: Context) -> timedelta:
    interview = ctx.interview
    return elapsed(ctx.now, interview.start)


def _wants_reschedule(ctx: Context) -> bool:
    cancel = ctx.cancel
    # Feeling unprepared calls for asking to reschedule, never for cancelling.
    return cancel.still_interested or cancel.reason == "unprepared"


def _urgency_flags(ctx: Context) -> tuple[Flag, ...]:
    """Flags of whichever of cancel/reschedule is `now` (tiers: under 48 h, under 24 h)."""
    cancel, contact = ctx.cancel, ctx.case.contact
    notice = _notice(ctx)
    flags: list[Flag] = []
    if notice < ctx.policy.cancel_min_notice:
        flags += ["notice_under_24h", "phone_first"]
        if cancel.reason not in _EMERGENCIES:
            flags.append("reason_not_urgent")
    elif notice < ctx.policy.cancel_ideal_notice:
        flags.append("notice_under_48h")
    if contact is not None and contact.via_recruiter and "phone_first" not in flags:
        flags.append("phone_first")  # through a recruiter: call, then confirm by e-mail
    return tuple(flags)


def _urgency_changes(ctx: Context) -> tuple[datetime, ...]:
    interview = ctx.interview
    start = interview.start
    ideal, minimum = ctx.policy.cancel_ideal_notice, ctx.policy.cancel_min_notice
    return (shift(start, -ideal), shift(start, -minimum), start)


def _started(ctx: Context) -> bool:
    return _notice(ctx) <= timedelta(0)


def cancel_interview(ctx: Context) -> Outcome | None:
    interview, cancel = ctx.interview, ctx.cancel
    params = {"start": interview.start}
    if ctx.has("interview_cancelled"):
        return Outcome("cancel_interview", "done", "cancel_interview.done", _SOURCES)
    if _started(ctx):
        return Outcome(
            "cancel_interview", "expired", "cancel_interview.expired", _SOURCES, params=params
        )
    if _wants_reschedule(ctx):
        reason = "unprepared" if cancel.reason == "unprepared" else "interested"
        return Outcome(
            "cancel_interview",
            "avoid",
            f"cancel_interview.avoid_{reason}",
            _SOURCES,
            changes=(interview.start,),
        )
    return Outcome(
        "cancel_interview",
        "now",
        "cancel_interview.now",
        _SOURCES,
        flags=_urgency_flags(ctx),
        params=params,
        changes=_urgency_changes(ctx),
    )


def reschedule_interview(ctx: Context) -> Outcome | None:
    interview = ctx.interview
    if not _wants_reschedule(ctx) or ctx.has("interview_cancelled"):
        return None
    params = {"start": interview.start}
    if ctx.has("reschedule_requested"):
        return Outcome("reschedule_interview", "done", "reschedule_interview.done", _SOURCES)
    if _started(ctx):
        return Outcome(
            "reschedule_interview",
            "expired",
            "reschedule_interview.expired",
            _SOURCES,
            params=params,
        )
    _check_slots(ctx)
    return Outcome(
        "reschedule_interview",
        "now",
        "reschedule_interview.now",
        _SOURCES,
        flags=_urgency_flags(ctx) + ctx.same_day_conflict(*ctx.cancel.proposed_slots),
        params=params,
        changes=_urgency_changes(ctx),
    )


def apologize_missed_interview(ctx: Context) -> Outcome | None:
    interview = ctx.interview
    # Someone who cancelled or asked to reschedule in time has missed nothing.
    if not _started(ctx) or ctx.has("interview_cancelled", "reschedule_requested"):
        return None
    if any(e.at >= interview.start for e in ctx.events("apology_sent")):
        return Outcome(
            "apologize_missed_interview", "done", "apologize_missed_interview.done", _SOURCES
        )
    return Outcome(
        "apologize_missed_interview",
        "now",
        "apologize_missed_interview.now",
        _SOURCES,
        flags=("phone_first",),
        params={"start": interview.start},
    )


def reply_reschedule_declined(ctx: Context) -> Outcome | None:
    if not ctx.has("reschedule_declined"):
        return None
    return Outcome("reply_reschedule_declined", "now", "reply_reschedule_declined.now", _SOURCES)


def apology_note(ctx: Context) -> Outcome | None:
    interview = ctx.interview
    cancelled = ctx.events("interview_cancelled")
    if not cancelled or interview.format not in ("video", "phone"):
        return None
    if any(e.at >= cancelled[0].at for e in ctx.events("apology_sent")):
        return Outcome("apology_note", "done", "apology_note.done", _SOURCES)
    return Outcome("apology_note", "now", "apology_note.now", _SOURCES)


CANCEL_RULES: tuple[Rule, ...] = (
    cancel_interview,
    reschedule_interview,
    apologize_missed_interview,
    reply_reschedule_declined,
    apology_note,
)
