"""Issue 4: the per-workspace history query and "append event", at 1,000 and 100,000
workspaces (about 20 events each: ≈ 2 M events), side by side with their ratio."""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from bench.common import Result, median_ns
from followup.history import History, Workspace
from followup.models import Case

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
CASE = Case.model_validate_json(
    '{"company": "PT Maju Jaya", "position": "Analis Data", "stage": "interviewed",'
    ' "interview": {"start": "2026-11-19T10:00"}}'
)
CASE_DATA = CASE.model_dump_json(exclude={"events"})
EVENTS_PER_CASE = 10
CASES_PER_WORKSPACE = 2


def populate(db: duckdb.DuckDBPyConnection, workspaces: int) -> None:
    """Bulk rows shaped exactly like the app's (the app's own code writes the probe rows)."""
    db.execute(
        "INSERT INTO workspaces SELECT 'w' || i, 'h' || i, ?, ? FROM range(?) t(i)",
        [NOW.replace(tzinfo=None), NOW.replace(tzinfo=None), workspaces],
    )
    db.execute(
        "INSERT INTO case_versions SELECT 'w' || (i // ?), 'c' || i, 1, ?, ? FROM range(?) t(i)",
        [
            CASES_PER_WORKSPACE,
            NOW.replace(tzinfo=None),
            CASE_DATA,
            workspaces * CASES_PER_WORKSPACE,
        ],
    )
    # events arrive interleaved across workspaces, as in real use
    db.execute(
        "INSERT INTO events SELECT 'w' || (i % ?), 'e' || i, 'c' || ((i % ?) * ? + (i // ?) % ?),"
        " 'follow_up_sent', '2026-11-20T10:00:00+07:00', ?, NULL FROM range(?) t(i)",
        [
            workspaces,
            workspaces,
            CASES_PER_WORKSPACE,
            workspaces,
            CASES_PER_WORKSPACE,
            NOW.replace(tzinfo=None),
            workspaces * CASES_PER_WORKSPACE * EVENTS_PER_CASE,
        ],
    )


def measure(workspaces: int, directory: Path) -> tuple[float, float, float]:
    path = directory / f"bench-{workspaces}.duckdb"
    history = History(duckdb.connect(str(path)))
    start = time.perf_counter()
    populate(history._connection, workspaces)  # noqa: SLF001 - bulk set-up only
    setup = time.perf_counter() - start
    probe = Workspace(f"w{workspaces // 2}")
    case_id = f"c{(workspaces // 2) * CASES_PER_WORKSPACE}"
    assert len(history.cases(probe)) == CASES_PER_WORKSPACE
    query_ms = median_ns(lambda: history.cases(probe), repeat=200, warmup=10) / 1e6
    append_ms = (
        median_ns(
            lambda: history.append_event(probe, case_id, "follow_up_sent", NOW, NOW),
            repeat=200,
            warmup=10,
        )
        / 1e6
    )
    history.close()
    return query_ms, append_ms, setup


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        small_q, small_a, _ = measure(1_000, Path(tmp))
        big_q, big_a, setup = measure(100_000, Path(tmp))
    return [
        Result("history.query_1k_workspaces", round(small_q, 2), "ms", "≤ 20", small_q <= 20),
        Result("history.query_100k_workspaces", round(big_q, 2), "ms", "≤ 20", big_q <= 20),
        Result("history.query_ratio", round(big_q / small_q, 2), "×", "≤ 2", big_q / small_q <= 2),
        Result("history.append_1k_workspaces", round(small_a, 2), "ms", "≤ 20", small_a <= 20),
        Result("history.append_100k_workspaces", round(big_a, 2), "ms", "≤ 20", big_a <= 20),
        Result("history.append_ratio", round(big_a / small_a, 2), "×", "≤ 2", big_a / small_a <= 2),
        Result("history.setup_2M_events", round(setup, 1), "s", "", None),
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
