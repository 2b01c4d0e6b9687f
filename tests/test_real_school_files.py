"""Real school files: every shape a clerk's workbook takes is read as the clerk meant it, or
refused with the reason (issue 13). Each shape comes from a builder in ``school_files``; the
LibreOffice part saves the same workbooks as genuine .xls and .ods and expects the same."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from builders import TODAY, device_row, fill_needs_and_devices, handover_row, needs_row
from openpyxl import load_workbook
from school_files import (
    class_sheet,
    class_workbook,
    column_of,
    merged_down,
    ref,
    with_cached_errors,
)
from sqlite_utils import Database

from desktop_app.core.importing.report import write_error_report
from desktop_app.core.importing.service import ImportOptions, ImportReport, import_file

OPTIONS = ImportOptions(today=TODAY)
SHEET_OF = {"needs": "Nhu cau", "devices": "Thiet bi", "handovers": "Ban giao"}


def rows_of(kind: str, numbers: range, **overrides: Any) -> list[dict[str, Any]]:
    make = {"needs": needs_row, "devices": device_row, "handovers": handover_row}[kind]
    return [make(n, **overrides) for n in numbers]


def stored(db: Database, kind: str) -> int:
    table = {"needs": "students", "devices": "devices", "handovers": "handovers"}[kind]
    return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def ready(db: Database, tmp_path: Path, kind: str, count: int) -> None:
    """Handovers need their students and devices first."""
    if kind == "handovers":
        fill_needs_and_devices(db, tmp_path, count=count)


def by_code(report: ImportReport, code: str) -> list[Any]:
    return [p for p in report.problems if p.code == code]


# --- one sheet per class -------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["needs", "devices", "handovers"])
def test_every_sheet_with_the_templates_header_is_read(db, tmp_path, kind):
    ready(db, tmp_path, kind, 8)
    sheets = {
        "6A1": rows_of(kind, range(1, 4), **({"Lớp (*)": "6A1"} if kind == "needs" else {})),
        "6A2": rows_of(kind, range(4, 7), **({"Lớp (*)": "6A2"} if kind == "needs" else {})),
        "6A3": rows_of(kind, range(7, 9), **({"Lớp (*)": "6A3"} if kind == "needs" else {})),
    }
    path = class_workbook(tmp_path / "lop.xlsx", kind, sheets, summary_sheet=True,
                          lookup_sheet=True)  # fmt: skip
    before = stored(db, kind)
    report = import_file(db, kind, path, OPTIONS)
    assert report.errors == []
    assert [s.name for s in report.sheets] == ["6A1", "6A2", "6A3"]
    assert [s["rows_read"] for s in report.as_dict()["sheets"]] == [3, 3, 2]
    assert report.rows_imported == 8 and stored(db, kind) - before == 8
    # The table of counts beside them holds data but not this template: named, once. The hidden
    # lookup sheet a VLOOKUP reads is not.
    (skipped,) = by_code(report, "sheets_not_read")
    assert "Tong hop" in skipped.message() and "Ma" not in skipped.params["sheets"]


def test_a_problem_names_its_sheet_and_cell_in_the_json_the_list_and_the_error_report(db, tmp_path):
    sheets = {
        "6A1": rows_of("needs", range(1, 4), **{"Lớp (*)": "6A1"}),
        "6A2": [*rows_of("needs", range(4, 5), **{"Lớp (*)": "6A2"}),
                needs_row(5, **{"Lớp (*)": "6A2", "Giới tính (*)": "X"})],
        "6A3": [needs_row(6, **{"Lớp (*)": "6A3", "Mã học sinh (*)": "HS000001"})],
    }  # fmt: skip
    path = class_workbook(tmp_path / "lop.xlsx", "needs", sheets)
    report = import_file(db, "needs", path, OPTIONS)
    assert stored(db, "needs") == 0  # all or nothing, across the sheets too
    (gender,) = by_code(report, "invalid_choice")
    first = 6  # letterhead 3 rows, title, header
    assert (gender.sheet, gender.row, gender.cell) == ("6A2", first + 1, f"E{first + 1}")
    as_json = gender.as_dict()
    assert as_json["sheet"] == "6A2" and as_json["ref"] == f"'6A2'!E{first + 1}"
    assert f"'6A2'!E{first + 1}" in gender.location()
    # The same code in two sheets: the message says where the first one is.
    (twice,) = by_code(report, "duplicate_in_file")
    assert twice.sheet == "6A3" and f"{first} (6A1)" in twice.message()
    # Every problem of the report names its sheet.
    assert all(p.sheet for p in report.problems), [p for p in report.problems if not p.sheet]

    target = tmp_path / "loi.xlsx"
    write_error_report(report, target)
    book = load_workbook(target)
    assert book.sheetnames[:3] == ["6A1", "6A2", "6A3"]
    marked = book["6A2"][f"E{first + 1}"]
    assert marked.value == "X" and marked.comment is not None
    listing = book.worksheets[-1]
    refs = {str(c.value) for row in listing.iter_rows() for c in row if c.value}
    assert f"'6A2'!E{first + 1}" in refs and f"'6A3'!B{first}" in refs


# --- the footer under the list ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["needs", "devices", "handovers"])
def test_the_total_line_and_the_signature_block_are_not_records(db, tmp_path, kind):
    ready(db, tmp_path, kind, 5)
    before = stored(db, kind)
    path = class_workbook(tmp_path / "f.xlsx", kind, {SHEET_OF[kind]: rows_of(kind, range(1, 6))},
                          footer=True)  # fmt: skip
    report = import_file(db, kind, path, OPTIONS)
    assert report.errors == [], report.errors
    assert report.rows_read == 5 and stored(db, kind) - before == 5
    notes = by_code(report, "table_footer")
    assert [n.message_id for n in notes] == ["table_footer.totals", "table_footer.closing"]
    total_row = 6 + 5
    assert notes[0].params["rows"] == str(total_row)
    assert notes[1].params["closing"] == str(total_row + 2)
    assert all(n.severity == "info" for n in notes) and report.warnings == []


def test_a_total_after_each_class_block_does_not_stop_the_list(db, tmp_path):
    wb_path = tmp_path / "blocks.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    first = class_sheet(ws, "needs", rows_of("needs", range(1, 3)), "DANH SÁCH")
    ws.append(["Cộng lớp 6A1: 2"])
    for row in rows_of("needs", range(3, 5), **{"Lớp (*)": "6A2"}):
        ws.append([row.get(h, "") for h in __import__("builders").NEEDS_HEADERS])
    ws.append(["Tổng cộng", None, None, 4])
    wb.save(wb_path)
    report = import_file(db, "needs", wb_path, OPTIONS)
    assert report.errors == [] and report.rows_imported == 4
    (totals,) = by_code(report, "table_footer")
    assert totals.params["rows"] == f"{first + 2}, {first + 5}"


def test_a_name_that_starts_like_a_total_is_a_student(db, tmp_path):
    rows = [needs_row(1, **{"Họ và tên (*)": "Tống Văn Cộng", "STT": ""}),
            needs_row(2, **{"Họ và tên (*)": "Cống Thị Tổng"})]  # fmt: skip
    rows[0]["Mã học sinh (*)"] = "HS000001"
    path = class_workbook(tmp_path / "t.xlsx", "needs", {"Nhu cau": rows})
    report = import_file(db, "needs", path, OPTIONS)
    assert report.rows_imported == 2 and by_code(report, "table_footer") == []


# --- merged cells -----------------------------------------------------------------------------


MERGED = {
    "needs": ("Lớp (*)", "Lớp (*)", "6A1"),
    "devices": ("Nhà tài trợ", "Nhà tài trợ", "Công ty ABC"),
    "handovers": ("Ngày bàn giao", "Ngày bàn giao", "06/01/2022"),
}


def merged_file(path: Path, kind: str, count: int = 6) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET_OF[kind]
    first = class_sheet(ws, kind, rows_of(kind, range(1, count + 1)), "DANH SÁCH")
    merged_down(ws, column_of(kind, MERGED[kind][0]), first, first + count - 1)
    wb.save(path)
    return path


@pytest.mark.parametrize("kind", ["needs", "devices", "handovers"])
def test_a_cell_merged_down_a_block_of_rows_fills_every_row(db, tmp_path, kind):
    ready(db, tmp_path, kind, 6)
    report = import_file(db, kind, merged_file(tmp_path / "m.xlsx", kind), OPTIONS)
    assert report.errors == [], report.errors
    assert report.rows_imported == 6
    (note,) = by_code(report, "merged_cells_filled")
    assert note.severity == "info" and note.params["example"].endswith(str(6 + 5))
    if kind == "needs":
        classes = {r[0] for r in db.execute("SELECT class_name FROM students")}
        assert classes == {"6A1"}


# --- Excel error values ----------------------------------------------------------------------


def errors_file(path: Path) -> tuple[Path, dict[str, str]]:
    """Needs rows whose Dân tộc (optional, default Kinh) and Lớp (required) show errors."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Nhu cau"
    first = class_sheet(ws, "needs", rows_of("needs", range(1, 6)), "DANH SÁCH")
    wb.save(path)
    errors = {
        ref("needs", "Dân tộc", first): "#N/A",
        ref("needs", "Lớp (*)", first + 1): "#REF!",
        ref("needs", "Số điện thoại", first + 2): "#VALUE!",
        ref("needs", "Ngày sinh (*)", first + 3): "#DIV/0!",
    }
    return with_cached_errors(path, errors), errors


