"""Helpers of the tests of the history's remembered reads: a history that remembers and one
that does not, on one connection; the check that they answer alike; a sent draft."""

from __future__ import annotations

import duckdb

from bench.cases import at
from followup.history import History, Workspace
from followup.models import Draft

NOW = at("2026-11-21T10:00")


def pair() -> tuple[History, History]:
    """Two histories on one connection: the one that remembers is the one that writes."""
    connection = duckdb.connect(":memory:")
    return History(connection, remember=True), History(connection.cursor())


def same(remembering: History, plain: History, workspace: Workspace) -> None:
    kept, fresh = remembering.read(workspace), plain.read(workspace)
    assert kept.cases == fresh.cases  # ids, versions, saved_at, fields and steps in order
    assert kept.unreadable == fresh.unreadable
    assert remembering.events(workspace) == plain.events(workspace)
    assert remembering.drafts(workspace) == plain.drafts(workspace)
    assert remembering.exists(workspace) == plain.exists(workspace)
    for stored in fresh.cases:
        assert remembering.case(workspace, stored.id) == plain.case(workspace, stored.id)


def draft() -> Draft:
    return Draft.model_validate(
        {
            "action": "thank_you",
            "channel": "email",
            "language": "id",
            "tone": "formal",
            "subject": "Terima kasih",
            "body": "Terima kasih atas waktunya.",
            "source": "template",
        }
    )
