"""Run every benchmark, print one table, write bench/results.json."""

from __future__ import annotations

import json
from pathlib import Path

from bench import drafts, history, journey, load, page, rules, tone
from bench.common import Result

SUITES = [rules, drafts, tone, history, journey, page, load]


def main() -> None:
    results: list[Result] = []
    for suite in SUITES:
        results += suite.run()
    width = max(len(r.name) for r in results)
    print(f"{'figure':<{width}}  {'value':>12}  {'unit':<8} {'target':<10} met")
    for r in results:
        met = "" if r.met is None else ("yes" if r.met else "NO")
        print(f"{r.name:<{width}}  {r.value:>12}  {r.unit:<8} {r.target:<10} {met}")
    out = Path(__file__).with_name("results.json")
    out.write_text(json.dumps([r.row() for r in results], indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    main()
