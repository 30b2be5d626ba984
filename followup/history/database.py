"""Where the history lives, and what happens when that place cannot be used.

`FOLLOWUP_DB` (Streamlit secrets or environment) names the place; the default is a file in the
user's data directory (platformdirs). If the file cannot be opened — locked by another
process, or on a read-only or missing location — the app still runs, on an in-memory
database, with a warning that the history won't be kept. A file that is there but cannot be
read (not a database, zeroed, truncated, a bad block) is moved aside (never overwritten) and a
fresh file takes its place, so new work is still kept on disk.

MotherDuck (DuckDB in the cloud; for a host whose disk does not last, such as Streamlit
Community Cloud, or for several replicas): `FOLLOWUP_DB = "md:NAME"` (also `motherduck:NAME`;
`md:` alone is the account's default database) with the token in `MOTHERDUCK_TOKEN`, which the
page passes in as `motherduck_token`. The same `History` and the same migrations run there
(standard SQL; MotherDuck takes DuckDB's constraints, indexes and transactions).

- No token: no connection is tried (without one, the MotherDuck extension would try a browser
  sign-in). The history opens on the local default file instead (`default_path()`),
  with the warning `history_remote_no_token`.
- The connection fails for any reason — the `motherduck` extension cannot be downloaded or
  loaded, no network, a refused token, no answer within `FOLLOWUP_DB_TIMEOUT` seconds (default
  15) — the same local file, with `history_remote_unreachable`. DuckDB downloads the extension
  on first use; a download that gets no answer would otherwise hold the page for two minutes
  (4 tries of 30 s), so connecting runs in a worker thread that is given up after the timeout
  (a connection it opens later is closed at once).
- If that local file cannot be opened either, the file fallbacks above apply (in-memory, moved
  aside, ...) but the warning stays the remote one: the page says what the operator must fix.
- The token never leaves the call to `duckdb.connect`: not in `Opened`, the logs or a message
  (a failure is logged by its exception class only; DuckDB's text is not repeated). A token
  written into `FOLLOWUP_DB` (`md:NAME?motherduck_token=...`) is used and then dropped;
  `Opened.path` shows `md:NAME`, and nothing after `?` is passed on.
- `FOLLOWUP_DUCKDB_EXTENSIONS` (environment): a mirror of DuckDB's extension repository
  (`custom_extension_repository`, e.g. `http://mirror.internal/duckdb`), for hosts that
  cannot reach extensions.duckdb.org. The tests point it at loopback, so they never download.

`Opened.remote` says whether the history is on MotherDuck; `Opened.path` is what is in use.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import duckdb

from followup.history.extensions import motherduck_extensions, postgres_extension
from followup.history.store import History

MEMORY = ":memory:"
REMOTE_PREFIXES = ("md:", "motherduck:")
POSTGRES_PREFIXES = ("postgresql://", "postgres://")  # DuckDB attached to PostgreSQL
POSTGRES_CATALOG = "followup_pg"
CONNECT_TIMEOUT = 15.0  # seconds; FOLLOWUP_DB_TIMEOUT overrides
RETRY_INTERVAL = 60.0  # seconds between tries of an unreachable shared store; FOLLOWUP_DB_RETRY
NO_TOKEN = "history_remote_no_token"  # noqa: S105 - a locale key, not a secret
UNREACHABLE = "history_remote_unreachable"

log = logging.getLogger("followup.history")


@dataclass
class Opened:
    history: History
    path: str  # the file in use, ":memory:", or "md:NAME" (never a token)
    warning: str | None = None  # key of the [history] section of the locale files
    moved_aside: str | None = None  # where a corrupt file went
    remote: bool = False  # True when the history is on MotherDuck or PostgreSQL
    # bumped when the history changes under the page (the shared one came back): sessions
    # open their workspace again by its token, since its id there may differ
    generation: int = 0
    reconnect: Reconnect | None = None  # while on the local file instead of the shared one


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("followup", appauthor=False) / "history.duckdb"


def configured_path(secret: str | None = None) -> str:
    """`FOLLOWUP_DB` from secrets (passed in by the page), then the environment, else default.
    A local file is named by its resolved path: two spellings of one file are one history
    (and one memory of its reads) in this process."""
    path = secret or os.environ.get("FOLLOWUP_DB") or str(default_path())
    if path == MEMORY or _remote(path) is not None or _postgres(path):
        return path
    try:
        return str(Path(path).expanduser().resolve())
    except (OSError, RuntimeError, ValueError):
        return path  # opening it will say what is wrong


def _memory(warning: str | None, moved_aside: str | None = None) -> Opened:
    connection = duckdb.connect(MEMORY, config={"threads": 1})  # (as a file: see _connect)
    return Opened(History(connection, remember=True), MEMORY, warning, moved_aside)


def open_history(path: str, motherduck_token: str | None = None) -> Opened:
    """Open (creating if needed) the history at `path`, falling back as described above.

    `motherduck_token` is used only when `path` names a MotherDuck database."""
    remote = _remote(path)
    if remote is not None:
        name, token_in_path = remote
        return _open_remote(name, motherduck_token or token_in_path)
    if _postgres(path):
        return _open_postgres(path.strip())
    return _open_local(path)


# --- PostgreSQL ----------------------------------------------------------------------------
def _postgres(path: str) -> bool:
    return path.strip().lower().startswith(POSTGRES_PREFIXES)


def _postgres_history(url: str) -> History:
    connection = duckdb.connect(MEMORY, config={"threads": 1})
    try:
        connection.execute(f"LOAD '{postgres_extension()}'")
        quoted = url.replace("'", "''")
        connection.execute(f"ATTACH '{quoted}' AS {POSTGRES_CATALOG} (TYPE postgres)")
        connection.execute(f"USE {POSTGRES_CATALOG}")
        try:
            return History(connection, catalog=POSTGRES_CATALOG, returning=False)
        except duckdb.Error:
            # two replicas starting together race on the first migration; the loser's
            # transaction rolls back and, tried again, finds the winner's tables
            return History(connection, catalog=POSTGRES_CATALOG, returning=False)
    except BaseException:
        connection.close()
        raise


def _open_postgres(url: str) -> Opened:
    said = shown(url)
    return _shared(
        lambda: _Connect(url, {}, said, opener=lambda: _postgres_history(url), label="PostgreSQL"),
        said,
        "PostgreSQL",
    )


def _shared(connect: Callable[[], _Connect], said: str, label: str) -> Opened:
    """A shared store, waited for within the timeout; else the local file, with the warning
    the page says in one sentence, and the shared store tried again in the background."""
    history = _try(connect, said, label)
    if history is None:
        opened = _local_fallback(UNREACHABLE)
        opened.reconnect = Reconnect(opened, connect, said, label)
        opened.reconnect.start(_retry_interval())
        return opened
    return Opened(history, said, remote=True)


def _try(connect: Callable[[], _Connect], said: str, label: str) -> History | None:
    try:
        return connect().wait(_timeout())
    except Exception:  # no thread could be started, ...: the page must still come up
        log.warning("%s (%s) could not be tried", label, said)
        return None


def _retry_interval() -> float:
    try:
        seconds = float(os.environ.get("FOLLOWUP_DB_RETRY", ""))
    except ValueError:
        return RETRY_INTERVAL
    return seconds if seconds >= 0 else RETRY_INTERVAL


class Reconnect:
    """The shared store, tried again every `FOLLOWUP_DB_RETRY` seconds (default 60; 0: never
    in the background, `attempt()` only) while the page runs on the local file. When it
    answers, what the local file kept is merged into it (`followup.history.replay`), the page
    moves onto it (no restart) and the warning goes; a second merge then takes in what was
    written during the first, and what was merged leaves the local file."""

    def __init__(
        self,
        opened: Opened,
        connect: Callable[[], _Connect],
        said: str,
        label: str,
    ) -> None:
        self._opened = opened
        self._connect = connect
        self._said = said
        self._label = label
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.done = threading.Event()  # set once the page is on the shared store again

    def start(self, interval: float) -> None:
        if interval <= 0:
            return
        thread = threading.Thread(
            target=self._loop, args=(interval,), name="followup-reconnect", daemon=True
        )
        thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _loop(self, interval: float) -> None:
        while not self._stop.wait(interval):
            try:
                if self.attempt():
                    return
            except Exception as exc:  # the loop must outlive any one failure
                log.warning("%s (%s) retry failed: %s", self._label, self._said, type(exc).__name__)

    def attempt(self) -> bool:
        """One try: True when the page is on the shared store (now or before)."""
        from followup.history.replay import replay, settle

        with self._lock:
            if self.done.is_set():
                return True
            shared = _try(self._connect, self._said, self._label)
            if shared is None:
                return False
            local = self._opened.history
            first = replay(local, shared, datetime.now(UTC))
            self._opened.history = shared  # from now on every write goes there
            self._opened.path = self._said
            self._opened.remote = True
            self._opened.warning = None
            self._opened.generation += 1
            second = replay(local, shared, datetime.now(UTC))  # what was written meanwhile
            removed = settle(local, second, datetime.now(UTC))
            log.warning(
                "%s (%s) is back: %d workspaces copied from the local file (%d new there, "
                "%d kept there for later)",
                self._label,
                self._said,
                first.workspaces,
                first.created + second.created,
                len(second.merged) - removed + second.skipped,
            )
            self.done.set()
            return True


# --- MotherDuck ----------------------------------------------------------------------------
def _remote(path: str) -> tuple[str, str | None] | None:
    """(database name, token written in the path) when `path` names MotherDuck, else None."""
    lowered = path.strip().lower()
    prefix = next((p for p in REMOTE_PREFIXES if lowered.startswith(p)), None)
    if prefix is None:
        return None
    rest = path.strip()[len(prefix) :]
    name, _, query = rest.partition("?")
    options = {key.lower(): value for key, value in parse_qsl(query)}
    return name.strip(), options.get("motherduck_token") or None


def _timeout() -> float:
    try:
        seconds = float(os.environ.get("FOLLOWUP_DB_TIMEOUT", ""))
    except ValueError:
        return CONNECT_TIMEOUT
    return seconds if seconds > 0 else CONNECT_TIMEOUT


def _open_remote(name: str, token: str | None) -> Opened:
    shown = _redact(f"md:{name}", token)
    if not token:
        log.warning(
            "FOLLOWUP_DB is %s but MOTHERDUCK_TOKEN is not set; using the local file", shown
        )
        return _local_fallback(NO_TOKEN)
    config: dict[str, Any] = {"motherduck_token": token, "custom_user_agent": "followup"}
    mirror = os.environ.get("FOLLOWUP_DUCKDB_EXTENSIONS")
    if mirror:
        config["custom_extension_repository"] = mirror
    try:
        shipped = motherduck_extensions()
    except (OSError, StopIteration, duckdb.Error):  # a wheel without the file, a full disk
        shipped = None
    if shipped is not None:
        config["extension_directory"] = str(shipped)
    return _shared(lambda: _Connect(f"md:{name}", config, shown), shown, "MotherDuck")


class _Connect:
    """Connect and migrate in a worker thread, so that a connection which never answers holds
    the page only for the timeout. A history that arrives after it was given up is closed."""

    def __init__(
        self,
        target: str,
        config: dict[str, Any],
        shown: str,
        opener: Callable[[], History] | None = None,
        label: str = "MotherDuck",
    ) -> None:
        self._target = target
        self._config = config
        self._shown = shown  # for the log: the target, redacted
        self._opener = opener
        self._label = label
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._history: History | None = None
        self._given_up = False
        thread = threading.Thread(target=self._run, name="followup-motherduck", daemon=True)
        thread.start()

    def _run(self) -> None:
        history: History | None = None
        try:
            history = self._open()
        except Exception as exc:  # anything at all: the page falls back, never breaks
            # The class only: DuckDB's message may quote the connection's settings.
            log.warning("%s (%s) unreachable: %s", self._label, self._shown, type(exc).__name__)
        with self._lock:
            if self._given_up:
                if history is not None:
                    _close_quietly(history)
            else:
                self._history = history
            self._done.set()

    def _open(self) -> History:
        if self._opener is not None:
            return self._opener()
        connection = duckdb.connect(self._target, config=self._config)
        try:
            try:
                return History(connection)
            except duckdb.Error:
                # Two replicas starting together race on the first migration; the loser's
                # transaction rolls back and, tried again, finds the winner's tables.
                return History(connection)
        except BaseException:
            connection.close()
            raise

    def wait(self, seconds: float) -> History | None:
        self._done.wait(seconds)
        with self._lock:
            if not self._done.is_set():
                self._given_up = True
                log.warning("%s (%s) did not answer within %g s", self._label, self._shown, seconds)
            return self._history


def _close_quietly(history: History) -> None:
    try:
        history.close()
    except duckdb.Error:
        pass  # it is being dropped anyway


def _redact(text: str, token: str | None) -> str:
    return text.replace(token, "***") if token else text


_TOKEN_IN_PATH = re.compile(r"(motherduck_token|token|password)=[^&\s]*", re.IGNORECASE)
_PASSWORD_IN_URL = re.compile(r"(://[^:/@\s]+:)[^@\s]+@")


def shown(path: str) -> str:
    """`FOLLOWUP_DB` as it may be shown or logged: a token or password written into it
    replaced by "***" (never echoed to stderr, the page or the log)."""
    return _PASSWORD_IN_URL.sub(r"\1***@", _TOKEN_IN_PATH.sub(r"\1=***", path))


def _local_fallback(warning: str) -> Opened:
    """The local default file, carrying the remote warning whatever happens to that file."""
    opened = _open_local(str(default_path()))
    opened.warning = warning
    return opened


# --- local files ---------------------------------------------------------------------------
def _open_local(path: str) -> Opened:
    if path == MEMORY:
        return _memory(None)
    file = Path(path)
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        return Opened(_connect(file), str(file))
    except (OSError, duckdb.Error) as exc:
        failure, kind = _failure(file, exc), type(exc).__name__
    if failure == "corrupt":
        return _move_aside_and_retry(file)
    # one line for the operator (the page says one sentence to the visitor): the class only,
    # and the path as it may be shown
    log.warning(
        "FOLLOWUP_DB %s cannot be used (%s: %s); the history is in memory until a restart",
        shown(str(file)),
        failure,
        kind,
    )
    return _memory(failure)


def _connect(file: Path) -> History:
    """The history in `file`: opened and migrated, or the connection closed again."""
    # One thread: the page's statements are small, and a crowd's sessions run side by side
    # anyway; DuckDB's own workers only added per-statement CPU (~30 % of a lookup).
    connection = duckdb.connect(str(file), config={"threads": 1})
    try:
        return History(connection, remember=True)  # only this process writes the file
    except BaseException:
        try:
            connection.close()
        except duckdb.Error:
            pass  # it is being dropped anyway
        raise


def _failure(file: Path, exc: BaseException) -> str:
    """Why a file could not be used: `history_locked` (another process has it),
    `history_unwritable` (the place, or the permissions), or `corrupt` — anything DuckDB
    could not read in a file that is there: not a database, zeroed, truncated, a bad block."""
    message = str(exc).lower()
    if "could not set lock" in message or "conflicting lock" in message:
        return "history_locked"
    if isinstance(exc, OSError) or "permission denied" in message or "read-only" in message:
        return "history_unwritable"
    if file.is_file():
        return "corrupt"
    return "history_unwritable"


def _move_aside_and_retry(file: Path) -> Opened:
    """Keep the unreadable file (renamed, never overwritten) and start a fresh one at the
    same place: new work is kept on disk, not in memory."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = file.with_name(f"{file.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = file.with_name(f"{file.name}.corrupt-{stamp}-{n}")
    try:
        file.rename(aside)
        wal = file.with_name(file.name + ".wal")
        if wal.exists():
            wal.rename(aside.with_name(aside.name + ".wal"))
        log.warning("the history file could not be read; moved aside to %s", aside)
        return Opened(_connect(file), str(file), "history_corrupt", str(aside))
    except (OSError, duckdb.Error):
        return _memory("history_unwritable", None)
