"""The one health check of the database file, used by the window's start and by every command.

``check_health(db_path)`` says, before anything opens (or creates) the file:

* ``new`` — no file and nothing that says there was one: a first run;
* ``ok`` — the file passes ``PRAGMA quick_check`` and holds every change recorded after a commit;
* ``damaged`` — a damaged page, a first page that no key opens, a file cut short, or a missing or
  empty (0 bytes) file where backups, a ``-wal`` or the state file say there was data: never a
  new school over an old one;
* ``changes_lost`` — the file is sound but ends before the last change committed (its ``-wal``
  was damaged: SQLite stops replaying it at the first frame that fails its checksum/HMAC, and the
  changes after it vanish without an error). The state file ``<db>.state`` (0600, JSON) is
  rewritten after every write transaction with the journal's last sequence (``outbox``'s
  AUTOINCREMENT counter, which a deleted row never lowers);
* ``disk_full`` — no byte free where the file is.

The verdict's message names the file, what is wrong and what to do: the exact ``songmay
restore`` command of the newest good backup for the command line, the button for the window.
No SQLite text ever reaches the clerk.

Also here: the last failure of an automatic backup (``<db>.backup-failed``, JSON), shown by the
window until a backup succeeds.
"""

from __future__ import annotations

import contextlib
import errno
import json
import shlex
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from desktop_app.core.files import atomic_path
from desktop_app.core.messages import LocalizedStr, Msg, msg
from desktop_app.core.paths import DB_FILENAME, backups_dir
from desktop_app.core.store import driver


def _log() -> Any:
    """The module's logger; ``logging`` is loaded when something goes wrong (not by every
    command's health check: ``songmay info``'s cold start, issue 19)."""
    import logging

    return logging.getLogger("songmay.health")


PAGE_SIZE = 16384  # driver.CIPHER_DEFAULTS: every encrypted file is a whole number of pages
STATE_SUFFIX = ".state"
BACKUP_FAILED_SUFFIX = ".backup-failed"

Kind = Literal["new", "ok", "damaged", "changes_lost", "disk_full"]


# --- the state file -------------------------------------------------------------------------------


def state_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + STATE_SUFFIX)


def backup_failed_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + BACKUP_FAILED_SUFFIX)


def _write_json(target: Path, data: dict[str, Any]) -> None:
    """Private (0600) and atomic: never half a file."""
    with atomic_path(target) as temp:
        temp.write_text(json.dumps(data), encoding="utf-8")


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def journal_seq(conn: Any) -> int:
    """The journal's last sequence: ``outbox``'s AUTOINCREMENT counter (0: nothing yet)."""
    try:
        row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").fetchone()
    except driver.DatabaseError:
        return 0
    return int(row[0]) if row else 0


def main_file(conn: Any) -> Path | None:
    for _seq, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None


def record_state(conn: Any, db_path: Path | None = None) -> None:
    """After a commit: the journal's last sequence, in the state file. Once per transaction (one
    indexed read and one small fsynced file). A failure is only logged: the commit stands, and a
    stale state file is never ahead of the database."""
    try:
        path = db_path or main_file(conn)
        if path is None:
            return
        seq = journal_seq(conn)
        target = state_path(path)
        old = _read_json(target) if target.exists() else None
        if old is not None and old.get("seq") == seq:
            return
        _write_json(target, {"seq": seq, "at": datetime.now().isoformat(timespec="seconds")})
    except (OSError, driver.DatabaseError) as exc:
        _log().warning("state file of the database not written: %s", exc)


def reset_state(db_path: Path) -> None:
    """The state of the file as it is now (after a restore, or once the clerk was told)."""
    from desktop_app.core.safekeeping.backups import connect_file

    try:
        with connect_file(Path(db_path), "ro") as conn:
            record_state(conn, Path(db_path))
    except driver.DatabaseError as exc:
        _log().warning("state file not reset: %s", exc)


