"""Backups ordered by the database's own history (the journal's last sequence, then the backup
counter kept in the database), never by the PC's clock; what each holds is shown; rotation never
throws away the bigger backup before a sharp drop (issue 15)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from desktop_app.core.paths import backups_dir
from desktop_app.core.safekeeping import backups, restore
from desktop_app.core.safekeeping.health import check_health
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import connect_keyed, open_database, write_transaction

REAL = datetime(2026, 3, 2, 8, 0)
AHEAD = REAL + timedelta(days=4 * 365 + 180)  # the PC's clock 4½ years ahead, once


def add_students(db: Database, count: int, start: int = 0) -> None:
    base = {"full_name": "Lò Văn Sáng", "name_key": "lo van sang", "sort_key": "sang lo van",
            "birth_date": "2012-01-01", "gender": "Nam", "class_name": "6A"}  # fmt: skip
    changes = ChangeSet(source="test")
    for n in range(start, start + count):
        changes.insert("student", {"code": f"S{n:06d}", **base})
    with write_transaction(db):
        changes.apply(db.conn)


def delete_students(db: Database, count: int) -> None:
    cursor = db.execute("SELECT * FROM students WHERE deleted = 0 ORDER BY code LIMIT ?", [count])
    names = [d[0] for d in cursor.description]
    changes = ChangeSet(source="test")
    for row in cursor.fetchall():
        changes.delete("student", dict(zip(names, row, strict=True)))
    with write_transaction(db):
        changes.apply(db.conn)


def students_in(path: Path) -> int:
    with contextlib.closing(connect_keyed(path)) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM students WHERE deleted = 0").fetchone()[0])


def damage(path: Path) -> None:
    """Flip a byte in the middle of the file: that page's HMAC fails."""
    with path.open("r+b") as handle:
        handle.seek(path.stat().st_size // 2)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 0xFF]))


@pytest.fixture
def school(tmp_path: Path) -> Path:
    return tmp_path / "school.sqlite3"


def test_a_backup_made_under_a_clock_years_ahead_never_wins_over_newer_data(school):
    db = open_database(school)
    add_students(db, 300)
    wrong = backups.make_backup(school, "daily", now=AHEAD)  # 300 students, dated 2030
    add_students(db, 50, start=300)  # the clock put right; the school goes on working
    right = backups.make_backup(school, "daily", now=REAL)  # 350 students, dated 2026
    db.close()

    listed = backups.list_backups(school)
    assert [i.path for i in listed] == [right, wrong]  # the 2030 name does not make it newest
    assert [i.students for i in listed] == [350, 300]
    assert listed[0].contents and listed[1].contents
    assert listed[0].contents.journal_seq > listed[1].contents.journal_seq

    damage(school)  # then the database breaks: the offer is the real newest
    health = check_health(school)
    assert not health.ok and health.newest_good is not None
    assert health.newest_good.path == right and health.newest_good.students == 350
    text = health.message()
    assert "350 học sinh" in text and "0 thiết bị" in text and "lần thay đổi cuối" in text
    restore.restore_backup(school, health.newest_good.path)
    assert students_in(school) == 350


def test_two_backups_of_the_same_journal_are_ordered_by_the_counter_not_the_clock(school):
    db = open_database(school)
    add_students(db, 5)
    first = backups.make_backup(school, "manual", now=AHEAD)
    second = backups.make_backup(school, "manual", now=REAL)  # nothing changed in between
    third = backups.make_backup(school, "manual", now=REAL - timedelta(days=900))
    db.close()
    listed = backups.list_backups(school)
    assert [i.path for i in listed] == [third, second, first]
    assert len({i.contents.journal_seq for i in listed if i.contents}) == 1
    assert [i.contents.counter for i in listed if i.contents] == [3, 2, 1]
    assert restore.newest_good_backup(school).path == third  # type: ignore[union-attr]


def test_the_newest_good_backup_skips_a_damaged_newest_one(school):
    db = open_database(school)
    add_students(db, 10)
    older = backups.make_backup(school, "daily", now=REAL)
    add_students(db, 10, start=10)
    newest = backups.make_backup(school, "daily", now=REAL - timedelta(days=30))
    db.close()
    damage(newest)
    best = restore.newest_good_backup(school)
    assert best is not None and best.path == older and best.students == 10


def test_after_a_restore_the_next_backup_is_the_newest_though_its_journal_went_back(school):
    db = open_database(school)
    add_students(db, 20)
    small = backups.make_backup(school, "manual", now=REAL)
    add_students(db, 30, start=20)
    backups.make_backup(school, "manual", now=REAL)
    db.close()
    restore.restore_backup(school, small)  # the clerk goes back on purpose (a wrong import)
    db = open_database(school)
    add_students(db, 2, start=100)
    after = backups.make_backup(school, "manual", now=REAL - timedelta(days=400))
    db.close()
    best = restore.newest_good_backup(school)
    assert best is not None and best.path == after and best.students == 22


def test_rotation_keeps_the_bigger_backup_before_a_sharp_drop_and_warns(school):
    folder = backups_dir(school)
    db = open_database(school)
    add_students(db, 100)
    big = backups.make_backup(school, "daily", now=REAL)
    assert backups.drop_warning(big) is None
    delete_students(db, 30)  # 30 % gone at once
    dropped = backups.make_backup(school, "daily", now=REAL + timedelta(days=1))
    warning = backups.drop_warning(dropped)
    assert warning is not None
    assert "70 học sinh" in warning.text("vi") and "100 học sinh" in warning.text("vi")
    assert "70 students" in warning.text("en")
    backups.save_keep(folder, 2)
    made = [backups.make_backup(school, "daily", now=REAL + timedelta(days=d)) for d in (2, 3, 4)]
    db.close()
    listed = backups.list_backups(school)
    assert [i.path for i in listed] == [made[2], made[1], big]  # the 100 stays, beyond keep 2
    assert dropped not in [i.path for i in listed]
    assert not backups.info_path(dropped).exists()  # its cache file went with it
    flagged = [i for i in listed if i.drop_from is not None]
    assert [(i.path, i.drop_from) for i in flagged] == [(made[1], 100)]


def test_rotation_never_drops_the_last_good_backup_holding_more_records(school):
    folder = backups_dir(school)
    db = open_database(school)
    add_students(db, 100)
    big = backups.make_backup(school, "daily", now=REAL)
    delete_students(db, 15)  # 15 %: not a sharp drop, but fewer all the same
    backups.save_keep(folder, 2)
    made = [backups.make_backup(school, "daily", now=REAL + timedelta(days=d)) for d in (1, 2, 3)]
    db.close()
    listed = backups.list_backups(school)
    assert [i.path for i in listed] == [made[2], made[1], big]
    assert all(i.drop_from is None for i in listed)
    assert [i.students for i in listed] == [85, 85, 100]


def test_what_a_backup_holds_is_cached_beside_it_privately_and_read_again_if_it_changes(school):
    db = open_database(school)
    add_students(db, 4)
    made = backups.make_backup(school, "manual", now=REAL)
    db.close()
    cache = backups.info_path(made)
    assert cache.exists() and stat.S_IMODE(cache.stat().st_mode) == 0o600
    assert json.loads(cache.read_text())["contents"]["students"] == 4
    cache.write_text(json.dumps({"size": 1, "mtime_ns": 1, "contents": {}}))  # stale
    (info,) = backups.list_backups(school)
    assert info.students == 4  # read from the copy again
    assert json.loads(cache.read_text())["contents"]["students"] == 4


def test_listing_ten_backups_of_a_50000_student_database_takes_well_under_a_second(school):
    db = open_database(school)
    for start in range(0, 50_000, 10_000):
        add_students(db, 10_000, start=start)
    db.close()
    folder = backups_dir(school)
    folder.mkdir(parents=True, exist_ok=True)
    first = backups.make_backup(school, "manual", now=REAL)
    for n in range(1, 10):  # copies of the file (as fast as the copy API, without the wait)
        shutil.copyfile(first, folder / f"songmay-20260302-08000{n}-manual.sqlite3")
    backups.list_backups(school)  # the copies are read once and their caches written
    began = time.perf_counter()
    listed = backups.list_backups(school)
    took = time.perf_counter() - began
    assert len(listed) == 10 and all(i.students == 50_000 for i in listed)
    assert took < 0.3, f"{took:.3f} s"


# --- the command line ------------------------------------------------------------------------------


def cli(*args: str | Path, db: Path, clock: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "desktop_app", "--db", str(db), *map(str, args)]
    if clock is not None:
        command = ["faketime", "-f", clock, *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def need_faketime() -> None:
    if shutil.which("faketime") is not None:
        return
    reason = "faketime not installed (apt-get install faketime); the clock-fault test needs it"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def test_a_backup_made_by_the_command_under_faketime_ahead_is_not_offered_first(school):
    need_faketime()
    db = open_database(school)
    add_students(db, 300)
    db.close()
    ahead = cli("backup", "--json", db=school, clock="+4y")
    assert ahead.returncode == 0, ahead.stderr
    wrong = Path(json.loads(ahead.stdout)["path"])
    assert int(wrong.name.split("-")[1][:4]) >= datetime.now().year + 3  # the fault landed
    db = open_database(school)
    add_students(db, 50, start=300)
    db.close()
    right = cli("backup", "--json", db=school)
    assert right.returncode == 0, right.stderr

    listed = cli("backup", "--list", "--json", db=school)
    entries = json.loads(listed.stdout)
    assert [e["students"] for e in entries] == [350, 300]
    assert entries[0]["path"] == json.loads(right.stdout)["path"]
    assert {"devices", "needs", "handovers", "last_change", "journal_seq", "counter"} <= set(
        entries[0]
    )
    assert entries[0]["journal_seq"] > entries[1]["journal_seq"]
    text = cli("backup", "--list", db=school).stdout
    assert "350 học sinh, 0 thiết bị, 0 lượt bàn giao, thay đổi cuối" in text
    assert text.index("350 học sinh") < text.index("300 học sinh")

    damage(school)
    best = restore.newest_good_backup(school)
    assert best is not None and best.students == 350
    done = cli("restore", best.path, "--json", db=school)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["students"] == 350


def test_the_command_warns_of_a_sharp_drop(school):
    db = open_database(school)
    add_students(db, 50)
    backups.make_backup(school, "manual", now=REAL)
    delete_students(db, 20)
    db.close()
    made = cli("backup", db=school)
    assert made.returncode == 0, made.stderr
    assert "30 học sinh" in made.stderr and "ít hơn 20" in made.stderr
    listed = cli("backup", "--list", db=school).stdout
    assert "[giảm mạnh so với 50 học sinh]" in listed
    (entry, _older) = json.loads(cli("backup", "--list", "--json", db=school).stdout)
    assert entry["sharp_drop_from"] == 50
