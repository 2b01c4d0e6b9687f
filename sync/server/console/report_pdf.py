"""A consolidated report as a PDF in the layout of Decree 30/2020/NĐ-CP: A4 (landscape for a wide
table), margins top 20, bottom 20, left 30, right 15 mm; the issuing unit's header on the left
and the national motto on the right; the title in bold capitals; the table with its header
repeated on every page; page numbers from page 2, centred at the top; the place and date line
and the signature block, never alone on a page.

Set in the bundled Liberation Serif (metric-compatible with Times New Roman, every Vietnamese
letter), embedded in the file: the district office's PC needs no font of its own to print it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from fpdf import FPDF

from desktop_app.core.resources import resource_path
from sync.server.console.model import ReportDocument, ReportRow

FAMILY = "LiberationSerif"
FONT_FILES = {
    "": "LiberationSerif-Regular.ttf",
    "B": "LiberationSerif-Bold.ttf",
    "I": "LiberationSerif-Italic.ttf",
    "BI": "LiberationSerif-BoldItalic.ttf",
}
MARGIN_MM = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}
PAGE_NUMBER_Y = 10.0  # the page number sits in the top margin
BODY_PT = 13.0
TABLE_PT = 12.0
HEADER_PT = 12.0  # the agency header and the motto
TITLE_PT = 14.0
SIGNING_SPACE_MM = 22.0  # room to sign and for the seal
KEPT_ROWS = 3  # the table's rows that go with the closing to its page
HEADING_FILL = (221, 235, 247)

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_SUB = "Độc lập - Tự do - Hạnh phúc"
SIGN_NAME = "(Ký, ghi rõ họ tên)"
SIGN_SEAL = "(Ký tên, đóng dấu)"


@cache
def font_paths() -> dict[str, Path]:
    """The bundled font files by style, as the desktop application's printing finds them."""
    paths = {style: resource_path("fonts", name) for style, name in FONT_FILES.items()}
    missing = [p.name for p in paths.values() if not p.is_file()]
    if missing:
        raise FileNotFoundError(
            f"Không tìm thấy phông chữ {', '.join(missing)}; hãy cài đặt lại. / "
            "The bundled fonts are missing; reinstall."
        )
    return paths


def _text(value: str | int) -> str:
    return unicodedata.normalize("NFC", str(value))


class _Report(FPDF):
    """A4 with the decree's margins and the page number (from page 2) centred at the top."""

    def __init__(self, landscape: bool) -> None:
        super().__init__(orientation="L" if landscape else "P", unit="mm", format="A4")
        for style, path in font_paths().items():
            self.add_font(FAMILY, style, str(path))
        self.set_margins(MARGIN_MM["left"], MARGIN_MM["top"], MARGIN_MM["right"])
        self.set_auto_page_break(True, margin=MARGIN_MM["bottom"])
        self.set_font(FAMILY, "", BODY_PT)

    def header(self) -> None:
        if self.page_no() < 2:
            return
        self.set_font(FAMILY, "", BODY_PT)
        self.set_y(PAGE_NUMBER_Y)
        self.cell(0, 5, str(self.page_no()), align="C", new_x="LEFT", new_y="NEXT")
        self.set_y(MARGIN_MM["top"])

    def line_mm(self, size_pt: float) -> float:
        return size_pt * 1.25 * 25.4 / 72


