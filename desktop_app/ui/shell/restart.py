"""Starting the application again ("Khởi động lại ngay" after a language change): the same command,
detached, in the same working folder; then this instance quits.

The new instance comes up while this one is still quitting and still holds the database's
single-instance lock (its window waits for a sync to stop and for the daily backup to finish,
up to a minute). So it is told whom it replaces (``RESTARTED_FROM``, this process's id) and
waits for that process to let go of the lock, instead of refusing with "already open"; any
other holder is refused at once as usual.
"""

from __future__ import annotations

import logging
import os
import sys
import time

from PySide6.QtCore import QProcess, QProcessEnvironment

from desktop_app.core.safekeeping.instance import AlreadyRunning, InstanceLock
from desktop_app.ui.shell import i18n

log = logging.getLogger("songmay.ui")

RESTARTED_FROM = "SONGMAY_RESTARTED_FROM"
LOCK_WAIT_S = 90.0  # longer than the quitting instance's wait for its daily backup
LOCK_POLL_S = 0.1


def restart_command() -> tuple[str, list[str]]:
    """The program and arguments that started this process (a bundle's exe, or Python with its
    script or ``-m`` module and every option such as ``--db``)."""
    if i18n.is_frozen():
        return sys.executable, sys.argv[1:]
    return sys.executable, list(sys.orig_argv[1:])


def start_detached(program: str, arguments: list[str]) -> bool:
    """Start a process that outlives this one, in the same working folder (a relative ``--db``
    still points at the same file), told that it replaces this one."""
    process = QProcess()
    process.setProgram(program)
    process.setArguments(arguments)
    process.setWorkingDirectory(os.getcwd())
    environment = QProcessEnvironment.systemEnvironment()
    environment.insert(RESTARTED_FROM, str(os.getpid()))
    if i18n.is_frozen():  # a new one-file bundle must unpack itself, not reuse this one's folder
        environment.insert("PYINSTALLER_RESET_ENVIRONMENT", "1")
    process.setProcessEnvironment(environment)
    started = process.startDetached()  # a bool; (bool, pid) in some PySide6 versions
    if isinstance(started, tuple):
        started = started[0]
    return bool(started)


def restarted_from() -> int | None:
    """The process this one replaces, if it was started by ``start_detached`` (read once: a
    later restart names this process)."""
    value = os.environ.pop(RESTARTED_FROM, "")
    return int(value) if value.isdigit() else None


def take_lock(lock: InstanceLock, *, replacing: int | None, wait_s: float = LOCK_WAIT_S) -> None:
    """``lock.acquire()``; while the process this one ``replacing`` holds it, wait for it to
    quit (``AlreadyRunning`` if it has not after ``wait_s``, or if someone else holds it)."""
    deadline = time.monotonic() + wait_s
    waited = False
    while True:
        try:
            lock.acquire()
        except AlreadyRunning as exc:
            if replacing is None or exc.holder.pid != replacing or time.monotonic() > deadline:
                raise
            if not waited:
                log.info("waiting for process %d, which this one replaces, to quit", replacing)
                waited = True
            time.sleep(LOCK_POLL_S)  # no window yet: nothing to repaint meanwhile
        else:
            return
