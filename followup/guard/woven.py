"""The person's points, written by the model (pure).

With talking points, the model replaces the template's `{{talking_points}}` line with one or
two sentences of its own saying what the points say, in the message's tone and language
(issue 24: woven, never pasted). This module finds those sentences in the answer and checks
them: they carry every fact of the points (numbers, names, months, technical words, as the
person wrote them) and no other; an intent (withdrawing, salary, another offer, another date)
only when the points carry it; no link, contact or markup; the message's language; and not
the points pasted as typed ("mention I can start in January").
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from followup.guard import facts
from followup.guard.facts import Flag, normalise, sentences
from followup.guard.meaning import holders, paragraphs, stem
from followup.paths import PACKAGE_DIR
from followup.templates import BLOCKS, PLACEHOLDER

POINTS = "talking_points"
MAX_SENTENCES = 3  # "one or two sentences", and a little slack for a short one
MAX_WOVEN_CHARS = 400
MIN_PASTED_WORDS = 4  # this many words of the points in a row, as typed, is a paste
# How points are typed as notes to oneself: an answer that opens like this pasted them.
_NOTE_OPENINGS = re.compile(
    r"^(mention|say|tell|ask|add|note|remind|bilang|sebut(kan)?|tanya(kan)?|tambah(kan)?|"
    r"ingatkan|katakan|sampaikan|jelaskan)\b",
    re.IGNORECASE,
)
# Units of time a sentence needs around the points' own figures ("3 tahun", "bulan Januari").
UNITS = "bulan tahun hari jam pekan month months year years day days hour hours week weeks"
_FACT = re.compile(r"\d+|[^\W\d_]+(?:[-'][^\W\d_]+)*")


@dataclass(frozen=True)
class Split:
    """The answer's body as the template's rewording (`body`, with `{{talking_points}}` back in
    its place) and the model's own sentences for the points (`woven`), both template text."""

    body: str
    woven: str | None


def _units(text: str, by_lines: bool) -> list[str]:
    """Paragraphs, or non-blank lines where the points' line shares a paragraph (a call
    script's "Inti pesan:" block)."""
    if by_lines:
        return [line.strip() for line in text.split("\n") if line.strip()]
    return paragraphs(text)


def split(template_body: str, body: str, points: str | None) -> Split | None:
    """The woven sentences taken out of `body`, or None when they cannot be found where the
    template's `{{talking_points}}` line stands. An answer that kept the line (or any answer
    without points) is returned whole."""
    if not points or POINTS not in holders(template_body) or POINTS in holders(body):
        return Split(body, None)
    by_lines = not any(p == "{{talking_points}}" for p in paragraphs(template_body))
    ours, theirs = _units(template_body, by_lines), _units(body, by_lines)
    at = next(i for i, u in enumerate(ours) if POINTS in holders(u))
    before = Counter(h for u in ours[:at] for h in holders(u))
    after = Counter(h for u in ours[at + 1 :] for h in holders(u))
    # the answer's units between the template's facts before the line and those after it
    start = next((i for i in range(len(theirs) + 1) if _count(theirs[:i]) == before), None)
    end = next((j for j in range(len(theirs), -1, -1) if _count(theirs[j:]) == after), None)
    if start is None or end is None or start >= end:
        return None
    gap = theirs[start:end]
    free_before = _free_run(ours[:at], reverse=True)
    free_after = _free_run(ours[at + 1 :], reverse=False)
    if len(gap) == free_before + free_after + 1:
        woven = gap[free_before]
    else:  # paragraphs merged or split around it: the one that says the points
        scored = [(_score(u, points), u) for u in gap if not _has_block(u)]
        best = max(scored, default=(0.0, ""))
        if best[0] <= 0:
            return None
        woven = best[1]
    if _has_block(woven):
        return None
    return Split(body.replace(woven, "{{talking_points}}", 1), woven)


def _count(units: list[str]) -> Counter[str]:
    return Counter(h for u in units for h in holders(u))


