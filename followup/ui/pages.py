"""The Plan page (the default) and the About page. Widgets and callbacks only: every answer
comes from the session's `Desk` (`state.desk()`)."""

from __future__ import annotations

from datetime import date, datetime, time

import streamlit as st

from followup.desk import (
    DEFAULT_POLICY,
    MOVES_NEEDING_TIME,
    POLICY,
    BoardRow,
    CaseError,
    Desk,
    FollowupError,
    Move,
    StoredCase,
    WorkspaceGone,
    describe,
    registry,
    text,
    timezone_label,
)
from followup.ui import browser_store, form, paste, plan_view, state
from followup.ui.page_state import TODAY_SHOWN, page
from followup.ui.state import t
from followup.ui.words import plain, sentence, small, when


def notices() -> None:
    """What the history layer or the browser's copy has to say, once."""
    opened = state.opened()
    if opened.warning:
        message = text(state.lang(), "history", opened.warning, path=opened.moved_aside or "")
        st.warning(sentence(message), icon=":material/warning:")
        if opened.path == ":memory:":
            st.caption(t("memory_warning"))
    notice = page().notice
    if notice is not None:  # stays until dismissed: the browser's reruns must not hide it
        kind, message = notice
        show = {"success": st.success, "warning": st.warning}.get(kind, st.info)
        with st.container(key="notice"):
            show(sentence(message), icon=":material/devices:")  # it may quote the copy
            if page().unrestored is not None:
                st.download_button(
                    t("download_copy"),
                    data=page().unrestored or "",
                    file_name="followup-browser-copy.json",
                    mime="application/json",
                    key="download_copy",
                    on_click="ignore",
                )
            st.button(t("dismiss"), key="dismiss_notice", on_click=_dismiss, type="tertiary")


def _dismiss() -> None:
    page().notice = None
    page().unrestored = None


def workspace_gone() -> None:
    """A workspace forgotten in another tab: one sentence, and the offer of a new one."""
    state.workspace()  # (checks that the session's workspace is still there)
    if not state.gone():
        return
    with st.container(key="workspace_gone"):
        said = text(state.lang(), "error", "workspace_gone")
        st.warning(sentence(said), icon=":material/delete_forever:")
        st.button(
            t("workspace_gone_new"),
            key="workspace_gone_new",
            on_click=state.leave_workspace,
            type="primary",
        )


def history_failed(exc: FollowupError) -> None:
    """The page's edge: a history error during a page run, said in one sentence."""
    if isinstance(exc, WorkspaceGone):
        page().workspace_gone = True
        state.workspace_changed()
        workspace_gone()
        return
    st.error(sentence(exc.message(state.lang())), icon=":material/error:")


# --- Plan --------------------------------------------------------------------------------------
def plan_page() -> None:
    st.markdown(f"# {plain(t('app_title'))}\n\n" + small(plain(t("tagline"))))
    desk = state.desk()
    cases = desk.cases
    if desk.unreadable:
        said = t("unreadable_notice", n=len(desk.unreadable))
        st.warning(sentence(said), icon=":material/report:")
    stored = _selected_case(cases)
    composing = page().composing or not cases
    if desk.workspace is None and not cases:  # a new device, or a first visit
        st.caption(t("came_back"))
    if cases:
        _today(desk, expanded=stored is None and not composing)
    if stored is not None:
        _case(desk, stored)
    elif composing:
        if cases:
            st.subheader(t("new_case_title"))
            st.button(t("back_to_board"), key="back_to_board", on_click=_back_to_board)
        paste.box(desk, None)
        situation = form.situation_select()
        form.render(situation)
        st.info(t("plan_empty"))


def _selected_case(cases: list[StoredCase]) -> StoredCase | None:
    case_id = page().case_id or st.query_params.get(state.CASE_PARAM)
    if not case_id:
        return None
    stored = next((c for c in cases if c.id == case_id), None)
    if stored is None:
        return None
    if (page().form or {}).get("case_id") != stored.id:
        _select(stored)  # after a reload, or a case opened from elsewhere
    return stored


def _select(stored: StoredCase) -> None:
    kept = page()
    kept.case_id = stored.id
    kept.composing = False
    st.query_params[state.CASE_PARAM] = stored.id
    form.load(stored)


