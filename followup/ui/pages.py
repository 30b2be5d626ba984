"""The three pages: Plan (default), History, About. Widgets and callbacks only."""

from __future__ import annotations

from datetime import datetime
from functools import partial

import streamlit as st

from followup.errors import FollowupError
from followup.history import StoredCase
from followup.history.exports import export_csv, export_ics, export_json, import_json
from followup.i18n import format_moment, text
from followup.policy import DEFAULT_POLICY
from followup.sources import registry
from followup.ui import form, plan_view, state
from followup.ui.state import t
from followup.ui.words import plain


def _memory_warning() -> None:
    opened = state.opened()
    if opened.warning:
        message = text(state.lang(), "history", opened.warning, path=opened.moved_aside or "")
        st.warning(message, icon=":material/warning:")
        if opened.path == ":memory:":
            st.caption(t("memory_warning"))


def plan_page() -> None:
    _memory_warning()
    st.title(t("app_title"))
    st.caption(t("tagline"))
    stored = _selected_case()  # before the form: a reload fills its fields from the case
    if (
        stored is not None
        and st.session_state.get("edit_details")
        and (
            "company" not in st.session_state  # Streamlit dropped the hidden form's values
        )
    ):
        _open_case(stored)
    st.session_state.setdefault("situation", "interviewed")
    st.selectbox(
        t("situation"),
        form.SITUATIONS,
        key="situation",
        format_func=form.labels("situation_", "ui"),
    )
    if stored is None:
        form.render(st.session_state["situation"])
    # With a case open the plan comes first and the form only when asked for (a rerun
    # then skips its thirty widgets).
    elif st.toggle(t("edit_details"), key="edit_details"):
        form.render(st.session_state["situation"])
    if stored is None:
        st.info(t("plan_empty"))
        return
    plan_view.render(stored)


def _selected_case() -> StoredCase | None:
    workspace = state.workspace()
    case_id = st.session_state.get("case_id") or st.query_params.get(state.CASE_PARAM)
    if workspace is None or not case_id:
        return None
    stored = state.history().case(workspace, case_id)
    if stored is not None and st.session_state.get("case_id") != stored.id:
        _open_case(stored)  # after a reload: the form shows the case again
    return stored


def _open_case(stored: StoredCase) -> None:
    """Continue a case: select it and fill the form with its values."""
    case = stored.case
    situation = "cancel" if case.cancel is not None else case.stage
    values: dict[str, object] = {
        "situation": situation,
        "case_id": stored.id,
        "company": case.company,
        "position": case.position,
        "candidate_name": case.candidate_name or "",
        "contact_name": (case.contact.name if case.contact else None) or "",
        "contact_email": (case.contact.email if case.contact else None) or "",
        "contact_phone": (case.contact.phone if case.contact else None) or "",
        "form_errors": {},
    }
    if case.interview is not None:
        values |= {
            "interview_date": case.interview.start.date(),
            "interview_time": case.interview.start.time().replace(tzinfo=None),
            "duration": case.interview.duration_minutes,
            "interview_kind": case.interview.kind,
            "interview_format": case.interview.format,
            "location": case.interview.location or "",
        }
    if case.reply_by is not None:
        values["reply_by"] = case.reply_by
    st.session_state.update(values)
    st.query_params[state.CASE_PARAM] = stored.id


