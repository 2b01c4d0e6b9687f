"""The ministry templates, loaded from resources/templates/*.json (data, not code): when the real
template changes, only those files change."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from desktop_app.core.messages import LocalizedStr
from desktop_app.core.resources import load_json
from desktop_app.core.text import search_key

KINDS = ("needs", "devices", "handovers", "vaccinations")


def header_key(text: str) -> str:
    """How headers are compared: no "(*)", no diacritics, case, spaces or punctuation."""
    return "".join(ch for ch in search_key(text.replace("(*)", " ")) if ch.isalnum())


def choice_key(text: str) -> str:
    """How code-list values are compared: "Khơ-me", "khơ me" and "KHO ME" are one value."""
    return "".join(ch for ch in search_key(text) if ch.isalnum())


@dataclass(frozen=True)
class CodeList:
    name: str
    title: str
    items: tuple[tuple[str, str], ...]  # (code, label) in display order
    lookup: dict[str, str] = field(repr=False, compare=False)  # choice_key -> code
    keywords: tuple[tuple[str, str], ...] = ()  # (search_key fragment, code), tried in order
    title_en: str = ""
    english: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # Other facts of an item, by code (e.g. a receiver's default relationship to the student).
    attributes: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)

    def label(self, code: str) -> str:
        """The label the ministry's files use (Vietnamese)."""
        return dict(self.items).get(code, code)

    def display(self, code: str, lang: str = "vi") -> str:
        """The label shown to a reader: English where the list has one, else the label."""
        if lang == "en" and code in self.english:
            return self.english[code]
        return self.label(code)

    def display_title(self, lang: str = "vi") -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    @property
    def codes(self) -> list[str]:
        return [code for code, _ in self.items]

    @property
    def labels(self) -> list[str]:
        return [label for _, label in self.items]

    def match(self, text: str) -> str | None:
        """The code for a cell's text: exact label/code/alias first, then keywords."""
        key = choice_key(text)
        code = self.lookup.get(key)
        if code is not None:
            return code
        if self.keywords:
            loose = search_key(text)
            if NEGATING_WORDS & set(_WORD.findall(loose)):
                return None  # "Không nghèo", "Thoát nghèo": the keyword says the opposite
            for fragment, candidate in self.keywords:
                if fragment in loose:
                    return candidate
        return None


# Words that turn a keyword around ("không nghèo", "thoát nghèo", "chưa được công nhận hộ
# nghèo"): a cell holding one is not matched by keyword, so the clerk is asked to choose.
NEGATING_WORDS = frozenset({"khong", "thoat", "chua", "het"})
_WORD = re.compile(r"[a-z0-9]+")  # the words of a search key: "(không" is "khong"


class ColumnLabel(LocalizedStr):
    """A template column's name as a field of a message: it IS the template's (Vietnamese)
    header; ``text(lang)`` gives its English name."""

    kind: str
    field_name: str

    def __new__(cls, kind: str, field_name: str) -> ColumnLabel:
        self = super().__new__(cls, load_template(kind).column(field_name).header)
        self.kind = kind
        self.field_name = field_name
        return self

    def text(self, lang: str = "vi") -> str:
        return load_template(self.kind).column(self.field_name).label(lang)

    def __repr__(self) -> str:
        return f"ColumnLabel({self.kind!r}, {self.field_name!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (ColumnLabel, (self.kind, self.field_name))


class CodeLabel(LocalizedStr):
    """A code-list item's name: it IS its Vietnamese label (as the ministry's files write it);
    ``text(lang)`` says it in another language, and as a field of a message it follows the
    message's language."""

    list_name: str
    code: str

    def __new__(cls, list_name: str, code: str) -> CodeLabel:
        self = super().__new__(cls, load_codelists()[list_name].label(code))
        self.list_name = list_name
        self.code = code
        return self

    def text(self, lang: str = "vi") -> str:
        return load_codelists()[self.list_name].display(self.code, lang)

    def __repr__(self) -> str:
        return f"CodeLabel({self.list_name!r}, {self.code!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (CodeLabel, (self.list_name, self.code))


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    type: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    codelist: str | None = None
    # A choice column that also takes words not in its list, kept as written (a relationship
    # such as "Bà con" prints as it is; the list's values are the dropdown's).
    open: bool = False
    unique: bool = False
    default: str | None = None
    max_length: int | None = None
    fixed_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    min_exclusive: bool = False
    age_range: tuple[int, int] | None = None
    not_future: bool = False
    # An empty (or absent) cell keeps what is stored instead of clearing it (a parent's consent:
    # withdrawing it is a deliberate act, not a blank cell); its absence is not worth a warning.
    keep_when_empty: bool = False
    width: int = 14
    example: str = ""
    help: str = ""
    header_en: str = ""  # the column's name shown to an English reader (files keep ``header``)
    help_en: str = ""  # ``help`` for an English reader (the template file keeps ``help``)
    example_en: str = ""  # an example in words, for an English reader ("" : ``example`` as it is)

    @property
    def display_header(self) -> str:
        return f"{self.header} (*)" if self.required else self.header

    def label(self, lang: str = "vi") -> str:
        """The column's name for a reader: the template's header, or its English name."""
        return self.header_en if lang == "en" and self.header_en else self.header

    def display_label(self, lang: str = "vi") -> str:
        """``label`` with "(*)" when the column is required, as a form shows it."""
        return f"{self.label(lang)} (*)" if self.required else self.label(lang)

    def help_text(self, lang: str = "vi") -> str:
        """How to fill the column in, for a reader of ``lang``."""
        return self.help_en if lang == "en" and self.help_en else self.help

    def example_text(self, lang: str = "vi") -> str:
        """An example value for a reader of ``lang`` (a name or a number is the same in both)."""
        return self.example_en if lang == "en" and self.example_en else self.example

    @property
    def keys(self) -> set[str]:
        return {header_key(self.header), *(header_key(a) for a in self.aliases)}


