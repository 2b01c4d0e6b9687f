"""Backups of the local database, made with SQLite's online backup API.

Why the backup API (not a file copy, not VACUUM INTO): it copies a consistent snapshot while the
window keeps writing. The copy reads inside one read transaction of its own, so in WAL mode the
snapshot never moves (no restart however busy the writers are) and writers are never blocked; it
goes page by page with a short pause so a large file does not hog the disk.

Every backup is written to a temporary name, checked with ``PRAGMA integrity_check`` and only
then renamed into place (``songmay-YYYYMMDD-HHMMSS-<reason>.sqlite3`` in ``paths.backups_dir``);
a copy that fails the check is never kept. The last N per folder are kept (``backup-settings.json``
in the folder; 10 unless changed), the newest always. Restores: ``safekeeping.restore``.
"""

from __future__ import annotations

import contextlib
import errno
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from desktop_app.core.access import has_access_log, record_access, student_count
from desktop_app.core.errors import StoreError
from desktop_app.core.files import atomic_path, make_private, private_folder
from desktop_app.core.jobs import Cancelled, JobState, SilentJob
from desktop_app.core.messages import Msg, msg
from desktop_app.core.paths import backups_dir
from desktop_app.core.safekeeping.health import clear_backup_failure, record_backup_failure
from desktop_app.core.safekeeping.leftovers import work_in_progress
from desktop_app.core.store import driver
from desktop_app.core.store.keys import candidate_keys
from desktop_app.core.store.session import actor_of

DEFAULT_KEEP = 10
MAX_KEEP = 1000
SETTINGS_FILE = "backup-settings.json"
PAGES_PER_STEP = 1024  # 4 MB of 4 KB pages between two pauses
PAUSE_S = 0.002

# The reasons a backup is made; each is said by the message "backup.reason.<reason>".
REASONS = (
    "daily", "manual", "before-import", "before-restore", "before-migration", "before-encryption",
    "after-erasure",
)  # fmt: skip
# What could not be done, said by "backup.failed.<action>" (and ".detail" for a whole sentence).
FailedAction = Literal["make", "copy", "write", "restore"]
_NAME = re.compile(r"^songmay-(\d{8})-(\d{6})-([a-z0-9-]+?)(?:-(\d+))?\.sqlite3$")
_REASON = re.compile(r"^[a-z][a-z0-9-]*[a-z]$")


class BackupError(StoreError):
    """A backup cannot be made, read or restored; ``code`` says which case (``disk_full`` as for
    any other write)."""

    code = "backup_error"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    reason: str
    size: int
    students: int | None  # None: the copy cannot be read
    handovers: int | None

    @property
    def reason_message(self) -> Msg | str:
        """Why the backup was made, for a reader; a reason of a later version as it is."""
        return msg(f"backup.reason.{self.reason}") if self.reason in REASONS else self.reason

    @property
    def reason_label(self) -> str:
        return str(self.reason_message)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path), "created": self.created.isoformat(timespec="seconds"),
            "reason": self.reason, "size": self.size, "students": self.students,
            "handovers": self.handovers,
        }  # fmt: skip


# --- small SQLite helpers -------------------------------------------------------------------------


def _uri(path: Path, mode: str) -> str:
    """A read-only or no-create SQLite URI; a Windows UNC path (a backup on a share) is written
    ``file:////server/share/…``, as SQLite wants it."""
    uri = Path(path).absolute().as_uri()
    if not uri.startswith("file:///"):
        uri = "file:////" + uri.removeprefix("file://")
    return f"{uri}?mode={mode}"


def file_key(path: Path) -> bytes | None:
    """The key that opens ``path`` among those this process knows (None: a plaintext file, or
    none fits: the first read then fails with "file is not a database")."""
    path = Path(path)
    if driver.is_plaintext(path) or not path.is_file() or path.stat().st_size == 0:
        return None
    keys = candidate_keys()
    for key in keys:
        try:
            with contextlib.closing(driver.connect(_uri(path, "ro"), key, uri=True)) as conn:
                conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except driver.DatabaseError:
            continue
        return key
    return keys[0] if keys else None


