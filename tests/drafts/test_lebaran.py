"""The Lebaran line (Revision 3): in Syawal, the first message since Idul Fitri may open with
one line of Lebaran greeting. It is offered, never added unasked; it follows the salutation;
a phone script, a message outside Syawal or after one already sent since Idul Fitri never
carries it. Idul Fitri is Indonesia's date as `holidays` has it (21 March 2026)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from typing import Any

import pytest

from bench.cases import at, case_dict
from followup.business_days import idul_fitri, syawal_start
from followup.desk import validate
from followup.lebaran import lebaran_due, with_opening
from followup.messages import DraftOptions, render_draft
from followup.models import Case
from tests.conftest import cli

ID_LINE = "Selamat Hari Raya Idul Fitri, mohon maaf lahir dan batin."
EN_LINE = "Eid Mubarak to you and your family."
# interviewed before the Nyepi and Idul Fitri closure, thanked the same day
BEFORE = {
    "invited_at": "2026-03-06T09:00",
    "interview": {"start": "2026-03-13T10:00"},
    "events": [{"type": "thank_you_sent", "at": "2026-03-13T15:00"}],
}


def case(**changes: Any) -> Case:
    return validate(case_dict(**{**BEFORE, **changes}), at("2026-04-02T10:00"))


def test_idul_fitri_and_syawal_come_from_the_calendar() -> None:
    assert idul_fitri(2026) == date(2026, 3, 21)
    assert syawal_start(date(2026, 3, 21)) == date(2026, 3, 21)
    assert syawal_start(date(2026, 4, 19)) == date(2026, 3, 21)  # day 30
    assert syawal_start(date(2026, 4, 20)) is None  # Dzulqa'dah
    assert syawal_start(date(2026, 3, 20)) is None  # the last day of Ramadan


def test_the_calendar_s_odd_years() -> None:
    # 2021: Idul Fitri fell on Ascension Day ("Ascension Day; Eid al-Fitr" in `holidays`)
    assert idul_fitri(2021) == date(2021, 5, 13)
    # 2033 has two; Syawal of the second runs into January 2034
    assert syawal_start(date(2033, 1, 10)) == date(2033, 1, 3)
    assert syawal_start(date(2034, 1, 10)) == date(2033, 12, 23)


def test_deciding_it_does_not_load_the_holiday_library() -> None:
    """The page asks on every draft: the shipped table answers, `holidays` stays unloaded."""
    script = (
        "import sys\n"
        "from datetime import date\n"
        "from followup.business_days import syawal_start\n"
        "assert syawal_start(date(2026, 4, 6)) == date(2026, 3, 21)\n"
        "print('holidays' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (done.returncode, done.stdout.strip()) == (0, "False"), done.stderr


@pytest.mark.parametrize(
    ("now", "changes", "due"),
    [
        ("2026-03-26T09:00", {}, True),  # the first message after the closure
        ("2026-03-20T09:00", {}, False),  # still Ramadan
        ("2026-04-25T09:00", {}, False),  # Syawal is over
        # a follow-up already sent since Idul Fitri carried the greeting, if any
        (
            "2026-04-02T09:00",
            {"events": [*BEFORE["events"], {"type": "follow_up_sent", "at": "2026-03-26T09:00"}]},
            False,
        ),
        # the company's reply is not the person's message: the greeting is still theirs to give
        (
            "2026-03-27T09:00",
            {"events": [*BEFORE["events"], {"type": "reply_received", "at": "2026-03-26T09:00"}]},
            True,
        ),
        ("2026-03-26T09:00", {"country": "SG", "timezone": "Asia/Singapore"}, False),
    ],
)
def test_when_the_line_is_due(now: str, changes: dict[str, Any], due: bool) -> None:
    assert lebaran_due(case(**changes), at(now)) is due


def draft(subject: Case, now: str, **options: Any) -> str:
    chosen = DraftOptions(now=at(now), **options)
    return render_draft(subject, "follow_up", chosen).body


def test_the_line_is_added_only_when_asked() -> None:
    plain = draft(case(), "2026-03-26T09:00")
    assert ID_LINE not in plain
    greeted = draft(case(), "2026-03-26T09:00", lebaran=True)
    assert greeted == with_opening(plain, ID_LINE)
    paragraphs = greeted.split("\n\n")
    # after "Yth. …," and "Dengan hormat,", before what the message is about
    assert paragraphs[0].startswith("Yth. ")
    assert paragraphs[1] == "Dengan hormat,"
    assert paragraphs[2] == ID_LINE
    assert paragraphs[3].startswith("Saya Rina Wijaya")


def test_asked_outside_syawal_nothing_changes() -> None:
    assert draft(case(), "2026-04-25T09:00", lebaran=True) == draft(case(), "2026-04-25T09:00")


def test_a_chat_says_it_right_after_the_greeting() -> None:
    body = draft(case(), "2026-03-26T09:00", lebaran=True, channel="whatsapp")
    assert body.startswith(f"Selamat pagi, Budi Santoso. {ID_LINE} Mohon maaf")
    assert body.count(ID_LINE) == 1


def test_english_says_it_in_english_after_the_salutation() -> None:
    body = draft(case(), "2026-03-26T09:00", lebaran=True, lang="en")
    paragraphs = body.split("\n\n")
    assert paragraphs[0].startswith("Dear ")
    assert paragraphs[1] == EN_LINE


def test_a_phone_script_never_carries_it() -> None:
    subject = case(stage="scheduled", interview={"start": "2026-03-30T10:00"}, events=[])
    chosen = DraftOptions(channel="phone", now=at("2026-03-26T09:00"), lebaran=True)
    body = render_draft(subject, "confirm_interview", chosen).body
    assert ID_LINE not in body


def test_the_links_carry_the_line_as_shown() -> None:
    chosen = DraftOptions(now=at("2026-03-26T09:00"), lebaran=True)
    found = render_draft(case(), "follow_up", chosen)
    assert found.links.mailto is not None
    assert "Idul%20Fitri" in found.links.mailto


def test_the_cli_adds_it_on_request() -> None:
    data = json.dumps(case_dict(**BEFORE))
    args = ("draft", "-", "--action", "follow_up", "--now", "2026-03-26T09:00")
    code, out, err = cli(*args, "--lebaran", stdin=data)
    assert (code, err) == (0, "")
    assert ID_LINE in json.loads(out)["body"]
    code, out, err = cli(*args, stdin=data)
    assert (code, err) == (0, "")
    assert ID_LINE not in json.loads(out)["body"]
