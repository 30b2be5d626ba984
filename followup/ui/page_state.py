"""What the page keeps for one browser session between its runs, in one typed object.

Streamlit's session state holds two kinds of things: the values of widgets (under the widgets'
own keys, which Streamlit needs: `lang`, `timezone`, `company`, `draft-thank_you`, ...) and what
the page itself remembers. The second kind lives here, in one `PageState` under one key, so
every part of the page names the same field the same way, and mypy checks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import streamlit as st

from followup.models import Draft

if TYPE_CHECKING:
    from followup.desk import Desk
    from followup.desk.ai import CircuitBreaker

KEY = "_page"
TODAY_SHOWN = 20  # board rows shown at first ("show more" adds as many again)


@dataclass(frozen=True)
class CardDraft:
    """A card's one draft object: the draft and what it was made from (a new origin starts
    the editable text from the draft again; otherwise the person's edits stay)."""

    origin: tuple[object, ...]
    draft: Draft


@dataclass
class PageState:
    """One session's memory of the page (never a widget's value, never stored anywhere)."""

    # --- the workspace this session uses ---------------------------------------------------
    token: str | None = None  # its link's token (also in the address: ?w=)
    workspace_id: str | None = None  # None: none yet, or forgotten (`workspace_gone`)
    workspace_gone: bool = False  # forgotten in another tab, or by the purge
    generation: int = 0  # the history's when the workspace was opened (`Opened.generation`)
    desk: Desk | None = None  # the Desk of the last run (kept while its key holds)
    # --- one page run ------------------------------------------------------------------------
    run: int = 0  # page runs so far (not fragments')
    in_run: bool = False  # a page run is going on (callbacks and fragments: outside one)
    exists_checked: tuple[str, int | None] | None = None  # (workspace, run) checked to exist
    rerun_app: bool = False  # a fragment's callback changed the plan: rerun the whole page
    # --- settings (secrets and environment: read once; the settings box's values) ---------
    secrets: dict[str, str] | None = None
    db_path: str | None = None
    zone: str | None = None  # the timezone chosen in the settings box
    typed_key: str = ""  # the AI key typed this session (memory only)
    settings_drawn: bool = False  # the settings box was open in the last run
    # --- what is shown -----------------------------------------------------------------------
    notice: tuple[str, str] | None = None  # (kind, sentence), until dismissed
    # a company's message read ("paste"): (the case it is about, or None; the proposal);
    # the message itself stays in its text box only
    paste: tuple[str | None, dict[str, Any]] | None = None
    # a browser copy that could not be restored: offered for download with the notice, never
    # replaced (issue 25)
    unrestored: str | None = None
    case_id: str | None = None  # the open application
    composing: bool = False  # a new application's form is open
    today_shown: int = TODAY_SHOWN
    history_page: int = 1
    move_errors: dict[str, str] = field(default_factory=dict)  # case -> its move's error
    memo: dict[str, tuple[object, Any]] = field(default_factory=dict)  # texts per Desk
    # --- the case form -----------------------------------------------------------------------
    form: dict[str, Any] | None = None  # the opened case's form (values, base, exact times)
    form_slots: int = 3  # rows of proposed slots
    form_parked: bool = False  # the form's values are out of the session state
    form_errors: dict[str, str] = field(default_factory=dict)  # widget -> its error
    # --- the cards ---------------------------------------------------------------------------
    cards: dict[str, CardDraft] = field(default_factory=dict)  # action -> its draft
    edited: dict[str, dict[str, str]] = field(default_factory=dict)  # action -> edits
    points: dict[tuple[str, str], str] = field(default_factory=dict)  # (case, action) -> points
    points_of: dict[str, str] = field(default_factory=dict)  # action -> case its field shows
    ai_notice: bool = False  # a card of this run already said that AI is paused
    ai_cache: dict[Any, Any] = field(default_factory=dict)  # one request per template, points
    ai_breaker: CircuitBreaker | None = None  # the session's memory of a failed model
    # --- the browser's copy ------------------------------------------------------------------
    browser_checked: bool = False  # the browser reported what it holds
    browser_left: bool = False  # this tab left its workspace: do not resume from the copy
    browser_dirty: bool = False  # a write was confirmed: send a fresh copy
    browser_sent: str | None = None  # the token whose copy was sent this visit
    browser_failed: str | None = None  # the id of the last failed copy, said once
    # the last copy sent to the browser this visit: (when, its size in bytes)
    browser_saved: tuple[datetime, int] | None = None
    # the other workspaces this browser keeps a copy of: (token, companies, count, saved at)
    browser_others: tuple[tuple[str, tuple[str, ...], int, str], ...] = ()
    browser_copy: str | None = None  # the last copy sent to the browser (the journal's base)
    # steps recorded in the browser's copy while the shared history could not be written:
    # merged in as soon as it can be (issue 25)
    journal: str | None = None
    browser_command: dict[str, Any] | None = None  # a command for the browser, from a callback

    def leave(self) -> None:
        """Nothing of a left workspace stays (a shared computer: the next person starts
        clean): its link, the open case, the form, the cards' texts and the AI key."""
        fresh = PageState(
            run=self.run,
            in_run=self.in_run,
            secrets=self.secrets,
            db_path=self.db_path,
            zone=self.zone,
            settings_drawn=self.settings_drawn,
            browser_checked=self.browser_checked,
            browser_left=self.browser_left,
            browser_failed=self.browser_failed,
            browser_command=self.browser_command,
            ai_breaker=self.ai_breaker,
        )
        self.__dict__.update(fresh.__dict__)


def page() -> PageState:
    """This session's page state (created on first use)."""
    found = st.session_state.get(KEY)
    if found is None:
        found = st.session_state[KEY] = PageState()
    return found
