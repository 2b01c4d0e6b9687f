"""A column the file does not have is said once for the file, not once per row; errors come
before warnings; grades the school's level does not teach get one file-level warning; a typed
path is checked before it is used."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from builders import (
    DEVICE_HEADERS,
    HANDOVER_HEADERS,
    NEEDS_HEADERS,
    TODAY,
    device_row,
    fill_needs_and_devices,
    handover_row,
    needs_row,
    write_sheet,
)
from openpyxl import load_workbook

from desktop_app.core.importing.report import write_error_report
from desktop_app.core.importing.service import (
    ImportOptions,
    ImportReport,
    check_source,
    import_file,
)
from desktop_app.core.problems import Problem
from desktop_app.core.templates.spec import header_key, load_template

CHECK = ImportOptions(today=TODAY, dry_run=True)
ROWS = 19  # the first real file: 19 warnings, one for each row, buried its 10 errors
SHEETS = {"needs": "Nhu cau", "devices": "Thiet bi", "handovers": "Ban giao"}
HEADERS = {"needs": NEEDS_HEADERS, "devices": DEVICE_HEADERS, "handovers": HANDOVER_HEADERS}
ROW_OF = {"needs": needs_row, "devices": device_row, "handovers": handover_row}


def all_headers(kind: str) -> list[str]:
    """The builders' headers, and any column the template has that they do not (yet) name: the
    file lacks only the column a test leaves out."""
    known = {header_key(h) for h in HEADERS[kind]}
    extra = [c.header for c in load_template(kind).columns if header_key(c.header) not in known]
    return [*HEADERS[kind], *extra]


def write(tmp_path: Path, kind: str, rows: list[dict[str, Any]], without: str) -> Path:
    headers = [h for h in all_headers(kind) if h != without]
    assert len(headers) == len(all_headers(kind)) - 1
    return write_sheet(tmp_path / f"{kind}.xlsx", headers, rows, sheet=SHEETS[kind])


def file_level(report: ImportReport) -> list[Problem]:
    return [p for p in report.problems if p.row is None]


def row_level(report: ImportReport) -> list[Problem]:
    return [p for p in report.problems if p.row is not None]


def rows_of(kind: str, count: int) -> list[dict[str, Any]]:
    """Clean rows: distinct students, devices above the minimum specification."""
    if kind == "needs":
        return [needs_row(i, **{"Họ và tên (*)": f"Học Sinh {chr(64 + i)}"})
                for i in range(1, count + 1)]  # fmt: skip
    extra = {"devices": {"RAM (GB)": 4}}.get(kind, {})
    return [ROW_OF[kind](i, **extra) for i in range(1, count + 1)]


# --- one warning for the file, whatever the row count -----------------------------------------


@pytest.mark.parametrize(
    ("kind", "without", "column", "says"),
    [
        ("needs", "Dân tộc", "Dân tộc", "lấy giá trị mặc định “Kinh”"),
        ("needs", "Thiết bị đang mượn của trường", "Thiết bị đang mượn của trường",
         "lấy giá trị mặc định “Không”"),
        ("needs", "Ghi chú", "Ghi chú", "để trống mục này"),
        ("devices", "CPU", "CPU", "để trống mục này"),
        ("devices", "Loại nhà tài trợ", "Loại nhà tài trợ", "để trống mục này"),
        ("handovers", "Ghi chú", "Ghi chú", "để trống mục này"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("count", [1, ROWS])
def test_a_missing_optional_column_is_one_file_level_warning(
    db, tmp_path, kind, without, column, says, count
):
    if kind == "handovers":
        fill_needs_and_devices(db, tmp_path, count=count)
    path = write(tmp_path, kind, rows_of(kind, count), without)
    report = import_file(db, kind, path, CHECK)
    assert report.rows_read == count and report.exit_code == 0
    (warning,) = file_level(report)
    assert (warning.severity, warning.code, warning.column) == ("warning", "column_absent", column)
    assert f"Tệp không có cột “{column}”: {count} dòng {says}" in warning.message()
    assert row_level(report) == []  # nothing about that column on any row


def test_the_warnings_a_missing_column_causes_are_counted_once_not_repeated(db, tmp_path):
    """Category 1 and 2 should have a certificate number: a file with no such column gave one
    warning per poor household. Now the file has one, which counts them."""
    categories = ["Hộ nghèo", "Hộ cận nghèo", "Khó khăn khác"]
    rows = rows_of("needs", ROWS)
    for i, row in enumerate(rows):
        row["Diện đối tượng (*)"] = categories[i % 3]
    poor = sum(1 for r in rows if r["Diện đối tượng (*)"] != "Khó khăn khác")
    first_poor = next(n for n, r in enumerate(rows, start=4) if r["Diện đối tượng (*)"] != "Khó khăn khác")  # fmt: skip
    path = write(tmp_path, "needs", rows, "Số giấy chứng nhận hộ nghèo/cận nghèo")
    report = import_file(db, "needs", path, CHECK)
    assert [p.code for p in report.problems] == ["column_absent"]
    (warning,) = report.problems
    assert warning.row is None and warning.column == "Số giấy chứng nhận hộ nghèo/cận nghèo"
    text = warning.message()
    assert f"{ROWS} dòng để trống mục này" in text
    assert f"{poor} dòng có cảnh báo, ví dụ dòng {first_poor}: Học sinh diện" in text
    english = warning.message("en")
    assert f"rows with a warning: {poor}" in english and "Poverty certificate number" in english


def test_columns_that_only_stay_empty_are_named_together(db, tmp_path):
    headers = [h for h in all_headers("needs") if h not in ("Địa chỉ", "Ghi chú", "Số điện thoại")]
    path = write_sheet(tmp_path / "needs.xlsx", headers, rows_of("needs", ROWS))
    (warning,) = file_level(import_file(db, "needs", path, CHECK))
    assert warning.column == "Số điện thoại, Địa chỉ, Ghi chú"
    assert warning.message() == (
        f"Tệp không có các cột Số điện thoại, Địa chỉ, Ghi chú: {ROWS} dòng để trống các mục này."
    )
    assert warning.message("en").startswith("The file has none of the columns Phone number, ")


def test_errors_come_before_warnings_each_in_the_files_order(db, tmp_path):
    rows = rows_of("needs", ROWS)
    bad = {5: "Lớp (*)", 9: "Họ và tên (*)", 14: "Giới tính (*)"}
    for index, header in bad.items():
        rows[index][header] = "10A1" if header == "Lớp (*)" else ""
    rows[2]["Họ và tên (*)"] = rows[1]["Họ và tên (*)"]  # a possible duplicate: a row warning
    rows[2]["Ngày sinh (*)"] = rows[1]["Ngày sinh (*)"]
    path = write(tmp_path, "needs", rows, "Dân tộc")
    report = import_file(db, "needs", path, CHECK)
    severities = [p.severity for p in report.problems]
    errors = severities.count("error")
    assert errors == len(bad) and severities == ["error"] * errors + ["warning"] * (
        len(severities) - errors
    )
    error_rows = [p.row for p in report.errors]
    assert error_rows == sorted(index + 4 for index in bad)  # Excel rows, the file's order
    warnings = report.warnings
    assert [p.row for p in warnings] == sorted((p.row for p in warnings), key=lambda r: r or 0)
    assert warnings[0].row is None  # the file's own warnings lead their group


def test_the_cli_json_and_the_error_report_carry_the_one_warning(tmp_path):
    rows = rows_of("needs", ROWS)
    rows[3]["Giới tính (*)"] = "Không rõ"
    path = write(tmp_path, "needs", rows, "Dân tộc")
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", str(tmp_path / "s.db"),
         "import", "needs", str(path), "--json", "--dry-run"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    problems = json.loads(result.stdout)["problems"]
    assert [(p["severity"], p["code"], p["row"]) for p in problems] == [
        ("error", "invalid_choice", 7),
        ("warning", "column_absent", None),
    ]
    assert problems[1]["column"] == "Dân tộc" and f"{ROWS} dòng" in problems[1]["message"]

    text = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", str(tmp_path / "s.db"),
         "import", "needs", str(path), "--dry-run"],
        capture_output=True, text=True, timeout=120, check=False,
    ).stdout  # fmt: skip
    assert text.count("Tệp không có cột “Dân tộc”") == 1
    assert text.index("Giới tính") < text.index("Tệp không có cột")


def test_the_error_report_lists_the_file_level_warning_once(db, tmp_path):
    rows = rows_of("needs", ROWS)
    rows[3]["Giới tính (*)"] = "Không rõ"
    report = import_file(db, "needs", write(tmp_path, "needs", rows, "Dân tộc"), CHECK)
    target = tmp_path / "loi.xlsx"
    write_error_report(report, target)
    listing = load_workbook(target).worksheets[1]
    rows = [[c.value for c in row] for row in listing.iter_rows()]
    heading = next(n for n, row in enumerate(rows) if row[:2] == ["Dòng", "Ô"])
    lines = [row for row in rows[heading + 1 :] if any(v is not None for v in row)]
    assert [(line[0], line[3], line[4]) for line in lines] == [
        (7, "Lỗi", "invalid_choice"),
        (None, "Cảnh báo", "column_absent"),
    ]
    assert lines[1][2] == "Dân tộc"


# --- grades outside the school's level --------------------------------------------------------


def test_grades_outside_the_level_are_one_file_level_warning(db, tmp_path):
    """The fixture's school is THCS (grades 6–9): grade 10 and 11 rows are errors, and the file
    gets one warning saying which grades and how many rows, in case the level is the wrong one."""
    classes = ["6A1", "10A1", "7A2", "11B", "10A2", "9A1"] * 3
    rows = rows_of("needs", len(classes))
    for row, class_name in zip(rows, classes, strict=True):
        row["Lớp (*)"] = class_name
    report = import_file(db, "needs", write_sheet(tmp_path / "n.xlsx", NEEDS_HEADERS, rows), CHECK)
    outside = [c for c in classes if int(re.match(r"[0-9]+", c).group()) not in range(6, 10)]
    assert len(outside) == 9
    assert [p.code for p in report.errors] == ["inconsistent"] * len(outside)
    (warning,) = file_level(report)
    assert (warning.code, warning.severity, warning.column) == (
        "grades_outside_level", "warning", "Lớp",
    )  # fmt: skip
    assert warning.message().startswith(f"Tệp có {len(outside)} dòng ở khối 10, 11, không thuộc")
    assert "trung học cơ sở (THCS)" in warning.message() and "khối 6–9" in warning.message()


def test_grades_within_the_level_say_nothing(db, tmp_path):
    rows = rows_of("needs", 8)
    for i, row in enumerate(rows):
        row["Lớp (*)"] = f"{6 + i % 4}A1"
    report = import_file(db, "needs", write_sheet(tmp_path / "n.xlsx", NEEDS_HEADERS, rows), CHECK)
    assert report.problems == []


# --- a path the clerk typed ------------------------------------------------------------------


def test_a_typed_path_is_checked_with_a_vietnamese_reason(tmp_path):
    good = write_sheet(tmp_path / "nhu cau.xlsx", NEEDS_HEADERS, rows_of("needs", 1))
    (tmp_path / "ghi-chu.txt").write_text("x")
    assert check_source(str(good)) == (good, None)
    assert check_source(f'"{good}"')[0] == good  # Windows' "Copy as path" quotes it
    cases = {
        "": "Hãy nhập đường dẫn",
        str(tmp_path / "khong-co.xlsx"): "Không tìm thấy tệp",
        str(tmp_path): "là một thư mục",
        str(tmp_path / "ghi-chu.txt"): "không phải bảng tính",
    }
    for text, says in cases.items():
        path, why = check_source(text)
        assert path is None and why is not None and says in why, (text, why)
