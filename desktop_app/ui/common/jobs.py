"""Long work off the GUI thread: one helper, one database worker.

Learned from Anki (``qt/aqt/operations``: one entry point with success and failure callbacks;
``taskman``: all collection work on one background thread) and Orange (``concurrent.py``: the work
is a plain function that receives a progress/cancel state object, here the core's ``JobState``).

The rules:

* ``work`` runs on the database worker: one thread, so jobs started from the window run one after
  another and the window never has two writers of its own. ``work`` never touches a widget; it
  reports through ``state.set_progress`` and looks at ``state.is_cancelled()``.
* ``on_success`` / ``on_failure`` run on the GUI thread. Without ``on_failure`` the error goes to
  ``errors.show_error``. ``desktop_app.core.jobs.Cancelled`` raised by ``work`` is not an error:
  the dialog just closes.
* The window's own ``Database`` (GUI thread) is never handed to the worker. ``run_db_job`` opens a
  second connection to the same file inside the worker and closes it after the job; SQLite's WAL
  lets the window keep reading while the worker writes, and ``write_transaction`` queues writers.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    Qt,
    QThreadPool,
    Signal,
    SignalInstance,
    Slot,
)
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget
from sqlite_utils import Database

from desktop_app.core.jobs import Cancelled, JobState
from desktop_app.core.store.database import open_database
from desktop_app.ui.common.errors import show_error

T = TypeVar("T")

WORKER_NAME = "songmay-database-worker"
SHOW_PROGRESS_AFTER_MS = 300  # a quick job should not flash a dialog
PROGRESS_INTERVAL_S = 0.05  # an import of 100,000 rows must not post 100,000 events

SUCCEEDED, FAILED, CANCELLED = "succeeded", "failed", "cancelled"


def application_pool(name: str, threads: int) -> QThreadPool:
    """A thread pool created on first use as a child of the application, so it lives exactly as
    long as the application and waits for running work when it ends."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError(f"{name} needs a QApplication")
    pool = app.findChild(QThreadPool, name)
    if pool is None:
        pool = QThreadPool(app)
        pool.setObjectName(name)
        pool.setMaxThreadCount(threads)
        pool.setExpiryTimeout(-1)
    return pool


def database_worker() -> QThreadPool:
    """The one thread that runs jobs: one writer at a time."""
    return application_pool(WORKER_NAME, 1)


class WorkerState:
    """The core's ``JobState`` as a worker thread sees it: progress becomes a (throttled)
    signal, Cancel is a ``threading.Event`` set on the GUI thread."""

    def __init__(self, progress: SignalInstance, cancel: threading.Event) -> None:
        self._progress = progress
        self._cancel = cancel
        self._last = 0.0

    def set_progress(self, done: int, total: int, stage: str = "") -> None:
        now = time.monotonic()
        if done < total and now - self._last < PROGRESS_INTERVAL_S:
            return
        self._last = now
        self._progress.emit(done, total, stage)

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()


class ProgressDialog(QProgressDialog):
    """Esc and the window's close button ask the job to stop instead of hiding the dialog: it
    stays (saying "Đang hủy…") until the work has really stopped."""

    def reject(self) -> None:
        self.canceled.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.canceled.emit()