def open_case(case_id: str) -> None:
    """Open a case of the workspace (from the Today board or the History page)."""
    try:
        stored = state.desk().case(case_id)
    except FollowupError as exc:
        st.toast(sentence(exc.message(state.lang())), icon=":material/error:")
        return
    if stored is not None:
        _select(stored)
        st.session_state["edit_details"] = False
        state.rerun_app()  # from the board (a fragment): the page shows the case


def _new_case() -> None:
    page().case_id = None
    if state.CASE_PARAM in st.query_params:
        del st.query_params[state.CASE_PARAM]
    page().composing = True
    form.reset()


def _back_to_board() -> None:
    page().composing = False


def _today(desk: Desk, expanded: bool) -> None:
    """Every open application with its next step, most urgent first; one click opens one."""
    with st.container(key="today"):
        # Above an open case the board is folded, and a folded expander would still draw
        # (and send) every row on every rerun: a switch draws them only when asked (it reruns
        # the page once; the board is a fragment only when it is drawn).
        if expanded or st.toggle(_title(desk), key="show_today"):
            _board(expanded)
        # outside the board: another application can be started from any case
        st.button(
            t("new_case"),
            key="new_case",
            icon=":material/add:",
            on_click=_new_case,
            type="primary" if expanded else "secondary",
        )


def _title(desk: Desk) -> str:
    return f"{t('today_title')} · {sum(1 for row in desk.board() if row.open)}"


@st.fragment
def _board(expanded: bool) -> None:
    """The Today board, a fragment: "show more" reruns the board only; opening a case reruns
    the page."""
    state.follow_app_rerun()
    desk = state.desk()
    lang, now = desk.lang, desk.now
    rows = desk.board()
    open_rows = [row for row in rows if row.open]
    with (
        st.container(border=True)
        if not expanded
        else st.expander(_title(desk), expanded=True, icon=":material/today:")
    ):
        st.caption(t("today_caption") if open_rows else t("today_empty"))
        shown = page().today_shown
        for row in open_rows[:shown]:
            _board_row(row, lang, now)
        if len(open_rows) > shown:
            st.button(
                t("today_more", n=len(open_rows) - shown),
                key="today_more",
                on_click=_more_today,
                args=(shown + TODAY_SHOWN,),
                type="tertiary",
            )
        closed = len(rows) - len(open_rows)
        if closed:
            st.caption(t("today_closed", n=closed))


def _more_today(shown: int) -> None:
    page().today_shown = shown


def _board_row(row: BoardRow, lang: str, now: datetime) -> None:
    stored, rec = row.stored, row.next
    if rec is None:  # (open rows have a next step)
        return
    with st.container(border=True, key=f"today-{stored.id}"):
        badge = plan_view.badge(rec.status, lang)
        said = f" — {plain(when(row.moment, now, lang))}" if row.moment is not None else ""
        lines = [
            f"**{plain(stored.case.company)}** · {plain(stored.case.position)}",
            f"{badge} {plain(text(lang, 'action', rec.action))}{said}",
            plain(t("today_follow_ups", n=row.follow_ups, max=row.max_follow_ups)),
        ]
        st.markdown("  \n".join(lines))
        st.button(
            t("today_open"),
            key=f"today-open-{stored.id}",
            on_click=open_case,
            args=(stored.id,),
            icon=":material/arrow_forward:",
        )


def _case(desk: Desk, stored: StoredCase) -> None:
    _next_event(desk, stored)  # first: coming back after the interview, this is what changed
    paste.box(desk, stored)  # (what the company wrote: read, shown, then recorded)
    plan_view.render(desk, stored)
    if st.toggle(t("edit_details"), key="edit_details"):
        situation = form.situation_select()
        form.render(situation)
    else:
        form.park()


