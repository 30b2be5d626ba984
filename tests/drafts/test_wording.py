"""How a draft speaks (etiquette-rules.md, Revision 2): the recipient and the honorific
however a contact's name was typed, the greeting of the send time on the case's clock, a call
that checks who answered, no call script for chasing, the signature, thanks "again" only
after a thank-you, and the interview's details as a block."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

import pytest

from bench.cases import at, case_dict
from followup.messages import render_draft
from followup.models import Case
from followup.templates import load_templates
from tests.full_case import FULL, MATRIX, NOW, full_case, with_contact

# --- forms of address -------------------------------------------------------------------------
# How a contact may be typed: (contact JSON, the e-mail recipient in id, in a chat/call in id)
CONTACTS: list[tuple[dict[str, Any] | None, str, str]] = [
    ({"name": "Ibu Rina Marlina"}, "Ibu Rina Marlina", "Bu Rina"),
    ({"name": "bu rina marlina", "salutation": "bapak"}, "Ibu rina marlina", "Bu rina"),
    ({"name": "Pak Budi"}, "Bapak Budi", "Pak Budi"),
    ({"name": "Bpk. Budi Santoso"}, "Bapak Budi Santoso", "Pak Budi"),
    ({"name": "Mbak Ayu Lestari"}, "Ibu Ayu Lestari", "Bu Ayu"),
    ({"name": "Sdr. Andi"}, "Bapak Andi", "Pak Andi"),
    ({"name": "Sdri Dewi"}, "Ibu Dewi", "Bu Dewi"),
    ({"name": "MAS Joko"}, "Bapak Joko", "Pak Joko"),
    ({"name": "Ibu Bu Rina"}, "Ibu Rina", "Bu Rina"),
    ({"name": "Rina Marlina", "salutation": "ibu"}, "Ibu Rina Marlina", "Bu Rina"),
    ({"name": "Budi Santoso"}, "Budi Santoso", "Budi Santoso"),  # never Bapak/Ibu to a name
    ({"name": "Bapak/Ibu Budi Santoso"}, "Budi Santoso", "Budi Santoso"),
    ({"name": "HRD"}, "Bapak/Ibu HRD PT Maju Jaya", "Bapak/Ibu"),
    ({"email": "hr@majujaya.co.id"}, "Tim Rekrutmen PT Maju Jaya", "Bapak/Ibu"),
    (None, "Tim Rekrutmen PT Maju Jaya", "Bapak/Ibu"),
]
HONORIFIC = r"(?:Bapak/Ibu|Bapak|Ibu|Pak|Bu|Mbak|Mas|Sdri?\.?)"
BEFORE_A_NAME = re.compile(r"Bapak/Ibu[ \t]+(?!HRD\b)[A-Z]")  # ("Bapak/Ibu HRD": a team)
DOUBLED = re.compile(rf"\b{HONORIFIC}[ \t]+{HONORIFIC}(?![\w/])", re.IGNORECASE)
GREETING = {
    "id": re.compile(r"^Selamat (pagi|siang|sore|malam)\b"),
    "en": re.compile(r"^Good (morning|afternoon|evening)\b"),
}
# Chasing by phone is a don't (kalibrr-dos-donts): these have no call script.
NO_PHONE = (
    "thank_you",
    "follow_up",
    "second_follow_up",
    "thank_after_rejection",
    "linkedin_connect",
)


@pytest.mark.parametrize(("action", "lang", "channel", "tone"), MATRIX)
def test_forms_of_address(action: str, lang: str, channel: str, tone: str) -> None:
    for contact, recipient, addressee in CONTACTS:
        case = with_contact(contact)
        draft = render_draft(case, action, channel, tone, lang, None, NOW)  # type: ignore[arg-type]
        text = f"{draft.subject or ''}\n{draft.body}"
        where = (contact, text)
        assert not BEFORE_A_NAME.search(text), where
        assert not DOUBLED.search(text), where
        if lang != "id" or action == "cancel_other_interviews":
            continue  # that one goes to the other company's team
        if channel == "email":
            assert draft.body.startswith(f"Yth. {recipient},"), where
        if channel in ("whatsapp", "phone"):
            # a call script is read aloud: "Pak/Bu" to choose from, never "Bapak/Ibu"
            spoken = "Pak/Bu" if channel == "phone" and addressee == "Bapak/Ibu" else addressee
            assert spoken in draft.body, where
            assert "Mohon maaf mengganggu waktunya" in draft.body, where
            if channel == "phone":
                assert "Bapak/Ibu" not in draft.body, where


@pytest.mark.parametrize(("action", "lang", "channel", "tone"), MATRIX)
def test_revision_2_shape(action: str, lang: str, channel: str, tone: str) -> None:
    """Greeting in chats and calls, a call checks who answered, the subject names the
    candidate, the e-mail is signed with the candidate's phone, no thanks "again" unasked."""
    draft = render_draft(full_case(), action, channel, tone, lang, None, NOW)  # type: ignore[arg-type]
    first_line = draft.body.split("\n")[0]
    if channel == "whatsapp":
        assert GREETING[lang].match(first_line), first_line
    if channel == "phone":
        opening = draft.body.split("\n")[1]
        assert GREETING[lang].match(opening), opening
        assert opening.endswith("?"), opening  # "… Am I speaking with Mr Budi?"
        assert action not in NO_PHONE
    if channel == "email":
        assert draft.subject is not None
        assert "Rina Wijaya" in draft.subject
        assert draft.body.endswith("Rina Wijaya\n0812-9876-5432"), draft.body[-60:]
    # no thank-you was sent in FULL: nothing says thanks "again"
    assert "sekali lagi" not in draft.body.lower()
    assert not re.search(r"thank(s| you) again", draft.body, re.IGNORECASE)


