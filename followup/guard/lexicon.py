"""The guard's word lists and text handling (pure): `followup/data/guard.toml` read once
(`data`), the lexicon of facts (`lexicon`), a text as a reader's software sees it (`normalise`),
and a template text's sentences (`sentences`). `facts`, `meaning` and `woven` read from here.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from followup.paths import PACKAGE_DIR
from followup.templates import PLACEHOLDER

LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"  # one label of a domain name
WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    """followup/data/guard.toml, parsed once per process."""
    return tomllib.loads((PACKAGE_DIR / "data" / "guard.toml").read_text(encoding="utf-8"))


_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
CLITICS = ("nya", "lah", "kah", "pun", "ku", "mu")
# What may follow a word of a list and leave it the same word: an Indonesian clitic.
CLITIC = "(?:" + "|".join(CLITICS) + ")?"
# Dots of other scripts and typography that a browser or mail program may read as ".".
_DOTS = str.maketrans(
    {"\u3002": ".", "\uff0e": ".", "\uff61": ".", "\u2024": ".", "\ufe52": ".", "\u0701": "."}
)


@dataclass(frozen=True)
class Lexicon:
    abbreviations: frozenset[str]
    schemes: re.Pattern[str]
    spelled_domain: re.Pattern[str]
    spaced_domain: re.Pattern[str]
    spelled_email: re.Pattern[str]
    places: frozenset[str]
    time_words: frozenset[str]
    time_phrases: tuple[str, ...]  # " pekan depan ", spaces around, to find in " words "
    time_cased: frozenset[str]
    time_exceptions: tuple[str, ...]
    intents: dict[str, re.Pattern[str]]
    common: dict[str, frozenset[str]]
    capitalised: frozenset[str]
    honorifics: frozenset[str]
    platforms: frozenset[str]
    register: frozenset[str]


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The guard's word lists and patterns, read once from followup/data/guard.toml."""
    raw = data()
    links = raw["links"]
    tlds, dots = _alternatives(links["tlds"]), _alternatives(links["dot_words"])
    ats = _alternatives(links["at_words"])
    time_entries = [w.lower() for lang in raw["time"].values() for w in lang["words"]]
    return Lexicon(
        abbreviations=frozenset(raw["sentences"]["abbreviations"]),
        schemes=re.compile(rf"\b(?:{_alternatives(links['schemes'])})\s*:"),
        # "evil dot com", "evil (dot) com", "evil[.]com"
        spelled_domain=re.compile(
            rf"\b(?:{dots})\b\s*[)\]}}>]?\s*(?:{tlds})\b|[(\[{{<]\s*(?:\.|{dots})\s*[)\]}}>]"
        ),
        # "hire-me . dev", "hire-me .dev", "hire-me. dev" (a sentence never goes on in lower
        # case, so "team. Co-workers" is two sentences)
        spaced_domain=re.compile(
            rf"(?<=[A-Za-z0-9])(?:\s+\.\s*(?i:{tlds})\b|\.\s+(?:{tlds})\b(?![-']))"
        ),
        # "bob at gmail dot com", "rina (at) gmail"
        spelled_email=re.compile(
            rf"\b(?:{ats})\b\s*[)\]}}>]?\s*{LABEL}\s*[(\[{{<]?\s*\b(?:{dots})\b"
            rf"|[(\[{{<]\s*(?:{ats})\s*[)\]}}>]"
        ),
        places=frozenset(raw["places"]["words"]),
        time_words=frozenset(w for w in time_entries if " " not in w),
        time_phrases=tuple(f" {w} " for w in time_entries if " " in w),
        time_cased=frozenset(w for lang in raw["time"].values() for w in lang["cased"]),
        time_exceptions=tuple(
            f" {' '.join(_words(e.lower()))} "
            for lang in raw["time"].values()
            for e in lang["exceptions"]
        ),
        intents={  # searched in lower case, with or without a clitic ("kompensasinya")
            kind: re.compile(
                rf"\b(?:{'|'.join(p for ps in by_lang.values() for p in ps)}){CLITIC}(?!\w)"
            )
            for kind, by_lang in raw["intent"].items()
        },
        common={
            lang: frozenset(w for entry in raw["words"][lang]["common"] for w in entry.split())
            for lang in ("id", "en")
        },
        capitalised=frozenset(
            w.lower() for lang in ("id", "en") for w in raw["words"][lang]["capitalised"]
        ),
        honorifics=frozenset(raw["words"]["honorifics"]["words"]),
        platforms=frozenset(links["platforms"]),
        register=frozenset(raw["register"]["words"]),
    )


@lru_cache(maxsize=1)
def _invisible() -> dict[int, None]:
    """Every format character (zero-width spaces and joiners, bidi controls, tags): gone."""
    planes = (range(0x10000), range(0x110B0, 0x110D0), range(0x1BCA0, 0x1BCB0))
    found = [
        cp
        for plane in (*planes, range(0x1D170, 0x1D180), range(0xE0000, 0xE0080))
        for cp in plane
        if unicodedata.category(chr(cp)) == "Cf"
    ]
    return dict.fromkeys(found)


def normalise(text: str) -> str:
    """The text as a reader's software may see it: compatibility forms folded (full-width
    letters, digits and dots), look-alike dots read as ".", invisible format characters gone."""
    if text.isascii():
        return text
    folded = unicodedata.normalize("NFKC", text).translate(_DOTS).translate(_invisible())
    return folded.replace("\u2019", "'").replace("\u2018", "'")


def _words(text: str) -> list[str]:
    return WORD.findall(text)


def _strip(text: str) -> str:
    return PLACEHOLDER.sub(" ", text)


def sentences(text: str) -> list[str]:
    """The sentences of a template text: every non-empty line, split after ".", "!", "?" or
    "…" followed by a space (not after an abbreviation such as "Yth.")."""
    found: list[str] = []
    abbreviations = lexicon().abbreviations
    for line in text.split("\n"):
        start = 0
        for end in _SENTENCE_END.finditer(line):
            before = line[start : end.start()].split()
            last = before[-1].lstrip("(\"'").lower() if before else ""
            if end.group().startswith(".") and len(end.group()) == 1 and last in abbreviations:
                continue
            piece = line[start : end.end()].strip()
            if piece:
                found.append(piece)
            start = end.end()
        rest = line[start:].strip()
        if rest:
            found.append(rest)
    return found