def _free_run(units: list[str], *, reverse: bool) -> int:
    """How many units without a placeholder stand next to the points' line on one side."""
    run = 0
    for unit in reversed(units) if reverse else units:
        if holders(unit):
            break
        run += 1
    return run


def _score(unit: str, points: str) -> float:
    said = _said(unit)
    wanted = _said(points)
    return len(_facts(points) & said) + len(said & wanted) / 10


def _has_block(unit: str) -> bool:
    return bool(set(holders(unit)) & BLOCKS)


# The placeholders the woven sentences may use: how the reader is addressed and the facts the
# points were redacted to ("proyek data pipeline di {{company}}").
WOVEN_HOLDERS = frozenset(
    {
        "you",
        "company",
        "position",
        "the_position",
        "contact_name",
        "other_company",
        "other_position",
        "interview_where",
        "email",
        "phone",
        "contact_email",
        "contact_phone",
    }
)


def _facts(text: str) -> set[str]:
    """What a reader could act on in `text`: numbers, capitalised words, time words and the
    words no common list knows (technical words), each as a comparable form."""
    lex = facts.lexicon()
    common = lex.common["id"] | lex.common["en"]
    found: set[str] = set()
    for token in _FACT.findall(normalise(PLACEHOLDER.sub(" ", text))):
        low = token.lower()
        if token.isdigit():
            found.add(token)
        elif low in lex.time_words or (token[:1].isupper() and low not in common):
            found.add(low)
    return found


def _said(text: str) -> set[str]:
    words = {w.lower() for w in _FACT.findall(normalise(PLACEHOLDER.sub(" ", text)))}
    return words | {stem(w) for w in words} | {p for w in words for p in w.split("-")}


def woven_flags(woven: str, points: str, template_body: str, language: str) -> list[Flag]:
    """Every reason to refuse the woven sentences (template text, placeholders in it)."""
    flags: list[Flag] = []
    clean_points = normalise(PLACEHOLDER.sub(" ", points))
    used = set(holders(woven))
    allowed = WOVEN_HOLDERS | set(holders(points))
    if used - allowed or "\n" in woven.strip():
        flags.append(Flag("points_shape", woven))
    if len(sentences(woven)) > MAX_SENTENCES or len(woven) > max(MAX_WOVEN_CHARS, 3 * len(points)):
        flags.append(Flag("points_shape", woven))
    # what the template itself may say (its facts), plus what the points say, and the units
    # that carry them ("pada bulan Januari"): nothing else new
    known = f"{template_body}\n{points}\n{_spelled_out(points)}\n{UNITS}"
    found = facts.fact_flags(None, known, None, woven, points, language)
    flags.extend(f for f in found if f.key not in ("layout", "length"))
    # every fact of the points is said (as written: a number, a month, a name, a tool)
    said = _said(woven)
    lost = sorted(f for f in _facts(clean_points) if f not in said and stem(f) not in said)
    if lost:
        flags.append(Flag("points_lost", ", ".join(lost)))
    if _pasted(woven, clean_points):
        flags.append(Flag("points_pasted", woven))
    return flags


@lru_cache(maxsize=1)
def _shorthand() -> dict[str, str]:
    raw = tomllib.loads((PACKAGE_DIR / "data" / "guard.toml").read_text(encoding="utf-8"))
    return dict(raw["shorthand"])


def _spelled_out(points: str) -> str:
    """The points' shorthand written out ("15 jt" -> "15 juta")."""
    short = _shorthand()
    return " ".join(short.get(w.lower(), w) for w in re.findall(r"\w+", points))


def _pasted(woven: str, points: str) -> bool:
    """The points as typed, rather than a sentence to the reader."""
    text = normalise(PLACEHOLDER.sub(" ", woven)).strip()
    if _NOTE_OPENINGS.match(text):
        return True
    typed = [w.lower() for w in _FACT.findall(points)]
    written = [w.lower() for w in _FACT.findall(text)]
    if len(typed) < MIN_PASTED_WORDS:
        return False
    # the notes whole, with hardly a word around them
    within = f" {' '.join(typed)} " in f" {' '.join(written)} "
    return within and len(written) < len(typed) + MIN_PASTED_WORDS
