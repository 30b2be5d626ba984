"""`decide` runs the catalogue rows of the case's situation and applies business time to
their decisions; `evaluate` puts those decisions into words as the `Plan` of the contract.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from followup.errors import CaseError
from followup.i18n import language
from followup.models import EARLIEST, LATEST, Case, Channel, Plan, Stage
from followup.policy import DEFAULT_POLICY, Policy
from followup.rules.cancel import check_times
from followup.rules.catalog import Action, rows_for
from followup.rules.core import STATUS_RANK, Context, Decision, Situation, Step
from followup.rules.words import recommendation


@dataclass(frozen=True)
class Decisions:
    """Every step of a plan, most urgent first, before any words."""

    now: datetime
    stage: Stage
    steps: list[Step]
    next_change: datetime | None


def situations(ctx: Context) -> tuple[Situation, ...]:
    """What the person is dealing with. A scheduled interview that has begun also has what
    follows it (the thank-you waits for its end), so a returning user sees the next step."""
    case = ctx.case
    if case.cancel is not None:
        return ("cancel",)
    if case.stage == "scheduled" and not ctx.upcoming():
        return ("scheduled", "interviewed")
    return (case.stage,)


def channel_of(row: Action, case: Case) -> Channel | None:
    """The row's channel; WhatsApp when only the contact's phone is known (an e-mail cannot
    be sent without an address) and the action has a WhatsApp message."""
    if row.id in ("accept_invitation", "decline_invitation") and case.invited_via in row.channels:
        return case.invited_via  # the reply goes on the channel the invitation came by
    contact = case.contact
    if (
        row.via == "email"
        and "whatsapp" in row.channels
        and contact is not None
        and contact.phone
        and not contact.email
    ):
        return "whatsapp"
    return row.via


def in_business_time(
    ctx: Context, row: Action, decision: Decision, channel: str | None
) -> Decision:
    """Revision 2's send windows, for a step to do now: a call waits for business hours
    (`call_when_open`: write now, call when the office opens); a WhatsApp message or a call
    that is the step itself waits for the next opening (`outside_hours`), unless it is urgent."""
    if decision.status != "now":
        return decision
    calls = "phone_first" in decision.flags
    chats = channel in ("whatsapp", "phone") and not row.urgent
    if not (calls or chats):
        return decision
    open_now, turn = ctx.office
    if open_now:
        return replace(decision, changes=(*decision.changes, turn))
    if chats:  # the message itself waits for the opening (a call with it: then too)
        return replace(
            decision,
            status="wait",
            not_before=turn,
            flags=(*decision.flags, "outside_hours"),
            params={**decision.params, "send_at": turn},
            changes=(*decision.changes, turn),
        )
    return replace(  # write now, call when the office opens
        decision,
        flags=(*decision.flags, "call_when_open"),
        params={**decision.params, "call_at": turn},
        changes=(*decision.changes, turn),
    )


def with_closures(ctx: Context, decision: Decision) -> Decision:
    """A step whose time lies beyond a closure on a weekday (a holiday, joint leave) says so in
    its reason (Revision 3: "the offices are closed for Nyepi and Idul Fitri, 18-24 March")."""
    if decision.status not in ("now", "wait"):
        return decision
    moment = decision.not_before if decision.status == "wait" else decision.deadline
    reads_at = decision.params.get("reads_at")
    if isinstance(reads_at, datetime):
        moment = reads_at
    if moment is None or moment <= ctx.now:
        return decision
    day = ctx.local_date() + timedelta(days=1)
    last = moment.astimezone(ctx.case.tz).date()
    closed: list[date] = []
    while day <= last and len(closed) < 31:  # (a month of closures is more than enough said)
        if day.weekday() < 5 and not ctx.business.is_business_day(day):
            closed.append(day)
        day += timedelta(days=1)
    if not closed:
        return decision
    return replace(
        decision, params={**decision.params, "closed": tuple(closed), "country": ctx.case.country}
    )


def send_time(case: Case, channel: str, now: datetime, policy: Policy = DEFAULT_POLICY) -> datetime:
    """When a message on `channel` is best sent (a draft greets for that hour): now for an
    e-mail (it may be written any time) or inside business hours; else the next opening."""
    now = now.replace(tzinfo=case.tz) if now.tzinfo is None else now.astimezone(case.tz)
    if channel not in ("whatsapp", "phone"):
        return now
    opening = Context(case, now.astimezone(UTC), policy).business.send_window(now)
    return now if opening is None else opening


def decide(case: Case, now: datetime, policy: Policy = DEFAULT_POLICY) -> Decisions:
    """The decisions for `case` at `now`, most urgent first, without words.

    Raises `CaseError` when the case contradicts `now` (a recorded event in the future, or
    reschedule slots that are too few or too soon). A naive `now` is read in the case's zone.
    """
    if not EARLIEST <= now.date() < LATEST:
        raise CaseError("date_out_of_range", "now")
    now = now.replace(tzinfo=case.tz) if now.tzinfo is None else now.astimezone(case.tz)
    # Rules compare `now` (in UTC) with times in the case's zone: Python then compares instants,
    # not wall-clock readings, which matters around a daylight-saving change.
    check_times(case, now.astimezone(UTC))
    ctx = Context(case.current_round(), now.astimezone(UTC), policy)
    steps = []
    for row in rows_for(situations(ctx)):
        decided = row.decide(ctx)
        if decided is None:
            continue
        channel = channel_of(row, ctx.case)
        for decision in decided if isinstance(decided, list) else [decided]:
            decision = in_business_time(ctx, row, decision, channel)
            decision = with_closures(ctx, decision)
            steps.append(Step(row.id, decision, channel, decision.sources or row.sources))

    def urgency(item: tuple[int, Step]) -> tuple[int, bool, float, int]:
        index, step = item
        moment = step.decision.deadline or step.decision.not_before
        return (
            STATUS_RANK[step.decision.status],
            moment is None,
            (moment or now).timestamp(),
            index,
        )

    ordered = [step for _, step in sorted(enumerate(steps), key=urgency)]
    future = [t for step in steps for t in step.decision.changes if t > now]
    return Decisions(now, case.stage, ordered, min(future) if future else None)


def evaluate(
    case: Case, now: datetime, policy: Policy = DEFAULT_POLICY, lang: str | None = None
) -> Plan:
    """The plan for `case` at `now`: every action that applies, its status, timing and reason
    in the user's language (see `decide`)."""
    lang = language(lang or case.language)
    decisions = decide(case, now, policy)
    return Plan.model_construct(
        now=decisions.now,
        stage=decisions.stage,
        actions=[recommendation(step, lang) for step in decisions.steps],
        next_change=decisions.next_change,
    )
