"""`python -m followup plan|draft|history|read`: the rules core and the history without the web
page (see contract.md; `history` lives in `followup.cli_history`, `read` in `followup.cli_read`).

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
from followup.limits import plausible

if TYPE_CHECKING:
    from followup.desk import Desk
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
    from followup.models import DRAFT_CHANNELS, TONES, ActionId

    actions = get_args(ActionId)
    draft.add_argument("--action", required=True, choices=actions, metavar="ACTION")
    draft.add_argument("--channel", choices=DRAFT_CHANNELS)
    draft.add_argument("--tone", choices=TONES, default="formal")
    draft.add_argument("--lang", choices=LANGUAGES, help="language of the message")
    draft.add_argument("--now", help="ISO 8601 time (default: the current time)")
    draft.add_argument("--llm", action="store_true", help="let the AI step reword the template")
    draft.add_argument("--points", help="talking points to weave in (the only text the AI sees)")
    draft.add_argument(
        "--target", type=int, help="the other interview a message is about (its index)"
    )
    draft.add_argument("--discussed", help="one thing discussed in the interview (a thank-you)")
    draft.add_argument(
        "--interviewer",
        help="a thank-you through a recruiter: the separate one to the interviewer, by name "
        "(with Bapak/Ibu when known)",
    )
    draft.add_argument(
        "--lebaran",
        action="store_true",
        help="open with a Lebaran greeting (added only in Syawal, in the first message since "
        "Idul Fitri, to an e-mail or WhatsApp message)",
    )
    from followup import cli_history, cli_read

    cli_history.add_parser(commands, _Parser)
    cli_read.add_parser(commands)
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
    except (ValueError, RecursionError):  # (200,000 nested brackets are not a case either)
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
    except (ValueError, RecursionError):  # numbers too large to convert, nesting too deep
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
    if not plausible(moment):  # (9999-12-31T23:00+00:00 is year 10000 in Jakarta)
        raise UsageError("date_out_of_range", "--now")
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)


def _desk(raw: str, now: str | None, lang: str) -> Desk:
    """The Desk of the one case on the command line (nothing is stored)."""
    from followup.desk import Desk

    case = load_case(raw)
    return Desk.alone(case, _parse_now(now, case.tz), lang)


def _plan(args: argparse.Namespace, raw: str, lang: str, stderr: IO[str]) -> str:
    from followup.desk import ALONE

    return _desk(raw, args.now, lang).plan(ALONE).model_dump_json()


def _draft(args: argparse.Namespace, raw: str, lang: str, stderr: IO[str]) -> str:
    from followup.desk import ALONE, DraftOptions

    desk = _desk(raw, args.now, lang)
    options = DraftOptions(
        args.channel,
        args.tone,
        lang,
        args.points,
        target=args.target,
        discussed=args.discussed,
        lebaran=args.lebaran,
        interviewer=args.interviewer,
    )
    if not args.llm:
        return desk.draft(ALONE, args.action, options).model_dump_json()
    from followup.desk import ai

    rewriter = ai.rewriter(ai.settings())
    if rewriter is None:
        from followup.desk import text

        stderr.write(text(lang, "error", "llm_not_configured") + "\n")
    draft = desk.draft(ALONE, args.action, options, rewriter)
    # `--llm` adds what the AI version changed: [{"field", "at", "removed", "added"}, …], and
    # what to read before sending it: [{"text", "why"}, …] (contract.md, issue 24)
    output = {
        **draft.model_dump(mode="json"),
        "changes": [c.model_dump() for c in draft.changes],
        "check": [c.model_dump() for c in draft.check],
    }
    return json.dumps(output, ensure_ascii=False)


COMMANDS = {"plan": _plan, "draft": _draft}


def run(argv: Sequence[str], stdin: IO[str], stdout: IO[str], stderr: IO[str]) -> int:
    lang = language(_lang_from_argv(argv))
    try:
        args = _parser().parse_args(list(argv))
        if args.command == "history":
            from followup import cli_history

            lang = language(args.lang or lang)
            output = cli_history.run(args, lang, stdin, stderr)
            if cli_history.is_file(args):
                stdout.write(output)  # the exported file, exactly
                return EXIT_OK
        elif args.command == "read":
            from followup import cli_read

            lang = language(args.lang or lang)
            case = load_case(_read(args.case, stdin)) if args.case else None
            output = cli_read.run(
                args, stdin, stderr, lang, case, lambda zone: _parse_now(args.now, zone)
            )
        else:
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
