"""Timing helpers and the result record of `make bench`."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any


class Unmeasurable(Exception):  # noqa: N818 - a figure, not an error of the code
    """A figure that cannot be measured on this machine: `make bench` fails with this sentence
    instead of printing a number that means nothing."""


@dataclass
class Result:
    name: str
    value: float
    unit: str
    target: str
    met: bool | None

    def row(self) -> dict[str, Any]:
        return asdict(self)


def median_ns(call: Callable[[], object], repeat: int, warmup: int = 50) -> float:
    """Median wall time of one `call()` in nanoseconds."""
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        call()
        samples.append(time.perf_counter_ns() - start)
    return statistics.median(samples)


def medians_in_turns(
    first: Callable[[int], float], second: Callable[[int], float], repeat: int, warmup: int = 0
) -> tuple[float, float]:
    """Median of two timings (`call(n)` returns one sample of turn n), taken in turns: a slow
    minute of the machine hits both, so their ratio does not depend on when each was measured.
    The first `warmup` turns are left out."""
    samples: tuple[list[float], list[float]] = ([], [])
    for n in range(repeat):
        samples[0].append(first(n))
        samples[1].append(second(n))
    return statistics.median(samples[0][warmup:]), statistics.median(samples[1][warmup:])


def median_process_s(argv: Sequence[str], repeat: int, stdin: str | None = None) -> float:
    """Median wall time of a whole process in seconds (cold start included)."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, input=stdin, capture_output=True, text=True, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)
