"""The three pages: Plan (default), History, About. Widgets and callbacks only: what they do
with the history goes through the application layer (`followup.session`)."""

from __future__ import annotations

from datetime import date, datetime, time

import streamlit as st

from followup import session
from followup.errors import CaseError, FollowupError
from followup.history import Contents, StoredCase, Workspace, WorkspaceGone
from followup.i18n import text, timezone_label
from followup.policy import DEFAULT_POLICY, POLICY, describe
from followup.sources import registry
from followup.ui import browser_store, form, plan_view, state
from followup.ui.state import t
from followup.ui.words import plain, sentence, small, when

TODAY_SHOWN = 20  # board rows shown at first ("show more" adds as many again)
HISTORY_PAGE_SIZE = 20  # applications per page of the History page
LATEST_STEPS = 50  # recorded steps listed on the History page (the exports have them all)
UPCOMING_SHOWN = 20  # upcoming interviews listed (the calendar export has them all)


def notices() -> None:
    """What the history layer or the browser's copy has to say, once."""
    opened = state.opened()
    if opened.warning:
        message = text(state.lang(), "history", opened.warning, path=opened.moved_aside or "")
        st.warning(sentence(message), icon=":material/warning:")
        if opened.path == ":memory:":
            st.caption(t("memory_warning"))
    notice = st.session_state.get("_notice")
    if notice is not None:  # stays until dismissed: the browser's reruns must not hide it
        kind, message = notice
        show = {"success": st.success, "warning": st.warning}.get(kind, st.info)
        with st.container(key="notice"):
            show(message, icon=":material/devices:")
            st.button(t("dismiss"), key="dismiss_notice", on_click=_dismiss, type="tertiary")


def _dismiss() -> None:
    st.session_state.pop("_notice", None)


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
        st.session_state["_workspace_gone"] = True
        state.workspace_changed()
        workspace_gone()
        return
    st.error(sentence(exc.message(state.lang())), icon=":material/error:")


def _contents(workspace: Workspace | None) -> Contents:
    return session.contents(state.history(), workspace) if workspace is not None else Contents()


# --- Plan --------------------------------------------------------------------------------------
def plan_page() -> None:
    st.markdown(f"# {plain(t('app_title'))}\n\n" + small(plain(t("tagline"))))
    workspace = state.workspace()
    contents = _contents(workspace)
    cases = contents.cases
    if contents.unreadable:
        said = t("unreadable_notice", n=len(contents.unreadable))
        st.warning(sentence(said), icon=":material/report:")
    stored = _selected_case(cases)
    composing = bool(st.session_state.get("composing")) or not cases
    if cases:
        _today(cases, expanded=stored is None and not composing)
    if stored is not None:
        _case(stored, cases)
    elif composing:
        if cases:
            st.subheader(t("new_case_title"))
            st.button(t("back_to_board"), key="back_to_board", on_click=_back_to_board)
        situation = form.situation_select()
        form.render(situation)
        st.info(t("plan_empty"))


def _selected_case(cases: list[StoredCase]) -> StoredCase | None:
    case_id = st.session_state.get("case_id") or st.query_params.get(state.CASE_PARAM)
    if not case_id:
        return None
    stored = next((c for c in cases if c.id == case_id), None)
    if stored is None:
        return None
    if (st.session_state.get("_form") or {}).get("case_id") != stored.id:
        _select(stored)  # after a reload, or a case opened from elsewhere
    return stored


def _select(stored: StoredCase) -> None:
    st.session_state["case_id"] = stored.id
    st.session_state["composing"] = False
    st.query_params[state.CASE_PARAM] = stored.id
    form.load(stored)


def _open(case_id: str) -> None:
    """Open a case of the workspace (from the Today board or the History page)."""
    try:
        workspace = state.workspace()
        stored = session.open_case(state.history(), workspace, case_id) if workspace else None
    except FollowupError as exc:
        st.toast(sentence(exc.message(state.lang())), icon=":material/error:")
        return
    if stored is not None:
        _select(stored)
        st.session_state["edit_details"] = False
        state.rerun_app()  # from the board (a fragment): the page shows the case


def _new_case() -> None:
    st.session_state.pop("case_id", None)
    if state.CASE_PARAM in st.query_params:
        del st.query_params[state.CASE_PARAM]
    st.session_state["composing"] = True
    form.reset()


def _back_to_board() -> None:
    st.session_state["composing"] = False


