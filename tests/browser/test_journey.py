"""The journey across weeks, in a real browser (Playwright driving Debian's Chromium against a
real `streamlit run` on 127.0.0.1): the workspace stays with the user across the sidebar's
pages, a server restart on an empty database file, and a visit without the link; a second
application joins the same workspace.

Skipped when Chromium is missing, unless FOLLOWUP_REQUIRE_BROWSER=1 (CI and `make test`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.browser import CHROMIUM, FLAGS
from bench.servers import free_port, streamlit
from tests.browser.copies import copy_of, plant, wait_copy, wait_no_copy
from tests.browser.test_e2e import NOW, SHOTS, _browser_available, key, settle


@pytest.fixture
def browser() -> Iterator[object]:
    if not _browser_available():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def _sidebar_link(page: object, label: str) -> object:
    return page.locator("[data-testid='stSidebar'] a").filter(has_text=label)  # type: ignore[attr-defined]


def _fill_case(page: object, company: str, position: str) -> None:
    for field, value in (("company", company), ("position", position), ("candidate_name", "Rina")):
        page.locator(f"{key(field)} input").fill(value)  # type: ignore[attr-defined]
    page.locator(f"{key('submit_case')} button").click()  # type: ignore[attr-defined]


def _desktop(browser: object, database: Path | str) -> tuple[dict[str, str], int, Any, Any]:
    """The server's settings on `database` (a file, or a PostgreSQL address), a free port, and
    a desktop-sized Indonesian page."""
    env = {"FOLLOWUP_DB": str(database), "FOLLOWUP_NOW": NOW}
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1100, "height": 1400}, locale="id-ID", timezone_id="Asia/Jakarta"
    )
    return env, free_port(), context, context.new_page()


def _param(url: str, name: str) -> str | None:
    from urllib.parse import parse_qs, urlsplit

    values = parse_qs(urlsplit(url).query).get(name)
    return values[0] if values else None


def test_workspace_survives_pages_restart_and_bare_visits(browser: object, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    database = tmp_path / "history.duckdb"
    env, port, context, page = _desktop(browser, database)
    with streamlit(env, port=port) as (url, _):
        page.goto(f"{url}/")
        settle(page)
        _fill_case(page, "PT Maju Jaya", "Analis Data")
        card = page.locator(key("action-thank_you"))
        expect(card).to_contain_text("Lakukan sekarang", timeout=30_000)
        settle(page)
        token, case_id = _param(page.url, "w"), _param(page.url, "c")
        assert token
        assert case_id

        # the sidebar both ways: the link and the open case are kept
        _sidebar_link(page, "Riwayat").click()
        settle(page)
        expect(page.get_by_text("PT Maju Jaya").first).to_be_visible(timeout=30_000)
        assert _param(page.url, "w") == token
        _sidebar_link(page, "Rencana").click()
        settle(page)
        expect(page.locator(key("action-thank_you"))).to_be_visible(timeout=30_000)
        assert _param(page.url, "w") == token

        # mark a step; the browser's copy follows the confirmed write
        page.locator(f"{key('mark_sent-thank_you')} button").click()
        expect(card).to_contain_text("Selesai", timeout=30_000)
        settle(page)
        wait_copy(page, token, "thank_you_sent")

    # the server restarts on an empty database file (a fresh disk)
    database.unlink()
    for leftover in tmp_path.glob("history.duckdb*"):
        leftover.unlink()
    with streamlit(env, port=port) as (url, _):
        # the tab that stayed open gets its history back at its next click ...
        page.wait_for_selector(
            "[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=60_000
        )
        _sidebar_link(page, "Riwayat").click()
        expect(page.get_by_text("dipulihkan").first).to_be_visible(timeout=60_000)
        settle(page)
        expect(page.get_by_text("PT Maju Jaya").first).to_be_visible(timeout=30_000)
        assert _param(page.url, "w") == token
        # ... and so does a reload; the case and its done step are back
        page.reload()
        settle(page)
        expect(page.get_by_text("PT Maju Jaya").first).to_be_visible(timeout=30_000)
        page.goto(f"{url}/?w={token}&c={case_id}")  # the link as it was saved
        settle(page)
        expect(page.locator(key("action-thank_you"))).to_contain_text("Selesai", timeout=30_000)
        # the next step's draft is written again from the restored case
        draft = page.locator(f"{key('draft-collect_contact')} textarea")
        expect(draft).to_contain_text("PT Maju Jaya", timeout=30_000)
        settle(page)
        page.screenshot(path=str(SHOTS / "restored.png"))

        # the bare address in the same browser: the workspace resumes
        page.goto(f"{url}/")
        expect(page.locator(key("today"))).to_contain_text("PT Maju Jaya", timeout=30_000)
        settle(page)
        assert _param(page.url, "w") == token

        # another browser (a new context): nothing of it
        stranger = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")  # type: ignore[attr-defined]
        other = stranger.new_page()
        other.goto(f"{url}/")
        settle(other)
        expect(other.locator(key("company"))).to_be_visible(timeout=30_000)
        expect(other.get_by_text("PT Maju Jaya")).to_have_count(0)
        assert _param(other.url, "w") is None
        stranger.close()

        # a second application in the same workspace
        page.locator(f"{key('new_case')} button").click()
        settle(page)
        _fill_case(page, "PT Sinar Abadi", "Data Engineer")
        expect(page.locator(key("action-thank_you"))).to_contain_text(
            "Lakukan sekarang", timeout=30_000
        )
        settle(page)
        assert _param(page.url, "w") == token
        expect(page.locator(key("today"))).to_contain_text("· 2")
        page.locator(key("today")).get_by_text("Hari ini").click()  # open the board
        expect(page.locator(key("today"))).to_contain_text("PT Maju Jaya")
        expect(page.locator(key("today"))).to_contain_text("PT Sinar Abadi")
        page.screenshot(path=str(SHOTS / "today.png"))
        _sidebar_link(page, "Riwayat").click()
        settle(page)
        expect(page.get_by_text("PT Maju Jaya").first).to_be_visible(timeout=30_000)
        expect(page.get_by_text("PT Sinar Abadi").first).to_be_visible(timeout=30_000)
        assert _param(page.url, "w") == token

        # "forget this device": the browser's copy goes, the server's history stays
        page.locator(f"{key('forget_device')} button").first.click()
        wait_no_copy(page, token)
        expect(page.get_by_text("tidak lagi mengingat").first).to_be_visible(timeout=30_000)
        page.goto(f"{url}/")
        settle(page)
        expect(page.locator(key("company"))).to_be_visible(timeout=30_000)
        assert _param(page.url, "w") is None
    context.close()


def test_two_workspaces_in_one_browser_both_come_back(browser: object, tmp_path: Path) -> None:
    """Issue 25: one copy per workspace. A second workspace in the same browser never replaces
    the first's copy; after a restart on a fresh disk, each link brings its own back."""
    from playwright.sync_api import expect

    env, port, context, page = _desktop(browser, tmp_path / "history.duckdb")
    tokens: dict[str, str] = {}
    with streamlit(env, port=port) as (url, _):
        page.goto(f"{url}/")
        settle(page)
        for company in ("PT Satu Kopi", "PT Dua Teh"):
            if tokens:  # a second workspace: "new workspace" on History, then the form
                _sidebar_link(page, "Riwayat").click()
                settle(page)
                page.locator(f"{key('new_workspace')} button").click()
                settle(page)
                _sidebar_link(page, "Rencana").click()
                settle(page)
                expect(page.locator(key("company"))).to_be_visible(timeout=30_000)
            _fill_case(page, company, "Analis Data")
            expect(page.locator(key("action-thank_you"))).to_be_visible(timeout=30_000)
            settle(page)
            token = _param(page.url, "w")
            assert token
            tokens[company] = token
            wait_copy(page, token, company)
        assert len(set(tokens.values())) == 2
        _sidebar_link(page, "Riwayat").click()  # History says when the copy was saved
        expect(page.get_by_text("terakhir disimpan pada").first).to_be_visible(timeout=30_000)
        first = tokens["PT Satu Kopi"]
        assert copy_of(page, first) is not None
        # the next visit lists the other workspace this browser keeps, as a link to it
        page.goto(f"{url}/history?w={tokens['PT Dua Teh']}")
        listed = page.locator("[data-testid='stMarkdown'] a").filter(has_text="PT Satu Kopi")
        expect(listed.first).to_be_visible(timeout=30_000)
        assert first in (listed.first.get_attribute("href") or "")
        page.screenshot(path=str(SHOTS / "history-other-workspaces.png"), full_page=True)

    for leftover in tmp_path.glob("history.duckdb*"):  # a fresh disk
        leftover.unlink()
    with streamlit(env, port=port) as (url, _):
        for company, token in tokens.items():
            page.goto(f"{url}/?w={token}")
            expect(page.get_by_text(company).first).to_be_visible(timeout=60_000)
            settle(page)
            assert _param(page.url, "w") == token
    context.close()


