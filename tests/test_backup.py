"""Safe keeping of the local database: backups (consistent under writes, checked, kept N),
restores (checked, atomic, the current data saved first), the encrypted USB copy, the start-up
check, disk full, one window per database, and refusing network and removable drives."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import shutil
import subprocess
import sys
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path
from unittest import mock

import pytest
from builders import fill_needs_and_devices, write_large_needs_file
from sqlite_utils import Database

from desktop_app.core.errors import StoreError
from desktop_app.core.importing.service import ImportOptions, import_file
from desktop_app.core.paths import backups_dir
from desktop_app.core.safekeeping import backups, drives, encrypted, restore
from desktop_app.core.safekeeping.backups import BackupError
from desktop_app.core.safekeeping.drives import DriveKind
from desktop_app.core.safekeeping.health import check_health
from desktop_app.core.safekeeping.instance import AlreadyRunning, InstanceLock, lock_holder
from desktop_app.core.store import schema
from desktop_app.core.store.database import connect_keyed, open_database

FAST_KDF = 10  # scrypt N = 2**10: the format and the checks are the same, the test is quick
PASSPHRASE = "Trường Ea Tu 2024"


def count(path: Path, table: str) -> int:
    with contextlib.closing(connect_keyed(path)) as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def integrity(path: Path) -> str:
    with contextlib.closing(connect_keyed(path)) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def corrupt(path: Path, table: str = "students") -> None:
    """Overwrite the table's root page with garbage: the header is fine, the tree is not."""
    with contextlib.closing(connect_keyed(path)) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()
        size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    with path.open("r+b") as handle:
        handle.seek((root[0] - 1) * size)
        handle.write(b"\xa5" * size)


@pytest.fixture
def school(db: Database, tmp_path: Path) -> Path:
    """A closed database file with 3 students, needs and devices (imported for real), and no
    backups yet (the imports' own are removed)."""
    fill_needs_and_devices(db, tmp_path, count=3)
    db.close()
    path = tmp_path / "school.sqlite3"
    shutil.rmtree(backups_dir(path))
    return path


# --- making backups ------------------------------------------------------------------------------


def test_a_backup_is_a_checked_single_file_named_by_time_and_reason(school):
    made = backups.make_backup(school, "manual", now=datetime(2024, 3, 5, 14, 7, 9))
    assert made == backups_dir(school) / "songmay-20240305-140709-manual.sqlite3"
    assert integrity(made) == "ok" and count(made, "students") == 3
    assert not Path(f"{made}-wal").exists()  # rollback journal mode: one self-contained file
    with contextlib.closing(connect_keyed(made)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not [p for p in made.parent.iterdir() if p.name.endswith(".tmp")]
    (info,) = [i for i in backups.list_backups(school) if i.reason == "manual"]
    assert (info.path, info.created, info.students, info.handovers) == (
        made, datetime(2024, 3, 5, 14, 7, 9), 3, 0)  # fmt: skip
    assert info.size == made.stat().st_size and info.reason_label == "Sao lưu thủ công"


def test_two_backups_in_the_same_second_both_stay(school):
    when = datetime(2024, 3, 5, 14, 7, 9)
    first = backups.make_backup(school, "manual", now=when)
    second = backups.make_backup(school, "manual", now=when)
    assert first != second and first.exists() and second.exists()
    assert [i.path for i in backups.list_backups(school) if i.created == when] == [second, first]


def test_pruning_within_one_second_keeps_the_newest_backups(school):
    # Pruning frees the first name of a second; a later backup must still sort as the newest.
    when = datetime(2024, 3, 5, 14, 7, 9)
    made = [backups.make_backup(school, reason, keep=2, now=when)
            for reason in ("manual", "daily", "manual", "before-import")]  # fmt: skip
    assert [i.path for i in backups.list_backups(school)] == [made[3], made[2]]


WRITER = """
import os, sys
from desktop_app.core.store.database import connect_keyed
conn = connect_keyed(sys.argv[1], isolation_level=None, timeout=30)
conn.execute("PRAGMA busy_timeout=30000")
n = 0
print("ready", flush=True)
while not os.path.exists(sys.argv[2]) and n < 200000:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO a VALUES (?, randomblob(3000))", (n,))
    conn.execute("INSERT INTO b VALUES (?)", (n,))
    conn.execute("COMMIT")
    n += 1
print(n, flush=True)
"""


def test_backups_taken_while_another_process_writes_are_sound_consistent_snapshots(
    db, tmp_path, monkeypatch
):
    path = tmp_path / "school.sqlite3"
    db.execute("CREATE TABLE a (n INTEGER, pad BLOB)")
    db.execute("CREATE TABLE b (n INTEGER)")
    db.conn.executemany("INSERT INTO a VALUES (?, randomblob(3000))", [(-i,) for i in range(800)])
    db.conn.executemany("INSERT INTO b VALUES (?)", [(-i,) for i in range(800)])
    db.conn.commit()
    monkeypatch.setattr(backups, "PAGES_PER_STEP", 16)  # ~60 steps per copy
    stop = tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(stop)],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        seen = []
        for second in range(5):
            made = backups.make_backup(path, "manual", now=datetime(2024, 1, 1, 10, 0, second))
            assert integrity(made) == "ok"
            with contextlib.closing(connect_keyed(made)) as conn:
                a, b = conn.execute("SELECT (SELECT COUNT(*) FROM a), (SELECT COUNT(*) FROM b)"
                                    ).fetchone()  # fmt: skip
            assert a == b  # every transaction of the writer is in the copy whole, or not at all
            seen.append(a)
    finally:
        stop.touch()
        out, _err = writer.communicate(timeout=60)
    assert int(out.split()[-1]) > 0
    assert seen == sorted(seen) and seen[-1] > seen[0]  # the writer went on between the copies


