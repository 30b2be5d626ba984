"""The plan of the selected case: cards most urgent first, drafts, do/don't, timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlencode

import streamlit as st

from followup import session
from followup.errors import FollowupError
from followup.history import StoredCase
from followup.history.exports import export_ics
from followup.i18n import format_moment, text
from followup.models import ActionId, Draft, Plan, Recommendation
from followup.rules.catalog import NO_MESSAGE
from followup.sources import source
from followup.ui import browser_store, state
from followup.ui.draft_view import (  # noqa: F401 - CardDraft, changes_markdown re-exported
    AI_NOTICE,
    CardDraft,
    changes_markdown,
    draft_area,
)
from followup.ui.state import rerun_app, t
from followup.ui.words import plain, small, when

if TYPE_CHECKING:
    pass

BADGE: dict[str, Literal["green", "blue", "red", "gray", "orange"]] = {
    "now": "green",
    "wait": "blue",
    "avoid": "red",
    "done": "gray",
    "expired": "orange",
}
ICON = {
    "now": ":material/bolt:",
    "wait": ":material/schedule:",
    "avoid": ":material/block:",
    "done": ":material/check_circle:",
    "expired": ":material/history:",
}


def badge(status: str, lang: str) -> str:
    """The status badge of a step, as markdown."""
    return f":{BADGE[status]}-badge[{ICON[status]} {text(lang, 'status', status)}]"


@dataclass(frozen=True)
class PlanWords:
    """Every text of a plan's page, as markdown: composed once per plan (the same key as the
    plan's), so a rerun that changed nothing only draws them."""

    header: str
    cards: dict[str, str]
    summary: str  # the do and avoid lists and the timeline, one element
    calendar: str | None  # a Google Calendar link for the next step


def render(stored: StoredCase, cases: list[StoredCase]) -> None:
    lang, now = state.lang(), state.now()
    case = stored.case
    key = (stored.id, state.version_of(cases), state.clock(now), lang)
    try:
        plan = state.memo("plan", key, lambda: session.plan(stored, cases, now, lang))
    except FollowupError as exc:
        st.error(exc.message(lang))
        return
    words = state.memo("plan_words", key, lambda: plan_words(stored, plan, now, lang))
    st.session_state[AI_NOTICE] = False  # no card of this run has said that AI is paused yet
    st.markdown(words.header)
    for rec in plan.actions:
        _card(stored, rec, words.cards[rec.action], lang, now)
    if case.stage in ("interviewed", "scheduled") and plan.get("follow_up") is not None:
        st.button(
            t("reply_button"),
            key="mark_reply",
            on_click=_mark,
            args=(stored.id, None),
        )
    st.markdown(words.summary)
    _calendar(words, now, lang)


def plan_words(stored: StoredCase, plan: Plan, now: datetime, lang: str) -> PlanWords:
    case = stored.case
    about = [plain(text(lang, "ui", "case_title", position=case.position, company=case.company))]
    if case.previous_rounds:
        about.append(plain(text(lang, "ui", "round", n=len(case.previous_rounds) + 1)))
    about.append(plain(text(lang, "ui", "now_label", moment=format_moment(now, lang))))
    header = f"### {plain(text(lang, 'ui', 'plan_title'))}\n\n" + small("  \n".join(about))
    upcoming = _upcoming(plan, now)
    calendar = None
    if upcoming:
        moment, rec = upcoming[0]
        calendar = google_calendar_link(stored, rec, moment, lang)
    summary = [_do_and_dont(plan, lang), _timeline_text(stored, plan, upcoming, now, lang)]
    return PlanWords(
        header=header,
        cards={rec.action: _card_text(rec, now, lang) for rec in plan.actions},
        summary="\n\n".join(part for part in summary if part),
        calendar=calendar,
    )


def _card_text(rec: Recommendation, now: datetime, lang: str) -> str:
    """A card's text as one element: the step, when, why, then its flags and sources as
    small grey lines."""
    lines = [badge(rec.status, lang), f"**{plain(text(lang, 'action', rec.action))}**"]
    if rec.status == "wait" and rec.not_before is not None:
        lines.append(plain(text(lang, "ui", "not_before", when=when(rec.not_before, now, lang))))
    elif rec.deadline is not None and rec.status == "now":
        lines.append(plain(text(lang, "ui", "deadline", when=when(rec.deadline, now, lang))))
    lines.append(plain(rec.reason))
    cited = "; ".join(source(s).citation(lang) for s in rec.sources)
    notes = [plain(text(lang, "flag", flag)) for flag in rec.flags]
    small_lines = [*notes, plain(text(lang, "ui", "sources", sources=cited))]
    return "  \n".join(lines) + "\n\n" + small("  \n".join(small_lines))


