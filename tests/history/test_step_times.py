"""Step times in the history: one far or extreme time refuses the whole import while the
workspace keeps working, every entry point (the form, the command line, a step recorded by the
page) has the same range, times with and without offsets mix, and the calendar names every
time zone it uses."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest
from icalendar import Calendar

from bench.cases import at, case_dict
from followup.desk import Desk, validate
from followup.errors import FollowupError
from followup.history.exports import export_json, import_json
from tests.conftest import cli, make_case
from tests.workspaces import NOW, document, fresh, item, one_sentence

EXTREMES = [
    "9999-12-31T23:59:59+00:00",
    "0001-01-01T00:00:00-14:00",
    "0001-01-01T00:30:00+14:00",
    "2099-12-31T23:30:00-14:00",  # 2099 on its own clock, 2100 in UTC
    "1990-01-01T00:10:00+14:00",  # 1990 on its own clock, 1989 in UTC
]


@pytest.mark.parametrize("moment", EXTREMES)
def test_one_far_event_is_refused_and_the_workspace_keeps_working(moment: str) -> None:
    history, workspace, _ = fresh()
    good = item("good", ("thank_you_sent", "2026-11-19T15:00"))
    bad = item("bad", ("thank_you_sent", moment))
    with pytest.raises(FollowupError) as refused:
        import_json(history, workspace, document(good, bad), NOW)
    one_sentence(refused.value)
    assert "cases[1].events[0].at" in refused.value.message("en")
    assert history.cases(workspace) == []  # the file is refused whole: nothing half-imported
    assert import_json(history, workspace, document(good), NOW) == 1
    assert [c.id for c in history.cases(workspace)] == ["good"]
    export_json(history, workspace, NOW)  # and every way out still works
    Desk.of(history, workspace, NOW, "id").calendar()


@pytest.mark.parametrize("moment", EXTREMES)
def test_every_entry_point_has_the_same_range(moment: str) -> None:
    data = case_dict(events=[{"type": "thank_you_sent", "at": moment}])
    with pytest.raises(FollowupError) as refused:  # the form's path
        validate(data, NOW)
    assert refused.value.message("en").startswith("The date in events[0].at is not plausible")
    code, out, err = cli("plan", "-", "--now", "2026-11-21T10:00", stdin=json.dumps(data))
    assert (code, out) == (2, "")
    assert err.startswith("Tanggal di kolom events[0].at tidak masuk akal")
    history, workspace, _ = fresh()
    case_id = history.save_case(workspace, make_case(), NOW)
    with pytest.raises(FollowupError):  # and a step recorded by the page
        history.append_event(
            workspace, case_id, "thank_you_sent", datetime.fromisoformat(moment), NOW
        )
    assert history.events(workspace) == []


def test_step_times_with_and_without_offsets_mix() -> None:
    history, workspace, token = fresh()
    steps = [
        ("interview_confirmed", "2026-11-10T09:00"),  # naive: the case's zone
        ("reply_received", "2026-11-11T02:00:00+00:00"),
        ("thank_you_sent", "2026-11-19T15:30:00Z"),
        ("follow_up_sent", "2026-11-18T23:30:00-14:00"),
    ]
    import_json(history, workspace, document(item("mixed", *steps)), NOW)
    (stored,) = history.cases(workspace)
    assert [e.at for e in stored.case.events] == sorted(at(m) for _, m in steps)
    assert all(e.at.utcoffset() is not None for e in history.events(workspace))
    again, _ = history.create_workspace(NOW)
    import_json(history, again, export_json(history, workspace, NOW), NOW)
    assert json.loads(export_json(history, again, NOW)) == json.loads(
        export_json(history, workspace, NOW)
    )


def test_the_calendar_has_a_vtimezone_for_every_zone_it_uses() -> None:
    history, workspace, _ = fresh()
    history.save_case(
        workspace, make_case(stage="scheduled", interview={"start": "2026-11-25T10:00"}), NOW
    )
    history.save_case(
        workspace,
        make_case(
            stage="scheduled", timezone="Europe/Berlin", interview={"start": "2026-11-26T10:00"}
        ),
        NOW,
    )
    calendar = Calendar.from_ical(Desk.of(history, workspace, NOW, "id").calendar())
    zones = {str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")}
    assert zones == {"Asia/Jakarta", "Europe/Berlin"}
    assert calendar.get_missing_tzids() == set()
    raw = Desk.of(history, workspace, NOW, "id").calendar().decode()
    assert raw.index("BEGIN:VTIMEZONE") < raw.index("BEGIN:VEVENT")
    stamps = re.findall(r"^DTSTAMP[^\r\n]*", raw, re.MULTILINE)
    assert stamps
    assert all(s.endswith("Z") for s in stamps)  # RFC 5545: DTSTAMP in UTC
