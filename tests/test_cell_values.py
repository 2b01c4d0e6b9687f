"""Cell values Excel changed behind the clerk's back: dates typed as text in every day-first
form, the 1904 date system, numbers too long for Excel, whole numbers an .xls holds as int."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from builders import (
    DEVICE_HEADERS,
    GIVEN,
    NEEDS_HEADERS,
    TODAY,
    device_row,
    needs_row,
    write_sheet,
)
from cell_parsers import CTX, failure, parser
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from sqlite_utils import Database

from desktop_app.core.excel.reader import open_workbook
from desktop_app.core.importing.rows import parse_rows, restore_width
from desktop_app.core.importing.service import ImportOptions, ImportReport, import_file
from desktop_app.core.jobs import SilentJob
from desktop_app.core.messages import render
from desktop_app.core.templates.cells import (
    CellContext,
    ColumnParsers,
    as_text,
    latest_past_year,
    parse_date,
    shown,
)
from desktop_app.core.templates.header import find_header
from desktop_app.core.templates.spec import load_codelists, load_template

OPTIONS = ImportOptions(today=TODAY)
JUNE_16 = date(2011, 6, 16)
NBSP = "\u00a0"
ICCID = 89840480001234567890  # a SIM card's 20-digit number
ICCID_IN_EXCEL = "89840480001234600000"  # what Excel keeps of it: 15 digits, then zeros


def run(db: Database, tmp_path: Path, kind: str, rows: list[dict[str, Any]]) -> ImportReport:
    headers, sheet = {"needs": (NEEDS_HEADERS, "Nhu cau"), "devices": (DEVICE_HEADERS, "Thiet bi")}[
        kind
    ]
    path = write_sheet(tmp_path / f"{kind}.xlsx", headers, rows, sheet=sheet)
    return import_file(db, kind, path, OPTIONS)


def codes(report: ImportReport) -> list[tuple[str, int | None, str | None]]:
    return [(p.code, p.row, p.cell) for p in report.problems]


# --- dates typed as text ------------------------------------------------------------------------

TEXT_DATES = [
    "16/06/11", "16/6/11", "16/06/2011 00:00:00", "16/06/2011 7:30", "16/06/2011 07:30:15 SA",
    "16-6-2011", "16.06.2011", "16 / 06 / 2011", f"16/06/2011{NBSP}", "16/06/2011   ",
    f"{NBSP}16/6/11 ", "16\u20136\u20132011", "16\u20116\u20112011", "16-6-11", "2011/06/16",
]  # fmt: skip


@pytest.mark.parametrize("text", TEXT_DATES)
def test_a_date_typed_day_first_in_any_form_is_that_day(text):
    assert parse_date(text, full_year=latest_past_year(TODAY)) == JUNE_16
    assert parser("needs", "birth_date")(text) == JUNE_16
    assert parser("devices", "received_date")(text) == JUNE_16


def test_every_text_form_imports_as_the_birth_date_the_clerk_typed(db, tmp_path):
    rows = [
        needs_row(i, **{"Ngày sinh (*)": text, "Họ và tên (*)": f"Lê Thị {GIVEN[i]}"})
        for i, text in enumerate(TEXT_DATES, 1)
    ]
    report = run(db, tmp_path, "needs", rows)
    assert report.problems == [] and report.rows_imported == len(TEXT_DATES)
    births = db.execute("SELECT DISTINCT birth_date FROM students").fetchall()
    assert births == [("2011-06-16",)]


def test_16_6_2011_was_never_the_problem_a_dash_from_word_was():
    """On main a plain "16-6-2011" text cell parsed; the same date with the en dash or
    non-breaking hyphen Word and PDFs put did not."""
    assert parse_date("16-6-2011") == JUNE_16
    assert parse_date("16\u20136\u20132011") == JUNE_16


@pytest.mark.parametrize(
    ("text", "today", "year"),
    [
        ("16/06/11", date(2022, 1, 10), 2011),
        ("05/01/22", date(2022, 1, 10), 2022),  # today's year, not after today
        ("11/01/22", date(2022, 1, 10), 1922),  # tomorrow is the future: the century before
        ("31/12/99", date(2022, 1, 10), 1999),
        ("01/01/00", date(2022, 1, 10), 2000),
    ],
)
def test_a_two_digit_year_outside_birth_dates_is_the_latest_that_is_not_in_the_future(
    text, today, year
):
    assert parse_date(text, full_year=latest_past_year(today)).year == year


@pytest.mark.parametrize(
    ("text", "year"),
    [("05/09/10", 2010), ("10/01/97", 1997), ("16/06/18", 2018), ("01/02/03", 2003)],
)
def test_a_two_digit_birth_year_takes_the_century_that_gives_an_age_in_range(text, year):
    # needs.json: age_range [3, 25] on the survey date
    assert parser("needs", "birth_date")(text) == date(year, *reversed(_day_month(text)))


def _day_month(text: str) -> tuple[int, int]:
    day, month, _ = text.split("/")
    return int(day), int(month)


@pytest.mark.parametrize("text", ["16/06/80", "16/06/21", "09/01/96"])
def test_a_two_digit_birth_year_no_century_makes_plausible_asks_for_four_digits(text):
    wrong = failure(parser("needs", "birth_date"), text)
    assert (wrong.code, wrong.message_id) == ("invalid_date", "invalid_date.two_digit_year")
    vi = render(wrong.message_id, "vi", wrong.params)
    assert f'"{text}"' in vi and "4 chữ số" in vi
    day_month = text[:6]
    assert f"{day_month}19{text[-2:]}" in vi and f"{day_month}20{text[-2:]}" in vi
    assert "4 digits" in render(wrong.message_id, "en", wrong.params)


def test_a_birth_date_with_an_implausible_two_digit_year_is_a_cell_error(db, tmp_path):
    report = run(
        db, tmp_path, "needs", [needs_row(1), needs_row(2, **{"Ngày sinh (*)": "16/06/80"})]
    )
    assert codes(report) == [("invalid_date", 5, "D5")]
    assert report.problems[0].message_id == "invalid_date.two_digit_year"
    assert report.rows_imported == 0


def test_a_survey_date_later_than_today_measures_the_two_digit_birth_year_on_it():
    ctx = CellContext(today=date(2022, 1, 10), as_of=date(2022, 9, 5))
    assert parser("needs", "birth_date", ctx)("01/03/19") == date(2019, 3, 1)  # 3 on 05/09/2022


@pytest.mark.parametrize(
    "text", ["16/06/011", "16/06", "2011", "16/06/2011 lúc 7 giờ", "16/06/2011 25", "1606/2011"]
)
def test_what_is_not_a_day_first_date_stays_invalid(text):
    wrong = failure(parse_date, text)
    assert (wrong.code, wrong.message_id) == ("invalid_date", "invalid_date")


def test_an_impossible_day_with_a_two_digit_year_names_the_day_and_month():
    wrong = failure(parser("needs", "birth_date"), "30/02/11")
    assert wrong.message_id == "invalid_date.impossible"
    assert wrong.params == {"value": "30/02/11", "day": 30, "month": 2}


# --- the 1904 date system -----------------------------------------------------------------------

SERIAL_1904 = (JUNE_16 - date(1904, 1, 1)).days  # 39248


def test_a_serial_number_counts_from_1904_when_the_workbook_says_so():
    assert parse_date(SERIAL_1904, date1904=True) == JUNE_16
    assert parse_date(float(SERIAL_1904), date1904=True) == JUNE_16
    assert parse_date(0, date1904=True) == date(1904, 1, 1)
    assert parse_date(SERIAL_1904) == date(2007, 6, 15)  # the same number in the 1900 system
    assert failure(parse_date, 0).code == "invalid_date"


def test_the_date_column_parser_follows_the_context_date_system():
    ctx = CellContext(today=TODAY, as_of=TODAY, date1904=True)
    assert parser("needs", "birth_date", ctx)(SERIAL_1904) == JUNE_16
    assert parser("devices", "received_date", ctx)(float(SERIAL_1904)) == JUNE_16
    assert parser("needs", "birth_date")(SERIAL_1904) == date(2007, 6, 15)


def _workbook_date1904(path: Path) -> bool:
    """What the lead's reader will read: <workbookPr date1904="1"/> (or "true")."""
    xml = zipfile.ZipFile(path).read("xl/workbook.xml").decode()
    found = re.search(r'<workbookPr\b[^>]*\bdate1904="(1|true)"', xml)
    return found is not None


