"""``Job``: one run of a work function on a worker thread, and the functions that start one.

See the package's docstring for the rules; this module is their implementation.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QObject,
    Qt,
    QThreadPool,
    Signal,
    SignalInstance,
    Slot,
)
from PySide6.QtWidgets import QPushButton, QWidget
from sqlite_utils import Database

from desktop_app.core.errors import SongMayError
from desktop_app.core.jobs import Cancelled, JobState
from desktop_app.core.private_log import safe_traceback
from desktop_app.core.store.database import open_database
from desktop_app.core.store.session import set_session_actor
from desktop_app.ui.common.errors import show_error
from desktop_app.ui.common.jobs.dialog import JobDialog

log = logging.getLogger("songmay.ui")

T = TypeVar("T")

PROGRESS_INTERVAL_S = 0.05  # an import of 100,000 rows must not post 100,000 events
SUCCEEDED, FAILED, CANCELLED = "succeeded", "failed", "cancelled"


@dataclass(frozen=True)
class Kind:
    """Where a job runs and how the clerk sees it.

    ``dialog``: a modal progress dialog with Hủy over the owner (else progress is only the
    job's ``progressed`` signal, for the page to show where it wants). ``quiet_orphan``: a
    ``SongMayError`` that arrives after its owner is gone is logged, not shown (a login check
    whose dialog was closed: nobody waits for that answer)."""

    pool: str
    threads: int
    dialog: bool
    quiet_orphan: bool


# One thread: the window never has two writers of its own, and jobs run in the order asked.
DATABASE = Kind("songmay-database-worker", 1, dialog=True, quiet_orphan=False)
# A sync over 3G takes minutes: it must hold up neither the window nor the database jobs.
# Two threads: a sync and a probe or a login check side by side.
NETWORK = Kind("songmay-network-worker", 2, dialog=False, quiet_orphan=True)
# Housekeeping nobody waits for (the daily backup): never queued before the clerk's jobs.
BACKGROUND = Kind("songmay-background-worker", 1, dialog=False, quiet_orphan=True)
# What a page shows (the dashboard's figures, the status bar's count): read on a thread of its
# own, with no dialog, so the window paints first and never waits behind an import or a backup.
READ = Kind("songmay-read-worker", 1, dialog=False, quiet_orphan=True)
KINDS = (DATABASE, NETWORK, BACKGROUND, READ)


class _CollectionOnGuiThread:
    """Python's cycle collector runs in whichever thread happens to allocate. Run in a worker,
    it may destroy a Qt object that belongs to the GUI thread, and Qt crashes (seen as a
    segfault "Garbage-collecting" in a database job). So while any job's work runs, automatic
    collection is off; when the last one ends it is collected on the GUI thread and turned back
    on. Called on the GUI thread only (``Job.start`` and ``Job._finish``)."""

    def __init__(self) -> None:
        self.running = 0
        self.paused = False

    def job_started(self) -> None:
        if self.running == 0 and gc.isenabled():
            gc.disable()
            self.paused = True
        self.running += 1

    def job_ended(self) -> None:
        self.running = max(0, self.running - 1)
        if self.running == 0 and self.paused:
            self.paused = False
            gc.collect(1)  # here, not at the next allocation of a worker still winding down
            gc.enable()


# Process-wide, as the collector it guards.
COLLECTION = _CollectionOnGuiThread()


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


def worker(kind: Kind) -> QThreadPool:
    return application_pool(kind.pool, kind.threads)


def database_worker() -> QThreadPool:
    """The one thread that runs database jobs: one writer at a time."""
    return worker(DATABASE)


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


class Job(QObject):
    """One run of ``work(state)``. ``progressed(done, total, stage)`` while it runs;
    ``finished(outcome)`` (``"succeeded"``, ``"failed"`` or ``"cancelled"``) after the callbacks
    ran. Its owner is free for another job as soon as the work has ended, before the callbacks:
    ``on_success`` may start the next step."""

    progressed = Signal(int, int, str)
    finished = Signal(str)
    _progress = Signal(int, int, str)
    _done = Signal(str, object, str)

    def __init__(
        self,
        owner: QObject | None,
        kind: Kind,
        title: str,
        work: Callable[[JobState], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
        *,
        cancellable: bool = True,
    ) -> None:
        super().__init__(worker(kind))  # outlives its owner: the answer always has a receiver
        self.kind = kind
        self.title = title
        self.outcome: str | None = None
        self._owner = owner
        self._work = work
        self._on_success = on_success
        self._on_failure = on_failure
        self._cancel_event = threading.Event()
        self._progress.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self._done.connect(self._finish, Qt.ConnectionType.QueuedConnection)
        self.dialog: JobDialog | None = None
        if kind.dialog:
            parent = owner if isinstance(owner, QWidget) else None
            self.dialog = JobDialog(parent, title, self.tr("Hủy"), cancellable=cancellable)
            self.dialog.cancelRequested.connect(self.cancel)

    @property
    def cancel_button(self) -> QPushButton | None:
        return self.dialog.cancel_button if self._dialog_alive() else None

    def owner(self) -> QObject | None:
        return self._owner

    def start(self) -> Job:
        COLLECTION.job_started()
        worker(self.kind).start(self._run)
        if self._dialog_alive():
            self.dialog.start()  # type: ignore[union-attr]
        return self

    def is_running(self) -> bool:
        return self.outcome is None

    def is_cancelled(self) -> bool:
        return self._cancel_event.is_set()

    def set_cancellable(self, cancellable: bool) -> None:
        """Once a write has begun it runs to its commit: Hủy is no longer offered."""
        if self._dialog_alive():
            self.dialog.cancel_button.setEnabled(cancellable)  # type: ignore[union-attr]

    def _dialog_alive(self) -> bool:
        """The dialog dies with its owner if that page is closed while the job runs."""
        return self.dialog is not None and shiboken6.isValid(self.dialog)

    @Slot()
    def cancel(self) -> None:
        """Ask the work to stop; it sees ``is_cancelled()`` at its next check."""
        if self._cancel_event.is_set() or self.outcome is not None:
            return
        self._cancel_event.set()
        if self._dialog_alive():
            self.dialog.set_label(self.tr("Đang hủy…"))  # type: ignore[union-attr]
            self.dialog.cancel_button.setEnabled(False)  # type: ignore[union-attr]

    def _run(self) -> None:  # on the worker thread: no widgets here
        try:
            result = self._work(WorkerState(self._progress, self._cancel_event))
        except Cancelled:
            self._done.emit(CANCELLED, None, "")
        except BaseException as exc:  # reported on the GUI thread, with the worker's traceback
            self._done.emit(FAILED, exc, safe_traceback(exc))
        else:
            self._done.emit(SUCCEEDED, result, "")

    @Slot(int, int, str)
    def _show_progress(self, done: int, total: int, stage: str) -> None:
        if self.outcome is not None or self._cancel_event.is_set():
            return
        if self._dialog_alive():
            dialog = self.dialog
            assert dialog is not None
            dialog.set_progress(done, total)
            if stage:
                dialog.set_label(f"{self.title}\n{stage}")
        self.progressed.emit(done, total, stage)

    @Slot(str, object, str)
    def _finish(self, outcome: str, value: Any, formatted_traceback: str) -> None:
        self.outcome = outcome  # the owner may start another job from here on
        COLLECTION.job_ended()
        if self._dialog_alive():
            self.dialog.end()  # type: ignore[union-attr]
        # The owner may be gone (the window closed while the job ran): then nobody is left to
        # show the result to, and its widgets must not be touched.
        owner = self._owner
        alive = owner is None or shiboken6.isValid(owner)
        try:
            if outcome == SUCCEEDED and alive:
                self._on_success(value)
            elif outcome == FAILED:
                if self._on_failure is not None and alive:
                    self._on_failure(value)
                elif not alive and self.kind.quiet_orphan and isinstance(value, SongMayError):
                    # the code, not the message: a message may name a student
                    log.info("a %s job ended after its owner: %s", self.kind.pool, value.code)
                else:
                    parent = owner if alive and isinstance(owner, QWidget) else None
                    show_error(value, parent, formatted_traceback=formatted_traceback)
        finally:
            self.finished.emit(outcome)
            self.deleteLater()


# --- starting --------------------------------------------------------------------------------


def start_job(
    owner: QObject | None,
    kind: Kind,
    title: str,
    work: Callable[[JobState], T],
    on_success: Callable[[T], None],
    on_failure: Callable[[BaseException], None] | None = None,
    *,
    cancellable: bool = True,
) -> Job | None:
    """One job per owner: None (nothing started) while ``owner``'s previous job runs."""
    if owner is not None and current_job(owner) is not None:
        log.debug("%s is busy: a %s job not started", type(owner).__name__, kind.pool)
        return None
    job = Job(owner, kind, title, work, on_success, on_failure, cancellable=cancellable)
    return job.start()


def run_job(
    owner: QObject | None,
    title: str,
    work: Callable[[JobState], T],
    on_success: Callable[[T], None],
    on_failure: Callable[[BaseException], None] | None = None,
) -> Job | None:
    """``work(state)`` on the database worker with a modal progress dialog over ``owner`` and a
    Hủy button; then ``on_success(result)`` or ``on_failure(exception)`` on the GUI thread."""
    return start_job(owner, DATABASE, title, work, on_success, on_failure)


def with_connection(
    db_path: Path, work: Callable[[Database, JobState], T], actor: str | None = None
) -> Callable[[JobState], T]:
    """``work(db, state)`` with its own connection to ``db_path``, opened and closed on the
    worker thread (the window's connection belongs to the GUI thread), signed by ``actor`` (the
    session's user: ``store.session``)."""

    def run(state: JobState) -> T:
        db = open_database(db_path, create=False)
        if actor:
            set_session_actor(db.conn, actor)
        try:
            return work(db, state)
        finally:
            db.close()

    return run


def run_db_job(
    owner: QObject | None,
    title: str,
    db_path: Path,
    work: Callable[[Database, JobState], T],
    on_success: Callable[[T], None],
    on_failure: Callable[[BaseException], None] | None = None,
) -> Job | None:
    """``run_job`` for database work: ``work(db, state)`` gets its own connection, signed by the
    user working in ``owner``'s window."""
    job = with_connection(db_path, work, session_actor_of(owner))
    return run_job(owner, title, job, on_success, on_failure)


ACTOR_PROPERTY = "songmayActor"  # set by the main window on itself: who is working


def session_actor_of(owner: QObject | None) -> str | None:
    """The name of the user working in the window ``owner`` belongs to (its parents' chain)."""
    while owner is not None:
        value = owner.property(ACTOR_PROPERTY)
        if isinstance(value, str) and value:
            return value
        owner = owner.parent()
    return None


def run_read_job(
    owner: QObject | None,
    db_path: Path,
    work: Callable[[Database, JobState], T],
    on_success: Callable[[T], None],
    on_failure: Callable[[BaseException], None] | None = None,
) -> Job | None:
    """Figures for ``owner`` to show: ``work(db, state)`` on the read worker with a connection of
    its own, no dialog; ``on_success(result)`` on the GUI thread (None: ``owner``'s previous
    read still runs)."""
    job = with_connection(db_path, work, session_actor_of(owner))
    return start_job(owner, READ, "", job, on_success, on_failure)


def run_network_job(
    owner: QObject | None,
    work: Callable[[JobState], T],
    on_success: Callable[[T], None],
    on_failure: Callable[[BaseException], None] | None = None,
) -> Job | None:
    """``work(state)`` on the network pool, with no dialog: the owner shows ``progressed``
    where the clerk looks (the Đồng bộ page, the status bar)."""
    return start_job(owner, NETWORK, "", work, on_success, on_failure)


def run_in_background(
    work: Callable[[JobState], T],
    on_success: Callable[[T], None] = lambda _result: None,
    *,
    owner: QObject | None = None,
) -> Job | None:
    """Housekeeping nobody waits for (the daily backup), on a thread of its own."""
    return start_job(owner, BACKGROUND, "", work, on_success)


def run_and_wait(title: str, work: Callable[[JobState], T]) -> T:
    """Start-up work, before the window exists: ``work`` on the database worker while a local
    event loop runs (the progress dialog shows if it takes a while); its result, or its
    exception raised here."""
    outcome: dict[str, Any] = {}
    loop = QEventLoop()
    job = Job(None, DATABASE, title, work, lambda value: outcome.setdefault("value", value),
              lambda exc: outcome.setdefault("error", exc), cancellable=False)  # fmt: skip
    job.finished.connect(loop.quit)
    job.start()
    loop.exec()
    if "error" in outcome:
        raise outcome["error"]
    if "value" not in outcome:
        raise Cancelled()
    value: T = outcome["value"]
    return value


# --- finding and stopping ----------------------------------------------------------------------


def running_jobs(*kinds: Kind) -> list[Job]:
    """The jobs under way, of the given kinds (all kinds when none is given)."""
    app = QCoreApplication.instance()
    if app is None:
        return []
    found = []
    for kind in kinds or KINDS:
        pool = app.findChild(QThreadPool, kind.pool)
        if pool is not None:
            found.extend(job for job in pool.findChildren(Job) if job.is_running())
    return found


def current_job(owner: QObject) -> Job | None:
    """The job ``owner`` started and that has not ended, if any."""
    return next((job for job in running_jobs() if job.owner() is owner), None)


def cancel_jobs(*kinds: Kind, wait_ms: int = 10_000) -> bool:
    """Ask every job of these kinds to stop and wait for their pools; True if all are idle."""
    for job in running_jobs(*kinds):
        job.cancel()
    app = QCoreApplication.instance()
    pools = [app.findChild(QThreadPool, kind.pool) for kind in kinds] if app else []
    deadline = time.monotonic() + wait_ms / 1000
    idle = True
    for pool in pools:
        if pool is not None:
            left = max(0, int((deadline - time.monotonic()) * 1000))
            idle = pool.waitForDone(left) and idle
    return idle


def cancel_all_jobs(wait_ms: int = 10_000) -> bool:
    """Stop the database and network jobs (the window is closing): every database job writes in
    one transaction, and a sync stops between two requests, so stopping loses nothing."""
    return cancel_jobs(DATABASE, NETWORK, READ, wait_ms=wait_ms)