def _card(stored: StoredCase, rec: Recommendation, said: str, lang: str, now: datetime) -> None:
    """One step's card, drawn with the page. Only its draft area is a fragment (a channel,
    tone, points, AI or draft change reruns that area alone); marking the step reruns the
    page, since the plan changes. Few elements per card: a rerun's cost is mostly
    Streamlit's, per element, and a fragment costs about two elements."""
    with st.container(border=True, key=f"action-{rec.action}"):
        st.markdown(said)
        if rec.action not in NO_MESSAGE and rec.status in ("now", "wait"):
            # a step that must wait gets its draft on request (prepared ahead): the switch
            # reruns the page once, and the draft area is a fragment only when it is drawn
            if rec.status == "now" or st.toggle(t("prepare_draft"), key=f"prepare-{rec.action}"):
                draft_area(stored, rec, lang, now)
        if (
            rec.action in session.EVENT_OF
            and rec.status in ("now", "wait")
            and not (session.too_early(rec))
        ):
            label = t("mark_done") if rec.action == "linkedin_connect" else t("mark_sent")
            st.button(
                label,
                key=f"mark_sent-{rec.action}",
                type="primary" if rec.status == "now" else "secondary",
                on_click=_mark,
                args=(stored.id, rec.action),
            )
        elif rec.action in session.EVENT_OF and session.too_early(rec):
            # a step that should still wait is marked only after the person confirms it
            with st.popover(t("mark_early"), icon=":material/schedule_send:"):
                st.caption(t("confirm_early_text"))
                st.button(
                    t("confirm_early_yes"),
                    key=f"mark_sent-{rec.action}",
                    on_click=_mark,
                    args=(stored.id, rec.action, True),
                )


def _mark(case_id: str, action: ActionId | None, confirmed: bool = False) -> None:
    """Record the step; the toast confirms it only after its commit. The event id is the
    step's own (case, round and action), so a double click, a reload mid-action or a second
    tab marking the same step records it once."""
    lang = state.lang()
    try:
        workspace = state.ensure_workspace()
        stored = session.open_case(state.history(), workspace, case_id)
        if stored is None:
            return
        session.mark_sent(
            state.history(),
            workspace,
            stored,
            action,
            state.now(),
            draft=_sent_draft(action),
            confirmed=confirmed,
        )
    except FollowupError as exc:
        st.toast(exc.message(lang), icon=":material/error:")
        return
    browser_store.changed()
    rerun_app()
    step = text(lang, "action", action) if action else t("reply_button")
    st.toast(t("marked", step=step), icon=":material/check:")


def _sent_draft(action: ActionId | None) -> Draft | None:
    """The draft as the card shows it (with the person's edits), kept with the sent step."""
    if action is None or action in NO_MESSAGE:
        return None
    channel = st.session_state.get(f"channel-{action}")
    body = st.session_state.get(f"draft-{action}")
    card: CardDraft | None = st.session_state.get(f"_draft-{action}")
    if not channel or not body:
        return None
    subject = st.session_state.get(f"subject-{action}") if channel == "email" else None
    return Draft.model_validate(
        {
            "action": action,
            "channel": channel,
            "language": state.lang(),
            "tone": st.session_state.get(f"tone-{action}") or "formal",
            "subject": subject or None,
            "body": body,
            "source": card.draft.source if card is not None else "template",
        }
    )


def _do_and_dont(plan: Plan, lang: str) -> str:
    todo = [r for r in plan.actions if r.status in ("now", "wait")]
    avoid = [r for r in plan.actions if r.status == "avoid"]
    lines: list[str] = []  # both lists in one element
    for title, recs in (("do_title", todo), ("dont_title", avoid)):
        if recs:
            items = [f"- {plain(text(lang, 'action', rec.action))}" for rec in recs]
            lines += [f"**{text(lang, 'ui', title)}**", "", *items, ""]
    return "\n".join(lines)


def _upcoming(plan: Plan, now: datetime) -> list[tuple[datetime, Recommendation]]:
    return sorted(
        (
            (moment, rec)
            for rec in plan.actions
            for moment in (rec.not_before if rec.status == "wait" else rec.deadline,)
            if moment is not None and moment > now and rec.status in ("now", "wait")
        ),
        key=lambda pair: pair[0],
    )


def _timeline_text(
    stored: StoredCase,
    plan: Plan,
    upcoming: list[tuple[datetime, Recommendation]],
    now: datetime,
    lang: str,
) -> str:
    lines = [f"**{text(lang, 'ui', 'timeline')}**", ""]
    for event in sorted(stored.case.events, key=lambda e: e.at):
        said = format_moment(event.at, lang)
        lines.append(f"- {plain(said)} · {plain(text(lang, 'event', event.type))}")
    for moment, rec in upcoming:
        lines.append(
            f"- {plain(when(moment, now, lang))} · {plain(text(lang, 'action', rec.action))}"
        )
    if plan.next_change is not None:  # when this plan changes by itself (one element less)
        said = plain(text(lang, "ui", "next_change", moment=format_moment(plan.next_change, lang)))
        lines += ["", small(said)]
    return "\n".join(lines)


def _calendar(words: PlanWords, now: datetime, lang: str) -> None:
    workspace = state.workspace()
    if workspace is not None:
        st.download_button(
            t("add_calendar"),
            data=partial(export_ics, state.history(), workspace, now, lang),
            file_name="followup.ics",
            mime="text/calendar",
            key="plan_ics",
            on_click="ignore",
            icon=":material/event:",
        )
    if words.calendar is not None:
        st.link_button(t("google_calendar"), words.calendar)


def google_calendar_link(
    stored: StoredCase, rec: Recommendation, moment: datetime, lang: str
) -> str:
    """A Google Calendar "add event" link (just a link: nothing is sent until the user clicks)."""
    start = moment.astimezone(UTC)
    end = start + timedelta(minutes=30)
    title = f"{text(lang, 'action', rec.action)} — {stored.case.company}"
    query = urlencode(
        {
            "action": "TEMPLATE",
            "text": title,
            "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}",
            "details": rec.reason,
        }
    )
    return f"https://calendar.google.com/calendar/render?{query}"
