"""The eight invariants of etiquette-rules.md as hypothesis properties, plus `next_change`
and the rules of its Revision 2 (business time, send windows, one recommendation never two
opposites). Business days and hours are recomputed here from the `holidays` package, not
from `followup.business_days`.

Random cases (every stage, cancel requests, random event histories, several timezones and
countries, dates around Idul Fitri and Christmas) at a random `now`.
"""

from __future__ import annotations

import ast
import json
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from followup.errors import CaseError
from followup.models import Case, Plan
from followup.rules import evaluate

ZONES = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "Europe/London", "America/New_York"]
EVENT_TYPES = [
    "invitation_received",
    "invitation_accepted",
    "invitation_declined",
    "interview_confirmed",
    "interview_cancelled",
    "reschedule_requested",
    "reschedule_declined",
    "thank_you_sent",
    "follow_up_sent",
    "reply_received",
    "rejection_reply_sent",
    "linkedin_connected",
    "apology_sent",
    "reschedule_accepted",
    "lower_priority_told",
    "offer_reply_sent",
]
# Around the busiest holiday stretches of 2026 and 2027, and ordinary weeks.
ANCHORS = [
    datetime(2026, 3, 16),
    datetime(2026, 11, 16),
    datetime(2026, 12, 20),
    datetime(2027, 3, 5),
]

PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Case, datetime]:
    zone = draw(st.sampled_from(ZONES))
    country = "ID" if zone.startswith("Asia/") else draw(st.sampled_from(["ID", "US", "GB"]))
    anchor = draw(st.sampled_from(ANCHORS))
    minutes = st.integers(min_value=0, max_value=60 * 24 * 40)
    start = anchor + timedelta(minutes=draw(minutes) // 15 * 15)
    now = start + timedelta(
        minutes=draw(st.integers(min_value=-60 * 24 * 10, max_value=60 * 24 * 30))
    )
    stage = draw(st.sampled_from(["invited", "scheduled", "interviewed", "rejected", "offer"]))
    data: dict[str, Any] = {
        "timezone": zone,
        "country": country,
        "language": draw(st.sampled_from(["id", "en"])),
        "company": "PT Contoh",
        "position": "Staf",
        "stage": stage,
        "interview": {
            "start": iso(start),
            "duration_minutes": draw(st.integers(min_value=15, max_value=240)),
            "kind": draw(st.sampled_from(["screening", "formal", "panel", "final"])),
            "format": draw(st.sampled_from(["in_person", "video", "phone"])),
        },
        "contact": {
            "email": draw(st.sampled_from([None, "hr@contoh.co.id"])),
            "phone": draw(st.sampled_from([None, "0812 3456 7890"])),
            "via_recruiter": draw(st.booleans()),
        },
    }
    before_now = st.integers(min_value=1, max_value=60 * 24 * 30).map(
        lambda m: iso(now - timedelta(minutes=m))
    )
    if stage == "invited":
        data["invited_at"] = draw(before_now)
        data["decline_reason"] = draw(
            st.sampled_from([None, "not_interested", "accepted_other_offer"])
        )
    if stage == "rejected":
        data["rejected_at"] = draw(before_now)
    if draw(st.booleans()):
        data["reply_by"] = (start.date() + timedelta(days=draw(st.integers(0, 14)))).isoformat()
    if stage in ("invited", "scheduled") and draw(st.booleans()):
        data["cancel"] = {
            "reason": draw(
                st.sampled_from(
                    [
                        "illness",
                        "schedule_conflict",
                        "not_interested",
                        "unprepared",
                        "accepted_other_offer",
                    ]
                )
            ),
            "still_interested": draw(st.booleans()),
            "proposed_slots": [iso(now + timedelta(days=d)) for d in (20, 21)],
        }
    data["other_interviews"] = [
        {"company": "PT Lain", "start": iso(start + timedelta(hours=h))}
        for h in draw(st.lists(st.integers(-48, 48), max_size=2))
    ]
    data["events"] = [
        {"type": kind, "at": at}
        for kind, at in draw(
            st.lists(st.tuples(st.sampled_from(EVENT_TYPES), before_now), max_size=6)
        )
    ]
    case = Case.model_validate_json(json.dumps(data))
    return case, now.replace(tzinfo=ZoneInfo(zone))


def plan_or_skip(case: Case, now: datetime, lang: str | None = None) -> Plan:
    try:
        return evaluate(case, now, lang=lang)
    except CaseError:
        assume(False)
        raise  # unreachable: assume(False) stops the example


def statuses(plan: Plan) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {r.action: (r.status, tuple(r.flags)) for r in plan.actions}


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
@lru_cache(maxsize=64)
def _holidays(country: str, year: int) -> frozenset[date]:
    categories = ("public", "government") if country == "ID" else ("public",)
    return frozenset(holidays.country_holidays(country, years=year, categories=categories))


def closed(day: date, country: str) -> bool:
    return day.weekday() >= 5 or day in _holidays(country, day.year)


def in_business_hours(moment: datetime, case: Case, closing_included: bool = False) -> bool:
    """08:00-17:00 local on a business day (a deadline may fall on 17:00 itself)."""
    local = moment.astimezone(case.tz)
    end_ok = local.time() <= time(17) if closing_included else local.time() < time(17)
    return not closed(local.date(), case.country) and time(8) <= local.time() and end_ok


def business_days_after(day: date, n: int, country: str) -> date:
    while n > 0:
        day += timedelta(days=1)
        n -= not closed(day, country)
    return day


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
            after = later.get(rec.action)
            assert after is not None
            assert after.status == "done"


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
