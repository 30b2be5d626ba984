"""Drafts: every template x channel x language x tone renders correctly for a full case."""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bench.cases import at, case_dict
from followup.errors import CaseError
from followup.messages import MessageError, render_draft
from followup.models import Case
from followup.templates import load_templates

GOLDEN = Path(__file__).with_name("golden")
NOW = at("2026-11-21T10:00")

FULL: dict[str, Any] = case_dict(
    stage="scheduled",
    candidate_phone="0812-9876-5432",
    # typed with its honorific: the model moves it into contact.salutation
    contact={"name": "Pak Budi Santoso"},
    interview={
        "start": "2026-11-25T10:00",
        "location": "Gedung Graha Niaga Lt. 5, Jakarta Selatan",
    },
    reply_by="2026-11-27",
    decline_reason="accepted_other_offer",
    cancel={
        "reason": "illness",
        "still_interested": True,
        "proposed_slots": ["2026-11-30T10:00", "2026-12-01T14:30"],
    },
    other_interviews=[
        {"company": "CV Lain Sejahtera", "start": "2026-11-26T13:00", "position": "Data Analyst"}
    ],
)

MATRIX = [
    (action, lang, channel, tone)
    for action, table in sorted(load_templates().items())
    for (lang, channel, tone) in sorted(table)
]

# The facts each placeholder stands for, as they must appear in the text.
FACTS = {
    "id": {
        "{{company}}": "PT Maju Jaya",
        "{{position}}": "Analis Data",
        "{{candidate_name}}": "Rina Wijaya",
        "{{interview_date}}": "Rabu, 25 November 2026",
        "{{interview_time}}": "10.00 WIB",
        "{{interview_where}}": "di Gedung Graha Niaga Lt. 5, Jakarta Selatan",
        "{{recipient}}": "Bapak Budi Santoso",
        "{{addressee}}": "Pak Budi",
        "{{you}}": "Bapak",
        "{{greeting}}": "Selamat pagi",
        "{{phone_check}}": "Apakah benar saya berbicara dengan Pak Budi?",
        "{{candidate_phone}}": "0812-9876-5432",
        "{{interview_details}}": "Hari/tanggal: Rabu, 25 November 2026\n"
        "Waktu: 10.00 WIB\nTempat: Gedung Graha Niaga Lt. 5, Jakarta Selatan",
        "{{thanks_line}}": "Terima kasih atas kesempatan wawancara yang telah Bapak berikan.",
        "{{proposed_slots}}": "- Senin, 30 November 2026, pukul 10.00 WIB\n"
        "- Selasa, 1 Desember 2026, pukul 14.30 WIB",
        "{{follow_up_reason}}": "Jumat, 27 November 2026",
        "{{cancel_reason}}": "karena kondisi kesehatan saya sedang tidak memungkinkan",
    },
    "en": {
        "{{company}}": "PT Maju Jaya",
        "{{position}}": "Analis Data",
        "{{candidate_name}}": "Rina Wijaya",
        "{{interview_date}}": "Wednesday, 25 November 2026",
        "{{interview_time}}": "10:00 WIB",
        "{{interview_where}}": "at Gedung Graha Niaga Lt. 5, Jakarta Selatan",
        "{{recipient}}": "Mr Budi Santoso",
        "{{addressee}}": "Mr Budi",
        "{{greeting}}": "Good morning",
        "{{phone_check}}": "Am I speaking with Mr Budi?",
        "{{candidate_phone}}": "0812-9876-5432",
        "{{interview_details}}": "Date: Wednesday, 25 November 2026\n"
        "Time: 10:00 WIB\nPlace: Gedung Graha Niaga Lt. 5, Jakarta Selatan",
        "{{thanks_line}}": "Thank you for the opportunity to interview with you.",
        "{{proposed_slots}}": "- Monday, 30 November 2026, at 10:00 WIB\n"
        "- Tuesday, 1 December 2026, at 14:30 WIB",
        "{{follow_up_reason}}": "Friday, 27 November 2026",
        "{{cancel_reason}}": "due to illness",
    },
}
# The other company's interview, for the cancellation after an accepted offer.
OTHER = {
    "{{company}}": "CV Lain Sejahtera",
    "{{position}}": "Data Analyst",
    "{{interview_date}}": {"id": "Kamis, 26 November 2026", "en": "Thursday, 26 November 2026"},
    "{{recipient}}": {"id": "Tim Rekrutmen CV Lain Sejahtera", "en": "Hiring Team"},
    "{{addressee}}": {"id": "Bapak/Ibu", "en": "Sir/Madam"},
    "{{you}}": {"id": "Bapak/Ibu", "en": "you"},
    "{{phone_check}}": {
        "id": "Apakah benar ini dengan bagian rekrutmen CV Lain Sejahtera?",
        "en": "Is this the recruitment team at CV Lain Sejahtera?",
    },
    "{{interview_details}}": {
        "id": "Hari/tanggal: Kamis, 26 November 2026\nWaktu: 13.00 WIB\nTempat: kantor CV Lain",
        "en": "Date: Thursday, 26 November 2026\nTime: 13:00 WIB\nPlace: the CV Lain",
    },
    "{{interview_time}}": {"id": "13.00 WIB", "en": "13:00 WIB"},
    "{{interview_where}}": {"id": "di kantor CV Lain Sejahtera", "en": "at the CV Lain Sejahtera"},
    "{{cancel_reason}}": {
        "id": "karena saya telah menerima tawaran kerja di tempat lain",
        "en": "as I have accepted a job offer elsewhere",
    },
}


