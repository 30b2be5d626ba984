"""The eight invariants of etiquette-rules.md as hypothesis properties, and `next_change`:
nothing changes before it, something changes right at (or just after) it. Over the random
cases of tests/rules/strategies.py."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from followup.models import Case, Plan
from tests.rules.strategies import PROPS, business_days_after, closed, plan_or_skip, scenarios


def statuses(plan: Plan) -> dict[tuple[str, int | None], tuple[str, tuple[str, ...]]]:
    """Each step's status and flags (a step aimed at another interview: one per target)."""
    return {(r.action, r.target): (r.status, tuple(r.flags)) for r in plan.actions}


# 1. purity -------------------------------------------------------------------------------
@PROPS
@given(scenarios())
def test_1_evaluate_is_pure(scenario: tuple[Case, datetime]) -> None:
    case, now = scenario
    before = case.model_dump_json()
    first = plan_or_skip(case, now).model_dump_json()
    assert plan_or_skip(case, now).model_dump_json() == first
    assert case.model_dump_json() == before  # the case is not changed


def test_1_rules_read_no_clock_disk_or_network() -> None:
    forbidden_calls = {"now", "today", "utcnow", "time", "open", "urlopen"}
    forbidden_modules = {"streamlit", "duckdb", "openai", "requests", "socket", "os", "time"}
    for path in Path("followup/rules").glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert node.func.attr not in forbidden_calls, (path, node.func.attr)
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [node.module] if isinstance(node, ast.ImportFrom) else []
                names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
                for name in names:
                    assert (name or "").split(".")[0] not in forbidden_modules, (path, name)


# 2. never more than two follow-ups now; a third is always avoid --------------------------
@PROPS
@given(scenarios())
def test_2_follow_up_limit(scenario: tuple[Case, datetime]) -> None:
    case, now = scenario
    plan = plan_or_skip(case, now)
    active = [r for r in plan.actions if r.action in ("follow_up", "second_follow_up")]
    assert sum(r.status == "now" for r in active) <= 2
    third = plan.get("third_follow_up")
    if third is not None:
        assert third.status == "avoid"
    sent = sum(e.type == "follow_up_sent" for e in case.events)
    if sent >= 2 and plan.get("follow_up") is not None:
        assert third is not None


# 3. follow-ups never early; not_before on a business day at its opening -----------------
@PROPS
@given(scenarios())
def test_3_follow_ups_not_early_and_on_business_days(scenario: tuple[Case, datetime]) -> None:
    case, now = scenario
    plan = plan_or_skip(case, now)
    for rec in plan.actions:
        if rec.action not in ("follow_up", "second_follow_up", "move_on"):
            continue
        if rec.action == "move_on" and case.stage == "rejected":
            assert rec.not_before is None  # moving on after a rejection has no waiting time
            continue
        if rec.status in ("now", "wait"):
            assert rec.not_before is not None
            assert (rec.status == "now") == (now >= rec.not_before)
            local = rec.not_before.astimezone(case.tz)
            # its earliest time at 09:00, or (a WhatsApp outside hours) the 08:00 opening
            opening = 8 if "outside_hours" in rec.flags else 9
            assert (local.hour, local.minute) == (opening, 0)
            assert not closed(local.date(), case.country)


# 4. no LinkedIn request during the process ----------------------------------------------
@PROPS
@given(scenarios())
def test_4_linkedin_never_now_during_the_process(scenario: tuple[Case, datetime]) -> None:
    case, now = scenario
    rec = plan_or_skip(case, now).get("linkedin_connect")
    if case.stage in ("invited", "scheduled", "interviewed") and rec is not None:
        assert rec.status != "now"


# 5. thank-you only between the end and the 3rd business day's closing (Revision 2) -------
@PROPS
@given(scenarios())
def test_5_thank_you_window(scenario: tuple[Case, datetime]) -> None:
    case, now = scenario
    rec = plan_or_skip(case, now).get("thank_you")
    assert case.interview is not None
    end = case.interview.end
    if rec is not None and rec.status == "now":
        last = business_days_after(end.astimezone(case.tz).date(), 3, case.country)
        assert end <= now < datetime.combine(last, time(17), tzinfo=case.tz)