@contextlib.contextmanager
def connect_file(path: Path, mode: str = "ro", key: bytes | None = None) -> Iterator[Any]:
    """A connection that never creates the file, with the key that opens it; closed on exit."""
    key = key if key is not None else file_key(Path(path))
    conn = driver.connect(_uri(path, mode), key, uri=True, timeout=30, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout=30000")
        yield conn
    finally:
        conn.close()


def _check(path: Path, pragma: str, key: bytes | None = None) -> Msg | str | None:
    """None when ``PRAGMA integrity_check``/``quick_check`` says ok, else what it found."""
    try:
        with connect_file(path, "ro", key) as conn:
            rows = [str(row[0]) for row in conn.execute(f"PRAGMA {pragma}(20)")]
    except driver.DatabaseError as exc:
        return _problem(exc, path)
    return None if rows == ["ok"] else "; ".join(rows)


def _problem(exc: BaseException, path: Path) -> Msg | str:
    if driver.is_wrong_key(exc):
        return msg("store.key.wrong", path=path)
    if driver.is_damage(exc):
        return msg("store.damaged", path=path)
    return str(exc)


def integrity_problem(path: Path, *, key: bytes | None = None) -> Msg | str | None:
    """The full check (every page, every index): used on every copy before it is trusted."""
    return _check(path, "integrity_check", key)


def quick_problem(path: Path) -> Msg | str | None:
    """The check at start-up: the same, without comparing indexes to tables (much faster).
    SQLite's own findings are technical text; a missing file is said in the reader's language."""
    if not Path(path).is_file():
        return msg("backup.problem.file_missing")
    return _check(path, "quick_check")


def explain_failure(
    exc: OSError | Exception, action: FailedAction, path: Path | None = None
) -> BackupError:
    """``action``: what could not be done ("make" a backup, "copy", "write" ``path``,
    "restore"); the OS's or SQLite's own words go in as the detail."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code == driver.SQLITE_FULL or getattr(exc, "errno", None) == errno.ENOSPC:
        failed = msg(f"backup.failed.{action}", path=path)
        return BackupError.of("backup.failed.disk_full", code="disk_full", failed=failed)
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    where = f" ({exc.filename})" if isinstance(exc, OSError) and exc.filename else ""
    return BackupError(msg(f"backup.failed.{action}.detail", path=path, where=where, detail=detail))


def copy_database(
    source: Path,
    target: Path,
    *,
    job: JobState | None = None,
    pages: int | None = None,
    pause: float | None = None,
    key: bytes | None = None,
) -> None:
    """Copy a consistent snapshot of the database ``source`` into the new file
    ``target`` with the backup API. The copy is a single self-contained file (rollback journal
    mode: no -wal beside it), encrypted with ``key`` (default: the source's own key). A plaintext
    source (an earlier version's backup) is encrypted on the way (``sqlcipher_export``)."""
    source_key = file_key(Path(source))
    target_key = key if key is not None else source_key
    if source_key is None and driver.is_plaintext(Path(source)):
        if target_key is None:
            raise driver.DatabaseError("no key to encrypt the copy with")
        encrypt_plaintext_file(Path(source), Path(target), target_key)
        return
    job = job or SilentJob()
    step = pages or PAGES_PER_STEP
    wait = PAUSE_S if pause is None else pause

    def progress(_status: int, remaining: int, total: int) -> None:
        job.set_progress(total - remaining, total, "copy")
        if job.is_cancelled():
            raise Cancelled()
        if wait:
            time.sleep(wait)

    with (
        connect_file(Path(source), "ro", source_key) as src,
        contextlib.closing(driver.connect(target, target_key, isolation_level=None)) as dst,
    ):
        # One read transaction on the source for the whole copy: every step reads the same
        # snapshot, so the copy is consistent and never restarts because someone wrote.
        src.execute("BEGIN")
        src.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        try:
            src.backup(dst, pages=step, progress=progress)
        finally:
            src.execute("ROLLBACK")
        dst.execute("PRAGMA journal_mode=DELETE")


def encrypt_plaintext_file(source: Path, target: Path, key: bytes) -> None:
    """An encrypted copy of the plaintext database ``source`` in ``target`` (new or empty),
    checked: ``integrity_check`` ok and the same number of rows in every table."""
    with contextlib.closing(driver.connect(source, None, isolation_level=None)) as src:
        src.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        driver.attach_keyed(src, target, "enc", key)
        src.execute("SELECT sqlcipher_export('enc')").fetchall()
        version = src.execute("PRAGMA main.user_version").fetchone()[0]
        src.execute(f"PRAGMA enc.user_version = {int(version)}")
        src.execute("DETACH DATABASE enc")
        counts = _row_counts(src)
    with connect_file(target, "ro", key) as enc:
        rows = [str(row[0]) for row in enc.execute("PRAGMA integrity_check(20)")]
        if rows != ["ok"] or _row_counts(enc) != counts:
            raise driver.DatabaseError(f"the encrypted copy differs: {'; '.join(rows)}")


def _row_counts(conn: Any) -> dict[str, int]:
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )]  # fmt: skip
    return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def encrypt_plaintext_backups(db_path: Path, key: bytes) -> list[Path]:
    """The earlier version's backups of ``db_path`` (plaintext), encrypted in place."""
    done = []
    for _created, _seq, _mtime, path, _reason in _backup_files(backups_dir(db_path)):
        if not driver.is_plaintext(path):
            continue
        with atomic_path(path) as temp:
            encrypt_plaintext_file(path, temp, key)
        make_private(path)
        done.append(path)
    return done


# --- the backups folder ---------------------------------------------------------------------------


def load_keep(folder: Path) -> int:
    """How many backups the folder keeps (the setting, or the default)."""
    try:
        value = json.loads((Path(folder) / SETTINGS_FILE).read_text(encoding="utf-8"))["keep"]
    except (OSError, ValueError, KeyError, TypeError):
        return DEFAULT_KEEP
    return value if isinstance(value, int) and 1 <= value <= MAX_KEEP else DEFAULT_KEEP


def save_keep(folder: Path, keep: int) -> None:
    if not 1 <= keep <= MAX_KEEP:
        raise BackupError.of("backup.keep.out_of_range", code="bad_setting", max=MAX_KEEP)
    private_folder(Path(folder))
    with atomic_path(Path(folder) / SETTINGS_FILE) as temp:
        temp.write_text(json.dumps({"keep": keep}), encoding="utf-8")


def _parse_name(path: Path) -> tuple[datetime, str, int] | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        created = datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return created, match[3], int(match[4] or 1)


def _backup_files(folder: Path) -> list[tuple[datetime, int, int, Path, str]]:
    """The folder's backups, newest first."""
    found = []
    if not Path(folder).is_dir():
        return []
    for path in Path(folder).iterdir():
        parsed = _parse_name(path)
        if parsed is None or not path.is_file():
            continue
        created, reason, sequence = parsed
        with contextlib.suppress(OSError):
            found.append((created, sequence, path.stat().st_mtime_ns, path, reason))
    found.sort(key=lambda item: item[:3], reverse=True)
    return found


def database_counts(path: Path) -> tuple[int | None, int | None]:
    """(students, handovers) in a database file; (None, None) when it cannot be read."""
    try:
        with connect_file(path, "ro") as conn:
            students = conn.execute("SELECT COUNT(*) FROM students").fetchone()[0]
            handovers = conn.execute(
                "SELECT COUNT(*) FROM handovers WHERE kind = 'handover'"
            ).fetchone()[0]
    except driver.DatabaseError:
        return None, None
    return int(students), int(handovers)


def list_backups(db_path: Path, *, folder: Path | None = None) -> list[BackupInfo]:
    """The backups of ``db_path``, newest first, with what each holds."""
    result = []
    for created, _seq, _mtime, path, reason in _backup_files(folder or backups_dir(db_path)):
        students, handovers = database_counts(path)
        with contextlib.suppress(OSError):
            result.append(
                BackupInfo(path, created, reason, path.stat().st_size, students, handovers)
            )
    return result


def _free_name(folder: Path, created: datetime, reason: str) -> Path:
    """A new name that sorts after every backup of the same second, whatever its reason: the
    sequence goes above the highest one there, not into a gap a pruned backup left (that newest
    backup would look oldest and the next prune would keep too many)."""
    stamp = f"{created:%Y%m%d-%H%M%S}"
    sequence = max(
        (parsed[2] for path in folder.glob(f"songmay-{stamp}-*.sqlite3")
         if (parsed := _parse_name(path)) is not None),
        default=0,
    ) + 1  # fmt: skip
    suffix = "" if sequence == 1 else f"-{sequence}"
    return folder / f"songmay-{stamp}-{reason}{suffix}.sqlite3"


def prune(folder: Path, keep: int, protect: frozenset[Path] = frozenset()) -> list[Path]:
    """Delete the oldest backups beyond ``keep``; the newest and ``protect`` always stay."""
    keep = max(1, keep)
    deleted = []
    protected = {p.resolve() for p in protect}
    for _created, _seq, _mtime, path, _reason in _backup_files(folder)[keep:]:
        if path.resolve() in protected:
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            deleted.append(path)
    return deleted


def make_backup(
    db_path: Path,
    reason: str,
    *,
    folder: Path | None = None,
    keep: int | None = None,
    now: datetime | None = None,
    job: JobState | None = None,
    protect: frozenset[Path] = frozenset(),
    actor: str | None = None,
) -> Path:
    """Back up ``db_path`` into its backups folder; returns the new, checked backup, which is a
    row of the access trail (signed by ``actor``, else the OS login)."""
    if not _REASON.match(reason):
        raise ValueError(f"bad backup reason {reason!r}")
    source = Path(db_path)
    if not source.is_file():
        raise BackupError.of("store.database_missing", code="not_found", path=source)
    own_folder = backups_dir(source)
    target_folder = Path(folder) if folder is not None else own_folder
    try:
        private_folder(target_folder, own=target_folder == own_folder)
        target = _free_name(target_folder, now or datetime.now(), reason)
        with work_in_progress(source), atomic_path(target) as temp:
            copy_database(source, temp, job=job)
            problem = integrity_problem(temp)
            if problem is not None:
                raise BackupError.of(
                    "backup.new_copy_damaged", code="backup_damaged", problem=problem
                )
    except (driver.DatabaseError, OSError) as exc:
        raise explain_failure(exc, "make") from exc
    prune(target_folder, keep or load_keep(target_folder), protect | {target})
    record_file_access(source, "backup", target, actor)
    clear_backup_failure(source)  # a backup was made: the window's warning goes
    return target


def record_file_access(db_path: Path, kind: str, target: Path, actor: str | None) -> None:
    """The access-trail row of a whole-file copy, written into ``db_path`` itself. A file of a
    version before the trail (the copy made before its migration) has nowhere to write it."""
    try:
        with connect_file(db_path, "rw") as conn:
            if has_access_log(conn):
                record_access(conn, kind, target, student_count(conn), actor=actor)
    except driver.DatabaseError as exc:
        raise explain_failure(exc, "make") from exc


def write_copy(
    db_path: Path, out_path: Path, *, job: JobState | None = None, actor: str | None = None
) -> Path:
    """A checked copy of ``db_path`` (encrypted with its key) at ``out_path`` (any folder, a USB stick too);
    a row of the access trail."""
    source, out_path = Path(db_path), Path(out_path)
    if not source.is_file():
        raise BackupError.of("store.database_missing", code="not_found", path=source)
    try:
        with atomic_path(out_path) as temp:
            copy_database(source, temp, job=job)
            problem = integrity_problem(temp)
            if problem is not None:
                raise BackupError.of(
                    "backup.source_damaged", code="backup_damaged", problem=problem
                )
    except (driver.DatabaseError, OSError) as exc:
        raise explain_failure(exc, "copy") from exc
    record_file_access(source, "copy", out_path, actor)
    return out_path


def backup_if_due(
    db_path: Path,
    *,
    now: datetime | None = None,
    folder: Path | None = None,
    actor: str | None = None,
) -> Path | None:
    """The daily backup: made when no "daily" backup of today exists yet; None if not due."""
    now = now or datetime.now()
    if not Path(db_path).is_file():
        return None
    for created, _seq, _mtime, _path, reason in _backup_files(folder or backups_dir(db_path)):
        if reason == "daily" and created.date() == now.date():
            return None
    return _automatic(db_path, "daily", folder=folder, now=now, actor=actor)


def _automatic(db_path: Path, reason: str, **options: Any) -> Path:
    """A backup nobody asked for: its failure is kept beside the database (``health``) and
    shown by the window until a backup succeeds."""
    try:
        return make_backup(db_path, reason, **options)
    except Exception as exc:
        record_backup_failure(Path(db_path), reason, exc)
        raise


def database_file(conn: Any) -> Path | None:
    """The file behind a connection (None for an in-memory or temporary database)."""
    for _seq, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None


def backup_before_import(conn: Any) -> Path | None:
    """The hook ``import_file`` calls before it writes: a checked copy to go back to."""
    path = database_file(conn)
    if path is None:
        return None
    return _automatic(path, "before-import", actor=actor_of(conn))
