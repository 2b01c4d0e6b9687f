"""A corpus of workbooks shaped the way school clerks really make them, generated in code.

One builder per shape: one sheet per class, a "Tổng cộng" line and the signature block under
the list, class cells merged down a block of rows, Excel error values left by formulas, codes
stored as numbers with a format that shows their leading zeros. The ``soffice`` fixture's
``convert`` turns them into genuine .xls / .ods files, as another program would save them.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from builders import DEVICE_HEADERS, HANDOVER_HEADERS, NEEDS_HEADERS
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HEADERS = {"needs": NEEDS_HEADERS, "devices": DEVICE_HEADERS, "handovers": HANDOVER_HEADERS}
LETTERHEAD = (
    ("PHÒNG GD&ĐT HUYỆN NHÀ BÈ", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("TRƯỜNG THCS LÊ LỢI", None, None, None, "Độc lập - Tự do - Hạnh phúc"),
    (),
)


def header_row_number(title_rows: int = len(LETTERHEAD) + 1) -> int:
    """The Excel row of the header in a sheet written by ``class_sheet``."""
    return title_rows + 1


def class_sheet(
    ws: Worksheet,
    kind: str,
    rows: Sequence[dict[str, Any]],
    title: str,
    *,
    footer: bool = False,
    headers: Sequence[str] | None = None,
) -> int:
    """A clerk's sheet: letterhead, a merged title, the header, the rows; with ``footer`` a
    merged "Tổng cộng" line, the place and date, the signers and their names. Returns the
    Excel row of the first data row."""
    headers = headers or HEADERS[kind]
    for line in LETTERHEAD:
        ws.append(list(line))
    ws.append([title])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row,
                   end_column=len(headers))  # fmt: skip
    ws.append(list(headers))
    first = ws.max_row + 1
    for row in rows:
        ws.append([row.get(h, "") for h in headers])
    if footer:
        ws.append([f"Tổng cộng: {len(rows)} dòng", None, None, len(rows)])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=3)
        ws.append([])
        ws.append([None, None, None, None, "Nhà Bè, ngày 15 tháng 9 năm 2021"])
        ws.append(["Người lập biểu", None, None, None, "HIỆU TRƯỞNG"])
        ws.append(["(Ký, ghi rõ họ tên)", None, None, None, "(Ký tên, đóng dấu)"])
        ws.append([])
        ws.append([])
        ws.append(["Nguyễn Thị Lan", None, None, None, "Trần Văn Hùng"])
    return first


def class_workbook(
    path: Path,
    kind: str,
    sheets: dict[str, Sequence[dict[str, Any]]],
    *,
    footer: bool = False,
    summary_sheet: bool = False,
    lookup_sheet: bool = False,
    headers: Sequence[str] | None = None,
) -> Path:
    """One sheet per class, each with the template's header. ``summary_sheet`` adds a
    "Tong hop" sheet (a table of counts, not the template's); ``lookup_sheet`` a hidden sheet of
    codes a VLOOKUP reads."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for name, rows in sheets.items():
        class_sheet(
            wb.create_sheet(name),
            kind,
            rows,
            f"DANH SÁCH LỚP {name}",
            footer=footer,
            headers=headers,
        )
    if summary_sheet:
        ws = wb.create_sheet("Tong hop")
        ws.append(["BẢNG TỔNG HỢP"])
        ws.append(["Lớp", "Sĩ số", "Số học sinh cần hỗ trợ", "Ghi chú"])
        for name, rows in sheets.items():
            ws.append([name, 40, len(rows), ""])
    if lookup_sheet:
        ws = wb.create_sheet("Ma")
        for code in range(1, 6):
            ws.append([code, f"Mã {code}", "x", "y"])
        ws.sheet_state = "hidden"
    wb.save(path)
    return path


def merged_down(ws: Worksheet, column: int, first: int, last: int) -> None:
    """Merge one column over rows ``first``..``last`` (the value stays in the top cell only, as
    Excel keeps it)."""
    for row in range(first + 1, last + 1):
        ws.cell(row=row, column=column).value = None
    ws.merge_cells(start_row=first, start_column=column, end_row=last, end_column=column)


# Formulas that give each error again when another program recalculates them (LibreOffice does
# on opening): a VLOOKUP that finds nothing, a division by an empty cell, text plus a number.
_FORMULA_GIVING = {
    "#N/A": "VLOOKUP(&quot;khong co&quot;,A1:B2,2,0)",
    "#DIV/0!": "1/0",
    "#VALUE!": "&quot;a&quot;+1",
    "#REF!": "#REF!",
    "#NAME?": "KHONGCOHAM()",
    "#NUM!": "SQRT(-1)",
}


def with_cached_errors(path: Path, errors: dict[str, str], sheet_xml: str = "sheet1.xml") -> Path:
    """Rewrite cells of an .xlsx as formulas whose saved result is an Excel error ("#N/A"...),
    as Excel saves a VLOOKUP that found nothing (openpyxl cannot write a cached value)."""
    member = f"xl/worksheets/{sheet_xml}"
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts[member].decode("utf-8")
    for ref, error in errors.items():
        formula = _FORMULA_GIVING.get(error, "NA()")
        cell = f'<c r="{ref}" t="e"><f>{formula}</f><v>{error}</v></c>'
        pattern = re.compile(rf'<c r="{ref}"(?: [^>]*)?(?:/>|>.*?</c>)')
        xml, found = pattern.subn(lambda _m, c=cell: c, xml, count=1)
        assert found, f"cell {ref} not in {member}"
    parts[member] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def column_of(kind: str, header: str) -> int:
    return HEADERS[kind].index(header) + 1


def ref(kind: str, header: str, row: int) -> str:
    return f"{get_column_letter(column_of(kind, header))}{row}"
