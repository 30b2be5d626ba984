"""The hostile input corpus (tests/data/hostile.json: texts, impossible and far dates, time
zones that do not exist), put into the full case one field at a time, and what a command
must answer to it: JSON, or exit 2 and one clear line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.full_case import FULL

CORPUS = json.loads((Path(__file__).parent / "data" / "hostile.json").read_text(encoding="utf-8"))
TEXTS = CORPUS["text"]


def with_value(path: tuple[str, ...], value: str) -> dict[str, Any]:
    data = json.loads(json.dumps(FULL))
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


def one_clear_line(code: int, out: str, err: str) -> None:
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert out == ""
        assert err.count("\n") == 1
    else:
        json.loads(out)
