"""Handover minutes complete for imported handovers (issue 12, item 9): the handovers template's
optional columns (the giver's representative and position; the receiver's relationship, citizen
ID and address) are imported, stored, exported and printed; a file made before they existed
imports as before and its minutes name the school's principal (or clerk) instead of dotted lines.
The minutes are rendered to PDF by the application's own renderer and read back with poppler's
pdftotext/pdfinfo (skipped on a developer machine without poppler-utils, failed on CI)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from builders import (
    DEVICE_HEADERS,
    NEEDS_HEADERS,
    TODAY,
    device_row,
    needs_row,
    write_sheet,
)
from sqlite_utils import Database
from test_minutes import text_of

from desktop_app.core.errors import SongMayError
from desktop_app.core.importing.export import export_file, write_template
from desktop_app.core.importing.service import ImportOptions, ImportReport, import_file
from desktop_app.core.minutes import BLANK, handover_minutes
from desktop_app.core.minutes.values import NBSP, unbroken_agency
from desktop_app.core.school import save_school
from desktop_app.core.templates.spec import load_codelists, load_template
from desktop_app.printing import write_pdf

OLD_TEMPLATE = Path(__file__).parent / "files" / "handovers-template-before-issue-12.xlsx"
STUDENTS = [("Đặng Quốc Huy", "6A1"), ("Nguyễn Thị Ngọc Ánh", "6A1"), ("Hồ Thị Thuỷ", "6A2"),
            ("Lường Văn Ước", "6A1")]  # fmt: skip
SCHOOL = {"commune": "Xã Yang Mao", "district": "Huyện Krông Bông", "province": "Đắk Lắk",
          "principal": "Y Bhim Niê", "clerk": "Trần Văn Minh"}  # fmt: skip
RECEIVER = "Người nhận (học sinh / cha mẹ / người giám hộ)"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def stock(db: Database, folder: Path) -> None:
    """Students with needs and a batch of devices, through the real importer."""
    save_school(db, SCHOOL)
    needs = [needs_row(i, **{"Họ và tên (*)": name, "Lớp (*)": klass})
             for i, (name, klass) in enumerate(STUDENTS, start=1)]  # fmt: skip
    devices = [device_row(i) for i in range(1, len(STUDENTS) + 1)]
    for kind, headers, rows, sheet in (("needs", NEEDS_HEADERS, needs, "Nhu cau"),
                                       ("devices", DEVICE_HEADERS, devices, "Thiet bi")):  # fmt: skip
        report = import_file(db, kind, write_sheet(folder / f"{kind}.xlsx", headers, rows,
                                                   sheet=sheet), ImportOptions(today=TODAY))  # fmt: skip
        assert report.errors == [], report.problems


def header_row_of(ws: Any) -> int:
    return next(r for r in range(1, 15) if ws.cell(r, 1).value == "STT")


def fill(template: Path, target: Path, rows: list[dict[str, Any]]) -> Path:
    """A template the generator made, filled in below its header as a clerk would: values by
    header (without "(*)"), numbers left as numbers."""
    wb = openpyxl.load_workbook(template)
    ws = wb["Ban giao"]
    header_row = header_row_of(ws)
    columns = {str(ws.cell(header_row, c).value).replace(" (*)", ""): c
               for c in range(1, ws.max_column + 1) if ws.cell(header_row, c).value}  # fmt: skip
    for offset, row in enumerate(rows, start=1):
        ws.cell(header_row + offset, 1, offset)
        for header, value in row.items():
            ws.cell(header_row + offset, columns[header], value)
    wb.save(target)
    return target


def old_row(number: int, **overrides: Any) -> dict[str, Any]:
    row = {"Số serial/IMEI": f"SN{number:08d}", "Mã học sinh": f"HS{number:06d}",
           "Ngày bàn giao": "06/01/2022", RECEIVER: "Học sinh"}  # fmt: skip
    row.update(overrides)
    return row


def import_handovers(db: Database, path: Path) -> ImportReport:
    report = import_file(db, "handovers", path, ImportOptions(today=TODAY))
    assert report.errors == [], [p.message() for p in report.errors]
    return report


def stored(db: Database, code: str) -> dict[str, Any]:
    cursor = db.execute(
        "SELECT h.receiver_role, h.receiver_name, h.relationship, h.receiver_citizen_id,"
        " h.receiver_address, h.handed_by, h.handed_by_position FROM handovers h"
        " JOIN students s ON s.id = h.student_id WHERE s.code = ?",
        (code,),
    )
    return dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))


def minutes_text(db: Database, code: str) -> str:
    (document,) = handover_minutes(db, student_codes=[code])
    return " ".join(text_of(document.html).split())  # non-breaking spaces read as spaces


# --- an old file ---------------------------------------------------------------------------------


@pytest.fixture
def old_file(db: Database, tmp_path: Path) -> Database:
    """A file made by the template generator before the new columns, with a parent receiving."""
    stock(db, tmp_path)
    assert "Quan hệ với học sinh" not in [
        c.value for c in openpyxl.load_workbook(OLD_TEMPLATE)["Ban giao"][4]
    ]
    rows = [old_row(1, **{RECEIVER: "Cha mẹ", "Họ tên người nhận thay": "Nguyễn Văn Bình"}),
            old_row(2)]  # fmt: skip
    report = import_handovers(db, fill(OLD_TEMPLATE, tmp_path / "cu.xlsx", rows))
    assert report.rows_imported == 2
    return db


def test_an_old_file_without_the_new_columns_imports_as_before(old_file):
    assert stored(old_file, "HS000001") == {
        "receiver_role": "parent", "receiver_name": "Nguyễn Văn Bình", "relationship": "Cha/mẹ",
        "receiver_citizen_id": None, "receiver_address": None, "handed_by": None,
        "handed_by_position": None,
    }  # fmt: skip
    assert stored(old_file, "HS000002")["relationship"] is None


def test_the_minutes_of_an_old_file_name_the_principal_not_dotted_lines(old_file):
    text = minutes_text(old_file, "HS000001")
    assert "Đại diện: Ông/Bà Y Bhim Niê; chức vụ: Hiệu trưởng." in text
    assert "ĐẠI DIỆN BÊN GIAO (Ký, ghi rõ họ tên) Y Bhim Niê" in text
    assert "Cha mẹ/người giám hộ: Nguyễn Văn Bình; quan hệ: Cha/mẹ." in text
    assert f"Số định danh cá nhân/CCCD: {BLANK};" in text  # nothing recorded: to fill by hand
    assert "Địa chỉ: Thôn 3, xã Ea Tu." in text  # the student's address
    assert "PHÒNG GD&amp;ĐT HUYỆN KRÔNG BÔNG" in text


def test_the_clerk_signs_for_the_school_where_the_profile_says_so(old_file):
    save_school(old_file, {"handover_giver": "clerk"})
    text = minutes_text(old_file, "HS000002")
    assert "Đại diện: Ông/Bà Trần Văn Minh; chức vụ: Cán bộ phụ trách." in text
    assert "HIỆU TRƯỞNG (Ký tên, đóng dấu) Y Bhim Niê" in text
    save_school(old_file, {"handover_giver": "principal", "principal": ""})
    assert "Ông/Bà Trần Văn Minh; chức vụ: Cán bộ phụ trách." in minutes_text(old_file, "HS000002")
    save_school(old_file, {"clerk": ""})
    assert f"Đại diện: Ông/Bà {BLANK}; chức vụ: {BLANK}." in minutes_text(old_file, "HS000002")
    with pytest.raises(SongMayError, match="hiệu trưởng"):
        save_school(old_file, {"handover_giver": "pho_hieu_truong"})


def test_a_file_imported_before_is_completed_by_the_same_file_with_the_new_columns(
    old_file, tmp_path
):
    template = tmp_path / "mau.xlsx"
    write_template(old_file, "handovers", template)
    parent = {RECEIVER: "Cha mẹ", "Họ tên người nhận thay": "Nguyễn Văn Bình"}
    rows = [old_row(1, **parent, **{"Quan hệ với học sinh": "Bố",
                                     "Số CCCD người nhận thay": "066090001234"}),
            old_row(2)]  # fmt: skip
    before = old_file.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    report = import_handovers(old_file, fill(template, tmp_path / "bo-sung.xlsx", rows))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    completed = stored(old_file, "HS000001")
    assert (completed["relationship"], completed["receiver_citizen_id"]) == ("Bố", "066090001234")
    assert completed["handed_by"] is None  # an empty cell completes nothing
    journal = old_file.execute("SELECT entity, op, old_values FROM outbox WHERE seq > ?",
                               (before,)).fetchall()  # fmt: skip
    assert journal == [("handover", "update",
                        '{"relationship":"Cha/mẹ","receiver_citizen_id":null}')]  # fmt: skip
    assert "quan hệ: Bố." in minutes_text(old_file, "HS000001")
    # the old file again: its empty columns take nothing away
    again = import_handovers(old_file, fill(OLD_TEMPLATE, tmp_path / "cu-2.xlsx", [
        old_row(1, **parent), old_row(2)]))  # fmt: skip
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert stored(old_file, "HS000001")["relationship"] == "Bố"


# --- a new file ----------------------------------------------------------------------------------

NEW_ROWS = [
    # the relationship as the list's label, a citizen ID typed as a number (its 0 lost), NFD text
    old_row(1, **{RECEIVER: "Cha mẹ", "Họ tên người nhận thay": nfd("Trần Thị Hoa"),
                  "Quan hệ với học sinh": "Mẹ", "Số CCCD người nhận thay": 66185001234,
                  "Địa chỉ người nhận thay": nfd("Buôn Ea Nao, xã Yang Mao"),
                  "Người đại diện bên giao": nfd("Lê Thị Hằng"),
                  "Chức vụ người đại diện bên giao": nfd("Phó hiệu trưởng")}),
    # the relationship as its code; a giver named without a position
    old_row(2, **{RECEIVER: "Người giám hộ", "Họ tên người nhận thay": "Hồ Văn Tư",
                  "Quan hệ với học sinh": "mother", "Người đại diện bên giao": "Trần Văn Minh"}),
    # another way of writing a listed relationship
    old_row(3, **{RECEIVER: "Cha mẹ", "Họ tên người nhận thay": "Hồ Văn Lâm",
                  "Quan hệ với học sinh": "bà ngoại", "Số CCCD người nhận thay": "066090001234"}),
    # a relationship the list does not have: kept as written, with a warning
    old_row(4, **{RECEIVER: "Người giám hộ", "Họ tên người nhận thay": "Lường Văn Pấng",
                  "Quan hệ với học sinh": "Bà con"}),
]  # fmt: skip


@pytest.fixture
def new_file(db: Database, tmp_path: Path) -> tuple[Database, ImportReport]:
    stock(db, tmp_path)
    template = tmp_path / "mau.xlsx"
    write_template(db, "handovers", template)
    report = import_handovers(db, fill(template, tmp_path / "moi.xlsx", NEW_ROWS))
    assert report.rows_imported == 4
    return db, report


def test_a_new_file_stores_the_giver_and_the_receiver_in_full(new_file):
    db, report = new_file
    assert stored(db, "HS000001") == {
        "receiver_role": "parent", "receiver_name": "Trần Thị Hoa", "relationship": "Mẹ",
        "receiver_citizen_id": "066185001234", "receiver_address": "Buôn Ea Nao, xã Yang Mao",
        "handed_by": "Lê Thị Hằng", "handed_by_position": "Phó hiệu trưởng",
    }  # fmt: skip
    assert stored(db, "HS000002")["relationship"] == "Mẹ"
    assert stored(db, "HS000003")["relationship"] == "Bà"
    assert stored(db, "HS000004")["relationship"] == "Bà con"
    warnings = {(p.code, p.row) for p in report.warnings}
    first_row = report.header_row + 1  # the template's letterhead sits above the header
    assert ("leading_zeros_restored", first_row) in warnings
    (unlisted,) = [p for p in report.warnings if p.code == "invalid_choice"]
    assert unlisted.row == first_row + 3 and "Bà con" in unlisted.message()
    journal = db.execute(
        "SELECT data FROM outbox WHERE entity = 'handover' AND data LIKE '%066185001234%'"
    ).fetchall()
    assert len(journal) == 1 and '"relationship":"Mẹ"' in journal[0][0]
    assert '"receiver_address":"Buôn Ea Nao, xã Yang Mao"' in journal[0][0]


def test_the_minutes_of_a_new_file_print_what_it_said(new_file):
    db, _ = new_file
    text = minutes_text(db, "HS000001")
    assert "Đại diện: Ông/Bà Lê Thị Hằng; chức vụ: Phó hiệu trưởng." in text
    assert "Cha mẹ/người giám hộ: Trần Thị Hoa; quan hệ: Mẹ." in text
    assert "Cha/mẹ" not in text
    assert "Số định danh cá nhân/CCCD: 066185001234;" in text
    assert "Địa chỉ: Buôn Ea Nao, xã Yang Mao." in text
    assert "ĐẠI DIỆN BÊN NHẬN (Ký, ghi rõ họ tên) Trần Thị Hoa" in text
    second = minutes_text(db, "HS000002")  # the clerk, named: their position from the profile
    assert "Đại diện: Ông/Bà Trần Văn Minh; chức vụ: Cán bộ phụ trách." in second
    assert "quan hệ: Mẹ." in second
    assert "quan hệ: Bà." in minutes_text(db, "HS000003")
    assert "quan hệ: Bà con." in minutes_text(db, "HS000004")


def test_the_export_keeps_the_new_columns_and_re_imports_unchanged(new_file, tmp_path):
    db, _ = new_file
    out = tmp_path / "xuat.xlsx"
    assert export_file(db, "handovers", out) == 4
    ws = openpyxl.load_workbook(out)["Ban giao"]
    header_row = header_row_of(ws)
    headers = [c.value for c in ws[header_row]]
    first = dict(zip(headers, [c.value for c in ws[header_row + 1]], strict=True))
    assert first["Quan hệ với học sinh"] == "Mẹ"
    assert first["Số CCCD người nhận thay"] == "066185001234"
    assert first["Địa chỉ người nhận thay"] == "Buôn Ea Nao, xã Yang Mao"
    assert first["Người đại diện bên giao"] == "Lê Thị Hằng"
    assert first["Chức vụ người đại diện bên giao"] == "Phó hiệu trưởng"
    again = import_file(db, "handovers", out, ImportOptions(today=TODAY))
    assert again.errors == [] and again.unchanged == 4 and again.created == 0


def test_the_generated_template_has_the_columns_their_instructions_and_the_dropdown(tmp_path):
    target = tmp_path / "mau.xlsx"
    write_template(None, "handovers", target)
    wb = openpyxl.load_workbook(target)
    ws = wb["Ban giao"]
    header_row = header_row_of(ws)
    headers = [c.value for c in ws[header_row]]
    new = ["Người đại diện bên giao", "Chức vụ người đại diện bên giao", "Quan hệ với học sinh",
           "Số CCCD người nhận thay", "Địa chỉ người nhận thay"]  # fmt: skip
    assert all(h in headers for h in new)  # optional: no "(*)"
    guide = {row[0]: row for row in wb["Huong dan"].iter_rows(values_only=True) if row[0]}
    for header in new:
        assert guide[header][3], header  # how to fill it in
    assert "Không bắt buộc" in guide["Số CCCD người nhận thay"][3]
    letter = openpyxl.utils.get_column_letter(headers.index("Quan hệ với học sinh") + 1)
    (rule,) = [
        v for v in ws.data_validations.dataValidation if f"{letter}{header_row + 1}" in str(v.sqref)
    ]
    sheet, cells = rule.formula1.lstrip("=").split("!")
    codes = wb[sheet.strip("'")]
    column = cells.split(":")[0].replace("$", "")[0]
    listed = [codes[f"{column}{r}"].value for r in range(1, 20) if codes[f"{column}{r}"].value]
    relationship = load_codelists()["relationship"]
    assert listed == [relationship.title, *relationship.labels]
    assert {"Bố", "Mẹ", "Ông", "Bà"} <= set(listed)
    citizen_id = openpyxl.utils.get_column_letter(headers.index(new[3]) + 1)
    assert ws[f"{citizen_id}{header_row + 1}"].number_format == "@"
    assert [c.field for c in load_template("handovers").columns if c.required] == [
        "serial", "student_code", "handover_date", "receiver_role"]  # fmt: skip


# --- on paper ------------------------------------------------------------------------------------


def poppler(tool: str) -> str:
    """A poppler-utils program, or a skip that says why (a failure on CI, which installs it)."""
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is missing: CI must install poppler-utils (.ci/run)")
        pytest.skip(f"{tool} not installed (apt install poppler-utils); required when CI=true")
    return found


def pdf_text(pdf: Path) -> str:
    out = subprocess.run([poppler("pdftotext"), "-layout", "-enc", "UTF-8", str(pdf), "-"],
                         capture_output=True, check=True, text=True)  # fmt: skip
    return unicodedata.normalize("NFC", out.stdout.replace("\u00a0", " "))


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run([poppler("pdfinfo"), str(pdf)], capture_output=True, check=True,
                         text=True).stdout  # fmt: skip
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


@pytest.mark.parametrize(
    ("agency", "one_line"),
    [
        ("PHÒNG GD&ĐT KRÔNG BÔNG", "PHÒNG GD&ĐT KRÔNG BÔNG"),
        ("PHÒNG GD&ĐT HUYỆN KRÔNG BÔNG", "PHÒNG GD&ĐT HUYỆN KRÔNG BÔNG"),
        ("PHÒNG GD&ĐT THÀNH PHỐ BUÔN MA THUỘT", "THÀNH PHỐ BUÔN MA THUỘT"),
        ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ BUÔN MA THUỘT", "THÀNH PHỐ BUÔN MA THUỘT"),
        # another kind of agency: its words may go to the next line, its place's name may not
        ("BAN QUẢN LÝ CÁC TRƯỜNG PHỔ THÔNG DÂN TỘC NỘI TRÚ TỈNH ĐẮK LẮK", "TỈNH ĐẮK LẮK"),
        ("UBND HUYỆN CƯ M'GAR", "UBND HUYỆN CƯ M'GAR"),
        # too long for the header's column: the agency, then the place, neither split
        ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN KRÔNG BÔNG", "HUYỆN KRÔNG BÔNG"),
    ],
)
def test_the_minutes_on_paper(new_file, tmp_path, qapp, agency, one_line):
    db, _ = new_file
    save_school(db, {"parent_agency": agency})
    documents = handover_minutes(db, all_students=True)
    pdf = tmp_path / "bien-ban.pdf"
    assert write_pdf(documents, pdf) == 4
    info = pdf_info(pdf)
    assert info["Pages"] == "4"
    width, _, height = info["Page size"].partition(" pts")[0].partition(" x ")
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4, portrait
    assert info["Page size"].endswith("(A4)")
    pages = pdf_text(pdf).split("\f")
    first = next(page for page in pages if "Trần Thị Hoa" in page)
    lines = [" ".join(line.split()) for line in first.splitlines()]
    flat = " ".join(first.split())
    for expected in ["Lê Thị Hằng", "Phó hiệu trưởng", "quan hệ: Mẹ", "066185001234",
                     "Buôn Ea Nao, xã Yang Mao"]:  # fmt: skip
        assert expected in flat, expected
    # The agency's line: at the top left, its names never split over two lines.
    assert any(line.startswith(one_line) for line in lines[:4]), lines[:4]
    left = [re.split(r"\s{2,}", line.strip())[0] for line in first.splitlines()[:4]]
    assert " ".join(left).startswith(agency), left
    for name in ("KRÔNG BÔNG", "CƯ M'GAR", "BUÔN MA THUỘT", "ĐẮK LẮK"):
        if name in agency:
            assert any(name in line for line in lines[:4])
    # every student's minutes are one page, in class-list order
    for page, student in zip(pages, ["Nguyễn Thị Ngọc Ánh", "Đặng Quốc Huy", "Lường Văn Ước",
                                     "Hồ Thị Thuỷ"], strict=False):  # fmt: skip
        assert student in " ".join(page.split())
    png = tmp_path / "trang"
    subprocess.run([poppler("pdftoppm"), "-r", "60", "-png", "-f", "1", "-l", "2", str(pdf),
                    str(png)], check=True)  # fmt: skip
    assert sorted(p.name for p in tmp_path.glob("trang*.png")) == ["trang-1.png", "trang-2.png"]
    if os.environ.get("SONGMAY_KEEP_PNG"):  # to look at them: SONGMAY_KEEP_PNG=/tmp/dir
        keep = Path(os.environ["SONGMAY_KEEP_PNG"])
        keep.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"\W+", "_", agency)
        for kept in [pdf, *tmp_path.glob("trang*.png")]:
            shutil.copy(kept, keep / f"{slug}-{kept.name}")


@pytest.mark.parametrize(
    ("agency", "parts"),
    [
        ("PHÒNG GD&ĐT KRÔNG BÔNG", ["PHÒNG GD&ĐT", "KRÔNG BÔNG"]),
        ("phòng giáo dục và đào tạo huyện Krông Bông",
         ["phòng giáo dục và đào tạo", "huyện Krông Bông"]),
        ("UBND  HUYỆN CƯ M'GAR", ["UBND", "HUYỆN CƯ M'GAR"]),
        ("SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH ĐẮK LẮK", ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "TỈNH ĐẮK LẮK"]),
        ("BAN QUẢN LÝ DỰ ÁN TỈNH ĐẮK LẮK", ["BAN", "QUẢN", "LÝ", "DỰ", "ÁN", "TỈNH ĐẮK LẮK"]),
        (nfd("TRUNG TÂM GDNN"), ["TRUNG", "TÂM", "GDNN"]),
    ],
)  # fmt: skip
def test_the_agency_line_may_break_only_between_its_names(agency, parts):
    line = unbroken_agency(agency)
    assert unicodedata.is_normalized("NFC", line)
    assert [part.replace(NBSP, " ") for part in line.split(" ")] == parts
