"""Open the local SQLite file with the settings that keep committed changes safe."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.errors import StoreError
from desktop_app.core.files import create_private, make_private, private_folder
from desktop_app.core.paths import data_dir
from desktop_app.core.safekeeping.drives import check_local_drive
from desktop_app.core.safekeeping.health import disk_is_full, is_disk_full, record_state
from desktop_app.core.store import driver
from desktop_app.core.store.keys import database_key

if TYPE_CHECKING:
    from sqlite_utils import Database

# sqlite-utils and the schema's migrations (which load it) are imported where a database is
# opened for work: a command that only reads (``songmay info``) opens without them
# (``open_read_only``), 60 ms less of its cold start (issue 19).


def open_database(path: Path | str, *, create: bool = True) -> Database:
    """Open (and migrate) the database at ``path``.

    WAL lets readers work beside the one writer; ``synchronous=FULL`` makes every commit survive a
    power cut, which matters more here than write speed. For the same reason a file on a network
    share or a removable drive is refused (``network_drive`` / ``removable_drive``). Before a
    schema migration of an existing file, a "before-migration" backup is made.
    """
    from sqlite_utils import Database

    from desktop_app.core.store.schema import migrate

    target = Path(path)
    if not create and not target.exists():
        raise StoreError.of("store.database_missing", path=target)
    check_local_drive(target)
    existed = target.is_file() and target.stat().st_size > 0
    plaintext = existed and driver.is_plaintext(target)
    key = database_key(target, create=not existed or plaintext)
    conn = None
    try:
        private_folder(target.parent, own=_is_data_folder(target.parent))
        if plaintext:
            encrypt_plaintext_database(target, key)
        create_private(target)  # SQLite would create it 0644; its -wal and -shm follow its mode
        conn = driver.connect(target, key, timeout=30, check_same_thread=False)
        # No sqlite-utils plugins: none is part of the application, and looking for them scans
        # every installed package's metadata (20 ms of each command's cold start).
        db = Database(conn, execute_plugins=False)
        db.execute("PRAGMA journal_mode=WAL")  # the first read: a wrong key fails here
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
    except driver.DatabaseError as exc:
        if conn is not None:  # a damaged page read while opening: the file is left as it was
            conn.close()
        raise open_error(exc, target) from exc
    except OSError as exc:
        if is_disk_full(exc):
            raise StoreError.of("store.open.disk_full", code="disk_full", path=target) from exc
        raise
    return db


# The schema's migrations this version knows (``schema.migrations``, a test keeps them equal): a
# file with all of them applied reads without sqlite-utils (``open_read_only``).
KNOWN_MIGRATIONS = ("001_initial", "002_handover_details", "003_sync_state",
                    "004_handover_receiver_address", "005_consent", "006_users_access",
                    "008_package_keys", "009_backup_sequence", "011_clock", "012_vaccinations",
                    "013_student_search", "014_figures_snapshot")  # fmt: skip


def open_read_only(path: Path | str) -> Any | None:
    """A connection for a command that only reads (``songmay info``), or None when the file
    needs ``open_database`` first: no file yet (a first run creates it), a plaintext file of an
    earlier version (encrypted in place), a schema migration pending (with its backup).

    The checks of ``open_database`` that matter to a reader stay: a file on a network share or
    a removable drive is refused, the key must open the file (a wrong key: ``wrong_key``), the
    schema must be this version's. Nothing is written and neither sqlite-utils nor the schema's
    migrations are loaded. Damage is not looked for here: a damaged page that a query reads
    fails its HMAC there (``driver.is_damage``), which the caller turns into the health check's
    verdict. The caller closes the connection.
    """
    target = Path(path)
    check_local_drive(target)
    if not target.is_file() or target.stat().st_size == 0 or driver.is_plaintext(target):
        return None
    key = database_key(target)
    conn = None
    try:
        conn = driver.connect(target, key, timeout=30, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout=30000")
        conn.execute("PRAGMA query_only=ON")  # a reader: nothing written through it, ever
        applied = {name for (name,) in conn.execute(_APPLIED)} if _has_migrations(conn) else set()
        if not applied.issuperset(KNOWN_MIGRATIONS):
            conn.close()
            return None
    except driver.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise open_error(exc, target) from exc
    return conn


_APPLIED = "SELECT name FROM _sqlite_migrations WHERE migration_set = 'songmay'"


def _has_migrations(conn: Any) -> bool:
    """The first read (a wrong key fails here): is there a record of migrations at all."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    return found is not None


