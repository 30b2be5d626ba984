"""The workspace as a whole through the Desk, on a real in-memory DuckDB: conflicts seen
across its applications, the board ranking what is urgent, and a workspace restored from the
browser's copy."""

from __future__ import annotations

import json

import duckdb
import pytest

from bench.cases import at, case_dict
from followup.desk import ALONE, Desk
from followup.errors import FollowupError
from followup.history import History
from followup.history.exports import export_json
from tests.desk.helpers import NOW, desk, fresh, save


# --- the workspace as a whole -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("stage", "action"),
    [("invited", "accept_invitation"), ("scheduled", "confirm_interview")],
)
def test_same_day_conflict_from_another_application(stage: str, action: str) -> None:
    history, workspace, _ = fresh()
    mine = case_dict(
        stage=stage,
        invited_at="2026-11-20T08:00",
        interview={"start": "2026-11-25T10:00"},
    )
    first = save(history, workspace, mine)
    save(
        history,
        workspace,
        case_dict(company="PT Lain", stage="scheduled", interview={"start": "2026-11-25T15:00"}),
    )
    cases = history.cases(workspace)
    stored = next(c for c in cases if c.id == first)
    rec = desk(history, workspace, NOW, "en").plan(stored.id).get(action)  # type: ignore[arg-type]
    assert rec is not None
    assert "same_day_conflict" in rec.flags
    alone = Desk.alone(stored.case, NOW, "en").plan(ALONE).get(action)  # type: ignore[arg-type]
    assert alone is not None
    assert "same_day_conflict" not in alone.flags


def test_an_offer_sees_the_workspace_interviews_to_cancel() -> None:
    history, workspace, _ = fresh()
    accepted = [{"type": "offer_accepted", "at": "2026-11-20T09:00"}]
    offer = save(history, workspace, case_dict(stage="offer", events=accepted))
    save(
        history,
        workspace,
        case_dict(company="PT Lain", stage="scheduled", interview={"start": "2026-11-25T15:00"}),
    )
    cases = history.cases(workspace)
    stored = next(c for c in cases if c.id == offer)
    rec = desk(history, workspace, NOW, "id").plan(stored.id).get("cancel_other_interviews")
    assert rec is not None
    assert "PT Lain" in rec.reason


def test_a_proposed_new_time_on_the_day_of_another_interview_is_flagged() -> None:
    history, workspace, _ = fresh()
    mine = case_dict(
        stage="scheduled",
        interview={"start": "2026-11-27T10:00"},
        cancel={
            "reason": "illness",
            "still_interested": True,
            "proposed_slots": ["2026-12-01T10:00", "2026-12-02T14:00"],
        },
    )
    first = save(history, workspace, mine)
    save(
        history,
        workspace,
        case_dict(company="PT Lain", stage="scheduled", interview={"start": "2026-12-02T09:00"}),
    )
    cases = history.cases(workspace)
    stored = next(c for c in cases if c.id == first)
    rec = desk(history, workspace, NOW, "en").plan(stored.id).get("reschedule_interview")
    assert rec is not None
    assert "same_day_conflict" in rec.flags


def test_the_board_lists_open_applications_most_urgent_first() -> None:
    history, workspace, _ = fresh()
    save(
        history,
        workspace,
        case_dict(
            company="PT Tunggu",
            interview={"start": "2026-11-13T10:00"},
            events=[{"type": "thank_you_sent", "at": "2026-11-13T15:00"}],
        ),
    )
    save(history, workspace, case_dict(company="PT Sekarang"))
    save(
        history,
        workspace,
        case_dict(
            company="PT Selesai",
            stage="rejected",
            rejected_at="2026-11-18T09:00",
            events=[{"type": "rejection_reply_sent", "at": "2026-11-18T10:00"}],
        ),
    )
    rows = desk(history, workspace, NOW).board()
    assert [r.stored.case.company for r in rows] == ["PT Sekarang", "PT Tunggu", "PT Selesai"]
    first, second, closed = rows
    assert first.next is not None
    assert first.next.action == "thank_you"
    assert first.next.status == "now"
    # late, but still worth sending until the 3rd business day's closing (Revision 2)
    assert first.moment == at("2026-11-24T17:00")
    assert second.next is not None
    assert second.next.action == "follow_up"
    assert (second.follow_ups, second.max_follow_ups) == (0, 2)
    assert not closed.open


