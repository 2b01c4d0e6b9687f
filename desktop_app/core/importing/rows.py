"""The template-independent pass over a sheet below its header: parse every cell and collect
problems with exact Excel rows and cells."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Any

from desktop_app.core import problems as P
from desktop_app.core.excel.closing import is_closing_row
from desktop_app.core.excel.reader import column_letter
from desktop_app.core.jobs import Cancelled, JobState
from desktop_app.core.rules.findings import Finding
from desktop_app.core.templates.cells import ColumnParsers, Doubtful, Invalid, problem_from
from desktop_app.core.templates.header import HeaderMatch
from desktop_app.core.templates.spec import Column, TemplateSpec
from desktop_app.core.text import search_key

_CELL_REF = re.compile(r"([A-Z]+)([0-9]+)")
# "Tổng cộng", "Tổng số: 35 học sinh", "Cộng: 12", "Cộng lớp 6A1": a total under (or inside) the
# list, not a record. A word alone or followed by a number or "lớp", so "Tống Văn An" is a name.
_TOTAL = re.compile(r"(tong cong|tong so|tong|cong)(?: (?:\d.*|lop\b.*|hoc sinh.*|thiet bi.*))?")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
# "KHỐI 6", "Lớp 7A1:", "Khối 6 - lớp 6A1": a group heading alone on its row inside the list.
_HEADING = re.compile(r"(khoi|lop) [0-9a-z]{1,4}(?: (?:lop )?[0-9a-z]{1,4})?")
PROGRESS_EVERY = 2000
# Texts of a column remembered with their value (see parse_rows): enough for every repeated
# value of a school's file; a column of unique texts (names, codes) stops there.
_SEEN_LIMIT = 4096
_ZERO_PADDED = ("citizen_id", "phone")  # codes Excel may have stored as numbers


@dataclass(slots=True)
class ParsedRow:
    row: int  # Excel row number
    values: dict[str, Any]
    letters: dict[str, str]  # field -> column letter, to name cells in problems
    problems: list[P.Problem] = field(default_factory=list)
    action: Any = None  # what the planner decided to write for this row
    sheet: str | None = None
    many_sheets: bool = False  # rows of several sheets are imported together
    # The file's own names of some columns, where the template's would mislead: a wide file's
    # "Mũi 2 - Ngày tiêm" (one row of it gives a row per dose).
    headers: dict[str, str] | None = None
    # Refused with another row read from the same line of the file, whose error is said there
    # once (a wide file's wrong birth date holds back every dose of its row).
    held: bool = False

    @property
    def has_errors(self) -> bool:
        if not self.problems:  # most rows: no generator to make
            return self.held
        return self.held or any(p.is_error for p in self.problems)

    @property
    def place(self) -> int | str:
        """The row as another row's message names it: "12", or "12 (6A2)" when the rows come
        from several sheets (row numbers repeat from one sheet to the next)."""
        return f"{self.row} ({self.sheet})" if self.many_sheets else self.row

    def cell(self, field_name: str) -> str | None:
        letter = self.letters.get(field_name)
        return f"{letter}{self.row}" if letter else None

    def add_finding(self, finding: Finding, header: str) -> None:
        """A rule's finding, put on this row's cell of its field."""
        self.add(finding.severity, finding.code, finding.msg.id, finding.field, header,
                 **finding.msg.params)  # fmt: skip

    def add(
        self, severity: str, code: str, message_id: str, field_name: str, header: str, **params: Any
    ) -> None:
        make = P.error if severity == "error" else P.warning
        if self.headers is not None:
            header = self.headers.get(field_name, header)
        self.problems.append(
            make(
                code,
                message_id,
                row=self.row,
                cell=self.cell(field_name),
                column=header,
                sheet=self.sheet,
                **params,
            )
        )


def _formula_cells_by_row(refs: set[str]) -> dict[int, set[int]]:
    by_row: dict[int, set[int]] = {}
    for ref in refs:
        match = _CELL_REF.fullmatch(ref)
        if not match:
            continue
        letters, number = match.groups()
        index = 0
        for ch in letters:
            index = index * 26 + ord(ch) - 64
        by_row.setdefault(int(number), set()).add(index - 1)
    return by_row


def _blank_row_formulas(
    excel_row: int, formula_columns: set[int] | tuple[()], ignored: set[int]
) -> list[P.Problem]:
    """A numbering formula (STT) in an otherwise blank row: say so, never drop it silently."""
    return [
        P.warning(
            "formula_no_value",
            row=excel_row,
            cell=f"{column_letter(index)}{excel_row}",
            formula_hint="",
        )
        for index in formula_columns
        if index in ignored
    ]


def _empty_cell(
    row: ParsedRow, column: Column, index: int, formula_columns: set[int] | tuple[()], default: Any
) -> Any:
    """The value of an empty cell, or a problem when it must not be empty."""
    cell = f"{column_letter(index)}{row.row}"
    if index in formula_columns:  # calamine reads a formula without cached value as empty
        row.problems.append(
            P.error(
                "formula_no_value", row=row.row, cell=cell, column=column.header, formula_hint=""
            )
        )
        return None
    if _must_be_filled(column):
        row.problems.append(
            P.error(
                "required", row=row.row, cell=cell, column=column.header, column_name=column.header
            )
        )
        return None
    return default


def restore_width(value: float | int, width: int) -> str:
    """A code stored as a number shown with a zero-padding format ("0000000000"): its digits."""
    return str(int(value)).zfill(width)


def _check_restored(row: ParsedRow, column: Column, index: int, raw: float, value: str) -> None:
    """A code Excel stored as a number lost its leading zeros: restored, and said so."""
    digits = str(int(raw))
    if value != digits and value.lstrip("0") == digits:
        row.problems.append(
            P.warning(
                "leading_zeros_restored",
                row=row.row,
                cell=f"{column_letter(index)}{row.row}",
                column=column.header,
                value=digits,
                restored=value,
            )
        )


def _must_be_filled(column: Column) -> bool:
    """Required, except a yes/no column: it is often filled as "x" or blank, and blank is "Không"."""
    return column.required and column.type != "bool"


def blank_value(column: Column, parse: Callable[[Any], Any]) -> Any:
    """What an empty cell means: the template's default, "Không" for a yes/no column, else None."""
    if column.default:
        return parse(column.default)
    return parse("Không") if column.type == "bool" else None


