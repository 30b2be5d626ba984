"""`python -m followup plan|draft`: the rules core without the web page (see contract.md).

Output is one JSON object on stdout (exit 0). Any invalid input gives exit 2, nothing on stdout
and one line on stderr in the chosen language. Never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn, get_args

from followup.errors import CaseError, FollowupError, InvalidCase, UsageError
from followup.i18n import LANGUAGES, language

if TYPE_CHECKING:
    from followup.models import Case

MAX_CASE_BYTES = 1_000_000  # a case is a few kB; refuse anything absurd before parsing it

EXIT_OK = 0
EXIT_BUG = 1
EXIT_INVALID = 2


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing usage and exiting (we print one line)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError("usage", detail=message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m followup", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    plan = commands.add_parser("plan", help="print the plan of a case as JSON")
    plan.add_argument("case", help="case JSON file, or - for standard input")
    plan.add_argument("--now", help="ISO 8601 time (default: the current time)")
    plan.add_argument("--lang", choices=LANGUAGES, help="language of reasons and messages")
    draft = commands.add_parser("draft", help="print a message draft for one action as JSON")
    draft.add_argument("case", help="case JSON file, or - for standard input")
    from followup.models import ActionId

    actions = get_args(ActionId)
    draft.add_argument("--action", required=True, choices=actions, metavar="ACTION")
    draft.add_argument("--channel", choices=("email", "phone", "whatsapp", "linkedin"))
    draft.add_argument("--tone", choices=("formal", "warm", "concise"), default="formal")
    draft.add_argument("--lang", choices=LANGUAGES, help="language of the message")
    draft.add_argument("--now", help="ISO 8601 time (default: the current time)")
    draft.add_argument("--llm", action="store_true", help="let the AI step reword the template")
    draft.add_argument("--points", help="talking points to weave in (the only text the AI sees)")
    return parser


def _read(path: str, stdin: IO[str]) -> str:
    if path == "-":
        try:
            raw = stdin.read(MAX_CASE_BYTES + 1)
        except (OSError, UnicodeDecodeError):
            raise UsageError("file_unreadable", path="stdin") from None
    else:
        file = Path(path)
        if not file.is_file():
            raise UsageError("file_not_found", path=path)
        try:
            with file.open(encoding="utf-8") as handle:
                raw = handle.read(MAX_CASE_BYTES + 1)
        except (OSError, UnicodeDecodeError):
            raise UsageError("file_unreadable", path=path) from None
    if len(raw) > MAX_CASE_BYTES:
        raise CaseError("input_too_large", limit=MAX_CASE_BYTES // 1000)
    return raw


def _peek_language(raw: str) -> str | None:
    """The case's own language, if it says one, so that errors speak it."""
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    value = data.get("language") if isinstance(data, dict) else None
    return value if value in LANGUAGES else None


def load_case(raw: str) -> Case:
    """Parse and validate a case; raise `CaseError` with a sentence-ready key otherwise."""
    from pydantic import ValidationError

    from followup.models import Case

    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise CaseError("json_invalid", line=exc.lineno, column=exc.colno) from None
    except ValueError:  # e.g. numbers too large to convert
        raise CaseError("json_invalid", line=1, column=1) from None
    if not isinstance(data, dict):
        raise CaseError("not_an_object")
    try:
        return Case.model_validate_json(raw)
    except ValidationError as exc:
        raise InvalidCase(exc) from None


def _parse_now(value: str | None, tz: Any) -> datetime:
    if value is None:
        return datetime.now(tz)  # the edge may read the clock; the rules never do
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError("invalid_now") from None
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)


def _plan(args: argparse.Namespace, raw: str, lang: str, stderr: IO[str]) -> str:
    from followup.rules import evaluate

    case = load_case(raw)
    return evaluate(case, _parse_now(args.now, case.tz), lang=lang).model_dump_json()


def _draft(args: argparse.Namespace, raw: str, lang: str, stderr: IO[str]) -> str:
    from followup.messages import render_draft

    case = load_case(raw)
    now = _parse_now(args.now, case.tz)
    if args.llm:
        from followup import tone

        config = tone.settings()
        client = tone.make_client(config)
        if client is not None:
            return tone.render_with_ai(
                case,
                args.action,
                args.channel,
                args.tone,
                lang,
                args.points,
                now,
                client,
                config.model,
            ).model_dump_json()
        from followup.i18n import text

        stderr.write(text(lang, "error", "llm_not_configured") + "\n")
    draft = render_draft(case, args.action, args.channel, args.tone, lang, args.points, now)
    return draft.model_dump_json()


COMMANDS = {"plan": _plan, "draft": _draft}


def run(argv: Sequence[str], stdin: IO[str], stdout: IO[str], stderr: IO[str]) -> int:
    lang = language(_lang_from_argv(argv))
    try:
        args = _parser().parse_args(list(argv))
        raw = _read(args.case, stdin)
        # Errors speak --lang, else the case's own language, else Indonesian.
        lang = language(args.lang or _peek_language(raw) or lang)
        output = COMMANDS[args.command](args, raw, lang, stderr)
    except FollowupError as exc:
        return _fail(stderr, exc.message(lang), EXIT_INVALID)
    except Exception as exc:  # noqa: BLE001 - last line of defence: one line, no traceback
        return _fail(stderr, f"followup: internal error ({type(exc).__name__})", EXIT_BUG)
    stdout.write(output + "\n")
    return EXIT_OK


def _lang_from_argv(argv: Sequence[str]) -> str | None:
    """`--lang` even when the rest of the command line is invalid."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _fail(stderr: IO[str], sentence: str, code: int) -> int:
    stderr.write(" ".join(sentence.split()) + "\n")  # exactly one line
    return code


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    return run(sys.argv[1:] if argv is None else argv, sys.stdin, sys.stdout, sys.stderr)
