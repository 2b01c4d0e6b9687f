"""How the application's workbooks print: as finished Vietnamese administrative documents.

Decree 30/2020/NĐ-CP gives the format: A4; margins top and bottom 20–25 mm, left 30–35 mm, right
15–20 mm; Times New Roman; the agency header (the parent agency above the school's name) on the
left and the national motto on the right; the title in capitals with their marks; the place and
date line ("Krông Bông, ngày 06 tháng 12 năm 2026") and the signature block (Người lập biểu /
Hiệu trưởng) at the end. A table prints one page wide (fit to width, as many pages down as it
needs), its header row repeated on every page.

A spreadsheet program cannot keep rows together, and fitting the width shrinks every font by
the same factor. So the page is laid out here: the scale is worked out from the column widths,
fonts are sized so that they print at the size the format asks (body text never under 10 pt),
every row's height is set from its wrapped text, and when the closing (date line and signatures)
would start a page of its own, a page break moves the table's last rows to its page.

Qt-free: every writer (the reports, the template exports, the error report) uses this module, so
the window and ``songmay`` write the very same files.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from desktop_app.core.messages import say
from desktop_app.core.minutes.values import place_name
from desktop_app.core.school import SchoolProfile, parent_agency_line

FONT_NAME = "Times New Roman"
MM = 1 / 25.4  # inches
# Decree 30/2020: top 20–25 mm, bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
MARGIN_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
HEADER_MM = 10  # the page number sits in the top margin
PAGE_PT = {"portrait": (595.28, 841.89), "landscape": (841.89, 595.28)}  # A4

# Printed sizes in points (the sheet's fonts are these divided by the print scale).
BODY_PT = 11.0  # a report's table
BODY_LIST_PT = 10.0  # a list of many columns (the exports): the smallest the format allows
AGENCY_PT = 12.0
MOTTO_PT = 12.0
TITLE_PT = 14.0
SUBTITLE_PT = 12.0
SIGNATURE_PT = 12.0
MIN_BODY_PT = 10.0

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_SUB = "Độc lập - Tự do - Hạnh phúc"
SIGNING_SPACE_PT = 62.0  # room to sign (and for the seal) between the hint and the name

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="000000")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

Align = Literal["left", "center", "right"]
Orientation = Literal["portrait", "landscape"]

_CELL_PADDING_PT = 3.0  # inside a cell, left and right together
_LINE = 1.22  # a line is this many times the font size (Excel: a little more than LibreOffice)
_ROW_PADDING_PT = 3.0
BOLD_WIDER = 1.08  # bold letters are wider: measure them as slightly larger ones
_TITLE_WIDER = 1.15  # a bold title in capitals, with room to spare


def column_points(width: float) -> float:
    """A column's width in points, as LibreOffice lays it out with Times New Roman 11 pt as the
    default font (Excel makes it a little narrower: its pages then fit a little more)."""
    return width * 5.5


def _char_em(char: str) -> float:
    """A character's advance in Times New Roman, in ems (a slightly cautious average per class,
    measured on LibreOffice's PDFs of Liberation Serif, metric-compatible with it)."""
    if char == " ":
        return 0.25
    if char.isdigit():
        return 0.5
    if char in "mwMW":
        return 0.8
    if char.isupper():
        return 0.7
    if char in "ilj.,;:'|!()[]/-ftr":
        return 0.3
    return 0.47


@lru_cache(maxsize=65536)
def _text_em(text: str) -> float:
    """A text's width in ems; cached, as a long list repeats its words (classes, names, dates)."""
    return sum(_char_em(c) for c in text)


def text_width(text: str, size: float) -> float:
    return _text_em(text) * size


def wrapped_lines(text: str, width_pt: float, size: float) -> int:
    """How many lines ``text`` takes in a column ``width_pt`` wide, wrapped at spaces."""
    room = max(width_pt - _CELL_PADDING_PT, size)
    if len(text) * 0.8 * size <= room and "\n" not in text:
        return 1  # short enough whatever its letters
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0.0
        for word in paragraph.split(" "):
            width = text_width(word, size)
            gap = text_width(" ", size) if used else 0.0
            if used and used + gap + width > room:
                lines += 1
                used = 0.0
                gap = 0.0
            # a word longer than the column breaks across lines
            while width > room:
                lines += 1
                width -= room
            used += gap + width
        total += lines
    return total


