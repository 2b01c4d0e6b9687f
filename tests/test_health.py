"""The one health check (safekeeping.health) through the command line: damaged, emptied, cut
short and missing databases, and a -wal whose committed changes cannot be replayed, each refused
with exit 2 and the exact restore command; a full disk said as such; the state file and the
record of a failed automatic backup."""

from __future__ import annotations

import contextlib
import errno
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from builders import fill_needs_and_devices
from health_faults import (
    flip_page,
    flip_wal,
    import_then_crash,
    needs_file,
    school_with_backup,
    truncate_wal,
)
from test_cli import songmay

from desktop_app.core.errors import StoreError
from desktop_app.core.safekeeping import backups, health
from desktop_app.core.store import driver
from desktop_app.core.store.database import connect_keyed, open_database, write_transaction

_RAW = re.compile(r"malformed|sqlite|not a database|disk I/O|Traceback|quick_check|\*\*\*", re.I)


class _NoRawText:
    """SQLite's own words, outside the file names the message quotes."""

    def search(self, text: str) -> re.Match[str] | None:
        return _RAW.search(re.sub(r"\S+\.sqlite3", "FILE", text))


RAW_SQLITE = _NoRawText()


@pytest.fixture
def school(db, tmp_path: Path) -> Path:
    return school_with_backup(db, tmp_path)


def _empty(path: Path) -> None:
    os.truncate(path, 0)


def _missing(path: Path) -> None:
    path.unlink()


def _truncated(path: Path) -> None:
    os.truncate(path, path.stat().st_size - 5000)


def _truncated_at_a_page(path: Path) -> None:
    os.truncate(path, path.stat().st_size - 2 * 16384)


def _page_flipped(path: Path) -> None:
    flip_page(path, 3)


def _first_page_flipped(path: Path) -> None:
    flip_page(path, 1)


def _wal_truncated(path: Path) -> None:
    import_then_crash(path, needs_file(path.parent, 10, 20))
    truncate_wal(path)


def _wal_flipped(path: Path) -> None:
    import_then_crash(path, needs_file(path.parent, 10, 20))
    flip_wal(path)


FAULTS: dict[str, Callable[[Path], None]] = {
    "empty": _empty, "missing": _missing, "truncated": _truncated,
    "truncated_at_a_page": _truncated_at_a_page, "page_flipped": _page_flipped,
    "first_page_flipped": _first_page_flipped, "wal_truncated": _wal_truncated,
    "wal_flipped": _wal_flipped,
}  # fmt: skip
WHAT = {
    "empty": "tệp rỗng (0 byte)", "missing": "tệp không còn nữa", "truncated": "bị cắt cụt",
    "truncated_at_a_page": "tệp bị hỏng", "page_flipped": "tệp bị hỏng",
    "first_page_flipped": "trang đầu của tệp bị hỏng", "wal_truncated": "40 thay đổi gần nhất",
    "wal_flipped": "40 thay đổi gần nhất",
}  # fmt: skip


@pytest.mark.parametrize("fault", FAULTS)
def test_every_command_refuses_a_damaged_database_with_the_restore_command(school, fault):
    FAULTS[fault](school)
    good = health.check_health(school).newest_good
    assert good is not None
    for command in (("info",), ("export", "needs", school.parent / "out.xlsx")):
        done = songmay(*command, db=school)
        assert done.returncode == 2, done.stdout + done.stderr
        assert f"restore {good.path}" in done.stderr and f"--db {school}" in done.stderr
        assert WHAT[fault] in done.stderr and str(school) in done.stderr
        assert not RAW_SQLITE.search(done.stderr), done.stderr
        assert done.stdout == ""
    assert not (school.parent / "out.xlsx").exists()
    if fault in ("empty", "missing"):  # no new school was made over the old one
        assert not school.exists() or school.stat().st_size == 0
    # The command it names brings the school back.
    restored = songmay("restore", good.path, db=school)
    assert restored.returncode == 0, restored.stderr
    info = songmay("info", db=school)
    assert info.returncode == 0 and "3" in info.stdout, info.stderr


def test_the_wal_fault_really_lost_the_committed_import(school):
    """The fault lands: without the state file, the file opens 'fine' with the import gone."""
    _wal_flipped(school)
    with contextlib.closing(connect_keyed(school)) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 3
    verdict = health.check_health(school)
    assert verdict.kind == "changes_lost"


