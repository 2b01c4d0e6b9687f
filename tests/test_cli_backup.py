"""``songmay backup`` and ``songmay restore`` as scripts use them: exit codes, messages, JSON."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from builders import fill_needs_and_devices
from test_backup import digest, hold_lock
from test_cli import songmay

from desktop_app.core.paths import backups_dir
from desktop_app.core.store.database import connect_keyed

PASSPHRASE = "Mật khẩu USB của trường"


def run(*args: str | Path, db: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    if stdin is None:
        return songmay(*args, db=db)
    command = [sys.executable, "-m", "desktop_app", "--db", str(db), *map(str, args)]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=120,
                          check=False)  # fmt: skip


def students(path: Path) -> list[str]:
    with contextlib.closing(connect_keyed(path)) as conn:
        return sorted(row[0] for row in conn.execute("SELECT full_name FROM students"))


@pytest.fixture
def school(db, tmp_path: Path) -> Path:
    fill_needs_and_devices(db, tmp_path, count=3)
    db.close()
    path = tmp_path / "school.sqlite3"
    shutil.rmtree(backups_dir(path))
    return path


def test_backup_writes_a_checked_copy_to_the_backups_folder_and_list_shows_it(school):
    result = run("backup", db=school)
    assert result.returncode == 0, result.stderr
    assert "Đã sao lưu dữ liệu vào" in result.stdout and "đã kiểm tra toàn vẹn" in result.stdout
    (made,) = backups_dir(school).glob("songmay-*-manual.sqlite3")
    listed = run("backup", "--list", db=school)
    assert listed.returncode == 0
    assert "1 bản sao lưu" in listed.stdout and "Sao lưu thủ công" in listed.stdout
    assert "3 học sinh" in listed.stdout and made.name in listed.stdout
    (entry,) = json.loads(run("backup", "--list", "--json", db=school).stdout)
    assert (entry["path"], entry["reason"], entry["students"]) == (str(made), "manual", 3)


def test_backup_out_writes_a_plain_copy_anywhere(school, tmp_path):
    out = tmp_path / "usb" / "copy.sqlite3"
    result = run("backup", "--out", out, "--json", db=school)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"path": str(out), "size": out.stat().st_size,
                                         "encrypted": False}  # fmt: skip
    assert students(out) == students(school)


def test_keep_sets_how_many_backups_stay(school):
    result = run("backup", "--keep", "2", db=school)
    assert result.returncode == 0 and "giữ lại 2 bản" in result.stdout
    for _ in range(3):
        assert run("backup", db=school).returncode == 0
    kept = sorted(p.name for p in backups_dir(school).glob("songmay-*.sqlite3"))
    assert len(kept) == 2, kept
    assert run("backup", "--keep", "0", db=school).returncode == 2


def test_encrypted_backup_then_restore_on_another_pc_with_the_passphrase(school, tmp_path):
    out = tmp_path / "usb" / "truong.smbk"
    made = run("backup", "--encrypt", "--out", out, "--passphrase-stdin", db=school,
               stdin=PASSPHRASE + "\n")  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "mã hoá" in made.stdout and out.read_bytes().startswith(b"SMAYENC")

    other_pc = tmp_path / "pc2" / "songmay.sqlite3"
    restored = run("restore", out, "--passphrase-stdin", db=other_pc, stdin=PASSPHRASE + "\n")
    assert restored.returncode == 0, restored.stderr
    assert "Đã khôi phục dữ liệu" in restored.stdout and "3 học sinh" in restored.stdout
    assert students(other_pc) == students(school)
    assert json.loads(run("info", "--json", db=other_pc).stdout)["counts"]["students"] == 3


def test_encrypt_without_out_goes_to_the_backups_folder(school):
    made = run("backup", "--encrypt", "--passphrase-stdin", db=school, stdin=PASSPHRASE)
    assert made.returncode == 0, made.stderr
    (copy,) = backups_dir(school).glob("songmay-*-manual.smbk")
    assert copy.read_bytes().startswith(b"SMAYENC")


def test_a_wrong_passphrase_exits_1_with_a_clear_message_and_changes_nothing(school, tmp_path):
    out = tmp_path / "truong.smbk"
    run("backup", "--encrypt", "--out", out, "--passphrase-stdin", db=school, stdin=PASSPHRASE)
    before = digest(school)
    result = run("restore", out, "--passphrase-stdin", db=school, stdin="mật khẩu sai lắm\n")
    assert result.returncode == 1
    assert result.stderr.startswith("Lỗi: Mật khẩu không đúng") and "Traceback" not in result.stderr
    assert digest(school) == before
    assert not list(backups_dir(school).glob("*before-restore*"))


def test_restore_of_a_plain_backup_saves_the_current_data_first(school, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    run("backup", "--out", copy, db=school)
    with contextlib.closing(connect_keyed(school)) as conn, conn:
        conn.execute("UPDATE students SET full_name = 'Tên mới'")
    result = run("restore", copy, "--json", db=school)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["students"] == 3 and "before-restore" in answer["previous"]
    assert "Tên mới" not in students(school)
    assert students(Path(answer["previous"])) == ["Tên mới"] * 3


def test_restore_is_refused_while_a_window_has_the_database_open(school, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    run("backup", "--out", copy, db=school)
    child = hold_lock(school)
    try:
        result = run("restore", copy, db=school)
    finally:
        child.kill()
        child.wait()
    assert result.returncode == 1
    assert f"mã tiến trình {child.pid}" in result.stderr and "Traceback" not in result.stderr


def test_a_damaged_or_foreign_file_is_refused_with_exit_1(school, tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    result = run("restore", junk, db=school)
    assert result.returncode == 1 and result.stderr.startswith("Lỗi: Bản sao lưu junk.sqlite3")


@pytest.mark.parametrize(
    ("args", "stdin", "code", "words"),
    [(("backup",), None, 2, "Không tìm thấy tệp dữ liệu"),
     (("restore", "nowhere.smbk"), None, 2, "Không tìm thấy tệp sao lưu"),
     (("backup", "--encrypt", "--out", "x.smbk"), "", 2, "--passphrase-stdin"),
     (("backup", "--encrypt", "--out", "x.smbk", "--passphrase-stdin"), "ngắn\n", 1,
      "ít nhất 12 ký tự")],
)  # fmt: skip
def test_bad_input_exits_with_a_sentence_never_a_traceback(tmp_path, args, stdin, code, words):
    args = tuple(str(tmp_path / a) if a.endswith(".smbk") else a for a in args)
    db = tmp_path / "missing.sqlite3"
    if "--encrypt" in args:
        db = tmp_path / "school.sqlite3"
        run("info", db=db)
    result = run(*args, db=db, stdin=stdin)
    assert result.returncode == code, result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.smbk").exists()