def test_a_mac_workbook_with_a_birth_date_as_a_plain_number_imports_that_day(db, tmp_path):
    wb = Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    assert ws is not None
    ws.title = "Nhu cau"
    ws.append(["DANH SÁCH HỌC SINH"])
    ws.append([])
    ws.append(NEEDS_HEADERS)
    plain = needs_row(1, **{"Ngày sinh (*)": SERIAL_1904})  # General format: a number
    formatted = needs_row(2, **{"Ngày sinh (*)": JUNE_16})  # a date cell: calamine converts
    for row in (plain, formatted):
        ws.append([row[h] for h in NEEDS_HEADERS])
    assert ws["D4"].number_format == "General" and ws["D4"].data_type == "n"
    path = tmp_path / "mac.xlsx"
    wb.save(path)
    assert _workbook_date1904(path)  # the file says it counts from 1904; the importer reads it
    report = import_file(db, "needs", path, OPTIONS)
    assert report.problems == [] and report.rows_imported == 2
    births = db.execute("SELECT birth_date FROM students ORDER BY code").fetchall()
    assert births == [("2011-06-16",), ("2011-06-16",)]


# --- numbers too long for Excel -----------------------------------------------------------------

IDENTIFIER_COLUMNS = [
    ("needs", "student_code"), ("needs", "citizen_id"), ("needs", "phone"),
    ("needs", "poverty_cert_no"), ("needs", "note"), ("devices", "serial"),
    ("devices", "model"), ("handovers", "receiver_citizen_id"), ("handovers", "relationship"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "field_name"), IDENTIFIER_COLUMNS)
