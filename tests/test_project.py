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


def _imports(path: Path) -> set[str]:
    """The followup modules a file imports (at its top or inside functions)."""
    import ast

    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from a.b import c`: c may be a module of a.b, or a name in it
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name.startswith("followup")}


def test_the_page_asks_only_the_desk() -> None:
    """ui/ imports the Desk (followup.desk and its AI settings), the models and its own
    files: never the storage, the rules, the drafts or the AI step directly."""
    allowed = ("followup.desk", "followup.models", "followup.ui")
    for path in sorted((ROOT / "followup" / "ui").glob("*.py")):
        stray = {name for name in _imports(path) if not name.startswith(allowed)}
        assert not stray, (path.name, stray)


def test_no_import_circles_in_the_package() -> None:
    """No module of followup imports, through others, a module that imports it back."""
    package = ROOT / "followup"
    modules = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
        for path in package.rglob("*.py")
    }

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    edges = {
        name: {t for n in _imports(path) if (t := resolve(n)) and t != name}
        for name, path in modules.items()
    }
    # a package's __init__ re-exports its modules: an import of a module through its package
    # is not a way back into the package
    for name in modules:
        edges[name] = {t for t in edges[name] if not name.startswith(f"{t}.")}

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            here = todo.pop()
            for there in edges.get(here, ()):
                if there == goal:
                    return True
                if there not in seen:
                    seen.add(there)
                    todo.append(there)
        return False

    circles = sorted((a, b) for a in edges for b in edges[a] if reaches(b, a))
    assert not circles, circles
