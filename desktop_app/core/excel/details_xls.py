"""Workbook details of an .xls (BIFF), read with xlrd.

xlrd knows no autofilter record; Excel and LibreOffice name every autofilter range with the
sheet-scoped built-in name ``_FilterDatabase``, so that name stands for it.  If xlrd cannot
read a file that calamine reads, the details stay empty."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import xlrd

from desktop_app.core.excel.details import (
    MAX_ERRORS,
    MAX_MERGED,
    SheetDetails,
    WorkbookDetails,
    error_text,
    padding_width,
)

log = logging.getLogger(__name__)

_FILTER_NAME = "_filterdatabase"


def _padding_xfs(book: Any) -> dict[int, int]:
    """XF index -> digits shown, for the cell formats whose number format pads with zeros."""
    widths: dict[int, int] = {}
    formats = book.format_map
    for index, xf in enumerate(book.xf_list):
        fmt = formats.get(xf.format_key)
        if fmt is not None and (width := padding_width(str(fmt.format_str))):
            widths[index] = width
    return widths


def _filtered_sheets(book: Any) -> set[int]:
    found: set[int] = set()
    for name in book.name_obj_list:
        if str(name.name).lower().endswith(_FILTER_NAME) and name.scope >= 0:
            found.add(int(name.scope))
    return found


def _sheet_details(sheet: Any, pad_xfs: dict[int, int], filtered: bool) -> SheetDetails:
    details = SheetDetails(hidden=sheet.visibility != 0, autofilter=filtered)
    errors, widths = details.errors, details.digit_widths
    content_rows: set[int] = set()
    for r in range(sheet.nrows):
        types = sheet.row_types(r)
        if any(t not in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK) for t in types):
            content_rows.add(r)
        for c, kind in enumerate(types):
            if kind == xlrd.XL_CELL_ERROR and len(errors) < MAX_ERRORS:
                code = sheet.cell_value(r, c)
                errors[(r, c)] = error_text(xlrd.error_text_from_code.get(code, "#N/A"))
            elif kind == xlrd.XL_CELL_NUMBER and pad_xfs and len(widths) < MAX_ERRORS:
                width = pad_xfs.get(sheet.cell_xf_index(r, c), 0)
                if width:
                    widths[(r, c)] = width
    for rlo, rhi, clo, chi in sheet.merged_cells[:MAX_MERGED]:
        details.merged.append((rlo, clo, rhi - 1, chi - 1))
    details.hidden_rows = sum(
        1 for r, info in sheet.rowinfo_map.items() if info.hidden and r in content_rows
    )
    return details


def read_xls_details(path: Path) -> WorkbookDetails:
    result = WorkbookDetails()
    try:
        book = xlrd.open_workbook(
            str(path), formatting_info=True, on_demand=True, logfile=_NullLog()
        )
    except Exception as exc:  # xlrd raises plain Exceptions, struct errors, IndexErrors…
        log.warning("xls details unreadable: %s", type(exc).__name__)
        return result
    try:
        result.date1904 = book.datemode == 1
        pad_xfs = _padding_xfs(book)
        filtered = _filtered_sheets(book)
        for index, name in enumerate(book.sheet_names()):
            try:
                sheet = book.sheet_by_index(index)
                result.sheets[name] = _sheet_details(sheet, pad_xfs, index in filtered)
            except Exception as exc:  # a BIFF record xlrd cannot read: this sheet stays empty
                log.warning("xls sheet details unreadable: %s", type(exc).__name__)
                result.sheets[name] = SheetDetails()
            finally:
                book.unload_sheet(index)
    finally:
        book.release_resources()
    return result


class _NullLog:
    """xlrd writes warnings (with record contents) to a log file: drop them."""

    def write(self, _text: str) -> int:
        return 0
