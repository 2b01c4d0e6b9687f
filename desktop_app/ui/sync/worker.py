"""Network work off the GUI thread, without a modal dialog: a sync, a login check, a health probe.

Why not ``ui.jobs``: a job shows a window-modal progress dialog and runs on the one database worker.
A sync over a 3G link can take minutes and may start by itself when the network returns; it must
neither block the window nor hold up the page jobs (a handover proposal) queued behind it. So
network work has its own small pool; its progress is shown where the clerk looks (the Đồng bộ page,
the status bar), and its database writes go through their own connection and
``write_transaction``, which queues them with the window's.

The rules are those of ``ui.jobs``: ``work`` gets a progress/cancel state and never touches a
widget; ``on_success`` / ``on_failure`` run on the GUI thread, and not at all when ``owner`` is gone.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

from desktop_app.core.errors import SongMayError
from desktop_app.core.jobs import JobState
from desktop_app.ui.common.errors import show_error
from desktop_app.ui.common.jobs import WorkerState, application_pool

log = logging.getLogger("songmay.ui")

WORKER_NAME = "songmay-network-worker"
SUCCEEDED, FAILED = "succeeded", "failed"


def network_worker() -> QThreadPool:
    """Two threads: a sync and a probe or a login check may run side by side."""
    return application_pool(WORKER_NAME, 2)


class NetworkTask(QObject):
    """One run of ``work(state)`` on the network pool. ``finished`` carries the outcome
    (``"succeeded"`` or ``"failed"``) after the callbacks ran."""

    progressed = Signal(int, int, str)
    finished = Signal(str)
    _progress = Signal(int, int, str)
    _done = Signal(str, object, str)

    def __init__(
        self,
        work: Callable[[JobState], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        super().__init__(network_worker())  # outlives its owner: the answer always has a receiver
        self.outcome: str | None = None
        self._work = work
        self._on_success = on_success
        self._on_failure = on_failure
        self._owner = owner
        self._cancel_event = threading.Event()
        self._progress.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self._done.connect(self._finish, Qt.ConnectionType.QueuedConnection)

    def start(self) -> NetworkTask:
        network_worker().start(self._run)
        return self

    def is_running(self) -> bool:
        return self.outcome is None

    def is_cancelled(self) -> bool:
        return self._cancel_event.is_set()

    @Slot()
    def cancel(self) -> None:
        """Ask the work to stop; it sees ``is_cancelled()`` at its next check."""
        self._cancel_event.set()

    def _run(self) -> None:  # on the worker thread: no widgets here
        try:
            result = self._work(WorkerState(self._progress, self._cancel_event))
        except BaseException as exc:
            self._done.emit(FAILED, exc, "".join(traceback.format_exception(exc)))
        else:
            self._done.emit(SUCCEEDED, result, "")

    @Slot(int, int, str)
    def _show_progress(self, done: int, total: int, stage: str) -> None:
        if self.outcome is None:
            self.progressed.emit(done, total, stage)

    @Slot(str, object, str)
    def _finish(self, outcome: str, value: Any, formatted_traceback: str) -> None:
        self.outcome = outcome
        alive = self._owner is None or shiboken6.isValid(self._owner)
        try:
            if outcome == SUCCEEDED and alive:
                self._on_success(value)
            elif outcome == FAILED:
                if self._on_failure is not None and alive:
                    self._on_failure(value)
                elif not alive and isinstance(value, SongMayError):
                    # Its dialog was closed meanwhile (a login check cancelled): nobody waits
                    # for this answer, and the clerk knows why it stopped.
                    log.info("network task ended after its owner: %s", value)
                else:
                    parent = self._owner if alive and isinstance(self._owner, QWidget) else None
                    show_error(value, parent, formatted_traceback=formatted_traceback)
        finally:
            self.finished.emit(outcome)
            self.deleteLater()


def run_network_task(
    work: Callable[[JobState], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None] | None = None,
    *,
    owner: QObject | None = None,
) -> NetworkTask:
    return NetworkTask(work, on_success, on_failure, owner=owner).start()


def wait_for_network_tasks(wait_ms: int = 10_000) -> bool:
    """Ask every task to stop and wait for the pool; True if it is idle (used when quitting)."""
    pool = network_worker()
    for task in pool.findChildren(NetworkTask):
        if task.is_running():
            task.cancel()
    return pool.waitForDone(wait_ms)
