"""Issue 26: the page on an Indonesian phone. Headless Chromium as a mid-range Android (4x CPU
throttling, 390x844, touch) over a 3G-like link (150 ms round trip, 1.6 Mbps) and a 4G-like one
(50 ms, 9 Mbps); the link is a loopback proxy that delays and paces every byte both ways, the
websocket's too (Chromium's own network emulation leaves websockets alone). Our page and the
baselines take turns, visit by visit, so a slow minute of the machine hits both.

Figures: bytes and requests of a first visit (cache empty) and the time until its form can be
used, against `streamlit hello`; bytes of the first plan after a submit and the requests it
makes to other sites; on the throttled phone, a tone change and "mark as sent" from the tap to
the new text, against the one-widget script of `bench.interaction`.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import Result, Unmeasurable
from bench.interaction import ARM, NOW, ONE_WIDGET, SHOWN

CPU_SLOWDOWN = 4
OURS_EXTRA: tuple[str, ...] = ()  # extra `streamlit run` options for our page (experiments)
PHONE = {"width": 390, "height": 844}
VISITS = 3  # first visits per page and link (each ~15 s on 3G)
CLICKS = 12  # tone changes and marks per page (the first two warm up)


@dataclass(frozen=True)
class Link:
    name: str
    round_trip_s: float
    bits_per_s: float


LINKS = (Link("3g", 0.150, 1.6e6), Link("4g", 0.050, 9e6))


class _Direction:
    """One direction of the link: every chunk leaves after the ones before it (the link's
    bandwidth, shared by all connections) and arrives half a round trip later."""

    def __init__(self, link: Link) -> None:
        self.link = link
        self.free_at = 0.0
        self.bytes = 0


class Proxy:
    """A TCP proxy on 127.0.0.1 in front of `target_port`, shaping both directions as `link`."""

    def __init__(self, target_port: int, link: Link) -> None:
        self.target_port = target_port
        self.link = link
        self.up = _Direction(link)
        self.down = _Direction(link)
        self.loop = asyncio.new_event_loop()
        self.port = 0
        ready = threading.Event()
        self.thread = threading.Thread(target=self._serve, args=(ready,), daemon=True)
        self.thread.start()
        ready.wait(10)

    def _serve(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.set_exception_handler(lambda loop, context: None)  # (dropped connections)

        async def start() -> None:
            server = await asyncio.start_server(self._client, "127.0.0.1", 0)
            self.port = server.sockets[0].getsockname()[1]
            ready.set()

        self.loop.run_until_complete(start())
        self.loop.run_forever()
        self.loop.close()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(
            self._pipe(reader, up_writer, self.up), self._pipe(up_reader, writer, self.down)
        )

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, way: _Direction
    ) -> None:
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
        loop = asyncio.get_running_loop()

        async def inbound() -> None:
            while True:
                try:
                    data = await reader.read(16384)
                except OSError:
                    data = b""
                # paced on the shared link: this chunk leaves when the ones before it have
                now = loop.time()
                leaves = max(now, way.free_at) + len(data) * 8 / way.link.bits_per_s
                way.free_at = leaves
                way.bytes += len(data)
                queue.put_nowait((leaves + way.link.round_trip_s / 2, data))
                if not data:
                    return

        async def outbound() -> None:
            while True:
                arrives, data = await queue.get()
                await asyncio.sleep(max(0.0, arrives - loop.time()))  # the link's delay
                if not data:
                    writer.close()
                    return
                try:
                    writer.write(data)
                    await writer.drain()
                except OSError:
                    return

        await asyncio.gather(inbound(), outbound())

    def close(self) -> None:
        """Stop forwarding: connections Chromium left open are ended in the proxy's own
        thread, quietly (nothing of theirs is measured any more), then its loop stops."""

        async def end() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        with contextlib.suppress(Exception):  # (the loop is going anyway)
            asyncio.run_coroutine_threadsafe(end(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@contextmanager
def shaped(port: int, link: Link) -> Iterator[Proxy]:
    proxy = Proxy(port, link)
    try:
        yield proxy
    finally:
        proxy.close()


@dataclass
class Visit:
    seconds: float = 0.0
    bytes: int = 0
    requests: int = 0
    outside: list[str] = field(default_factory=list)


def _phone(browser: Any) -> tuple[Any, Any, Any]:
    context = browser.new_context(
        viewport=PHONE,
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    cdp.send("Network.enable")
    return context, page, cdp


class Meter:
    """Bytes and requests the page moves, as Chromium counts them (encoded sizes, websocket
    frames included)."""

    def __init__(self, cdp: Any, origin: str) -> None:
        self.bytes = 0
        self.requests = 0
        self.outside: list[str] = []
        self.origin = origin
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.on("Network.webSocketFrameSent", self._frame)

    def _sent(self, event: dict[str, Any]) -> None:
        url = event["request"]["url"]
        if url.startswith(("data:", "blob:")):
            return
        self.requests += 1
        if not url.startswith(self.origin):
            self.outside.append(url)

    def _finished(self, event: dict[str, Any]) -> None:
        self.bytes += int(event.get("encodedDataLength", 0))

    def _frame(self, event: dict[str, Any]) -> None:
        payload = event.get("response", {}).get("payloadData", "")
        self.bytes += (
            len(payload) * 3 // 4 if event["response"].get("opcode") == 2 else len(payload)
        )

    def mark(self) -> tuple[int, int, int]:
        return self.bytes, self.requests, len(self.outside)


def _visit(browser: Any, proxy: Proxy, path: str, ready: str) -> tuple[Visit, Any, Any]:
    """A first visit (empty cache) through the link: seconds until `ready` shows and the
    script is idle, bytes over the link, requests, requests to other sites."""
    from bench.browser import IDLE

    context, page, cdp = _phone(browser)
    meter = Meter(cdp, f"http://127.0.0.1:{proxy.port}")
    before = proxy.up.bytes + proxy.down.bytes
    start = time.perf_counter()
    page.goto(f"http://127.0.0.1:{proxy.port}{path}", wait_until="commit", timeout=180_000)
    page.wait_for_selector(ready, state="visible", timeout=180_000)
    page.wait_for_selector(IDLE, timeout=180_000)
    seconds = time.perf_counter() - start
    moved = proxy.up.bytes + proxy.down.bytes - before
    return Visit(seconds, moved, meter.requests, list(meter.outside)), context, (page, meter)


def _submit(page: Any, meter: Meter, proxy: Proxy) -> Visit:
    """The form filled and sent: seconds until the plan's first card shows, what it moved."""
    from bench.browser import IDLE

    for name, value in (
        ("company", "PT Maju Jaya"),
        ("position", "Analis Data"),
        ("candidate_name", "Rina Wijaya"),
    ):
        page.locator(f".st-key-{name} input").fill(value)
    page.wait_for_selector(IDLE, timeout=180_000)
    before = proxy.up.bytes + proxy.down.bytes
    asked, outside = meter.requests, len(meter.outside)
    start = time.perf_counter()
    page.locator(".st-key-submit_case button").click()
    page.wait_for_selector(".st-key-action-thank_you", state="visible", timeout=180_000)
    page.wait_for_selector(IDLE, timeout=180_000)
    return Visit(
        time.perf_counter() - start,
        proxy.up.bytes + proxy.down.bytes - before,
        meter.requests - asked,
        meter.outside[outside:],
    )


