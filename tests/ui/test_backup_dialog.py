"""Safe keeping in the window: the backup dialog (list, backup now, restore, the encrypted USB
copy), and at start-up the damaged-file offer, the second window refused, the daily backup."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from unittest import mock

import pytest
from dialogs import answering
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from test_backup import corrupt, hold_lock

from desktop_app.core.access import list_access
from desktop_app.core.paths import backups_dir
from desktop_app.core.safekeeping import backups
from desktop_app.core.safekeeping.instance import lock_holder
from desktop_app.ui.common.errors import ErrorDialog
from desktop_app.ui.common.jobs import ACTOR_PROPERTY
from desktop_app.ui.settings.backup_dialog import BackupDialog, PassphraseDialog
from desktop_app.ui.shell import app
from desktop_app.ui.shell.main_window import MainWindow

PASSPHRASE = "mật khẩu của trường"
JOB_MS = 20_000


def make_dialog(qtbot, db_path: Path) -> BackupDialog:
    """Opened as Cài đặt opens it."""
    dialog = BackupDialog(db_path)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def run_action(qtbot, dialog: BackupDialog, button) -> list[object]:
    """Click ``button`` and wait for the outcome of the job it starts."""
    with qtbot.waitSignal(dialog.jobFinished, timeout=JOB_MS) as finished:
        click(qtbot, button)
    return finished.args


def type_passphrase(text: str, again: bool):
    def fill(dialog: PassphraseDialog) -> None:
        dialog.first.setText(text)
        if again:
            dialog.second.setText(text)

    return fill


def add_students(db, *codes: str) -> None:
    for code in codes:
        db.execute(
            "INSERT INTO students (id, code, full_name, name_key, sort_key, birth_date, gender,"
            " class_name, created_at, updated_at) VALUES (?, ?, 'HS', 'hs', 'hs', '2010-01-01',"
            " 'Nam', '6A', '2024-01-01', '2024-01-01')",
            [code, code],
        )
    db.conn.commit()


def test_the_dialog_lists_backups_newest_first_and_backs_up_now(qtbot, db, db_path):
    add_students(db, "A1", "A2")
    backups.make_backup(db_path, "daily", now=datetime(2024, 5, 1, 7, 0))
    backups.make_backup(db_path, "before-import", now=datetime(2024, 5, 2, 9, 30))
    dialog = make_dialog(qtbot, db_path)
    table = dialog.table
    assert table.rowCount() == 2
    assert [table.item(r, 1).text() for r in range(2)] == ["Trước khi nhập tệp", "Hằng ngày"]
    assert table.item(0, 0).text() == "02/05/2024 09:30:00" and table.item(0, 3).text() == "2"
    assert dialog.restore_button.isEnabled()

    dialog.setProperty(ACTOR_PROPERTY, "Lê Thị Hoa")  # as the main window sets it on itself
    assert run_action(qtbot, dialog, dialog.backup_button) == ["succeeded"]
    assert table.rowCount() == 3 and table.item(0, 1).text() == "Sao lưu thủ công"
    assert "Đã sao lưu vào" in dialog.status.text()
    made = [(r.actor, r.kind, r.students) for r in list_access(db.conn)][-1]
    assert made == ("Lê Thị Hoa", "backup", 2)


def test_restoring_the_selected_backup_is_seen_by_the_open_window_connection(qtbot, db, db_path):
    add_students(db, "A1")
    backups.make_backup(db_path, "manual", now=datetime(2024, 5, 1))
    add_students(db, "B1", "B2")
    dialog = make_dialog(qtbot, db_path)
    with answering(qtbot) as answers, qtbot.waitSignal(dialog.restored, timeout=JOB_MS):
        question = answers.message_box(button=QMessageBox.StandardButton.Yes)
        click(qtbot, dialog.restore_button)
    assert question.title == "Khôi phục dữ liệu" and "01/05/2024" in question.text
    assert db.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 1  # the window's own
    assert "Đã khôi phục dữ liệu" in dialog.status.text()
    reasons = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert reasons[0] == "Trước khi khôi phục"


def test_saying_no_restores_nothing(qtbot, db, db_path):
    backups.make_backup(db_path, "manual")
    add_students(db, "A1")
    dialog = make_dialog(qtbot, db_path)
    with answering(qtbot) as answers:
        answers.message_box(button=QMessageBox.StandardButton.No, text="Thay toàn bộ dữ liệu")
        click(qtbot, dialog.restore_button)
    assert dialog.current_job() is None
    assert db.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 1


def test_export_to_usb_then_a_wrong_passphrase_is_refused_and_the_right_one_restores(
    qtbot, db, db_path, tmp_path
):
    add_students(db, "A1", "A2", "A3")
    usb = tmp_path / "usb" / "truong"
    usb.parent.mkdir()
    dialog = make_dialog(qtbot, db_path)
    dialog.setProperty(ACTOR_PROPERTY, "Nguyễn Văn Tâm")
    with answering(qtbot) as answers:
        where = answers.save_file(usb)
        answers.dialog(PassphraseDialog, fill=type_passphrase(PASSPHRASE, again=True),
                       button="Đồng ý")  # fmt: skip
        assert run_action(qtbot, dialog, dialog.export_button) == ["succeeded"]
    assert where.title == "Xuất bản sao mã hoá" and where.text.endswith(".smbk")
    usb = usb.with_name("truong.smbk")  # the suffix is added
    trail = [(r.actor, r.kind, r.target, r.students) for r in list_access(db.conn)]
    assert trail[-1] == ("Nguyễn Văn Tâm", "usb_copy", "truong.smbk", 3)
    assert usb.read_bytes().startswith(b"SMAYENC") and "Đã xuất bản sao mã hoá" in (
        dialog.status.text())  # fmt: skip

    add_students(db, "B1")
    with answering(qtbot) as answers:
        answers.open_file(usb)
        answers.dialog(PassphraseDialog, fill=type_passphrase("không phải mật khẩu", again=False),
                       button="Đồng ý")  # fmt: skip
        answers.message_box(button=QMessageBox.StandardButton.Yes, text="truong.smbk")
        refused = answers.dialog(ErrorDialog, button="Đóng")
        assert run_action(qtbot, dialog, dialog.import_button) == ["failed"]
    assert refused.text.startswith("Mật khẩu không đúng")
    assert db.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 4

    with answering(qtbot) as answers:
        answers.open_file(usb)
        answers.dialog(PassphraseDialog, fill=type_passphrase(PASSPHRASE, again=False),
                       button="Đồng ý")  # fmt: skip
        answers.message_box(button=QMessageBox.StandardButton.Yes, text="truong.smbk")
        assert run_action(qtbot, dialog, dialog.import_button) == ["succeeded"]
    assert db.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 3


def test_the_passphrase_dialog_wants_a_strong_passphrase_typed_twice_alike(qtbot):
    dialog = PassphraseDialog(confirm=True)
    qtbot.addWidget(dialog)
    dialog.first.setText("ngắn")
    dialog.accept()
    assert dialog.error.text().startswith("Mật khẩu quá ngắn: cần ít nhất 12 ký tự")
    assert dialog.result() == 0
    dialog.first.setText(PASSPHRASE)
    dialog.second.setText(PASSPHRASE + "x")
    assert dialog.problem() == "Hai lần nhập mật khẩu không giống nhau."
    dialog.second.setText(PASSPHRASE)
    dialog.accept()
    assert dialog.result() == 1 and dialog.passphrase() == PASSPHRASE


@pytest.mark.parametrize(
    ("weak", "why"),
    [("12345678", "chỉ có chữ số"), ("Matkhau123456", "danh sách mật khẩu hay dùng"),
     ("aaaaaaaaaaaa", "lặp lại hoặc dãy liền nhau")],
)  # fmt: skip
def test_making_a_usb_copy_with_a_weak_passphrase_is_refused_in_the_dialog_and_nothing_is_written(
    qtbot, db, db_path, tmp_path, weak, why
):
    add_students(db, "A1")
    usb = tmp_path / "usb" / "truong.smbk"
    usb.parent.mkdir()
    dialog = make_dialog(qtbot, db_path)
    seen: list[str] = []

    def fill(passphrase: PassphraseDialog) -> None:
        type_passphrase(weak, again=True)(passphrase)
        click(
            qtbot, passphrase.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        )
        seen.append(passphrase.error.text())
        assert passphrase.isVisible()  # still asking: the weak one was not taken

    with answering(qtbot) as answers:
        answers.save_file(usb)
        answers.dialog(PassphraseDialog, fill=fill, button="Hủy")
        click(qtbot, dialog.export_button)
    (error,) = seen
    assert why in error and error.endswith("Hãy dùng 4 từ dễ nhớ như: mây trắng bay qua núi.")
    assert dialog.current_job() is None and list(usb.parent.iterdir()) == []


def test_the_keep_setting_is_saved_beside_the_backups(qtbot, db_path, db):
    dialog = make_dialog(qtbot, db_path)
    assert dialog.keep.value() == 10
    dialog.keep.setValue(4)
    assert backups.load_keep(backups_dir(db_path)) == 4


# --- start-up ------------------------------------------------------------------------------------


def test_a_damaged_file_at_start_up_is_replaced_by_the_newest_good_backup_if_asked(
    qtbot, db, db_path
):
    add_students(db, "A1", "A2")
    backups.make_backup(db_path, "daily")
    db.close()
    corrupt(db_path)
    with answering(qtbot) as answers:
        offer = answers.message_box(button="Khôi phục bản sao lưu")
        first = app.start(db_path)  # shown first; every page is read in the background
        assert isinstance(first, MainWindow)
        qtbot.addWidget(first)
        qtbot.waitUntil(lambda: first.replacement is not None, timeout=20_000)
    window = app.current_window(first)  # the window on the restored file took its place
    qtbot.addWidget(window)
    assert offer.title == "Tệp dữ liệu bị hỏng" and "2 học sinh" in offer.text
    assert window.db.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 2
    assert list(backups_dir(db_path).glob("damaged-*"))  # the damaged file is kept
    window.db.close()


def test_declining_the_restore_of_a_damaged_file_stops_with_the_reason(qtbot, db, db_path):
    backups.make_backup(db_path, "daily")
    db.close()
    corrupt(db_path)
    ended: list[int] = []
    with answering(qtbot) as answers:
        answers.message_box(button="Thoát", text="hỏng")
        said = answers.dialog(ErrorDialog, button="Đóng")
        with mock.patch.object(QApplication, "exit", side_effect=ended.append):
            window = app.start(db_path)  # shown first; every page is read in the background
            qtbot.addWidget(window)
            qtbot.waitUntil(lambda: bool(ended), timeout=20_000)
    assert ended == [app.EXIT_CANNOT_OPEN] and not window.isVisible()
    assert "tệp bị hỏng" in said.text and window.replacement is None


def test_a_second_window_on_the_same_database_is_refused_with_who_has_it(qtbot, db, db_path):
    child = hold_lock(db_path)
    try:
        with answering(qtbot) as answers:
            refused = answers.dialog(ErrorDialog, button="Đóng")
            assert app.run(db_path) == app.EXIT_CANNOT_OPEN
    finally:
        child.kill()
        child.wait()
    assert refused.text.startswith("Ứng dụng đang mở tệp dữ liệu này trong một cửa sổ khác")
    assert str(child.pid) in refused.text
    assert not any(isinstance(w, MainWindow) and w.isVisible()
                   for w in QApplication.topLevelWidgets())  # fmt: skip


def test_run_makes_the_daily_backup_and_releases_the_lock(
    qtbot, db, db_path, quit_once_the_window_shows
):
    windows = quit_once_the_window_shows(0)
    assert app.run(db_path) == 0
    assert len(windows) == 1
    windows[0].close()
    assert [i.reason for i in backups.list_backups(db_path)] == ["daily"]
    assert lock_holder(db_path) is None


def test_settings_opens_the_dialog_and_a_restore_reloads_the_window_pages(
    qtbot, db, db_path, settings
):
    add_students(db, "A1")
    backups.make_backup(db_path, "manual", now=datetime(2024, 5, 1))
    add_students(db, "B1", "B2")
    window = MainWindow(db, db_path, settings=settings, poll_ms=3_600_000)
    qtbot.addWidget(window)
    window.show_section("students")
    students = window.page("students")
    assert students is not None and students.model.rowCount() == 3
    window.show_section("settings")
    page = window.current_page()
    window.show()
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    (dialog,) = [d for d in page.findChildren(BackupDialog) if d.isVisible()]
    with answering(qtbot) as answers, qtbot.waitSignal(window.data_changed, timeout=JOB_MS):
        answers.message_box(button=QMessageBox.StandardButton.Yes, text="01/05/2024")
        click(qtbot, dialog.restore_button)
    window.show_section("students")  # stale after the restore: reloaded when shown
    assert students.model.rowCount() == 1
