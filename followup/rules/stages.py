"""The rules of each stage, one small function per action, in the order of
`etiquette-rules.md`. Each returns an `Outcome`, or None when the action does not apply.
Time windows are half-open: a deadline is the first instant at which something changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime

from followup.models import Flag, SourceId, shift
from followup.rules.cancel import CANCEL_RULES
from followup.rules.core import Context, Outcome, Rule

# --- invited -------------------------------------------------------------------------------


def accept_invitation(ctx: Context) -> Outcome | None:
    sources: tuple[SourceId, ...] = ("jangan-menolak", "membatalkan-wawancara")
    if ctx.has("invitation_accepted"):
        return Outcome("accept_invitation", "done", "accept_invitation.done", sources)
    if ctx.has("invitation_declined"):
        return None
    deadline = shift(ctx.invited_at, ctx.policy.invitation_reply_within)
    late = ctx.now >= deadline
    flags: tuple[Flag, ...] = ("late",) if late else ()
    return Outcome(
        "accept_invitation",
        "now",
        "accept_invitation.late" if late else "accept_invitation.now",
        sources,
        deadline=deadline,
        flags=flags + ctx.same_day_conflict(),
        changes=(deadline,),
    )


def decline_invitation(ctx: Context) -> Outcome | None:
    sources: tuple[SourceId, ...] = ("jangan-menolak",)
    if ctx.has("invitation_declined"):
        return Outcome("decline_invitation", "done", "decline_invitation.done", sources)
    if ctx.has("invitation_accepted"):
        return None
    if ctx.case.decline_reason is None:
        return Outcome("decline_invitation", "avoid", "decline_invitation.avoid", sources)
    deadline = shift(ctx.invited_at, ctx.policy.invitation_reply_within)
    late = ctx.now >= deadline
    return Outcome(
        "decline_invitation",
        "now",
        "decline_invitation.late" if late else "decline_invitation.now",
        sources,
        deadline=deadline,
        flags=("late",) if late else (),
        changes=(deadline,),
    )


# --- scheduled -----------------------------------------------------------------------------


def confirm_interview(ctx: Context) -> Outcome | None:
    sources: tuple[SourceId, ...] = ("membatalkan-wawancara",)
    start = ctx.interview.start
    params = {"start": start}
    # At the start, what follows the interview begins to apply (see `_scheduled`).
    upcoming = (start,) if ctx.now < start else ()
    if ctx.has("interview_confirmed"):
        return Outcome(
            "confirm_interview", "done", "confirm_interview.done", sources, changes=upcoming
        )
    if not upcoming:
        return Outcome(
            "confirm_interview", "expired", "confirm_interview.expired", sources, params=params
        )
    return Outcome(
        "confirm_interview",
        "now",
        "confirm_interview.now",
        sources,
        flags=ctx.same_day_conflict(),
        params=params,
        changes=upcoming,
    )


def linkedin_avoid(ctx: Context) -> Outcome | None:
    return Outcome(
        "linkedin_connect", "avoid", "linkedin_connect.avoid", ("kalibrr-dos-donts",), channel=None
    )


def linkedin_after_process(ctx: Context) -> Outcome | None:
    sources: tuple[SourceId, ...] = ("membatalkan-wawancara",)
    if ctx.has("linkedin_connected"):
        return Outcome("linkedin_connect", "done", "linkedin_connect.done", sources, channel=None)
    return Outcome(
        "linkedin_connect",
        "now",
        "linkedin_connect.now",
        sources,
        channel=None,
        flags=("optional",),
    )


# --- interviewed ---------------------------------------------------------------------------


def collect_contact(ctx: Context) -> Outcome | None:
    sources: tuple[SourceId, ...] = ("kalibrr-dos-donts",)
    contact = ctx.case.contact
    if contact is not None and contact.email:
        return Outcome("collect_contact", "done", "collect_contact.done", sources)
    return Outcome(
        "collect_contact",
        "now",
        "collect_contact.now",
        sources,
        flags=("missing_contact_email",),
    )


def thank_you(ctx: Context) -> Outcome | None:
    sources: tuple[SourceId, ...] = ("email-terima-kasih", "kapan-follow-up")
    interview = ctx.interview
    optional: tuple[Flag, ...] = ("optional",) if interview.kind == "screening" else ()
    if ctx.has("thank_you_sent"):
        return Outcome("thank_you", "done", "thank_you.done", sources, flags=optional)
    end = interview.end
    on_time = shift(end, ctx.policy.thank_you_deadline)
    late_until = shift(end, ctx.policy.thank_you_late_until)
    if ctx.now < end:
        return Outcome(
            "thank_you",
            "wait",
            "thank_you.wait",
            sources,
            not_before=end,
            deadline=on_time,
            flags=optional,
            changes=(end,),
        )
    if ctx.now < on_time:
        return Outcome(
            "thank_you",
            "now",
            "thank_you.now",
            sources,
            not_before=end,
            deadline=on_time,
            flags=optional,
            changes=(on_time,),
        )
    if ctx.now < late_until:
        return Outcome(
            "thank_you",
            "now",
            "thank_you.late",
            sources,
            not_before=end,
            deadline=late_until,
            flags=("late", *optional),
            changes=(late_until,),
        )
    return Outcome("thank_you", "expired", "thank_you.expired", sources, flags=optional)


def _from(ctx: Context, allowed: Outcome, earliest: datetime, wait_reason: str) -> Outcome:
    """`allowed` from `earliest` on; before it, the same action waits with `wait_reason`."""
    if ctx.now < earliest:
        return replace(
            allowed, status="wait", reason=wait_reason, not_before=earliest, changes=(earliest,)
        )
    return replace(allowed, not_before=earliest)


def _chain_ended(ctx: Context) -> bool:
    """A reply after the interview ends the follow-up chain: the reply tells the next step."""
    interview = ctx.interview
    return any(e.at >= interview.end for e in ctx.events("reply_received"))


def follow_up(ctx: Context) -> Outcome | None:
    sources: tuple[SourceId, ...] = ("kapan-follow-up",)
    if ctx.case.reply_by is not None:  # "only after the company's stated period"
        sources = ("kapan-follow-up", "kalibrr-dos-donts")
    if _chain_ended(ctx):
        return None
    if ctx.has("follow_up_sent"):
        return Outcome("follow_up", "done", "follow_up.done", sources)
    interview = ctx.interview
    reply_by = ctx.case.reply_by
    if reply_by is not None:
        earliest = ctx.bd(reply_by, ctx.policy.follow_up_after_reply_by_bd)
    else:
        earliest = ctx.bd(interview.start.date(), ctx.policy.follow_up_wait_bd)
    suffix = "_reply_by" if reply_by is not None else ""
    params = {"reply_by": reply_by}
    return _from(
        ctx,
        Outcome("follow_up", "now", f"follow_up.now{suffix}", sources, params=params),
        earliest,
        f"follow_up.wait{suffix}",
    )


def second_follow_up(ctx: Context) -> Outcome | None:
    sources: tuple[SourceId, ...] = ("kalibrr-dos-donts", "kapan-follow-up")
    sent = ctx.events("follow_up_sent")
    if _chain_ended(ctx) or not sent:
        return None
    if ctx.policy.max_follow_ups < 2:
        return Outcome("second_follow_up", "avoid", "second_follow_up.avoid", sources)
    flags: tuple[Flag, ...] = ("optional", "last_follow_up")
    if len(sent) >= 2:
        return Outcome("second_follow_up", "done", "second_follow_up.done", sources, flags=flags)
    earliest = ctx.bd(sent[0].at.date(), ctx.policy.second_follow_up_wait_bd)
    return _from(
        ctx,
        Outcome("second_follow_up", "now", "second_follow_up.now", sources, flags=flags),
        earliest,
        "second_follow_up.wait",
    )


def third_follow_up(ctx: Context) -> Outcome | None:
    if _chain_ended(ctx) or len(ctx.events("follow_up_sent")) < 2:
        return None
    sources: tuple[SourceId, ...] = ("kalibrr-dos-donts", "kapan-follow-up")
    return Outcome("third_follow_up", "avoid", "third_follow_up.avoid", sources)


def call_for_result(ctx: Context) -> Outcome | None:
    return Outcome(
        "call_for_result",
        "avoid",
        "call_for_result.avoid",
        ("kalibrr-dos-donts",),
        channel="phone",
    )


def move_on_after_silence(ctx: Context) -> Outcome | None:
    sources: tuple[SourceId, ...] = ("kapan-follow-up", "kalibrr-dos-donts")
    sent = ctx.events("follow_up_sent")
    if _chain_ended(ctx) or not sent:
        return None
    earliest = ctx.bd(sent[0].at.date(), ctx.policy.move_on_after_first_bd)
    if len(sent) >= 2:
        earliest = max(earliest, ctx.bd(sent[1].at.date(), ctx.policy.move_on_after_second_bd))
    return _from(
        ctx,
        Outcome("move_on", "now", "move_on.now", sources, channel=None),
        earliest,
        "move_on.wait",
    )


INTERVIEWED_RULES: tuple[Rule, ...] = (
    collect_contact,
    thank_you,
    follow_up,
    second_follow_up,
    third_follow_up,
    call_for_result,
    move_on_after_silence,
)


# --- rejected and offer --------------------------------------------------------------------


def thank_after_rejection(ctx: Context) -> Outcome | None:
    sources: tuple[SourceId, ...] = ("kalibrr-dos-donts", "kapan-follow-up")
    if ctx.has("rejection_reply_sent"):
        return Outcome("thank_after_rejection", "done", "thank_after_rejection.done", sources)
    deadline = ctx.bd(ctx.rejected_at.date(), ctx.policy.rejection_reply_within_bd)
    late = ctx.now >= deadline
    return Outcome(
        "thank_after_rejection",
        "now",
        "thank_after_rejection.late" if late else "thank_after_rejection.now",
        sources,
        deadline=deadline,
        flags=("late",) if late else (),
        changes=() if late else (deadline,),
    )


def move_on_after_rejection(ctx: Context) -> Outcome | None:
    sources: tuple[SourceId, ...] = ("kalibrr-dos-donts", "kapan-follow-up")
    return Outcome("move_on", "now", "move_on.now_rejected", sources, channel=None)


def cancel_other_interviews(ctx: Context) -> Outcome | None:
    upcoming = [o for o in ctx.case.other_interviews if o.start > ctx.now]
    if not upcoming:
        return None
    return Outcome(
        "cancel_other_interviews",
        "now",
        "cancel_other_interviews.now",
        ("membatalkan-wawancara",),
        flags=("optional",),
        params={"companies": [o.company for o in upcoming]},
        changes=(max(o.start for o in upcoming),),  # when the last one has passed
    )


# --- the table -----------------------------------------------------------------------------


def _scheduled(ctx: Context) -> Iterable[Outcome | None]:
    if ctx.case.cancel is not None:
        yield from (rule(ctx) for rule in CANCEL_RULES)
        yield linkedin_avoid(ctx)
        return
    yield confirm_interview(ctx)
    yield linkedin_avoid(ctx)
    interview = ctx.interview
    # Once the interview has begun, what follows it applies (the thank-you waits for its end).
    if ctx.now >= interview.start:
        yield from (rule(ctx) for rule in INTERVIEWED_RULES)


def _invited(ctx: Context) -> Iterable[Outcome | None]:
    if ctx.case.cancel is not None:
        yield from (rule(ctx) for rule in CANCEL_RULES)
        return
    yield accept_invitation(ctx)
    yield decline_invitation(ctx)


def _interviewed(ctx: Context) -> Iterable[Outcome | None]:
    yield from (rule(ctx) for rule in INTERVIEWED_RULES)
    yield linkedin_avoid(ctx)


def _rejected(ctx: Context) -> Iterable[Outcome | None]:
    yield thank_after_rejection(ctx)
    yield linkedin_after_process(ctx)
    yield move_on_after_rejection(ctx)


def _offer(ctx: Context) -> Iterable[Outcome | None]:
    yield linkedin_after_process(ctx)
    yield cancel_other_interviews(ctx)


STAGE_RULES: dict[str, Callable[[Context], Iterable[Outcome | None]]] = {
    "invited": _invited,
    "scheduled": _scheduled,
    "interviewed": _interviewed,
    "rejected": _rejected,
    "offer": _offer,
}
