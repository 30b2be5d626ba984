"""The guard on an AI rewording of a template (pure).

The model sees the template with its `{{placeholders}}`, never the user's data, and the facts
are filled in only after this guard passes. It reads meaning, not layout (issue 24):

- the facts stay the template's: every placeholder as often as sent, each in its paragraph,
  easily confused pairs in their order (`meaning.align`); nothing a reader could act on added
  (links, contact details, places, numbers and time words, names, intents: `facts`);
- the meaning stays: no "tidak" lost, no interview format invented (refused); a new promise, an
  admission, an instruction to the reader, "thanks again", a reproach, an added "not" or a
  template sentence that seems gone are shown to the person as "check this" (`meaning`);
- the person's points are the model's to write, in one or two sentences where
  `{{talking_points}}` stood, saying every fact of the points and no other (`woven`).

`review` returns a `Verdict` with every failure and every item to check; `check` is the first
failure's key (or None), for callers that only need a yes or no.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from followup.guard.facts import SERVICE_REASONS, Flag, fact_flags
from followup.guard.lexicon import lexicon, normalise, sentences
from followup.guard.meaning import meaning_flags, said_more
from followup.guard.woven import missing_words, split, woven_flags
from followup.templates import PLACEHOLDER

__all__ = [
    "CHECKS",
    "REASONS",
    "SERVICE_REASONS",
    "Flag",
    "Verdict",
    "check",
    "lexicon",
    "normalise",
    "review",
    "sentences",
]

# Every key a refusal can carry, in the order the checks run; plus the AI step's own.
REASONS = (
    "subject",
    "placeholders",
    "points_place",
    "new_contact",
    "new_link",
    "new_place",
    "changed_number",
    "injection",
    "new_intent",
    "junk",
    "language",
    "new_name",
    "layout",
    "length",
    "order",
    "negation",
    "flipped",
    "new_format",
    "points_shape",
    "points_changed",
    "points_lost",
    "points_pasted",
)
# Every key of an item to check before sending.
CHECKS = (
    "negation_added",
    "commitment",
    "admission",
    "instruction",
    "again",
    "reproach",
    "request",
    "dropped",
    "points_missing",
)


@dataclass(frozen=True)
class Verdict:
    """What the guard found. `refused`: every reason not to use the answer (empty: it may be
    used); `check`: what the person should read before sending; `woven`: the model's own
    sentences for the points (template text), when it wrote them."""

    refused: tuple[Flag, ...] = ()
    check: tuple[Flag, ...] = ()
    woven: str | None = None

    @property
    def reason(self) -> str | None:
        return self.refused[0].key if self.refused else None


def review(
    template_subject: str | None,
    template_body: str,
    subject: str | None,
    body: str,
    talking_points: str | None,
    language: str,
) -> Verdict:
    """Every reason to refuse the rewording and every item to check. `talking_points` are the
    points as the model received them (redacted): the woven sentences may say their facts, and
    only theirs; the rest of the answer may use their words (a tool the user named) but none
    of their numbers, dates, links or intents."""
    if (template_subject is None) != (subject is None or subject == ""):
        return Verdict((Flag("subject"),))
    subject = subject or None
    parts = split(template_body, body, talking_points)
    if parts is None:
        return Verdict((Flag("points_place"),))
    rest = parts.body
    for original, new in ((template_subject or "", subject or ""), (template_body, rest)):
        if Counter(PLACEHOLDER.findall(original)) != Counter(PLACEHOLDER.findall(new)):
            return Verdict((Flag("placeholders"),))
    # the rest may use the points' words, not their facts: checked without the points' facts
    refused = fact_flags(template_subject, template_body, subject, rest, talking_points, language)
    meant, to_check = meaning_flags(template_body, rest, (template_subject or "", subject or ""))
    refused += meant
    if parts.woven is not None and talking_points:
        refused += woven_flags(parts.woven, talking_points, template_body, language)
        # the points' own promise or request is theirs to make; one the model adds is shown
        to_check += said_more(talking_points, parts.woven, points=True)
        if missing := missing_words(parts.woven, talking_points):
            to_check.append(Flag("points_missing", ", ".join(missing)))
    order = {key: i for i, key in enumerate(REASONS)}
    refused.sort(key=lambda f: order.get(f.key, len(order)))
    unique = tuple(dict.fromkeys(refused))
    return Verdict(unique, tuple(dict.fromkeys(to_check)), parts.woven)


def check(
    template_subject: str | None,
    template_body: str,
    subject: str | None,
    body: str,
    talking_points: str | None,
    language: str,
) -> str | None:
    """The first reason to refuse the rewording, or None when it may be used."""
    return review(template_subject, template_body, subject, body, talking_points, language).reason
