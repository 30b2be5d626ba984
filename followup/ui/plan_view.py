"""The plan of the selected case: cards most urgent first, drafts, do/don't, timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlencode

import streamlit as st

from followup import session
from followup.changes import marked
from followup.errors import FollowupError
from followup.history import StoredCase
from followup.history.exports import export_ics
from followup.i18n import format_moment, text
from followup.messages import DraftOptions, channels, clean_points, links_for, render_draft
from followup.models import TONES, ActionId, Draft, Plan, Recommendation
from followup.rules.catalog import NO_MESSAGE
from followup.sources import source
from followup.ui import browser_store, state
from followup.ui.form import labels
from followup.ui.state import t
from followup.ui.words import plain, when

if TYPE_CHECKING:
    from followup.tone import CircuitBreaker

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


def render(stored: StoredCase, cases: list[StoredCase]) -> None:
    lang, now = state.lang(), state.now()
    case = stored.case
    try:
        plan = state.memo(
            "plan",
            (stored.id, state.version_of(cases), state.minute(now), lang),
            lambda: session.plan(stored, cases, now, lang),
        )
    except FollowupError as exc:
        st.error(exc.message(lang))
        return
    st.session_state[AI_NOTICE] = False  # no card of this run has said that AI is paused yet
    st.subheader(t("plan_title"))
    st.caption(plain(t("case_title", position=case.position, company=case.company)))
    if case.previous_rounds:
        st.caption(t("round", n=len(case.previous_rounds) + 1))
    st.caption(t("now_label", moment=format_moment(now, lang)))
    for rec in plan.actions:
        _card(stored, rec, lang, now)
    if case.stage in ("interviewed", "scheduled") and plan.get("follow_up") is not None:
        st.button(
            t("reply_button"),
            key="mark_reply",
            on_click=_mark,
            args=(stored.id, None),
        )
    _do_and_dont(plan)
    _timeline(stored, plan)
    if plan.next_change is not None:
        st.caption(t("next_change", moment=format_moment(plan.next_change, lang)))


def rerun_app() -> None:
    """In a callback of a fragment's widget: what it did changes the plan, so the whole page
    runs again (a fragment alone would rerun only itself)."""
    st.session_state[APP_RERUN] = True


def follow_app_rerun() -> None:
    """At the top of a fragment: the whole page, if a callback asked for it. (A full run
    clears the request at its start, so it never runs twice.)"""
    if st.session_state.pop(APP_RERUN, False):
        st.rerun(scope="app")


APP_RERUN = "_rerun_app"


@st.fragment
def _card(stored: StoredCase, rec: Recommendation, lang: str, now: datetime) -> None:
    """One step's card, a fragment: its channel, tone, AI switch and draft edits rerun this
    card only; marking it as sent reruns the page (the plan changes)."""
    follow_app_rerun()
    # Few elements per card: a rerun's cost is mostly Streamlit's, per element.
    with st.container(border=True, key=f"action-{rec.action}"):
        lines = [badge(rec.status, lang), f"**{plain(text(lang, 'action', rec.action))}**"]
        if rec.status == "wait" and rec.not_before is not None:
            lines.append(plain(t("not_before", when=when(rec.not_before, now, lang))))
        elif rec.deadline is not None and rec.status == "now":
            lines.append(plain(t("deadline", when=when(rec.deadline, now, lang))))
        lines.append(plain(rec.reason))
        st.markdown("  \n".join(lines))
        cited = "; ".join(source(s).citation(lang) for s in rec.sources)
        notes = [plain(text(lang, "flag", flag)) for flag in rec.flags]
        st.caption("  \n".join([*notes, plain(t("sources", sources=cited))]))
        if rec.action not in NO_MESSAGE and rec.status in ("now", "wait"):
            # a step that must wait gets its draft on request (prepare it ahead)
            if rec.status == "now" or st.toggle(t("prepare_draft"), key=f"prepare-{rec.action}"):
                _draft(stored, rec, lang, now)
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


AI_NOTICE = "_ai_notice"  # whether a card of this run already shows "AI is paused"


@dataclass(frozen=True)
class CardDraft:
    """A card's one draft object: the draft and what it was made from (a new origin starts
    the editable text from the draft again; otherwise the person's edits stay)."""

    origin: tuple[object, ...]
    draft: Draft


