"""The import wizard on real files and a real SQLite file: check, problems, import, cancel."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from builders import NEEDS_HEADERS, needs_row, write_large_needs_file, write_sheet
from dialogs import Answer, answering
from helpers import drop_file
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from desktop_app.core import problems as P
from desktop_app.core.jobs import Cancelled
from desktop_app.core.school import save_school
from desktop_app.core.store.database import open_database
from desktop_app.ui.common.jobs import cancel_all_jobs
from desktop_app.ui.import_wizard import ImportWizard, RowDialog
from desktop_app.ui.import_wizard import work as import_wizard
from desktop_app.ui.import_wizard.problem_model import (
    CELL,
    COLUMN,
    MESSAGE,
    ROW,
    SEVERITY,
    ErrorsOnlyFilter,
    ProblemTableModel,
)

JOB_TIMEOUT_MS = 30_000
# Twelve years old today: a grade-6 student whatever day the tests run.
BIRTH = (date.today() - timedelta(days=365 * 12 + 40)).strftime("%d/%m/%Y")


def rows(count: int) -> list[dict[str, Any]]:
    return [needs_row(number, **{"Ngày sinh (*)": BIRTH}) for number in range(1, count + 1)]


@pytest.fixture
def db_path(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "s.sqlite3"
    db = open_database(path)
    save_school(db, {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THCS"})
    db.close()
    yield path


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def wizard(qtbot: QtBot, db_path: Path) -> Iterator[ImportWizard]:
    widget = ImportWizard(db_path, "needs")
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    assert cancel_all_jobs()  # no job outlives its test


@pytest.fixture
def file_with_errors(tmp_path: Path) -> Path:
    data = rows(6)
    data[1]["Họ và tên (*)"] = ""  # Excel row 5 (title, blank, header above)
    data[3]["Ngày sinh (*)"] = "31/02/2010"  # row 7
    return write_sheet(tmp_path / "nhu-cau-loi.xlsx", NEEDS_HEADERS, data)


@pytest.fixture(scope="module")
def large_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("large") / "nhu-cau-lon.xlsx"
    return write_large_needs_file(path, 20_000, date.today())


def next_button(wizard: ImportWizard) -> Any:
    return wizard.button(QWizard.WizardButton.NextButton)


def choose_file(qtbot: QtBot, wizard: ImportWizard, path: Path) -> Answer:
    """ "Chọn tệp…" and the file typed into the open dialog."""
    with answering(qtbot) as answers:
        asked = answers.open_file(path)
        qtbot.mouseClick(wizard.file_page.browse_button, Qt.MouseButton.LeftButton)
    assert wizard.file_path() == path
    return asked


def run_check(qtbot: QtBot, wizard: ImportWizard, path: Path) -> None:
    choose_file(qtbot, wizard, path)
    assert next_button(wizard).isEnabled()
    with qtbot.waitSignal(wizard.job_finished, timeout=JOB_TIMEOUT_MS) as outcome:
        qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert outcome.args == ["succeeded"]
    assert wizard.currentId() == ImportWizard.PAGE_CHECK


def run_import(qtbot: QtBot, wizard: ImportWizard) -> None:
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    with qtbot.waitSignal(wizard.job_finished, timeout=JOB_TIMEOUT_MS) as outcome:
        qtbot.mouseClick(commit, Qt.MouseButton.LeftButton)
    assert outcome.args == ["succeeded"]
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.PAGE_RESULT)


def count(db: Database, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_check_shows_the_error_count_and_each_problem_at_its_row_and_cell(
    qtbot: QtBot, wizard: ImportWizard, file_with_errors: Path
) -> None:
    run_check(qtbot, wizard, file_with_errors)
    page = wizard.check_page
    assert page.headline.text() == "Có 2 dòng bị lỗi: các dòng này sẽ không được nhập."
    assert page.summary.text().startswith("Đọc 6 dòng: 4 dòng hợp lệ, 2 dòng có lỗi,")
    model = page.model
    assert model.rowCount() == 2
    first = [model.index(0, column).data() for column in (ROW, CELL, COLUMN, SEVERITY)]
    assert first == [5, "C5", "Họ và tên", "Lỗi"]
    assert model.index(0, MESSAGE).data() == 'Ô bắt buộc đang trống. Hãy nhập "Họ và tên".'
    assert [model.index(1, column).data() for column in (ROW, CELL)] == [7, "D7"]
    assert "31/02/2010" in model.index(1, MESSAGE).data()
    assert next_button(wizard).isEnabled()  # 4 valid rows can still be imported


def test_double_click_on_a_problem_shows_that_rows_values(
    qtbot: QtBot, wizard: ImportWizard, file_with_errors: Path
) -> None:
    run_check(qtbot, wizard, file_with_errors)
    table = wizard.check_page.table
    centre = table.visualRect(table.model().index(0, 0)).center()
    # A real double click is press, release, then a double-click event: QTest's mouseDClick
    # alone sends no release, so the view would not see a completed first click.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    dialog = wizard.findChild(RowDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Dòng 5 trong tệp"
    shown = {
        dialog.table.item(line, 1).text(): dialog.table.item(line, 2).text()
        for line in range(dialog.table.rowCount())
    }
    assert shown["Mã học sinh (*)"] == "HS000002"
    assert shown["Họ và tên (*)"] == ""
    assert shown["Ngày sinh (*)"] == BIRTH
    assert "Hãy nhập" in dialog.messages.text()


def test_only_valid_rows_are_imported_when_the_file_has_errors(
    qtbot: QtBot, wizard: ImportWizard, file_with_errors: Path, db: Database
) -> None:
    run_check(qtbot, wizard, file_with_errors)
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    page = wizard.import_page
    assert wizard.currentId() == ImportWizard.PAGE_IMPORT
    assert not page.all_rows.isEnabled()
    assert page.valid_rows.isChecked()
    with qtbot.waitSignal(wizard.imported) as imported:
        run_import(qtbot, wizard)
    assert imported.args == ["needs"]
    assert count(db, "students") == 4
    assert count(db, "needs") == 4
    codes = {row[0] for row in db.execute("SELECT code FROM students")}
    assert codes == {"HS000001", "HS000003", "HS000005", "HS000006"}
    result = wizard.result_page
    assert result.headline.text() == "Nhập xong."
    assert "Đã nhập 4 dòng: thêm mới 4, cập nhật 0, không đổi 0." in result.details.text()
    assert "Đã bỏ qua 2 dòng có lỗi." in result.details.text()


def test_a_clean_file_imports_everything_and_emits_imported(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path, db: Database
) -> None:
    path = write_sheet(tmp_path / "nhu-cau.xlsx", NEEDS_HEADERS, rows(5))
    run_check(qtbot, wizard, path)
    assert wizard.check_page.headline.text() == "Tệp hợp lệ, sẵn sàng nhập."
    assert not wizard.check_page.table.isVisible()  # nothing to list
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.import_page.all_rows.isEnabled()
    assert wizard.import_page.all_rows.isChecked()
    with qtbot.waitSignal(wizard.imported) as imported:
        run_import(qtbot, wizard)
    assert imported.args == ["needs"]
    assert count(db, "needs") == 5
    assert wizard.result_page.details.text().startswith(
        "Đã nhập 5 dòng: thêm mới 5, cập nhật 0, không đổi 0."
    )
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()  # written: no way back


def test_an_unreadable_file_is_shown_as_a_file_error_and_blocks_next(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(b"%PDF-1.4\n" + b"\0" * 200)
    run_check(qtbot, wizard, path)
    page = wizard.check_page
    assert page.headline.text() == "Không dùng được tệp này"
    assert page.file_error_box.isVisible()
    assert "không phải là bảng tính Excel" in page.file_error.text()
    assert not next_button(wizard).isEnabled()
    assert not page.isComplete()
    back = wizard.button(QWizard.WizardButton.BackButton)
    assert back.isEnabled()
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == ImportWizard.PAGE_FILE
    assert wizard.check_report() is None


def test_cancel_during_the_check_stops_it_and_writes_nothing(
    qtbot: QtBot, wizard: ImportWizard, large_file: Path, db: Database
) -> None:
    cancelled: list[tuple[int, int]] = []
    back_while_running: list[bool] = []

    def cancel_at_first_report(done: int, total: int, _stage: str) -> None:
        job = wizard.current_job()
        if not cancelled and job is not None:
            cancelled.append((done, total))
            back_while_running.append(wizard.button(QWizard.WizardButton.BackButton).isEnabled())
            job.cancel_button.click()  # the progress dialog's Cancel

    wizard.job_progressed.connect(cancel_at_first_report)
    wizard.set_file(large_file)
    with qtbot.waitSignal(wizard.job_finished, timeout=JOB_TIMEOUT_MS) as outcome:
        qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert outcome.args == ["cancelled"]
    assert cancelled and cancelled[0][1] == 20_000
    assert back_while_running == [False]
    page = wizard.check_page
    assert wizard.check_report() is None
    assert page.headline.text() == "Đã hủy kiểm tra."
    assert page.retry_button.isVisible()
    assert not next_button(wizard).isEnabled()
    assert count(db, "students") == 0
    assert count(db, "needs") == 0


def test_a_cancel_reported_at_the_write_stage_rolls_the_import_back(
    tmp_path: Path, db: Database
) -> None:
    """Cancel is honoured at the last progress report before writing, inside the transaction."""
    path = write_sheet(tmp_path / "nhu-cau.xlsx", NEEDS_HEADERS, rows(3))
    stages: list[str] = []

    class State:
        def set_progress(self, done: int, total: int, stage: str) -> None:
            stages.append(stage)

        def is_cancelled(self) -> bool:
            return "đối chiếu" in stages  # Cancel pressed while the rows were being matched

    labels = {"check": "kiểm tra", "plan": "đối chiếu", "write": "ghi"}
    with pytest.raises(Cancelled):
        import_wizard._import_work("needs", path, False, labels)(db, State())
    assert stages[-1] == "đối chiếu"
    assert count(db, "needs") == 0
    assert count(db, "students") == 0


def test_an_unexpected_failure_is_a_short_message_and_logged(
    qtbot: QtBot,
    wizard: ImportWizard,
    file_with_errors: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("database exploded at line 42")

    monkeypatch.setattr(import_wizard, "import_file", broken)
    wizard.set_file(file_with_errors)
    with (
        caplog.at_level(logging.ERROR, logger=import_wizard.__name__),
        qtbot.waitSignal(wizard.job_finished, timeout=JOB_TIMEOUT_MS) as outcome,
    ):
        qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert outcome.args == ["failed"]
    page = wizard.check_page
    assert page.headline.text() == "Không kiểm tra được tệp."
    shown = page.summary.text()
    assert "dữ liệu không thay đổi" in shown
    assert "exploded" not in shown and "Traceback" not in shown
    assert any(r.exc_info and "exploded" in str(r.exc_info[1]) for r in caplog.records)
    assert not next_button(wizard).isEnabled()


def test_the_open_dialog_asks_for_a_spreadsheet_and_shows_the_chosen_file(
    qtbot: QtBot, wizard: ImportWizard, file_with_errors: Path
) -> None:
    asked = choose_file(qtbot, wizard, file_with_errors)
    assert asked.title == "Chọn tệp cần nhập"
    assert asked.filters == ["Bảng tính (*.xlsx *.xls *.ods *.csv)"]
    assert wizard.file_page.path_field.text() == str(file_with_errors)


def test_the_error_report_and_the_empty_template_are_saved_where_asked(
    qtbot: QtBot, wizard: ImportWizard, file_with_errors: Path, tmp_path: Path
) -> None:
    template = tmp_path / "mau"  # the .xlsx is added
    with answering(qtbot) as answers:
        asked = answers.save_file(template)
        with qtbot.waitSignal(wizard.job_finished, timeout=JOB_TIMEOUT_MS):
            qtbot.mouseClick(wizard.file_page.template_button, Qt.MouseButton.LeftButton)
    assert asked.title == "Lưu tệp mẫu trống" and asked.text.endswith(".xlsx")
    assert "Nhu cau" in load_workbook(template.with_suffix(".xlsx"), read_only=True).sheetnames

    run_check(qtbot, wizard, file_with_errors)
    report = tmp_path / "bao-cao-loi.xlsx"
    with answering(qtbot) as answers:
        asked = answers.save_file(report)
        with qtbot.waitSignal(wizard.job_finished, timeout=JOB_TIMEOUT_MS):
            qtbot.mouseClick(wizard.check_page.save_button, Qt.MouseButton.LeftButton)
    assert asked.title == "Lưu báo cáo lỗi" and asked.text == "nhu-cau-loi-bao-cao-loi.xlsx"
    listing = load_workbook(report, read_only=True)["Danh sach loi"]  # under its title and header
    assert [row[1] for row in listing.iter_rows(min_row=5, values_only=True)] == ["C5", "D7"]
    assert wizard.check_page.status.text() == f"Đã lưu báo cáo lỗi: {report}"


def test_the_problem_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    problems = [
        P.error("file_unreadable", "file.corrupt"),
        P.error("required", row=5, cell="C5", column="Họ và tên", column_name="Họ và tên"),
        P.warning("unknown_column", row=3, cell="R3", header="Ghi chú 2", letter="R"),
    ]
    model = ProblemTableModel(problems)
    qtmodeltester.check(model)
    errors_only = ErrorsOnlyFilter()
    errors_only.setSourceModel(model)
    errors_only.set_errors_only(True)
    qtmodeltester.check(errors_only)
    assert errors_only.rowCount() == 2
    model.set_problems([])
    qtmodeltester.check(model)


def test_a_file_dropped_on_the_wizard_is_selected(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    path = write_sheet(tmp_path / "keo-tha.xlsx", NEEDS_HEADERS, rows(1))
    assert drop_file(wizard, path)
    assert wizard.file_path() == path
    assert wizard.file_page.path_field.text() == str(path)
    assert next_button(wizard).isEnabled()


# --- the order of the problems, a column the file lacks, a typed path, Enter ---------------------


def test_errors_come_before_warnings_and_a_missing_column_is_one_line(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    data = rows(19)
    for number, row in enumerate(data, start=1):
        row["Họ và tên (*)"] = f"Học Sinh {chr(64 + number)}"
    data[2]["Họ và tên (*)"], data[2]["Mã học sinh (*)"] = data[1]["Họ và tên (*)"], "HS9"
    data[12]["Lớp (*)"] = "10A1"  # grade 10 in a THCS school: an error, and one file warning
    data[16]["Giới tính (*)"] = "Không rõ"
    headers = [h for h in NEEDS_HEADERS if h != "Số giấy chứng nhận hộ nghèo/cận nghèo"]
    run_check(qtbot, wizard, write_sheet(tmp_path / "thieu-cot.xlsx", headers, data))
    model = wizard.check_page.model
    shown = [
        [model.index(line, column).data() for column in (ROW, COLUMN, SEVERITY)]
        for line in range(model.rowCount())
    ]
    assert shown == [
        [16, "Lớp", "Lỗi"],
        [20, "Giới tính", "Lỗi"],
        ["Tệp", "Lớp", "Cảnh báo"],
        ["Tệp", "Số giấy chứng nhận hộ nghèo/cận nghèo", "Cảnh báo"],
        [6, "Họ và tên", "Cảnh báo"],
    ]
    absent = model.index(3, MESSAGE).data()
    assert "19 dòng để trống mục này" in absent and "19 dòng có cảnh báo" in absent
    # The counts follow what the table shows: 2 error rows, 3 warnings.
    assert wizard.check_page.summary.text() == (
        "Đọc 19 dòng: 17 dòng hợp lệ, 2 dòng có lỗi, 3 cảnh báo."
    )
    wizard.check_page.errors_only.setChecked(True)
    assert wizard.check_page.filter.rowCount() == 2


def test_a_typed_path_and_enter_go_to_the_check_with_no_file_dialog(
    qtbot: QtBot, wizard: ImportWizard, file_with_errors: Path
) -> None:
    field = wizard.file_page.path_field
    field.setFocus()
    with answering(qtbot):  # nothing may open but the check's own progress
        qtbot.keyClicks(field, str(file_with_errors))
        assert next_button(wizard).isEnabled()
        with qtbot.waitSignal(wizard.job_finished, timeout=JOB_TIMEOUT_MS):
            qtbot.keyClick(field, Qt.Key.Key_Return)
    assert wizard.currentId() == ImportWizard.PAGE_CHECK
    assert wizard.file_path() == file_with_errors
    assert wizard.check_page.headline.text() == "Có 2 dòng bị lỗi: các dòng này sẽ không được nhập."


def test_a_pasted_path_in_quotes_is_taken(
    qtbot: QtBot, wizard: ImportWizard, file_with_errors: Path
) -> None:
    field = wizard.file_page.path_field
    field.setFocus()
    field.setText("")
    qtbot.keyClicks(field, f'"{file_with_errors}"')  # Windows' "Copy as path"
    assert wizard.file_path() == file_with_errors and next_button(wizard).isEnabled()


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("khong-co.xlsx", "Không tìm thấy tệp"),
        ("ghi-chu.txt", "không phải bảng tính"),
        ("", "là một thư mục"),
    ],
)
def test_a_bad_typed_path_says_why_in_vietnamese_and_stays(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path, typed: str, says: str
) -> None:
    (tmp_path / "ghi-chu.txt").write_text("không phải bảng tính")
    field = wizard.file_page.path_field
    field.setFocus()
    with answering(qtbot):  # no dialog: the reason is said under the box
        qtbot.keyClicks(field, str(tmp_path / typed))
        assert not next_button(wizard).isEnabled()
        qtbot.keyClick(field, Qt.Key.Key_Return)
    error = wizard.file_page.path_error
    assert error.isVisible() and says in error.text()
    assert wizard.currentId() == ImportWizard.PAGE_FILE and wizard.file_path() is None
    qtbot.keyClick(field, Qt.Key.Key_Backspace)  # typing again clears the message
    assert not error.isVisible()


def test_enter_after_choosing_a_file_goes_on_instead_of_reopening_the_dialog(
    qtbot: QtBot, wizard: ImportWizard, file_with_errors: Path
) -> None:
    choose_file(qtbot, wizard, file_with_errors)
    focused = wizard.focusWidget()
    assert focused is not None
    with answering(qtbot), qtbot.waitSignal(wizard.job_finished, timeout=JOB_TIMEOUT_MS):
        qtbot.keyClick(focused, Qt.Key.Key_Return)
    assert wizard.currentId() == ImportWizard.PAGE_CHECK


def test_enter_on_the_check_page_presses_next_not_save(
    qtbot: QtBot, wizard: ImportWizard, file_with_errors: Path
) -> None:
    run_check(qtbot, wizard, file_with_errors)
    page = wizard.check_page
    for button in (page.save_button, page.retry_button):
        assert not button.autoDefault()
    page.save_button.setFocus()
    with answering(qtbot):  # "Lưu báo cáo lỗi…" would open a save dialog
        qtbot.keyClick(page.save_button, Qt.Key.Key_Return)
    assert wizard.currentId() == ImportWizard.PAGE_IMPORT


def test_a_workbook_with_one_sheet_per_class_shows_each_problem_at_its_sheet_and_row(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    """Every class sheet is read; the problem in the second sheet is shown at '6A2'!E<row>, and a
    double click opens that sheet's row (not the same row number of the first sheet)."""
    from school_files import class_workbook

    sheets = {
        "6A1": rows(3),
        "6A2": [needs_row(4, **{"Ngày sinh (*)": BIRTH}),
                needs_row(5, **{"Ngày sinh (*)": BIRTH, "Giới tính (*)": "Không rõ"})],
    }  # fmt: skip
    path = class_workbook(tmp_path / "lop.xlsx", "needs", sheets, footer=True)
    run_check(qtbot, wizard, path)
    page = wizard.check_page
    assert "2 trang tính" in page.sheet_note.text() and "“6A2” (2)" in page.sheet_note.text()
    model = page.table.model()
    assert [model.index(0, c).data() for c in (ROW, CELL)] == [7, "'6A2'!E7"]
    table = page.table
    centre = table.visualRect(model.index(0, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    dialog = wizard.findChild(RowDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Dòng 7 trong trang tính “6A2”"
    shown = {
        dialog.table.item(line, 1).text(): dialog.table.item(line, 2).text()
        for line in range(dialog.table.rowCount())
    }
    assert shown["Mã học sinh (*)"] == "HS000005" and shown["Giới tính (*)"] == "Không rõ"
    # The notes: the footers of both sheets said once, as information.
    notes = [model.index(r, MESSAGE).data() for r in range(model.rowCount())
             if model.index(r, SEVERITY).data() == "Thông tin"]  # fmt: skip
    assert len([n for n in notes if "tổng cộng" in n]) == 1


def test_the_check_says_the_pc_clock_is_wrong_when_it_is_behind_the_data(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path, db: Database
) -> None:
    from test_clock_window import AHEAD, data_written_ahead

    path = write_sheet(tmp_path / "nhu-cau.xlsx", NEEDS_HEADERS, rows(2))
    run_check(qtbot, wizard, path)
    assert not wizard.check_page.clock_note.isVisible()  # a right clock: nothing said
    data_written_ahead(db)  # the PC is now three years behind its own data
    with qtbot.waitSignal(wizard.job_finished, timeout=JOB_TIMEOUT_MS):
        wizard.check_page.start_check()  # checked again, as "Kiểm tra lại" does
    note = wizard.check_page.clock_note
    assert note.isVisible() and "Ngày giờ của máy tính đang sai: máy báo" in note.text()
    assert AHEAD.astimezone().strftime("%d/%m/%Y") in note.text()
