"""Every step a plan shows as `now` can be drafted (or says plainly that it has no message)
and marked, through the `Desk`, on the same case-in-context the plan was made from: single
applications of every situation, two interviews on one day, and offers with other interviews
ahead (in the workspace, or listed in the case itself)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
import pytest

from bench.cases import at, case_dict
from followup.desk import (
    Desk,
    DraftOptions,
    FollowupError,
    channels,
    has_message,
    validate,
)
from followup.history import History
from followup.models import ActionId, Recommendation

NOW = at("2026-11-20T12:00")  # a Friday, business hours

# Steps the plan shows that leave nothing to record: a tip, or a reply that changes nothing the
# rules read (the card offers the draft and no "mark as sent").
NOT_RECORDED: frozenset[str] = frozenset(
    {"collect_contact", "reply_reschedule_declined", "move_on", "negotiate_offer"}
)
# What a draft may still need that the page's form asks for (it says so in one sentence).
FORM_FIELDS: frozenset[str] = frozenset({"interview", "interview.start", "contact.name"})

SOON = {"start": "2026-11-25T10:00"}  # an interview ahead, Wednesday
LATER = {"start": "2026-11-26T14:00"}
CANCEL = {
    "reason": "illness",
    "still_interested": True,
    "proposed_slots": ["2026-12-01T10:00", "2026-12-02T14:00"],
}

# name -> the workspace's applications (the first is the one under test)
SCENARIOS: dict[str, list[dict[str, Any]]] = {
    "invited": [case_dict(stage="invited", invited_at="2026-11-20T08:00", interview=SOON)],
    "invited_no_time": [case_dict(stage="invited", invited_at="2026-11-20T08:00", interview=None)],
    "declining": [
        case_dict(
            stage="invited",
            invited_at="2026-11-20T08:00",
            interview=SOON,
            decline_reason="not_interested",
        )
    ],
    "scheduled": [case_dict(stage="scheduled", interview=SOON)],
    "scheduled_video": [case_dict(stage="scheduled", interview={**SOON, "format": "video"})],
    "cancel_illness": [case_dict(stage="scheduled", interview=SOON, cancel=CANCEL)],
    "cancel_other_offer": [
        case_dict(
            stage="scheduled",
            interview=SOON,
            cancel={"reason": "accepted_other_offer", "still_interested": False},
        )
    ],
    "cancel_declined": [
        case_dict(
            stage="scheduled",
            interview=SOON,
            cancel=CANCEL,
            events=[
                {"type": "reschedule_requested", "at": "2026-11-19T09:00"},
                {"type": "reschedule_declined", "at": "2026-11-20T09:00"},
            ],
        )
    ],
    "interviewed_today": [case_dict(interview={"start": "2026-11-20T09:00"})],
    "interviewed_no_email": [case_dict(contact={"email": None})],
    "follow_up_due": [
        case_dict(
            interview={"start": "2026-11-10T10:00"},
            events=[{"type": "thank_you_sent", "at": "2026-11-10T15:00"}],
        )
    ],
    "rejected": [case_dict(stage="rejected", rejected_at="2026-11-20T09:00")],
    "offer_alone": [case_dict(stage="offer")],
    # two applications on one day
    "same_day_invited": [
        case_dict(stage="invited", invited_at="2026-11-20T08:00", interview=SOON),
        case_dict(
            company="PT Lain",
            position="Staf IT",
            stage="scheduled",
            interview=SOON | {"start": "2026-11-25T15:00"},
        ),
    ],
    "same_day_scheduled": [
        case_dict(stage="scheduled", interview=SOON),
        case_dict(company="PT Lain", stage="scheduled", interview={"start": "2026-11-25T15:00"}),
    ],
    # an offer with other interviews ahead: in the workspace, and listed in the case
    "offer_with_workspace_interviews": [
        case_dict(stage="offer"),
        case_dict(
            company="PT Lain",
            position="Staf IT",
            stage="scheduled",
            interview=SOON,
            contact={"name": "Sari Dewi", "email": "sari@lain.co.id", "salutation": "ibu"},
        ),
        case_dict(
            company="PT Tiga",
            position="Analis",
            stage="invited",
            interview=LATER,
            invited_at="2026-11-19T09:00",
            contact=None,
        ),
    ],
    "offer_with_listed_interview": [
        case_dict(
            stage="offer",
            other_interviews=[{"company": "PT Daftar", "start": "2026-11-24T10:00"}],
        )
    ],
    # Revision 3: decided offers, and cancelling after the acceptance
    "offer_accepting": [
        case_dict(stage="offer", offer={"received_at": "2026-11-19T15:00", "decision": "accept"}),
        case_dict(company="PT Lain", stage="scheduled", interview=SOON),
    ],
    "offer_accepted": [
        case_dict(
            stage="offer",
            offer={"received_at": "2026-11-19T15:00", "decision": "accept"},
            events=[{"type": "offer_accepted", "at": "2026-11-20T09:00"}],
            other_interviews=[{"company": "PT Daftar", "start": "2026-11-24T10:00"}],
        ),
        case_dict(company="PT Lain", stage="scheduled", interview=SOON),
    ],
    "offer_declining": [
        case_dict(stage="offer", offer={"received_at": "2026-11-19T15:00", "decision": "decline"})
    ],
    "cancel_unprepared": [
        case_dict(
            stage="scheduled",
            interview=SOON,
            cancel={"reason": "unprepared", "still_interested": True, "proposed_slots": []},
        )
    ],
}


def workspace_of(cases: list[dict[str, Any]]) -> tuple[Desk, list[str]]:
    history = History(duckdb.connect(":memory:"))
    desk, _ = Desk.create(history, NOW, "id")
    assert desk.workspace is not None
    ids = [history.save_case(desk.workspace, validate(data, NOW), NOW) for data in cases]
    return Desk.of(history, desk.workspace, NOW, "id"), ids


def now_steps(desk: Desk, case_id: str) -> list[Recommendation]:
    return [rec for rec in desk.plan(case_id).actions if rec.status == "now"]


def recorded(desk: Desk) -> int:
    """How much the workspace holds: its steps and its cases' versions (marking a step aimed
    at an interview the case lists saves a new version of the case)."""
    return sum(len(stored.case.events) + stored.version for stored in desk.cases)


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_now_step_can_be_drafted(name: str) -> None:
    desk, ids = workspace_of(SCENARIOS[name])
    steps = now_steps(desk, ids[0])
    assert steps, name
    for rec in steps:
        if not has_message(rec.action) or rec.template is None:  # (a tip has no message)
            with pytest.raises(FollowupError) as refused:
                desk.draft(ids[0], rec.action)
            assert refused.value.message("id")  # one sentence: it has no message
            continue
        for channel in channels(rec.action):
            options = DraftOptions(channel=channel, target=rec.target)
            missing = missing_fact(desk, ids[0], rec.action, options)
            if missing is not None:  # a fact the form asks for, named in one sentence
                assert (missing.key, missing.field) in {
                    ("missing_for_draft", f) for f in FORM_FIELDS
                }
                continue
            draft = desk.draft(ids[0], rec.action, options)
            assert draft.body.strip(), (name, rec.action, channel)
            assert "{" not in draft.body, draft.body


def missing_fact(
    desk: Desk, case_id: str, action: ActionId, options: DraftOptions
) -> FollowupError | None:
    """The error of a draft that needs a fact the case lacks, or None when it drafts."""
    try:
        desk.draft(case_id, action, options)
    except FollowupError as exc:
        return exc
    return None


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_now_step_can_be_marked_exactly_when_the_plan_offers_it(name: str) -> None:
    desk, ids = workspace_of(SCENARIOS[name])
    for rec in now_steps(desk, ids[0]):
        if desk.markable(ids[0], rec):
            after = desk.mark_sent(ids[0], rec.action, target=rec.target)
            assert recorded(after) > recorded(desk), (name, rec.action)
            if rec.target is not None:  # (aimed steps: the company's step is done or gone)
                steps = after.plan(ids[0]).actions
                said = [r for r in steps if r.action == rec.action and r.reason == rec.reason]
                assert all(r.status != "now" for r in said), (name, rec.action)
                continue
            again = after.step(ids[0], rec.action)
            # recorded: the step is done, or gone, or (a follow-up chain) waits for later
            assert (
                again is None
                or again.status != "now"
                or again.action != rec.action
                or (again.flags != rec.flags or again.reason != rec.reason)
            ), (name, rec.action)
        else:
            assert rec.action in NOT_RECORDED, (name, rec.action)
            with pytest.raises(FollowupError) as refused:
                desk.mark_sent(ids[0], rec.action, target=rec.target)
            assert refused.value.key == "nothing_to_mark"


def test_steps_the_plan_does_not_offer_are_refused() -> None:
    desk, ids = workspace_of(SCENARIOS["follow_up_due"])
    for action in ("thank_you", "accept_invitation", "linkedin_connect"):
        rec = desk.step(ids[0], action)  # type: ignore[arg-type]
        if rec is not None and desk.markable(ids[0], rec):
            continue
        with pytest.raises(FollowupError) as refused:
            desk.mark_sent(ids[0], action)  # type: ignore[arg-type]
        assert refused.value.key == "nothing_to_mark"


def test_a_same_day_clash_is_told_and_marked_through_the_desk() -> None:
    """The reproduction of the issue: the card said "tell the company" now, and marking it
    answered "nothing to mark" (it was checked against the bare case)."""
    desk, (mine, other) = workspace_of(SCENARIOS["same_day_scheduled"])
    rec = desk.step(mine, "tell_lower_priority")
    assert rec is not None
    assert rec.status == "now"
    assert "same_day_conflict" in (desk.step(mine, "confirm_interview") or rec).flags
    draft = desk.draft(mine, "tell_lower_priority")
    assert "PT Maju Jaya" in draft.body  # on a clash: told to this company
    after = desk.mark_sent(mine, "tell_lower_priority")
    done = after.step(mine, "tell_lower_priority")
    assert done is not None
    assert done.status == "done"
    assert after.case(other) == desk.case(other)  # the other application is untouched


def test_an_offer_writes_to_each_other_company_and_records_it_there() -> None:
    """The reproduction of the issue: with an offer and another interview ahead, the drafts
    to the other companies failed with "first fill in an upcoming other interview". Revision
    3: one step per company, each written with that company's own facts; cancelling comes
    only after the acceptance was sent."""
    desk, (offer, lain, tiga) = workspace_of(SCENARIOS["offer_with_workspace_interviews"])
    told = [rec for rec in desk.plan(offer).actions if rec.action == "tell_lower_priority"]
    assert [rec.target for rec in told] == [0, 1]
    first = desk.draft(offer, "tell_lower_priority", DraftOptions(target=0))
    second = desk.draft(offer, "tell_lower_priority", DraftOptions(target=1))
    assert "PT Lain" in first.body
    assert "Staf IT" in first.body  # that company's position, not the offer's
    assert "Analis Data" not in first.body
    assert "PT Tiga" in second.body
    assert "Ibu Sari Dewi" in first.body  # that company's own contact
    assert first.links.mailto is not None
    assert "sari@lain.co.id" in first.links.mailto
    assert "Tim Rekrutmen PT Tiga" in second.body  # no contact known: its recruitment team
    for draft in (first, second):
        assert "Budi Santoso" not in draft.body  # the offer's contact is not the other's
        assert "budi" not in (draft.links.mailto or "")  # nor its e-mail address
    assert desk.application_for(offer, 0) == desk.case(lain)
    after = desk.mark_sent(offer, "tell_lower_priority", target=0)
    informed = after.case(lain)
    assert informed is not None
    assert [e.type for e in informed.case.events] == ["lower_priority_told"]
    statuses = sorted(
        (r.target, r.status) for r in after.plan(offer).actions if r.action == "tell_lower_priority"
    )
    assert statuses == [(0, "done"), (1, "now")]
    assert after.step(offer, "cancel_other_interviews", 0) is None  # nothing accepted yet


def test_after_the_acceptance_each_other_interview_is_cancelled() -> None:
    desk, (offer, lain) = workspace_of(SCENARIOS["offer_accepted"])
    cancels = [r for r in desk.plan(offer).actions if r.action == "cancel_other_interviews"]
    assert [(r.target, r.status) for r in cancels] == [(0, "now"), (1, "now")]
    listed = desk.draft(offer, "cancel_other_interviews", DraftOptions(target=0))
    assert "PT Daftar" in listed.body
    assert "posisi yang saya lamar" in listed.body  # its position is unknown: not this case's
    assert "Analis Data" not in listed.body
    after = desk.mark_sent(offer, "cancel_other_interviews", target=1)  # the application
    cancelled = after.case(lain)
    assert cancelled is not None
    assert [e.type for e in cancelled.case.events] == ["interview_cancelled"]
    assert cancelled.case.cancel is not None
    assert cancelled.case.cancel.reason == "accepted_other_offer"
    last = after.mark_sent(offer, "cancel_other_interviews", target=0)  # the listed one
    stored = last.case(offer)
    assert stored is not None
    assert stored.case.other_interviews[0].cancelled
    remaining = [r for r in last.plan(offer).actions if r.action == "cancel_other_interviews"]
    assert [(r.target, r.status) for r in remaining] == [(0, "done")]


def test_a_message_is_written_for_the_moment_it_is_sent() -> None:
    """Revision 3: a WhatsApp reply written on Friday night is written for Monday 08:00: its
    greeting is the morning's, and the interview on Wednesday is not "today"."""
    friday_night = at("2026-11-20T21:30")
    history = History(duckdb.connect(":memory:"))
    desk, _ = Desk.create(history, friday_night, "id")
    assert desk.workspace is not None
    case = case_dict(
        stage="invited", invited_at="2026-11-20T19:00", interview={"start": "2026-11-23T14:00"}
    )
    case_id = history.save_case(desk.workspace, validate(case, friday_night), friday_night)
    desk = Desk.of(history, desk.workspace, friday_night, "id")
    chat = desk.draft(case_id, "accept_invitation", DraftOptions(channel="whatsapp"))
    assert chat.send_at == at("2026-11-23T08:00")
    assert chat.body.startswith("Selamat pagi")
    assert "hari ini, Senin" in chat.body  # Monday's interview, said on Monday
    mail = desk.draft(case_id, "accept_invitation", DraftOptions(channel="email"))
    assert mail.send_at == friday_night  # an e-mail may be written any time
    assert "hari ini" not in mail.body


