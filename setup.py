"""Build step that pyproject.toml cannot declare: ship the top-level prompts/ in the wheel.

The message templates live in the repository's prompts/ folder, beside the package rather
than in it (the project layout keeps them there). A wheel gets a copy as followup/prompts,
where `followup.paths` looks first; a source checkout or an editable install has no copy and
reads prompts/ itself. Everything else about the build is declared in pyproject.toml.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPy(build_py):
    def run(self) -> None:
        super().run()
        if not self.editable_mode:  # an editable install reads the repository's prompts/
            self.copy_tree("prompts", str(Path(self.build_lib, "followup", "prompts")))


setup(cmdclass={"build_py": BuildPy})