def _letterhead(pdf: _Report, doc: ReportDocument) -> None:
    """The unit's header on the left (the agency above it, its own name in bold with a short
    rule under it) and the national motto on the right (its second line underlined)."""
    width = pdf.epw
    pdf.set_font(FAMILY, "B", HEADER_PT)
    right = max(pdf.get_string_width(MOTTO) + 6, width * 0.5)
    left = width - right
    top = pdf.get_y()
    x0 = pdf.l_margin
    line = pdf.line_mm(HEADER_PT)
    header = doc.header
    pdf.set_xy(x0, top)
    if header.agency_above:
        pdf.set_font(FAMILY, "", HEADER_PT)
        pdf.multi_cell(
            left, line, _text(header.agency_above), align="C", new_x="LEFT", new_y="NEXT"
        )
        pdf.set_x(x0)
    pdf.set_font(FAMILY, "B", HEADER_PT)
    pdf.multi_cell(left, line, _text(header.agency), align="C", new_x="LEFT", new_y="NEXT")
    rule = min(pdf.get_string_width(_text(header.agency)), left) / 3
    left_bottom = pdf.get_y() + 1
    pdf.line(x0 + (left - rule) / 2, left_bottom, x0 + (left + rule) / 2, left_bottom)
    pdf.set_xy(x0 + left, top)
    pdf.multi_cell(right, line, MOTTO, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_x(x0 + left)
    pdf.set_font(FAMILY, "B", HEADER_PT + 1)
    pdf.multi_cell(right, line, MOTTO_SUB, align="C", new_x="LEFT", new_y="NEXT")
    sub = pdf.get_string_width(MOTTO_SUB)
    right_bottom = pdf.get_y() + 0.5
    middle = x0 + left + right / 2
    pdf.line(middle - sub / 2, right_bottom, middle + sub / 2, right_bottom)
    pdf.set_xy(x0, max(left_bottom, right_bottom) + 6)


def _title(pdf: _Report, doc: ReportDocument) -> None:
    pdf.set_font(FAMILY, "B", TITLE_PT)
    pdf.multi_cell(
        0, pdf.line_mm(TITLE_PT), _text(doc.title).upper(), align="C", new_x="LEFT", new_y="NEXT"
    )
    if doc.subtitle:
        pdf.set_font(FAMILY, "I", BODY_PT)
        pdf.multi_cell(
            0, pdf.line_mm(BODY_PT), _text(doc.subtitle), align="C", new_x="LEFT", new_y="NEXT"
        )
    pdf.ln(3)


PAD_X, PAD_Y = 1.0, 0.6  # inside a table cell, mm


def _lines(pdf: _Report, text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """``text`` broken into the lines that fit ``width`` in the current font (most cells are
    one short line: measured, not broken)."""
    if "\n" not in text and measure(text) <= width:
        return [text]
    broken = pdf.multi_cell(width, 1, text, dry_run=True, output="LINES")
    assert isinstance(broken, list)
    return [str(line) for line in broken] or [""]


class _Table:
    """The table drawn cell by cell: each row as high as its tallest cell, never split across
    pages, and the header row drawn again at the top of every page the table runs onto."""

    def __init__(self, pdf: _Report, doc: ReportDocument) -> None:
        self.pdf = pdf
        total = sum(doc.widths) or 1.0
        self.widths = [pdf.epw * w / total for w in doc.widths]
        self.aligns = [a[0].upper() for a in doc.align]
        self.line = pdf.line_mm(TABLE_PT)
        self._measured: dict[tuple[str, str], float] = {}
        self.heading = self._layout([_text(c) for c in doc.columns], bold=True)

    def _width(self, text: str) -> float:
        """The text's width in the current font, each string measured once (a report repeats
        the same figures and names thousands of times)."""
        key = (self.pdf.font_style, text)
        width = self._measured.get(key)
        if width is None:
            width = self._measured[key] = self.pdf.get_string_width(text)
        return width

    def _layout(self, texts: Sequence[str], *, bold: bool) -> tuple[list[list[str]], bool, float]:
        pdf = self.pdf
        pdf.set_font(FAMILY, "B" if bold else "", TABLE_PT)
        cells = [_lines(pdf, t, w - 2 * PAD_X, self._width)
                 for t, w in zip(texts, self.widths, strict=True)]  # fmt: skip
        height = max(len(c) for c in cells) * self.line + 2 * PAD_Y
        return cells, bold, height

    def _draw(self, laid: tuple[list[list[str]], bool, float], *, heading: bool = False) -> None:
        pdf = self.pdf
        cells, bold, height = laid
        pdf.set_font(FAMILY, "B" if bold else "", TABLE_PT)
        x, y = pdf.l_margin, pdf.get_y()
        if heading:
            pdf.set_fill_color(*HEADING_FILL)
        # Each line placed with text() where cell() would put it: cell() lays every string out
        # as styled text (about ten times slower), and a province's report has 100,000 cells.
        margin, lift = pdf.c_margin, 0.5 * self.line + 0.3 * pdf.font_size
        for index, (lines, width) in enumerate(zip(cells, self.widths, strict=True)):
            pdf.rect(x, y, width, height, style="DF" if heading else "D")
            align = "C" if heading else self.aligns[index]
            top = y + (height - len(lines) * self.line) / 2
            room = width - 2 * PAD_X
            for number, line in enumerate(lines):
                if not line:
                    continue
                spare = room - self._width(line)
                dx = spare - margin if align == "R" else spare / 2 if align == "C" else margin
                pdf.text(x + PAD_X + dx, top + number * self.line + lift, line)
            x += width
        pdf.set_xy(pdf.l_margin, y + height)

    def rows(self, rows: Sequence[ReportRow]) -> int:
        """Draw ``rows`` under the header row; returns how many are on the last page."""
        pdf = self.pdf
        if pdf.get_y() + self.heading[2] + self.line + 2 * PAD_Y > pdf.page_break_trigger:
            pdf.add_page()
        self._draw(self.heading, heading=True)
        on_page = 0
        for row in rows:
            laid = self._layout([_text(v) for v in row.values], bold=row.bold)
            if pdf.get_y() + laid[2] > pdf.page_break_trigger:
                pdf.add_page()
                self._draw(self.heading, heading=True)
                on_page = 0
            self._draw(laid)
            on_page += 1
        return on_page


def _table(pdf: _Report, doc: ReportDocument, rows: Sequence[ReportRow]) -> int:
    """The table, its header row repeated at the top of every page it runs onto; returns how
    many rows are on its last page."""
    return _Table(pdf, doc).rows(rows)


def _closing(pdf: _Report, doc: ReportDocument) -> None:
    """The notes under the table, the place and date over the head's column, and the signature
    block: the clerk on the left, the head on the right."""
    header = doc.header
    pdf.ln(3)
    pdf.set_x(pdf.l_margin)
    if doc.notes:
        pdf.set_font(FAMILY, "I", TABLE_PT)
        for note in doc.notes:
            pdf.multi_cell(
                0, pdf.line_mm(TABLE_PT), _text(note), align="L", new_x="LEFT", new_y="NEXT"
            )
        pdf.ln(2)
    half = pdf.epw / 2
    x0 = pdf.l_margin
    line = pdf.line_mm(BODY_PT)
    day = doc.day
    # the date line and both signatures stay together: on this page or all on the next
    if pdf.get_y() + 4 * line + SIGNING_SPACE_MM > pdf.page_break_trigger:
        pdf.add_page()
    pdf.set_font(FAMILY, "I", BODY_PT)
    pdf.set_x(x0 + half)
    date_line = f"{_text(header.place)}, ngày {day:%d} tháng {day:%m} năm {day.year}"
    pdf.multi_cell(half, line, date_line, align="C", new_x="LEFT", new_y="NEXT")
    top = pdf.get_y()
    columns = (
        (x0, header.prepared_by, SIGN_NAME, ""),
        (x0 + half, header.signer_title, SIGN_SEAL, header.signer_name),
    )
    bottom = top
    for x, title, hint, name in columns:
        pdf.set_xy(x, top)
        pdf.set_font(FAMILY, "B", BODY_PT)
        pdf.multi_cell(half, line, _text(title), align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_x(x)
        pdf.set_font(FAMILY, "I", BODY_PT)
        pdf.multi_cell(half, line, hint, align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_xy(x, pdf.get_y() + SIGNING_SPACE_MM)
        pdf.set_font(FAMILY, "B", BODY_PT)
        pdf.multi_cell(half, line, _text(name), align="C", new_x="LEFT", new_y="NEXT")
        bottom = max(bottom, pdf.get_y())
    pdf.set_xy(x0, bottom)


def _render(doc: ReportDocument, cut: int | None) -> tuple[_Report, bool]:
    """The document, the table broken before row ``cut`` onto a new page when given; and
    whether the closing printed on the page of the table's last rows (at least ``KEPT_ROWS``
    of them, or the whole table when shorter)."""
    pdf = _Report(doc.landscape)
    pdf.set_title(_text(doc.title))
    pdf.set_creator("Sóng và máy tính cho em")
    pdf.add_page()
    _letterhead(pdf, doc)
    _title(pdf, doc)
    if cut is None:
        last_rows = _table(pdf, doc, doc.rows)
    else:
        _table(pdf, doc, doc.rows[:cut])
        pdf.add_page()
        last_rows = _table(pdf, doc, doc.rows[cut:])
    table_page = pdf.page_no()
    _closing(pdf, doc)
    enough = last_rows >= min(KEPT_ROWS, len(doc.rows))
    return pdf, pdf.page_no() == table_page and enough


def pdf_bytes(doc: ReportDocument) -> bytes:
    """The report's PDF, fonts embedded, ready to download or print."""
    pdf, together = _render(doc, None)
    if not together and len(doc.rows) > 1:
        pdf, _ = _render(doc, max(1, len(doc.rows) - KEPT_ROWS))
    return bytes(pdf.output())
