"""The secrets and privacy audit: after a full session with an API key set, the key is
nowhere in the DuckDB file, the logs, the exports or the page's URL; the model's requests
carry no personal data."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from bench.apptest import APP, INTERVIEW, fill
from bench.cases import at as moment
from bench.openai_server import Server, running
from followup.desk import Desk
from followup.history.exports import export_csv, export_json
from tests.pages import ok

KEY = "sk-test-AUDIT-4f1c9e0b7d2a6e83"
PERSONAL = ["Rina Wijaya", "PT Maju Jaya", "Analis Data", "budi@majujaya.co.id"]


@pytest.fixture
def model() -> Iterator[Server]:
    with running() as live:
        live.script("ok")
        yield live


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "audit.duckdb"
    monkeypatch.setenv("FOLLOWUP_DB", str(path))
    monkeypatch.setenv("FOLLOWUP_NOW", "2026-11-19T15:00")
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    st.cache_resource.clear()
    yield path
    st.cache_resource.clear()


def session(model: Server, via: str) -> object:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["lang"] = "id"
    at.session_state["timezone"] = "Asia/Jakarta"
    at.secrets["OPENAI_BASE_URL"] = model.url
    if via == "secrets":
        at.secrets["OPENAI_API_KEY"] = KEY
        at.run()
    else:  # pasted in the sidebar's settings box, for this session only
        at.session_state["settings"] = True  # the box opened
        at.run()
        at.text_input(key="openai_key").set_value(KEY).run()
        at.session_state["settings"] = False  # and closed again: the key stays
        at.run()
    at = fill(at, "interviewed", contact_email="budi@majujaya.co.id", **INTERVIEW)
    at.session_state["points_box-thank_you"] = True  # the box opened
    at.run()
    at.text_area(key="points-thank_you").set_value("Saya fasih SQL.").run()
    at.toggle(key="ai-thank_you").set_value(True).run()
    ok(at)
    assert "Terima kasih banyak" in at.text_area(key="draft-thank_you").value  # the AI ran
    at.button(key="mark_sent-thank_you").click().run()
    ok(at)
    return at


@pytest.mark.parametrize("via", ["secrets", "session"])
def test_the_key_is_nowhere(
    via: str, model: Server, db_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    model.script("500", "ok")  # one failure, so the retry path logs too
    at = session(model, via)
    from followup.ui import state

    token = at.query_params["w"]  # type: ignore[attr-defined]
    history = state.history()
    workspace = history.open_workspace(token, moment("2026-11-19T15:00"))
    assert workspace is not None
    exports = [
        export_json(history, workspace, moment("2026-11-19T15:00")),
        export_csv(history, workspace, "id"),
        Desk.of(history, workspace, moment("2026-11-19T15:00"), "id").calendar().decode(),
    ]
    history._connection.execute("CHECKPOINT")  # noqa: SLF001 - flush the WAL to the file
    stored = b"".join(p.read_bytes() for p in db_file.parent.glob("audit.duckdb*"))
    assert KEY.encode() not in stored
    for document in exports:
        assert KEY not in document
    assert all(KEY not in value for value in at.query_params.values())  # type: ignore[attr-defined]
    assert KEY not in caplog.text
    assert "retry" in caplog.text  # the retry was logged ... without the key
    # what the model received: the key only as its credential, never a personal detail
    assert len(model.requests) >= 2
    for request in model.requests:
        assert KEY not in request["raw"]
        for detail in PERSONAL:
            assert detail not in request["raw"]
    # and the sent draft kept in the history says it was the AI's
    assert [d["source"] for d in history.drafts(workspace)] == ["llm"]
