"""The district console's consolidated reports: the figures laid out (checked against a count of
the input made here, another way), the Excel file in the ministry layout, the PDF in the Decree
30/2020 layout with every Vietnamese letter, and both as printed pages."""

from __future__ import annotations

import io
import json
import random
import unicodedata
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest

pytest.importorskip("fpdf", reason="the console's PDF needs the 'server' extra")

from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.core.text import search_key
from sync.server import accounts, auth
from sync.server.console import report_pdf, reports, review, scope
from sync.server.console.model import (
    NeedCount,
    ProgressLine,
    ReceiptLine,
    ReportDocument,
    UnitHeader,
    Viewer,
)
from sync.server.console.report_excel import workbook_bytes
from sync.server.console.report_pdf import pdf_bytes
from sync.server.errors import NotFound
from sync.server.testing import ServerThread
from tests.sync.server_helpers import PASSWORD, SchoolApi, both_backends, change, login

server_backend = both_backends  # the report built from a server's figures: both databases

ROOT = Path(__file__).resolve().parents[2]
DAY = date(2026, 12, 6)
DONOR = "Công ty Cổ phần Đầu tư Ánh Dương"
DONORS = (DONOR, "Viettel Đắk Lắk", "Hội Khuyến học tỉnh Đắk Lắk", "Ngân hàng TMCP Ngoại thương")
SCHOOL_NAMES = ("Trường TH Ea Tu", "Trường THCS Lê Quý Đôn", "Trường TH Hòa Phong",
                "Trường THCS Nguyễn Trường Tộ", "Trường TH Cư Pui", "Trường THCS Yang Mao")  # fmt: skip


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def viewer(name: str, kind: str = "district", parent: str | None = None) -> Viewer:
    return Viewer("tk", "Trần Thị Thống Kê", "statistician", "66-01", name, kind, None, parent)


def district() -> UnitHeader:
    header = reports.unit_header(viewer("Phòng GD&ĐT huyện Krông Bông"), signer_name="Y Bhim Niê")
    assert header.signer_name == "Y Bhim Niê"
    return header


def codelist(name: str) -> dict[str, str]:
    """Labels read straight from the code list file, not through the application's loader."""
    raw = json.loads((ROOT / "resources" / "templates" / "codelists.json").read_text("utf-8"))
    return {str(item["code"]): item["label"] for item in raw[name]["items"]}


def random_counts(seed: int, schools: int = 4) -> list[NeedCount]:
    rnd = random.Random(seed)
    out = []
    for index in range(schools):
        name = SCHOOL_NAMES[index % len(SCHOOL_NAMES)]
        grades = range(1, 6) if " TH " in f" {name} " else range(6, 10)
        for _ in range(rnd.randint(1, 12)):
            out.append(NeedCount(f"66{index:03d}", name, rnd.choice(list(grades)),
                                 rnd.randint(1, 4), rnd.choice(
                                     ["laptop", "desktop", "tablet", "smartphone"]),
                                 rnd.randint(1, 9)))  # fmt: skip
    return out


def random_receipts(seed: int, schools: int = 4) -> list[ReceiptLine]:
    rnd = random.Random(seed)
    out = []
    for index in range(schools):
        for donor in rnd.sample(DONORS, rnd.randint(1, 3)):
            devices = rnd.randint(0, 40)
            out.append(ReceiptLine(f"66{index:03d}", SCHOOL_NAMES[index], rnd.choice(
                ["4.8.3.1", "4.8.3.2"]), donor, rnd.randint(1, 3), devices,
                rnd.randint(0, devices)))  # fmt: skip
    return out


def progress_lines(count: int, seed: int = 3) -> list[ProgressLine]:
    rnd = random.Random(seed)
    out = []
    for index in range(count):
        devices = rnd.randint(1, 30)
        within_5 = rnd.randint(0, devices)
        within_7 = rnd.randint(within_5, devices)
        received = DAY - timedelta(days=rnd.randint(0, 40))
        out.append(ProgressLine(f"66{index % 5:03d}", SCHOOL_NAMES[index % 5], f"ĐTT-{index:03d}",
                                received, devices, rnd.randint(within_7, devices), within_5,
                                within_7, None))  # fmt: skip
    return out


