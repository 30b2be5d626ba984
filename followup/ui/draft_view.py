"""The draft area of a plan card: channel and tone, talking points, the optional AI
version with what it changed, the editable draft, its copy box and the links that send it.
Each card keeps one `CardDraft`; the person's edits stay until the draft itself changes."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import streamlit as st

from followup.desk import Desk, DraftOptions, FollowupError, channels, clean_points, marked
from followup.models import TONES, ActionId, Case, Draft, Recommendation
from followup.ui import state
from followup.ui.copy_button import copy_button
from followup.ui.form import labels
from followup.ui.page_state import CardDraft, page
from followup.ui.state import t
from followup.ui.words import plain, when

if TYPE_CHECKING:
    from followup.desk.ai import CircuitBreaker


@st.fragment
def draft_area(case_id: str, rec: Recommendation) -> None:
    """A card's draft area, a fragment: a channel, tone, points or AI change reruns this
    area only, not the page or the card's text and buttons around it. The draft is the
    Desk's: written for the case in its workspace (the other company's own interview, for a
    message to it)."""
    state.follow_app_rerun()
    desk = state.desk()
    stored = desk.case(case_id)
    if stored is None:
        return
    lang, now = desk.lang, desk.now
    action, card = rec.action, card_id(rec)
    offered = channels(action)
    channel_key, tone_key = f"channel-{card}", f"tone-{card}"
    st.session_state.setdefault(channel_key, rec.channel if rec.channel in offered else offered[0])
    st.session_state.setdefault(tone_key, default_tone(stored.case, action))
    with st.container(horizontal=True, gap="medium"):  # one element, where columns are three
        st.segmented_control(
            t("channel"),
            offered,
            key=channel_key,
            format_func=labels("channel_", "ui"),
        )
        st.segmented_control(
            t("tone"),
            TONES,
            key=tone_key,
            format_func=labels("tone_", "ui"),
        )
    channel = st.session_state.get(channel_key) or offered[0]
    tone = st.session_state.get(tone_key) or "formal"
    interviewer = _interviewer(stored.case, action, card)
    if interviewer == "":
        st.caption(t("interviewer_needed"))
        return
    config = state.llm_settings()
    # with the AI on (as last drawn), the points are notes the model writes out; without it,
    # a sentence that goes in as typed
    ai_on = config.configured and bool(st.session_state.get(f"ai-{card}"))
    points, discussed = _points(stored.id, card, action == "thank_you", ai_on)
    # In Syawal, the first message since Idul Fitri may open with a Lebaran line: offered,
    # never added unasked (Revision 3)
    lebaran = desk.lebaran_due(case_id, action, channel, rec.target) and st.checkbox(
        t("lebaran"), key=f"lebaran-{card}", help=t("lebaran_help")
    )
    use_ai = config.configured and st.toggle(t("ai_toggle"), key=f"ai-{card}")
    if use_ai and clean_points(points):  # the field says what still goes out
        from followup.desk.ai import outgoing_points

        st.caption(t("points_sent", points=plain(outgoing_points(desk, case_id, points))))
    # written for the moment it is sent (the Desk works it out: `Draft.send_at`)
    options = DraftOptions(
        channel,
        tone,
        lang,
        points,
        target=rec.target,
        discussed=discussed or None,
        lebaran=lebaran,
        interviewer=interviewer,
    )
    breaker = _breaker()
    try:
        if use_ai and not breaker.open:
            draft = _ai_draft(desk, case_id, action, options, config, breaker)
        else:  # kept by the Desk per choice (a rerun that changed nothing only draws it)
            draft = desk.draft(case_id, action, options)
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
        desk.context_key(case_id),
        points,
        discussed,
        lebaran,
        interviewer,
        draft.source,
    )
    body_key, subject_key = f"draft-{card}", f"subject-{card}"
    remembered = page()
    before = remembered.cards.get(card)
    if before is None or before.origin != origin:  # a new draft: the edits of the old one go
        body, subject = draft.body, draft.subject or ""
        remembered.edited.pop(card, None)
    else:  # the same draft: the person's edits (the widgets', else those kept aside)
        kept = remembered.edited.get(card) or {}
        body = st.session_state.get(body_key, kept.get("body", draft.body))
        subject = st.session_state.get(subject_key, kept.get("subject", draft.subject or ""))
    # Given on every run, not only when it changes: a run that sets a value can be cut short
    # by the next one (a browser message), and a widget first drawn by that next run would
    # otherwise start empty.
    st.session_state[body_key] = body
    st.session_state[subject_key] = subject
    remembered.cards[card] = CardDraft(origin, draft)  # kept with the sent draft
    if draft.send_at is not None and draft.send_at > now + timedelta(minutes=1):
        st.caption(t("written_for", when=plain(when(draft.send_at, now, lang))))
    if draft.subject is not None:
        st.text_input(t("subject"), key=subject_key, on_change=_keep_edit, args=(card,))
    st.text_area(t("draft"), key=body_key, height=260, on_change=_keep_edit, args=(card,))
    if draft.source == "llm":
        _changes(draft)
    sent_subject = st.session_state.get(subject_key) if draft.subject is not None else None
    sent_body = st.session_state.get(body_key) or ""
    links = desk.links(case_id, action, channel, sent_subject, sent_body, rec.target, interviewer)
    copy_button(sent_body, key=f"copy-{card}")
    if links.mailto:
        st.link_button(t("open_email"), links.mailto, icon=":material/mail:")
    if links.whatsapp:
        st.link_button(t("open_whatsapp"), links.whatsapp, icon=":material/chat:")
    if links.tel:
        st.link_button(t("call"), links.tel, icon=":material/call:")


def _interviewer(case: Case, action: str, card: str) -> str | None:
    """Through a recruiter, a thank-you goes to the recruiter (an update) or, when the person
    knows who interviewed them, to the interviewer (Revision 3): the name typed for that one
    ("" while it is still to be typed), None for the recruiter's."""
    if action != "thank_you" or case.contact is None or not case.contact.via_recruiter:
        return None
    to = st.segmented_control(
        t("thank_to"),
        ("recruiter", "interviewer"),
        key=f"to-{card}",
        default="recruiter",
        format_func=labels("thank_to_", "ui"),
    )
    if to != "interviewer":
        return None
    name = st.text_input(
        t("interviewer_name"), key=f"interviewer-{card}", max_chars=80, help=t("interviewer_help")
    )
    return " ".join(name.split())


