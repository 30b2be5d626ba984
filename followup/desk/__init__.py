"""The application: `Desk` ("this workspace, now") and what a front end draws with.

The page (`followup.ui`) and the CLI ask only this package. The Desk answers plan, draft, mark
as sent, move on, save, board, export, calendar, snapshot and forget on one case-in-context;
the other names here are the vocabulary those answers come in (errors, stored cases, the form
mapping, texts in the person's language, the sources and the policy) and the way a front end
opens the history. `history/` is storage; `rules/`, `messages` and `tone` are the core the Desk
calls. (The optional AI step's settings are in `followup.desk.ai`, imported only when used.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from followup.changes import marked
from followup.desk.board import BoardRow
from followup.desk.calendar import upcoming as upcoming_steps
from followup.desk.desk import (
    AIMED,
    ALONE,
    EXPORT_FORMATS,
    Desk,
    ExportFormat,
    NeedsConfirmation,
    event_id,
    has_message,
    too_early,
)
from followup.desk.moves import MOVES, MOVES_NEEDING_TIME, Move, moves, validate
from followup.errors import CaseError, FollowupError, InvalidCase
from followup.formmap import (
    CANCEL_REASONS,
    DECLARED,
    DECLINE_CHOICES,
    FORMATS,
    INVITED_VIA_CHOICES,
    KINDS,
    NEEDS_INTERVIEW,
    OFFER_DECISIONS,
    OTHER_ROWS,
    SALUTATION_CHOICES,
    SITUATIONS,
    WITH_OTHERS,
    Form,
    case_to_form,
    defaults,
    proposal_to_form,
    slot_rows,
)
from followup.history import (
    Contents,
    HistoryError,
    StoredCase,
    UnreadableCase,
    Workspace,
    WorkspaceGone,
)
from followup.history.records import valid_id, valid_token
from followup.i18n import (
    LANGUAGES,
    field_path,
    format_day,
    format_moment,
    format_short_day,
    language,
    text,
    timezone_label,
)
from followup.links import to_myself
from followup.messages import DraftOptions, channels, clean_points
from followup.policy import DEFAULT_POLICY, POLICY, describe
from followup.rules.words import flags_to_show
from followup.sources import registry, source

if TYPE_CHECKING:
    from followup.history import History, Opened, configured_path, open_history

# The storage's connection, loaded when first asked for (a command that plans one case never
# loads DuckDB).
_STORAGE = ("History", "Opened", "configured_path", "open_history")


def __getattr__(name: str) -> Any:
    if name in _STORAGE:
        import followup.history

        return getattr(followup.history, name)
    raise AttributeError(f"module 'followup.desk' has no attribute {name!r}")


__all__ = [
    "to_myself",
    "AIMED",
    "ALONE",
    "CANCEL_REASONS",
    "DECLARED",
    "DECLINE_CHOICES",
    "DEFAULT_POLICY",
    "EXPORT_FORMATS",
    "FORMATS",
    "INVITED_VIA_CHOICES",
    "KINDS",
    "LANGUAGES",
    "MOVES",
    "MOVES_NEEDING_TIME",
    "NEEDS_INTERVIEW",
    "OFFER_DECISIONS",
    "OTHER_ROWS",
    "POLICY",
    "SALUTATION_CHOICES",
    "SITUATIONS",
    "WITH_OTHERS",
    "BoardRow",
    "CaseError",
    "Contents",
    "Desk",
    "DraftOptions",
    "ExportFormat",
    "FollowupError",
    "Form",
    "History",
    "HistoryError",
    "InvalidCase",
    "Move",
    "NeedsConfirmation",
    "Opened",
    "StoredCase",
    "UnreadableCase",
    "Workspace",
    "WorkspaceGone",
    "case_to_form",
    "channels",
    "clean_points",
    "configured_path",
    "defaults",
    "describe",
    "event_id",
    "field_path",
    "flags_to_show",
    "format_day",
    "format_moment",
    "format_short_day",
    "has_message",
    "language",
    "marked",
    "moves",
    "open_history",
    "registry",
    "proposal_to_form",
    "slot_rows",
    "source",
    "text",
    "timezone_label",
    "too_early",
    "upcoming_steps",
    "valid_id",
    "valid_token",
    "validate",
]
