"""Values a clerk types that the importer must read right: categories that do not say COVID, the
yes/no and device words of the school office, class names written several ways, identifiers
Excel showed in shortened form, dates typed US-style or in words, and the legacy-font advice
that names the one Unikey entry to choose."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from builders import (
    DEVICE_HEADERS,
    NEEDS_HEADERS,
    TODAY,
    needs_row,
    write_sheet,
)
from cell_parsers import failure, parser
from test_legacy_fonts import encode

from desktop_app.core.forms import form_message
from desktop_app.core.importing.service import ImportOptions, ImportReport, import_file
from desktop_app.core.messages import Msg, render
from desktop_app.core.rules.programme import canonical_class_name, class_grade
from desktop_app.core.templates.cells import (
    Doubtful,
    parse_date,
)
from desktop_app.core.templates.spec import load_codelists
from desktop_app.core.text import search_key
from desktop_app.ui.import_wizard.wording import show_value

OPTIONS = ImportOptions(today=TODAY)
BIRTH = "05/09/2010"  # 11 on TODAY: a THCS pupil


def run(db: Any, tmp_path: Path, kind: str, rows: list[dict[str, Any]]) -> ImportReport:
    headers = NEEDS_HEADERS if kind == "needs" else DEVICE_HEADERS
    path = write_sheet(tmp_path / f"{kind}.xlsx", headers, rows)
    return import_file(db, kind, path, replace(OPTIONS, partial=True))


def problems(report: ImportReport) -> list[tuple[str, str | None]]:
    return [(p.code, p.cell) for p in report.problems if p.is_error]


# --- 1. a category that does not say COVID is not the COVID category --------------------------


@pytest.mark.parametrize(
    "typed", ["Mồ côi", "mồ côi", "Mồ côi cha", "mồ côi mẹ", "Tử vong", "Cha tử vong", "Cha mất",
              "Mồ côi (không do Covid)"],
)  # fmt: skip
def test_an_orphan_for_another_reason_is_asked_for_not_filed_as_covid(typed):
    wrong = failure(parser("needs", "category"), typed)
    assert (wrong.code, wrong.message_id) == ("invalid_choice", "invalid_choice")


@pytest.mark.parametrize(
    "typed", ["mồ côi do covid", "Mồ côi do COVID-19", "Cha mẹ mất do Covid", "cha me mat do covid",
              "Cha/mẹ tử vong do COVID-19", "Mẹ mất vì Covid", "COVID"],
)  # fmt: skip
def test_words_that_say_covid_are_the_covid_category(typed):
    assert parser("needs", "category")(typed) == "3"


def test_every_word_that_files_a_child_as_covid_says_covid():
    """Aliases and keywords of category 3 all name COVID: nothing else puts a child in it."""
    category = load_codelists()["category"]
    covid_aliases = [key for key, code in category.lookup.items() if code == "3"]
    assert [k for k in covid_aliases if "covid" not in k and k != "3"] == []
    assert [k for k, code in category.keywords if code == "3" and "covid" not in k] == []


def test_a_plain_orphan_in_a_file_is_an_error_on_its_cell_and_nothing_is_stored_as_covid(
    db, tmp_path
):
    rows = [needs_row(1, **{"Ngày sinh (*)": BIRTH, "Diện đối tượng (*)": "Mồ côi"}),
            needs_row(2, **{"Ngày sinh (*)": BIRTH, "Diện đối tượng (*)": "Mồ côi do Covid"})]  # fmt: skip
    report = run(db, tmp_path, "needs", rows)
    assert problems(report) == [("invalid_choice", "I4")]
    assert "Mồ côi" in report.errors[0].message() and "COVID-19" in report.errors[0].message()
    stored = db.execute("SELECT s.code, n.category FROM needs n JOIN students s "
                        "ON s.id = n.student_id").fetchall()  # fmt: skip
    assert stored == [("HS000002", 3)]


# --- 2. the yes/no and device words clerks use -------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Không có", "0"), ("không có", "0"), ("K", "0"), ("k", "0"), ("Ko", "0"), ("KO", "0"),
     ("C", "1"), ("c", "1"), ("Có rồi", "1"), ("có rồi", "1"), ("Không", "0"), ("Có", "1")],
)  # fmt: skip
def test_yes_and_no_as_clerks_write_them(typed, code):
    assert parser("needs", "has_device")(typed) == code
    assert parser("needs", "borrowing_device")(typed) == code


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Điện thoại di động", "smartphone"), ("ĐTDĐ", "smartphone"), ("đtdđ", "smartphone"),
     ("Điện thoại", "smartphone"), ("Laptop", "laptop"), ("Máy tính xách tay (laptop)", "laptop"),
     ("Máy tính bảng (tablet)", "tablet"), ("iPad", "tablet"),
     ("Máy tính để bàn (PC)", "desktop")],
)  # fmt: skip
@pytest.mark.parametrize(("kind", "field_name"), [("needs", "requested_device"),
                                                  ("devices", "device_type")])  # fmt: skip
def test_device_types_as_clerks_write_them(kind, field_name, typed, code):
    assert parser(kind, field_name)(typed) == code


def test_a_file_with_the_clerks_words_imports(db, tmp_path):
    rows = [needs_row(1, **{"Ngày sinh (*)": BIRTH, "Đã có thiết bị học trực tuyến (*)": "Ko",
                            "Thiết bị đang mượn của trường": "Có rồi",
                            "Loại thiết bị đề nghị (*)": "ĐTDĐ"}),
            needs_row(2, **{"Ngày sinh (*)": BIRTH,
                            "Đã có thiết bị học trực tuyến (*)": "Không có",
                            "Loại thiết bị đề nghị (*)": "Máy tính để bàn (PC)"})]  # fmt: skip
    report = run(db, tmp_path, "needs", rows)
    assert report.errors == []
    stored = db.execute("SELECT has_device, borrowing_device, requested_device FROM needs "
                        "ORDER BY id").fetchall()  # fmt: skip
    assert stored == [(0, 1, "smartphone"), (0, 0, "desktop")]


# --- 3. one class, one name --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("6A1", "6A1"), ("6a1", "6A1"), ("6 A1", "6A1"), ("6 a 1", "6A1"), ("Lớp 6A1", "6A1"),
     ("lớp 6a1", "6A1"), ("LỚP 6A1", "6A1"), ("Lop 6a1", "6A1"), ("lớp6a1", "6A1"),
     ("12a", "12A"), ("9/2", "9/2"), ("9 / 2", "9/2"), ("6", "6"), ("9 Toán", "9 Toán"),
     ("10 toán", "10 Toán"), ("10toán", "10 Toán"), ("10 Chuyên Anh", "10 Chuyên Anh")],
)  # fmt: skip
def test_a_class_is_stored_in_one_form(typed, stored):
    assert parser("needs", "class_name")(typed) == stored
    assert canonical_class_name(typed) == stored


@pytest.mark.parametrize("typed", ["Lớp", "Lớp chuyên Toán", "13A", "A6", "VI A1", "Lopez 6"])
def test_a_class_that_does_not_start_with_a_grade_is_refused(typed):
    wrong = failure(parser("needs", "class_name"), typed)
    assert wrong.message_id == "invalid_format.class_name" and wrong.params["value"] == typed


def test_the_grade_of_a_class_named_with_the_word_lop():
    assert class_grade("Lớp 6A1") == 6 and class_grade("lop 10 Toán") == 10
    assert class_grade("Lớp") is None


def test_a_class_typed_four_ways_is_one_class_in_the_database(db, tmp_path):
    classes = ["6A1", "6a1", "Lớp 6A1", "6 A1"]
    rows = [needs_row(n, **{"Ngày sinh (*)": BIRTH, "Lớp (*)": name})
            for n, name in enumerate(classes, start=1)]  # fmt: skip
    report = run(db, tmp_path, "needs", rows)
    assert report.errors == []
    assert db.execute("SELECT DISTINCT class_name, grade FROM students").fetchall() == [("6A1", 6)]


# --- 4. an identifier in shortened (scientific) form --------------------------------------------

SHORTENED_COLUMNS = [("needs", "student_code"), ("needs", "citizen_id"), ("needs", "phone"),
                     ("devices", "serial"), ("handovers", "student_code"),
                     ("handovers", "receiver_citizen_id")]  # fmt: skip


@pytest.mark.parametrize(("kind", "field_name"), SHORTENED_COLUMNS)
@pytest.mark.parametrize(
    ("typed", "seen"),
    [("6.62E+10", "6.62E+10"), ("6,62e+10", "6,62e+10"), ("8E+11", "8E+11"),
     (" 9.12345E+8 ", "9.12345E+8"), ("1.23457E+14", "1.23457E+14")],
)  # fmt: skip
def test_a_shortened_number_in_an_identifier_column_is_refused_as_written(
    kind, field_name, typed, seen
):
    wrong = failure(parser(kind, field_name), typed)
    assert (wrong.code, wrong.message_id, wrong.params) == (
        "too_many_digits", "too_many_digits.shortened", {"value": seen},
    )  # fmt: skip


def test_the_shortened_message_says_what_excel_did_and_what_to_do():
    params = {"value": "6.62E+10"}
    assert render("too_many_digits.shortened", "vi", params) == (
        'Ô đang chứa dạng rút gọn của một số ("6.62E+10"): Excel đã hiện số dài dưới dạng số mũ. '
        "Hãy định dạng cột là Văn bản (Text) rồi gõ lại đủ các chữ số."
    )
    assert "6.62E+10" in render("too_many_digits.shortened", "en", params)
    form = form_message(Msg("too_many_digits.shortened", params))
    assert form.id == "too_many_digits.shortened.form"
    assert "6.62E+10" in form.text("vi") and "Excel" not in form.text("vi")


def test_codes_and_serials_with_an_e_are_still_codes():
    assert parser("devices", "serial")("R58E10ABC") == "R58E10ABC"
    assert parser("needs", "student_code")("HS1E5") == "HS1E5"
    assert parser("needs", "note")("6.62E+10") == "6.62E+10"  # free text is the clerk's words


def test_a_citizen_id_pasted_in_shortened_form_is_echoed_as_written(db, tmp_path):
    rows = [needs_row(1, **{"Ngày sinh (*)": BIRTH, "Số định danh cá nhân": "6.62E+10"})]
    report = run(db, tmp_path, "needs", rows)
    assert problems(report) == [("too_many_digits", "H4")]
    message = report.errors[0].message()
    assert '"6.62E+10"' in message and "662E+10" not in message


# --- 5. dates typed US-style or in words ----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [("12/31/2014", "31/12/2014"), ("1/13/2014", "13/01/2014"), ("02-28-2014", "28/02/2014"),
     ("12/31/14", "31/12/2014")],
)  # fmt: skip
def test_a_date_month_first_is_refused_with_the_day_first_form(typed, suggestion):
    wrong = failure(lambda raw: parse_date(raw, full_year=lambda d, m, y: 2000 + y), typed)
    assert (wrong.code, wrong.message_id) == ("invalid_date", "invalid_date.month_day_swapped")
    assert wrong.params == {"value": typed, "suggestion": suggestion}
    vi = render(wrong.message_id, "vi", wrong.params)
    assert "có lẽ tháng và ngày bị đảo (kiểu Mỹ)" in vi and f"ví dụ {suggestion}" in vi
    assert suggestion in render(wrong.message_id, "en", wrong.params)


@pytest.mark.parametrize("typed", ["2/30/2014", "13/13/2014", "31/02/2014"])
def test_a_date_impossible_both_ways_gets_no_swap_advice(typed):
    assert failure(parse_date, typed).message_id != "invalid_date.month_day_swapped"


@pytest.mark.parametrize(
    "typed",
    ["ngày 3 tháng 4 năm 2014", "Ngày 03 tháng 04 năm 2014", "NGÀY 3 THÁNG 4 NĂM 2014",
     "ngay 3 thang 4 nam 2014", "3 tháng 4 năm 2014", "ngày 3, tháng 4, năm 2014"],
)  # fmt: skip
def test_a_date_in_words_is_read(typed):
    assert parse_date(typed) == date(2014, 4, 3)


def test_a_date_in_words_that_does_not_exist_says_so():
    wrong = failure(parse_date, "ngày 31 tháng 2 năm 2014")
    assert wrong.message_id == "invalid_date.impossible"


def test_dates_in_a_file_us_style_and_in_words(db, tmp_path):
    rows = [needs_row(1, **{"Ngày sinh (*)": "12/31/2010"}),
            needs_row(2, **{"Ngày sinh (*)": "ngày 3 tháng 4 năm 2010"})]  # fmt: skip
    report = run(db, tmp_path, "needs", rows)
    assert problems(report) == [("invalid_date", "D4")]
    assert "31/12/2010" in report.errors[0].message()
    assert db.execute("SELECT code, birth_date FROM students").fetchall() == [
        ("HS000002", "2010-04-03")
    ]


# --- 6. the row dialog shows a long number as Excel does ------------------------------------------


def test_a_long_number_is_shown_with_the_digits_excel_keeps():
    assert show_value(float(89840480001234567890)) == "89840480001234600000"
    assert show_value(1234567890123456.0) == "1234567890123460"
    assert show_value(192285142.0) == "192285142" and show_value(0.5) == "0.5"


# --- 7. the CLI does not tell to use --report when it was used ------------------------------------


def songmay(*args: str | Path, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", str(db), *map(str, args)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_the_cli_hints_at_report_only_when_it_was_not_given(tmp_path):
    rows = [needs_row(n, **{"Giới tính (*)": "?"}) for n in range(1, 61)]  # 60 errors > 50 shown
    path = write_sheet(tmp_path / "needs.xlsx", NEEDS_HEADERS, rows)
    without = songmay("import", "needs", path, db=tmp_path / "a.db")
    assert "--report" in without.stdout, without.stderr
    given = songmay(
        "import", "needs", path, "--report", tmp_path / "err.xlsx", db=tmp_path / "b.db"
    )
    assert "--report" not in given.stdout and "báo cáo lỗi" in given.stdout, given.stderr
    assert (tmp_path / "err.xlsx").exists()


# --- 8. the legacy-font advice names the one Unikey entry to choose -------------------------------

UNIKEY = {"TCVN3": "TCVN3 (ABC)", "VNI": "VNI Windows"}


def only_one_entry(text: str, encoding: str) -> bool:
    other = next(e for e in UNIKEY if e != encoding)
    return f'"{UNIKEY[encoding]}"' in text and UNIKEY[other] not in text


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_legacy_name_error_names_its_own_unikey_entry(encoding, lang):
    wrong = failure(parser("needs", "full_name"), encode("Nguyễn Văn Hồ", encoding))
    assert wrong.message_id == "legacy_encoding" and wrong.params["unikey"] == UNIKEY[encoding]
    assert only_one_entry(render(wrong.message_id, lang, wrong.params), encoding)


@pytest.mark.parametrize("name", ["Y Ksôr", "Thôn Tó"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_doubtful_name_warning_names_its_own_unikey_entry(name, lang):
    with pytest.raises(Doubtful) as caught:
        parser("needs", "full_name")(name)
    doubt = caught.value
    encoding = doubt.params["encoding"]
    assert doubt.params["unikey"] == UNIKEY[encoding]
    assert only_one_entry(render(doubt.message_id, lang, doubt.params), encoding)
    form = form_message(Msg(doubt.message_id, doubt.params))
    assert form.id == "legacy_encoding.maybe.form" and only_one_entry(form.text(lang), encoding)


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_a_converted_legacy_sheet_names_its_own_unikey_entry(db, tmp_path, encoding):
    rows = [
        needs_row(n, **{"Ngày sinh (*)": BIRTH, "Họ và tên (*)": name})
        for n, name in enumerate(["Nguyễn Văn Hồ", "Trần Thị Lụa", "Lê Đức Thắng"], 1)
    ]
    typed = [{encode(k, encoding): encode(v, encoding) if isinstance(v, str) else v
              for k, v in row.items()} for row in rows]  # fmt: skip
    headers = [encode(h, encoding) for h in NEEDS_HEADERS]
    report = import_file(db, "needs", write_sheet(tmp_path / "cu.xlsx", headers, typed), OPTIONS)
    (note,) = [p for p in report.problems if p.code == "legacy_sheet_converted"]
    assert note.params["unikey"] == UNIKEY[encoding]
    assert only_one_entry(note.message("vi"), encoding)
    assert only_one_entry(note.message("en"), encoding)


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_a_legacy_sheet_of_no_template_names_its_own_unikey_entry(db, tmp_path, encoding):
    headers = [encode(h, encoding) for h in ("Tên học sinh", "Nơi ở", "Lớp học")]
    rows = [dict(zip(headers, (encode("Nguyễn Văn Hồ", encoding), encode("Thôn Ê Đê", encoding),
                               encode("Lớp Một", encoding)), strict=True))
            for _ in range(10)]  # fmt: skip
    report = import_file(db, "needs", write_sheet(tmp_path / "la.xlsx", headers, rows), OPTIONS)
    (sheet,) = [p for p in report.problems if p.message_id == "legacy_sheet"]
    assert only_one_entry(sheet.message("vi"), encoding)
    assert only_one_entry(sheet.message("en"), encoding)


def test_search_key_reads_the_words_of_a_date():  # the date-in-words reading relies on it
    assert search_key("Ngày 3 THÁNG 4 Năm 2014") == "ngay 3 thang 4 nam 2014"
