"""The History page: the workspace's applications (a page at a time), upcoming interviews,
recorded steps, the private link, export and import, and the ways to leave or delete the
workspace. Widgets and callbacks only: the session's `Desk` does the work."""

from __future__ import annotations

from datetime import datetime
from math import ceil

import streamlit as st

from followup.desk import (
    Desk,
    FollowupError,
    StoredCase,
    UnreadableCase,
    format_moment,
    text,
    to_myself,
    valid_id,
)
from followup.ui import browser_store, state
from followup.ui import pages as views
from followup.ui.copy_button import copy_button
from followup.ui.page_state import page
from followup.ui.state import t
from followup.ui.words import plain, sentence, small

PAGE_SIZE = 20  # applications per page of the History page
LATEST_STEPS = 50  # recorded steps listed (the exports have them all)
UPCOMING_SHOWN = 20  # upcoming interviews listed (the calendar export has them all)


def entry() -> st.Page:
    """The History page as `st.navigation` knows it."""
    return st.Page(
        history_page, title=t("nav_history"), url_path="history", icon=":material/history:"
    )


# --- History -----------------------------------------------------------------------------------
def history_page() -> None:
    st.title(t("history_title"))
    desk = state.desk()
    workspace = desk.workspace
    if workspace is not None:
        st.info(t("private_link"), icon=":material/key:")
        st.caption(t("your_link"))
        st.text(state.workspace_link())  # (as text: no markdown, no highlighter)
        copy_button(state.workspace_link(), key="copy_link", label_key="copy_link")
        send_to_myself()
        _copy_state()
    _other_workspaces()
    if workspace is not None:
        if state.on_ios():  # Safari deletes the copy after 7 days of use without a visit
            st.info(t("ios_copy"), icon=":material/phone_iphone:")
    for unreadable in desk.unreadable:
        _unreadable(unreadable, desk.now)
    if not desk.cases:
        st.caption(t("no_history"))
    elif workspace is not None:
        _case_list(desk)
        _upcoming(desk)
        _latest_steps(desk)
    st.subheader(t("export"))
    if workspace is not None:
        # built only when clicked (data=callable): the page does not pay for them per rerun
        downloads = (
            ("export_json", "json", "followup-history.json", "application/json"),
            ("export_csv", "csv", "followup-history.csv", "text/csv"),
            ("export_ics", "ics", "followup.ics", "text/calendar"),
        )
        for key, fmt, file_name, mime in downloads:
            st.download_button(
                t(key),
                data=desk.exporter(fmt, state.case_link()),  # type: ignore[arg-type]
                file_name=file_name,
                mime=mime,
                key=key,
                on_click="ignore",
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


def _case_list(desk: Desk) -> None:
    """The workspace's applications, a page at a time (a workspace holds up to 1,000)."""
    cases, lang = desk.cases, desk.lang
    pages = max(1, ceil(len(cases) / PAGE_SIZE))
    shown = min(max(1, page().history_page), pages)
    paths = desk.paths()
    st.subheader(t("cases"))
    for stored in cases[(shown - 1) * PAGE_SIZE : shown * PAGE_SIZE]:
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
                t("open_case"), key=f"open-{stored.id}", on_click=views.open_case, args=(stored.id,)
            ):
                st.switch_page(views.plan_entry())
    if pages > 1:
        left, middle, right = st.columns([1, 2, 1], vertical_alignment="center")
        left.button(
            t("history_prev"),
            key="history_prev",
            on_click=_turn,
            args=(shown - 1,),
            disabled=shown == 1,
            icon=":material/chevron_left:",
        )
        middle.caption(t("history_page", page=shown, pages=pages, n=len(cases)))
        right.button(
            t("history_next"),
            key="history_next",
            on_click=_turn,
            args=(shown + 1,),
            disabled=shown == pages,
            icon=":material/chevron_right:",
        )


def _turn(number: int) -> None:
    page().history_page = number


def _latest_steps(desk: Desk) -> None:
    """The most recent recorded steps of the workspace (the exports have them all)."""
    steps = desk.steps()
    if not steps:
        return
    lang = desk.lang
    st.subheader(t("events"))
    lines = [
        f"- {plain(format_moment(at, lang))} · {plain(stored.case.company)} · "
        + plain(text(lang, "event", kind))
        for at, stored, kind in steps[:LATEST_STEPS]
    ]
    st.markdown("\n".join(lines))
    if len(steps) > LATEST_STEPS:
        st.caption(t("events_latest", n=LATEST_STEPS, total=len(steps)))


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