def test_only_the_last_n_backups_are_kept_and_other_files_are_never_touched(school):
    folder = backups_dir(school)
    backups.save_keep(folder, 3)
    (folder / "notes.txt").write_text("mine")
    damaged = folder / "damaged-20240101-000000-school.sqlite3"
    damaged.write_bytes(b"x")
    days = [datetime(2024, 1, 1) + timedelta(days=d) for d in range(5)]
    for day in days:
        backups.make_backup(school, "daily", now=day)
    assert [i.created for i in backups.list_backups(school)] == days[:1:-1]
    assert (folder / "notes.txt").exists() and damaged.exists()
    backups.save_keep(folder, 1)
    odd_clock = datetime(2023, 1, 1)  # the PC's clock went back: the new one is still newest
    backups.make_backup(school, "manual", now=odd_clock)
    assert [i.created for i in backups.list_backups(school)] == [odd_clock]


def test_the_keep_setting_is_checked_and_a_bad_file_means_the_default(tmp_path):
    with pytest.raises(BackupError) as refused:
        backups.save_keep(tmp_path, 0)
    assert refused.value.code == "bad_setting"
    (tmp_path / backups.SETTINGS_FILE).write_text("{not json")
    assert backups.load_keep(tmp_path) == backups.DEFAULT_KEEP == 10


def test_the_daily_backup_is_made_once_a_day(school):
    monday = datetime(2024, 4, 1, 7, 30)
    first = backups.backup_if_due(school, now=monday)
    assert first is not None and first.name.endswith("-daily.sqlite3")
    assert backups.backup_if_due(school, now=monday + timedelta(hours=9)) is None
    assert backups.backup_if_due(school, now=monday + timedelta(days=1)) is not None
    assert backups.backup_if_due(school.with_name("missing.sqlite3"), now=monday) is None


def test_an_import_is_preceded_by_a_backup_but_a_dry_run_is_not(db, tmp_path):
    path = tmp_path / "school.sqlite3"
    source = write_large_needs_file(tmp_path / "needs.xlsx", 5, date.today())
    dry = import_file(db, "needs", source, ImportOptions(dry_run=True))
    assert dry.exit_code == 0 and backups.list_backups(path) == []
    report = import_file(db, "needs", source)
    assert report.rows_imported == 5
    (before,) = backups.list_backups(path)
    assert before.reason == "before-import" and before.students == 0  # the state before it


def test_a_migration_of_an_existing_file_is_preceded_by_a_backup_of_the_old_file(tmp_path):
    new = tmp_path / "new.sqlite3"
    open_database(new).close()
    open_database(new).close()
    assert backups.list_backups(new) == []  # a new file, then nothing pending: no backup

    old_path = tmp_path / "old.sqlite3"
    old = Database(old_path)
    schema.migrations.apply(old, stop_before="003_sync_state")
    old.close()
    open_database(old_path).close()
    # the earlier version's plaintext file: encrypted first (checked copy kept), then migrated
    info, encrypted = backups.list_backups(old_path)
    assert (info.reason, encrypted.reason) == ("before-migration", "before-encryption")
    with contextlib.closing(connect_keyed(info.path)) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "students" in tables and "sync_state" not in tables  # the old schema, as it was
    open_database(old_path).close()
    assert len(backups.list_backups(old_path)) == 2


