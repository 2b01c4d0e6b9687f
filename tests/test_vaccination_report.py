"""The school's vaccination report (4.9): every cell of the Excel file against a count made here,
by plain Python over the doses this test recorded, corrected and cancelled (never with
``coverage.py``); its printed page (LibreOffice, poppler); ``songmay report vaccinations``."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest
from openpyxl import load_workbook
from vaccination_school import (
    DAY,
    PER_CLASS,
    School,
    add_student,
    build_school,
    expected_coverage,
    expected_doses,
    read_tables,
)

from desktop_app.cli import main
from desktop_app.core.school import save_school
from desktop_app.core.vaccinations.report import export_vaccination_report


@pytest.fixture
def school_db(db):
    save_school(db, {"district": "Huyện Krông Bông", "province": "Đắk Lắk",
                     "principal": "Nguyễn Văn Hiệu", "clerk": "Trần Thị Lập"})  # fmt: skip
    return db, build_school(db)


def test_every_cell_of_the_report_matches_the_doses_counted_here(school_db, tmp_path):
    db, school = school_db
    target = tmp_path / "tiem-vac-xin.xlsx"
    export_vaccination_report(db, target, DAY)
    rows, coverage_body, doses_body = read_tables(target)
    assert coverage_body == expected_coverage(school)
    assert doses_body == expected_doses(school)
    # The test's school has every case the figures must get right.
    assert any(not d for d in school.doses.values()) and 0 < len(school.grade) < 5 * PER_CLASS
    flat = [v for r in rows for v in r if v is not None]
    assert "BÁO CÁO TÌNH HÌNH TIÊM VẮC-XIN CỦA HỌC SINH" in flat
    assert "(CSDL ngành — mục 4.9)" in flat
    assert f"Số liệu đến ngày 11/03/2022: tổng số {len(school.grade)} học sinh" in flat
    assert "Krông Bông, ngày 11 tháng 03 năm 2022" in flat
    for text in ("NGƯỜI LẬP BIỂU", "HIỆU TRƯỞNG", "Nguyễn Văn Hiệu", "Trần Thị Lập",
                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Đã tiêm ít nhất 3 mũi", "Tại trường",
                 "Tại cộng đồng", "Nơi khác", "Chưa tiêm mũi nào"):  # fmt: skip
        assert text in flat
    assert all(unicodedata.normalize("NFC", v) == v for v in flat if isinstance(v, str))


def test_the_report_prints_on_a4_fit_to_width_with_its_header_repeated(school_db, tmp_path):
    db, _school = school_db
    target = tmp_path / "tiem-vac-xin.xlsx"
    export_vaccination_report(db, target, DAY)
    ws = load_workbook(target).active
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "Khối")
    assert ws.print_title_rows == f"${header}:${header + 1}"  # both header rows
    assert ws.cell(row=header + 1, column=3).value == "Số HS"
    assert ws.cell(row=header + 1, column=4).value == "Tỷ lệ (%)"
    assert ws.cell(row=header + 2, column=4).number_format == "0.0"
    setup = ws.page_setup
    assert (int(setup.paperSize), setup.orientation, setup.fitToWidth, setup.fitToHeight) == (
        int(ws.PAPERSIZE_A4), "portrait", 1, 0,
    )  # fmt: skip
    assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_the_export_is_in_the_access_log_with_the_number_of_students(school_db, tmp_path):
    db, school = school_db
    export_vaccination_report(db, tmp_path / "bc.xlsx", DAY, actor="thu.ky")
    kind, target, students, actor = db.execute(
        "SELECT kind, target, students, actor FROM access_log ORDER BY rowid DESC LIMIT 1"
    ).fetchone()
    assert (kind, target, students, actor) == ("report", "bc.xlsx", len(school.grade), "thu.ky")


def test_a_school_with_no_doses_reports_zeros_and_still_signs(db, tmp_path):
    school = School()
    add_student(db, school, "A1", "6A")
    target = tmp_path / "bc.xlsx"
    export_vaccination_report(db, target, DAY)
    _rows, coverage_body, doses_body = read_tables(target)
    assert coverage_body == [["Khối 6", 1, 0, 0.0, 0, 0.0, 0, 0.0, 1],
                             ["Tổng cộng", 1, 0, 0.0, 0, 0.0, 0, 0.0, 1]]  # fmt: skip
    assert doses_body[-1] == ["Tổng cộng", 0, 0, 0, 0]


def test_students_whose_grade_is_unknown_are_counted_in_a_row_of_their_own_after_the_grades():
    from desktop_app.core.vaccinations.coverage import Coverage, CoverageRow, DosesByPlace
    from desktop_app.core.vaccinations.report import VaccinationReport, coverage_rows

    def unknown() -> CoverageRow:
        return CoverageRow("", None, 2, {1: 1, 2: 0, 3: 0})

    six, total = CoverageRow("6", 6, 4), CoverageRow("", None, 6, {1: 1, 2: 0, 3: 0})
    report = VaccinationReport(Coverage([], [unknown(), six], total), DosesByPlace(Counter()))
    assert [r[0] for r in coverage_rows(report)] == ["Khối 6", "Chưa rõ khối", "Tổng cộng"]
    assert coverage_rows(report)[1] == ["Chưa rõ khối", 2, 1, 50.0, 0, 0.0, 0, 0.0, 1]
    assert [r[0] for r in coverage_rows(report, "en")] == [
        "Grade 6",
        "Grade unknown",
        "Grand total",
    ]
    # No student has a grade: the total row equals the grade's, and is still the total.
    alone = VaccinationReport(Coverage([], [unknown()], unknown()), DosesByPlace(Counter()))
    assert [r[0] for r in coverage_rows(alone)] == ["Chưa rõ khối", "Tổng cộng"]


def test_songmay_report_vaccinations_writes_the_file_with_its_totals(school_db, tmp_path, capsys):
    _db, school = school_db
    db_path = tmp_path / "school.sqlite3"  # the db fixture's file
    out = tmp_path / "cli" / "tiem.xlsx"
    assert main(["--db", str(db_path), "report", "vaccinations", str(out)]) == 0
    assert f"Đã ghi báo cáo ra {out}" in capsys.readouterr().out
    _rows, coverage_body, doses_body = read_tables(out)
    assert coverage_body[-1] == expected_coverage(school)[-1]
    assert doses_body[-1] == expected_doses(school)[-1]


def test_songmay_report_help_names_the_vaccination_report(capsys):
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    assert "vaccinations: báo cáo tình hình tiêm vắc-xin của học sinh (mục 4.9)" in (
        " ".join(capsys.readouterr().out.split())
    )


# --- the printed page ---------------------------------------------------------------------------


@pytest.mark.render
def test_the_report_prints_one_page_wide_with_letterhead_tables_and_signatures(
    school_db, tmp_path, soffice, poppler
):
    db, school = school_db
    target = tmp_path / "tiem-vac-xin.xlsx"
    export_vaccination_report(db, target, DAY)
    (pdf,) = soffice.to_pdf([target], tmp_path / "pdf")
    assert poppler.page_count(pdf) == 1  # one page: wide and long
    (width, height), *_ = poppler.page_sizes(pdf)
    assert abs(width - 595.28) < 1 and abs(height - 841.89) < 1  # A4 portrait
    page = unicodedata.normalize("NFC", poppler.page_texts(pdf)[0])
    flat = " ".join(page.split())
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "PHÒNG GD&ĐT", "TRƯỜNG THCS EA TU",
                 "BÁO CÁO TÌNH HÌNH TIÊM VẮC-XIN CỦA HỌC SINH", "(CSDL ngành — mục 4.9)",
                 "Krông Bông, ngày 11 tháng 03 năm 2022", "NGƯỜI LẬP BIỂU", "HIỆU TRƯỞNG",
                 "(Ký tên, đóng dấu)", "Nguyễn Văn Hiệu", "Trần Thị Lập", "Tỷ lệ (%)",
                 "Moderna (Spikevax)", "Tại cộng đồng"):  # fmt: skip
        assert text in flat, text
    # Every column printed: the last one's header and the grand total's last figure.
    assert "Chưa tiêm" in page and "mũi nào" in page
    total = expected_coverage(school)[-1]
    total_line = next(line for line in page.splitlines() if line.strip().startswith("Tổng cộng"))
    assert total_line.split()[-1] == str(total[-1]) and f"{total[5]:.1f}" in total_line
    heights = [h for _, h in poppler.word_heights(pdf, 1, 1)]
    assert min(heights) >= 10 * 1.1, "text under 10 pt"
    pictures = poppler.render(pdf, tmp_path / "png", dpi=60)
    assert pictures and pictures[0].stat().st_size > 10_000
