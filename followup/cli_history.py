"""`python -m followup history new|import|export|forget --db PATH ...` (contract.md, last
section): workspaces of a history file for scripting, self-hosting and tests.

- `new --db PATH` prints `{"workspace": TOKEN}`;
- `import FILE --db PATH --workspace TOKEN` merges an export (FILE, or - for standard input)
  and prints the counts: `{"cases", "new_cases", "new_versions", "new_events", "new_drafts"}`;
- `export --db PATH --workspace TOKEN --format json|csv|ics` prints the file;
- `forget --db PATH --workspace TOKEN` deletes the workspace and prints `{"forgotten": true}`.

The same application object as the page (`followup.desk.Desk`) does the work, with the same
models, ranges and limits. Bad input (an unknown workspace, a file that cannot be imported, a
database that cannot be opened) exits with 2 and one sentence on stderr, nothing on stdout.
`--db md:NAME` uses MotherDuck with `MOTHERDUCK_TOKEN`, as the page does.
"""

from __future__ import annotations

import argparse
import json
import os
from datetime import UTC, datetime
from typing import IO, Any

from followup.errors import UsageError
from followup.i18n import LANGUAGES, text
from followup.limits import MAX_IMPORT_BYTES, plausible


def add_parser(commands: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """The `history` command and its four subcommands."""
    history = commands.add_parser("history", help="workspaces of a history file")
    actions = history.add_subparsers(
        dest="history_command", required=True, parser_class=parser_class
    )

    def common(name: str, help_text: str, workspace: bool = True) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = actions.add_parser(name, help=help_text)
        parser.add_argument("--db", required=True, help="history file, or md:NAME (MotherDuck)")
        if workspace:
            parser.add_argument("--workspace", required=True, help="the workspace's token")
        parser.add_argument("--lang", choices=LANGUAGES, help="language of messages and files")
        parser.add_argument("--now", help="ISO 8601 time (default: the current time)")
        return parser

    common("new", "create a workspace and print its token", workspace=False)
    imported = common("import", "merge an export file into a workspace")
    imported.add_argument("file", help="export JSON file, or - for standard input")
    exported = common("export", "print a workspace as JSON, CSV or iCalendar")
    exported.add_argument("--format", choices=("json", "csv", "ics"), default="json")
    common("forget", "delete a workspace and everything in it")


def run(args: argparse.Namespace, lang: str, stdin: IO[str], stderr: IO[str]) -> str:
    """The output of one history command (a JSON object, or the exported file)."""
    from followup.desk import Desk, HistoryError, open_history
    from followup.history.database import shown

    now = _now(args.now)
    if args.db.strip() in ("", ":memory:"):  # a workspace there would be gone at exit
        raise HistoryError("db_memory")
    raw = _read(args.file, stdin) if args.history_command == "import" else b""
    opened = open_history(args.db, motherduck_token=os.environ.get("MOTHERDUCK_TOKEN"))
    try:
        if opened.warning == "history_corrupt":  # moved aside; a fresh file is in use
            sentence = text(lang, "history", opened.warning, path=opened.moved_aside or "")
            stderr.write(" ".join(sentence.split()) + "\n")
        elif opened.warning is not None:  # never a workspace in memory, nor somewhere else
            locked = opened.warning == "history_locked"
            raise HistoryError("db_locked" if locked else "db_unusable", path=shown(args.db))
        history = opened.history
        if args.history_command == "new":
            _, token = Desk.create(history, now, lang)
            return json.dumps({"workspace": token})
        desk = Desk.open(history, args.workspace, now, lang=lang)
        if args.history_command == "import":
            _, counts = desk.import_file(raw)
            return json.dumps(counts.as_dict())
        if args.history_command == "export":
            return desk.export(args.format)
        desk.forget()
        return json.dumps({"forgotten": True})
    finally:
        opened.history.close()


def is_file(args: argparse.Namespace) -> bool:
    """Whether the output is a file (printed as it is) rather than one JSON object."""
    return bool(args.command == "history" and args.history_command == "export")


def _now(value: str | None) -> datetime:
    if value is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError("invalid_now") from None
    if not plausible(moment):
        raise UsageError("date_out_of_range", "--now")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _read(path: str, stdin: IO[str]) -> bytes | str:
    """An import file, read up to one byte past the limit (the limit's sentence says more)."""
    from followup.cli_files import read_limited

    return read_limited(path, stdin, MAX_IMPORT_BYTES)
