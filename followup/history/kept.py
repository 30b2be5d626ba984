"""What the history remembers between writes, and the locks that order its writes.

- **Kept answers** (`Kept`): the last `read`, `exists` and `drafts` answer of each workspace,
  kept under that workspace's write count `(epoch, writes)`. Every write counts when it ends,
  committed or not (`wrote`); a read takes the count before it queries (`count`), so an answer
  is never older than the count it is kept under, and one kept while a write ended is dropped
  (`keep`). A write of this process may keep what it knows the workspace holds after it under
  the next count (`History._wrote_through`).
  A write that found its workspace is kept as the answer of `exists` (`Landed`). A write of no
  single workspace (forget, the purge) starts a new epoch. Both tables are bounded.
- **Stripes**: writes to one workspace are serialised (a case's next version is read, then
  written; "forget" must not cross a write); writes to different workspaces are not, DuckDB
  runs them side by side. One lock per stripe of workspaces; the purge takes them all, in
  order.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

Count = tuple[int, int]
KINDS = ("read", "exists", "drafts")  # what is kept of a workspace


@dataclass
class Landed:
    """What a write learned: its workspace was there when it committed."""

    there: bool = False


class Kept:
    """Answers per (kind, workspace), each with the write count it was read at."""

    KEPT_WORKSPACES = 512  # the most recently read workspaces whose answers are kept
    COUNTED_WORKSPACES = 100_000  # write counts kept before they all start again

    def __init__(self) -> None:
        self._writes: dict[str, int] = {}  # per workspace id: writes that ended
        self._epoch = 0  # writes that may touch every workspace (forget, the purge)
        self._kept: OrderedDict[tuple[str, str], tuple[Count, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def count(self, workspace_id: str) -> Count:
        with self._lock:
            return (self._epoch, self._writes.get(workspace_id, 0))

    def wrote(self, workspace_id: str | None, there: bool = False) -> None:
        """After a write ends (committed or not): what was kept of it is out of date. `there`:
        the write found its workspace when it committed (kept as the answer of `exists`).
        A write of no single workspace (forget, the purge) starts a new epoch: every count is
        new, so the per-workspace counts can go (they would otherwise grow with every
        workspace ever written)."""
        with self._lock:
            if workspace_id is None or len(self._writes) >= self.COUNTED_WORKSPACES:
                self._epoch += 1
                self._kept.clear()
                self._writes.clear()
            if workspace_id is None:
                return
            self._writes[workspace_id] = self._writes.get(workspace_id, 0) + 1
            for kind in KINDS:
                self._kept.pop((kind, workspace_id), None)
            if there:
                count = (self._epoch, self._writes[workspace_id])
                self._kept[("exists", workspace_id)] = (count, True)
                self._trim()

    def recall(self, kind: str, workspace_id: str, count: Count) -> Any:
        """The answer kept for `kind` of the workspace at this write count, else None."""
        with self._lock:
            hit = self._kept.get((kind, workspace_id))
            if hit is None or hit[0] != count:
                return None
            self._kept.move_to_end((kind, workspace_id))
            return hit[1]

    def keep(self, kind: str, workspace_id: str, count: Count, answer: Any) -> None:
        with self._lock:
            if (self._epoch, self._writes.get(workspace_id, 0)) != count:
                return  # a write ended meanwhile: this answer may be out of date already
            self._kept[(kind, workspace_id)] = (count, answer)
            self._kept.move_to_end((kind, workspace_id))
            self._trim()

    def _trim(self) -> None:
        while len(self._kept) > len(KINDS) * self.KEPT_WORKSPACES:
            self._kept.popitem(last=False)


class Stripes:
    """The locks that order writes: one per stripe of workspaces."""

    COUNT = 64

    def __init__(self) -> None:
        self._locks = [threading.Lock() for _ in range(self.COUNT)]

    @contextmanager
    def locked(self, workspace_id: str | None = None, *, every: bool = False) -> Iterator[None]:
        """The lock of a workspace's writes (none for a write that touches no workspace's
        rows, such as a new workspace), or every lock, always taken in the same order."""
        if every:
            with ExitStack() as stack:
                for lock in self._locks:
                    stack.enter_context(lock)
                yield
        elif workspace_id is None:
            yield
        else:
            with self._locks[hash(workspace_id) % self.COUNT]:
                yield