def total_row_text(cells: Sequence[Any]) -> str | None:
    """The text of a total row ("Tổng cộng: 35"): its first filled cell says it is one."""
    for cell in cells:
        if cell is None or cell == "":
            continue
        if not isinstance(cell, str):
            return None
        key = _NOT_WORD.sub(" ", search_key(cell)).strip()
        return cell.strip() if _TOTAL.fullmatch(key) else None
    return None


def heading_row_text(cells: Sequence[Any]) -> str | None:
    """The text of a group heading ("KHỐI 6", "Lớp 7A1") that is the only filled cell of its
    row; None for any other row (checked in a few steps for an ordinary row)."""
    found: str | None = None
    for cell in cells:
        if cell is None or cell == "":
            continue
        if found is not None or not isinstance(cell, str):
            return None
        found = cell
    if found is None:
        return None
    key = _NOT_WORD.sub(" ", search_key(found)).strip()
    return found.strip() if _HEADING.fullmatch(key) else None


@dataclass
class TableEnd:
    """Where the list ended and what was under it (not records): said once to the clerk."""

    totals: list[int] = field(default_factory=list)  # Excel rows of "Tổng cộng" lines
    headings: list[tuple[int, str]] = field(default_factory=list)  # ("KHỐI 6" rows, text)
    closing_row: int | None = None  # first row of the signature block, place and date
    rows_below: int = 0  # rows holding something from the closing down, not read

    def notes(self, sheet: str | None) -> list[P.Problem]:
        found = []
        if self.totals:
            rows = ", ".join(str(r) for r in self.totals[:5]) + (
                "…" if len(self.totals) > 5 else ""
            )
            found.append(P.info("table_footer", "table_footer.totals", rows=rows,
                                count=len(self.totals), sheet=sheet))  # fmt: skip
        if self.closing_row is not None:
            found.append(P.info("table_footer", "table_footer.closing",
                                closing=str(self.closing_row), below=self.rows_below,
                                sheet=sheet))  # fmt: skip
        if self.headings:
            rows = ", ".join(str(r) for r, _ in self.headings[:5])
            found.append(P.info("section_headings", rows=rows + ("…" if len(self.headings) > 5
                                else ""), example=self.headings[0][1],
                                count=len(self.headings), sheet=sheet))  # fmt: skip
        return found


def _is_blank(value: Any) -> bool:
    return value == "" or value is None or (isinstance(value, str) and not value.strip())


