"""What python-calamine does not tell us about a workbook: error values, merged cells,
zero-padding number formats, hidden rows and sheets, autofilters, the 1904 date system.

calamine reads an error cell (``#N/A``…) as "", a code 0192285142 stored as the number
192285142 with format "0000000000" as 192285142, gives no merged ranges for .ods and
nothing about hidden rows.  ``read_details`` reads those facts from the file itself (xlsx:
the sheet XML, xls: xlrd, ods: content.xml) so the importer can say what it means.

Coordinates are 0-based and absolute, the indexing of calamine's
``to_python(skip_empty_area=False)`` (``rows[row0][col0]``; that list starts at A1 in all
three formats, checked with python-calamine 0.9.1).  It runs after the safety scan, which
bounded the file's sizes; a part it cannot read gives empty details for that part, never an
exception.  Cell contents never reach a log or an exception text.
"""

from __future__ import annotations

import logging
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final
from xml.parsers import expat

log = logging.getLogger(__name__)


@dataclass
class SheetDetails:
    # (row0, col0) -> "#N/A" as Excel shows it
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    # (first_row0, first_col0, last_row0, last_col0), inclusive
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    # numeric cell whose number format pads it with zeros -> total digits shown
    # ("0000000000" -> 10, "000000000#" -> 10)
    digit_widths: dict[tuple[int, int], int] = field(default_factory=dict)
    # hidden rows (manually or by a filter) that hold cells; hidden empty rows below the
    # data (a common way to tidy a sheet) are not counted
    hidden_rows: int = 0
    autofilter: bool = False
    hidden: bool = False  # the sheet itself is hidden / very hidden


@dataclass
class WorkbookDetails:
    date1904: bool = False
    # by sheet name exactly as calamine's sheet_names gives it
    sheets: dict[str, SheetDetails] = field(default_factory=dict)

    def sheet(self, name: str) -> SheetDetails:
        """The sheet's details; empty ones when the sheet is unknown."""
        return self.sheets.get(name) or SheetDetails()


# What reading one part of a (size-bounded) file may raise when the part is broken.
PART_ERRORS: Final = (
    OSError,
    EOFError,
    ValueError,
    KeyError,
    IndexError,
    StopIteration,
    zipfile.BadZipFile,
    zlib.error,
    expat.ExpatError,
)

# Caps that keep a pathological (but size-bounded) file from building huge dicts.
MAX_ERRORS: Final = 1_000_000
MAX_MERGED: Final = 100_000
MAX_ERROR_TEXT: Final = 32

_BRACKETS: Final = re.compile(r"\[[^\]]*\]")
_PADDING: Final = re.compile(r"[#?]*0[0#?]*")


def padding_width(format_code: str) -> int:
    """Digits a zero-padding integer format shows: "0000000000" -> 10, "000000000#" -> 10
    (for any non-zero value), "#0000" -> 4; 0 for anything else ("0", "0.00", "#,##0",
    dates, text).  Only the first (positive) section counts; colours/conditions are ignored."""
    section = format_code.split(";", 1)[0]
    section = _BRACKETS.sub("", section).strip()
    if len(section) > 64 or not _PADDING.fullmatch(section):
        return 0
    width = len(section) - section.index("0")
    return width if width > 1 else 0


def error_text(raw: str) -> str:
    """An error value as shown, bounded ("#N/A", "#DIV/0!", LibreOffice's "Err:502")."""
    return raw.strip()[:MAX_ERROR_TEXT]


def read_details(path: Path, file_format: str) -> WorkbookDetails:
    """Details of the workbook at ``path``; ``file_format`` is ``FileFacts.format``
    ("xlsx" | "xls" | "ods").  Never raises: what cannot be read is left empty."""
    try:
        if file_format == "xlsx":
            from desktop_app.core.excel.details_xlsx import read_xlsx_details

            return read_xlsx_details(path)
        if file_format == "xls":
            from desktop_app.core.excel.details_xls import read_xls_details

            return read_xls_details(path)
        if file_format == "ods":
            from desktop_app.core.excel.details_ods import read_ods_details

            return read_ods_details(path)
    except Exception as exc:  # the last guard: details are a help, never a reason to fail
        log.warning("workbook details unreadable (%s): %s", file_format, type(exc).__name__)
    return WorkbookDetails()
