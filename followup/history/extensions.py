"""DuckDB's extensions from their PyPI wheels (`duckdb-extension-postgres`,
`duckdb-extension-motherduck`, built for the pinned DuckDB), put where DuckDB loads them by
name, so that opening the history downloads nothing from extensions.duckdb.org."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import duckdb

MEMORY = ":memory:"


def postgres_extension() -> Path:
    """DuckDB's PostgreSQL extension from its PyPI wheel (`duckdb-extension-postgres`, built for
    the pinned DuckDB), under the file name DuckDB loads it by: nothing is downloaded."""
    import duckdb_extension_postgres

    return _from_wheel(duckdb_extension_postgres, "postgres", "postgres_scanner", _extensions())


def motherduck_extensions() -> Path | None:
    """A DuckDB extension directory holding the `motherduck` extension from its PyPI wheel
    (`duckdb-extension-motherduck`), so that DuckDB finds it there instead of downloading it
    from extensions.duckdb.org. (That extension is MotherDuck's loader: on load it asks
    MotherDuck's own servers for the client that matches, which no wheel carries.) None when
    the wheel is not installed: DuckDB then downloads the extension itself."""
    try:
        import duckdb_extension_motherduck
    except ImportError:
        return None
    platform = duckdb.connect(MEMORY).execute("PRAGMA platform").fetchone()
    root = _extensions() / "directory"
    folder = root / f"v{duckdb.__version__}" / str(platform[0] if platform else "")
    _from_wheel(duckdb_extension_motherduck, "motherduck", "motherduck", folder)
    return root


def _extensions() -> Path:
    return Path(tempfile.gettempdir()) / f"followup-duckdb-{duckdb.__version__}"


def _from_wheel(package: Any, name: str, loaded_as: str, folder: Path) -> Path:
    """The extension `name` shipped in `package` (an extension wheel), copied into `folder`
    under the file name DuckDB loads it by (atomically: two processes may start together)."""
    inside = Path(next(iter(package.__path__)))
    source = next(inside.glob(f"extensions/v{duckdb.__version__}/{name}.duckdb_extension"))
    target = folder / f"{loaded_as}.duckdb_extension"
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f"{loaded_as}.{os.getpid()}.part"
        shutil.copyfile(source, partial)
        partial.replace(target)
    return target
