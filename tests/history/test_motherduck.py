"""The history on MotherDuck (`FOLLOWUP_DB = "md:NAME"`), offline: every fallback, no leaks.

These tests never reach the internet. MotherDuck needs DuckDB's `motherduck` extension: the
app gives DuckDB the one from its PyPI wheel (`duckdb-extension-motherduck`), so nothing is
downloaded from extensions.duckdb.org (`FOLLOWUP_DUCKDB_EXTENSIONS` points there at a loopback
server anyway, which must see no request). On load that extension asks MotherDuck's API for
the client to use; `motherduck_host` and `motherduck_ext_version_check_port` (the extension's
own environment settings) send that to a loopback server here too, which answers 404, or
refuses, or never answers. The proxy variables DuckDB honours are removed. A guard around
`duckdb.connect` refuses (and the test then fails) any MotherDuck connection that could leave
loopback. The "reachable" tests replace the MotherDuck connection by an in-memory DuckDB.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import duckdb
import pytest

from bench.cases import at
from followup.history import open_history
from followup.history.database import (
    CONNECT_TIMEOUT,
    Opened,
    _timeout,
    default_path,
    motherduck_extensions,
)
from followup.i18n import text

NOW = at("2026-11-21T10:00")
TOKEN = "mdtok-not-a-real-token-0123456789abcdef"  # noqa: S105 - a marker to look for
PROXIES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")
WORKER = "followup-motherduck"
_real_connect = duckdb.connect


class Guard:
    """Wraps duckdb.connect: records every target; refuses a MotherDuck one that could
    download from anywhere but loopback, or (`fake`) answers it with an in-memory DuckDB."""

    def __init__(self) -> None:
        self.targets: list[str] = []
        self.configs: list[dict[str, Any]] = []
        self.refused: list[str] = []
        self.fake: Callable[[], Any] | None = None

    def __call__(self, database: str = ":memory:", *args: Any, **kwargs: Any) -> Any:
        self.targets.append(database)
        if database.lower().startswith(("md:", "motherduck:")):
            config = dict(kwargs.get("config") or {})
            self.configs.append(config)
            repository = str(config.get("custom_extension_repository", ""))
            api = os.environ.get("motherduck_host", "")
            if not repository.startswith("http://127.0.0.1:") or api != "127.0.0.1":
                self.refused.append(f"{repository} {api}")
                raise AssertionError("a MotherDuck connect that could leave loopback")
            if self.fake is not None:
                return self.fake()
        return _real_connect(database, *args, **kwargs)

    def remote_targets(self) -> list[str]:
        return [t for t in self.targets if t.lower().startswith(("md:", "motherduck:"))]


class Mirror:
    """A loopback extension repository that has nothing: every request gets a 404."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        mirror = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                mirror.requests.append(self.path)
                self.send_error(404)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def _join_workers() -> None:
    for thread in threading.enumerate():
        if thread.name == WORKER:
            thread.join(timeout=30)  # a given-up connect ends once its server is gone


@pytest.fixture
def guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[Guard]:
    watcher = Guard()
    monkeypatch.setattr(duckdb, "connect", watcher)
    yield watcher
    _join_workers()
    assert watcher.refused == []


@pytest.fixture
def mirror() -> Iterator[Mirror]:
    server = Mirror()
    yield server
    server.close()


