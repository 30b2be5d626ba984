"""The case model: strict validation, defaults, times localised to the case's zone."""

from __future__ import annotations

import json
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from bench.cases import at, case_dict
from followup.i18n import validation_message
from followup.models import Case, elapsed, shift


def test_defaults_of_a_minimal_case() -> None:
    case = Case.model_validate_json(
        '{"stage": "interviewed", "company": "A", "position": "B",'
        ' "interview": {"start": "2026-11-19T10:00"}}'
    )
    assert (case.timezone, case.country, case.language) == ("Asia/Jakarta", "ID", "id")
    assert case.interview is not None
    assert (case.interview.duration_minutes, case.interview.kind, case.interview.format) == (
        60,
        "formal",
        "in_person",
    )
    assert case.interview.start == at("2026-11-19T10:00")
    assert case.interview.start.utcoffset() == timedelta(hours=7)


def test_aware_times_are_expressed_in_the_case_zone() -> None:
    data = case_dict(interview={"start": "2026-11-19T03:00:00Z"})
    case = Case.model_validate_json(json.dumps(data))
    assert case.interview is not None
    assert case.interview.start.isoformat() == "2026-11-19T10:00:00+07:00"


@pytest.mark.parametrize(
    ("stage", "missing"),
    [("invited", "invited_at"), ("rejected", "rejected_at"), ("scheduled", "interview")],
)
def test_stage_requirements(stage: str, missing: str) -> None:
    data = case_dict(stage=stage, invited_at=None, rejected_at=None, interview=None)
    with pytest.raises(ValidationError) as caught:
        Case.model_validate_json(json.dumps(data))
    assert validation_message(caught.value, "en") == (
        f"The field {missing} is required for this stage."
    )
    assert missing in validation_message(caught.value, "id")


def test_offer_needs_no_interview() -> None:
    data = case_dict(stage="offer", interview=None)
    assert Case.model_validate_json(json.dumps(data)).interview is None


def test_strict_no_coercion() -> None:
    with pytest.raises(ValidationError):
        Case.model_validate_json(json.dumps(case_dict(interview={"duration_minutes": "60"})))


def test_shift_is_elapsed_time_across_daylight_saving() -> None:
    # New York springs forward on 14 March 2027: 24 elapsed hours end at 11:00, not 10:00.
    before = at("2027-03-13T10:00", tz=ZoneInfo("America/New_York"))
    after = shift(before, timedelta(hours=24))
    assert after.hour == 11
    assert elapsed(before, after) == timedelta(hours=24)
