"""The shared history unreachable when the app starts, then back (issue 25), on a real
PostgreSQL server and real page runs (AppTest): the page works on the server's local file
and says so; once the store answers, the same session goes on with the same link on the
shared store (its workspace opened there again), with the step it recorded meanwhile, and
without the warning. No restart."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench import postgres
from bench.apptest import INTERVIEW, fill, page
from followup.history import open_history
from tests.pages import (  # noqa: F401 - clean_process: a fresh page history per test
    cards,
    clean_process,
    ok,
    workspace_now,
)


def _warnings(at: object) -> str:
    return " ".join(str(w.value) for w in at.warning)  # type: ignore[attr-defined]


def test_the_page_moves_onto_the_shared_history_when_it_is_back(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from followup.ui import state

    if not postgres.available():
        if os.environ.get("FOLLOWUP_REQUIRE_POSTGRES") == "1":
            pytest.fail("FOLLOWUP_REQUIRE_POSTGRES=1 but PostgreSQL is not installed")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    with postgres.running() as server:
        monkeypatch.setenv("FOLLOWUP_DB", server.url)
        monkeypatch.setenv("FOLLOWUP_DB_TIMEOUT", "5")
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # the local file
        server.stop()
        try:
            at = fill(page(), "interviewed", **INTERVIEW)
            ok(at)
            assert "tidak dapat dihubungi" in _warnings(at)
            assert "begitu sambungan pulih" in _warnings(at)
            token = at.query_params["w"]
            at.button(key="mark_sent-thank_you").click().run()
            ok(at)
        finally:
            server.start()
        opened = state._opened(server.url)  # noqa: SLF001 - the page's, in this process
        assert opened.reconnect is not None
        assert opened.reconnect.attempt()  # (in the app: the background retry)

        at.run()
        ok(at)
        assert "tidak dapat dihubungi" not in _warnings(at)
        assert at.query_params["w"] == token
        assert "Selesai" in cards(at)["thank_you"]
        shared = open_history(server.url).history
        workspace = shared.open_workspace(token, workspace_now())
        assert workspace is not None
        assert [e.type for e in shared.events(workspace)] == ["thank_you_sent"]
        # and what the session writes next goes there
        at.toggle(key="edit_details").set_value(True).run()
        at.text_input(key="position").set_value("Analis Data Senior")
        at.button(key="submit_case").click().run()
        ok(at)
        assert [c.case.position for c in shared.cases(workspace)] == ["Analis Data Senior"]