@pytest.mark.parametrize(
    ("raw", "seen"),
    [
        (float(ICCID), ICCID_IN_EXCEL),
        (ICCID, ICCID_IN_EXCEL),
        (1234567890123450.0, "1234567890123450"),
        (10**15, "1000000000000000"),
        (-1e16, "-10000000000000000"),
        ("1.23457E+19", "1.23457E+19"),
        (f" 8,98405e+19{NBSP}", "8,98405e+19"),
    ],
)
def test_a_number_of_16_or_more_digits_in_an_identifier_or_text_column_is_refused(
    kind, field_name, raw, seen
):
    wrong = failure(parser(kind, field_name), raw)
    assert (wrong.code, wrong.message_id, wrong.params) == (
        "too_many_digits", "too_many_digits", {"value": seen},
    )  # fmt: skip


def test_the_too_many_digits_message_says_what_excel_kept_and_what_to_do():
    wrong = failure(parser("devices", "serial"), float(ICCID))
    vi = render(wrong.message_id, "vi", wrong.params)
    assert vi.startswith("Ô này là một số có hơn 15 chữ số: Excel chỉ giữ 15 chữ số đầu")
    assert f"({ICCID_IN_EXCEL})" in vi and "Văn bản (Text)" in vi and "nháy đơn '" in vi
    en = render(wrong.message_id, "en", wrong.params)
    assert "15 digits" in en and ICCID_IN_EXCEL in en


@pytest.mark.parametrize(
    ("kind", "field_name", "raw", "value"),
    [
        ("needs", "note", 999999999999999.0, "999999999999999"),  # 15 digits: Excel kept them all
        ("needs", "note", "1.5E+3", "1.5E+3"),  # a short number in words is the clerk's text
        ("needs", "note", "Mẫu 1.23457E+19", "Mẫu 1.23457E+19"),
        ("needs", "student_code", 192285142.0, "192285142"),
    ],
)
def test_numbers_excel_held_whole_are_kept(kind, field_name, raw, value):
    assert parser(kind, field_name)(raw) == value


def test_an_iccid_typed_as_a_number_is_never_stored(db, tmp_path):
    rows = [device_row(1, **{"Loại thiết bị": "SIM - gói cước", "Số serial/IMEI": ICCID})]
    report = run(db, tmp_path, "devices", rows)
    assert codes(report) == [("too_many_digits", 4, "J4")]
    assert ICCID_IN_EXCEL in report.problems[0].message()
    assert report.exit_code == 1 and db.execute("SELECT COUNT(*) FROM devices").fetchone()[0] == 0


def test_two_16_digit_serials_excel_made_equal_are_both_refused(db, tmp_path):
    # 1234567890123451 and 1234567890123459 typed as numbers: Excel stored both as ...450
    rows = [device_row(i, **{"Số serial/IMEI": 1234567890123450.0}) for i in (1, 2)]
    report = run(db, tmp_path, "devices", rows)
    assert [c for c in codes(report) if c[0] == "too_many_digits"] == [
        ("too_many_digits", 4, "J4"), ("too_many_digits", 5, "J5"),
    ]  # fmt: skip
    assert db.execute("SELECT COUNT(*) FROM devices").fetchone()[0] == 0


def test_a_scientific_number_copied_into_a_text_cell_is_refused(db, tmp_path):
    rows = [needs_row(1, **{"Số định danh cá nhân": "1.23457E+19", "Ghi chú": "8.98405E+19"})]
    report = run(db, tmp_path, "needs", rows)
    assert codes(report) == [("too_many_digits", 4, "H4"), ("too_many_digits", 4, "Q4")]
    assert report.rows_imported == 0