# --- the browser's copy -----------------------------------------------------------------------
def test_restore_from_the_browser_copy_on_a_fresh_server() -> None:
    history, workspace, token = fresh()
    case_id = save(history, workspace, case_dict())
    stored = history.case(workspace, case_id)
    assert stored is not None
    desk(history, workspace, NOW).mark_sent(stored.id, "thank_you")
    copy = desk(history, workspace, NOW).snapshot()

    fresh_server = History(duckdb.connect(":memory:"))  # a restart on an empty disk
    restored_desk, count = Desk.restore(fresh_server, token, copy, NOW)
    restored = restored_desk.workspace
    assert restored is not None
    assert count == 1
    assert fresh_server.open_workspace(token, NOW) == restored  # the same link opens it
    back = fresh_server.cases(restored)
    assert [c.id for c in back] == [case_id]
    assert back[0].case.model_dump_json() == history.cases(workspace)[0].case.model_dump_json()
    assert (
        json.loads(export_json(fresh_server, restored, NOW))["cases"] == json.loads(copy)["cases"]
    )
    # a workspace the server knows is opened as it is
    again, imported = Desk.restore(fresh_server, token, copy, NOW)
    assert (again.workspace, imported) == (restored, 0)


@pytest.mark.parametrize("copy", ["not json", '{"format": "followup-history", "version": 9}', "[]"])
def test_a_bad_browser_copy_is_refused_and_leaves_nothing(copy: str) -> None:
    history = History(duckdb.connect(":memory:"))
    token = "Qx7-aB3_zK9pLm2NvR5tYw8cDf1GhJ4s"  # noqa: S105 - the form the server makes
    with pytest.raises(FollowupError):
        Desk.restore(history, token, copy, NOW)
    assert history.open_workspace(token, NOW) is None


@pytest.mark.parametrize(
    "token",
    [
        "short-token-of-20-ch",
        "a" * 32,
        "ab" * 16,
        "-" + "c" * 31,
        "-Qx7aB3zK9pLm2NvR5tYw8cDf1GhJ4s",
    ],
)
def test_a_restore_needs_a_token_like_ours(token: str) -> None:
    """Issue 25: a copy carrying a token no server would make creates nothing."""
    history = History(duckdb.connect(":memory:"))
    with pytest.raises(FollowupError) as refused:
        Desk.restore(history, token, '{"cases": []}', NOW)
    assert refused.value.key == "token_invalid"


def test_forget_me_leaves_a_tombstone_no_copy_can_pass() -> None:
    """Issue 25: after "forget me", a browser copy kept on another device cannot bring the
    workspace back under the same link; a restore that failed leaves no tombstone."""
    history = History(duckdb.connect(":memory:"))
    created, token = history.create_workspace(NOW)
    desk = Desk.of(history, created, NOW, "id")
    copy = desk.snapshot()
    desk.forget()
    assert history.was_forgotten(token)
    with pytest.raises(FollowupError) as refused:
        Desk.restore(history, token, copy, NOW)
    assert refused.value.key == "workspace_gone"
    assert history.open_workspace(token, NOW) is None
    # only the hash is kept: the token itself is nowhere in the database
    rows = history._connection.execute("SELECT * FROM forgotten").fetchall()  # noqa: SLF001
    assert token not in str(rows)
    # a restore that fails (a bad copy) is not a "forget me": the good copy still comes back
    other = "Zy8-bC4_aL0qMn3OwS6uZx9dEg2HiK5t"  # noqa: S105 - the form the server makes
    with pytest.raises(FollowupError):
        Desk.restore(history, other, "not json", NOW)
    assert not history.was_forgotten(other)
    restored, _ = Desk.restore(history, other, copy, NOW)
    assert restored.workspace is not None


def test_a_step_only_in_the_browser_copy_is_kept() -> None:
    """Issue 25: the copy holds a step the server lacks (recorded while the shared history was
    away): merged in by id, and the server's newer fields of the case stay."""
    import json

    from bench.cases import case_dict
    from followup.desk import validate

    history = History(duckdb.connect(":memory:"))
    created, _ = history.create_workspace(NOW)
    case_id = history.save_case(created, validate(case_dict(), NOW), NOW)
    desk = Desk.of(history, created, NOW, "id")
    copy = json.loads(desk.snapshot())
    copy["cases"][0]["events"].append(
        {"id": "offline-1", "type": "thank_you_sent", "at": "2026-11-19T14:00:00+07:00"}
    )
    copy["cases"][0]["case"]["position"] = "Posisi Lama Dari Salinan"
    history.save_case(
        created, validate(case_dict(position="Analis Data Senior"), NOW), NOW, case_id
    )
    after, added = Desk.of(history, created, NOW, "id").merge_copy(json.dumps(copy))
    assert added == 1
    stored = after.case(case_id)
    assert stored is not None
    assert stored.case.position == "Analis Data Senior"  # the server's fields win
    assert [e.type for e in stored.case.events] == ["thank_you_sent"]  # the copy's step kept
    again, none = after.merge_copy(json.dumps(copy))
    assert none == 0  # twice = once
