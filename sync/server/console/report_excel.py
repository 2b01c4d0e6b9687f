"""A consolidated report as an Excel file in the ministry layout (Decree 30/2020): A4, the
decree's margins, the unit's header and the national motto, the title, the table with its header
repeated on every page, the place and date, "NGƯỜI LẬP BIỂU" and the head's signature block.

The page is laid out by the same ``PrintedSheet`` as a school's reports, so a district's file
prints like a school's. Always Vietnamese."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment

from desktop_app.core.excel.print_layout import (
    SUBTITLE_PT,
    Align,
    PrintedSheet,
    use_document_font,
)
from sync.server.console.model import Percent, ReportDocument

SHEET_TITLES = {"needs": "4.8.2", "receipts": "Tiep nhan", "progress": "Tien do ban giao",
                "vaccinations": "Tiem vac-xin"}  # fmt: skip


def workbook(doc: ReportDocument) -> Workbook:
    """The report as a workbook of one sheet, laid out for print."""
    wb = Workbook()
    use_document_font(wb)
    ws = wb.active
    assert ws is not None
    ws.title = SHEET_TITLES.get(doc.kind, "Bao cao")
    sheet = PrintedSheet(ws, doc.widths, "landscape" if doc.landscape else "portrait")
    sheet.agency_header(doc.header.agency_above, doc.header.agency)
    sheet.title(doc.title)
    if doc.subtitle:
        sheet.subtitle(doc.subtitle, italic=True)
    sheet.blank()
    sheet.table_header(doc.columns)
    align: list[Align] = list(doc.align)
    for row in doc.rows:
        sheet.table_row(row.values, bold=row.bold, align=align, write=_store)
    if doc.notes:
        sheet.blank(4)
    for note in doc.notes:
        _note(sheet, note)
    sheet.signatures(
        doc.header.place,
        doc.day,
        signer=doc.header.signer_title,
        signer_name=doc.header.signer_name,
        clerk_title=doc.header.prepared_by,
    )
    sheet.finish()
    return wb


def _store(cell: Any, value: Any) -> None:
    """A share as a number shown with one decimal and "%" (Excel writes 85,3% in Vietnamese);
    anything else as it is."""
    if isinstance(value, Percent):
        cell.value = value.value / 100
        cell.number_format = "0.0%"
    elif value is not None and value != "":
        cell.value = value


def _note(sheet: PrintedSheet, text: str) -> None:
    """A line under the table, across its width, in italics."""
    font = sheet.font(SUBTITLE_PT - 1, italic=True)
    cell = sheet.ws.cell(row=sheet.row, column=1, value=text)
    cell.font = font
    cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
    if sheet.columns > 1:
        sheet.ws.merge_cells(
            start_row=sheet.row, start_column=1, end_row=sheet.row, end_column=sheet.columns
        )
    sheet.fit_row(sheet.row, [(1, sheet.columns, text, font.sz or 0)])
    sheet.row += 1


def workbook_bytes(doc: ReportDocument) -> bytes:
    """The report's .xlsx file, ready to download."""
    buffer = BytesIO()
    workbook(doc).save(buffer)
    return buffer.getvalue()
