"""Issue 14: from `git clone` to the first page, as a newcomer runs it (`make run`), and what
the runtime-only install saves over the full test toolset.

One sample each (a fresh clone and a fresh virtual environment take a minute); pip's download
cache on this machine is warm, so a machine that has never installed these packages adds its
download time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import Result, Unmeasurable
from bench.servers import free_port, wait_until_healthy

ROOT = Path(__file__).resolve().parents[1]


def _first_page(url: str) -> None:
    from playwright.sync_api import sync_playwright

    from bench.browser import CHROMIUM, FLAGS, IDLE

    if not Path(CHROMIUM).exists():
        raise Unmeasurable(f"the first page is opened in Chromium, and there is none at {CHROMIUM}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.goto(f"{url}/")
        page.wait_for_selector(".st-key-submit_case", timeout=120_000)
        page.wait_for_selector(IDLE, timeout=120_000)
        browser.close()


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "followup"
        began = time.perf_counter()
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        port = free_port()
        env = {**os.environ, "FOLLOWUP_DB": str(Path(tmp) / "history.duckdb")}
        env.pop("VIRTUAL_ENV", None)
        args = f"--server.port {port} --server.address 127.0.0.1 --server.headless true"
        server = subprocess.Popen(
            ["make", "-s", "run", f"ARGS={args}"],
            cwd=clone,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_healthy(url, server, 900)
            installed = time.perf_counter() - began
            _first_page(url)
            first_page = time.perf_counter() - began
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
        began = time.perf_counter()
        subprocess.run(["make", "-s", "install"], cwd=clone, env=env, check=True)
        dev_tools = time.perf_counter() - began
    return [
        Result("start.clone_to_first_page", round(first_page, 1), "s", "reported", None),
        Result("start.clone_to_server_up", round(installed, 1), "s", "", None),
        Result("start.test_tools_not_installed_by_make_run", round(dev_tools, 1), "s", "", None),
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