def row_points(lines: int, size: float) -> float:
    return round(lines * size * _LINE + _ROW_PADDING_PT, 1)


# Where a name in the letterhead breaks when it must take two lines: before the district's or
# province's name ("PHÒNG GD&ĐT / HUYỆN KRÔNG BÔNG"), after the school's level ("TRƯỜNG THCS /
# LÊ QUÝ ĐÔN") — never inside a proper name.
_BREAKS = (
    re.compile(r"( )(?:HUYỆN|QUẬN|THỊ XÃ|THÀNH PHỐ|TP\.|TỈNH|XÃ|PHƯỜNG) "),
    re.compile(r"\b(?:THCS|THPT|PTDTBT|PTDTNT|PTCS|TH|HỌC|CẤP|NGỮ)( )\S"),
)


def two_lines(agency: str) -> str:
    """A name over two lines, broken where ``_BREAKS`` says; else at the space nearest the
    middle."""
    for rule in _BREAKS:
        found = rule.search(agency)
        if found and found.start(1) < len(agency) - 4:
            return f"{agency[: found.start(1)]}\n{agency[found.end(1) :]}"
    spaces = [i for i, c in enumerate(agency) if c == " "]
    if not spaces:
        return agency
    middle = min(spaces, key=lambda i: abs(i - len(agency) / 2))
    return f"{agency[:middle]}\n{agency[middle + 1 :]}"


def use_document_font(wb: Workbook) -> None:
    """Times New Roman everywhere a cell sets no font of its own (call before styling cells)."""
    # openpyxl has no public handle on the default font: its first font and the Normal style.
    font = Font(name=FONT_NAME, size=11)
    setattr(wb, "_fonts", IndexedList([font]))  # noqa: B010
    getattr(wb, "_named_styles")["Normal"].font = font  # noqa: B009


@dataclass(frozen=True)
class Geometry:
    """A sheet's page: orientation, and the scale at which its columns fit the width."""

    orientation: Orientation
    scale: float  # as the spreadsheet programs apply it: a whole percentage, at most 100 %
    width_pt: float  # the printable width, in the page's points
    height_pt: float  # the printable height, in the page's points

    @classmethod
    def for_widths(cls, widths: Sequence[float], orientation: str | None = None) -> Geometry:
        table = sum(column_points(w) for w in widths) or 1.0
        if orientation is None:
            # Portrait unless the table would then print smaller than nine tenths of its size.
            portrait = _printable("portrait")[0]
            orientation = "portrait" if table * 0.9 <= portrait else "landscape"
        chosen: Orientation = "landscape" if orientation == "landscape" else "portrait"
        width, height = _printable(chosen)
        scale = min(100, math.floor(100 * width / table)) / 100
        return cls(chosen, scale, width, height)

    def font_size(self, printed: float) -> float:
        """The size to give a font so that it prints at ``printed`` points (half points)."""
        return math.ceil(printed / self.scale * 2) / 2

    @property
    def page_height(self) -> float:
        """A page's printable height in the sheet's own points (before scaling)."""
        return self.height_pt / self.scale


def _printable(orientation: str) -> tuple[float, float]:
    width, height = PAGE_PT[orientation]
    mm = 72 * MM
    return (
        width - (MARGIN_MM["left"] + MARGIN_MM["right"]) * mm,
        height - (MARGIN_MM["top"] + MARGIN_MM["bottom"]) * mm,
    )


