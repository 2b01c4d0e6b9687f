"""A CSV file imports with the same checks as a workbook: every encoding and delimiter that
Excel, Google Sheets and the sector database write, cells kept as text, bad files refused."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
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
from sqlite_utils import Database
from test_cli import songmay

from desktop_app.core.excel.csv_file import choose_delimiter, csv_notes, read_csv_rows
from desktop_app.core.excel.reader import open_workbook
from desktop_app.core.excel.safety import Limits, UnsafeFile
from desktop_app.core.importing.service import (
    ImportOptions,
    ImportReport,
    check_source,
    import_file,
)
from desktop_app.core.school import save_school
from desktop_app.core.store.database import open_database

OPTIONS = ImportOptions(today=TODAY)
TONES = "\u0300\u0301\u0303\u0309\u0323"  # the combining marks Windows-1258 spells tones with
# Every toned and hatted Vietnamese letter, lower and upper case.
ALL_LETTERS = (
    "".join(chr(c) for c in range(0x1EA0, 0x1EFA)) + "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư"
)
NAMES = ["Nguyễn Thị Ánh Tuyết", "Đặng Hữu Phước", "Huỳnh Võ Kỳ Duyên", "Trương Ngọc Ẩn"]
# (encoding, delimiter): Excel "CSV UTF-8" (BOM), Google Sheets and the sector database (no
# BOM), Excel "Unicode text" (UTF-16, tab), Excel "CSV" on a Vietnamese Windows (cp1258, ";"
# with a comma decimal separator, "," otherwise).
FORMATS = [
    ("utf-8-sig", ","),
    ("utf-8", ","),
    ("utf-8", ";"),
    ("utf-16", "\t"),
    ("cp1258", ";"),
    ("cp1258", ","),
]
FORMAT_IDS = ["excel-utf8", "sheets", "utf8-semicolon", "unicode-text", "ansi-semicolon",
              "ansi-comma"]  # fmt: skip


def windows_1258(text: str) -> bytes:
    """``text`` as Windows writes it in code page 1258: a letter the code page has is one byte,
    any other is its base letter (hats and horns kept) followed by a combining tone mark."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONES))
        out += (base + "".join(p for p in parts if p in TONES)).encode("cp1258")
    return bytes(out)


def test_windows_1258_spells_tones_as_combining_marks_and_round_trips_every_letter():
    encoded = windows_1258(ALL_LETTERS)
    assert "\u0303".encode("cp1258") in encoded  # tones really are separate bytes
    decoded = encoded.decode("cp1258")
    assert decoded != ALL_LETTERS and unicodedata.normalize("NFC", decoded) == ALL_LETTERS


