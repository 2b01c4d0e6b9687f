"""Which sheets of a workbook hold the template's table, and each one made ready to read.

A clerk's workbook is rarely one clean sheet: one sheet per class with the same header, a
lookup sheet beside them, cells merged down a block of rows ("6A1" once for the whole class),
error values a formula left (``#N/A``), codes stored as numbers with a format that shows their
leading zero. python-calamine gives the cells' values; ``WorkbookDetails`` the rest.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core import problems as P
from desktop_app.core.excel.csv_file import CsvWorkbook, csv_notes
from desktop_app.core.excel.details import SheetDetails
from desktop_app.core.excel.reader import OpenedWorkbook, WorkbookRejected, column_letter
from desktop_app.core.importing.rows import restore_width
from desktop_app.core.importing.vaccinations_wide import WIDE
from desktop_app.core.templates.cells import UNIKEY_CHARSETS, ExcelError
from desktop_app.core.templates.header import HeaderMatch, Repeated, find_header
from desktop_app.core.templates.spec import TemplateSpec, header_key
from desktop_app.core.text import LegacyEncoding, convert_rows, sheet_legacy_encoding

# Codes Excel may have stored as numbers: a format like "0000000000" shows their leading zeros.
ZERO_PADDED_TYPES = frozenset({"code", "citizen_id", "phone", "serial"})
# The sheets our own template adds beside the data (lists, instructions): never data.
_HELPER_SHEETS = ("danhmuc", "huongdan")
_DATA_LIKE_ROWS = 3  # rows with 2+ filled cells that make an unmatched sheet worth naming
HEADING_WIDTH = 3  # a cell merged across this many columns of one data row: a group heading
_DATA_LIKE_SCAN = 60

Book = OpenedWorkbook | CsvWorkbook
# The templates a file may also lay out wide, a group of columns per item (doses per student).
WIDE_LAYOUTS: dict[str, Repeated] = {"vaccinations": WIDE}


@dataclass
class Found:
    """A sheet whose header matches the template (or comes closest)."""

    name: str
    rows: list[list[Any]]
    header: HeaderMatch
    legacy: LegacyEncoding | None = None  # its text was typed in this legacy font, converted


@dataclass
class SheetRead:
    """One sheet of the file that holds the template's table, as it was read."""

    name: str
    header: HeaderMatch
    raw_rows: list[list[Any]] = field(repr=False)
    formula_refs: set[str] = field(default_factory=set, repr=False)
    notes: list[P.Problem] = field(default_factory=list)  # what reading it changed or left out
    # Found while reading, on a row's cell (leading zeros put back, a CSV line too long): they
    # go on that row, so that "only the valid rows" leaves out a row with an error among them.
    on_rows: list[P.Problem] = field(default_factory=list)
    # Rows of the list that are group headings, known by a cell merged across the row ("Học
    # sinh khuyết tật" over the whole width): Excel row -> its text.
    headings: dict[int, str] = field(default_factory=dict)
    rows_read: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "header_row": self.header.header_row,
                "rows_read": self.rows_read}  # fmt: skip


def _sheet_rows(book: Book, name: str) -> list[list[Any]]:
    try:
        return book.rows(name)
    except Exception as exc:  # calamine: a sheet it cannot decode
        raise WorkbookRejected(
            P.error("file_unreadable", "file.unreadable", detail=type(exc).__name__)
        ) from exc


def _is_helper(name: str) -> bool:
    return header_key(name).startswith(_HELPER_SHEETS)


def _looks_like_data(rows: Sequence[Sequence[Any]]) -> bool:
    """A table of some kind: a few rows with two or more filled cells."""
    filled = 0
    for cells in rows[:_DATA_LIKE_SCAN]:
        if sum(1 for v in cells if v not in ("", None)) >= 2:
            filled += 1
            if filled >= _DATA_LIKE_ROWS:
                return True
    return False


def legacy_sheets(book: Book) -> list[tuple[str, LegacyEncoding]]:
    """The sheets typed in a legacy font, with it: what to tell a clerk whose file matched no
    template (the header may be in TCVN3 and still not read after the conversion)."""
    found = []
    for name in book.sheet_names:
        legacy = sheet_legacy_encoding(_sheet_rows(book, name))
        if legacy is not None:
            found.append((name, legacy))
    return found


