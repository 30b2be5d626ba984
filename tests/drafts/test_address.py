"""Forms of address (Revision 2): honorifics typed into names, and how a draft addresses people."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from bench.cases import case_dict
from followup.address import addressee, phone_check, recipient, short_name, split_honorific, you
from followup.formmap import case_to_form, form_to_case
from followup.i18n import validation_message
from followup.models import Case, Contact


@pytest.mark.parametrize(
    ("typed", "name", "salutation"),
    [
        # the brief's list, any case, with or without a dot
        ("Ibu Rina Marlina", "Rina Marlina", "ibu"),
        ("ibu rina", "rina", "ibu"),
        ("Bu Rina", "Rina", "ibu"),
        ("BU. Rina", "Rina", "ibu"),
        ("Bapak Budi Santoso", "Budi Santoso", "bapak"),
        ("Pak Budi", "Budi", "bapak"),
        ("pak. Budi", "Budi", "bapak"),
        ("Bpk. Budi", "Budi", "bapak"),
        ("Bpk Budi", "Budi", "bapak"),
        ("Bpk.Budi", "Budi", "bapak"),
        ("Mbak Ayu", "Ayu", "ibu"),
        ("Mas Joko", "Joko", "bapak"),
        ("Sdr. Andi", "Andi", "bapak"),
        ("Sdri. Dewi", "Dewi", "ibu"),
        ("Sdri Dewi", "Dewi", "ibu"),
        # typed in English
        ("Mr. John Tan", "John Tan", "bapak"),
        ("Ms Sarah Lim", "Sarah Lim", "ibu"),
        # doubled: all go, the first one counts
        ("Ibu Bu Rina", "Rina", "ibu"),
        ("Pak Bapak Budi", "Budi", "bapak"),
        # "Bapak/Ibu" says nothing about the person: it goes, no salutation
        ("Bapak/Ibu Budi", "Budi", None),
        # names that merely begin like an honorific stay whole
        ("Masayu Lestari", "Masayu Lestari", None),
        ("Budiman", "Budiman", None),
        ("Ibuk", "Ibuk", None),
        ("Mbakyu Sari", "Mbakyu Sari", None),
        # only an honorific: no name left
        ("Pak", "", "bapak"),
    ],
)
def test_honorifics_typed_into_a_name(typed: str, name: str, salutation: str | None) -> None:
    rest, meant, _ = split_honorific(typed)
    assert (rest, meant) == (name, salutation)
    contact = Contact.model_validate({"name": typed})
    assert contact.name == (name or None)
    assert contact.salutation == salutation


def test_the_typed_honorific_wins_over_the_field() -> None:
    # the honorific stands next to the name; the field may be the form's stale default
    contact = Contact.model_validate({"name": "Pak Budi", "salutation": "ibu"})
    assert (contact.name, contact.salutation) == ("Budi", "bapak")
    kept = Contact.model_validate({"name": "Budi", "salutation": "ibu"})
    assert (kept.name, kept.salutation) == ("Budi", "ibu")
    neutral = Contact.model_validate({"name": "Bapak/Ibu Rina", "salutation": "ibu"})
    assert (neutral.name, neutral.salutation) == ("Rina", "ibu")


def test_the_case_json_gets_it_too() -> None:
    data = case_dict(contact={"name": "Ibu Rina Marlina"})
    case = Case.model_validate_json(json.dumps(data))
    assert case.contact is not None
    assert (case.contact.name, case.contact.salutation) == ("Rina Marlina", "ibu")
    # validating the dump again changes nothing (imports and the history round trip)
    again = Case.model_validate_json(case.model_dump_json())
    assert again == case


def test_an_unknown_salutation_is_refused_in_words() -> None:
    data = case_dict(contact={"name": "Budi", "salutation": "tuan"})
    with pytest.raises(ValidationError) as caught:
        Case.model_validate_json(json.dumps(data))
    assert "contact.salutation" in validation_message(caught.value, "en")


def test_candidate_phone_is_checked_like_any_phone() -> None:
    ok = Case.model_validate_json(json.dumps(case_dict(candidate_phone=" 0812-1111-2222 ")))
    assert ok.candidate_phone == "0812-1111-2222"
    blank = Case.model_validate_json(json.dumps(case_dict(candidate_phone="  ")))
    assert blank.candidate_phone is None
    with pytest.raises(ValidationError) as caught:
        Case.model_validate_json(json.dumps(case_dict(candidate_phone="call me")))
    assert "candidate_phone" in validation_message(caught.value, "en")


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Budi Santoso", "Budi"),
        ("M. Rizky Pratama", "Rizky"),
        ("Dr. Budi Santoso, M.M.", "Budi"),
        ("Rina, S.E.", "Rina"),
        ("A.", "A."),
    ],
)
def test_short_name(name: str, short: str) -> None:
    assert short_name(name) == short


@pytest.mark.parametrize(
    ("name", "salutation", "lang", "email", "chat", "polite", "check"),
    [
        (
            "Budi Santoso",
            "bapak",
            "id",
            "Bapak Budi Santoso",
            "Pak Budi",
            "Bapak",
            "Apakah benar saya berbicara dengan Pak Budi?",
        ),
        (
            "Rina Marlina",
            "ibu",
            "id",
            "Ibu Rina Marlina",
            "Bu Rina",
            "Ibu",
            "Apakah benar saya berbicara dengan Bu Rina?",
        ),
        # salutation unknown: never "Bapak/Ibu" to a named person (Revision 3): the name, "Anda"
        (
            "Budi Santoso",
            None,
            "id",
            "Budi Santoso",
            "Budi Santoso",
            "Anda",
            "Apakah benar saya berbicara dengan Budi Santoso?",
        ),
        # a title is written, never said; a team is "Bapak/Ibu HRD"
        (
            "Dr. Lestari Wulandari, M.Psi.",
            "ibu",
            "id",
            "Ibu Dr. Lestari Wulandari, M.Psi.",
            "Bu Lestari",
            "Ibu",
            "Apakah benar saya berbicara dengan Bu Lestari?",
        ),
        (
            "Dr. Lestari Wulandari",
            None,
            "id",
            "Dr. Lestari Wulandari",
            "Lestari Wulandari",
            "Anda",
            "Apakah benar saya berbicara dengan Lestari Wulandari?",
        ),
        (
            "HRD",
            None,
            "id",
            "Bapak/Ibu HRD PT Maju Jaya",
            "Bapak/Ibu",
            "Bapak/Ibu",
            "Apakah benar ini dengan bagian rekrutmen PT Maju Jaya?",
        ),
        # no name: the team
        (
            None,
            None,
            "id",
            "Tim Rekrutmen PT Maju Jaya",
            "Bapak/Ibu",
            "Bapak/Ibu",
            "Apakah benar ini dengan bagian rekrutmen PT Maju Jaya?",
        ),
        (
            "Budi Santoso",
            "bapak",
            "en",
            "Mr Budi Santoso",
            "Mr Budi",
            "you",
            "Am I speaking with Mr Budi?",
        ),
        # English: no first name to HR of unknown gender; "Dr Lestari", never "Ms Dr."
        (
            "Budi Santoso",
            None,
            "en",
            "Budi Santoso",
            "Budi Santoso",
            "you",
            "Am I speaking with Budi Santoso?",
        ),
        (
            "Dr. Lestari Wulandari, M.Psi.",
            "ibu",
            "en",
            "Dr Lestari Wulandari",
            "Ms Lestari",
            "you",
            "Am I speaking with Ms Lestari?",
        ),
        (
            None,
            None,
            "en",
            "Hiring Team at PT Maju Jaya",
            "Sir/Madam",
            "you",
            "Is this the recruitment team at PT Maju Jaya?",
        ),
    ],
)
def test_how_a_draft_addresses_its_reader(
    name: str | None,
    salutation: str | None,
    lang: str,
    email: str,
    chat: str,
    polite: str,
    check: str,
) -> None:
    assert recipient(lang, name, salutation, "PT Maju Jaya") == email
    assert addressee(lang, name, salutation) == chat
    assert you(lang, salutation, name) == polite
    assert phone_check(lang, name, salutation, "PT Maju Jaya") == check


@pytest.mark.parametrize(
    "contact",
    [
        {"name": "Budi Santoso", "salutation": "bapak"},
        {"name": None, "salutation": "ibu", "email": None, "phone": None},
        {"name": "Rina", "salutation": None},
    ],
)
def test_the_form_shows_and_keeps_the_salutation(contact: dict[str, Any]) -> None:
    case = Case.model_validate_json(
        json.dumps(case_dict(contact=contact, candidate_phone="0812 1111 2222"))
    )
    form = case_to_form(case)
    assert form.values["contact_salutation"] == (contact["salutation"] or "none")
    assert form.values["candidate_phone"] == "0812 1111 2222"
    again = Case.model_validate_json(json.dumps(form_to_case(form, timezone="UTC", language="en")))
    assert again == case


def test_a_new_form_with_an_honorific_in_the_name() -> None:
    from datetime import datetime

    from followup.formmap import Form, defaults

    values = defaults("interviewed", datetime(2026, 11, 20, 10, 0))
    values |= {
        "company": "PT Maju Jaya",
        "position": "Analis Data",
        "contact_name": "Ibu Rina",
        "contact_salutation": "none",
    }
    data = form_to_case(Form("interviewed", values), timezone="Asia/Jakarta", language="id")
    data["interview"] = {"start": "2026-11-19T10:00"}
    case = Case.model_validate_json(json.dumps(data))
    assert case.contact is not None
    assert (case.contact.name, case.contact.salutation) == ("Rina", "ibu")
    assert case.candidate_phone is None
