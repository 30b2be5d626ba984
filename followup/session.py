"""The application layer: what a person can do with their history, between the page and the
core. Open a case, save it, move it on, plan it, mark a step as sent, see every open
application at once, and restore a workspace from the browser's copy.

The page's modules (`followup/ui/`) only draw widgets and call these functions; the CLI and
the tests call them too. Nothing here touches Streamlit; the clock is always passed in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, get_args

from pydantic import ValidationError

from followup.errors import CaseError, FollowupError, InvalidCase
from followup.formmap import NEEDS_INTERVIEW, Form, form_to_case
from followup.history import Contents, History, HistoryError, Imported, StoredCase, Workspace
from followup.history.exports import (
    export_csv,
    export_ics,
    export_json,
    import_export,
    import_json,
)
from followup.models import ActionId, Case, Draft, EventType, OtherInterview, Plan, Recommendation
from followup.policy import DEFAULT_POLICY, Policy
from followup.rules import evaluate
from followup.rules.catalog import EVENT_OF, NO_MESSAGE

# "What happened next": how a case moves on from its stage, keeping what is known.
Move = Literal["scheduled", "took_place", "next_round", "rescheduled", "rejected", "offer"]
MOVES: tuple[Move, ...] = get_args(Move)
MOVES_NEEDING_TIME: frozenset[Move] = frozenset({"scheduled", "next_round", "rescheduled"})

# Actions that close an application rather than continue it (the Today board skips them).
_CLOSING: frozenset[str] = frozenset({"move_on", "linkedin_connect", "third_follow_up"})


def too_early(rec: Recommendation) -> bool:
    """A step whose time has not come yet (a `wait` with a start): marking it as sent asks
    for a confirmation. An optional nudge that waits for nothing (accept an invitation one
    means to decline) is marked like any step."""
    return rec.status == "wait" and rec.not_before is not None


class NeedsConfirmation(FollowupError):
    """Marking a step that should still wait: the person confirms it was really sent."""


# --- saving ------------------------------------------------------------------------------------
def validate(data: dict[str, Any], now: datetime) -> Case:
    """The case of `data`, checked by the models and against the clock; raises CaseError."""
    try:
        case = Case.model_validate_json(json.dumps(data))
    except ValidationError as exc:
        raise InvalidCase(exc) from None
    if case.stage == "interviewed" and case.interview is not None and case.interview.start > now:
        # "I have been interviewed" for an interview still ahead cannot be true yet
        raise CaseError("interview_not_started", "interview.start", value=case.interview.start)
    evaluate(case, now)  # events in the future, reschedule slots too few or too soon
    return case


def save_form(
    history: History,
    workspace: Workspace,
    form: Form,
    now: datetime,
    case_id: str | None,
    *,
    timezone: str,
    language: str,
    version: int | None = None,
) -> str:
    """Validate the form's case and save it (a new version only when something changed).
    `version`: the version the form was filled from; when the case has moved on since (in
    another tab or on another device), nothing is saved (`changed_elsewhere`)."""
    case = validate(form_to_case(form, timezone=timezone, language=language), now)
    if case_id is not None and version is not None:
        current = history.case(workspace, case_id)
        if current is not None and current.version != version:
            raise CaseError("changed_elsewhere")
    return history.save_case(workspace, case, now, case_id)


def open_case(history: History, workspace: Workspace, case_id: str) -> StoredCase | None:
    return history.case(workspace, case_id)


# --- planning ----------------------------------------------------------------------------------
def cancelled(case: Case) -> bool:
    """The case's current interview was cancelled: a cancellation in this round that no
    accepted new time has followed."""
    current = case.current_round()
    cancels = current.events_of("interview_cancelled")
    accepted = current.events_of("reschedule_accepted")
    return bool(cancels) and (not accepted or cancels[-1].at > accepted[-1].at)


def _firm_interview(stored: StoredCase) -> bool:
    case = stored.case
    return (
        case.interview is not None
        and case.stage in ("invited", "scheduled")
        and case.cancel is None
        and not cancelled(case)
    )


def firm_interviews(cases: list[StoredCase]) -> list[StoredCase]:
    """The cases of the workspace whose interview is firm (for `with_workspace_interviews`:
    worked out once for a whole board, not once per case)."""
    return [other for other in cases if _firm_interview(other)]


def with_workspace_interviews(
    case: Case,
    case_id: str | None,
    cases: list[StoredCase],
    firm: list[StoredCase] | None = None,
) -> Case:
    """`case` with the interviews of the workspace's other applications added to its
    `other_interviews`, so same-day conflicts show whatever the stage. `firm`: the result of
    `firm_interviews(cases)`, when the caller has it already."""
    known = {(o.company, o.start) for o in case.other_interviews}
    added = []
    for other in firm_interviews(cases) if firm is None else firm:
        if other.id == case_id:
            continue
        interview = other.case.interview
        if interview is None:  # (a firm interview has one)
            continue
        start = interview.start.astimezone(case.tz)
        if (other.case.company, start) in known:
            continue
        added.append(
            OtherInterview.model_construct(
                company=other.case.company,
                start=start,
                location=interview.location,
                position=other.case.position,
            )
        )
    if not added:
        return case
    return case.model_copy(update={"other_interviews": [*case.other_interviews, *added]})


def plan(
    stored: StoredCase,
    cases: list[StoredCase],
    now: datetime,
    lang: str,
    policy: Policy = DEFAULT_POLICY,
    firm: list[StoredCase] | None = None,
) -> Plan:
    """The plan of a stored case, aware of the workspace's other interviews."""
    case = with_workspace_interviews(stored.case, stored.id, cases, firm)
    return evaluate(case, now, policy, lang=lang)


