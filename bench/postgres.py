"""A real PostgreSQL server on 127.0.0.1 for the tests and benchmarks: Debian's `postgresql`
package (`initdb`, `pg_ctl`), a fresh cluster in a temporary directory, trust authentication on
loopback only. As root (CI), the cluster belongs to the `postgres` user the package creates,
since PostgreSQL refuses to run as root."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.servers import free_port


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin directory, or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: p.parts[-3])
    return found[-1].parent if found else None


def available() -> bool:
    if binaries() is None:
        return False
    return os.geteuid() != 0 or shutil.which("runuser") is not None and _has_user("postgres")


def _has_user(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _as_owner(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@dataclass
class Server:
    """A running cluster: its URL, and a way to stop and start it again (an outage)."""

    url: str
    bin_dir: Path
    data: Path
    options: str
    log: Path

    def stop(self) -> None:
        subprocess.run(  # noqa: S603 - Debian's own binaries, fixed arguments
            _as_owner([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"]),
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> None:
        subprocess.run(  # noqa: S603
            _as_owner(
                [
                    str(self.bin_dir / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-o",
                    self.options,
                    "-l",
                    str(self.log),
                    "-w",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )


@contextmanager
def running() -> Iterator[Server]:
    """A fresh PostgreSQL cluster on loopback, started; removed at the end."""
    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="followup-pg-"))
    data = folder / "data"
    port = free_port()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    subprocess.run(  # noqa: S603 - Debian's own binaries, fixed arguments
        _as_owner([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]),
        check=True,
        capture_output=True,
        timeout=120,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    server = Server(url, bin_dir, data, options, folder / "log")
    server.start()
    try:
        yield server
    finally:
        subprocess.run(  # noqa: S603
            _as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            check=False,
            capture_output=True,
            timeout=120,
        )
        shutil.rmtree(folder, ignore_errors=True)