def _draft(stored: StoredCase, rec: Recommendation, lang: str, now: datetime) -> None:
    action = rec.action
    offered = channels(action)
    channel_key, tone_key = f"channel-{action}", f"tone-{action}"
    st.session_state.setdefault(channel_key, offered[0])
    st.session_state.setdefault(tone_key, "formal")
    left, right = st.columns(2)
    with left:
        st.segmented_control(
            t("channel"),
            offered,
            key=channel_key,
            format_func=labels("channel_", "ui"),
        )
    with right:
        st.segmented_control(
            t("tone"),
            TONES,
            key=tone_key,
            format_func=labels("tone_", "ui"),
        )
    channel = st.session_state.get(channel_key) or offered[0]
    tone = st.session_state.get(tone_key) or "formal"
    points = st.text_area(
        t("talking_points"),
        key=f"points-{action}",
        max_chars=600,
        height=68,
        help=t("talking_points_help"),
    )
    config = state.llm_settings()
    use_ai = config.configured and st.toggle(t("ai_toggle"), key=f"ai-{action}")
    if use_ai and clean_points(points):  # the field says what still goes out
        from followup.redact import redact_points

        outgoing = redact_points(stored.case, clean_points(points))
        st.caption(t("points_sent", points=plain(outgoing)))
    options = DraftOptions(channel, tone, lang, points, now)
    breaker = _breaker()
    try:
        if use_ai and not breaker.open:
            draft = _ai_draft(stored, action, options, config, breaker)
        else:
            draft = render_draft(stored.case, action, options)
    except FollowupError as exc:
        st.info(exc.message(lang))
        return
    if use_ai and breaker.open:
        _ai_paused(breaker)  # one sentence for the session's failed model, not per draft
    elif draft.llm_rejected:
        st.warning(draft.llm_rejected, icon=":material/info:")
    elif draft.source == "llm":
        st.caption(t("ai_used"))
    origin = (
        channel,
        tone,
        lang,
        stored.id,
        stored.version,
        len(stored.case.events),
        points,
        draft.source,
    )
    body_key, subject_key, card_key = f"draft-{action}", f"subject-{action}", f"_draft-{action}"
    card = st.session_state.get(card_key)
    edited_key = f"_edited-{action}"
    if card is None or card.origin != origin:  # a new draft: the edits of the old one go
        body, subject = draft.body, draft.subject or ""
        st.session_state.pop(edited_key, None)
    else:  # the same draft: the person's edits (the widgets', else those kept aside)
        kept = st.session_state.get(edited_key) or {}
        body = st.session_state.get(body_key, kept.get("body", draft.body))
        subject = st.session_state.get(subject_key, kept.get("subject", draft.subject or ""))
    # Given on every run, not only when it changes: a run that sets a value can be cut short
    # by the next one (a browser message), and a widget first drawn by that next run would
    # otherwise start empty.
    st.session_state[body_key] = body
    st.session_state[subject_key] = subject
    st.session_state[card_key] = CardDraft(origin, draft)  # kept with the sent draft
    if draft.subject is not None:
        st.text_input(t("subject"), key=subject_key, on_change=_keep_edit, args=(action,))
    st.text_area(t("draft"), key=body_key, height=260, on_change=_keep_edit, args=(action,))
    if draft.source == "llm":
        _changes(draft)
    sent_subject = st.session_state.get(subject_key) if draft.subject is not None else None
    sent_body = st.session_state.get(body_key) or ""
    links = links_for(stored.case, action, channel, sent_subject, sent_body)
    with st.expander(t("copy")):
        st.code(sent_body, language=None, wrap_lines=True)
    if links.mailto:
        st.link_button(t("open_email"), links.mailto, icon=":material/mail:")
    if links.whatsapp:
        st.link_button(t("open_whatsapp"), links.whatsapp, icon=":material/chat:")
    if links.tel:
        st.link_button(t("call"), links.tel, icon=":material/call:")


