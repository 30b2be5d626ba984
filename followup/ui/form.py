"""The case form: only the fields a situation needs, inline errors, saved on submit.

The widgets hold a `followup.formmap.Form`'s values under their own keys; opening a case
fills them from the case (`load`), submitting turns them back into the case and saves it
through the session's `Desk` (`followup.desk`). Nothing of a stored case is lost on the
way: the form carries the case's other fields, exact times and recorded steps along.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import streamlit as st

from followup.desk import (
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
    FollowupError,
    Form,
    InvalidCase,
    StoredCase,
    case_to_form,
    defaults,
    field_path,
    format_moment,
    slot_rows,
    text,
)
from followup.ui import browser_store, state
from followup.ui.page_state import page
from followup.ui.state import t
from followup.ui.words import sentence

__all__ = ["CANCEL_REASONS", "FORMATS", "KINDS", "SITUATIONS", "labels", "load", "render", "reset"]

SHOW_DECLARED = "show_declared"  # the switch that draws the steps already taken

# A field of the case -> the widget that shows its error.
_WIDGET_OF = {
    "company": "company",
    "position": "position",
    "candidate_name": "candidate_name",
    "candidate_phone": "candidate_phone",
    "contact.name": "contact_name",
    "contact.salutation": "contact_salutation",
    "offer": "offer_date",
    "offer.received_at": "offer_date",
    "offer.answer_by": "answer_by",
    "contact.email": "contact_email",
    "contact.phone": "contact_phone",
    "interview": "interview_date",
    "interview.start": "interview_date",
    "interview.duration_minutes": "duration",
    "interview.location": "location",
    "reply_by": "reply_by",
    "invited_at": "invited_date",
    "rejected_at": "rejected_date",
    "cancel": "cancel_reason",
    "cancel.proposed_slots": "slot1_date",
}


def widget_for(field: str) -> str:
    if field.startswith("other_interviews["):
        index = int(field.split("[")[1].split("]")[0])
        part = field.split("].", 1)[1] if "]." in field else "start"
        name = {"company": "company", "position": "position"}.get(part, "date")
        name = "email" if part.startswith("contact.email") else name
        name = "contact" if part.startswith("contact.name") else name
        return f"other{index + 1}_{name}"
    if field.startswith("cancel.proposed_slots["):
        index = int(field.split("[")[1].split("]")[0])
        return f"slot{index + 1}_date"
    if field.startswith("events"):
        return "thank_you_date"
    return _WIDGET_OF.get(field, "company")


def _form_keys() -> list[str]:
    return list(defaults("scheduled", state.now(), _slots()))


def _slots() -> int:
    return page().form_slots


def load(stored: StoredCase) -> None:
    """The form of a stored case (opening it, or after it was saved). Its values wait in
    `_form`, out of the session state, until the form is drawn (`_restore_hidden`): most runs
    after a save or an opened case show the plan, not the form."""
    park()  # the previous case's values go (with the previous number of slot rows)
    form = case_to_form(stored.case)
    kept = page()
    kept.form = {
        "case_id": stored.id,
        "version": stored.version,
        "situation": form.situation,
        "values": form.values,
        "base": form.base,
        "exact": form.exact,
        "recorded": sorted(form.recorded),
    }
    kept.form_slots = slot_rows(form.values)
    kept.form_errors = {}


def reset() -> None:
    """An empty form for a new application."""
    kept = page()
    kept.form = None
    kept.form_slots = 3
    _fill("interviewed", {})
    st.session_state[SHOW_DECLARED] = False


def fill(situation: str, values: dict[str, Any]) -> None:
    """The form for `situation` with `values` over an empty form's (a pasted message's)."""
    _fill(situation, values)


def _fill(situation: str, values: dict[str, Any]) -> None:
    now = state.now()
    filled = defaults(situation, now, _slots()) | values
    st.session_state.update(filled)
    st.session_state["situation"] = situation
    kept = page()
    kept.form_parked = False
    kept.form_errors = {}


def _restore_hidden() -> None:
    """Widgets not drawn in the last run lose their values: put the form's back."""
    page().form_parked = False
    kept = page().form
    values = kept["values"] if kept else {}
    situation = kept["situation"] if kept else "interviewed"
    missing = [k for k in _form_keys() if k not in st.session_state]
    if missing:
        filled = defaults(situation, state.now(), _slots()) | values
        for key in missing:
            st.session_state[key] = filled.get(key)
    st.session_state.setdefault("situation", situation)
    # the switch too: opened again, the form shows the steps of a case that has some
    st.session_state.setdefault(SHOW_DECLARED, _declared_shown(kept, values))