# From the press to the first frame where the card says the step is done.
DONE = """([sel, word]) => {
    const e = document.querySelector(sel);
    if (!e || !e.innerText.includes(word) || window.__pressedAt === null) return null;
    return performance.now() - window.__pressedAt;
}"""


def _tap_and_wait(page: Any, target: Any, check: str, arg: list[str]) -> float:
    from bench.browser import IDLE

    page.evaluate(ARM)
    target.click()
    shown = page.wait_for_function(check, arg=arg, timeout=60_000)
    elapsed = float(shown.json_value())
    page.wait_for_selector(IDLE, timeout=60_000)
    return elapsed


def run() -> list[Result]:
    from playwright.sync_api import sync_playwright

    from bench.browser import CHROMIUM, FLAGS
    from bench.servers import streamlit

    if not Path(CHROMIUM).exists():
        raise Unmeasurable(f"the phone profile runs in Chromium, and there is none at {CHROMIUM}")
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "history.duckdb"
        marks = _cases(db, CLICKS)
        script = Path(tmp) / "one_widget.py"
        script.write_text(ONE_WIDGET)
        env = {"FOLLOWUP_DB": str(db), "FOLLOWUP_NOW": NOW}
        with (
            streamlit(env, extra=OURS_EXTRA) as (ours, _),
            streamlit(env, command=("hello",)) as (hello, _),
            streamlit(env, command=("run", str(script))) as (one, _),
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for link in LINKS:
                results += _first_visits(browser, link, ours, hello)
            results += _interactions(browser, ours, one, marks)
            browser.close()
    return results


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def _first_visits(browser: Any, link: Link, ours: str, hello: str) -> list[Result]:
    samples: dict[str, list[Visit]] = {"ours": [], "hello": [], "plan": []}
    with shaped(_port(ours), link) as to_ours, shaped(_port(hello), link) as to_hello:
        for _ in range(VISITS):  # in turns
            visit, context, (page, meter) = _visit(browser, to_ours, "/", ".st-key-company input")
            samples["ours"].append(visit)
            if link.name == "3g":
                samples["plan"].append(_submit(page, meter, to_ours))
            context.close()
            visit, context, _ = _visit(browser, to_hello, "/", "[data-testid='stMarkdown']")
            samples["hello"].append(visit)
            context.close()
    ours_s = statistics.median(v.seconds for v in samples["ours"])
    hello_s = statistics.median(v.seconds for v in samples["hello"])
    ours_b = statistics.median(v.bytes for v in samples["ours"])
    hello_b = statistics.median(v.bytes for v in samples["hello"])
    name = f"phone.{link.name}"
    rows = [
        Result(f"{name}.first_visit_form_usable_median", round(ours_s, 2), "s", "", None),
        Result(f"{name}.first_visit_hello_median", round(hello_s, 2), "s", "baseline", None),
        Result(
            f"{name}.first_visit_ratio",
            round(ours_s / hello_s, 2),
            "×",
            "≤ 0.6" if link.name == "3g" else "",
            ours_s / hello_s <= 0.6 if link.name == "3g" else None,
        ),
        Result(f"{name}.first_visit_kb", round(ours_b / 1024), "kB", "", None),
        Result(f"{name}.first_visit_hello_kb", round(hello_b / 1024), "kB", "baseline", None),
        Result(
            f"{name}.first_visit_bytes_ratio",
            round(ours_b / hello_b, 3),
            "×",
            "≤ 0.5",
            ours_b / hello_b <= 0.5,
        ),
        Result(
            f"{name}.first_visit_requests",
            statistics.median(v.requests for v in samples["ours"]),
            "",
            "",
            None,
        ),
        Result(
            f"{name}.first_visit_hello_requests",
            statistics.median(v.requests for v in samples["hello"]),
            "",
            "baseline",
            None,
        ),
    ]
    if samples["plan"]:
        plan_b = statistics.median(v.bytes for v in samples["plan"])
        outside = max(len(v.outside) for v in samples["plan"])
        rows += [
            Result(
                f"{name}.submit_to_plan_median",
                round(statistics.median(v.seconds for v in samples["plan"]), 2),
                "s",
                "",
                None,
            ),
            Result(
                f"{name}.first_plan_kb", round(plan_b / 1024), "kB", "≤ 150", plan_b <= 150 * 1024
            ),
            Result(f"{name}.first_plan_outside_requests", outside, "", "0", outside == 0),
        ]
    return rows


def _cases(db: Path, count: int) -> tuple[str, list[str]]:
    """A workspace with `count` interviewed applications, each a thank-you to mark once."""
    import duckdb

    from bench.cases import at, case_dict
    from followup.desk import validate
    from followup.history import History

    history = History(duckdb.connect(str(db)))
    workspace, token = history.create_workspace(at(NOW))
    ids = [
        history.save_case(
            workspace, validate(case_dict(company=f"PT Contoh {n:02d}"), at(NOW)), at(NOW)
        )
        for n in range(count)
    ]
    history.close()
    return token, ids


def _interactions(browser: Any, ours: str, one: str, marks: tuple[str, list[str]]) -> list[Result]:
    """On the throttled phone (loopback: the page's own work): a tone change and a mark as
    sent on our plan, against a tone change on the one-widget script, in turns."""
    from bench.browser import IDLE

    token, case_ids = marks
    context, page, _ = _phone(browser)
    base_context, base, _ = _phone(browser)
    base.goto(f"{one}/")
    base.wait_for_selector(IDLE, timeout=60_000)
    tone, mark, baseline = [], [], []
    for n, case_id in enumerate(case_ids):
        page.goto(f"{ours}/?w={token}&c={case_id}")
        page.wait_for_selector(".st-key-draft-thank_you textarea", timeout=60_000)
        page.wait_for_selector(IDLE, timeout=60_000)
        text = ".st-key-draft-thank_you textarea"
        for name in ("Hangat", "Formal"):
            before = page.locator(text).input_value()
            tone.append(
                _tap_and_wait(
                    page,
                    page.locator(".st-key-tone-thank_you").get_by_role("radio", name=name),
                    SHOWN,
                    [text, before],
                )
            )
            before = base.locator("textarea").input_value()
            baseline.append(
                _tap_and_wait(
                    base,
                    base.locator(".st-key-tone").get_by_role("radio", name=name),
                    SHOWN,
                    ["textarea", before],
                )
            )
        mark.append(
            _tap_and_wait(
                page,
                page.locator(".st-key-mark_sent-thank_you button"),
                DONE,
                [".st-key-action-thank_you", "Selesai"],
            )
        )
        del n
    context.close()
    base_context.close()
    tone_ms = statistics.median(tone[4:])
    mark_ms = statistics.median(mark[2:])
    base_ms = statistics.median(baseline[4:])
    return [
        Result("phone.tone_change_median", round(tone_ms), "ms", "", None),
        Result("phone.mark_sent_median", round(mark_ms), "ms", "", None),
        Result("phone.one_widget_median", round(base_ms), "ms", "baseline", None),
        Result(
            "phone.tone_change_ratio",
            round(tone_ms / base_ms, 2),
            "×",
            "≤ 1.5",
            tone_ms / base_ms <= 1.5,
        ),
        Result(
            "phone.mark_sent_ratio",
            round(mark_ms / base_ms, 2),
            "×",
            "≤ 1.5",
            mark_ms / base_ms <= 1.5,
        ),
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
