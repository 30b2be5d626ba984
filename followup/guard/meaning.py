"""What the rewording means, paragraph by paragraph (pure).

A natural rewording merges, splits and reorders sentences within a paragraph; what it may not
do is move a fact to another paragraph, swap two facts that are easily confused (the date and
the time, the position and the company, two names), drop a "tidak", change the interview's
format, or stop saying something the template says. Those are refused. Other changes a careful
reader wants to see before sending (a new promise, an admission, an instruction to the reader,
"thanks again", a reproach, an added "not", a template sentence that seems gone) are shown as
"check this" (`Flag`s of the [guard] locale section).

The word lists are data: followup/data/guard.toml, sections [negation], [format] and [check.*].
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from followup.guard.facts import Flag
from followup.guard.lexicon import CLITIC, data, normalise, sentences
from followup.templates import PLACEHOLDER

# Placeholders a reader easily confuses: when a paragraph has both, their order is the
# template's ("{{interview_date}} pukul {{interview_time}}", never the time where the date was).
CONFUSED = (
    ("interview_date", "interview_time"),
    ("position", "company"),
    ("recipient", "candidate_name"),
    ("addressee", "candidate_name"),
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
# Indonesian affixes, for comparing words ("melengkapinya" ~ "lengkap"): longest first.
_PREFIXES = ("meng", "meny", "peng", "peny", "mem", "men", "pem", "pen", "per", "ber", "ter")
_SHORT_PREFIXES = ("me", "pe", "di", "ke", "se", "be")
_SUFFIXES = ("nya", "kan", "lah", "kah", "pun", "an", "i", "ing", "ed", "es", "s", "ly")
MIN_STEM = 4
# A template sentence this short ("Salam,") is a formula, not content that can be dropped.
CONTENT_WORDS = 3


@dataclass(frozen=True)
class Lexicon:
    negations: frozenset[str]
    formulas: frozenset[str]
    nouns: frozenset[str]
    formats: dict[str, tuple[re.Pattern[str], re.Pattern[str]]]  # kind -> (words, hints)
    checks: dict[str, re.Pattern[str]]
    point_checks: dict[str, re.Pattern[str]]
    antonyms: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]


def _pattern(parts: Sequence[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)}){CLITIC}(?!\w)")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = data()
    return Lexicon(
        negations=frozenset(raw["negation"]["id"] + raw["negation"]["en"]),
        formulas=frozenset(raw["negation"]["formulas"]),
        nouns=frozenset(raw["negation"]["nouns"]),
        formats={
            kind: (_pattern(table["words"]), _pattern([*table["words"], *table["hints"]]))
            for kind, table in raw["format"].items()
        },
        checks={
            kind: _pattern([p for words in by_lang.values() for p in words])
            for kind, by_lang in raw["check"].items()
        },
        point_checks={
            kind: _pattern([p for words in by_lang.values() for p in words])
            for kind, by_lang in raw["check_points"].items()
        },
        antonyms=tuple(
            (_pattern([a]), _pattern([b]))
            for a, b in (pair.split(" | ") for pair in raw["antonyms"]["pairs"])
        ),
    )


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text: blocks separated by blank lines."""
    return [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def holders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def _lower(text: str) -> str:
    return normalise(PLACEHOLDER.sub(" ", text)).lower()


def stem(word: str) -> str:
    """A word without its common affixes, for comparison only (Indonesian and English)."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)]
            break
    for suffix in ("kan", "an", "i"):  # "melengkapinya" -> "melengkapi" -> "melengkap"
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)]
            break
    for prefix in (*_PREFIXES, *_SHORT_PREFIXES):
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
            return word[len(prefix) :]
    return word


def stems(text: str) -> set[str]:
    return {stem(w) for w in _WORD.findall(_lower(text)) if len(w) >= MIN_STEM}


@dataclass(frozen=True)
class Aligned:
    """The template's paragraphs and the AI version's, paired where they can be: by the
    placeholders each carries, in order, and between two such anchors by position."""

    pairs: list[tuple[str, str]]  # (template paragraph, AI paragraph)
    moved: bool  # a placeholder is in another paragraph than the template's


def align(template: str, written: str) -> Aligned:
    """Pair the paragraphs of `template` and `written` (both template text)."""
    ours, theirs = paragraphs(template), paragraphs(written)
    anchors_t = [i for i, p in enumerate(ours) if holders(p)]
    anchors_w = [i for i, p in enumerate(theirs) if holders(p)]
    moved = [Counter(holders(ours[i])) for i in anchors_t] != [
        Counter(holders(theirs[i])) for i in anchors_w
    ]
    if moved:
        return Aligned([], True)
    pairs: list[tuple[str, str]] = []
    bounds_t = [-1, *anchors_t, len(ours)]
    bounds_w = [-1, *anchors_w, len(theirs)]
    for k in range(len(bounds_t) - 1):
        if k > 0:
            pairs.append((ours[bounds_t[k]], theirs[bounds_w[k]]))
        between_t = ours[bounds_t[k] + 1 : bounds_t[k + 1]]
        between_w = theirs[bounds_w[k] + 1 : bounds_w[k + 1]]
        if len(between_t) == len(between_w):
            pairs.extend(zip(between_t, between_w, strict=True))
        elif between_t or between_w:  # merged or split paragraphs: compared as one
            pairs.append(("\n\n".join(between_t), "\n\n".join(between_w)))
    return Aligned(pairs, False)


def _order_kept(template: str, written: str) -> bool:
    first_t, first_w = holders(template), holders(written)
    for a, b in CONFUSED:
        if a in first_t and b in first_t and a in first_w and b in first_w:
            if (first_t.index(a) < first_t.index(b)) != (first_w.index(a) < first_w.index(b)):
                return False
    return True


FORMULA_REACH = 3  # words after a "not" that may be a formula of politeness


# "…, ga?", "… atau tidak?": a question's tag, not a "not" ("tanya ada psikotes ga").
_TAG = re.compile(
    r"(?:\batau\s+)?\b(?:ga|gak|gk|nggak|ngga|enggak|engga|ndak|nda|tidak|nggak sih|not)"
    r"\s*(?=\?|,|;|$|\n)",
    re.IGNORECASE | re.MULTILINE,
)


def negations(text: str) -> int:
    """The negations of `text` that say something (not those of a polite formula, nor a
    question's tag)."""
    text = _TAG.sub(" ", PLACEHOLDER.sub(" ", text))
    words = re.findall(r"[^\W\d_]+(?:['-][^\W\d_]+)*", _lower(text))
    lex = lexicon()
    return sum(
        (
            w in lex.negations
            or w.endswith("n't")
            or (w.startswith(("ketidak", "ketak")) and _base_noun(w) not in lex.nouns)
        )
        and not any(n in lex.formulas for n in words[i + 1 : i + 1 + FORMULA_REACH])
        for i, w in enumerate(words)
    )


def _base_noun(word: str) -> str:
    return word.removesuffix("nya")


def _where(text: str, found: re.Pattern[str]) -> str:
    return next((s for s in sentences(text) if found.search(_lower(s))), text)


def meaning_flags(
    template: str, written: str, subjects: tuple[str, str] = ("", "")
) -> tuple[list[Flag], list[Flag]]:
    """(refused, to check) for the body `written` against `template` (template text, the
    woven sentences for the person's points already taken out); `subjects`: the template's
    subject and the answer's, read as one more paragraph."""
    aligned = align(template, written)
    if aligned.moved:
        return [Flag("order")], []
    refused: list[Flag] = []
    check: list[Flag] = []
    pairs = [*aligned.pairs, subjects] if any(subjects) else aligned.pairs
    for before, after in pairs:
        if not _order_kept(before, after):
            refused.append(Flag("order", _first_holder_sentence(after)))
        had, has = negations(before), negations(after)
        if has < had:
            refused.append(Flag("negation", _missing_negation(before)))
        elif has > had:
            check.append(Flag("negation_added", _extra_negation(after, had)))
        refused += _flipped(before, after)
    whole_t, whole_w = f"{subjects[0]}\n{template}", f"{subjects[1]}\n{written}"
    refused += new_formats(whole_t, whole_w)
    check += said_more(whole_t, whole_w)
    check.extend(_dropped(aligned.pairs))
    return refused, check


def new_formats(reference: str, written: str) -> list[Flag]:
    """An interview format `written` names and `reference` does not (nor hints at)."""
    low_r, low_w = _lower(reference), _lower(written)
    return [
        Flag("new_format", _where(written, words))
        for words, known in lexicon().formats.values()
        if words.search(low_w) and not known.search(low_r)
    ]


def _flipped(before: str, after: str) -> list[Flag]:
    """A word turned into its opposite ("jadwal baru" -> "jadwal lama", "before" -> "after"):
    the AI version says the other one where the template had only the first."""
    low_b, low_a = _lower(before), _lower(after)
    found = []
    for one, other in lexicon().antonyms:
        for a, b in ((one, other), (other, one)):
            if a.search(low_b) and not b.search(low_b) and b.search(low_a) and not a.search(low_a):
                found.append(Flag("flipped", _where(after, b)))
    return found


def said_more(reference: str, written: str, *, points: bool = False) -> list[Flag]:
    """What `written` says more often than `reference` of the things to check (a promise, an
    admission, an instruction, "again", a reproach; for the model's sentences about the points,
    also a request the points do not make), each with the sentence it is in."""
    low_r, low_w = _lower(reference), _lower(written)
    kinds = {**lexicon().checks, **(lexicon().point_checks if points else {})}

    def said(pattern: re.Pattern[str], text: str) -> Counter[str]:
        return Counter(m.group(0) for m in pattern.finditer(text))

    found = []
    for kind, pattern in kinds.items():
        extra = said(pattern, low_w) - said(pattern, low_r)
        if extra:
            where = next(
                (s for s in sentences(written) if any(m in _lower(s) for m in extra)), written
            )
            found.append(Flag(kind, where))
    return found


def _first_holder_sentence(text: str) -> str:
    return next((s for s in sentences(text) if holders(s)), "")


def _missing_negation(template: str) -> str:
    """The template sentence whose "not" the AI version lost (told to the model on re-ask)."""
    return next((s for s in sentences(template) if negations(s)), "")


def _extra_negation(written: str, had: int) -> str:
    seen = 0
    for sentence in sentences(written):
        seen += negations(sentence)
        if seen > had:
            return sentence
    return ""


def _dropped(pairs: Sequence[tuple[str, str]]) -> list[Flag]:
    """Template sentences of content (no placeholder to carry them) whose own words (those no
    other sentence of the paragraph has) are all gone from their paragraph in the AI version:
    perhaps dropped, to check. A rewording that merges it with a neighbour keeps some."""
    found: list[Flag] = []
    for before, after in pairs:
        kept = stems(after)
        said = sentences(before)
        for i, sentence in enumerate(said):
            if holders(sentence):  # a placeholder carries it: compared as a placeholder
                continue
            others = set().union(*(stems(s) for j, s in enumerate(said) if j != i))
            own = stems(sentence) - others
            if len(stems(sentence)) >= CONTENT_WORDS and own and not own & kept:
                found.append(Flag("dropped", sentence))
    return found
