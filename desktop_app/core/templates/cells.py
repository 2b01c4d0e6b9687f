"""Turn one raw cell into a clean value, or say precisely what is wrong with it.

Called for every cell of every row (850,000 cells for a 50,000-row file), so each parser is a
small function chosen once per column, not a chain of ifs per cell.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from desktop_app.core import problems as P
from desktop_app.core.locale import fmt_date, fmt_datetime
from desktop_app.core.rules.identifiers import imei_valid, normalise_phone
from desktop_app.core.rules.programme import age_on
from desktop_app.core.templates.spec import CodeList, Column
from desktop_app.core.text import (
    clean_text,
    detect_legacy_encoding,
    legacy_to_unicode,
    reads_as_vietnamese,
    search_key,
)

EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_1904_EPOCH = date(1904, 1, 1)  # serial 0 in a workbook saved with the 1904 date system
LAST_SERIAL = 2958465  # 31/12/9999 in the 1900 system
LAST_SERIAL_1904 = LAST_SERIAL - 1462
OLDEST_DATE = date(1900, 1, 1)
# Excel keeps 15 significant digits of a number: an identifier of 16 or more digits typed as a
# number has lost its last digits (they became zeros) before the file reached us.
EXCEL_DIGITS = 15
TOO_MANY_DIGITS = 10.0**EXCEL_DIGITS

_CODE = re.compile(r"[0-9A-Za-z]+")
_SERIAL = re.compile(r"[0-9A-Za-z][0-9A-Za-z\-/.]*")
_DIGITS = re.compile(r"[0-9]+")
# A time Excel or a copy-paste put after the date ("16/06/2011 00:00:00", "16/06/2011 7:30 SA").
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?: ?(?:AM|PM|SA|CH))?)?"
_TEXT_DATE = re.compile(
    r"(\d{1,2}) ?[/\-.] ?(\d{1,2}) ?[/\-.] ?(\d{4}|\d{2})" + _TIME, re.IGNORECASE
)
_ISO_DATE = re.compile(r"(\d{4}) ?([\-/.]) ?(\d{1,2}) ?\2 ?(\d{1,2})(?:[ T].*)?")
# Dashes and slashes that Word, a PDF or a web page put where the clerk typed "-" or "/".
_DATE_SEPARATORS = str.maketrans(
    {**dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d", "-"),
     "\uff0f": "/", "\u2044": "/", "\u2215": "/", "\uff0e": "."}
)  # fmt: skip
# A number as Excel's General format shows it when the column is too narrow ("8.98405E+19"),
# copied or saved as CSV and typed back as text.
_SCIENTIFIC = re.compile(r"[+-]?\d(?:[.,]\d+)?E\+\d{1,3}", re.IGNORECASE)
# The same shortened form of any length ("6.62E+10"): in an identifier column it is never the
# identifier itself, whose digits Excel only hid.
_SHORTENED = re.compile(r"\d(?:[.,]\d+)?E\+\d+", re.IGNORECASE)
# A date in words, as letters and forms write it: "ngày 3 tháng 4 năm 2014" (read through
# search_key, so with or without diacritics, any case).
_WORDS_DATE = re.compile(r"(?:ngay)?[ ,]*(\d{1,2})[ ,]*thang[ ,]*(\d{1,2})[ ,]*nam[ ,]*(\d{4})")
# Letters of any script, spaces, apostrophes and hyphens (ethnic-minority names use ' and -).
_NAME = re.compile(r"[^\W\d_](?:[^\W\d_]|[ '\-’])*")


@dataclass(frozen=True)
class CellContext:
    today: date
    as_of: date  # the survey date ages are measured at
    date1904: bool = False  # the workbook counts serial dates from 1904 (Excel for Mac files)


class Invalid(Exception):
    """One cell's problem; the checker adds the row, cell and column."""

    def __init__(self, code: str, message_id: str | None = None, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.message_id = message_id or code
        self.params = params


class Doubtful(Invalid):
    """A cell that reads well as it stands but may be something else (a name that is good
    Unicode Vietnamese and also good legacy-font text): a warning, and ``kept`` is its value."""

    def __init__(self, kept: Any, code: str, message_id: str | None = None, **params: Any) -> None:
        super().__init__(code, message_id, **params)
        self.kept = kept


Parser = Callable[[Any], Any]
# The full year of a date typed with a two-digit year: (day, month, yy) -> year, or None
# when no century makes the date plausible for its column.
FullYear = Callable[[int, int, int], int | None]


class ExcelError(str):
    """An error value a cell shows instead of a value (``#N/A`` from a VLOOKUP that found
    nothing): calamine reads it as empty, so the reader marks it with this, and no parser takes
    it for a value or for an empty cell that gets a default."""


# Excel's error values -> the message that says what each one means for the clerk.
EXCEL_ERRORS = {
    "#N/A": "excel_error.n_a", "#DIV/0!": "excel_error.div0", "#VALUE!": "excel_error.value",
    "#REF!": "excel_error.ref", "#NAME?": "excel_error.name", "#NUM!": "excel_error.num",
    "#NULL!": "excel_error.null",
}  # fmt: skip


def _excel_error(raw: ExcelError) -> Invalid:
    return Invalid("excel_error", EXCEL_ERRORS.get(raw.upper(), "excel_error"), value=str(raw))


def shown(raw: Any) -> str:
    """How a raw value looks to the clerk in the message."""
    if raw.__class__ is int:
        return str(raw)
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return fmt_datetime(raw)
    if isinstance(raw, date):
        return fmt_date(raw)
    return str(raw).strip()


def as_text(raw: Any) -> str:
    if isinstance(raw, str):
        return clean_text(raw)
    if isinstance(raw, bool):
        return "1" if raw else "0"
    if raw.__class__ is int:  # python-calamine reads small whole numbers of an .xls as int
        return str(raw)
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return clean_text(shown(raw))


def excel_shows(number: float | int) -> str:
    """A long number as Excel holds it: its first 15 digits, then zeros."""
    return str(int(Decimal(f"{float(number):.{EXCEL_DIGITS - 1}e}")))


def check_digits_kept(raw: Any) -> None:
    """Refuse an identifier that Excel stored as a number of 16 or more digits: its last digits
    are zeros now, and two different serials or SIM numbers may have become one."""
    if raw.__class__ is float or raw.__class__ is int:
        if math.isfinite(raw) and abs(raw) >= TOO_MANY_DIGITS:
            raise Invalid("too_many_digits", value=excel_shows(raw))
    elif raw.__class__ is str and ("E" in raw or "e" in raw):
        text = clean_text(raw)
        if _SCIENTIFIC.fullmatch(text) and abs(float(text.replace(",", "."))) >= TOO_MANY_DIGITS:
            raise Invalid("too_many_digits", value=text)


def identifier_text(raw: Any) -> str:
    """A cell holding a code or words, as text; a number Excel cut to 15 digits is refused."""
    check_digits_kept(raw)
    return as_text(raw)


def check_not_shortened(text: str) -> None:
    """Refuse an identifier written as Excel shows a long number in a narrow column ("6.62E+10",
    copied, pasted or saved as CSV): the digits it stands for are not in the cell."""
    if ("E" in text or "e" in text) and _SHORTENED.fullmatch(text):
        raise Invalid("too_many_digits", "too_many_digits.shortened", value=text)


# The entry of Unikey's converter (Ctrl+Shift+F6) to choose as the source for each legacy font.
UNIKEY_CHARSETS = {"TCVN3": "TCVN3 (ABC)", "VNI": "VNI Windows"}


def check_legacy(text: str) -> None:
    """Text typed in a legacy font (TCVN3, VNI) is an error; text that also reads as good
    Unicode Vietnamese ("Y Ksôr", "xã Ea Ô") only a warning that shows the other reading."""
    encoding = detect_legacy_encoding(text)
    if encoding:
        suggestion = legacy_to_unicode(text, encoding)
        unikey = UNIKEY_CHARSETS[encoding]
        if reads_as_vietnamese(text):
            raise Doubtful(text, "legacy_encoding", "legacy_encoding.maybe", value=text,
                           encoding=encoding, suggestion=suggestion, unikey=unikey)  # fmt: skip
        raise Invalid("legacy_encoding", value=text, encoding=encoding, suggestion=suggestion,
                      unikey=unikey)  # fmt: skip


def latest_past_year(today: date) -> FullYear:
    """The latest century that does not put the date after ``today`` ("16/06/11" is 2011)."""

    def full_year(day: int, month: int, yy: int) -> int:
        year = today.year - today.year % 100 + yy
        return year if (year, month, day) <= (today.year, today.month, today.day) else year - 100

    return full_year


def year_for_age(ages: tuple[int, int], as_of: date) -> FullYear:
    """The century whose birth date gives an age within ``ages`` on ``as_of``, if any."""

    def full_year(day: int, month: int, yy: int) -> int | None:
        base = as_of.year - as_of.year % 100 + yy
        for year in (base, base - 100):
            age = as_of.year - year - ((as_of.month, as_of.day) < (month, day))
            if ages[0] <= age <= ages[1]:
                return year
        return None

    return full_year


def parse_date(raw: Any, *, date1904: bool = False, full_year: FullYear | None = None) -> date:
    """A date cell, day first; a number is an Excel serial date (1904 system with ``date1904``).

    A two-digit year gets its century from ``full_year`` (default: the latest century that is
    not in the future).
    """
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if date1904 and 0 <= raw <= LAST_SERIAL_1904:
            return EXCEL_1904_EPOCH + timedelta(days=int(raw))
        if not date1904 and 1 <= raw <= LAST_SERIAL:
            return EXCEL_EPOCH + timedelta(days=int(raw))
        raise Invalid("invalid_date", value=shown(raw))
    text = as_text(raw)
    match = _TEXT_DATE.fullmatch(text.translate(_DATE_SEPARATORS))
    if match:  # always day first: dd/mm/yyyy, d/m/yy, dd-mm-yyyy, dd.mm.yyyy
        day, month, year = (int(g) for g in match.groups())
        if month > 12 and 1 <= day <= 12:
            _check_month_day_swapped(text, month=day, day=month, year=year,
                                     year_digits=len(match.group(3)), full_year=full_year)  # fmt: skip
        if len(match.group(3)) == 2:
            year = _full_year(text, day, month, year, full_year)
    elif iso := _ISO_DATE.fullmatch(text.translate(_DATE_SEPARATORS)):
        year, month, day = int(iso.group(1)), int(iso.group(3)), int(iso.group(4))
    elif words := _WORDS_DATE.fullmatch(search_key(text)):
        day, month, year = (int(g) for g in words.groups())
    else:
        raise Invalid("invalid_date", value=text)
    try:
        return date(year, month, day)
    except ValueError:
        if 1 <= month <= 12:
            raise Invalid(
                "invalid_date", "invalid_date.impossible", value=text, day=day, month=month
            ) from None
        raise Invalid("invalid_date", value=text) from None


def _check_month_day_swapped(
    text: str, month: int, day: int, year: int, year_digits: int, full_year: FullYear | None
) -> None:
    """Say so when a date that cannot be day first is a real date month first ("12/31/2014",
    as Excel in English and American forms write it); else let the caller refuse it."""
    if year_digits == 2:
        year = _full_year(text, day, month, year, full_year)
    try:
        date(year, month, day)
    except ValueError:
        return
    raise Invalid("invalid_date", "invalid_date.month_day_swapped", value=text,
                  suggestion=f"{day:02d}/{month:02d}/{year}")  # fmt: skip


def _full_year(text: str, day: int, month: int, yy: int, full_year: FullYear | None) -> int:
    choose = full_year or latest_past_year(date.today())
    year = choose(day, month, yy)
    if year is None:  # the two centuries this programme's dates can be in, for the clerk
        raise Invalid(
            "invalid_date",
            "invalid_date.two_digit_year",
            value=text,
            earlier=f"{day:02d}/{month:02d}/19{yy:02d}",
            later=f"{day:02d}/{month:02d}/20{yy:02d}",
        )
    return year


class ColumnParsers:
    """Builds the parser for each template column, bound to the codelists and dates it needs."""

    def __init__(self, codelists: dict[str, CodeList], ctx: CellContext) -> None:
        self.codelists = codelists
        self.ctx = ctx

    def for_column(self, column: Column) -> Parser:
        build = getattr(self, f"_{column.type}", None)
        if build is None:
            raise ValueError(f"unknown column type {column.type!r} in template")
        return memoised(build(column))

    # --- one builder per column type ----------------------------------------------------------

    def _ignore(self, column: Column) -> Parser:
        return lambda raw: None

    def _text(self, column: Column) -> Parser:
        limit = column.max_length or 255

        def parse(raw: Any) -> str:
            return _checked_text(identifier_text(raw), limit)

        return parse

    def _code(self, column: Column) -> Parser:
        limit = column.max_length or 20

        def parse(raw: Any) -> str:
            text = identifier_text(raw)
            check_not_shortened(text)
            if len(text) > limit or not _CODE.fullmatch(text):
                raise Invalid("invalid_format", "invalid_format.code", value=text, max_length=limit)
            return text

        return parse

    def _serial(self, column: Column) -> Parser:
        limit = column.max_length or 50

        def parse(raw: Any) -> str:
            text = identifier_text(raw).replace(" ", "")
            check_not_shortened(text)
            if len(text) > limit or not _SERIAL.fullmatch(text):
                raise Invalid(
                    "invalid_format", "invalid_format.serial", value=text, max_length=limit
                )
            if len(text) == 15 and text.isdigit() and not imei_valid(text):
                raise Invalid("invalid_format", "invalid_format.imei", value=text)
            return text

        return parse

    def _person_name(self, column: Column) -> Parser:
        def parse(raw: Any) -> str:
            text = as_text(raw)
            check_legacy(text)
            if not (2 <= len(text) <= 100) or not _NAME.fullmatch(text):
                raise Invalid("invalid_format", "invalid_format.name", value=text)
            return text

        return parse

    def _date(self, column: Column) -> Parser:
        ctx = self.ctx
        ages = column.age_range
        not_future = column.not_future or ages is not None
        full_year = year_for_age(ages, ctx.as_of) if ages else latest_past_year(ctx.today)

        def parse(raw: Any) -> date:
            value = parse_date(raw, date1904=ctx.date1904, full_year=full_year)
            if not_future and value > ctx.today:
                raise Invalid(
                    "date_out_of_range",
                    "date_out_of_range.future",
                    value=fmt_date(value),
                    today=fmt_date(ctx.today),
                )
            if value < OLDEST_DATE:
                raise Invalid(
                    "date_out_of_range", "date_out_of_range.too_old", value=fmt_date(value)
                )
            if ages is not None:
                age = age_on(value, ctx.as_of)
                if not ages[0] <= age <= ages[1]:
                    raise Invalid(
                        "date_out_of_range",
                        "date_out_of_range.age",
                        value=fmt_date(value),
                        age=age,
                        as_of=fmt_date(ctx.as_of),
                        low=ages[0],
                        high=ages[1],
                    )
            return value

        return parse

    def _choice(self, column: Column) -> Parser:
        assert column.codelist, f"column {column.field} has no codelist"
        codes = self.codelists[column.codelist]
        if column.open:
            return self._open_matcher(codes, column.max_length or 50)
        return self._matcher(codes)

    def _bool(self, column: Column) -> Parser:
        return self._matcher(self.codelists["yes_no"])

    @staticmethod
    def _matcher(codes: CodeList) -> Parser:
        short = len(codes.items) <= 12
        allowed = ", ".join(codes.labels if short else codes.labels[:3])

        def parse(raw: Any) -> str:
            text = as_text(raw)
            code = codes.match(text)
            if code is None:
                if short:
                    raise Invalid("invalid_choice", value=text, allowed=allowed)
                raise Invalid(
                    "invalid_choice", "invalid_choice.long", value=text, examples=allowed,
                    list_title=codes.title,
                )  # fmt: skip
            return code

        return parse

    @staticmethod
    def _open_matcher(codes: CodeList, limit: int) -> Parser:
        """The list's code for a value it knows, else the words as written (checked as text)."""

        def parse(raw: Any) -> str:
            text = identifier_text(raw)
            code = codes.match(text)
            return code if code is not None else _checked_text(text, limit)

        return parse

    def _class_name(self, column: Column) -> Parser:
        from desktop_app.core.rules.programme import canonical_class_name

        def parse(raw: Any) -> str:
            text = as_text(raw)
            name = canonical_class_name(text)
            if name is None:
                raise Invalid("invalid_format", "invalid_format.class_name", value=text)
            return name

        return parse

    def _citizen_id(self, column: Column) -> Parser:
        length = column.fixed_length or 12

        def parse(raw: Any) -> str:
            text = identifier_text(raw).replace(" ", "")
            check_not_shortened(text)
            text = text.replace(".", "")
            if not _DIGITS.fullmatch(text) or len(text) > length:
                raise Invalid("invalid_format", "invalid_format.citizen_id", value=text)
            if len(text) < length:
                if isinstance(raw, str):  # typed as text: the digits are really missing
                    raise Invalid("invalid_format", "invalid_format.citizen_id", value=text)
                return text.zfill(length)  # the caller reports leading_zeros_restored
            return text

        return parse

    def _phone(self, column: Column) -> Parser:
        def parse(raw: Any) -> str:
            text = identifier_text(raw)
            check_not_shortened(text)
            phone = normalise_phone(text)
            if phone is None:
                raise Invalid("invalid_format", "invalid_format.phone", value=text)
            return phone

        return parse

    def _number(self, column: Column) -> Parser:
        return self._numeric(column, integer=False)

    def _integer(self, column: Column) -> Parser:
        return self._numeric(column, integer=True)

    @staticmethod
    def _numeric(column: Column, *, integer: bool) -> Parser:
        low, high = column.minimum, column.maximum
        message = "invalid_format.integer" if integer else "invalid_format.number"
        parts = []
        if low is not None:
            parts.append(f"{'>' if column.min_exclusive else '≥'} {low:g}")
        if high is not None:
            parts.append(f"≤ {high:g}")
        range_text = f" ({', '.join(parts)})" if parts else ""

        def parse(raw: Any) -> float | int:
            if isinstance(raw, bool):
                raise Invalid("invalid_format", message, value=shown(raw), range_text=range_text)
            if isinstance(raw, (int, float)):
                value = float(raw)
            else:
                text = as_text(raw).replace(",", ".")
                try:
                    value = float(text)
                except ValueError:
                    raise Invalid(
                        "invalid_format", message, value=text, range_text=range_text
                    ) from None
            bad = (
                (integer and not value.is_integer())
                or (low is not None and (value <= low if column.min_exclusive else value < low))
                or (high is not None and value > high)
                or math.isnan(value)
            )
            if bad:
                raise Invalid("invalid_format", message, value=shown(raw), range_text=range_text)
            return int(value) if integer else value

        return parse


# Distinct values a column's parser remembers. A column whose values are mostly different (codes,
# names, phone numbers) gains nothing from the memo but its memory: past this many it parses each
# value as it comes.
MEMO_LIMIT = 20_000


def _checked_text(text: str, limit: int) -> str:
    """Free text as written: no legacy (TCVN3/VNI) encoding, at most ``limit`` characters."""
    check_legacy(text)
    if len(text) > limit:
        raise Invalid(
            "invalid_format", "invalid_format.too_long", length=len(text), max_length=limit
        )
    return text


_UNKNOWN = object()


def memoised(parse: Parser) -> Parser:
    """Cache a column's parser by raw value: most columns repeat a few values (gender, class,
    category, dates), so a 50,000-row file parses each distinct value once.

    Parsers are pure functions of the raw value. The type is part of the key because
    ``True == 1 == 1.0`` and they do not parse alike.
    """
    results: dict[tuple[type, Any], Any] = {}
    failures: dict[tuple[type, Any], Invalid] = {}
    remembering = True

    def parse_once(raw: Any) -> Any:
        nonlocal remembering
        if raw.__class__ is ExcelError:
            raise _excel_error(raw)
        if not remembering:
            return parse(raw)
        key = (raw.__class__, raw)
        known = results.get(key, _UNKNOWN)  # not try/except: a column of unique values misses
        if known is not _UNKNOWN:
            return known
        failure = failures.get(key)
        if failure is not None:
            raise failure.with_traceback(None)  # the traceback of this call only
        if len(results) + len(failures) > MEMO_LIMIT:  # a column of unique values
            remembering = False
            results.clear()
            failures.clear()
            return parse(raw)
        try:
            value = results[key] = parse(raw)
        except Invalid as exc:
            failures[key] = exc
            raise
        return value

    return parse_once


def problem_from(
    exc: Invalid, *, row: int, cell: str, column: Column, severity: str = "error"
) -> P.Problem:
    make = P.error if severity == "error" else P.warning
    return make(exc.code, exc.message_id, row=row, cell=cell, column=column.header, **exc.params)
