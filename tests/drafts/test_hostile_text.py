"""The hostile input corpus (tests/data/hostile.json) in drafts and their links, through the
command line: one clear line or a safe draft, names on one printable line, and links with
nothing added to them."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import cli
from tests.hostile import TEXTS, one_clear_line, with_value


@pytest.mark.parametrize("value", TEXTS, ids=range(len(TEXTS)))
@pytest.mark.parametrize("channel", ["email", "whatsapp"])
def test_drafts_and_links_stay_safe(value: str, channel: str) -> None:
    data = with_value(("company",), value)
    data["candidate_name"] = value
    code, out, err = cli(
        "draft",
        "-",
        "--action",
        "thank_you",
        "--channel",
        channel,
        "--now",
        "2026-11-21T10:00",
        stdin=json.dumps(data),
    )
    one_clear_line(code, out, err)
    if code != 0:
        return
    draft = json.loads(out)
    assert "\r" not in draft["body"]
    assert "{{" not in draft["body"].replace(value, "") or "{{" in value
    if channel == "email":
        parts = urlsplit(draft["links"]["mailto"])
        assert set(parse_qs(parts.query, keep_blank_values=True)) == {"subject", "body"}
        assert parts.path == "budi@majujaya.co.id"
    else:
        parts = urlsplit(draft["links"]["whatsapp"])
        assert (parts.netloc, parts.path) == ("wa.me", "/6281234567890")
        assert set(parse_qs(parts.query, keep_blank_values=True)) == {"text"}


def test_names_become_one_printable_line() -> None:
    data = with_value(("company",), "PT Maju\r\nBcc: evil@evil.example\u0000\u202e")
    code, out, _ = cli("draft", "-", "--action", "thank_you", stdin=json.dumps(data))
    assert code == 0
    body = json.loads(out)["body"]
    assert "PT Maju Bcc: evil@evil.example" in body
    assert "\u0000" not in body
