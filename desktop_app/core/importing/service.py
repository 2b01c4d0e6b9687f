"""Check a file against its template and import it in one transaction (or not at all)."""

from __future__ import annotations

import gc
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop_app.core import problems as P
from desktop_app.core.clock import clock_verdict
from desktop_app.core.excel.reader import (
    OpenedWorkbook,
    WorkbookRejected,
    column_letter,
    open_workbook,
)
from desktop_app.core.excel.safety import Limits
from desktop_app.core.importing.base import ChecksTheFile, Planner, PlansInOrder, WriteCounts
from desktop_app.core.importing.devices import DevicesPlanner
from desktop_app.core.importing.handovers import HandoversPlanner
from desktop_app.core.importing.needs import NeedsPlanner
from desktop_app.core.importing.notes import restored_by_column, said_once
from desktop_app.core.importing.rows import ParsedRow, blank_value, on_sheet, parse_rows
from desktop_app.core.importing.sheets import (
    SheetRead,
    choose_sheets,
    legacy_sheets,
    prepare_sheet,
)
from desktop_app.core.importing.vaccinations import VaccinationsPlanner
from desktop_app.core.importing.vaccinations_wide import parse_wide
from desktop_app.core.jobs import JobState, SilentJob
from desktop_app.core.messages import Listing, LocalizedStr, Msg, msg
from desktop_app.core.safekeeping.backups import backup_before_import
from desktop_app.core.school import load_school
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction
from desktop_app.core.store.session import actor_of
from desktop_app.core.store.writer import BackgroundWriter
from desktop_app.core.templates.cells import UNIKEY_CHARSETS, CellContext, ColumnParsers
from desktop_app.core.templates.header import HeaderMatch
from desktop_app.core.templates.spec import (
    CodeLabel,
    Column,
    ColumnLabel,
    TemplateSpec,
    load_codelists,
    load_template,
)

# Changes handed to the writer thread at a time: large enough that the hand-over costs nothing,
# small enough that only a few parts are ever held in memory.
WRITE_PART = 10_000
# Rows checked against the others and the database at a time when the checks go in the file's
# order (base.PlansInOrder): about a part of changes for the writer (a student and their need).
PLAN_PART = 5_000
# The first parts are smaller (1,000 rows, then twice as many each time up to PLAN_PART) and each
# is handed to the writer at once: SQLite starts writing while the rest of the file is checked,
# instead of waiting for a whole part, and is kept busy while the parts grow.
FIRST_PART = 1_000


@dataclass
class ImportOptions:
    dry_run: bool = False
    partial: bool = False  # take the valid rows even when others have errors
    today: date | None = None
    as_of: date | None = None  # survey date for ages; defaults to today
    limits: Limits = field(default_factory=Limits)
    actor: str | None = None


