"""The History page: the workspace's applications (a page at a time), upcoming interviews,
recorded steps, the private link, export and import, and the ways to leave or delete the
workspace. Widgets and callbacks only (`followup.session` does the work)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from functools import partial
from math import ceil
from urllib.parse import urlsplit

import streamlit as st

from followup import session
from followup.errors import FollowupError
from followup.history import StoredCase, UnreadableCase, Workspace
from followup.history.exports import export_csv, export_ics, export_json
from followup.history.store import valid_id
from followup.i18n import format_moment, text
from followup.ui import browser_store, state
from followup.ui import pages as views
from followup.ui.state import t
from followup.ui.words import plain, sentence


# --- History -----------------------------------------------------------------------------------
def history_page() -> None:
    lang, now = state.lang(), state.now()
    st.title(t("history_title"))
    workspace = state.workspace()
    history = state.history()
    if workspace is not None:
        st.info(t("private_link"), icon=":material/key:")
        st.caption(t("your_link"))
        st.code(_link(), language=None, wrap_lines=True)
        st.caption(t("browser_copy"))
    contents = views._contents(workspace)
    cases = contents.cases
    for unreadable in contents.unreadable:
        _unreadable(unreadable, now)
    if not cases:
        st.caption(t("no_history"))
    elif workspace is not None:
        _case_list(cases, workspace, lang)
        _upcoming(cases, now)
        _latest_steps(cases, lang)
    st.subheader(t("export"))
    if workspace is not None:
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
    left, middle, right = st.columns(3)
    with left:
        st.button(t("new_workspace"), key="new_workspace", on_click=state.leave_workspace)
    if workspace is not None:
        with middle:
            st.button(
                t("forget_device"),
                key="forget_device",
                help=t("forget_device_help"),
                on_click=browser_store.forget_device,
            )
        with right, st.popover(t("forget_me")):
            st.button(t("forget_confirm"), key="forget_me", type="primary", on_click=_forget)


def _case_list(cases: list[StoredCase], workspace: Workspace, lang: str) -> None:
    """The workspace's applications, a page at a time (a workspace holds up to 1,000)."""
    pages = max(1, ceil(len(cases) / views.HISTORY_PAGE_SIZE))
    page = min(max(1, int(st.session_state.get("_history_page") or 1)), pages)
    paths = session.path(state.history(), workspace)
    st.subheader(t("cases"))
    for stored in cases[(page - 1) * views.HISTORY_PAGE_SIZE : page * views.HISTORY_PAGE_SIZE]:
        with st.container(border=True, key=f"case-{stored.id}"):
            steps = " → ".join(
                text(lang, "ui", f"path_{situation}") for _, situation in paths.get(stored.id, [])
            )
            rounds = len(stored.case.previous_rounds)
            lines = [
                f"**{plain(stored.case.position)}** — {plain(stored.case.company)} · "
                + plain(text(lang, "ui", f"situation_{_situation(stored)}")),
                plain(t("path", path=steps)),
            ]
            if rounds:
                lines.append(plain(t("round", n=rounds + 1)))
            st.markdown("  \n".join(lines))
            if st.button(
                t("open_case"), key=f"open-{stored.id}", on_click=views._open, args=(stored.id,)
            ):
                st.switch_page(views.navigation()[0])
    if pages > 1:
        left, middle, right = st.columns([1, 2, 1], vertical_alignment="center")
        left.button(
            t("history_prev"),
            key="history_prev",
            on_click=_turn,
            args=(page - 1,),
            disabled=page == 1,
            icon=":material/chevron_left:",
        )
        middle.caption(t("history_page", page=page, pages=pages, n=len(cases)))
        right.button(
            t("history_next"),
            key="history_next",
            on_click=_turn,
            args=(page + 1,),
            disabled=page == pages,
            icon=":material/chevron_right:",
        )


def _turn(page: int) -> None:
    st.session_state["_history_page"] = page


