"""The facts of an AI rewording (pure): it must add nothing a reader could act on.

- no link, web or e-mail address in any spelling (`hire-me.dev`, `evil。com`, `bob at gmail dot
  com`, `javascript:`), no phone number, no place or street;
- no digit, number word, day, month, part of the day or span of time ("pekan depan", "jam tiga
  sore", "a fortnight", "in May", "dua-tiga hari") that the template lacks;
- no intent the template does not carry (withdrawing, declining, accepting, a condition,
  salary, another date, cancelling, another offer) and no talk about instructions (an echoed
  injection);
- no capitalised name or word that is neither in the template, nor in the talking points, nor
  a common word of the language;
- the requested language, by the share of its common words (a minimum, and more than the other
  language's; a tie is a failure, never a default), sentence by sentence too;
- no markdown, HTML or stray brackets, the line layout of block placeholders, and a length
  within half to twice the template's.

The lexicons are data: `followup/data/guard.toml`. `fact_flags` returns every failure, each
with the sentence where it was found (the keys are sentences of the [guard] locale section).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from followup.guard.lexicon import (
    CLITICS,
    LABEL,
    WORD,
    _strip,
    _words,
    data,
    lexicon,
    normalise,
    sentences,
)
from followup.templates import BLOCKS, PLACEHOLDER

MIN_RATIO, MAX_RATIO = 0.5, 2.0
# The requested language's common words must be at least this share of all words (the
# approved templates are at 0.45 or more) and outnumber the other language's.
MIN_SHARE = 0.25
# A sentence this long must have more common words of the requested language than of the
# other one; a shorter one ("Salam hangat,") fails only when it is clearly the other language.
SENTENCE_WORDS = 4

# The AI step's own reasons (the service, not the answer).
SERVICE_REASONS = ("bad_answer", "unavailable", "refused", "paused")

_DIGITS = re.compile(r"\d+")
_JUNK = re.compile(r"[*_`~#\[\]{}<>|\\]")  # markdown, HTML, stray brackets
_EMAIL = re.compile(r"[\w.+-]+\s*@\s*[\w-]+")
_PHONE = re.compile(r"\+?\d[\d\s().-]{6,}\d")
_SCHEME_SLASHES = re.compile(r"[a-z][a-z0-9+.-]*\s*:\s*/\s*/")
_DATA_URL = re.compile(r"\bdata\s*:\s*[a-z]+/")
_WWW = re.compile(r"\bwww\b")
_DOMAIN = re.compile(rf"(?<![\w.-]){LABEL}(?:\.{LABEL})*\.[a-z][a-z0-9-]*[a-z0-9](?![\w-])")
_AMPM = re.compile(r"(?<![\w.])[ap]\s?\.\s?m\b\.?")


def _layout_ok(body: str) -> bool:
    for line in body.splitlines():
        for name in BLOCKS & set(PLACEHOLDER.findall(line)):
            if line.strip() != f"{{{{{name}}}}}":
                return False
    return True


def _contacts(written: str, template: str) -> bool:
    """An e-mail address, an "@", a spelled "bob at gmail dot com" or a phone number."""
    if "@" in written and "@" not in template:
        return True
    if lexicon().spelled_email.search(written.lower()):
        return True
    said = {w.lower() for w in _words(written)} - {w.lower() for w in _words(template)}
    if said & lexicon().platforms:  # "on github under rinads"
        return True
    return any(len(re.sub(r"\D", "", p)) >= 7 for p in _PHONE.findall(written))


def _links(written: str) -> bool:
    lower = written.lower()
    lex = lexicon()
    return bool(
        _SCHEME_SLASHES.search(lower)
        or lex.schemes.search(lower)
        or _DATA_URL.search(lower)
        or _WWW.search(lower)
        or _DOMAIN.search(lower)
        or lex.spelled_domain.search(lower)
        or lex.spaced_domain.search(written)  # case kept: "team. Co-workers" is a sentence
    )


def base(word: str) -> str:
    """An Indonesian word without its clitic ("besoknya" -> "besok")."""
    for clitic in CLITICS:
        if word.endswith(clitic) and len(word) - len(clitic) >= 3:
            return word[: -len(clitic)]
    return word


def _time_words(written_units: Sequence[str], template: str) -> bool:
    """A number, day, month, part of the day or span of time that the template lacks."""
    lex = lexicon()
    known = [w.lower() for w in _words(template)]
    known_set = set(known) | {base(w) for w in known}
    known_text = f" {' '.join(known)} "
    exact_known = set(_words(template))
    for unit in written_units:
        original = _words(unit)
        said = f" {' '.join(w.lower() for w in original)} "
        for exception in lex.time_exceptions:  # "salah satu" says no number
            said = said.replace(exception, " ")
        for token in said.split():
            for form in (token, base(token), token.removesuffix("'s"), *token.split("-")):
                if form in lex.time_words and form not in known_set:
                    return True
        if any(p in said and p not in known_text for p in lex.time_phrases):
            return True
        if any(w in lex.time_cased and w not in exact_known for w in original[1:]):
            return True
    return False


NEGATION_REACH = 3  # words before an intent that turn it round ("tidak menerima tawaran")


def _said_intent(pattern: re.Pattern[str], text: str) -> list[str]:
    """The intent's phrases in `text` (lower case) that are not negated: "saya memutuskan untuk
    tidak menerima tawaran" does not accept, so a template saying it lets no acceptance in."""
    negations = negation_words()
    found = []
    for match in pattern.finditer(text):
        before = WORD.findall(text[: match.start()])[-NEGATION_REACH:]
        if not any(w in negations or w.endswith("n't") for w in before):
            found.append(match.group(0))
    return found


