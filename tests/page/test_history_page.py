"""The history page (AppTest): export, import and forget; the history kept across a reload
and after forgetting this device; rows that cannot be read, said in one sentence and offered
to download and delete; "forget me" in one tab stopping every write in another; a large
workspace shown a page at a time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from bench.apptest import INTERVIEW, fill, page
from bench.cases import at
from bench.imports import export_document
from followup.history import History
from followup.history.exports import import_json
from followup.limits import MAX_CASES
from tests.conftest import make_case
from tests.pages import (  # noqa: F401 - clean_process: a fresh page history per test
    clean_process,
    history_page,
    ok,
    workspace_now,
)
from tests.workspaces import NOW, _write_unreadable_rows, rows


def test_history_page_export_import_and_forget() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    at.button(key="mark_sent-thank_you").click().run()
    token = at.query_params["w"]
    history = history_page(token)
    ok(history)
    assert any("PT Maju Jaya" in m.value for m in history.markdown)
    assert history.get("download_button")  # export_json, export_csv, export_ics
    keys = {b.proto.id for b in history.get("download_button")}
    assert any("export_json" in k for k in keys)
    from followup.history.exports import export_json
    from followup.ui import state

    workspace = state.history().open_workspace(token, workspace_now())
    assert workspace is not None
    document = json.loads(export_json(state.history(), workspace, workspace_now()))
    assert [e["type"] for e in document["cases"][0]["events"]] == ["thank_you_sent"]
    history.button(key="forget_me").click().run()
    ok(history)
    assert state.history().open_workspace(token, workspace_now()) is None


def test_reload_keeps_the_history() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    at.button(key="mark_sent-thank_you").click().run()
    token = at.query_params["w"]
    again = page(token=token)  # a new session with the same link
    ok(again)
    history = history_page(token)
    assert any("PT Maju Jaya" in m.value for m in history.markdown)
    other = history_page("x" * 32)  # another link sees nothing
    assert not any("PT Maju Jaya" in m.value for m in other.markdown)


def test_forget_this_device_keeps_the_server_history() -> None:
    at = fill(page(), "interviewed", **INTERVIEW)
    token = at.query_params["w"]
    history = history_page(token)
    history.button(key="forget_device").click().run()
    ok(history)
    assert "w" not in history.query_params
    from followup.ui import state

    assert state.history().open_workspace(token, workspace_now()) is not None


def test_the_pages_say_so_in_one_sentence_and_offer_the_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup.ui import state

    # the file as an older version (or another program) left it, before this server started
    file = tmp_path / "history.duckdb"
    before = History(duckdb.connect(str(file)))
    workspace, token = before.create_workspace(NOW)
    before.save_case(workspace, make_case(company="PT Maju Jaya"), NOW)
    _write_unreadable_rows(before, workspace)
    before.close()
    monkeypatch.setenv("FOLLOWUP_DB", str(file))
    again = page(lang="en", token=token)
    history = state.history()
    ok(again)
    notices = [w.value for w in again.warning if "cannot be read" in w.value]
    assert len(notices) == 1
    assert notices[0].startswith("2 of your applications cannot be read")
    listed = history_page(token, lang="en")
    ok(listed)
    assert sum("cannot be read" in w.value for w in listed.warning) == 2
    keys = {b.proto.id for b in listed.get("download_button")}
    assert any("unreadable_json-far" in k for k in keys)
    listed.button(key="unreadable_delete-far").click().run()
    listed.button(key="unreadable_delete-garbled").click().run()
    ok(listed)
    assert not [w for w in listed.warning if "cannot be read" in w.value]
    assert history.read(workspace).unreadable == []
    assert any("PT Maju Jaya" in m.value for m in listed.markdown)  # the good one stays


def test_forget_me_in_one_tab_stops_every_write_in_another() -> None:
    from followup.ui import state

    first = fill(page(), "interviewed", **INTERVIEW)
    token, case_id = first.query_params["w"], first.query_params["c"]
    workspace = state.history().open_workspace(token, NOW)
    assert workspace is not None
    second = page(token=token)  # the same link in another tab
    second.query_params["c"] = case_id
    second.run()
    ok(second)
    forgetting = history_page(token)
    forgetting.button(key="forget_me").click().run()
    ok(forgetting)
    assert rows(state.history(), workspace.id) == 0
    second.button(key="mark_sent-thank_you").click().run()  # its view was from before
    assert not second.exception
    said = [t.value for t in second.toast]
    assert not any("Tercatat" in s for s in said)  # never "Recorded"
    assert any("sudah dihapus" in s for s in said)
    gone = [w.value for w in second.warning if "sudah dihapus" in w.value]
    assert len(gone) == 1  # one sentence, and the offer of a new workspace
    assert second.button(key="workspace_gone_new")
    assert rows(state.history(), workspace.id) == 0
    second.button(key="workspace_gone_new").click().run()
    ok(second)
    assert "w" not in second.query_params
    second = fill(second, "interviewed", **INTERVIEW)  # a new workspace, a new link
    ok(second)
    assert second.query_params["w"] != token
    assert rows(state.history(), workspace.id) == 0


def test_the_history_page_shows_a_page_at_a_time() -> None:
    from followup.ui import history_page as view
    from followup.ui import state

    history = state.history()
    workspace, token = history.create_workspace(NOW)
    import_json(history, workspace, export_document(MAX_CASES, 2, NOW), NOW)
    listed = history_page(token, lang="en")
    ok(listed)

    def shown(run: Any) -> list[str]:
        return [
            key
            for c in run.get("flex_container")
            if (key := getattr(c, "key", None) or "").startswith("case-")
        ]

    first = shown(listed)
    assert len(first) == view.PAGE_SIZE  # not 1,000 cards
    assert any("Page 1 of 50" in c.value for c in listed.caption)
    steps = "\n".join(m.value for m in listed.markdown)
    assert steps.count("\n- ") < view.LATEST_STEPS + 5  # the latest steps, not 2,000
    listed.button(key="history_next").click().run()
    ok(listed)
    second = shown(listed)
    assert len(second) == view.PAGE_SIZE
    assert not set(first) & set(second)


def test_a_frozen_clock_also_decides_what_the_start_up_purge_removes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The purge of workspaces inactive for 90 days runs when the page opens its history, on
    the page's clock: with FOLLOWUP_NOW (a demo, this file's tests) months before the machine's
    date, what the page shows is not removed by the machine's date."""
    import streamlit as st

    from followup.ui import state

    monkeypatch.setenv("FOLLOWUP_DB", str(tmp_path / "history.duckdb"))
    monkeypatch.setenv("FOLLOWUP_NOW", "2026-04-06T09:00")
    st.cache_resource.clear()
    try:
        _, token = state.history().create_workspace(at("2026-04-06T09:00"))
        state.history().close()
        st.cache_resource.clear()  # a restart: the purge runs again when the history opens
        assert state.history().open_workspace(token, at("2026-04-06T09:05")) is not None
        state.history().close()
        monkeypatch.setenv("FOLLOWUP_NOW", "2026-07-06T09:00")  # 91 days later
        st.cache_resource.clear()
        assert state.history().open_workspace(token, at("2026-07-06T09:05")) is None
    finally:
        state.history().close()
        st.cache_resource.clear()


def test_the_way_back_is_offered() -> None:
    """Issue 25: History sends the workspace link to the person's own WhatsApp or e-mail (no
    number, no address: they pick themselves); a first visit says how to come back."""
    from urllib.parse import unquote

    at = fill(page(), "interviewed", **INTERVIEW)
    token = at.query_params["w"]
    history = history_page(token)
    ok(history)
    links = [b.proto.url for b in history.get("link_button")]
    chat = next(u for u in links if u.startswith("https://wa.me/?text="))
    mail = next(u for u in links if u.startswith("mailto:?subject="))
    for url in (chat, mail):
        assert f"w={token}" in unquote(url)
    fresh = page()
    fresh.run()
    ok(fresh)
    assert any("Sudah pernah memakai followup?" in c.value for c in fresh.caption)