@dataclass
class Choice:
    """The sheets to read, and the ones the clerk should hear were not read."""

    sheets: list[Found] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # hold a table, but not this template's
    hidden: list[str] = field(default_factory=list)  # hidden sheets with the template's header


def choose_sheets(spec: TemplateSpec, book: Book) -> Choice:
    """Every visible sheet whose header has all the template's required columns, in the
    workbook's order; else the one that comes closest (its missing columns are then reported).
    A hidden sheet with the template's header is most often an old copy: not read (unless no
    visible sheet has the table), but named, as are the visible sheets that hold another table."""
    complete: list[Found] = []
    hidden: list[Found] = []
    partial: list[Found] = []
    others: list[str] = []
    for name in book.sheet_names:
        rows = _sheet_rows(book, name)
        found = _find_table(spec, name, rows)
        if found is None:
            if not book.is_hidden(name) and not _is_helper(name) and _looks_like_data(rows):
                others.append(name)
            continue
        if found.header.missing:
            partial.append(found)
        else:
            (hidden if book.is_hidden(name) else complete).append(found)
    if complete:
        return Choice(complete, [found.name for found in partial] + others,
                      [found.name for found in hidden])  # fmt: skip
    if hidden:
        return Choice(hidden, [found.name for found in partial] + others)
    if not partial:
        return Choice([], others)
    wanted = header_key(spec.sheet)  # on a tie, the template's own sheet
    best = max(partial, key=lambda found: (found.header.score, header_key(found.name) == wanted))
    return Choice([best], others)


def _find_table(spec: TemplateSpec, name: str, rows: list[list[Any]]) -> Found | None:
    """The template's header in the sheet, read through a legacy font when the sheet (or only
    its list, under a Unicode header) was typed in one."""
    wide = WIDE_LAYOUTS.get(spec.kind)
    header = find_header(spec, rows, wide)
    if header is None:
        legacy = sheet_legacy_encoding(rows)
        if legacy is None:
            return None
        rows = convert_rows(rows, legacy)
        header = find_header(spec, rows, wide)
        return Found(name, rows, header, legacy) if header is not None else None
    legacy = sheet_legacy_encoding(rows[header.header_row :])
    if legacy is not None:
        rows[header.header_row :] = convert_rows(rows[header.header_row :], legacy)
    return Found(name, rows, header, legacy)


def prepare_sheet(spec: TemplateSpec, book: Book, found: Found) -> SheetRead:
    """The sheet's rows as the clerk sees them: merged blocks filled, error values marked,
    zero-padded codes given back their zeros; and the notes that say so."""
    name, rows, header = found.name, found.rows, found.header
    if header.header_row < len(rows) and _numbers_the_columns(rows[header.header_row]):
        header.header_row += 1  # "(1) (2) (3) …" under the header: part of it, not a record
    sheet = SheetRead(name, header, rows, book.formula_cells(name))
    if found.legacy is not None:
        sheet.notes.append(P.warning("legacy_sheet_converted", sheet=name, encoding=found.legacy,
                                     unikey=UNIKEY_CHARSETS[found.legacy]))  # fmt: skip
    if isinstance(book, CsvWorkbook):  # text only: no merges, formats or error values
        _join_split_values(rows, header, header.header_row)
        for note in csv_notes(book.sheet, header.header_row):
            (sheet.notes if note.row is None else sheet.on_rows).append(note)
        return sheet
    details = book.details.sheet(name)
    first_data = header.header_row  # 0-based index of the first row below the header
    wanted = {
        index: spec.column(field_name)
        for index, field_name in (*header.columns.items(),
                                  *((i, name) for i, (name, _) in header.groups.items()))
        if spec.column(field_name).type != "ignore"
    }  # fmt: skip
    filled = _fill_merged(rows, details, first_data, sheet.headings)
    _join_split_values(rows, header, first_data)
    if filled:
        sheet.notes.append(P.info("merged_cells_filled", count=len(filled),
                                  example=filled[0], sheet=name))  # fmt: skip
    for (row0, col0), text in details.errors.items():
        if row0 >= first_data and col0 in wanted and row0 < len(rows):
            _put(rows, row0, col0, ExcelError(text))
    for (row0, col0), width in details.digit_widths.items():
        column = wanted.get(col0)
        if row0 < first_data or column is None or column.type not in ZERO_PADDED_TYPES:
            continue
        restored = _padded(rows, row0, col0, width)
        if restored is not None:
            cell = f"{column_letter(col0)}{row0 + 1}"
            sheet.on_rows.append(
                P.warning("leading_zeros_restored", row=row0 + 1, cell=cell,
                          column=column.header, value=restored.lstrip("0") or "0",
                          restored=restored, sheet=name)
            )  # fmt: skip
    if details.hidden_rows or details.autofilter:
        key = "hidden_rows.filter" if details.autofilter else "hidden_rows"
        sheet.notes.append(P.info("hidden_rows", key, count=details.hidden_rows, sheet=name))
    return sheet