def _intent(written: str, template: str) -> str | None:
    """An intent the template does not carry (each kind on its own: "another company" in the
    template does not let "…which made me an offer" through)."""
    written, template = written.lower(), template.lower()
    for kind, pattern in lexicon().intents.items():
        if _said_intent(pattern, written) and not _said_intent(pattern, template):
            return "injection" if kind == "injection" else "new_intent"
    return None


def intent_of(written: str, template: str) -> str | None:
    """The key of an intent `written` carries and `template` does not ("new_intent",
    "injection"), else None."""
    return _intent(written, template)


@lru_cache(maxsize=1)
def negation_words() -> frozenset[str]:
    """The words that say "not" ([negation] of guard.toml)."""
    raw = data()
    return frozenset(raw["negation"]["id"] + raw["negation"]["en"])


def _intent_where(units: Sequence[str], template: str) -> str:
    """The sentence with an intent phrase the template does not have, else the first one with
    an intent at all."""
    said = {m for p in lexicon().intents.values() for m in _said_intent(p, template.lower())}
    for unit in units:
        for pattern in lexicon().intents.values():
            if any(m not in said for m in _said_intent(pattern, unit.lower())):
                return unit
    return ""


def _new_names(units: Sequence[tuple[str, bool]], allowed: set[str]) -> bool:
    """A capitalised word that is neither known nor, opening a sentence, a common word.
    `units` are (text, title): in a title (the subject) every capital counts as an opening;
    after ":" or an opening quote or bracket a capital may open again."""
    lex = lexicon()
    common = lex.common["id"] | lex.common["en"]
    for unit, title in units:
        for piece in re.split(r"(?<=:)\s|[\"“(]", unit):
            for i, word in enumerate(_words(piece)):
                if not any(ch.isupper() for ch in word):
                    continue
                low = word.lower()
                if low in allowed or low in lex.capitalised:
                    continue
                opening = title or i == 0
                if opening and all(_plain(p, common | allowed) for p in low.split("-")):
                    continue
                if opening and _reduplicated(low):
                    continue
                return True
    return False


# Endings of derived words (Indonesian and English) that names rarely have: a sentence may
# open with any such word ("Sekalian", "Setelahnya", "Rescheduling"); "-wan"/"-wati" are
# endings of names ("Setiawan", "Kurniawati").
_DERIVED = ("nya", "kan", "lah", "kah", "pun", "an", "ing", "ly", "ed", "tion", "ment", "ness")
_NAME_ENDINGS = ("wan", "wati")


def _plain(word: str, known: set[str] | frozenset[str]) -> bool:
    """A word that opens a sentence as an ordinary word, not a name: a common or known word
    (also without its clitic), or a derived word."""
    if word in known or base(word) in known:
        return True
    word = word.removesuffix("s")  # "Congratulations"
    return word.endswith(_DERIVED) and not word.endswith(_NAME_ENDINGS) and len(word) >= 6


def _reduplicated(word: str) -> bool:
    """ "Kira-kira", "Mudah-mudahan": an Indonesian repeated word, never a name."""
    parts = word.split("-")
    return len(parts) == 2 and parts[1].startswith(parts[0][:4])


