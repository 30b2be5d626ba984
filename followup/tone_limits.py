"""The AI step's hard limits, whatever the service does: a budget kept by the wall clock
(`within`: the work runs in a daemon thread, which cannot keep a command from exiting) and an
HTTP transport that stops reading an answer past its size or past the deadline
(`bounded_transport`: the SDK's timeouts are per read, so they never end a slow drip)."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

log = logging.getLogger("followup.tone")

# An answer is a short message in JSON: more than this is cut off, never read to the end.
MAX_ANSWER_BYTES = 256 * 1024
T = TypeVar("T")


class AnswerTooLarge(Exception):
    """The service sent more than MAX_ANSWER_BYTES: the answer is cut off there."""


# The wall-clock moment the AI step running in this thread must end by (see `_within`).
_DEADLINE = threading.local()


def bounded_transport() -> Any:
    """An httpx2 transport (the SDK's HTTP client) that stops reading an answer past
    MAX_ANSWER_BYTES or past the AI step's deadline (a server that drips its answer a byte at
    a time): the SDK's timeouts are per read, so they never end a slow drip."""
    import httpx2

    class Bounded(httpx2.SyncByteStream):
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def __iter__(self) -> Any:
            read = 0
            for chunk in self.inner:
                read += len(chunk)
                if read > MAX_ANSWER_BYTES:
                    raise AnswerTooLarge
                if time.monotonic() > getattr(_DEADLINE, "at", float("inf")):
                    raise TimeoutError("the AI budget is spent")
                yield chunk

        def close(self) -> None:
            self.inner.close()

    class Transport(httpx2.HTTPTransport):
        def handle_request(self, request: httpx2.Request) -> httpx2.Response:
            response = super().handle_request(request)
            size = response.headers.get("content-length", "")
            if size.isdigit() and int(size) > MAX_ANSWER_BYTES:
                response.close()
                raise AnswerTooLarge
            return httpx2.Response(
                response.status_code,
                headers=response.headers,
                stream=Bounded(response.stream),
                extensions=response.extensions,
            )

    return Transport()


def within(budget_s: float, work: Callable[[], T], late: T) -> T:
    """`work()` if it ends within `budget_s` by the wall clock, else `late`, whatever the
    service does (headers sent a byte at a time outlast every per-read timeout of the HTTP
    client). The work runs in a daemon thread, which cannot keep a command from exiting, and
    stops reading as soon as it gets a byte past the deadline."""
    done: queue.Queue[T] = queue.Queue(maxsize=1)
    deadline = time.monotonic() + budget_s

    def run() -> None:
        _DEADLINE.at = deadline
        try:
            done.put(work())
        except Exception:  # noqa: BLE001 - whatever happened, the template stands
            log.warning("AI step failed unexpectedly")
            done.put(late)

    threading.Thread(target=run, name="followup-ai", daemon=True).start()
    try:
        return done.get(timeout=budget_s + 0.25)  # (the work itself keeps the budget)
    except queue.Empty:
        log.warning("AI step ended by its %.0f s budget", budget_s)
        return late
