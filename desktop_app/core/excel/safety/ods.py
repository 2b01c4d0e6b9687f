"""The OpenDocument content.xml scan, fed one inflated piece at a time by
``scan._inspect_ods``: per table, the last row and column that hold a value, repeats
expanded (what calamine allocates; see the package docstring for what was checked)."""

from __future__ import annotations

from typing import Final

from desktop_app.core.excel.safety._common import (
    _SLACK,
    Limits,
    _corrupt,
    _ExpatStream,
    _SheetTally,
)

# Work cap for the content scan (see the note on _SLACK in _common.py).
_MAX_ODS_ELEMENTS: Final = 8_000_000  # a 200,000 x 17 LibreOffice sheet is ~7M


_ODS_VALUE_ATTRS: Final = frozenset(
    {
        "office:value",
        "office:string-value",
        "office:date-value",
        "office:time-value",
        "office:boolean-value",
        "table:formula",
    }
)
_ODS_CELLS: Final = frozenset({"table:table-cell", "table:covered-table-cell"})


def _repeat(value: str | None) -> int:
    if value is None:
        return 1
    if not value.isdigit() or len(value) > 15:
        raise _corrupt("bad_repeat", "content.xml", value=value[:32])
    return max(int(value), 1)


class _OdsTable(_SheetTally):
    def __init__(self, limits: Limits, sheet: str) -> None:
        super().__init__(limits, sheet, strict=True)
        self.row_pos = 0  # rows consumed so far, repeats included
        self.in_row = False
        self.row_repeat = 1
        self.col_pos = 0
        self.row_last_col = 0  # end column of the last non-empty cell in this row
        self.cell_depth = 0

    def end_row(self) -> None:
        self.in_row = False
        if self.row_last_col:  # only rows holding a value pull the range (and its gaps) down
            self.note(self.row_pos + self.row_repeat, self.row_last_col)
        self.row_pos += self.row_repeat


class _OdsContentScan(_ExpatStream):
    """Tracks, per table, the last row and column that hold a value, with every
    ``number-rows-repeated`` / ``number-columns-repeated`` before them expanded - the range
    calamine will allocate."""

    def __init__(self, limits: Limits) -> None:
        super().__init__(_MAX_ODS_ELEMENTS)
        self._limits = limits
        self._allowance = _SLACK  # 4 elements per non-empty cell, 1 per row element
        self._table: _OdsTable | None = None
        self._outer: list[_OdsTable | None] = []
        self._count = 0
        self.sheet_rows: dict[str, int] = {}
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        self._elements += 1
        if self._elements > self._allowance or self._elements > self._max_elements:
            sheet = self._table.sheet if self._table is not None else ""
            raise self.too_much_work(sheet, "too_many_elements")
        table = self._table
        if name == "table:table":
            self._outer.append(table)
            self._count += 1
            self._table = _OdsTable(self._limits, attrs.get("table:name") or f"#{self._count}")
        elif table is None:
            return
        elif name in _ODS_CELLS:
            if table.in_row and table.cell_depth == 0:
                repeat = _repeat(attrs.get("table:number-columns-repeated"))
                if (
                    not _ODS_VALUE_ATTRS.isdisjoint(attrs)
                    or attrs.get("office:value-type") == "string"
                ):
                    self._allowance += 4
                    table.row_last_col = table.col_pos + repeat
                    if table.row_last_col > self._limits.max_columns:  # before the row ends
                        table.note(table.row_pos + 1, table.row_last_col)
                table.col_pos += repeat
            table.cell_depth += 1
        elif name == "table:table-row" and table.cell_depth == 0:
            self._allowance += 1
            table.in_row = True
            table.row_repeat = _repeat(attrs.get("table:number-rows-repeated"))
            table.col_pos = 0
            table.row_last_col = 0

    def _end(self, name: str) -> None:
        table = self._table
        if table is None:
            return
        if name in _ODS_CELLS:
            table.cell_depth = max(table.cell_depth - 1, 0)
        elif name == "table:table-row" and table.cell_depth == 0 and table.in_row:
            table.end_row()
        elif name == "table:table":
            self.sheet_rows[table.sheet] = max(self.sheet_rows.get(table.sheet, 0), table.max_row)
            self._table = self._outer.pop() if self._outer else None
