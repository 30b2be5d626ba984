"""The history on a real PostgreSQL server (Debian's package, started on loopback by the
test), attached through DuckDB's PostgreSQL extension from its PyPI wheel: the same store,
the same steps; two processes writing at once lose nothing. Skipped when PostgreSQL is not
installed, unless FOLLOWUP_REQUIRE_POSTGRES=1 (`make test` installs it and sets it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from bench import postgres
from bench.cases import at, case_dict
from followup.desk import Desk, validate
from followup.history import open_history

NOW = at("2026-11-19T15:00")


@pytest.fixture(scope="module")
def server() -> Iterator[postgres.Server]:
    if not postgres.available():
        if os.environ.get("FOLLOWUP_REQUIRE_POSTGRES") == "1":
            pytest.fail("FOLLOWUP_REQUIRE_POSTGRES=1 but PostgreSQL is not installed")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    with postgres.running() as running:
        yield running


@pytest.fixture
def url(server: postgres.Server) -> str:
    return server.url


def test_the_history_on_postgresql(url: str) -> None:
    opened = open_history(url)
    assert opened.warning is None
    assert opened.remote
    assert "postgresql://" in opened.path
    history = opened.history
    workspace, token = history.create_workspace(NOW)
    case_id = history.save_case(workspace, validate(case_dict(), NOW), NOW)
    desk = Desk.of(history, workspace, NOW, "id")
    after = desk.mark_sent(case_id, "thank_you")
    stored = after.case(case_id)
    assert stored is not None
    assert [e.type for e in stored.case.events] == ["thank_you_sent"]
    copy = after.snapshot()
    assert json.loads(copy)["cases"][0]["id"] == case_id
    assert history.open_workspace(token, NOW) == workspace
    again = open_history(url).history  # another connection sees it
    assert again.open_workspace(token, NOW) == workspace
    after.forget()
    assert history.open_workspace(token, NOW) is None
    assert history.was_forgotten(token)


WRITER = """
import sys
from bench.cases import at, case_dict
from followup.desk import validate
from followup.history import open_history
NOW = at("2026-11-19T15:00")
history = open_history(sys.argv[1]).history
done = 0
for n in range(int(sys.argv[2])):
    workspace, _ = history.create_workspace(NOW)
    case_id = history.save_case(workspace, validate(case_dict(), NOW), NOW)
    history.append_event(workspace, case_id, "thank_you_sent", NOW, NOW)
    done += 1
print(done)
"""


def test_two_processes_write_at_once_and_lose_nothing(url: str) -> None:
    """Two app processes on one PostgreSQL database, 25 sessions each: every step
    acknowledged is there."""
    before = _count(url)
    writers = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", WRITER, url, "25"], stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    acknowledged = sum(int(w.communicate(timeout=300)[0].strip()) for w in writers)
    assert acknowledged == 50
    assert _count(url) - before == 50


def _count(url: str) -> int:
    history = open_history(url).history
    with history._read() as db:  # noqa: SLF001 - counting rows is the point
        row = db.execute("SELECT count(*) FROM events").fetchone()
    return int(row[0]) if row else 0


def test_an_unreachable_server_leaves_the_page_on_the_local_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    """No server at the address: within the timeout, the local file, one warning; the password
    written in the address is never shown."""
    monkeypatch.setenv("FOLLOWUP_DB_TIMEOUT", "5")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    opened = open_history("postgresql://app:s3cret@127.0.0.1:9/followup")
    assert opened.warning == "history_remote_unreachable"
    assert not opened.remote
    assert "s3cret" not in opened.path


def test_the_shared_history_back_takes_in_what_the_local_file_kept(
    server: postgres.Server, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    """PostgreSQL is down when the app starts: the page runs on the local file, a restored
    workspace gets a step there, a new one is created, one is forgotten. The server comes
    back; the background retry finds it, copies all of it in, and moves the page onto it
    (no restart); a second copy changes nothing."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("FOLLOWUP_DB_TIMEOUT", "5")
    shared = open_history(server.url).history
    kept_ws, kept_token = shared.create_workspace(NOW)
    case_id = shared.save_case(kept_ws, validate(case_dict(), NOW), NOW)
    doomed_ws, doomed_token = shared.create_workspace(NOW)
    copy = Desk.of(shared, kept_ws, NOW, "id").snapshot()  # what the browser keeps
    before = _count(server.url)

    server.stop()
    try:
        monkeypatch.setenv("FOLLOWUP_DB_RETRY", "0.2")
        opened = open_history(server.url)
        assert (opened.warning, opened.remote) == ("history_remote_unreachable", False)
        assert opened.reconnect is not None
        local = opened.history
        # the page restores the link from the browser's copy, and a step is recorded
        restored, _ = local.create_workspace(NOW, kept_token)
        desk, _ = Desk.of(local, restored, NOW, "id").merge_copy(copy)
        desk.mark_sent(case_id, "thank_you")
        fresh_ws, fresh_token = local.create_workspace(NOW)  # a newcomer during the outage
        local.save_case(fresh_ws, validate(case_dict(company="PT Baru"), NOW), NOW)
        gone, _ = local.create_workspace(NOW, doomed_token)
        local.forget(gone, NOW)  # "forget me", during the outage
        assert not opened.reconnect.done.is_set()
    finally:
        server.start()
    assert opened.reconnect.done.wait(120)  # the background retry found the server

    assert (opened.warning, opened.remote, opened.generation) == (None, True, 1)
    assert opened.history is not local
    back = open_history(server.url).history  # what every replica now sees
    found = back.open_workspace(kept_token, NOW)
    assert found == kept_ws
    stored = back.case(kept_ws, case_id)
    assert stored is not None
    assert [e.type for e in stored.case.events] == ["thank_you_sent"]
    newcomer = back.open_workspace(fresh_token, NOW)
    assert newcomer is not None
    assert [c.case.company for c in back.cases(newcomer)] == ["PT Baru"]
    assert back.open_workspace(doomed_token, NOW) is None
    assert back.was_forgotten(doomed_token)
    assert _count(server.url) == before + 1
    assert local.open_workspace(fresh_token, NOW) is None  # merged: gone from the local file
    assert opened.reconnect.attempt()  # (done: nothing is copied twice)
    assert _count(server.url) == before + 1
    del doomed_ws
