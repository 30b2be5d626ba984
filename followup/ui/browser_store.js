// followup: the browser's copies of its workspaces (each one's link and history export), kept
// in this browser's local storage so a visit without the link resumes, and a server that
// restarted on an empty disk can be given the history back. One copy per workspace: saving one
// workspace never replaces another's copy (issue 25). Only the page's own commands write here;
// what is stored is reported when the page asks (a "report" command). The page draws this
// component only in a run that has a command for it.
const LEGACY = "followup.workspace.v1"; // one copy per browser, before issue 25
const PREFIX = "followup.workspace.v2.";
const LAST = "followup.workspace.v2.last"; // the workspace used last: resumed first
const PERSIST = "followup.persist"; // navigator.storage.persist() asked once


function migrate() {
  const raw = window.localStorage.getItem(LEGACY);
  if (!raw) return;
  const saved = JSON.parse(raw);
  if (saved && typeof saved.token === "string") {
    window.localStorage.setItem(PREFIX + saved.token, raw);
    if (!window.localStorage.getItem(LAST)) window.localStorage.setItem(LAST, saved.token);
  }
  window.localStorage.removeItem(LEGACY);
}

function tokens() {
  const found = [];
  for (let i = 0; i < window.localStorage.length; i += 1) {
    const name = window.localStorage.key(i);
    if (name && name.startsWith(PREFIX) && name !== LAST) found.push(name.slice(PREFIX.length));
  }
  return found;
}

function linked() {
  // the workspace of the address bar, when this browser keeps a copy of it
  try {
    const wanted = new URLSearchParams(window.location.search).get("w");
    return wanted && window.localStorage.getItem(PREFIX + wanted) ? wanted : null;
  } catch (error) {
    return null;
  }
}

function read() {
  try {
    migrate();
    const token = linked() || window.localStorage.getItem(LAST);
    const others = tokens().filter((t) => t !== token);
    if (!token) return { token: null, others };
    const raw = window.localStorage.getItem(PREFIX + token);
    const saved = raw ? JSON.parse(raw) : null;
    if (!saved || typeof saved.token !== "string") return { token: null, others };
    return {
      token: saved.token,
      copy: typeof saved.copy === "string" ? saved.copy : null,
      others,
    };
  } catch (error) {
    return { token: null, error: String(error && error.name) };
  }
}

function persistOnce() {
  // ask once that the browser keep this site's storage (it may still decide not to)
  try {
    if (window.localStorage.getItem(PERSIST)) return;
    window.localStorage.setItem(PERSIST, "asked");
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist();
  } catch (error) {
    // nothing to do: the copy works without it
  }
}

function later(send) {
  window.requestAnimationFrame(() => window.setTimeout(send, 0));
}

export default function (component) {
  const { data, setStateValue, parentElement } = component;
  const host = parentElement;
  const command = Array.isArray(data) ? data[0] : null;
  if (!command || host.__followupDone === command.id) return; // each command once (by its id)
  host.__followupDone = command.id;
  let outcome = "ok";
  try {
    if (command.kind === "write") {
      persistOnce();
      window.localStorage.setItem(
        PREFIX + command.token,
        JSON.stringify({ token: command.token, copy: command.copy, saved_at: command.saved_at }),
      );
      window.localStorage.setItem(LAST, command.token);
    } else if (command.kind === "clear") {
      // this workspace's copy only: another workspace kept in this browser stays
      if (command.token) window.localStorage.removeItem(PREFIX + command.token);
      if (!command.token || window.localStorage.getItem(LAST) === command.token) {
        window.localStorage.removeItem(LAST);
      }
      window.localStorage.removeItem(LEGACY);
    }
  } catch (error) {
    outcome = String(error && error.name); // storage full or switched off: the page says so
  }
  if (command.kind === "report") {
    // the page asks for what is stored (once per visit, and a tab that outlived a server
    // restart is asked again); the nonce makes the value new even when it is unchanged
    const stored = { ...read(), nonce: command.id };
    later(() => setStateValue("stored", stored));
  } else if (outcome !== "ok") {
    // only a failure is answered: an answer is a rerun, and the page need not pay one
    // after every write
    later(() => setStateValue("done", { id: command.id, outcome: outcome }));
  }
}