def _ai_draft(
    stored: StoredCase,
    action: ActionId,
    options: DraftOptions,
    config: Any,
    breaker: CircuitBreaker,
) -> Draft:
    from followup import tone as tone_step

    cache = st.session_state.setdefault("_ai_cache", {})  # one request per template and points
    rewriter = tone_step.rewriter(config, cache=cache, breaker=breaker)
    with st.spinner(t("ai_working")):
        return render_draft(stored.case, action, options, rewriter)


def _breaker() -> CircuitBreaker:
    """The session's memory of a failed model (a failure costs once, not on every rerun)."""
    from followup.tone import CircuitBreaker

    breaker: CircuitBreaker = st.session_state.setdefault("_ai_breaker", CircuitBreaker())
    return breaker


def _retry_ai() -> None:
    _breaker().reset()


def _ai_paused(breaker: CircuitBreaker) -> None:
    """One sentence: the drafts use the templates now; "try AI again" (once per page)."""
    said = t("ai_paused_refused" if breaker.reason == "refused" else "ai_paused_unavailable")
    if st.session_state.get(AI_NOTICE):
        st.caption(said)
        return
    st.session_state[AI_NOTICE] = True
    st.warning(said, icon=":material/cloud_off:")
    st.button(t("ai_retry"), key="ai_retry", on_click=_retry_ai, icon=":material/refresh:")


_MARK = {"same": "{}", "added": ":green-background[{}]", "removed": ":red[~~{}~~]"}


def changes_markdown(draft: Draft) -> str:
    """The AI version as markdown with its word-level difference from the template: added
    words on green, the template's words they replace struck through in red. Every word goes
    through `plain` first, so nothing the model wrote is read as markdown, HTML or a link."""
    lines = []
    for field, value in (("subject", draft.subject), ("body", draft.body)):
        if value is None:
            continue
        for runs in marked(value, draft.changes, field):  # type: ignore[arg-type]
            lines.append(" ".join(_MARK[kind].format(plain(words)) for kind, words in runs))
        lines.append("")
    return "  \n".join(lines).strip()


def _changes(draft: Draft) -> None:
    with st.expander(t("ai_changes", n=len(draft.changes)), expanded=bool(draft.changes)):
        if draft.changes:
            st.markdown(changes_markdown(draft))
            st.caption(t("ai_changes_legend"))
        else:
            st.caption(t("ai_unchanged"))


def _keep_edit(action: str) -> None:
    """on_change of a draft's subject or body: the edit is kept outside the widgets too."""
    st.session_state[f"_edited-{action}"] = {
        "body": st.session_state.get(f"draft-{action}") or "",
        "subject": st.session_state.get(f"subject-{action}") or "",
    }


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


def _do_and_dont(plan: Plan) -> None:
    lang = state.lang()
    todo = [r for r in plan.actions if r.status in ("now", "wait")]
    avoid = [r for r in plan.actions if r.status == "avoid"]
    left, right = st.columns(2)
    for column, title, recs in ((left, "do_title", todo), (right, "dont_title", avoid)):
        items = [f"- {plain(text(lang, 'action', rec.action))}" for rec in recs]
        column.markdown("\n".join([f"**{t(title)}**", "", *items]))


def _timeline(stored: StoredCase, plan: Plan) -> None:
    lang, now = state.lang(), state.now()
    lines = [f"**{t('timeline')}**", ""]
    for event in sorted(stored.case.events, key=lambda e: e.at):
        said = format_moment(event.at, lang)
        lines.append(f"- {plain(said)} · {plain(text(lang, 'event', event.type))}")
    upcoming = sorted(
        (moment, rec)
        for rec in plan.actions
        for moment in (rec.not_before if rec.status == "wait" else rec.deadline,)
        if moment is not None and moment > now and rec.status in ("now", "wait")
    )
    for moment, rec in upcoming:
        lines.append(
            f"- {plain(when(moment, now, lang))} · {plain(text(lang, 'action', rec.action))}"
        )
    st.markdown("\n".join(lines))
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
    if upcoming:
        moment, rec = upcoming[0]
        st.link_button(t("google_calendar"), google_calendar_link(stored, rec, moment, lang))


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
