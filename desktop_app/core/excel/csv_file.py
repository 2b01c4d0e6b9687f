"""Read a CSV file as the one sheet of a workbook, every cell kept as the text the clerk typed.

Clerks export CSV from the sector database, Google Sheets and Excel. Excel's "CSV UTF-8" starts
with a byte-order mark, its "Unicode text" is UTF-16 with tabs, and its plain "CSV" is written
in the computer's ANSI code page: on a Vietnamese Windows that is Windows-1258, whose text
spells tone marks as combining characters (so its text is normalised to NFC). With a comma as the
decimal separator (Vietnamese regional settings) Excel separates the fields with ``;``.

Row ``i`` of :attr:`CsvSheet.rows` is Excel row ``i + 1``: a quoted field may hold line breaks,
so rows are the ``csv`` module's records, not the file's lines. Cells stay text ("0912345678"
keeps its zero, "16/06/2011" is not turned into a date): the template parsers read text dates,
numbers and codes already. The limits and the refusals are those of the safety scan, so the
clerk reads the same messages as for a workbook.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from desktop_app.core import problems as P
from desktop_app.core.excel.safety import FileFacts, Limits, UnsafeFile

DELIMITERS: Final = (",", ";", "\t")
_SAMPLE_CHARS: Final = 64 * 1024  # what the delimiter is chosen on
_SAMPLE_ROWS: Final = 50
# Zip (xlsx, ods) and OLE2 (xls): a workbook that was given a .csv name.
_WORKBOOK_MAGIC: Final = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


@dataclass(frozen=True)
class CsvSheet:
    rows: list[list[str]]
    encoding: str  # "utf-8", "utf-8-sig", "utf-16" or "cp1258"
    delimiter: str  # ",", ";" or "\t"
    name: str = ""  # the file's name, for the messages
    size_bytes: int = 0
    # Each row's number of fields as written, before the empty ones at its end were dropped.
    field_counts: list[int] = field(default_factory=list)


def looks_like_workbook(path: Path) -> bool:
    """True when the file's first bytes are those of an xlsx/ods (zip) or xls (OLE2) file."""
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError:
        return False  # read_csv_rows says why
    return head.startswith(_WORKBOOK_MAGIC)


def read_csv_rows(path: Path, limits: Limits) -> CsvSheet:
    """The file's rows as text; raises :class:`UnsafeFile` as the safety scan would."""
    try:
        size = path.stat().st_size
        if size == 0:
            raise UnsafeFile("empty")
        if size > limits.max_file_bytes:
            raise UnsafeFile("too_large", {"limit": limits.max_file_bytes, "actual": size})
        data = path.read_bytes()
    except OSError as exc:
        raise UnsafeFile(
            "corrupt", {"problem": "cannot_read", "error": type(exc).__name__}
        ) from exc
    text, encoding = _decode(data)
    if "\x00" in text:  # a binary file with a .csv name
        raise UnsafeFile("not_a_spreadsheet", {"detected": "unknown"})
    if encoding == "cp1258":  # composing never touches a delimiter, a quote or a line break
        text = unicodedata.normalize("NFC", text)
    delimiter = choose_delimiter(text)
    rows, counts = _parse(text, delimiter, limits, path.stem)
    if '="' in text:
        rows = [[_excel_text(value) for value in row] for row in rows]
    return CsvSheet(rows, encoding, delimiter, path.name, size, counts)


