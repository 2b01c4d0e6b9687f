"""Write template-shaped workbooks with openpyxl: the empty template, the export of the database,
and the error report. One layout for all, so an export re-imports as a no-op."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from desktop_app.core.files import atomic_path
from desktop_app.core.templates.spec import CodeList, TemplateSpec, load_codelists

TITLE_ROWS = 3  # title, subtitle, blank: the header is on row 4
HEADER_ROW = TITLE_ROWS + 1
VALIDATED_ROWS = 2000  # empty template rows that carry dropdowns
INSTRUCTIONS_SHEET = "Huong dan"
CODES_SHEET = "Danh muc"
DATE_FORMAT = "DD/MM/YYYY"

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")
TYPE_RULES = {
    "code": "Văn bản, chữ số/chữ cái không dấu",
    "person_name": "Họ tên, gõ Unicode",
    "date": "Ngày dd/mm/yyyy",
    "choice": "Chọn trong danh mục",
    "bool": "Có / Không",
    "class_name": "Tên lớp, bắt đầu bằng khối",
    "citizen_id": "12 chữ số (định dạng Văn bản)",
    "text": "Văn bản",
    "phone": "Số di động Việt Nam",
    "serial": "Số serial hoặc IMEI",
    "number": "Số",
    "integer": "Số nguyên",
    "ignore": "Số thứ tự (không bắt buộc)",
}


def set_text(cell: Cell | MergedCell, value: str) -> None:
    """Store ``value`` as text, never as a formula, whatever it starts with."""
    cell.value = value
    cell.data_type = "s"
    if value[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True  # Excel keeps showing it as text after an edit too


def write_value(cell: Cell | MergedCell, value: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, str):
        set_text(cell, value)
    elif isinstance(value, (date, datetime)):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        cell.value = value


def _title_rows(ws: Worksheet, spec: TemplateSpec, school_name: str | None) -> None:
    ws["A1"] = (school_name or "TÊN TRƯỜNG").upper()
    ws["A1"].font = _BOLD
    last = get_column_letter(len(spec.columns))
    ws["A2"] = spec.title
    ws["A2"].font = _TITLE
    ws["A2"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A2:{last}2")
    ws["A3"] = spec.subtitle
    ws["A3"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A3:{last}3")


def _header(ws: Worksheet, spec: TemplateSpec, row: int = HEADER_ROW) -> None:
    for index, column in enumerate(spec.columns, start=1):
        cell = ws.cell(row=row, column=index, value=column.display_header)
        cell.font, cell.fill, cell.border, cell.alignment = _BOLD, _HEADER_FILL, _BOX, _WRAP
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[row].height = 45
    ws.freeze_panes = f"A{row + 1}"


def _codes_sheet(wb: Workbook, names: Iterable[str]) -> dict[str, str]:
    """One column per code list; returns codelist name -> absolute range for validations."""
    lists = load_codelists()
    ws = wb.create_sheet(CODES_SHEET)
    ranges: dict[str, str] = {}
    for index, name in enumerate(names, start=1):
        codes: CodeList = lists[name]
        letter = get_column_letter(index)
        ws.cell(row=1, column=index, value=codes.title).font = _BOLD
        for offset, label in enumerate(codes.labels, start=2):
            set_text(ws.cell(row=offset, column=index), label)
        ws.column_dimensions[letter].width = max(16, max(len(x) for x in codes.labels) + 2)
        ranges[name] = f"'{CODES_SHEET}'!${letter}$2:${letter}${len(codes.labels) + 1}"
    return ranges


def _validations(ws: Worksheet, spec: TemplateSpec, ranges: dict[str, str], last_row: int) -> None:
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        area = f"{letter}{HEADER_ROW + 1}:{letter}{last_row}"
        name = "yes_no" if column.type == "bool" else column.codelist
        if name:
            rule = DataValidation(type="list", formula1=f"={ranges[name]}", allow_blank=True)
            rule.error = "Giá trị không có trong danh mục (trang Danh muc)."
            rule.errorTitle = column.header
        elif column.type == "date":
            rule = DataValidation(
                type="date", operator="between", formula1="DATE(1900,1,1)",
                formula2="DATE(2100,12,31)", allow_blank=True,
            )  # fmt: skip
            rule.error = "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/09/2012."
            rule.errorTitle = column.header
            for row in range(HEADER_ROW + 1, last_row + 1):
                ws.cell(row=row, column=index).number_format = DATE_FORMAT
        else:
            if column.type in ("code", "citizen_id", "phone", "serial"):
                for row in range(HEADER_ROW + 1, last_row + 1):
                    ws.cell(row=row, column=index).number_format = "@"  # keep leading zeros
            continue
        rule.showErrorMessage = True
        rule.add(area)
        ws.add_data_validation(rule)


def _instructions(wb: Workbook, spec: TemplateSpec) -> None:
    ws = wb.create_sheet(INSTRUCTIONS_SHEET)
    ws["A1"] = f"HƯỚNG DẪN NHẬP MẪU: {spec.title}"
    ws["A1"].font = _TITLE
    ws["A2"] = (
        f'Nhập dữ liệu ở trang "{spec.sheet}" từ dòng {HEADER_ROW + 1}. Cột có dấu (*) là bắt '
        "buộc. Có thể đổi thứ tự cột; không đổi tên cột. Chọn giá trị trong danh sách thả xuống "
        "(trang Danh muc). Mẫu phiên bản " + spec.version + "."
    )
    headers = ("Cột", "Bắt buộc", "Kiểu dữ liệu", "Quy tắc", "Ví dụ")
    for index, text in enumerate(headers, start=1):
        cell = ws.cell(row=4, column=index, value=text)
        cell.font, cell.fill, cell.border = _BOLD, _HEADER_FILL, _BOX
    for offset, column in enumerate(spec.columns, start=5):
        values = (
            column.header, "Có" if column.required else "", TYPE_RULES.get(column.type, ""),
            column.help, column.example,
        )  # fmt: skip
        for index, value in enumerate(values, start=1):
            cell = ws.cell(row=offset, column=index)
            if value:
                set_text(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDE", (30, 10, 26, 70, 20), strict=True):
        ws.column_dimensions[letter].width = width


def build_workbook(
    spec: TemplateSpec, rows: Sequence[Sequence[Any]] = (), school_name: str | None = None
) -> Workbook:
    """The template (no rows) or an export (rows in the template's column order)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = spec.sheet
    _title_rows(ws, spec, school_name)
    _header(ws, spec)
    fit_to_page_width(ws)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    for offset, values in enumerate(rows, start=HEADER_ROW + 1):
        for index, value in enumerate(values, start=1):
            write_value(ws.cell(row=offset, column=index), value)
    names = []
    for column in spec.columns:
        name = "yes_no" if column.type == "bool" else column.codelist
        if name and name not in names:
            names.append(name)
    ranges = _codes_sheet(wb, names)
    _validations(ws, spec, ranges, max(HEADER_ROW + VALIDATED_ROWS, HEADER_ROW + len(rows)))
    _instructions(wb, spec)
    wb.move_sheet(INSTRUCTIONS_SHEET, offset=-1)  # data, instructions, code lists
    wb.active = 0
    return wb


def fit_to_page_width(ws: Worksheet) -> None:
    """Print on A4 landscape, all columns on one page wide, header rows repeated."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def style_header_row(ws: Worksheet, row: int, widths: dict[int, int] | None = None) -> None:
    for cell in ws[row]:
        if cell.value is None:
            continue
        cell.font, cell.fill, cell.border, cell.alignment = _BOLD, _HEADER_FILL, _BOX, _WRAP
        width = (widths or {}).get(cell.column) or min(40, max(10, len(str(cell.value)) + 2))
        ws.column_dimensions[get_column_letter(cell.column)].width = width
    ws.row_dimensions[row].height = 45


def save_workbook(wb: Workbook, target: Path) -> None:
    with atomic_path(target) as temp:
        wb.save(temp)


ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")


def annotate(cell: Cell | MergedCell, messages: list[str], is_error: bool) -> None:
    cell.fill = ERROR_FILL if is_error else WARNING_FILL
    comment = Comment("\n".join(messages), "Sóng và máy tính cho em")
    comment.width, comment.height = 320, 40 + 30 * len(messages)
    cell.comment = comment