def event_id(stored: StoredCase, action: str | None) -> str:
    """The id of a step's event: the same step of the same round is recorded once."""
    rounds = len(stored.case.previous_rounds)
    step = action or "reply"
    return f"{stored.id}.{step}" if rounds == 0 else f"{stored.id}.r{rounds + 1}.{step}"


def mark_sent(
    history: History,
    workspace: Workspace,
    stored: StoredCase,
    action: ActionId | None,
    now: datetime,
    *,
    draft: Draft | None = None,
    confirmed: bool = False,
) -> EventType:
    """Record a step (`action`, or a reply from the company when None) and the message sent
    for it. A step that should still wait needs `confirmed`: NeedsConfirmation otherwise."""
    if action is None:
        kind: EventType = "reply_received"
    else:
        if action not in EVENT_OF:
            raise CaseError("nothing_to_mark", "action", value=action)
        current = evaluate(stored.case, now).get(action)
        if current is None or current.status not in ("now", "wait"):
            raise CaseError("nothing_to_mark", "action", value=action)
        if too_early(current) and not confirmed:
            raise NeedsConfirmation("confirm_early", "action")
        kind = EVENT_OF[action]
    step = event_id(stored, action)
    history.append_event(workspace, stored.id, kind, now, now, step)
    if draft is not None and action is not None and action not in NO_MESSAGE:
        history.record_draft(workspace, stored.id, draft, True, now, step)
    return kind


# --- moving on ---------------------------------------------------------------------------------
def moves(case: Case) -> list[Move]:
    """What can happen next to a case at its stage."""
    if case.cancel is not None:
        return ["rescheduled", "rejected"]
    found: list[Move] = []
    if case.stage == "invited":
        found.append("scheduled")
    if case.stage in ("invited", "scheduled") and case.interview is not None:
        found.append("took_place")
    if case.stage == "interviewed":
        found.append("next_round")
    if case.stage in ("invited", "scheduled", "interviewed"):
        found += ["rejected", "offer"]
    return found


def move_on(
    history: History,
    workspace: Workspace,
    stored: StoredCase,
    move: Move,
    now: datetime,
    *,
    at: datetime | None = None,
    interview_start: datetime | None = None,
    interview_kind: str | None = None,
) -> str:
    """Move a case on ("what happened next"), keeping everything already known; a new
    version of the case is saved. `at`: when it happened (default now); `interview_start`
    (and kind): the new interview of "scheduled", "next_round" and "rescheduled"."""
    case = stored.case
    if move not in moves(case):
        raise CaseError("move_not_possible", "next_event", value=move)
    data = case.model_dump(mode="json")
    data["cancel"] = None
    if move in MOVES_NEEDING_TIME:
        if interview_start is None:
            raise CaseError("required_for_stage", "interview.start")
        interview = dict(data.get("interview") or {})
        if move == "next_round" and case.interview is not None:
            data["previous_rounds"] = [
                *data["previous_rounds"],
                {"interview": data["interview"], "until": now.isoformat()},
            ]
            interview = {}  # a new round: a new interview, not the old one's details
            data["reply_by"] = None
        interview["start"] = interview_start.isoformat()
        if interview_kind is not None:
            interview["kind"] = interview_kind
        data["interview"] = interview
        data["stage"] = "scheduled"
        if move == "rescheduled":
            # The company accepted a new time: the plan now asks to confirm it (confirm_new_time).
            accepted = {"type": "reschedule_accepted", "at": (at or now).isoformat()}
            data["events"] = [*data["events"], accepted]
    elif move == "took_place":
        data["stage"] = "interviewed"
    elif move == "rejected":
        data["stage"] = "rejected"
        data["rejected_at"] = (at or now).isoformat()
    elif move == "offer":
        data["stage"] = "offer"
    moved = validate(data, now)
    if move in MOVES_NEEDING_TIME and moved.interview is not None:
        if moved.interview.start <= now:
            raise CaseError("interview_in_past", "interview.start", value=moved.interview.start)
    return history.save_case(workspace, moved, now, stored.id)


def path(history: History, workspace: Workspace) -> dict[str, list[tuple[datetime, str]]]:
    """Each case's path: when it entered each situation (invited, scheduled, ...)."""
    found: dict[str, list[tuple[datetime, str]]] = {}
    for case_id, saved_at, situation in history.situations(workspace):
        steps = found.setdefault(case_id, [])
        if not steps or steps[-1][1] != situation:
            steps.append((saved_at, situation))
    return found


