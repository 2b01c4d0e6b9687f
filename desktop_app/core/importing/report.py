"""The error report: the clerk's own rows at their own row numbers, bad cells coloured with the
message in a comment, every row's messages in a column beside it, and a list of all problems."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import column_index_from_string

from desktop_app.core.excel.print_layout import (
    BODY_LIST_PT,
    BOLD_WIDER,
    BOX,
    FONT_NAME,
    HEADER_FILL,
    Align,
    PrintedSheet,
    page_setup,
    use_document_font,
)
from desktop_app.core.importing.service import ImportReport
from desktop_app.core.importing.sheets import SheetRead
from desktop_app.core.messages import say
from desktop_app.core.problems import Problem
from desktop_app.core.templates.cells import ExcelError
from desktop_app.core.templates.header import HeaderMatch
from desktop_app.core.templates.spec import load_template
from desktop_app.core.templates.workbook import (
    annotate,
    print_widths,
    save_workbook,
    write_value,
)

RESULT_WIDTH = 40.0  # characters of the printed text: the messages wrap
UNKNOWN_WIDTH = 8.0
# The problem list's columns, each headed by "importing.report.column.<name>", and their widths
# (a landscape page, the message wrapped in the widest).
LIST_COLUMNS = ("row", "cell", "column", "severity", "code", "message")
LIST_WIDTHS = (6.0, 9.0, 20.0, 10.0, 18.0, 67.0)


def _texts(ws: Any, row: int, size: float) -> list[tuple[int, int, str, float]]:
    return [(c.column, c.column, str(c.value), size) for c in ws[row] if c.value is not None]


def _severity(problem: Problem, lang: str) -> str:
    return say(f"importing.report.severity.{problem.severity}", lang)


def _print_widths(report: ImportReport, header: HeaderMatch | None, width: int) -> list[float]:
    """The clerk's columns print at the widths the template's own export prints them, wherever
    they are in the file; a column the template does not know gets a narrow one; the result
    column, wrapped, comes last."""
    widths = [UNKNOWN_WIDTH] * width
    if header is not None:
        spec = load_template(report.kind)
        printed = dict(zip((c.field for c in spec.columns), print_widths(spec), strict=True))
        for index, name in header.columns.items():
            if index < width:
                widths[index] = printed[name]
    return [*widths, RESULT_WIDTH]


def _problem_list(wb: Workbook, report: ImportReport, lang: str) -> None:
    """Every problem on one line of a list that prints one page wide, messages wrapped; a simple
    title (a working paper for the clerk, not a document to the district: no motto)."""
    listing = wb.create_sheet(say("importing.report.sheet.problems", lang))
    sheet = PrintedSheet(listing, LIST_WIDTHS, "landscape", body=BODY_LIST_PT)
    sheet.title(say("importing.report.title", lang))
    name = Path(report.file).name if report.file else ""
    sheet.subtitle(
        say("importing.report.subtitle", lang, file=name, errors=len(report.errors),
            warnings=len(report.warnings)),
        italic=True,
    )  # fmt: skip
    sheet.blank()
    header = sheet.table_header([say(f"importing.report.column.{n}", lang) for n in LIST_COLUMNS])
    align: list[Align] = ["center", "center", "left", "center", "left", "left"]
    many = len(report.sheets) > 1
    for problem in report.problems:
        where = problem.ref if many else problem.cell
        if where is None and many and problem.sheet:
            where = problem.sheet
        values = (
            problem.row, where, problem.column, _severity(problem, lang),
            problem.code, problem.message(lang),
        )  # fmt: skip
        sheet.table_row(values, align=align, write=write_value)
    listing.freeze_panes = f"A{header + 1}"
    sheet.finish()


def write_error_report(report: ImportReport, target: Path, lang: str = "vi") -> None:
    """One sheet per sheet of the clerk's file that was read (its rows with problems, at their
    own row numbers), then the list of every problem."""
    wb = Workbook()
    use_document_font(wb)
    first = wb.active
    assert first is not None
    wb.remove(first)
    sheets: list[SheetRead | None] = [*report.sheets] or [None]
    for read in sheets:
        # A file that could not be read has no sheet: one empty data sheet, then the list.
        name = read.name if read is not None else say("importing.report.sheet.data", lang)
        ws = wb.create_sheet(name[:31])
        rows = read.raw_rows if read is not None else []
        header = read.header if read is not None else None
        problems = [p for p in report.problems
                    if read is None or p.sheet == read.name or (p.sheet is None and read is sheets[0])]  # fmt: skip
        _data_sheet(ws, report, rows, header, problems, lang)
    _problem_list(wb, report, lang)
    save_workbook(wb, target)


def _data_sheet(
    ws: Any,
    report: ImportReport,
    raw_rows: list[list[Any]],
    header: HeaderMatch | None,
    problems: list[Problem],
    lang: str,
) -> None:
    by_row: dict[int, list[Problem]] = defaultdict(list)
    for problem in problems:
        if problem.row is not None:
            by_row[problem.row].append(problem)
    width = max((len(r) for r in raw_rows), default=0)
    result_column = width + 1
    header_row = header.header_row if header is not None else 0
    sheet = PrintedSheet(ws, _print_widths(report, header, width), "landscape", body=BODY_LIST_PT)
    # The clerk's columns and the messages beside them are wider than a page: this sheet is for
    # the screen and prints smaller; the problem list is the one to print. Its text keeps 10 pt
    # on screen, so that what the columns hold is never cut.
    body = Font(name=FONT_NAME, size=BODY_LIST_PT)
    bold = Font(name=FONT_NAME, size=BODY_LIST_PT, bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    # Rows keep their original numbers so "Dòng 7" means the same row in both files.
    for index, raw in enumerate(raw_rows, start=1):
        if index > header_row and index not in by_row:
            continue
        for column, value in enumerate(raw, start=1):
            cell = ws.cell(row=index, column=column)
            write_value(cell, str(value) if isinstance(value, ExcelError) else value)
            if cell.value is not None:
                cell.font = body
                if index >= header_row:  # the file's own title rows above run across
                    cell.alignment = wrap
    if header_row:
        ws.cell(row=header_row, column=result_column,
                value=say("importing.report.result_header", lang))  # fmt: skip
        centred = Alignment(wrap_text=True, vertical="center", horizontal="center")
        for cell in ws[header_row]:
            if cell.value is not None:
                cell.font, cell.fill, cell.border, cell.alignment = bold, HEADER_FILL, BOX, centred
        ws.freeze_panes = f"A{header_row + 1}"
        sheet.fit_row(header_row, _texts(ws, header_row, (bold.sz or 0) * BOLD_WIDER))
    for row, found in by_row.items():
        lines = [f"{_severity(p, lang)}: {p.message(lang)}" for p in found]
        cell = ws.cell(row=row, column=result_column, value="\n".join(lines))
        cell.font, cell.alignment = body, wrap
        # Not every spreadsheet program grows a row to fit wrapped text: give it the room.
        sheet.fit_row(row, _texts(ws, row, body.sz or 0))
        by_cell: dict[str, list[Problem]] = defaultdict(list)
        for problem in found:
            if problem.cell:
                by_cell[problem.cell].append(problem)
        for ref, on_cell in by_cell.items():
            letters = ref.rstrip("0123456789")
            target_cell = ws.cell(row=row, column=column_index_from_string(letters))
            annotate(
                target_cell,
                [p.message(lang) for p in on_cell],
                any(p.is_error for p in on_cell),
            )
    page_setup(ws, "landscape", (header_row, header_row) if header_row else None)
