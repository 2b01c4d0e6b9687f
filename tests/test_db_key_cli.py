"""The command line on a PC without a secure keyring: at a real terminal (a pseudo-terminal, so
``getpass`` reads it as a clerk types) a new database gets a data passphrase and its recovery key
is printed; later commands ask the passphrase or the recovery key. A script without a terminal is
told to use a key file. The sample school of ``--demo`` needs no passphrase at all."""

from __future__ import annotations

import os
import pty
import select
import sys
import time
from pathlib import Path

import pytest
from keyring.backends import fail

from desktop_app.core.store import keys
from tests.keyrings import using_keyring
from tests.test_cli import songmay

PASSPHRASE = "mây trắng bay qua núi cao"
# A keyring backend that is not secure, in every process the tests start (keyring's own variable).
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def at_terminal(args: list[str], answers: list[tuple[str, str]], env: dict[str, str]) -> str:
    """Run ``songmay ARGS`` on a pseudo-terminal; each time the screen shows a prompt, type its
    answer. Returns everything the terminal showed."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the songmay command, with the pseudo-terminal as its terminal
        os.execve(sys.executable, [sys.executable, "-m", "desktop_app", *args], env)
    shown, pending = b"", list(answers)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:  # the command ended: the terminal is closed
                    break
                if not chunk:
                    break
                shown += chunk
            if pending and pending[0][0].encode() in shown.split(b"\n")[-1]:
                os.write(fd, (pending.pop(0)[1] + "\n").encode())
        else:
            pytest.fail(f"the command did not finish: {shown.decode(errors='replace')}")
    finally:
        os.close(fd)
        os.waitpid(pid, 0)
    return shown.decode("utf-8", errors="replace")


@pytest.fixture
def no_keyring_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != keys.ENV_KEY_FILE}
    return {**env, **NO_KEYRING, "HOME": str(tmp_path / "home")}


def test_a_new_database_gets_a_passphrase_then_commands_ask_it_or_the_recovery_key(
    tmp_path, no_keyring_env
):
    db = tmp_path / "truong.sqlite3"
    screen = at_terminal(["--db", str(db), "info"], [
        ("ít nhất 12 ký tự", PASSPHRASE), ("Nhập lại", PASSPHRASE),
    ], no_keyring_env)  # fmt: skip
    assert "không có nơi cất khóa an toàn" in screen and "Khóa khôi phục" in screen
    assert keys.wrapped_path(db).stat().st_mode & 0o777 == 0o600
    recovery = next(line.strip() for line in screen.splitlines() if line.count("-") == 10)
    assert len(keys.parse_recovery_key(recovery)) == 32
    assert "Traceback" not in screen

    screen = at_terminal(["--db", str(db), "info"], [
        ("khóa khôi phục:", "sai mật khẩu rồi"), ("khóa khôi phục:", PASSPHRASE),
    ], no_keyring_env)  # fmt: skip
    assert "Mật khẩu dữ liệu không đúng" in screen and "Học sinh" in screen

    screen = at_terminal(["--db", str(db), "info"], [("khóa khôi phục:", recovery.lower())],
                         no_keyring_env)  # fmt: skip
    assert "Học sinh" in screen and "Traceback" not in screen


def test_a_weak_data_passphrase_is_refused_and_nothing_is_made(tmp_path, no_keyring_env):
    db = tmp_path / "truong.sqlite3"
    screen = at_terminal(["--db", str(db), "info"], [("ít nhất 12 ký tự", "12345678")],
                         no_keyring_env)  # fmt: skip
    assert "Lỗi" in screen and "Traceback" not in screen
    assert not keys.wrapped_path(db).exists()


def test_a_script_without_a_terminal_is_told_to_use_a_key_file(
    tmp_path, no_keyring_env, monkeypatch
):
    db = tmp_path / "truong.sqlite3"
    at_terminal(["--db", str(db), "info"], [("ít nhất 12 ký tự", PASSPHRASE),
                                            ("Nhập lại", PASSPHRASE)], no_keyring_env)  # fmt: skip
    for name in list(os.environ):
        if name not in no_keyring_env:
            monkeypatch.delenv(name)
    for name, value in no_keyring_env.items():
        monkeypatch.setenv(name, value)
    done = songmay("info", db=db)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "SONGMAY_DB_KEY_FILE" in done.stderr and "mật khẩu dữ liệu" in done.stderr


def test_the_sample_school_keeps_its_key_beside_it_and_asks_no_passphrase(tmp_path, monkeypatch):
    monkeypatch.delenv(keys.ENV_KEY_FILE)
    keys.forget_all()
    db = tmp_path / "demo.sqlite3"
    with using_keyring(fail.Keyring()):
        assert keys.use_demo_key(db)
        first = keys.database_key(db)
        keys.forget_all()
        db.write_bytes(b"x" * 10)  # the file exists now: the same key is read back
        assert keys.use_demo_key(db) and keys.database_key(db) == first
        other = tmp_path / "truong.sqlite3"
        other.write_bytes(b"x" * 10)
        assert not keys.use_demo_key(other)  # an existing database never gets a sample key
    assert keys.demo_key_path(db).stat().st_mode & 0o777 == 0o600
    keys.forget_all()
