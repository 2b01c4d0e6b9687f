"""The Tổng quan and Báo cáo pages show the core's figures; the window opens the import wizard
from the menu and from a dropped file."""

from __future__ import annotations

from pathlib import Path

import pytest
from dialogs import answering
from helpers import drop_file, show_page
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from desktop_app.core.dashboard import dashboard_summary
from desktop_app.core.demo import fill_demo_data
from desktop_app.core.reports import needs_summary
from desktop_app.ui.common.jobs import current_job
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


def test_reports_page_shows_the_summary_and_exports_it(qtbot, db, db_path, tmp_path):
    fill_demo_data(db, students=80)
    page = show_page(qtbot, ReportsPage(db, db_path))
    last = page.needs_table.rowCount() - 1
    assert page.needs_table.item(last, 0).text() == "Tổng cộng"
    total_column = page.needs_table.columnCount() - 1
    assert page.needs_table.item(last, total_column).text() == str(needs_summary(db).total)
    target = tmp_path / "4.8.2.xlsx"
    with answering(qtbot) as answers:
        asked = answers.save_file(target)
        saved = answers.message_box(button=QMessageBox.StandardButton.Ok)
        qtbot.mouseClick(page.export_summary_button, Qt.MouseButton.LeftButton)
    assert asked.title == "Lưu tệp Excel" and asked.text == "thong-ke-4.8.2.xlsx"
    assert asked.filters == ["Bảng tính Excel (*.xlsx)"]
    assert target.exists() and saved.text == f"Đã lưu {target}"


def test_cancelling_the_file_dialog_exports_nothing(qtbot, db, db_path, tmp_path):
    page = show_page(qtbot, ReportsPage(db, db_path))
    with answering(qtbot) as answers:
        answers.cancel_file()
        qtbot.mouseClick(page.export_buttons["devices"], Qt.MouseButton.LeftButton)
    assert current_job(page) is None and list(tmp_path.glob("*.xlsx")) == []


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


@pytest.mark.parametrize(
    ("button_text", "file_name", "saved_text"),
    [
        ("Xuất Excel mẫu 4.8.2", "thong-ke.xlsx", "Đã lưu"),
        ("Danh sách nhu cầu", "nhu-cau.xlsx", "Đã lưu 50 dòng"),
        ("Thiết bị tiếp nhận", "thiet-bi.xlsx", "Đã lưu"),
        ("Bàn giao", "ban-giao.xlsx", "Đã lưu"),
    ],
)
def test_after_an_export_in_the_window_the_saved_message_is_alone_on_screen_and_answered(
    qtbot, db, db_path, settings, tmp_path, button_text, file_name, saved_text
):
    """The freeze clerks met: the export's progress dialog, hidden when the export ended, came
    back over "Đã xuất"; neither could be closed."""
    fill_demo_data(db, students=50)
    window = _window(qtbot, db, db_path, settings)
    window.show_section("reports")
    page = window.current_page()
    (button,) = [b for b in page.findChildren(QPushButton) if b.text().startswith(button_text)]
    assert isinstance(page, ReportsPage)
    target = tmp_path / file_name
    with answering(qtbot) as answers:
        answers.save_file(target)
        saved = answers.message_box(button=QMessageBox.StandardButton.Ok, text=saved_text)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert saved.title == "Đã xuất" and str(target) in saved.text
    assert target.exists()
