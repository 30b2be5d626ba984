"""After the interview: the contact, the thank-you, the follow-up chain and moving on; and
the steps once the process has ended (rejected, offer). Time windows are half-open: a
deadline is the first instant at which something changes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from followup.models import Flag, SourceId
from followup.rules.core import Context, Decision
from followup.rules.timing import (
    follow_up_earliest,
    move_on_earliest,
    rejection_reply_deadline,
    second_follow_up_earliest,
    thank_you_late_until,
    thank_you_on_time,
)


# --- guards --------------------------------------------------------------------------------
def chain_ended(ctx: Context) -> bool:
    """A reply after the interview ends the follow-up chain: the reply tells the next step."""
    end = ctx.interview.end
    return any(e.at >= end for e in ctx.events("reply_received"))


def process_over(ctx: Context) -> bool:
    return ctx.case.stage in ("rejected", "offer")


def _from(ctx: Context, allowed: Decision, earliest: datetime, wait_reason: str) -> Decision:
    """`allowed` from `earliest` on; before it, the same action waits with `wait_reason`."""
    if ctx.now < earliest:
        return replace(
            allowed, status="wait", reason=wait_reason, not_before=earliest, changes=(earliest,)
        )
    return replace(allowed, not_before=earliest)


# --- before and after the interview ------------------------------------------------------------
def collect_contact(ctx: Context) -> Decision | None:
    contact = ctx.case.contact
    missing: tuple[Flag, ...] = (
        () if contact is not None and contact.email else ("missing_contact_email",)
    )
    if ctx.case.stage == "scheduled" and ctx.upcoming():
        # A tip before the interview: ask for the card before leaving (Revision 2).
        return Decision("now", "tip", flags=("optional", *missing), changes=(ctx.interview.start,))
    if not missing:
        return Decision("done", "done")
    return Decision("now", "now", flags=missing)


def thank_you(ctx: Context) -> Decision | None:
    interview = ctx.interview
    optional: tuple[Flag, ...] = ("optional",) if interview.kind == "screening" else ()
    if ctx.has("thank_you_sent"):
        return Decision("done", "done", flags=optional)
    end, on_time, late_until = interview.end, thank_you_on_time(ctx), thank_you_late_until(ctx)
    if ctx.now < end:
        return Decision(
            "wait", "wait", not_before=end, deadline=on_time, flags=optional, changes=(end,)
        )
    if ctx.now < on_time:
        return Decision(
            "now", "now", not_before=end, deadline=on_time, flags=optional, changes=(on_time,)
        )
    if ctx.now < late_until:
        return Decision(
            "now",
            "late",
            not_before=end,
            deadline=late_until,
            flags=("late", *optional),
            changes=(late_until,),
        )
    return Decision(
        "expired",
        "expired",
        flags=optional,
        params={"days": ctx.days_since(end), "bd": ctx.policy.thank_you_late_until_bd},
    )


def follow_up(ctx: Context) -> Decision | None:
    reply_by = ctx.case.reply_by
    # "only after the company's stated period"
    sources: tuple[SourceId, ...] | None = (
        None if reply_by is None else ("kapan-follow-up", "kalibrr-dos-donts")
    )
    if chain_ended(ctx):
        return None
    if ctx.has("follow_up_sent"):
        return Decision("done", "done", sources=sources)
    suffix = "_reply_by" if reply_by is not None else ""
    params = {
        "reply_by": reply_by,
        "days": ctx.days_since(ctx.interview.start),
        "bd": ctx.policy.follow_up_wait_bd,
    }
    return _from(
        ctx,
        Decision("now", f"now{suffix}", params=params, sources=sources),
        follow_up_earliest(ctx),
        f"wait{suffix}",
    )


def second_follow_up(ctx: Context) -> Decision | None:
    sent = ctx.events("follow_up_sent")
    if chain_ended(ctx) or not sent:
        return None
    if ctx.policy.max_follow_ups < 2:
        return Decision("avoid", "avoid")
    flags: tuple[Flag, ...] = ("optional", "last_follow_up")
    if len(sent) >= 2:
        return Decision("done", "done", flags=flags)
    params = {"days": ctx.days_since(sent[0].at)}
    return _from(
        ctx,
        Decision("now", "now", flags=flags, params=params),
        second_follow_up_earliest(ctx, sent[0].at),
        "wait",
    )


def third_follow_up(ctx: Context) -> Decision | None:
    if chain_ended(ctx) or len(ctx.events("follow_up_sent")) < 2:
        return None
    return Decision("avoid", "avoid")


def call_for_result(ctx: Context) -> Decision | None:
    return Decision("avoid", "avoid")


def move_on(ctx: Context) -> Decision | None:
    if ctx.case.stage == "rejected":
        return Decision("now", "now_rejected")
    if chain_ended(ctx):
        return None
    sent = [e.at for e in ctx.events("follow_up_sent")]
    # Without any follow-up: two weeks of silence after the interview or the stated date.
    suffix = "" if sent else "_silence"
    return _from(
        ctx,
        Decision("now", f"now{suffix}", params={"days": ctx.days_since(ctx.interview.start)}),
        move_on_earliest(ctx, sent),
        f"wait{suffix}",
    )


# --- after the process ------------------------------------------------------------------------
def linkedin_connect(ctx: Context) -> Decision | None:
    if not process_over(ctx):
        if ctx.case.stage == "invited":
            return None
        # During the process a request can feel intrusive.
        return Decision("avoid", "avoid", sources=("kalibrr-dos-donts",))
    if ctx.has("linkedin_connected"):
        return Decision("done", "done")
    return Decision("now", "now", flags=("optional",))


def thank_after_rejection(ctx: Context) -> Decision | None:
    if ctx.has("rejection_reply_sent"):
        return Decision("done", "done")
    deadline = rejection_reply_deadline(ctx)
    late = ctx.now >= deadline
    return Decision(
        "now",
        "late" if late else "now",
        deadline=deadline,
        flags=("late",) if late else (),
        changes=() if late else (deadline,),
    )


def respond_to_offer(ctx: Context) -> Decision | None:
    """Thank them, confirm the offer in writing, ask for time to decide, negotiate politely."""
    if ctx.has("offer_reply_sent"):
        return Decision("done", "done")
    return Decision("now", "now")


def cancel_other_interviews(ctx: Context) -> Decision | None:
    upcoming = [o for o in ctx.case.other_interviews if o.start > ctx.now]
    if not upcoming:
        return None
    return Decision(
        "now",
        "now",
        flags=("optional",),
        params={"companies": [o.company for o in upcoming]},
        changes=(max(o.start for o in upcoming),),  # when the last one has passed
    )
