"""Starting the application: the first-run wizard, demo data, a clean exit, the CLI wiring."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from unittest import mock

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard

from desktop_app import cli
from desktop_app.core.school import load_school
from desktop_app.core.store.database import open_database
from desktop_app.core.store.queries import database_info
from desktop_app.ui.settings.setup_wizard import SetupWizard
from desktop_app.ui.shell import app
from desktop_app.ui.shell.main_window import MainWindow


def when_the_wizard_shows(drive: Callable[[SetupWizard], None]) -> list[SetupWizard]:
    """Drive the modal wizard from inside its own event loop; it never stays open on failure."""
    seen: list[SetupWizard] = []
    attempts = iter(range(300))

    def step() -> None:
        wizards = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, SetupWizard) and w.isVisible()]  # fmt: skip
        if not wizards:
            if next(attempts, None) is not None:
                QTimer.singleShot(10, step)
            return
        seen.append(wizards[0])
        try:
            drive(wizards[0])
        finally:
            if wizards[0].isVisible():
                wizards[0].reject()

    QTimer.singleShot(0, step)
    return seen


def test_first_run_shows_the_wizard_on_an_empty_database_then_the_main_window(qtbot, tmp_path):
    path = tmp_path / "new.sqlite3"
    refused: list[list[str]] = []

    def fill_in(wizard: SetupWizard) -> None:
        wizard.button(QWizard.WizardButton.NextButton).click()  # nothing typed yet
        refused.append(wizard.school_page.visible_errors())
        wizard.school_page.name_edit.setText("Trường THPT Lê Lợi")
        wizard.school_page.code_edit.setText("79001")
        wizard.school_page.level_combo.setCurrentIndex(2)
        wizard.button(QWizard.WizardButton.NextButton).click()
        wizard.button(QWizard.WizardButton.FinishButton).click()

    seen = when_the_wizard_shows(fill_in)
    window = app.start(path)
    assert seen, "the wizard did not appear"
    assert len(refused[0]) == 3
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.isVisible()
    profile = load_school(window.db)
    assert (profile.name, profile.code, profile.level) == ("Trường THPT Lê Lợi", "79001", "THPT")
    assert window.windowTitle().startswith("Trường THPT Lê Lợi")
    window.db.close()


def test_run_shows_the_main_window_after_the_wizard_and_returns_the_loops_exit_code(
    qtbot, tmp_path
):
    windows: list[MainWindow] = []

    def finish(wizard: SetupWizard) -> None:
        wizard.school_page.name_edit.setText("Trường TH Hòa Bình")
        wizard.school_page.code_edit.setText("A01")
        wizard.school_page.level_combo.setCurrentIndex(0)
        wizard.next()
        wizard.button(QWizard.WizardButton.FinishButton).click()

        def look_and_quit() -> None:  # the event loop runs: the wizard did not end the app
            windows.extend(w for w in QApplication.topLevelWidgets()
                           if isinstance(w, MainWindow) and w.isVisible())  # fmt: skip
            QApplication.exit(7)

        QTimer.singleShot(100, look_and_quit)

    when_the_wizard_shows(finish)
    assert app.run(tmp_path / "new.sqlite3") == 7
    assert len(windows) == 1
    windows[0].close()  # outside the loop: closing inside would post a Quit for the next test


def test_cancelling_the_first_run_wizard_exits_cleanly_with_0(qtbot, tmp_path):
    seen = when_the_wizard_shows(lambda wizard: wizard.reject())
    assert app.run(tmp_path / "new.sqlite3") == 0
    assert seen
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


def test_an_unopenable_database_is_reported_and_exits_with_1(qtbot, tmp_path, monkeypatch):
    bad = tmp_path / "not-a-database.sqlite3"
    bad.write_bytes(b"this is not SQLite" * 100)
    shown: list[str] = []

    def close_the_dialog() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        shown.extend(d.message() for d in dialogs if hasattr(d, "message"))
        for dialog in dialogs:
            dialog.close()

    QTimer.singleShot(50, close_the_dialog)
    assert app.run(bad) == app.EXIT_CANNOT_OPEN
    assert shown and shown[0].startswith("Không mở được tệp dữ liệu")


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