def csv_text(
    headers: Sequence[str],
    rows: Sequence[dict[str, Any]],
    delimiter: str,
    title: Sequence[str] = ("DANH SÁCH",),
) -> str:
    """What a spreadsheet program writes: every row padded to the table's width, CRLF."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    width = len(headers)
    if title:
        writer.writerow([*title, *[""] * (width - len(title))])
    writer.writerow(headers)
    for row in rows:
        writer.writerow([str(row.get(h, "")) for h in headers])
    return buffer.getvalue()


def encode(text: str, encoding: str) -> bytes:
    if encoding == "cp1258":
        return windows_1258(text)
    return text.encode(encoding)  # "utf-16" writes a BOM, "utf-8-sig" too


def write_csv(
    path: Path,
    headers: Sequence[str],
    rows: Sequence[dict[str, Any]],
    encoding: str = "utf-8",
    delimiter: str = ",",
    **kwargs: Any,
) -> Path:
    path.write_bytes(encode(csv_text(headers, rows, delimiter, **kwargs), encoding))
    return path


def codes(report: ImportReport) -> list[tuple[str, int | None, str | None]]:
    return [(p.code, p.row, p.cell) for p in report.problems]


def message_ids(report: ImportReport) -> list[str]:
    return [p.message_id for p in report.problems]


def needs_rows() -> list[dict[str, Any]]:
    return [
        needs_row(
            number,
            **{
                "Họ và tên (*)": name,
                "Ngày sinh (*)": f"{number + 10:02d}/06/2010",
                "Số điện thoại": f"09{number}2345678",
                "Địa chỉ": "Thôn 3, xã Ea Tu; TP. Buôn Ma Thuột",  # both delimiters inside
                "Số định danh cá nhân": "",
            },
        )
        for number, name in enumerate(NAMES, start=1)
    ]


STUDENT_COLUMNS = "code, full_name, birth_date, gender, class_name, phone, address, guardian_name"


def students(db: Database) -> list[tuple[Any, ...]]:
    return db.execute(f"SELECT {STUDENT_COLUMNS} FROM students ORDER BY code").fetchall()


def other_db(tmp_path: Path, name: str) -> Database:
    database = open_database(tmp_path / name)
    save_school(database, {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THCS"})
    return database


# --- the three templates, in every encoding and delimiter -----------------------------------------


@pytest.mark.parametrize(("encoding", "delimiter"), FORMATS, ids=FORMAT_IDS)
def test_needs_csv_stores_what_the_same_workbook_stores(db, tmp_path, encoding, delimiter):
    data = needs_rows()
    path = write_csv(tmp_path / "nhu-cau.csv", NEEDS_HEADERS, data, encoding, delimiter)
    report = import_file(db, "needs", path, OPTIONS)
    expected_notes = ["csv_legacy_codepage"] if encoding == "cp1258" else []
    assert [p.code for p in csv_notes(read_csv_rows(path, Limits()))] == expected_notes
    # The report says it too, once, for the file.
    assert [p.code for p in report.problems] == expected_notes and report.exit_code == 0
    assert (report.sheet, report.header_row, report.rows_imported) == ("nhu-cau", 2, 4)
    stored = students(db)
    assert [row[1] for row in stored] == NAMES  # NFC, whatever the file's spelling
    assert all(unicodedata.is_normalized("NFC", row[1]) for row in stored)
    assert [(row[2], row[5]) for row in stored] == [
        ("2010-06-11", "0912345678"), ("2010-06-12", "0922345678"),
        ("2010-06-13", "0932345678"), ("2010-06-14", "0942345678"),
    ]  # fmt: skip
    assert {row[6] for row in stored} == {"Thôn 3, xã Ea Tu; TP. Buôn Ma Thuột"}

    workbook_db = other_db(tmp_path, "from-xlsx.sqlite3")
    try:
        xlsx = write_sheet(tmp_path / "nhu-cau.xlsx", NEEDS_HEADERS, data)
        assert import_file(workbook_db, "needs", xlsx, OPTIONS).exit_code == 0
        assert students(workbook_db) == stored
        needs = "SELECT category, has_device, requested_device, poverty_cert_no FROM needs"
        assert workbook_db.execute(needs).fetchall() == db.execute(needs).fetchall()
    finally:
        workbook_db.close()


DEVICE_COLUMNS = (
    "d.serial, d.device_type, d.brand, d.model, d.ram_gb, d.storage_gb, d.screen_inch, "
    "d.warranty_months, b.code, b.received_date"
)


@pytest.mark.parametrize(("encoding", "delimiter"), FORMATS, ids=FORMAT_IDS)
def test_devices_csv_stores_what_the_same_workbook_stores(db, tmp_path, encoding, delimiter):
    donor = {"RAM (GB)": 4, "Nhà tài trợ": "Công ty Đức Hạnh"}
    data = [
        device_row(1, **donor, **{"Số serial/IMEI": "00123"}),
        device_row(2, **donor, **{"Màn hình (inch)": "10,5", "Hãng": "Lenovo"}),
    ]
    path = write_csv(tmp_path / "thiet-bi.csv", DEVICE_HEADERS, data, encoding, delimiter)
    report = import_file(db, "devices", path, OPTIONS)
    expected_notes = ["csv_legacy_codepage"] if encoding == "cp1258" else []
    assert [p.code for p in report.problems] == expected_notes and report.rows_imported == 2
    query = (
        f"SELECT {DEVICE_COLUMNS} FROM devices d JOIN donation_batches b ON b.id = d.batch_id "
        "ORDER BY d.serial"
    )
    stored = db.execute(query).fetchall()
    assert stored[0][0] == "00123"  # a serial keeps its leading zeros
    assert [row[6] for row in stored] == [10.5, 10.5]  # "10,5" is the Vietnamese 10.5
    assert stored[0][9] == "2022-01-05"
    assert db.execute("SELECT name FROM donors").fetchall() == [("Công ty Đức Hạnh",)]

    workbook_db = other_db(tmp_path, "from-xlsx.sqlite3")
    try:
        xlsx = write_sheet(tmp_path / "thiet-bi.xlsx", DEVICE_HEADERS, data, sheet="Thiet bi")
        assert import_file(workbook_db, "devices", xlsx, OPTIONS).exit_code == 0
        assert workbook_db.execute(query).fetchall() == stored
    finally:
        workbook_db.close()


@pytest.mark.parametrize(("encoding", "delimiter"), FORMATS, ids=FORMAT_IDS)
def test_handovers_csv_links_devices_and_students(db, tmp_path, encoding, delimiter):
    fill_needs_and_devices(db, tmp_path, count=2)
    data = [
        handover_row(1, **{"Ngày bàn giao": "08/01/2022"}),
        handover_row(
            2,
            **{
                "Người nhận (học sinh / cha mẹ / người giám hộ)": "Cha/mẹ",
                "Họ tên người nhận thay": "Lê Thị Hường",
            },
        ),
    ]
    path = write_csv(tmp_path / "ban-giao.csv", HANDOVER_HEADERS, data, encoding, delimiter)
    report = import_file(db, "handovers", path, OPTIONS)
    expected_notes = ["csv_legacy_codepage"] if encoding == "cp1258" else []
    assert [p.code for p in report.problems] == expected_notes and report.rows_imported == 2
    stored = db.execute(
        "SELECT s.code, d.serial, h.event_date, h.receiver_name FROM handovers h "
        "JOIN students s ON s.id = h.student_id JOIN devices d ON d.id = h.device_id "
        "ORDER BY s.code"
    ).fetchall()
    assert stored == [
        ("HS000001", "SN00000001", "2022-01-08", None),
        ("HS000002", "SN00000002", "2022-01-06", "Lê Thị Hường"),
    ]


# --- what only CSV has ------------------------------------------------------------------------------


def test_a_quoted_line_break_keeps_the_excel_row_numbers_of_the_rows_below(db, tmp_path):
    data = needs_rows()
    data[0]["Ghi chú"] = "Nhà xa,\nđi đò"  # one cell on two lines: one Excel row
    data[1]["Giới tính (*)"] = "Không rõ"  # Excel row 4
    path = write_csv(tmp_path / "nhu-cau.csv", NEEDS_HEADERS, data)
    report = import_file(db, "needs", path, OPTIONS)
    assert codes(report) == [("invalid_choice", 4, "E4")]
    report = import_file(db, "needs", path, ImportOptions(today=TODAY, partial=True))
    assert report.rows_imported == 3
    assert db.execute("SELECT note FROM needs ORDER BY note DESC").fetchone() == ("Nhà xa, đi đò",)


def test_an_excel_formula_text_cell_is_its_text_and_numbers_dates_stay_text(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('Mã,Điện thoại,Ngày\r\n007,"=""0912345678""",16/06/2011\r\n', encoding="utf-8")
    sheet = read_csv_rows(path, Limits())
    assert sheet.rows == [["Mã", "Điện thoại", "Ngày"], ["007", "0912345678", "16/06/2011"]]
    assert (sheet.encoding, sheet.delimiter) == ("utf-8", ",")