def test_a_tampered_browser_copy_is_refused_and_nothing_is_lost(
    browser: object, tmp_path: Path
) -> None:
    """Issue 25: a copy under a token no server would make creates nothing; a copy's text is
    shown as text (a link, an image that calls out); a copy that cannot be restored is said in
    one sentence and stays in the browser, untouched."""
    from playwright.sync_api import expect

    from tests.workspaces import document, item

    env, port, context, page = _desktop(browser, tmp_path / "history.duckdb")
    weak = "a" * 32
    good = "Qx7-aB3_zK9pLm2NvR5tYw8cDf1GhJ4s"
    hostile = "[klik](https://evil.example) ![x](https://evil.example/p.png)"

    def seed(url: str, token: str, copy: object) -> None:
        # planted while no page of the app is open: a session still waiting for the browser's
        # report would otherwise take the planted copy as its own (it is the one used last)
        page.goto(f"{url}/_stcore/health")
        plant(page, token, copy, NOW)

    with streamlit(env, port=port) as (url, _):
        # a made-up token: nothing is adopted, nothing created
        seed(url, weak, document(item("a", company="PT Lemah")))
        page.goto(f"{url}/")
        settle(page)
        expect(page.locator(key("company"))).to_be_visible(timeout=30_000)
        assert _param(page.url, "w") is None
        expect(page.get_by_text("PT Lemah")).to_have_count(0)
        # a copy whose company carries markdown: restored, shown as text, no link, no image
        seed(url, good, document(item("h", company=hostile)))
        page.goto(f"{url}/?w={good}")  # (its link: the copy of that very workspace)
        expect(page.get_by_text("dipulihkan").first).to_be_visible(timeout=60_000)
        settle(page)
        assert _param(page.url, "w") == good
        assert page.locator("a[href*='evil.example']").count() == 0  # type: ignore[attr-defined]
        assert page.locator("img[src*='evil.example']").count() == 0  # type: ignore[attr-defined]
        # a copy that cannot be read: one sentence, and the copy is still there
        other = "Zy8-bC4_aL0qMn3OwS6uZx9dEg2HiK5t"
        seed(url, other, "{not json" + " " * 2_000_000)
        page.goto(f"{url}/?w={other}")
        expect(page.get_by_text("tidak dapat dipulihkan").first).to_be_visible(timeout=60_000)
        settle(page)
        kept = len(copy_of(page, other) or "")
        assert kept > 2_000_000
        with page.expect_download() as offered:  # type: ignore[attr-defined]
            page.locator(f"{key('download_copy')} button").click()  # type: ignore[attr-defined]
        assert Path(offered.value.path()).read_text().startswith("{not json")
        # a new application goes into a new workspace; the unreadable copy stays as it was
        page.goto(f"{url}/")
        settle(page)
        _fill_case(page, "PT Baru Lagi", "Analis Data")
        expect(page.locator(key("action-thank_you"))).to_be_visible(timeout=30_000)
        settle(page)
        assert len(copy_of(page, other) or "") == kept
    context.close()