def _copy_state() -> None:
    """The browser's copy as it is, in a sentence: failing (the storage is full or off), saved
    (when, how big), or what it is for."""
    kept = page()
    if kept.browser_failed is not None:
        st.warning(t("browser_copy_failed"), icon=":material/sd_card_alert:")
    elif kept.browser_saved is not None:
        moment, size = kept.browser_saved
        said = format_moment(moment, state.lang())
        st.caption(t("browser_copy_saved", when=said, kb=max(1, round(size / 1024))))
    else:
        st.caption(t("browser_copy"))


def _other_workspaces() -> None:
    """The other workspaces this browser keeps a copy of, each a link that opens it: one
    browser, several job hunts (a shared family phone), none of them lost from view."""
    others = [o for o in page().browser_others if o[0] != page().token]
    if not others:
        return
    lang, zone = state.lang(), state.now().tzinfo
    lines = []
    for token, companies, count, saved_at in others:
        try:
            when = format_moment(datetime.fromisoformat(saved_at).astimezone(zone), lang)
        except ValueError:
            when = "?"
        names = ", ".join(c for c in companies if c.strip()) or t("other_workspace_unnamed")
        label = t("other_workspace", companies=names, n=count, when=when)
        lines.append(f"- [{plain(label)}](/?{state.TOKEN_PARAM}={token})")
    st.markdown(small(plain(t("other_workspaces"))) + "\n\n" + "\n".join(lines))


def send_to_myself() -> None:
    """The workspace link, sent to the person's own WhatsApp or e-mail: the way back from a new
    phone, or after a browser deleted its copy (Safari, after a week without a visit)."""
    link = state.workspace_link()
    chat, mail = to_myself(link, t("to_myself_subject"), t("to_myself_body", link=link))
    with st.container(horizontal=True, key="send_link"):
        st.link_button(t("to_myself_whatsapp"), chat, icon=":material/chat:")
        st.link_button(t("to_myself_email"), mail, icon=":material/mail:")


def _delete_unreadable(case_id: str) -> None:
    try:
        state.ensure_workspace()
        state.wrote(state.desk().delete_case(case_id))
    except FollowupError as exc:
        st.toast(sentence(exc.message(state.lang())), icon=":material/error:")
        return
    browser_store.changed()
    st.toast(t("unreadable_deleted"), icon=":material/check:")


def _situation(stored: StoredCase) -> str:
    return "cancel" if stored.case.cancel is not None else stored.case.stage


def _upcoming(desk: Desk) -> None:
    """Every coming interview of the workspace, whatever the stage; same-day ones marked."""
    coming = desk.upcoming_interviews()
    if not coming:
        return
    st.subheader(t("upcoming"))
    for start, stored, clash in coming[:UPCOMING_SHOWN]:
        line = f"{plain(format_moment(start, desk.lang))} · {plain(stored.case.company)}"
        if clash:
            st.error(f"{line} — {t('conflict')}", icon=":material/event_busy:")
        else:
            st.markdown(f"- {line}")
    if len(coming) > UPCOMING_SHOWN:
        st.caption(t("upcoming_more", n=len(coming) - UPCOMING_SHOWN))


def _import() -> None:
    upload = st.session_state.get("import_file")
    if upload is None:
        return
    lang = state.lang()
    try:
        state.ensure_workspace()
        after, counts = state.desk().import_file(upload.getvalue())
    except FollowupError as exc:
        st.toast(sentence(exc.message(lang)), icon=":material/error:")
        return
    state.wrote(after)
    browser_store.changed()
    st.toast(t("imported", n=counts.cases), icon=":material/check:")


def _forget() -> None:
    token = page().token  # (the copy to clear: leaving the workspace forgets the token)
    desk = state.desk()
    if desk.workspace is not None:
        try:
            desk.forget()
        except FollowupError as exc:
            st.toast(sentence(exc.message(state.lang())), icon=":material/error:")
            return
    state.leave_workspace()
    browser_store.forget_all(token)
    st.toast(t("forgotten"))