# --- restoring -----------------------------------------------------------------------------------


def test_restore_puts_the_backup_back_and_keeps_what_was_there_before(school, tmp_path):
    saved = backups.make_backup(school, "manual", now=datetime(2024, 1, 1))
    db = open_database(school)
    db.execute("UPDATE students SET full_name = 'Đã đổi'")
    db.conn.commit()
    db.close()

    result = restore.restore_backup(school, saved)
    assert result.restored_from == saved and not result.previous_damaged
    assert result.previous is not None and result.previous.name.endswith("-before-restore.sqlite3")
    db = open_database(school)
    names = {row[0] for row in db.execute("SELECT full_name FROM students")}
    assert "Đã đổi" not in names and len(names) == 3
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    with contextlib.closing(connect_keyed(result.previous)) as conn:
        assert {r[0] for r in conn.execute("SELECT full_name FROM students")} == {"Đã đổi"}
    assert saved.exists()  # restoring from a backup never deletes it
    assert not [p for p in school.parent.iterdir() if p.name.endswith(".restore")]


def test_a_wal_left_by_a_crash_goes_into_the_saved_copy_never_into_the_restored_file(
    school, tmp_path
):
    saved = backups.make_backup(school, "manual")
    crashed = tmp_path / "crashed.sqlite3"
    db = open_database(school)
    db.conn.execute("PRAGMA wal_autocheckpoint=0")  # the change stays in the -wal
    db.execute("DELETE FROM needs")
    db.conn.commit()
    for suffix in ("", "-wal"):  # the files as a power cut would leave them
        Path(f"{crashed}{suffix}").write_bytes(Path(f"{school}{suffix}").read_bytes())
    db.close()
    assert Path(f"{crashed}-wal").stat().st_size > 0

    result = restore.restore_backup(crashed, saved)
    assert not Path(f"{crashed}-wal").exists() and not Path(f"{crashed}-shm").exists()
    assert count(crashed, "needs") == 3 and integrity(crashed) == "ok"
    assert result.previous is not None and count(result.previous, "needs") == 0


def test_a_damaged_backup_is_refused_and_nothing_changes(school):
    saved = backups.make_backup(school, "manual")
    corrupt(saved)
    before = digest(school)
    with pytest.raises(BackupError) as refused:
        restore.restore_backup(school, saved)
    assert refused.value.code == "backup_damaged"
    assert "bị hỏng" in refused.value.message and "không thay đổi" in refused.value.message
    assert digest(school) == before
    assert [i.reason for i in backups.list_backups(school)] == ["manual"]


def test_a_file_that_is_not_a_backup_of_this_app_is_refused(school, tmp_path):
    other = tmp_path / "other.sqlite3"
    with contextlib.closing(connect_keyed(other)) as conn:
        conn.execute("CREATE TABLE x (y)")
    with pytest.raises(BackupError) as refused:
        restore.restore_backup(school, other)
    assert refused.value.code == "not_a_backup"


def test_replacing_the_file_is_refused_while_another_connection_has_it_open(school):
    saved = backups.make_backup(school, "manual")
    other = open_database(school)
    try:
        with pytest.raises(BackupError) as refused:
            restore.restore_backup(school, saved)
        assert refused.value.code == "in_use"
        assert other.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 3
        assert [i.reason for i in backups.list_backups(school)] == ["manual"]
    finally:
        other.close()


def test_a_live_restore_is_seen_by_the_connection_the_window_keeps_open(school):
    saved = backups.make_backup(school, "manual")
    window = open_database(school)
    window.execute("DELETE FROM needs")
    window.conn.commit()
    result = restore.restore_backup(school, saved, live=True)
    assert window.execute("SELECT COUNT(*) FROM needs").fetchone()[0] == 3
    assert window.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert window.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert result.previous is not None and count(result.previous, "needs") == 0
    window.close()


