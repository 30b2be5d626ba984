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
    latest_reply,
    move_on_earliest,
    rejection_reply_deadline,
    reply_date,
    second_follow_up_earliest,
    thank_you_late_until,
    thank_you_on_time,
)


# --- guards --------------------------------------------------------------------------------
def chain_ended(ctx: Context) -> bool:
    """A reply after the interview ends the follow-up chain: the reply tells the next step;
    unless it sets a new date (`new_reply_by`), which re-opens the chain from that date."""
    reply = latest_reply(ctx)
    return reply is not None and reply.new_reply_by is None


def reopened(ctx: Context) -> bool:
    """The company replied with a new date: the chain goes on from it (Revision 3)."""
    reply = latest_reply(ctx)
    return reply is not None and reply.new_reply_by is not None


def process_over(ctx: Context) -> bool:
    """The process has ended: a rejection, or an offer the person has decided on."""
    case = ctx.case
    if case.stage == "rejected":
        return True
    if case.stage != "offer":
        return False
    decided = case.offer is not None and case.offer.decision is not None
    return decided or ctx.has("offer_accepted", "offer_declined")


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
        return Decision(
            "now",
            "tip",
            flags=("optional", *missing),
            changes=(ctx.interview.start,),
            message=False,  # before the interview it is a tip, not a message (Revision 3)
        )
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
    if ctx.now <= on_time:  # on time up to and including the deadline (Revision 3)
        return Decision(
            "now", "now", not_before=end, deadline=on_time, flags=optional, changes=(on_time,)
        )
    if ctx.now <= late_until:
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
    reply_by = reply_date(ctx)
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
    earliest = second_follow_up_earliest(ctx, sent[0].at)
    if reopened(ctx):
        # the company gave a new date: the last follow-up only after it (and its buffer)
        stated = reply_date(ctx)
        params = {"reply_by": stated, "days": ctx.days_since(sent[0].at)}
        earliest = max(earliest, follow_up_earliest(ctx))
        return _from(
            ctx,
            Decision("now", "now_reply_by", flags=flags, params=params),
            earliest,
            "wait_reply_by",
        )
    params = {"days": ctx.days_since(sent[0].at)}
    return _from(ctx, Decision("now", "now", flags=flags, params=params), earliest, "wait")


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
    if reopened(ctx) and len(sent) >= 2:
        # both follow-ups used: after the company's new date (and its buffer), move on
        params = {"reply_by": reply_date(ctx)}
        return _from(
            ctx,
            Decision("now", "now_reply_by", params=params),
            follow_up_earliest(ctx),
            "wait_reply_by",
        )
    # Without any follow-up: two weeks of silence after the interview or the stated date (or,
    # after a reply that gave a new date, after that date).
    suffix = "" if sent else ("_after_reply" if reopened(ctx) else "_silence")
    said: dict[str, object] = {
        "days": ctx.days_since(ctx.interview.start),
        "reply_by": reply_date(ctx),
    }
    return _from(
        ctx,
        Decision("now", f"now{suffix}", params=said),
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


def _due(ctx: Context, deadline: datetime) -> Decision:
    """A step due by `deadline`: on time up to and including its instant, `late` after it
    (Revision 3)."""
    late = ctx.now > deadline
    return Decision(
        "now",
        "late" if late else "now",
        deadline=deadline,
        flags=("late",) if late else (),
        changes=() if late else (deadline,),
    )


def thank_after_rejection(ctx: Context) -> Decision | None:
    if ctx.has("rejection_reply_sent"):
        return Decision("done", "done")
    return _due(ctx, rejection_reply_deadline(ctx))


# --- the offer: decide first, cancel after (Revision 3) ---------------------------------------
def _decision(ctx: Context) -> str | None:
    """The person's decision on the offer: recorded as sent, else as chosen on the page."""
    if ctx.has("offer_accepted"):
        return "accept"
    if ctx.has("offer_declined"):
        return "decline"
    offer = ctx.case.offer
    return offer.decision if offer is not None else None


def _offer_params(ctx: Context) -> dict[str, object]:
    offer = ctx.case.offer
    return {"answer_by": offer.answer_by if offer is not None else None}


def respond_to_offer(ctx: Context) -> Decision | None:
    """Thank them, ask for the offer in writing and confirm the date to answer by: due one
    business day after the offer came (its closing)."""
    if ctx.has("offer_reply_sent"):
        return Decision("done", "done")
    if _decision(ctx) is not None:
        return None  # the acceptance or the refusal answers the offer
    offer = ctx.case.offer
    if offer is None:
        return Decision("now", "now")
    return _due(ctx, ctx.business.closing_after(offer.received_at.date(), 1))


def negotiate_offer(ctx: Context) -> Decision | None:
    """Before deciding, salary and benefits may be discussed, politely and with reasons."""
    if _decision(ctx) is not None:
        return None
    return Decision("now", "now", flags=("optional",))


def accept_offer(ctx: Context) -> Decision | None:
    if ctx.has("offer_accepted"):
        return Decision("done", "done")
    if _decision(ctx) != "accept":
        return None
    return Decision("now", "now", flags=("sign_before_resigning",), params=_offer_params(ctx))


def decline_offer(ctx: Context) -> Decision | None:
    if ctx.has("offer_declined"):
        return Decision("done", "done")
    if _decision(ctx) != "decline":
        return None
    return Decision("now", "now")


def tell_other_companies(ctx: Context) -> list[Decision] | None:
    """While the offer is undecided: tell each company still interviewing you (one step per
    company), so its process can move sooner or you can withdraw in time."""
    if _decision(ctx) is not None:
        return None
    found = []
    for index, other in enumerate(ctx.case.other_interviews):
        if other.cancelled:
            continue
        params = {"company": other.company, "start": other.start, **_offer_params(ctx)}
        if other.told:  # (done stays done, also once its interview has passed)
            found.append(Decision("done", "done_offer", params=params, target=index))
            continue
        if other.start <= ctx.now:
            continue
        dated = "now_offer_by" if params["answer_by"] is not None else "now_offer"
        found.append(
            Decision(
                "now",
                dated,
                flags=("optional",),
                params=params,
                changes=(other.start,),  # when its interview has passed
                target=index,
            )
        )
    return found or None


def cancel_other_interviews(ctx: Context) -> list[Decision] | None:
    """Once the acceptance is sent: cancel each other interview, honestly and early (one step
    per company). Never before: a signed offer first, then the rest."""
    if not ctx.has("offer_accepted"):
        return None
    found = []
    for index, other in enumerate(ctx.case.other_interviews):
        params = {"company": other.company, "start": other.start}
        if other.cancelled:  # (done stays done, also once its interview has passed)
            found.append(Decision("done", "done", params=params, target=index))
        elif other.start > ctx.now:
            changes = (other.start,)
            found.append(Decision("now", "now", params=params, changes=changes, target=index))
    return found or None