def parse_rows(
    spec: TemplateSpec,
    rows: Sequence[Sequence[Any]],
    header: HeaderMatch,
    parsers: ColumnParsers,
    formula_refs: set[str],
    job: JobState,
    row_check: Callable[[ParsedRow], None] | None = None,
    sheet: str | None = None,
    headings: dict[int, str] | None = None,
) -> tuple[list[ParsedRow], list[P.Problem]]:
    """Every non-blank data row below the header, parsed; plus file-level problems found on the
    way. Total rows and group headings (``headings``: Excel row -> text, known from the file's
    merged cells, or found by their words) are skipped and the signature block ends the table
    (said once, as notes)."""
    known_headings = headings or {}
    by_field = {c.field: c for c in spec.columns}
    mapped: list[tuple[int, Column, Callable[[Any], Any]]] = [
        (index, by_field[name], parsers.for_column(by_field[name]))
        for index, name in sorted(header.columns.items())
        if by_field[name].type != "ignore"
    ]
    letters = {column.field: column_letter(index) for index, column, _ in mapped}
    defaults = [  # the template's columns this file does not have
        (column.field, blank_value(column, parsers.for_column(column)))
        for column in spec.columns
        if column.type != "ignore" and column.field not in letters
    ]
    formulas = _formula_cells_by_row(formula_refs)
    ignored = {i for i, name in header.columns.items() if by_field[name].type == "ignore"}
    sheet_problems: list[P.Problem] = []
    parsed: list[ParsedRow] = []
    total = len(rows) - header.header_row
    memos: list[dict[str, tuple[str, Any]]] = [{} for _ in mapped]
    plan = [
        (i, c.field, parse, c.type in _ZERO_PADDED, memo)
        for (i, c, parse), memo in zip(mapped, memos, strict=True)
    ]
    required = {c.field for _, c, _ in mapped if _must_be_filled(c)}
    default_of = {c.field: blank_value(c, parse) for _, c, parse in mapped}
    need_width = max((i for i, *_ in plan), default=-1) + 1
    end = TableEnd()
    # Not a slice: a row the import lets go of once written (see service) is then freed.
    for offset, cells in enumerate(islice(rows, header.header_row, None)):
        if offset % PROGRESS_EVERY == 0:
            if job.is_cancelled():
                raise Cancelled()
            job.set_progress(offset, total, "check")
        excel_row = header.header_row + offset + 1
        formula_columns = formulas.get(excel_row, ())
        raw: list[Any] = (
            cells  # the reader gives lists
            if len(cells) >= need_width and cells.__class__ is list
            else [*cells, *[""] * (need_width - len(cells))]
        )
        if all(_is_blank(raw[i]) for i, *_ in plan) and not any(
            i in formula_columns for i, *_ in plan
        ):
            if total_row_text(cells) is not None:  # "Cộng lớp 6A1: 2" typed in the STT column
                end.totals.append(excel_row)
                continue
            heading = known_headings.get(excel_row) or heading_row_text(cells)
            if heading is not None:  # "KHỐI 6" in the STT column, merged across
                end.headings.append((excel_row, heading))
                continue
            sheet_problems.extend(_blank_row_formulas(excel_row, formula_columns, ignored))
            continue
        if is_closing_row(cells):
            # The place and date and the signatures under the table: the table has ended.
            end.closing_row = excel_row
            end.rows_below = sum(
                1 for rest in rows[excel_row - 1 :] if not all(_is_blank(v) for v in rest)
            )
            break
        if total_row_text(cells) is not None:
            end.totals.append(excel_row)
            continue
        heading = known_headings.get(excel_row) or heading_row_text(cells)
        if heading is not None:
            end.headings.append((excel_row, heading))
            continue
        row = ParsedRow(excel_row, {}, letters, sheet=sheet)
        values = row.values
        # The fast path (a filled cell that parses) stays tight; everything else is in _slow_cell.
        for index, name, parse, zero_padded, seen in plan:
            value = raw[index]
            if value.__class__ is str:
                # A text seen before in this column: its value, and the file's row keeps the
                # one copy of the text (a 200,000-row file repeats "Nam", "6A1", "Hộ nghèo"…).
                known = seen.get(value)
                if known is not None:
                    raw[index], values[name] = known
                    continue
            if value == "" or (value.__class__ is str and value.isspace()):
                if formula_columns or name in required:
                    values[name] = _empty_cell(
                        row, by_field[name], index, formula_columns, default_of[name]
                    )
                else:
                    values[name] = default_of[name]
                continue
            try:
                values[name] = parse(value)
            except Doubtful as exc:  # reads well, but may be something else: said, and kept
                cell = f"{column_letter(index)}{excel_row}"
                row.problems.append(problem_from(exc, row=excel_row, cell=cell,
                                                 column=by_field[name], severity="warning"))  # fmt: skip
                values[name] = exc.kept
                continue
            except Invalid as exc:
                cell = f"{column_letter(index)}{excel_row}"
                row.problems.append(
                    problem_from(exc, row=excel_row, cell=cell, column=by_field[name])
                )
                values[name] = None
                continue
            if zero_padded and (value.__class__ is float or value.__class__ is int):
                _check_restored(row, by_field[name], index, value, values[name])
            elif value.__class__ is str and len(seen) < _SEEN_LIMIT:
                seen[value] = (value, values[name])
        for name, default in defaults:
            values[name] = default
        if row_check is not None:
            row_check(row)
        parsed.append(row)
    job.set_progress(total, total, "check")
    sheet_problems.extend(end.notes(sheet))
    if sheet is not None:  # every problem names its sheet
        sheet_problems = [on_sheet(p, sheet) for p in sheet_problems]
        for row in parsed:
            row.problems = [on_sheet(p, sheet) for p in row.problems]
    return parsed, sheet_problems


def on_sheet(problem: P.Problem, sheet: str) -> P.Problem:
    return problem if problem.sheet == sheet else replace(problem, sheet=sheet)