def default_tone(case: Case, action: str) -> str:
    """The tone a card starts in: a thank-you after a short screening call is short (concise);
    after a final, executive or hiring-manager round it is the fuller formal one (Revision 3:
    kind-aware); everything else formal."""
    kind = case.interview.kind if case.interview is not None else None
    return "concise" if action == "thank_you" and kind == "screening" else "formal"


def card_id(rec: Recommendation) -> str:
    """The key of a step's card: its action, and for a step aimed at another interview its
    target too (one card per company)."""
    return rec.action if rec.target is None else f"{rec.action}-{rec.target}"


def _points(
    case_id: str, card: str, ask_discussed: bool = False, ai_on: bool = False
) -> tuple[str, str]:
    """The person's own points for this message, and for a thank-you one thing that was
    discussed, in a box opened on request: drawn only when open (a closed box is one element,
    not a text field, on every rerun of the card), and kept per case while it is closed: the
    draft goes on using them, and another application's card never does."""
    remembered = page()
    field_key, discussed_key = f"points-{card}", f"discussed-{card}"
    kept = remembered.points.get((case_id, card), "")
    kept_discussed = remembered.points.get((case_id, f"{card}.discussed"), "")
    box = st.expander(
        t("talking_points"),
        key=f"points_box-{card}",
        on_change="rerun",  # (reruns this draft area only: it is a fragment)
        icon=":material/edit_note:",
    )
    if not box.open:
        return kept, kept_discussed
    if field_key not in st.session_state or remembered.points_of.get(card) != case_id:
        st.session_state[field_key] = kept  # reopened, or another case: this case's points
        st.session_state[discussed_key] = kept_discussed
    remembered.points_of[card] = case_id
    with box:
        discussed = kept_discussed
        if ask_discussed:  # a thank-you says only what happened: the person says what
            discussed = st.text_input(
                t("discussed"),
                key=discussed_key,
                max_chars=120,
                help=t("discussed_help"),
                on_change=_keep_points,
                args=(case_id, card),
            )
            remembered.points[(case_id, f"{card}.discussed")] = discussed
        points = st.text_area(
            t("talking_points") if ai_on else t("points_typed"),
            key=field_key,
            max_chars=600,
            height=68,
            help=t("points_ai_help") if ai_on else t("points_typed_help"),
            on_change=_keep_points,  # (also when the box is closed by the same click)
            args=(case_id, card),
        )
    remembered.points[(case_id, card)] = points
    return points, discussed


def _keep_points(case_id: str, card: str) -> None:
    kept = page().points
    kept[(case_id, card)] = st.session_state.get(f"points-{card}") or ""
    if f"discussed-{card}" in st.session_state:
        kept[(case_id, f"{card}.discussed")] = st.session_state.get(f"discussed-{card}") or ""


def _ai_draft(
    desk: Desk,
    case_id: str,
    action: ActionId,
    options: DraftOptions,
    config: Any,
    breaker: CircuitBreaker,
) -> Draft:
    from followup.desk import ai

    cache = page().ai_cache  # one request per template and points
    rewriter = ai.rewriter(config, cache=cache, breaker=breaker)
    with st.spinner(t("ai_working")):
        return desk.draft(case_id, action, options, rewriter)


def _breaker() -> CircuitBreaker:
    """The session's memory of a failed model (a failure costs once, not on every rerun)."""
    from followup.desk.ai import CircuitBreaker

    kept = page()
    if kept.ai_breaker is None:
        kept.ai_breaker = CircuitBreaker()
    return kept.ai_breaker


def _retry_ai() -> None:
    _breaker().reset()


def _ai_paused(breaker: CircuitBreaker) -> None:
    """One sentence: the drafts use the templates now; "try AI again" (once per page)."""
    said = t("ai_paused_refused" if breaker.reason == "refused" else "ai_paused_unavailable")
    kept = page()
    if kept.ai_notice:
        st.caption(said)
        return
    kept.ai_notice = True
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
    """What the AI version changed: first what to read before sending ("check this"), then the
    model's own sentences for the person's points, then the word-level difference."""
    opened = bool(draft.changes or draft.check)
    with st.expander(t("ai_changes", n=len(draft.changes)), expanded=opened):
        for item in draft.check:
            st.warning(
                t("ai_check", why=plain(item.why), text=plain(item.text)),
                icon=":material/visibility:",
            )
        if draft.own:
            st.caption(t("ai_own", text=plain(draft.own)))
        if draft.changes:
            st.markdown(changes_markdown(draft))
            st.caption(t("ai_changes_legend"))
        else:
            st.caption(t("ai_unchanged"))


def _keep_edit(card: str) -> None:
    """on_change of a draft's subject or body: the edit is kept outside the widgets too."""
    page().edited[card] = {
        "body": st.session_state.get(f"draft-{card}") or "",
        "subject": st.session_state.get(f"subject-{card}") or "",
    }
