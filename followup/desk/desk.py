"""`Desk`: this workspace, now. The one object the page and the CLI ask.

A `Desk` reads the workspace once (its cases, and those that cannot be read) and answers every
question about it on the same case-in-context: the case plus the interviews of the workspace's
other applications (`context.in_context`). So the plan a card shows, the draft it offers, the
step "mark as sent" accepts and the events of the calendar are worked out from one case, never
from the bare case in one place and the case-in-context in another.

- Reads (`plan`, `draft`, `board`, `export`, `calendar`, `snapshot`, ...) change nothing; a plan
  is evaluated once per Desk and kept for the cases a later Desk has unchanged.
- Writes (`save_form`, `mark_sent`, `move_on`, `import_file`, `delete_case`) return the next
  Desk, read from the rows the write left.
- `mark_sent` refuses a step exactly when `plan` does not offer it (`markable`): the plan's list
  of steps is the one rule.

Nothing here touches Streamlit, and the clock is always passed in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, get_args

from followup.desk import board as board_rows
from followup.desk.context import cancelled, firm, in_context
from followup.desk.moves import Move, moved, moves, validate
from followup.errors import CaseError, FollowupError
from followup.formmap import Form, form_to_case
from followup.history import (
    CaseNotFound,
    Contents,
    HistoryError,
    Imported,
    StoredCase,
    Workspace,
)
from followup.lebaran import LEBARAN_CHANNELS, lebaran_due
from followup.messages import (
    DraftOptions,
    MessageError,
    Rewriter,
    channels,
    links_for,
    render_draft,
)
from followup.models import ActionId, Case, Draft, EventType, Links, Plan, Recommendation
from followup.policy import DEFAULT_POLICY, Policy
from followup.rules import evaluate
from followup.rules.catalog import EVENT_OF, NO_MESSAGE
from followup.rules.plan import send_time

if TYPE_CHECKING:  # (the storage and the calendar are loaded by the answers that need them:
    # a Desk of one case, the CLI's, never loads DuckDB or icalendar)
    from followup.history import History
    from followup.reader import Proposal

ExportFormat = Literal["json", "csv", "ics"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)

# What a plan is worked out from: the case's version and steps, and the other interviews
# (the firm interviews of the workspace's applications).
_Version = tuple[str, int, int]


class NeedsConfirmation(FollowupError):
    """Marking a step that should still wait: the person confirms it was really sent."""


# Steps aimed at another interview (Revision 3: one per company, with its `target`). Marking one
# records it where it belongs: on the workspace's application of that company (told of the
# offer, or cancelled), or on the interview the case lists (its `told` / `cancelled`).
AIMED: dict[str, EventType] = {
    "tell_lower_priority": "lower_priority_told",
    "cancel_other_interviews": "interview_cancelled",
}


def too_early(rec: Recommendation) -> bool:
    """A step whose time has not come yet (a `wait` with a start): marking it as sent asks
    for a confirmation. An optional nudge that waits for nothing (accept an invitation one
    means to decline) is marked like any step."""
    return rec.status == "wait" and rec.not_before is not None


def has_message(action: str) -> bool:
    """The step is done by sending a message the Desk can draft."""
    return action not in NO_MESSAGE


def _version(stored: StoredCase) -> _Version:
    return (stored.id, stored.version, len(stored.case.events))


ALONE = "case"  # the id of the one case of a Desk that stores nothing (`Desk.alone`)


class Desk:
    """One workspace at one moment, in one language, under one policy."""

    def __init__(
        self,
        history: History | None,
        workspace: Workspace | None,
        contents: Contents,
        now: datetime,
        lang: str,
        policy: Policy = DEFAULT_POLICY,
        *,
        evaluated: dict[_Version, Plan | FollowupError] | None = None,
        firm_of: tuple[_Version, ...] | None = None,
    ) -> None:
        self.history = history
        self.workspace = workspace
        self.now = now
        self.lang = lang
        self.policy = policy
        self.cases: list[StoredCase] = contents.cases
        self.unreadable = contents.unreadable
        self._by_id = {stored.id: stored for stored in self.cases}
        self._firm = [stored for stored in self.cases if firm(stored)]
        self._firm_key = tuple(_version(stored) for stored in self._firm)
        # Plans of an earlier Desk stay good for the cases it had unchanged, as long as the
        # other interviews they were planned with are the same.
        self._plans: dict[_Version, Plan | FollowupError] = (
            dict(evaluated) if evaluated is not None and firm_of == self._firm_key else {}
        )
        self._board: list[board_rows.BoardRow] | None = None
        self._contexts: dict[str, Case] = {}
        self._drafts: dict[tuple[str, ActionId, DraftOptions], Draft] = {}

    # --- opening ---------------------------------------------------------------------------
    @classmethod
    def alone(cls, case: Case, now: datetime, lang: str, policy: Policy = DEFAULT_POLICY) -> Desk:
        """A Desk of one case that is not stored (the CLI's `plan` and `draft`): its context
        is its own `other_interviews`; it answers every read and refuses every write."""
        stored = StoredCase(ALONE, 1, now, case)
        return cls(None, None, Contents([stored]), now, lang, policy)

    @classmethod
    def of(
        cls,
        history: History,
        workspace: Workspace | None,
        now: datetime,
        lang: str,
        policy: Policy = DEFAULT_POLICY,
    ) -> Desk:
        """The Desk of a workspace (None: no workspace yet, an empty Desk)."""
        contents = history.read(workspace) if workspace is not None else Contents()
        return cls(history, workspace, contents, now, lang, policy)

    @classmethod
    def open(
        cls,
        history: History,
        token: str,
        now: datetime,
        policy: Policy = DEFAULT_POLICY,
        lang: str = "id",
    ) -> Desk:
        """The Desk of the workspace a token opens, or `HistoryError("workspace_unknown")`."""
        found = history.open_workspace(token, now)
        if found is None:
            raise HistoryError("workspace_unknown")
        return cls.of(history, found, now, lang, policy)

    @classmethod
    def create(
        cls, history: History, now: datetime, lang: str = "id", policy: Policy = DEFAULT_POLICY
    ) -> tuple[Desk, str]:
        """A new, empty workspace, and its token (the only key to it)."""
        workspace, token = history.create_workspace(now)
        return cls(history, workspace, Contents(), now, lang, policy), token

    @classmethod
    def restore(
        cls,
        history: History,
        token: str,
        copy: str,
        now: datetime,
        lang: str = "id",
        policy: Policy = DEFAULT_POLICY,
    ) -> tuple[Desk, int]:
        """Bring back a workspace the server no longer knows (a fresh disk) from the browser's
        copy, under the same link; returns its Desk and how many applications came back. A
        workspace the server still knows is opened as it is (nothing imported)."""
        known = history.open_workspace(token, now)
        if known is not None:
            return cls.of(history, known, now, lang, policy), 0
        from followup.history.exports import import_json

        workspace, _ = history.create_workspace(now, token=token)
        try:
            count = import_json(history, workspace, copy, now)
        except FollowupError:
            history.forget(workspace, tombstone=False)  # nothing restored stays behind
            raise
        return cls.of(history, workspace, now, lang, policy), count

    def _next(self) -> Desk:
        """The Desk after a write: the workspace as the write left it."""
        history, workspace = self._store()
        return Desk(
            history,
            workspace,
            history.read(workspace),
            self.now,
            self.lang,
            self.policy,
            evaluated=self._plans,
            firm_of=self._firm_key,
        )

    def _store(self) -> tuple[History, Workspace]:
        """The history and workspace a write or an export goes to."""
        if self.history is None or self.workspace is None:
            raise HistoryError("workspace_unknown")
        return self.history, self.workspace

    @property
    def key(self) -> tuple[object, ...]:
        """What this Desk's answers depend on: the workspace, its cases' versions and steps,
        the minute and its zone (15.00 WIB and 16.00 WITA are one instant, not the same
        words), and the language. A Desk with the same key answers the same. (The history
        itself too: the page moves to the shared one when it is back after an outage.)"""
        minute = self.now.replace(second=0, microsecond=0)
        workspace = self.workspace.id if self.workspace is not None else None
        versions = tuple(_version(stored) for stored in self.cases)
        where = id(self.history)
        return (where, workspace, versions, minute, str(self.now.tzinfo), self.lang, self.policy)

    # --- one application -------------------------------------------------------------------
    def case(self, case_id: str) -> StoredCase | None:
        return self._by_id.get(case_id)

    def _stored(self, case_id: str) -> StoredCase:
        stored = self._by_id.get(case_id)
        if stored is None:
            raise CaseNotFound(case_id)
        return stored

    def context(self, case_id: str) -> Case:
        """The case with the interviews of the workspace's other applications."""
        found = self._contexts.get(case_id)
        if found is None:
            found = self._contexts[case_id] = in_context(self._stored(case_id), self._firm)
        return found

    def context_key(self, case_id: str) -> tuple[object, ...]:
        """What a case-in-context is made of: the case's version and steps, and the other
        interviews it sees. A draft made from the same key says the same (but for the moment
        it is written for); a new key (a step recorded, another company's interview cancelled)
        makes a new draft."""
        others = tuple((o.company, o.start) for o in self.context(case_id).other_interviews)
        return (_version(self._stored(case_id)), others)

    def plan(self, case_id: str) -> Plan:
        """The plan of one application (evaluated once per Desk and version of the case)."""
        stored = self._stored(case_id)
        version = _version(stored)
        found = self._plans.get(version)
        if found is None:
            try:
                found = evaluate(self.context(case_id), self.now, self.policy, lang=self.lang)
            except FollowupError as exc:  # a case that contradicts the clock: said each time
                found = exc
            self._plans[version] = found
        if isinstance(found, FollowupError):
            raise found
        return found

    def step(
        self, case_id: str, action: ActionId, target: int | None = None
    ) -> Recommendation | None:
        """The plan's recommendation for `action` (aimed at the other interview `target`), if
        the plan shows it."""
        return next(
            (r for r in self.plan(case_id).actions if r.action == action and r.target == target),
            None,
        )

    def application_for(self, case_id: str, target: int | None) -> StoredCase | None:
        """The workspace's application behind the other interview `target` of the case in its
        context; None for an interview the case only lists."""
        others = self.context(case_id).other_interviews
        if target is None or not 0 <= target < len(others):
            return None
        other = others[target]
        for stored in self._firm:
            interview = stored.case.interview
            if (
                stored.id != case_id
                and interview is not None
                and stored.case.company == other.company
                and interview.start == other.start
            ):
                return stored
        return None

    def markable(self, case_id: str, rec: Recommendation) -> bool:
        """The plan offers to record this step ("mark as sent", or "done"): it is to do now or
        later, and doing it leaves a step in the history."""
        if rec.status not in ("now", "wait"):
            return False
        if rec.target is not None:
            return rec.action in AIMED
        return rec.action in EVENT_OF

    def send_at(
        self, case_id: str, action: ActionId, channel: str | None, target: int | None = None
    ) -> datetime:
        """The moment a message is written for (Revision 3): now, or the step's start when it
        waits; a WhatsApp message or a call outside business hours: the next opening (but for
        an urgent cancellation or apology with less than a day's notice, which goes at once)."""
        rec = self.step(case_id, action, target)
        moment = self.now
        if rec is not None and rec.status == "wait" and rec.not_before is not None:
            moment = max(moment, rec.not_before)
        urgent = rec is not None and "notice_under_24h" in rec.flags
        channel = channel or next(iter(channels(action)), None)
        if channel in ("whatsapp", "phone") and not urgent:
            moment = send_time(self.context(case_id), channel, moment, self.policy)
        return moment

    def lebaran_due(
        self, case_id: str, action: ActionId, channel: str | None, target: int | None = None
    ) -> bool:
        """Whether the step's message, sent when `send_at` says, may open with the Lebaran
        greeting (in Syawal, the first message since Idul Fitri; offered, off by default)."""
        if channel not in LEBARAN_CHANNELS:
            return False
        moment = self.send_at(case_id, action, channel, target)
        return lebaran_due(self.context(case_id), moment)

    def draft(
        self,
        case_id: str,
        action: ActionId,
        options: DraftOptions | None = None,
        rewriter: Rewriter | None = None,
    ) -> Draft:
        """The message of a step, written for the case-in-context and for the moment it is
        sent (`send_at`; the other company's own facts, for a message to another interview).
        `MessageError` or `CaseError` with one sentence when it has no message or lacks a
        fact."""
        options = options or DraftOptions()
        rec = self.step(case_id, action, options.target)
        if rec is not None and rec.template is None:  # a tip: nothing to send
            raise MessageError("no_message", action=action)
        if options.lang is None:
            options = replace(options, lang=self.lang)  # the Desk's language, as its plans
        if options.now is None:
            moment = self.send_at(case_id, action, options.channel, options.target)
            options = replace(options, now=moment)
        if rewriter is not None:
            return render_draft(self.context(case_id), action, options, rewriter)
        key = (case_id, action, options)
        found = self._drafts.get(key)
        if found is None:  # a template draft is kept: a rerun that changed nothing only draws it
            found = self._drafts[key] = render_draft(self.context(case_id), action, options)
        return found

    def links(
        self,
        case_id: str,
        action: ActionId,
        channel: str,
        subject: str | None,
        body: str,
        target: int | None = None,
        interviewer: str | None = None,
    ) -> Links:
        """The mailto/WhatsApp/tel links of a draft as the person edited it, addressed to its
        recipient (another company's own contact, for a message to another interview; no
        address for the interviewer's thank-you, whose address the recruiter's is not)."""
        case = self.context(case_id)
        return links_for(case, action, channel, subject, body, target, self.now, interviewer)

    def mark_sent(
        self,
        case_id: str,
        action: ActionId | None,
        *,
        target: int | None = None,
        draft: Draft | None = None,
        confirmed: bool = False,
        new_reply_by: date | None = None,
    ) -> Desk:
        """Record a step (`action`, or a reply from the company when None, with the date it
        said it would answer by, if any) and the message sent for it. Refused exactly when the
        plan does not offer the step (`markable`); a step that should still wait needs
        `confirmed` (NeedsConfirmation otherwise)."""
        stored = self._stored(case_id)
        history, workspace = self._store()
        if action is not None and target is not None:
            self._checked(case_id, action, target, confirmed)
            return self._mark_aimed(stored, action, target, draft)
        kind, step = self._recorded_as(case_id, action, confirmed, new_reply_by)
        history.append_event(
            workspace, stored.id, kind, self.now, self.now, step, new_reply_by=new_reply_by
        )
        if draft is not None and action is not None and has_message(action):
            history.record_draft(workspace, stored.id, draft, True, self.now, step)
        return self._next()

    def _checked(self, case_id: str, action: ActionId, target: int | None, confirmed: bool) -> None:
        """The step may be marked now: the plan offers it (and, early, it was confirmed)."""
        current = self.step(case_id, action, target)
        if current is None or not self.markable(case_id, current):
            raise CaseError("nothing_to_mark", "action", value=action)
        if too_early(current) and not confirmed:
            raise NeedsConfirmation("confirm_early", "action")

    def _recorded_as(
        self,
        case_id: str,
        action: ActionId | None,
        confirmed: bool,
        new_reply_by: date | None,
    ) -> tuple[EventType, str]:
        """The event a step of this application is recorded as: its type and its id."""
        stored = self._stored(case_id)
        if action is None:
            kind: EventType = "reply_received"
        else:
            self._checked(case_id, action, None, confirmed)
            kind = EVENT_OF[action]
        step = event_id(stored, action)
        if action is None and new_reply_by is not None:
            step = f"{step}.{new_reply_by.isoformat()}"  # (each new date is a reply of its own)
        return kind, step

    def journaled(
        self,
        copy: str,
        case_id: str,
        action: ActionId | None,
        *,
        confirmed: bool = False,
        new_reply_by: date | None = None,
    ) -> str | None:
        """The browser's copy with this step added, for when the shared history cannot be
        written (an outage): kept in the browser, and merged in by id once the history is
        back (`merge_copy`). None when the copy does not hold this application."""
        import json

        kind, step = self._recorded_as(case_id, action, confirmed, new_reply_by)
        document = json.loads(copy)
        for item in document.get("cases", []):
            if item.get("id") == case_id:
                event: dict[str, Any] = {"id": step, "type": kind, "at": self.now.isoformat()}
                if new_reply_by is not None:
                    event["new_reply_by"] = new_reply_by.isoformat()
                if all(e.get("id") != step for e in item.setdefault("events", [])):
                    item["events"].append(event)
                return json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        return None

    def _mark_aimed(
        self, stored: StoredCase, action: ActionId, target: int, draft: Draft | None
    ) -> Desk:
        """A step aimed at another interview: recorded on that company's application when the
        workspace has one (told of the offer; or cancelled, and its own plan says so), else on
        the interview this case lists."""
        history, workspace = self._store()
        other = self.application_for(stored.id, target)
        if other is not None:
            if action == "cancel_other_interviews":
                self._withdrawn(other)
            step = event_id(other, action)
            history.append_event(workspace, other.id, AIMED[action], self.now, self.now, step)
            if draft is not None:
                history.record_draft(workspace, other.id, draft, True, self.now, step)
            return self._next()
        if target >= len(stored.case.other_interviews):
            raise CaseError("nothing_to_mark", "action", value=action)
        data = stored.case.model_dump(mode="json")
        done = "cancelled" if action == "cancel_other_interviews" else "told"
        data["other_interviews"][target][done] = True
        history.save_case(workspace, validate(data, self.now), self.now, stored.id)
        if draft is not None:
            history.record_draft(workspace, stored.id, draft, True, self.now)
        return self._next()

    def _withdrawn(self, other: StoredCase) -> None:
        """The other application, saved as cancelled because another offer was accepted (its
        own plan then shows the cancellation done, not a confirmation still to send)."""
        data = other.case.model_dump(mode="json")
        data["cancel"] = {"reason": "accepted_other_offer", "still_interested": False}
        case = validate(data, self.now)
        history, workspace = self._store()
        history.save_case(workspace, case, self.now, other.id)

    def read(self, raw: str, case_id: str | None = None, model: Any = None) -> Proposal:
        """What a company's pasted message says, as a proposal (`followup.reader`): about a
        new application, or about `case_id`'s (its stage, interview and zone). With `model`
        (AI settings, the person having said yes on this paste), the model reads it too and
        its facts are kept where the message bears them out. Nothing is saved; the message
        is not kept."""
        stored = self.case(case_id) if case_id is not None else None
        case = stored.case if stored is not None else None
        zone = case.timezone if case is not None else getattr(self.now.tzinfo, "key", None)
        about: dict[str, Any] = {
            "zone": zone or "Asia/Jakarta",
            "stage": case.stage if case is not None else None,
            "case_start": case.interview.start if case is not None and case.interview else None,
        }
        if model is not None and getattr(model, "configured", False):
            from followup.reader.model import read_with_model

            return read_with_model(raw, self.now, model, **about)
        from followup.reader import read_message

        return read_message(raw, self.now, **about)

    def moves(self, case_id: str) -> list[Move]:
        """What can happen next to an application."""
        return moves(self._stored(case_id).case)

    def move_on(
        self,
        case_id: str,
        move: Move,
        *,
        at: datetime | None = None,
        interview_start: datetime | None = None,
        interview_kind: str | None = None,
    ) -> Desk:
        """Move an application on ("what happened next"), keeping everything already known."""
        stored = self._stored(case_id)
        case = moved(
            stored.case,
            move,
            self.now,
            at=at,
            interview_start=interview_start,
            interview_kind=interview_kind,
        )
        history, workspace = self._store()
        history.save_case(workspace, case, self.now, stored.id)
        return self._next()

    def save_form(
        self,
        form: Form,
        case_id: str | None = None,
        *,
        timezone: str,
        language: str,
        version: int | None = None,
    ) -> tuple[Desk, str]:
        """Validate the form's case and save it (a new version only when something changed);
        returns the next Desk and the case's id. `version`: the version the form was filled
        from; when the case has moved on since (in another tab or on another device), nothing
        is saved (`changed_elsewhere`)."""
        case = validate(form_to_case(form, timezone=timezone, language=language), self.now)
        history, workspace = self._store()
        if case_id is not None and version is not None:
            current = history.case(workspace, case_id)
            if current is not None and current.version != version:
                raise CaseError("changed_elsewhere")
        saved = history.save_case(workspace, case, self.now, case_id)
        return self._next(), saved

    def delete_case(self, case_id: str) -> Desk:
        """Delete one application with its steps and drafts (an unreadable one, for example)."""
        history, workspace = self._store()
        history.delete_case(workspace, case_id)
        return self._next()

    # --- the workspace as a whole ----------------------------------------------------------
    def board(self) -> list[board_rows.BoardRow]:
        """Every application with its next step, open ones first, most urgent first."""
        if self._board is None:
            rows = []
            for stored in self.cases:
                try:
                    plan: Plan | None = self.plan(stored.id)
                except FollowupError:
                    plan = None  # a case that contradicts the clock: listed, nothing to plan
                rows.append(board_rows.row(stored, plan, self.policy.max_follow_ups))
            self._board = board_rows.ranked(rows)
        return self._board

    def upcoming_interviews(self) -> list[tuple[datetime, StoredCase, bool]]:
        """Every coming interview of the workspace (not cancelled), soonest first, each with
        whether another one falls on the same day."""
        coming = sorted(
            (
                (stored.case.interview.start, stored)
                for stored in self.cases
                if stored.case.interview is not None
                and stored.case.interview.start > self.now
                and not cancelled(stored.case)
            ),
            key=lambda item: item[0],
        )
        zone = self.now.tzinfo
        days = Counter(start.astimezone(zone).date() for start, _ in coming)
        return [
            (start, stored, days[start.astimezone(zone).date()] > 1) for start, stored in coming
        ]

    def steps(self) -> list[tuple[datetime, StoredCase, EventType]]:
        """Every recorded step of the workspace, latest first."""
        return sorted(
            (
                (event.at, stored, event.type)
                for stored in self.cases
                for event in stored.case.events
            ),
            key=lambda step: step[0],
            reverse=True,
        )

    def paths(self) -> dict[str, list[tuple[datetime, str]]]:
        """Each application's path: when it entered each situation (invited, scheduled, ...)."""
        found: dict[str, list[tuple[datetime, str]]] = {}
        if self.history is None or self.workspace is None:
            return found
        for case_id, saved_at, situation in self.history.situations(self.workspace):
            steps = found.setdefault(case_id, [])
            if not steps or steps[-1][1] != situation:
                steps.append((saved_at, situation))
        return found

    def calendar(self, link: Callable[[str], str] | None = None) -> bytes:
        """Every application's coming interview and planned steps, as an iCalendar file: the
        steps the plans show; with `link` (a case's id -> its address), each event carries the
        way back to its application."""
        from followup.desk import calendar

        return calendar.ics(self._planned(), self.now, self.lang, link)

    def calendar_link(self, case_id: str, link: Callable[[str], str] | None = None) -> str | None:
        """A Google Calendar link for the application's next planned step, if any (its details
        carrying the application's address, with `link`)."""
        from followup.desk import calendar

        ahead = calendar.upcoming(self.plan(case_id), self.now)
        if not ahead:
            return None
        moment, rec = ahead[0]
        url = link(case_id) if link is not None else None
        return calendar.google_link(self._stored(case_id), rec, moment, self.lang, url)

    def _planned(self) -> list[tuple[StoredCase, Plan]]:
        planned = []
        for stored in self.cases:
            try:
                planned.append((stored, self.plan(stored.id)))
            except FollowupError:
                continue  # a case that contradicts the clock has no plan to put in a calendar
        return planned

    def export(self, fmt: ExportFormat, link: Callable[[str], str] | None = None) -> str:
        """The workspace as a JSON export, a CSV file or an iCalendar file (its events carrying
        each application's address, with `link`)."""
        from followup.history.exports import export_csv

        if fmt == "json":
            return self.snapshot()
        if fmt == "csv":
            return export_csv(*self._store(), self.lang)
        return self.calendar(link).decode("utf-8")

    def exporter(
        self, fmt: ExportFormat, link: Callable[[str], str] | None = None
    ) -> Callable[[], str]:
        """The export, built only when called (a download button's data)."""
        return lambda: self.export(fmt, link)

    def snapshot(self) -> str:
        """The copy of the workspace the browser keeps (the JSON export)."""
        from followup.history.exports import export_json

        return export_json(*self._store(), self.now)

    def import_file(self, raw: bytes | str) -> tuple[Desk, Imported]:
        """Merge an export file into the workspace, whole or not at all (`ImportRefused`,
        `CaseError` or `HistoryFull` with one sentence otherwise)."""
        from followup.history.exports import import_export

        counts = import_export(*self._store(), raw, self.now)
        return self._next(), counts

    def merge_copy(self, copy: str) -> tuple[Desk, int]:
        """Take in what the browser's copy holds and the server lacks (a step recorded while
        the shared history was away, an application created meanwhile), by id; the server's
        own fields of a case it has win. Returns the Desk after it and how many steps and
        applications came in (0: nothing new, nothing written)."""
        from followup.history.exports import read_export

        history, workspace = self._store()
        counts = history.import_cases(workspace, read_export(copy), self.now, keep_known=True)
        added = counts.new_events + counts.new_cases
        return (self._next() if added else self), added

    def forget(self) -> None:
        """Delete the workspace and everything in it; its link can never be restored from a
        browser's copy again (a tombstone of the token's hash)."""
        history, workspace = self._store()
        history.forget(workspace, self.now)


def event_id(stored: StoredCase, action: str | None) -> str:
    """The id of a step's event: the same step of the same round is recorded once."""
    rounds = len(stored.case.previous_rounds)
    step = action or "reply"
    return f"{stored.id}.{step}" if rounds == 0 else f"{stored.id}.r{rounds + 1}.{step}"
