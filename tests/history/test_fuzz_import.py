"""Fuzzing the import boundary: Hypothesis writes export files — valid, near-valid and
hostile (extreme dates, mixed offsets, wrong types, huge strings, foreign and duplicate ids,
deep nesting, files that are not ours) — and each one is either

- refused with one sentence (in Indonesian and in English) and nothing of it written, or
- accepted, and then the workspace renders (the real page, AppTest: History and the plan of a
  case), exports as JSON, CSV and `.ics`, re-imports into a new workspace identically, and
  can be forgotten leaving zero rows.

Deterministic (the suite's hypothesis profile is derandomized) and modest in size.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, get_args

import pytest
import streamlit as st
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as hs
from streamlit.testing.v1 import AppTest

from bench.cases import at
from followup.desk import Desk
from followup.errors import FollowupError
from followup.history import History
from followup.history.exports import export_csv, export_json, import_export
from followup.models import EventType

APP = str(Path(__file__).resolve().parents[2] / "app.py")
NOW_TEXT = "2026-11-19T15:00"
NOW = at(NOW_TEXT)
TABLES = ("workspaces", "case_versions", "events", "drafts")

ZONES = ["Asia/Jakarta", "Asia/Makassar", "Europe/Berlin", "Pacific/Kiritimati", "UTC"]
OFFSETS = ["", "", "+07:00", "+00:00", "-14:00", "+14:00", "+05:45"]  # "": naive
HOSTILE_TEXT = [
    "www.evil.example hr@evil.example https://evil.example/x",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    '=HYPERLINK("http://evil.example","klik")',
    "**bold** _i_ `code` # h1",
    "\u202eRTL\u200b zero width",
    "PT Maju\r\nBcc: evil@evil.example",
    ":red[merah] :material/warning: $x^2$",
]
EXTREME_TIMES = [
    "9999-12-31T23:59:59+00:00",
    "0001-01-01T00:00:00-14:00",
    "0001-01-01T00:30:00+14:00",
    "2099-12-31T23:30:00-14:00",
    "1990-01-01T00:10:00+14:00",
    "1989-12-31T23:59",
    "2100-01-01T00:00",
    "2026-02-30T10:00",
    "2026-11-19T10:00:00+25:00",
    "not a time",
]
WRONG_VALUES: list[Any] = [1, 1.5, [], {}, None, True, "x", -(10**30)]
BAD_IDS = ["", "a" * 81, "../../etc/passwd", "www.evil.example", "ünï", "x y", "a\nb"]
EVENT_TYPES: tuple[str, ...] = get_args(EventType)


def _moment(draw: hs.DrawFn, latest: datetime) -> str:
    moment = draw(hs.datetimes(min_value=datetime(2021, 1, 1), max_value=latest))
    offset = draw(hs.sampled_from(OFFSETS))
    return moment.strftime("%Y-%m-%dT%H:%M") + offset


@hs.composite
def cases(draw: hs.DrawFn, n: int) -> dict[str, Any]:
    text = hs.sampled_from(HOSTILE_TEXT) | hs.text(
        hs.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30
    )
    past = datetime(2026, 11, 18)
    stage = draw(hs.sampled_from(["interviewed", "scheduled", "invited", "rejected", "offer"]))
    case: dict[str, Any] = {
        "company": draw(text),
        "position": draw(text),
        "stage": stage,
        "timezone": draw(hs.sampled_from(ZONES)),
        "language": draw(hs.sampled_from(["id", "en"])),
    }
    if stage in ("interviewed", "scheduled"):
        latest = past if stage == "interviewed" else datetime(2027, 3, 1)
        case["interview"] = {"start": _moment(draw, latest)}
    if stage == "invited":
        case["invited_at"] = _moment(draw, past)
    if stage == "rejected":
        case["rejected_at"] = _moment(draw, past)
    count = draw(hs.integers(0, 4))
    events = [
        {
            "id": f"case{n}.step{k}",
            "type": draw(hs.sampled_from(EVENT_TYPES)),
            "at": _moment(draw, past),
        }
        for k in range(count)
    ]
    item: dict[str, Any] = {"id": f"case-{n}", "case": case, "events": events}
    if draw(hs.booleans()):
        item["drafts"] = [
            {
                "id": f"case{n}.draft",
                "sent": True,
                "draft": {
                    "action": "thank_you",
                    "channel": "email",
                    "language": "id",
                    "tone": "formal",
                    "subject": "Terima kasih",
                    "body": draw(text),
                },
            }
        ]
    return item


@hs.composite
def documents(draw: hs.DrawFn) -> str:
    """An export file as text: valid, then (usually) changed in one near-valid or hostile way."""
    items = [draw(cases(n)) for n in range(draw(hs.integers(1, 3)))]
    document: dict[str, Any] = {
        "format": "followup-history",
        "version": 1,
        "exported_at": NOW.isoformat(),
        "cases": items,
    }
    first = items[0]
    change = draw(
        hs.sampled_from(
            [
                "none",
                "none",
                "extreme_event",
                "extreme_interview",
                "mixed_offsets",
                "wrong_type",
                "huge_string",
                "bad_id",
                "duplicate_case",
                "duplicate_event_ids",
                "deep_nesting",
                "unknown_field",
                "not_ours",
            ]
        )
    )
    nest = 0
    if change == "extreme_event":
        first["events"].append({"id": "x.extreme", "type": "thank_you_sent", "at": ""})
        first["events"][-1]["at"] = draw(hs.sampled_from(EXTREME_TIMES))
    elif change == "extreme_interview":
        first["case"]["stage"] = "scheduled"
        first["case"]["interview"] = {"start": draw(hs.sampled_from(EXTREME_TIMES))}
    elif change == "mixed_offsets":
        for k, offset in enumerate(["", "+07:00", "-14:00", "+14:00", "Z"]):
            moment = f"2026-11-1{k}T23:30:00{offset}"
            first["events"].append({"id": f"x.mixed{k}", "type": "reply_received", "at": moment})
    elif change == "wrong_type":
        where = draw(hs.sampled_from(["company", "stage", "interview", "events", "timezone"]))
        target = first["case"] if where != "events" else first
        target[where] = draw(hs.sampled_from(WRONG_VALUES))
    elif change == "huge_string":
        first["case"]["company"] = "x" * draw(hs.sampled_from([201, 5_000, 1_900_000]))
    elif change == "bad_id":
        first["id"] = draw(hs.sampled_from(BAD_IDS))
    elif change == "duplicate_case":
        items.append(json.loads(json.dumps(first)))
    elif change == "duplicate_event_ids":
        for event in first["events"]:
            event["id"] = "same"
        items.append({**json.loads(json.dumps(first)), "id": "other-case"})
    elif change == "deep_nesting":
        nest = draw(hs.sampled_from([50, 1_000, 200_000]))
        first["case"]["company"] = "__NEST__"
    elif change == "unknown_field":
        first["case"]["salary"] = 10_000_000
    elif change == "not_ours":
        return draw(hs.sampled_from(["[]", "null", "{}", '{"format": 1}', "\ufeff{}", "{" * 3]))
    raw = json.dumps(document, ensure_ascii=draw(hs.booleans()))
    if nest:
        raw = raw.replace('"__NEST__"', "[" * nest + "]" * nest)
    return raw


@pytest.fixture(scope="module")
def app_history() -> Iterator[History]:
    """The page's own history (an in-memory DuckDB behind `st.cache_resource`)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FOLLOWUP_DB", ":memory:")
        patch.setenv("FOLLOWUP_NOW", NOW_TEXT)
        for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
            patch.delenv(name, raising=False)
        st.cache_resource.clear()
        from followup.ui import state

        yield state.history()
        st.cache_resource.clear()


