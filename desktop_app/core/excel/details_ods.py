"""Workbook details of an .ods: styles.xml (data styles, named cell styles), then content.xml
streamed through expat (automatic styles, the tables, the database ranges).

Cells are placed as calamine places them: every ``table:table-cell`` and
``table:covered-table-cell`` takes ``number-columns-repeated`` columns, every row
``number-rows-repeated`` rows.  Dates in .ods are ISO strings whatever ``table:null-date``
says, so ``date1904`` stays False."""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final
from xml.parsers import expat

from desktop_app.core.excel.details import (
    MAX_ERRORS,
    MAX_MERGED,
    PART_ERRORS,
    SheetDetails,
    WorkbookDetails,
    error_text,
)

log = logging.getLogger(__name__)

_CHUNK: Final = 1 << 20
_MAX_REPEAT: Final = 1 << 21  # more than a sheet has rows or columns: a broken attribute
_CELLS: Final = frozenset({"table:table-cell", "table:covered-table-cell"})
_HIDDEN_ROW: Final = frozenset({"collapse", "filter"})
_PARENT_DEPTH: Final = 8


def _count(value: str | None) -> int:
    if value is None or not value.isdigit() or len(value) > 8:
        return 1
    return min(max(int(value), 1), _MAX_REPEAT)


@dataclass
class _Styles:
    """What the importer needs from the style sheets: data styles that pad with zeros,
    the data style and parent of each cell style, the tables shown as hidden."""

    data_widths: dict[str, int] = field(default_factory=dict)  # number style -> digits
    cell_styles: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    hidden_tables: set[str] = field(default_factory=set)  # table styles with display=false
    _cache: dict[str, int] = field(default_factory=dict)

    def width(self, style: str | None) -> int:
        if style is None or not self.data_widths:
            return 0
        cached = self._cache.get(style)
        if cached is not None:
            return cached
        width, name = 0, style
        for _ in range(_PARENT_DEPTH):
            data, parent = self.cell_styles.get(name, (None, None))
            if data is not None:
                width = self.data_widths.get(data, 0)
                break
            if parent is None:
                break
            name = parent
        self._cache[style] = width
        return width