@dataclass(frozen=True)
class TemplateSpec:
    kind: str
    version: str
    sheet: str
    title: str
    subtitle: str
    menu: str
    key: str
    columns: tuple[Column, ...]

    @property
    def required(self) -> list[Column]:
        return [c for c in self.columns if c.required]

    def column(self, field_name: str) -> Column:
        for column in self.columns:
            if column.field == field_name:
                return column
        raise KeyError(field_name)


def _column(raw: dict[str, Any]) -> Column:
    age = raw.get("age_range")
    return Column(
        field=raw["field"],
        header=raw["header"],
        type=raw["type"],
        aliases=tuple(raw.get("aliases", ())),
        required=bool(raw.get("required", False)),
        codelist=raw.get("codelist"),
        open=bool(raw.get("open", False)),
        unique=bool(raw.get("unique", False)),
        default=raw.get("default"),
        max_length=raw.get("max_length"),
        fixed_length=raw.get("fixed_length"),
        minimum=raw.get("min"),
        maximum=raw.get("max"),
        min_exclusive=bool(raw.get("min_exclusive", False)),
        age_range=(int(age[0]), int(age[1])) if age else None,
        not_future=bool(raw.get("not_future", False)),
        keep_when_empty=bool(raw.get("keep_when_empty", False)),
        width=int(raw.get("width", 14)),
        example=str(raw.get("example", "")),
        help=str(raw.get("help", "")),
        header_en=str(raw.get("header_en", "")),
        help_en=str(raw.get("help_en", "")),
        example_en=str(raw.get("example_en", "")),
    )


@cache
def load_template(kind: str) -> TemplateSpec:
    if kind not in KINDS:
        raise ValueError(f"unknown template kind {kind!r}")
    raw = load_json("templates", f"{kind}.json")
    return TemplateSpec(
        kind=raw["kind"],
        version=raw["version"],
        sheet=raw["sheet"],
        title=raw["title"],
        subtitle=raw.get("subtitle", ""),
        menu=raw.get("menu", ""),
        key=raw["key"],
        columns=tuple(_column(c) for c in raw["columns"]),
    )


_ITEM_KEYS = frozenset({"code", "label", "aliases", "en"})


@cache
def load_codelists() -> dict[str, CodeList]:
    raw = load_json("templates", "codelists.json")
    lists: dict[str, CodeList] = {}
    for name, body in raw.items():
        if name.startswith("_"):
            continue
        items = tuple((str(i["code"]), str(i["label"])) for i in body["items"])
        lookup: dict[str, str] = {}
        english: dict[str, str] = {}
        attributes: dict[str, dict[str, Any]] = {}
        for item in body["items"]:
            code = str(item["code"])
            for text in (item["label"], code, *item.get("aliases", ())):
                lookup.setdefault(choice_key(str(text)), code)
            if code.isdigit():  # "01" typed as the number 1
                lookup.setdefault(str(int(code)), code)
            if "en" in item:
                english[code] = str(item["en"])
                lookup.setdefault(choice_key(english[code]), code)
            attributes[code] = {k: v for k, v in item.items() if k not in _ITEM_KEYS}
        keywords = tuple((search_key(k), str(c)) for k, c in body.get("keywords", ()))
        lists[name] = CodeList(name, body["title"], items, lookup, keywords,
                               body.get("title_en", ""), english, attributes)  # fmt: skip
    return lists


@cache
def load_min_spec() -> dict[str, dict[str, float]]:
    rules: dict[str, dict[str, float]] = load_json("templates", "min_spec.json")["rules"]
    return rules
