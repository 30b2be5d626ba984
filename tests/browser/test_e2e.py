"""End to end in a real browser: Playwright driving Debian's Chromium against a real
`streamlit run` on 127.0.0.1. Skipped when Chromium is missing, unless
FOLLOWUP_REQUIRE_BROWSER=1 (CI sets it), where a missing browser fails the test.

The screenshots it takes go to build/screenshots/ (FOLLOWUP_SCREENSHOTS changes that;
`make screenshots` refreshes the ones in the README, docs/screenshots/).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.browser import CHROMIUM, FLAGS, IDLE
from bench.openai_server import Server, running
from bench.servers import streamlit

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("FOLLOWUP_SCREENSHOTS") or ROOT / "build" / "screenshots")
NOW = "2026-11-19T15:00"


def _browser_available() -> bool:
    if Path(CHROMIUM).exists():
        return True
    if os.environ.get("FOLLOWUP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"FOLLOWUP_REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
    return False


@pytest.fixture(scope="module")
def model() -> Iterator[Server]:
    """An OpenAI-compatible server on loopback for the page's AI switch."""
    with running() as live:
        live.script("ok")
        yield live


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, model: Server) -> Iterator[str]:
    if not _browser_available():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    env = {
        "FOLLOWUP_DB": str(tmp_path_factory.mktemp("db") / "history.duckdb"),
        "FOLLOWUP_NOW": NOW,
        "OPENAI_BASE_URL": model.url,
        "OPENAI_MODEL": "test-model",
    }
    with streamlit(env) as (url, _):
        yield url


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def settle(page: object) -> None:
    page.wait_for_selector(IDLE, timeout=30_000)  # type: ignore[attr-defined]


def key(name: str) -> str:
    return f".st-key-{name}"


def submit_case(page: object, company: str, position: str, name: str) -> None:
    """Fill the (default: interviewed, today) case form and show the plan."""
    for field, value in (("company", company), ("position", position), ("candidate_name", name)):
        page.locator(f"{key(field)} input").fill(value)  # type: ignore[attr-defined]
    page.locator(f"{key('submit_case')} button").click()  # type: ignore[attr-defined]
    page.locator(key("action-thank_you")).wait_for(timeout=30_000)  # type: ignore[attr-defined]


def test_plan_draft_mark_reload_isolation_export_import(
    browser: object, server: str, model: Server
) -> None:
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1100, "height": 1400}, locale="id-ID", timezone_id="Asia/Jakarta"
    )
    page = context.new_page()
    page.goto(f"{server}/")
    settle(page)
    # the situation defaults to "interviewed"; the interview date defaults to today (frozen)
    submit_case(page, "PT Maju Jaya", "Analis Data", "Rina Wijaya")
    card = page.locator(key("action-thank_you"))
    expect(card).to_contain_text("Lakukan sekarang", timeout=30_000)
    settle(page)
    draft = page.locator(f"{key('draft-thank_you')} textarea")
    expect(draft).to_contain_text("Rina Wijaya")
    page.screenshot(path=str(SHOTS / "plan.png"))

    # switch channel and tone: the draft changes
    email_text = draft.input_value()
    page.locator(key("channel-thank_you")).get_by_role("radio", name="WhatsApp").click()
    settle(page)
    expect(draft).not_to_have_value(email_text)
    page.locator(key("tone-thank_you")).get_by_role("radio", name="Hangat").click()
    settle(page)
    expect(draft).to_contain_text("Rina Wijaya")

    # the AI switch: the loopback model's version, with the facts filled in by the app
    page.locator(key("ai-thank_you")).get_by_text("Sesuaikan nada dengan AI").click()
    expect(card).to_contain_text("Versi AI dipakai", timeout=30_000)
    settle(page)
    expect(draft).to_contain_text("Terima kasih banyak")
    expect(draft).to_contain_text("Rina Wijaya")

    # copy: one tap puts the draft on the clipboard, and the button says so (issue 26)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    copy = page.locator(f"{key('copy-thank_you')} button")
    copy.click()
    expect(copy).to_contain_text("Tersalin", timeout=10_000)
    assert page.evaluate("() => navigator.clipboard.readText()") == draft.input_value()

    # mark the thank-you as sent: recorded and re-planned
    page.locator(f"{key('mark_sent-thank_you')} button").click()
    expect(card).to_contain_text("Selesai", timeout=30_000)
    settle(page)
    assert "w=" in page.url

    # reload: the history is still there
    page.reload()
    settle(page)
    expect(page.locator(key("action-thank_you"))).to_contain_text("Selesai", timeout=30_000)

    # another browser context (another visitor) sees nothing of it
    stranger = browser.new_context()  # type: ignore[attr-defined]
    other = stranger.new_page()
    other.goto(f"{server}/history")
    settle(other)
    expect(other.get_by_text("PT Maju Jaya")).to_have_count(0)

    # export JSON from the history page ...
    page.goto(page.url.replace("/plan", "/history").replace(f"{server}/?", f"{server}/history?"))
    settle(page)
    expect(page.get_by_text("PT Maju Jaya").first).to_be_visible(timeout=30_000)
    page.screenshot(path=str(SHOTS / "history.png"))
    with page.expect_download() as download_info:
        page.locator(f"{key('export_json')} button").click()
    exported = SHOTS.parent / "followup-history.json"
    download_info.value.save_as(str(exported))
    document = json.loads(exported.read_text())
    assert [e["type"] for e in document["cases"][0]["events"]] == ["thank_you_sent"]

    # ... and import it into the stranger's new workspace: the same history
    other.locator(f"{key('import_file')} input[type=file]").set_input_files(str(exported))
    expect(other.get_by_text("PT Maju Jaya").first).to_be_visible(timeout=30_000)
    settle(other)
    assert "w=" in other.url
    exported.unlink()
    stranger.close()
    for request in model.requests:  # the model never saw the user's details
        assert "Rina Wijaya" not in request["raw"]
        assert "PT Maju Jaya" not in request["raw"]
    context.close()