class Job(QObject):
    """One run of ``work``; made by ``run_job``. ``finished`` carries the outcome:
    ``"succeeded"``, ``"failed"`` or ``"cancelled"``."""

    progressed = Signal(int, int, str)
    finished = Signal(str)
    _progress = Signal(int, int, str)
    _done = Signal(str, object, str)

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        work: Callable[[JobState], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        super().__init__(database_worker())
        self.title = title
        self.outcome: str | None = None
        self._parent = parent
        self._work = work
        self._on_success = on_success
        self._on_failure = on_failure
        self._cancel_event = threading.Event()
        self._progress.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self._done.connect(self._finish, Qt.ConnectionType.QueuedConnection)

        self.dialog = ProgressDialog(parent)
        self.dialog.setObjectName("jobProgress")
        self.dialog.setWindowTitle(title)
        self.dialog.setLabelText(title)
        self.dialog.setMinimumWidth(420)
        self.dialog.setWindowModality(
            Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal
        )
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.cancel_button = QPushButton(self.tr("Hủy"))
        self.dialog.setCancelButton(self.cancel_button)
        self.dialog.canceled.disconnect(self.dialog.cancel)  # keep it open until work stops
        self.dialog.canceled.connect(self.cancel)
        self.dialog.setRange(0, 0)  # busy until the first progress report
        self.dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
        self.dialog.setValue(0)  # starts the "show after" timer

    def start(self) -> None:
        database_worker().start(self._run)

    def is_running(self) -> bool:
        return self.outcome is None

    def _dialog_alive(self) -> bool:
        """The dialog dies with its parent page if that page is closed while the job runs."""
        return shiboken6.isValid(self.dialog)

    @Slot()
    def cancel(self) -> None:
        """Ask the work to stop; it sees ``is_cancelled()`` at its next check."""
        if self._cancel_event.is_set() or self.outcome is not None:
            return
        self._cancel_event.set()
        if self._dialog_alive():
            self.dialog.setLabelText(self.tr("Đang hủy…"))
            self.cancel_button.setEnabled(False)

    def _run(self) -> None:  # on the worker thread: no widgets here
        try:
            result = self._work(WorkerState(self._progress, self._cancel_event))
        except Cancelled:
            self._done.emit(CANCELLED, None, "")
        except BaseException as exc:  # reported on the GUI thread, with the worker's traceback
            self._done.emit(FAILED, exc, "".join(traceback.format_exception(exc)))
        else:
            self._done.emit(SUCCEEDED, result, "")

    @Slot(int, int, str)
    def _show_progress(self, done: int, total: int, stage: str) -> None:
        if self.outcome is not None or self._cancel_event.is_set() or not self._dialog_alive():
            return
        if total > 0:
            self.dialog.setRange(0, total)
            self.dialog.setValue(min(done, total))
        if stage:
            self.dialog.setLabelText(f"{self.title}\n{stage}")
        self.progressed.emit(done, total, stage)

    @Slot(str, object, str)
    def _finish(self, outcome: str, value: Any, formatted_traceback: str) -> None:
        self.outcome = outcome
        if self._dialog_alive():
            self.dialog.hide()
            self.dialog.deleteLater()
        # The page that asked may be gone (window closed while the job ran): then nobody is
        # left to show the result to, and its widgets must not be touched.
        alive = self._parent is None or shiboken6.isValid(self._parent)
        try:
            if outcome == SUCCEEDED and alive:
                self._on_success(value)
            elif outcome == FAILED:
                if self._on_failure is not None and alive:
                    self._on_failure(value)
                else:
                    parent = self._parent if alive else None
                    show_error(value, parent, formatted_traceback=formatted_traceback)
        finally:
            self.finished.emit(outcome)
            self.deleteLater()


def run_job(
    parent: QWidget | None,
    title: str,
    work: Callable[[JobState], T],
    on_success: Callable[[T], None],
    on_failure: Callable[[BaseException], None] | None = None,
) -> Job:
    """Run ``work(state)`` on the database worker with a modal progress dialog and a Cancel
    button; then ``on_success(result)`` or ``on_failure(exception)`` on the GUI thread."""
    job = Job(parent, title, work, on_success, on_failure)
    job.start()
    return job


def run_db_job(
    parent: QWidget | None,
    title: str,
    db_path: Path,
    work: Callable[[Database, JobState], T],
    on_success: Callable[[T], None],
    on_failure: Callable[[BaseException], None] | None = None,
) -> Job:
    """``run_job`` for database work: ``work(db, state)`` gets its own connection to
    ``db_path``, opened and closed on the worker thread."""

    def with_connection(state: JobState) -> T:
        db = open_database(db_path, create=False)
        try:
            return work(db, state)
        finally:
            db.close()

    return run_job(parent, title, with_connection, on_success, on_failure)


def running_jobs() -> list[Job]:
    return [job for job in database_worker().findChildren(Job) if job.is_running()]


def cancel_all_jobs(wait_ms: int = 10_000) -> bool:
    """Ask every job to stop and wait for the worker; True if it is idle (used when quitting)."""
    for job in running_jobs():
        job.cancel()
    return database_worker().waitForDone(wait_ms)
