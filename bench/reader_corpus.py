"""Issue 27: the message reader on its corpus (`tests/data/messages.toml`: WhatsApp and e-mail,
Indonesian and English, formal and casual, each with its expected reading, written without
looking at the reader). Accuracy per field, and the facts it proposed that the message does not
contain (must be none)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.common import Result

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "messages.toml"
HELD_OUT = CORPUS.with_name("messages_heldout.toml")  # never tuned on: the blind figure
FIELDS = (
    "kind",
    "start",
    "company",
    "position",
    "format",
    "location",
    "contact_name",
    "salutation",
    "new_reply_by",
    "answer_by",
)


def messages(corpus: Path = CORPUS) -> list[dict[str, Any]]:
    with corpus.open("rb") as handle:
        return list(tomllib.load(handle)["message"])


def normal(value: str) -> str:
    value = unicodedata.normalize("NFKC", value).casefold()
    return re.sub(r"[\s.,;:]+", " ", value).strip()


@dataclass
class Score:
    right: dict[str, int] = field(default_factory=dict)
    asked: dict[str, int] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)  # "id field: expected != got"
    invented: list[str] = field(default_factory=list)  # facts not in the message

    def rate(self, name: str) -> float:
        return self.right.get(name, 0) / self.asked[name] if self.asked.get(name) else 1.0


def got(proposal: Any) -> dict[str, Any]:
    case, event = proposal.case, proposal.event or {}
    interview = case.get("interview") or {}
    contact = case.get("contact") or {}
    return {
        "kind": proposal.kind,
        "start": interview.get("start"),
        "company": case.get("company"),
        "position": case.get("position"),
        "format": interview.get("format"),
        "location": interview.get("location"),
        "contact_name": contact.get("name"),
        "salutation": contact.get("salutation"),
        "new_reply_by": event.get("new_reply_by"),
        "answer_by": (case.get("offer") or {}).get("answer_by"),
    }


def same(name: str, expected: Any, found: Any) -> bool:
    if found is None:
        return False
    if name == "start":
        return datetime.fromisoformat(str(expected)) == datetime.fromisoformat(str(found))
    if name in ("company", "position", "location", "contact_name"):
        return normal(str(expected)) == normal(str(found))
    return str(expected) == str(found)


def score(read: Any, corpus: Path = CORPUS) -> Score:
    """`read(message) -> Proposal` over the corpus."""
    result = Score()
    for message in messages(corpus):
        proposal = read(message)
        found = got(proposal)
        expected = message["expect"]
        for name in FIELDS:
            if name not in expected:
                continue
            result.asked[name] = result.asked.get(name, 0) + 1
            if same(name, expected[name], found[name]):
                result.right[name] = result.right.get(name, 0) + 1
            else:
                result.wrong.append(
                    f"{message['id']} {name}: {expected[name]!r} != {found[name]!r}"
                )
        text = normal(message["text"])
        for name in ("company", "position", "location", "contact_name"):
            value = found[name]
            if value and normal(str(value)) not in text:
                result.invented.append(f"{message['id']} {name}: {value!r}")
    return result


def reader(message: dict[str, Any]) -> Any:
    from followup.reader import read_message

    start = message.get("case_start")
    return read_message(
        message["text"],
        datetime.fromisoformat(message["now"]),
        stage=message.get("case_stage"),
        case_start=datetime.fromisoformat(start) if start else None,
    )


HOSTILE = (  # 20 kB shapes that once took minutes to hours (backtracking, every date x every date)
    "Subject:" + " " * 19000,
    "\n" * 19990 + "x",
    " \n" * 9995 + "x",
    "A" * 19990,
    "as " + "A" * 19990,
    "1 Nov " * 3300,
    "di " + "1-1-" * 4990,
    "Subject: " + "re: " * 4990,
)


def hostile_worst_s() -> float:
    """The slowest reading of a hostile 20 kB message, in seconds."""
    import time

    from followup.reader import read_message

    now = datetime.fromisoformat("2026-11-20T09:15:00+07:00")
    worst = 0.0
    for text in HOSTILE:
        started = time.perf_counter()
        read_message(text, now)
        worst = max(worst, time.perf_counter() - started)
    return worst


TARGETS = {"kind": 0.95, "start": 0.95, "company": 0.85, "position": 0.85}
ZONE_NAMES = {7: "WIB", 8: "WITA", 9: "WIT"}


def model_answer(message: dict[str, Any]) -> dict[str, Any]:
    """A loopback model's answer for `message`: the corpus's expected reading, plus an
    invention wherever the message says nothing (a company, a position, a contact) — what
    the check must drop."""
    expected = message["expect"]
    start = datetime.fromisoformat(expected["start"]) if "start" in expected else None
    offset = start.utcoffset() if start is not None else None
    hours = int(offset.total_seconds() // 3600) if offset is not None else 7
    return {
        "kind": expected["kind"],
        "company": expected.get("company", "PT Rekaan Model"),
        "position": expected.get("position", "Manajer Fiktif"),
        "start_date": start.date().isoformat() if start else None,
        "start_time": start.strftime("%H:%M") if start else None,
        "zone": ZONE_NAMES.get(hours) if start else None,
        "format": expected.get("format"),
        "location": expected.get("location"),
        "contact_name": expected.get("contact_name", "Bapak Karangan"),
        "salutation": expected.get("salutation"),
        "reply_by": expected.get("new_reply_by") or expected.get("answer_by"),
    }


def with_model(corpus: Path = CORPUS) -> Score:
    """The corpus read with a loopback model that answers the expected reading plus
    inventions: what the check keeps, and that it keeps no invention."""
    from bench.openai_server import running
    from followup.reader.model import read_with_model
    from followup.tone import Settings

    def key(text: str) -> str:  # (the message as the reader sends it: NFKC, one kind of newline)
        return unicodedata.normalize("NFKC", text).replace("\r\n", "\n")

    by_text = {key(m["text"]): m for m in messages(corpus)}
    with running() as server:
        server.answer_with(lambda request: model_answer(by_text[key(request["message"])]))
        config = Settings(base_url=server.url, timeout_s=5)

        def read(message: dict[str, Any]) -> Any:
            start = message.get("case_start")
            return read_with_model(
                message["text"],
                datetime.fromisoformat(message["now"]),
                config,
                stage=message.get("case_stage"),
                case_start=datetime.fromisoformat(start) if start else None,
            )

        return score(read, corpus)


def run() -> list[Result]:
    result = score(reader)
    rows = []
    for name in FIELDS:
        if not result.asked.get(name):
            continue
        rate = result.rate(name)
        target = TARGETS.get(name)
        rows.append(
            Result(
                f"reader.{name}_accuracy",
                round(100 * rate, 1),
                "%",
                f"≥ {round(100 * target)} %" if target else f"of {result.asked[name]}",
                rate >= target if target else None,
            )
        )
    rows.append(Result("reader.invented_facts", len(result.invented), "", "0", not result.invented))
    held = score(reader, HELD_OUT)
    for name in ("kind", "start", "company", "position"):
        rows.append(
            Result(
                f"reader.heldout_{name}_accuracy", round(100 * held.rate(name), 1), "%", "", None
            )
        )
    modelled = with_model()
    for name in ("kind", "start", "company", "position", "contact_name"):
        rows.append(
            Result(
                f"reader.with_model_{name}_accuracy",
                round(100 * modelled.rate(name), 1),
                "%",
                "",
                None,
            )
        )
    rows.append(
        Result(
            "reader.with_model_inventions_kept",
            len(modelled.invented),
            "",
            "0",
            not modelled.invented,
        )
    )
    rows.append(
        Result("reader.corpus_messages", len(messages()), "", "≥ 60", len(messages()) >= 60)
    )
    worst = hostile_worst_s()
    rows.append(Result("reader.hostile_worst_s", round(worst, 2), "s", "≤ 1", worst <= 1.0))
    return rows


if __name__ == "__main__":
    import sys

    corpus = HELD_OUT if sys.argv[1:] == ["heldout"] else CORPUS
    scored = score(reader, corpus)
    for name in FIELDS:
        if scored.asked.get(name):
            print(f"{name}: {100 * scored.rate(name):.1f} % of {scored.asked[name]}")
    print("\n".join(scored.wrong))
    print("invented:", scored.invented)