def test_phone_viewport_has_no_horizontal_scroll(browser: object, server: str) -> None:
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 390, "height": 844},
        locale="en-US",
        timezone_id="Asia/Jakarta",
        is_mobile=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{server}/")
    settle(page)
    submit_case(page, "PT Maju Jaya", "Data Analyst", "Rina Wijaya")
    settle(page)
    page.screenshot(path=str(SHOTS / "phone.png"), full_page=False)
    # issue 26: nothing asked of another site (the page icon is ours), and no code
    # highlighter for the first plan
    assert [u for u in asked if not u.startswith((server, "data:", "blob:"))] == []
    assert not [u for u in asked if "SyntaxHighlighter" in u]
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    context.close()


def test_hostile_text_is_shown_never_run(browser: object, server: str) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(locale="en-US", timezone_id="Asia/Jakarta")  # type: ignore[attr-defined]
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{server}/")
    settle(page)
    company = '<img src=x onerror="window.__pwned=1">'
    submit_case(
        page, company, "[x](javascript:window.__pwned=2)", "<script>window.__pwned=3</script>"
    )
    settle(page)
    expect(page.get_by_text(company).filter(visible=True).first).to_be_visible()  # literally
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    assert page.locator("script:text('__pwned')").count() == 0
    assert dialogs == []

    # typed addresses stay text: no link from www., a bare domain, an e-mail address or https://
    typed = "www.evil.example hr@evil.example https://evil.example/x evil.example"
    page.locator(f"{key('new_case')} button").click()
    settle(page)
    submit_case(page, typed, "Analis www.evil.example", "Rina hr@evil.example")
    settle(page)
    history = page.url.replace("/plan", "/history").replace(f"{server}/?", f"{server}/history?")
    for url in (page.url, history):
        page.goto(url)
        settle(page)
        expect(page.get_by_text("evil").filter(visible=True).first).to_be_visible(timeout=30_000)
        shown = page.evaluate("() => document.body.innerText.replaceAll('\\u2060', '')")
        assert typed in shown  # as typed (an invisible word joiner keeps it from linking)
        assert page.locator("a", has_text="evil").count() == 0
        for start in ("http://www.evil", "https://evil", "mailto:hr@", "http://evil"):
            assert page.locator(f'a[href^="{start}"]').count() == 0, (url, start)
    context.close()


def test_a_calendar_reminder_opens_the_application_on_another_device(
    browser: object, server: str
) -> None:
    """Issue 25: the .ics from History carries, in each event, the address of its application;
    opened in a fresh browser (no copy of the workspace in it), it shows that application's
    plan."""
    from icalendar import Calendar
    from playwright.sync_api import expect

    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 390, "height": 1400}, locale="id-ID", timezone_id="Asia/Jakarta"
    )
    page = context.new_page()
    page.goto(f"{server}/")
    settle(page)
    submit_case(page, "PT Kalender Jaya", "Analis Data", "Rina Wijaya")
    settle(page)
    page.goto(page.url.replace(f"{server}/?", f"{server}/history?"))
    settle(page)
    with page.expect_download() as download_info:
        page.locator(f"{key('export_ics')} button").click()
    events = list(Calendar.from_ical(Path(download_info.value.path()).read_bytes()).walk("VEVENT"))
    assert events
    url = str(events[0]["url"])
    assert url.startswith(f"{server}/?w=")
    assert "&c=" in url
    context.close()
    phone = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 390, "height": 1400}, locale="id-ID", timezone_id="Asia/Jakarta"
    )
    other = phone.new_page()
    other.goto(url)
    settle(other)
    expect(other.locator(key("action-thank_you"))).to_be_visible(timeout=30_000)
    expect(other.get_by_text("PT Kalender Jaya").first).to_be_visible()
    phone.close()


def test_an_iphone_is_told_how_long_the_copy_lasts(browser: object, server: str) -> None:
    """Issue 25: Safari on iPhone deletes a site's storage after a week unvisited; History says
    so and offers the link by WhatsApp; the browser was asked once to keep the storage."""
    from playwright.sync_api import expect

    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1"
    )
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 390, "height": 1400},
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        user_agent=iphone,
    )
    page = context.new_page()
    page.goto(f"{server}/")
    settle(page)
    expect(page.get_by_text("Sudah pernah memakai followup?").first).to_be_visible()
    submit_case(page, "PT Apel Jaya", "Analis Data", "Rina Wijaya")
    settle(page)
    page.goto(page.url.replace(f"{server}/?", f"{server}/history?"))
    settle(page)
    expect(page.get_by_text("Di iPhone, Safari").first).to_be_visible(timeout=30_000)
    expect(
        page.locator(key("send_link")).get_by_text("Kirim tautan ke WhatsApp saya")
    ).to_be_visible()
    assert page.evaluate("() => localStorage.getItem('followup.persist')") == "asked"
    page.screenshot(path=str(SHOTS / "history-iphone.png"), full_page=True)
    context.close()
