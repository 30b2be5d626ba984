"""The plan of the selected case: cards most urgent first, drafts, do/don't, timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

import streamlit as st

from followup.desk import (
    Desk,
    FollowupError,
    StoredCase,
    flags_to_show,
    format_moment,
    format_short_day,
    source,
    text,
    too_early,
    upcoming_steps,
)
from followup.models import ActionId, Draft, Plan, Recommendation
from followup.ui import browser_store, state
from followup.ui.draft_view import (  # noqa: F401 - changes_markdown re-exported
    card_id,
    changes_markdown,
    draft_area,
)
from followup.ui.page_state import CardDraft, page
from followup.ui.state import rerun_app, t
from followup.ui.words import plain, small, when

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
    lines: dict[str, str]  # a folded card's one line: its badge and what (and when it opens)
    summary: str  # the do and avoid lists and the timeline, one element
    calendar: str | None  # a Google Calendar link for the next step


def render(desk: Desk, stored: StoredCase) -> None:
    lang = desk.lang
    case = stored.case
    try:
        plan = desk.plan(stored.id)
    except FollowupError as exc:
        st.error(exc.message(lang))
        return
    # the words are composed once per Desk (its key: the cases, the minute, zone and language)
    words = state.memo("plan_words", (stored.id, desk.key), lambda: plan_words(desk, stored, plan))
    page().ai_notice = False  # no card of this run has said that AI is paused yet
    st.markdown(words.header)
    focus = in_focus(plan)
    for rec in plan.actions:
        card = card_id(rec)
        if rec.status in FOLDED:
            _folded(card, words.lines[card], words.cards[card])
        else:
            line = None if rec.status == "now" or rec is focus else words.lines[card]
            _card(desk, stored, rec, words.cards[card], line)
    if case.stage in ("interviewed", "scheduled") and plan.get("follow_up") is not None:
        # "the company replied": with the date they said they would answer by, if they gave
        # one (Revision 3: it re-opens the follow-ups from that date)
        with st.popover(t("reply_button"), icon=":material/mark_email_unread:"):
            st.date_input(t("reply_new_date"), value=None, key="reply_new_by")
            st.button(t("reply_record"), key="mark_reply", on_click=_mark_reply, args=(stored.id,))
    # the do/don't lists, the timeline and the calendar: one line until opened (issue 26)
    more = st.expander(t("plan_more"), key="plan_more", on_change="rerun", icon=":material/event:")
    if more.open:
        with more:
            st.markdown(words.summary)
            _calendar(desk, words)


def plan_words(desk: Desk, stored: StoredCase, plan: Plan) -> PlanWords:
    case, now, lang = stored.case, desk.now, desk.lang
    about = [plain(text(lang, "ui", "case_title", position=case.position, company=case.company))]
    if case.previous_rounds:
        about.append(plain(text(lang, "ui", "round", n=len(case.previous_rounds) + 1)))
    about.append(plain(text(lang, "ui", "now_label", moment=format_moment(now, lang))))
    header = f"### {plain(text(lang, 'ui', 'plan_title'))}\n\n" + small("  \n".join(about))
    upcoming = upcoming_steps(plan, now)
    summary = [_do_and_dont(plan, lang), _timeline_text(stored, plan, upcoming, now, lang)]
    return PlanWords(
        header=header,
        cards={card_id(rec): _card_text(rec, now, lang) for rec in plan.actions},
        lines={card_id(rec): _line(rec, now, lang) for rec in plan.actions},
        summary="\n\n".join(part for part in summary if part),
        calendar=desk.calendar_link(stored.id, state.case_link()),
    )


def in_focus(plan: Plan) -> Recommendation | None:
    """The step the page opens whole (issue 26: one step in focus on a phone): every step to
    do now, else the first one to wait for; every other step is one line until tapped."""
    return next((r for r in plan.actions if r.status == "now"), None) or next(
        (r for r in plan.actions if r.status == "wait"), None
    )


def _line(rec: Recommendation, now: datetime, lang: str) -> str:
    """A folded step in one line: its badge, what, and for a step to wait for, its day."""
    said = f"{badge(rec.status, lang)} {plain(text(lang, 'action', rec.action))}"
    if rec.status == "wait" and rec.not_before is not None:
        day = format_short_day(rec.not_before.astimezone(now.tzinfo), lang)
        said += f" — {plain(text(lang, 'ui', 'line_from', day=day))}"
    return said


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
    notes = [plain(text(lang, "flag", flag)) for flag in flags_to_show(rec.flags)]
    small_lines = [*notes, plain(text(lang, "ui", "sources", sources=cited))]
    return "  \n".join(lines) + "\n\n" + small("  \n".join(small_lines))


def _card(
    desk: Desk, stored: StoredCase, rec: Recommendation, said: str, line: str | None = None
) -> None:
    """One step's card, drawn with the page: whole, or (`line`) a step to wait for folded to
    one line that opens on a tap. Folded, it is still drawn, so its buttons are there for
    whoever looks for them. Only its draft area is a fragment (a channel, tone, points, AI or
    draft change reruns that area alone); marking the step reruns the page, since the plan
    changes. Few elements per card: a rerun's cost is mostly Streamlit's, per element, and a
    fragment costs about two elements."""
    card = card_id(rec)
    box = (
        st.container(border=True, key=f"action-{card}")
        if line is None
        else st.expander(line, key=f"action-{card}")
    )
    with box:
        st.markdown(said)
        if rec.template is not None and rec.status in ("now", "wait"):
            # a step that must wait gets its draft on request (prepared ahead): the switch
            # reruns the page once, and the draft area is a fragment only when it is drawn
            if rec.status == "now" or st.toggle(t("prepare_draft"), key=f"prepare-{card}"):
                draft_area(stored.id, rec)
        if not desk.markable(stored.id, rec):
            return
        if not too_early(rec):
            label = t("mark_done") if rec.action == "linkedin_connect" else t("mark_sent")
            st.button(
                label,
                key=f"mark_sent-{card}",
                type="primary" if rec.status == "now" else "secondary",
                on_click=_mark,
                args=(stored.id, rec.action, False, rec.target),
            )
        else:
            # a step that should still wait is marked only after the person confirms it
            with st.popover(t("mark_early"), icon=":material/schedule_send:"):
                st.caption(t("confirm_early_text"))
                st.button(
                    t("confirm_early_yes"),
                    key=f"mark_sent-{card}",
                    on_click=_mark,
                    args=(stored.id, rec.action, True, rec.target),
                )


def mark_reply(case_id: str, new_reply_by: date | None) -> None:
    """Record "the company replied" (with the date they gave), as the plan's own button does."""
    _mark(case_id, None, new_reply_by=new_reply_by)