def park() -> None:
    """The form is not drawn in this run: its values leave the session state (they are kept
    in `_form`, and `_restore_hidden` puts them back when it is drawn again). Streamlit goes
    through every key of the session state for each text field and choice box it draws, so
    forty keys no widget uses would be paid on every rerun of the plan."""
    if page().form_parked:  # (once: taking out a key that is not there costs)
        return
    for key in ("situation", SHOW_DECLARED, *_form_keys()):
        st.session_state.pop(key, None)
    page().form_parked = True


def current_form(situation: str) -> Form:
    """The form's widgets as a `Form`, with the opened case's base, exact times and steps."""
    kept = page().form
    values = {k: st.session_state.get(k) for k in _form_keys()}
    if kept is None:
        return Form(situation, values)  # type: ignore[arg-type]
    return Form(
        situation,  # type: ignore[arg-type]
        values,
        kept["base"],
        kept["exact"],
        frozenset(kept["recorded"]),
    )


def _error_widget(exc: FollowupError) -> str:
    if isinstance(exc, InvalidCase):
        first = exc.error.errors(include_url=False)[0]
        ctx = first.get("ctx") or {}
        return widget_for(str(ctx.get("field") or field_path(tuple(first["loc"]))))
    return widget_for(exc.field or "")


def _field_label(widget: str) -> str:
    """A field as the person sees it, for the sentence under it: its label, quoted, without
    its "(optional)" ("“Tanggal wawancara”", not `interview.start`)."""
    numbered = re.fullmatch(r"(other|slot)(\d+)_(\w+)", widget)
    key, n = (f"{numbered[1]}_{numbered[3]}", numbered[2]) if numbered else (widget, "")
    try:
        label = t(key, n=n)
    except KeyError:  # a field whose label is not a text of its own: say it as the path would
        return ""
    return t("field_quoted", label=re.sub(r"\s*\([^)]*\)$", "", label))


def submit(situation: str) -> None:
    """on_click of the form: validate, save, select the case; or keep the errors."""
    remembered = page()
    kept = remembered.form
    case_id = kept["case_id"] if kept else None
    remembered.form_errors = {}
    try:
        state.ensure_workspace()
        after, saved = state.desk().save_form(
            current_form(situation),
            case_id,
            timezone=state.zone(),
            language=state.lang(),
            version=kept.get("version") if kept else None,
        )
        stored = after.case(saved)
    except FollowupError as exc:  # invalid, or the database refused: the form keeps it all
        if exc.key == "changed_elsewhere" and case_id is not None:
            latest = state.desk().case(case_id)
            if latest is not None:
                load(latest)  # show what the other tab saved; nothing of it is overwritten
        widget = _error_widget(exc)
        named = exc.message(state.lang(), field_name=_field_label(widget))
        remembered.form_errors = {widget: named}
        return
    state.wrote(after)
    browser_store.changed()
    if stored is not None:
        load(stored)
    remembered.case_id = saved
    st.query_params[state.CASE_PARAM] = saved  # a reload shows the same case
    remembered.composing = False
    st.session_state["edit_details"] = False
    st.toast(t("saved"))


