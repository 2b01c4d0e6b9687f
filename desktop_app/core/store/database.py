"""Open the local SQLite file with the settings that keep committed changes safe."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from desktop_app.core.errors import StoreError
from desktop_app.core.files import create_private, make_private, private_folder
from desktop_app.core.paths import data_dir
from desktop_app.core.safekeeping.drives import check_local_drive
from desktop_app.core.store.schema import migrate, migrations


def open_database(path: Path | str, *, create: bool = True) -> Database:
    """Open (and migrate) the database at ``path``.

    WAL lets readers work beside the one writer; ``synchronous=FULL`` makes every commit survive a
    power cut, which matters more here than write speed. For the same reason a file on a network
    share or a removable drive is refused (``network_drive`` / ``removable_drive``). Before a
    schema migration of an existing file, a "before-migration" backup is made.
    """
    target = Path(path)
    if not create and not target.exists():
        raise StoreError.of("store.database_missing", path=target)
    check_local_drive(target)
    existed = target.is_file() and target.stat().st_size > 0
    try:
        private_folder(target.parent, own=_is_data_folder(target.parent))
        create_private(target)  # SQLite would create it 0644; its -wal and -shm follow its mode
        conn = sqlite3.connect(str(target), timeout=30, check_same_thread=False)
        db = Database(conn)
        db.execute("PRAGMA journal_mode=WAL")
        make_private_database(target)  # a file of an earlier version may still be 0644
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=30000")
        db.execute("PRAGMA secure_delete=ON")  # freed space is zeroed: erased data leaves no trace
        # 32 MB of page cache: a 50,000-row import keeps its index pages in memory instead of
        # spilling them to the WAL several times (measured: the write phase a third faster).
        db.execute("PRAGMA cache_size=-32768")
        if existed and _migration_pending(db):
            _backup_before_migration(db, target)
        migrate(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError.of("store.cannot_open", path=target, detail=str(exc)) from exc
    return db


def make_private_database(path: Path) -> None:
    """The database and the files SQLite keeps beside it: ``0600`` on POSIX."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        make_private(Path(f"{path}{suffix}"))


def _is_data_folder(folder: Path) -> bool:
    try:
        return folder.resolve() == data_dir().resolve()
    except OSError:
        return False


def _migration_pending(db: Database) -> bool:
    has_tables = db.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    return bool(has_tables) and bool(migrations.pending(db))


def _backup_before_migration(db: Database, target: Path) -> None:
    """A file from an older version is copied before its schema changes: if the new version
    misbehaves, the old data is one restore away."""
    from desktop_app.core.safekeeping.backups import make_backup

    try:
        make_backup(target, "before-migration")
    except StoreError as exc:
        db.close()
        reason = exc.msg or exc.message
        raise StoreError.of("store.migration_backup_failed", code=exc.code, reason=reason) from exc


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One writer at a time: BEGIN IMMEDIATE takes the write lock up front, so two writers queue
    instead of failing half-way with SQLITE_BUSY."""
    conn = db.conn
    if conn.in_transaction:
        raise StoreError("Nested write transactions are not allowed")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        raise _explain(exc) from exc


def _explain(exc: sqlite3.OperationalError) -> StoreError:
    """SQLite's own words, turned into what the clerk can do; nothing was half-written."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL:
        return StoreError.of("store.disk_full", code="disk_full")
    if code == sqlite3.SQLITE_BUSY:
        return StoreError.of("store.busy", code="busy")
    return StoreError.of("store.write_failed", detail=str(exc))