@pytest.mark.parametrize(("encoding", "delimiter"), FORMATS, ids=FORMAT_IDS)
def test_read_csv_rows_reports_its_encoding_and_delimiter(tmp_path, encoding, delimiter):
    path = write_csv(tmp_path / "a.csv", NEEDS_HEADERS, needs_rows(), encoding, delimiter)
    sheet = read_csv_rows(path, Limits())
    assert (sheet.encoding, sheet.delimiter) == (encoding, delimiter)
    assert sheet.rows[0] == ["DANH SÁCH"]  # the padding after it is dropped
    assert sheet.rows[1] == NEEDS_HEADERS
    assert [row[2] for row in sheet.rows[2:]] == NAMES


def test_semicolons_win_over_commas_in_the_text_even_when_unquoted():
    text = "Họ tên;Địa chỉ;Ghi chú\nAn;Thôn 3, xã Ea Tu;a, b, c\nBình;Xã Ea Kao;\nChi;Buôn Ma Thuột, Đắk Lắk;x\n"
    assert choose_delimiter(text) == ";"
    assert choose_delimiter(text.replace(";", "\t")) == "\t"
    assert choose_delimiter("a,b,c\n1,2,3\n4,5,6\n") == ","


def test_a_workbook_named_csv_is_opened_as_the_workbook_it_is(tmp_path):
    path = write_sheet(tmp_path / "x.xlsx", NEEDS_HEADERS, [needs_row(1)])
    renamed = path.rename(tmp_path / "nhu-cau.CSV")
    with open_workbook(renamed) as book:
        assert book.facts.format == "xlsx" and book.sheet_names == ["Nhu cau"]
    plain = write_csv(tmp_path / "b.Csv", NEEDS_HEADERS, [needs_row(1)])
    with open_workbook(plain) as book:
        assert book.facts.format == "csv" and book.sheet_names == ["b"]
        assert book.formula_cells("b") == set() and book.rows("b")[1] == NEEDS_HEADERS