def _field(widget: Any, key: str, *args: Any, **kwargs: Any) -> None:
    """A field, and under it what is wrong with it (a field and its error stay together in a
    row of two: the pair gets a container of its own only then)."""
    message = page().form_errors.get(key)
    if not message:
        widget(*args, key=key, **kwargs)
        return
    with st.container(gap=None):
        widget(*args, key=key, **kwargs)
        st.error(sentence(message), icon=":material/error:")  # it may quote typed text


def situation_select() -> str:
    """The "what happened?" choice of the form (changes which fields it shows), and after an
    interview whether steps were already taken (their fields are drawn only then: most
    people come before any, and every field drawn is paid on every rerun)."""
    _restore_hidden()
    st.selectbox(
        t("situation"),
        SITUATIONS,
        key="situation",
        format_func=labels("situation_", "ui"),
    )
    situation = str(st.session_state.get("situation") or "interviewed")
    if situation == "interviewed":
        errors = page().form_errors
        if any(date_key in errors for date_key, *_ in DECLARED):
            st.session_state[SHOW_DECLARED] = True  # an error is never hidden
        st.toggle(t("show_declared"), key=SHOW_DECLARED, help=t("show_declared_help"))
    return situation


def _declared_shown(kept: dict[str, Any] | None, values: dict[str, Any]) -> bool:
    """Open the steps already taken when the case has some (recorded or given)."""
    recorded = bool(kept and kept.get("recorded"))
    return recorded or any(values.get(date_key) is not None for date_key, *_ in DECLARED)


def render(situation: str) -> None:
    """The form for `situation` (the selector lives outside it, so the fields can change);
    drawn right after `situation_select`, which has put the form's values back."""
    with st.form("case_form", border=True):
        st.subheader(t("form_title"))
        with _row():
            _field(st.text_input, "company", t("company"), max_chars=200)
            _field(st.text_input, "position", t("position"), max_chars=200)
        with _row():
            _field(st.text_input, "candidate_name", t("candidate_name"), max_chars=200)
            _field(st.text_input, "candidate_phone", t("candidate_phone"), max_chars=40)
        if situation in NEEDS_INTERVIEW or situation == "invited":
            _interview_fields()
        if situation == "invited":
            _pair("invited_date", "invited_time", t("invited_date"), t("invited_time"))
            _field(
                st.selectbox,
                "invited_via",
                t("invited_via"),
                INVITED_VIA_CHOICES,
                format_func=labels("via_"),
                help=t("invited_via_help"),
            )
            _field(
                st.selectbox,
                "decline_reason",
                t("decline_reason"),
                DECLINE_CHOICES,
                format_func=_decline_label(),
            )
        if situation == "cancel":
            _field(
                st.selectbox,
                "cancel_reason",
                t("cancel_reason"),
                CANCEL_REASONS,
                format_func=labels("reason_"),
            )
            _field(st.checkbox, "still_interested", t("still_interested"))
            st.caption(t("slots"))
            for n in range(1, _slots() + 1):
                _pair(f"slot{n}_date", f"slot{n}_time", t("slot_date", n=n), t("slot_time", n=n))
        if situation == "interviewed":
            _field(st.date_input, "reply_by", t("reply_by"))
            if st.session_state.get(SHOW_DECLARED):
                _declared_steps()
        if situation == "rejected":
            _pair("rejected_date", "rejected_time", t("rejected_date"), t("rejected_time"))
        if situation == "offer":
            _pair("offer_date", "offer_time", t("offer_date"), t("offer_time"))
            with _row():
                _field(st.date_input, "answer_by", t("answer_by"))
                _field(
                    st.selectbox,
                    "offer_decision",
                    t("offer_decision"),
                    OFFER_DECISIONS,
                    format_func=labels("decision_"),
                )
        if situation in WITH_OTHERS:
            _other_interviews()
        with st.expander(t("contact_name"), expanded=situation in ("cancel", "interviewed")):
            # "Ibu Rina" typed into the name also sets the salutation (followup.address)
            with _row():
                _field(st.text_input, "contact_name", t("contact_name"), max_chars=200)
                _field(
                    st.selectbox,
                    "contact_salutation",
                    t("contact_salutation"),
                    SALUTATION_CHOICES,
                    format_func=labels("salutation_"),
                    width=170,
                )
            with _row():
                _field(st.text_input, "contact_email", t("contact_email"), max_chars=200)
                _field(st.text_input, "contact_phone", t("contact_phone"), max_chars=40)
            _field(st.checkbox, "via_recruiter", t("via_recruiter"))
        st.form_submit_button(
            t("submit"), key="submit_case", type="primary", on_click=submit, args=(situation,)
        )
        if page().form_errors:
            st.caption(t("fix_errors"))