def test_a_copy_kept_in_local_storage_moves_to_indexeddb(browser: object, tmp_path: Path) -> None:
    """Issue 25: a copy the previous version kept in local storage (5 MB for all copies) moves
    into IndexedDB on the next visit and brings its workspace back after a fresh disk."""
    from playwright.sync_api import expect

    from tests.workspaces import document, item

    env, port, context, page = _desktop(browser, tmp_path / "history.duckdb")
    token = "Pk3-dR7_wT1yUo5QaS9zXc2VbN8mLj4h"  # noqa: S105 - a workspace link's token
    saved = json.dumps(
        {"token": token, "copy": document(item("m", company="PT Pindah Rumah")), "saved_at": NOW}
    )
    with streamlit(env, port=port) as (url, _):
        page.goto(f"{url}/")
        settle(page)
        page.evaluate(  # type: ignore[attr-defined]
            "([t, v]) => { localStorage.setItem('followup.workspace.v2.' + t, v);"
            " localStorage.setItem('followup.workspace.v2.last', t); }",
            [token, saved],
        )
        page.reload()
        expect(page.get_by_text("dipulihkan").first).to_be_visible(timeout=30_000)
        expect(page.get_by_text("PT Pindah Rumah").first).to_be_visible(timeout=30_000)
        wait_copy(page, token, "PT Pindah Rumah")
        left = page.evaluate(  # type: ignore[attr-defined]
            "() => Object.keys(localStorage).filter((k) => k.startsWith('followup.workspace'))"
        )
        assert left == []
    context.close()


