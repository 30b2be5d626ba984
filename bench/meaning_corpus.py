"""The guard's meaning corpus (issue 24): answers a careful model would give, and answers that
each make one change a careful reader would object to, for frozen copies of approved
templates (so a later edit of prompts/templates/ does not change what is measured).

- bench/data/corpus_honest.toml: natural rewordings (sentences merged, split, reordered, and
  the person's points woven into sentences of the model's own): the guard must use them;
- bench/data/corpus_dishonest.toml: one-change lies of every class of issue 24 (a removed
  "tidak", a new promise, an admission, an instruction, a withdrawal, a format word, "thanks
  again", a dropped sentence, swapped facts, points pasted or given a fact of their own…):
  the guard must refuse each or show it as "check this", never use it silently;
- bench/data/corpus_heldout.toml and corpus_blind.toml: both kinds, each written afterwards by
  someone who had not seen the guard, to measure what it does on answers it was not tuned on
  (their first measurements are in docs/ai-guard.md; the guard was then improved on the classes
  they found, so only a new blind corpus measures it blind again).

`rates` prints the shares for `make bench`; tests/guard/test_meaning_corpus.py holds the
targets and runs the answers through the loopback model too.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from followup.guard import Verdict, review
from followup.templates import Template

DATA = Path(__file__).parent / "data"
FILES = (
    "corpus_honest.toml",
    "corpus_dishonest.toml",
    "corpus_heldout.toml",
    "corpus_blind.toml",
)


@dataclass(frozen=True)
class Answer:
    """One answer of the corpus, for its frozen template."""

    id: str
    honest: bool
    template: Template  # as the model was asked for it (the tone asked)
    subject: str | None
    body: str
    points: str | None
    kind: str  # how it was written (honest) or which lie it tells
    source: str  # the corpus file

    def verdict(self) -> Verdict:
        t = self.template
        return review(t.subject, t.body, self.subject, self.body, self.points, t.language)

    def reply(self, _request: object) -> dict[str, str | None]:
        """The loopback model's answer: this one."""
        return {"subject": self.subject, "body": self.body}


def _template(key: str, fields: dict[str, str], tone: str) -> Template:
    *action, lang, channel, _tone = key.split(".")  # "thank_you.recruiter.id.email.formal"
    return Template(
        ".".join(action), lang, channel, tone, fields.get("subject"), fields["body"].strip()
    )


def load(name: str) -> list[Answer]:
    path = DATA / name
    if not path.exists():
        return []
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    found: list[Answer] = []
    for honest, entries in ((True, raw.get("honest", [])), (False, raw.get("dishonest", []))):
        for entry in entries:
            found.append(
                Answer(
                    entry["id"],
                    honest,
                    _template(
                        entry["template"], raw["templates"][entry["template"]], entry["tone"]
                    ),
                    entry.get("subject"),
                    entry["body"].strip(),
                    entry.get("points"),
                    entry.get("how") or entry.get("lie") or "",
                    name,
                )
            )
    return found


def corpus() -> list[Answer]:
    return [a for name in FILES for a in load(name)]


@dataclass(frozen=True)
class Rates:
    honest: int
    honest_used: int  # used on the first answer
    honest_flagged: int  # used, with something to check
    dishonest: int
    silent: int  # used with nothing to check: a lie let through
    silent_ids: tuple[str, ...]

    @property
    def honest_share(self) -> float:
        return 100 * self.honest_used / max(1, self.honest)

    @property
    def silent_share(self) -> float:
        return 100 * self.silent / max(1, self.dishonest)


def rates(answers: list[Answer]) -> Rates:
    honest = [a for a in answers if a.honest]
    lies = [a for a in answers if not a.honest]
    verdicts = {a.id: a.verdict() for a in answers}
    silent = [a.id for a in lies if not verdicts[a.id].refused and not verdicts[a.id].check]
    return Rates(
        len(honest),
        sum(not verdicts[a.id].refused for a in honest),
        sum(not verdicts[a.id].refused and bool(verdicts[a.id].check) for a in honest),
        len(lies),
        len(silent),
        tuple(silent),
    )
