"""The policy: every timing of the rules in one object, each default with its source as data.

The defaults are those of `etiquette-rules.md` (with its Revision 2). A deployment may override
them (for example from configuration); the rules core only ever reads them from the object it
is given. `describe` says every value in words, with its sources, for the About page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# How a value reads in words (the `[policy_value]` section of the locale files).
Unit = Literal[
    "hours_in_business",  # clock hours, then moved into business hours ("24 jam, ...")
    "business_hours",  # hours counted in business hours only ("24 jam kerja")
    "hours",  # clock hours ("24 jam")
    "business_days",  # "5 hari kerja"
    "business_days_closing",  # "3 hari kerja, sampai pukul 17.00"
    "times",  # "2 kali"
    "yes_no",  # "ya" / "tidak"
    "clock",  # "pukul 09.00"
    "hours_before_start",  # "2 jam sebelum wawancara dimulai"
    "hours_or_business_days",  # "24 jam dan 1 hari kerja": less of either is too little
]
POLICY = "policy"  # our own choice, backed by public career guidance (not one of the articles)


def _basis(unit: Unit, *sources: str) -> dict[str, Any]:
    """Field metadata: how the value reads and which sources back it."""
    return {"unit": unit, "sources": list(sources)}


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    # "the day after"; moved to the next business day's closing when it falls outside hours
    thank_you_deadline: timedelta = Field(
        default=timedelta(hours=24),
        json_schema_extra=_basis("hours_in_business", "email-terima-kasih", "kapan-follow-up"),
    )
    # career-centre guidance: within a few days it still counts
    thank_you_late_until_bd: int = Field(
        default=3, ge=1, le=10, json_schema_extra=_basis("business_days_closing", POLICY)
    )
    # about one week; at least 5 business days
    follow_up_wait_bd: int = Field(
        default=5, ge=1, le=30, json_schema_extra=_basis("business_days", "kapan-follow-up", POLICY)
    )
    # only after the stated period; "1-2 business days": the patient end
    follow_up_after_reply_by_bd: int = Field(
        default=2,
        ge=0,
        le=10,
        json_schema_extra=_basis("business_days", "kalibrr-dos-donts", POLICY),
    )
    # be patient after the first
    second_follow_up_wait_bd: int = Field(
        default=5, ge=1, le=30, json_schema_extra=_basis("business_days", "kalibrr-dos-donts")
    )
    max_follow_ups: int = Field(
        default=2,
        ge=1,
        le=2,
        json_schema_extra=_basis("times", "kalibrr-dos-donts", "kapan-follow-up"),
    )
    # more than two weeks unanswered
    move_on_after_first_bd: int = Field(
        default=10, ge=1, le=60, json_schema_extra=_basis("business_days", "kapan-follow-up")
    )
    # "days or weeks" after the second
    move_on_after_second_bd: int = Field(
        default=5, ge=1, le=60, json_schema_extra=_basis("business_days", "kalibrr-dos-donts")
    )
    # two weeks of silence after the interview or the stated reply date, without any follow-up
    move_on_after_silence_bd: int = Field(
        default=10, ge=1, le=60, json_schema_extra=_basis("business_days", "kapan-follow-up")
    )
    # notice before a cancellation, counted in business hours (Revision 2)
    # Revision 3: the notice counts in clock hours and in business days (a business day per 24 h):
    # less of either is too little
    cancel_ideal_notice: timedelta = Field(
        default=timedelta(hours=48),
        json_schema_extra=_basis("hours_or_business_days", "membatalkan-wawancara"),
    )
    cancel_min_notice: timedelta = Field(
        default=timedelta(hours=24),
        json_schema_extra=_basis("hours_or_business_days", "membatalkan-wawancara"),
    )
    # a proposed new time leaves the company at least a day (clock time)
    proposed_slot_min_notice: timedelta = Field(
        default=timedelta(hours=24), json_schema_extra=_basis("hours", "membatalkan-wawancara")
    )
    # Indonesian career guidance: reply to an invitation within 24 h
    invitation_reply_within: timedelta = Field(
        default=timedelta(hours=24), json_schema_extra=_basis("hours_in_business", POLICY)
    )
    # a reply to an invitation is due before the interview, never after it (Revision 3)
    reply_before_start: timedelta = Field(
        default=timedelta(hours=2), json_schema_extra=_basis("hours_before_start", POLICY)
    )
    # reply while the contact still remembers you
    rejection_reply_within_bd: int = Field(
        default=5, ge=1, le=30, json_schema_extra=_basis("business_days", POLICY)
    )
    # Indonesian employers mostly close on cuti bersama days
    observe_joint_leave: bool = Field(default=True, json_schema_extra=_basis("yes_no", POLICY))
    # when HR reads messages (Revision 2): WhatsApp and calls wait for these hours
    business_hours_open: time = Field(default=time(8, 0), json_schema_extra=_basis("clock", POLICY))
    business_hours_close: time = Field(
        default=time(17, 0), json_schema_extra=_basis("clock", POLICY)
    )
    # follow-ups land early in a working day, an hour after HR opens
    business_day_opening: time = Field(
        default=time(9, 0), json_schema_extra=_basis("clock", POLICY)
    )


DEFAULT_POLICY = Policy()


@dataclass(frozen=True)
class PolicyValue:
    """One policy value as a person reads it."""

    name: str
    label: str  # what it is ("Ucapan terima kasih, tepat waktu")
    value: str  # the value in words ("24 jam kerja", "ya")
    sources: tuple[str, ...]  # source ids; "policy" for our own choice


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def describe(policy: Policy = DEFAULT_POLICY, lang: str = "id") -> list[PolicyValue]:
    """Every policy value with a label and its value in words (locale files), and its sources."""
    from followup.i18n import format_clock_time, text

    close = format_clock_time(policy.business_hours_close, lang)
    rows = []
    for name, info in Policy.model_fields.items():
        extra = info.json_schema_extra
        if not isinstance(extra, dict):  # every field carries its basis (a test checks it)
            raise TypeError(f"policy field {name} has no unit and sources")
        unit, value = str(extra["unit"]), getattr(policy, name)
        if isinstance(value, timedelta):
            hours = value.total_seconds() / 3600
            said = text(
                lang,
                "policy_value",
                unit,
                n=_number(hours),
                days=_number(hours / 24),
                closing=close,
            )
        elif isinstance(value, bool):
            said = text(lang, "policy_value", "yes" if value else "no")
        elif isinstance(value, time):
            said = text(lang, "policy_value", unit, clock=format_clock_time(value, lang))
        else:
            said = text(lang, "policy_value", unit, n=value, closing=close)
        sources = tuple(str(s) for s in extra["sources"])  # type: ignore[union-attr]
        rows.append(PolicyValue(name, text(lang, "policy", name), said, sources))
    return rows