def test_a_live_restore_of_an_older_version_brings_the_schema_up_to_date(tmp_path):
    old_path = tmp_path / "old.sqlite3"
    old = Database(old_path)
    schema.migrations.apply(old, stop_before="003_sync_state")
    old.close()
    current = tmp_path / "school.sqlite3"
    window = open_database(current)
    restore.restore_backup(current, old_path, live=True)
    assert window.execute("SELECT COUNT(*) FROM sync_state").fetchone()[0] == 1
    window.close()


# --- the start-up check --------------------------------------------------------------------------


def test_quick_check_finds_a_damaged_file_and_the_newest_good_backup(school):
    older = backups.make_backup(school, "daily", now=datetime(2024, 1, 1))
    newest = backups.make_backup(school, "daily", now=datetime(2024, 1, 2))
    assert check_health(school).ok
    corrupt(newest)  # a backup damaged on disk later is passed over
    corrupt(school)
    health = check_health(school)
    assert not health.ok and health.newest_good is not None
    assert health.newest_good.path == older
    assert health.message().startswith(f"Không mở được tệp dữ liệu {school}: tệp bị hỏng")
    assert "01/01/2024" in health.message()

    result = restore.restore_backup(school, health.newest_good.path)
    assert result.previous_damaged and result.previous is not None
    assert result.previous.name.startswith("damaged-")  # kept as it was, for support
    assert check_health(school).ok and count(school, "students") == 3


def test_a_file_that_is_not_sqlite_at_all_fails_the_check_without_a_backup(tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not SQLite" * 100)
    health = check_health(bad)
    assert not health.ok and health.newest_good is None
    assert "Không có bản sao lưu tốt" in health.message()
    assert check_health(tmp_path / "new.sqlite3").ok  # a new file will be created


# --- disk full -----------------------------------------------------------------------------------


def test_disk_full_during_an_import_says_so_changes_nothing_and_the_retry_works(db, tmp_path):
    source = write_large_needs_file(tmp_path / "needs.xlsx", 300, date.today())
    outbox = db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 3}")  # the disk is full a few pages on
    with pytest.raises(StoreError) as full:
        import_file(db, "needs", source)
    assert full.value.code == "disk_full"
    assert full.value.message.startswith("Ổ đĩa đã đầy nên không lưu được; dữ liệu vẫn như")
    assert db.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == outbox
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not db.conn.in_transaction

    db.execute("PRAGMA max_page_count = 1073741823")  # space freed
    report = import_file(db, "needs", source)
    assert report.rows_imported == 300
    assert db.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 300


def test_a_full_disk_while_backing_up_leaves_no_half_backup_and_says_so(school, monkeypatch):
    def fill_the_disk(source: Path, target: Path, **_kwargs: object) -> None:
        target.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)  # half-written
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(backups, "copy_database",
                        mock.create_autospec(backups.copy_database, side_effect=fill_the_disk))  # fmt: skip
    with pytest.raises(BackupError) as full:
        backups.make_backup(school, "manual")
    assert full.value.code == "disk_full" and full.value.message.startswith("Ổ đĩa đã đầy")
    assert list(backups_dir(school).iterdir()) == []
    monkeypatch.undo()
    assert backups.make_backup(school, "manual").exists()  # space freed: the retry works


# --- the encrypted copy ------------------------------------------------------------------------


@pytest.fixture
def exported(school, tmp_path) -> Path:
    return encrypted.export_encrypted(school, tmp_path / "usb" / "school.smbk", PASSPHRASE,
                                      log2_n=FAST_KDF)  # fmt: skip


def test_the_encrypted_copy_restores_on_another_pc_with_the_passphrase(exported, tmp_path):
    data = exported.read_bytes()
    assert data.startswith(encrypted.MAGIC) and b"students" not in data  # nothing readable
    other_pc = tmp_path / "pc2" / "songmay.sqlite3"
    result = encrypted.restore_encrypted(other_pc, exported, PASSPHRASE)
    assert result.restored_from == exported and result.previous is None
    assert count(other_pc, "students") == 3 and integrity(other_pc) == "ok"
    assert not [p for p in backups_dir(other_pc).iterdir() if p.name.startswith(".songmay-")]


def test_the_passphrase_typed_in_another_unicode_form_still_opens_the_copy(exported, tmp_path):
    decomposed = unicodedata.normalize("NFD", PASSPHRASE)
    assert decomposed != PASSPHRASE
    encrypted.decrypt_file(exported, None, decomposed)


