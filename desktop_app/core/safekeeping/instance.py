"""One window per database: the running window holds ``<database>.lock`` locked (``flock`` on
POSIX, ``msvcrt.locking`` on Windows). The OS drops the lock when the process ends, however it
ends, so a crash never leaves a stale lock behind. The file also says who holds it (PID, start
time), for the message the second window shows.

The command line does not take the lock: SQLite itself keeps two writers apart. Only ``restore``,
which replaces the whole file, looks at it and refuses while a window has the database open.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

from desktop_app import __version__
from desktop_app.core.errors import SongMayError
from desktop_app.core.files import PRIVATE_FILE, make_private, private_folder
from desktop_app.core.messages import Msg, msg
from desktop_app.core.paths import lock_path

# Windows locks a byte range; the lock sits far past the text so that another process can still
# read who holds it.
_WINDOWS_LOCK_OFFSET = 0x7FFF0000


@dataclass(frozen=True)
class Holder:
    pid: int | None
    started: str | None  # ISO time, local
    host: str | None = None

    def as_message(self) -> Msg | None:
        """Which process holds the lock and since when, as far as the lock file says."""
        when = None
        if self.started:
            with contextlib.suppress(ValueError):
                when = datetime.fromisoformat(self.started)
        if self.pid and when is not None:
            return msg("instance.holder.pid_started", pid=self.pid, at=when.time(), on=when.date())
        if self.pid:
            return msg("instance.holder.pid", pid=self.pid)
        if when is not None:
            return msg("instance.holder.started", at=when.time(), on=when.date())
        return None

    def describe(self, lang: str = "vi") -> str:
        detail = self.as_message()
        return detail.text(lang) if detail is not None else ""


class AlreadyRunning(SongMayError):
    """Another window has this database open."""

    code = "already_running"

    def __init__(self, db_path: Path, holder: Holder) -> None:
        detail = holder.as_message()
        super().__init__(
            msg("instance.already_running", path=db_path)
            if detail is None
            else msg("instance.already_running.detail", path=db_path, detail=detail)
        )
        self.holder = holder


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)


def _read_holder(path: Path) -> Holder:
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return Holder(None, None)
    if not isinstance(data, dict):
        return Holder(None, None)
    pid = data.get("pid")
    return Holder(pid if isinstance(pid, int) else None, data.get("started"), data.get("host"))


class InstanceLock:
    """``with InstanceLock(db_path):`` — or ``acquire()`` / ``release()``. Raises
    ``AlreadyRunning`` when another process (or another lock object) holds it."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        if self._fd is not None:
            return
        private_folder(self.path.parent)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        if not _try_lock(fd):
            os.close(fd)
            raise AlreadyRunning(self.db_path, _read_holder(self.path))
        make_private(self.path)  # a lock file of an earlier version was 0644
        text = json.dumps({
            "pid": os.getpid(), "started": datetime.now().isoformat(timespec="seconds"),
            "host": socket.gethostname(), "version": __version__,
        }).encode()  # fmt: skip
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, text)
        except OSError:
            pass  # who holds it is a courtesy; the lock itself is what matters
        self._fd = fd

    def release(self) -> None:
        """The file stays: deleting it would let a third process lock a new file while a second
        one still waits on the old."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        _unlock(fd)
        os.close(fd)

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def lock_holder(db_path: Path) -> Holder | None:
    """Who holds the database's lock now, or None when nobody does."""
    probe = InstanceLock(db_path)
    if not probe.path.exists():
        return None
    try:
        fd = os.open(probe.path, os.O_RDWR)
    except OSError:
        return None
    try:
        if _try_lock(fd):
            _unlock(fd)
            return None
        return _read_holder(probe.path)
    finally:
        os.close(fd)
