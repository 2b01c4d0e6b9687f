"""Files are written atomically (a power cut leaves the old file or the new one, never half) and
privately: they hold children's personal data, so on POSIX every file the application writes is
``0600`` and every folder it creates ``0700``, whatever the umask. On Windows the files live in
the user's own profile folders, whose ACLs already keep other accounts out: nothing is changed.

This module is the one place that sets those modes; every writer goes through ``atomic_path``,
``private_folder``, ``create_private`` or ``open_private_append``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from io import TextIOWrapper
from pathlib import Path
from typing import TYPE_CHECKING, Any

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
POSIX = os.name == "posix"


def private_folder(folder: Path, *, own: bool = False) -> Path:
    """Create ``folder`` (and any missing parent) as ``0700``. ``own``: the folder is the
    application's (data folder, backups, logs), so an existing one is made ``0700`` too; a folder
    the clerk chose (Documents, a USB stick) is left as it is."""
    folder = Path(folder)
    missing = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for created in reversed(missing):
        with contextlib.suppress(FileExistsError):
            created.mkdir(mode=PRIVATE_FOLDER)
            make_private(created, folder=True)  # even a umask that takes the owner's bits
    if own and folder not in missing:
        make_private(folder, folder=True)
    return folder


def make_private(path: Path, *, folder: bool = False) -> None:
    """``chmod`` to ``0600`` (``0700`` for a folder) on POSIX; a missing file is fine. A file
    system without POSIX modes (a FAT or exFAT USB stick: Linux refuses such a ``chmod`` with
    EPERM) keeps what its mount options say: the clerk chose to write there."""
    if not POSIX:
        return
    try:
        os.chmod(path, PRIVATE_FOLDER if folder else PRIVATE_FILE)
    except FileNotFoundError:
        pass
    except OSError as exc:
        if exc.errno not in _NO_MODES:
            raise


_NO_MODES = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EROFS}


def create_private(path: Path) -> bool:
    """Create ``path`` empty and ``0600`` unless it exists (before SQLite opens a new database:
    SQLite would create it ``0644``, and its -wal and -shm take the database file's mode).
    Returns True when it was created."""
    private_folder(Path(path).parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, PRIVATE_FILE)
    except FileExistsError:
        return False
    os.close(fd)
    make_private(path)
    return True


def open_private_append(path: Path, encoding: str = "utf-8") -> TextIOWrapper:
    """A text file opened for appending, created ``0600`` (a log)."""
    private_folder(Path(path).parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | _BINARY, PRIVATE_FILE)
    make_private(path)  # an older file may have been written 0644
    return os.fdopen(fd, "a", encoding=encoding)


def _rotating_handler() -> type:
    import logging.handlers

    class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        """A rotating log whose every file (the current one and each new one after a rollover)
        is ``0600``; the renamed older files keep that mode."""

        def _open(self) -> TextIOWrapper:
            return open_private_append(Path(self.baseFilename), self.encoding or "utf-8")

    return PrivateRotatingFileHandler


if TYPE_CHECKING:
    import logging.handlers

    class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        def _open(self) -> TextIOWrapper: ...

else:

    def __getattr__(name: str) -> Any:
        """``PrivateRotatingFileHandler``, made on first use: ``logging.handlers`` (sockets,
        pickle, queues) is not imported by every command that touches a file (issue 19)."""
        if name == "PrivateRotatingFileHandler":
            globals()[name] = _rotating_handler()
            return globals()[name]
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_BINARY = getattr(os, "O_BINARY", 0)


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it is made private, fsynced and moved
    into place. A missing folder is created ``0700``."""
    target = Path(target)
    private_folder(target.parent)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        # mkstemp makes the file 0600, but a writer may have replaced it (a library that writes
        # a new file under the name): the mode is set again, before the file gets its real name.
        make_private(temp)
        os.replace(temp, target)
        _fsync_dir(target.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _fsync_dir(folder: Path) -> None:
    if not POSIX:  # Windows cannot open a directory to fsync it
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
