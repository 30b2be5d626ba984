"""The page's edge: the clock, the language and timezone, the history connection, the
workspace of the link and its `Desk`. What the page remembers between runs is one typed
`PageState` (`followup.ui.page_state`); this module reads and changes it for the others.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from followup.desk import (
    Desk,
    FollowupError,
    History,
    Opened,
    Workspace,
    WorkspaceGone,
    configured_path,
    defaults,
    language,
    open_history,
    text,
)
from followup.desk import valid_token as _valid_token
from followup.ui.page_state import page

T = TypeVar("T")

DEFAULT_ZONE = "Asia/Jakarta"
RETENTION_DAYS = 90
TOKEN_PARAM = "w"  # noqa: S105 - the name of the URL parameter, not a secret
CASE_PARAM = "c"


def t(key: str, **params: Any) -> str:
    """A text of the [ui] section in the session's language."""
    return text(lang(), "ui", key, **params)


# What a page run reads many times and cannot change while it runs (a session state read costs
# microseconds, and a page run asked for the language a hundred times). Set by `new_run`,
# dropped by `end_run`; callbacks (before the run) and fragment runs read the session state.
_RUN = threading.local()


def _per_run(name: object, compute: Callable[[], T]) -> T:
    """`compute()` once per page run, kept under `name`; outside a page run (a callback, a
    fragment's run) every time."""
    kept: dict[object, Any] | None = getattr(_RUN, "kept", None)
    if kept is None:
        return compute()
    if name not in kept:
        kept[name] = compute()
    return cast(T, kept[name])


def lang() -> str:
    return _per_run("lang", lambda: language(st.session_state.get("lang")))


SECRET_NAMES = (
    "FOLLOWUP_DB",
    "MOTHERDUCK_TOKEN",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_MODEL",
)


def _read_secrets() -> dict[str, str]:
    # st.secrets raises FileNotFoundError (StreamlitSecretNotFoundError) with no secrets file,
    # and then looks for the file again on every access: read the few names once.
    found: dict[str, str] = {}
    for name in SECRET_NAMES:
        try:
            value = st.secrets.get(name)
        except (KeyError, FileNotFoundError):
            return found
        if value:
            found[name] = str(value)
    return found


def _secret(name: str) -> str | None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx() is None:
        return _read_secrets().get(name)
    kept = page()
    if kept.secrets is None:  # memory of this session only, never stored
        kept.secrets = _read_secrets()
    return kept.secrets.get(name)


def init_session() -> None:
    """Language and timezone from the browser (st.context), once per session; a timezone
    chosen in the settings box wins (put back while its box is closed: a widget not drawn
    loses its value)."""
    locale = st.context.locale or ""
    st.session_state.setdefault("lang", "en" if locale.lower().startswith("en") else "id")
    kept = page()
    if kept.zone and not kept.settings_drawn:
        st.session_state["timezone"] = kept.zone
    zone = st.context.timezone or DEFAULT_ZONE
    st.session_state.setdefault("timezone", zone if valid_zone(zone) else DEFAULT_ZONE)


def zone() -> str:
    """The session's timezone: the one chosen in the settings box (kept while it is closed,
    and read first, since callbacks run before `init_session` puts it back), else the
    browser's."""
    return str(page().zone or st.session_state.get("timezone") or DEFAULT_ZONE)


def valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long
        return False
    return True


def llm_settings(session: bool = True) -> Any:
    """Where the AI step's model is (secrets, environment, or a key typed this session)."""
    from followup.desk.ai import settings

    if not session:
        return settings(_secret, "")
    # asked by every card of a run; the key typed this session is kept aside (settings.py)
    return _per_run("llm", lambda: settings(_secret, page().typed_key))


def now() -> datetime:
    """The current time, in the session's zone. FOLLOWUP_NOW freezes it (demos and tests).
    One moment per page run: every part of the page speaks of the same minute."""
    return _per_run("now", _now)


def _now() -> datetime:
    chosen = zone()
    return _clock(ZoneInfo(chosen if valid_zone(chosen) else DEFAULT_ZONE))


def _clock(here: ZoneInfo) -> datetime:
    """The current time in `here`, or FOLLOWUP_NOW's frozen one."""
    frozen = os.environ.get("FOLLOWUP_NOW")
    if frozen:
        moment = datetime.fromisoformat(frozen)
        moment = moment.replace(tzinfo=here) if moment.tzinfo is None else moment.astimezone(here)
    else:
        moment = datetime.now(UTC).astimezone(here)
    return moment


