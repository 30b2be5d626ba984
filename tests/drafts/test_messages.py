"""Drafts: every template x channel x language x tone renders correctly for the full case;
the values a draft needs and the drafts that cannot be written; talking points; withdrawing;
links by channel; golden files (readable diffs when the wording changes)."""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bench.cases import at
from followup.errors import CaseError
from followup.messages import MessageError, render_draft
from followup.models import Case
from followup.templates import load_templates
from tests.full_case import FULL, MATRIX, NOW, full_case, with_contact

GOLDEN = Path(__file__).with_name("golden")

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
            if channel == "phone" and lang == "id" and fact == "Bapak/Ibu":
                fact = "Pak/Bu"  # a call script is read aloud: never "Bapak/Ibu" (Revision 3)
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
