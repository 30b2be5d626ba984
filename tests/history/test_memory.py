"""The history's remembered reads (`History(..., remember=True)`, the page's history): after any
sequence of writes, what it answers is exactly what a history that remembers nothing reads
from the same database, on a real DuckDB."""

from __future__ import annotations

import enum
import threading
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.history import History, HistoryError, Workspace
from followup.history.exports import export_json
from followup.history.records import Incoming
from tests.conftest import make_case, write_unreadable_rows
from tests.history.remembering import NOW, draft, pair, same

OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "save",
                "edit",
                "event",
                "event_same_time",
                "draft",
                "import",
                "delete",
                "forget",
                "new",
                "purge",
            ]
        ),
        st.integers(0, 3),
    ),
    max_size=30,
)


def inherited(connection: duckdb.DuckDBPyConnection) -> tuple[Workspace, list[str]]:
    """A workspace an older version left: a good case, one whose step cannot be read and
    one whose fields cannot (written before the history that remembers is opened)."""
    older = History(connection.cursor())
    workspace, _ = older.create_workspace(NOW)
    good = older.save_case(workspace, make_case(company="PT Lama"), NOW)
    write_unreadable_rows(connection, workspace.id, (NOW - timedelta(days=3)).replace(tzinfo=None))
    return workspace, [good, "far", "garbled"]


@settings(max_examples=80, deadline=None)
@given(OPERATIONS)
def test_remembered_reads_equal_fresh_reads_after_any_writes(
    operations: list[tuple[str, int]],
) -> None:
    """Also what a write adds to what is remembered (a new version, a step, a draft) instead
    of reading again: the same contents, in the same order, as a fresh read."""
    connection = duckdb.connect(":memory:")
    old, old_cases = inherited(connection)
    remembering, plain = History(connection, remember=True), History(connection.cursor())
    spaces = [old, *(remembering.create_workspace(NOW)[0] for _ in range(3))]
    owned: dict[str, list[str]] = {ws.id: [] for ws in spaces}
    owned[old.id] = old_cases
    clock = NOW
    for op, index in operations:
        ws = spaces[index]
        mine = owned[ws.id]
        for each in spaces:  # read first: every answer is remembered before the write
            remembering.read(each)
            remembering.exists(each)
        try:
            if op == "save":
                owned[ws.id].append(remembering.save_case(ws, make_case(), clock))
            elif op == "edit" and owned[ws.id]:
                remembering.save_case(
                    ws, make_case(company=f"PT {len(operations)}"), clock, owned[ws.id][0]
                )
            elif op == "event" and mine:
                remembering.append_event(ws, mine[-1], "thank_you_sent", clock, clock)
            elif op == "event_same_time" and mine:  # steps of one instant: ordered by their id
                for case_id in mine:
                    remembering.append_event(ws, case_id, "follow_up_sent", NOW, clock)
            elif op == "draft" and owned[ws.id]:
                remembering.record_draft(ws, owned[ws.id][0], draft(), True, clock)
            elif op == "import":
                remembering.import_cases(ws, [Incoming("c" * 32, make_case())], clock)
            elif op == "delete" and owned[ws.id]:
                remembering.delete_case(ws, owned[ws.id].pop())
            elif op == "forget":
                remembering.forget(ws)
            elif op == "new":
                spaces[index] = remembering.create_workspace(clock)[0]
                owned[spaces[index].id] = []
            elif op == "purge":  # time passes: the workspaces not seen for 90 days go
                clock += timedelta(days=91)
                remembering.purge_inactive(clock, 90)
        except HistoryError:
            pass  # a write refused (a forgotten workspace): the answers still agree
        for each in spaces:
            same(remembering, plain, each)


def test_a_read_hands_out_its_own_lists() -> None:
    remembering, _ = pair()
    ws, _ = remembering.create_workspace(NOW)
    remembering.save_case(ws, make_case(), NOW)
    first = remembering.read(ws)
    first.cases.clear()
    first.unreadable.append(first)  # type: ignore[arg-type]
    again = remembering.read(ws)
    assert len(again.cases) == 1
    assert again.unreadable == []


class _Step(str, enum.Enum):  # noqa: UP042 - str() of this mixin is not the value
    THANKS = "thank_you_sent"


