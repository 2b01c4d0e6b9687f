"""Minutes on paper: the PDF holds exactly the Vietnamese text (read back with pypdf), on A4 with
the minutes' margins, each set from a new page, page numbers from page 2, the bundled font."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QRawFont, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from sqlite_utils import Database
from test_minutes import STUDENTS, build_handovers

from desktop_app.core.jobs import Cancelled
from desktop_app.core.minutes import MinutesDocument, handover_minutes, receipt_minutes
from desktop_app.core.resources import resource_path
from desktop_app.printing import FAMILY, ensure_gui_application, paint_documents, write_pdf
from desktop_app.printing.fonts import font_paths
from desktop_app.printing.preview import preview_dialog

MM = 72 / 25.4
A4 = (595.28, 841.89)
LEFT, TOP, RIGHT = 30 * MM, 20 * MM, 15 * MM
ASCENT = 0.891  # Liberation Serif's ascent, in ems


@pytest.fixture(autouse=True)
def application(qapp: Any) -> Any:
    return qapp


@pytest.fixture
def handed_over(db: Database, tmp_path: Path) -> Database:
    build_handovers(db, tmp_path)
    return db


@dataclass(frozen=True)
class Run:
    text: str
    x: float  # left end of the baseline, in PDF points from the page's bottom-left corner
    y: float  # baseline
    size: float  # font size in points
    font: str


def runs(page: Any) -> list[Run]:
    """Every piece of text on a PDF page with where it starts and how big it is."""
    found: list[Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text.strip():
            return
        a, b, c, d, e, f = cm
        x = tm[4] * a + tm[5] * c + e
        y = tm[4] * b + tm[5] * d + f
        scale = abs(tm[3] * d) or abs(tm[0] * a)
        found.append(Run(text, x, y, size * scale, str(font.get("/BaseFont", "")) if font else ""))

    page.extract_text(visitor_text=visit)
    return found


def squeeze(text: str) -> str:
    """Text compared letter by letter: NFC, no white space at all (PDF extraction decides
    spaces from gaps, and justified lines have wide ones)."""
    return "".join(unicodedata.normalize("NFC", text).split())


def plain_text(document: MinutesDocument) -> str:
    text = QTextDocument()
    text.setHtml(document.html)
    return text.toPlainText()


def long_template(folder: Path) -> Path:
    """The bundled handover template with a second page's worth of commitments."""
    bundled = resource_path("minutes", "handover.html").read_text(encoding="utf-8")
    extra = "".join(
        f'<p class="body" align="justify">Điều {n}. Gia đình học sinh giữ gìn thiết bị, không '
        "để thiết bị ở nơi ẩm ướt, không tự ý tháo lắp, sửa chữa; khi thiết bị hỏng báo ngay cho "
        "giáo viên chủ nhiệm để nhà trường liên hệ bảo hành.</p>"
        for n in range(1, 11)
    )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "handover.html").write_text(
        bundled.replace("<p class=\"body\" align=\"justify\">Biên bản được lập", extra
                        + "<p class=\"body\" align=\"justify\">Biên bản được lập"),
        encoding="utf-8",
    )  # fmt: skip
    return folder