def test_no_phone_script_for_chasing() -> None:
    templates = load_templates()
    for action in NO_PHONE:
        assert "phone" not in {key[1] for key in templates[action]}, action
    for action in ("confirm_new_time", "tell_lower_priority", "respond_to_offer"):
        assert {key[1] for key in templates[action]} == {"email", "whatsapp"}, action


@pytest.mark.parametrize(
    ("hour", "id_greeting", "en_greeting"),
    [
        ("03:59", "Selamat malam", "Good evening"),
        ("04:00", "Selamat pagi", "Good evening"),
        ("05:00", "Selamat pagi", "Good morning"),
        ("10:59", "Selamat pagi", "Good morning"),
        ("11:00", "Selamat siang", "Good morning"),
        ("12:00", "Selamat siang", "Good afternoon"),
        ("14:59", "Selamat siang", "Good afternoon"),
        ("15:00", "Selamat sore", "Good afternoon"),
        ("17:59", "Selamat sore", "Good afternoon"),
        ("18:00", "Selamat malam", "Good evening"),
        ("23:59", "Selamat malam", "Good evening"),
    ],
)
def test_greeting_of_the_send_time(hour: str, id_greeting: str, en_greeting: str) -> None:
    now = at(f"2026-11-23T{hour}")
    chat = render_draft(full_case(), "thank_you", "whatsapp", "formal", "id", None, now)
    assert chat.body.startswith(f"{id_greeting}, Pak Budi. Mohon maaf mengganggu waktunya.")
    english = render_draft(full_case(), "thank_you", "whatsapp", "formal", "en", None, now)
    assert english.body.startswith(f"{en_greeting}, Mr Budi.")


def test_greeting_follows_the_case_clock() -> None:
    # 02:00 UTC is 09:00 in Jakarta and 11:00 in Jayapura
    utc = datetime.fromisoformat("2026-11-23T02:00:00+00:00")
    jakarta = render_draft(full_case(), "follow_up", "whatsapp", "formal", "id", None, utc)
    assert jakarta.body.startswith("Selamat pagi")
    papua = with_contact({"name": "Pak Budi Santoso"}, timezone="Asia/Jayapura")
    assert render_draft(papua, "follow_up", "whatsapp", "formal", "id", None, utc).body.startswith(
        "Selamat siang"
    )
    # no clock at all: a greeting that fits any hour
    assert render_draft(full_case(), "thank_you", "whatsapp").body.startswith("Halo, Pak Budi.")


def test_thanks_again_only_after_a_thank_you() -> None:
    first = render_draft(full_case(), "follow_up", "email", "formal", "id", None, NOW)
    assert "Terima kasih atas kesempatan wawancara yang telah Bapak berikan." in first.body
    assert "Sekali lagi" not in first.body
    thanked = with_contact(
        {"name": "Ibu Rina Marlina"},
        stage="interviewed",
        interview={"start": "2026-11-19T10:00"},
        cancel=None,
        events=[{"type": "thank_you_sent", "at": "2026-11-19T15:00"}],
    )
    again = render_draft(thanked, "follow_up", "email", "formal", "id", None, NOW)
    assert (
        "Sekali lagi, terima kasih atas kesempatan wawancara yang telah Ibu berikan." in again.body
    )
    english = render_draft(thanked, "follow_up", "email", "formal", "en", None, NOW)
    assert "Thank you again for the opportunity to interview with you." in english.body


def test_without_the_candidate_phone_the_signature_is_the_name() -> None:
    data = json.loads(json.dumps(FULL))
    del data["candidate_phone"]
    case = Case.model_validate_json(json.dumps(data))
    draft = render_draft(case, "thank_you", "email", "formal", "id", None, NOW)
    assert draft.body.endswith("Hormat saya,\nRina Wijaya")


def test_interview_details_are_a_block() -> None:
    draft = render_draft(full_case(), "confirm_interview", "email", "formal", "id", None, NOW)
    assert (
        "\n\nHari/tanggal: Rabu, 25 November 2026\nWaktu: 10.00 WIB\n"
        "Tempat: Gedung Graha Niaga Lt. 5, Jakarta Selatan\n\n"
    ) in draft.body
    video = with_contact(
        {"name": "Pak Budi"},
        interview={"start": "2026-11-25T10:00", "format": "video", "location": "Zoom"},
    )
    lines = render_draft(video, "confirm_new_time", "whatsapp", "concise", "en", None, NOW).body
    assert "Date: Wednesday, 25 November 2026\nTime: 10:00 WIB\nFormat: video call (Zoom)" in lines


def test_recipient_without_a_contact_name() -> None:
    data = case_dict(contact={"name": None})
    case = Case.model_validate_json(json.dumps(data))
    draft = render_draft(case, "thank_you", "email", "formal", "id")
    assert draft.body.startswith("Yth. Tim Rekrutmen PT Maju Jaya,")
    assert "waktu yang telah Bapak/Ibu luangkan" in draft.body  # "you", no name after it