@dataclass
class ImportReport:
    kind: str
    file: str
    rows_read: int = 0
    rows_valid: int = 0
    rows_imported: int = 0
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[P.Problem] = field(default_factory=list)
    # Every sheet that was read (one per class in many schools' files).
    sheets: list[SheetRead] = field(default_factory=list)
    # The PC's clock known wrong (core.clock): said with the report; dates were judged by the
    # best known date instead.
    clock_warning: Msg | None = None

    # The first sheet read, as the single-sheet callers (and the JSON's "sheet") know it.
    @property
    def sheet(self) -> str | None:
        return self.sheets[0].name if self.sheets else None

    @property
    def header_row(self) -> int | None:
        return self.sheets[0].header.header_row if self.sheets else None

    @property
    def raw_rows(self) -> list[list[Any]]:
        return self.sheets[0].raw_rows if self.sheets else []

    @property
    def header(self) -> HeaderMatch | None:
        return self.sheets[0].header if self.sheets else None

    def sheet_read(self, name: str | None) -> SheetRead | None:
        """The sheet of that name that was read (the first one for None)."""
        for sheet in self.sheets:
            if name is None or sheet.name == name:
                return sheet
        return None

    @property
    def file_error(self) -> bool:
        return any(p.is_error and p.row is None for p in self.problems)

    @property
    def errors(self) -> list[P.Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[P.Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def notes(self) -> list[P.Problem]:
        """What the clerk should know that changes nothing (footer left out, hidden rows)."""
        return [p for p in self.problems if p.severity == "info"]

    @property
    def exit_code(self) -> int:
        """0: no errors; 1: row errors; 2: the file itself could not be used."""
        if self.file_error:
            return 2
        return 1 if self.errors else 0

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": self.file,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "sheets": [sheet.as_dict() for sheet in self.sheets],
            "rows_read": self.rows_read,
            "rows_valid": self.rows_valid,
            "rows_imported": self.rows_imported,
            "dry_run": self.dry_run,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "problems": [p.as_dict(lang) for p in self.problems],
        }


def _planner(spec: TemplateSpec, db: Database, today: date, as_of: date) -> Planner:
    codelists = load_codelists()
    if spec.kind == "needs":
        return NeedsPlanner(spec, level=load_school(db).level, as_of=as_of, today=today)
    if spec.kind == "devices":
        return DevicesPlanner(spec, codelists)
    if spec.kind == "vaccinations":
        return VaccinationsPlanner(spec, today, level=load_school(db).level)
    return HandoversPlanner(spec, codelists, today)


def import_file(
    db: Database,
    kind: str,
    path: Path,
    options: ImportOptions | None = None,
    job: JobState | None = None,
) -> ImportReport:
    """Check ``path`` against template ``kind`` and, unless told not to, import it.

    All-or-nothing by default: a single row error and nothing is written. With ``partial``, the
    valid rows are written. Never raises for bad input: every problem is in the report.
    """
    with interpreter_tuned_for_import():
        return _import_file(db, kind, path, options or ImportOptions(), job or SilentJob())


# How often Python's lock passes between threads during an import (the default is 5 ms). The
# writer thread takes the lock back after each SQLite statement, several times a part, and
# waited up to the interval each time while this thread checked the next part. Measured on the
# 50k 17-column import, alternating: 5 ms 3.30–3.40 s, 0.5 ms 3.03–3.13 s (earlier code);
# 0.5 ms 2.49–2.52 s, 0.1 ms 2.42–2.46 s (now).
IMPORT_SWITCH_INTERVAL = 0.0001


@contextmanager
def interpreter_tuned_for_import() -> Iterator[None]:
    """For the import's time: Python's cycle collector kept from running (it would walk the
    hundreds of thousands of objects the import holds, again and again, and none of them form
    cycles), and the lock handed between threads sooner (``IMPORT_SWITCH_INTERVAL``). The state
    before is restored (the window's job system may have paused the collector already)."""
    enabled = gc.isenabled()
    interval = sys.getswitchinterval()
    gc.disable()
    sys.setswitchinterval(min(interval, IMPORT_SWITCH_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(interval)
        if enabled:
            gc.enable()


def _import_file(
    db: Database, kind: str, path: Path, options: ImportOptions, job: JobState
) -> ImportReport:
    verdict = clock_verdict(db)
    today = options.today or verdict.best_today
    as_of = options.as_of or today
    spec = load_template(kind)
    report = ImportReport(kind=kind, file=str(path), dry_run=options.dry_run)
    report.clock_warning = verdict.warning()
    found = _read_sheets(spec, path, options.limits, report)
    if found is None:
        return report

    planner = _planner(spec, db, today, as_of)
    context = CellContext(today=today, as_of=as_of, date1904=found.date1904)
    parsers = ColumnParsers(load_codelists(), context)
    if isinstance(planner, PlansInOrder) and not options.dry_run:
        return _import_in_parts(db, spec, planner, found, parsers, options, report, job)
    groups = [_parse_sheet(spec, sheet, found, parsers, planner.row_check, job)
              for sheet in found.sheets]  # fmt: skip
    parsed = [row for group in groups for row in group.rows]
    report.rows_read = lines(parsed)
    job.set_progress(0, 1, "plan")
    if options.dry_run:
        _plan_read_only(db.conn, planner, parsed)
        _collect(report, parsed, groups, planner)
        _keep_rows_shown(report)
        return report
    # A checked copy to go back to if the file turns out to be the wrong one.
    backup_before_import(db.conn)
    # Checks against the database and the write share one transaction: what was checked is
    # what gets written, and a failure anywhere leaves the database as it was.
    with write_transaction(db, checkpoint=False):
        planner.plan(parsed, db.conn)
        _collect(report, parsed, groups, planner)
        _keep_rows_shown(report)
        if report.errors and not options.partial:
            return report
        valid = [row for row in parsed if not row.has_errors]
        # Who signs it is known now: the records themselves may name them (who recorded a consent).
        changes = ChangeSet(actor_of(db.conn, options.actor), f"import:{kind}:{path.name}")
        job.set_progress(0, 1, "write")
        with BackgroundWriter(db.conn) as writer:
            changes.spill_to(writer.submit, WRITE_PART)
            counts = planner.write(valid, changes)
            writer.submit(changes.detach())
    report.created, report.updated, report.unchanged = (
        counts.created, counts.updated, counts.unchanged,
    )  # fmt: skip
    report.rows_imported = lines(valid)
    return report


def _parse_sheet(
    spec: TemplateSpec,
    sheet: SheetRead,
    found: _FoundSheets,
    parsers: ColumnParsers,
    row_check: Callable[[ParsedRow], None],
    job: JobState,
) -> _SheetRows:
    """A sheet's rows parsed and checked on their own (``row_check`` is called on each as it is
    parsed, after the problems the reader found on it are attached)."""
    many = len(found.sheets) > 1
    wide = bool(sheet.header.groups)  # a row per dose from each line of the sheet
    on_rows: dict[int, list[P.Problem]] = {}
    for problem in sheet.on_rows:  # found while reading the sheet: on the rows they are about
        on_rows.setdefault(problem.row or 0, []).append(problem)

    def check(row: ParsedRow) -> None:
        row.many_sheets = many
        row_check(row)
        if not wide:
            row.problems += on_rows.get(row.row, ())

    parse = parse_wide if wide else parse_rows
    rows, sheet_problems = parse(spec, sheet.raw_rows, sheet.header, parsers, sheet.formula_refs,
                                 job, check, sheet=sheet.name, headings=sheet.headings)  # fmt: skip
    if wide:  # said once, on the last of the line's rows
        _attach(sheet.on_rows, rows)
    sheet.rows_read = lines(rows)
    absent = _absent_columns(spec, sheet.header, parsers)
    return _SheetRows(sheet, rows, [*sheet.notes, *sheet_problems], absent)


class _Refused(Exception):
    """Rows had errors and the import is all or nothing: what was written is rolled back."""


def _import_in_parts(
    db: Database,
    spec: TemplateSpec,
    planner: Planner,
    found: _FoundSheets,
    parsers: ColumnParsers,
    options: ImportOptions,
    report: ImportReport,
    job: JobState,
) -> ImportReport:
    """The import of a template whose checks go in the file's order: each part of the file is
    checked and handed to the writer thread as soon as it is parsed, so that SQLite writes while
    the rest is read. Still one transaction: when the file turns out to have errors (and the
    import is all or nothing), everything written is rolled back."""
    assert isinstance(planner, PlansInOrder)
    kind, path = spec.kind, Path(report.file)
    valid: list[ParsedRow] = []
    counts = WriteCounts()
    backup_before_import(db.conn)  # a checked copy to go back to if the file is the wrong one
    try:
        with write_transaction(db, checkpoint=False):
            planner.prepare(db.conn)
            changes = ChangeSet(actor_of(db.conn, options.actor), f"import:{kind}:{path.name}")
            with BackgroundWriter(db.conn) as writer:
                changes.spill_to(writer.submit, WRITE_PART)
                pending: list[ParsedRow] = []
                refused = False
                part_size = min(FIRST_PART, PLAN_PART)

                raw_rows: list[list[Any]] = []  # the sheet being read

                def write_pending() -> None:
                    nonlocal refused, part_size
                    planner.plan_more(pending)
                    for row in pending:  # nothing will show a row without a problem: let it go
                        if not row.problems:
                            raw_rows[row.row - 1] = []
                    ready = [row for row in pending if not row.has_errors]
                    refused = refused or (len(ready) < len(pending) and not options.partial)
                    if not refused:  # once refused, the rest is only checked
                        part = planner.write(ready, changes)
                        counts.created += part.created
                        counts.updated += part.updated
                        counts.unchanged += part.unchanged
                        valid.extend(ready)
                        if part_size < PLAN_PART:  # one of the first parts: to the writer now
                            writer.submit(changes.detach())
                    part_size = min(2 * part_size, PLAN_PART)
                    pending.clear()

                def check(row: ParsedRow) -> None:
                    # The rows before this one are complete (the reader's problems on them):
                    # a full part goes to be checked against the others and written.
                    if len(pending) >= part_size:
                        write_pending()
                    planner.row_check(row)
                    pending.append(row)

                groups = []
                for sheet in found.sheets:
                    raw_rows = sheet.raw_rows
                    group = _parse_sheet(spec, sheet, found, parsers, check, job)
                    groups.append(group)
                    write_pending()  # the sheet's last rows
                # The stages the window names; its Cancel is honoured at each report, inside the
                # transaction, so a cancel rolls back everything written so far.
                job.set_progress(0, 1, "plan")
                job.set_progress(0, 1, "write")
                writer.submit(changes.detach())
                # The report is made while the writer finishes its last parts; a refusal leaves
                # the parts not yet written unwritten, and the transaction rolls back.
                parsed = [row for group in groups for row in group.rows]
                report.rows_read = lines(parsed)
                _collect(report, parsed, groups, planner)
                _keep_rows_shown(report)
                if report.errors and not options.partial:
                    raise _Refused()
    except _Refused:
        return report
    report.created, report.updated, report.unchanged = (
        counts.created, counts.updated, counts.unchanged,
    )  # fmt: skip
    report.rows_imported = lines(valid)
    return report


@dataclass
class _FoundSheets:
    sheets: list[SheetRead]
    date1904: bool = False  # the workbook counts its serial dates from 1904 (old Mac Excel)


@dataclass
class _SheetRows:
    sheet: SheetRead
    rows: list[ParsedRow]
    problems: list[P.Problem]  # the sheet's own (not a row's)
    absent: list[tuple[Column, LocalizedStr | None]]


def _read_sheets(
    spec: TemplateSpec, path: Path, limits: Limits, report: ImportReport
) -> _FoundSheets | None:
    """Open the file and find every sheet that holds the template's table (a school often keeps
    one sheet per class); file-level problems go in the report.

    Returns those sheets, or None when the file cannot be used at all.
    """
    date1904 = False
    try:
        with open_workbook(path, limits) as book:
            choice = choose_sheets(spec, book)
            chosen, others = choice.sheets, choice.others
            if not chosen:
                report.problems.append(
                    P.error(
                        "template_unknown",
                        template=spec.title.capitalize(),
                        required=", ".join(c.header for c in spec.required),
                    )
                )
                for where, legacy in legacy_sheets(book):  # why the header was not recognised
                    unikey = UNIKEY_CHARSETS[legacy]
                    report.problems.append(P.error("legacy_encoding", "legacy_sheet", sheet=where,
                                                   encoding=legacy, unikey=unikey))  # fmt: skip
                return None
            sheets = [prepare_sheet(spec, book, found) for found in chosen]
            date1904 = isinstance(book, OpenedWorkbook) and book.details.date1904
    except WorkbookRejected as rejected:
        report.problems.append(rejected.problem)
        return None
    report.sheets = sheets
    if others:
        report.problems.append(
            P.warning("sheets_not_read", sheets=", ".join(others), count=len(others),
                      read=", ".join(s.name for s in sheets))
        )  # fmt: skip
    if choice.hidden:
        report.problems.append(
            P.warning("sheets_hidden_not_read", sheets=", ".join(choice.hidden),
                      count=len(choice.hidden))
        )  # fmt: skip
    missing = False
    for sheet in sheets:
        header = sheet.header
        for field_name in header.missing:
            missing = True
            name = spec.column(field_name).header
            report.problems.append(
                P.error(
                    "column_missing",
                    column=name,
                    column_name=name,
                    sheet=sheet.name,
                    header_row=header.header_row,
                )
            )
        for index, text in header.unknown:
            report.problems.append(
                P.warning(
                    "unknown_column",
                    row=header.header_row,
                    cell=f"{column_letter(index)}{header.header_row}",
                    header=text,
                    letter=column_letter(index),
                    sheet=sheet.name,
                )
            )
    return None if missing else _FoundSheets(sheets, date1904)


def _plan_read_only(conn: sqlite3.Connection, planner: Planner, parsed: list[ParsedRow]) -> None:
    conn.execute("BEGIN")  # one consistent snapshot for all the reads
    try:
        planner.plan(parsed, conn)
    finally:
        conn.execute("ROLLBACK")


def _collect(
    report: ImportReport, parsed: list[ParsedRow], groups: list[_SheetRows], planner: Planner
) -> None:
    rows_problems = restored_by_column([p for row in parsed for p in row.problems])
    file_problems: list[P.Problem] = []
    for group in groups:
        file_problems += group.problems
        rows_problems, absent_problems = _absence(report.kind, group, rows_problems)
        file_problems += absent_problems
    if isinstance(planner, ChecksTheFile):
        file_problems += planner.file_problems(parsed)
    if len(groups) > 1:
        file_problems = said_once(file_problems)
    report.problems = in_report_order(
        [*report.problems, *file_problems, *rows_problems], [s.name for s in report.sheets]
    )
    report.rows_valid = lines(parsed) - lines([row for row in parsed if row.has_errors])


def _keep_rows_shown(report: ImportReport) -> None:
    """Of the file's rows, keep what the window and the error report show: the lines down to
    the header, and the rows with a problem. The others' cells are let go before the write (a
    200,000-row file's cells take a few hundred megabytes); their places stay, empty, so that a
    row's number still finds it."""
    for sheet in report.sheets:
        shown = {
            p.row for p in report.problems if p.row is not None and p.sheet in (None, sheet.name)
        }
        rows = sheet.raw_rows
        for index in range(sheet.header.header_row, len(rows)):
            if index + 1 not in shown:
                rows[index] = []


def _absence(
    kind: str, group: _SheetRows, rows_problems: list[P.Problem]
) -> tuple[list[P.Problem], list[P.Problem]]:
    """A sheet's absent columns said once each (rows' warnings they caused folded in)."""
    found: list[P.Problem] = []
    left_empty: list[Column] = []  # absent, nothing put in their place, no rule minds
    sheet = group.sheet.name
    count = lines(group.rows)
    for column, default in group.absent if group.rows else ():
        caused = [p for p in rows_problems if p.sheet == sheet and _caused_by_absence(p, column)]
        if caused:
            gone = {id(p) for p in caused}
            rows_problems = [p for p in rows_problems if id(p) not in gone]
        elif default is None:
            left_empty.append(column)
            continue
        found.append(_absent_problem(kind, column, default, count, caused))
    if left_empty:
        found.append(_left_empty_problem(kind, left_empty, count))
    return rows_problems, [on_sheet(p, sheet) for p in found]


def lines(rows: Sequence[ParsedRow]) -> int:
    """How many lines of the file these rows come from: a wide vaccination file gives a row per
    dose from one line per student, and the clerk counts the lines of the sheet."""
    return len({(row.sheet, row.row) for row in rows})


def _attach(problems: list[P.Problem], rows: list[ParsedRow]) -> None:
    """Problems found while reading the sheet go on the rows they are about (a row that turned
    out blank or a footer takes none)."""
    by_row = {row.row: row for row in rows}
    for problem in problems:
        row = by_row.get(problem.row or 0)
        if row is not None:
            row.problems.append(problem)


def _absent_columns(
    spec: TemplateSpec, header: HeaderMatch, parsers: ColumnParsers
) -> list[tuple[Column, LocalizedStr | None]]:
    """The template's (optional) columns this file does not have, each with what its rows take
    instead, as the clerk reads it (None: left empty)."""
    present = header.present
    absent = []
    for column in spec.columns:
        if column.type == "ignore" or column.field in present or column.keep_when_empty:
            continue
        value = blank_value(column, parsers.for_column(column))
        shown: LocalizedStr | None = None
        if value not in (None, ""):
            codelist = "yes_no" if column.type == "bool" else column.codelist
            shown = CodeLabel(codelist, str(value)) if codelist else LocalizedStr(value)
        absent.append((column, shown))
    return absent


def _caused_by_absence(problem: P.Problem, column: Column) -> bool:
    """A row's warning about a column the file does not have (so on no cell of it): the column's
    absence says it once for the file instead."""
    return (
        not problem.is_error
        and problem.row is not None
        and problem.cell is None
        and problem.column == column.header
    )


def _absent_problem(
    kind: str,
    column: Column,
    default: LocalizedStr | None,
    rows: int,
    caused: list[P.Problem],
) -> P.Problem:
    """One warning for the file: the column it lacks, how many rows took its default, and the
    warnings that this caused, counted (the first one shown) rather than repeated on every row."""
    message_id = "importing.column_absent." + ("default" if default is not None else "empty")
    params: dict[str, object] = {}
    if caused:
        message_id += ".caused"
        first = caused[0]
        params = {"warned": len(caused), "example_row": first.row,
                  "example": Msg(first.message_id, first.params)}  # fmt: skip
    return P.warning(
        "column_absent",
        message_id,
        column=column.header,
        column_name=ColumnLabel(kind, column.field),
        count=rows,
        default=default,
        **params,
    )


def _left_empty_problem(kind: str, columns: list[Column], rows: int) -> P.Problem:
    """The optional columns the file lacks that change nothing but leave their cells empty
    (Ghi chú, Địa chỉ…): one warning for all of them."""
    if len(columns) == 1:
        return _absent_problem(kind, columns[0], None, rows, [])
    return P.warning(
        "column_absent",
        "importing.column_absent.empty_many",
        column=", ".join(c.header for c in columns),
        columns=Listing(ColumnLabel(kind, c.field) for c in columns),
        count=rows,
    )


_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def in_report_order(problems: Iterable[P.Problem], sheets: Sequence[str] = ()) -> list[P.Problem]:
    """Errors first, then warnings (then anything milder); within each, the file's own problems
    first, then by sheet (in ``sheets``' order), row and cell, the order of the file otherwise
    kept."""
    problems = list(problems)
    position = {name: index for index, name in enumerate(sheets)}
    for problem in problems:  # sheets not named: in the order they first come
        if problem.sheet is not None:
            position.setdefault(problem.sheet, len(position))

    def order(problem: P.Problem) -> tuple[int, int, int, int, int, str]:
        cell = problem.cell or ""
        letters = "".join(ch for ch in cell if ch.isalpha())
        rank = _SEVERITY_ORDER.get(problem.severity, len(_SEVERITY_ORDER))
        sheet = position.get(problem.sheet, -1) if problem.sheet is not None else -1
        whole = 0 if problem.row is None else 1
        return (rank, whole, sheet, problem.row or 0, len(letters), letters)

    return sorted(problems, key=order)


SPREADSHEET_SUFFIXES = (".xlsx", ".xls", ".ods", ".csv")  # what the file dialog offers too


def check_source(text: str) -> tuple[Path | None, Msg | None]:
    """A path the clerk typed or pasted: the file, or why it cannot be imported (it does not
    exist, is a folder, is not a spreadsheet, cannot be read). Quotes around it (as Windows'
    "Copy as path" gives) are dropped."""
    cleaned = text.strip().strip('"').strip("'").strip()
    if not cleaned:
        return None, msg("importing.path.empty")
    path = Path(cleaned).expanduser()
    if path.is_dir():
        return None, msg("importing.path.folder", path=cleaned)
    if not path.is_file():
        return None, msg("importing.path.not_found", path=cleaned)
    if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
        return None, msg("importing.path.not_spreadsheet", name=path.name)
    try:
        with path.open("rb") as stream:
            stream.read(1)
    except OSError:
        return None, msg("importing.path.unreadable", name=path.name)
    return path, None