@pytest.mark.parametrize("newer", ["local storage", "indexeddb"])
def test_the_newer_of_two_copies_of_one_workspace_is_kept(
    browser: object, tmp_path: Path, newer: str
) -> None:
    """Issue 25: when local storage and IndexedDB both keep a copy of one workspace, the move
    keeps the newer one, whichever it is."""
    from playwright.sync_api import expect

    from tests.workspaces import document, item

    env, port, context, page = _desktop(browser, tmp_path / "history.duckdb")
    token = "Rt5-eF2_gH8jKl3ZxC6vBn9MqW1sDp4a"  # noqa: S105 - a workspace link's token
    before, after = "2026-11-18T10:00:00+07:00", NOW
    old_in_storage = newer == "indexeddb"
    stored = {"token": token, "saved_at": before if old_in_storage else after}
    stored["copy"] = document(item("s", company="PT Di Penyimpanan Lokal"))
    with streamlit(env, port=port) as (url, _):
        page.goto(f"{url}/_stcore/health")  # (no page of the app open while they are put)
        plant(
            page,
            token,
            document(item("i", company="PT Di IndexedDB")),
            after if old_in_storage else before,
        )
        page.evaluate(  # type: ignore[attr-defined]
            "([t, v]) => localStorage.setItem('followup.workspace.v2.' + t, v)",
            [token, json.dumps(stored)],
        )
        page.goto(f"{url}/?w={token}")
        kept = "PT Di IndexedDB" if newer == "indexeddb" else "PT Di Penyimpanan Lokal"
        expect(page.get_by_text(kept).first).to_be_visible(timeout=60_000)
        wait_copy(page, token, kept)
        gone = "PT Di Penyimpanan Lokal" if newer == "indexeddb" else "PT Di IndexedDB"
        expect(page.get_by_text(gone)).to_have_count(0)
    context.close()


def test_forget_me_on_one_device_reaches_the_others_copy(browser: object, tmp_path: Path) -> None:
    """Issue 25: after "forget me" on one device, another device's copy does not bring the
    workspace back under the same link: it is told, and its copy goes."""
    from playwright.sync_api import expect

    env, port, laptop, page = _desktop(browser, tmp_path / "history.duckdb")
    phone = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")  # type: ignore[attr-defined]
    other = phone.new_page()
    with streamlit(env, port=port) as (url, _):
        page.goto(f"{url}/")
        settle(page)
        _fill_case(page, "PT Lupa Saja", "Analis Data")
        expect(page.locator(key("action-thank_you"))).to_be_visible(timeout=30_000)
        settle(page)
        token = _param(page.url, "w")
        other.goto(f"{url}/?w={token}")  # the link opened on the phone: a copy is kept there
        expect(other.get_by_text("PT Lupa Saja").first).to_be_visible(timeout=30_000)
        wait_copy(other, token or "")
        page.goto(f"{url}/history?w={token}")
        settle(page)
        page.get_by_role("button", name="Lupakan saya").first.click()  # the popover
        page.locator(f"{key('forget_me')} button").click()
        settle(page)
        other.goto(f"{url}/?w={token}")
        expect(other.get_by_text("Lupakan saya").first).to_be_visible(timeout=30_000)
        wait_no_copy(other, token or "")
        expect(other.get_by_text("PT Lupa Saja")).to_have_count(0)
    phone.close()
    laptop.close()


def test_a_step_only_in_the_copy_survives_the_next_visit(browser: object, tmp_path: Path) -> None:
    """Issue 25: a step the browser's copy holds and the server lacks (recorded while the
    shared history was away) is taken in on the next visit, never overwritten."""
    from playwright.sync_api import expect

    env, port, context, page = _desktop(browser, tmp_path / "history.duckdb")
    with streamlit(env, port=port) as (url, _):
        page.goto(f"{url}/")
        settle(page)
        _fill_case(page, "PT Salinan Jaya", "Analis Data")
        card = page.locator(key("action-thank_you"))
        expect(card).to_contain_text("Lakukan sekarang", timeout=30_000)
        settle(page)
        token = _param(page.url, "w")
        wait_copy(page, token or "", "PT Salinan Jaya")
        document = json.loads(copy_of(page, token or "") or "")
        document["cases"][0]["events"].append(  # a thank-you recorded in the copy only
            {"id": "offline-1", "type": "thank_you_sent", "at": "2026-11-19T14:30:00+07:00"}
        )
        plant(page, token or "", json.dumps(document), NOW)
        page.reload()
        expect(page.get_by_text("ditambahkan ke riwayat").first).to_be_visible(timeout=30_000)
        expect(page.locator(key("action-thank_you"))).to_contain_text("Selesai", timeout=30_000)
    context.close()


