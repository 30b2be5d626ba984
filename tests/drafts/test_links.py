"""mailto / WhatsApp / tel links: whatever the fields contain, nothing is added to a link."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.links import mailto, phone_digits, tel, whatsapp

# any text at all: CR/LF, '&', '?', '=', '#', '%', RTL marks, emoji, NUL ...
ANY_TEXT = st.text(min_size=0, max_size=300)
ADDRESS = st.emails()


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


@settings(max_examples=300)
@given(ADDRESS, ANY_TEXT, ANY_TEXT)
def test_mailto_round_trips_and_adds_no_header(address: str, subject: str, body: str) -> None:
    link = mailto(address, subject, body)
    parts = urlsplit(link)
    assert parts.scheme == "mailto"
    assert not parts.fragment
    assert unquote(parts.path) == address
    assert "?" not in parts.path
    fields = parse_qs(parts.query, keep_blank_values=True, strict_parsing=False)
    expected = {"body"} | ({"subject"} if subject else set())
    assert set(fields) == expected
    assert all(len(v) == 1 for v in fields.values())
    assert fields["body"][0] == crlf(body)
    if subject:
        assert fields["subject"][0] == " ".join(subject.splitlines())
        assert "\n" not in fields["subject"][0]
    # nothing but the two fields: the raw query has exactly one '&' when there is a subject
    assert parts.query.count("&") == (1 if subject else 0)
    assert all(ch not in link for ch in '\r\n "<>')


@settings(max_examples=200)
@given(ANY_TEXT, ANY_TEXT)
def test_hostile_address_text_stays_in_the_address(address: str, body: str) -> None:
    link = mailto(address, None, body)
    parts = urlsplit(link)
    assert unquote(parts.path) == address
    assert set(parse_qs(parts.query, keep_blank_values=True)) == {"body"}


@settings(max_examples=300)
@given(ANY_TEXT)
def test_whatsapp_round_trips_and_has_one_parameter(text: str) -> None:
    link = whatsapp("0812-3456-7890", text)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "wa.me", "/6281234567890")
    fields = parse_qs(parts.query, keep_blank_values=True)
    assert set(fields) == {"text"}
    assert fields["text"] == [text]
    assert not parts.fragment


@pytest.mark.parametrize(
    ("phone", "country", "digits"),
    [
        ("0812-3456-7890", "ID", "6281234567890"),
        ("0812 3456 7890", "ID", "6281234567890"),
        ("(021) 555-1234", "ID", "62215551234"),
        ("+62 812 3456 7890", "ID", "6281234567890"),
        ("62 812 3456 7890", "ID", "6281234567890"),
        ("812 3456 7890", "ID", "6281234567890"),
        ("0062 812 3456 7890", "ID", "6281234567890"),
        ("+1 (415) 555-0100", "ID", "14155550100"),
        ("+49 30 1234567", "DE", "49301234567"),
        ("12345", "ID", None),  # too short
        ("0812-3456-7890; rm -rf", "ID", None),  # not a phone number
        ("+62 812 3456 7890 1234 5678", "ID", None),  # too long for E.164
    ],
)
def test_phone_numbers(phone: str, country: str, digits: str | None) -> None:
    assert phone_digits(phone, country) == digits


def test_links_without_a_contact() -> None:
    assert whatsapp(None, "hi").startswith("https://wa.me/?text=")
    assert tel(None) is None
    assert tel("0812-3456-7890") == "tel:+6281234567890"
    assert mailto(None, "S", "B") == "mailto:?subject=S&body=B"
