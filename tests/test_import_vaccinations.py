"""Template 4.9.1 "Nhập hồ sơ tiêm vắc-xin": every dose rule lands on its cell, a student is
added or refused as the row says, both layouts record the same doses, export → import changes
nothing, and a refused file changes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from builders import TODAY
from openpyxl import Workbook, load_workbook
from test_cli import songmay
from vaccination_files import (
    ANH,
    BINH,
    CHI,
    HEADER_ROW,
    Pupil,
    add_pupils,
    counts,
    day,
    dose,
    run,
    wide_headers,
    wide_row,
    write_long,
    write_wide,
)

from desktop_app.core.importing.export import export_file
from desktop_app.core.importing.report import write_error_report
from desktop_app.core.importing.service import ImportReport

FIRST = HEADER_ROW + 1  # the first dose's Excel row in write_long's files
# The long layout's columns: G dose number, H date, I vaccine, K place (A is STT).
LETTER = {"dose_no": "G", "vaccinated_on": "H", "vaccine": "I", "place": "K",
          "student_code": "B", "full_name": "C", "birth_date": "D"}  # fmt: skip


def found(report: ImportReport) -> list[tuple[str, str, str | None]]:
    """(severity, code, cell) of every row problem."""
    return [(p.severity, p.code, p.cell) for p in report.problems if p.row is not None]


@pytest.fixture
def school(db, tmp_path):
    add_pupils(db, tmp_path)
    return db


def test_a_long_file_records_each_dose_once_and_again_changes_nothing(school, tmp_path):
    path = write_long(tmp_path / "v.xlsx", [
        dose(ANH, 1, "01/11/2021"), dose(ANH, 2, "25/11/2021", lot_no="FK8891"),
        dose(CHI, 1, "12/11/2021", "Pfizer 5-11", "Tại cộng đồng", facility=""),
    ])  # fmt: skip
    before = counts(school)
    report = run(school, path)
    assert report.errors == [] and (report.created, report.unchanged) == (3, 0)
    rows = school.conn.execute(
        "SELECT s.code, v.dose_no, v.vaccinated_on, v.vaccine, v.place, v.lot_no, v.facility,"
        " v.recorded_on, v.late FROM vaccinations v JOIN students s ON s.id = v.student_id"
        " ORDER BY s.code, v.dose_no").fetchall()  # fmt: skip
    assert rows == [
        ("HS000001", 1, "2021-11-01", "comirnaty", "school", "FK5127", "Trạm Y tế xã Phước Kiển",
         "2022-01-10", 1),
        ("HS000001", 2, "2021-11-25", "comirnaty", "school", "FK8891", "Trạm Y tế xã Phước Kiển",
         "2022-01-10", 1),
        ("HS000003", 1, "2021-11-12", "comirnaty_child", "community", "FK5127", None,
         "2022-01-10", 1),
    ]  # fmt: skip
    assert counts(school) == (before[0] + 3, before[1], before[2] + 3)  # one journal row a dose
    again = run(school, path)
    assert (again.created, again.unchanged, again.errors) == (0, 3, [])
    assert counts(school) == (before[0] + 3, before[1], before[2] + 3)


# Each rule through the importer: the rows (the first ones may be recorded before), the
# problem's severity and code, on which row (0 = the first of the file) and column.
RULES: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]], str, str, int, str]] = {
    "future date": ([], [dose(ANH, 1, "11/01/2022")], "error", "date_out_of_range", 0,
                    "vaccinated_on"),
    "before birth": ([], [dose(ANH, 1, "01/01/2008")], "error", "date_out_of_range", 0,
                     "vaccinated_on"),
    "Pfizer at 11": ([], [dose(BINH, 1, "12/11/2021")], "error", "below_min_age", 0, "vaccine"),
    "child's Pfizer at 12": ([], [dose(CHI, 1, "12/11/2021", "Pfizer 5-11")], "warning",
                             "above_max_age", 0, "vaccine"),
    "dose 2 without dose 1": ([], [dose(ANH, 2, "12/11/2021")], "error", "dose_out_of_order",
                              0, "dose_no"),
    "dose 1 again, other date": ([dose(ANH, 1, "01/11/2021")], [dose(ANH, 1, "05/11/2021")],
                                 "error", "duplicate_dose", 0, "dose_no"),
    "dose 1 twice in the file": ([], [dose(ANH, 1, "01/11/2021"), dose(ANH, 1, "02/11/2021")],
                                 "error", "duplicate_dose", 1, "dose_no"),
    "interval too short": ([], [dose(ANH, 1, "01/11/2021"), dose(ANH, 2, "10/11/2021")],
                           "error", "interval_too_short", 1, "vaccinated_on"),
    "dose 2 before dose 1": ([], [dose(ANH, 1, "20/11/2021"), dose(ANH, 2, "01/11/2021")],
                             "error", "interval_too_short", 1, "vaccinated_on"),
    "mixed vaccines": ([dose(ANH, 1, "01/10/2021")], [dose(ANH, 2, "01/12/2021", "Moderna")],
                       "warning", "mixed_vaccines", 0, "vaccine"),
    "unknown vaccine": ([], [dose(ANH, 1, "01/11/2021", "Sputnik V")], "error",
                        "invalid_choice", 0, "vaccine"),
    "unknown place": ([], [dose(ANH, 1, "01/11/2021", place="Ở nhà")], "error",
                      "invalid_choice", 0, "place"),
    "dose number 10": ([], [dose(ANH, 10, "01/11/2021")], "error", "invalid_format", 0,
                       "dose_no"),
    "unknown student": ([], [dose(Pupil("HS999999", "", ""), 1, "01/11/2021")], "error",
                        "not_found", 0, "student_code"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(RULES))
def test_each_rule_lands_on_its_cell_with_its_code(school, tmp_path, case):
    recorded, rows, severity, code, index, field = RULES[case]
    if recorded:
        assert run(school, write_long(tmp_path / "before.xlsx", recorded)).errors == []
    before = counts(school)
    report = run(school, write_long(tmp_path / "v.xlsx", rows))
    cell = f"{LETTER[field]}{FIRST + index}"
    assert (severity, code, cell) in found(report), [p.message() for p in report.problems]
    if severity == "error":
        assert report.rows_imported == 0 and counts(school) == before
    else:
        assert report.errors == [] and report.created == len(rows)


def test_the_messages_say_what_to_do(school, tmp_path):
    report = run(school, write_long(tmp_path / "v.xlsx", [
        dose(ANH, 1, "01/11/2021", "Sputnik V"),
        dose(Pupil("HS999999", "", ""), 1, "01/11/2021"),
    ]))  # fmt: skip
    by_code = {p.code: p for p in report.problems}
    choice = by_code["invalid_choice"]
    assert choice.location() == f"Dòng {FIRST}, ô 'Tiem vac-xin'!I{FIRST} (Loại vắc-xin)"
    assert "Moderna (Spikevax)" in choice.message() and "Sputnik V" in choice.message()
    unknown = by_code["not_found"].message()
    assert "HS999999" in unknown
    assert "Họ và tên, Ngày sinh" in unknown and "Giới tính" not in unknown  # what is empty
    assert "HS999999" in by_code["not_found"].message("en")


def test_a_dose_recorded_again_with_the_same_facts_is_unchanged(school, tmp_path):
    assert run(school, write_long(tmp_path / "a.xlsx", [dose(ANH, 1, "01/11/2021")])).created == 1
    before = counts(school)
    report = run(school, write_long(tmp_path / "b.xlsx", [
        dose(ANH, 1, "01/11/2021"), dose(ANH, 2, "25/11/2021")]))  # fmt: skip
    assert (report.created, report.unchanged, report.errors) == (1, 1, [])
    assert counts(school) == (before[0] + 1, before[1], before[2] + 1)


def test_an_unknown_code_with_the_students_identity_adds_the_student_without_a_need(
    school, tmp_path
):
    new = Pupil("HS000777", "Phạm Thị Ánh", "15/02/2008", "Nữ", "8A2")
    path = write_long(tmp_path / "v.xlsx", [
        dose(new, 1, "01/11/2021"),
        dose(new, 2, "25/11/2021", full_name="", birth_date="", gender="", class_name=""),
    ])  # fmt: skip
    dry = run(school, path, dry_run=True)
    assert dry.errors == [] and [p.code for p in dry.notes] == ["students_added", "recorded_late"]
    before = counts(school)
    report = run(school, path)
    assert report.errors == [] and report.created == 2
    assert counts(school)[:2] == (before[0] + 2, before[1] + 1)
    student = school.conn.execute(
        "SELECT id, full_name, name_key, birth_date, gender, class_name, grade FROM students"
        " WHERE code = 'HS000777'").fetchone()  # fmt: skip
    assert student[1:] == ("Phạm Thị Ánh", "pham thi anh", "2008-02-15", "Nữ", "8A2", 8)
    assert school.conn.execute("SELECT count(*) FROM needs WHERE student_id = ?",
                               (student[0],)).fetchone()[0] == 0  # fmt: skip
    assert school.conn.execute("SELECT count(*) FROM vaccinations WHERE student_id = ?",
                               (student[0],)).fetchone()[0] == 2  # fmt: skip
    assert (run(school, path).unchanged, counts(school)[1]) == (2, before[1] + 1)


def test_a_new_student_in_a_grade_the_school_does_not_teach_is_refused(school, tmp_path):
    new = Pupil("HS000778", "Phạm Thị Ánh", "15/02/2008", "Nữ", "11A1")  # THCS: grades 6-9
    report = run(school, write_long(tmp_path / "v.xlsx", [dose(new, 1, "01/11/2021")]))
    assert ("error", "inconsistent", f"F{FIRST}") in found(report)
    assert ("error", "not_found", f"B{FIRST}") not in found(report)


def test_a_name_that_is_not_the_codes_student_is_a_warning(school, tmp_path):
    path = write_long(tmp_path / "v.xlsx", [
        dose(ANH, 1, "01/11/2021", full_name="NGUYEN VAN AN"),  # the same, unaccented
        dose(BINH, 1, "12/11/2021", "Pfizer 5-11", full_name="Trần Văn Bình"),
    ])  # fmt: skip
    report = run(school, path)
    assert found(report) == [("warning", "inconsistent", f"C{FIRST + 1}")]
    assert "Trần Thị Bình" in report.problems[0].message()
    assert report.created == 2


def test_all_or_nothing_by_default_partial_takes_the_valid_rows_dry_run_writes_nothing(
    school, tmp_path
):
    path = write_long(tmp_path / "v.xlsx", [
        dose(ANH, 1, "01/11/2021"), dose(BINH, 1, "12/11/2021"),  # Bình is 11: refused
        dose(CHI, 1, "12/11/2021"),
    ])  # fmt: skip
    before = counts(school)
    refused = run(school, path)
    assert (refused.rows_valid, refused.rows_imported) == (2, 0) and counts(school) == before
    assert run(school, path, dry_run=True, partial=True).rows_imported == 0
    assert counts(school) == before
    taken = run(school, path, partial=True)
    assert (taken.created, taken.rows_imported) == (2, 2)
    assert counts(school) == (before[0] + 2, before[1], before[2] + 2)


def _journal(db) -> list[tuple[str, int, str, str, str, str]]:
    """The doses as the outbox will send them, without their ids."""
    found = []
    for (data,) in db.conn.execute("SELECT data FROM outbox WHERE entity = 'vaccination'"):
        record = json.loads(data)
        code = db.conn.execute("SELECT code FROM students WHERE id = ?",
                               (record["student_id"],)).fetchone()[0]  # fmt: skip
        found.append((code, record["dose_no"], record["vaccinated_on"], record["vaccine"],
                      record["place"], record["recorded_on"]))  # fmt: skip
    return sorted(found)


def test_the_wide_layout_records_the_same_doses_as_the_long_one(db, tmp_path):
    long_db, wide_db = db, None
    from desktop_app.core.store.database import open_database

    wide_db = open_database(tmp_path / "wide.sqlite3")
    for target, folder in ((long_db, tmp_path / "l"), (wide_db, tmp_path / "w")):
        folder.mkdir()
        add_pupils(target, folder)
    long_file = write_long(tmp_path / "long.xlsx", [
        dose(ANH, 1, "01/11/2021", lot_no=""), dose(ANH, 2, "25/11/2021", lot_no=""),
        dose(ANH, 3, "01/03/2022", "Moderna", "Nơi khác", lot_no=""),
        dose(CHI, 1, "12/11/2021", "Pfizer 5-11", "Tại cộng đồng", lot_no=""),
    ])  # fmt: skip
    wide_file = write_wide(tmp_path / "wide.xlsx", [
        wide_row(ANH, 1, ("01/11/2021", "Pfizer", "Tại trường"),
                 ("25/11/2021", "Pfizer", "Tại trường"), ("01/03/2022", "Moderna", "Nơi khác")),
        wide_row(BINH, 2),  # no dose yet: no row
        wide_row(CHI, 3, ("12/11/2021", "Pfizer 5-11", "Tại cộng đồng"), ("", "", "")),
    ])  # fmt: skip
    today = day("10/03/2022")
    from desktop_app.core.importing.service import ImportOptions, import_file

    reports = [import_file(target, "vaccinations", path, ImportOptions(today=today))
               for target, path in ((long_db, long_file), (wide_db, wide_file))]  # fmt: skip
    assert [(r.errors, r.created) for r in reports] == [([], 4), ([], 4)]
    # Chi (12) had the children's Pfizer: a warning in both.
    assert [(p.code, p.cell) for p in reports[0].warnings] == [
        ("mixed_vaccines", "I6"), ("above_max_age", "I7")]  # fmt: skip
    assert [(p.code, p.cell) for p in reports[1].warnings] == [
        ("column_absent", None), ("mixed_vaccines", "N4"), ("above_max_age", "H6")]  # fmt: skip
    assert _journal(long_db) == _journal(wide_db) and len(_journal(wide_db)) == 4
    wide_db.close()


# Header styles clerks use for the same dose groups.
WIDE_STYLES = ["Mũi {n} - {what}", "{what} mũi {n}", "M{n} {what_lower}", "Lần {n} - {what}",
               "Mũi thứ {n} ({what_lower})"]  # fmt: skip


@pytest.mark.parametrize("style", WIDE_STYLES)
def test_wide_problems_name_the_dose_groups_cell(school, tmp_path, style):
    path = write_wide(tmp_path / "wide.xlsx", [
        wide_row(ANH, 1, ("01/11/2021", "Pfizer", "Tại trường"), ("05/11/2021", "Pfizer",
                                                                 "Tại trường")),
        wide_row(CHI, 2, ("12/11/2021", "", "Tại trường")),
    ], wide_headers(style=style))  # fmt: skip
    before = counts(school)
    report = run(school, path)
    assert found(report) == [("error", "interval_too_short", "J4"), ("error", "required", "H5")]
    interval, required = report.errors
    assert interval.location(with_sheet=False) == "Dòng 4, ô J4 (Mũi 2 - Ngày tiêm)"
    assert required.location(with_sheet=False) == "Dòng 5, ô H5 (Mũi 1 - Loại vắc-xin)"
    assert "Mũi 1 - Loại vắc-xin" in required.message()
    assert counts(school) == before


def test_a_wide_header_merged_over_its_dose_groups(school, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH TIÊM VẮC-XIN"])
    ws.append(["STT", "Mã học sinh", "Họ và tên", "Mũi 1", None, None, "Mũi 2", None, None])
    ws.append([None, None, None, "Ngày tiêm", "Vắc-xin", "Nơi tiêm", "Ngày tiêm", "Vắc-xin",
               "Nơi tiêm"])  # fmt: skip
    ws.merge_cells("D2:F2")
    ws.merge_cells("G2:I2")
    ws.append([1, ANH.code, ANH.name, "01/11/2021", "Pfizer", "Tại trường", "10/11/2021",
               "Pfizer", "Tại trường"])  # fmt: skip
    wb.save(tmp_path / "merged.xlsx")
    report = run(school, tmp_path / "merged.xlsx")
    assert found(report) == [("error", "interval_too_short", "G4")]
    assert report.errors[0].column == "Mũi 2 - Ngày tiêm"


def test_a_wrong_birth_date_in_a_wide_row_holds_back_all_its_doses(school, tmp_path):
    row = wide_row(ANH, 1, ("01/11/2021", "Pfizer", "Tại trường"),
                   ("25/11/2021", "Pfizer", "Tại trường"))  # fmt: skip
    row[3] = "31/02/2008"
    report = run(school, write_wide(tmp_path / "w.xlsx", [row]), partial=True)
    assert found(report) == [("error", "invalid_date", "D4")]  # said once
    assert report.rows_read == 1 and report.rows_imported == 0  # one line of the sheet


def test_export_then_import_changes_nothing(school, tmp_path):
    new = Pupil("HS000777", "Phạm Thị Ánh", "15/02/2008", "Nữ", "8A2")
    assert run(school, write_long(tmp_path / "v.xlsx", [
        dose(ANH, 1, "01/11/2021"), dose(ANH, 2, "25/11/2021", note="Sốt nhẹ"),
        dose(CHI, 1, "12/11/2021", "Pfizer 5-11", "Nơi khác", facility="", lot_no=""),
        dose(new, 1, "02/11/2021", "Moderna", "Tại cộng đồng"),
    ])).errors == []  # fmt: skip
    target = tmp_path / "export.xlsx"
    written = export_file(school, "vaccinations", target)
    doses = school.conn.execute("SELECT count(*) FROM vaccinations").fetchone()[0]
    assert written == doses == 4
    sheet = load_workbook(target).worksheets[0]
    assert any(cell.value == "Sốt nhẹ" for row in sheet.iter_rows() for cell in row)
    before = counts(school)
    again = run(school, target)
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 4, [])
    assert again.warnings == [] and counts(school) == before


def test_the_error_report_lists_the_problems(school, tmp_path):
    report = run(school, write_long(tmp_path / "v.xlsx", [dose(BINH, 1, "12/11/2021")]))
    write_error_report(report, tmp_path / "loi.xlsx")
    texts = [str(c.value) for ws in load_workbook(tmp_path / "loi.xlsx").worksheets
             for row in ws.iter_rows() for c in row if c.value is not None]  # fmt: skip
    assert any("chỉ dùng cho trẻ từ 12 tuổi" in t for t in texts)


def test_the_command_line_makes_the_template_imports_and_exports(tmp_path):
    database = tmp_path / "s.db"
    template = tmp_path / "mau.xlsx"
    assert songmay("template", "vaccinations", template, db=database).returncode == 0
    book = load_workbook(template)
    assert book.sheetnames == ["Tiem vac-xin", "Huong dan", "Danh muc"]
    assert "Mũi tiêm số (*)" in [c.value for row in book.worksheets[0].iter_rows()
                                 for c in row]  # fmt: skip
    path = write_long(tmp_path / "v.xlsx", [dose(Pupil("HS000777", "Phạm Thị Ánh",
                                                       "15/02/2008", "Nữ", "8A2"), 1,
                                                 "01/11/2021")])  # fmt: skip
    result = songmay("import", "vaccinations", path, "--json", "--report", tmp_path / "r.xlsx",
                     db=database)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["created"] == 1
    out = tmp_path / "out.xlsx"
    assert songmay("export", "vaccinations", out, db=database).returncode == 0
    cells = [c.value for row in load_workbook(out).worksheets[0].iter_rows() for c in row]
    assert "HS000777" in cells and "Pfizer-BioNTech (Comirnaty)" in cells
    assert TODAY  # the file's dates are all before today


def test_a_line_copied_twice_is_said_and_skipped_whether_or_not_it_is_recorded(school, tmp_path):
    """The same verdict before and after the first import: a warning naming the first line."""
    path = write_long(tmp_path / "v.xlsx", [dose(ANH, 1, "01/11/2021"), dose(CHI, 1, "02/11/2021"),
                                            dose(ANH, 1, "01/11/2021")])  # fmt: skip
    first = run(school, path)
    again = run(school, path)
    for report in (first, again):
        assert found(report) == [
            ("warning", "duplicate_in_file", f"{LETTER['dose_no']}{FIRST + 2}")
        ]
        assert report.problems[0].params["first_row"] == FIRST
    assert (first.created, first.unchanged) == (2, 1)
    assert (again.created, again.unchanged) == (0, 3)
    assert school.conn.execute("SELECT count(*) FROM vaccinations").fetchone()[0] == 2


def test_a_wide_file_counts_its_lines_and_records_a_dose_each(school, tmp_path):
    rows = [wide_row(ANH, 1, ("01/11/2021", "Pfizer", "Tại trường"),
                     ("25/11/2021", "Pfizer", "Tại trường")),
            wide_row(CHI, 2, ("02/11/2021", "Pfizer", "Tại trường"),
                     ("03/11/2021", "Pfizer", "Tại trường"))]  # fmt: skip
    report = run(school, write_wide(tmp_path / "w.xlsx", rows), partial=True)
    assert (report.rows_read, report.rows_valid, report.rows_imported) == (2, 1, 2)
    assert report.created == 3  # both of Anh's doses, Chi's first
    assert [p.code for p in report.errors] == ["interval_too_short"]


def test_doses_recorded_after_the_deadline_are_said_once_for_the_file(school, tmp_path):
    late = run(school, write_long(tmp_path / "v.xlsx", [dose(ANH, 1, "01/11/2021")]))
    (note,) = [p for p in late.notes if p.code == "recorded_late"]
    assert note.params["count"] == 1 and "01 ngày" in note.message("vi")
    on_time = run(
        school, write_long(tmp_path / "w.xlsx", [dose(CHI, 1, TODAY.strftime("%d/%m/%Y"))])
    )
    assert [p.code for p in on_time.notes if p.code == "recorded_late"] == []
