"""Revision 2 of etiquette-rules.md, rule by rule: boundary tables (just before, at, just
after each limit) on weekend and holiday edges, after-hours windows and the new actions.

Calendar: Fri 2026-11-20, Mon 2026-11-23; Christmas 2026: Thu 24 Dec is cuti bersama, Fri 25
Dec Christmas. Asia/Jakarta; business hours 08:00-17:00.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench.cases import at
from followup.i18n import catalog
from followup.models import ActionId, Plan, SourceId
from followup.policy import DEFAULT_POLICY, Policy, describe
from followup.rules import evaluate, send_time
from followup.rules.catalog import ACTIONS, EVENT_OF, NO_MESSAGE, channels, reason_keys
from tests.conftest import events, make_case


def state(plan: Plan, action: str) -> tuple[str, list[str]] | None:
    rec = plan.get(action)  # type: ignore[arg-type]
    return None if rec is None else (rec.status, list(rec.flags))


def plan_at(now: str, **changes: Any) -> Plan:
    return evaluate(make_case(**changes), at(now))


def invited(when: str, **more: Any) -> dict[str, Any]:
    return {"stage": "invited", "invited_at": when, "interview": None, **more}


# --- deadlines land in business hours: the invitation ----------------------------------------
@pytest.mark.parametrize(
    ("invited_at", "now", "expected", "deadline"),
    [
        # Fri 19:00 + 24 h = Sat 19:00 -> Mon 17:00 (answered Mon 10:00: on time)
        ("2026-11-20T19:00", "2026-11-23T10:00", ("now", []), "2026-11-23T17:00"),
        ("2026-11-20T19:00", "2026-11-23T16:59:59", ("now", []), "2026-11-23T17:00"),
        ("2026-11-20T19:00", "2026-11-23T17:00", ("now", ["late"]), "2026-11-23T17:00"),
        # Mon 16:59 + 24 h = Tue 16:59: in hours, unchanged
        ("2026-11-23T16:59", "2026-11-24T16:58:59", ("now", []), "2026-11-24T16:59"),
        # Mon 17:00 + 24 h = Tue 17:00: the closing itself is still in the day
        ("2026-11-23T17:00", "2026-11-24T16:59:59", ("now", []), "2026-11-24T17:00"),
        # Mon 17:30 + 24 h = Tue 17:30 -> Wed 17:00
        ("2026-11-23T17:30", "2026-11-25T16:59:59", ("now", []), "2026-11-25T17:00"),
        # Tue 07:00 + 24 h = Wed 07:00, before opening -> Wed 17:00
        ("2026-11-24T07:00", "2026-11-25T12:00", ("now", []), "2026-11-25T17:00"),
        # Wed 23 Dec 10:00 + 24 h = Thu 24 Dec (cuti bersama) -> Mon 28 Dec 17:00
        ("2026-12-23T10:00", "2026-12-28T16:59:59", ("now", []), "2026-12-28T17:00"),
        ("2026-12-23T10:00", "2026-12-28T17:00", ("now", ["late"]), "2026-12-28T17:00"),
    ],
)
def test_invitation_deadline(invited_at: str, now: str, expected: Any, deadline: str) -> None:
    plan = plan_at(now, **invited(invited_at))
    assert state(plan, "accept_invitation") == expected
    rec = plan.get("accept_invitation")
    assert rec is not None
    assert rec.deadline == at(deadline)


# --- deadlines land in business hours: the thank-you ----------------------------------------
@pytest.mark.parametrize(
    ("start", "now", "expected", "deadline"),
    [
        # ends Fri 17:30: on time until Mon 17:00, late until Wed 17:00
        ("2026-11-20T16:30", "2026-11-23T16:59:59", ("now", []), "2026-11-23T17:00"),
        ("2026-11-20T16:30", "2026-11-23T17:00", ("now", ["late"]), "2026-11-25T17:00"),
        ("2026-11-20T16:30", "2026-11-25T16:59:59", ("now", ["late"]), "2026-11-25T17:00"),
        ("2026-11-20T16:30", "2026-11-25T17:00", ("expired", []), None),
        # ends Wed 20:30: on time until Fri 17:00; late until Mon 17:00 (Thu, Fri, Mon)
        ("2026-11-18T19:30", "2026-11-20T16:59:59", ("now", []), "2026-11-20T17:00"),
        ("2026-11-18T19:30", "2026-11-20T17:00", ("now", ["late"]), "2026-11-23T17:00"),
        # Mon 10:00-11:00: Tue 11:00, unchanged
        ("2026-11-23T10:00", "2026-11-24T10:59:59", ("now", []), "2026-11-24T11:00"),
        ("2026-11-23T10:00", "2026-11-24T11:00", ("now", ["late"]), "2026-11-26T17:00"),
        # Tue 22 Dec: late until Tue 29 Dec 17:00 (skips cuti bersama, Christmas, weekend)
        ("2026-12-22T10:00", "2026-12-23T11:00", ("now", ["late"]), "2026-12-29T17:00"),
        ("2026-12-22T10:00", "2026-12-29T17:00", ("expired", []), None),
    ],
)
def test_thank_you_deadline(start: str, now: str, expected: Any, deadline: str | None) -> None:
    plan = plan_at(now, interview={"start": start})
    assert state(plan, "thank_you") == expected
    rec = plan.get("thank_you")
    assert rec is not None
    assert rec.deadline == (at(deadline) if deadline else None)


# --- one recommendation, never two opposites --------------------------------------------------
@pytest.mark.parametrize(
    ("decline_reason", "accept", "decline"),
    [
        (None, ("now", []), ("avoid", [])),
        ("not_interested", ("wait", ["optional"]), ("now", [])),  # the nudge stays visible
        ("accepted_other_offer", None, ("now", [])),
    ],
)
def test_invited_with_a_decline_reason(
    decline_reason: str | None, accept: Any, decline: Any
) -> None:
    plan = plan_at("2026-11-23T10:00", **invited("2026-11-23T09:00", decline_reason=decline_reason))
    assert state(plan, "accept_invitation") == accept
    assert state(plan, "decline_invitation") == decline


@pytest.mark.parametrize(
    ("reason", "interested", "cancel", "reschedule"),
    [
        ("illness", True, "avoid", "now"),
        ("illness", False, "now", None),
        ("unprepared", False, "avoid", "now"),
        # Revision 2: these end the application; still_interested is ignored
        ("accepted_other_offer", True, "now", None),
        ("not_interested", True, "now", None),
        ("accepted_other_offer", False, "now", None),
    ],
)
def test_cancel_reason_decides_cancel_or_reschedule(
    reason: str, interested: bool, cancel: str, reschedule: str | None
) -> None:
    case = {
        "stage": "scheduled",
        "interview": {"start": "2026-12-03T10:00"},
        "cancel": {
            "reason": reason,
            "still_interested": interested,
            "proposed_slots": ["2026-12-07T10:00", "2026-12-08T10:00"],
        },
    }
    plan = plan_at("2026-11-23T10:00", **case)
    rec = plan.get("cancel_interview")
    assert rec is not None
    assert rec.status == cancel
    again = plan.get("reschedule_interview")
    assert (again.status if again else None) == reschedule
    if reason in ("accepted_other_offer", "not_interested"):
        assert "alasan sebenarnya" in rec.reason  # the honest reason, briefly


# --- cancellation notice in business hours, call when the office opens -------------------------
def cancel_at(start: str, reason: str = "illness") -> dict[str, Any]:
    return {
        "stage": "scheduled",
        "interview": {"start": start},
        "cancel": {"reason": reason, "still_interested": False},
    }


@pytest.mark.parametrize(
    ("now", "flags", "call_at"),
    [
        # Sat 09:00 for Mon 10:00: 2 business hours; call Mon 08:00
        ("2026-11-21T09:00", ["notice_under_24h", "phone_first", "call_when_open"], "08.00"),
        # Fri 16:59:59: open, 11 business hours
        ("2026-11-20T16:59:59", ["notice_under_24h", "phone_first"], None),
        ("2026-11-20T17:00:00", ["notice_under_24h", "phone_first", "call_when_open"], "08.00"),
        # Mon 07:59:59: closed until 08:00 the same morning
        ("2026-11-23T07:59:59", ["notice_under_24h", "phone_first", "call_when_open"], "08.00"),
        ("2026-11-23T08:00:00", ["notice_under_24h", "phone_first"], None),
    ],
)
def test_call_when_the_office_opens(now: str, flags: list[str], call_at: str | None) -> None:
    plan = plan_at(now, **cancel_at("2026-11-23T10:00"))
    rec = plan.get("cancel_interview")
    assert rec is not None
    assert (rec.status, rec.flags) == ("now", flags)
    if call_at is not None:
        assert f"Senin, 23 November 2026 pukul {call_at} WIB" in rec.reason
        assert plan.next_change == at("2026-11-23T08:00")


def test_notice_over_a_holiday() -> None:
    # Wed 23 Dec 10:00 for Mon 28 Dec 10:00: Wed 7 h + Mon 2 h (Thu, Fri closed) = 9 h
    plan = plan_at("2026-12-23T10:00", **cancel_at("2026-12-28T10:00", "schedule_conflict"))
    assert state(plan, "cancel_interview") == (
        "now",
        ["notice_under_24h", "phone_first", "reason_not_urgent"],
    )


# --- send windows: WhatsApp and calls wait for business hours ---------------------------------
PHONE_ONLY = {"contact": {"email": None, "phone": "0812 3456 7890"}}


@pytest.mark.parametrize(
    ("now", "expected", "not_before"),
    [
        ("2026-11-19T16:59:59", ("now", []), "2026-11-19T11:00"),
        ("2026-11-19T17:00:00", ("wait", ["outside_hours"]), "2026-11-20T08:00"),
        ("2026-11-20T07:59:59", ("wait", ["outside_hours"]), "2026-11-20T08:00"),
        ("2026-11-20T08:00:00", ("now", []), "2026-11-19T11:00"),
        # Sat: the next opening is Mon 08:00, after the on-time deadline (Fri 11:00): late
        ("2026-11-21T10:00:00", ("wait", ["late", "outside_hours"]), "2026-11-23T08:00"),
    ],
)
def test_whatsapp_waits_for_business_hours(now: str, expected: Any, not_before: str) -> None:
    plan = plan_at(now, **PHONE_ONLY)
    rec = plan.get("thank_you")
    assert rec is not None
    assert rec.channel == "whatsapp"  # no e-mail address: the chat is the way
    assert (rec.status, rec.flags) == expected
    assert rec.not_before == at(not_before)


def test_whatsapp_on_a_holiday_waits_for_the_next_business_day() -> None:
    plan = plan_at("2026-12-25T10:00", **PHONE_ONLY, interview={"start": "2026-12-23T10:00"})
    rec = plan.get("thank_you")
    assert rec is not None
    assert (rec.status, rec.not_before) == ("wait", at("2026-12-28T08:00"))
    assert "Senin, 28 Desember 2026 pukul 08.00 WIB" in rec.reason


def test_email_may_be_written_any_time() -> None:
    rec = plan_at("2026-11-19T21:00").get("thank_you")
    assert rec is not None
    assert (rec.channel, rec.status, rec.flags) == ("email", "now", [])


def test_urgent_steps_do_not_wait_for_the_office() -> None:
    plan = plan_at("2026-11-22T21:00", **PHONE_ONLY, **cancel_at("2026-11-23T10:00"))
    rec = plan.get("cancel_interview")
    assert rec is not None
    assert (rec.channel, rec.status) == ("whatsapp", "now")
    assert "outside_hours" not in rec.flags


# --- the stated reply date: off closed days, then + 2 business days ---------------------------
@pytest.mark.parametrize(
    ("reply_by", "earliest"),
    [
        ("2026-11-27", "2026-12-01T09:00"),  # Fri -> Tue
        ("2026-11-28", "2026-12-02T09:00"),  # Sat -> Mon 30, + 2 bd -> Wed
        ("2026-11-29", "2026-12-02T09:00"),  # Sun -> Mon 30
        ("2026-12-24", "2026-12-30T09:00"),  # cuti bersama -> Mon 28 -> Wed 30
        ("2026-12-25", "2026-12-30T09:00"),  # Christmas -> Mon 28
    ],
)
def test_stated_reply_date_on_a_closed_day(reply_by: str, earliest: str) -> None:
    before_ = plan_at("2026-11-24T10:00", reply_by=reply_by).get("follow_up")
    assert before_ is not None
    assert (before_.status, before_.not_before) == ("wait", at(earliest))
    on_it = plan_at(earliest, reply_by=reply_by).get("follow_up")
    assert on_it is not None
    assert on_it.status == "now"


# --- collect_contact before the interview: a tip ---------------------------------------------
@pytest.mark.parametrize(
    ("now", "email", "expected"),
    [
        ("2026-11-24T12:00", "budi@majujaya.co.id", ("now", ["optional"])),
        ("2026-11-24T12:00", None, ("now", ["optional", "missing_contact_email"])),
        ("2026-11-25T09:59:59", "budi@majujaya.co.id", ("now", ["optional"])),
        ("2026-11-25T10:00:00", "budi@majujaya.co.id", ("done", [])),  # as after an interview
        ("2026-11-25T10:00:00", None, ("now", ["missing_contact_email"])),
    ],
)
def test_collect_contact_before_the_interview(now: str, email: str | None, expected: Any) -> None:
    plan = plan_at(
        now, stage="scheduled", interview={"start": "2026-11-25T10:00"}, contact={"email": email}
    )
    assert state(plan, "collect_contact") == expected


# --- move on without any follow-up: 10 business days of silence --------------------------------
@pytest.mark.parametrize(
    ("now", "reply_by", "expected"),
    [
        ("2026-12-03T08:59:59", None, "wait"),  # Thu 19 Nov + 10 bd = Thu 3 Dec 09:00
        ("2026-12-03T09:00:00", None, "now"),
        ("2026-12-11T08:59:59", "2026-11-27", "wait"),  # Fri 27 Nov + 10 bd = Fri 11 Dec
        ("2026-12-11T09:00:00", "2026-11-27", "now"),
    ],
)
def test_move_on_without_follow_ups(now: str, reply_by: str | None, expected: str) -> None:
    plan = plan_at(now, reply_by=reply_by)
    assert state(plan, "move_on") == (expected, [])


def test_move_on_ends_with_a_reply() -> None:
    plan = plan_at("2026-12-04T10:00", events=events(("reply_received", "2026-11-30T10:00")))
    assert plan.get("move_on") is None


# --- reasons say the real elapsed time ------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "words"),
    [("id", "Sudah 12 hari sejak wawancara"), ("en", "It has been 12 days since the interview")],
)
def test_reasons_say_the_elapsed_time(lang: str, words: str) -> None:
    plan = evaluate(make_case(), at("2026-12-01T10:00"), lang=lang)  # 12 days after Thu 19 Nov
    rec = plan.get("follow_up")
    assert rec is not None
    assert rec.status == "now"
    assert words in rec.reason
    assert "satu minggu" not in rec.reason
    assert "about a week" not in rec.reason


# --- confirm the new time after a reschedule is accepted -------------------------------------
RESCHEDULED: dict[str, Any] = {
    "stage": "scheduled",
    "interview": {"start": "2026-12-02T14:00"},
}


@pytest.mark.parametrize(
    ("history", "now", "expected"),
    [
        ([("reschedule_accepted", "2026-11-24T10:00")], "2026-11-24T11:00", ("now", [])),
        # a confirmation of the old time does not confirm the new one
        (
            [
                ("interview_confirmed", "2026-11-20T10:00"),
                ("reschedule_accepted", "2026-11-24T10:00"),
            ],
            "2026-11-24T11:00",
            ("now", []),
        ),
        (
            [
                ("reschedule_accepted", "2026-11-24T10:00"),
                ("interview_confirmed", "2026-11-24T10:30"),
            ],
            "2026-11-24T11:00",
            ("done", []),
        ),
        ([("reschedule_accepted", "2026-11-24T10:00")], "2026-12-02T13:59:59", ("now", [])),
        ([("reschedule_accepted", "2026-11-24T10:00")], "2026-12-02T14:00:00", ("expired", [])),
    ],
)
def test_confirm_new_time(history: list[tuple[str, str]], now: str, expected: Any) -> None:
    plan = plan_at(now, **RESCHEDULED, events=events(*history))
    assert state(plan, "confirm_new_time") == expected
    assert plan.get("confirm_interview") is None  # one confirmation, of the new time


def test_no_new_time_without_a_reschedule() -> None:
    plan = plan_at("2026-11-24T11:00", **RESCHEDULED)
    assert plan.get("confirm_new_time") is None
    assert state(plan, "confirm_interview") == ("now", [])


# --- several interviews: tell the company you rank lower --------------------------------------
OTHER_SAME_DAY = [{"company": "PT Lain", "start": "2026-12-02T09:00", "location": "Bekasi"}]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"stage": "scheduled", "other_interviews": OTHER_SAME_DAY}, ("now", ["optional"])),
        (
            {
                "stage": "scheduled",
                "other_interviews": [{"company": "X", "start": "2026-12-03T09:00"}],
            },
            None,
        ),
        ({"stage": "scheduled"}, None),
        (
            {
                **invited("2026-11-23T09:00"),
                "interview": {"start": "2026-12-02T14:00"},
                "other_interviews": OTHER_SAME_DAY,
            },
            ("now", ["optional"]),
        ),
        (
            {
                **invited("2026-11-23T09:00", decline_reason="not_interested"),
                "interview": {"start": "2026-12-02T14:00"},
                "other_interviews": OTHER_SAME_DAY,
            },
            None,
        ),
        ({"stage": "offer", "other_interviews": OTHER_SAME_DAY}, ("now", ["optional"])),
        ({"stage": "offer"}, None),
        (
            {
                "stage": "offer",
                "other_interviews": OTHER_SAME_DAY,
                "events": events(("lower_priority_told", "2026-11-24T09:00")),
            },
            ("done", ["optional"]),
        ),
    ],
)
def test_tell_lower_priority(changes: dict[str, Any], expected: Any) -> None:
    base = {"interview": {"start": "2026-12-02T14:00"}, **changes}
    plan = plan_at("2026-11-24T10:00", **base)
    assert state(plan, "tell_lower_priority") == expected
    rec = plan.get("tell_lower_priority")
    if rec is not None and rec.status == "now":
        assert "PT Lain" in rec.reason


def test_tell_lower_priority_ends_with_the_interview() -> None:
    plan = plan_at(
        "2026-12-02T14:00",
        stage="scheduled",
        interview={"start": "2026-12-02T14:00"},
        other_interviews=OTHER_SAME_DAY,
    )
    assert plan.get("tell_lower_priority") is None


# --- the offer -----------------------------------------------------------------------------
def test_respond_to_offer() -> None:
    assert state(plan_at("2026-11-24T10:00", stage="offer"), "respond_to_offer") == ("now", [])
    answered = plan_at(
        "2026-11-24T10:00", stage="offer", events=events(("offer_reply_sent", "2026-11-24T09:00"))
    )
    assert state(answered, "respond_to_offer") == ("done", [])
    first = plan_at("2026-11-24T10:00", stage="offer").actions[0]
    assert first.action == "respond_to_offer"  # the step that leads to the next stage


# --- the catalogue is the one vocabulary ------------------------------------------------------
def test_every_action_has_one_row() -> None:
    ids = [row.id for row in ACTIONS]
    assert sorted(ids) == sorted(ActionId.__args__)  # type: ignore[attr-defined]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    "action",
    ["thank_you", "follow_up", "second_follow_up", "thank_after_rejection", "linkedin_connect"],
)
def test_no_phone_script_for_chasing(action: str) -> None:
    assert "phone" not in channels(action)
    assert channels(action)


def test_phone_stays_where_calling_is_right() -> None:
    for action in ("cancel_interview", "reschedule_interview", "apologize_missed_interview"):
        assert "phone" in channels(action)
    assert channels("move_on") == ()
    assert NO_MESSAGE == {"move_on", "call_for_result", "third_follow_up"}


def test_the_catalogue_says_what_marks_a_step() -> None:
    assert EVENT_OF["confirm_new_time"] == "interview_confirmed"
    assert EVENT_OF["respond_to_offer"] == "offer_reply_sent"
    assert EVENT_OF["tell_lower_priority"] == "lower_priority_told"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_reason_key_has_words(lang: str) -> None:
    reasons = catalog(lang)["reason"]
    for row in ACTIONS:
        for key in reason_keys(row.id):
            assert key in reasons, key
    known = {key for row in ACTIONS for key in reason_keys(row.id)}
    assert set(reasons) == known  # no reason text without a row


# --- policy values carry their sources and read in words ------------------------------------
def test_policy_values_carry_their_sources() -> None:
    sources = set(SourceId.__args__) | {"policy"}  # type: ignore[attr-defined]
    for name, info in Policy.model_fields.items():
        extra = info.json_schema_extra
        assert isinstance(extra, dict), name
        assert extra["sources"], name
        assert set(extra["sources"]) <= sources, name  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "name", "value"),
    [
        ("id", "cancel_min_notice", "24 jam kerja"),
        ("id", "observe_joint_leave", "ya"),
        ("id", "follow_up_wait_bd", "5 hari kerja"),
        ("id", "business_hours_open", "pukul 08.00"),
        ("id", "thank_you_late_until_bd", "sampai pukul 17.00, 3 hari kerja kemudian"),
        ("en", "observe_joint_leave", "yes"),
        ("en", "cancel_ideal_notice", "48 business hours"),
        ("en", "max_follow_ups", "2 times"),
    ],
)
def test_policy_in_words(lang: str, name: str, value: str) -> None:
    rows = {row.name: row for row in describe(DEFAULT_POLICY, lang)}
    assert rows[name].value == value
    assert rows[name].label
    assert rows[name].sources
    assert set(rows) == set(Policy.model_fields)


@pytest.mark.parametrize(
    ("channel", "now", "expected"),
    [
        ("email", "2026-11-20T21:00", "2026-11-20T21:00"),  # e-mail: any time
        ("whatsapp", "2026-11-20T21:00", "2026-11-23T08:00"),  # Fri night -> Mon opening
        ("phone", "2026-11-23T07:59", "2026-11-23T08:00"),
        ("whatsapp", "2026-11-23T10:00", "2026-11-23T10:00"),  # open: now
        ("whatsapp", "2026-12-24T10:00", "2026-12-28T08:00"),  # cuti bersama
    ],
)
def test_send_time(channel: str, now: str, expected: str) -> None:
    assert send_time(make_case(), channel, at(now)) == at(expected)