def _decode(data: bytes) -> tuple[str, str]:
    """BOM first, then strict UTF-8, then Windows-1258 (what Excel's plain "CSV" writes here)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # The few bytes Windows-1258 leaves undefined become U+FFFD; the clerk is warned to check.
    return data.decode("cp1258", errors="replace"), "cp1258"


def choose_delimiter(text: str) -> str:
    """``,`` ``;`` or tab: the Sniffer's choice when no other gives more rows of one width, else
    the one that does (the Sniffer is easily misled by commas inside ``;``-separated text)."""
    sample = text[:_SAMPLE_CHARS]
    if len(text) > _SAMPLE_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    scores = {d: _consistency(sample, d) for d in DELIMITERS}
    best = max(scores.values())
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = ""
    if sniffed in scores and scores[sniffed] == best:
        return sniffed
    return max(DELIMITERS, key=lambda d: scores[d])  # first of the best, in DELIMITERS' order


def _consistency(sample: str, delimiter: str) -> tuple[int, int]:
    """How many of the first rows have the commonest width (when that is over one field), and the
    width: a file whose rows all split the same way was split by its own delimiter."""
    widths: Counter[int] = Counter()
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader):
            if number >= _SAMPLE_ROWS:
                break
            if row:
                widths[len(row)] += 1
    except csv.Error:
        return (0, 0)
    if not widths:
        return (0, 0)
    width, rows = widths.most_common(1)[0]
    return (rows, width) if width > 1 else (0, 0)


def _parse(
    text: str, delimiter: str, limits: Limits, sheet: str
) -> tuple[list[list[str]], list[int]]:
    """The records, trailing empty fields dropped (Excel pads every row to its used range), and
    how many fields each had."""
    rows: list[list[str]] = []
    counts: list[int] = []
    widest = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            counts.append(len(row))
            while row and not row[-1]:
                row.pop()
            if len(row) > widest:
                widest = len(row)
                if widest > limits.max_columns:
                    raise _over("too_many_columns", sheet, limits.max_columns, widest)
            rows.append(row)
            if len(rows) > limits.max_rows:
                raise _over("too_many_rows", sheet, limits.max_rows, len(rows))
            if len(rows) * widest > limits.max_cells:
                raise _too_many_cells(sheet, limits, len(rows), widest)
    except csv.Error as exc:  # a field over csv's size limit (an unclosed quote, or not text)
        raise UnsafeFile("corrupt", {"problem": "csv_syntax"}) from exc
    if rows and any("\n" in value or "\r" in value for value in rows[-1]):
        _check_quotes_closed(text, delimiter)
    return rows, counts


def _check_quotes_closed(text: str, delimiter: str) -> None:
    """A quote never closed swallows every line after it into one cell, silently: the lenient
    reader (which reads ``5" tablet`` as Excel does) cannot tell, the strict one can."""
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise UnsafeFile("corrupt", {"problem": "csv_unclosed_quote"}) from exc


def _over(reason: str, sheet: str, limit: int, actual: int) -> UnsafeFile:
    detail: dict[str, int | str] = {"sheet": sheet, "limit": limit, "actual": actual}
    if reason == "too_many_rows":
        return UnsafeFile("too_many_rows", detail)
    return UnsafeFile("too_many_columns", detail)


def _too_many_cells(sheet: str, limits: Limits, rows: int, columns: int) -> UnsafeFile:
    detail: dict[str, int | str] = {
        "sheet": sheet,
        "limit": limits.max_cells,
        "actual": rows * columns,
        "rows": rows,
        "columns": columns,
    }
    return UnsafeFile("too_many_cells", detail)


def _excel_text(value: str) -> str:
    """``="0912345678"`` (how exports keep a leading zero) is the text Excel shows: 0912345678."""
    if value.startswith('="') and value.endswith('"') and len(value) >= 3:
        return value[2:-1].replace('""', '"')
    return value


@dataclass
class CsvWorkbook:
    """A CSV file opened like a workbook (see ``reader.OpenedWorkbook``): one sheet named after
    the file, no formulas."""

    path: Path
    facts: FileFacts
    sheet: CsvSheet
    sheet_name: str = field(init=False)

    def __post_init__(self) -> None:
        self.sheet_name = self.path.stem

    @property
    def sheet_names(self) -> list[str]:
        return [self.sheet_name]

    def rows(self, sheet: str) -> list[list[str]]:
        if sheet != self.sheet_name:
            raise KeyError(sheet)
        return self.sheet.rows

    def formula_cells(self, sheet: str) -> set[str]:
        return set()

    def is_hidden(self, sheet: str) -> bool:
        return False


def open_csv(path: Path, limits: Limits) -> CsvWorkbook:
    """Read the CSV file; raises :class:`UnsafeFile`."""
    sheet = read_csv_rows(path, limits)
    facts = FileFacts(
        format="csv",
        size_bytes=sheet.size_bytes,
        formulas_without_value={},
        sheet_rows={path.stem: len(sheet.rows)},
    )
    return CsvWorkbook(path, facts, sheet)


_DELIMITER_NAMES: Final = {",": "“,”", ";": "“;”", "\t": "Tab"}


def csv_notes(sheet: CsvSheet, header_row: int | None = None) -> list[P.Problem]:
    """What the import report should add for a CSV file: a warning when it was read as
    Windows-1258 (names may be garbled if that guess was wrong), and - once the header row is
    known - an error on each data row with more fields than the header has columns (a
    delimiter inside a cell without quotes shifts the values after it one column right)."""
    from desktop_app.core.excel.reader import column_letter  # reader imports this module

    notes: list[P.Problem] = []
    if sheet.encoding == "cp1258":
        notes.append(P.warning("csv_legacy_codepage", file=sheet.name))
    if header_row is None or not 0 < header_row <= len(sheet.rows):
        return notes
    # A two-row header may have its last title only on the upper row.
    width = max(len(row) for row in sheet.rows[max(header_row - 2, 0) : header_row])
    counts = sheet.field_counts or [len(row) for row in sheet.rows]
    data = [n for row, n in zip(sheet.rows[header_row:], counts[header_row:], strict=True) if row]
    # The count every row is written with (Excel and Google Sheets pad rows to the table's
    # width): a row over it has a field too many even when the shifted last cell is empty.
    usual = max(counts[header_row - 1], Counter(data).most_common(1)[0][0] if data else 0)
    delimiter = _DELIMITER_NAMES.get(sheet.delimiter, sheet.delimiter)
    for number, (row, count) in enumerate(
        zip(sheet.rows[header_row:], counts[header_row:], strict=True), start=header_row + 1
    ):
        if len(row) > width or (row and count > usual):
            notes.append(
                P.error(
                    "csv_extra_fields",
                    row=number,
                    cell=f"{column_letter(width)}{number}",  # the first cell past the header
                    actual=max(count, len(row)),
                    width=width,
                    header_row=header_row,
                    delimiter=delimiter,
                )
            )
    return notes