FOLDED = ("avoid", "done", "expired")  # steps that ask nothing now: one line until opened


def _folded(card: str, line: str, said: str) -> None:
    """A step that asks nothing now (one to avoid, one done, one whose time has passed): its
    badge and what, in one line; its when, why and sources drawn only when opened. The step
    to do now stays whole (issue 26: one step in focus on a phone)."""
    box = st.expander(line, key=f"action-{card}", on_change="rerun")
    if box.open:
        with box:
            st.markdown(said)


def _mark_reply(case_id: str) -> None:
    """on_click of "record the reply": the date typed with this very click, if any."""
    said = st.session_state.get("reply_new_by")
    _mark(case_id, None, new_reply_by=said if isinstance(said, date) else None)
    st.session_state.pop("reply_new_by", None)


def _mark(
    case_id: str,
    action: ActionId | None,
    confirmed: bool = False,
    target: int | None = None,
    new_reply_by: date | None = None,
) -> None:
    """Record the step; the toast confirms it only after its commit. The event id is the
    step's own (case, round and action), so a double click, a reload mid-action or a second
    tab marking the same step records it once. The Desk is the one that drew the card: the
    step is checked against the very plan the person saw."""
    lang = state.lang()
    try:
        state.ensure_workspace()
        desk = state.desk()
        if desk.case(case_id) is None:
            return
        card = action if target is None or action is None else f"{action}-{target}"
        after = desk.mark_sent(
            case_id,
            action,
            target=target,
            draft=_sent_draft(card),
            confirmed=confirmed,
            new_reply_by=new_reply_by,
        )
    except FollowupError as exc:
        away = exc.key in ("history_write_failed", "history_read_failed")
        if away and _journaled(case_id, action, target, confirmed, new_reply_by):
            st.toast(t("journaled"), icon=":material/cloud_off:")
            return
        st.toast(exc.message(lang), icon=":material/error:")
        return
    state.wrote(after)
    browser_store.changed()
    rerun_app()
    step = text(lang, "action", action) if action else t("reply_button")
    st.toast(t("marked", step=step), icon=":material/check:")


def _journaled(
    case_id: str,
    action: ActionId | None,
    target: int | None,
    confirmed: bool,
    new_reply_by: date | None,
) -> bool:
    """The history could not take the step (the shared store is away): kept in the browser's
    copy instead, to be merged in when it is back. False when there is no copy to keep it in."""
    base = page().journal or page().browser_copy
    desk = page().desk  # the Desk that drew the card: the history cannot be read now
    if base is None or target is not None or desk is None:
        return False
    try:
        copy = desk.journaled(base, case_id, action, confirmed=confirmed, new_reply_by=new_reply_by)
    except (FollowupError, ValueError):
        return False
    if copy is None:
        return False
    browser_store.journal(copy)
    return True


def _sent_draft(card: str | None) -> Draft | None:
    """The draft as the card shows it (with the person's edits), kept with the sent step."""
    if card is None:
        return None
    kept: CardDraft | None = page().cards.get(card)
    channel = st.session_state.get(f"channel-{card}")
    body = st.session_state.get(f"draft-{card}")
    if kept is None or not channel or not body:
        return None
    subject = st.session_state.get(f"subject-{card}") if channel == "email" else None
    return Draft.model_validate(
        {
            "action": kept.draft.action,
            "channel": channel,
            "language": state.lang(),
            "tone": st.session_state.get(f"tone-{card}") or "formal",
            "subject": subject or None,
            "body": body,
            "source": kept.draft.source,
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


def _calendar(desk: Desk, words: PlanWords) -> None:
    if desk.workspace is not None:
        st.download_button(
            t("add_calendar"),
            data=desk.calendar,  # built only when clicked
            file_name="followup.ics",
            mime="text/calendar",
            key="plan_ics",
            on_click="ignore",
            icon=":material/event:",
        )
    if words.calendar is not None:
        st.link_button(t("google_calendar"), words.calendar)
