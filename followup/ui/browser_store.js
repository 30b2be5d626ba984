// followup: the browser's copies of its workspaces (each one's link and history export), kept
// in this browser's IndexedDB so a visit without the link resumes, and a server that restarted
// on an empty disk can be given the history back. One copy per workspace: saving one workspace
// never replaces another's copy (issue 25). IndexedDB, not local storage: a browser gives a
// site hundreds of MB there (local storage: about 5 MB for all of a site's copies), and a
// write does not block the page. Only the page's own commands write here; what is stored is
// reported when the page asks (a "report" command). The page draws this component only in a
// run that has a command for it.
const DATABASE = "followup";
const VERSION = 1;
const COPIES = "copies"; // {token, copy, saved_at, journal}, by token
const META = "meta"; // "last": the workspace used last, resumed first
const LEGACY = "followup.workspace.v1"; // local storage: one copy per browser, before issue 25
const PREFIX = "followup.workspace.v2."; // local storage: one copy per workspace (issue 25)
const PERSIST = "followup.persist"; // navigator.storage.persist() asked once

let opening = null;

function database() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = window.indexedDB.open(DATABASE, VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(COPIES)) db.createObjectStore(COPIES, { keyPath: "token" });
        if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error("blocked"));
    });
    opening.catch(() => {
      opening = null; // tried again on the next command
    });
  }
  return opening;
}

function transaction(mode, work) {
  // one transaction over both stores: resolves with what `work` gathered once it is committed
  return database().then(
    (db) =>
      new Promise((resolve, reject) => {
        const tx = db.transaction([COPIES, META], mode);
        const gathered = {};
        work(tx.objectStore(COPIES), tx.objectStore(META), gathered);
        tx.oncomplete = () => resolve(gathered);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error || new Error("AbortError"));
      }),
  );
}

function into(gathered, name, request) {
  request.onsuccess = () => {
    gathered[name] = request.result;
  };
}

function legacyCopies() {
  // copies kept in local storage by earlier versions of the page
  const found = [];
  const storage = window.localStorage;
  for (let i = 0; i < storage.length; i += 1) {
    const name = storage.key(i);
    if (name === LEGACY || (name && name.startsWith(PREFIX) && name !== PREFIX + "last")) {
      found.push(name);
    }
  }
  return found;
}

function savedAt(record) {
  const when = Date.parse((record && record.saved_at) || "");
  return Number.isNaN(when) ? -Infinity : when;
}

async function migrate() {
  // local storage's copies move into IndexedDB (where IndexedDB has one already, the newer stays);
  // one that names no workspace (an unreadable first-version copy) is left where it is
  let names;
  try {
    names = legacyCopies();
  } catch (error) {
    return; // local storage switched off: nothing to move
  }
  if (!names.length) return;
  const last = window.localStorage.getItem(PREFIX + "last");
  const moving = [];
  for (const name of names) {
    const raw = window.localStorage.getItem(name);
    let value = null;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      value = null;
    }
    if (value && typeof value.token === "string") {
      moving.push({ name, record: { token: value.token, copy: value.copy, saved_at: value.saved_at || null } });
    } else if (name.startsWith(PREFIX)) {
      // not readable: kept whole, under its workspace, for the page to offer for download
      moving.push({ name, record: { token: name.slice(PREFIX.length), copy: raw, saved_at: null } });
    }
  }
  const known = await transaction("readonly", (copies, meta, gathered) => {
    into(gathered, "records", copies.getAll());
    into(gathered, "last", meta.get("last"));
  });
  // per workspace, the newest copy wins (a first-version copy and a later one may name the
  // same workspace, and IndexedDB may already hold one); a copy that says no date is the oldest
  const newest = new Map();
  for (const record of known.records || []) newest.set(record.token, { record, kept: true });
  for (const { record } of moving) {
    const held = newest.get(record.token);
    if (!held || savedAt(record) > savedAt(held.record)) newest.set(record.token, { record, kept: false });
  }
  await transaction("readwrite", (copies, meta) => {
    for (const { record, kept } of newest.values()) {
      if (!kept) copies.put(record);
    }
    if (!known.last && last) meta.put(last, "last");
  });
  for (const { name } of moving) window.localStorage.removeItem(name);
  window.localStorage.removeItem(PREFIX + "last");
}

function linked(tokens) {
  // the workspace of the address bar, when this browser keeps a copy of it
  try {
    const wanted = new URLSearchParams(window.location.search).get("w");
    return wanted && tokens.includes(wanted) ? wanted : null;
  } catch (error) {
    return null;
  }
}