def test_an_excel_error_in_a_cell_is_an_error_on_that_cell_never_a_default(db, tmp_path):
    path, errors = errors_file(tmp_path / "e.xlsx")
    report = import_file(db, "needs", path, replace(OPTIONS, partial=True))
    found = {p.cell: p for p in by_code(report, "excel_error")}
    assert set(found) == set(errors)
    for cell, error in errors.items():
        assert found[cell].is_error and error in found[cell].message()
    assert "VLOOKUP" in found[next(iter(errors))].message()
    assert by_code(report, "required") == []  # the clerk sees #REF!, not an empty cell
    # Only the row without an error was taken; no row got "Kinh" from an #N/A.
    assert report.rows_imported == 1 and stored(db, "needs") == 1


# --- codes stored as numbers with a zero-padding format ----------------------------------------


def padded_codes_file(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Nhu cau"
    rows = rows_of("needs", range(1, 4))
    first = class_sheet(ws, "needs", rows, "DANH SÁCH")
    code_column = column_of("needs", "Mã học sinh (*)")
    for offset, number in enumerate((192285142, 7900123456, 5)):
        cell = ws.cell(row=first + offset, column=code_column, value=number)
        cell.number_format = "0000000000"
    wb.save(path)
    return path


def test_a_student_code_typed_as_a_number_keeps_the_zeros_its_format_shows(db, tmp_path):
    report = import_file(db, "needs", padded_codes_file(tmp_path / "z.xlsx"), OPTIONS)
    assert report.errors == []
    codes = sorted(r[0] for r in db.execute("SELECT code FROM students"))
    assert codes == ["0000000005", "0192285142", "7900123456"]
    restored = {(p.cell, p.params["restored"]) for p in by_code(report, "leading_zeros_restored")}
    assert restored == {("B6", "0192285142"), ("B8", "0000000005")}


# --- the same shapes saved by LibreOffice as .xls and .ods -------------------------------------


@pytest.fixture(scope="module")
def converted(soffice, tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Every shape above, saved once as .xlsx by openpyxl and converted in one LibreOffice
    run per format."""
    folder = tmp_path_factory.mktemp("shapes")
    sheets = {name: rows_of("needs", range(start, start + 2), **{"Lớp (*)": name})
              for name, start in (("6A1", 1), ("6A2", 3))}  # fmt: skip
    made = {
        "classes": class_workbook(folder / "classes.xlsx", "needs", sheets, summary_sheet=True),
        "footer": class_workbook(folder / "footer.xlsx", "needs",
                                 {"Nhu cau": rows_of("needs", range(1, 6))}, footer=True),
        "merged": merged_file(folder / "merged.xlsx", "needs"),
        "errors": errors_file(folder / "errors.xlsx")[0],
        "padded": padded_codes_file(folder / "padded.xlsx"),
    }  # fmt: skip
    result: dict[str, dict[str, Path]] = {"xlsx": made}
    for suffix in ("xls", "ods"):
        files = soffice.convert(list(made.values()), suffix, folder / suffix)
        result[suffix] = dict(zip(made, files, strict=True))
    return result


@pytest.mark.render
@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_each_shape_saved_by_libreoffice_reads_the_same(db, converted, suffix):
    files = converted[suffix]
    classes = import_file(db, "needs", files["classes"], replace(OPTIONS, dry_run=True))
    assert [s.name for s in classes.sheets] == ["6A1", "6A2"] and classes.rows_valid == 4
    assert len(by_code(classes, "sheets_not_read")) == 1

    footer = import_file(db, "needs", files["footer"], replace(OPTIONS, dry_run=True))
    assert footer.errors == [] and footer.rows_valid == 5
    assert len(by_code(footer, "table_footer")) == 2

    merged = import_file(db, "needs", files["merged"], replace(OPTIONS, dry_run=True))
    assert merged.errors == [] and merged.rows_valid == 6

    errors = import_file(db, "needs", files["errors"], replace(OPTIONS, dry_run=True))
    shown = sorted(p.params["value"] for p in by_code(errors, "excel_error"))
    assert shown == ["#DIV/0!", "#N/A", "#REF!", "#VALUE!"], errors.problems

    padded = import_file(db, "needs", files["padded"], OPTIONS)
    assert padded.errors == []
    codes = sorted(r[0] for r in db.execute("SELECT code FROM students"))
    assert codes == ["0000000005", "0192285142", "7900123456"]


# --- hidden rows and filters ------------------------------------------------------------------


def test_hidden_and_filtered_rows_are_read_and_said_once(db, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Nhu cau"
    first = class_sheet(ws, "needs", rows_of("needs", range(1, 7)), "DANH SÁCH")
    for row in (first + 1, first + 3):
        ws.row_dimensions[row].hidden = True
    ws.auto_filter.ref = f"A{first - 1}:Q{first + 5}"
    path = tmp_path / "an.xlsx"
    wb.save(path)
    report = import_file(db, "needs", path, OPTIONS)
    assert report.errors == [] and report.rows_imported == 6 and stored(db, "needs") == 6
    (note,) = by_code(report, "hidden_rows")
    assert note.severity == "info" and note.params["count"] == 2
    assert "bộ lọc" in note.message() and note.sheet == "Nhu cau"


def test_what_every_class_sheet_says_alike_is_said_once_for_the_file(db, tmp_path):
    """Three class sheets, each without the Dân tộc column, each with its footer and its class
    merged down: one warning for the column (all the rows counted), one note for the totals,
    one for the signatures, one for the merged cells; not one per sheet."""
    from builders import NEEDS_HEADERS

    headers = [h for h in NEEDS_HEADERS if h != "Dân tộc"]
    sheets = {name: rows_of("needs", range(start, start + 3), **{"Lớp (*)": name})
              for name, start in (("6A1", 1), ("6A2", 4), ("6A3", 7))}  # fmt: skip
    path = class_workbook(tmp_path / "lop.xlsx", "needs", sheets, footer=True, headers=headers)
    report = import_file(db, "needs", path, OPTIONS)
    assert report.errors == [] and report.rows_imported == 9
    (absent,) = by_code(report, "column_absent")
    assert absent.params["count"] == 9 and absent.sheet is None
    footers = by_code(report, "table_footer")
    assert [f.message_id for f in footers] == ["table_footer.totals", "table_footer.closing"]
    assert footers[0].params["rows"] == "9 (6A1); 9 (6A2); 9 (6A3)"
    assert "6A3" in footers[1].message()


# --- shapes a newcomer's walk found ----------------------------------------------------------


def test_a_name_typed_over_two_columns_under_one_header_is_joined(db, tmp_path):
    """ "Họ và tên" merged over "Họ đệm" | "Tên", the other headers merged down both rows: the
    second header row is a header, not a student, and each name is whole."""
    from builders import NEEDS_HEADERS
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Nhu cau"
    name_at = NEEDS_HEADERS.index("Họ và tên (*)")
    top = [*NEEDS_HEADERS[: name_at + 1], "", *NEEDS_HEADERS[name_at + 1 :]]
    bottom = [""] * len(top)
    bottom[name_at], bottom[name_at + 1] = "Họ đệm", "Tên"
    ws.append(["DANH SÁCH HỌC SINH"])
    ws.append(top)
    ws.append(bottom)
    ws.merge_cells(start_row=2, start_column=name_at + 1, end_row=2, end_column=name_at + 2)
    for column in range(1, len(top) + 1):
        if column not in (name_at + 1, name_at + 2):
            ws.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    names = [("Nguyễn Thị", "Lan"), ("Trần Văn", "Hùng"), ("Hà", "Mỹ")]
    for number, (family, given) in enumerate(names, start=1):
        row = needs_row(number)
        values = [row[h] for h in NEEDS_HEADERS]
        ws.append([*values[:name_at], family, given, *values[name_at + 1 :]])
    path = tmp_path / "ten.xlsx"
    wb.save(path)
    report = import_file(db, "needs", path, OPTIONS)
    assert report.errors == [] and report.header_row == 3, report.errors
    assert by_code(report, "unknown_column") == []
    stored_names = [r[0] for r in db.execute("SELECT full_name FROM students ORDER BY code")]
    assert stored_names == ["Nguyễn Thị Lan", "Trần Văn Hùng", "Hà Mỹ"]


def test_a_row_numbering_the_columns_under_the_header_is_part_of_it(db, tmp_path):
    from builders import NEEDS_HEADERS, write_sheet

    numbering = {h: f"({i})" for i, h in enumerate(NEEDS_HEADERS, start=1)}
    path = write_sheet(tmp_path / "so.xlsx", NEEDS_HEADERS,
                       [numbering, *rows_of("needs", range(1, 4))])  # fmt: skip
    report = import_file(db, "needs", path, OPTIONS)
    assert report.errors == [] and report.rows_imported == 3


def test_group_headings_inside_the_list_are_not_records(db, tmp_path):
    """ "KHỐI 6" merged across the row, "Lớp 7A1" typed alone, and any text merged across the
    whole width: skipped, said once; the students around them imported."""
    from builders import NEEDS_HEADERS
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Nhu cau"
    first = class_sheet(ws, "needs", [], "DANH SÁCH")
    width = len(NEEDS_HEADERS)
    layout: list[Any] = ["KHỐI 6", *rows_of("needs", range(1, 3)), "Lớp 7A1",
                         *rows_of("needs", range(3, 5)), "Học sinh khuyết tật",
                         *rows_of("needs", range(5, 6))]  # fmt: skip
    for item in layout:
        if isinstance(item, str):
            column = 3 if item == "Lớp 7A1" else 1
            ws.cell(row=ws.max_row + 1, column=column, value=item)
            if item != "Lớp 7A1":
                ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row,
                               end_column=width)  # fmt: skip
        else:
            ws.append([item.get(h, "") for h in NEEDS_HEADERS])
    path = tmp_path / "khoi.xlsx"
    wb.save(path)
    report = import_file(db, "needs", path, OPTIONS)
    assert report.errors == [], report.errors[:3]
    assert report.rows_imported == 5
    (note,) = by_code(report, "section_headings")
    assert note.params["count"] == 3 and note.params["rows"].startswith(str(first))


def test_many_zeros_put_back_in_one_column_are_one_warning(db, tmp_path):
    from builders import NEEDS_HEADERS, write_sheet

    rows = rows_of("needs", range(1, 11))
    for row in rows:
        row["Số điện thoại"] = float(row["Số điện thoại"])  # typed as numbers: the 0 is gone
    path = write_sheet(tmp_path / "dt.xlsx", NEEDS_HEADERS, rows)
    report = import_file(db, "needs", path, OPTIONS)
    assert report.errors == [] and report.rows_imported == 10
    (restored,) = by_code(report, "leading_zeros_restored")
    assert restored.params["count"] == 10 and restored.row is None
    phones = {r[0] for r in db.execute("SELECT phone FROM students")}
    assert phones == {"0912345678"}


def test_a_handover_code_that_lost_its_zero_says_so(db, tmp_path):
    from builders import HANDOVER_HEADERS, write_sheet

    sheets = {"Nhu cau": [needs_row(1, **{"Mã học sinh (*)": "0661000018"})]}
    assert import_file(db, "needs", class_workbook(tmp_path / "n.xlsx", "needs", sheets),
                       OPTIONS).exit_code == 0  # fmt: skip
    ready_devices = class_workbook(tmp_path / "d.xlsx", "devices",
                                   {"Thiet bi": rows_of("devices", range(1, 2))})  # fmt: skip
    assert import_file(db, "devices", ready_devices, OPTIONS).exit_code == 0
    db.execute("UPDATE needs SET status = 'approved'")
    handover = handover_row(1, **{"Mã học sinh": 661000018})  # a number: Excel drops the 0
    path = write_sheet(tmp_path / "h.xlsx", HANDOVER_HEADERS, [handover], sheet="Ban giao")
    report = import_file(db, "handovers", path, OPTIONS)
    (missing,) = by_code(report, "not_found")
    assert missing.message_id == "not_found.student_zeros"
    assert "0661000018" in missing.message() and "Văn bản" in missing.message()


def test_a_hidden_sheet_with_the_templates_header_is_an_old_copy_named_not_read(db, tmp_path):
    from openpyxl import load_workbook

    sheets = {"6A1": rows_of("needs", range(1, 4)), "6A1 cu": rows_of("needs", range(1, 3))}
    path = class_workbook(tmp_path / "cu.xlsx", "needs", sheets)
    wb = load_workbook(path)
    wb["6A1 cu"].sheet_state = "hidden"
    wb.save(path)
    report = import_file(db, "needs", path, OPTIONS)
    assert [s.name for s in report.sheets] == ["6A1"] and report.rows_imported == 3
    (hidden,) = by_code(report, "sheets_hidden_not_read")
    assert "6A1 cu" in hidden.message() and "Bỏ ẩn" in hidden.message()
    # With the visible sheet holding something else, the hidden one is all there is: it is read.
    wb = load_workbook(path)
    del wb["6A1"]
    wb.create_sheet("Ghi chu", 0).append(["Danh sách đã gửi phòng ngày 15/9"])
    wb.save(path)
    alone = import_file(db, "needs", path, replace(OPTIONS, dry_run=True))
    assert [s.name for s in alone.sheets] == ["6A1 cu"] and alone.rows_valid == 2