def history_page() -> None:
    _memory_warning()
    lang, now = state.lang(), state.now()
    st.title(t("history_title"))
    workspace = state.workspace()
    if workspace is not None:
        st.info(t("private_link"), icon=":material/key:")
    cases = state.history().cases(workspace) if workspace is not None else []
    if not cases:
        st.caption(t("no_history"))
    else:
        st.subheader(t("cases"))
        for stored in cases:
            with st.container(border=True, key=f"case-{stored.id}"):
                st.markdown(
                    f"**{plain(stored.case.position)}** — {plain(stored.case.company)} · "
                    + plain(text(lang, "ui", f"situation_{_situation(stored)}"))
                )
                if st.button(
                    t("open_case"), key=f"open-{stored.id}", on_click=_open_case, args=(stored,)
                ):
                    st.switch_page(navigation()[0])
        _upcoming(cases, now)
        st.subheader(t("events"))
        for stored in cases:
            for event in stored.case.events:
                st.markdown(
                    f"- {plain(format_moment(event.at, lang))} · {plain(stored.case.company)} · "
                    + plain(text(lang, "event", event.type))
                )
    st.subheader(t("export"))
    if workspace is not None:
        history = state.history()
        # built only when clicked (data=callable): the page does not pay for them per rerun
        downloads = (
            (
                "export_json",
                partial(export_json, history, workspace, now),
                "followup-history.json",
                "application/json",
            ),
            (
                "export_csv",
                partial(export_csv, history, workspace, lang),
                "followup-history.csv",
                "text/csv",
            ),
            (
                "export_ics",
                partial(export_ics, history, workspace, now, lang),
                "followup.ics",
                "text/calendar",
            ),
        )
        for key, data, file_name, mime in downloads:
            st.download_button(
                t(key), data=data, file_name=file_name, mime=mime, key=key, on_click="ignore"
            )
    st.file_uploader(t("import_file"), type=["json"], key="import_file", on_change=_import)
    left, right = st.columns(2)
    with left:
        st.button(t("new_workspace"), key="new_workspace", on_click=state.leave_workspace)
    with right:
        if workspace is not None:
            with st.popover(t("forget_me")):
                st.button(t("forget_confirm"), key="forget_me", type="primary", on_click=_forget)


def _situation(stored: StoredCase) -> str:
    return "cancel" if stored.case.cancel is not None else stored.case.stage


def _upcoming(cases: list[StoredCase], now: datetime) -> None:
    lang = state.lang()
    coming = sorted(
        (c.case.interview.start, c)
        for c in cases
        if c.case.interview is not None
        and c.case.interview.start > now
        and c.case.stage in ("invited", "scheduled")
    )
    if not coming:
        return
    st.subheader(t("upcoming"))
    days = [start.date() for start, _ in coming]
    for start, stored in coming:
        clash = days.count(start.date()) > 1
        line = f"{plain(format_moment(start, lang))} · {plain(stored.case.company)}"
        if clash:
            st.error(f"{line} — {t('conflict')}", icon=":material/event_busy:")
        else:
            st.markdown(f"- {line}")


def _import() -> None:
    upload = st.session_state.get("import_file")
    if upload is None:
        return
    lang = state.lang()
    try:
        count = import_json(
            state.history(), state.ensure_workspace(), upload.getvalue(), state.now()
        )
    except FollowupError as exc:
        st.toast(exc.message(lang), icon=":material/error:")
        return
    st.toast(t("imported", n=count), icon=":material/check:")


def _forget() -> None:
    workspace = state.workspace()
    if workspace is not None:
        try:
            state.history().forget(workspace)
        except FollowupError as exc:
            st.toast(exc.message(state.lang()), icon=":material/error:")
            return
    state.leave_workspace()
    st.toast(t("forgotten"))


def about_page() -> None:
    lang = state.lang()
    st.title(t("about_title"))
    st.write(t("about_intro"))
    st.subheader(t("about_sources"))
    for item in registry().values():
        st.markdown(f"**{plain(item.citation(lang))}**")
        st.caption(plain(item.summary(lang)))
    st.subheader(t("about_rules"))
    st.write(t("about_rules_text"))
    st.subheader(t("about_policy"))
    rows = [
        {t("policy_name"): name, t("policy_value"): str(value)}
        for name, value in DEFAULT_POLICY.model_dump().items()
    ]
    st.table(rows)
    st.subheader(t("about_privacy"))
    st.write(t("about_privacy_text", days=state.RETENTION_DAYS))
    st.subheader(t("about_ai"))
    st.write(t("about_ai_text"))


def navigation() -> list[st.Page]:
    """The pages, titled in the session's language (Plan first: the default)."""
    return [
        st.Page(
            plan_page,
            title=t("nav_plan"),
            url_path="plan",
            default=True,
            icon=":material/checklist:",
        ),
        st.Page(
            history_page, title=t("nav_history"), url_path="history", icon=":material/history:"
        ),
        st.Page(about_page, title=t("nav_about"), url_path="about", icon=":material/info:"),
    ]
