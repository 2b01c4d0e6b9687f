"""Cài đặt → “Xóa dữ liệu cá nhân…”: the real dialog counts what will be erased, wants the
school's code typed, erases on the database worker and says what became of the backups."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_erasure import NAME, school_with_planted_child

from desktop_app.core.rules.retention import ERASED_NAME
from desktop_app.ui.settings.page import SettingsPage

JOB_MS = 20_000


def test_the_dialog_erases_a_child_after_the_school_code_is_typed(qtbot, db, db_path, settings):
    sid = school_with_planted_child(db, db_path.parent)
    page = SettingsPage(db, db_path, settings=settings)
    qtbot.addWidget(page)
    dialog = page.open_erasure()
    qtbot.waitExposed(dialog)
    dialog.codes.setText("HS000001, HS404")
    assert "1 học sinh, 1 nhu cầu, 1 lượt bàn giao" in dialog.counts.text()
    assert "HS404" in dialog.counts.text()
    assert not dialog.erase_button.isEnabled()
    dialog.confirm.setText("sai")
    assert not dialog.erase_button.isEnabled()
    dialog.confirm.setText("66001")
    assert dialog.erase_button.isEnabled()
    with qtbot.waitSignal(dialog.jobFinished, timeout=JOB_MS) as finished:
        qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["succeeded"]
    assert "Đã xóa dữ liệu cá nhân của 1 học sinh" in dialog.status.text()
    assert "USB" in dialog.status.text()
    name = db.execute("SELECT full_name FROM students WHERE id = ?", [sid]).fetchone()[0]
    assert name == ERASED_NAME != NAME
    assert dialog.counts.text().startswith("0 học sinh")


def test_students_in_the_review_period_need_the_second_confirmation(qtbot, db, db_path, settings):
    school_with_planted_child(db, db_path.parent)
    db.execute("UPDATE needs SET status = 'proposed'")
    db.conn.commit()
    page = SettingsPage(db, db_path, settings=settings)
    qtbot.addWidget(page)
    dialog = page.open_erasure()
    dialog.by_class.setChecked(True)
    assert "4 học sinh còn trong thời gian rà soát" in dialog.counts.text()
    dialog.confirm.setText("XOA")
    assert not dialog.erase_button.isEnabled()
    dialog.force.setChecked(True)
    assert dialog.erase_button.isEnabled()