# --- the verdict ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    db_path: Path
    kind: Kind
    problem: Msg | None = None  # what is wrong, in words
    newest_good: Any = None  # restore.BackupInfo of the backup to offer

    @property
    def ok(self) -> bool:
        return self.kind in ("ok", "new")

    def restore_command(self) -> str | None:
        good = self.newest_good
        if good is None:
            return None
        db = (
            ""
            if self.db_path.name == DB_FILENAME and _is_default(self.db_path)
            else (f"--db {shlex.quote(str(self.db_path))} ")
        )
        return f"songmay {db}restore {shlex.quote(str(good.path))}"

    def as_message(self, *, window: bool = False) -> Msg:
        """What the clerk reads: the file, what is wrong, and the restore (button or command)."""
        if self.kind == "disk_full":
            return msg("health.disk_full", path=self.db_path)
        good = self.newest_good
        if good is None:
            return msg("health.no_backup", path=self.db_path, problem=self.problem)
        params = dict(path=self.db_path, problem=self.problem, at=good.created.time(),
                      on=good.created.date(), count=good.students or 0,
                      devices=good.devices or 0, handovers=good.handovers or 0,
                      last_change=good.last_change_at or "—")  # fmt: skip
        if window:
            return msg("health.offer.window", **params)
        return msg("health.offer.cli", **params, command=self.restore_command())

    def message(self, lang: str = "vi", *, window: bool = False) -> str:
        return self.as_message(window=window).text(lang)


def _is_default(db_path: Path) -> bool:
    from desktop_app.core.paths import resolve_db_path

    with contextlib.suppress(OSError):
        return resolve_db_path(None).resolve() == db_path.resolve()
    return False


def is_disk_full(exc: BaseException) -> bool:
    """SQLite's SQLITE_FULL or the OS's ENOSPC (also on a wrapped cause)."""
    seen: BaseException | None = exc
    while seen is not None:
        if getattr(seen, "sqlite_errorcode", None) == driver.SQLITE_FULL:
            return True
        if isinstance(seen, OSError) and seen.errno == errno.ENOSPC:
            return True
        if getattr(seen, "code", None) == "disk_full":
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def disk_is_full(path: Path) -> bool:
    """No byte free on the drive of ``path`` (its folder)."""
    folder = Path(path).parent
    try:
        return shutil.disk_usage(folder).free == 0
    except OSError:
        return False


def _evidence(db_path: Path) -> bool:
    """Something that says a database was here: backups, a ``-wal`` with frames, the state file."""
    from desktop_app.core.safekeeping.backups import list_backups

    wal = Path(f"{db_path}-wal")
    if wal.is_file() and wal.stat().st_size > 0:
        return True
    if state_path(db_path).is_file():
        return True
    folder = backups_dir(db_path)
    return folder.is_dir() and bool(list_backups(db_path))


def _damaged(db_path: Path, problem: Msg) -> Verdict:
    from desktop_app.core.safekeeping.restore import newest_good_backup

    return Verdict(db_path, "damaged", problem, newest_good_backup(db_path))


def _words(problem: Msg | str) -> Msg:
    """SQLite's own findings are not for the clerk: only the messages of the catalogue pass."""
    if isinstance(problem, Msg) and problem.id == "store.key.wrong":
        return msg("health.problem.first_page")
    if isinstance(problem, Msg) and problem.id.startswith("health."):
        return problem
    return msg("health.problem.pages")


