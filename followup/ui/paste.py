""" "Paste the company's message" (issue 27): the message is read (`Desk.read`), what it says is
shown, and only then used — put into the new application's form, which the person checks and
saves as ever, or, for a reply about an open application, recorded with one more tap. The
message itself is never stored: it lives in its text box for this session only.

A box drawn only when opened, like "what happened next": closed, it costs one element.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import streamlit as st

from followup.desk import (
    Desk,
    FollowupError,
    StoredCase,
    format_day,
    format_moment,
    proposal_to_form,
)
from followup.ui import form, plan_view, state
from followup.ui.form import labels
from followup.ui.page_state import page
from followup.ui.state import t
from followup.ui.words import plain, sentence

TEXT_KEY = "paste_text"
# the "what happened next" move that records a kind of news (the person confirms it there)
MOVE = {
    "new_time_proposed": "rescheduled",
    "reschedule_accepted": "rescheduled",
    "next_round": "next_round",
    "rejection": "rejected",
    "offer": "offer",
}
MAX_CHARS = 20_000  # the reader's own limit (20 kB)


def box(desk: Desk, stored: StoredCase | None) -> None:
    """The box, for a new application (`stored` None) or for `stored`'s news."""
    opened = st.expander(
        t("paste_title"), key="paste", on_change="rerun", icon=":material/content_paste:"
    )
    if not opened.open:
        return
    case_id = stored.id if stored is not None else None
    with opened:
        st.text_area(
            t("paste_label"), key=TEXT_KEY, height=160, max_chars=MAX_CHARS, help=t("paste_help")
        )
        if state.llm_settings().configured:  # sent to the model only with this yes
            st.checkbox(t("paste_ai"), key="paste_ai", value=False)
        st.button(t("paste_read"), key="paste_read", on_click=_read, args=(case_id,))
        kept = page().paste
        if kept is not None and kept[0] == case_id:
            _shown(desk, case_id, kept[1])


def _read(case_id: str | None) -> None:
    """on_click of "read": the proposal, or one sentence why the message cannot be read."""
    raw = st.session_state.get(TEXT_KEY) or ""
    try:
        model = state.llm_settings() if st.session_state.get("paste_ai") else None
        proposal = state.desk().read(raw, case_id, model)
    except FollowupError as exc:
        page().paste = None
        st.toast(sentence(exc.message(state.lang())), icon=":material/error:")
        return
    page().paste = (case_id, proposal.model_dump(mode="json"))


def _shown(desk: Desk, case_id: str | None, proposal: dict[str, Any]) -> None:
    lang, now = desk.lang, desk.now
    kind = proposal["kind"]
    case, event = proposal["case"], proposal["event"] or {}
    promised = event.get("new_reply_by")
    said = t(f"paste_kind_{kind}", date=_day(promised, lang) if promised else "")
    lines = [plain(said), *_facts(case, lang, now)]
    missing = [t("missing_" + name.replace(".", "_")) for name in proposal["not_found"]]
    if missing:
        lines.append(plain(t("paste_not_found", fields=", ".join(missing))))
    st.markdown("  \n".join(lines))
    if proposal.get("source") == "llm":
        st.caption(t("paste_by_ai"))
    start = (case.get("interview") or {}).get("start")
    if start and datetime.fromisoformat(start) < now:
        st.warning(t("paste_past"), icon=":material/history:")
    other = _another_company(desk, case_id, case.get("company"))
    if other:
        st.caption(plain(t("paste_other_company", company=other)))
    if (case_id is None or other or kind == "invitation") and kind != "unknown":
        st.button(t("paste_use"), key="paste_use", type="primary", on_click=_use, args=(case,))
    elif case_id is not None and kind in ("reply", "reply_with_date"):
        st.button(
            t("paste_apply_reply"),
            key="paste_apply",
            type="primary",
            on_click=_reply,
            args=(case_id, promised),
        )
    elif case_id is not None and MOVE.get(kind) in desk.moves(case_id):
        st.button(
            t("paste_to_next_event"),
            key="paste_next_event",
            type="primary",
            on_click=_to_next_event,
            args=(case_id, MOVE[kind], start),
        )
    elif case_id is not None and kind not in ("confirmation", "unknown"):
        st.caption(t("paste_use_next_event"))


def _another_company(desk: Desk, case_id: str | None, company: str | None) -> str | None:
    """The company the message names, when it is not the open application's."""
    stored = desk.case(case_id) if case_id is not None else None
    if stored is None or not company:
        return None
    ours, theirs = (
        " ".join(c.casefold().replace(".", " ").split()) for c in (stored.case.company, company)
    )
    return None if ours in theirs or theirs in ours else company


def _facts(case: dict[str, Any], lang: str, now: datetime) -> list[str]:
    """What the message says, a line each, as text (never markdown from the message)."""
    interview = case.get("interview") or {}
    contact = case.get("contact") or {}
    kind = interview.get("format")
    found: list[tuple[str, str | None]] = [
        ("read_company", case.get("company")),
        ("read_position", case.get("position")),
        ("read_start", _moment(interview.get("start"), lang, now)),
        ("read_format", labels("format_")(kind) if kind else None),
        ("read_location", interview.get("location")),
        ("read_contact", _contact(contact)),
        ("read_answer_by", _day((case.get("offer") or {}).get("answer_by"), lang)),
    ]
    return [f"- {plain(t(label))}: {plain(value)}" for label, value in found if value]


def _moment(value: str | None, lang: str, now: datetime) -> str | None:
    if not value:
        return None
    return format_moment(datetime.fromisoformat(value).astimezone(now.tzinfo), lang)


def _day(value: str | None, lang: str) -> str | None:
    return format_day(date.fromisoformat(value), lang) if value else None


def _contact(contact: dict[str, Any]) -> str | None:
    if not contact.get("name"):
        return None
    salutation = contact.get("salutation")
    honorific = labels("salutation_")(salutation) if salutation else ""
    return f"{honorific} {contact['name']}".strip()


def _use(case: dict[str, Any]) -> None:
    """on_click of "put it into the form": a new application's form, filled with what the
    message said; the person checks it and saves it as any other."""
    kept = page()
    kept.case_id = None
    if state.CASE_PARAM in st.query_params:
        del st.query_params[state.CASE_PARAM]
    kept.composing = True
    form.reset()
    form.fill("invited", proposal_to_form(case, state.now()))
    kept.paste = None
    st.session_state[TEXT_KEY] = ""  # the message goes: it is not kept anywhere
    kept.notice = ("info", t("paste_filled"))


def _reply(case_id: str, promised: str | None) -> None:
    """on_click of "record this reply": the reply, with the date it promised, recorded as the
    plan's own "the company replied" does."""
    plan_view.mark_reply(case_id, date.fromisoformat(promised) if promised else None)
    page().paste = None
    st.session_state[TEXT_KEY] = ""


def _to_next_event(case_id: str, move: str, start: str | None) -> None:
    """on_click of "fill it in under 'Any news?'": that box, opened with the move and the
    time the message gave; the person checks it and updates the application there."""
    st.session_state["next_event"] = True
    st.session_state[f"next_event_move-{case_id}"] = move
    if start:
        moment = datetime.fromisoformat(start).astimezone(state.now().tzinfo)
        st.session_state["next_event_date"] = moment.date()
        st.session_state["next_event_time"] = moment.time().replace(tzinfo=None)
    page().paste = None
    st.session_state[TEXT_KEY] = ""
    page().notice = ("info", t("paste_next_event_filled"))
