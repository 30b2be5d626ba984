"""The plan page (AppTest): a case's cards, most urgent first; their drafts by channel and
tone, and edits kept; every situation; the flags of a late cancellation; English; and marking
a step as sent, a waiting one only after confirming."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest

from bench.apptest import INTERVIEW, fill, page
from tests.pages import (  # noqa: F401 - clean_process: a fresh page history per test
    cards,
    clean_process,
    ok,
)


def test_interviewed_plan_with_draft_and_mark_as_sent() -> None:
    at = fill(page(), "interviewed", contact_email="budi@majujaya.co.id", **INTERVIEW)
    ok(at)
    shown = cards(at)
    assert "Lakukan sekarang" in shown["thank_you"]
    assert "Tunggu" in shown["follow_up"]
    assert "Hindari" in shown["linkedin_connect"]
    assert "Selesai" in shown["collect_contact"]
    assert list(shown)[0] == "thank_you"  # most urgent first
    draft = at.text_area(key="draft-thank_you").value
    assert "Rina Wijaya" in draft
    assert "Kamis, 19 November 2026" in draft
    assert at.query_params["w"]  # the workspace token is in the URL
    at.button(key="mark_sent-thank_you").click().run()
    ok(at)
    assert "Selesai" in cards(at)["thank_you"]
    assert any("Tercatat" in toast.value for toast in at.toast)


def test_channel_and_tone_change_the_draft() -> None:
    at = fill(page(), "interviewed", contact_phone="0812-3456-7890", **INTERVIEW)
    # only a phone number is known: the plan names WhatsApp, and the card starts there
    assert at.segmented_control(key="channel-thank_you").value == "whatsapp"
    chat = at.text_area(key="draft-thank_you").value
    at.segmented_control(key="channel-thank_you").set_value("email").run()
    email = at.text_area(key="draft-thank_you").value
    assert chat != email
    at.segmented_control(key="tone-thank_you").set_value("concise").run()
    assert at.text_area(key="draft-thank_you").value not in (email, chat)
    ok(at)


def test_edits_to_the_draft_are_kept() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    at.text_area(key="draft-thank_you").set_value("Teks saya sendiri.").run()
    assert at.text_area(key="draft-thank_you").value == "Teks saya sendiri."


@pytest.mark.parametrize(
    ("situation", "values", "expected"),
    [
        (
            "invited",
            {
                "invited_date": date(2026, 11, 19),
                "invited_time": time(9, 0),
                "interview_date": date(2026, 11, 25),
            },
            {"accept_invitation": "Lakukan sekarang", "decline_invitation": "Hindari"},
        ),
        (
            "scheduled",
            {"interview_date": date(2026, 11, 25), "interview_time": time(10, 0)},
            {"confirm_interview": "Lakukan sekarang", "linkedin_connect": "Hindari"},
        ),
        (
            "cancel",
            {
                "interview_date": date(2026, 11, 20),
                "interview_time": time(10, 0),
                "cancel_reason": "schedule_conflict",
                "still_interested": False,
            },
            {"cancel_interview": "Lakukan sekarang"},
        ),
        (
            "rejected",
            {"rejected_date": date(2026, 11, 18)},
            {"thank_after_rejection": "Lakukan sekarang", "move_on": "Lakukan sekarang"},
        ),
        # Revision 3: an offer is decided first; the process is not over before that
        ("offer", {}, {"respond_to_offer": "Lakukan sekarang", "linkedin_connect": "Hindari"}),
    ],
)
def test_every_situation(situation: str, values: dict[str, Any], expected: dict[str, str]) -> None:
    at = fill(page(), situation, **values)
    ok(at)
    shown = cards(at)
    for action, badge in expected.items():
        assert badge in shown[action], (action, shown)


def test_cancel_under_24h_shows_the_flags() -> None:
    at = fill(
        page(),
        "cancel",
        interview_date=date(2026, 11, 20),
        interview_time=time(10, 0),
        cancel_reason="schedule_conflict",
        still_interested=False,
    )
    said = cards(at)["cancel_interview"]  # the card's text, its flags under the step
    assert "kurang dari 24 jam" in said  # the measure that holds, in the reason
    assert "telepon juga untuk memastikan" in said


def test_english_page() -> None:
    at = fill(page(lang="en"), "interviewed", **INTERVIEW)
    ok(at)
    assert "Do it now" in cards(at)["thank_you"]
    assert "Thank you" in at.text_area(key="draft-thank_you").value


def test_a_waiting_step_is_marked_only_after_confirming() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    at.button(key="mark_sent-thank_you").click().run()
    assert "Tunggu" in cards(at)["follow_up"]
    at.button(key="mark_sent-follow_up").click().run()  # the button inside "mark early"
    ok(at)
    assert "Selesai" in cards(at)["follow_up"]


def _steps(at: Any) -> tuple[set[str], dict[str, str]]:
    """The steps drawn whole, and the one line of each folded step."""
    whole = {
        str(c.key).removeprefix("action-")
        for c in at.get("flex_container")
        if str(getattr(c, "key", None) or "").startswith("action-")
    }
    lines = {
        str(e.key).removeprefix("action-"): e.label
        for e in at.expander
        if str(e.key or "").startswith("action-")
    }
    return whole, lines


def test_one_step_in_focus_and_the_others_one_line() -> None:
    """Issue 26: the step to do now is whole; a step to wait for is one line (badge, what, the
    day it opens) that opens on a tap, with its buttons drawn; a step that asks nothing now is
    one line. With nothing to do now, the next step to wait for is the one in focus."""
    at = fill(page(), "interviewed", contact_email="budi@majujaya.co.id", **INTERVIEW)
    ok(at)
    whole, lines = _steps(at)
    assert whole == {"thank_you"}
    assert lines["follow_up"].endswith("Tanyakan hasil wawancara — mulai Kamis, 26 Nov")
    assert "Tunggu" in lines["follow_up"]
    assert "Hindari" in lines["linkedin_connect"]
    assert at.button(key="mark_sent-follow_up")  # (folded, still there: "mark early")
    at.button(key="mark_sent-thank_you").click().run()
    ok(at)
    whole, lines = _steps(at)
    assert whole == {"follow_up"}  # nothing to do now: the next step is the one in focus
    assert "Selesai" in lines["thank_you"]
    assert "Tunggu" in lines["move_on"]


def test_a_folded_step_says_its_day_in_english() -> None:
    at = fill(page(lang="en"), "interviewed", **INTERVIEW)
    ok(at)
    assert _steps(at)[1]["follow_up"].endswith("— from Thursday, 26 Nov")