def test_a_wrong_passphrase_is_refused_clearly_and_nothing_changes(exported, school):
    before = digest(school)
    listed = backups.list_backups(school)
    with pytest.raises(BackupError) as refused:
        encrypted.restore_encrypted(school, exported, "trường ea tu 2024")
    assert refused.value.code == "wrong_passphrase"
    assert refused.value.message.startswith("Mật khẩu không đúng")
    assert digest(school) == before and backups.list_backups(school) == listed


@pytest.mark.parametrize(
    ("where", "code"),
    [(-5, "file_tampered"),  # a byte of the last chunk's tag
     (encrypted.HEADER_SIZE + 10, "file_tampered"),  # a byte of the data
     (18, "file_tampered"),  # the chunk size in the header
     (40, "file_tampered"),  # the nonce prefix in the header
     (30, "wrong_passphrase")],  # the salt: another key
)  # fmt: skip
def test_a_changed_file_is_refused_and_nothing_changes(exported, school, where, code):
    data = bytearray(exported.read_bytes())
    data[where] ^= 0x01
    exported.write_bytes(bytes(data))
    before = digest(school)
    with pytest.raises(BackupError) as refused:
        encrypted.restore_encrypted(school, exported, PASSPHRASE)
    assert refused.value.code == code
    assert digest(school) == before


def test_a_cut_short_or_reordered_copy_is_refused(school, tmp_path, monkeypatch):
    monkeypatch.setattr(encrypted, "CHUNK_SIZE", 4096)  # several chunks for a small database
    out = encrypted.export_encrypted(school, tmp_path / "x.smbk", PASSPHRASE, log2_n=FAST_KDF)
    data = out.read_bytes()
    block = 4096 + encrypted.TAG_SIZE
    header, body = data[: encrypted.HEADER_SIZE], data[encrypted.HEADER_SIZE :]
    chunks = [body[i : i + block] for i in range(0, len(body), block)]
    assert len(chunks) > 3
    for variant in (header + b"".join(chunks[:-1]),  # the last chunk dropped
                    header + b"".join([chunks[1], chunks[0], *chunks[2:]])):  # fmt: skip
        out.write_bytes(variant)
        with pytest.raises(BackupError) as refused:
            encrypted.decrypt_file(out, None, PASSPHRASE)
        assert refused.value.code == "file_tampered"


def test_a_short_passphrase_is_refused_before_anything_is_written(school, tmp_path):
    with pytest.raises(BackupError) as refused:
        encrypted.export_encrypted(school, tmp_path / "x.smbk", "1234567")
    assert refused.value.code == "weak_passphrase" and not (tmp_path / "x.smbk").exists()


# --- one window per database -------------------------------------------------------------------

HOLDER = """
import sys
from pathlib import Path
from desktop_app.core.safekeeping.instance import InstanceLock
InstanceLock(Path(sys.argv[1])).acquire()
print("held", flush=True)
sys.stdin.read()
"""


