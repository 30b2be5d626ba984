"""An older revision of this project, to serve beside this checkout in the same bench run.

BENCH_BASELINE names it: any git revision this clone has (a hash, a tag, `HEAD~20`). Its files
are unpacked from the clone's history, and served with only the packages its own requirements
pin: a newer package this checkout added (uvloop, for example) is hidden from it.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import tarfile
from pathlib import Path

from bench.common import Unmeasurable

ROOT = Path(__file__).resolve().parents[1]
VARIABLE = "BENCH_BASELINE"


def requested() -> str | None:
    """The revision BENCH_BASELINE names, or None when it is unset or empty."""
    return os.environ.get(VARIABLE, "").strip() or None


def _git(*args: str) -> bytes:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, check=True, timeout=120
    ).stdout


def unpack(revision: str, into: Path) -> tuple[str, Path]:
    """The commit `revision` names (its short hash) and its files, unpacked into `into`."""
    try:
        commit = _git("rev-parse", "--verify", "--short", f"{revision}^{{commit}}").decode().strip()
        archive = _git("archive", "--format=tar", commit)
    except (OSError, subprocess.SubprocessError):
        raise Unmeasurable(
            f"{VARIABLE}={revision} names no commit in this clone's history; fetch it "
            "(git fetch --unshallow) or name another"
        ) from None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return commit, into


def pins(path: Path) -> dict[str, str]:
    """The packages a requirements file pins (`name==version`), by normalised name."""
    found = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^\s#]+)", line.strip())
        if match:
            found[match[1].lower().replace("_", "-")] = match[2]
    return found


def pinned(requirements: Path) -> set[str]:
    """The import names of the packages a requirements file pins."""
    return {name.replace("-", "_") for name in pins(requirements)}


def without_newer_packages(tree: Path, into: Path) -> Path:
    """A folder for PYTHONPATH whose `sitecustomize` hides the packages this checkout's
    requirements add to `tree`'s (e.g. uvloop, which Streamlit uses when it can import it):
    an older revision is served as it was installed, not with this checkout's additions (the
    packages both pin are this checkout's versions)."""
    newer = sorted(pinned(ROOT / "requirements.txt") - pinned(tree / "requirements.txt"))
    into.mkdir(parents=True, exist_ok=True)
    hidden = (f"sys.modules[{name!r}] = None  # not installed then" for name in newer)
    lines = ["import sys", *hidden]
    (into / "sitecustomize.py").write_text("\n".join(lines) + "\n")
    return into
