"""The window's start runs the same health check as the commands: a damaged, emptied, cut short
database or one whose -wal lost committed changes is never a first run; the real damaged-file
dialog offers the newest good backup and restores it. A failed automatic backup shows in the
status bar and on the dashboard until a backup succeeds."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from dialogs import answering
from health_faults import flip_page, school_with_backup
from PySide6.QtWidgets import QApplication
from test_health import FAULTS, WHAT

from desktop_app.core.safekeeping import backups, health
from desktop_app.ui.common.errors import ErrorDialog
from desktop_app.ui.shell import app
from desktop_app.ui.shell.main_window import MainWindow


@pytest.fixture
def school(db, tmp_path: Path) -> Path:
    return school_with_backup(db, tmp_path)


@pytest.mark.parametrize(
    "fault", ["empty", "truncated", "page_flipped", "wal_truncated", "wal_flipped"]
)
def test_the_window_offers_the_newest_good_backup_instead_of_a_new_school(qtbot, school, fault):
    """Faults found before the window opens: the size, the journal's end, a damaged page read
    while opening (the full check then runs at once)."""
    FAULTS[fault](school)
    with answering(qtbot) as answers:
        offer = answers.message_box(button="Khôi phục bản sao lưu")
        window = app.start(school)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert offer.title == "Tệp dữ liệu bị hỏng"
    assert WHAT[fault] in offer.text and "3 học sinh" in offer.text
    assert "Khôi phục bản sao lưu" in offer.text and "sqlite_" not in offer.text.lower()
    assert window.db.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 3
    assert health.check_health(school).kind == "ok"
    window.db.close()


def flip_last_page(school: Path) -> None:
    """A page the window does not read at start (nor its dashboard): only the check of every
    page finds it."""
    flip_page(school, school.stat().st_size // health.PAGE_SIZE)


def test_a_damaged_page_found_once_the_window_shows_is_offered_the_same_way(qtbot, school):
    """Every page is read in the background once the window shows (issue 19): a damaged one is
    said with the same offer, and a window on the restored file takes the first one's place."""
    flip_last_page(school)
    with answering(qtbot) as answers:
        offer = answers.message_box(button="Khôi phục bản sao lưu")
        window = app.start(school)
        assert isinstance(window, MainWindow)
        qtbot.addWidget(window)
        assert window.isVisible()  # shown before every page was read
        qtbot.waitUntil(lambda: window.replacement is not None, timeout=20_000)
    restored = app.current_window(window)
    qtbot.addWidget(restored)
    assert restored.isVisible() and not window.isVisible()
    assert offer.title == "Tệp dữ liệu bị hỏng"
    assert "tệp bị hỏng" in offer.text and "3 học sinh" in offer.text
    assert "sqlite_" not in offer.text.lower()
    assert restored.db.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 3
    assert health.check_health(school).kind == "ok"
    restored.db.close()


def test_a_damaged_page_refused_ends_the_application_with_the_message(qtbot, school):
    flip_last_page(school)
    ended: list[int] = []
    with answering(qtbot) as answers:
        answers.message_box(button="Thoát")
        said = answers.dialog(ErrorDialog, button="Đóng")
        with mock.patch.object(QApplication, "exit", side_effect=ended.append):
            window = app.start(school)
            qtbot.addWidget(window)
            qtbot.waitUntil(lambda: bool(ended), timeout=20_000)
    assert ended == [app.EXIT_CANNOT_OPEN] and not window.isVisible()
    assert said.text.startswith("Không mở được tệp dữ liệu") or "hỏng" in said.text
    assert window.replacement is None


def test_a_failed_daily_backup_shows_until_a_retry_succeeds(qtbot, school):
    folder = backups.backups_dir(school)
    kept = folder.with_name("kept")
    folder.rename(kept)
    folder.write_bytes(b"")  # the OS refuses the backups folder for real
    with pytest.raises(backups.BackupError):
        backups.backup_if_due(school, now=backups.datetime(2099, 1, 1))
    folder.unlink()
    kept.rename(folder)
    window = app.start(school)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    window.show_section("overview")
    bar, dashboard = window.backup_warning, window.page("overview").backup_warning
    assert bar.isVisible() and dashboard.isVisible()
    assert bar.text().startswith("Sao lưu tự động không thành công")
    assert bar.text().endswith("bấm để thử lại") and bar.text() == dashboard.text()
    bar.click()  # tries again: the folder is back, the backup is made
    qtbot.waitUntil(lambda: not bar.isVisible() and not dashboard.isVisible(), timeout=20_000)
    assert health.last_backup_failure(school) is None
    window.db.close()
