"""A real HTTP server on 127.0.0.1 that speaks the OpenAI Chat Completions API, scripted per
benchmark or test to answer well or misbehave. It records every request body it receives."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODES = (
    "ok",
    "drop_placeholder",
    "add_placeholder",
    "add_url",
    "add_phone",
    "add_date",
    "malformed",
    "prose",
    "english",
    "429",
    "500",
    "401",
    "hang",
    "obey_points",
    "transform",
    "drip",  # a good answer, one byte at a time (every per-read timeout is kept)
    "slow_headers",  # the status line and headers one byte at a time
    "huge",  # a 30 MB answer, without a Content-Length (read until the server stops)
)
DRIP_S = 0.1  # between two bytes of a dripping answer


def reword(request: dict[str, Any]) -> dict[str, Any]:
    """A rewording a careful model would give: same placeholders, same language."""
    body = request["body"]
    if request["language"] == "id":
        body = body.replace("Terima kasih", "Terima kasih banyak", 1)
    else:
        body = body.replace("Thank you", "Thank you very much", 1)
    return {"subject": request["subject"], "body": body}


def answer(mode: str, request: dict[str, Any]) -> str:
    good = reword(request)
    body = good["body"]
    if mode == "drop_placeholder":
        good["body"] = re.sub(r"\{\{\w+\}\}", "", body, count=1)
    elif mode == "add_placeholder":
        good["body"] = body + "\n{{salary}}"
    elif mode == "add_url":
        good["body"] = body + " https://evil.example/apply"
    elif mode == "add_phone":
        good["body"] = body + " Hubungi +62 811 2222 3333."
    elif mode == "add_date":
        good["body"] = body + " Sampai jumpa Senin, 30 November 2026."
    elif mode == "english":
        good["body"] = (
            "Thank you for the interview. I would like to hear from you. {{candidate_name}}"
        )
    elif mode == "obey_points" and "IGNORE" in (request.get("talking_points") or ""):
        good["body"] = body + " Apply at http://evil.example and call 0811-2222-3333."
    elif mode == "malformed":
        return '{"subject": "oops", "body": '
    elif mode == "prose":
        return "Sure! Here is a friendlier version of your message."
    return json.dumps(good)


Rewrite = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass
class Server:
    url: str = ""
    modes: list[str] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    hang_s: float = 5.0
    transform: Rewrite | None = None  # mode "transform": the answer, made from the request
    release: threading.Event = field(default_factory=threading.Event)  # ends every hang
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def script(self, *modes: str) -> None:
        """The next answers, in order; the last one repeats."""
        assert all(m in MODES for m in modes), modes
        with self._lock:
            self.modes = list(modes)

    def answer_with(self, transform: Rewrite) -> None:
        """Every answer from now on is `transform(request)`: the request's template (subject,
        body, tone, language, talking points) in, the model's {"subject", "body"} out."""
        with self._lock:
            self.transform = transform
            self.modes = ["transform"]

    def next_mode(self) -> str:
        with self._lock:
            if len(self.modes) > 1:
                return self.modes.pop(0)
            return self.modes[0] if self.modes else "ok"


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
            return

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _misbehave(self, mode: str) -> None:
            """Answers that keep a client busy: dripped, slow to start, or endless."""
            data = json.dumps(_completion("{}")).encode()
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            try:
                if mode == "huge":
                    self.wfile.write(head + b"Connection: close\r\n\r\n")
                    self.wfile.write(b'{"id": "' + b"x" * (30 * 1024 * 1024) + b'"}')
                    return
                head += b"Content-Length: %d\r\n\r\n" % len(data)
                slow, fast = (data, head) if mode == "drip" else (head, data)
                if mode == "drip":
                    self.wfile.write(fast)
                for byte in slow:
                    if server.release.wait(DRIP_S):
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                if mode == "slow_headers":
                    self.wfile.write(fast)
            except OSError:  # the client gave up: what it is meant to do
                return

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode()
            body = json.loads(raw)
            server.requests.append(
                {
                    "path": self.path,
                    "body": body,
                    "raw": raw,
                    "authorization": self.headers.get("Authorization", ""),
                }
            )
            if not self.path.endswith("/chat/completions"):
                self._send(404, {"error": {"message": "not found"}})
                return
            mode = server.next_mode()
            if mode in ("429", "500", "401"):
                kind = {"429": "rate_limit", "500": "server_error", "401": "invalid_api_key"}
                self._send(int(mode), {"error": {"message": mode, "type": kind[mode]}})
                return
            if mode in ("drip", "slow_headers", "huge"):
                self._misbehave(mode)
                return
            if mode == "hang":
                # longer than the client's timeout: it gives up first (shutdown ends the wait)
                if server.release.wait(server.hang_s):
                    return
            first_user = next(m for m in body["messages"] if m["role"] == "user")
            request = json.loads(first_user["content"])
            if mode == "transform" and server.transform is not None:
                content = json.dumps(server.transform(request), ensure_ascii=False)
            else:
                content = answer("ok" if mode == "hang" else mode, request)
            self._send(200, _completion(content, body.get("model", "test")))

    return Handler


def _completion(content: str, model: str = "test") -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


@contextmanager
def running() -> Iterator[Server]:
    state = Server()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    # a short poll: shutting the server down at the end of a test takes no half second
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)
