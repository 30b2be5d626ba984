"""Run every benchmark, print one table, write bench/results.json."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from bench import (
    drafts,
    history,
    imports,
    interaction,
    journey,
    load,
    page,
    phone,
    reader_corpus,
    rules,
    start,
    tone,
)
from bench.common import Result, Unmeasurable

SUITES = [
    rules,
    drafts,
    tone,
    reader_corpus,
    history,
    imports,
    journey,
    page,
    interaction,
    phone,
    load,
    start,
]


def main() -> None:
    results: list[Result] = []
    missing: list[str] = []
    for suite in SUITES:
        try:
            results += suite.run()
        except Unmeasurable as exc:
            missing.append(f"{suite.__name__}: {exc}")
    missing += [f"{r.name}: measured no number" for r in results if math.isnan(r.value)]
    width = max(len(r.name) for r in results)
    print(f"{'figure':<{width}}  {'value':>12}  {'unit':<8} {'target':<10} met")
    for r in results:
        met = "" if r.met is None else ("yes" if r.met else "NO")
        print(f"{r.name:<{width}}  {r.value:>12}  {r.unit:<8} {r.target:<10} {met}")
    out = Path(__file__).with_name("results.json")
    out.write_text(json.dumps([r.row() for r in results], indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten: {out}")
    if missing:  # a figure that cannot be measured fails the run, with its reason
        print("\nNot measured:\n" + "\n".join(f"- {line}" for line in missing), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
