"""Issue 10: how long the page takes to bring back a 20-case workspace from the browser's copy
(a server restarted on an empty disk), beside the export that made the copy (the baseline).

Each restore goes into a fresh DuckDB file, as after a restart; the copy is a real export of a
workspace with 20 applications, each with its recorded steps and sent drafts.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import duckdb

from bench.cases import at, case_dict
from bench.common import Result
from followup.desk import Desk
from followup.history import History
from followup.models import Case, Draft

NOW = at("2026-11-20T12:00")
CASES = 20
RUNS = 15


def _copy() -> tuple[str, str, float]:
    """A 20-case workspace's export, its token, and the median time of the export itself."""
    history = History(duckdb.connect(":memory:"))
    workspace, token = history.create_workspace(NOW)
    for n in range(CASES):
        start = at("2026-11-05T10:00") + timedelta(days=n % 10, hours=n % 3)
        data = case_dict(
            company=f"PT Contoh {n}",
            interview={"start": start.isoformat()},
            events=[
                {"type": "thank_you_sent", "at": (start + timedelta(hours=5)).isoformat()},
                {"type": "follow_up_sent", "at": (start + timedelta(days=7)).isoformat()},
            ],
        )
        case = Case.model_validate_json(json.dumps(data))
        case_id = history.save_case(workspace, case, NOW)
        draft = Draft(
            action="thank_you",
            channel="email",
            language="id",
            tone="formal",
            subject="Terima kasih",
            body="Yth. Bapak Budi,\n\nTerima kasih atas waktunya.\n\nSalam,\nRina",
        )
        history.record_draft(workspace, case_id, draft, True, NOW)
    samples = []
    for _ in range(RUNS):
        began = time.perf_counter()
        copy = Desk.of(history, workspace, NOW, "id").snapshot()
        samples.append(time.perf_counter() - began)
    return copy, token, statistics.median(samples)


def run() -> list[Result]:
    copy, token, export_s = _copy()
    samples = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(RUNS):
            history = History(duckdb.connect(str(Path(tmp) / f"restart-{n}.duckdb")))
            began = time.perf_counter()
            restored, count = Desk.restore(history, token, copy, NOW)
            samples.append(time.perf_counter() - began)
            assert count == CASES
            assert len(restored.cases) == CASES
            history.close()
    restore_s = statistics.median(samples)
    return [
        Result(
            "journey.restore_20_cases", round(restore_s * 1000, 1), "ms", "≤ 1000", restore_s <= 1
        ),
        Result("journey.export_20_cases (baseline)", round(export_s * 1000, 1), "ms", "", None),
        Result("journey.restore_vs_export", round(restore_s / export_s, 1), "×", "", None),
        Result("journey.browser_copy_size", round(len(copy.encode()) / 1000, 1), "kB", "", None),
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