def _join_split_values(rows: list[list[Any]], header: HeaderMatch, first_data: int) -> None:
    """A name typed over two columns ("Nguyễn Thị" | "Lan") becomes one cell ("Nguyễn Thị Lan")
    in the first column, the second left empty."""
    for extra, target in header.joined.items():
        for cells in rows[first_data:]:
            if extra >= len(cells):
                continue
            first = cells[target] if target < len(cells) else ""
            parts = [str(v).strip() for v in (first, cells[extra]) if v not in ("", None)]
            if parts:
                if target >= len(cells):
                    cells.extend([""] * (target + 1 - len(cells)))
                cells[target] = " ".join(p for p in parts if p)
            cells[extra] = ""


_COLUMN_NUMBER = re.compile(r"[(\[]?\s*(\d{1,2})\s*[)\]]?")


def _numbers_the_columns(cells: Sequence[Any]) -> bool:
    """A row that numbers the columns under the header, as official forms do: 1, 2, 3, … or
    (1), (2), (3), … from left to right, nothing else."""
    numbers = []
    for cell in cells:
        if cell is None or cell == "":
            continue
        if isinstance(cell, bool):
            return False
        if isinstance(cell, (int, float)):
            if cell != int(cell):
                return False
            numbers.append(int(cell))
            continue
        match = _COLUMN_NUMBER.fullmatch(str(cell).strip())
        if match is None:
            return False
        numbers.append(int(match.group(1)))
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _put(rows: list[list[Any]], row0: int, col0: int, value: Any) -> None:
    cells = rows[row0]
    if len(cells) <= col0:
        cells.extend([""] * (col0 + 1 - len(cells)))
    cells[col0] = value


def _fill_merged(
    rows: list[list[Any]], details: SheetDetails, first_data: int, headings: dict[int, str]
) -> list[str]:
    """Cells merged over a block of data rows ("6A1" once for the class) hold the block's
    value in every row. A cell merged across a single row is a group heading when it spans
    three columns or more (put in ``headings``), else left as it is. Returns the ranges
    filled, as Excel names them."""
    filled = []
    for first_row, first_col, bottom, last_col in details.merged:
        if first_row < first_data or first_row >= len(rows):
            continue  # the title and header: the header search reads those as they are
        top = rows[first_row]
        value = top[first_col] if first_col < len(top) else ""
        if value in ("", None):
            continue
        if bottom == first_row:
            if last_col - first_col >= HEADING_WIDTH - 1:
                headings[first_row + 1] = str(value).strip()
            continue
        last_row = min(bottom, len(rows) - 1)
        for row0 in range(first_row, last_row + 1):
            for col0 in range(first_col, last_col + 1):
                _put(rows, row0, col0, value)
        filled.append(
            f"{column_letter(first_col)}{first_row + 1}:{column_letter(last_col)}{last_row + 1}"
        )
    return filled


def _padded(rows: list[list[Any]], row0: int, col0: int, width: int) -> str | None:
    """A number whose format shows ``width`` digits, as that text, when zeros were hidden."""
    if row0 >= len(rows) or col0 >= len(rows[row0]):
        return None
    raw = rows[row0][col0]
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw):
        return None
    if raw != int(raw) or raw < 0:
        return None
    if len(str(int(raw))) >= width:
        return None
    rows[row0][col0] = text = restore_width(raw, width)
    return text
