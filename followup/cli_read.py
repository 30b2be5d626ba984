"""`python -m followup read MESSAGE.txt [--case CASE.json] [--now ISO] [--lang id|en] [--llm]`:
what a company's message says, as a proposal (contract.md; `followup.reader`). Nothing is
saved. Empty, oversized (> 20 kB) or unreadable input: exit 2 and one sentence."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from followup.i18n import LANGUAGES

if TYPE_CHECKING:
    from followup.models import Case


def add_parser(commands: Any) -> None:
    read = commands.add_parser("read", help="read a company's message into a proposed change")
    read.add_argument("message", help="the message as a text file, or - for standard input")
    read.add_argument("--case", help="the case JSON file the message is about (a move)")
    read.add_argument("--now", help="ISO 8601 time the message came (default: now)")
    read.add_argument("--lang", choices=LANGUAGES, help="language of the error sentences")
    read.add_argument(
        "--llm",
        action="store_true",
        help="let the AI model read it too (OPENAI_API_KEY or OPENAI_BASE_URL; its facts are "
        "kept only where the message says them)",
    )


def run(
    args: argparse.Namespace,
    stdin: IO[str],
    stderr: IO[str],
    lang: str,
    case: Case | None,
    now: Callable[[ZoneInfo], datetime],
) -> str:
    """The proposal as JSON. `case`: the one `--case` names (read by the CLI); `now(zone)`:
    `--now` in that zone."""
    from followup.cli_files import read_limited
    from followup.reader import MAX_BYTES, read_message

    raw = read_limited(args.message, stdin, MAX_BYTES)
    zone, stage, start = "Asia/Jakarta", None, None
    if case is not None:
        zone, stage = case.timezone, case.stage
        start = case.interview.start if case.interview is not None else None
    about: dict[str, Any] = {"zone": zone, "stage": stage, "case_start": start}
    moment = now(ZoneInfo(zone))
    if args.llm:
        from followup.desk import ai
        from followup.i18n import text

        config = ai.settings()
        if config.configured:
            from followup.reader.model import read_with_model

            return read_with_model(raw, moment, config, **about).model_dump_json()
        stderr.write(text(lang, "error", "read_llm_not_configured") + "\n")
    proposal = read_message(raw, moment, **about)
    return proposal.model_dump_json()
