"""Before the interview: the invitation, the confirmation (also of a new time after a
reschedule), and telling a lower-priority company when interviews collide or an offer waits.
"""

from __future__ import annotations

from followup.models import Flag
from followup.rules.core import Context, Decision
from followup.rules.timing import invitation_deadline


# --- guards --------------------------------------------------------------------------------
def rescheduled(ctx: Context) -> bool:
    """The company accepted a new time (the "rescheduled" move records this event)."""
    return ctx.has("reschedule_accepted")


def _reply_by_deadline(ctx: Context, flags: tuple[Flag, ...] = ()) -> Decision:
    deadline = invitation_deadline(ctx)
    late = ctx.now >= deadline
    late_flag: tuple[Flag, ...] = ("late",) if late else ()
    return Decision(
        "now",
        "late" if late else "now",
        deadline=deadline,
        flags=late_flag + flags,
        changes=(deadline,),
    )


# --- invited -------------------------------------------------------------------------------
def accept_invitation(ctx: Context) -> Decision | None:
    if ctx.has("invitation_accepted"):
        return Decision("done", "done")
    if ctx.has("invitation_declined"):
        return None
    reason = ctx.case.decline_reason
    if reason == "accepted_other_offer":
        return None  # the decision is made: declining is the one step
    if reason is not None:
        # Never two opposite "now"s: declining is the step, going anyway a nudge (Revision 2).
        return Decision("wait", "optional", flags=("optional", *ctx.same_day_conflict()))
    return _reply_by_deadline(ctx, ctx.same_day_conflict())


def decline_invitation(ctx: Context) -> Decision | None:
    if ctx.has("invitation_declined"):
        return Decision("done", "done")
    if ctx.has("invitation_accepted"):
        return None
    if ctx.case.decline_reason is None:
        return Decision("avoid", "avoid")
    return _reply_by_deadline(ctx)


# --- scheduled -----------------------------------------------------------------------------
def confirm_interview(ctx: Context) -> Decision | None:
    if rescheduled(ctx):
        return None  # `confirm_new_time` confirms the new time
    start = ctx.interview.start
    # At the start, what follows the interview begins to apply.
    upcoming = (start,) if ctx.now < start else ()
    if ctx.has("interview_confirmed"):
        return Decision("done", "done", changes=upcoming)
    if not upcoming:
        return Decision("expired", "expired", params={"start": start})
    return Decision(
        "now", "now", flags=ctx.same_day_conflict(), params={"start": start}, changes=upcoming
    )


def confirm_new_time(ctx: Context) -> Decision | None:
    """After the company accepted a new time: confirm date, time and place or link."""
    accepted = ctx.events("reschedule_accepted")
    if not accepted:
        return None
    start = ctx.interview.start
    upcoming = (start,) if ctx.now < start else ()
    if any(e.at >= accepted[-1].at for e in ctx.events("interview_confirmed")):
        return Decision("done", "done", changes=upcoming)
    if not upcoming:
        return Decision("expired", "expired", params={"start": start})
    return Decision(
        "now", "now", flags=ctx.same_day_conflict(), params={"start": start}, changes=upcoming
    )


# --- several interviews ----------------------------------------------------------------------
def tell_lower_priority(ctx: Context) -> Decision | None:
    """Two interviews on one day, or an offer waiting while other interviews are ahead: tell
    the company you rank lower, honestly and early (optional)."""
    if ctx.has("lower_priority_told"):
        return Decision("done", "done", flags=("optional",))
    if ctx.case.stage == "offer":
        ahead = [o for o in ctx.case.other_interviews if o.start > ctx.now]
        if not ahead:
            return None
        return Decision(
            "now",
            "now_offer",
            flags=("optional",),
            params={"companies": [o.company for o in ahead]},
            changes=(max(o.start for o in ahead),),  # when the last one has passed
        )
    if ctx.has("invitation_declined") or ctx.case.decline_reason is not None:
        return None  # declining tells them already
    clash = ctx.same_day_others() if ctx.upcoming() else []
    if not clash:
        return None
    return Decision(
        "now",
        "now",
        flags=("optional",),
        params={"companies": clash},
        changes=(ctx.interview.start,),
    )
