"""The command line as scripts use it: exit codes, one JSON object, messages, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from builders import NEEDS_HEADERS, needs_row, write_sheet
from openpyxl import load_workbook

JSON_KEYS = {"kind", "file", "sheet", "header_row", "sheets", "rows_read", "rows_valid",
             "rows_imported", "dry_run", "problems"}  # fmt: skip
PROBLEM_KEYS = {"severity", "code", "row", "sheet", "cell", "ref", "column", "message"}


def songmay(*args: str | Path, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "desktop_app"]
    if db is not None:
        command += ["--db", str(db)]
    return subprocess.run(
        [*command, *map(str, args)], capture_output=True, text=True, timeout=120, check=False
    )


def recent(days: int) -> str:
    return (date.today() - timedelta(days=days)).strftime("%d/%m/%Y")


@pytest.fixture
def needs_file(tmp_path: Path) -> Path:
    birth = (date.today() - timedelta(days=365 * 12)).strftime("%d/%m/%Y")
    rows = [needs_row(1, **{"Ngày sinh (*)": birth}),
            needs_row(2, **{"Ngày sinh (*)": birth, "Họ và tên (*)": "Trần Thị Bé",
                            "Giới tính (*)": "Không rõ"})]  # fmt: skip
    return write_sheet(tmp_path / "needs.xlsx", NEEDS_HEADERS, rows)


def test_import_json_is_one_object_and_exit_1_on_row_errors(tmp_path, needs_file):
    result = songmay("import", "needs", needs_file, "--json", db=tmp_path / "s.db")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)  # exactly one JSON document
    assert set(report) >= JSON_KEYS
    assert report["rows_read"] == 2 and report["rows_valid"] == 1 and report["rows_imported"] == 0
    problem = report["problems"][0]
    assert set(problem) == PROBLEM_KEYS
    assert (problem["code"], problem["row"], problem["cell"]) == ("invalid_choice", 5, "E5")
    assert (problem["sheet"], problem["ref"]) == ("Nhu cau", "'Nhu cau'!E5")
    assert report["sheets"] == [{"name": report["sheet"], "header_row": 3, "rows_read": 2}]
    assert "không có trong danh mục" in problem["message"]


def test_partial_imports_the_valid_rows_and_lang_en(tmp_path, needs_file):
    db = tmp_path / "s.db"
    result = songmay("--lang", "en", "import", "needs", needs_file, "--json", "--partial", db=db)
    report = json.loads(result.stdout)
    assert result.returncode == 1 and report["rows_imported"] == 1
    assert report["problems"][0]["message"].startswith('"Không rõ" is not in the code list')
    info = json.loads(songmay("info", "--json", db=db).stdout)
    assert info["counts"]["students"] == 1 and info["outbox"]["pending"] == 2


def test_text_output_names_row_cell_and_column(tmp_path, needs_file):
    result = songmay("import", "needs", needs_file, "--dry-run", db=tmp_path / "s.db")
    assert result.returncode == 1
    assert "Dòng 5, ô E5 (Giới tính)" in result.stdout
    assert "Chạy thử" in result.stdout and "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("content", [b"", b"%PDF-1.4 not a workbook", b"PK\x03\x04broken"])
def test_unusable_file_is_exit_2_with_file_unreadable(tmp_path, content):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(content)
    result = songmay("import", "needs", bad, "--json", db=tmp_path / "s.db")
    assert result.returncode == 2, result.stderr
    report = json.loads(result.stdout)
    assert [p["code"] for p in report["problems"]] == ["file_unreadable"]
    assert report["problems"][0]["row"] is None
    assert "Traceback" not in result.stderr


def test_missing_file_is_explained(tmp_path):
    result = songmay("import", "needs", tmp_path / "none.xlsx", db=tmp_path / "s.db")
    assert result.returncode == 2 and "Không tìm thấy tệp" in result.stdout


def test_error_report_keeps_rows_and_marks_the_bad_cell(tmp_path, needs_file):
    report_path = tmp_path / "loi.xlsx"
    songmay("import", "needs", needs_file, "--report", report_path, db=tmp_path / "s.db")
    wb = load_workbook(report_path)
    ws = wb.worksheets[0]
    assert ws["E5"].value == "Không rõ"  # the clerk's row, at its own row number
    assert ws["E5"].fill.fgColor.rgb.endswith("FFC7CE") and ws["E5"].comment is not None
    result_column = ws.max_column
    assert "không có trong danh mục" in ws.cell(row=5, column=result_column).value
    listing = wb.worksheets[1]  # a title, a subtitle, a blank row, the header, then the list
    assert [c.value for c in listing[5]][:5] == [5, "E5", "Giới tính", "Lỗi", "invalid_choice"]


def test_template_has_dropdowns_frozen_header_instructions_and_codes(tmp_path):
    out = tmp_path / "mau.xlsx"
    assert songmay("template", "needs", out).returncode == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["Nhu cau", "Huong dan", "Danh muc"]
    ws = wb["Nhu cau"]
    # The letterhead (agency and motto, two rows), a blank row, the title and subtitle, a blank
    # row, then the header on row 7.
    assert ws.freeze_panes == "A8" and ws.print_title_rows == "$7:$7"
    assert not ws.print_area  # the rows the clerk will type print too
    headers = [c.value for c in ws[7]]
    assert headers[1] == "Mã học sinh (*)" and "Ghi chú" in headers
    kinds = {v.type for v in ws.data_validations.dataValidation}
    assert kinds == {"list", "date"}
    lists = [v for v in ws.data_validations.dataValidation if v.type == "list"]
    # gender, ethnicity, category, has_device, borrowing_device, requested_device, consent_method
    assert len(lists) == 7
    assert "Kinh" in [c.value for c in wb["Danh muc"]["B"]]


def test_school_profile_set_and_shown(tmp_path):
    db = tmp_path / "s.db"
    result = songmay("school", "--name", "Trường TH Hòa Bình", "--code", "A01", "--level", "th",
                     db=db)  # fmt: skip
    assert result.returncode == 0
    shown = json.loads(songmay("school", "--json", db=db).stdout)
    assert shown["name"] == "Trường TH Hòa Bình" and shown["level"] == "TH"
    bad = songmay("school", "--level", "ĐH", db=db)
    assert bad.returncode == 2 and "Cấp học" in bad.stderr


def test_db_from_environment_variable(tmp_path):
    import os

    env = {**os.environ, "SONGMAY_DB": str(tmp_path / "env.db")}
    result = subprocess.run([sys.executable, "-m", "desktop_app", "info"], capture_output=True,
                            text=True, env=env, check=False)  # fmt: skip
    assert result.returncode == 0 and str(tmp_path / "env.db") in result.stdout
    assert (tmp_path / "env.db").exists()


def test_without_a_display_the_window_command_explains_instead_of_crashing(tmp_path):
    import os

    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}  # fmt: skip
    result = subprocess.run([sys.executable, "-m", "desktop_app", "--db", str(tmp_path / "s.db")],
                            capture_output=True, text=True, env=env, timeout=60, check=False)  # fmt: skip
    assert result.returncode == 2 and "Không tìm thấy màn hình" in result.stderr
