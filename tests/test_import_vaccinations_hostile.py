"""Vaccination lists as schools really save them: .xls and .ods from another program, CSV, one
sheet per class with footers and merged cells, error values, dates as text and as serial
numbers, legacy fonts, formulas; and files that must be refused whole. A refused file changes
nothing: the vaccinations, students and outbox are counted before and after."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import hostile_files as H
import pytest
from openpyxl import Workbook, load_workbook
from school_files import class_workbook, merged_down, with_cached_errors
from test_import_csv import write_csv
from test_legacy_fonts import encode
from vaccination_files import (
    ANH,
    BINH,
    CHI,
    HEADER_OF,
    PUPILS,
    VAX_HEADERS,
    Pupil,
    add_pupils,
    counts,
    dose,
    run,
    wide_headers,
    wide_row,
    write_long,
    write_wide,
)

from desktop_app.core.excel.safety import Limits


@pytest.fixture
def school(db, tmp_path):
    add_pupils(db, tmp_path)
    return db


def by_header(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{HEADER_OF[k]: v for k, v in {"row_no": n, **r}.items()}
            for n, r in enumerate(rows, start=1)]  # fmt: skip


def class_sheets(path: Path, *, footer: bool = True) -> Path:
    """One sheet per class, each under a letterhead and a merged title, with a total line and
    the signatures under the list; the class column merged down each sheet."""
    sheets = {
        "8A1": by_header([dose(ANH, 1, "01/11/2021"), dose(ANH, 2, "25/11/2021")]),
        "7A2": by_header([dose(CHI, 1, "12/11/2021", "Pfizer 5-11"),
                          dose(CHI, 2, "03/12/2021", "Pfizer 5-11")]),
    }  # fmt: skip
    class_workbook(path, "vaccinations", sheets, footer=footer, headers=VAX_HEADERS,
                   summary_sheet=True)  # fmt: skip
    book = load_workbook(path)
    for ws in (book["8A1"], book["7A2"]):
        merged_down(ws, VAX_HEADERS.index(HEADER_OF["class_name"]) + 1, 6, 7)
    book.save(path)
    return path


def test_class_sheets_with_footers_and_merged_cells_are_read_whole(school, tmp_path):
    report = run(school, class_sheets(tmp_path / "lop.xlsx"))
    assert report.errors == [] and report.created == 4
    assert [s.name for s in report.sheets] == ["8A1", "7A2"]
    assert {p.code for p in report.notes} >= {"table_footer", "merged_cells_filled"}
    assert [p.code for p in report.warnings if p.code != "above_max_age"] == ["sheets_not_read"]


@pytest.fixture(scope="module")
def converted(soffice, tmp_path_factory) -> dict[str, dict[str, Path]]:
    """The class sheets and a wide list, saved as .xls and .ods by LibreOffice."""
    folder = tmp_path_factory.mktemp("vaccinations")
    made = {
        "classes": class_sheets(folder / "classes.xlsx"),
        "wide": write_wide(folder / "wide.xlsx", [
            wide_row(ANH, 1, ("01/11/2021", "Pfizer", "Tại trường"),
                     ("25/11/2021", "Pfizer", "Tại trường")),
            wide_row(CHI, 2, ("12/11/2021", "Pfizer 5-11", "Tại cộng đồng")),
        ]),
    }  # fmt: skip
    result = {"xlsx": made}
    for suffix in ("xls", "ods"):
        files = soffice.convert(list(made.values()), suffix, folder / suffix)
        result[suffix] = dict(zip(made, files, strict=True))
    return result


@pytest.mark.render
@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_files_saved_by_another_program_read_the_same(school, converted, suffix):
    classes = run(school, converted[suffix]["classes"], dry_run=True)
    assert classes.errors == [] and classes.rows_valid == 4
    assert [s.name for s in classes.sheets] == ["8A1", "7A2"]
    wide = run(school, converted[suffix]["wide"])
    assert wide.errors == [] and wide.created == 3
    assert counts(school)[0] == 3


def test_a_csv_list_records_the_same_doses(school, tmp_path):
    rows = by_header([dose(ANH, 1, "01/11/2021"), dose(ANH, 2, "25/11/2021")])
    path = write_csv(tmp_path / "tiem.csv", VAX_HEADERS, rows, "utf-8-sig", ";")
    report = run(school, path)
    assert report.errors == [] and report.created == 2


def test_dates_as_text_as_serial_numbers_and_as_dates_are_one_date(school, tmp_path):
    path = write_long(tmp_path / "v.xlsx", [
        dose(ANH, 1, "12/11/2021"),
        dose(CHI, 1, 44512, "Pfizer 5-11"),  # Excel's serial of 12/11/2021
        dose(Pupil("HS000777", "Phạm Thị Ánh", "15/02/2008", "Nữ", "8A2"), 1,
             datetime(2021, 11, 12)),
    ])  # fmt: skip
    report = run(school, path)
    assert report.errors == [] and report.created == 3
    days = {r[0] for r in school.conn.execute("SELECT vaccinated_on FROM vaccinations")}
    assert days == {"2021-11-12"}


def test_an_error_value_left_by_a_formula_is_an_error_on_its_cell(school, tmp_path):
    path = write_long(tmp_path / "v.xlsx", [dose(ANH, 1, "01/11/2021"),
                                            dose(ANH, 2, "25/11/2021")])  # fmt: skip
    with_cached_errors(path, {"I5": "#N/A"})
    before = counts(school)
    report = run(school, path)
    assert [(p.code, p.cell, p.params.get("value")) for p in report.errors] == [
        ("excel_error", "I5", "#N/A")]  # fmt: skip
    assert counts(school) == before


def test_a_formula_without_a_saved_value_is_not_an_empty_date(school, tmp_path):
    path = write_long(tmp_path / "v.xlsx", [dose(ANH, 1, "=TODAY()-60")])
    before = counts(school)
    report = run(school, path)
    assert [(p.code, p.cell) for p in report.errors] == [("formula_no_value", "H4")]
    assert counts(school) == before


def test_a_list_typed_in_tcvn3_is_read_through_the_conversion(school, tmp_path):
    rows = by_header([dose(ANH, 1, "01/11/2021", "Vắc-xin khác", "Tại cộng đồng",
                           facility="Trạm Y tế xã Phước Kiển")])  # fmt: skip
    typed = [{encode(k, "TCVN3"): encode(v, "TCVN3") if isinstance(v, str) else v
              for k, v in row.items()} for row in rows]  # fmt: skip
    wb = Workbook()
    ws = wb.active
    ws.append([encode("DANH SÁCH TIÊM VẮC-XIN", "TCVN3")])
    headers = [encode(h, "TCVN3") for h in VAX_HEADERS]
    ws.append(headers)
    for row in typed:
        ws.append([row.get(h, "") for h in headers])
    wb.save(tmp_path / "cu.xlsx")
    report = run(school, tmp_path / "cu.xlsx")
    assert report.errors == [] and report.created == 1
    assert "legacy_sheet_converted" in [p.code for p in report.warnings]
    stored = school.conn.execute("SELECT vaccine, place, facility FROM vaccinations").fetchone()
    assert stored == ("other", "community", "Trạm Y tế xã Phước Kiển")


@pytest.mark.parametrize(
    ("make", "message_id"),
    [
        (lambda p: H.make_zip_bomb(p, 600_000_000), "file.inflated_too_large"),
        (H.make_truncated, "file.corrupt"),
        (H.make_huge_row_index, "file.too_many_rows"),
    ],
)
def test_a_hostile_file_is_one_file_problem_and_nothing_changes(school, tmp_path, make,
                                                                  message_id):  # fmt: skip
    path = tmp_path / "tiem.xlsx"
    make(path)
    before = counts(school)
    report = run(school, path)
    assert [(p.code, p.message_id) for p in report.problems] == [
        ("file_unreadable", message_id)]  # fmt: skip
    assert report.exit_code == 2 and counts(school) == before


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(school, tmp_path):
    path = write_long(tmp_path / "v.xlsx", [dose(ANH, n, "01/11/2021") for n in (1, 2, 3)])
    report = run(school, path, limits=Limits(max_file_bytes=1000))
    assert report.problems[0].message_id == "file.too_large" and report.exit_code == 2


def test_one_bad_row_at_the_end_leaves_everything_as_it_was(school, tmp_path):
    """The new student, the good doses and their journal rows: none of them written."""
    new = Pupil("HS000777", "Phạm Thị Ánh", "15/02/2008", "Nữ", "8A2")
    good = [dose(p, 1, "01/11/2021") for p in (ANH, new)]
    path = write_long(tmp_path / "v.xlsx", [*good, dose(BINH, 1, "12/11/2021")])
    before = counts(school)
    report = run(school, path)
    assert report.exit_code == 1 and report.rows_valid == 2
    assert counts(school) == before
    wide = write_wide(tmp_path / "w.xlsx", [
        wide_row(p, n, ("01/11/2021", "Pfizer", "Tại trường")) for n, p in enumerate(PUPILS)
    ], wide_headers(1))  # fmt: skip
    assert run(school, wide).exit_code == 1 and counts(school) == before
