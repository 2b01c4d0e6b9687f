"""Starting the application: the first-run wizard, demo data, a clean exit, the CLI wiring."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

from dialogs import answering
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from desktop_app import cli
from desktop_app.core.school import load_school
from desktop_app.core.store.database import open_database
from desktop_app.core.store.queries import database_info
from desktop_app.ui.common.errors import ErrorDialog
from desktop_app.ui.settings.recovery_dialog import RecoveryKeyDialog
from desktop_app.ui.settings.setup_wizard import SetupWizard
from desktop_app.ui.shell import app
from desktop_app.ui.shell.main_window import MainWindow
from desktop_app.ui.shell.session import WhoDialog


def tick_kept(dialog: RecoveryKeyDialog) -> None:
    """The recovery key step: "Tiếp tục" once the key was put away."""
    dialog.kept_box.setChecked(True)


def press_next(qtbot, wizard: SetupWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def test_first_run_shows_the_wizard_on_an_empty_database_then_the_main_window(qtbot, tmp_path):
    path = tmp_path / "new.sqlite3"
    refused: list[list[str]] = []

    def fill_in(wizard: SetupWizard) -> None:
        press_next(qtbot, wizard)  # nothing typed yet
        refused.append(wizard.school_page.visible_errors())
        wizard.school_page.name_edit.setText("Trường THPT Lê Lợi")
        wizard.school_page.code_edit.setText("79001")
        wizard.school_page.level_combo.setCurrentIndex(2)
        press_next(qtbot, wizard)
        press_next(qtbot, wizard)  # the staff who use this PC: at least one
        press_next(qtbot, wizard)
        refused.append([wizard.staff_page.error_label.text()])
        wizard.staff_page.name_edit.setText("Lê Thị Hoa")
        press_next(qtbot, wizard)  # the summary, read before saving

    with answering(qtbot) as answers:
        answers.dialog(SetupWizard, fill=fill_in, button="Hoàn tất")
        answers.dialog(RecoveryKeyDialog, fill=tick_kept, button="Tiếp tục")  # a new file's key
        answers.dialog(WhoDialog, button="Vào làm việc")  # the one user, chosen
        window = app.start(path)
    assert refused[1] == ["Vui lòng thêm ít nhất một người dùng."]
    assert window is not None and window.actor == "Lê Thị Hoa"
    assert len(refused[0]) == 3
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.isVisible()
    profile = load_school(window.db)
    assert (profile.name, profile.code, profile.level) == ("Trường THPT Lê Lợi", "79001", "THPT")
    assert window.windowTitle().startswith("Trường THPT Lê Lợi")
    window.db.close()


def test_run_shows_the_main_window_after_the_wizard_and_returns_the_loops_exit_code(
    qtbot, tmp_path, quit_once_the_window_shows
):
    def fill_in(wizard: SetupWizard) -> None:
        wizard.school_page.name_edit.setText("Trường TH Hòa Bình")
        wizard.school_page.code_edit.setText("A01")
        wizard.school_page.level_combo.setCurrentIndex(0)
        wizard.next()
        wizard.people_page.edits["principal"].setText("Nguyễn Văn Tâm")  # proposed as a user
        wizard.next()
        wizard.next()  # the summary

    windows = quit_once_the_window_shows(7)  # the loop runs: the wizard did not end the app
    with answering(qtbot) as answers:
        answers.dialog(SetupWizard, fill=fill_in, button="Hoàn tất")
        answers.dialog(RecoveryKeyDialog, fill=tick_kept, button="Tiếp tục")
        answers.dialog(WhoDialog, button="Vào làm việc")
        assert app.run(tmp_path / "new.sqlite3") == 7
    assert len(windows) == 1
    windows[0].close()  # outside the loop: closing inside would post a Quit for the next test


def test_cancelling_the_first_run_wizard_exits_cleanly_with_0(qtbot, tmp_path):
    with answering(qtbot) as answers:
        answers.dialog(SetupWizard, button="Hủy")
        answers.message_box("Thoát", text="Thoát mà chưa thiết lập trường?")  # never silently
        assert app.run(tmp_path / "new.sqlite3") == 0
    assert not any(isinstance(w, MainWindow) and w.isVisible()
                   for w in QApplication.topLevelWidgets())  # fmt: skip


def test_a_database_with_a_school_opens_straight_on_the_main_window(qtbot, db, db_path):
    window = app.start(db_path)
    qtbot.addWidget(window)
    assert window.isVisible()
    assert not any(isinstance(w, SetupWizard) and w.isVisible()
                   for w in QApplication.topLevelWidgets())  # fmt: skip
    window.db.close()


def test_demo_fills_an_empty_database_and_skips_the_wizard(qtbot, tmp_path):
    path = tmp_path / "demo.sqlite3"
    window = app.start(path, demo=True)
    qtbot.addWidget(window)
    counts = database_info(window.db, path)["counts"]
    assert counts["students"] > 0 and load_school(window.db).is_complete
    window.db.close()


def test_demo_leaves_a_database_with_students_alone(qtbot, tmp_path):
    path = tmp_path / "demo.sqlite3"
    db = open_database(path)
    assert app.fill_demo_if_empty(db, path)
    before = database_info(db, path)
    assert not app.fill_demo_if_empty(db, path)
    assert database_info(db, path) == before
    db.close()


def test_an_unopenable_database_is_reported_and_exits_with_1(qtbot, tmp_path):
    bad = tmp_path / "not-a-database.sqlite3"
    bad.write_bytes(b"this is not SQLite" * 100)
    with answering(qtbot) as answers:
        said = answers.dialog(ErrorDialog, button="Đóng")
        assert app.run(bad) == app.EXIT_CANNOT_OPEN
    assert said.text.startswith("Không mở được tệp dữ liệu")


def test_songmay_without_a_subcommand_starts_the_window(monkeypatch, tmp_path):
    run = mock.create_autospec(app.run, return_value=0)
    monkeypatch.setattr(app, "run", run)
    assert cli.main(["--db", str(tmp_path / "x.sqlite3"), "--demo"]) == 0
    run.assert_called_once_with(Path(tmp_path / "x.sqlite3"), demo=True)


def test_subcommands_never_start_the_window(monkeypatch, tmp_path, capsys):
    run = mock.create_autospec(app.run, return_value=0)
    monkeypatch.setattr(app, "run", run)
    assert cli.main(["--db", str(tmp_path / "x.sqlite3"), "info"]) == 0
    run.assert_not_called()
    assert "Thay đổi chờ đồng bộ" in capsys.readouterr().out