def test_what_a_write_adds_is_the_row_as_stored_not_as_passed() -> None:
    """Found by an attack on the write-through: the rows it keeps are those DuckDB returns
    (RETURNING), so a value passed as another type (a str enum, 1 for True) reads the same as
    a fresh read, also in an unreadable case and in the browser's copy."""
    connection = duckdb.connect(":memory:")
    old, _ = inherited(connection)
    remembering, plain = History(connection, remember=True), History(connection.cursor())
    remembering.read(old)
    remembering.append_event(old, "far", _Step.THANKS, NOW, NOW, "far.2")  # type: ignore[arg-type]
    same(remembering, plain, old)
    ws, _ = remembering.create_workspace(NOW)
    case_id = remembering.save_case(ws, make_case(), NOW)
    remembering.record_draft(ws, case_id, draft(), 1, NOW, "d1")  # type: ignore[arg-type]
    same(remembering, plain, ws)
    assert export_json(remembering, ws, NOW) == export_json(plain, ws, NOW)  # "sent": true


def test_a_forgotten_workspace_is_not_remembered_as_there() -> None:
    remembering, plain = pair()
    ws, _ = remembering.create_workspace(NOW)
    case_id = remembering.save_case(ws, make_case(), NOW)
    assert remembering.exists(ws)
    remembering.forget(ws)
    assert not remembering.exists(ws)
    with pytest.raises(HistoryError):  # WorkspaceGone: forget is final
        remembering.append_event(ws, case_id, "thank_you_sent", NOW, NOW)
    assert not remembering.exists(ws)
    assert not plain.exists(ws)


def test_threads_reading_and_writing_end_with_the_fresh_answer() -> None:
    remembering, plain = pair()
    spaces = [remembering.create_workspace(NOW)[0] for _ in range(4)]
    cases = {ws.id: remembering.save_case(ws, make_case(), NOW) for ws in spaces}
    errors: list[BaseException] = []

    def work(n: int) -> None:
        ws = spaces[n % 4]
        try:
            for i in range(30):
                remembering.read(ws)
                if i % 3 == 0:
                    remembering.append_event(
                        ws, cases[ws.id], "thank_you_sent", NOW + timedelta(minutes=i), NOW
                    )
                if i % 7 == 0:
                    remembering.save_case(ws, make_case(company=f"PT {n}-{i}"), NOW, cases[ws.id])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for ws in spaces:
        same(remembering, plain, ws)


def test_a_history_shared_by_several_processes_does_not_remember() -> None:
    """Two connections to one database (as two replicas on MotherDuck): a history that does
    not remember sees the other's write at once."""
    connection = duckdb.connect(":memory:")
    one, other = History(connection), History(connection.cursor())
    ws, _ = one.create_workspace(NOW)
    assert one.read(ws).cases == []
    other.save_case(ws, make_case(), NOW)
    assert len(one.read(ws).cases) == 1


def test_what_is_kept_stays_bounded() -> None:
    remembering, _ = pair()
    memory = remembering._memory  # noqa: SLF001 - the bound is the point
    memory.KEPT_WORKSPACES = 10  # type: ignore[misc]
    memory.COUNTED_WORKSPACES = 50  # type: ignore[misc]
    spaces = [remembering.create_workspace(NOW)[0] for _ in range(120)]
    for ws in spaces:
        remembering.save_case(ws, make_case(), NOW)  # each write remembers its workspace
        remembering.read(ws)
    assert len(memory._kept) <= 30  # noqa: SLF001 - three kinds of answer per workspace
    assert len(memory._writes) <= 50  # noqa: SLF001
    remembering.forget(spaces[0])  # a new epoch: the counts start again
    assert len(memory._writes) == 0  # noqa: SLF001
    assert not remembering.exists(spaces[0])
    assert remembering.exists(spaces[1])


def test_two_spellings_of_one_file_are_one_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One remembering history per file: the page names a local file by its resolved path."""
    from followup.history.database import MEMORY, configured_path

    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    plain_path = configured_path(str(tmp_path / "data" / "history.duckdb"))
    assert configured_path("data/../data/./history.duckdb") == plain_path
    assert configured_path(MEMORY) == MEMORY
    assert configured_path("md:followup") == "md:followup"
