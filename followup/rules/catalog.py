"""The catalogue of actions: one row per action, read side by side with `etiquette-rules.md`.

A row names the situations it applies to, the rule that decides it (a small function of the
`Context`), its sources, the reason keys it may answer with, the channels it has a message
on (none: no message), the event that marks it done, the channel the plan names, whether it
is urgent (never held back by office hours) and whether its message goes to the companies of
the other interviews. A situation's rules are the rows that name it, in the order below (ties
in urgency keep it).

Everything else reads this vocabulary from here: the events "mark as sent" records
(`EVENT_OF`), which actions have a message and on which channels (`channels`), the tones and
channels themselves (from `followup.models`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import get_args

from followup.models import (
    CHANNELS,
    DRAFT_CHANNELS,
    TONES,
    ActionId,
    Channel,
    DraftChannel,
    EventType,
    SourceId,
    Stage,
)
from followup.rules import after, before, cancel
from followup.rules.core import Rule, Situation

WRITTEN: tuple[DraftChannel, ...] = ("email", "whatsapp")  # chasing by phone is a don't
ANY: tuple[DraftChannel, ...] = ("email", "whatsapp", "phone")


@dataclass(frozen=True)
class Action:
    id: ActionId
    situations: tuple[Situation, ...]
    decide: Rule
    sources: tuple[SourceId, ...]
    reasons: tuple[str, ...]  # keys under the action in the `[reason]` section
    channels: tuple[DraftChannel, ...] = ANY  # message channels, preferred first; () = none
    done_by: EventType | None = None  # what "mark as sent / done" records
    via: Channel | None = "email"  # the channel the plan names (contract: `channel`)
    urgent: bool = False  # sent at once, whatever the hour (cancelling cannot wait)
    # stages in which the message goes to the companies of the other interviews, not this one
    to_others: tuple[Stage, ...] = ()


_MEET: tuple[SourceId, ...] = ("membatalkan-wawancara",)
_ASK: tuple[SourceId, ...] = ("kalibrr-dos-donts", "kapan-follow-up")

ACTIONS: tuple[Action, ...] = (
    # --- invited -------------------------------------------------------------------------------
    Action(
        "accept_invitation",
        ("invited",),
        before.accept_invitation,
        ("jangan-menolak", "membatalkan-wawancara"),
        ("now", "now_soon", "late", "expired", "done"),
        done_by="invitation_accepted",
    ),
    Action(
        "decline_invitation",
        ("invited",),
        before.decline_invitation,
        ("jangan-menolak",),
        ("avoid", "now", "now_soon", "late", "expired", "done"),
        done_by="invitation_declined",
    ),
    # --- scheduled -----------------------------------------------------------------------------
    Action(
        "confirm_interview",
        ("scheduled",),
        before.confirm_interview,
        _MEET,
        ("now", "expired", "done"),
        done_by="interview_confirmed",
    ),
    Action(
        "confirm_new_time",
        ("scheduled", "cancel"),
        before.confirm_new_time,
        _MEET,
        ("now", "expired", "done"),
        channels=WRITTEN,
        done_by="interview_confirmed",
    ),
    # --- cancel or reschedule ------------------------------------------------------------------
    Action(
        "ask_interview_info",
        ("cancel",),
        cancel.ask_interview_info,
        _MEET,
        ("now", "done"),
        done_by="interview_confirmed",  # the message confirms attendance too
    ),
    Action(
        "cancel_interview",
        ("cancel",),
        cancel.cancel_interview,
        _MEET,
        (
            "now",
            "now_honest",
            "avoid_interested",
            "avoid_unprepared",
            "expired",
            "declined",
            "done",
        ),
        done_by="interview_cancelled",
        urgent=True,
    ),
    Action(
        "reschedule_interview",
        ("cancel",),
        cancel.reschedule_interview,
        _MEET,
        ("now", "expired", "declined", "done"),
        done_by="reschedule_requested",
        urgent=True,
    ),
    Action(
        "apologize_missed_interview",
        ("cancel",),
        cancel.apologize_missed_interview,
        _MEET,
        ("now", "done"),
        done_by="apology_sent",
        urgent=True,
    ),
    Action(
        "reply_reschedule_declined",
        ("cancel",),
        cancel.reply_reschedule_declined,
        _MEET,
        ("now",),
    ),
    Action(
        "apology_note",
        ("cancel",),
        cancel.apology_note,
        _MEET,
        ("now", "done"),
        done_by="apology_sent",
    ),
    # --- before and after the interview --------------------------------------------------------
    Action(
        "collect_contact",
        ("scheduled", "interviewed"),
        after.collect_contact,
        ("kalibrr-dos-donts",),
        ("tip", "now", "done"),
    ),
    Action(
        "thank_you",
        ("interviewed",),
        after.thank_you,
        ("email-terima-kasih", "kapan-follow-up"),
        ("wait", "now", "late", "expired", "done"),
        channels=WRITTEN,
        done_by="thank_you_sent",
    ),
    Action(
        "follow_up",
        ("interviewed",),
        after.follow_up,
        ("kapan-follow-up",),
        ("wait", "wait_reply_by", "now", "now_reply_by", "done"),
        channels=WRITTEN,
        done_by="follow_up_sent",
    ),
    Action(
        "second_follow_up",
        ("interviewed",),
        after.second_follow_up,
        _ASK,
        ("wait", "wait_reply_by", "now", "now_reply_by", "avoid", "done"),
        channels=WRITTEN,
        done_by="follow_up_sent",
    ),
    Action("third_follow_up", ("interviewed",), after.third_follow_up, _ASK, ("avoid",), ()),
    Action(
        "call_for_result",
        ("interviewed",),
        after.call_for_result,
        ("kalibrr-dos-donts",),
        ("avoid",),
        (),
        via="phone",
    ),
    # --- several interviews and the offer ------------------------------------------------------
    Action(
        "respond_to_offer",
        ("offer",),
        after.respond_to_offer,
        ("kalibrr-dos-donts",),
        ("now", "late", "done"),
        channels=WRITTEN,  # the details of an offer are confirmed in writing
        done_by="offer_reply_sent",
    ),
    Action(
        "negotiate_offer",
        ("offer",),
        after.negotiate_offer,
        ("kalibrr-dos-donts",),
        ("now",),
        channels=WRITTEN,
    ),
    Action(
        "accept_offer",
        ("offer",),
        after.accept_offer,
        ("kalibrr-dos-donts",),
        ("now", "done"),
        channels=WRITTEN,
        done_by="offer_accepted",
    ),
    Action(
        "decline_offer",
        ("offer",),
        after.decline_offer,
        _MEET,
        ("now", "done"),
        channels=WRITTEN,
        done_by="offer_declined",
    ),
    Action(
        "tell_lower_priority",
        ("invited", "scheduled", "offer"),
        before.tell_lower_priority,
        _MEET,
        ("now", "now_offer", "now_offer_by", "done", "done_offer"),
        channels=WRITTEN,
        done_by="lower_priority_told",
        to_others=("offer",),  # while an offer waits: tell the others; on a clash: this one
    ),
    Action(
        "cancel_other_interviews",
        ("offer",),
        after.cancel_other_interviews,
        _MEET,
        ("now", "done"),
        to_others=get_args(Stage),  # always about the other interviews
    ),
    # --- ending ------------------------------------------------------------------------------
    Action(
        "linkedin_connect",
        ("scheduled", "cancel", "interviewed", "rejected", "offer"),
        after.linkedin_connect,
        _MEET,
        ("avoid", "now", "done"),
        channels=("email", "whatsapp", "linkedin"),
        done_by="linkedin_connected",
        via=None,
    ),
    Action(
        "move_on",
        ("interviewed", "rejected"),
        after.move_on,
        ("kapan-follow-up", "kalibrr-dos-donts"),
        (
            "wait",
            "wait_silence",
            "wait_reply_by",
            "wait_after_reply",
            "now",
            "now_silence",
            "now_reply_by",
            "now_after_reply",
            "now_rejected",
        ),
        (),
        via=None,
    ),
    Action(
        "thank_after_rejection",
        ("rejected",),
        after.thank_after_rejection,
        _ASK,
        ("now", "late", "done"),
        channels=WRITTEN,
        done_by="rejection_reply_sent",
    ),
)

BY_ID: dict[str, Action] = {row.id: row for row in ACTIONS}
NO_MESSAGE: frozenset[str] = frozenset(row.id for row in ACTIONS if not row.channels)
EVENT_OF: dict[str, EventType] = {row.id: row.done_by for row in ACTIONS if row.done_by is not None}

__all__ = [
    "ACTIONS",
    "BY_ID",
    "CHANNELS",
    "DRAFT_CHANNELS",
    "EVENT_OF",
    "NO_MESSAGE",
    "TONES",
    "Action",
    "addressed_to_others",
    "channels",
    "has_message",
    "reason_keys",
    "rows_for",
]


def channels(action: str) -> tuple[DraftChannel, ...]:
    """The channels `action` has a message on, preferred first (empty: no message)."""
    row = BY_ID.get(action)
    return () if row is None else row.channels


def addressed_to_others(action: str, stage: str) -> bool:
    """The message of `action` goes to the companies of the case's other interviews."""
    row = BY_ID.get(action)
    return row is not None and stage in row.to_others


def has_message(action: str) -> bool:
    return bool(channels(action))


def reason_keys(action: str) -> tuple[str, ...]:
    """Every `[reason]` key the action may answer with."""
    return tuple(f"{action}.{key}" for key in BY_ID[action].reasons)


@lru_cache(maxsize=32)
def _rows(situations: frozenset[Situation]) -> tuple[Action, ...]:
    return tuple(row for row in ACTIONS if situations.intersection(row.situations))


def rows_for(situations: Iterable[Situation]) -> tuple[Action, ...]:
    """The rows that name any of `situations`, in catalogue order."""
    return _rows(frozenset(situations))
