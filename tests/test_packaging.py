"""`pip install .` gives a `followup` command that works without the source tree: the wheel
carries every subpackage, the data files the code reads and the message templates (prompts/).

One wheel is built per module, from a copy of the working tree (an in-place build would leave
build/ in the repository, and a stale build/lib there could hide a missing file), with this
venv's setuptools and no network. It is installed alone into a new venv; the dependencies
come from this venv's site-packages through a .pth line, which adds that folder only: the
editable install's own .pth in it (the repository root) is not read, so `followup` can only
come from the wheel, which the first test checks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-11-19T15:00:00+07:00"  # the afternoon after the interview: the thank-you is due
CASE = {
    "candidate_name": "Rina Wijaya",
    "company": "PT Maju Jaya",
    "position": "Analis Data",
    "contact": {"name": "Budi Santoso", "title": "HR Manager", "email": "budi@majujaya.co.id"},
    "stage": "interviewed",
    "invited_at": "2026-11-12T09:30",
    "interview": {"start": "2026-11-19T10:00", "duration_minutes": 60, "location": "Jakarta"},
}
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
)


@dataclass(frozen=True)
class Installed:
    venv: Path
    cwd: Path  # an empty folder outside the repository, with the case file only
    env: dict[str, str]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, cwd=self.cwd, env=self.env, capture_output=True, text=True, timeout=120
        )


def _run(*args: str | Path, cwd: Path) -> str:
    done = subprocess.run(
        [str(arg) for arg in args], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    work = tmp_path_factory.mktemp("packaging")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=NOT_COPIED, symlinks=True)
    pip = (sys.executable, "-m", "pip")
    wheels = work / "wheels"
    _run(
        *pip,
        "wheel",
        "--no-deps",
        "--no-index",
        "--no-build-isolation",
        "--check-build-dependencies",
        "-q",
        "-w",
        wheels,
        source,
        cwd=work,
    )
    [wheel] = wheels.glob("followup-*.whl")
    venv = work / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=work)
    python = venv / "bin" / "python"
    _run(*pip, "--python", python, "install", "--no-deps", "--no-index", "-q", wheel, cwd=work)
    site = _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=work)
    ours = dict.fromkeys(sysconfig.get_path(name) for name in ("purelib", "platlib"))
    (Path(site.strip()) / "project_dependencies.pth").write_text("\n".join(ours) + "\n")
    cwd = work / "cwd"
    cwd.mkdir()
    (cwd / "case.json").write_text(json.dumps(CASE), encoding="utf-8")
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTHON", "OPENAI_", "MOTHERDUCK_"))
    }
    return Installed(venv=venv, cwd=cwd, env=env)


def test_the_installed_package_is_the_wheel_and_has_every_file(installed: Installed) -> None:
    probe = installed.run(
        str(installed.venv / "bin" / "python"),
        "-c",
        "import json, followup, followup.paths as p; "
        "print(json.dumps([followup.__file__, str(p.PROMPTS_DIR)]))",
    )
    assert probe.returncode == 0, probe.stderr
    module, prompts = (Path(path) for path in json.loads(probe.stdout))
    package = module.parent
    assert package.is_relative_to(installed.venv), module
    assert prompts == package / "prompts"
    # every file of the package and of prompts/ (subpackages, data, templates) is installed
    for tree, installed_tree in ((ROOT / "followup", package), (ROOT / "prompts", prompts)):
        for file in tree.rglob("*"):
            if file.is_file() and "__pycache__" not in file.parts:
                assert (installed_tree / file.relative_to(tree)).is_file(), file


def test_the_followup_command_plans_a_case(installed: Installed) -> None:
    done = installed.run(
        str(installed.venv / "bin" / "followup"), "plan", "case.json", "--now", NOW
    )
    assert done.returncode == 0, done.stderr
    plan = json.loads(done.stdout)
    assert plan["stage"] == "interviewed"
    statuses = {action["action"]: action["status"] for action in plan["actions"]}
    assert statuses["thank_you"] == "now"


def test_the_followup_command_drafts_from_the_shipped_templates(installed: Installed) -> None:
    done = installed.run(
        str(installed.venv / "bin" / "followup"),
        "draft",
        "case.json",
        "--action",
        "thank_you",
        "--now",
        NOW,
    )
    assert done.returncode == 0, done.stderr
    draft = json.loads(done.stdout)
    assert draft["action"] == "thank_you"
    assert draft["source"] == "template"
    assert "Rina Wijaya" in draft["body"]
    assert draft["subject"]