def _next_event(desk: Desk, stored: StoredCase) -> None:
    """ "What happened next": moves the case on, keeping everything already known."""
    choices = desk.moves(stored.id)
    if not choices:
        return
    # Drawn only when opened (`on_change="rerun"`): a closed one costs one element, not a
    # choice box on every rerun. It closes once the case has moved on.
    box = st.expander(
        t("next_event"), key="next_event", on_change="rerun", icon=":material/update:"
    )
    if not box.open:
        return
    with box:
        move = st.selectbox(
            t("next_event_help"),  # the explanation is the label: one element less
            choices,
            index=None,
            placeholder=t("move_choose"),
            key=f"next_event_move-{stored.id}",
            format_func=form.labels("move_", "ui"),
        )
        if move is None:
            return
        now = desk.now
        zone = stored.case.tz
        said_zone = timezone_label(now.astimezone(zone), desk.lang)
        if move in MOVES_NEEDING_TIME:
            left, right = st.columns(2)
            left.date_input(t("move_date"), value=None, key="next_event_date")
            right.time_input(
                f"{t('move_time')} ({said_zone})",
                # (a time given by a pasted message is in the session state already)
                value=None if "next_event_time" in st.session_state else time(10, 0),
                key="next_event_time",
                step=60,
            )
        elif move == "rejected":
            local = now.astimezone(zone)
            left, right = st.columns(2)
            left.date_input(t("move_when_date"), value=local.date(), key="next_event_date")
            right.time_input(
                f"{t('move_when_time')} ({said_zone})",
                value=local.time().replace(second=0, microsecond=0, tzinfo=None),
                key="next_event_time",
                step=60,
            )
        error = page().move_errors.get(stored.id)
        if error:
            st.error(error, icon=":material/error:")
        st.button(
            t("move_submit"),
            key="next_event_submit",
            type="primary",
            on_click=_move,
            args=(stored.id, move),
        )


def _move(case_id: str, move: Move) -> None:
    """on_click of "update the application": the date and time are read now, as committed by
    this very click (never the values of the previous run)."""
    errors = page().move_errors
    errors.pop(case_id, None)
    desk = state.desk()
    stored = desk.case(case_id)
    if stored is None:
        return
    day = st.session_state.get("next_event_date")
    clock = st.session_state.get("next_event_time")
    moment = None
    if isinstance(day, date) and isinstance(clock, time):
        moment = datetime.combine(day, clock, stored.case.tz)
    try:
        if move in MOVES_NEEDING_TIME:
            if moment is None:
                raise CaseError("move_needs_time")
            after = desk.move_on(case_id, move, interview_start=moment)
        else:
            after = desk.move_on(case_id, move, at=moment)
    except FollowupError as exc:
        errors[case_id] = exc.message(state.lang())
        return
    state.wrote(after)
    browser_store.changed()
    moved = after.case(case_id)
    if moved is not None:
        form.load(moved)
    for key in (f"next_event_move-{case_id}", "next_event_date", "next_event_time"):
        st.session_state.pop(key, None)
    st.session_state["next_event"] = False
    st.toast(t("moved", step=t(f"move_{move}")), icon=":material/check:")


def about_page() -> None:
    lang = state.lang()
    st.title(t("about_title"))
    st.write(t("about_intro"))
    st.subheader(t("about_sources"))
    for item in registry().values():
        cited = plain(item.citation(lang))
        # the address is ours (followup/data/sources.toml), never typed by a user
        st.markdown(f"**[{cited}]({item.url})**" if item.url else f"**{cited}**")
        st.caption(plain(item.summary(lang)))
    st.subheader(t("about_rules"))
    st.write(t("about_rules_text"))
    st.subheader(t("about_policy"))

    def basis(source_id: str) -> str:
        if source_id == POLICY:
            return text(lang, "policy_value", "own")
        return registry()[source_id].citation(lang)

    rows = [
        {
            t("policy_name"): row.label,
            t("policy_value"): row.value,
            t("policy_source"): "; ".join(basis(s) for s in row.sources),
        }
        for row in describe(DEFAULT_POLICY, lang)
    ]
    st.table(rows)
    st.subheader(t("about_privacy"))
    st.write(t("about_privacy_text", days=state.RETENTION_DAYS))
    st.subheader(t("about_ai"))
    st.write(t("about_ai_text"))


def plan_entry() -> st.Page:
    """The Plan page as `st.navigation` knows it (the default page)."""
    return st.Page(
        plan_page,
        title=t("nav_plan"),
        url_path="plan",
        default=True,
        icon=":material/checklist:",
    )


def about_entry() -> st.Page:
    return st.Page(about_page, title=t("nav_about"), url_path="about", icon=":material/info:")
