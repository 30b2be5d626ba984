"""The rules before an interview, each limit walked just before, at and just after: the
invitation (answered within 24 h, its deadline moved into business hours and never later than
2 h before the interview; on time up to and including the deadline; `expired` once the
interview began; a decline reason gives one recommendation, never two opposites),
confirming the interview or its new time, the contact to collect, and telling a company
ranked lower about an interview the same day.

Calendar: Fri 2026-11-20, Mon 2026-11-23; Christmas 2026: Thu 24 Dec is cuti bersama, Fri 25
Dec Christmas. Asia/Jakarta; business hours 08:00-17:00.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench.cases import at
from tests.conftest import events
from tests.rules.plans import invited, plan_at, state

# --- invitation: reply within 24 h (a Tuesday: the deadline falls in business hours) ----------
INVITED: dict[str, Any] = {"stage": "invited", "invited_at": "2026-11-17T09:30"}


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-17T09:30:00", ("now", [])),
        ("2026-11-18T09:29:59", ("now", [])),
        ("2026-11-18T09:30:00", ("now", [])),  # on time up to and including its instant
        ("2026-11-18T09:30:01", ("now", ["late"])),
    ],
)
def test_accept_invitation_deadline(now: str, expected: Any) -> None:
    plan = plan_at(now, **INVITED, interview={"start": "2026-11-25T10:00"})
    assert state(plan, "accept_invitation") == expected
    assert state(plan, "decline_invitation") == ("avoid", [])


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-18T09:30:00", ("now", [])),
        ("2026-11-18T09:30:01", ("now", ["late"])),
    ],
)
def test_decline_with_reason(now: str, expected: Any) -> None:
    plan = plan_at(now, **INVITED, decline_reason="accepted_other_offer", interview=None)
    assert state(plan, "decline_invitation") == expected
    assert plan.get("accept_invitation") is None  # Revision 2: never both "now"


def test_invitation_events_and_conflict() -> None:
    accepted = plan_at(
        "2026-11-17T12:00", **INVITED, events=events(("invitation_accepted", "2026-11-17T10:00"))
    )
    assert state(accepted, "accept_invitation") == ("done", [])
    assert accepted.get("decline_invitation") is None
    declined = plan_at(
        "2026-11-17T12:00", **INVITED, events=events(("invitation_declined", "2026-11-17T10:00"))
    )
    assert state(declined, "decline_invitation") == ("done", [])
    assert declined.get("accept_invitation") is None
    clash = plan_at(
        "2026-11-17T12:00",
        **INVITED,
        interview={"start": "2026-11-25T10:00"},
        other_interviews=[
            {"company": "PT Lain", "start": "2026-11-25T15:00", "location": "Bekasi"}
        ],
    )
    assert state(clash, "accept_invitation") == ("now", ["same_day_conflict"])
    other_day = plan_at(
        "2026-11-17T12:00",
        **INVITED,
        interview={"start": "2026-11-25T10:00"},
        other_interviews=[{"company": "PT Lain", "start": "2026-11-26T10:00"}],
    )
    assert state(other_day, "accept_invitation") == ("now", [])


# --- deadlines land in business hours: the invitation -----------------------------------------
@pytest.mark.parametrize(
    ("invited_at", "now", "expected", "deadline"),
    [
        # Fri 19:00 + 24 h = Sat 19:00 -> Mon 17:00 (answered Mon 10:00: on time)
        ("2026-11-20T19:00", "2026-11-23T10:00", ("now", []), "2026-11-23T17:00"),
        ("2026-11-20T19:00", "2026-11-23T17:00", ("now", []), "2026-11-23T17:00"),
        ("2026-11-20T19:00", "2026-11-23T17:00:01", ("now", ["late"]), "2026-11-23T17:00"),
        # Mon 16:59 + 24 h = Tue 16:59: in hours, unchanged
        ("2026-11-23T16:59", "2026-11-24T16:58:59", ("now", []), "2026-11-24T16:59"),
        # Mon 17:00 + 24 h = Tue 17:00: the closing itself is still in the day
        ("2026-11-23T17:00", "2026-11-24T16:59:59", ("now", []), "2026-11-24T17:00"),
        # Mon 17:30 + 24 h = Tue 17:30 -> Wed 17:00
        ("2026-11-23T17:30", "2026-11-25T16:59:59", ("now", []), "2026-11-25T17:00"),
        # Tue 07:00 + 24 h = Wed 07:00, before opening -> Wed 17:00
        ("2026-11-24T07:00", "2026-11-25T12:00", ("now", []), "2026-11-25T17:00"),
        # Wed 23 Dec 10:00 + 24 h = Thu 24 Dec (cuti bersama) -> Mon 28 Dec 17:00
        ("2026-12-23T10:00", "2026-12-28T17:00", ("now", []), "2026-12-28T17:00"),
        ("2026-12-23T10:00", "2026-12-28T17:00:01", ("now", ["late"]), "2026-12-28T17:00"),
    ],
)
def test_invitation_deadline(invited_at: str, now: str, expected: Any, deadline: str) -> None:
    plan = plan_at(now, **invited(invited_at))
    assert state(plan, "accept_invitation") == expected
    rec = plan.get("accept_invitation")
    assert rec is not None
    assert rec.deadline == at(deadline)


# --- one recommendation, never two opposites --------------------------------------------------
@pytest.mark.parametrize(
    ("decline_reason", "accept", "decline"),
    [
        (None, ("now", []), ("avoid", [])),
        # Revision 3: the nudge to go anyway is a flag on declining, not a second step
        ("not_interested", None, ("now", ["consider_attending"])),
        ("accepted_other_offer", None, ("now", [])),
    ],
)
def test_invited_with_a_decline_reason(
    decline_reason: str | None, accept: Any, decline: Any
) -> None:
    plan = plan_at("2026-11-23T10:00", **invited("2026-11-23T09:00", decline_reason=decline_reason))
    assert state(plan, "accept_invitation") == accept
    assert state(plan, "decline_invitation") == decline


# --- scheduled --------------------------------------------------------------------------------
SCHEDULED: dict[str, Any] = {"stage": "scheduled", "interview": {"start": "2026-11-25T10:00"}}


def test_confirm_interview() -> None:
    plan = plan_at("2026-11-21T10:00", **SCHEDULED)
    assert state(plan, "confirm_interview") == ("now", [])
    assert state(plan, "linkedin_connect") == ("avoid", [])
    assert plan.get("thank_you") is None
    assert plan.next_change == at("2026-11-25T10:00")
    confirmed = plan_at(
        "2026-11-21T10:00", **SCHEDULED, events=events(("interview_confirmed", "2026-11-21T09:00"))
    )
    assert state(confirmed, "confirm_interview") == ("done", [])


@pytest.mark.parametrize(
    ("now", "confirm", "thank_you"),
    [
        ("2026-11-25T09:59:59", "now", None),
        ("2026-11-25T10:00:00", "expired", "wait"),  # the interview has begun
        ("2026-11-25T11:00:00", "expired", "now"),  # and ended
    ],
)
def test_scheduled_interview_that_has_happened(now: str, confirm: str, thank_you: Any) -> None:
    plan = plan_at(now, **SCHEDULED)
    assert state(plan, "confirm_interview") == (confirm, [])
    rec = plan.get("thank_you")
    assert (rec.status if rec else None) == thank_you


# --- confirm the new time after a reschedule is accepted --------------------------------------
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


# --- collect_contact: done with an e-mail address; before the interview, a tip ----------------
def test_collect_contact() -> None:
    assert state(plan_at("2026-11-19T12:00"), "collect_contact") == ("done", [])
    missing = plan_at("2026-11-19T12:00", contact={"email": None})
    assert state(missing, "collect_contact") == ("now", ["missing_contact_email"])
    nobody = plan_at("2026-11-19T12:00", contact=None)
    assert state(nobody, "collect_contact") == ("now", ["missing_contact_email"])


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
        (  # an offer: one step per other company; told, that company's step is done
            {"stage": "offer", "other_interviews": [{**OTHER_SAME_DAY[0], "told": True}]},
            ("done", []),
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
        # aimed at the other company (its index) while an offer waits; on a clash, this one
        assert rec.target == (0 if base["stage"] == "offer" else None)


def test_tell_lower_priority_ends_with_the_interview() -> None:
    plan = plan_at(
        "2026-12-02T14:00",
        stage="scheduled",
        interview={"start": "2026-12-02T14:00"},
        other_interviews=OTHER_SAME_DAY,
    )
    assert plan.get("tell_lower_priority") is None


# --- Revision 3: a reply is due before the interview, never after it --------------------------
@pytest.mark.parametrize(
    ("invited_at", "start", "now", "expected", "deadline"),
    [
        # invited Fri 19:00 for Mon 10:00, now Fri 21:00 -> by Mon 08:00 (10:00 - 2 h), and
        # with less than a business day left: write now, call when the office opens
        (
            "2026-11-20T19:00",
            "2026-11-23T10:00",
            "2026-11-20T21:00",
            ("now", ["phone_first", "call_when_open"]),
            "2026-11-23T08:00",
        ),
        # invited today 09:00 for tomorrow 10:00: due tomorrow 08:00, not 16:30 (24 h later)
        (
            "2026-11-24T09:00",
            "2026-11-25T10:00",
            "2026-11-24T09:30",
            ("now", []),
            "2026-11-25T08:00",
        ),
        # the same, 10:00 the next morning: one business day no longer remains
        (
            "2026-11-24T09:00",
            "2026-11-25T10:00",
            "2026-11-24T17:30",
            ("now", ["phone_first", "call_when_open"]),
            "2026-11-25T08:00",
        ),
        # a week ahead: the 24 h deadline comes first
        (
            "2026-11-16T09:30",
            "2026-11-25T10:00",
            "2026-11-16T10:00",
            ("now", []),
            "2026-11-17T09:30",
        ),
    ],
)
def test_the_reply_is_due_before_the_interview(
    invited_at: str, start: str, now: str, expected: Any, deadline: str
) -> None:
    plan = plan_at(now, **invited(invited_at, interview={"start": start}))
    assert state(plan, "accept_invitation") == expected
    rec = plan.get("accept_invitation")
    assert rec is not None
    assert rec.deadline == at(deadline)


@pytest.mark.parametrize("now", ["2026-11-23T10:00", "2026-11-23T11:00", "2026-11-24T09:00"])
def test_an_unanswered_invitation_expires_when_the_interview_begins(now: str) -> None:
    plan = plan_at(now, **invited("2026-11-20T19:00", interview={"start": "2026-11-23T10:00"}))
    assert state(plan, "accept_invitation") == ("expired", [])
    rec = plan.get("accept_invitation")
    assert rec is not None
    assert "Ada perkembangan baru?" in rec.reason  # the page asks what happened
    declining = plan_at(
        now,
        **invited(
            "2026-11-20T19:00",
            decline_reason="not_interested",
            interview={"start": "2026-11-23T10:00"},
        ),
    )
    assert state(declining, "decline_invitation") == ("expired", [])


# --- Revision 3: a time that skips a closure names it -----------------------------------------
def test_a_time_beyond_a_closure_names_it() -> None:
    plan = plan_at(
        "2026-03-16T10:00", invited_at="2026-03-10T09:00", interview={"start": "2026-03-16T09:00"}
    )
    follow_up = plan.get("follow_up")
    assert follow_up is not None
    assert follow_up.not_before == at("2026-03-30T09:00")
    assert "Kantor libur Nyepi dan Idul Fitri pada 18–24 Maret 2026" in follow_up.reason
    ordinary = plan_at("2026-11-19T15:00").get("follow_up")
    assert ordinary is not None
    assert "libur" not in ordinary.reason  # no closure on the way: nothing said