class _StyleParser:
    """Feeds ``_Styles`` from the start/end events of a style sheet (styles.xml, or the
    automatic styles at the head of content.xml)."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self._number: str | None = None  # the number:number-style being read
        self._number_ok = False
        self._number_width = 0
        self._table_style: str | None = None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "number:number-style":
            self._number = attrs.get("style:name")
            self._number_ok, self._number_width = True, 0
        elif self._number is not None:
            if name == "number:number":
                decimals = attrs.get("number:decimal-places", "0")
                digits = attrs.get("number:min-integer-digits", "1")
                if (
                    self._number_width
                    or decimals != "0"
                    or attrs.get("number:grouping") == "true"
                    or not digits.isdigit()
                ):
                    self._number_ok = False
                else:
                    self._number_width = int(digits[:4])
            elif name.startswith("number:"):  # text, exponent, fraction…: not a plain code
                self._number_ok = False
        elif name == "style:style":
            family, style = attrs.get("style:family"), attrs.get("style:name")
            if style is None:
                return
            if family == "table-cell":
                self.styles.cell_styles[style] = (
                    attrs.get("style:data-style-name"),
                    attrs.get("style:parent-style-name"),
                )
            elif family == "table":
                self._table_style = style
        elif (
            name == "style:table-properties"
            and self._table_style is not None
            and attrs.get("table:display") == "false"
        ):
            self.styles.hidden_tables.add(self._table_style)

    def end(self, name: str) -> None:
        if name == "number:number-style":
            if self._number is not None and self._number_ok and self._number_width > 1:
                self.styles.data_widths[self._number] = self._number_width
            self._number = None
        elif name == "style:style":
            self._table_style = None


def _parser(
    start: Callable[[str, dict[str, str]], None], end: Callable[[str], None]
) -> expat.XMLParserType:
    p = expat.ParserCreate()
    p.buffer_text = True
    p.StartDoctypeDeclHandler = _refuse
    p.EntityDeclHandler = _refuse
    p.StartElementHandler = start
    p.EndElementHandler = end
    return p


def _refuse(*_args: object) -> None:
    raise ValueError("doctype")


def _stream(zf: zipfile.ZipFile, member: str, parser: expat.XMLParserType) -> None:
    with zf.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


class _ColumnStyles:
    """Default cell styles of the columns that pad with zeros: (first, last, width)."""

    def __init__(self) -> None:
        self.ranges: list[tuple[int, int, int]] = []

    def width(self, col0: int) -> int:
        for first, last, width in self.ranges:
            if first <= col0 <= last:
                return width
        return 0


class _ContentScan:
    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self._style_parser = _StyleParser(styles)
        self.sheets: dict[str, SheetDetails] = {}
        self.filtered: set[str] = set()
        self._in_styles = False
        self._sheet: SheetDetails | None = None
        self._columns = _ColumnStyles()
        self._col_pos = 0  # columns declared so far (table:table-column)
        self._row0 = 0
        self._row_repeat = 1
        self._row_hidden = False
        self._row_has_value = False
        self._row_style: str | None = None
        self._col0 = 0
        self._depth = 0  # nesting inside a cell (text, annotations, sub-tables)
        self._error_at: tuple[int, int, int, int] | None = None  # row0, col0, rows, cols
        self._text: list[str] = []
        self.parser = _parser(self._start, self._end)
        self.parser.CharacterDataHandler = self._chars

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if self._depth:
            self._depth += 1
            return
        if name == "office:automatic-styles":
            self._in_styles = True
        elif self._in_styles:
            self._style_parser.start(name, attrs)
        elif name == "table:table":
            self._sheet = SheetDetails(
                hidden=attrs.get("table:style-name") in self.styles.hidden_tables
            )
            self.sheets.setdefault(attrs.get("table:name", ""), self._sheet)
            self._columns = _ColumnStyles()
            self._col_pos = self._row0 = 0
        elif self._sheet is None:
            if (
                name == "table:database-range"
                and attrs.get("table:display-filter-buttons") == "true"
            ):
                self.filtered.add(_sheet_of(attrs.get("table:target-range-address", "")))
        elif name in _CELLS:
            self._cell(name, attrs)
            self._depth = 1
        elif name == "table:table-row":
            self._row_repeat = _count(attrs.get("table:number-rows-repeated"))
            self._row_hidden = attrs.get("table:visibility") in _HIDDEN_ROW
            self._row_has_value = False
            self._row_style = attrs.get("table:default-cell-style-name")
            self._col0 = 0
        elif name == "table:table-column":
            repeat = _count(attrs.get("table:number-columns-repeated"))
            width = self.styles.width(attrs.get("table:default-cell-style-name"))
            if width:
                self._columns.ranges.append((self._col_pos, self._col_pos + repeat - 1, width))
            self._col_pos += repeat

    def _cell(self, name: str, attrs: dict[str, str]) -> None:
        sheet = self._sheet
        assert sheet is not None
        row0, col0 = self._row0, self._col0
        rows, cols = self._row_repeat, _count(attrs.get("table:number-columns-repeated"))
        self._col0 += cols
        kind = attrs.get("office:value-type")
        if kind is None:
            return
        self._row_has_value = True
        if attrs.get("calcext:value-type") == "error":
            self._error_at = (row0, col0, rows, cols)
            self._text = []
        elif kind == "float" and self.styles.data_widths:
            style = attrs.get("table:style-name") or self._row_style
            width = self.styles.width(style) if style else self._columns.width(col0)
            if width:
                for r in range(row0, row0 + rows):
                    for c in range(col0, col0 + cols):
                        if len(sheet.digit_widths) >= MAX_ERRORS:
                            return
                        sheet.digit_widths[(r, c)] = width
        if name == "table:table-cell":
            span_rows = _count(attrs.get("table:number-rows-spanned"))
            span_cols = _count(attrs.get("table:number-columns-spanned"))
            if span_rows > 1 or span_cols > 1:
                for r in range(row0, row0 + rows):
                    for c in range(col0, col0 + cols):
                        if len(sheet.merged) >= MAX_MERGED:
                            return
                        sheet.merged.append((r, c, r + span_rows - 1, c + span_cols - 1))

    def _end(self, name: str) -> None:
        if self._depth:
            self._depth -= 1
            if not self._depth and self._error_at is not None:
                self._record_error()
            return
        if name == "office:automatic-styles":
            self._in_styles = False
        elif self._in_styles:
            self._style_parser.end(name)
        elif self._sheet is None:
            return
        elif name == "table:table-row":
            if self._row_hidden and self._row_has_value:
                self._sheet.hidden_rows += self._row_repeat
            self._row0 += self._row_repeat
            self._row_repeat = 1
        elif name == "table:table":
            self._sheet = None

    def _record_error(self) -> None:
        assert self._error_at is not None and self._sheet is not None
        row0, col0, rows, cols = self._error_at
        self._error_at = None
        text = error_text("".join(self._text))
        errors = self._sheet.errors
        if text:
            for r in range(row0, row0 + rows):
                for c in range(col0, col0 + cols):
                    if len(errors) >= MAX_ERRORS:
                        return
                    errors[(r, c)] = text

    def _chars(self, data: str) -> None:
        if self._error_at is not None and len(self._text) < 64:
            self._text.append(data)


def _sheet_of(address: str) -> str:
    """The sheet of a range address: "Data.C5:Data.F15", "'Lớp 6A'.$A$1:.$D$9" -> name."""
    address = address.lstrip("$")
    if address.startswith("'"):
        name, i = [], 1
        while i < len(address):
            ch = address[i]
            if ch == "'":
                if address[i + 1 : i + 2] != "'":
                    break
                i += 1
            name.append(ch)
            i += 1
        return "".join(name)
    return address.partition(".")[0]


def _read_styles(zf: zipfile.ZipFile, styles: _Styles) -> None:
    if "styles.xml" not in zf.namelist():
        return
    reader = _StyleParser(styles)
    try:
        _stream(zf, "styles.xml", _parser(reader.start, reader.end))
    except PART_ERRORS as exc:
        log.warning("ods styles unreadable: %s", type(exc).__name__)


def read_ods_details(path: Path) -> WorkbookDetails:
    result = WorkbookDetails()
    try:
        zf = zipfile.ZipFile(path)
    except PART_ERRORS as exc:
        log.warning("ods details unreadable: %s", type(exc).__name__)
        return result
    with zf:
        styles = _Styles()
        _read_styles(zf, styles)
        scan = _ContentScan(styles)
        try:
            _stream(zf, "content.xml", scan.parser)
        except PART_ERRORS as exc:
            log.warning("ods content unreadable: %s", type(exc).__name__)
            return result
    for name in scan.filtered:
        if name in scan.sheets:
            scan.sheets[name].autofilter = True
    result.sheets = scan.sheets
    return result
