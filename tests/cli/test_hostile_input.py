"""The command line against hostile input (the corpus of tests/data/hostile.json in every
text field, impossible and far dates, time zones that do not exist, a far `--now`, deep
nesting on stdin): exit 2 and one clear line, never a traceback or an internal error."""

from __future__ import annotations

import json

import pytest

from bench.cases import case_dict
from tests.conftest import cli
from tests.full_case import FULL
from tests.hostile import CORPUS, TEXTS, one_clear_line, with_value

FIELDS = [
    ("company",),
    ("position",),
    ("candidate_name",),
    ("contact", "name"),
    ("interview", "location"),
]


@pytest.mark.parametrize("path", FIELDS, ids=[".".join(p) for p in FIELDS])
@pytest.mark.parametrize("value", TEXTS, ids=range(len(TEXTS)))
def test_every_text_field_through_the_plan(path: tuple[str, ...], value: str) -> None:
    code, out, err = cli(
        "plan", "-", "--now", "2026-11-21T10:00", stdin=json.dumps(with_value(path, value))
    )
    one_clear_line(code, out, err)


@pytest.mark.parametrize("value", CORPUS["dates"])
def test_impossible_and_far_dates(value: str) -> None:
    data = with_value(("interview", "start"), value)
    code, out, err = cli("plan", "-", "--now", "2026-11-21T10:00", stdin=json.dumps(data))
    assert code == 2
    one_clear_line(code, out, err)
    assert "interview.start" in err


@pytest.mark.parametrize("value", ["9999-12-31T10:00", "0001-01-01T10:00", "1900-01-01T00:00"])
def test_far_now(value: str) -> None:
    code, out, err = cli("plan", "-", "--now", value, stdin=json.dumps(FULL))
    assert code == 2
    one_clear_line(code, out, err)


@pytest.mark.parametrize("value", CORPUS["timezones"])
def test_timezones_that_do_not_exist(value: str) -> None:
    data = with_value(("timezone",), value)
    code, out, err = cli("plan", "-", stdin=json.dumps(data))
    assert code == 2
    one_clear_line(code, out, err)
    assert "timezone" in err


@pytest.mark.parametrize("now", ["9999-12-31T23:00:00+00:00", "0001-01-01T00:30:00+14:00"])
@pytest.mark.parametrize("command", ["plan", "draft"])
def test_far_now_is_bad_input_not_an_internal_error(command: str, now: str) -> None:
    extra = ["--action", "thank_you"] if command == "draft" else []
    code, out, err = cli(command, "-", *extra, "--now", now, stdin=json.dumps(case_dict()))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "--now" in err


@pytest.mark.parametrize("command", ["plan", "draft"])
def test_deep_nesting_on_stdin_is_bad_input(command: str) -> None:
    extra = ["--action", "thank_you"] if command == "draft" else []
    code, out, err = cli(command, "-", *extra, stdin="[" * 200_000)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "internal error" not in err