# --- the unit's header -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "parent", "above", "agency", "place", "signer"),
    [
        ("Phòng GD&ĐT huyện Krông Bông", "district", "Sở GD&ĐT Đắk Lắk", "UBND HUYỆN KRÔNG BÔNG",
         "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "Krông Bông", "TRƯỞNG PHÒNG"),
        ("Phòng Giáo dục và Đào tạo thành phố Buôn Ma Thuột", "district", None,
         "UBND THÀNH PHỐ BUÔN MA THUỘT", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "Buôn Ma Thuột",
         "TRƯỞNG PHÒNG"),
        ("Phòng GD&ĐT Quận 1", "district", None, "UBND QUẬN 1", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
         "Quận 1", "TRƯỞNG PHÒNG"),
        ("Phòng GD&ĐT thị xã Buôn Hồ", "district", None, "UBND THỊ XÃ BUÔN HỒ",
         "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "Buôn Hồ", "TRƯỞNG PHÒNG"),
        # the name does not say the district's kind: its own name, under its parent's
        ("Phòng GD&ĐT Krông Pắc", "district", "Sở GD&ĐT Đắk Lắk", "SỞ GD&ĐT ĐẮK LẮK",
         "PHÒNG GD&ĐT KRÔNG PẮC", "Krông Pắc", "TRƯỞNG PHÒNG"),
        ("Sở GD&ĐT Đắk Lắk", "province", None, "UBND TỈNH ĐẮK LẮK", "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
         "Đắk Lắk", "GIÁM ĐỐC"),
        ("Sở Giáo dục và Đào tạo tỉnh Gia Lai", "province", None, "UBND TỈNH GIA LAI",
         "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Gia Lai", "GIÁM ĐỐC"),
        ("Sở GD&ĐT Hà Nội", "province", None, "UBND THÀNH PHỐ HÀ NỘI", "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
         "Hà Nội", "GIÁM ĐỐC"),
    ],
)  # fmt: skip
def test_the_units_header_and_signer_follow_its_name_and_kind(
    name, kind, parent, above, agency, place, signer
):
    # the name as a form may send it: decomposed marks, doubled spaces
    header = reports.unit_header(viewer(unicodedata.normalize("NFD", f" {name}  "), kind, parent))
    assert (header.agency_above, header.agency, header.place, header.signer_title) == (
        above, agency, place, signer)  # fmt: skip
    assert header.prepared_by == "NGƯỜI LẬP BIỂU" and header.signer_name == ""


# --- 4.8.2 ------------------------------------------------------------------------------------


def blocks(doc: ReportDocument) -> dict[str, list[tuple[str | int, ...]]]:
    """The report's rows by block: each school's (under its "N. name" heading) and the unit's."""
    out: dict[str, list[tuple[str | int, ...]]] = {}
    current = ""
    for row in doc.rows:
        first = str(row.values[0])
        if row.bold and (first[:1].isdigit() or first.startswith("Tổng hợp toàn đơn vị")):
            current = first
            out[current] = [row.values]
        else:
            out[current].append(row.values)
    return out


@pytest.mark.parametrize("seed", range(6))
def test_the_needs_summary_matches_a_count_of_the_schools_figures(seed):
    counts = random_counts(seed, schools=1 + seed % 4)
    # a line may come twice for one cell (figures from two rounds): they add up
    counts.append(counts[0])
    doc = reports.needs_report(district(), counts, DAY)
    categories, devices = codelist("category"), codelist("device_type_student")
    expected: dict[tuple[str, int, str, str], int] = defaultdict(int)  # (school, grade, cat, dev)
    for c in counts:
        expected[(c.school_name, c.grade, categories[str(c.category)],
                  devices[c.requested_device])] += c.count  # fmt: skip
    grades = sorted({c.grade for c in counts})
    assert doc.columns == ("Diện đối tượng", "Thiết bị đề nghị",
                           *[f"Khối {g}" for g in grades], "Tổng")  # fmt: skip
    found = blocks(doc)
    schools = sorted({c.school_name for c in counts})
    assert len(found) == len(schools) + 1
    for name in schools:
        (heading,) = [k for k in found if k.endswith(f". {name}")]
        block = found[heading]
        per_grade = [sum(n for (s, g, _, _), n in expected.items() if s == name and g == grade)
                     for grade in grades]  # fmt: skip
        assert list(block[0][2:]) == [*per_grade, sum(per_grade)]
        shown = {(r[0], r[1]): r[2:] for r in block[1:]}
        for (s, grade, category, device), n in expected.items():
            if s == name:
                assert shown[(category, device)][grades.index(grade)] == n
        programme = [sum(n for (s, g, c, _), n in expected.items()
                         if s == name and g == grade and c != "Khó khăn khác")
                     for grade in grades]  # fmt: skip
        assert block[-1][0].startswith("Trong đó") and list(block[-1][2:]) == [
            *programme, sum(programme)]  # fmt: skip
        # no empty device row in a school's block
        assert all(r[-1] != 0 for r in block[1:] if r[1] not in ("Cộng", ""))
    unit = found[next(k for k in found if k.startswith("Tổng hợp"))]
    assert unit[0][0] == f"Tổng hợp toàn đơn vị ({len(schools)} trường)"
    table = {(r[0], r[1]): r[2:] for r in unit[1:]}
    # the unit's table is whole: every category with every device type and its subtotal
    assert len(table) == len(categories) * len(devices) + len(categories) + 2
    for category in categories.values():
        for device in devices.values():
            cells = [sum(n for (_, g, c, d), n in expected.items()
                         if (g, c, d) == (grade, category, device)) for grade in grades]  # fmt: skip
            assert list(table[(category, device)]) == [*cells, sum(cells)]
        sub = [sum(n for (_, g, c, _), n in expected.items() if (g, c) == (grade, category))
               for grade in grades]  # fmt: skip
        assert list(table[(category, "Cộng")]) == [*sub, sum(sub)]
    total = sum(c.count for c in counts)
    assert unit[-2][0] == "Tổng cộng" and unit[-2][-1] == total
    assert unit[-1][-1] == sum(c.count for c in counts if c.category != 4)
    assert f"tổng số {total} học sinh" in doc.subtitle
    bold = {r.values[0] for r in doc.rows if r.bold}
    assert "Tổng cộng" in bold and all(k in bold for k in found)


def test_an_empty_unit_still_gives_a_whole_signed_report():
    doc = reports.needs_report(district(), [], DAY)
    assert doc.columns == ("Diện đối tượng", "Thiết bị đề nghị", "Tổng")
    assert doc.rows[-2].values == ("Tổng cộng", "", 0)
    text = pdf_text(pdf_bytes(doc))
    assert "TRƯỞNG PHÒNG" in text and "Tổng cộng" in text
    assert load_workbook(io.BytesIO(workbook_bytes(doc))).active is not None


# --- 4.8.3 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_the_receipts_report_matches_a_count_of_the_lines(seed):
    lines = random_receipts(seed, schools=2 + seed % 4)
    lines.append(lines[-1])  # the same donor twice at a school: one row, added up
    doc = reports.receipts_report(district(), lines, DAY)
    sources = codelist("source")
    assert doc.columns == ("STT", "Trường / Nguồn", "Nhà tài trợ", "Số đợt",
                           "Số thiết bị tiếp nhận", "Đã bàn giao", "Chưa bàn giao")  # fmt: skip
    rows = [r.values for r in doc.rows]

    def sums(chosen: list[ReceiptLine]) -> tuple[int, int, int, int]:
        b = d = h = 0
        for line in chosen:
            b, d, h = b + line.batches, d + line.devices, h + line.handed_over
        return (b, d, h, d - h)

    names = sorted({x.school_name for x in lines})
    headings = [r for r in doc.rows if r.bold and str(r.values[0]).isdigit()]
    assert [r.values[1] for r in headings] == [
        n for n in sorted(names, key=search_key)]  # fmt: skip
    for number, row in enumerate(headings, start=1):
        name = row.values[1]
        assert row.values[0] == str(number)
        assert row.values[3:] == sums([x for x in lines if x.school_name == name])
        details = [r for r in rows if str(r[0]).startswith(f"{number}.")]
        pairs = {(x.source, x.donor) for x in lines if x.school_name == name}
        assert len(details) == len(pairs)
        for r in details:
            (source,) = [code for code, label in sources.items() if label == r[1]]
            assert r[3:] == sums([x for x in lines
                                  if (x.school_name, x.source, x.donor) == (name, source, r[2])])  # fmt: skip
    for code, label in sources.items():
        mine = [x for x in lines if x.source == code]
        source_rows = [r for r in doc.rows if r.bold and r.values[1] == label]
        if mine:
            assert [r.values[3:] for r in source_rows] == [sums(mine)]
    assert rows[-1][1] == "Tổng cộng" and rows[-1][3:] == sums(lines)


# --- handover progress ------------------------------------------------------------------------


def test_the_progress_report_states_each_batch_against_its_deadlines():
    def batch(code: str, days_ago: int, devices: int, within_5: int, within_7: int):
        return ProgressLine("66001", "Trường TH Ea Tu", code, DAY - timedelta(days=days_ago),
                            devices, within_7, within_5, within_7, None)  # fmt: skip

    lines = [
        batch("A", 5, 10, 4, 4),  # due today: not yet late
        batch("B", 6, 10, 9, 10),  # due yesterday, one device after 5 days: late
        batch("C", 20, 10, 10, 10),  # all within 5 days: on time
        batch("D", 1, 10, 0, 0),  # received yesterday
        batch("E", 30, 0, 0, 0),  # nothing to hand over
    ]
    doc = reports.progress_report(district(), lines, DAY)
    by_batch = {r.values[2]: r.values for r in doc.rows if not r.bold}
    states = {code: values[-1] for code, values in by_batch.items()}
    assert states == {"A": "Chưa đến hạn", "B": "Trễ hạn", "C": "Đúng hạn", "D": "Chưa đến hạn",
                      "E": "Đúng hạn"}  # fmt: skip
    for line in lines:
        values = by_batch[line.batch_code]
        five = line.received_date + timedelta(days=5)
        seven = line.received_date + timedelta(days=7)
        assert values[3] == line.received_date.strftime("%d/%m/%Y")
        assert values[4:] == (line.devices, line.handed_over, line.handed_within_5,
                              f"{five.day:02d}/{five.month:02d}/{five.year}",
                              line.handed_within_7,
                              f"{seven.day:02d}/{seven.month:02d}/{seven.year}",
                              values[-1])  # fmt: skip
    # oldest first, numbered
    assert [r.values[2] for r in doc.rows[:-1]] == ["E", "C", "B", "A", "D"]
    assert [r.values[0] for r in doc.rows[:-1]] == [1, 2, 3, 4, 5]
    total = doc.rows[-1]
    assert total.bold and total.values[1] == "Tổng cộng" and total.values[2] == "5 đợt"
    assert total.values[4:7] == (40, 24, 23) and total.values[8] == 24
    assert total.values[-1] == "1 trễ hạn"
    assert any("2 đợt đúng hạn, 2 đợt chưa đến hạn, 1 đợt trễ hạn" in n for n in doc.notes)
    assert doc.landscape


# --- Excel ------------------------------------------------------------------------------------


def sheet_texts(ws) -> list[str]:
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def test_the_excel_file_is_the_ministry_layout_with_the_units_header_and_signer():
    counts = random_counts(1, schools=3)
    doc = reports.needs_report(district(), counts, DAY)
    wb = load_workbook(io.BytesIO(workbook_bytes(doc)))
    ws = wb.active
    texts = sheet_texts(ws)
    for expected in ("UBND HUYỆN KRÔNG BÔNG", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     doc.title, doc.subtitle, "NGƯỜI LẬP BIỂU", "TRƯỞNG PHÒNG", "Y Bhim Niê",
                     "Krông Bông, ngày 06 tháng 12 năm 2026", *doc.notes):  # fmt: skip
        assert expected in texts, expected
    assert texts.index("UBND HUYỆN KRÔNG BÔNG") < texts.index(doc.title) < texts.index(
        "Diện đối tượng") < texts.index("TRƯỞNG PHÒNG")  # fmt: skip
    # the table: its header row repeated on every page, then every row with its values
    header_row = next(r for r in ws.iter_rows() if r[0].value == "Diện đối tượng")
    number = header_row[0].row
    assert tuple(c.value for c in header_row[: len(doc.columns)]) == doc.columns
    assert ws.print_title_rows == f"${number}:${number}"
    table = [tuple(c.value for c in row[: len(doc.columns)])
             for row in ws.iter_rows(min_row=number + 1, max_row=number + len(doc.rows))]  # fmt: skip
    assert table == [tuple(v if v != "" else None for v in r.values) for r in doc.rows]
    total_row = number + [r.values[0] for r in doc.rows].index("Tổng cộng") + 1
    assert ws.cell(total_row, len(doc.columns)).value == sum(c.count for c in counts)
    assert ws.cell(total_row, 1).font.b and not ws.cell(number + 2, 1).font.b
    # A4, the decree's margins, landscape for nine grades
    assert str(ws.page_setup.paperSize) == "9"  # A4
    assert ws.page_setup.orientation == ("landscape" if doc.landscape else "portrait")
    assert round(ws.page_margins.left * 25.4) == 30 and round(ws.page_margins.right * 25.4) == 15
    assert round(ws.page_margins.top * 25.4) == 20 and round(ws.page_margins.bottom * 25.4) == 20


def test_a_provinces_excel_file_is_signed_by_the_director():
    header = reports.unit_header(viewer("Sở GD&ĐT Đắk Lắk", "province"))
    doc = reports.receipts_report(header, random_receipts(2), DAY)
    texts = sheet_texts(load_workbook(io.BytesIO(workbook_bytes(doc))).active)
    assert "GIÁM ĐỐC" in texts and "UBND TỈNH ĐẮK LẮK" in texts
    assert "Đắk Lắk, ngày 06 tháng 12 năm 2026" in texts and DONOR in texts


# --- PDF --------------------------------------------------------------------------------------


def pdf_pages(data: bytes) -> list[str]:
    return [nfc(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    return "\n".join(pdf_pages(data))


def test_every_vietnamese_letter_of_the_pdf_comes_back_out():
    header = district()
    lines = [*random_receipts(4), ReceiptLine("66999", "Trường PTDTBT THCS Đắk Phơi",
                                              "4.8.3.2", DONOR, 1, 5, 3)]  # fmt: skip
    text = pdf_text(pdf_bytes(reports.receipts_report(header, lines, DAY)))
    for expected in ("UBND HUYỆN KRÔNG BÔNG", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "BÁO CÁO TỔNG HỢP TIẾP NHẬN VÀ BÀN GIAO THIẾT BỊ", DONOR,
                     "Trường PTDTBT THCS Đắk Phơi", "Nguồn khác", "Bộ GDĐT phân bổ",
                     "NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)", "TRƯỞNG PHÒNG", "(Ký tên, đóng dấu)",
                     "Y Bhim Niê", "Krông Bông, ngày 06 tháng 12 năm 2026"):  # fmt: skip
        assert expected in text, expected
    needs = pdf_text(pdf_bytes(reports.needs_report(header, random_counts(0), DAY)))
    for expected in ("Hộ nghèo", "Hộ cận nghèo", "Cha/mẹ tử vong do COVID-19", "Khó khăn khác",
                     "Máy tính xách tay", "Điện thoại thông minh", "Trong đó: diện hỗ trợ"):  # fmt: skip
        assert expected in needs, expected
    province = reports.unit_header(viewer("Sở GD&ĐT Đắk Lắk", "province"))
    assert "GIÁM ĐỐC" in pdf_text(pdf_bytes(reports.progress_report(province, [], DAY)))


def test_the_pdf_is_a4_with_the_fonts_embedded():
    data = pdf_bytes(reports.receipts_report(district(), random_receipts(1), DAY))
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
    assert len(fonts) >= 3  # regular, bold, italic
    for font in fonts:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor and "LiberationSerif" in str(font["/BaseFont"])
    wide = PdfReader(io.BytesIO(pdf_bytes(reports.progress_report(district(), [], DAY))))
    box = wide.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def test_a_long_pdf_grows_by_pages_repeats_its_header_and_numbers_pages_from_two():
    short = pdf_pages(pdf_bytes(reports.progress_report(district(), progress_lines(5), DAY)))
    long = pdf_pages(pdf_bytes(reports.progress_report(district(), progress_lines(90), DAY)))
    assert len(short) == 1 and len(long) >= 3
    assert "Ngày nhận" in short[0] and "Tổng cộng" in short[0] and "TRƯỞNG PHÒNG" in short[0]
    for number, page in enumerate(long, start=1):
        lines = page.splitlines()
        if number == 1:
            assert lines[0] == "UBND HUYỆN KRÔNG BÔNG"
        else:
            assert lines[0] == str(number)  # the page number, at the top
            assert "Ngày nhận" in page and "Tình trạng" in page  # the header row, repeated
    assert "TRƯỞNG PHÒNG" in long[-1] and all("TRƯỞNG PHÒNG" not in p for p in long[:-1])


@pytest.mark.parametrize("kind", ["progress", "receipts"])
def test_the_closing_never_prints_alone_on_a_page(kind):
    """Whatever the table's length, the page with the signatures also has the table's end."""
    moved = 0
    for count in range(8, 48, 3):
        if kind == "progress":
            doc = reports.progress_report(district(), progress_lines(count), DAY)
        else:
            lines = [ReceiptLine(f"66{i:03d}", f"Trường số {i}", "4.8.3.2", DONOR, 1, 3, 1)
                     for i in range(count // 2)]  # fmt: skip
            doc = reports.receipts_report(district(), lines, DAY)
        pages = pdf_pages(pdf_bytes(doc))
        (signed,) = [p for p in pages if "TRƯỞNG PHÒNG" in p]
        assert signed is pages[-1] and "Tổng cộng" in signed, count
        assert "Krông Bông, ngày 06 tháng 12 năm 2026" in signed
        _, together = report_pdf._render(doc, None)
        moved += not together  # without moving the last rows, the closing would be alone
    assert moved > 0  # some length did bring the closing onto a page of its own


# --- printed by a spreadsheet program ---------------------------------------------------------


@pytest.mark.render
def test_the_excel_reports_print_on_a4_with_their_header_signer_and_totals(
    tmp_path, soffice, poppler
):
    header = district()
    docs = [
        reports.needs_report(header, random_counts(5, schools=6), DAY),
        reports.receipts_report(header, random_receipts(5, schools=6), DAY),
        reports.progress_report(header, progress_lines(60), DAY),
    ]
    files = []
    for doc in docs:
        target = tmp_path / f"{doc.kind}.xlsx"
        target.write_bytes(workbook_bytes(doc))
        files.append(target)
    printed = soffice.to_pdf(files, tmp_path / "pdf")
    for doc, pdf in zip(docs, printed, strict=True):
        sizes = poppler.page_sizes(pdf)
        expected = (842, 595) if doc.landscape else (595, 842)
        assert all((round(w), round(h)) == expected for w, h in sizes), doc.kind
        pages = [nfc(p) for p in poppler.page_texts(pdf, layout=False)]
        assert len(pages) > 1, doc.kind  # these tables are long enough to need pages
        assert "UBND HUYỆN KRÔNG BÔNG" in pages[0] and "CỘNG HÒA XÃ HỘI" in pages[0]
        assert " ".join(doc.title.split()[:4]) in " ".join(pages[0].split())
        assert doc.columns[1] in pages[1]  # the header row, repeated on page 2
        signed = [i for i, p in enumerate(pages) if "TRƯỞNG PHÒNG" in p]
        assert signed == [len(pages) - 1], doc.kind
        assert "Tổng cộng" in pages[-1]  # the closing is with the table's end
        assert "Krông Bông, ngày 06 tháng 12 năm 2026" in " ".join(pages[-1].split())
        assert all(p.strip() for p in pages)
    assert poppler.render(printed[0], tmp_path / "png", dpi=30)


# --- from the server's own figures ------------------------------------------------------------


def test_the_units_reports_are_built_from_what_its_schools_sent(sync_server: ServerThread):
    """A school sends its needs, a batch and a handover over HTTP; the district approves; the
    three reports show exactly that, and only for the district's own schools."""
    store = sync_server.store
    accounts.add_unit(store, "P66", name="Sở GD&ĐT Đắk Lắk")
    accounts.add_unit(store, "D1", name="Phòng GD&ĐT huyện Krông Bông", parent="P66")
    accounts.add_unit(store, "D2", name="Phòng GD&ĐT huyện Lắk", parent="P66")
    auth.add_school(store, "S1", name="Trường THCS Lê Lợi", username="clerk", password=PASSWORD,
                    unit="D1", level="THCS")  # fmt: skip
    auth.add_school(store, "S2", name="Trường THCS Yang Mao", username="clerk", password=PASSWORD,
                    unit="D2", level="THCS")  # fmt: skip
    accounts.add_user(store, "lan", full_name="Nguyễn Thị Lan", role="reviewer", unit="D1",
                      password=PASSWORD)  # fmt: skip
    accounts.add_user(store, "so", full_name="Trần Văn Sở", role="admin", unit="P66",
                      password=PASSWORD)  # fmt: skip
    received = DAY - timedelta(days=6)
    sent = {"S1": [("A1", 6, 1, "laptop"), ("A2", 6, 2, "tablet"), ("A3", 7, 1, "laptop"),
                   ("A4", 8, 4, "smartphone")],
            "S2": [("B1", 9, 3, "desktop")]}  # fmt: skip
    for school, students in sent.items():
        api = SchoolApi(
            sync_server.url, school, login(sync_server.url, school).json()["access_token"]
        )
        changes, ids = [], {}
        for code, grade, category, device in students:
            student = change("student", code=code, full_name=f"Học sinh {code}", grade=grade,
                             class_name=f"{grade}A")  # fmt: skip
            ids[code] = student["entity_id"]
            changes += [student, change("need", student_id=student["entity_id"],
                                        survey_round="2026-H2", category=category,
                                        requested_device=device, has_device=0,
                                        status="proposed")]  # fmt: skip
        donor = change("donor", name=DONOR, donor_type="company")
        batch = change("donation_batch", code=f"DOT-{school}", source="4.8.3.2",
                       donor_id=donor["entity_id"], received_date=received.isoformat())  # fmt: skip
        devices = [change("device", batch_id=batch["entity_id"], device_type="laptop")
                   for _ in range(4)]  # fmt: skip
        handed = change("handover", device_id=devices[0]["entity_id"],
                        student_id=ids[students[0][0]], kind="handover",
                        event_date=(received + timedelta(days=2)).isoformat(),
                        recorded_on=(received + timedelta(days=2)).isoformat())  # fmt: skip
        results = api.send([*changes, donor, batch, *devices, handed])
        assert all(r["status"] == "accepted" for r in results), results
    with store.connect() as conn:
        lan, so = scope.load_viewer(conn, "lan"), scope.load_viewer(conn, "so")
    review.decide(store, lan, "S1", ["A1", "A2", "A4"], approve=True)
    review.decide(store, lan, "S1", ["A3"], approve=False, comment="Thiếu giấy xác nhận")

    needs = reports.build_report("needs", store, lan, DAY)
    assert needs.header.agency_above == "UBND HUYỆN KRÔNG BÔNG"
    assert needs.header.signer_title == "TRƯỞNG PHÒNG"
    (school,) = [r.values for r in needs.rows if str(r.values[0]).endswith("Trường THCS Lê Lợi")]
    assert needs.columns[2:] == ("Khối 6", "Khối 8", "Tổng")  # A3 (grade 7) was returned
    assert school[2:] == (2, 1, 3)
    assert not any("Yang Mao" in str(r.values[0]) for r in needs.rows)
    assert needs.rows[-2].values == ("Tổng cộng", "", 2, 1, 3)
    assert needs.rows[-1].values[2:] == (2, 0, 2)  # the smartphone is category 4

    receipts = reports.build_report("receipts", store, lan, DAY)
    assert receipts.rows[0].values == ("1", "Trường THCS Lê Lợi", "", 1, 4, 1, 3)
    assert receipts.rows[1].values == ("1.1", "Nguồn khác", DONOR, 1, 4, 1, 3)
    assert receipts.rows[-1].values == ("", "Tổng cộng", "", 1, 4, 1, 3)

    progress = reports.build_report("progress", store, so, DAY)  # the province: both schools
    assert progress.header.signer_title == "GIÁM ĐỐC"
    assert progress.header.agency_above == "UBND TỈNH ĐẮK LẮK"
    assert [r.values[1:] for r in progress.rows[:-1]] == [
        (name, f"DOT-{code}", received.strftime("%d/%m/%Y"), 4, 1, 1,
         (received + timedelta(days=5)).strftime("%d/%m/%Y"), 1,
         (received + timedelta(days=7)).strftime("%d/%m/%Y"), "Trễ hạn")
        for code, name in (("S1", "Trường THCS Lê Lợi"), ("S2", "Trường THCS Yang Mao"))
    ]  # fmt: skip
    with pytest.raises(NotFound):
        reports.build_report("students", store, lan, DAY)

    for doc in (needs, receipts, progress):
        assert doc.title in pdf_text(pdf_bytes(doc)).replace("\n", " ")
        assert doc.title in sheet_texts(load_workbook(io.BytesIO(workbook_bytes(doc))).active)
