"""Issue 26: why a lazily loaded script sometimes never got its response on a throttled 3G
phone (3 of 20 journeys when the issue was filed, with Chromium's own network emulation plus a
latency proxy). This runs the same first visit and submit, N times each way: through our
shaping proxy alone (every byte delayed and paced in a real TCP stream), and through the proxy
with Chromium's network emulation on top (`Network.emulateNetworkConditions`, which throttles
HTTP responses inside the browser but not the websocket). It counts the journeys that never
reached the plan within the time limit, and which requests were still open then.

`python -m bench.stall [N]` (not part of `make bench`: it takes minutes and measures a cause,
not a figure of the app)."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.phone import CPU_SLOWDOWN, LINKS, PHONE, shaped

LIMIT_MS = 60_000


def journey(browser: Any, port: int, emulate: bool) -> tuple[bool, list[str], float]:
    from bench.browser import IDLE

    context = browser.new_context(viewport=PHONE, locale="id-ID", is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    cdp.send("Network.enable")
    if emulate:  # as when the issue was filed: the browser throttles too
        cdp.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 150, "downloadThroughput": 200_000,
             "uploadThroughput": 100_000},
        )  # fmt: skip
    open_requests: dict[str, str] = {}
    cdp.on(
        "Network.requestWillBeSent",
        lambda e: open_requests.update({e["requestId"]: e["request"]["url"]}),
    )
    cdp.on("Network.loadingFinished", lambda e: open_requests.pop(e["requestId"], None))
    cdp.on("Network.loadingFailed", lambda e: open_requests.pop(e["requestId"], None))
    start = time.perf_counter()
    try:
        page.goto(f"http://127.0.0.1:{port}/", wait_until="commit", timeout=LIMIT_MS)
        page.wait_for_selector(".st-key-company input", timeout=LIMIT_MS)
        page.wait_for_selector(IDLE, timeout=LIMIT_MS)
        for name, value in (
            ("company", "PT Maju Jaya"),
            ("position", "Analis Data"),
            ("candidate_name", "Rina"),
        ):
            page.locator(f".st-key-{name} input").fill(value)
        page.locator(".st-key-submit_case button").click()
        page.wait_for_selector(".st-key-action-thank_you", timeout=LIMIT_MS)
        ok = True
    except Exception:  # noqa: BLE001 - a stalled journey is what is counted
        ok = False
    seconds = time.perf_counter() - start
    stalled = [u.rsplit("/", 1)[-1][:60] for u in open_requests.values() if "/_stcore/" not in u]
    context.close()
    return ok, stalled, seconds


def main(runs: int) -> None:
    from playwright.sync_api import sync_playwright

    from bench.browser import CHROMIUM, FLAGS
    from bench.servers import streamlit

    link = LINKS[0]  # 3G
    with tempfile.TemporaryDirectory() as tmp:
        env = {"FOLLOWUP_DB": str(Path(tmp) / "h.duckdb"), "FOLLOWUP_NOW": "2026-11-19T15:00"}
        with streamlit(env) as (url, _), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            port = int(url.rsplit(":", 1)[1])
            for emulate in (False, True):
                failed = 0
                with shaped(port, link) as proxy:
                    for n in range(runs):
                        ok, stalled, seconds = journey(browser, proxy.port, emulate)
                        failed += not ok
                        if not ok:
                            print(f"  run {n}: stalled after {seconds:.0f} s, open: {stalled}")
                print(f"{'proxy + Chromium emulation' if emulate else 'proxy alone'}: "
                      f"{failed} of {runs} journeys stalled")  # fmt: skip
            browser.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if sys.argv[1:] else 20)
