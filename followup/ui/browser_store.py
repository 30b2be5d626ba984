"""The browser's copies of its workspaces: a first-party `st.components.v2` component that
keeps each workspace's link and the history's JSON export in the browser's IndexedDB, one
copy per workspace (saving one never replaces another's).

- After every confirmed write (and once per visit) the page sends the browser a fresh copy.
- A visit without the link in the same browser resumes the remembered workspace.
- When the server does not know a workspace the browser holds (a fresh disk after a restart
  or a redeploy), the page restores it from that copy on its own and says so.
- "Forget me" clears the copy too; "forget this device" clears only the copy.

`receive()` runs at the top of every script run (it acts on what the browser reported),
`send()` at the end (it mounts the component with the command of this run, if any).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import streamlit as st

from followup.desk import Desk, FollowupError
from followup.ui import state
from followup.ui.page_state import page
from followup.ui.state import t

KEY = "browser_store"
_JS = (Path(__file__).with_name("browser_store.js")).read_text(encoding="utf-8")
_component = st.components.v2.component("followup.browser_store", js=_JS, html="")


def _reported() -> dict[str, Any]:
    value = st.session_state.get(KEY)
    return dict(value) if value else {}


def changed() -> None:
    """A write was confirmed: the browser's copy is refreshed at the end of this run."""
    page().browser_dirty = True


def forget_device() -> None:
    """Clear only this browser's copy of this workspace, and leave the workspace in this tab
    (another workspace's copy in this browser stays)."""
    _command({"kind": "clear", "token": page().token})  # (before leaving forgets the token)
    state.leave_workspace()
    page().browser_left = True  # do not resume from a copy still reported
    st.toast(t("device_forgotten"), icon=":material/devices:")


def forget_all(token: str | None = None) -> None:
    """After "forget me": the browser's copy of that workspace goes too."""
    _command({"kind": "clear", "token": token or page().token})
    page().browser_left = True


def _command(command: dict[str, Any]) -> None:
    kept = page()
    kept.browser_command = {"id": uuid.uuid4().hex, **command}
    kept.browser_dirty = False


def receive() -> None:
    """Act on what the browser reported: a copy it could not keep, or the stored copy (once).
    (A copy it kept is not acknowledged: an answer would cost a rerun after every write.)"""
    reported = _reported()
    kept = page()
    done = reported.get("done") or {}
    if done.get("outcome") not in (None, "ok") and done.get("id") != kept.browser_failed:
        kept.browser_failed = done.get("id")
        kept.notice = ("warning", t("browser_copy_failed"))
    stored = reported.get("stored")
    if stored is None or kept.browser_checked:
        return
    kept.browser_checked = True
    kept.browser_others = _others(stored.get("others"))
    if kept.browser_left:
        return
    if state.workspace() is not None and stored.get("token") != kept.token:
        # a link opened on a device that keeps no copy of its workspace: keep one here too
        kept.browser_dirty = True
    token = stored.get("token")
    copy = stored.get("copy")
    in_link = st.query_params.get(state.TOKEN_PARAM)
    if not isinstance(token, str) or not state.valid_token(token):
        if in_link and state.workspace() is None:
            page().notice = ("info", t("workspace_unknown"))
        return
    if in_link and in_link != token:
        if state.workspace() is None:
            page().notice = ("info", t("workspace_unknown"))
        return  # the link in the address bar wins over the remembered one
    if state.history().open_workspace(token, state.now()) is not None:
        # known here: resumed (no link), or restored meanwhile by another tab (the link)
        state.adopt(token)
        if not in_link:
            page().notice = ("success", t("resumed"))
        _merge(copy)
        return
    _restore(token, copy)


def _others(reported: Any) -> tuple[tuple[str, tuple[str, ...], int, str], ...]:
    """The other workspaces the browser reported, as far as they can be trusted: a token of
    the server's form, a few companies (text, cut short), a count and a date."""
    found = []
    for other in reported if isinstance(reported, list) else []:
        if not isinstance(other, dict) or not state.valid_token(str(other.get("token", ""))):
            continue
        names = other.get("companies")
        companies = tuple(str(n)[:80] for n in names[:3]) if isinstance(names, list) else ()
        count = other.get("count")
        saved = other.get("saved_at")
        found.append(
            (
                str(other["token"]),
                companies,
                count if isinstance(count, int) and count >= 0 else 0,
                saved if isinstance(saved, str) else "",
            )
        )
    return tuple(found[:20])


