"""Write template-shaped workbooks with openpyxl: the empty template, the export of the database,
and the error report. One layout for all, so an export re-imports as a no-op."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from desktop_app.core.excel.print_layout import (
    BODY_LIST_PT,
    FONT_NAME,
    Align,
    PrintedSheet,
    page_setup,
    text_width,
    use_document_font,
)
from desktop_app.core.files import atomic_path
from desktop_app.core.school import SchoolProfile
from desktop_app.core.templates.spec import CodeList, TemplateSpec, load_codelists

VALIDATED_ROWS = 2000  # empty template rows that carry dropdowns
INSTRUCTIONS_SHEET = "Huong dan"
CODES_SHEET = "Danh muc"
DATE_FORMAT = "DD/MM/YYYY"

_BOLD = Font(name=FONT_NAME, bold=True)
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


# The width a column prints at, in characters of the 10 pt body text: room for a date, a phone
# number or a 12-digit ID on one line; free-text columns share what is left of the page in
# proportion to their template width, and wrap.
_PRINT_WIDTHS = {"ignore": 4.4, "date": 10.0, "citizen_id": 13.0, "phone": 11.0, "serial": 15.5,
                 "code": 11.0, "bool": 6.4, "number": 6.0, "integer": 6.0, "class_name": 4.8}  # fmt: skip
_CENTRED = {"ignore", "date", "bool", "number", "integer", "class_name", "phone", "citizen_id"}
_NARROW = {"gender": 4.8}  # short code-list labels ("Nam", "Nữ")
_LANDSCAPE_UNITS = 130.0  # a landscape page's width, in those characters
_PORTRAIT_UNITS = 85.0
_MIN_FLEXIBLE = 6.0


_MAX_WORD = 14.0  # a longer word (a long e-mail, a code) may break inside a column
_WORDS = re.compile(r"\s+|(?<=[-/])")  # lines break at spaces, and after a hyphen or a slash


def _longest_words(spec: TemplateSpec, rows: Sequence[Sequence[Any]]) -> list[float]:
    """Per column, the width (in characters of the body text) of its longest word, so that a
    brand or a place name is not broken in the middle ("Xiaom/i")."""
    size = 10.5  # the body text's size in the sheet, at about full scale
    longest = [0.0] * len(spec.columns)
    chars = [0] * len(spec.columns)
    for values in rows:
        for index, value in enumerate(values):
            if not isinstance(value, str) or len(value) < chars[index]:
                continue
            for word in _WORDS.split(value):
                if len(word) + 2 >= chars[index]:  # only a word about as long can be wider
                    width = text_width(word, size) / 5.5 + 0.8
                    if width > longest[index]:
                        longest[index], chars[index] = width, max(chars[index], len(word))
    return longest


def print_widths(spec: TemplateSpec, rows: Sequence[Sequence[Any]] = ()) -> list[float]:
    """Each column's printed width: fixed by type for dates, numbers, IDs; the free-text columns
    as wide as their longest word, then sharing what is left of the page in proportion to their
    template width. Portrait when the columns fit it, else landscape."""
    fixed = [_NARROW.get(c.codelist or "", _PRINT_WIDTHS.get(c.type)) for c in spec.columns]
    words = _longest_words(spec, rows)
    floor = [
        None if w is not None else max(_MIN_FLEXIBLE, min(_MAX_WORD, words[i]))
        for i, w in enumerate(fixed)
    ]
    taken = sum(w for w in fixed if w is not None)
    least = taken + sum(f for f in floor if f is not None)
    flexible = sum(c.width for c, w in zip(spec.columns, fixed, strict=True) if w is None)
    budget = _PORTRAIT_UNITS
    if least > budget or taken + flexible > budget * 1.3:
        budget = _LANDSCAPE_UNITS
    extra = max(0.0, budget - least) / (flexible or 1)
    return [
        w if w is not None else round((floor[i] or 0) + c.width * extra, 1)
        for i, (c, w) in enumerate(zip(spec.columns, fixed, strict=True))
    ]


def _document(
    ws: Worksheet, spec: TemplateSpec, school: SchoolProfile | None, rows: Sequence[Sequence[Any]]
) -> PrintedSheet:
    """The letterhead (agency, school, national motto), the title and the header row."""
    sheet = PrintedSheet(ws, print_widths(spec, rows), body=BODY_LIST_PT)
    profile = school or SchoolProfile()
    if not profile.name:
        profile = replace(profile, name="TÊN TRƯỜNG")
    sheet.letterhead(profile)
    sheet.title(spec.title)
    sheet.subtitle(spec.subtitle, italic=True)
    sheet.blank()
    header = sheet.table_header([column.display_header for column in spec.columns])
    ws.freeze_panes = f"A{header + 1}"
    return sheet


def _codes_sheet(wb: Workbook, names: Iterable[str]) -> dict[str, str]:
    """One column per code list; returns codelist name -> absolute range for validations."""
    lists = load_codelists()
    ws = wb.create_sheet(CODES_SHEET)
    ranges: dict[str, str] = {}
    for index, name in enumerate(names, start=1):
        codes: CodeList = lists[name]
        letter = get_column_letter(index)
        title = ws.cell(row=1, column=index, value=codes.title)
        title.font, title.alignment = _BOLD, _WRAP
        for offset, label in enumerate(codes.labels, start=2):
            set_text(ws.cell(row=offset, column=index), label)
        ws.column_dimensions[letter].width = max(16, max(len(x) for x in codes.labels) + 2)
        ranges[name] = f"'{CODES_SHEET}'!${letter}$2:${letter}${len(codes.labels) + 1}"
    ws.row_dimensions[1].height = 45  # a long list title wraps
    page_setup(ws, "portrait", (1, 1))
    return ranges


def _validations(
    ws: Worksheet, spec: TemplateSpec, ranges: dict[str, str], first_row: int, last_row: int
) -> None:
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        area = f"{letter}{first_row}:{letter}{last_row}"
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
            for row in range(first_row, last_row + 1):
                ws.cell(row=row, column=index).number_format = DATE_FORMAT
        else:
            if column.type in ("code", "citizen_id", "phone", "serial"):
                for row in range(first_row, last_row + 1):
                    ws.cell(row=row, column=index).number_format = "@"  # keep leading zeros
            continue
        rule.showErrorMessage = True
        rule.add(area)
        ws.add_data_validation(rule)


def _instructions(wb: Workbook, spec: TemplateSpec, first_row: int) -> None:
    """How to fill the template, as a page that prints on A4 portrait, rules wrapped."""
    ws = wb.create_sheet(INSTRUCTIONS_SHEET)
    sheet = PrintedSheet(ws, (18.0, 7.0, 14.0, 32.0, 14.0), "portrait", body=BODY_LIST_PT)
    sheet.title(f"HƯỚNG DẪN NHẬP MẪU: {spec.title}", 13.0)
    sheet.subtitle(
        f'Nhập dữ liệu ở trang "{spec.sheet}" từ dòng {first_row}. Cột có dấu (*) là bắt '
        "buộc. Có thể đổi thứ tự cột; không đổi tên cột. Chọn giá trị trong danh sách thả xuống "
        "(trang Danh muc). Mẫu phiên bản " + spec.version + "."
    )
    sheet.blank()
    sheet.table_header(("Cột", "Bắt buộc", "Kiểu dữ liệu", "Quy tắc", "Ví dụ"))
    align: list[Align] = ["left", "center", "left", "left", "left"]
    for column in spec.columns:
        values = (
            column.header, "Có" if column.required else "", TYPE_RULES.get(column.type, ""),
            column.help, column.example,
        )  # fmt: skip
        sheet.table_row(values, align=align, write=write_value)
    sheet.finish()


def build_workbook(
    spec: TemplateSpec,
    rows: Sequence[Sequence[Any]] = (),
    school: SchoolProfile | None = None,
    day: date | None = None,
) -> Workbook:
    """The template (no rows) or an export (rows in the template's column order). Both print as
    the school's document: letterhead and motto, title, header repeated on every page; an export
    ends with the place and date and the signatures, which the importer knows to stop at."""
    wb = Workbook()
    use_document_font(wb)
    ws = wb.active
    assert ws is not None
    ws.title = spec.sheet
    sheet = _document(ws, spec, school, rows)
    first_row = sheet.row
    align: list[Align] = ["center" if c.type in _CENTRED else "left" for c in spec.columns]
    for values in rows:
        sheet.table_row(values, align=align, write=write_value)
    if rows:
        sheet.closing(school or SchoolProfile(), day or date.today())
    sheet.finish(fixed_area=bool(rows))
    names = []
    for column in spec.columns:
        name = "yes_no" if column.type == "bool" else column.codelist
        if name and name not in names:
            names.append(name)
    ranges = _codes_sheet(wb, names)
    # The empty template offers its dropdowns on many rows; an export on its own rows only (the
    # closing follows them).
    last_row = first_row + (len(rows) if rows else VALIDATED_ROWS) - 1
    _validations(ws, spec, ranges, first_row, last_row)
    _instructions(wb, spec, first_row)
    wb.move_sheet(INSTRUCTIONS_SHEET, offset=-1)  # data, instructions, code lists
    wb.active = 0
    return wb


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
