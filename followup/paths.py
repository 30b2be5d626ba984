"""Where followup's own data files are (next to the code; `importlib.resources` costs a
tenth of the CLI's start for the same answer)."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# The message templates are kept in the repository's top-level prompts/, beside the package.
# An installed wheel has no repository around it, so the build copies them into the package
# (setup.py); a source checkout or an editable install has no such copy and reads prompts/
# beside the package. The copy is looked for first: beside an installed package is
# site-packages, where a "prompts" folder would be someone else's.
_SHIPPED = PACKAGE_DIR / "prompts"
PROMPTS_DIR = _SHIPPED if _SHIPPED.is_dir() else PACKAGE_DIR.parent / "prompts"