def test_the_legacy_codepage_warning_names_the_file_in_both_languages(tmp_path):
    path = write_csv(tmp_path / "ds.csv", NEEDS_HEADERS, needs_rows(), "cp1258", ";")
    (note,) = csv_notes(read_csv_rows(path, Limits()))
    assert (note.severity, note.row) == ("warning", None)
    assert note.message("vi") == (
        "Tệp CSV ds.csv không phải UTF-8; phần mềm đã đọc theo bảng mã Windows-1258. "
        "Hãy kiểm tra họ tên; lần sau hãy lưu bằng 'CSV UTF-8'."
    )
    assert "ds.csv" in note.message("en") and "Windows-1258" in note.message("en")


def test_a_typed_csv_path_is_accepted_like_a_workbook(tmp_path):
    path = write_csv(tmp_path / "nhu-cau.csv", NEEDS_HEADERS, needs_rows())
    assert check_source(f'"{path}"') == (path, None)
    text = tmp_path / "nhu-cau.txt"
    text.write_text("x")
    assert check_source(str(text))[0] is None


# --- bad files: one clear problem each, never a traceback ---------------------------------------------


def file_problem(db: Database, path: Path, **limits: int) -> tuple[str, str]:
    options = ImportOptions(today=TODAY, limits=Limits(**limits)) if limits else OPTIONS
    report = import_file(db, "needs", path, options)
    assert report.exit_code == 2 and report.rows_imported == 0
    (problem,) = report.problems
    assert problem.row is None and problem.message("vi") and problem.message("en")
    return problem.message_id, problem.message("vi")


def test_an_empty_csv_is_the_empty_file_message(db, tmp_path):
    path = tmp_path / "rong.csv"
    path.write_bytes(b"")
    assert file_problem(db, path)[0] == "file.empty"
    path.write_bytes(b"\xef\xbb\xbf\r\n\r\n")  # a BOM and blank lines: no header to find
    assert file_problem(db, path)[0] == "template_unknown"


def test_a_header_only_csv_reads_no_rows_and_writes_nothing(db, tmp_path):
    path = write_csv(tmp_path / "tieu-de.csv", NEEDS_HEADERS, [], title=())
    report = import_file(db, "needs", path, OPTIONS)
    assert (report.header_row, report.rows_read, report.rows_imported) == (1, 0, 0)
    assert report.problems == [] and db.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 0


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"%PDF-1.4\n\x00\x01binary", b"\x00" * 64],
)
def test_a_binary_file_named_csv_is_not_a_spreadsheet(db, tmp_path, content):
    path = tmp_path / "anh.csv"
    path.write_bytes(content)
    message_id, text = file_problem(db, path)
    assert message_id == "file.not_a_spreadsheet" and "Excel" in text


def test_an_unclosed_quote_is_refused_rather_than_swallowing_the_rows_below(db, tmp_path):
    data = [{**row, "Địa chỉ": "Xã Ea Tu"} for row in needs_rows()]  # no other quote in the file
    text = csv_text(NEEDS_HEADERS, data, ",").replace(NAMES[1], f'"{NAMES[1]}')
    path = tmp_path / "ngoac.csv"
    path.write_text(text, encoding="utf-8")
    assert file_problem(db, path)[0] == "file.corrupt"