def test_sync_export_package_refuses_a_damaged_database(school):
    _page_flipped(school)
    out = school.parent / "package.zip"
    done = songmay("sync", "export-package", out, db=school)
    assert done.returncode == 2 and "songmay --db" in done.stderr and not out.exists()
    assert not RAW_SQLITE.search(done.stderr)


def test_a_new_database_is_still_a_first_run(tmp_path):
    path = tmp_path / "new.sqlite3"
    assert health.check_health(path).kind == "new"
    done = songmay("info", db=path)
    assert done.returncode == 0, done.stderr


def test_an_empty_file_without_any_sign_of_data_is_a_first_run(tmp_path):
    path = tmp_path / "new.sqlite3"
    path.touch()
    assert health.check_health(path).kind == "new"


def test_the_state_file_follows_each_write_transaction_privately(db, tmp_path):
    path = tmp_path / "school.sqlite3"
    state = health.state_path(path)
    seq = health.journal_seq(db.conn)
    assert seq > 0 and health._read_json(state) is not None
    assert health._read_json(state)["seq"] == seq
    assert state.stat().st_mode & 0o777 == 0o600
    fill_needs_and_devices(db, tmp_path, count=2)
    assert health._read_json(state)["seq"] == health.journal_seq(db.conn) > seq


def test_changes_lost_without_a_backup_is_said_once_then_accepted(school):
    _wal_flipped(school)
    for found in backups.list_backups(school):
        found.path.unlink()
    done = songmay("info", db=school)
    assert done.returncode == 0 and "40 thay đổi gần nhất" in done.stderr
    again = songmay("info", db=school)
    assert again.returncode == 0 and again.stderr == ""


# --- a full disk ----------------------------------------------------------------------------------


def test_a_full_disk_is_said_as_such_from_real_failures(tmp_path):
    with pytest.raises(OSError) as no_space, Path("/dev/full").open("wb") as full:
        full.write(b"x" * 65536)
        full.flush()
    assert no_space.value.errno == errno.ENOSPC and health.is_disk_full(no_space.value)
    db = open_database(tmp_path / "small.sqlite3")
    db.execute("PRAGMA max_page_count = 8")  # SQLite's own SQLITE_FULL at the next write
    with pytest.raises(StoreError) as full_db, write_transaction(db):
        db.execute("CREATE TABLE filler (x BLOB)")
        for _ in range(20):
            db.execute("INSERT INTO filler VALUES (zeroblob(16000))")
    assert full_db.value.code == "disk_full" and health.is_disk_full(full_db.value)
    assert "Ổ đĩa" in full_db.value.message and "đầy" in full_db.value.message
    db.close()
    failure = backups.explain_failure(no_space.value, "make")
    assert failure.code == "disk_full" and "Ổ đĩa đã đầy" in failure.message
    bad = driver.DatabaseError("database disk image is malformed")
    assert not health.is_disk_full(bad)


def test_a_drive_without_a_free_byte_is_disk_full_not_damaged(school, monkeypatch):
    import shutil as real_shutil
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(real_shutil, "disk_usage", lambda _p: usage(100, 100, 0))
    verdict = health.check_health(school)
    assert verdict.kind == "disk_full"
    assert verdict.message().startswith("Ổ đĩa đầy") and "hỏng" in verdict.message()
    assert "không bị hỏng" in verdict.message()


# --- the failed automatic backup ------------------------------------------------------------------


def test_a_failed_automatic_backup_is_kept_until_one_succeeds(school):
    folder = backups.backups_dir(school)
    kept = folder.with_name("kept")
    folder.rename(kept)
    folder.write_bytes(b"")  # a file where the folder should be: the OS refuses for real
    with pytest.raises(backups.BackupError):
        backups.backup_if_due(school, now=backups.datetime(2099, 1, 1))
    folder.unlink()
    kept.rename(folder)
    failure = health.last_backup_failure(school)
    assert failure is not None and failure.reason == "daily"
    text = failure.as_message().text("vi")
    assert text.startswith("Sao lưu tự động không thành công") and text.endswith("thử lại")
    assert "The automatic backup failed" in failure.as_message().text("en")
    backups.make_backup(school, "manual")
    assert health.last_backup_failure(school) is None
