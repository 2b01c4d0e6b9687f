"""The "Tiêm vắc-xin" page: coverage by class against a count made here, the students with no
dose, the late records, a double-click opening the student's doses, import and export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from dialogs import answering
from helpers import open_dialog_of, show_page
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlite_utils import Database
from vaccination_builders import TEEN, TODAY, add_students, give

from desktop_app.core.templates.spec import KINDS
from desktop_app.core.vaccinations.checks import DoseRequest
from desktop_app.core.vaccinations.service import current_of, record_doses, void_dose
from desktop_app.ui.students.dialog import StudentDialog
from desktop_app.ui.vaccinations.dose_dialog import DoseDialog
from desktop_app.ui.vaccinations.page import VaccinationsPage
from desktop_app.ui.vaccinations.tables import CoverageModel

JOB_MS = 20_000
# Doses per student, by class: what the page must count.
SCHOOL = {"6A1": [0, 1, 2, 2, 3], "6A10": [2, 0], "6A2": [1, 1, 0], "7A1": [3, 3, 2, 0]}


def make_page(qtbot: QtBot, db: Database, db_path: Path) -> VaccinationsPage:
    page = show_page(qtbot, VaccinationsPage(db, db_path, today=TODAY))
    wait_idle(qtbot, page)
    return page


def wait_idle(qtbot: QtBot, page: VaccinationsPage) -> None:
    qtbot.waitUntil(lambda: not page.is_busy() and page.data is not None, timeout=JOB_MS)


@pytest.fixture
def school(db: Database) -> dict[str, str]:
    rows, doses = [], {}
    for class_name, counts in SCHOOL.items():
        for i, count in enumerate(counts):
            code = f"{class_name}-{i}"
            rows.append((code, f"Trần Văn {class_name} {i}", class_name, TEEN))
            doses[code] = count
    ids = add_students(db, rows)
    for code, count in doses.items():
        give(db, code, count)
    return ids


def number_in(cell: str) -> float:
    return float(cell.replace(".", "").replace(",", "."))


def test_the_coverage_table_counts_what_was_recorded_class_by_class_and_in_total(
    qtbot, db, db_path, school
):
    # A dose recorded and then cancelled counts for nothing; a corrected dose counts once.
    ids = add_students(db, [("6A2-x", "Lê Thị Mai", "6A2", TEEN)])
    give(db, "6A2-x", 1)
    (dose,) = current_of(db.conn, ids["6A2-x"])
    assert void_dose(db, dose.id, today=TODAY) == []
    expected_counts = {**SCHOOL, "6A2": [*SCHOOL["6A2"], 0]}
    page = make_page(qtbot, db, db_path)
    model = page.coverage_model
    shown = {model.cell(r, CoverageModel.CLASS): r for r in range(model.rowCount())}
    assert list(shown) == ["6A1", "6A2", "6A10", "7A1", "Toàn trường"]  # 6A2 before 6A10
    everyone = [n for counts in expected_counts.values() for n in counts]
    for label, counts in [*expected_counts.items(), ("Toàn trường", everyone)]:
        row = shown[label]
        at_least = [sum(1 for n in counts if n >= k) for k in (1, 2, 3)]
        cells = [model.cell(row, c) for c in range(model.columnCount())]
        assert [number_in(c) for c in cells[1:6]] == [len(counts), *at_least,
                                                      counts.count(0)], label  # fmt: skip
        assert number_in(cells[6]) == pytest.approx(100 * at_least[0] / len(counts), abs=0.05)
    total_font = model.data(model.index(shown["Toàn trường"], 0), Qt.ItemDataRole.FontRole)
    assert total_font is not None and total_font.bold()
    assert (
        page.count_label.text()
        == f"{sum(1 for n in everyone if n)}/{len(everyone)} học sinh đã tiêm ít nhất 1 mũi"
    )


def test_the_students_with_no_dose_are_listed_and_filtered_by_class(qtbot, db, db_path, school):
    page = make_page(qtbot, db, db_path)
    model = page.unvaccinated_model
    listed = {model.data(model.index(r, 0)) for r in range(model.rowCount())}
    assert listed == {f"{c}-{i}" for c, counts in SCHOOL.items()
                      for i, n in enumerate(counts) if n == 0}  # fmt: skip
    assert page.tabs.tabText(0) == f"Chưa tiêm ({len(listed)})"
    page.class_filter.setCurrentIndex(page.class_filter.findData("7A1"))
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == ["7A1-3"]
    assert page.unvaccinated_count.text() == "1 học sinh chưa có mũi tiêm nào"


def test_a_dose_recorded_more_than_a_day_late_is_listed_with_its_delay(qtbot, db, db_path):
    add_students(db, [("HS1", "Phạm Thu Hà", "8A1", TEEN), ("HS2", "Võ Minh Long", "8A1", TEEN)])
    on_time = DoseRequest("HS1", 1, date(2021, 12, 1), "comirnaty", "school")
    late = DoseRequest("HS2", 1, date(2021, 12, 1), "comirnaty", "community")
    assert record_doses(db, [on_time], today=date(2021, 12, 2)).saved
    assert record_doses(db, [late], today=date(2021, 12, 6)).saved
    page = make_page(qtbot, db, db_path)
    model = page.late_model
    assert model.rowCount() == 1
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row == ["HS2", "Võ Minh Long", "8A1", "1", "01/12/2021", "06/12/2021", "5"]
    assert page.tabs.tabText(1) == "Ghi nhận muộn (1)"


def test_a_double_click_on_a_student_opens_the_form_on_the_vaccination_tab(
    qtbot, db, db_path, school
):
    page = make_page(qtbot, db, db_path)
    table = page.unvaccinated_table
    rect = table.visualRect(page.unvaccinated_model.index(0, 1))
    # press and release, then the double-click event (as in test_import_wizard)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = open_dialog_of(page, StudentDialog)
    assert dialog.tabs.currentWidget() is dialog.vaccinations
    assert dialog.vaccinations.summary.text() == "Chưa có mũi tiêm nào được ghi nhận."
    dialog.reject()


def test_a_dose_added_from_the_page_s_student_form_updates_the_figures(qtbot, db, db_path, school):
    page = make_page(qtbot, db, db_path)
    before = page.coverage_model.cell(page.coverage_model.rowCount() - 1, 2)
    dialog = page.open_student(school["7A1-3"])
    assert isinstance(dialog, StudentDialog)
    tab = dialog.vaccinations
    with answering(qtbot) as answers:
        answers.dialog(
            DoseDialog, button="Lưu", fill=lambda d: d.vaccinated_on.setText("03/01/2022")
        )
        tab.add_button.click()
    wait_idle(qtbot, page)
    after = page.coverage_model.cell(page.coverage_model.rowCount() - 1, 2)
    assert number_in(after) == number_in(before) + 1
    dialog.reject()


def test_the_import_button_opens_the_wizard_on_the_vaccinations_template(
    qtbot, db, db_path, settings
):
    from desktop_app.ui.shell.main_window import MainWindow

    window = MainWindow(db, db_path, settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.show_section("vaccinations")
    page = window.current_page()
    assert isinstance(page, VaccinationsPage)
    page.import_button.click()
    wizard = window._import_wizard
    assert wizard is not None and wizard.kind() == "vaccinations"
    wizard.close()


def test_the_export_button_writes_every_current_dose(qtbot, db, db_path, school, tmp_path):
    page = make_page(qtbot, db, db_path)
    target = tmp_path / "tiem.xlsx"
    with answering(qtbot) as answers:
        answers.save_file(target)
        done = answers.message_box(QMessageBox.StandardButton.Ok)
        page.export_button.click()
    doses = sum(sum(counts) for counts in SCHOOL.values())
    assert f"Đã lưu {doses} dòng" in done.text
    sheet = load_workbook(target).active
    cells = [value for row in sheet.iter_rows(values_only=True) for value in row]
    assert sum(1 for value in cells if value in school) == doses  # one row per dose


def test_without_template_4_9_1_the_import_and_export_buttons_say_it_is_missing(qtbot, db, db_path):
    page = make_page(qtbot, db, db_path)
    has = "vaccinations" in KINDS
    assert page.import_button.isEnabled() is has and page.export_button.isEnabled() is has
    if not has:
        assert page.import_button.toolTip() == "Mẫu 4.9.1 chưa có trong phiên bản này"
