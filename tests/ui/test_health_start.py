"""The window's start runs the same health check as the commands: a damaged, emptied, cut short
database or one whose -wal lost committed changes is never a first run; the real damaged-file
dialog offers the newest good backup and restores it. A failed automatic backup shows in the
status bar and on the dashboard until a backup succeeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from dialogs import answering
from health_faults import school_with_backup
from test_health import FAULTS, WHAT

from desktop_app.core.safekeeping import backups, health
from desktop_app.ui.shell import app
from desktop_app.ui.shell.main_window import MainWindow


@pytest.fixture
def school(db, tmp_path: Path) -> Path:
    return school_with_backup(db, tmp_path)


@pytest.mark.parametrize(
    "fault", ["empty", "truncated", "page_flipped", "wal_truncated", "wal_flipped"]
)
def test_the_window_offers_the_newest_good_backup_instead_of_a_new_school(qtbot, school, fault):
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
