"""Table shapes a report needs beyond ``PrintedSheet``'s one-row header and one-cell columns:
a heading over a table, a header of two rows (a group over its columns, a column spanning both
rows), a row whose values span several columns. Each sets its rows' heights the way
``PrintedSheet`` measures text, so the printed page keeps its layout."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Alignment

from desktop_app.core.excel.print_layout import (
    BOLD_WIDER,
    BOX,
    HEADER_FILL,
    Align,
    PrintedSheet,
    row_points,
    wrapped_lines,
)

Span = tuple[int, int]  # first and last column (1-based, inclusive)
_CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)


def section_heading(sheet: PrintedSheet, text: str) -> None:
    """A table's heading ("I. …"): bold, on the left, over the whole width."""
    font = sheet.font(sheet.body_pt, bold=True)
    cell = sheet.ws.cell(row=sheet.row, column=1, value=text)
    cell.font = font
    cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
    sheet.ws.merge_cells(start_row=sheet.row, start_column=1, end_row=sheet.row,
                         end_column=sheet.columns)  # fmt: skip
    sheet.fit_row(sheet.row, [(1, sheet.columns, text, font.sz or 0)])
    sheet.row += 1


def two_row_header(sheet: PrintedSheet, groups: Sequence[str], columns: Sequence[str]) -> None:
    """Two header rows, both repeated on every page. ``groups`` is the top row: a group spans
    the columns after it whose group is empty; ``columns`` the row below. A column with a group
    and nothing below ("Sĩ số") spans both rows."""
    top = sheet.row
    font = sheet.font(sheet.body_pt, bold=True)
    size = (font.sz or 0) * BOLD_WIDER
    spans: list[tuple[int, int, str]] = []
    for index, text in enumerate(groups, start=1):
        if text or not spans:
            spans.append((index, index, text))
        else:
            first, _, group = spans[-1]
            spans[-1] = (first, index, group)
    for index, text in enumerate(groups, start=1):
        cell = sheet.ws.cell(row=top, column=index, value=text or None)
        cell.font, cell.fill, cell.border, cell.alignment = font, HEADER_FILL, BOX, _CENTRED
    sheet.fit_row(top, [(f, last, t, size) for f, last, t in spans if columns[f - 1]])
    sheet.row += 1
    bottom = sheet.table_header(list(columns))
    needed = 0.0
    for first, last, text in spans:
        both_rows = first == last and not columns[first - 1]
        if last > first or both_rows:
            sheet.ws.merge_cells(start_row=top, start_column=first,
                                 end_row=bottom if both_rows else top, end_column=last)  # fmt: skip
        if both_rows:
            lines = wrapped_lines(text, sheet.span_points(first, first), size)
            needed = max(needed, row_points(lines, size))
    together = sheet.heights[top] + sheet.heights[bottom]
    if needed > together:  # a label spanning both rows must fit in their heights together
        sheet.set_height(top, sheet.heights[top] + needed - together)
    sheet.header_rows = (top, bottom)


def spanned_header(sheet: PrintedSheet, spans: Sequence[Span], headers: Sequence[str]) -> None:
    """A one-row table header whose texts each span ``spans``."""
    row = sheet.table_header(_spread(spans, headers))
    _merge(sheet, row, spans, headers, bold=True)


def spanned_row(
    sheet: PrintedSheet, spans: Sequence[Span], values: Sequence[Any], *, bold: bool = False
) -> None:
    """A table row whose values each span ``spans``: the first on the left, the rest centred."""
    align: list[Align] = ["center"] * sheet.columns
    align[0] = "left"
    row = sheet.table_row(_spread(spans, values), bold=bold, align=align)
    _merge(sheet, row, spans, values, bold=bold)


def _spread(spans: Sequence[Span], values: Sequence[Any]) -> list[Any]:
    """The values placed at the first column of their span, the other columns empty."""
    cells: list[Any] = [None] * spans[-1][1]
    for (first, _), value in zip(spans, values, strict=True):
        cells[first - 1] = value
    return cells


def _merge(
    sheet: PrintedSheet, row: int, spans: Sequence[Span], values: Sequence[Any], *, bold: bool
) -> None:
    """Merge each span and size the row for the spans' widths (not one column's), measured as
    ``table_row`` measures a cell (body text, not a title)."""
    font_size = sheet.font(sheet.body_pt, bold=bold).sz or 0
    measured = font_size * (BOLD_WIDER if bold else 1.0)
    lines = 1
    for (first, last), value in zip(spans, values, strict=True):
        if last > first:
            sheet.ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        lines = max(lines, wrapped_lines(str(value), sheet.span_points(first, last), measured))
    sheet.set_height(row, row_points(lines, font_size))
