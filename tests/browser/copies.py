"""The browser's copies of its workspaces, as the tests read and plant them: IndexedDB database
`followup`, store `copies` ({token, copy, saved_at} by token), store `meta` ("last"), the
same schema `followup/ui/browser_store.js` opens. Playwright's `wait_for_function` does not
await a promise, so waiting polls inside the page until the copy says what is expected."""

from __future__ import annotations

import json
from typing import Any

_OPEN = """
const open = () => new Promise((resolve, reject) => {
  const request = indexedDB.open("followup", 1);
  request.onupgradeneeded = () => {
    const db = request.result;
    if (!db.objectStoreNames.contains("copies")) db.createObjectStore("copies", {keyPath: "token"});
    if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
  };
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});
const get = async (token) => {
  const db = await open();
  return new Promise((resolve, reject) => {
    const request = db.transaction("copies").objectStore("copies").get(token);
    request.onsuccess = () => { db.close(); resolve(request.result || null); };
    request.onerror = () => reject(request.error);
  });
};
"""

_WAIT = (
    "async ([token, text, present, ms]) => {"
    + _OPEN
    + """
  const end = Date.now() + ms;
  for (;;) {
    const saved = await get(token);
    const copy = saved && typeof saved.copy === "string" ? saved.copy : "";
    const ok = present ? saved !== null && copy.includes(text) : saved === null;
    if (ok) return true;
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}"""
)

_READ = (
    "async (token) => {" + _OPEN + "const saved = await get(token); return saved && saved.copy; }"
)

_PLANT = (
    "async ([record, only]) => {"
    + _OPEN
    + """
  const db = await open();
  await new Promise((resolve, reject) => {
    const tx = db.transaction(["copies", "meta"], "readwrite");
    if (only) tx.objectStore("copies").clear();
    tx.objectStore("copies").put(record);
    tx.objectStore("meta").put(record.token, "last");
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}"""
)


def wait_copy(page: Any, token: str, text: str = "", timeout_ms: int = 60_000) -> None:
    """Until this browser's copy of `token` holds `text`."""
    assert page.evaluate(_WAIT, [token, text, True, timeout_ms]), f"no copy with {text!r}"


def wait_no_copy(page: Any, token: str, timeout_ms: int = 60_000) -> None:
    """Until this browser keeps no copy of `token`."""
    assert page.evaluate(_WAIT, [token, "", False, timeout_ms]), "the copy is still there"


def copy_of(page: Any, token: str) -> str | None:
    return page.evaluate(_READ, token)  # type: ignore[no-any-return]


def plant(
    page: Any, token: str, copy: object, saved_at: str, *, only: bool = True, journal: bool = False
) -> None:
    """Put a copy in this browser as the page would have saved it (`only`: the only one;
    `journal`: one that kept a step while the history was away), and make it the workspace
    used last."""
    record = {"token": token, "copy": copy, "saved_at": saved_at, "journal": journal}
    page.evaluate(_PLANT, [json.loads(json.dumps(record)), only])