# --- whole numbers as int (what python-calamine gives for an .xls RK number) --------------------


def _parse_needs(cells: list[dict[str, Any]]) -> list[Any]:
    spec = load_template("needs")
    rows: list[list[Any]] = [list(NEEDS_HEADERS)] + [[r[h] for h in NEEDS_HEADERS] for r in cells]
    header = find_header(spec, rows)
    assert header is not None and not header.missing
    parsers = ColumnParsers(load_codelists(), CTX)
    parsed, _ = parse_rows(spec, rows, header, parsers, set(), SilentJob())
    return parsed


@pytest.mark.parametrize("number_type", [int, float])
def test_a_phone_and_citizen_id_read_as_a_number_get_their_zero_back_and_say_so(number_type):
    row = needs_row(1, **{"Số điện thoại": number_type(312345678),
                          "Số định danh cá nhân": number_type(66210012345)})  # fmt: skip
    [parsed] = _parse_needs([row])
    assert (parsed.values["phone"], parsed.values["citizen_id"]) == ("0312345678", "066210012345")
    warnings = [(p.code, p.cell, p.params) for p in parsed.problems]
    assert warnings == [
        ("leading_zeros_restored", "H2", {"value": "66210012345", "restored": "066210012345"}),
        ("leading_zeros_restored", "O2", {"value": "312345678", "restored": "0312345678"}),
    ]


def test_a_true_cell_is_not_a_number_that_lost_its_zeros():
    """bool is an int subclass; a TRUE cell is not a citizen ID Excel stored as a number."""
    [parsed] = _parse_needs([needs_row(1, **{"Số định danh cá nhân": True})])
    assert [p.code for p in parsed.problems if p.code == "leading_zeros_restored"] == []


def test_an_int_is_shown_and_read_as_its_digits():
    assert (as_text(912345678), shown(912345678)) == ("912345678", "912345678")
    assert (as_text(True), as_text(7.0), as_text(7.5)) == ("1", "7", "7.5")
    assert parser("needs", "student_code")(192285142) == "192285142"
    assert parser("devices", "serial")(12345678) == "12345678"


def test_restore_width_pads_a_number_to_the_digits_its_format_shows():
    assert restore_width(192285142.0, 10) == "0192285142"
    assert restore_width(7, 3) == "007"
    assert restore_width(12345, 3) == "12345"  # never cut


def test_a_student_code_typed_as_a_number_is_stored_as_the_digits_the_clerk_sees(db, tmp_path):
    rows = [needs_row(1, **{"Mã học sinh (*)": 192285142}),
            needs_row(2, **{"Mã học sinh (*)": 192285143.0})]  # fmt: skip
    report = run(db, tmp_path, "needs", rows)
    assert report.problems == [] and report.rows_imported == 2
    stored = db.execute("SELECT code FROM students ORDER BY code").fetchall()
    assert stored == [("192285142",), ("192285143",)]


@pytest.mark.render
def test_26_phones_typed_as_numbers_in_an_xls_all_warn_that_their_zero_came_back(
    db, tmp_path, soffice
):
    phones = [312000000 + i for i in range(13)] + [912000000 + i for i in range(13)]
    rows = [
        needs_row(i, **{"Số điện thoại": phone, "Họ và tên (*)": f"Lê Thị {GIVEN[i]}"})
        for i, phone in enumerate(phones, 1)
    ]
    source = write_sheet(tmp_path / "phones.xlsx", NEEDS_HEADERS, rows)
    out = tmp_path / "xls"
    out.mkdir()
    [xls] = soffice.convert([source], "xls", out)
    with open_workbook(xls) as book:
        kinds = {row[14].__class__ for row in book.rows(book.sheet_names[0])[3:]}
    assert kinds == {int, float}  # 03x fits an RK integer, 09x does not
    report = import_file(db, "needs", xls, OPTIONS)
    # Every one of the 26 was found; so many in one column are said once, for the column.
    (restored,) = report.problems
    assert (restored.code, restored.message_id) == (
        "leading_zeros_restored",
        "leading_zeros_restored.many",
    )
    assert restored.params["count"] == 26 and restored.params["example"].endswith("!O4")
    stored = {p for (p,) in db.execute("SELECT phone FROM students")}
    assert stored == {f"0{phone}" for phone in phones}


@pytest.mark.parametrize("code", ["1E100", "2e5", "3E10"])
def test_a_code_that_only_looks_like_a_power_of_ten_is_a_code(code):
    """Excel always writes its shortened numbers with a sign ("1E+100"): "1E100" typed as text
    is a code (found by the round-trip property test)."""
    assert parser("needs", "student_code")(code) == code
