"""Files private to the user: on POSIX every file the application writes is 0600 and every folder
it creates 0700, whatever the umask; leftovers of interrupted work are removed at start-up."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_minutes import build_handovers

from desktop_app.core import paths
from desktop_app.core.files import atomic_path, private_folder
from desktop_app.core.importing.export import export_file
from desktop_app.core.importing.report import write_error_report
from desktop_app.core.importing.service import import_file
from desktop_app.core.minutes import handover_minutes
from desktop_app.core.reports import REPORTS
from desktop_app.core.safekeeping.backups import make_backup, save_keep, write_copy
from desktop_app.core.safekeeping.encrypted import export_encrypted, restore_encrypted
from desktop_app.core.safekeeping.instance import InstanceLock
from desktop_app.core.safekeeping.leftovers import (
    remove_leftovers,
    work_in_progress,
    work_lock_path,
)
from desktop_app.core.school import save_school
from desktop_app.core.store.database import open_database
from sync.keys import accept_server_key
from sync.package import export_package
from sync.sealing import encode_key

pytestmark = pytest.mark.skipif(
    os.name != "posix",
    reason="Windows keeps the data in the user's own profile folders (their ACLs keep other "
    "accounts out); POSIX modes do not apply there",
)

PASSPHRASE = "ba con mèo trèo cây cau"


@pytest.fixture(params=[0o022, 0o000], ids=["umask022", "umask000"])
def umask(request: Any) -> Iterator[int]:
    """A permissive umask for the test, the old one back afterwards."""
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The application's own data folder, under the test's folder (platformdirs reads
    XDG_DATA_HOME)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("SONGMAY_DB", raising=False)
    assert paths.data_dir().is_relative_to(tmp_path)
    return paths.data_dir()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def wrong_modes(root: Path) -> list[str]:
    """Every file under ``root`` that is not 0600 and every folder that is not 0700."""
    wrong = []
    for path in [root, *root.rglob("*")]:
        expected = 0o700 if path.is_dir() else 0o600
        if mode(path) != expected:
            wrong.append(f"{path.relative_to(root.parent)}: {mode(path):o}")
    return wrong


def test_a_whole_workflow_writes_0600_files_in_0700_folders(
    umask: int, data_home: Path, tmp_path: Path, qapp: Any
) -> None:
    from desktop_app.cli import _log_unexpected_error
    from desktop_app.printing import write_pdf
    from desktop_app.ui.common import errors

    db_path = paths.resolve_db_path(None)
    lock = InstanceLock(db_path)
    lock.acquire()
    logger = logging.getLogger("songmay")
    handlers = list(logger.handlers)
    try:
        log_file = errors.setup_logging()
        assert log_file is not None
        db = open_database(db_path)
        inbox = tmp_path / "inbox"  # the clerk's own files, read only
        inbox.mkdir()
        build_handovers(db, inbox)  # three imports through the real importer (and their backups)
        report = import_file(db, "needs", inbox / "needs.xlsx")
        errors.log.info("import done: %d rows", report.rows_read)
        wal = [Path(f"{db_path}-wal"), Path(f"{db_path}-shm")]
        assert all(p.is_file() for p in wal) and [mode(p) for p in wal] == [0o600, 0o600]

        documents = tmp_path / "Documents"  # a folder the clerk already has: only our files count
        documents.mkdir(mode=0o755)
        new_folder = documents / "Bàn giao 2026"  # a folder the application makes there
        mine = [
            documents / "needs.xlsx", documents / "errors.xlsx", documents / "summary.xlsx",
            new_folder / "minutes.pdf", documents / "copy.sqlite3", documents / "package.zip",
            documents / "copy.smay",
        ]  # fmt: skip
        export_file(db, "needs", mine[0])
        write_error_report(report, mine[1])
        REPORTS["summary"](db, mine[2])
        write_pdf(handover_minutes(db, all_students=True), mine[3])
        write_copy(db_path, mine[4])
        accept_server_key(db, {"public_key": encode_key(bytes(range(32)))}, source="test")
        export_package(db, mine[5], school_code="66001")
        make_backup(db_path, "manual")
        save_keep(paths.backups_dir(db_path), 12)
        export_encrypted(db_path, mine[6], PASSPHRASE)
        db.close()
        for handler in logger.handlers:  # the rotated log files stay private too
            if isinstance(handler, logging.handlers.RotatingFileHandler):
                handler.doRollover()
        errors.log.warning("after the rollover")
        try:
            raise RuntimeError("crash on the command line")
        except RuntimeError:
            assert _log_unexpected_error() == log_file
        restore_encrypted(db_path, mine[6], PASSPHRASE)
        open_database(db_path).close()
    finally:
        for handler in logger.handlers:
            if handler not in handlers:
                logger.removeHandler(handler)
                handler.close()
        lock.release()

    assert {"songmay.sqlite3", "backups", "logs"} <= {p.name for p in data_home.iterdir()}
    assert len(list((data_home / "backups").glob("songmay-*.sqlite3"))) >= 5
    assert (data_home / "logs" / "songmay.log.1").is_file()
    assert wrong_modes(data_home) == []
    assert {p: mode(p) for p in mine} == dict.fromkeys(mine, 0o600)
    assert mode(new_folder) == 0o700
    assert mode(documents) == 0o755  # the clerk's own folder is left as it was


def test_an_existing_0644_database_and_folders_are_made_private_when_opened(
    umask: int, data_home: Path
) -> None:
    data_home.mkdir(parents=True, mode=0o755)
    os.chmod(data_home, 0o755)
    db_path = paths.resolve_db_path(None)
    open_database(db_path).close()
    for path in (db_path, *data_home.iterdir()):
        if path.is_file():
            os.chmod(path, 0o644)  # as an earlier version left them
    os.chmod(data_home, 0o755)
    open_database(db_path).close()
    assert wrong_modes(data_home) == []


def test_private_folder_creates_every_missing_level_0700_and_leaves_existing_ones(
    umask: int, tmp_path: Path
) -> None:
    os.chmod(tmp_path, 0o755)
    private_folder(tmp_path / "a" / "b" / "c")
    assert [mode(tmp_path / p) for p in ("a", "a/b", "a/b/c")] == [0o700] * 3
    assert mode(tmp_path) == 0o755
    private_folder(tmp_path, own=True)
    assert mode(tmp_path) == 0o700


def test_a_file_a_library_writes_anew_under_the_temporary_name_is_still_0600(
    umask: int, tmp_path: Path
) -> None:
    target = tmp_path / "out.xlsx"
    with atomic_path(target) as temp:
        temp.unlink()
        temp.write_text("written by a library that replaces the file")
        assert mode(temp) == 0o666 & ~umask
    assert mode(target) == 0o600


# --- leftovers of interrupted work ----------------------------------------------------------------


def plant_leftovers(db_path: Path) -> tuple[list[Path], list[Path]]:
    """(leftovers, files that must stay): the names the interrupted jobs leave behind."""
    backups = paths.backups_dir(db_path)
    backups.mkdir(parents=True, exist_ok=True)
    leftovers = [
        db_path.with_name(f".{db_path.name}.k3j9x_q.restore"),  # a restore's copy
        db_path.with_name(f".{db_path.name}.k3j9x_q.restore-journal"),
        backups / ".songmay-20260105-101500-manual.sqlite3.a8b_x2.tmp",  # a partial backup
        backups / ".songmay-20260105-101500-manual.sqlite3.a8b_x2.tmp-journal",
        backups / ".songmay-u7q2m1zz.sqlite3",  # the plain snapshot of an encrypted copy
        backups / ".songmay-u7q2m1zz.sqlite3-journal",
        backups / ".songmay-p0o9i8u7.restore.sqlite3",  # a decrypted copy being restored
        backups / ".damaged-20260105-101500-songmay.sqlite3.zz1.tmp",
    ]
    for path in leftovers:
        path.write_bytes(b"SQLite format 3\x00 Nguy\xe1\xbb\x85n V\xc4\x83n An 079123456789")
    keep = [
        backups / "songmay-20260105-101500-manual.sqlite3",
        backups / "damaged-20260105-101500-songmay.sqlite3",
        backups / "backup-settings.json",
        db_path.with_name("ghi-chu.txt"),
        db_path.with_name(".other.sqlite3.k3j9x_q.restore"),  # another database's work
    ]
    for path in keep:
        path.write_bytes(b"kept")
    return leftovers, keep


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "songmay.sqlite3"
    db = open_database(path)
    save_school(db, {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THCS"})
    db.close()
    return path


def test_start_up_removes_the_leftovers_of_interrupted_work_and_nothing_else(
    db_path: Path,
) -> None:
    leftovers, keep = plant_leftovers(db_path)
    assert sorted(remove_leftovers(db_path)) == sorted(leftovers)
    assert [p for p in leftovers if p.exists()] == []
    assert all(p.read_bytes() == b"kept" for p in keep)
    assert remove_leftovers(db_path) == []


def test_nothing_is_removed_while_another_job_works_on_the_same_database(db_path: Path) -> None:
    leftovers, _keep = plant_leftovers(db_path)
    with work_in_progress(db_path):  # a backup running in another window or command
        assert remove_leftovers(db_path) == []
        assert all(p.exists() for p in leftovers)
    assert len(remove_leftovers(db_path)) == len(leftovers)
    assert mode(work_lock_path(db_path)) == 0o600


def test_a_backup_waits_for_no_one_and_keeps_its_own_temporary_file_from_the_cleaner(
    db_path: Path,
) -> None:
    """The lock is shared between jobs: two backups at once do not block each other."""
    with work_in_progress(db_path), work_in_progress(db_path):
        made = make_backup(db_path, "manual")
    assert made.is_file()


def test_every_command_removes_the_leftovers_first(db_path: Path) -> None:
    leftovers, keep = plant_leftovers(db_path)
    env = {**os.environ, "SONGMAY_DB": str(db_path)}
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "info"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [p for p in leftovers if p.exists()] == []
    assert all(p.exists() for p in keep)


def test_the_window_removes_the_leftovers_when_it_starts(db_path: Path, qtbot: Any) -> None:
    from desktop_app.ui.shell import app

    leftovers, _keep = plant_leftovers(db_path)
    window = app.start(db_path)
    assert window is not None
    qtbot.addWidget(window)
    window.db.close()
    assert [p for p in leftovers if p.exists()] == []


def test_a_usb_stick_without_posix_modes_still_gets_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Linux refuses a chmod on FAT/exFAT with EPERM: the export is written all the same, with
    the modes the stick's mount options give; any other failure is still raised."""
    import errno

    from desktop_app.core import files

    def fat_chmod(path: Any, mode: int) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted", str(path))

    monkeypatch.setattr(files.os, "chmod", fat_chmod)
    target = tmp_path / "usb" / "copy.xlsx"
    with atomic_path(target) as temp:
        temp.write_text("data")
    assert target.read_text() == "data"

    def broken_chmod(path: Any, mode: int) -> None:
        raise OSError(errno.EIO, "Input/output error", str(path))

    monkeypatch.setattr(files.os, "chmod", broken_chmod)
    with pytest.raises(OSError, match="Input/output"), atomic_path(tmp_path / "x.xlsx") as temp:
        temp.write_text("data")
