""" "Khởi động lại ngay" after a language change: the button starts a real process that knows whom it
replaces, the new instance waits for the old one's lock instead of refusing, and end to end (the
real entry point, twice) the restarted window comes up in the new language."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from dialogs import answering
from PySide6.QtCore import QSettings, Qt
from sqlite_utils import Database
from test_backup import hold_lock

from desktop_app.core.safekeeping.instance import AlreadyRunning, InstanceLock
from desktop_app.core.school import save_school
from desktop_app.core.store.database import open_database
from desktop_app.ui.settings.page import SettingsPage
from desktop_app.ui.shell import restart
from desktop_app.ui.shell.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("restart_driver.py")
SECTIONS_EN = ["Overview", "Students & needs", "Device intake", "Handover", "Vaccinations",
               "Reports", "Sync", "Settings"]  # fmt: skip
# What the started process writes down: who asked for it (the variable) and where it runs.
CHILD = (
    "import os, pathlib, sys; pathlib.Path(sys.argv[1]).write_text("
    "os.environ.get('SONGMAY_RESTARTED_FROM', '-') + '|' + os.getcwd())"
)


def settings_page_in_a_window(qtbot, db: Database, db_path: Path, settings: QSettings):
    window = MainWindow(db, db_path, settings=settings, poll_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_section("settings")
    page = window.current_page()
    assert isinstance(page, SettingsPage)
    return window, page


def test_khoi_dong_lai_ngay_starts_a_real_process_that_knows_whom_it_replaces_and_quits(
    qtbot, db, db_path, settings, tmp_path, monkeypatch
):
    seen = tmp_path / "started.txt"
    command = mock.create_autospec(
        restart.restart_command, return_value=(sys.executable, ["-c", CHILD, str(seen)])
    )
    monkeypatch.setattr(restart, "restart_command", command)
    window, page = settings_page_in_a_window(qtbot, db, db_path, settings)
    qtbot.mouseClick(page.language_buttons["en"], Qt.MouseButton.LeftButton)
    assert page.restart_button.isVisible()
    qtbot.mouseClick(page.restart_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: seen.exists() and "|" in seen.read_text(), timeout=10_000)
    assert seen.read_text() == f"{os.getpid()}|{os.getcwd()}"
    assert not window.isVisible()
    command.assert_called_once_with()


def test_a_restart_command_that_cannot_start_says_so_and_the_window_stays(
    qtbot, db, db_path, settings, tmp_path, monkeypatch
):
    missing = str(tmp_path / "khong-co-chuong-trinh-nay")
    monkeypatch.setattr(restart, "restart_command",
                        mock.create_autospec(restart.restart_command, return_value=(missing, [])))  # fmt: skip
    window, page = settings_page_in_a_window(qtbot, db, db_path, settings)
    qtbot.mouseClick(page.language_buttons["en"], Qt.MouseButton.LeftButton)
    with answering(qtbot) as answers:
        said = answers.message_box(button="Đóng", text="Không tự khởi động lại được ứng dụng")
        qtbot.mouseClick(page.restart_button, Qt.MouseButton.LeftButton)
    assert said.title == "Không khởi động lại được"
    assert window.isVisible()


def test_the_restart_command_is_the_one_that_started_this_process():
    assert restart.restart_command() == (sys.executable, list(sys.orig_argv[1:]))


# --- the lock ------------------------------------------------------------------------------------


def test_the_new_instance_waits_for_the_one_it_replaces_to_let_go_of_the_lock(tmp_path):
    path = tmp_path / "school.sqlite3"
    old = hold_lock(path)
    try:
        with pytest.raises(AlreadyRunning):  # anyone else is refused at once
            restart.take_lock(InstanceLock(path), replacing=None)
        with pytest.raises(AlreadyRunning):
            restart.take_lock(InstanceLock(path), replacing=old.pid + 1)
        with pytest.raises(AlreadyRunning):  # not forever
            restart.take_lock(InstanceLock(path), replacing=old.pid, wait_s=0.3)
        lock = InstanceLock(path)
        started = time.monotonic()
        subprocess.Popen([sys.executable, "-c", f"import time, os; time.sleep(1); "
                          f"os.kill({old.pid}, {int(signal.SIGTERM)})"])  # fmt: skip
        restart.take_lock(lock, replacing=old.pid)
        assert lock.held and time.monotonic() - started >= 0.9
        lock.release()
    finally:
        old.kill()
        old.wait()


def test_the_restarted_from_variable_is_read_once(monkeypatch):
    monkeypatch.setenv(restart.RESTARTED_FROM, "4321")
    assert restart.restarted_from() == 4321
    assert restart.restarted_from() is None and restart.RESTARTED_FROM not in os.environ


# --- end to end ----------------------------------------------------------------------------------


def test_end_to_end_the_restarted_window_comes_up_in_english_though_the_old_one_is_slow_to_quit(
    tmp_path,
):
    """``songmay --db FILE`` (through a driver that clicks for the clerk): English, "Khởi động
    lại ngay"; the old instance keeps the lock 3 s more as it quits; the new one opens."""
    db_path = tmp_path / "school.sqlite3"
    db = open_database(db_path)
    save_school(db, {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THCS"})
    db.close()
    report = tmp_path / "report.json"
    env = {
        **os.environ, "QT_QPA_PLATFORM": "offscreen", "RESTART_TEST_REPORT": str(report),
        "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")]),
    }  # fmt: skip
    env.pop(restart.RESTARTED_FROM, None)
    log = (tmp_path / "first.log").open("w")
    first = subprocess.Popen([sys.executable, str(DRIVER), "--db", str(db_path)], cwd=tmp_path,
                             env=env, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        assert first.wait(60) == 0, (tmp_path / "first.log").read_text()
        deadline = time.monotonic() + 60
        while not report.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert report.exists(), "the restarted instance wrote nothing"
        seen = json.loads(report.read_text())
    finally:  # the restarted instance quits by itself; should it hang, it goes with the test
        first.kill()
        pids = report.with_suffix(".pids")
        for pid in pids.read_text().split() if pids.exists() else []:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
    assert seen.get("error") is None, seen["error"]
    assert seen["replacing"] == first.pid and seen["pid"] != first.pid
    assert (seen["language"], seen["sidebar"]) == ("en", SECTIONS_EN)
