"""The database encrypted at rest (SQLCipher): key sources, recovery key, conversion of an
earlier version's plaintext file, no planted value in any byte, wrong key and damage in words."""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from keyring.backends import fail
from sqlite_utils import Database

from desktop_app.core.errors import StoreError
from desktop_app.core.paths import backups_dir
from desktop_app.core.safekeeping import backups, restore
from desktop_app.core.safekeeping.encrypted import export_encrypted
from desktop_app.core.safekeeping.health import check_health
from desktop_app.core.store import keys
from desktop_app.core.store.database import connect_keyed, open_database
from tests.builders import fill_needs_and_devices
from tests.keyrings import MemoryKeyring, using_keyring

NAME = "Nguyễn Thị Bí Mật"
CCCD = "066212345678"
PASSPHRASE = "Trường Ea Tu giữ khóa dữ liệu"


def plant(db: Database) -> None:
    db.execute("UPDATE students SET full_name = ?, citizen_id = ? WHERE code = 'HS000001'",
               [NAME, CCCD])  # fmt: skip
    db.conn.commit()


def assert_clean(path: Path) -> None:
    data = path.read_bytes()
    assert NAME.encode() not in data and CCCD.encode() not in data, path


@pytest.fixture
def fresh_keys(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A key file of this test only (a "PC" of its own)."""
    keys.forget_all()
    key_file = tmp_path / "keys" / "db.key"
    key_file.parent.mkdir()
    monkeypatch.setenv(keys.ENV_KEY_FILE, str(key_file))
    yield key_file
    keys.forget_all()


def test_no_planted_name_or_cccd_in_the_file_its_wal_any_backup_or_the_usb_copy(tmp_path):
    path = tmp_path / "school.sqlite3"
    db = open_database(path)
    fill_needs_and_devices(db, tmp_path, count=3)
    plant(db)
    assert Path(f"{path}-wal").stat().st_size > 0
    for file in (path, Path(f"{path}-wal")):
        assert_clean(file)
    names = {r[0] for r in db.execute("SELECT full_name FROM students")}
    assert NAME in names  # the key opens it: the value is really there
    db.close()
    made = backups.make_backup(path, "manual")
    usb = export_encrypted(path, tmp_path / "usb" / "copy.smbk", PASSPHRASE, log2_n=10)
    found = list(backups_dir(path).iterdir())
    assert made in found and len(found) >= 2  # the imports' backups too
    for file in [path, made, usb, *found]:
        if file.is_file():
            assert_clean(file)
    assert backups.integrity_problem(made) is None


def test_a_key_file_readable_by_others_is_refused_and_a_new_one_is_made_0600(fresh_keys, tmp_path):
    open_database(tmp_path / "a.sqlite3").close()
    assert fresh_keys.stat().st_mode & 0o777 == 0o600
    assert len(bytes.fromhex(fresh_keys.read_text().strip())) == 32
    keys.forget_all()
    fresh_keys.chmod(0o644)
    with pytest.raises(StoreError) as refused:
        open_database(tmp_path / "a.sqlite3")
    assert refused.value.code == "key_file_not_private"
    assert "0644" in refused.value.message and "chỉ chủ tệp" in refused.value.message


def test_an_encrypted_database_without_its_key_file_is_not_given_a_new_key(fresh_keys, tmp_path):
    open_database(tmp_path / "a.sqlite3").close()
    fresh_keys.unlink()
    keys.forget_all()
    with pytest.raises(StoreError) as refused:
        open_database(tmp_path / "a.sqlite3")
    assert refused.value.code == "key_missing" and not fresh_keys.exists()


def test_a_wrong_key_is_said_in_vietnamese_by_the_command_without_a_traceback(tmp_path):
    path = tmp_path / "a.sqlite3"
    open_database(path).close()
    other = tmp_path / "other.key"
    other.write_text("ab" * 32)
    other.chmod(0o600)
    env = {**os.environ, keys.ENV_KEY_FILE: str(other)}
    done = subprocess.run([sys.executable, "-m", "desktop_app", "--db", str(path), "info"],
                          capture_output=True, text=True, env=env, timeout=120, check=False)  # fmt: skip
    assert done.returncode != 0
    assert "khóa của máy này không mở được tệp" in done.stderr + done.stdout
    assert "Traceback" not in done.stderr


def test_the_keyring_keeps_one_key_per_database(monkeypatch, tmp_path):
    monkeypatch.delenv(keys.ENV_KEY_FILE)
    keys.forget_all()
    with using_keyring(MemoryKeyring()) as ring:
        open_database(tmp_path / "a.sqlite3").close()
        open_database(tmp_path / "b.sqlite3").close()
        stored = {user: value for (service, user), value in ring.store.items()
                  if service == keys.SERVICE}  # fmt: skip
        assert set(stored) == {str(tmp_path / "a.sqlite3"), str(tmp_path / "b.sqlite3")}
        assert len(set(stored.values())) == 2
        keys.forget_all()
        open_database(tmp_path / "a.sqlite3").close()  # found again in the keyring
    keys.forget_all()


def test_without_a_secure_keyring_the_key_is_wrapped_by_a_passphrase(monkeypatch, tmp_path):
    monkeypatch.delenv(keys.ENV_KEY_FILE)
    keys.forget_all()
    path = tmp_path / "a.sqlite3"
    with using_keyring(fail.Keyring()):
        with pytest.raises(StoreError) as asked:
            open_database(path)
        assert asked.value.code == "no_secure_keyring"
        key = keys.create_with_passphrase(path, PASSPHRASE)
        open_database(path).close()
        assert keys.wrapped_path(path).stat().st_mode & 0o777 == 0o600
        assert key not in keys.wrapped_path(path).read_bytes()
        keys.forget_all()
        with pytest.raises(StoreError) as locked:
            open_database(path)
        assert locked.value.code == "key_locked"
        with pytest.raises(StoreError) as wrong:
            keys.unlock_with_passphrase(path, "một mật khẩu khác hẳn")
        assert wrong.value.code == "wrong_passphrase"
        assert keys.unlock_with_passphrase(path, PASSPHRASE) == key
        open_database(path).close()
        keys.forget_all()
        keys.unlock_with_recovery_key(path, keys.recovery_key(key).lower())
        open_database(path).close()
    keys.forget_all()


def test_the_recovery_key_is_typable_and_a_typo_is_caught():
    key = keys.new_key()
    text = keys.recovery_key(key)
    groups = text.split("-")
    assert len(groups) == 11 and all(len(g) == 5 for g in groups[:-1])
    assert keys.parse_recovery_key(text.replace("-", " ").lower()) == key
    typo = text[:7] + ("A" if text[7] != "A" else "B") + text[8:]
    with pytest.raises(StoreError) as caught:
        keys.parse_recovery_key(typo)
    assert caught.value.code == "bad_recovery_key" and "gõ nhầm" in caught.value.message


def test_a_backup_from_another_pc_is_restored_with_its_recovery_key(fresh_keys, tmp_path):
    other_pc = tmp_path / "other" / "school.sqlite3"
    other_pc.parent.mkdir()
    db = open_database(other_pc)
    fill_needs_and_devices(db, other_pc.parent, count=3)
    db.close()
    made = backups.make_backup(other_pc, "manual")
    recovery = keys.recovery_key(keys.database_key(other_pc))
    keys.forget_all()
    fresh_keys.unlink()  # this PC: another key
    here = tmp_path / "here" / "school.sqlite3"
    here.parent.mkdir()
    open_database(here).close()
    with pytest.raises(restore.BackupError) as refused:
        restore.restore_backup(here, made)
    # Not called damaged: the clerk is sent to the recovery key.
    assert refused.value.code == "wrong_key" and "--recovery-key" in refused.value.message
    assert "bị hỏng" not in refused.value.message
    env = {**os.environ, "SONGMAY_RECOVERY_KEY": recovery}
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", str(here), "restore", str(made),
         "--recovery-key", "--json"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert '"students": 3' in done.stdout
    db = open_database(here)  # restored under this PC's key
    assert db.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 3
    db.close()


def test_an_earlier_versions_plaintext_database_and_backups_are_encrypted(tmp_path):
    path = tmp_path / "school.sqlite3"
    # the earlier version's file: the same data, plaintext (SQLCipher's way to decrypt)
    db = open_database(path)
    fill_needs_and_devices(db, tmp_path, count=3)
    plant(db)
    db.close()
    plain_copy = tmp_path / "plain.sqlite3"
    with contextlib.closing(connect_keyed(path, isolation_level=None)) as enc:
        enc.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain_copy),))
        enc.execute("SELECT sqlcipher_export('plain')").fetchall()
        enc.execute("DETACH DATABASE plain")
    with contextlib.closing(sqlite3.connect(plain_copy)) as check:  # the stdlib reads it
        assert check.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 3
    path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    for old_backup in backups_dir(path).iterdir():
        old_backup.unlink()
    plain_copy.rename(path)
    old_backup = backups_dir(path) / "songmay-20240101-080000-daily.sqlite3"
    old_backup.write_bytes(path.read_bytes())
    assert NAME.encode() in path.read_bytes()

    db = open_database(path)
    assert (
        db.execute("SELECT COUNT(*) FROM students WHERE full_name = ?", [NAME]).fetchone()[0] == 1
    )
    db.close()
    assert path.stat().st_mode & 0o777 == 0o600
    reasons = [info.reason for info in backups.list_backups(path)]
    assert "before-encryption" in reasons and "daily" in reasons
    for file in [path, *backups_dir(path).iterdir()]:
        if file.is_file():
            assert_clean(file)
    assert [r for r in os.listdir(tmp_path) if ".encrypting" in r] == []
    for info in backups.list_backups(path):
        assert info.students == 3


def test_a_flipped_byte_in_a_page_is_reported_as_damage(tmp_path):
    path = tmp_path / "school.sqlite3"
    db = open_database(path)
    fill_needs_and_devices(db, tmp_path, count=3)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = int(db.execute("PRAGMA page_size").fetchone()[0])
    db.close()
    made = backups.make_backup(path, "manual")
    data = bytearray(path.read_bytes())
    assert len(data) >= 4 * page
    data[page * 3 + 200] ^= 0x01  # inside the fourth page (the first holds the salt and schema)
    path.write_bytes(bytes(data))
    health = check_health(path)
    assert not health.ok and health.newest_good is not None
    assert health.newest_good.path == made
    text = health.message()
    assert "bị hỏng" in text and "HMAC" not in text  # in words, never SQLCipher's


def test_a_usb_copy_opens_on_another_pc_with_its_passphrase_alone(fresh_keys, tmp_path):
    path = tmp_path / "here" / "school.sqlite3"
    path.parent.mkdir()
    db = open_database(path)
    fill_needs_and_devices(db, path.parent, count=3)
    plant(db)
    db.close()
    usb = export_encrypted(path, tmp_path / "usb" / "copy.smbk", PASSPHRASE, log2_n=10)
    # what it carries is a SQLCipher file of its own key, never a plaintext SQLite file
    payload = io.BytesIO()
    from desktop_app.core.safekeeping import encrypted

    copy_key = encrypted.decrypt_file(usb, payload, PASSPHRASE)
    assert copy_key is not None and copy_key != keys.database_key(path)
    assert not payload.getvalue().startswith(b"SQLite format 3")
    assert NAME.encode() not in payload.getvalue()
    keys.forget_all()
    fresh_keys.unlink()  # another PC, another key
    other = tmp_path / "other" / "school.sqlite3"
    encrypted.restore_encrypted(other, usb, PASSPHRASE)
    db = open_database(other)
    assert (
        db.execute("SELECT COUNT(*) FROM students WHERE full_name = ?", [NAME]).fetchone()[0] == 1
    )
    db.close()
    assert_clean(other)


def test_the_start_up_check_finds_the_key_and_never_calls_a_missing_key_damage(
    monkeypatch, tmp_path
):
    monkeypatch.delenv(keys.ENV_KEY_FILE)
    keys.forget_all()
    path = tmp_path / "a.sqlite3"
    with using_keyring(MemoryKeyring()):
        open_database(path).close()
        keys.forget_all()
        assert check_health(path).ok  # the key comes from the keyring
    keys.forget_all()
    with using_keyring(MemoryKeyring()), pytest.raises(StoreError) as missing:
        check_health(path)
    assert missing.value.code == "key_missing" and "khóa khôi phục" in missing.value.message
    keys.forget_all()
