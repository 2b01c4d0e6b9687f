"""The Excel outputs print as finished documents: each is rendered to PDF by LibreOffice and its
pages are read back (poppler) — A4 in the right orientation, one page wide, the header row on
every page, every table row printed once, the signatures on the page of the table's last row,
the title with its marks, the national motto where a report goes to the district, text of at
least 10 pt. One LibreOffice run converts every output."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.core.demo import fill_demo_data
from desktop_app.core.excel.print_layout import PrintedSheet, keep_closing_with_table, pages
from desktop_app.core.importing.export import export_file
from desktop_app.core.importing.report import write_error_report
from desktop_app.core.importing.service import ImportOptions, import_file
from desktop_app.core.reports import export_donor_report, export_needs_summary
from desktop_app.core.school import save_school
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import open_database, write_transaction

STUDENTS = 30  # enough for the lists to need several pages
A4 = (595.28, 841.89)
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
PRINCIPAL = "Nguyễn Văn Hiệu"
CLERK = "Trần Thị Lập"
# Liberation Serif's box (ascent + descent) is 1.107 em: 10 pt text is 11.07 pt high.
MIN_WORD_HEIGHT = 10 * 1.1


def place_line(today: date) -> str:
    return f"Krông Bông, ngày {today:%d} tháng {today:%m} năm {today.year}"


@dataclass
class Printed:
    workbook: Path
    pdf: Path
    pages: list[str]  # the text of every page, laid out
    sizes: list[tuple[float, float]]


def _add_donors(db, count: int, start: int) -> None:
    changes = ChangeSet()
    for number in range(start, start + count):
        donor = changes.insert("donor", {"name": f"Công ty Tài trợ số {number}",
                                         "name_key": f"cong ty tai tro so {number}"})  # fmt: skip
        changes.insert("donation_batch", {"code": f"DOT-{number:03d}", "source": "4.8.3.2",
                                          "donor_id": donor["id"],
                                          "received_date": "2026-11-20"})  # fmt: skip
    with write_transaction(db):
        changes.apply(db.conn)


def _donor_report_that_must_keep_its_closing(db, folder: Path) -> Path:
    """Add donors one by one until the donor report's closing would start a page of its own
    (the layout then breaks the page before the table's last rows)."""
    target = folder / "nha-tai-tro.xlsx"
    for number in range(1, 120):
        _add_donors(db, 1, number)
        export_donor_report(db, target)
        if load_workbook(target).active.row_breaks.brk:
            return target
    raise AssertionError("the donor report never needed to keep its closing with the table")


def _messy_needs_file(source: Path, target: Path) -> None:
    """The export, with a gender and a category no code list has on every row: two errors a
    row, each with a long message."""
    wb = load_workbook(source)
    ws = wb["Nhu cau"]
    header = next(r for r in range(1, 20) if ws.cell(row=r, column=1).value == "STT")
    columns = {ws.cell(row=header, column=c).value: c for c in range(1, ws.max_column + 1)}
    for row in range(header + 1, header + 1 + STUDENTS):
        ws.cell(row=row, column=columns["Giới tính (*)"]).value = "Không rõ"
        ws.cell(row=row, column=columns["Diện đối tượng (*)"]).value = "Diện chưa có"
    wb.save(target)


@pytest.fixture(scope="module")
def printed(tmp_path_factory, soffice, poppler) -> dict[str, Printed]:
    folder = tmp_path_factory.mktemp("printed")
    db = open_database(folder / "school.sqlite3")
    save_school(db, {"name": "Trường THCS Lê Quý Đôn", "code": "66001", "level": "THCS",
                     "district": "Huyện Krông Bông", "province": "Đắk Lắk",
                     "principal": PRINCIPAL, "clerk": CLERK})  # fmt: skip
    fill_demo_data(db, students=STUDENTS)
    files = {"summary": folder / "thong-ke-4.8.2.xlsx"}
    export_needs_summary(db, files["summary"])
    for kind in ("needs", "devices", "handovers"):
        files[kind] = folder / f"{kind}.xlsx"
        export_file(db, kind, files[kind])
    _messy_needs_file(files["needs"], folder / "messy.xlsx")
    checked = open_database(folder / "empty.sqlite3")
    files["errors"] = folder / "loi.xlsx"
    write_error_report(
        import_file(checked, "needs", folder / "messy.xlsx", ImportOptions(dry_run=True)),
        files["errors"],
    )
    files["donors"] = _donor_report_that_must_keep_its_closing(db, folder)
    pdfs = soffice.to_pdf(list(files.values()), folder / "pdf")
    return {
        name: Printed(xlsx, pdf, poppler.page_texts(pdf), poppler.page_sizes(pdf))
        for (name, xlsx), pdf in zip(files.items(), pdfs, strict=True)
    }


def _until(pages: list[str], marker: str) -> list[str]:
    """The pages of a workbook's first sheet: up to the page where the next sheet begins."""
    end = next((i for i, text in enumerate(pages) if marker in text), len(pages))
    return pages[:end]


def _last_header(workbook: Path) -> str:
    """The text heading the table's last column, in the row the file repeats on every page."""
    sheet = load_workbook(workbook).worksheets[0]
    row = int(sheet.print_title_rows.split(":")[0].strip("$"))
    return str(sheet.cell(row=row, column=sheet.max_column).value)


def _data_rows(workbook: Path) -> int:
    """The table's rows in the file itself: those numbered in the first column."""
    sheet = load_workbook(workbook).worksheets[0]
    return sum(isinstance(row[0], int) for row in sheet.iter_rows(values_only=True))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _check_a4(document: Printed, count: int, orientation: str) -> None:
    expected = A4 if orientation == "portrait" else A4[::-1]
    for number, (width, height) in enumerate(document.sizes[:count], start=1):
        assert abs(width - expected[0]) < 1 and abs(height - expected[1]) < 1, (
            f"page {number} of {document.pdf.name} is {width}×{height} pt, not A4 {orientation}"
        )


def _numbers_on(page: str) -> list[int]:
    """The row numbers (STT) that begin lines of a page."""
    return [int(n) for n in re.findall(r"^\s{0,2}(\d{1,3})\s+\S", page, re.MULTILINE)]


def _check_list(
    document: Printed, sheet_pages: list[str], *, first: str, last: str, rows: int,
    orientation: str, min_pages: int = 2,
) -> None:  # fmt: skip
    """A list one page wide: its first and last column headers on every page (the header row
    repeated, no page of overflow columns), rows 1..rows each printed once, in order, and the
    signatures on the page of the last row."""
    assert len(sheet_pages) >= min_pages, f"{document.pdf.name}: expected more pages"
    _check_a4(document, len(sheet_pages), orientation)
    for number, page in enumerate(sheet_pages, start=1):
        words = [first, *last.split()]  # a narrow column's header wraps between its words
        assert all(w in page for w in words), f"page {number}: header row not repeated whole"
    numbers = [n for page in sheet_pages for n in _numbers_on(page)]
    assert numbers == list(range(1, rows + 1))
    last_page = sheet_pages[-1]
    assert rows in _numbers_on(last_page)
    for text in ("NGƯỜI LẬP BIỂU", "HIỆU TRƯỞNG", "(Ký tên, đóng dấu)", PRINCIPAL, CLERK):
        assert text in last_page, f"{text!r} is not on the page of the table's last row"
    assert place_line(date.today()) in _one_line(last_page)


def _check_letterhead(first_page: str, title: str) -> None:
    flat = _one_line(first_page)
    assert MOTTO in flat and "Độc lập - Tự do - Hạnh phúc" in flat
    # The parent agency above the school; neither is broken inside a name (on two lines, if
    # they must: "PHÒNG GD&ĐT / HUYỆN KRÔNG BÔNG", "TRƯỜNG THCS / LÊ QUÝ ĐÔN").
    lines = first_page.splitlines()
    for name in ("PHÒNG GD&ĐT", "HUYỆN KRÔNG BÔNG", "TRƯỜNG THCS", "LÊ QUÝ ĐÔN"):
        assert any(name in line for line in lines), f"{name!r} broken or missing"
    assert flat.index("PHÒNG GD&ĐT") < flat.index("TRƯỜNG THCS")
    assert title in flat


@pytest.mark.render
def test_the_needs_export_prints_as_a_landscape_list_one_page_wide(printed, poppler):
    document = printed["needs"]
    sheet_pages = _until(document.pages, "HƯỚNG DẪN NHẬP MẪU")
    _check_letterhead(
        sheet_pages[0], "DANH SÁCH HỌC SINH CÓ NHU CẦU HỖ TRỢ THIẾT BỊ HỌC TRỰC TUYẾN"
    )
    # The consent columns (issue 14) come last, after "Ghi chú".
    assert _last_header(document.workbook) == "Số phiếu"
    _check_list(document, sheet_pages, first="STT", last="Số phiếu", rows=STUDENTS,
                orientation="landscape")  # fmt: skip
    heights = [h for _, h in poppler.word_heights(document.pdf, 2, len(sheet_pages))]
    assert min(heights) >= MIN_WORD_HEIGHT, "text under 10 pt"


@pytest.mark.render
@pytest.mark.parametrize(
    ("kind", "title", "orientation", "min_pages"),
    [
        ("devices", "DANH SÁCH THIẾT BỊ TIẾP NHẬN TÀI TRỢ", "landscape", 2),
        # Portrait while its columns fit (more columns turn it landscape): as the file says.
        ("handovers", "DANH SÁCH BÀN GIAO THIẾT BỊ CHO HỌC SINH", None, 1),
    ],
)
def test_the_devices_and_handovers_exports_print_one_page_wide(
    printed, poppler, kind, title, orientation, min_pages
):
    document = printed[kind]
    orientation = orientation or load_workbook(document.workbook).active.page_setup.orientation
    sheet_pages = _until(document.pages, "HƯỚNG DẪN NHẬP MẪU")
    _check_letterhead(sheet_pages[0], title)
    _check_list(document, sheet_pages, first="STT", last=_last_header(document.workbook),
                rows=_data_rows(document.workbook), orientation=orientation,
                min_pages=min_pages)  # fmt: skip
    heights = [h for _, h in poppler.word_heights(document.pdf, 1, len(sheet_pages))]
    assert min(heights) >= MIN_WORD_HEIGHT


@pytest.mark.render
def test_the_summary_prints_on_one_portrait_page_with_motto_and_signatures(printed, poppler):
    document = printed["summary"]
    assert len(document.pages) == 1
    _check_a4(document, 1, "portrait")
    page = document.pages[0]
    _check_letterhead(page, "BÁO CÁO THỐNG KÊ NHU CẦU HỖ TRỢ THIẾT BỊ HỌC TRỰC TUYẾN")
    assert "Diện đối tượng" in page and "Tổng" in page and "Tổng cộng" in page
    for text in ("NGƯỜI LẬP BIỂU", "HIỆU TRƯỞNG", PRINCIPAL, CLERK):
        assert text in page
    assert place_line(date.today()) in _one_line(page)
    heights = [h for _, h in poppler.word_heights(document.pdf, 1, 1)]
    assert min(heights) >= MIN_WORD_HEIGHT


@pytest.mark.render
def test_the_donor_report_keeps_its_signatures_with_the_last_rows(printed):
    document = printed["donors"]
    rows = _data_rows(document.workbook)
    assert len(document.pages) >= 2
    _check_letterhead(document.pages[0], "BÁO CÁO TIẾP NHẬN VÀ BÀN GIAO THIẾT BỊ")
    _check_list(document, document.pages, first="STT", last="Chưa bàn giao", rows=rows,
                orientation="portrait")  # fmt: skip
    # The closing did not travel alone: table rows print above it on its page.
    assert len(_numbers_on(document.pages[-1])) >= 2 and "Tổng cộng" in document.pages[-1]


@pytest.mark.render
def test_the_error_reports_problem_list_prints_one_page_wide_messages_whole(printed, poppler):
    document = printed["errors"]
    start = next(i for i, page in enumerate(document.pages) if "DANH SÁCH LỖI" in page)
    listing = document.pages[start:]
    assert len(listing) >= 2
    _check_a4(document, len(document.pages), "landscape")
    assert "DANH SÁCH LỖI VÀ CẢNH BÁO KHI NHẬP TỆP EXCEL" in listing[0]
    for page in listing:
        assert MOTTO not in page  # a working paper, not a letter
        assert "Dòng" in page and "Nội dung" in page  # the header row on every page, whole
    # Every message prints whole, wrapped within its column.
    listed = list(
        load_workbook(document.workbook).worksheets[1].iter_rows(min_row=5, values_only=True)
    )
    messages = [r[5] for r in listed if r[3] == "Lỗi"]  # the list also notes the closing block
    assert any(r[4] == "table_footer" for r in listed)
    raw = _one_line(" ".join(poppler.page_texts(document.pdf, layout=False)[start:]))
    assert len(messages) == 2 * STUDENTS
    for message in set(messages):
        assert _one_line(message) in raw, f"message cut: {message}"
    first = start + 1
    heights = [h for _, h in poppler.word_heights(document.pdf, first + 1, len(document.pages))]
    assert min(heights) >= MIN_WORD_HEIGHT


def test_the_closing_moves_with_the_last_rows_when_it_would_start_a_page_alone():
    """The layout's own rule, without a renderer: a closing that does not fit under the last
    row takes the table's last rows with it to the next page; one that fits changes nothing."""
    from openpyxl import Workbook

    from desktop_app.core.school import SchoolProfile

    def layout(rows: int) -> PrintedSheet:
        sheet = PrintedSheet(Workbook().active, [6.0, 40.0, 20.0])
        sheet.title("BÁO CÁO")
        sheet.table_header(["STT", "Tên", "Số"])
        for number in range(1, rows + 1):
            sheet.table_row([number, f"Dòng {number}", number])
        sheet.closing(SchoolProfile(name="Trường X", principal="A", clerk="B"), date(2026, 12, 6))
        return sheet

    outcomes = {}
    for rows in range(20, 60):
        sheet = layout(rows)
        plain = pages(sheet)
        keep_closing_with_table(sheet)
        breaks = [b.id for b in sheet.ws.row_breaks.brk]
        outcomes[rows] = breaks
        end = sheet.table_end
        if breaks:  # the page would have started with the closing, or cut it
            assert breaks == [end - 3] and max(s for s in plain if s <= end) <= end
        else:
            assert max(plain) <= end or len(plain) == 1
    assert any(outcomes.values()) and not all(outcomes.values())


def test_the_importer_stops_at_a_tables_closing(tmp_path):
    """A clerk's own list, signed at the bottom as every school signs it, and the application's
    own export: the rows under the table (place and date, signatures, names) are not data."""
    from builders import NEEDS_HEADERS, needs_row, write_sheet

    birth = date(2013, 5, 9).strftime("%d/%m/%Y")
    rows = [needs_row(n, **{"Ngày sinh (*)": birth}) for n in (1, 2)]
    source = write_sheet(tmp_path / "signed.xlsx", NEEDS_HEADERS, rows)
    wb = load_workbook(source)
    ws = wb["Nhu cau"]
    last = ws.max_row
    ws.cell(row=last + 2, column=10, value="Ea Tu, ngày 05 tháng 11 năm 2021")
    ws.cell(row=last + 3, column=2, value="Người lập biểu")
    ws.cell(row=last + 3, column=10, value="HIỆU TRƯỞNG")
    ws.cell(row=last + 4, column=2, value="(Ký, ghi rõ họ tên)")
    ws.cell(row=last + 7, column=2, value="Trần Văn Minh")
    ws.cell(row=last + 7, column=10, value="Nguyễn Thị Hạnh")
    wb.save(source)
    db = open_database(tmp_path / "s.sqlite3")
    report = import_file(db, "needs", source, ImportOptions(dry_run=True))
    assert report.rows_read == 2 and report.errors == [] and report.rows_valid == 2

    # Right under the last row too, and a name in a row of its own is still data.
    ws.delete_rows(last + 1)
    wb.save(source)
    report = import_file(db, "needs", source, ImportOptions(dry_run=True))
    assert report.rows_read == 2 and report.errors == []
    for row in range(last + 1, last + 4):  # no date line, no titles: a name alone is a row
        for column in range(1, ws.max_column + 1):
            ws.cell(row=row, column=column).value = None
    wb.save(source)
    report = import_file(db, "needs", source, ImportOptions(dry_run=True))
    assert report.rows_read > 2 and report.errors


def test_letterhead_names_break_between_the_unit_and_its_name_never_inside_it():
    from desktop_app.core.excel.print_layout import two_lines

    assert two_lines("PHÒNG GD&ĐT HUYỆN KRÔNG BÔNG") == "PHÒNG GD&ĐT\nHUYỆN KRÔNG BÔNG"
    assert two_lines("SỞ GD&ĐT TỈNH ĐẮK LẮK") == "SỞ GD&ĐT\nTỈNH ĐẮK LẮK"
    assert two_lines("TRƯỜNG THCS LÊ QUÝ ĐÔN") == "TRƯỜNG THCS\nLÊ QUÝ ĐÔN"
    assert two_lines("TRƯỜNG TIỂU HỌC HÒA BÌNH") == "TRƯỜNG TIỂU HỌC\nHÒA BÌNH"


def test_a_summary_with_twelve_grades_prints_landscape_and_a_small_one_portrait():
    from desktop_app.core.excel.print_layout import Geometry
    from desktop_app.core.reports import summary_widths

    thcs, lien_cap = Geometry.for_widths(summary_widths(4)), Geometry.for_widths(summary_widths(12))
    assert (thcs.orientation, lien_cap.orientation) == ("portrait", "landscape")
    assert thcs.scale == 1.0 and lien_cap.scale >= 0.9  # text prints at its size, or nearly