def journal(copy: str) -> None:
    """Keep a step the history could not take in the browser's copy (an outage of the shared
    store), and retry it on the next runs (`retry_journal`)."""
    kept = page()
    kept.journal = kept.browser_copy = copy
    if kept.token:
        _command(
            {
                "kind": "write",
                "token": kept.token,
                "copy": copy,
                "saved_at": state.now().isoformat(),
                "journal": True,  # (its steps are never dropped by a later copy: browser_store.js)
            }
        )


def retry_journal() -> None:
    """Steps kept in the browser during an outage go into the history once it takes writes
    again: merged by id (twice = once), and said."""
    kept = page()
    if kept.journal is None or state.workspace() is None:
        return
    try:
        after, added = state.desk().merge_copy(kept.journal)
    except FollowupError:
        return  # still away: tried again on the next run
    kept.journal = None
    state.wrote(after)
    changed()
    kept.notice = ("success", t("merged", n=max(added, 1)))


def _merge(copy: Any) -> None:
    """A step the browser's copy holds and the server lacks (recorded while the shared history
    was away) is kept, never overwritten by the server's older state (issue 25)."""
    if not isinstance(copy, str):
        return
    try:
        after, added = state.desk().merge_copy(copy)
    except FollowupError:
        return  # an unreadable copy takes nothing in here; the next write replaces it
    if added:
        state.wrote(after)
        changed()
        page().notice = ("success", t("merged", n=added))


def _restore(token: str, copy: Any) -> None:
    if not isinstance(copy, str):
        page().notice = ("info", t("workspace_unknown"))
        return
    try:
        restored, count = Desk.restore(state.history(), token, copy, state.now(), state.lang())
    except FollowupError as exc:
        if exc.key == "workspace_gone":  # forgotten on another device: this copy goes too
            _command({"kind": "clear", "token": token})
            page().notice = ("info", t("copy_of_forgotten"))
            return
        reason = exc.message(state.lang())
        page().notice = ("warning", t("restore_failed", reason=reason))
        page().unrestored = copy  # kept in the browser too; offered for download
        return
    state.adopt(token, restored.workspace)
    page().notice = ("success", t("restored", n=count))


def send() -> None:
    """Mount the component with this run's command: a clear after a forget, a request for
    the stored copy until it came, a fresh copy after a write (or once per visit); a run
    without a command draws no component. A command is sent in one run only; the browser
    carries it out once (by its id)."""
    kept = page()
    token = kept.token
    command, kept.browser_command = kept.browser_command, None  # a clear, from a callback
    # (a command goes out even when the history cannot be read: a step kept in the browser
    # during an outage)
    workspace = state.workspace() if command is None else None
    if command is not None:
        pass
    elif not kept.browser_checked:
        # the first runs of a session (also a tab that outlived a server restart) ask for
        # what the browser holds
        command = {"id": uuid.uuid4().hex, "kind": "report"}
    elif workspace is not None and token and (kept.browser_dirty or kept.browser_sent != token):
        now = state.now()
        try:
            copy = state.desk().snapshot()
        except FollowupError:
            copy = None  # the history cannot be read right now: try again after the next write
        if copy is not None:
            command = {
                "id": uuid.uuid4().hex,
                "kind": "write",
                "token": token,
                "copy": copy,
                "saved_at": now.isoformat(),
            }
            kept.browser_sent = token
            kept.browser_dirty = False
            kept.browser_saved = (now, len(copy.encode("utf-8")))
            kept.browser_copy = copy
    if command is None:  # nothing for the browser to do: no component in this run (it and
        return  # its fragment cost about as much as six elements on every rerun)
    with st.sidebar:
        _mount(command)


@st.fragment
def _mount(command: dict[str, Any] | None) -> None:
    """The component, in a fragment of its own: what the browser reports reruns this fragment,
    and the whole page only when it changed something (`_on_report`). A page that has just
    loaded is not drawn a second time, so a click made in that moment is not lost."""
    state.follow_app_rerun()
    _component(
        key=KEY,
        data=[command],  # a list: Streamlit looks for dataframes only in a dict
        default={"stored": None, "done": None},
        on_stored_change=_on_report,
        on_done_change=_on_report,
    )


def _on_report() -> None:
    """The browser reported its stored copy (or a copy it could not keep): acted on at once;
    a resumed or restored workspace, or a notice, needs the whole page."""
    before = _seen()
    try:
        receive()
    except FollowupError as exc:  # (the page's edge, for a callback)
        page().notice = ("warning", exc.message(state.lang()))
    if _seen() != before:
        state.rerun_app()


def _seen() -> tuple[object, ...]:
    kept = page()
    return (
        kept.token,
        kept.workspace_id,
        kept.notice,
        kept.browser_dirty,
        kept.browser_others,  # (listed on History: a visit that reports others draws them)
        st.query_params.get(state.TOKEN_PARAM),
    )
