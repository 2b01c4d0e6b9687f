"""Leftovers of interrupted work, removed at start-up.

A backup, a restore or an encrypted copy that is cut short (power cut, killed process) leaves
its temporary file behind: a partial copy of the database, as readable as the database itself.
They are named so that they can be found again:

- beside the database: ``.<database>.<random>.restore`` (a restore's copy, and its ``-journal``);
- in its backups folder: ``.songmay-<time>-<reason>.sqlite3.<random>.tmp`` (a backup being
  written), ``.songmay-<random>.sqlite3`` and ``.songmay-<random>.restore.sqlite3`` (the plain
  snapshot of an encrypted copy, or a decrypted one being restored), ``.damaged-….tmp``, and the
  ``-journal`` SQLite keeps beside each.

Another process may be doing that work right now (the window's daily backup while a command
starts, two commands at once): every such job holds the database's *work lock* shared
(``work_in_progress``), and ``remove_leftovers`` only runs when it can take it exclusively, at
once; otherwise it leaves everything for the next start. On Windows (no shared locks in
``msvcrt``) a file another process has open cannot be deleted, and files changed in the last
``WINDOWS_MIN_AGE_S`` are left alone.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from desktop_app.core.files import PRIVATE_FILE, make_private
from desktop_app.core.paths import backups_dir

WINDOWS_MIN_AGE_S = 15 * 60


def work_lock_path(db_path: Path) -> Path:
    """``songmay.sqlite3.work.lock`` beside the database (no leading dot: not a leftover)."""
    return Path(db_path).with_name(Path(db_path).name + ".work.lock")


def leftover_patterns(db_path: Path) -> list[tuple[Path, str]]:
    """(folder, glob) of every temporary file a job on ``db_path`` may leave behind."""
    db_path = Path(db_path)
    backups = backups_dir(db_path)
    return [
        (db_path.parent, f".{db_path.name}.*"),
        (backups, ".songmay-*"),
        (backups, ".damaged-*"),
    ]


def find_leftovers(db_path: Path) -> list[Path]:
    found: set[Path] = set()
    for folder, pattern in leftover_patterns(db_path):
        if folder.is_dir():
            found.update(path for path in folder.glob(pattern) if path.is_file())
    return sorted(found)


def _open_lock(db_path: Path) -> int | None:
    path = work_lock_path(db_path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
    except OSError:
        return None  # a read-only folder: no temporary file can be written there either
    make_private(path)
    return fd


@contextlib.contextmanager
def work_in_progress(db_path: Path) -> Iterator[None]:
    """Held (shared) while a job writes temporary files of ``db_path``: start-up leaves them."""
    if sys.platform == "win32":
        yield
        return
    import fcntl

    fd = _open_lock(db_path)
    if fd is None:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)  # waits only while a start-up is removing leftovers
        yield
    finally:
        os.close(fd)  # closing drops the lock


def remove_leftovers(db_path: Path) -> list[Path]:
    """Delete the leftovers of interrupted work on ``db_path`` (the window's start and every
    command call it); returns what was deleted. Nothing is touched while another process works
    on the same database."""
    db_path = Path(db_path)
    if not db_path.parent.is_dir():
        return []
    if sys.platform == "win32":
        return _remove(find_leftovers(db_path), min_age=WINDOWS_MIN_AGE_S)
    import fcntl

    fd = _open_lock(db_path)
    if fd is None:
        return []
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return []  # a backup, restore or copy is running now: its files are not leftovers
        return _remove(find_leftovers(db_path), min_age=0)
    finally:
        os.close(fd)


def _remove(paths: list[Path], *, min_age: float) -> list[Path]:
    removed = []
    now = time.time()
    for path in paths:
        with contextlib.suppress(OSError):  # open elsewhere (Windows), or already gone
            if min_age and now - path.stat().st_mtime < min_age:
                continue
            path.unlink()
            removed.append(path)
    return removed
