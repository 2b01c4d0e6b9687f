"""Read a spreadsheet with python-calamine, after the safety scan, keeping Excel's row numbers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook, SheetVisibleEnum

from desktop_app.core import problems as P
from desktop_app.core.excel.csv_file import CsvWorkbook, looks_like_workbook, open_csv
from desktop_app.core.excel.details import WorkbookDetails, read_details
from desktop_app.core.excel.safety import FileFacts, Limits, UnsafeFile, inspect_file

Cell = Any  # str | float | bool | date | datetime | time | timedelta; "" for an empty cell


@dataclass
class OpenedWorkbook:
    path: Path
    facts: FileFacts
    book: CalamineWorkbook
    _details: WorkbookDetails | None = None
    _reading: threading.Thread | None = None

    def read_details_meanwhile(self) -> None:
        """Start reading the details on another thread. calamine reads the sheets without
        holding Python's lock, so the two overlap; the details are asked for after the rows."""

        def read() -> None:
            self._details = read_details(self.path, self.facts.format)  # never raises

        self._reading = threading.Thread(target=read, name="songmay-details", daemon=True)
        self._reading.start()

    def finish_reading(self) -> None:
        if self._reading is not None:
            self._reading.join()
            self._reading = None

    @property
    def details(self) -> WorkbookDetails:
        """Error values, merged cells, number formats, hidden rows: read once, when asked."""
        self.finish_reading()
        if self._details is None:
            self._details = read_details(self.path, self.facts.format)
        return self._details

    @property
    def sheet_names(self) -> list[str]:
        return list(self.book.sheet_names)

    def is_hidden(self, sheet: str) -> bool:
        """Hidden (or very hidden) in Excel: a lookup table a formula reads, not a list."""
        for meta in self.book.sheets_metadata:
            if meta.name == sheet:
                return meta.visible != SheetVisibleEnum.Visible
        return False

    def rows(self, sheet: str) -> list[list[Cell]]:
        """All rows of a sheet; ``rows[i]`` is Excel row ``i + 1`` (empty leading rows kept)."""
        data: list[list[Cell]] = self.book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        return data

    def formula_cells(self, sheet: str) -> set[str]:
        return set(self.facts.formulas_without_value.get(sheet, ()))


class WorkbookRejected(Exception):
    """The file cannot be read; ``problem`` says why, in the clerk's words."""

    def __init__(self, problem: P.Problem) -> None:
        super().__init__(problem.message_id)
        self.problem = problem


def _rejection(exc: UnsafeFile, limits: Limits) -> P.Problem:
    detail: dict[str, int | float | str] = dict(exc.detail)
    mb = 1024 * 1024
    if exc.reason == "too_large":
        detail.setdefault("limit_mb", limits.max_file_bytes // mb)
        detail["actual_mb"] = round(int(detail.get("actual", 0)) / mb, 1)
    if exc.reason == "inflated_too_large":
        detail["limit_mb"] = limits.max_inflated_bytes // mb
    return P.error("file_unreadable", f"file.{exc.reason}", **detail)


@contextmanager
def open_workbook(
    path: Path, limits: Limits | None = None
) -> Iterator[OpenedWorkbook | CsvWorkbook]:
    """Scan the file for hostile content, then open it; raises WorkbookRejected."""
    limits = limits or Limits()
    if not path.is_file():
        raise WorkbookRejected(P.error("file_unreadable", "file.missing", file=str(path)))
    if path.suffix.lower() == ".csv" and not looks_like_workbook(path):
        try:
            csv_book = open_csv(path, limits)  # text: no safety scan, no calamine
        except UnsafeFile as exc:
            raise WorkbookRejected(_rejection(exc, limits)) from exc
        yield csv_book
        return
    try:
        facts = inspect_file(path, limits)
    except UnsafeFile as exc:
        raise WorkbookRejected(_rejection(exc, limits)) from exc
    try:
        # By content, not by extension (from_path trusts the extension): an .xlsx saved with
        # an .ods name still opens. The safety scan has capped the size this reads. When the
        # name agrees with the content, from_path (no copy through Python: a little faster).
        if path.suffix.lower() == f".{facts.format}":
            book = CalamineWorkbook.from_path(str(path))
        else:
            with path.open("rb") as handle:
                book = CalamineWorkbook.from_filelike(handle)
    except Exception as exc:  # calamine raises its own error types for every broken format
        raise WorkbookRejected(
            P.error("file_unreadable", "file.unreadable", detail=type(exc).__name__)
        ) from exc
    opened = OpenedWorkbook(path, facts, book)
    opened.read_details_meanwhile()
    try:
        yield opened
    finally:
        opened.finish_reading()  # the file is let go of before the caller goes on
        book.close()


def column_letter(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
