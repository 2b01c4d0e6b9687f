"""What the core says (catalogue messages, code-list labels), numbers and dates, in the
interface's language.

The core's messages and labels are their Vietnamese text; the window shows them through
``shown`` so that the English interface says them in English. Counts go through ``number``
(1.234 in Vietnamese, 1,234 in English), dates through ``day`` and ``moment`` (dd/mm/yyyy in
both)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QLocale

from desktop_app.core.locale import fmt_date, fmt_datetime, fmt_number
from desktop_app.core.messages import text_of
from desktop_app.core.templates.spec import load_codelists
from desktop_app.ui.shell.i18n import current_language, locale_for


def language() -> str:
    return current_language()


def shown(value: Any) -> str:
    """A message or a label in the interface's language; anything else (the school's own data)
    as it is."""
    if value is None:
        return ""
    return text_of(value, current_language())


def code_label(list_name: str, code: str) -> str:
    """A code-list item's name in the interface's language ("tablet" → "Máy tính bảng")."""
    return load_codelists()[list_name].display(code, current_language())


def label_shown(list_name: str, label: str) -> str:
    """A code-list label as the ministry's files write it ("Nữ"), in the interface's language
    ("Female"); a text the list does not know stays as it is."""
    codes = load_codelists()[list_name]
    code = codes.match(label) if label else None
    return codes.display(code, current_language()) if code is not None else label


def number(value: float) -> str:
    """A count the reader's way: 1.234 in Vietnamese, 1,234 in English."""
    return fmt_number(value, current_language())


def day(value: date) -> str:
    """dd/mm/yyyy in both languages."""
    return fmt_date(value)


def moment(value: datetime, *, seconds: bool = False) -> str:
    """dd/mm/yyyy hh:mm (hh:mm:ss with ``seconds``)."""
    return fmt_datetime(value, seconds=seconds)


def locale() -> QLocale:
    """The interface language's locale (file sizes and the like)."""
    return locale_for(current_language())


def code_labels(list_name: str) -> list[str]:
    """Every item of a code list in the interface's language, in the list's order."""
    codes = load_codelists()[list_name]
    lang = current_language()
    return [codes.display(code, lang) for code in codes.codes]