def _other_interviews() -> None:
    """Other interviews the person has (elsewhere than this workspace): each company's own
    position and contact, so a message to it carries its facts, never this application's."""
    with st.expander(t("other_interviews"), icon=":material/event_note:"):
        st.caption(t("other_interviews_help"))
        for n in range(1, OTHER_ROWS + 1):
            with _row():
                _field(st.text_input, f"other{n}_company", t("other_company", n=n), max_chars=200)
                _field(st.text_input, f"other{n}_position", t("other_position"), max_chars=200)
            _pair(f"other{n}_date", f"other{n}_time", t("other_date"), t("other_time"))
            with _row():
                _field(st.text_input, f"other{n}_contact", t("other_contact"), max_chars=200)
                _field(st.text_input, f"other{n}_email", t("other_email"), max_chars=200)


def _row() -> Any:
    """Two fields side by side (one under the other on a narrow screen). A horizontal
    container is one element where two columns are three: the form is drawn on every rerun."""
    return st.container(horizontal=True, gap="small", vertical_alignment="bottom")


def _pair(date_key: str, time_key: str, date_label: str, time_label: str) -> None:
    with _row():
        _field(st.date_input, date_key, date_label)
        _field(st.time_input, time_key, time_label, step=60)


def _declared_steps() -> None:
    """Steps already taken before the app knew: a date and a time each (when, exactly, is
    asked, never assumed); steps the history already has are shown, not asked again."""
    kept = page().form
    recorded = set(kept["recorded"]) if kept else set()
    lang = state.lang()
    for date_key, time_key, _, _ in DECLARED:
        if date_key in recorded and kept is not None:
            zone = ZoneInfo((kept.get("base") or {}).get("timezone") or state.DEFAULT_ZONE)
            moment = datetime.fromisoformat(kept["exact"][date_key]).astimezone(zone)
            said = format_moment(moment, lang)
            st.caption(t("recorded", step=t(f"declared_{date_key}"), when=said))
            continue
        _pair(date_key, time_key, t(date_key), t(time_key))


def _interview_fields() -> None:
    _pair("interview_date", "interview_time", t("interview_date"), t("interview_time"))
    with _row():
        _field(
            st.selectbox,
            "interview_kind",
            t("interview_kind"),
            KINDS,
            format_func=labels("kind_"),
        )
        _field(
            st.selectbox,
            "interview_format",
            t("interview_format"),
            FORMATS,
            format_func=labels("format_"),
        )
    with _row():
        _field(st.number_input, "duration", t("duration"), min_value=5, max_value=600, step=15)
        _field(st.text_input, "location", t("location"), max_chars=200)


def _decline_label() -> Callable[[str], str]:
    none, reasons = t("decline_none"), labels("decline_")
    return lambda value: none if value == "none" else reasons(value)


def labels(prefix: str, section: str = "label") -> Callable[[str], str]:
    """A format_func with the language bound now (Streamlit may call it outside the run)."""
    lang = state.lang()

    def label(value: str) -> str:
        return text(lang, section, f"{prefix}{value}")

    return label
