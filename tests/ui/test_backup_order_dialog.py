"""The backup dialog shows what each backup holds, in the database's own order (not the PC's
clock), and flags a sharp drop (issue 15)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from dialogs import answering
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from test_backup_order import AHEAD, REAL, add_students, delete_students

from desktop_app.core.safekeeping import backups
from desktop_app.core.store.database import open_database
from desktop_app.ui.settings.backup_dialog import BackupDialog


@pytest.fixture
def school(tmp_path: Path) -> Path:
    return tmp_path / "school.sqlite3"


def test_the_dialog_shows_counts_in_history_order_and_the_restore_question_says_them(
    qtbot: Any, school: Path
):
    db = open_database(school)
    add_students(db, 300)
    wrong = backups.make_backup(school, "daily", now=AHEAD)
    add_students(db, 50, start=300)
    right = backups.make_backup(school, "daily", now=REAL)
    dialog = BackupDialog(school)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    table = dialog.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[3:] == ["Học sinh", "Lượt bàn giao", "Thiết bị", "Lần thay đổi cuối"]
    assert [i.path for i in dialog.backups()] == [right, wrong]
    assert [table.item(r, 3).text() for r in range(2)] == ["350", "300"]
    assert table.item(0, 5).text() == "0" and table.item(0, 6).text() != ""
    with answering(qtbot) as answers:
        question = answers.message_box(button=QMessageBox.StandardButton.No)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert "350 học sinh, 0 thiết bị, 0 lượt bàn giao, lần thay đổi cuối" in question.text
    db.close()


def test_the_dialog_flags_a_sharp_drop_and_says_it_after_backing_up(qtbot: Any, school: Path):
    db = open_database(school)
    add_students(db, 40)
    backups.make_backup(school, "daily", now=REAL)
    delete_students(db, 20)
    dialog = BackupDialog(school)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(dialog.jobFinished, timeout=20_000) as finished:
        qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["succeeded"]
    assert "Đã sao lưu vào" in dialog.status.text() and "20 học sinh" in dialog.status.text()
    assert "40 học sinh" in dialog.status.text()
    assert dialog.table.item(0, 3).text() == "20 (giảm mạnh, bản trước có 40)"
    db.close()
