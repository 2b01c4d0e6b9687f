"""Safe keeping in the window: the backup dialog (list, backup now, restore, the encrypted USB
copy), and at start-up the damaged-file offer, the second window refused, the daily backup."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from unittest import mock

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from test_backup import corrupt, hold_lock

from desktop_app.core.errors import StoreError
from desktop_app.core.paths import backups_dir
from desktop_app.core.safekeeping import backups
from desktop_app.core.safekeeping.instance import lock_holder
from desktop_app.ui.common.errors import ErrorDialog
from desktop_app.ui.settings.backup_dialog import BackupDialog, PassphraseDialog
from desktop_app.ui.shell import app
from desktop_app.ui.shell.main_window import MainWindow

PASSPHRASE = "mật khẩu của trường"
JOB_MS = 20_000


def make_dialog(qtbot, db_path: Path) -> BackupDialog:
    dialog = BackupDialog(db_path)
    qtbot.addWidget(dialog)
    return dialog


def run_action(qtbot, dialog: BackupDialog, action) -> list[object]:
    with qtbot.waitSignal(dialog.jobFinished, timeout=JOB_MS) as finished:
        action()
    return finished.args


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

    assert run_action(qtbot, dialog, dialog.backup_now) == ["succeeded"]
    assert table.rowCount() == 3 and table.item(0, 1).text() == "Sao lưu thủ công"
    assert "Đã sao lưu vào" in dialog.status.text()


def test_restoring_the_selected_backup_is_seen_by_the_open_window_connection(
    qtbot, db, db_path, monkeypatch
):
    add_students(db, "A1")
    backups.make_backup(db_path, "manual", now=datetime(2024, 5, 1))
    add_students(db, "B1", "B2")
    dialog = make_dialog(qtbot, db_path)
    confirm = mock.create_autospec(dialog.confirm, return_value=True)
    monkeypatch.setattr(dialog, "confirm", confirm)
    with qtbot.waitSignal(dialog.restored, timeout=JOB_MS):
        dialog.restore_selected()
    assert "01/05/2024" in confirm.call_args.args[0]
    assert db.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 1  # the window's own
    assert "Đã khôi phục dữ liệu" in dialog.status.text()
    reasons = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert reasons[0] == "Trước khi khôi phục"


def test_saying_no_restores_nothing(qtbot, db, db_path, monkeypatch):
    backups.make_backup(db_path, "manual")
    add_students(db, "A1")
    dialog = make_dialog(qtbot, db_path)
    monkeypatch.setattr(dialog, "confirm",
                        mock.create_autospec(dialog.confirm, return_value=False))  # fmt: skip
    dialog.restore_selected()
    assert dialog.current_job() is None
    assert db.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 1


def test_export_to_usb_then_a_wrong_passphrase_is_refused_and_the_right_one_restores(
    qtbot, db, db_path, tmp_path, monkeypatch
):
    add_students(db, "A1", "A2", "A3")
    usb = tmp_path / "usb" / "truong.smbk"
    dialog = make_dialog(qtbot, db_path)
    monkeypatch.setattr(dialog, "ask_export_path",
                        mock.create_autospec(dialog.ask_export_path, return_value=usb))  # fmt: skip
    ask = mock.create_autospec(dialog.ask_passphrase, return_value=PASSPHRASE)
    monkeypatch.setattr(dialog, "ask_passphrase", ask)
    assert run_action(qtbot, dialog, dialog.export_to_usb) == ["succeeded"]
    ask.assert_called_once_with(confirm=True)
    assert usb.read_bytes().startswith(b"SMAYENC") and "Đã xuất bản sao mã hoá" in (
        dialog.status.text())  # fmt: skip

    add_students(db, "B1")
    monkeypatch.setattr(dialog, "ask_restore_path",
                        mock.create_autospec(dialog.ask_restore_path, return_value=usb))  # fmt: skip
    monkeypatch.setattr(dialog, "confirm",
                        mock.create_autospec(dialog.confirm, return_value=True))  # fmt: skip
    ask.return_value = "không phải mật khẩu"
    assert run_action(qtbot, dialog, dialog.restore_from_file) == ["failed"]
    shown = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, ErrorDialog) and w.isVisible()]  # fmt: skip
    assert shown and shown[0].message().startswith("Mật khẩu không đúng")
    for error in shown:
        error.close()
    assert db.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 4

    ask.return_value = PASSPHRASE
    assert run_action(qtbot, dialog, dialog.restore_from_file) == ["succeeded"]
    assert ask.call_args.kwargs == {"confirm": False}
    assert db.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 3


def test_the_passphrase_dialog_wants_eight_characters_typed_twice_alike(qtbot):
    dialog = PassphraseDialog(confirm=True)
    qtbot.addWidget(dialog)
    dialog.first.setText("ngắn")
    dialog.accept()
    assert dialog.error.text() == "Mật khẩu cần ít nhất 8 ký tự." and dialog.result() == 0
    dialog.first.setText(PASSPHRASE)
    dialog.second.setText(PASSPHRASE + "x")
    assert dialog.problem() == "Hai lần nhập mật khẩu không giống nhau."
    dialog.second.setText(PASSPHRASE)
    dialog.accept()
    assert dialog.result() == 1 and dialog.passphrase() == PASSPHRASE


def test_the_keep_setting_is_saved_beside_the_backups(qtbot, db_path, db):
    dialog = make_dialog(qtbot, db_path)
    assert dialog.keep.value() == 10
    dialog.keep.setValue(4)
    assert backups.load_keep(backups_dir(db_path)) == 4


# --- start-up ------------------------------------------------------------------------------------


def test_a_damaged_file_at_start_up_is_replaced_by_the_newest_good_backup_if_asked(
    qtbot, db, db_path, monkeypatch
):
    add_students(db, "A1", "A2")
    backups.make_backup(db_path, "daily")
    db.close()
    corrupt(db_path)
    ask = mock.create_autospec(app.ask_to_restore, return_value=True)
    monkeypatch.setattr(app, "ask_to_restore", ask)
    window = app.start(db_path)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert ask.call_args.args[0].newest_good.students == 2
    assert window.db.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 2
    assert list(backups_dir(db_path).glob("damaged-*"))  # the damaged file is kept
    window.db.close()


def test_declining_the_restore_of_a_damaged_file_stops_with_the_reason(
    qtbot, db, db_path, monkeypatch
):
    backups.make_backup(db_path, "daily")
    db.close()
    corrupt(db_path)
    monkeypatch.setattr(app, "ask_to_restore",
                        mock.create_autospec(app.ask_to_restore, return_value=False))  # fmt: skip
    try:
        app.start(db_path)
    except StoreError as exc:
        assert exc.code == "database_damaged" and "tệp bị hỏng" in exc.message
    else:
        raise AssertionError("a damaged file was opened")


def close_dialogs_later(shown: list[str]) -> None:
    def close() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        shown.extend(d.message() for d in dialogs if isinstance(d, ErrorDialog))
        for dialog in dialogs:
            dialog.close()

    QTimer.singleShot(100, close)


def test_a_second_window_on_the_same_database_is_refused_with_who_has_it(qtbot, db, db_path):
    child = hold_lock(db_path)
    shown: list[str] = []
    try:
        close_dialogs_later(shown)
        assert app.run(db_path) == app.EXIT_CANNOT_OPEN
    finally:
        child.kill()
        child.wait()
    assert shown and shown[0].startswith("Ứng dụng đang mở tệp dữ liệu này trong một cửa sổ khác")
    assert str(child.pid) in shown[0]
    assert not any(isinstance(w, MainWindow) and w.isVisible()
                   for w in QApplication.topLevelWidgets())  # fmt: skip


def test_run_makes_the_daily_backup_and_releases_the_lock(qtbot, db, db_path):
    windows: list[MainWindow] = []

    def look_and_quit() -> None:
        windows.extend(w for w in QApplication.topLevelWidgets()
                       if isinstance(w, MainWindow) and w.isVisible())  # fmt: skip
        QApplication.exit(0)

    QTimer.singleShot(100, look_and_quit)
    assert app.run(db_path) == 0
    assert len(windows) == 1
    windows[0].close()
    assert [i.reason for i in backups.list_backups(db_path)] == ["daily"]
    assert lock_holder(db_path) is None


def test_settings_opens_the_dialog_and_a_restore_reloads_the_window_pages(
    qtbot, db, db_path, settings, monkeypatch
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
    dialog = page.open_backups()
    monkeypatch.setattr(dialog, "confirm", lambda _text: True)
    with qtbot.waitSignal(window.data_changed, timeout=JOB_MS):
        dialog.restore_selected()
    window.show_section("students")  # stale after the restore: reloaded when shown
    assert students.model.rowCount() == 1