def full_case() -> Case:
    return Case.model_validate_json(json.dumps(FULL))


@pytest.mark.parametrize(("action", "lang", "channel", "tone"), MATRIX)
def test_every_template_renders(action: str, lang: str, channel: str, tone: str) -> None:
    points = "Saya sudah 3 tahun memakai SQL." if lang == "id" else "I have used SQL for 3 years."
    draft = render_draft(full_case(), action, channel, tone, lang, points, NOW)  # type: ignore[arg-type]
    assert (draft.action, draft.channel, draft.language, draft.tone) == (
        action,
        channel,
        lang,
        tone,
    )
    text = (draft.subject or "") + "\n" + draft.body
    assert "{{" not in text
    assert "}}" not in text
    assert "None" not in text
    assert "[" not in text
    assert "]" not in text
    assert "\n\n\n" not in draft.body
    assert draft.body == draft.body.strip()
    assert (draft.subject is not None) == (channel == "email")
    template = load_templates()[action][(lang, channel, tone)]
    used = (template.subject or "") + template.body
    for placeholder, fact in FACTS[lang].items():
        if placeholder not in used:
            continue
        if action == "cancel_other_interviews" and placeholder in OTHER:
            expected = OTHER[placeholder]
            fact = expected if isinstance(expected, str) else expected[lang]
        assert fact in text, (placeholder, fact)
    if "{{talking_points}}" in used:
        assert points in draft.body
    # the right language: Indonesian drafts address "Bapak", "Pak Budi"… or speak as "saya"
    if lang == "id":
        assert re.search(r"\b(saya|Saya|Bapak|Pak)\b", text)
    else:
        assert not re.search(r"\b(saya|Bapak|terima kasih)\b", text, re.IGNORECASE)
    if channel == "linkedin":
        assert len(draft.body) <= 300


# --- forms of address (etiquette-rules.md, Revision 2) ---------------------------------------
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
    ({"name": "Budi Santoso"}, "Budi Santoso", "Bapak/Ibu"),
    ({"name": "Bapak/Ibu Budi Santoso"}, "Budi Santoso", "Bapak/Ibu"),
    ({"email": "hr@majujaya.co.id"}, "Tim Rekrutmen PT Maju Jaya", "Bapak/Ibu"),
    (None, "Tim Rekrutmen PT Maju Jaya", "Bapak/Ibu"),
]
HONORIFIC = r"(?:Bapak/Ibu|Bapak|Ibu|Pak|Bu|Mbak|Mas|Sdri?\.?)"
BEFORE_A_NAME = re.compile(r"Bapak/Ibu[ \t]+[A-Z]")
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


