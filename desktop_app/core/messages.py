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
from functools import cache, lru_cache
from typing import Any

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


class LocalizedStr(str):
    """A text that can say itself in another language: it IS its Vietnamese text (a ``str``),
    so code that only passes it on, joins or logs it needs nothing special; whoever shows it to
    a reader of another language calls ``text(lang)`` (or ``text_of``). As a field of a message
    it is rendered in the message's language. (A ``Msg``; a code-list label; a column's name.)"""

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return str.__str__(self)


class Msg(LocalizedStr):
    """A message to show someone: its id in the catalogue and the facts that fill it."""

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


class Listing(LocalizedStr):
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
    try:
        return _shared(message_id, tuple(params.items()))
    except TypeError:  # a field that cannot be a dictionary key (a list…): made afresh
        return Msg(message_id, params)


@lru_cache(maxsize=4096)
def _shared(message_id: str, params: tuple[tuple[str, Any], ...]) -> Msg:
    """The same message with the same facts is one object: a proposal for 50,000 students says
    "already supported on …" for thousands of them (a Msg is never changed once made)."""
    return Msg(message_id, dict(params))


def say(message_id: str, /, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The text of a message, at once (for a caller that already knows the language)."""
    return render(message_id, lang, params)


def text_of(value: LocalizedStr | str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A message in ``lang``; a plain string (the school's own data) as it is."""
    return value.text(lang) if isinstance(value, LocalizedStr) else str(value)


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
    template, numbers = _compiled(text)
    fields = _Fields({name: _field(value, lang) for name, value in params.items()})
    for name in numbers:
        value = params.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            fields[f"{name}__n"] = fmt_number(value, lang)
        else:
            fields[f"{name}__n"] = fields[name]
    return template.format_map(fields)


def _field(value: Any, lang: str) -> Any:
    """A message's field as the reader reads it: dates dd/mm/yyyy, nested texts in ``lang``."""
    if isinstance(value, LocalizedStr):
        return value.text(lang)
    if isinstance(value, datetime):
        return fmt_datetime(value)
    if isinstance(value, date):
        return fmt_date(value)
    return value


class _Fields(dict[str, Any]):
    """A missing field shows "?" rather than failing where the clerk would see a traceback."""

    def __missing__(self, key: str) -> str:
        return "?"


@cache
def _compiled(text: str) -> tuple[str, tuple[str, ...]]:
    """A catalogue text ready for ``str.format_map`` (C speed: an import reports thousands of
    messages): ``{count:n}``, a number written the reader's way, becomes ``{count__n}``."""
    parts: list[str] = []
    numbers: list[str] = []
    for literal, name, spec, conversion in string.Formatter().parse(text):
        parts.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is None:
            continue
        if spec == "n":
            numbers.append(name)
            parts.append(f"{{{name}__n}}")
        else:
            conversion_part = f"!{conversion}" if conversion else ""
            spec_part = f":{spec}" if spec else ""
            parts.append(f"{{{name}{conversion_part}{spec_part}}}")
    return "".join(parts), tuple(numbers)