def test_the_calendar_holds_the_steps_the_page_shows() -> None:
    from icalendar import Calendar

    from followup.desk import upcoming_steps

    desk, (mine, _) = workspace_of(SCENARIOS["same_day_invited"])
    ahead = upcoming_steps(desk.plan(mine), NOW)
    assert any("same_day_conflict" in rec.flags for _, rec in ahead)  # seen with the workspace
    events = Calendar.from_ical(desk.calendar()).walk("VEVENT")
    uids = {str(event["uid"]) for event in events}
    assert {f"{mine}.{rec.action}@followup" for _, rec in ahead} <= uids


def test_one_mark_evaluates_the_clicked_case_once(planned: Callable[[], list[str]]) -> None:
    """In a workspace of five applications, marking a step plans the clicked application once
    (on the Desk that showed it, already planned: none), and the Desk after the write plans
    only the application the write changed."""
    counted = planned()
    companies = [f"PT Lima {n}" for n in range(5)]
    desk, ids = workspace_of([case_dict(company=name) for name in companies])
    desk.board()  # the page drew every application
    assert sorted(counted) == sorted(companies)
    counted.clear()
    after = desk.mark_sent(ids[2], "thank_you")
    assert counted == []  # the step was checked on the plan the page showed
    after.board()  # the page after the click
    assert counted == ["PT Lima 2"]  # only the application that changed is planned again