def _latest_steps(cases: list[StoredCase], lang: str) -> None:
    """The most recent recorded steps of the workspace (the exports have them all)."""
    steps = sorted(
        (
            (event.at, stored.case.company, event.type)
            for stored in cases
            for event in stored.case.events
        ),
        key=lambda step: step[0],
        reverse=True,
    )
    if not steps:
        return
    st.subheader(t("events"))
    lines = [
        f"- {plain(format_moment(at, lang))} · {plain(company)} · "
        + plain(text(lang, "event", kind))
        for at, company, kind in steps[: views.LATEST_STEPS]
    ]
    st.markdown("\n".join(lines))
    if len(steps) > views.LATEST_STEPS:
        st.caption(t("events_latest", n=views.LATEST_STEPS, total=len(steps)))


def _unreadable(row: UnreadableCase, now: datetime) -> None:
    """A case that cannot be read: one sentence, its rows as stored, and a way to delete it."""
    lang = state.lang()
    saved = format_moment(row.saved_at.astimezone(now.tzinfo), lang) if row.saved_at else "?"
    name = row.id if valid_id(row.id) else "case"
    with st.container(border=True, key=f"unreadable-{name}"):
        st.warning(sentence(t("unreadable_case", when=saved)), icon=":material/report:")
        left, right = st.columns(2)
        left.download_button(
            t("unreadable_download"),
            data=row.raw_json(),
            file_name=f"followup-unreadable-{name}.json",
            mime="application/json",
            key=f"unreadable_json-{name}",
            on_click="ignore",
        )
        right.button(
            t("unreadable_delete"),
            key=f"unreadable_delete-{name}",
            on_click=_delete_unreadable,
            args=(row.id,),
        )


def _delete_unreadable(case_id: str) -> None:
    try:
        session.delete_case(state.history(), state.ensure_workspace(), case_id)
    except FollowupError as exc:
        st.toast(sentence(exc.message(state.lang())), icon=":material/error:")
        return
    browser_store.changed()
    st.toast(t("unreadable_deleted"), icon=":material/check:")


def _link() -> str:
    """The private link of this workspace, as the address bar shows it."""
    token = st.session_state.get("_token") or ""
    url = st.context.url or ""
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    return f"{base}/?{state.TOKEN_PARAM}={token}"


def _situation(stored: StoredCase) -> str:
    return "cancel" if stored.case.cancel is not None else stored.case.stage


def _upcoming(cases: list[StoredCase], now: datetime) -> None:
    """Every coming interview of the workspace, whatever the stage; same-day ones marked."""
    lang = state.lang()
    coming = sorted(
        (
            (c.case.interview.start, c)
            for c in cases
            if c.case.interview is not None
            and c.case.interview.start > now
            and not session.cancelled(c.case)
        ),
        key=lambda item: item[0],
    )
    if not coming:
        return
    st.subheader(t("upcoming"))
    days = Counter(start.astimezone(now.tzinfo).date() for start, _ in coming)
    for start, stored in coming[: views.UPCOMING_SHOWN]:
        clash = days[start.astimezone(now.tzinfo).date()] > 1
        line = f"{plain(format_moment(start, lang))} · {plain(stored.case.company)}"
        if clash:
            st.error(f"{line} — {t('conflict')}", icon=":material/event_busy:")
        else:
            st.markdown(f"- {line}")
    if len(coming) > views.UPCOMING_SHOWN:
        st.caption(t("upcoming_more", n=len(coming) - views.UPCOMING_SHOWN))


def _import() -> None:
    upload = st.session_state.get("import_file")
    if upload is None:
        return
    lang = state.lang()
    try:
        counts = session.import_file(
            state.history(), state.ensure_workspace(), upload.getvalue(), state.now()
        )
    except FollowupError as exc:
        st.toast(sentence(exc.message(lang)), icon=":material/error:")
        return
    browser_store.changed()
    st.toast(t("imported", n=counts.cases), icon=":material/check:")


def _forget() -> None:
    workspace = state.workspace()
    if workspace is not None:
        try:
            state.history().forget(workspace)
        except FollowupError as exc:
            st.toast(sentence(exc.message(state.lang())), icon=":material/error:")
            return
    state.leave_workspace()
    browser_store.forget_all()
    st.toast(t("forgotten"))


# --- About -------------------------------------------------------------------------------------
