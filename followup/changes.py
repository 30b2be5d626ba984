"""What the AI step changed: a word-level difference between the template draft and the AI
version (pure).

A word is a run of non-space characters, so punctuation travels with its word. A change is one
run of words the AI version put in place of another run of the template's (either may be
empty), located by the index of its first word in the AI version (`at`), so the page can mark
the added words in the text the person reads and the CLI can print them.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Literal

from pydantic import BaseModel, ConfigDict

Part = Literal["subject", "body"]


class Change(BaseModel):
    """One changed run of words: `removed` (template) became `added` (AI version)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    field: Part
    at: int  # index of the first added word among the AI version's words (or where it goes)
    removed: str
    added: str


def words(text: str) -> list[str]:
    """The words of a text as the difference counts them."""
    return text.split()


def word_changes(before: str, after: str, field: Part = "body") -> list[Change]:
    """The runs of words that differ between `before` (template) and `after` (AI version)."""
    old, new = words(before), words(after)
    matcher = SequenceMatcher(a=old, b=new, autojunk=False)
    return [
        Change(
            field=field,
            at=j1,
            removed=" ".join(old[i1:i2]),
            added=" ".join(new[j1:j2]),
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def draft_changes(
    template_subject: str | None, template_body: str, subject: str | None, body: str
) -> list[Change]:
    """Every change of the subject, then of the body."""
    found: list[Change] = []
    if template_subject is not None or subject is not None:
        found += word_changes(template_subject or "", subject or "", "subject")
    return found + word_changes(template_body, body, "body")


def marked(text: str, changes: list[Change], field: Part = "body") -> list[list[tuple[str, str]]]:
    """`text` (the AI version) as lines of (kind, words) runs, kind "same", "added" or
    "removed" (the template's words that were replaced, placed where they stood)."""
    added: dict[int, int] = {}
    removed: dict[int, str] = {}
    for change in changes:
        if change.field != field:
            continue
        if change.added:
            count = len(words(change.added))
            for index in range(change.at, change.at + count):
                added[index] = 1
        if change.removed:
            removed[change.at] = change.removed
    lines: list[list[tuple[str, str]]] = []
    index = 0
    for line in text.split("\n"):
        runs: list[tuple[str, str]] = []
        for word in line.split():
            if index in removed:
                runs.append(("removed", removed.pop(index)))
            kind = "added" if index in added else "same"
            if runs and runs[-1][0] == kind and kind != "removed":
                runs[-1] = (kind, f"{runs[-1][1]} {word}")
            else:
                runs.append((kind, word))
            index += 1
        lines.append(runs)
    if removed and lines:  # words removed at the very end
        lines[-1].extend(("removed", gone) for gone in removed.values())
    return lines
