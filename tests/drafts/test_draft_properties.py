"""Properties of the drafts a plan offers (Revision 3), over random cases: a message to
another company carries that company's facts, never this case's position or contact; a
WhatsApp message or a call script greets for the moment it is sent (`send_at`)."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given

from followup.desk import ALONE, Desk, DraftOptions, FollowupError, channels, has_message
from followup.models import Case
from tests.rules.strategies import PROPS, plan_or_skip, scenarios

GREETINGS = {
    "id": (
        (0, "Selamat malam"),
        (4, "Selamat pagi"),
        (11, "Selamat siang"),
        (15, "Selamat sore"),
        (18, "Selamat malam"),
    ),
    "en": ((0, "Good evening"), (5, "Good morning"), (12, "Good afternoon"), (18, "Good evening")),
}


def greeting_for(moment: datetime, lang: str) -> str:
    return [said for hour, said in GREETINGS[lang] if moment.hour >= hour][-1]


def drafts(case: Case, now: datetime) -> list[tuple[object, str, object]]:
    """Every draft of every step the plan shows as now: (recommendation, channel, draft)."""
    plan_or_skip(case, now)
    desk = Desk.alone(case, now, case.language)
    found = []
    for rec in desk.plan(ALONE).actions:
        if rec.status != "now" or not has_message(rec.action):
            continue
        for channel in channels(rec.action):
            try:
                draft = desk.draft(ALONE, rec.action, DraftOptions(channel, target=rec.target))
            except FollowupError:
                continue  # a fact the case lacks, named in one sentence (tested elsewhere)
            found.append((rec, channel, draft))
    return found


@PROPS
@given(scenarios())
def test_a_message_to_another_company_carries_its_own_facts(
    scenario: tuple[Case, datetime],
) -> None:
    case, now = scenario
    for rec, _, draft in drafts(case, now):
        if rec.target is None:  # type: ignore[attr-defined]
            continue
        other = case.other_interviews[rec.target]  # type: ignore[attr-defined]
        text = f"{draft.subject or ''}\n{draft.body}"  # type: ignore[attr-defined]
        assert other.company in text
        if other.position != case.position:
            assert f"posisi {case.position}" not in text
            assert f"the {case.position} position" not in text
        if case.contact is not None and case.contact.name:
            assert case.contact.name not in text
        links = draft.links  # type: ignore[attr-defined]
        if case.contact is not None and case.contact.email:
            assert case.contact.email not in (links.mailto or "")


@PROPS
@given(scenarios())
def test_chats_and_calls_greet_for_the_moment_they_are_sent(
    scenario: tuple[Case, datetime],
) -> None:
    case, now = scenario
    for _, channel, draft in drafts(case, now):
        if channel not in ("whatsapp", "phone"):
            continue
        send_at = draft.send_at  # type: ignore[attr-defined]
        assert send_at is not None
        assert send_at >= now
        expected = greeting_for(send_at.astimezone(case.tz), case.language)
        assert expected in draft.body, (send_at, draft.body[:80])  # type: ignore[attr-defined]