def test_the_pdf_holds_exactly_the_vietnamese_text(handed_over, tmp_path):
    documents = handover_minutes(handed_over, all_students=True)
    pdf = tmp_path / "bien-ban.pdf"
    assert write_pdf(documents, pdf) == len(STUDENTS)
    reader = PdfReader(pdf)
    assert len(reader.pages) == len(STUDENTS)
    for page, document in zip(reader.pages, documents, strict=True):
        extracted = page.extract_text()
        assert "\ufffd" not in extracted  # no unmapped glyph
        assert squeeze(extracted) == squeeze(plain_text(document))
    first = " ".join(unicodedata.normalize("NFC", reader.pages[0].extract_text()).split())
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Ea Tu, ngày 06 tháng 01 năm 2022",
        "Bàn giao thiết bị học tập trực tuyến",
        "Chương trình “Sóng và máy tính cho em”",
        "Hôm nay, ngày 06 tháng 01 năm 2022, tại Trường THCS Ea Tu, chúng tôi gồm:",
        "Nguyễn Thị Ngọc Ánh",
        "Biên bản được lập thành 02 bản, mỗi bên giữ 01 bản, có giá trị như nhau.",
        "ĐẠI DIỆN BÊN NHẬN (Ký, ghi rõ họ tên) Nguyễn Thị Ngọc Ánh ĐẠI DIỆN BÊN GIAO",
        "HIỆU TRƯỞNG (Ký tên, đóng dấu) Y Bhim Niê",
    ]:
        assert expected in first
    names = [squeeze(page.extract_text()) for page in reader.pages]
    for name, page_text in zip(
        ["NguyễnThịNgọcÁnh", "ĐặngQuốcHuy", "LườngVănƯớc", "HồThịThuỷ"], names, strict=True
    ):
        assert name in page_text
    assert reader.metadata is not None
    assert reader.metadata.title == "Biên bản bàn giao thiết bị (4 bộ)"


def test_only_the_bundled_font_is_embedded(handed_over, tmp_path):
    """A missing glyph would make Qt fall back to another font; none appears."""
    pdf = tmp_path / "bien-ban.pdf"
    write_pdf(handover_minutes(handed_over, all_students=True), pdf)
    fonts = {run.font for page in PdfReader(pdf).pages for run in runs(page)}
    assert {f.split("+")[-1] for f in fonts} == {
        "/LiberationSerif", "/LiberationSerif-Bold", "/LiberationSerif-Italic",
    }  # fmt: skip


def test_a4_page_with_the_minutes_margins(handed_over, tmp_path):
    pdf = tmp_path / "bien-ban.pdf"
    write_pdf(handover_minutes(handed_over, student_codes=["HS000001"]), pdf)
    (page,) = PdfReader(pdf).pages
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert abs(width - A4[0]) <= 1 and abs(height - A4[1]) <= 1
    found = runs(page)
    left_most = min(run.x for run in found)
    top_most = max(run.y + ASCENT * run.size for run in found)
    assert abs(left_most - LEFT) < 2  # justified paragraphs' later lines start at the margin
    assert abs(top_most - (height - TOP)) < 2  # the header's first line touches the top margin
    bottom_most = min(run.y for run in found)
    assert bottom_most > 20 * MM  # nothing in the bottom margin


def test_page_numbers_from_page_two_of_each_set_centred_in_the_top_margin(handed_over, tmp_path):
    documents = handover_minutes(
        handed_over, student_codes=["HS000001", "HS000002", "HS000003"],
        template_dir=long_template(tmp_path / "minutes"),
    )  # fmt: skip
    pdf = tmp_path / "bien-ban.pdf"
    assert write_pdf(documents, pdf) == 6
    pages = PdfReader(pdf).pages
    centre = (LEFT + A4[0] - RIGHT) / 2
    for number, page in enumerate(pages):
        height = float(page.mediabox.height)
        in_margin = [run for run in runs(page) if run.y > height - TOP]
        if number % 2 == 0:  # the first page of a set: the header, no number
            assert in_margin == []
            first_line = page.extract_text().splitlines()[0]  # non-breaking spaces within names
            assert " ".join(first_line.split()) == "PHÒNG GD&ĐT TP. BUÔN MA THUỘT"
        else:
            (run,) = in_margin
            assert run.text.strip() == "2"
            assert abs(run.x + 3.25 - centre) < 3  # "2" is 6.5 pt wide at 13 pt
            assert run.y < height - 5 * MM


