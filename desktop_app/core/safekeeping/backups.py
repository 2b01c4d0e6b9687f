"""Backups of the local database, made with SQLite's online backup API.

Why the backup API (not a file copy, not VACUUM INTO): it copies a consistent snapshot while the
window keeps writing. The copy reads inside one read transaction of its own, so in WAL mode the
snapshot never moves (no restart however busy the writers are) and writers are never blocked; it
goes page by page with a short pause so a large file does not hog the disk.

Every backup is written to a temporary name, checked with ``PRAGMA integrity_check`` and only
then renamed into place (``songmay-YYYYMMDD-HHMMSS-<reason>.sqlite3`` in ``paths.backups_dir``);
a copy that fails the check is never kept. The last N per folder are kept (``backup-settings.json``
in the folder; 10 unless changed), the newest always. Restores: ``safekeeping.restore``.

Order: the date in a name is for people only (the PC's clock may be years off). A backup's place
is read from the copy itself: the journal's last sequence (``outbox``'s AUTOINCREMENT high-water
mark) and the backup counter (``backup_sequence``, raised in the database just before each copy,
so two copies of the same journal are ordered too). What a copy holds (those two and its counts)
is cached in ``<name>.info.json`` beside it (0600; trusted while the backup's size and mtime are
the same), so listing ten copies of a 50,000-student database does not open them.

Rotation keeps, besides the N newest: the newest good backup that holds more records than every
newer one, and the older side of every sharp drop (> 20 % fewer students than the backup before)
— the drop is said when the backup is made (``drop_warning``) and flagged in the list.
"""

from __future__ import annotations

import contextlib
import dataclasses
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
DROP_SHARE = 0.2  # fewer students than this share of the backup before: a sharp drop
INFO_SUFFIX = ".info.json"
_NAME = re.compile(r"^songmay-(\d{8})-(\d{6})-([a-z0-9-]+?)(?:-(\d+))?\.sqlite3$")
_REASON = re.compile(r"^[a-z][a-z0-9-]*[a-z]$")


class BackupError(StoreError):
    """A backup cannot be made, read or restored; ``code`` says which case (``disk_full`` as for
    any other write)."""

    code = "backup_error"


def local_moment(text: str | None) -> datetime | None:
    """A journal timestamp (ISO, UTC) in this PC's local time; None if there is none."""
    try:
        moment = datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    if moment is not None and moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment


@dataclass(frozen=True)
class Contents:
    """What a database file holds and where it stands in the database's own history."""

    journal_seq: int  # the journal's last sequence ever handed out
    counter: int  # the backup counter (0: a file of a version before it)
    students: int
    needs: int
    devices: int
    handovers: int
    last_change: str | None  # the journal's latest ``changed_at``, as recorded

    @property
    def records(self) -> int:
        return self.students + self.needs + self.devices + self.handovers

    @property
    def order(self) -> tuple[int, int]:
        return self.journal_seq, self.counter


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime  # from the name, for people only: never used to order
    reason: str
    size: int
    students: int | None  # None: the copy cannot be read
    handovers: int | None
    contents: Contents | None = None
    drop_from: int | None = None  # students of the backup before, when this one has far fewer

    @property
    def order(self) -> tuple[int, int]:
        """The place in the database's history; an unreadable copy sorts oldest."""
        return self.contents.order if self.contents is not None else (-1, -1)

    @property
    def good(self) -> bool:
        return self.contents is not None

    @property
    def needs(self) -> int | None:
        return self.contents.needs if self.contents else None

    @property
    def devices(self) -> int | None:
        return self.contents.devices if self.contents else None

    @property
    def last_change(self) -> str | None:
        return self.contents.last_change if self.contents else None

    @property
    def last_change_at(self) -> datetime | None:
        """The last change as recorded (UTC in the journal), in this PC's local time."""
        return local_moment(self.last_change)

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
            "handovers": self.handovers, "needs": self.needs, "devices": self.devices,
            "last_change": self.last_change,
            "journal_seq": self.contents.journal_seq if self.contents else None,
            "counter": self.contents.counter if self.contents else None,
            "sharp_drop_from": self.drop_from,
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


