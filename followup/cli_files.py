"""Reading a file named on the command line (or `-`, standard input) as it came: bytes, at most
one past the limit, so that the limit's own sentence can refuse it. Shared by `history import`
and `read`."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from followup.errors import UsageError


def read_limited(path: str, stdin: IO[str], limit: int) -> bytes | str:
    """The file's bytes (standard input's, when it has a byte buffer; else its text)."""
    if path == "-":
        buffer = getattr(stdin, "buffer", None)
        try:
            if buffer is not None:
                data: bytes | str = buffer.read(limit + 1)
            else:
                data = stdin.read(limit + 1)
        except (OSError, UnicodeDecodeError):
            raise UsageError("file_unreadable", path="stdin") from None
        return data
    file = Path(path)
    if not file.is_file():
        raise UsageError("file_not_found", path=path)
    try:
        with file.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError:
        raise UsageError("file_unreadable", path=path) from None
