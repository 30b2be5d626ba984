"""Named, append-only schema migrations, each applied with its bookkeeping row in one transaction.

Never edit or reorder an applied migration: add a new one. DuckDB has no `PRAGMA user_version`,
so the applied names live in `_migrations`. SQL stays standard (no DuckDB-only types), so the
history can move to PostgreSQL or MotherDuck with a connection string and these statements.
Times are stored as ISO 8601 text with their offset (exact round trip; DuckDB's TIMESTAMPTZ
would need pytz) and, where the database must compare them, as naive UTC `TIMESTAMP`s.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

Migration = Callable[[Any], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(function: Migration) -> Migration:
    MIGRATIONS.append((function.__name__, function))
    return function


@migration
def m001_initial(db: Any) -> None:
    db.execute(
        """
        CREATE TABLE workspaces (
            id VARCHAR PRIMARY KEY,
            token_hash VARCHAR NOT NULL UNIQUE,
            created_at TIMESTAMP NOT NULL,
            last_seen TIMESTAMP NOT NULL
        )
        """
    )
    # A case is saved as versions (append-only); its current data is the latest version.
    db.execute(
        """
        CREATE TABLE case_versions (
            workspace_id VARCHAR NOT NULL,
            case_id VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            saved_at TIMESTAMP NOT NULL,
            data VARCHAR NOT NULL,
            PRIMARY KEY (workspace_id, case_id, version)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE events (
            workspace_id VARCHAR NOT NULL,
            event_id VARCHAR NOT NULL,
            case_id VARCHAR NOT NULL,
            type VARCHAR NOT NULL,
            occurred_at VARCHAR NOT NULL,
            recorded_at TIMESTAMP NOT NULL,
            PRIMARY KEY (workspace_id, event_id)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE drafts (
            workspace_id VARCHAR NOT NULL,
            draft_id VARCHAR NOT NULL,
            case_id VARCHAR NOT NULL,
            action VARCHAR NOT NULL,
            channel VARCHAR NOT NULL,
            tone VARCHAR NOT NULL,
            language VARCHAR NOT NULL,
            template VARCHAR NOT NULL,
            source VARCHAR NOT NULL,
            subject VARCHAR,
            body VARCHAR NOT NULL,
            sent BOOLEAN NOT NULL,
            created_at TIMESTAMP NOT NULL,
            PRIMARY KEY (workspace_id, draft_id)
        )
        """
    )


def applied(db: Any) -> set[str]:
    db.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)"
    )
    return {row[0] for row in db.execute("SELECT name FROM _migrations").fetchall()}


def migrate(db: Any, migrations: list[tuple[str, Migration]] | None = None) -> list[str]:
    """Apply what is missing, in order; returns the names applied now. Twice is a no-op."""
    done = applied(db)
    now = datetime.now(UTC).replace(tzinfo=None)
    newly = []
    for name, function in migrations if migrations is not None else MIGRATIONS:
        if name in done:
            continue
        db.execute("BEGIN TRANSACTION")
        try:
            function(db)
            db.execute("INSERT INTO _migrations VALUES (?, ?)", [name, now])
            db.execute("COMMIT")
        except Exception:
            db.execute("ROLLBACK")
            raise
        newly.append(name)
    return newly


@migration
def m002_workspace_indexes(db: Any) -> None:
    # Every query filters on workspace_id: with these, a workspace's rows are found through
    # the index instead of a scan of everyone's (100,000 workspaces: 40 ms -> see make bench).
    # DuckDB indexes block later ALTERs of these columns; a migration drops them first.
    db.execute("CREATE INDEX case_versions_workspace ON case_versions (workspace_id)")
    db.execute("CREATE INDEX events_workspace ON events (workspace_id)")
    db.execute("CREATE INDEX drafts_workspace ON drafts (workspace_id)")


@migration
def m003_reply_dates(db: Any) -> None:
    # A reply from the company may set a new date ("we will let you know by 4 December",
    # Revision 3): kept with its step (an ISO date, or NULL).
    db.execute("ALTER TABLE events ADD COLUMN new_reply_by VARCHAR")


@migration
def m004_forgotten(db: Any) -> None:
    # "Forget me" leaves the hash of the forgotten token (never the token): a browser copy
    # kept on another device can then never bring the workspace back under that link.
    db.execute(
        """
        CREATE TABLE forgotten (
            token_hash VARCHAR PRIMARY KEY,
            forgotten_at TIMESTAMP NOT NULL
        )
        """
    )
