"""The case form: only the fields a situation needs, inline errors, saved on submit."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any, get_args

import streamlit as st
from pydantic import ValidationError

from followup.errors import FollowupError
from followup.i18n import field_path, text, validation_message
from followup.models import CancelReason, Case, InterviewFormat, InterviewKind
from followup.rules import evaluate
from followup.ui import state
from followup.ui.state import t

SITUATIONS = ("invited", "scheduled", "cancel", "interviewed", "rejected", "offer")
# the models' choices, the default first
KINDS = ("formal", *(k for k in get_args(InterviewKind) if k != "formal"))
FORMATS = get_args(InterviewFormat)
CANCEL_REASONS = get_args(CancelReason)
SLOTS = 3
NEEDS_INTERVIEW = ("scheduled", "cancel", "interviewed")

# A field of the case -> the widget that shows its error.
_WIDGET_OF = {
    "company": "company",
    "position": "position",
    "candidate_name": "candidate_name",
    "contact.name": "contact_name",
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
    if field.startswith("cancel.proposed_slots["):
        index = int(field.split("[")[1].split("]")[0])
        return f"slot{index + 1}_date"
    if field.startswith("events"):
        return "follow_up_1"
    return _WIDGET_OF.get(field, "company")


def _at(day: date | None, clock: time | None) -> str | None:
    if day is None:
        return None
    return datetime.combine(day, clock or time(9, 0)).isoformat()


def _text(key: str) -> str | None:
    value = st.session_state.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def build_case(situation: str, now: datetime, others: list[dict[str, Any]]) -> dict[str, Any]:
    """The case JSON of the form's current values (validated by the caller)."""
    get = st.session_state.get
    data: dict[str, Any] = {
        "timezone": get("timezone", state.DEFAULT_ZONE),
        "language": state.lang(),
        "company": _text("company") or "",
        "position": _text("position") or "",
        "candidate_name": _text("candidate_name"),
        "stage": "scheduled" if situation == "cancel" else situation,
        "contact": {
            "name": _text("contact_name"),
            "email": _text("contact_email"),
            "phone": _text("contact_phone"),
            "via_recruiter": bool(get("via_recruiter")),
        },
    }
    start = _at(get("interview_date"), get("interview_time"))
    if start is not None:
        data["interview"] = {
            "start": start,
            "duration_minutes": int(get("duration") or 60),
            "kind": get("interview_kind") or "formal",
            "format": get("interview_format") or "in_person",
            "location": _text("location"),
        }
    if situation == "invited":
        data["invited_at"] = _at(get("invited_date"), get("invited_time"))
        if get("decline_reason") not in (None, "none"):
            data["decline_reason"] = get("decline_reason")
    if situation == "cancel":
        slots = [_at(get(f"slot{n}_date"), get(f"slot{n}_time")) for n in range(1, SLOTS + 1)]
        data["cancel"] = {
            "reason": get("cancel_reason") or "illness",
            "still_interested": bool(get("still_interested", True)),
            "proposed_slots": [s for s in slots if s],
        }
    if situation == "interviewed":
        reply_by = get("reply_by")
        if isinstance(reply_by, date):
            data["reply_by"] = reply_by.isoformat()
        data["events"] = _form_events(data, now)
    if situation == "rejected":
        data["rejected_at"] = _at(get("rejected_date"), time(9, 0))
    if situation == "offer":
        data["other_interviews"] = others
    return data


def _form_events(data: dict[str, Any], now: datetime) -> list[dict[str, str]]:
    """Steps the user says already happened (recorded once: same type and time)."""
    get = st.session_state.get
    found = []
    if "interview" in data:
        end = datetime.fromisoformat(data["interview"]["start"]) + timedelta(
            minutes=data["interview"]["duration_minutes"]
        )
        local_now = now.replace(tzinfo=None)
        settled = min(end + timedelta(minutes=1), local_now).isoformat()
        if get("thank_you_sent"):
            found.append({"type": "thank_you_sent", "at": settled})
        if get("reply_received"):
            found.append({"type": "reply_received", "at": settled})
    for key in ("follow_up_1", "follow_up_2"):
        if get(key) is not None:
            found.append({"type": "follow_up_sent", "at": _at(get(key), time(10, 0)) or ""})
    return found


def submit(situation: str) -> None:
    """on_click of the form: validate, save, select the case; or keep the errors."""
    now = state.now()
    others = _upcoming_elsewhere(now)
    raw = json.dumps(build_case(situation, now, others))
    st.session_state["form_errors"] = {}
    try:
        case = Case.model_validate_json(raw)
        evaluate(case, now)  # the checks against the clock (events, slots)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        ctx = first.get("ctx") or {}
        field = str(ctx.get("field") or field_path(tuple(first["loc"])))
        st.session_state["form_errors"] = {widget_for(field): validation_message(exc, state.lang())}
        return
    except FollowupError as exc:
        st.session_state["form_errors"] = {widget_for(exc.field or ""): exc.message(state.lang())}
        return
    try:
        workspace = state.ensure_workspace()
        case_id = state.history().save_case(workspace, case, now, st.session_state.get("case_id"))
    except FollowupError as exc:  # the database refused: nothing saved, the form keeps it all
        st.session_state["form_errors"] = {"company": exc.message(state.lang())}
        return
    st.session_state["case_id"] = case_id
    st.query_params[state.CASE_PARAM] = case_id  # a reload shows the same case
    st.toast(t("saved"))


