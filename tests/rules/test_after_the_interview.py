"""The rules after an interview, each limit walked just before, at and just after: the
thank-you (on time for 24 h, late until the 3rd business day's closing), the follow-ups (the
interview + 5 business days, or the stated reply date moved off closed days + 2), moving on,
and the elapsed time the reasons state.

The base case is a formal interview on Thu 2026-11-19 10:00-11:00 WIB (Asia/Jakarta).
Windows are half-open: at a deadline the status or flag has already changed. Where Revision 2
of etiquette-rules.md moved a limit (business days and hours), the row says so.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench.cases import at
from followup.rules import evaluate
from tests.conftest import events, make_case
from tests.rules.plans import plan_at, state


# --- thank_you: end 11:00; on time until +24 h; late until the 3rd business day's closing -----
@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-19T10:59:59", ("wait", [])),  # interview not over yet
        ("2026-11-19T11:00:00", ("now", [])),  # at the end
        ("2026-11-20T10:59:59", ("now", [])),  # last second of the 24 h (Fri 11:00: in hours)
        ("2026-11-20T11:00:00", ("now", [])),  # 24 h: on time up to and including it (R3)
        ("2026-11-20T11:00:01", ("now", ["late"])),
        # Revision 2: late until Thu + 3 bd = Tue 24 Nov 17:00 (was 72 h: Sun 11:00)
        ("2026-11-22T11:00:00", ("now", ["late"])),
        ("2026-11-24T16:59:59", ("now", ["late"])),
        ("2026-11-24T17:00:00", ("now", ["late"])),
        ("2026-11-24T17:00:01", ("expired", [])),
    ],
)
def test_thank_you_windows(now: str, expected: tuple[str, list[str]]) -> None:
    assert state(plan_at(now), "thank_you") == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-19T10:30", ("wait", ["optional"])),
        ("2026-11-19T12:00", ("now", ["optional"])),
        ("2026-11-21T12:00", ("now", ["late", "optional"])),
        ("2026-11-23T12:00", ("now", ["late", "optional"])),  # Revision 2: until Tue 17:00
        ("2026-11-25T12:00", ("expired", ["optional"])),
    ],
)
def test_thank_you_after_screening_is_optional(now: str, expected: Any) -> None:
    plan = plan_at(now, interview={"kind": "screening"})
    assert state(plan, "thank_you") == expected


def test_thank_you_times() -> None:
    rec = plan_at("2026-11-19T15:00").get("thank_you")
    assert rec is not None
    assert rec.not_before == at("2026-11-19T11:00")
    assert rec.deadline == at("2026-11-20T11:00")
    late = plan_at("2026-11-21T15:00").get("thank_you")
    assert late is not None
    assert late.deadline == at("2026-11-24T17:00")  # Revision 2: 3 bd after, at closing


def test_thank_you_done_stays_done_after_72h() -> None:
    plan = plan_at("2026-12-01T12:00", events=events(("thank_you_sent", "2026-11-19T15:00")))
    assert state(plan, "thank_you") == ("done", [])


def test_thank_you_uses_duration() -> None:
    # 90 minutes: the interview ends at 11:30
    assert state(plan_at("2026-11-19T11:15", interview={"duration_minutes": 90}), "thank_you") == (
        "wait",
        [],
    )
    assert state(plan_at("2026-11-19T11:30", interview={"duration_minutes": 90}), "thank_you") == (
        "now",
        [],
    )


# --- the thank-you's deadlines land in business hours, off weekends and holidays --------------
@pytest.mark.parametrize(
    ("start", "now", "expected", "deadline"),
    [
        # ends Fri 17:30: on time until Mon 17:00, late until Wed 17:00
        ("2026-11-20T16:30", "2026-11-23T16:59:59", ("now", []), "2026-11-23T17:00"),
        ("2026-11-20T16:30", "2026-11-23T17:00:01", ("now", ["late"]), "2026-11-25T17:00"),
        ("2026-11-20T16:30", "2026-11-25T16:59:59", ("now", ["late"]), "2026-11-25T17:00"),
        ("2026-11-20T16:30", "2026-11-25T17:00:01", ("expired", []), None),
        # ends Wed 20:30: on time until Fri 17:00; late until Mon 17:00 (Thu, Fri, Mon)
        ("2026-11-18T19:30", "2026-11-20T16:59:59", ("now", []), "2026-11-20T17:00"),
        ("2026-11-18T19:30", "2026-11-20T17:00:01", ("now", ["late"]), "2026-11-23T17:00"),
        # Mon 10:00-11:00: Tue 11:00, unchanged
        ("2026-11-23T10:00", "2026-11-24T10:59:59", ("now", []), "2026-11-24T11:00"),
        ("2026-11-23T10:00", "2026-11-24T11:00:01", ("now", ["late"]), "2026-11-26T17:00"),
        # Tue 22 Dec: late until Tue 29 Dec 17:00 (skips cuti bersama, Christmas, weekend)
        ("2026-12-22T10:00", "2026-12-23T11:00:01", ("now", ["late"]), "2026-12-29T17:00"),
        ("2026-12-22T10:00", "2026-12-29T17:00:01", ("expired", []), None),
    ],
)
def test_thank_you_deadline(start: str, now: str, expected: Any, deadline: str | None) -> None:
    plan = plan_at(now, interview={"start": start})
    assert state(plan, "thank_you") == expected
    rec = plan.get("thank_you")
    assert rec is not None
    assert rec.deadline == (at(deadline) if deadline else None)


# --- follow_up: interview date + 5 bd, or reply_by (moved to a business day) + 2 bd -----------
@pytest.mark.parametrize(
    ("now", "reply_by", "expected"),
    [
        ("2026-11-26T08:59:59", None, "wait"),  # Thu 26 Nov 09:00 is +5 bd
        ("2026-11-26T09:00:00", None, "now"),
        ("2026-11-26T09:00:01", None, "now"),
        # Revision 2: the buffer is 2 bd (was 1): reply by Fri 27 -> Tue 1 Dec 09:00
        ("2026-11-30T09:00:00", "2026-11-27", "wait"),
        ("2026-12-01T08:59:59", "2026-11-27", "wait"),
        ("2026-12-01T09:00:00", "2026-11-27", "now"),
        ("2026-11-27T12:00:00", "2026-11-27", "wait"),  # on the stated day itself: still wait
        ("2026-11-24T09:00:00", "2026-11-20", "now"),  # reply by Fri 20 -> Tue 24 09:00
        ("2026-11-24T08:59:59", "2026-11-20", "wait"),
    ],
)
def test_follow_up_earliest(now: str, reply_by: str | None, expected: str) -> None:
    plan = plan_at(now, reply_by=reply_by)
    rec = plan.get("follow_up")
    assert rec is not None
    assert rec.status == expected
    if expected == "wait":
        assert rec.not_before is not None
        assert rec.not_before.hour == 9


def test_follow_up_reason_names_the_stated_date() -> None:
    rec = plan_at("2026-12-01T10:00", reply_by="2026-11-27").get("follow_up")
    assert rec is not None
    assert "Jumat, 27 November 2026" in rec.reason


def test_follow_up_done_and_chain_end() -> None:
    sent = plan_at("2026-11-27T10:00", events=events(("follow_up_sent", "2026-11-26T10:00")))
    assert state(sent, "follow_up") == ("done", [])
    replied = plan_at(
        "2026-11-27T10:00",
        events=events(
            ("follow_up_sent", "2026-11-26T10:00"), ("reply_received", "2026-11-26T16:00")
        ),
    )
    for action in ("follow_up", "second_follow_up", "move_on", "third_follow_up"):
        assert replied.get(action) is None  # type: ignore[arg-type]


def test_reply_before_interview_end_does_not_end_the_chain() -> None:
    plan = plan_at("2026-11-26T10:00", events=events(("reply_received", "2026-11-18T10:00")))
    assert state(plan, "follow_up") == ("now", [])


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


# --- second follow-up: first + 5 bd; move_on: first + 10 bd / second + 5 bd -------------------
FIRST = events(("follow_up_sent", "2026-11-26T10:00"))
LAST = ["optional", "last_follow_up"]


@pytest.mark.parametrize(
    ("now", "second", "move_on"),
    [
        ("2026-11-26T12:00:00", ("wait", LAST), ("wait", [])),
        ("2026-12-03T08:59:59", ("wait", LAST), ("wait", [])),
        ("2026-12-03T09:00:00", ("now", LAST), ("wait", [])),
        ("2026-12-10T08:59:59", ("now", LAST), ("wait", [])),
        ("2026-12-10T09:00:00", ("now", LAST), ("now", [])),
    ],
)
def test_after_first_follow_up(now: str, second: Any, move_on: Any) -> None:
    plan = plan_at(now, events=FIRST)
    assert state(plan, "second_follow_up") == second
    assert state(plan, "move_on") == move_on
    assert plan.get("third_follow_up") is None


@pytest.mark.parametrize(
    ("second_at", "now", "move_on"),
    [
        # second on Mon 7 Dec: second + 5 bd = Mon 14 Dec > first + 10 bd (Thu 10 Dec)
        ("2026-12-07T10:00", "2026-12-10T09:00", "wait"),
        ("2026-12-07T10:00", "2026-12-14T08:59:59", "wait"),
        ("2026-12-07T10:00", "2026-12-14T09:00", "now"),
        # second on Thu 3 Dec: second + 5 bd = Thu 10 Dec = first + 10 bd
        ("2026-12-03T10:00", "2026-12-10T08:59:59", "wait"),
        ("2026-12-03T10:00", "2026-12-10T09:00", "now"),
    ],
)
def test_move_on_after_two_follow_ups(second_at: str, now: str, move_on: str) -> None:
    plan = plan_at(now, events=FIRST + events(("follow_up_sent", second_at)))
    assert state(plan, "move_on") == (move_on, [])
    assert state(plan, "second_follow_up") == ("done", LAST)
    assert state(plan, "third_follow_up") == ("avoid", [])


def test_no_follow_up_chain_before_first() -> None:
    plan = plan_at("2026-11-25T10:00")
    assert plan.get("second_follow_up") is None
    # Revision 2: moving on also applies without a follow-up (interview + 10 bd)
    assert state(plan, "move_on") == ("wait", [])
    assert state(plan, "call_for_result") == ("avoid", [])
    assert state(plan, "linkedin_connect") == ("avoid", [])


# --- move on without any follow-up: 10 business days of silence -------------------------------
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


# --- reasons say the real elapsed time --------------------------------------------------------
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


# --- Revision 3: a reply that sets a new date re-opens the chain -------------------------------
def reply(at_: str, new_reply_by: str | None = None) -> dict[str, str]:
    found = {"type": "reply_received", "at": at_}
    return found | ({"new_reply_by": new_reply_by} if new_reply_by else {})


@pytest.mark.parametrize(
    ("now", "action", "expected", "not_before"),
    [
        # "we will let you know by Fri 4 December": follow up from Tue 8 Dec (+2 bd)
        ("2026-12-01T10:00", "follow_up", ("wait", []), "2026-12-08T09:00"),
        ("2026-12-08T09:00", "follow_up", ("now", []), "2026-12-08T09:00"),
    ],
)
def test_a_reply_with_a_new_date_reopens_the_chain(
    now: str, action: str, expected: Any, not_before: str
) -> None:
    plan = plan_at(
        now,
        interview={"start": "2026-11-19T10:00"},
        events=[reply("2026-11-27T10:00", "2026-12-04")],
    )
    assert state(plan, action) == expected
    rec = plan.get(action)  # type: ignore[arg-type]
    assert rec is not None
    assert rec.not_before == at(not_before)
    assert "4 Desember 2026" in rec.reason  # it cites the date the company gave


def test_a_new_date_after_one_follow_up_leads_to_the_last_one() -> None:
    plan = plan_at(
        "2026-12-08T10:00",
        interview={"start": "2026-11-10T10:00"},
        events=[
            {"type": "follow_up_sent", "at": "2026-11-18T10:00"},
            reply("2026-11-20T10:00", "2026-12-04"),
        ],
    )
    assert state(plan, "follow_up") == ("done", [])
    assert state(plan, "second_follow_up") == ("now", ["optional", "last_follow_up"])
    rec = plan.get("second_follow_up")
    assert rec is not None
    assert "4 Desember 2026" in rec.reason


def test_a_new_date_after_two_follow_ups_leads_to_moving_on() -> None:
    plan = plan_at(
        "2026-12-08T10:00",
        interview={"start": "2026-11-03T10:00"},
        events=[
            {"type": "follow_up_sent", "at": "2026-11-10T10:00"},
            {"type": "follow_up_sent", "at": "2026-11-17T10:00"},
            reply("2026-11-20T10:00", "2026-12-04"),
        ],
    )
    assert state(plan, "move_on") == ("now", [])
    rec = plan.get("move_on")
    assert rec is not None
    assert rec.not_before == at("2026-12-08T09:00")
    assert state(plan, "third_follow_up") == ("avoid", [])


def test_a_reply_without_a_date_still_ends_the_chain() -> None:
    plan = plan_at(
        "2026-12-08T10:00",
        interview={"start": "2026-11-19T10:00"},
        events=[reply("2026-11-27T10:00")],
    )
    assert plan.get("follow_up") is None
    assert plan.get("move_on") is None


def test_a_new_reply_date_belongs_to_a_reply() -> None:
    from followup.errors import FollowupError

    with pytest.raises((FollowupError, ValueError)):
        plan_at(
            "2026-12-08T10:00",
            events=[
                {"type": "follow_up_sent", "at": "2026-11-27T10:00", "new_reply_by": "2026-12-04"}
            ],
        )