def check_health(db_path: Path, *, pages: bool = True) -> Verdict:
    """The verdict on ``db_path``, before it is opened; see the module's text. ``pages=False``
    (the window's start): every check but the read of every page — the first page and the
    schema are read instead, a few milliseconds at any size — then ``pages_verdict`` once the
    window shows."""
    from desktop_app.core.safekeeping.backups import connect_file, quick_problem, schema_problem
    from desktop_app.core.store.keys import database_key

    path = Path(db_path)
    exists = path.is_file()
    size = path.stat().st_size if exists else 0
    if size == 0:
        if _evidence(path):
            kind = "health.problem.empty" if exists else "health.problem.missing"
            return _damaged(path, msg(kind))
        if disk_is_full(path):
            return Verdict(path, "disk_full")
        return Verdict(path, "new")
    if disk_is_full(path):
        return Verdict(path, "disk_full")
    plaintext = driver.is_plaintext(path)
    if not plaintext:
        database_key(path)  # a missing key is not damage: DatabaseKeyError says it in words
        if size % PAGE_SIZE:
            return _damaged(path, msg("health.problem.truncated", size=size))
    problem = quick_problem(path) if pages else schema_problem(path)
    if problem is not None:
        return _damaged(path, _words(problem))
    saved = _read_json(state_path(path))
    if saved is None or not isinstance(saved.get("seq"), int):
        return Verdict(path, "ok")
    try:
        with connect_file(path, "ro") as conn:
            seq = journal_seq(conn)
            last = conn.execute("SELECT MAX(changed_at) FROM outbox").fetchone()[0]
    except driver.DatabaseError as exc:
        if is_disk_full(exc):
            return Verdict(path, "disk_full")
        return _damaged(path, msg("health.problem.pages"))
    if seq >= saved["seq"]:
        return Verdict(path, "ok")
    since = _local(last) if last else _local(saved.get("at"))
    problem_msg = msg("health.problem.changes_lost", count=saved["seq"] - seq, since=since)
    from desktop_app.core.safekeeping.restore import newest_good_backup

    return Verdict(path, "changes_lost", problem_msg, newest_good_backup(path))


def pages_verdict(db_path: Path) -> Verdict:
    """The rest of ``check_health(pages=False)``: ``PRAGMA quick_check`` over every page ("ok"
    or "damaged", with the newest good backup to offer)."""
    from desktop_app.core.safekeeping.backups import quick_problem

    path = Path(db_path)
    problem = quick_problem(path)
    if problem is None:
        return Verdict(path, "ok")
    return _damaged(path, _words(problem))


def _local(stamp: object) -> str:
    if not isinstance(stamp, str):
        return "?"
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{moment:%H:%M %d/%m/%Y}"


def accept_state(db_path: Path) -> None:
    """The clerk was told that changes are missing and there is no backup: the file as it is now
    becomes the reference, so the warning is not repeated forever."""
    reset_state(db_path)


# --- the last failed automatic backup -------------------------------------------------------------


@dataclass(frozen=True)
class BackupFailure:
    at: datetime
    reason: str
    problem: str  # the clerk's words (Vietnamese), as the backup error said it
    problem_en: str

    def as_message(self) -> Msg:
        problem = _Said(self.problem, self.problem_en or self.problem)
        return msg("health.backup_failed", at=self.at.time(), on=self.at.date(),
                   problem=problem)  # fmt: skip


class _Said(LocalizedStr):
    """A sentence kept in both languages (the backup error, as it was said when it happened)."""

    english: str

    def __new__(cls, vi: str, en: str) -> _Said:
        said = super().__new__(cls, vi)
        said.english = en
        return said

    def text(self, lang: str = "vi") -> str:
        return self.english if lang == "en" else str.__str__(self)


def record_backup_failure(db_path: Path, reason: str, exc: BaseException) -> None:
    from desktop_app.core.errors import SongMayError

    if isinstance(exc, SongMayError):
        vi, en = exc.text("vi"), exc.text("en")
    elif is_disk_full(exc):
        vi, en = msg("store.disk_full").text("vi"), msg("store.disk_full").text("en")
    else:
        vi, en = (msg("health.backup_failed.unknown").text(lang) for lang in ("vi", "en"))
    data = {"at": datetime.now().isoformat(timespec="seconds"), "reason": reason,
            "problem": vi, "problem_en": en}  # fmt: skip
    try:
        _write_json(backup_failed_path(db_path), data)
    except OSError as failure:  # the disk is full: the window still has the error in memory
        _log().warning("backup failure not recorded: %s", failure)


def clear_backup_failure(db_path: Path) -> None:
    with contextlib.suppress(OSError):
        backup_failed_path(db_path).unlink(missing_ok=True)


def last_backup_failure(db_path: Path) -> BackupFailure | None:
    data = _read_json(backup_failed_path(db_path))
    if data is None:
        return None
    try:
        at = datetime.fromisoformat(str(data["at"]))
    except (KeyError, ValueError):
        at = datetime.now()
    return BackupFailure(at, str(data.get("reason", "")), str(data.get("problem", "")),
                         str(data.get("problem_en", "")))  # fmt: skip