def test_a_step_kept_in_the_browser_outlives_another_tabs_copy(
    browser: object, tmp_path: Path
) -> None:
    """Issue 25: a step one tab kept in the browser while the shared history was away (a
    journal copy) is not dropped when another tab of the workspace saves its own copy, which
    lacks it; the next visit takes it into the history."""
    from playwright.sync_api import expect

    env, port, context, page = _desktop(browser, tmp_path / "history.duckdb")
    with streamlit(env, port=port) as (url, _):
        page.goto(f"{url}/")
        settle(page)
        _fill_case(page, "PT Dua Tab", "Analis Data")
        expect(page.locator(key("action-thank_you"))).to_contain_text("Lakukan sekarang")
        settle(page)
        token = _param(page.url, "w") or ""
        wait_copy(page, token, "PT Dua Tab")
        document = json.loads(copy_of(page, token) or "")
        document["cases"][0]["events"].append(  # the other tab's step, kept only here
            {"id": "other-tab-1", "type": "reply_received", "at": "2026-11-19T14:30:00+07:00"}
        )
        plant(page, token, json.dumps(document), NOW, journal=True)
        # this tab records a step and saves its own copy, which lacks the other tab's
        page.locator(key("mark_sent-thank_you") + " button").click()
        expect(page.locator(key("action-thank_you"))).to_contain_text("Selesai")
        settle(page)
        wait_copy(page, token, "thank_you_sent")
        assert "other-tab-1" in (copy_of(page, token) or "")  # kept
        page.reload()  # the next visit: taken into the history
        expect(page.get_by_text("ditambahkan ke riwayat").first).to_be_visible(timeout=30_000)
    context.close()


def test_a_600_application_workspace_round_trips_through_the_browser_copy(
    browser: object, tmp_path: Path
) -> None:
    """Issue 25: the largest workspaces people keep come back whole from the browser's copy
    after a restart on a fresh disk (the compact export: about 0.5 MB for 600 applications)."""
    from playwright.sync_api import expect

    from bench.cases import at, case_dict
    from followup.desk import validate
    from followup.history.database import open_history

    database = tmp_path / "history.duckdb"
    history = open_history(str(database)).history
    workspace, token = history.create_workspace(at(NOW))
    for n in range(600):
        history.save_case(
            workspace, validate(case_dict(company=f"PT Contoh {n:03d}"), at(NOW)), at(NOW)
        )
    history.close()
    env, port, context, page = _desktop(browser, database)
    with streamlit(env, port=port) as (url, _):
        page.goto(f"{url}/?w={token}")
        settle(page)
        wait_copy(page, token, "PT Contoh 599", timeout_ms=60_000)
    for leftover in tmp_path.glob("history.duckdb*"):  # a fresh disk
        leftover.unlink()
    with streamlit(env, port=port) as (url, _):
        page.goto(f"{url}/?w={token}")
        expect(page.get_by_text("jumlah lamaran: 600").first).to_be_visible(timeout=60_000)
    context.close()


def test_an_outage_of_the_shared_store_loses_no_step(browser: object) -> None:
    """Issue 25: PostgreSQL goes away mid-journey; the step marked meanwhile is kept in the
    browser, and once the server is back it is in the shared store, without a reboot."""
    import os

    from playwright.sync_api import expect

    from bench import postgres
    from followup.history import open_history

    if not postgres.available():
        if os.environ.get("FOLLOWUP_REQUIRE_POSTGRES") == "1":
            pytest.fail("FOLLOWUP_REQUIRE_POSTGRES=1 but PostgreSQL is not installed")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    with postgres.running() as server:
        env, port, context, page = _desktop(browser, server.url)
        with streamlit(env, port=port) as (url, _):
            page.goto(f"{url}/")
            settle(page)
            _fill_case(page, "PT Padam Jaya", "Analis Data")
            card = page.locator(key("action-thank_you"))
            expect(card).to_contain_text("Lakukan sekarang", timeout=30_000)
            settle(page)
            token = _param(page.url, "w")
            wait_copy(page, token or "", "PT Padam")
            server.stop()  # the outage
            page.locator(f"{key('mark_sent-thank_you')} button").click()
            expect(page.get_by_text("disimpan dulu di browser").first).to_be_visible(timeout=30_000)
            wait_copy(page, token or "", "thank_you_sent")
            server.start()  # back: no reboot of the app
            page.reload()
            expect(page.get_by_text("ditambahkan ke riwayat").first).to_be_visible(timeout=60_000)
            history = open_history(server.url).history
            workspace = history.open_workspace(token or "", at_now())
            assert workspace is not None
            kinds = [e.type for e in history.events(workspace)]
            assert kinds == ["thank_you_sent"]
        context.close()


def at_now() -> object:
    from bench.cases import at

    return at(NOW)
