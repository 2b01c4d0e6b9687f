"""The error report: the clerk's own rows at their own row numbers, bad cells coloured with the
message in a comment, every row's messages in a column beside it, and a list of all problems."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import column_index_from_string, get_column_letter

from desktop_app.core.excel.print_layout import (
    BODY_LIST_PT,
    Align,
    PrintedSheet,
    page_setup,
    use_document_font,
)
from desktop_app.core.importing.service import ImportReport
from desktop_app.core.messages import say
from desktop_app.core.problems import Problem
from desktop_app.core.templates.spec import load_template
from desktop_app.core.templates.workbook import (
    annotate,
    save_workbook,
    style_header_row,
    write_value,
)

RESULT_WIDTH = 80  # characters
# The problem list's columns, each headed by "importing.report.column.<name>", and their widths
# (a landscape page, the message wrapped in the widest).
LIST_COLUMNS = ("row", "cell", "column", "severity", "code", "message")
LIST_WIDTHS = (6.0, 6.0, 20.0, 10.0, 18.0, 70.0)


def _severity(problem: Problem, lang: str) -> str:
    return say(f"importing.report.severity.{problem.severity}", lang)


def _template_widths(report: ImportReport) -> dict[int, int]:
    """The clerk's columns keep the widths the template gives them, wherever they are."""
    if report.header is None:
        return {}
    spec = load_template(report.kind)
    return {index + 1: spec.column(name).width for index, name in report.header.columns.items()}


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
    for problem in report.problems:
        values = (
            problem.row, problem.cell, problem.column, _severity(problem, lang),
            problem.code, problem.message(lang),
        )  # fmt: skip
        sheet.table_row(values, align=align, write=write_value)
    listing.freeze_panes = f"A{header + 1}"
    sheet.finish()


def write_error_report(report: ImportReport, target: Path, lang: str = "vi") -> None:
    wb = Workbook()
    use_document_font(wb)
    ws = wb.active
    assert ws is not None
    ws.title = (report.sheet or say("importing.report.sheet.data", lang))[:31]
    by_row: dict[int, list[Problem]] = defaultdict(list)
    for problem in report.problems:
        if problem.row is not None:
            by_row[problem.row].append(problem)
    width = max((len(r) for r in report.raw_rows), default=0)
    result_column = width + 1
    header_row = report.header_row or 0
    # Rows keep their original numbers so "Dòng 7" means the same row in both files.
    for index, raw in enumerate(report.raw_rows, start=1):
        if index > header_row and index not in by_row:
            continue
        for column, value in enumerate(raw, start=1):
            write_value(ws.cell(row=index, column=column), value)
    if header_row:
        ws.cell(row=header_row, column=result_column,
                value=say("importing.report.result_header", lang))  # fmt: skip
        style_header_row(ws, header_row, _template_widths(report))
        ws.freeze_panes = f"A{header_row + 1}"
    page_setup(ws, "landscape", (header_row, header_row) if header_row else None)
    for row, found in by_row.items():
        lines = [f"{_severity(p, lang)}: {p.message(lang)}" for p in found]
        cell = ws.cell(row=row, column=result_column, value="\n".join(lines))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        # Not every spreadsheet program grows a row to fit wrapped text: give it the room.
        wrapped = sum(1 + len(line) // RESULT_WIDTH for line in lines)
        ws.row_dimensions[row].height = 15 * wrapped
        by_cell: dict[str, list[Problem]] = defaultdict(list)
        for problem in found:
            if problem.cell:
                by_cell[problem.cell].append(problem)
        for ref, problems in by_cell.items():
            letters = ref.rstrip("0123456789")
            target_cell = ws.cell(row=row, column=column_index_from_string(letters))
            annotate(
                target_cell,
                [p.message(lang) for p in problems],
                any(p.is_error for p in problems),
            )
    ws.column_dimensions[get_column_letter(result_column)].width = RESULT_WIDTH

    _problem_list(wb, report, lang)
    save_workbook(wb, target)
