"""Public types of the safety scan (re-exported by ``__init__``) and what its modules share:
``_corrupt``, the row/column tally of the sheet scanners and the streaming expat parser."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal
from xml.parsers import expat

Reason = Literal[
    "empty",
    "too_large",
    "not_a_spreadsheet",
    "encrypted",
    "corrupt",
    "inflated_too_large",
    "too_many_rows",
    "too_many_columns",
    "too_many_cells",
]


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * 1024 * 1024  # on disk
    max_inflated_bytes: int = 400 * 1024 * 1024  # all zip members together, counted while inflating
    max_rows: int = 200_000  # rows in any one sheet
    max_columns: int = 200  # columns in any one sheet
    max_cells: int = 10_000_000  # max_row_index * max_column_index of any sheet


class UnsafeFile(Exception):
    """The file must not be handed to python-calamine.

    ``reason`` is stable (see :data:`Reason`); ``detail`` carries what a message needs:

    * ``too_large``: ``limit``, ``actual`` (bytes on disk).
    * ``inflated_too_large``: ``limit``, ``actual`` (bytes inflated when we stopped, so a
      lower bound), ``member``.
    * ``too_many_rows`` / ``too_many_columns``: ``sheet``, ``limit``, ``actual``.
      ``too_many_cells``: ``sheet``, ``limit``, ``actual`` (= ``rows`` x ``columns``).
      For ordinary xlsx files the numbers are the sheet's real ones; for ods and for xlsx
      files that need the slow exact scan the scan stops at the first number over the
      limit, so ``actual`` is then a lower bound.  When one of those slow scans meets far
      more XML than the sheet's cells justify (padding meant to waste time) it stops with
      ``too_many_cells`` and ``problem`` ("too_many_elements", "repeated_cells") instead
      of numbers.
    * ``not_a_spreadsheet``: ``detected`` ("pdf", "text", "image", "xml_or_html", "docx",
      "pptx", "odf", "xlsb", "ole2", "unknown").
    * ``encrypted``: ``container`` ("ooxml", "zip", "ods").
    * ``corrupt``: ``problem`` (a short code such as "no_central_directory", "bad_crc",
      "size_mismatch", "truncated", "bad_xml"), sometimes ``member`` - for logs.
    * ``empty``: nothing.
    """

    def __init__(self, reason: Reason, detail: dict[str, int | str] | None = None) -> None:
        self.reason: Reason = reason
        self.detail: dict[str, int | str] = dict(detail or {})
        super().__init__(f"{reason}: {self.detail}" if self.detail else reason)


@dataclass(frozen=True)
class FileFacts:
    format: str  # "xlsx" | "xls" | "ods"
    size_bytes: int
    # sheet name -> refs ("D7") of formula cells without a cached value (xlsx only; calamine
    # reads those as empty).  Only sheets that have some are listed; at most 100,000 each.
    formulas_without_value: dict[str, list[str]]
    # sheet name -> highest row index seen (xlsx: any <row r>/<c r>, rows without r counted
    # sequentially; ods: last row holding a value, repeats included).  Empty for xls.
    sheet_rows: dict[str, int]


_GIANT_TOKEN: Final = 4 << 20  # bytes without a '<' before an XML stream is called corrupt
_EXCEL_MAX_ROWS: Final = 1_048_576
_EXCEL_MAX_COLUMNS: Final = 16_384
_MAX_FORMULA_REFS: Final = 100_000  # per sheet; more says nothing new and costs memory
# Work caps for the expat scans (~1-2 us per element in Python handlers).  Legitimate files
# stay far below the relative caps; the absolute ones bound a crafted file to a few seconds.
_SLACK: Final = 500_000


def _corrupt(problem: str, member: str | None = None, **extra: int | str) -> UnsafeFile:
    detail: dict[str, int | str] = {"problem": problem}
    if member is not None:
        detail["member"] = member
    detail.update(extra)
    return UnsafeFile("corrupt", detail)


class _SheetTally:
    """Row/column bookkeeping shared by the sheet scanners.

    ``strict`` tallies raise as soon as a limit is passed (the expat and ods scans, whose
    worst case is slow), so their ``actual`` is a lower bound; the fast xlsx scan finishes
    the sheet first and reports the real numbers."""

    def __init__(self, limits: Limits, sheet: str, *, strict: bool) -> None:
        self.limits = limits
        self.sheet = sheet
        self.strict = strict
        self.rows = 0  # <row> elements
        self.max_row = 0  # highest 1-based row index seen
        self.max_col = 0  # highest 1-based column index seen
        self.formulas: list[str] = []

    def count_rows(self, n: int) -> None:
        self.rows += n
        if self.rows > self.limits.max_rows and (self.strict or self.rows > _EXCEL_MAX_ROWS):
            self.check()

    def note(self, row: int, col: int) -> None:
        changed = False
        if row > self.max_row:
            self.max_row = row
            changed = True
        if col > self.max_col:
            self.max_col = col
            changed = True
        # Past what Excel itself can save the file is forged: no need for exact numbers, and
        # stopping now bounds the work a hostile file can ask for.
        if changed and (
            self.strict or self.max_row > _EXCEL_MAX_ROWS or self.max_col > _EXCEL_MAX_COLUMNS
        ):
            self.check()

    def add_formula(self, ref: str) -> None:
        if len(self.formulas) < _MAX_FORMULA_REFS:
            self.formulas.append(ref)

    def check(self) -> None:
        limits = self.limits
        rows = max(self.rows, self.max_row)
        if rows > limits.max_rows:
            raise self._error("too_many_rows", limits.max_rows, rows)
        if self.max_col > limits.max_columns:
            raise self._error("too_many_columns", limits.max_columns, self.max_col)
        if self.max_row * self.max_col > limits.max_cells:
            raise UnsafeFile(
                "too_many_cells",
                {
                    "sheet": self.sheet,
                    "limit": limits.max_cells,
                    "actual": self.max_row * self.max_col,
                    "rows": self.max_row,
                    "columns": self.max_col,
                },
            )

    def _error(self, reason: Reason, limit: int, actual: int) -> UnsafeFile:
        return UnsafeFile(reason, {"sheet": self.sheet, "limit": limit, "actual": actual})


class _ExpatStream:
    """Streaming expat parser: bounded memory, no DTD, no giant tokens."""

    def __init__(self, max_elements: int) -> None:
        self._parser = expat.ParserCreate()
        self._parser.buffer_text = True
        self._parser.StartDoctypeDeclHandler = self._refuse_doctype
        self._parser.EntityDeclHandler = self._refuse_entity
        self._since_lt = 0
        self._elements = 0
        self._max_elements = max_elements

    def too_much_work(self, sheet: str, problem: str) -> UnsafeFile:
        return UnsafeFile("too_many_cells", {"sheet": sheet, "problem": problem})

    def feed(self, chunk: bytes) -> None:
        last = chunk.rfind(b"<")
        self._since_lt = self._since_lt + len(chunk) if last == -1 else len(chunk) - last
        if self._since_lt > _GIANT_TOKEN:  # expat would buffer a giant tag whole
            raise _corrupt("giant_token")
        self._parser.Parse(chunk, False)

    def close(self) -> None:
        self._parser.Parse(b"", True)

    @staticmethod
    def _refuse_doctype(*_args: object) -> None:
        raise _corrupt("doctype")

    @staticmethod
    def _refuse_entity(*_args: object) -> None:
        raise _corrupt("doctype")