@st.cache_resource(show_spinner=False)
def _opened(path: str) -> Opened:
    """One history connection per process; inactive workspaces are purged when it opens."""
    opened = open_history(path, motherduck_token=motherduck_token())
    # on the page's clock: a frozen one (a demo, a test) must not purge what it shows
    opened.history.purge_inactive(_clock(ZoneInfo(DEFAULT_ZONE)), RETENTION_DAYS)
    return opened


def opened() -> Opened:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx() is None:  # a caller outside a page run (tests, tools)
        return _opened(configured_path(_secret("FOLLOWUP_DB")))
    # `st.cache_resource` costs ~30 µs a call: asked once per page run
    return _per_run("opened", lambda: _opened(_db_path()))


def _db_path() -> str:
    kept = page()
    if kept.db_path is None:  # secrets and environment: read once per session
        kept.db_path = configured_path(_secret("FOLLOWUP_DB"))
    return kept.db_path


def motherduck_token() -> str | None:
    """MotherDuck's token (secrets, then environment); used only when FOLLOWUP_DB is `md:`."""
    return _secret("MOTHERDUCK_TOKEN") or os.environ.get("MOTHERDUCK_TOKEN") or None


def history() -> History:
    return opened().history


def valid_token(token: str) -> bool:
    return _valid_token(token)  # one shape of a token: the history's


def workspace() -> Workspace | None:
    """The workspace of the token in the page URL, opened once per session and checked on
    every use: another tab may have forgotten it ("forget me"). Then this session keeps no
    workspace, remembers why (`gone()`), and the page offers a new one."""
    token = st.query_params.get(TOKEN_PARAM)
    return _per_run(("workspace", token), lambda: _workspace(token))  # asked several times


def _workspace(token: str | None) -> Workspace | None:
    if not token or not valid_token(token):
        return None
    kept = page()
    where = opened()
    if kept.token != token or kept.generation != where.generation:
        # (a new generation: the shared history came back; the workspace's id there may differ)
        found = where.history.open_workspace(token, now())
        kept.token = token
        kept.generation = where.generation
        kept.workspace_id = found.id if found else None
        kept.workspace_gone = False
    if not kept.workspace_id:
        return None
    current = Workspace(kept.workspace_id)
    # checked once per page run (every write checks again, inside its own transaction)
    run = kept.run if kept.in_run else None
    if run is None or kept.exists_checked != (current.id, run):
        if not history().exists(current):
            kept.workspace_id = None
            kept.workspace_gone = True
            return None
        kept.exists_checked = (current.id, run)
    return current


def settings_changed() -> None:
    """The AI key may have changed: the next `llm_settings()` of this run looks again."""
    kept = getattr(_RUN, "kept", None) or {}
    kept.pop("llm", None)


def workspace_changed() -> None:
    """The session's workspace changed (adopted, created, left or found gone): the next
    `workspace()` of this run looks again."""
    kept = getattr(_RUN, "kept", None) or {}
    for name in [n for n in kept if n == "desk" or isinstance(n, tuple) and n[0] == "workspace"]:
        del kept[name]


def new_run() -> None:
    """At the top of every page run (not a fragment's): what is checked once per run."""
    kept = page()
    kept.run += 1
    kept.in_run = True  # callbacks (before) and fragments (after) check anew
    _RUN.kept = {}


def end_run() -> None:
    """At the end of every page run, also one cut short (`finally`)."""
    _RUN.kept = None
    page().in_run = False


def gone() -> bool:
    """This session's workspace was forgotten (in another tab, or by the purge)."""
    return page().workspace_gone


def adopt(token: str, found: Workspace | None = None) -> None:
    """Make `token`'s workspace this session's (resumed or restored from the browser's copy)."""
    st.query_params[TOKEN_PARAM] = token
    if found is None:
        found = history().open_workspace(token, now())
    kept = page()
    kept.token = token
    kept.workspace_id = found.id if found else None
    workspace_changed()


def workspace_link(case_id: str | None = None) -> str:
    """The private link of this workspace (and of one application in it), as the address bar
    shows it: what brings a person back, from a calendar reminder or another device."""
    from urllib.parse import urlsplit

    token = page().token or ""
    parts = urlsplit(st.context.url or "")
    base = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    link = f"{base}/?{TOKEN_PARAM}={token}"
    return f"{link}&{CASE_PARAM}={case_id}" if case_id else link


