"""The one catalogue of what the application says to a person, in Vietnamese and English.

The sentences live in ``resources/messages/*.json`` (data, not code): each file groups one part
of the application, and each entry is a message id with its ``vi`` and ``en`` text, for example

    "allocation.waiting.no_device": {"vi": "Chờ thiết bị: …", "en": "Waiting for a device: …"}

A text may hold ``{name}`` fields, filled when the message is shown. A value that is a date is
written dd/mm/yyyy, a ``Msg`` is rendered in the same language, and ``{count:n}`` writes a number
the reader's way (1.234 / 1,234). Where English needs a plural, the text is
``{"one": "1 line", "other": "{count:n} lines"}``, chosen by the ``count`` field.

Code never builds a sentence: it names a message (``msg("id", field=value)``) and whoever shows
it (the window, the command line, a report) renders it in the reader's language. A message the
catalogue lacks shows its id, and a test keeps every id used in the code in the catalogue.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from typing import Any, Protocol, runtime_checkable

from desktop_app.core.locale import (
    DEFAULT_LANGUAGE,
    fmt_date,
    fmt_datetime,
    fmt_number,
    plural_form,
)
from desktop_app.core.locale import language as _language
from desktop_app.core.resources import resource_path

MESSAGE_FOLDER = "messages"
Entry = Mapping[str, str | Mapping[str, str]]  # {"vi": text, "en": text or plural forms}


class Msg(str):
    """A message to show someone: its id in the catalogue and the facts that fill it.

    It IS its Vietnamese text (a ``str``), so code that only passes a message on, joins or logs
    it needs nothing special; whoever shows it to a reader of another language calls
    ``text(lang)`` (or ``text_of``), which renders it again from the catalogue.
    """

    id: str
    params: Mapping[str, Any]

    def __new__(cls, message_id: str, params: Mapping[str, Any] | None = None) -> Msg:
        facts = dict(params or {})
        self = super().__new__(cls, render(message_id, DEFAULT_LANGUAGE, facts))
        self.id = message_id
        self.params = facts
        return self

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        if _language(lang) == DEFAULT_LANGUAGE:
            return str.__str__(self)
        return render(self.id, lang, self.params)

    def __repr__(self) -> str:
        return f"Msg({self.id!r}, {self.params!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Msg, (self.id, self.params))


@runtime_checkable
class Localized(Protocol):
    """Anything that can say itself in a language (a ``Msg``, a code-list label…): as a field of
    a message it is rendered in the message's language."""

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str: ...


class Listing(str):
    """Several texts as one field of a message ("a, b, c"): it IS their Vietnamese text, and
    ``text(lang)`` says each item (a ``Msg``, a label, or data as it is) in ``lang``."""

    items: tuple[Any, ...]
    separator: str

    def __new__(cls, items: Any, separator: str = ", ") -> Listing:
        parts = tuple(items)
        self = super().__new__(cls, separator.join(text_of(item) for item in parts))
        self.items = parts
        self.separator = separator
        return self

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return self.separator.join(text_of(item, lang) for item in self.items)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Listing, (self.items, self.separator))


def msg(message_id: str, /, **params: Any) -> Msg:
    return Msg(message_id, params)


def say(message_id: str, /, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The text of a message, at once (for a caller that already knows the language)."""
    return render(message_id, lang, params)


def text_of(value: Localized | str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A message in ``lang``; a plain string (the school's own data) as it is."""
    return value.text(lang) if isinstance(value, Msg | Localized) else str(value)


@cache
def catalogue() -> dict[str, Entry]:
    """Every message of every file under resources/messages, by id."""
    import json

    entries: dict[str, Entry] = {}
    for path in sorted(resource_path(MESSAGE_FOLDER).glob("*.json")):
        with path.open(encoding="utf-8") as handle:
            for message_id, entry in json.load(handle).items():
                if message_id.startswith("_"):
                    continue  # "_comment"
                if message_id in entries:
                    raise ValueError(f"message {message_id!r} is defined twice ({path.name})")
                entries[message_id] = entry
    return entries


def has_message(message_id: str) -> bool:
    return message_id in catalogue()


def render(message_id: str, lang: str, params: Mapping[str, Any]) -> str:
    lang = _language(lang)
    entry = catalogue().get(message_id)
    if entry is None:
        return message_id
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    if not isinstance(text, str):  # plural forms, chosen by the "count" field
        count = params.get("count", 0)
        text = text.get(plural_form(int(count), lang)) or text["other"]
    return _Formatter(lang).vformat(text, (), params)


class _Formatter(string.Formatter):
    """str.format with the reader's dates, numbers and nested messages; a missing field shows
    "?" rather than failing where the clerk would see a traceback."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def get_value(self, key: int | str, args: Any, kwargs: Mapping[str, Any]) -> Any:
        return kwargs.get(str(key), "?")

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Msg | Localized):
            return value.text(self.lang)
        if isinstance(value, datetime):
            return fmt_datetime(value)
        if isinstance(value, date):
            return fmt_date(value)
        if format_spec == "n" and isinstance(value, int | float) and not isinstance(value, bool):
            return fmt_number(value, self.lang)
        return str(super().format_field(value, format_spec))
