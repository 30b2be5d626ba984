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
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from followup.guard import facts, meaning
from followup.guard.facts import Flag
from followup.guard.lexicon import data, lexicon, normalise, sentences
from followup.guard.meaning import holders, paragraphs, stem
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
_DIGIT = re.compile(r"\d")
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
    """What a reader could act on in `text`: numbers, time words and capitalised words (not the
    first word of a sentence, which a phone's keyboard capitalises), each as a comparable form."""
    lex = lexicon()
    common = lex.common["id"] | lex.common["en"]
    found: set[str] = set()
    for piece in sentences(normalise(PLACEHOLDER.sub(" ", text))):
        for i, token in enumerate(_FACT.findall(piece)):
            low = token.lower()
            if token.isdigit():
                found.add(token)
            elif low in lex.time_words:
                found.add(low)
            elif token[:1].isupper() and low not in common and (i > 0 or token.isupper()):
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
    # what the points say, and the units that carry their figures ("pada bulan Januari"):
    # nothing else new (an intent only when the points or the template carry it)
    timed = _DIGIT.search(points) or _facts(points) & lexicon().time_words
    known = f"{points}\n{_spelled_out(points)}\n{UNITS if timed else ''}"
    found = facts.fact_flags(None, known, None, woven, points, language)
    intended = facts.intent_of(woven, f"{template_body}\n{points}") is None
    skip = {"layout", "length", "language", *(("new_intent",) if intended else ())}
    flags.extend(f for f in found if f.key not in skip)
    if not facts.language_ok([normalise(PLACEHOLDER.sub(" ", woven))], language):
        flags.append(Flag("language", woven))
    # the points' meaning: their "not" kept, no format, no date or amount qualified anew
    if meaning.negations(woven) != meaning.negations(_question_note(points)):
        flags.append(Flag("points_changed", woven))
    flags += meaning.new_formats(points, woven)
    low_points, low_woven = _lower(points), _lower(woven)
    if any(q.search(low_woven) and not q.search(low_points) for q in _qualifiers()):
        flags.append(Flag("points_changed", woven))
    # every fact of the points is said (as written: a number, a month, a name, a tool)
    said = _said(woven)
    lost = sorted(
        f
        for f in _facts(clean_points)
        if f not in said and stem(f) not in said and not _prefix_said(f, said)
    )
    if lost:
        flags.append(Flag("points_lost", ", ".join(lost)))
    if _pasted(woven, clean_points):
        flags.append(Flag("points_pasted", woven))
    return flags


@lru_cache(maxsize=1)
def _shorthand() -> dict[str, str]:
    raw = data()
    return dict(raw["shorthand"])


@lru_cache(maxsize=1)
def _months() -> dict[str, str]:
    raw = data()
    return dict(raw["months"])


def _spelled_out(points: str) -> str:
    """The points' shorthand written out ("15 jt" -> "15 juta")."""
    short = _shorthand()

    def unit(match: re.Match[str]) -> str:
        return f"{match[1]} {short.get(match[2].lower(), match[2])}"

    # only a unit written after a number ("15jt", "3 thn"): "I'm" keeps its "m"
    said = re.sub(r"(\d+)\s*([^\W\d_]+)", unit, points)
    months = _months()
    written_out = [
        months[w.lower()] for w in re.findall(r"[^\W\d_]+", points) if w.lower() in months
    ]
    return " ".join([said, *written_out])


# Words of a note to oneself that a sentence to the reader drops ("bilang", "mention", "ga").
_NOTE_WORDS = frozenset(
    "bilang sebut sebutkan tanya tanyakan tambah tambahkan ingatkan katakan sampaikan jelaskan "
    "mention say tell ask add note remind ga gak nggak enggak dong sih kok deh nih aja udah udh "
    "sdh blm krn karna utk buat sama pakai pake soal selesai punya minta makasih bnyk tambahin "
    "congrats pegang nego prefer info kasih tau tahu mau said told asked thanks".split()
)
MIN_CONTENT = 5  # a shorter word of a note is rarely the point itself
# Notes speak of the reader in the third person ("proyek data pipeline mereka"): pasted, the
# message would too.
_THIRD_PERSON = frozenset({"mereka", "they", "them", "their", "dia", "beliau"})
# What only a note to oneself has: its verbs ("bilang", "mention") and chat shorthand.
_NOTE_MARKERS = frozenset(
    "bilang sebut sebutkan tanya tanyakan tambahin ingatkan mention say tell ask remind ga gak "
    "nggak dong sih kok deh nih aja udah udh sdh blm krn karna utk yg dgn sy bs tdk gk".split()
)


def missing_words(woven: str, points: str) -> list[str]:
    """The points' content words (not common, not a note's own) that the woven sentences do not
    say in any form: perhaps a part of the points lost ("tunjangan transport")."""
    lex = lexicon()
    common = lex.common["id"] | lex.common["en"]
    said = _said(woven) | _said(_spelled_out(woven))
    missing = []
    for word in _FACT.findall(normalise(PLACEHOLDER.sub(" ", _spelled_out(points)))):
        low = word.lower()
        plain = low in common or facts.base(low) in common or low in _NOTE_WORDS
        if len(low) < MIN_CONTENT or plain or low.isdigit():
            continue
        if low not in said and stem(low) not in said and word not in missing:
            missing.append(word)  # as the person typed it
    return missing


_ASKING = re.compile(r"^\s*(tanya|tanyain|tanyakan|nanya|ask)\b", re.IGNORECASE)
_CHAT_NOT = re.compile(r"\b(ga|gak|gk|nggak|ngga|enggak)\b", re.IGNORECASE)


def _question_note(points: str) -> str:
    """A note that asks something ("tanya boleh pakai laptop ga utk studi kasus"): its chat
    "ga" is the question's tag wherever it stands, not a "not"."""
    return _CHAT_NOT.sub(" ", points) if _ASKING.match(points) else points


def _prefix_said(fact: str, said: set[str]) -> bool:
    """A shortened word of the notes written out ("Jan" -> "Januari", "Sept" -> "September")."""
    return fact.isalpha() and len(fact) >= 3 and any(w.startswith(fact) for w in said)


@lru_cache(maxsize=1)
def _qualifiers() -> tuple[re.Pattern[str], ...]:
    raw = data()
    return tuple(re.compile(rf"(?<!\w){re.escape(w)}(?!\w)") for w in raw["qualifiers"]["words"])


def _lower(text: str) -> str:
    return " ".join(_FACT.findall(normalise(PLACEHOLDER.sub(" ", text)).lower()))


def _pasted(woven: str, points: str) -> bool:
    """The notes as typed, rather than a sentence to the reader (points that already are a
    sentence to the reader may stand as written)."""
    text = normalise(PLACEHOLDER.sub(" ", woven)).strip()
    if _NOTE_OPENINGS.match(text):
        return True
    # notes that already are a sentence to the reader may stand as written
    typed_words = {w.lower() for w in _FACT.findall(points)}
    if not typed_words & (_NOTE_MARKERS | _THIRD_PERSON):
        return False
    typed = [w.lower() for w in _FACT.findall(points)]
    written = [w.lower() for w in _FACT.findall(text)]
    if len(typed) < MIN_PASTED_WORDS:
        return False
    # the notes whole, with hardly a word around them
    within = f" {' '.join(typed)} " in f" {' '.join(written)} "
    return within and len(written) < len(typed) + MIN_PASTED_WORDS
