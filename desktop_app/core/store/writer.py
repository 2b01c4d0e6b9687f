"""Apply a long run of changes on a writer thread while the caller goes on making the next ones.

SQLite does its work with Python's lock released, so an import's inserts (about half its time)
overlap the Python work that makes the next part. Everything still happens in the caller's one
transaction: the caller opens it, hands parts over in order, waits for the writer, then commits
(or rolls back, and nothing of any part stays).
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from types import TracebackType

from desktop_app.core.store.changes import ChangeSet

_DONE = None


class BackgroundWriter:
    """Applies ChangeSets on one thread, in the order submitted, on ``conn``'s open transaction.

    Use as a context manager: leaving it waits until every part is applied (and raises the
    writer's error, if any); leaving on an exception drops the parts not yet applied, so the
    caller's rollback never races the writer.
    """

    def __init__(self, conn: sqlite3.Connection, depth: int = 2) -> None:
        self._conn = conn
        # Bounded: the maker waits when the writer falls behind, so memory holds ~depth parts.
        self._parts: queue.Queue[ChangeSet | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="songmay-writer", daemon=True)
        self.applied = 0

    def __enter__(self) -> BackgroundWriter:
        # A part's rows may point at rows of a part still queued: the foreign keys are checked
        # at COMMIT (the setting ends with the transaction by itself).
        self._conn.execute("PRAGMA defer_foreign_keys = ON")
        self._thread.start()
        return self

    def submit(self, part: ChangeSet) -> None:
        """Queue a part (waits while the writer is ``depth`` parts behind); raises at once if an
        earlier part failed."""
        if self._error is not None:
            raise self._error
        self._parts.put(part)

    def _run(self) -> None:
        while True:
            part = self._parts.get()
            if part is _DONE:
                return
            if self._error is not None or self._stop.is_set():
                continue  # drain: the caller is going to roll back
            try:
                self.applied += part.apply(self._conn)
            except BaseException as exc:  # handed to the caller's thread, which re-raises it
                self._error = exc

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is not None:
            self._stop.set()
        self._parts.put(_DONE)
        self._thread.join()
        if kind is None and self._error is not None:
            raise self._error