def _upcoming_elsewhere(now: datetime) -> list[dict[str, Any]]:
    """Upcoming interviews of the workspace's other cases (for the offer situation)."""
    workspace = state.workspace()
    if workspace is None:
        return []
    found = []
    for stored in state.history().cases(workspace):
        interview = stored.case.interview
        if stored.id == st.session_state.get("case_id") or interview is None:
            continue
        if stored.case.stage in ("invited", "scheduled") and interview.start > now:
            found.append(
                {
                    "company": stored.case.company,
                    "start": interview.start.isoformat(),
                    "location": interview.location,
                    "position": stored.case.position,
                }
            )
    return found


def _error(key: str) -> None:
    message = st.session_state.get("form_errors", {}).get(key)
    if message:
        st.error(message, icon=":material/error:")


def _field(widget: Any, key: str, *args: Any, **kwargs: Any) -> None:
    widget(*args, key=key, **kwargs)
    _error(key)


def render(situation: str) -> None:
    """The form for `situation` (the selector lives outside it, so the fields can change)."""
    today = state.now().date()
    # Defaults go through session state (never value=): a case opened from the history
    # fills the same keys, and Streamlit warns when both are set.
    defaults: dict[str, Any] = {
        "interview_date": None if situation == "invited" else today,
        "interview_time": time(10, 0),
        "duration": 60,
        "still_interested": True,
        "invited_date": today,
        "invited_time": time(9, 0),
        "rejected_date": today,
        "reply_by": None,
        "follow_up_1": None,
        "follow_up_2": None,
        **{f"slot{n}_date": None for n in range(1, SLOTS + 1)},
        **{f"slot{n}_time": time(10, 0) for n in range(1, SLOTS + 1)},
    }
    for key, value in defaults.items():
        st.session_state.setdefault(key, value)
    with st.form("case_form", border=True):
        st.subheader(t("form_title"))
        left, right = st.columns(2)
        with left:
            _field(st.text_input, "company", t("company"), max_chars=200)
        with right:
            _field(st.text_input, "position", t("position"), max_chars=200)
        _field(st.text_input, "candidate_name", t("candidate_name"), max_chars=200)
        if situation in NEEDS_INTERVIEW or situation == "invited":
            _interview_fields()
        if situation == "invited":
            left, right = st.columns(2)
            with left:
                _field(st.date_input, "invited_date", t("invited_date"))
            with right:
                _field(st.time_input, "invited_time", t("invited_time"))
            options = ("none", "accepted_other_offer", "not_interested")
            _field(
                st.selectbox,
                "decline_reason",
                t("decline_reason"),
                options,
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
            for n in range(1, SLOTS + 1):
                left, right = st.columns(2)
                with left:
                    _field(st.date_input, f"slot{n}_date", t("slot_date", n=n))
                with right:
                    _field(st.time_input, f"slot{n}_time", t("slot_time", n=n))
        if situation == "interviewed":
            _field(st.date_input, "reply_by", t("reply_by"))
            _field(st.checkbox, "thank_you_sent", t("thank_you_sent"))
            left, right = st.columns(2)
            with left:
                _field(st.date_input, "follow_up_1", t("follow_up_1"))
            with right:
                _field(st.date_input, "follow_up_2", t("follow_up_2"))
            _field(st.checkbox, "reply_received", t("reply_received"))
        if situation == "rejected":
            _field(st.date_input, "rejected_date", t("rejected_date"))
        with st.expander(t("contact_name"), expanded=situation in ("cancel", "interviewed")):
            _field(st.text_input, "contact_name", t("contact_name"), max_chars=200)
            left, right = st.columns(2)
            with left:
                _field(st.text_input, "contact_email", t("contact_email"), max_chars=200)
            with right:
                _field(st.text_input, "contact_phone", t("contact_phone"), max_chars=40)
            _field(st.checkbox, "via_recruiter", t("via_recruiter"))
        st.form_submit_button(
            t("submit"), key="submit_case", type="primary", on_click=submit, args=(situation,)
        )
        if st.session_state.get("form_errors"):
            st.caption(t("fix_errors"))


def _interview_fields() -> None:
    left, right = st.columns(2)
    with left:
        _field(st.date_input, "interview_date", t("interview_date"))
    with right:
        _field(st.time_input, "interview_time", t("interview_time"))
    left, right = st.columns(2)
    with left:
        _field(
            st.selectbox,
            "interview_kind",
            t("interview_kind"),
            KINDS,
            format_func=labels("kind_"),
        )
    with right:
        _field(
            st.selectbox,
            "interview_format",
            t("interview_format"),
            FORMATS,
            format_func=labels("format_"),
        )
    left, right = st.columns(2)
    with left:
        _field(st.number_input, "duration", t("duration"), min_value=5, max_value=600, step=15)
    with right:
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
