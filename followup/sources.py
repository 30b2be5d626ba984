"""The registry of the five source articles, so every recommendation can cite them by title."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from followup.i18n import language
from followup.paths import PACKAGE_DIR


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    supports: dict[str, str]
    url: str = ""

    def citation(self, lang: str) -> str:
        """`"Title" (Publisher)`, or the title and "publisher not named"."""
        from followup.i18n import text

        quoted = f"“{self.title}”"
        publisher = self.publisher or text(language(lang), "ui", "publisher_unknown")
        return f"{quoted} ({publisher})"

    def summary(self, lang: str) -> str:
        return self.supports[language(lang)]


@lru_cache(maxsize=1)
def registry() -> dict[str, Source]:
    raw = tomllib.loads((PACKAGE_DIR / "data" / "sources.toml").read_text(encoding="utf-8"))
    return {
        key: Source(key, row["title"], row["publisher"], dict(row["supports"]), row.get("url", ""))
        for key, row in raw.items()
    }


def source(source_id: str) -> Source:
    return registry()[source_id]