class PrintedSheet:
    """Lay out one worksheet as a printed document, row by row from the top.

    Every row written through it gets its height; ``finish`` sets the page (A4, margins, fit to
    width, repeated header, page numbers from page 2) and keeps the closing with the table's end.
    """

    def __init__(
        self,
        ws: Worksheet,
        widths: Sequence[float],
        orientation: str | None = None,
        *,
        body: float = BODY_PT,
    ) -> None:
        self.ws = ws
        self.widths = list(widths)
        self.columns = len(self.widths)
        self.geometry = Geometry.for_widths(self.widths, orientation)
        self.row = 1
        self.heights: dict[int, float] = {}
        self.header_rows: tuple[int, int] | None = None
        self.table_end: int | None = None  # the table's last row
        self.body_pt = body
        self.body_size = self.geometry.font_size(body)
        self._fonts: dict[tuple[float, bool, bool, bool], Font] = {}
        self._styles: dict[tuple[float, bool, str], StyleArray] = {}
        for index, width in enumerate(self.widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width

    # -- fonts and heights -------------------------------------------------------------------
    def font(
        self, printed: float = BODY_PT, *, bold: bool = False, italic: bool = False,
        underline: bool = False,
    ) -> Font:  # fmt: skip
        size = self.geometry.font_size(printed)
        key = (size, bold, italic, underline)
        if key not in self._fonts:
            self._fonts[key] = Font(
                name=FONT_NAME, size=size, bold=bold, italic=italic,
                underline="single" if underline else None,
            )  # fmt: skip
        return self._fonts[key]

    def span_points(self, first: int, last: int) -> float:
        return sum(column_points(w) for w in self.widths[first - 1 : last])

    def set_height(self, row: int, height: float) -> None:
        self.heights[row] = height
        self.ws.row_dimensions[row].height = height

    def fit_row(self, row: int, cells: Sequence[tuple[int, int, str, float]]) -> None:
        """Give ``row`` the height of its tallest cell: (first column, last column, text, size)."""
        tallest = 1
        size_of_tallest = self.body_size
        for first, last, text, size in cells:
            # A merged title, letterhead or signature line is measured cautiously: one that
            # wraps where the estimate did not would overlap the next row.
            measured = size * _TITLE_WIDER if last > first else size
            lines = wrapped_lines(text, self.span_points(first, last), measured) if text else 1
            if row_points(lines, size) > row_points(tallest, size_of_tallest):
                tallest, size_of_tallest = lines, size
        self.set_height(row, row_points(tallest, size_of_tallest))

    def _style(self, font: Font, horizontal: str) -> StyleArray:
        key = (font.sz or 0.0, bool(font.b), horizontal)
        if key not in self._styles:
            prototype = Cell(self.ws, row=1, column=1)  # not in the sheet
            prototype.font, prototype.border = font, BOX
            prototype.alignment = _alignment(horizontal)
            self._styles[key] = getattr(prototype, "_style")  # noqa: B009
        return self._styles[key]

    # -- blocks ------------------------------------------------------------------------------
    def _merged(
        self, row: int, first: int, last: int, text: str, font: Font, align: Align = "center"
    ) -> Cell | MergedCell:
        cell = self.ws.cell(row=row, column=first, value=text or None)
        cell.font = font
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
        if last > first:
            self.ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        return cell

    def _split(self) -> int:
        """The last column of the left half of the letterhead and of the signature block: the
        right half is kept wide enough for the national motto on one line."""
        needed = text_width(MOTTO, self.font(MOTTO_PT, bold=True).sz or 0) + 2 * _CELL_PADDING_PT
        for split in range(self.columns - 1, 0, -1):
            if self.span_points(split + 1, self.columns) >= needed:
                return split
        return 1 if self.columns > 1 else 0

    def letterhead(self, school: SchoolProfile, *, motto: bool = True) -> None:
        """The agency header on the left (parent agency, the school in bold) and, for a document
        sent to the district, the national motto on the right."""
        self.agency_header(parent_agency_line(school), school.name or "", motto=motto)

    def agency_header(self, above: str, name: str, *, motto: bool = True) -> None:
        """The letterhead of any issuing body: ``above`` (the agency it answers to) over its
        ``name`` in bold, both in capitals; the national motto on the right when ``motto``."""
        split = self._split()
        agency = above
        name = name.upper()
        room = self.span_points(1, split) - 2 * _CELL_PADDING_PT
        smallest = (self.font(MIN_BODY_PT).sz or 0) * _TITLE_WIDER
        if text_width(agency, smallest) > room:
            agency = two_lines(agency)
        if text_width(name, smallest) > room:
            name = two_lines(name)
        left = [(agency, self._fitting(agency, room)), (name, self._fitting(name, room, True))]
        if not agency:  # the school alone, on the first line
            left = [left[1], ("", left[0][1])]
        right = [
            (MOTTO, self.font(MOTTO_PT, bold=True)),
            (MOTTO_SUB, self.font(MOTTO_PT, bold=True, underline=True)),
        ]
        for (text, font), (other, other_font) in zip(left, right, strict=True):
            row = self.row
            cells = [(1, split, text, font.sz or 0)]
            self._merged(row, 1, split, text, font)
            if motto:
                self._merged(row, split + 1, self.columns, other, other_font)
                cells.append((split + 1, self.columns, other, other_font.sz or 0))
            self.fit_row(row, cells)
            self.row += 1
        self.blank()

    def _fitting(self, text: str, room: float, bold: bool = False) -> Font:
        """The agency header's font: 12 pt, smaller (down to 10 pt) rather than break a name
        over two lines ("PHÒNG GD&ĐT KRÔNG / BÔNG"); a name too long even then wraps at 10 pt
        (the measure is cautious: at 10 pt it usually still fits)."""
        for printed in (AGENCY_PT, 11.5, 11.0, 10.5, MIN_BODY_PT):
            font = self.font(printed, bold=bold)
            if all(
                text_width(line, (font.sz or 0) * _TITLE_WIDER) <= room for line in text.split("\n")
            ):
                return font
        return self.font(MIN_BODY_PT, bold=bold)

    def title(self, text: str, printed: float = TITLE_PT, *, bold: bool = True) -> None:
        """The title, centred over the table: 14 pt, or down to 13 pt (the decree's range) when
        that keeps it on one line."""
        room = self.span_points(1, self.columns) - 2 * _CELL_PADDING_PT
        font = self.font(printed, bold=bold)
        for size in (printed, printed - 0.5, printed - 1):
            candidate = self.font(size, bold=bold)
            if text_width(text, (candidate.sz or 0) * _TITLE_WIDER) <= room:
                font = candidate
                break
        self._merged(self.row, 1, self.columns, text, font)
        self.fit_row(self.row, [(1, self.columns, text, font.sz or 0)])
        self.row += 1

    def subtitle(self, text: str, *, italic: bool = False) -> None:
        font = self.font(SUBTITLE_PT, italic=italic)
        self._merged(self.row, 1, self.columns, text, font)
        self.fit_row(self.row, [(1, self.columns, text, font.sz or 0)])
        self.row += 1

    def blank(self, printed: float = 6.0) -> None:
        self.set_height(self.row, round(printed / self.geometry.scale, 1))
        self.row += 1

    def table_header(self, headers: Sequence[str]) -> int:
        """The table's header row, repeated at the top of every printed page; returns its row."""
        font = self.font(self.body_pt, bold=True)
        alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        row = self.row
        for index, text in enumerate(headers, start=1):
            cell = self.ws.cell(row=row, column=index, value=text)
            cell.font, cell.fill, cell.border, cell.alignment = font, HEADER_FILL, BOX, alignment
        size = (font.sz or 0) * BOLD_WIDER
        self.fit_row(row, [(i, i, t, size) for i, t in enumerate(headers, start=1)])
        self.header_rows = (row, row)
        self.row += 1
        return row

    def table_row(
        self,
        values: Sequence[Any],
        *,
        bold: bool = False,
        align: Sequence[Align] | None = None,
        write: Any = None,
    ) -> int:
        """One body row, boxed and wrapped; ``write(cell, value)`` stores a value (as text)."""
        row = self.row
        font = self.font(self.body_pt, bold=bold)
        size = font.sz or 0
        fit: list[tuple[int, int, str, float]] = []
        for index, value in enumerate(values, start=1):
            cell = self.ws.cell(row=row, column=index)
            horizontal = align[index - 1] if align else "left"
            # A copy of a styled prototype's style: setting font, border and alignment on each
            # of 50,000 rows' cells would look each of them up again (seconds).
            setattr(cell, "_style", copy(self._style(font, horizontal)))  # noqa: B010
            if write is not None:
                write(cell, value)
            elif value is not None and value != "":
                cell.value = value
            if value is not None and value != "":
                fit.append((index, index, _shown(value), size))
        self.fit_row(row, fit)
        self.table_end = row
        self.row += 1
        return row

    def closing(
        self,
        school: SchoolProfile,
        day: date,
        *,
        clerk: bool = True,
    ) -> None:
        """The place-and-date line over the principal's column, then the signature block: the
        clerk who made the list on the left (unless ``clerk`` is false), the principal on the
        right, each with the hint of what to write and room to sign."""
        self.signatures(
            place_name(school),
            day,
            signer=say("report.principal"),
            signer_name=school.principal or "",
            clerk_name=school.clerk or "",
            clerk=clerk,
        )

    def signatures(
        self,
        place: str,
        day: date,
        *,
        signer: str,
        signer_name: str = "",
        clerk_name: str = "",
        clerk: bool = True,
        clerk_title: str | None = None,
    ) -> None:
        """The closing of any issuing body: "``place``, ngày … tháng … năm …" over the signer's
        column, the clerk who made the table on the left (unless ``clerk`` is false) and
        ``signer`` (the head's title: "HIỆU TRƯỞNG", "TRƯỞNG PHÒNG", "GIÁM ĐỐC") on the right,
        each with the hint of what to write, room to sign and the name when known."""
        left = (
            (clerk_title or say("report.prepared_by"), say("report.sign_name")) if clerk else None
        )
        right = (signer, say("report.sign_seal"))
        split = self._split()
        self.blank(8)
        date_line = f"{place}, ngày {day:%d} tháng {day:%m} năm {day.year}"
        font = self.font(SIGNATURE_PT, italic=True)
        self._merged(self.row, split + 1, self.columns, date_line, font)
        self.fit_row(self.row, [(split + 1, self.columns, date_line, font.sz or 0)])
        self.row += 1
        left_name, right_name = clerk_name, signer_name
        lines = [
            (left[0] if left else "", right[0], self.font(SIGNATURE_PT, bold=True)),
            (left[1] if left else "", right[1], self.font(SIGNATURE_PT, italic=True)),
        ]
        for left_text, right_text, line_font in lines:
            self._merged(self.row, 1, split, left_text, line_font)
            self._merged(self.row, split + 1, self.columns, right_text, line_font)
            size = line_font.sz or 0
            self.fit_row(self.row, [(1, split, left_text, size),
                                    (split + 1, self.columns, right_text, size)])  # fmt: skip
            self.row += 1
        self.set_height(self.row, round(SIGNING_SPACE_PT / self.geometry.scale, 1))
        self.row += 1
        name_font = self.font(SIGNATURE_PT, bold=True)
        self._merged(self.row, 1, split, left_name if left else "", name_font)
        self._merged(self.row, split + 1, self.columns, right_name, name_font)
        self.fit_row(self.row, [(1, split, left_name, name_font.sz or 0),
                                (split + 1, self.columns, right_name, name_font.sz or 0)])  # fmt: skip
        self.row += 1

    # -- the page ----------------------------------------------------------------------------
    def finish(self, *, fixed_area: bool = True) -> None:
        """A4, the decree's margins, one page wide, header repeated, page numbers from page 2,
        and the closing kept on the same page as the table's last row. The print area is what
        was laid out, unless ``fixed_area`` is false (an empty template: the clerk's rows will
        print too)."""
        page_setup(self.ws, self.geometry.orientation, self.header_rows)
        if fixed_area:
            self.ws.print_area = f"A1:{get_column_letter(self.columns)}{self.row - 1}"
        keep_closing_with_table(self)


def _shown(value: Any) -> str:
    if isinstance(value, date):
        return "00/00/0000"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


_ALIGNMENTS = {
    side: Alignment(horizontal=side, vertical="center", wrap_text=True)
    for side in ("left", "center", "right")
}


def _alignment(horizontal: str) -> Alignment:
    return _ALIGNMENTS[horizontal]


def page_setup(
    ws: Worksheet, orientation: Orientation, header_rows: tuple[int, int] | None = None
) -> None:
    """Print on A4 in ``orientation``: the decree's margins, all columns on one page wide, as
    many pages down as needed, ``header_rows`` repeated on every page, page numbers from page 2
    centred at the top."""
    ws.page_setup.orientation = orientation
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    margins = ws.page_margins
    margins.top, margins.bottom = MARGIN_MM["top"] * MM, MARGIN_MM["bottom"] * MM
    margins.left, margins.right = MARGIN_MM["left"] * MM, MARGIN_MM["right"] * MM
    margins.header, margins.footer = HEADER_MM * MM, HEADER_MM * MM
    ws.print_options.horizontalCentered = True
    if header_rows is not None:
        ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
    ws.HeaderFooter.differentFirst = True
    header = ws.HeaderFooter.oddHeader
    assert header is not None
    header.center.text = "&P"
    header.center.font = FONT_NAME
    header.center.size = 12


def pages(
    sheet: PrintedSheet, breaks: Sequence[int] = (), page_height: float | None = None
) -> list[int]:
    """The first row of every printed page, as the rows' heights lay them out."""
    page = page_height or sheet.geometry.page_height
    repeat = 0.0
    if sheet.header_rows is not None:
        first, last = sheet.header_rows
        repeat = sum(sheet.heights.get(r, 15.0) for r in range(first, last + 1))
    starts = [1]
    used = 0.0
    for row in range(1, sheet.row):
        height = sheet.heights.get(row, 15.0)
        repeated = repeat if sheet.header_rows and row > sheet.header_rows[1] else 0.0
        if row in breaks or (used + height > page and row > starts[-1]):
            starts.append(row)
            used = repeated
        used += height
    return starts


# When the layout says the closing just fits, it may not in a real program: keep this much room.
_SAFETY = 0.06
_KEPT_ROWS = 3  # table rows that go with the closing to its page
_SCALE_DRIFT = 0.04  # how much smaller than estimated a program may scale a wide table


def _closing_fits(sheet: PrintedSheet, end: int, page: float) -> bool:
    """Whether the closing prints whole on the page of the table's last row (``end``), with
    pages ``page`` points high."""
    assert sheet.header_rows is not None
    last_page_start = max(s for s in pages(sheet, page_height=page) if s <= end)
    header_first, header_last = sheet.header_rows
    repeat = sum(sheet.heights.get(r, 15.0) for r in range(header_first, header_last + 1))
    top = repeat if last_page_start > header_last else 0.0
    through_closing = top + sum(
        sheet.heights.get(r, 15.0) for r in range(last_page_start, sheet.row)
    )
    return through_closing <= page * (1 - _SAFETY)


def keep_closing_with_table(sheet: PrintedSheet) -> None:
    """If the closing (date line and signatures) would not print whole on the page of the
    table's last row, break the page before the table's last rows so they print together."""
    end = sheet.table_end
    if end is None or end >= sheet.row - 1 or sheet.header_rows is None:
        return
    geometry = sheet.geometry
    # A wide table (many narrow columns) may be scaled a little smaller by the spreadsheet
    # program than estimated, so that a page holds a row or two more: the closing must stay with
    # the table's end in that layout too.
    smaller = max(geometry.scale - _SCALE_DRIFT, 0.1)
    heights = (geometry.page_height, geometry.height_pt / smaller)
    if all(_closing_fits(sheet, end, page) for page in heights):
        return
    body_first = sheet.header_rows[1] + 1
    cut = max(body_first + 1, end - _KEPT_ROWS + 1)
    if cut > end:  # a table of a single row: it moves whole
        cut = body_first
    sheet.ws.row_breaks.append(Break(id=cut - 1))
