"""Export and import: JSON round trip (lossless, idempotent), safe CSV, calendar file."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from bench.cases import at
from followup.desk import Desk
from followup.errors import FollowupError
from followup.history import History
from followup.history.exports import (
    export_csv,
    export_json,
    import_json,
    safe_cell,
)
from followup.messages import render_draft
from tests.conftest import make_case

NOW = at("2026-11-21T10:00")


def fresh() -> History:
    return History(duckdb.connect(":memory:"))


def snapshot(history: History, workspace: Any) -> Any:
    """What a user sees of their workspace (ids included), comparable across workspaces."""
    cases = [(c.id, c.version, c.case.model_dump_json()) for c in history.cases(workspace)]
    events = [(e.id, e.case_id, e.type, e.at) for e in history.events(workspace)]
    drafts = [{k: v for k, v in d.items() if k != "created_at"} for d in history.drafts(workspace)]
    return cases, events, drafts


def populated() -> tuple[History, Any]:
    history = fresh()
    workspace, _ = history.create_workspace(NOW)
    case = make_case(reply_by="2026-11-27")
    case_id = history.save_case(workspace, case, NOW)
    history.append_event(workspace, case_id, "thank_you_sent", at("2026-11-19T15:00"), NOW)
    draft = render_draft(case, "thank_you", "email", "warm", "id")
    history.record_draft(workspace, case_id, draft, True, NOW)
    other = history.save_case(
        workspace, make_case(stage="rejected", rejected_at="2026-11-20T14:00"), NOW
    )
    history.append_event(workspace, other, "rejection_reply_sent", at("2026-11-20T16:00"), NOW)
    return history, workspace


def test_json_round_trip_into_a_new_workspace_is_lossless() -> None:
    history, workspace = populated()
    exported = export_json(history, workspace, NOW)
    target = fresh()
    new_ws, _ = target.create_workspace(NOW)
    assert import_json(target, new_ws, exported, NOW) == 2
    assert snapshot(target, new_ws)[1:] == snapshot(history, workspace)[1:]
    assert [c.case for c in target.cases(new_ws)] == [c.case for c in history.cases(workspace)]


def test_import_twice_is_import_once() -> None:
    history, workspace = populated()
    exported = export_json(history, workspace, NOW)
    before = snapshot(history, workspace)
    import_json(history, workspace, exported, NOW)  # into the same workspace: nothing new
    assert snapshot(history, workspace) == before
    target = fresh()
    ws, _ = target.create_workspace(NOW)
    import_json(target, ws, exported, NOW)
    once = snapshot(target, ws)
    import_json(target, ws, exported, NOW)
    assert snapshot(target, ws) == once


def test_import_never_touches_another_workspace() -> None:
    history, workspace = populated()
    exported = export_json(history, workspace, NOW)
    intruder, _ = history.create_workspace(NOW)
    before = snapshot(history, workspace)
    import_json(history, intruder, exported, NOW)  # same ids, another workspace
    assert snapshot(history, workspace) == before
    assert len(history.cases(intruder)) == 2


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        (b"x" * 2_000_001, "import_too_large"),
        ("{not json", "import_not_json"),
        ("[1, 2]", "import_not_ours"),
        ('{"format": "something-else"}', "import_not_ours"),
        ('{"format": "followup-history", "version": 99, "cases": []}', "import_wrong_version"),
        ("[" * 100_000 + "]" * 100_000, "import_not_ours"),
    ],
)
def test_bad_imports_are_refused_with_one_sentence(raw: str | bytes, key: str) -> None:
    history = fresh()
    workspace, _ = history.create_workspace(NOW)
    with pytest.raises(FollowupError) as caught:
        import_json(history, workspace, raw, NOW)
    assert caught.value.key in (key, "import_not_json")
    sentence = caught.value.message("en")
    assert sentence.endswith(".")
    assert "\n" not in sentence
    assert history.cases(workspace) == []


def test_invalid_case_inside_an_import_names_the_field() -> None:
    history, workspace = populated()
    document = json.loads(export_json(history, workspace, NOW))
    document["cases"][0]["case"]["timezone"] = "Mars/Olympus"
    target = fresh()
    ws, _ = target.create_workspace(NOW)
    with pytest.raises(FollowupError) as caught:
        import_json(target, ws, json.dumps(document), NOW)
    assert "timezone" in caught.value.message("en")
    assert target.cases(ws) == []


# names as a person types them (the model makes any other text one printable line)
TEXT = st.text(min_size=1, max_size=40).filter(
    lambda s: s.isprintable() and " ".join(s.split()) == s and bool(s)
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    company=TEXT,
    position=TEXT,
    name=st.none() | TEXT,
    points=st.lists(
        st.sampled_from(["thank_you_sent", "follow_up_sent", "reply_received"]), max_size=4
    ),
)
def test_round_trip_property(
    company: str, position: str, name: str | None, points: list[str]
) -> None:
    history = fresh()
    workspace, _ = history.create_workspace(NOW)
    case = make_case(company=company, position=position, candidate_name=name)
    case_id = history.save_case(workspace, case, NOW)
    for i, kind in enumerate(points):
        history.append_event(workspace, case_id, kind, at(f"2026-11-2{i}T09:00"), NOW)  # type: ignore[arg-type]
    target = fresh()
    ws, _ = target.create_workspace(NOW)
    import_json(target, ws, export_json(history, workspace, NOW), NOW)
    assert snapshot(target, ws)[1:] == snapshot(history, workspace)[1:]
    assert [c.case for c in target.cases(ws)] == [c.case for c in history.cases(workspace)]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+62 812", "'+62 812"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("PT Maju Jaya", "PT Maju Jaya"),
        (None, ""),
    ],
)
def test_safe_cell(value: object, cell: str) -> None:
    assert safe_cell(value) == cell


def test_csv_export_neutralises_formulas() -> None:
    history = fresh()
    workspace, _ = history.create_workspace(NOW)
    case_id = history.save_case(
        workspace, make_case(company="=cmd|' /C calc'!A0", position="@SUM(1+1)"), NOW
    )
    history.append_event(workspace, case_id, "thank_you_sent", at("2026-11-19T15:00"), NOW)
    rows = list(csv.reader(io.StringIO(export_csv(history, workspace, "en"))))
    assert rows[0] == ["case", "company", "position", "stage", "interview", "step", "at"]
    assert rows[1][1] == "'=cmd|' /C calc'!A0"
    assert rows[1][2] == "'@SUM(1+1)"
    assert rows[1][5:] == ["thank_you_sent", "2026-11-19T15:00:00+07:00"]
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_ics_has_the_next_steps_with_stable_uids() -> None:
    history = fresh()
    workspace, _ = history.create_workspace(NOW)
    scheduled = history.save_case(
        workspace, make_case(stage="scheduled", interview={"start": "2026-11-25T10:00"}), NOW
    )
    first = Calendar.from_ical(Desk.of(history, workspace, NOW, "id").calendar())
    events = {str(e["uid"]): e for e in first.walk("VEVENT")}
    assert f"{scheduled}.interview@followup" in events
    interview = events[f"{scheduled}.interview@followup"]
    assert interview.decoded("dtstart") == at("2026-11-25T10:00")
    assert "PT Maju Jaya" in str(interview["summary"])
    assert interview.walk("VALARM")
    again = Calendar.from_ical(Desk.of(history, workspace, NOW, "id").calendar())
    assert {str(e["uid"]) for e in again.walk("VEVENT")} == set(events)


def test_ics_for_an_interviewed_case() -> None:
    history = fresh()
    workspace, _ = history.create_workspace(NOW)
    case_id = history.save_case(workspace, make_case(), at("2026-11-19T15:00"))
    calendar = Calendar.from_ical(
        Desk.of(history, workspace, at("2026-11-19T15:00"), "en").calendar()
    )
    uids = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    thank_you = uids[f"{case_id}.thank_you@followup"]
    assert thank_you.decoded("dtstart") == at("2026-11-20T11:00")  # its deadline
    assert str(thank_you["summary"]).startswith("Deadline: Send a thank-you")
    follow_up = uids[f"{case_id}.follow_up@followup"]
    assert follow_up.decoded("dtstart") == at("2026-11-26T09:00")  # allowed from


def test_every_calendar_event_is_the_way_back_to_its_application() -> None:
    """Issue 25: the reminder brings the person back: each event's URL and description, and
    the Google Calendar link's details, carry the address that opens the application in its
    workspace."""
    from urllib.parse import parse_qs, urlsplit

    history = fresh()
    workspace, token = history.create_workspace(NOW)
    case_id = history.save_case(workspace, make_case(), at("2026-11-19T15:00"))
    desk = Desk.of(history, workspace, at("2026-11-19T15:00"), "id")

    def link(case: str) -> str:
        return f"https://followup.example/?w={token}&c={case}"

    calendar = Calendar.from_ical(desk.calendar(link))
    events = list(calendar.walk("VEVENT"))
    assert events
    for event in events:
        assert str(event["url"]) == link(case_id)
        assert f"Buka rencana untuk lamaran kerja ini: {link(case_id)}" in str(event["description"])
    google = desk.calendar_link(case_id, link)
    assert google is not None
    details = parse_qs(urlsplit(google).query)["details"][0]
    assert details.endswith(f"Buka rencana untuk lamaran kerja ini: {link(case_id)}")
    # without a link (the CLI's export), the events are as before
    plain = Calendar.from_ical(desk.calendar())
    assert all("url" not in e for e in plain.walk("VEVENT"))


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: b"\xef\xbb\xbf" + text.encode(),  # a byte-order mark (Notepad)
        lambda text: text.encode("utf-16"),
        lambda text: text.encode("utf-32"),
    ],
    ids=["bom", "utf-16", "utf-32"],
)
def test_an_export_saved_by_another_editor_comes_in_with_its_emoji(encode: Any) -> None:
    """Issue 25: the same history whatever editor saved it; an emoji sequence keeps its
    zero-width joiner."""
    from tests.workspaces import document, item

    history = fresh()
    workspace, _ = history.create_workspace(NOW)
    raw = encode(document(item("a", company="PT 👩\u200d💻 Jaya")))
    after, counts = Desk.of(history, workspace, NOW, "id").import_file(raw)
    assert counts.cases == 1
    assert after.cases[0].case.company == "PT 👩\u200d💻 Jaya"


def test_a_lone_surrogate_is_named_by_its_field() -> None:
    from followup.errors import FollowupError
    from tests.workspaces import document, item

    history = fresh()
    workspace, _ = history.create_workspace(NOW)
    raw = document(item("a", company="PT X")).replace("PT X", "PT \\ud800X").encode()
    with pytest.raises(FollowupError) as refused:
        Desk.of(history, workspace, NOW, "en").import_file(raw)
    assert "cases[0].case.company" in refused.value.message("en")


def test_a_step_id_used_by_two_applications_is_said_not_dropped() -> None:
    """Issue 25: a step whose id another application already uses is reported, and nothing of
    the file is written."""
    import json

    from followup.errors import FollowupError
    from tests.workspaces import document, item

    history = fresh()
    workspace, _ = history.create_workspace(NOW)
    desk = Desk.of(history, workspace, NOW, "en")
    first = item("a", ("thank_you_sent", "2026-11-19T15:00"))
    after, _ = desk.import_file(document(first).encode())
    clash = item("b", ("thank_you_sent", "2026-11-19T15:00"), company="PT Lain")
    clash["events"][0]["id"] = first["events"][0]["id"]
    with pytest.raises(FollowupError) as refused:
        after.import_file(json.dumps(json.loads(document(clash))).encode())
    assert refused.value.key == "import_id_in_use"
    assert first["events"][0]["id"] in refused.value.message("en")
    assert [c.id for c in Desk.of(history, workspace, NOW, "en").cases] == ["a"]


def test_a_600_application_workspace_round_trips_through_its_own_export() -> None:
    """Issue 25: the app's own export of a large workspace is always importable (compact, well
    inside the import limit)."""
    from bench.cases import case_dict
    from followup.desk import validate
    from followup.limits import MAX_IMPORT_BYTES

    history = fresh()
    workspace, _ = history.create_workspace(NOW)
    for n in range(600):
        history.save_case(workspace, validate(case_dict(company=f"PT Contoh {n:03d}"), NOW), NOW)
    exported = Desk.of(history, workspace, NOW, "id").export("json").encode()
    assert len(exported) < MAX_IMPORT_BYTES / 20
    other = fresh()
    target, _ = other.create_workspace(NOW)
    after, counts = Desk.of(other, target, NOW, "id").import_file(exported)
    assert (counts.cases, counts.new_cases) == (600, 600)
    assert len(after.cases) == 600
