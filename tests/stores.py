"""Where the tests' histories live. By default an in-memory DuckDB; with
FOLLOWUP_TEST_STORE=postgresql (`make test` runs the history and desk tests once more so) each
history is a fresh database on a real PostgreSQL server (Debian's package), started once for
the run on loopback and attached through DuckDB, as `FOLLOWUP_DB=postgresql://...` does."""

from __future__ import annotations

import atexit
import os
import subprocess
import uuid
from contextlib import ExitStack
from urllib.parse import urlsplit

import duckdb

from bench import postgres
from followup.history.database import _postgres_history
from followup.history.store import History

_servers = ExitStack()
atexit.register(_servers.close)
_server: list[postgres.Server] = []


def on_postgres() -> bool:
    return os.environ.get("FOLLOWUP_TEST_STORE") == "postgresql"


def new_history() -> History:
    """A history of its own, empty, on the store this run tests."""
    if not on_postgres():
        return History(duckdb.connect(":memory:"))
    server = _started()
    name = f"t_{uuid.uuid4().hex[:16]}"
    where = urlsplit(server.url)
    subprocess.run(  # noqa: S603 - Debian's own binary, fixed arguments
        [str(server.bin_dir / "createdb"), "-h", str(where.hostname), "-p", str(where.port)]
        + ["-U", "postgres", name],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return _postgres_history(server.url.rsplit("/", 1)[0] + "/" + name)


def _started() -> postgres.Server:
    if not _server:
        if not postgres.available():
            raise RuntimeError("FOLLOWUP_TEST_STORE=postgresql, but PostgreSQL is not installed")
        _server.append(_servers.enter_context(postgres.running()))
    return _server[0]
