"""When a message may go out: an e-mail at any time; WhatsApp and calls wait for business
hours (08:00-17:00 on business days), except the urgent steps of a cancellation.

Calendar: Fri 2026-11-20, Mon 2026-11-23; Christmas 2026: Thu 24 Dec is cuti bersama, Fri 25
Dec Christmas. Asia/Jakarta.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench.cases import at
from followup.rules import send_time
from tests.conftest import make_case
from tests.rules.plans import cancel_at, plan_at

PHONE_ONLY = {"contact": {"email": None, "phone": "0812 3456 7890"}}


@pytest.mark.parametrize(
    ("now", "expected", "not_before"),
    [
        ("2026-11-19T16:59:59", ("now", []), "2026-11-19T11:00"),
        ("2026-11-19T17:00:00", ("wait", ["outside_hours"]), "2026-11-20T08:00"),
        ("2026-11-20T07:59:59", ("wait", ["outside_hours"]), "2026-11-20T08:00"),
        ("2026-11-20T08:00:00", ("now", []), "2026-11-19T11:00"),
        # Sat: the next opening is Mon 08:00, after the on-time deadline (Fri 11:00): late
        ("2026-11-21T10:00:00", ("wait", ["late", "outside_hours"]), "2026-11-23T08:00"),
    ],
)
def test_whatsapp_waits_for_business_hours(now: str, expected: Any, not_before: str) -> None:
    plan = plan_at(now, **PHONE_ONLY)
    rec = plan.get("thank_you")
    assert rec is not None
    assert rec.channel == "whatsapp"  # no e-mail address: the chat is the way
    assert (rec.status, rec.flags) == expected
    assert rec.not_before == at(not_before)


def test_whatsapp_on_a_holiday_waits_for_the_next_business_day() -> None:
    plan = plan_at("2026-12-25T10:00", **PHONE_ONLY, interview={"start": "2026-12-23T10:00"})
    rec = plan.get("thank_you")
    assert rec is not None
    assert (rec.status, rec.not_before) == ("wait", at("2026-12-28T08:00"))
    assert "Senin, 28 Desember 2026 pukul 08.00 WIB" in rec.reason


def test_email_may_be_written_any_time() -> None:
    rec = plan_at("2026-11-19T21:00").get("thank_you")
    assert rec is not None
    assert (rec.channel, rec.status, rec.flags) == ("email", "now", [])


def test_urgent_steps_do_not_wait_for_the_office() -> None:
    plan = plan_at("2026-11-22T21:00", **PHONE_ONLY, **cancel_at("2026-11-23T10:00"))
    rec = plan.get("cancel_interview")
    assert rec is not None
    assert (rec.channel, rec.status) == ("whatsapp", "now")
    assert "outside_hours" not in rec.flags


@pytest.mark.parametrize(
    ("channel", "now", "expected"),
    [
        ("email", "2026-11-20T21:00", "2026-11-20T21:00"),  # e-mail: any time
        ("whatsapp", "2026-11-20T21:00", "2026-11-23T08:00"),  # Fri night -> Mon opening
        ("phone", "2026-11-23T07:59", "2026-11-23T08:00"),
        ("whatsapp", "2026-11-23T10:00", "2026-11-23T10:00"),  # open: now
        ("whatsapp", "2026-12-24T10:00", "2026-12-28T08:00"),  # cuti bersama
    ],
)
def test_send_time(channel: str, now: str, expected: str) -> None:
    assert send_time(make_case(), channel, at(now)) == at(expected)