def on_ios() -> bool:
    """The page is open on an iPhone or iPad, whose Safari deletes a site's storage after 7
    days of use without a visit (the browser's copy of the workspace with it)."""
    agent = st.context.headers.get("User-Agent") or ""
    return any(device in agent for device in ("iPhone", "iPad", "iPod"))


def case_link() -> Callable[[str], str] | None:
    """A case's id -> its address, once this session has a workspace link; else None. The
    address is read now: a download's data may be built after the run, outside its context."""
    if not page().token:
        return None
    link = workspace_link()
    return lambda case_id: f"{link}&{CASE_PARAM}={case_id}"


def keep_link() -> None:
    """Put the workspace (and the open case) back into the address after a page switch:
    Streamlit drops query parameters when `st.navigation` changes page."""
    kept = page()
    if kept.token and kept.workspace_id and TOKEN_PARAM not in st.query_params:
        st.query_params[TOKEN_PARAM] = kept.token
    if kept.case_id and CASE_PARAM not in st.query_params and TOKEN_PARAM in st.query_params:
        st.query_params[CASE_PARAM] = kept.case_id


def ensure_workspace() -> Workspace:
    """The session's workspace, created (and its token put in the URL) on first need; never
    in place of one that was forgotten (`WorkspaceGone`: the person chooses a new one)."""
    current = workspace()
    if current is not None:
        return current
    if gone():
        raise WorkspaceGone()
    in_link = st.query_params.get(TOKEN_PARAM)
    if in_link and valid_token(in_link) and not page().browser_checked:
        # a link this server does not know (yet): a tab that outlived a restart on a fresh
        # disk. Its history comes back from the browser's copy; a new workspace now would
        # take the link's place and, later, the copy's.
        raise FollowupError("workspace_restoring")
    created, token = history().create_workspace(now())
    st.query_params[TOKEN_PARAM] = token
    kept = page()
    kept.token = token
    kept.workspace_id = created.id
    workspace_changed()
    return created


def leave_workspace() -> None:
    """Forget the session's link to its workspace (after "forget me" or "new workspace"), and
    nothing of it stays: not the open case, the form, the cards' texts nor the AI key (a shared
    computer: the next person starts clean)."""
    page().leave()
    workspace_changed()
    settings_changed()
    # the widgets' own values: the cards' texts, the AI key field and the form
    personal = ("points-", "discussed-", "draft-", "subject-")
    form_keys = set(defaults("interviewed", now(), 10))
    for name in [str(k) for k in st.session_state.keys()]:
        if name.startswith(personal) or name == "openai_key" or name in form_keys:
            st.session_state.pop(name, None)
    for param in (TOKEN_PARAM, CASE_PARAM):
        if param in st.query_params:
            del st.query_params[param]


def desk() -> Desk:
    """This workspace, now (`followup.desk.Desk`): every plan, draft and step of the page comes
    from it. Kept in the session while nothing it answers from changed (the same cases, minute,
    zone and language), so a rerun that changed nothing plans nothing again, and a click acts on
    the very plan the page showed."""
    return _per_run("desk", _desk)


def _desk() -> Desk:
    fresh = Desk.of(history(), workspace(), now(), lang())
    kept = page()
    if kept.desk is not None and kept.desk.key == fresh.key:
        return kept.desk
    kept.desk = fresh
    return fresh


def wrote(after: Desk) -> None:
    """A write returned the next Desk: it is the session's now (it keeps the plans of the cases
    the write did not change)."""
    page().desk = after
    kept = getattr(_RUN, "kept", None) or {}
    kept.pop("desk", None)


def memo(name: str, key: object, compute: Callable[[], T]) -> T:
    """`compute()` once per `key` in this session (the last key of each `name` is kept): the
    words of a plan's page are composed once per Desk, not on every rerun."""
    store = page().memo
    hit = store.get(name)
    if hit is not None and hit[0] == key:
        return cast(T, hit[1])
    value = compute()
    store[name] = (key, value)
    return value


def minute(moment: datetime) -> datetime:
    """Rules change on whole minutes: a plan of 10:00:05 is the plan of 10:00:40."""
    return moment.replace(second=0, microsecond=0)


def rerun_app() -> None:
    """In a callback of a fragment's widget: what it did changes the plan, so the whole page
    runs again (a fragment alone would rerun only itself)."""
    page().rerun_app = True


def follow_app_rerun() -> None:
    """At the top of a fragment: the whole page, if a callback asked for it. (A full run
    clears the request at its start, so it never runs twice.)"""
    kept = page()
    if kept.rerun_app:
        kept.rerun_app = False
        st.rerun(scope="app")