def test_too_many_columns_rows_or_bytes_give_the_safety_scan_messages(db, tmp_path):
    path = write_csv(tmp_path / "rong.csv", NEEDS_HEADERS, needs_rows())
    message_id, text = file_problem(db, path, max_columns=10)
    assert message_id == "file.too_many_columns"
    assert text.startswith("Trang tính rong có quá nhiều cột (17 cột, tối đa 10)")
    message_id, text = file_problem(db, path, max_rows=3)
    assert message_id == "file.too_many_rows" and "tối đa 3" in text
    assert file_problem(db, path, max_file_bytes=100)[0] == "file.too_large"
    assert file_problem(db, path, max_cells=40)[0] == "file.too_many_cells"
    with pytest.raises(UnsafeFile) as refused:
        read_csv_rows(path, Limits(max_columns=10))
    assert refused.value.detail == {"sheet": "rong", "limit": 10, "actual": 17}


def test_a_row_with_more_fields_than_the_header_is_an_error_on_that_row(db, tmp_path):
    text = csv_text(NEEDS_HEADERS, needs_rows(), ",")
    lines = text.split("\r\n")
    lines[3] += ",đã nhận"  # row 4: an unquoted comma in the last column (Ghi chú)
    lines[4] = lines[4].replace(NAMES[2], "Huỳnh Võ, Kỳ Duyên")  # row 5: one in the name
    path = tmp_path / "lech.csv"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    sheet = read_csv_rows(path, Limits())
    extra = csv_notes(sheet, header_row=2)
    assert [(p.severity, p.code, p.row, p.cell) for p in extra] == [
        ("error", "csv_extra_fields", 4, "R4"),
        ("error", "csv_extra_fields", 5, "R5"),
    ]
    assert (
        extra[0]
        .message("vi")
        .startswith(
            "Dòng này có 18 ô, nhiều hơn 17 cột của dòng tiêu đề (dòng 2): có lẽ một ô chứa dấu “,”"
        )
    )
    assert "“,”" in extra[0].message("vi") and "double quotes" in extra[0].message("en")
    # The shifted row is caught by the column checks too; nothing is written, nothing raised.
    report = import_file(db, "needs", path, OPTIONS)
    assert report.exit_code == 1 and report.rows_imported == 0
    # The report has the errors on those rows: taking only the valid rows leaves them out,
    # even row 4 whose extra field is only a note pushed past the last column.
    assert {(p.row, p.cell) for p in report.problems if p.code == "csv_extra_fields"} == {
        (4, "R4"),
        (5, "R5"),
    }
    partial = import_file(db, "needs", path, replace(OPTIONS, partial=True))
    assert partial.rows_imported == len(needs_rows()) - 2
    assert any(p.row == 5 and p.is_error for p in report.problems)


# --- the command line ----------------------------------------------------------------------------------


def test_the_cli_dry_runs_a_csv_file_as_json(tmp_path):
    birth = (date.today() - timedelta(days=365 * 12 + 40)).strftime("%d/%m/%Y")  # grade 6 today
    data = [{**row, "Ngày sinh (*)": birth} for row in needs_rows()]
    path = write_csv(tmp_path / "nhu-cau.csv", NEEDS_HEADERS, data, "cp1258", ";")
    result = songmay("import", "needs", path, "--dry-run", "--json", db=tmp_path / "s.db")
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert (report["sheet"], report["header_row"], report["rows_read"]) == ("nhu-cau", 2, 4)
    assert report["dry_run"] is True and report["rows_imported"] == 0
    assert all(p["severity"] == "warning" for p in report["problems"])
    assert result.returncode == 0


def test_rows_written_with_one_trailing_delimiter_more_than_the_header_are_not_flagged(tmp_path):
    text = "Mã,Họ tên,Ghi chú\r\nHS1,An,,\r\nHS2,Bình,x,\r\nHS3,Chi,,,\r\n"  # HS3: one more
    path = tmp_path / "tay.csv"
    path.write_text(text, encoding="utf-8")
    notes = csv_notes(read_csv_rows(path, Limits()), header_row=1)
    assert [(p.row, p.cell, p.params["actual"]) for p in notes] == [(4, "D4", 5)]