# --- the Today board ---------------------------------------------------------------------------
@dataclass(frozen=True)
class BoardRow:
    stored: StoredCase
    next: Recommendation | None  # the next step (None: nothing left to do)
    moment: datetime | None  # its deadline (now) or its start (wait)
    follow_ups: int  # follow-ups sent in the current round
    max_follow_ups: int

    @property
    def open(self) -> bool:
        return self.next is not None


def _next_step(plan: Plan) -> Recommendation | None:
    for rec in plan.actions:  # most urgent first
        if rec.status in ("now", "wait") and rec.action not in _CLOSING:
            return rec
    return None


def board(
    cases: list[StoredCase], now: datetime, lang: str, policy: Policy = DEFAULT_POLICY
) -> list[BoardRow]:
    """Every application with its next step, open ones first, most urgent first."""
    rows = []
    firm = firm_interviews(cases)
    for stored in cases:
        try:
            current = plan(stored, cases, now, lang, policy, firm)
        except FollowupError:
            current = None  # a case that contradicts the clock: listed, nothing to plan
        rec = _next_step(current) if current is not None else None
        moment = None
        if rec is not None:
            moment = rec.deadline if rec.status == "now" else rec.not_before
        sent = len(stored.case.current_round().events_of("follow_up_sent"))
        rows.append(BoardRow(stored, rec, moment, sent, policy.max_follow_ups))

    def urgency(row: BoardRow) -> tuple[int, int, float, str]:
        if row.next is None:
            return (2, 0, 0.0, row.stored.case.company)
        rank = 0 if row.next.status == "now" else 1
        timed = row.moment.timestamp() if row.moment is not None else float("inf")
        return (rank, row.moment is None, timed, row.stored.case.company)

    return sorted(rows, key=urgency)


# --- the browser's copy ------------------------------------------------------------------------
def snapshot(history: History, workspace: Workspace, now: datetime) -> str:
    """The copy of a workspace the browser keeps (the JSON export)."""
    return export_json(history, workspace, now)


def restore(history: History, token: str, copy: str, now: datetime) -> tuple[Workspace, int]:
    """Bring back a workspace the server no longer knows (a fresh disk) from the browser's
    copy, under the same link. Returns the workspace and how many applications came back;
    a workspace the server still knows is opened as it is (nothing imported)."""
    known = history.open_workspace(token, now)
    if known is not None:
        return known, 0
    workspace, _ = history.create_workspace(now, token=token)
    try:
        count = import_json(history, workspace, copy, now)
    except FollowupError:
        history.forget(workspace)  # nothing restored stays behind
        raise
    return workspace, count


# --- the workspace as a whole: the History page and the `history` command ----------------------
ExportFormat = Literal["json", "csv", "ics"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)


def contents(history: History, workspace: Workspace) -> Contents:
    """The workspace's readable cases, and those that cannot be read (left out, offered as
    stored and deletable)."""
    return history.read(workspace)


def delete_case(history: History, workspace: Workspace, case_id: str) -> None:
    """Delete one application with its steps and drafts (an unreadable one, for example)."""
    history.delete_case(workspace, case_id)


def import_file(
    history: History, workspace: Workspace, raw: bytes | str, now: datetime
) -> Imported:
    """Merge an export file into the workspace, whole or not at all (`ImportRefused`,
    `CaseError` or `HistoryFull` with one sentence otherwise)."""
    return import_export(history, workspace, raw, now)


def export(
    history: History, workspace: Workspace, fmt: ExportFormat, now: datetime, lang: str
) -> str:
    """The workspace as a JSON export, a CSV file or an iCalendar file."""
    if fmt == "json":
        return export_json(history, workspace, now)
    if fmt == "csv":
        return export_csv(history, workspace, lang)
    return export_ics(history, workspace, now, lang).decode("utf-8")


def workspace_of(history: History, token: str, now: datetime) -> Workspace:
    """The workspace of a token, or `HistoryError("workspace_unknown")`."""
    found = history.open_workspace(token, now)
    if found is None:
        raise HistoryError("workspace_unknown")
    return found


def new_workspace(history: History, now: datetime) -> str:
    """A new, empty workspace; returns its token (the only key to it)."""
    _, token = history.create_workspace(now)
    return token


__all__ = [
    "EVENT_OF",
    "MOVES",
    "NEEDS_INTERVIEW",
    "EXPORT_FORMATS",
    "BoardRow",
    "ExportFormat",
    "Move",
    "NeedsConfirmation",
    "board",
    "contents",
    "delete_case",
    "export",
    "firm_interviews",
    "import_file",
    "mark_sent",
    "move_on",
    "moves",
    "new_workspace",
    "open_case",
    "path",
    "plan",
    "restore",
    "save_form",
    "snapshot",
    "validate",
    "with_workspace_interviews",
    "workspace_of",
]
