"""Where followup's own data files are (next to the code; `importlib.resources` costs a
tenth of the CLI's start for the same answer)."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# prompts/ sits beside the package in the repository (and in an editable install).
PROMPTS_DIR = PACKAGE_DIR.parent / "prompts"
