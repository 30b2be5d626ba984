// followup: the browser's copy of a workspace (its link and its history export), kept in
// this browser's local storage so a visit without the link resumes, and a server that
// restarted on an empty disk can be given the history back. Only the page's own commands
// write here; what is stored is reported when the page asks (a "report" command). The page
// draws this component only in a run that has a command for it.
const KEY = "followup.workspace.v1";

function read() {
  try {
    const raw = window.localStorage.getItem(KEY);
    if (!raw) return { token: null };
    const saved = JSON.parse(raw);
    if (!saved || typeof saved.token !== "string") return { token: null };
    return { token: saved.token, copy: typeof saved.copy === "string" ? saved.copy : null };
  } catch (error) {
    return { token: null, error: String(error && error.name) };
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
      window.localStorage.setItem(
        KEY,
        JSON.stringify({ token: command.token, copy: command.copy, saved_at: command.saved_at }),
      );
    } else if (command.kind === "clear") {
      window.localStorage.removeItem(KEY);
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
