"""The error report: the clerk's own rows at their own row numbers, bad cells coloured with the
message in a comment, every row's messages in a column beside it, and a list of all problems."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import column_index_from_string, get_column_letter

from desktop_app.core.importing.service import ImportReport
from desktop_app.core.messages import say
from desktop_app.core.problems import Problem
from desktop_app.core.templates.spec import load_template
from desktop_app.core.templates.workbook import (
    annotate,
    fit_to_page_width,
    save_workbook,
    style_header_row,
    write_value,
)

RESULT_WIDTH = 80  # characters
# The problem list's columns, each headed by "importing.report.column.<name>".
LIST_COLUMNS = ("row", "cell", "column", "severity", "code", "message")


def _severity(problem: Problem, lang: str) -> str:
    return say(f"importing.report.severity.{problem.severity}", lang)


def _template_widths(report: ImportReport) -> dict[int, int]:
    """The clerk's columns keep the widths the template gives them, wherever they are."""
    if report.header is None:
        return {}
    spec = load_template(report.kind)
    return {index + 1: spec.column(name).width for index, name in report.header.columns.items()}


def write_error_report(report: ImportReport, target: Path, lang: str = "vi") -> None:
    wb = Workbook()
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
    fit_to_page_width(ws)
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

    listing = wb.create_sheet(say("importing.report.sheet.problems", lang))
    for index, name in enumerate(LIST_COLUMNS, start=1):
        heading = say(f"importing.report.column.{name}", lang)
        listing.cell(row=1, column=index, value=heading).font = Font(bold=True)
    for offset, problem in enumerate(report.problems, start=2):
        values = (
            problem.row, problem.cell, problem.column, _severity(problem, lang),
            problem.code, problem.message(lang),
        )  # fmt: skip
        for index, value in enumerate(values, start=1):
            write_value(listing.cell(row=offset, column=index), value)
    for letter, size in zip("ABCDEF", (8, 8, 28, 10, 22, 90), strict=True):
        listing.column_dimensions[letter].width = size
    listing.freeze_panes = "A2"
    save_workbook(wb, target)