def _latin_only(text: str) -> bool:
    return text.isascii() or all(
        ch.isascii() or not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN")
        for ch in text
    )


def language_ok(units: Sequence[str], language: str) -> bool:
    lex = lexicon()
    own = lex.common[language]
    other = lex.common["en" if language == "id" else "id"]
    total = own_hits = other_hits = 0
    for unit in units:
        words = [w.lower() for w in _words(unit)]
        mine = sum(w in own for w in words)
        theirs = sum(w in other for w in words)
        if len(words) >= SENTENCE_WORDS and mine <= theirs:
            return False
        if theirs >= 2 and theirs > mine:
            return False
        total, own_hits, other_hits = total + len(words), own_hits + mine, other_hits + theirs
    if total == 0:
        return True
    return own_hits / total >= MIN_SHARE and own_hits > other_hits


@dataclass(frozen=True)
class Flag:
    """One thing the guard found: the key of its sentence in the [guard] locale section, and
    where (a sentence of the AI version, template text with its placeholders; "" when it is
    about the whole answer)."""

    key: str
    where: str = ""


def _first(units: Sequence[str], found: Callable[[str], bool]) -> str:
    """The first unit (sentence) where `found` holds, else ""."""
    return next((u for u in units if found(u)), "")


def fact_flags(
    template_subject: str | None,
    template_body: str,
    subject: str | None,
    body: str,
    talking_points: str | None,
    language: str,
) -> list[Flag]:
    """Every fact the rewording adds or breaks (the template is the approved text): contact
    details, links, places, numbers and time words, intents, markup, another language, new
    names, the layout of block placeholders and the length. Placeholders are compared by the
    caller (per paragraph). `talking_points` are the points as the model received them: words
    from them may appear (a tool the user named)."""
    template = normalise(_strip(f"{template_subject or ''}\n{template_body}"))
    written = normalise(_strip(f"{subject or ''}\n{body}"))
    units = [normalise(_strip(u)) for u in ([subject] if subject else [])] + [
        normalise(_strip(s)) for s in sentences(body)
    ]
    flags: list[Flag] = []

    def add(key: str, found: Callable[[str], bool], whole: bool = True) -> None:
        where = _first(units, found)
        if where or (whole and found(written)):
            flags.append(Flag(key, where))

    add("new_contact", lambda text: _contacts(text, template))
    add("new_link", _links)
    template_words = {w.lower() for w in _words(template)}
    places = lexicon().places - template_words
    add("new_place", lambda text: bool({w.lower() for w in _words(text)} & places))
    digits = set(_DIGITS.findall(template))
    ampm = bool(_AMPM.search(template.lower()))
    add(
        "changed_number",
        lambda text: (
            bool(set(_DIGITS.findall(text)) - digits)
            or (bool(_AMPM.search(text.lower())) and not ampm)
        ),
    )
    if not any(f.key == "changed_number" for f in flags):  # a time word, read per sentence
        add("changed_number", lambda text: _time_words([text], template), whole=False)
    intent = _intent(written, template)
    if intent is not None:
        flags.append(Flag(intent, _intent_where(units, template)))
    add("junk", lambda text: bool(_JUNK.search(text)))
    register = lexicon().register - template_words
    if (
        not _latin_only(written)
        or not language_ok(units, language)
        or ({w.lower() for w in _words(written)} & register)
    ):
        flags.append(Flag("language", _first(units, lambda u: not language_ok([u], language))))
    points = normalise(_strip(talking_points or ""))
    allowed = template_words | {w.lower() for w in _words(points)}
    allowed |= {part for w in allowed for part in w.split("-")}
    titled = [(u, i == 0 and subject is not None) for i, u in enumerate(units)]
    honorifics = lexicon().honorifics - template_words
    if _new_names(titled, allowed) or {w.lower() for w in _words(written)} & honorifics:
        flags.append(
            Flag(
                "new_name",
                _first(
                    units,
                    lambda u: (
                        _new_names([(u, False)], allowed)
                        or bool({w.lower() for w in _words(u)} & honorifics)
                    ),
                ),
            )
        )
    if not _layout_ok(body):
        flags.append(Flag("layout"))
    ratio = len(_strip(body).strip()) / max(1, len(_strip(template_body).strip()))
    if not MIN_RATIO <= ratio <= MAX_RATIO:
        flags.append(Flag("length"))
    return flags