def _today(cases: list[StoredCase], expanded: bool) -> None:
    """Every open application with its next step, most urgent first; one click opens one."""
    with st.container(key="today"):
        # Above an open case the board is folded, and a folded expander would still draw
        # (and send) every row on every rerun: a switch draws them only when asked (it reruns
        # the page once; the board is a fragment only when it is drawn).
        if expanded or st.toggle(_title(cases), key="show_today"):
            _board(cases, expanded)
        # outside the board: another application can be started from any case
        st.button(
            t("new_case"),
            key="new_case",
            icon=":material/add:",
            on_click=_new_case,
            type="primary" if expanded else "secondary",
        )


def _rows(cases: list[StoredCase]) -> list[session.BoardRow]:
    lang, now = state.lang(), state.now()
    return state.memo(
        "board",
        (state.version_of(cases), state.clock(now), lang),
        lambda: session.board(cases, now, lang),
    )


def _title(cases: list[StoredCase]) -> str:
    return f"{t('today_title')} · {sum(1 for row in _rows(cases) if row.open)}"


@st.fragment
def _board(cases: list[StoredCase], expanded: bool) -> None:
    """The Today board, a fragment: "show more" reruns the board only; opening a case reruns
    the page."""
    state.follow_app_rerun()
    lang, now = state.lang(), state.now()
    rows = _rows(cases)
    open_rows = [row for row in rows if row.open]
    with (
        st.container(border=True)
        if not expanded
        else st.expander(_title(cases), expanded=True, icon=":material/today:")
    ):
        st.caption(t("today_caption") if open_rows else t("today_empty"))
        shown = int(st.session_state.get("_today_shown") or TODAY_SHOWN)
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
    st.session_state["_today_shown"] = shown


def _board_row(row: session.BoardRow, lang: str, now: datetime) -> None:
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
            on_click=_open,
            args=(stored.id,),
            icon=":material/arrow_forward:",
        )


def _case(stored: StoredCase, cases: list[StoredCase]) -> None:
    _next_event(stored)  # first: coming back after the interview, this is what changed
    plan_view.render(stored, cases)
    if st.toggle(t("edit_details"), key="edit_details"):
        situation = form.situation_select()
        form.render(situation)
    else:
        form.park()


def _next_event(stored: StoredCase) -> None:
    """ "What happened next": moves the case on, keeping everything already known."""
    choices = session.moves(stored.case)
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
        now = state.now()
        zone = stored.case.tz
        said_zone = timezone_label(now.astimezone(zone), state.lang())
        if move in session.MOVES_NEEDING_TIME:
            left, right = st.columns(2)
            left.date_input(t("move_date"), value=None, key="next_event_date")
            right.time_input(
                f"{t('move_time')} ({said_zone})",
                value=time(10, 0),
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
        error = st.session_state.get(f"_move_error-{stored.id}")
        if error:
            st.error(error, icon=":material/error:")
        st.button(
            t("move_submit"),
            key="next_event_submit",
            type="primary",
            on_click=_move,
            args=(stored.id, move),
        )


def _move(case_id: str, move: session.Move) -> None:
    """on_click of "update the application": the date and time are read now, as committed by
    this very click (never the values of the previous run)."""
    error_key = f"_move_error-{case_id}"
    st.session_state.pop(error_key, None)
    workspace = state.workspace()
    history = state.history()
    stored = session.open_case(history, workspace, case_id) if workspace else None
    if stored is None or workspace is None:
        return
    now = state.now()
    day = st.session_state.get("next_event_date")
    clock = st.session_state.get("next_event_time")
    moment = None
    if isinstance(day, date) and isinstance(clock, time):
        moment = datetime.combine(day, clock, stored.case.tz)
    try:
        if move in session.MOVES_NEEDING_TIME:
            if moment is None:
                raise CaseError("move_needs_time")
            session.move_on(history, workspace, stored, move, now, interview_start=moment)
        else:
            session.move_on(history, workspace, stored, move, now, at=moment)
    except FollowupError as exc:
        st.session_state[error_key] = exc.message(state.lang())
        return
    browser_store.changed()
    moved = session.open_case(history, workspace, case_id)
    if moved is not None:
        form.load(moved)
    for key in (f"next_event_move-{case_id}", "next_event_date", "next_event_time"):
        st.session_state.pop(key, None)
    st.session_state["next_event"] = False
    st.toast(t("moved", step=t(f"move_{move}")), icon=":material/check:")


def history_page() -> None:
    """The History page (`followup.ui.history_page`)."""
    from followup.ui import history_page as view

    view.history_page()


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
