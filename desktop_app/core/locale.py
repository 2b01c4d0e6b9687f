"""How numbers, dates and counts are written for a reader, in Vietnamese or English.

Every date the application shows is dd/mm/yyyy, in both languages (the school's documents and
the ministry's templates use it, and a British reader reads it the same way). Numbers follow the
language: 1.234,5 in Vietnamese, 1,234.5 in English. Vietnamese has no plural forms; English has
"one" and "other" (CLDR), which the message catalogue uses to choose a sentence.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
PluralForm = Literal["one", "other"]

_SEPARATORS = {"vi": (".", ","), "en": (",", ".")}  # (thousands, decimal)


def language(value: str | None) -> str:
    """A supported language code for ``value`` ("en", "en_GB", "EN" → "en"; else Vietnamese)."""
    if value in LANGUAGES:
        return value  # the common case, asked for every message shown
    code = str(value or "").strip().lower().replace("-", "_").split("_")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def local_moment(stamp: str | None) -> datetime | None:
    """An ISO time stamp (UTC, as the journal and the server write them) on this computer's
    clock (a UTC stamp late in the evening is the next morning in Việt Nam); None when there is
    none or it cannot be read."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment.astimezone() if moment.tzinfo is not None else moment


def fmt_date(value: date) -> str:
    """31/12/2024: day and month with a leading zero, four-digit year."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def fmt_datetime(value: datetime, *, seconds: bool = False) -> str:
    """31/12/2024 08:05 (local time as given), or 31/12/2024 08:05:09 with ``seconds``."""
    return f"{fmt_date(value)} {fmt_time(value, seconds=seconds)}"


def fmt_time(value: datetime, *, seconds: bool = False) -> str:
    """08:05, or 08:05:09 with ``seconds`` (24-hour clock in both languages)."""
    text = f"{value.hour:02d}:{value.minute:02d}"
    return f"{text}:{value.second:02d}" if seconds else text


def fmt_number(value: float, lang: str = DEFAULT_LANGUAGE, *, decimals: int | None = None) -> str:
    """20000 → "20.000" (vi) or "20,000" (en); 4.5 → "4,5" (vi) or "4.5" (en).

    Whole numbers are written without decimals; others with ``decimals`` digits (default: as
    many as needed, at most 2).
    """
    thousands, point = _SEPARATORS.get(language(lang), _SEPARATORS[DEFAULT_LANGUAGE])
    automatic = decimals is None
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    text = f"{value:,.{decimals}f}"
    if automatic and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", point).replace("\0", thousands)


def plural_form(count: int, lang: str = DEFAULT_LANGUAGE) -> PluralForm:
    """Which sentence a count takes: English says "1 line" but "2 lines"; Vietnamese never
    changes the noun ("1 dòng", "2 dòng")."""
    return "one" if language(lang) == "en" and count == 1 else "other"
