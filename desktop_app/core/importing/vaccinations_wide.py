"""Template 4.9.1's wide layout: one row per student, the doses side by side.

Many schools keep their vaccination list as one row per student with a group of columns per
dose ("Mũi 1 - Ngày tiêm", "Mũi 1 - Loại vắc-xin", "Mũi 2 - Ngày tiêm" …, or "Ngày tiêm mũi 1",
"M1 ngày tiêm", "Mũi 1" merged over "Ngày tiêm | Vắc-xin"). The header search knows such a
column by ``dose_column``; ``parse_wide`` then reads each dose group as the ordinary parser reads
a row of the template (one row per dose), so that the planner and the rules see the same rows
whichever layout the file has, and every problem names the file's real row and cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from desktop_app.core import problems as P
from desktop_app.core.excel.reader import column_letter
from desktop_app.core.importing.rows import ParsedRow, parse_rows
from desktop_app.core.jobs import JobState
from desktop_app.core.templates.cells import ColumnParsers
from desktop_app.core.templates.header import HeaderMatch, Repeated
from desktop_app.core.templates.spec import TemplateSpec
from desktop_app.core.text import search_key

GROUP_FIELD = "dose_no"
MAX_DOSES = 9
# "mui 1", "mui thu 2", "mui so 3", "m1", "lan 2", "lan tiem 2", "dose 1" (after search_key).
_DOSE = re.compile(r"\b(?:mui|m|lan|dose)\s*(?:tiem\s*)?(?:thu\s*|so\s*)?([1-9])\b")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
# The words that name a dose's field, tried in order (the more specific first).
_FIELD_WORDS: tuple[tuple[str, str], ...] = (
    ("co so", "facility"),
    ("don vi", "facility"),
    ("diem tiem", "facility"),
    ("noi", "place"),
    ("dia diem", "place"),
    ("so lo", "lot_no"),
    ("lo", "lot_no"),
    ("ngay", "vaccinated_on"),
    ("vac xin", "vaccine"),
    ("vacxin", "vaccine"),
    ("vaccine", "vaccine"),
    ("vac cin", "vaccine"),
    ("loai", "vaccine"),
    ("thuoc", "vaccine"),
    ("ghi chu", "note"),
)


def dose_column(text: str) -> tuple[str, int] | None:
    """A wide file's header as (field, dose number): "Mũi 2 - Ngày tiêm" → ("vaccinated_on", 2);
    None for any other header (the long layout's "Mũi tiêm số" has no number)."""
    key = _NOT_WORD.sub(" ", search_key(text)).strip()
    match = _DOSE.search(key)
    if match is None:
        return None
    rest = f" {_DOSE.sub(' ', key)} "
    rest = " ".join(rest.split())
    padded = f" {rest} "
    for words, name in _FIELD_WORDS:
        if f" {words} " in padded:
            return name, int(match.group(1))
    return None


WIDE = Repeated(GROUP_FIELD, dose_column)


def group_header(number: int, header: str) -> str:
    """A dose group's column as the clerk is told of it: "Mũi 2 - Ngày tiêm"."""
    return f"Mũi {number} - {header}"


def parse_wide(
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
    """``parse_rows`` for a wide sheet: a row per filled dose group of each row, in the file's
    order (row 7's doses 1, 2, then row 8's). An empty group is no dose; a half-filled one has
    ``required`` errors on its empty cells. A problem of a column every group shares (a wrong
    birth date) is said once, on the row's first dose."""
    numbers = sorted({number for _, number in header.groups.values()})
    by_group: list[list[ParsedRow]] = []
    sheet_problems: list[P.Problem] = []
    for number in numbers:
        own = {i: name for i, (name, n) in header.groups.items() if n == number}
        shared = {i: name for i, name in header.columns.items()
                  if name not in own.values() and name != GROUP_FIELD}  # fmt: skip
        sub = replace(header, columns={**shared, **own}, groups={}, group_field=None,
                      unknown=[], missing=[], joined={})  # fmt: skip
        parsed, problems = parse_rows(spec, rows, sub, parsers, formula_refs, job, None,
                                      sheet=sheet, headings=headings)  # fmt: skip
        if not sheet_problems:
            sheet_problems = problems  # the footer, totals, headings: the same for every group
        names = {column_letter(i): group_header(number, spec.column(name).header)
                 for i, name in own.items()}  # fmt: skip
        date_letter = next((column_letter(i) for i, n in own.items() if n == "vaccinated_on"),
                           None)  # fmt: skip
        letters = dict(parsed[0].letters) if parsed else {}
        if date_letter is not None:  # the dose's number is its group's: said on its date
            letters[GROUP_FIELD] = date_letter
        headers = {name: names[column_letter(i)] for i, name in own.items()}
        if date_letter is not None:
            headers[GROUP_FIELD] = names[date_letter]
        kept = []
        for row in parsed:
            cells = rows[row.row - 1]
            if all(_blank(cells[i] if i < len(cells) else "") for i in own):
                continue  # no dose in this group
            row.values[GROUP_FIELD] = number
            row.letters, row.headers = letters, headers
            row.problems = [_named(p, names) for p in row.problems]
            kept.append(row)
        by_group.append(kept)
    ordered = sorted((row for group in by_group for row in group), key=lambda r: r.row)
    _said_once_per_row(ordered)
    if row_check is not None:
        for row in ordered:
            row_check(row)
    return ordered, sheet_problems


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _named(problem: P.Problem, names: dict[str, str]) -> P.Problem:
    """A problem on a dose group's cell, named as the group's column ("Mũi 2 - Ngày tiêm")."""
    if problem.cell is None:
        return problem
    letters = "".join(ch for ch in problem.cell if ch.isalpha())
    name = names.get(letters)
    if name is None:
        return problem
    params = dict(problem.params)
    if "column_name" in params:
        params["column_name"] = name
    return replace(problem, column=name, params=params)


def _said_once_per_row(rows: Sequence[ParsedRow]) -> None:
    """The shared columns' problems (the student's name, birth date…) of a file row, said on
    its first dose only; an error there still holds back the row's other doses."""
    seen: set[tuple[int, str | None, str | None, str]] = set()
    for row in rows:
        kept = []
        for problem in row.problems:
            key = (row.row, problem.cell, problem.code, problem.message_id)
            if key in seen:
                row.held = row.held or problem.is_error
                continue
            seen.add(key)
            kept.append(problem)
        row.problems = kept