@pytest.fixture
def api() -> Iterator[Mirror]:
    """MotherDuck's API, as far as these tests go: it has nothing (404)."""
    server = Mirror()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, guard: Guard, mirror: Mirror, api: Mirror
) -> Path:
    """A fresh HOME (DuckDB's extension directory) and data directory (the fallback file),
    no proxy, no token from the environment, extension downloads from the loopback mirror."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for name in (*PROXIES, "MOTHERDUCK_TOKEN", "motherduck_token", "FOLLOWUP_DB_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FOLLOWUP_DUCKDB_EXTENSIONS", mirror.url)
    _api_at(monkeypatch, api.port)
    (tmp_path / "home").mkdir()
    return tmp_path


def _api_at(monkeypatch: pytest.MonkeyPatch, port: int) -> None:
    """The motherduck extension's call to MotherDuck's API, sent to this loopback port."""
    monkeypatch.setenv("motherduck_host", "127.0.0.1")
    monkeypatch.setenv("motherduck_ext_version_check_port", str(port))


def _works(opened: Opened) -> None:
    workspace, token = opened.history.create_workspace(NOW)
    assert opened.history.open_workspace(token, NOW) == workspace


def _local_default(offline: Path) -> str:
    path = default_path()
    assert path.is_relative_to(offline / "data")
    return str(path)


# --- no token: no connection at all ---------------------------------------------------------
@pytest.mark.parametrize(
    "configured",
    ["md:followup", "md:", "motherduck:followup", "MD:followup", "md:followup?motherduck_token="],
)
def test_no_token_uses_the_local_default_file(configured: str, offline: Path, guard: Guard) -> None:
    opened = open_history(configured, motherduck_token=None)
    assert (opened.path, opened.warning, opened.remote) == (
        _local_default(offline),
        "history_remote_no_token",
        False,
    )
    assert guard.remote_targets() == []  # not even tried
    assert Path(opened.path).exists()
    _works(opened)
    opened.history.close()


def test_the_local_file_is_kept_across_restarts_without_a_token() -> None:
    first = open_history("md:followup")
    workspace, token = first.history.create_workspace(NOW)
    first.history.close()
    second = open_history("md:followup")
    assert second.history.open_workspace(token, NOW) == workspace
    second.history.close()


def test_an_unusable_local_file_keeps_the_remote_warning(offline: Path) -> None:
    (offline / "data").mkdir()
    (offline / "data" / "followup").write_text("a file where the directory should be")
    opened = open_history("md:followup")
    assert (opened.path, opened.warning, opened.remote) == (
        ":memory:",
        "history_remote_no_token",
        False,
    )
    _works(opened)


# --- a token, but MotherDuck cannot be reached ----------------------------------------------
def test_unreachable_falls_back_to_the_local_file(
    offline: Path, guard: Guard, mirror: Mirror, api: Mirror
) -> None:
    started = time.monotonic()
    opened = open_history("md:followup", motherduck_token=TOKEN)
    assert time.monotonic() - started < CONNECT_TIMEOUT  # a 404 is an answer: no waiting
    assert (opened.path, opened.warning, opened.remote) == (
        _local_default(offline),
        "history_remote_unreachable",
        False,
    )
    assert guard.remote_targets() == ["md:followup"]
    # the extension came from the wheel (nothing asked of the extension repository) and,
    # loaded, asked "MotherDuck" for its client (and got a 404)
    assert mirror.requests == []
    assert api.requests == ["/extension_version"]
    assert Path(guard.configs[0]["extension_directory"], "v1.5.5").is_dir()
    _works(opened)
    opened.history.close()


def test_the_extension_comes_from_its_wheel() -> None:
    shipped = motherduck_extensions()
    assert shipped is not None
    found = list(shipped.glob(f"v{duckdb.__version__}/*/motherduck.duckdb_extension"))
    assert len(found) == 1
    assert found[0].stat().st_size > 1_000_000


def test_a_refused_connection_falls_back(offline: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _api_at(monkeypatch, port)
    opened = open_history("motherduck:followup", motherduck_token=TOKEN)
    assert (opened.path, opened.warning) == (_local_default(offline), "history_remote_unreachable")
    _works(opened)


def test_a_server_that_never_answers_is_given_up(
    offline: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Listening but never accepting: the kernel completes the connection, nobody answers.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    _api_at(monkeypatch, silent.getsockname()[1])
    monkeypatch.setenv("FOLLOWUP_DB_TIMEOUT", "0.2")
    try:
        with caplog.at_level(logging.WARNING, logger="followup.history"):
            opened = open_history("md:followup", motherduck_token=TOKEN)
        assert (opened.path, opened.warning) == (
            _local_default(offline),
            "history_remote_unreachable",
        )
        assert "did not answer" in caplog.text
        _works(opened)
    finally:
        silent.close()  # resets the waiting connection: the worker ends
    _join_workers()
    assert not [t for t in threading.enumerate() if t.name == WORKER]


def test_the_timeout_setting() -> None:
    assert _timeout() == CONNECT_TIMEOUT


@pytest.mark.parametrize(("value", "seconds"), [("2.5", 2.5), ("0", 15.0), ("soon", 15.0)])
def test_the_timeout_setting_is_read_from_the_environment(
    value: str, seconds: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_DB_TIMEOUT", value)
    assert _timeout() == seconds


# --- the token is never shown -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("configured", "token"),
    [("md:followup", TOKEN), (f"md:followup?motherduck_token={TOKEN}", None)],
)
def test_the_token_appears_nowhere(
    configured: str,
    token: str | None,
    offline: Path,
    guard: Guard,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG):
        opened = open_history(configured, motherduck_token=token)
        _join_workers()  # every log line of the attempt is in
    assert opened.warning == "history_remote_unreachable"  # the token was found and used
    assert guard.configs[-1]["motherduck_token"] == TOKEN
    assert guard.remote_targets() == ["md:followup"]  # the query string is not passed on
    shown = [repr(opened), opened.path, str(opened.warning), str(opened.moved_aside)]
    shown += [text(lang, "history", str(opened.warning)) for lang in ("id", "en")]
    shown += [caplog.text, *(record.getMessage() for record in caplog.records)]
    assert caplog.records  # the fallback was logged ...
    assert not [line for line in shown if TOKEN in line]  # ... without the token
    opened.history.close()
    assert TOKEN.encode() not in Path(opened.path).read_bytes()


# --- reachable (MotherDuck replaced by an in-memory DuckDB) ----------------------------------
def test_reachable_uses_the_remote_history(guard: Guard) -> None:
    guard.fake = lambda: _real_connect(":memory:")
    opened = open_history("md:followup", motherduck_token=TOKEN)
    assert (opened.path, opened.warning, opened.remote) == ("md:followup", None, True)
    assert guard.configs == [
        {
            "motherduck_token": TOKEN,
            "custom_user_agent": "followup",
            "custom_extension_repository": guard.configs[0]["custom_extension_repository"],
            "extension_directory": str(motherduck_extensions()),
        }
    ]
    _works(opened)
    assert TOKEN not in repr(opened)


def test_the_default_database(guard: Guard) -> None:
    guard.fake = lambda: _real_connect(":memory:")
    opened = open_history("md:", motherduck_token=TOKEN)
    assert (opened.path, opened.remote) == ("md:", True)
    assert guard.remote_targets() == ["md:"]


class _RacingConnection:
    """A connection whose first migration fails once, as when another replica won the race."""

    def __init__(self) -> None:
        self._connection = _real_connect(":memory:")
        self._failed = False

    def execute(self, sql: str, *args: Any) -> Any:
        if sql == "BEGIN TRANSACTION" and not self._failed:
            self._failed = True
            raise duckdb.TransactionException("conflict with another replica")
        return self._connection.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


def test_a_lost_migration_race_is_tried_again(guard: Guard) -> None:
    guard.fake = _RacingConnection
    opened = open_history("md:followup", motherduck_token=TOKEN)
    assert (opened.path, opened.warning, opened.remote) == ("md:followup", None, True)
    _works(opened)


# --- local paths behave as before ---------------------------------------------------------------
def test_a_file_path_ignores_the_token(tmp_path: Path, guard: Guard) -> None:
    path = str(tmp_path / "history.duckdb")
    opened = open_history(path, motherduck_token=TOKEN)
    assert (opened.path, opened.warning, opened.remote) == (path, None, False)
    assert guard.targets == [path]
    _works(opened)
    opened.history.close()


def test_memory_is_memory(guard: Guard) -> None:
    opened = open_history(":memory:", motherduck_token=TOKEN)
    assert (opened.path, opened.warning, opened.remote) == (":memory:", None, False)
    assert guard.remote_targets() == []
    _works(opened)