def hold_lock(path: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    return child


def test_a_second_instance_is_refused_naming_the_first_until_it_ends(tmp_path):
    path = tmp_path / "school.sqlite3"
    child = hold_lock(path)
    try:
        with pytest.raises(AlreadyRunning) as refused:
            InstanceLock(path).acquire()
        assert refused.value.holder.pid == child.pid
        assert f"mã tiến trình {child.pid}" in refused.value.message
        assert lock_holder(path) == refused.value.holder
    finally:
        child.kill()  # even a crash releases the lock
        child.wait()
    assert lock_holder(path) is None
    with InstanceLock(path) as lock:
        assert lock.held
    assert lock_holder(path) is None


# --- network shares and removable drives -------------------------------------------------------

MOUNTS = """\
/dev/sda2 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
server:/export/school /mnt/nfs nfs4 rw,vers=4.2 0 0
//nas/truong /mnt/nas cifs rw,vers=3.0 0 0
thay@may:/home/thay /home/u/remote fuse.sshfs rw 0 0
/dev/sdb1 /media/u/USB\\040KINGSTON vfat rw 0 0
/dev/sda3 /mnt/nfs/local ext4 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/home/u/songmay.sqlite3", DriveKind.LOCAL),
     ("/mnt/nfs/songmay.sqlite3", DriveKind.NETWORK),
     ("/mnt/nfsx/songmay.sqlite3", DriveKind.LOCAL),  # a prefix of the name is not a mount
     ("/mnt/nas/a/b.sqlite3", DriveKind.NETWORK),
     ("/home/u/remote/songmay.sqlite3", DriveKind.NETWORK),
     ("/mnt/nfs/local/songmay.sqlite3", DriveKind.LOCAL),  # a local disk mounted inside
     ("/media/u/USB KINGSTON/songmay.sqlite3", DriveKind.REMOVABLE)],
)  # fmt: skip
def test_linux_mounts_tell_network_removable_and_local_drives(tmp_path, path, kind):
    sys_root = tmp_path / "sys"
    (sys_root / "class" / "block").mkdir(parents=True)
    for disk, removable, partitions in (("sda", "0", ("sda2", "sda3")), ("sdb", "1", ("sdb1",))):
        (sys_root / "block" / disk).mkdir(parents=True)
        (sys_root / "block" / disk / "removable").write_text(removable + "\n")
        for part in partitions:
            (sys_root / "block" / disk / part).mkdir()
            (sys_root / "block" / disk / part / "partition").write_text("1")
            (sys_root / "class" / "block" / part).symlink_to(sys_root / "block" / disk / part)
    assert drives.linux_drive_kind(path, MOUNTS, sys_root) is kind


def test_a_usb_hard_disk_counts_as_removable_even_when_it_says_it_is_not(tmp_path):
    sys_root = tmp_path / "sys"
    usb_disk = sys_root / "devices" / "pci0000:00" / "usb2" / "2-1" / "block" / "sdc"
    usb_disk.mkdir(parents=True)
    (usb_disk / "removable").write_text("0\n")
    (sys_root / "block").mkdir()
    (sys_root / "block" / "sdc").symlink_to(usb_disk)
    (sys_root / "class" / "block").mkdir(parents=True)
    mounts = "/dev/sdc /media/u/backup ext4 rw 0 0\n"
    assert drives.linux_drive_kind("/media/u/backup/x", mounts, sys_root) is DriveKind.REMOVABLE


@pytest.mark.parametrize(
    ("path", "drive_type", "kind"),
    [(r"\\server\share\songmay.sqlite3", 3, DriveKind.NETWORK),
     ("//server/share/songmay.sqlite3", 3, DriveKind.NETWORK),
     (r"\\?\UNC\server\share\songmay.sqlite3", 3, DriveKind.NETWORK),
     (r"C:\Users\thu\AppData\Local\SongMay\songmay.sqlite3", 3, DriveKind.LOCAL),  # DRIVE_FIXED
     (r"\\?\C:\data\songmay.sqlite3", 3, DriveKind.LOCAL),
     (r"Z:\truong\songmay.sqlite3", drives.DRIVE_REMOTE, DriveKind.NETWORK),  # a mapped share
     (r"E:\songmay.sqlite3", drives.DRIVE_REMOVABLE, DriveKind.REMOVABLE)],
)  # fmt: skip
def test_windows_paths_and_drive_types(path, drive_type, kind):
    asked: list[str] = []

    def get_drive_type(root: str) -> int:
        asked.append(root)
        return drive_type

    assert drives.windows_drive_kind(path, get_drive_type) is kind
    assert all(len(root) == 3 and root.endswith(":\\") for root in asked)


@pytest.mark.parametrize(
    ("kind", "code", "words"),
    [(DriveKind.NETWORK, "network_drive", "ổ mạng"),
     (DriveKind.REMOVABLE, "removable_drive", "ổ đĩa rời")],
)  # fmt: skip
def test_open_database_refuses_a_network_or_removable_drive_and_says_why(
    tmp_path, monkeypatch, kind, code, words
):
    monkeypatch.setattr(drives, "drive_kind",
                        mock.create_autospec(drives.drive_kind, return_value=kind))  # fmt: skip
    target = tmp_path / "songmay.sqlite3"
    with pytest.raises(StoreError) as refused:
        open_database(target)
    assert refused.value.code == code
    assert words in refused.value.message and "chép tệp vào ổ đĩa của máy tính" in (
        refused.value.message)  # fmt: skip
    assert not target.exists()


def test_this_machines_temporary_folder_is_a_local_drive(tmp_path):
    if sys.platform == "darwin":
        pytest.skip("macOS is not checked")
    assert drives.drive_kind(tmp_path / "new" / "songmay.sqlite3") is DriveKind.LOCAL
