"""Before the interview: the invitation, the confirmation (also of a new time after a
reschedule), and telling a lower-priority company when interviews collide or an offer waits.
"""

from __future__ import annotations

from followup.models import Flag
from followup.rules.after import tell_other_companies
from followup.rules.core import Context, Decision
from followup.rules.timing import invitation_deadline, under_a_business_day


# --- guards --------------------------------------------------------------------------------
def rescheduled(ctx: Context) -> bool:
    """The company accepted a new time (the "rescheduled" move records this event)."""
    return ctx.has("reschedule_accepted")


def _reply(ctx: Context, flags: tuple[Flag, ...] = ()) -> Decision:
    """The reply to an invitation: due by `invitation_deadline` (never after the interview
    starts minus 2 h). With less than one business day before the interview, also
    `phone_first`: write now and call at the next opening if no confirmation came (Revision 3).
    After the interview began the reply is `expired`: the page asks what happened."""
    interview = ctx.case.interview
    params = {"start": interview.start} if interview is not None else {}
    if interview is not None and ctx.now >= interview.start:
        return Decision("expired", "expired", params=params)
    deadline = invitation_deadline(ctx)
    late = ctx.now > deadline  # on time up to and including the deadline's instant
    soon: tuple[Flag, ...] = ()
    if interview is not None and under_a_business_day(ctx, interview.start):
        soon = ("phone_first",)
    changes = (deadline, interview.start) if interview is not None else (deadline,)
    reason = "late" if late else ("now_soon" if soon else "now")
    overdue: tuple[Flag, ...] = ("late",) if late else ()
    return Decision(
        "now",
        reason,
        deadline=deadline,
        flags=overdue + soon + flags,
        params=params,
        changes=changes,
    )


# --- invited -------------------------------------------------------------------------------
def accept_invitation(ctx: Context) -> Decision | None:
    if ctx.has("invitation_accepted"):
        return Decision("done", "done")
    if ctx.has("invitation_declined") or ctx.case.decline_reason is not None:
        # Declining is the one step; the nudge to go anyway is on it (`consider_attending`).
        return None
    return _reply(ctx, ctx.same_day_conflict())


def decline_invitation(ctx: Context) -> Decision | None:
    if ctx.has("invitation_declined"):
        return Decision("done", "done")
    if ctx.has("invitation_accepted"):
        return None
    reason = ctx.case.decline_reason
    if reason is None:
        return Decision("avoid", "avoid")
    nudge: tuple[Flag, ...] = ("consider_attending",) if reason == "not_interested" else ()
    return _reply(ctx, nudge)


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
    """After the company accepted a new time: confirm date, time and place or link, whether or
    not the case still carries its cancel request (the latest answer decides, Revision 3)."""
    answers = ctx.events("reschedule_declined", "reschedule_accepted")
    if not answers or answers[-1].type != "reschedule_accepted":
        return None
    accepted = ctx.events("reschedule_accepted")
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
def tell_lower_priority(ctx: Context) -> Decision | list[Decision] | None:
    """Two interviews on one day: tell the company you rank lower, honestly and early
    (optional). While an offer waits: tell each company still interviewing you (one step per
    company, `after.tell_other_companies`)."""
    if ctx.case.stage == "offer":
        return tell_other_companies(ctx)
    if ctx.has("lower_priority_told"):
        return Decision("done", "done", flags=("optional",))
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