async function read() {
  try {
    await migrate();
    const known = await transaction("readonly", (copies, meta, gathered) => {
      into(gathered, "tokens", copies.getAllKeys());
      into(gathered, "last", meta.get("last"));
    });
    const tokens = known.tokens.map(String);
    const last = tokens.includes(known.last) ? known.last : null;
    const token = linked(tokens) || last;
    const found = await transaction("readonly", (copies, meta, gathered) => {
      into(gathered, "all", copies.getAll());
    });
    const others = found.all.filter((saved) => saved.token !== token).map(summary);
    if (!token) return { token: null, others };
    const saved = found.all.find((kept) => kept.token === token);
    if (!saved || typeof saved.token !== "string") return { token: null, others };
    return {
      token: saved.token,
      copy: typeof saved.copy === "string" ? saved.copy : null,
      others,
    };
  } catch (error) {
    return { token: null, error: String((error && error.name) || error) };
  }
}

function summary(saved) {
  // another workspace this browser keeps, for the page's list: its link's token, when it was
  // saved, its applications' companies (the first few) and how many there are
  let companies = [];
  let count = 0;
  try {
    const cases = JSON.parse(saved.copy).cases || [];
    count = cases.length;
    companies = cases.slice(0, 3).map((item) => String((item.case || {}).company || ""));
  } catch (error) {
    // an unreadable copy is listed by its date alone
  }
  return { token: String(saved.token), saved_at: saved.saved_at || null, companies, count };
}

function withJournal(incoming, stored) {
  // A copy that kept steps while the history was away (a journal copy, from this tab or
  // another) is never replaced by one that lacks them: each of its steps the new copy does not
  // hold is carried over, by id, into the same application. The copy stays a journal copy
  // until the page's copy holds them all (the next visit merges them into the history).
  if (!stored || !stored.journal) return { copy: incoming, journal: false };
  let mine;
  let theirs;
  try {
    mine = JSON.parse(incoming);
    theirs = JSON.parse(stored.copy);
  } catch (error) {
    return { copy: incoming, journal: false };
  }
  const kept = new Map();
  for (const item of (theirs && theirs.cases) || []) {
    if (item && typeof item.id === "string" && Array.isArray(item.events)) kept.set(item.id, item.events);
  }
  let added = 0;
  for (const item of (mine && mine.cases) || []) {
    const steps = item && kept.get(item.id);
    if (!steps) continue;
    if (!Array.isArray(item.events)) item.events = [];
    const held = new Set(item.events.map((event) => event && event.id));
    for (const event of steps) {
      if (event && typeof event.id === "string" && !held.has(event.id)) {
        item.events.push(event);
        held.add(event.id);
        added += 1;
      }
    }
  }
  return added ? { copy: JSON.stringify(mine), journal: true } : { copy: incoming, journal: false };
}

function write(command) {
  return transaction("readwrite", (copies, meta) => {
    const request = copies.get(command.token);
    request.onsuccess = () => {
      const merged = withJournal(command.copy, request.result);
      copies.put({
        token: command.token,
        copy: merged.copy,
        saved_at: command.saved_at,
        journal: Boolean(command.journal) || merged.journal,
      });
    };
    meta.put(command.token, "last");
  });
}

function clear(command) {
  // this workspace's copy only: another workspace kept in this browser stays
  return transaction("readwrite", (copies, meta, gathered) => {
    if (command.token) copies.delete(command.token);
    const request = meta.get("last");
    request.onsuccess = () => {
      if (!command.token || request.result === command.token) meta.delete("last");
    };
  }).then(() => {
    try {
      window.localStorage.removeItem(LEGACY);
      if (command.token) window.localStorage.removeItem(PREFIX + command.token);
    } catch (error) {
      // local storage switched off: nothing of ours is there
    }
  });
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
  if (command.kind === "report") {
    // the page asks for what is stored (once per visit, and a tab that outlived a server
    // restart is asked again); the nonce makes the value new even when it is unchanged
    read().then((found) => later(() => setStateValue("stored", { ...found, nonce: command.id })));
    return;
  }
  let work = null;
  if (command.kind === "write") {
    persistOnce();
    work = write(command);
  } else if (command.kind === "clear") {
    work = clear(command);
  }
  if (!work) return;
  // only a failure is answered (storage full or switched off: the page says so): an answer
  // is a rerun, and the page need not pay one after every write
  work.catch((error) => {
    const outcome = String((error && error.name) || "Error");
    later(() => setStateValue("done", { id: command.id, outcome: outcome }));
  });
}