def schema_problem(path: Path) -> Msg | str | None:
    """What the window's start checks before it shows (a few pages, whatever the file's size):
    the first page opens with the key and the schema reads; ``quick_problem`` over every page
    follows in the background (``safekeeping.health.pages_verdict``)."""
    if not Path(path).is_file():
        return msg("backup.problem.file_missing")
    try:
        with connect_file(path, "ro") as conn:
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except driver.DatabaseError as exc:
        return _problem(exc, path)
    return None


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
    """The folder's backups by name (date, same-second sequence), newest name first. The names'
    dates are the PC's clock: use ``list_backups`` for the real order."""
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


def _count(conn: Any, sql: str) -> int:
    try:
        return int(conn.execute(sql).fetchone()[0] or 0)
    except driver.OperationalError as exc:
        if "no such" in str(exc):  # a table of a later version than the file
            return 0
        raise


def read_contents(conn: Any) -> Contents:
    """What the open database holds (a few index-only counts, milliseconds)."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    seq = 0
    if "sqlite_sequence" in tables:
        row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").fetchone()
        seq = int(row[0]) if row and row[0] is not None else 0
    seq = max(seq, _count(conn, "SELECT MAX(seq) FROM outbox"))
    counter = 0
    if "backup_sequence" in tables:
        counter = _count(conn, "SELECT counter FROM backup_sequence WHERE id = 1")
    last = conn.execute("SELECT MAX(changed_at) FROM outbox").fetchone()[0]
    return Contents(
        journal_seq=seq, counter=counter,
        students=_count(conn, "SELECT COUNT(*) FROM students WHERE deleted = 0"),
        needs=_count(conn, "SELECT COUNT(*) FROM needs WHERE deleted = 0"),
        devices=_count(conn, "SELECT COUNT(*) FROM devices WHERE deleted = 0"),
        handovers=_count(
            conn, "SELECT COUNT(*) FROM handovers WHERE kind = 'handover' AND deleted = 0"
        ),
        last_change=str(last) if last is not None else None,
    )  # fmt: skip


def file_contents(path: Path, key: bytes | None = None) -> Contents | None:
    """What the database file ``path`` holds; None when it cannot be read."""
    try:
        with connect_file(path, "ro", key) as conn:
            return read_contents(conn)
    except driver.DatabaseError:
        return None


def info_path(path: Path) -> Path:
    """The small file beside a backup caching what it holds."""
    return Path(path).with_name(Path(path).name + INFO_SUFFIX)


def _stamp(path: Path) -> tuple[int, int]:
    stat = Path(path).stat()
    return stat.st_size, stat.st_mtime_ns


def _cached_contents(path: Path) -> Contents | None:
    try:
        data = json.loads(info_path(path).read_text(encoding="utf-8"))
        if (data["size"], data["mtime_ns"]) != _stamp(path):
            return None
        return Contents(**data["contents"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _save_contents(path: Path, contents: Contents) -> None:
    """Best effort: a read-only folder only means the copy is read again next time."""
    with contextlib.suppress(OSError):
        data = {"size": 0, "mtime_ns": 0, "contents": contents.__dict__}
        data["size"], data["mtime_ns"] = _stamp(path)
        with atomic_path(info_path(path)) as temp:
            temp.write_text(json.dumps(data), encoding="utf-8")


def backup_contents(path: Path) -> Contents | None:
    """What the backup ``path`` holds: from its cache file, else read from the copy (and cached)."""
    cached = _cached_contents(path)
    if cached is not None:
        return cached
    contents = file_contents(path)
    if contents is not None:
        _save_contents(path, contents)
    return contents


def database_counts(path: Path) -> tuple[int | None, int | None]:
    """(students, handovers) in a database file; (None, None) when it cannot be read."""
    contents = file_contents(path)
    if contents is None:
        return None, None
    return contents.students, contents.handovers


def sharp_drop(older: int, newer: int) -> bool:
    """``newer`` students after ``older``: more than ``DROP_SHARE`` of them gone."""
    return older > 0 and newer < older * (1 - DROP_SHARE)


def list_backups(db_path: Path, *, folder: Path | None = None) -> list[BackupInfo]:
    """The backups of ``db_path``, newest first by the database's own history (the journal's last
    sequence, then the backup counter; never the PC's clock), with what each holds. A backup with
    far fewer students than the good one before it has ``drop_from`` set."""
    found = []
    for created, sequence, _mtime, path, reason in _backup_files(folder or backups_dir(db_path)):
        try:
            size = path.stat().st_size
        except OSError:
            continue
        contents = backup_contents(path)
        students = contents.students if contents else None
        handovers = contents.handovers if contents else None
        info = BackupInfo(path, created, reason, size, students, handovers, contents)
        # The name's date only breaks ties between copies of earlier versions (no counter).
        found.append(((info.order, created, sequence), info))
    found.sort(key=lambda item: item[0], reverse=True)
    ordered = [info for _key, info in found]
    result = []
    for index, info in enumerate(ordered):
        before = next((o for o in ordered[index + 1 :] if o.good), None)
        if (
            before is not None and info.students is not None and before.students is not None
            and sharp_drop(before.students, info.students)
        ):  # fmt: skip
            result.append(dataclasses.replace(info, drop_from=before.students))
        else:
            result.append(info)
    return result


def drop_warning(backup: Path, *, folder: Path | None = None) -> Msg | None:
    """The warning to show when the backup just made holds far fewer students than the one
    before it (that one is kept by the rotation)."""
    backup = Path(backup)
    for info in list_backups(backup, folder=folder or backup.parent):
        if info.path.resolve() == backup.resolve() and info.drop_from is not None:
            return msg(
                "backup.sharp_drop", students=info.students or 0, before=info.drop_from,
                gone=info.drop_from - (info.students or 0),
            )  # fmt: skip
    return None


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


def kept_by_content(infos: list[BackupInfo], keep: int) -> set[Path]:
    """Backups beyond the ``keep`` newest that rotation keeps anyway: the newest good backup that
    holds more records than every newer one, and the older side of every sharp drop in
    students (``infos`` newest first, as ``list_backups`` gives them)."""
    extra: set[Path] = set()
    most = -1
    found_bigger = False
    for index, info in enumerate(infos):
        contents = info.contents
        if contents is None:
            continue
        if index >= keep and not found_bigger and contents.records > most and most >= 0:
            extra.add(info.path)
            found_bigger = True
        most = max(most, contents.records)
    for index, info in enumerate(infos):
        if info.drop_from is None:
            continue
        before = next((o for o in infos[index + 1 :] if o.good), None)
        if before is not None and infos.index(before) >= keep:
            extra.add(before.path)
    return extra


def prune(folder: Path, keep: int, protect: frozenset[Path] = frozenset()) -> list[Path]:
    """Delete the oldest backups (by the database's history) beyond ``keep``; the newest,
    ``protect`` and those ``kept_by_content`` always stay."""
    keep = max(1, keep)
    deleted = []
    infos = list_backups(Path(folder) / "songmay.sqlite3", folder=Path(folder))
    protected = {p.resolve() for p in protect | kept_by_content(infos, keep)}
    for info in infos[keep:]:
        if info.path.resolve() in protected:
            continue
        with contextlib.suppress(OSError):
            info.path.unlink()
            deleted.append(info.path)
    for orphan in Path(folder).glob(f"songmay-*{INFO_SUFFIX}"):  # caches of deleted backups
        if not orphan.with_name(orphan.name.removesuffix(INFO_SUFFIX)).exists():
            with contextlib.suppress(OSError):
                orphan.unlink()
    return deleted


def _raise_counter(source: Path, floor: int) -> None:
    """Raise the database's backup counter above ``floor`` (the highest of the folder), so the copy
    about to be made carries a number above every earlier copy's. A file of a version before the
    counter (the copy before its migration) has none: its copy counts 0."""
    with connect_file(source, "rw") as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if "backup_sequence" in tables:
            conn.execute(
                "UPDATE backup_sequence SET counter = MAX(counter, ?) + 1 WHERE id = 1", (floor,)
            )


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
        floor = max(
            (info.contents.counter for info in list_backups(source, folder=target_folder)
             if info.contents is not None),
            default=0,
        )  # fmt: skip
        with work_in_progress(source), atomic_path(target) as temp:
            _raise_counter(source, floor)
            copy_database(source, temp, job=job)
            problem = integrity_problem(temp)
            if problem is not None:
                raise BackupError.of(
                    "backup.new_copy_damaged", code="backup_damaged", problem=problem
                )
            contents = file_contents(temp)
        if contents is not None:
            _save_contents(target, contents)
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
