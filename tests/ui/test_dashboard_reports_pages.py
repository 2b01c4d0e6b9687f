"""The Tổng quan and Báo cáo pages show the core's figures; the window opens the import wizard
from the menu and from a dropped file."""

from __future__ import annotations

from pathlib import Path

from helpers import drop_file
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_app.core.dashboard import dashboard_summary
from desktop_app.core.demo import fill_demo_data
from desktop_app.core.reports import needs_summary
from desktop_app.ui.dashboard.page import DashboardPage
from desktop_app.ui.reports.page import ReportsPage
from desktop_app.ui.shell.main_window import MainWindow


def test_dashboard_cards_and_charts_show_the_core_figures(qtbot, db):
    fill_demo_data(db, students=120)
    page = DashboardPage(db)
    qtbot.addWidget(page)
    summary = dashboard_summary(db)
    assert page.cards["needs"].value_label.text() == "120"
    assert page.cards["handed"].value_label.text() == str(summary.handed_over)
    assert [v for _, v in page.needs_chart.items()] == [
        summary.needs_by_category[c] for c in (1, 2, 3, 4)
    ]
    assert page.late_table.rowCount() == len(summary.late)


def test_dashboard_refresh_follows_new_records(qtbot, db):
    page = DashboardPage(db)
    qtbot.addWidget(page)
    assert page.cards["needs"].value_label.text() == "0"
    fill_demo_data(db, students=30)
    page.refresh()
    assert page.cards["needs"].value_label.text() == "30"


def test_reports_page_shows_the_summary_and_exports_it(qtbot, db, tmp_path, monkeypatch):
    fill_demo_data(db, students=80)
    page = ReportsPage(db)
    qtbot.addWidget(page)
    last = page.needs_table.rowCount() - 1
    assert page.needs_table.item(last, 0).text() == "Tổng cộng"
    total_column = page.needs_table.columnCount() - 1
    assert page.needs_table.item(last, total_column).text() == str(needs_summary(db).total)
    target = tmp_path / "4.8.2.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    page.export_summary_button.click()
    assert target.exists() and str(target) in shown[0]


def _window(qtbot, db, db_path, settings) -> MainWindow:
    window = MainWindow(db, db_path, settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_import_wizard_opens_for_the_current_sections_template(qtbot, db, db_path, settings):
    window = _window(qtbot, db, db_path, settings)
    window.show_section("receiving")
    wizard = window.open_import_wizard()  # deletes itself when closed
    assert wizard.kind() == "devices"
    wizard.close()
    window.show_section("students")
    window.import_action.trigger()
    assert window._import_wizard.kind() == "needs"
    window._import_wizard.close()


def test_a_spreadsheet_dropped_on_the_window_opens_the_wizard_with_it(
    qtbot, db, db_path, settings, tmp_path: Path
):
    window = _window(qtbot, db, db_path, settings)
    path = tmp_path / "nhu-cau.xlsx"
    path.write_bytes(b"")
    assert drop_file(window, path)
    assert window._import_wizard is not None
    assert window._import_wizard.file_path() == path
    window._import_wizard.close()


def test_in_the_window_an_export_runs_on_the_database_worker(
    qtbot, db, db_path, settings, tmp_path, monkeypatch
):
    fill_demo_data(db, students=50)
    window = _window(qtbot, db, db_path, settings)
    window.show_section("reports")
    target = tmp_path / "nhu-cau.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    window.current_page().export_template("needs", "nhu-cau.xlsx")
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert target.exists() and shown[0].startswith("Đã lưu 50 dòng")
