"""Restores, and the backup a damaged file is offered (``newest_good_backup``; the check itself
is ``health.check_health``, one for the window and every command).

A restore checks the backup first (``integrity_check``; a file that is not this application's
database is refused too), keeps what is there now (a "before-restore" backup, or the damaged file
as it is), then replaces the database atomically.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop_app.core.files import atomic_path, make_private, private_folder
from desktop_app.core.jobs import JobState
from desktop_app.core.messages import Msg
from desktop_app.core.paths import backups_dir
from desktop_app.core.safekeeping.backups import (
    BackupError,
    BackupInfo,
    connect_file,
    copy_database,
    encrypt_plaintext_file,
    explain_failure,
    integrity_problem,
    list_backups,
    make_backup,
    quick_problem,
    read_contents,
)
from desktop_app.core.safekeeping.health import reset_state
from desktop_app.core.safekeeping.leftovers import work_in_progress
from desktop_app.core.store import driver
from desktop_app.core.store.keys import database_key


def newest_good_backup(db_path: Path, *, folder: Path | None = None) -> BackupInfo | None:
    """The backup with the newest data (journal sequence, then backup counter; never the PC's
    clock) that passes ``quick_check`` (older ones are only read if needed)."""
    for info in list_backups(db_path, folder=folder):
        if info.good and quick_problem(info.path) is None:
            return info
    return None


# --- restore --------------------------------------------------------------------------------------


def verify_backup(backup_path: Path) -> None:
    """Refuse a file that is not a sound SongMay database."""
    path = Path(backup_path)
    if not path.is_file():
        raise BackupError.of("restore.backup_missing", code="not_found", path=path)
    problem: Msg | str | None = integrity_problem(path)
    if problem is None:
        try:
            with connect_file(path, "ro") as conn:
                tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        except driver.DatabaseError as exc:
            problem = str(exc)  # pragma: no cover - integrity_check read it just before
        else:
            if not {"students", "outbox", "_sqlite_migrations"} <= tables:
                raise BackupError.of("restore.not_a_backup", code="not_a_backup", name=path.name)
    if (isinstance(problem, Msg) and problem.id == "store.key.wrong"
            and not driver.is_plaintext(path)):  # fmt: skip
        # Not damage: this PC has no key for it (another PC's backup, or its key file is gone).
        raise BackupError.of("restore.backup_other_key", code="wrong_key", name=path.name)
    if problem is not None:
        raise BackupError.of(
            "restore.backup_damaged", code="backup_damaged", name=path.name, problem=problem
        )


def _keep_damaged(db_path: Path, folder: Path) -> Path:
    """A file that cannot be backed up properly is kept as it is (with its -wal), for support."""
    stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
    target = folder / f"damaged-{stamp}-{db_path.name}"
    private_folder(folder)
    for suffix in ("", "-wal"):
        source = Path(f"{db_path}{suffix}")
        if source.exists():
            with (
                atomic_path(Path(f"{target}{suffix}")) as temp,
                source.open("rb") as src,
                temp.open("wb") as dst,
            ):
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
    return target


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    previous: Path | None  # the backup of what was there before (None: there was nothing)
    previous_damaged: bool = False


def _save_current(
    db_path: Path, folder: Path, protect: frozenset[Path]
) -> tuple[Path | None, bool]:
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None, False  # nothing to keep (an empty file is not a database)
    if quick_problem(db_path) is None:
        try:
            return make_backup(db_path, "before-restore", folder=folder, protect=protect), False
        except BackupError as exc:
            if exc.code != "backup_damaged":
                raise
    return _keep_damaged(db_path, folder), True


def _quiesce(db_path: Path) -> None:
    """Fold the -wal into the file and let SQLite remove it, so nothing left beside the file can
    be replayed into the restored one. A -wal that stays means someone else has it open."""
    wal, shm, journal = (Path(f"{db_path}{s}") for s in ("-wal", "-shm", "-journal"))
    try:
        with connect_file(db_path, "rw") as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except driver.DatabaseError:
        healthy = False  # a damaged file: its -wal was kept with the damaged copy
    else:
        healthy = True
    if healthy and (wal.exists() or journal.exists()):
        raise BackupError.of("restore.in_use", code="in_use")
    for leftover in (wal, shm, journal):
        leftover.unlink(missing_ok=True)


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def restore_backup(
    db_path: Path,
    backup_path: Path,
    *,
    live: bool = False,
    folder: Path | None = None,
    job: JobState | None = None,
) -> RestoreResult:
    """Put the backup ``backup_path`` in place of ``db_path``, after checking it and backing up
    what is there now ("before-restore"; a damaged file is kept as it is).

    By default the file is replaced: the backup is copied (backup API) into a temporary file
    beside the database, fsynced, the database's -wal folded in and removed, then ``os.replace``.
    Nobody may have the database open (the window, another command): refused with ``in_use``.

    ``live=True`` is for the window, which keeps its connection: the backup is copied *into* the
    open database through the backup API, in one SQLite transaction (all or nothing, even after a
    power cut), then migrated; every connection sees the restored data at its next read.
    """
    db_path = Path(db_path)
    backup_path = Path(backup_path)
    verify_backup(backup_path)
    if db_path.exists() and db_path.resolve() == backup_path.resolve():
        raise BackupError.of("restore.same_file", code="same_file")
    target_folder = Path(folder) if folder is not None else backups_dir(db_path)
    with work_in_progress(db_path):
        result = _restore(db_path, backup_path, target_folder, live=live, job=job)
        try:
            continue_history(db_path, target_folder)
        except driver.DatabaseError as exc:
            raise explain_failure(exc, "restore") from exc
        return result


def continue_history(db_path: Path, folder: Path) -> None:
    """After a restore, the journal's next sequence and the backup counter go on above every
    backup's: the restored (older) data is the newest now, and its next backup says so (else a
    copy of the state given up would count as newer for ever)."""
    infos = [info.contents for info in list_backups(db_path, folder=folder) if info.contents]
    if not infos:
        return
    seq = max(c.journal_seq for c in infos)
    counter = max(c.counter for c in infos)
    with connect_file(db_path, "rw") as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        here = read_contents(conn)
        conn.execute("BEGIN IMMEDIATE")
        if seq > here.journal_seq and "sqlite_sequence" in tables:
            if conn.execute("SELECT 1 FROM sqlite_sequence WHERE name = 'outbox'").fetchone():
                conn.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'outbox'", (seq,))
            else:
                conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)", (seq,))
        if counter > here.counter and "backup_sequence" in tables:
            conn.execute("UPDATE backup_sequence SET counter = ? WHERE id = 1", (counter,))
        conn.execute("COMMIT")


def _restore(
    db_path: Path, backup_path: Path, target_folder: Path, *, live: bool, job: JobState | None
) -> RestoreResult:
    protect = frozenset({backup_path})
    try:
        if live:
            previous, damaged = _save_current(db_path, target_folder, protect)
            key = database_key(db_path)
            with contextlib.ExitStack() as stack:
                source = backup_path
                if driver.is_plaintext(backup_path):  # an earlier version's: encrypted first
                    fd, name = tempfile.mkstemp(
                        prefix=f".{db_path.name}.", suffix=".restore", dir=db_path.parent
                    )
                    os.close(fd)
                    source = Path(name)
                    stack.callback(source.unlink, missing_ok=True)
                    encrypt_plaintext_file(backup_path, source, key)
                src = stack.enter_context(connect_file(source, "ro"))
                dst = stack.enter_context(connect_file(db_path, "rw", key))
                dst.execute("PRAGMA busy_timeout=30000")
                src.backup(dst)  # one step: one write transaction on the target
                dst.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            # A backup from an older version is brought to the schema the open window expects.
            from desktop_app.core.store.database import open_database

            open_database(db_path, create=False).close()
            reset_state(db_path)
            return RestoreResult(backup_path, previous, damaged)
        private_folder(db_path.parent)
        fd, name = tempfile.mkstemp(
            prefix=f".{db_path.name}.", suffix=".restore", dir=db_path.parent
        )
        os.close(fd)
        temp = Path(name)
        try:
            copy_database(backup_path, temp, job=job, key=database_key(db_path, create=True))
            make_private(temp)  # mkstemp's 0600, whatever SQLite did while writing it
            _fsync_file(temp)
            if db_path.exists():
                _quiesce(db_path)  # refused here, before anything is written, if it is in use
            previous, damaged = _save_current(db_path, target_folder, protect)
            if db_path.exists():
                _quiesce(db_path)  # reading it for the copy left a -wal and -shm beside it
            os.replace(temp, db_path)
            _fsync_dir(db_path.parent)
        finally:
            temp.unlink(missing_ok=True)
    except (driver.DatabaseError, OSError) as exc:
        raise explain_failure(exc, "restore") from exc
    reset_state(db_path)  # the restored file's journal is the reference now
    return RestoreResult(backup_path, previous, damaged)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
