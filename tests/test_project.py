"""The project's own files agree with each other."""

from __future__ import annotations

import tomllib
from pathlib import Path

from bench.baseline import pins

ROOT = Path(__file__).resolve().parents[1]


def test_direct_dependencies_are_pinned_alike_everywhere() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {}
    for spec in project["dependencies"] + project["optional-dependencies"]["dev"]:
        name, version = spec.split(";")[0].strip().split("==")  # (a marker after ";")
        declared[name.lower()] = version
    locked = pins(ROOT / "requirements.txt") | pins(ROOT / "requirements-dev.txt")
    for name, version in declared.items():
        assert locked.get(name) == version, name


def test_readme_shows_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme
    assert "make test" in readme