def with_contact(contact: dict[str, Any] | None, **changes: Any) -> Case:
    data = json.loads(json.dumps(FULL))
    data["contact"] = contact
    data.update(changes)
    return Case.model_validate_json(json.dumps(data))


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
            assert addressee in draft.body, where
            assert "Mohon maaf mengganggu waktunya" in draft.body, where


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


@pytest.mark.parametrize("reason", ["accepted_other_offer", "not_interested"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_withdrawing_says_why_and_asks_no_new_date(reason: str, lang: str) -> None:
    case = with_contact(
        {"name": "Pak Budi"},
        cancel={"reason": reason, "still_interested": True, "proposed_slots": []},
    )
    words = {
        "id": ("mengundurkan diri", ("waktu lain", "jadwal ulang", "dijadwalkan ulang")),
        "en": ("withdrawing", ("another time", "reschedule")),
    }
    withdraw, reschedule = words[lang]
    reason = {"id": "karena", "en": "as"}[lang]
    for action in ("cancel_interview", "apology_note", "apologize_missed_interview"):
        for (template_lang, channel, tone), template in load_templates()[action].items():
            if template_lang != lang:
                continue
            draft = render_draft(case, action, channel, tone, lang, None, NOW)  # type: ignore[arg-type]
            assert withdraw in draft.body, (action, channel, tone)
            if "{{cancel_reason}}" in template.body:  # the honest reason, briefly
                assert re.search(rf"\b{reason}\b", draft.body), (action, channel, tone)
            for phrase in reschedule:
                assert phrase not in draft.body.lower(), (action, channel, tone, phrase)


def test_empty_talking_points_leave_no_gap() -> None:
    draft = render_draft(full_case(), "thank_you", "email", "formal", "id", None, NOW)
    assert "\n\n\n" not in draft.body
    phone = render_draft(full_case(), "cancel_interview", "phone", "formal", "id", "  ", NOW)
    assert "\n\n\n" not in phone.body


def test_talking_points_are_plain_lines() -> None:
    draft = render_draft(
        full_case(), "thank_you", "email", "formal", "en", "one\r\ntwo\x00\x1b[31m  three", NOW
    )
    assert "one\ntwo[31m three" in draft.body or "one\ntwo" in draft.body
    assert "\x00" not in draft.body
    assert "\x1b" not in draft.body
    assert "\r" not in draft.body


def test_not_interested_drops_the_reschedule_wish() -> None:
    data = json.loads(json.dumps(FULL))
    data["cancel"]["still_interested"] = False
    case = Case.model_validate_json(json.dumps(data))
    interested = render_draft(full_case(), "cancel_interview", "email", "formal", "en", None, NOW)
    not_interested = render_draft(case, "cancel_interview", "email", "formal", "en", None, NOW)
    assert "another time that suits you" in interested.body
    assert "another time that suits you" not in not_interested.body


def test_recipient_without_a_contact_name() -> None:
    data = case_dict(contact={"name": None})
    case = Case.model_validate_json(json.dumps(data))
    draft = render_draft(case, "thank_you", "email", "formal", "id")
    assert draft.body.startswith("Yth. Tim Rekrutmen PT Maju Jaya,")
    assert "waktu yang telah Bapak/Ibu luangkan" in draft.body  # "you", no name after it


@pytest.mark.parametrize(
    ("changes", "action", "field"),
    [
        ({"candidate_name": None}, "thank_you", "candidate_name"),
        ({"cancel": None}, "cancel_interview", "cancel"),
        ({"stage": "offer", "interview": None, "cancel": None}, "thank_you", "interview"),
        ({"decline_reason": None}, "decline_invitation", "decline_reason"),
        ({"other_interviews": []}, "cancel_other_interviews", "other_interviews"),
    ],
)
def test_a_missing_value_names_the_field(changes: dict[str, Any], action: str, field: str) -> None:
    data = {**FULL, **changes}
    data = {k: v for k, v in data.items() if v is not None}
    case = Case.model_validate_json(json.dumps(data))
    with pytest.raises(CaseError) as caught:
        render_draft(case, action, None, "formal", "id", None, NOW)  # type: ignore[arg-type]
    assert caught.value.field == field
    sentence = caught.value.message("id")
    assert sentence.startswith("Untuk menyusun pesan ini, isi dulu")
    assert field in sentence


def test_no_slot_means_reschedule_cannot_be_drafted() -> None:
    data = json.loads(json.dumps(FULL))
    data["cancel"]["proposed_slots"] = []
    case = Case.model_validate_json(json.dumps(data))
    with pytest.raises(CaseError) as caught:
        render_draft(case, "reschedule_interview", "email", "formal", "en", None, NOW)
    assert caught.value.field == "cancel.proposed_slots"


@pytest.mark.parametrize(
    ("action", "channel", "key"),
    [("move_on", None, "no_message"), ("thank_you", "linkedin", "no_channel")],
)
def test_no_draft_for_these(action: str, channel: str | None, key: str) -> None:
    with pytest.raises(MessageError) as caught:
        render_draft(full_case(), action, channel)  # type: ignore[arg-type]
    assert caught.value.key == key


def test_cancel_other_interviews_addresses_the_other_company() -> None:
    draft = render_draft(full_case(), "cancel_other_interviews", "email", "formal", "id", None, NOW)
    assert "CV Lain Sejahtera" in draft.body
    assert draft.links.mailto is not None
    assert draft.links.mailto.startswith("mailto:?")  # not Budi's address at PT Maju Jaya
    later = at("2026-11-27T10:00")  # the other interview has passed
    with pytest.raises(CaseError):
        render_draft(full_case(), "cancel_other_interviews", "email", "formal", "id", None, later)


def test_links_follow_the_channel() -> None:
    email = render_draft(full_case(), "thank_you", "email")
    assert email.links.mailto is not None
    assert email.links.mailto.startswith("mailto:budi@majujaya.co.id?subject=")
    assert (email.links.whatsapp, email.links.tel) == (None, None)
    chat = render_draft(full_case(), "thank_you", "whatsapp")
    assert chat.links.whatsapp is not None
    assert chat.links.whatsapp.startswith("https://wa.me/6281234567890?text=")
    call = render_draft(full_case(), "cancel_interview", "phone")
    assert call.links.tel == "tel:+6281234567890"


# --- golden files: readable diffs when wording changes (UPDATE_GOLDEN=1 rewrites them) --------
GOLDEN_CASES = [
    ("thank_you", "email", "formal", "id"),
    ("thank_you", "whatsapp", "warm", "en"),
    ("follow_up", "email", "formal", "id"),
    ("reschedule_interview", "email", "formal", "id"),
    ("cancel_interview", "phone", "concise", "id"),
    ("thank_after_rejection", "email", "warm", "en"),
    ("linkedin_connect", "linkedin", "formal", "id"),
    ("thank_you", "whatsapp", "formal", "id"),
    ("reschedule_interview", "phone", "formal", "id"),
    ("confirm_new_time", "email", "formal", "id"),
    ("tell_lower_priority", "whatsapp", "formal", "id"),
    ("respond_to_offer", "email", "formal", "id"),
    ("respond_to_offer", "email", "formal", "en"),
]


@pytest.mark.parametrize(("action", "channel", "tone", "lang"), GOLDEN_CASES)
def test_golden_drafts(action: str, channel: str, tone: str, lang: str) -> None:
    draft = render_draft(full_case(), action, channel, tone, lang, None, NOW)  # type: ignore[arg-type]
    rendered = f"subject: {draft.subject}\n\n{draft.body}\n"
    path = GOLDEN / f"{action}.{channel}.{tone}.{lang}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(rendered, encoding="utf-8")
    assert rendered == path.read_text(encoding="utf-8")


def test_rendering_reads_no_clock() -> None:
    a = render_draft(full_case(), "follow_up", "email", "formal", "id", None, NOW)
    b = render_draft(full_case(), "follow_up", "email", "formal", "id", None, NOW)
    assert a == b
    assert isinstance(NOW, datetime)
