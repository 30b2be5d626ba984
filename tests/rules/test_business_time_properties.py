"""Business time in the rules as hypothesis properties (Revision 2 of etiquette-rules.md): one
recommendation never two opposites, deadlines and notice in business time, send windows, the
stated reply date and moving on without follow-ups, and every decision answering with one of
its catalogue row's reasons. Over the random cases of tests/rules/strategies.py and
invitations and cancel requests in the ten days before the interview; business days and hours
are recomputed from the `holidays` package.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from followup.i18n import format_moment
from followup.models import Case
from followup.rules import decide
from followup.rules.catalog import BY_ID
from tests.rules.strategies import (
    ANCHORS,
    PROPS,
    ZONES,
    business_days_after,
    closed,
    existing_times,
    in_business_hours,
    plan_or_skip,
    scenarios,
)

OPPOSITES = [
    ("accept_invitation", "decline_invitation"),
    ("cancel_interview", "reschedule_interview"),
    ("confirm_interview", "cancel_interview"),
    ("confirm_interview", "confirm_new_time"),
]
URGENT = {"cancel_interview", "reschedule_interview", "apologize_missed_interview"}


def next_opening(moment: datetime, case: Case) -> datetime:
    local = moment.astimezone(case.tz)
    day = local.date() if local.time() <= time(8) else local.date() + timedelta(days=1)
    while closed(day, case.country):
        day += timedelta(days=1)
    return datetime.combine(day, time(8), tzinfo=case.tz)


def business_hours(start: datetime, end: datetime, case: Case) -> timedelta:
    total = timedelta(0)
    day = start.astimezone(case.tz).date()
    while day <= end.astimezone(case.tz).date():
        if not closed(day, case.country):
            lo = max(start, datetime.combine(day, time(8), tzinfo=case.tz))
            hi = min(end, datetime.combine(day, time(17), tzinfo=case.tz))
            if hi > lo:
                total += hi.astimezone(UTC) - lo.astimezone(UTC)
        day += timedelta(days=1)
    return total


@st.composite
def before_the_interview(draw: st.DrawFn) -> tuple[Case, datetime]:
    """Invitations and cancel requests in the ten days before the interview, at any hour."""
    zone = draw(st.sampled_from(ZONES))
    country = "ID" if zone.startswith("Asia/") else draw(st.sampled_from(["ID", "US", "GB"]))
    start = draw(st.sampled_from(ANCHORS)) + timedelta(
        minutes=draw(st.integers(0, 60 * 24 * 40)) // 30 * 30
    )
    now = start - timedelta(
        days=draw(st.sampled_from(range(10))), minutes=draw(st.integers(1, 60 * 24))
    )
    stage = draw(st.sampled_from(["invited", "scheduled"]))
    data: dict[str, object] = {
        "timezone": zone,
        "country": country,
        "company": "PT Contoh",
        "position": "Staf",
        "stage": stage,
        "invited_at": (now - timedelta(minutes=draw(st.integers(0, 60 * 24 * 4)))).isoformat(),
        "interview": {"start": start.isoformat()},
        "contact": {"via_recruiter": draw(st.booleans()), "phone": "0812 3456 7890"},
        "decline_reason": draw(st.sampled_from([None, "not_interested", "accepted_other_offer"])),
    }
    if draw(st.booleans()):
        data["cancel"] = {
            "reason": draw(
                st.sampled_from(["illness", "schedule_conflict", "accepted_other_offer"])
            ),
            "still_interested": draw(st.booleans()),
            "proposed_slots": [(now + timedelta(days=d)).isoformat() for d in (20, 21)],
        }
    case = existing_times(data)
    return case, now.replace(tzinfo=case.tz)


CASES = st.one_of(scenarios(), before_the_interview())


# One recommendation, never two opposites ------------------------------------------------
@PROPS
@given(CASES)
def test_never_two_opposite_nows(scenario: tuple[Case, datetime]) -> None:
    case, now = scenario
    plan = plan_or_skip(case, now)
    for first, second in OPPOSITES:
        a, b = plan.get(first), plan.get(second)  # type: ignore[arg-type]
        assert not (a is not None and b is not None and a.status == b.status == "now")
    decline = plan.get("decline_invitation")
    accept = plan.get("accept_invitation")
    if decline is not None and decline.status == "now":
        assert case.decline_reason is not None
        assert accept is None or "optional" in accept.flags
    if case.cancel is not None and case.cancel.reason in ("accepted_other_offer", "not_interested"):
        assert plan.get("reschedule_interview") is None  # still_interested is ignored


# Deadlines land in business hours --------------------------------------------------------
@PROPS
@given(CASES)
def test_deadlines_land_in_business_hours(scenario: tuple[Case, datetime]) -> None:
    case, now = scenario
    plan = plan_or_skip(case, now)
    for action in ("accept_invitation", "decline_invitation", "thank_you"):
        rec = plan.get(action)  # type: ignore[arg-type]
        if rec is None or rec.deadline is None:
            continue
        if action == "thank_you" or case.interview is None:
            assert in_business_hours(rec.deadline, case, closing_included=True), rec
            continue
        # Revision 3: a reply is due before the interview, never after its start minus 2 h;
        # within business hours unless that cap (or an invitation that came later) decides
        cap = case.interview.start - timedelta(hours=2)
        assert case.invited_at is not None
        assert rec.deadline <= max(cap, case.invited_at), rec
        assert in_business_hours(rec.deadline, case, closing_included=True) or rec.deadline in (
            cap,
            case.invited_at,
        ), rec
    thank_you = plan.get("thank_you")
    if thank_you is not None and "late" in thank_you.flags:
        assert thank_you.deadline is not None
        local = thank_you.deadline.astimezone(case.tz)
        assert local.time() == time(17)


# Cancellation notice counts business hours -----------------------------------------------
@PROPS
@given(CASES)
def test_notice_counts_clock_hours_and_business_days(scenario: tuple[Case, datetime]) -> None:
    case, now = scenario
    plan = plan_or_skip(case, now)
    for action in ("cancel_interview", "reschedule_interview"):
        rec = plan.get(action)  # type: ignore[arg-type]
        if rec is None or rec.status != "now":
            continue
        assert case.interview is not None
        # Revision 3: short in clock hours or in business days (9 business hours a day)
        bh = business_hours(now, case.interview.start, case)
        clock = case.interview.start - now
        under_24 = clock < timedelta(hours=24) or bh < timedelta(hours=9)
        under_48 = not under_24 and (clock < timedelta(hours=48) or bh < timedelta(hours=18))
        assert ("notice_under_24h" in rec.flags) == under_24
        assert ("notice_under_48h" in rec.flags) == under_48
        # the words never claim "24/48 hours" the clock does not show
        if "kurang dari 24 jam" in rec.reason or "than 24 hours" in rec.reason:
            assert clock < timedelta(hours=24)
        if "kurang dari 48 jam" in rec.reason or "than 48 hours" in rec.reason:
            assert clock < timedelta(hours=48)


# Send windows ------------------------------------------------------------------------------
@PROPS
@given(CASES)
def test_calls_and_whatsapp_wait_for_business_hours(scenario: tuple[Case, datetime]) -> None:
    case, now = scenario
    plan = plan_or_skip(case, now)
    open_now = in_business_hours(now, case)
    for rec in plan.actions:
        if "outside_hours" in rec.flags:
            assert rec.status == "wait"
            assert rec.channel in ("whatsapp", "phone")
            assert not open_now
            assert rec.not_before == next_opening(now, case)
        if rec.status == "now" and rec.channel in ("whatsapp", "phone"):
            assert open_now or rec.action in URGENT
        calls_later = rec.status == "now" and "phone_first" in rec.flags and not open_now
        assert ("call_when_open" in rec.flags) == calls_later
        if calls_later:
            assert format_moment(next_opening(now, case), case.language) in rec.reason


# The stated reply date and moving on -------------------------------------------------------
def first_business_day(day: date, country: str) -> date:
    while closed(day, country):
        day += timedelta(days=1)
    return day


@PROPS
@given(CASES)
def test_follow_up_after_the_stated_date_and_move_on(scenario: tuple[Case, datetime]) -> None:
    case, now = scenario
    plan = plan_or_skip(case, now)
    follow_up, move_on = plan.get("follow_up"), plan.get("move_on")
    interview = case.current_round().interview
    assert interview is not None
    stated = None if case.reply_by is None else first_business_day(case.reply_by, case.country)
    if follow_up is not None and follow_up.status == "wait" and stated is not None:
        if "outside_hours" not in follow_up.flags:
            assert follow_up.not_before is not None
            expected = business_days_after(stated, 2, case.country)
            assert follow_up.not_before.astimezone(case.tz).date() == expected
    sent = case.current_round().events_of("follow_up_sent")
    if case.stage == "interviewed" and not sent:
        ended = any(e.at >= interview.end for e in case.events_of("reply_received"))
        assert (move_on is None) == ended
        if move_on is not None:
            assert move_on.not_before is not None
            base = stated or interview.start.date()
            expected = business_days_after(base, 10, case.country)
            assert move_on.not_before.astimezone(case.tz).date() == expected


# The catalogue: every decision answers with one of its row's reasons ----------------------
@PROPS
@given(CASES)
def test_decisions_use_their_rows_reasons(scenario: tuple[Case, datetime]) -> None:
    case, now = scenario
    plan_or_skip(case, now)  # skips cases that contradict the clock
    for step in decide(case, now).steps:
        row = BY_ID[step.action]
        assert step.decision.reason in row.reasons, (step.action, step.decision.reason)
        assert step.sources
