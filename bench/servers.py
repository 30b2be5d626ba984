"""Real local processes for benchmarks and tests: a `streamlit run` on 127.0.0.1, and a
process that holds a DuckDB file's lock."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_healthy(url: str, process: subprocess.Popen[bytes], deadline_s: float) -> None:
    """Poll the health endpoint until it answers, the server dies, or the deadline passes."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("streamlit exited before it was ready")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)  # polling a condition with a deadline, not a synchronising sleep
    raise TimeoutError("streamlit did not become healthy")


@contextmanager
def streamlit(
    env: Mapping[str, str],
    command: tuple[str, ...] = ("run", str(ROOT / "serve.py")),  # (as `make run` serves it)
    extra: tuple[str, ...] = (),
    port: int | None = None,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A `streamlit` server on a loopback port (a free one unless given: a restart on the same
    port keeps the browser's origin); no API key from this machine leaks in. Yields its URL
    and process once healthy, and stops it afterwards."""
    port = port or free_port()
    # FOLLOWUP_SERVER_LOG=FILE keeps the server's log (for debugging a failing test)
    log_path = os.environ.get("FOLLOWUP_SERVER_LOG")
    log = open(log_path, "ab") if log_path else None  # noqa: SIM115 - closed below
    environment = {**os.environ, **env}
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        if name not in env:
            environment.pop(name, None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            *command,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            *extra,
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=log or subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, 60)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=60)
        if log is not None:
            log.close()


@contextmanager
def lock_held(path: Path) -> Iterator[None]:
    """Another process holding the DuckDB file's lock, until the block ends."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys; c = duckdb.connect({str(path)!r});"
            " print('ready', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()