def rows_of(history: History, *workspace_ids: str) -> int:
    db = history._connection  # noqa: SLF001 - counting rows is the point
    total = 0
    for table in TABLES:
        column = "id" if table == "workspaces" else "workspace_id"
        for workspace_id in workspace_ids:
            (count,) = db.execute(
                f"SELECT count(*) FROM {table} WHERE {column} = ?",  # noqa: S608
                [workspace_id],
            ).fetchone()
            total += count
    return total


def one_sentence(refusal: FollowupError) -> None:
    for lang in ("id", "en"):
        said = refusal.message(lang)
        assert said.strip(), refusal
        assert "\n" not in said
        assert "Traceback" not in said
        assert len(said) < 400
        assert said.rstrip().endswith((".", ")")), said


def renders(token: str, case_id: str) -> None:
    """The History page and the plan of one case, in a fresh session: no exception."""

    def history_script() -> None:
        from followup.ui import history_page, state

        state.init_session()
        history_page.history_page()

    for run in (AppTest.from_function(history_script, default_timeout=60), AppTest.from_file(APP)):
        run.session_state["lang"] = "id"
        run.session_state["timezone"] = "Asia/Jakarta"
        run.query_params["w"] = token
        run.query_params["c"] = case_id
        run.default_timeout = 60
        run.run()
        assert not run.exception, run.exception
        assert not [e for e in run.error if "exception" in e.value.lower()]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(raw=documents())
def test_an_import_is_refused_in_one_sentence_or_works_all_the_way(
    app_history: History, raw: str
) -> None:
    history = app_history
    workspace, token = history.create_workspace(NOW)
    try:
        imported = import_export(history, workspace, raw, NOW)
    except FollowupError as refusal:
        event(f"refused: {refusal.key}")
        one_sentence(refusal)
        assert rows_of(history, workspace.id) == 1  # the workspace row only: nothing of it
        history.forget(workspace)
        assert rows_of(history, workspace.id) == 0
        return
    event("accepted")
    contents = history.read(workspace)
    assert contents.unreadable == []
    assert len(contents.cases) == imported.cases
    renders(token, contents.cases[0].id)
    exported = export_json(history, workspace, NOW)
    assert export_csv(history, workspace, "en").startswith("case,")
    assert Desk.of(history, workspace, NOW, "en").calendar().startswith(b"BEGIN:VCALENDAR")
    again, _ = history.create_workspace(NOW)
    assert import_export(history, again, exported, NOW).cases == imported.cases
    assert json.loads(export_json(history, again, NOW)) == json.loads(exported)
    history.forget(workspace)
    history.forget(again)
    assert rows_of(history, workspace.id, again.id) == 0


def test_an_hour_either_side_of_the_range_is_the_same_sentence() -> None:
    """The range check is the same for every time, whatever its offset (UTC and local)."""
    from followup.limits import plausible

    assert plausible(datetime.fromisoformat("2099-12-31T23:00:00+00:00"))
    assert not plausible(datetime.fromisoformat("2099-12-31T23:00:00-14:00"))  # 2100 in UTC
    assert not plausible(datetime.fromisoformat("1990-01-01T00:30:00+14:00"))  # 1989 in UTC
    assert plausible(datetime.fromisoformat("1990-01-01T14:30:00+14:00"))
    assert not plausible(datetime.fromisoformat("9999-12-31T23:59:59+00:00"))
    assert not plausible(datetime.fromisoformat("0001-01-01T00:00:00-14:00"))
    assert plausible(datetime(2026, 11, 19) + timedelta(hours=1))
