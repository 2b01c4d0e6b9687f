"""A CSV file goes through the window as a workbook does: dropped on the window or chosen in the
wizard's open dialog, checked, imported."""

from __future__ import annotations

from pathlib import Path

from builders import NEEDS_HEADERS
from helpers import drop_file
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlite_utils import Database
from test_import_csv import write_csv
from test_import_wizard import JOB_TIMEOUT_MS, choose_file, next_button, rows, run_import

from desktop_app.ui.import_wizard import ImportWizard
from desktop_app.ui.shell.main_window import MainWindow


def check_and_import(qtbot: QtBot, wizard: ImportWizard) -> None:
    with qtbot.waitSignal(wizard.job_finished, timeout=JOB_TIMEOUT_MS) as outcome:
        qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert outcome.args == ["succeeded"]
    assert wizard.check_page.headline.text() == "Tệp hợp lệ, sẵn sàng nhập."
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(wizard.imported) as imported:
        run_import(qtbot, wizard)
    assert imported.args == ["needs"]


def test_a_csv_dropped_on_the_window_is_checked_and_imported(
    qtbot: QtBot, db: Database, db_path: Path, settings, tmp_path: Path
) -> None:
    window = MainWindow(db, db_path, settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    path = write_csv(tmp_path / "nhu-cau.csv", NEEDS_HEADERS, rows(3), "utf-8-sig", ";")
    assert drop_file(window, path)
    wizard = window._import_wizard
    assert wizard is not None and wizard.file_path() == path
    check_and_import(qtbot, wizard)
    assert wizard.result_page.details.text().startswith("Đã nhập 3 dòng")
    assert db.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 3
    wizard.close()


def test_a_csv_chosen_in_the_open_dialog_is_checked_and_imported(
    qtbot: QtBot, db: Database, db_path: Path, tmp_path: Path
) -> None:
    wizard = ImportWizard(db_path, "needs")
    qtbot.addWidget(wizard)
    wizard.show()
    path = write_csv(tmp_path / "nhu-cau.csv", NEEDS_HEADERS, rows(2), "utf-16", "\t")
    asked = choose_file(qtbot, wizard, path)
    assert asked.filters == ["Bảng tính (*.xlsx *.xls *.ods *.csv)"]
    check_and_import(qtbot, wizard)
    names = [r[0] for r in db.execute("SELECT full_name FROM students ORDER BY code")]
    assert names == ["Nguyễn Văn An", "Nguyễn Văn Bình"]