def open_error(exc: BaseException, path: Path) -> StoreError:
    """A wrong key, a damaged page (HMAC), or SQLite's own words."""
    if driver.is_wrong_key(exc):
        return StoreError.of("store.key.wrong", code="wrong_key", path=path)
    if driver.is_damage(exc):
        return StoreError.of("store.damaged", code="damaged", path=path)
    if is_disk_full(exc) or disk_is_full(path):
        return StoreError.of("store.open.disk_full", code="disk_full", path=path)
    return StoreError.of("store.cannot_open", path=path, detail=str(exc))


def encrypt_plaintext_database(target: Path, key: bytes) -> None:
    """Encrypt a database of an earlier version (plaintext) in place.

    Its -wal is folded in; ``sqlcipher_export`` writes an encrypted copy to a temporary file
    (0600) beside it, which is checked (``integrity_check`` and every table's row count); that
    copy is kept as a "before-encryption" backup, then replaces the file atomically. The
    earlier version's backups are encrypted the same way. No plaintext copy is made; the old
    file is unlinked by the replace (its disk blocks are not overwritten).
    """
    from desktop_app.core.safekeeping.backups import (
        encrypt_plaintext_backups,
        encrypt_plaintext_file,
        make_backup,
    )
    from desktop_app.core.safekeeping.leftovers import work_in_progress, work_lock_path

    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".encrypting", dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        with work_in_progress(target):
            encrypt_plaintext_file(target, temp, key)
            make_backup(temp, "before-encryption", folder=backups_dir_of(target))
            os.replace(temp, target)
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
        encrypt_plaintext_backups(target, key)
    except (driver.DatabaseError, OSError) as exc:
        raise StoreError.of("store.encryption_failed", path=target, detail=str(exc)) from exc
    finally:
        temp.unlink(missing_ok=True)
        work_lock_path(temp).unlink(missing_ok=True)  # the backup's lock on the temporary file


def backups_dir_of(target: Path) -> Path:
    from desktop_app.core.paths import backups_dir

    return backups_dir(target)


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
    from desktop_app.core.store.schema import migrations

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
def write_transaction(db: Database, *, checkpoint: bool = True) -> Iterator[Database]:
    """One writer at a time: BEGIN IMMEDIATE takes the write lock up front, so two writers queue
    instead of failing half-way with SQLITE_BUSY.

    ``checkpoint=False`` (a long import): the COMMIT returns without the WAL checkpoint SQLite
    runs after a commit that leaves the -wal past 1,000 pages, which copies every page written
    into the database file (0.1 s of a 50,000-row import). The commit is as durable without it
    (``synchronous=FULL``: the -wal is on disk before COMMIT returns), and readers find the
    pages in the -wal meanwhile; they are copied at the next write's commit, whichever
    connection makes it, or when the file is closed."""
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
            if checkpoint:
                conn.execute("COMMIT")
            else:
                _commit_without_checkpoint(conn)
    except driver.OperationalError as exc:
        raise _explain(exc) from exc
    # The journal's last sequence, beside the file: a -wal damaged later (its changes silently
    # not replayed) is found at the next start (safekeeping.health).
    record_state(conn)


def _commit_without_checkpoint(conn: Any) -> None:
    (pages,) = conn.execute("PRAGMA wal_autocheckpoint").fetchone()
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        conn.execute("COMMIT")
    finally:
        conn.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")


def _explain(exc: BaseException) -> StoreError:
    """SQLite's own words, turned into what the clerk can do; nothing was half-written."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code == driver.SQLITE_FULL:
        return StoreError.of("store.disk_full", code="disk_full")
    if code == driver.SQLITE_BUSY:
        return StoreError.of("store.busy", code="busy")
    return StoreError.of("store.write_failed", detail=str(exc))


def connect_keyed(path: Path | str, **kwargs: Any) -> Any:
    """A connection to a database file with the key that opens it (a new file: this database's
    key), for scripts and tests; a plaintext file of an earlier version opens as it is."""
    from desktop_app.core.safekeeping.backups import file_key

    target = Path(path)
    key = file_key(target)
    if key is None and not driver.is_plaintext(target):
        key = database_key(target, create=True)
    return driver.connect(target, key, **kwargs)
