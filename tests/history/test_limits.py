"""The history's limits, kept in one place: a full case refuses its next step and still
reads, the 2 MB import is one quick transaction, each limit of an import has its sentence,
and the limits hold for what an import adds to a workspace."""

from __future__ import annotations

import time
from typing import Any

import pytest

from bench.imports import export_document
from followup.history import HistoryFull
from followup.history.exports import ImportRefused, import_export, import_json
from followup.limits import MAX_CASES, MAX_EVENTS, MAX_IMPORT_BYTES
from tests.conftest import make_case
from tests.workspaces import NOW, document, fresh, item, one_sentence, rows


def test_a_full_case_refuses_the_next_step_and_still_reads() -> None:
    history, workspace, _ = fresh()
    steps = [("reply_received", f"2026-11-0{1 + n // 100}T{n % 24:02d}:00") for n in range(500)]
    import_json(history, workspace, document(item("busy", *steps)), NOW)
    with pytest.raises(HistoryFull) as refused:
        history.append_event(workspace, "busy", "thank_you_sent", NOW, NOW)
    one_sentence(refused.value)
    (stored,) = history.cases(workspace)
    assert len(stored.case.events) == MAX_EVENTS


def test_the_2mb_import_is_one_quick_transaction() -> None:
    history, workspace, _ = fresh()
    raw = export_document(56, 500, NOW)
    assert 1_800_000 < len(raw.encode()) <= 2_000_000
    began = time.perf_counter()
    imported = import_export(history, workspace, raw, NOW)
    took = time.perf_counter() - began
    assert (imported.cases, imported.new_events) == (56, 56 * 500)
    assert took < 30  # 156 s before (a statement per step); about 0.5 s now (make bench)
    assert len(history.events(workspace)) == 56 * 500


def _limit_cases() -> list[tuple[str, Any]]:
    many_steps = [("reply_received", "2026-11-01T10:00")] * (MAX_EVENTS + 1)
    drafts = item("d")
    drafts["drafts"] = [
        {"id": f"d{n}", "sent": True, "draft": {**DRAFT}} for n in range(MAX_EVENTS + 1)
    ]
    return [
        ("import_too_large", b" " * (MAX_IMPORT_BYTES + 1)),
        ("import_too_many_cases", document(*[item(f"c{n}") for n in range(MAX_CASES + 1)])),
        ("import_too_many_events", document(item("e", *many_steps))),
        ("import_too_many_drafts", document(drafts)),
        ("import_duplicate_id", document(item("twice"), item("twice"))),
    ]


DRAFT = {
    "action": "thank_you",
    "channel": "email",
    "language": "id",
    "tone": "formal",
    "subject": "Terima kasih",
    "body": "Terima kasih.",
}


@pytest.mark.parametrize(("key", "raw"), _limit_cases(), ids=[k for k, _ in _limit_cases()])
def test_each_limit_has_its_sentence(key: str, raw: str | bytes) -> None:
    history, workspace, _ = fresh()
    with pytest.raises(ImportRefused) as refused:
        import_json(history, workspace, raw, NOW)
    assert refused.value.key == key
    one_sentence(refused.value)
    assert rows(history, workspace.id) == 1  # the workspace only


def test_limits_hold_for_what_an_import_adds_to_a_workspace() -> None:
    history, workspace, _ = fresh()
    import_json(history, workspace, document(*[item(f"c{n}") for n in range(MAX_CASES)]), NOW)
    with pytest.raises(HistoryFull) as full:
        import_json(history, workspace, document(item("one-more"), item("c1")), NOW)
    assert full.value.key == "import_workspace_full"
    one_sentence(full.value)
    with pytest.raises(HistoryFull):
        history.save_case(workspace, make_case(), NOW)
    assert len(history.cases(workspace)) == MAX_CASES
    steps = [("reply_received", "2026-11-01T10:00")] * 400
    import_json(history, workspace, document(item("c0", *steps)), NOW)
    more = item("c0", *steps)
    for n, step in enumerate(more["events"]):
        step["id"] = f"other.{n}"
    with pytest.raises(HistoryFull) as busy:
        import_json(history, workspace, document(more), NOW)
    assert busy.value.key == "import_case_full"
    assert len(history.events(workspace, "c0")) == 400  # nothing of the refused file
