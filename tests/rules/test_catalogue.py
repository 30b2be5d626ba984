"""The catalogue of actions is the one vocabulary: one row per action, the channels each may
use, the step that marks it, words for every reason. The policy's values carry their sources
and read in words."""

from __future__ import annotations

import pytest

from followup.i18n import catalog
from followup.models import ActionId, SourceId
from followup.policy import DEFAULT_POLICY, Policy, describe
from followup.rules.catalog import ACTIONS, EVENT_OF, NO_MESSAGE, channels, reason_keys


def test_every_action_has_one_row() -> None:
    ids = [row.id for row in ACTIONS]
    assert sorted(ids) == sorted(ActionId.__args__)  # type: ignore[attr-defined]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    "action",
    ["thank_you", "follow_up", "second_follow_up", "thank_after_rejection", "linkedin_connect"],
)
def test_no_phone_script_for_chasing(action: str) -> None:
    assert "phone" not in channels(action)
    assert channels(action)


def test_phone_stays_where_calling_is_right() -> None:
    for action in ("cancel_interview", "reschedule_interview", "apologize_missed_interview"):
        assert "phone" in channels(action)
    assert channels("move_on") == ()
    assert NO_MESSAGE == {"move_on", "call_for_result", "third_follow_up"}


def test_the_catalogue_says_what_marks_a_step() -> None:
    assert EVENT_OF["confirm_new_time"] == "interview_confirmed"
    assert EVENT_OF["respond_to_offer"] == "offer_reply_sent"
    assert EVENT_OF["tell_lower_priority"] == "lower_priority_told"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_reason_key_has_words(lang: str) -> None:
    reasons = catalog(lang)["reason"]
    for row in ACTIONS:
        for key in reason_keys(row.id):
            assert key in reasons, key
    known = {key for row in ACTIONS for key in reason_keys(row.id)}
    assert set(reasons) == known  # no reason text without a row


# --- policy values carry their sources and read in words --------------------------------------
def test_policy_values_carry_their_sources() -> None:
    sources = set(SourceId.__args__) | {"policy"}  # type: ignore[attr-defined]
    for name, info in Policy.model_fields.items():
        extra = info.json_schema_extra
        assert isinstance(extra, dict), name
        assert extra["sources"], name
        assert set(extra["sources"]) <= sources, name  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "name", "value"),
    [
        (
            "id",
            "cancel_min_notice",
            "24 jam dan 1 hari kerja sebelum wawancara (keduanya harus terpenuhi)",
        ),
        ("id", "observe_joint_leave", "ya"),
        ("id", "follow_up_wait_bd", "5 hari kerja"),
        ("id", "business_hours_open", "pukul 08.00"),
        ("id", "thank_you_late_until_bd", "sampai pukul 17.00, 3 hari kerja kemudian"),
        ("en", "observe_joint_leave", "yes"),
        (
            "en",
            "cancel_ideal_notice",
            "48 hours and 2 business days before the interview (both must hold)",
        ),
        ("en", "max_follow_ups", "2 times"),
    ],
)
def test_policy_in_words(lang: str, name: str, value: str) -> None:
    rows = {row.name: row for row in describe(DEFAULT_POLICY, lang)}
    assert rows[name].value == value
    assert rows[name].label
    assert rows[name].sources
    assert set(rows) == set(Policy.model_fields)
