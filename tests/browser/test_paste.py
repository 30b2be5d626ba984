"""Issue 27 in a real browser at a phone's width: paste an invitation from WhatsApp, check it,
put it into the form, save, see the plan; then paste the company's "we will let you know by 4
December" into an interviewed application, record it, and see the follow-up move."""

from __future__ import annotations

from typing import Any

from tests.browser.test_e2e import (  # noqa: F401 - browser, model, server: the fixtures
    SHOTS,
    browser,
    key,
    model,
    server,
    settle,
    submit_case,
)

INVITATION = (
    "Selamat siang Kak Rina 😊\n"
    "Kami dari PT Sentosa Abadi mengundang Kakak wawancara untuk posisi Analis Data pada "
    "Kamis, 26 November 2026 pukul 10.00 WIB di Menara Sentosa Lt. 12, Jl. Sudirman Kav. 5.\n"
    "Mohon konfirmasi kehadirannya ya Kak.\n\n"
    "Salam,\nIbu Dewi Lestari\nHR PT Sentosa Abadi"
)
REPLY = (
    "Halo Kak Rina, lamarannya masih dalam proses ya, akan kami kabari paling lambat 4 Desember."
)


def _phone(chromium: Any) -> Any:
    return chromium.new_context(
        viewport={"width": 390, "height": 844},
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )


def _paste(page: Any, message: str) -> None:
    box = page.locator(f"{key('paste_text')} textarea")
    if not box.is_visible():  # (the box stays open once opened in this session)
        page.locator(key("paste")).get_by_text("Tempel pesan dari perusahaan").click()
    box.wait_for(timeout=30_000)
    box.fill(message)
    page.locator(f"{key('paste_read')} button").click()
    settle(page)


def test_paste_an_invitation_then_a_reply_on_a_phone(
    browser: Any,  # noqa: F811 - the fixture
    server: str,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    context = _phone(browser)
    page = context.new_page()
    page.goto(f"{server}/")
    settle(page)
    _paste(page, INVITATION)
    expect(page.get_by_text("Ini undangan wawancara").first).to_be_visible(timeout=30_000)
    expect(page.get_by_text("PT Sentosa Abadi").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "paste-read.png"), full_page=True)
    page.locator(f"{key('paste_use')} button").click()
    settle(page)
    expect(page.locator(f"{key('company')} input")).to_have_value("PT Sentosa Abadi")
    expect(page.locator(f"{key('location')} input")).to_have_value(
        "Menara Sentosa Lt. 12, Jl. Sudirman Kav. 5"
    )
    page.locator(f"{key('candidate_name')} input").fill("Rina Wijaya")
    page.locator(f"{key('submit_case')} button").click()
    expect(page.locator(key("action-accept_invitation"))).to_be_visible(timeout=30_000)
    settle(page)
    assert "w=" in page.url

    # another application, interviewed today: a reply pasted into it moves the follow-up
    page.locator(f"{key('new_case')} button").click()
    settle(page)
    submit_case(page, "PT Maju Jaya", "Analis Data", "Rina Wijaya")
    settle(page)
    follow_up = page.locator(key("action-follow_up"))
    before = follow_up.inner_text()
    _paste(page, REPLY)
    expect(page.get_by_text("paling lambat Jumat, 4 Desember 2026").first).to_be_visible(
        timeout=30_000
    )
    page.locator(f"{key('paste_apply')} button").click()
    settle(page)
    expect(follow_up).not_to_have_text(before, timeout=30_000)
    expect(follow_up).to_contain_text("Desember")
    page.screenshot(path=str(SHOTS / "paste-reply.png"), full_page=True)
    context.close()