def test_each_student_starts_on_a_new_page(handed_over, tmp_path):
    documents = handover_minutes(handed_over, batch_code="DOT-01")[:3]
    pdf = tmp_path / "bien-ban.pdf"
    assert write_pdf(documents, pdf) == 3
    for page, name in zip(
        PdfReader(pdf).pages, ["Nguyễn Thị Ngọc Ánh", "Đặng Quốc Huy", "Lường Văn Ước"], strict=True
    ):
        found = runs(page)
        assert found[0].text.startswith("PHÒNG")
        assert squeeze(name) in squeeze(page.extract_text())


def test_the_receipt_table_repeats_its_header_on_every_page(handed_over, tmp_path):
    document = receipt_minutes(handed_over, "DOT-01")
    many = MinutesDocument(document.title, re.sub(
        r"(<tr>\s*<td class=\"cell\" align=\"center\">.*?</tr>)",
        lambda m: m.group(1) * 15, document.html, flags=re.DOTALL,
    ))  # fmt: skip
    pdf = tmp_path / "tiep-nhan.pdf"
    pages = write_pdf([many], pdf)
    assert pages >= 2
    for page in PdfReader(pdf).pages[1:]:
        assert "Số serial/IMEI" in page.extract_text().replace("\t", " ")


VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
VIETNAMESE_LETTERS = sorted(
    {
        unicodedata.normalize("NFC", base + tone)
        for vowel in VOWELS
        for base in (vowel, vowel.upper())
        for tone in TONES
    }
    - set("aeiouyAEIOUY")
    | {"đ", "Đ"}
)


def test_the_bundled_fonts_have_every_vietnamese_letter():
    assert len(VIETNAMESE_LETTERS) == 134
    assert all(len(letter) == 1 for letter in VIETNAMESE_LETTERS)  # all precomposed
    for path in font_paths():
        font = QRawFont(str(path), 13)
        assert font.isValid() and font.familyName() == FAMILY
        missing = [ch for ch in VIETNAMESE_LETTERS if not font.supportsCharacter(ord(ch))]
        assert missing == [], path.name


class RecordingJob:
    def __init__(self, cancel_after: int | None = None) -> None:
        self.progress: list[tuple[int, int]] = []
        self.cancel_after = cancel_after

    def set_progress(self, done: int, total: int, stage: str) -> None:
        self.progress.append((done, total))

    def is_cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.progress) >= self.cancel_after


def test_progress_is_reported_per_document(handed_over, tmp_path):
    job = RecordingJob()
    write_pdf(handover_minutes(handed_over, all_students=True), tmp_path / "a.pdf", job)
    assert job.progress == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]


def test_a_cancelled_pdf_leaves_no_file(handed_over, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(Cancelled):
        write_pdf(
            handover_minutes(handed_over, all_students=True), folder / "a.pdf",
            RecordingJob(cancel_after=2),
        )  # fmt: skip
    assert list(folder.iterdir()) == []


def test_a_printer_gets_the_same_pages(handed_over, tmp_path):
    documents = handover_minutes(handed_over, all_students=True)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    assert paint_documents(documents, printer) == 4
    write_pdf(documents, tmp_path / "writer.pdf")
    printed = [squeeze(p.extract_text()) for p in PdfReader(tmp_path / "printer.pdf").pages]
    written = [squeeze(p.extract_text()) for p in PdfReader(tmp_path / "writer.pdf").pages]
    assert printed == written


def test_the_preview_shows_one_page_per_student(handed_over):
    dialog = preview_dialog(handover_minutes(handed_over, all_students=True))
    widget = dialog.findChild(QPrintPreviewWidget)
    widget.updatePreview()
    assert widget.pageCount() == 4
    dialog.deleteLater()


def test_ensure_gui_application_reuses_the_running_one(qapp):
    assert ensure_gui_application() is qapp


def test_nothing_to_print_is_a_programming_error(tmp_path):
    with pytest.raises(ValueError, match="no documents"):
        write_pdf([], tmp_path / "empty.pdf")
    assert not (tmp_path / "empty.pdf").exists()