# 6. no cancellation after the start; the missed-interview apology exactly then ----------
@PROPS
@given(scenarios())
def test_6_cancellation_before_start_apology_after(scenario: tuple[Case, datetime]) -> None:
    case, now = scenario
    plan = plan_or_skip(case, now)
    assert case.interview is not None
    started = now.astimezone(UTC) >= case.interview.start.astimezone(UTC)
    for action in ("cancel_interview", "reschedule_interview"):
        rec = plan.get(action)  # type: ignore[arg-type]
        if rec is not None and rec.status == "now":
            assert not started
    apology = plan.get("apologize_missed_interview")
    acted = any(e.type in ("interview_cancelled", "reschedule_requested") for e in case.events)
    if case.cancel is not None and not acted:
        assert (apology is not None) == started
    if apology is not None:
        assert started


# 7. moving now forward never undoes a done ----------------------------------------------
@PROPS
@given(scenarios(), st.integers(min_value=0, max_value=60 * 24 * 60))
def test_7_done_stays_done(scenario: tuple[Case, datetime], minutes: int) -> None:
    case, now = scenario
    earlier = plan_or_skip(case, now)
    later = plan_or_skip(case, now.astimezone(UTC) + timedelta(minutes=minutes))
    for rec in earlier.actions:
        if rec.status == "done":
            after = statuses(later).get((rec.action, rec.target))
            assert after is not None
            assert after[0] == "done"


# 8. every recommendation has a reason in the user's language and a source ---------------
@PROPS
@given(scenarios())
def test_8_reason_and_source(scenario: tuple[Case, datetime]) -> None:
    case, now = scenario
    indonesian = plan_or_skip(case, now, lang="id")
    english = plan_or_skip(case, now, lang="en")
    for rec_id, rec_en in zip(indonesian.actions, english.actions, strict=True):
        assert rec_id.action == rec_en.action
        assert rec_id.reason.strip()
        assert rec_en.reason.strip()
        assert rec_id.reason != rec_en.reason
        assert rec_id.sources


# next_change: nothing changes before it, something changes right at (or just after) it --
@PROPS
@given(scenarios(), st.floats(min_value=0.001, max_value=0.999))
def test_next_change_is_the_next_change(scenario: tuple[Case, datetime], frac: float) -> None:
    case, now = scenario
    plan = plan_or_skip(case, now)
    if plan.next_change is None:
        later = plan_or_skip(case, now + timedelta(days=90))
        assert statuses(later) == statuses(plan)
        return
    start = now.astimezone(UTC)  # elapsed-time arithmetic (the zone may change its offset)
    gap = plan.next_change.astimezone(UTC) - start
    assert gap > timedelta(0)
    between = plan_or_skip(case, start + gap * frac)
    assert statuses(between) == statuses(plan)
    just_after = plan_or_skip(case, start + gap + timedelta(seconds=1))
    assert statuses(just_after) != statuses(plan)


# Revision 3 ------------------------------------------------------------------------------
@PROPS
@given(scenarios())
def test_no_step_waits_without_a_start(scenario: tuple[Case, datetime]) -> None:
    case, now = scenario
    for rec in plan_or_skip(case, now).actions:
        if rec.status == "wait":
            assert rec.not_before is not None, rec


@PROPS
@given(scenarios())
def test_nothing_is_cancelled_before_an_offer_is_accepted(scenario: tuple[Case, datetime]) -> None:
    case, now = scenario
    plan = plan_or_skip(case, now)
    if any(rec.action == "cancel_other_interviews" for rec in plan.actions):
        assert any(e.type == "offer_accepted" for e in case.events)


@PROPS
@given(scenarios())
def test_a_reply_is_due_before_the_interview(scenario: tuple[Case, datetime]) -> None:
    case, now = scenario
    for action in ("accept_invitation", "decline_invitation"):
        rec = plan_or_skip(case, now).get(action)  # type: ignore[arg-type]
        if rec is None or rec.deadline is None or case.interview is None:
            continue
        assert case.invited_at is not None
        cap = case.interview.start - timedelta(hours=2)
        assert rec.deadline <= max(cap, case.invited_at)
        assert rec.status != "now" or now < case.interview.start  # expired once it began


@PROPS
@given(scenarios())
def test_one_step_per_other_company(scenario: tuple[Case, datetime]) -> None:
    case, now = scenario
    plan = plan_or_skip(case, now)
    for action in ("tell_lower_priority", "cancel_other_interviews"):
        aimed = [rec for rec in plan.actions if rec.action == action]
        if case.stage == "offer":
            assert all(rec.target is not None for rec in aimed)
        targets = [rec.target for rec in aimed]
        assert len(targets) == len(set(targets))
        for rec in aimed:
            if rec.target is not None and rec.status == "now":
                assert case.other_interviews[rec.target].start > now
