"""Find the header row of a template in a real-world sheet and match its columns by their text.

Real files have title rows above the header, headers split over two rows (a merged parent cell
over sub-headers), line breaks, "(*)", NFD text and columns in any order — so columns are matched
by normalised header text and known aliases, never by position.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.templates.spec import TemplateSpec, header_key

HEADER_SEARCH_ROWS = 30
_PARENTHESES = re.compile(r"\([^)]*\)")


@dataclass
class HeaderMatch:
    header_row: int  # Excel row number of the (last) header row; data starts below it
    columns: dict[int, str]  # 0-based column index -> template field
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (index, header text)
    missing: list[str] = field(default_factory=list)  # required fields not found
    # A value typed over two columns under one header ("Họ và tên" over "Họ đệm" | "Tên"):
    # the second column's index -> the first's, whose cell takes both, joined by a space.
    joined: dict[int, int] = field(default_factory=dict)
    sub_headers: bool = False  # the second header row holds sub-headers, never data
    # A wide layout: columns repeated once per group ("Mũi 1 - Ngày tiêm", "Mũi 2 - Ngày tiêm"):
    # 0-based column index -> (template field, group number); see ``Repeated``.
    groups: dict[int, tuple[str, int]] = field(default_factory=dict)
    group_field: str | None = None  # the field each group's number gives ("dose_no")

    @property
    def score(self) -> tuple[int, int, int]:
        return (-len(self.missing), len(self.columns) + len(self.groups), int(self.sub_headers))

    @property
    def present(self) -> set[str]:
        """The template's fields this header has, in a column of their own or in groups."""
        found = set(self.columns.values()) | {name for name, _ in self.groups.values()}
        if self.groups and self.group_field is not None:
            found.add(self.group_field)
        return found

    def field_at(self, index: int) -> str | None:
        """The field of a column, whether it stands alone or belongs to a group."""
        name = self.columns.get(index)
        if name is None and index in self.groups:
            name = self.groups[index][0]
        return name


@dataclass(frozen=True)
class Repeated:
    """A template's columns that a wide file repeats once per group, one row per student
    (vaccinations: "Mũi 1 - Ngày tiêm", "Mũi 1 - Loại vắc-xin", "Mũi 2 - Ngày tiêm" …).
    ``match`` reads a header's text as (field, group number), or None."""

    group_field: str
    match: Callable[[str], tuple[str, int] | None]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _lookup(spec: TemplateSpec) -> dict[str, str]:
    keys: dict[str, str] = {}
    for column in spec.columns:
        for key in column.keys:
            keys.setdefault(key, column.field)
    return keys


def _field_for(text: str, keys: dict[str, str]) -> str | None:
    if not text:
        return None
    found = keys.get(header_key(text))
    if found is None and "(" in text:  # "Ngày sinh (dd/mm/yyyy)", "RAM (GB)" → without notes
        found = keys.get(header_key(_PARENTHESES.sub(" ", text)))
    return found


def _match_rows(
    spec: TemplateSpec,
    keys: dict[str, str],
    top: Sequence[Any],
    bottom: Sequence[Any] | None,
    repeated: Repeated | None = None,
    groups: dict[int, tuple[str, int]] | None = None,
) -> tuple[dict[int, str], list[tuple[int, str]]]:
    """Match one header row, or a two-row header where ``top`` holds merged parent cells.
    With ``repeated``, a header a group's column ("Mũi 2 - Ngày tiêm") goes in ``groups``."""
    columns: dict[int, str] = {}
    unknown: list[tuple[int, str]] = []
    taken: set[tuple[str, int]] = set()
    parent = ""
    width = max(len(top), len(bottom) if bottom is not None else 0)
    for index in range(width):
        upper = _text(top[index]) if index < len(top) else ""
        lower = _text(bottom[index]) if bottom is not None and index < len(bottom) else ""
        if upper:
            parent = upper
        elif not lower:
            parent = ""
        candidates = [lower, upper, f"{parent} {lower}"] if bottom is not None else [upper]
        found = next((f for f in map(lambda t: _field_for(t, keys), candidates) if f), None)
        shown = lower or upper
        if repeated is not None and groups is not None:
            group = next((g for g in map(repeated.match, reversed(candidates)) if g), None)
            if group is not None and group not in taken:
                taken.add(group)
                groups[index] = group
                continue
        if found and found not in columns.values():
            columns[index] = found
        elif shown:
            unknown.append((index, shown))
    return columns, unknown


# "Họ đệm" | "Tên" (or "Họ" | "Tên") under a merged "Họ và tên": one name in two cells.
_NAME_FIRST_PART = frozenset({"hodem", "ho", "hovadem", "hovachudem", "hochudem", "hovatendem"})
_NAME_LAST_PART = frozenset({"ten"})


def _sub_headers(top: Sequence[Any], bottom: Sequence[Any]) -> bool:
    """Whether ``bottom`` is a second header row (sub-headers under merged parent cells) rather
    than the first row of data: text only, no digit anywhere (data rows have codes, dates,
    numbers), and at least one text under a cell the row above leaves empty, that row being a
    header itself (a title alone above a header row does not make it a sub-header row)."""
    if sum(1 for value in top if _text(value)) < 3:
        return False
    under_empty = False
    for index, value in enumerate(bottom):
        if value is None or value == "":
            continue
        if not isinstance(value, str) or any(ch.isdigit() for ch in value):
            return False
        if index >= len(top) or not _text(top[index]):
            under_empty = True
    return under_empty


def _split_name(
    spec: TemplateSpec, top: Sequence[Any], bottom: Sequence[Any], match: HeaderMatch
) -> None:
    """The name typed over two columns ("Họ đệm" | "Tên") under the name's header: the second
    column is joined to the first (never an unknown column whose text is lost)."""
    names = [i for i, f in match.columns.items() if spec.column(f).type == "person_name"]
    for index in names:
        last = index + 1
        if (
            last < len(bottom)
            and header_key(_text(bottom[index])) in _NAME_FIRST_PART
            and header_key(_text(bottom[last])) in _NAME_LAST_PART
            and (last >= len(top) or not _text(top[last]))
            and last not in match.columns
        ):
            match.joined[last] = index
            match.unknown = [(i, t) for i, t in match.unknown if i != last]


def find_header(
    spec: TemplateSpec, rows: Sequence[Sequence[Any]], repeated: Repeated | None = None
) -> HeaderMatch | None:
    """The best header candidate in the first rows, or None when nothing looks like the template.
    ``repeated``: the template's wide layout, if it has one."""
    keys = _lookup(spec)
    required = [c.field for c in spec.required]
    best: HeaderMatch | None = None
    limit = min(len(rows), HEADER_SEARCH_ROWS)
    for index in range(limit):
        options: list[tuple[int, Sequence[Any], Sequence[Any] | None]] = [
            (index, rows[index], None)
        ]
        if index + 1 < len(rows):
            options.append((index + 1, rows[index], rows[index + 1]))
        for last, top, bottom in options:
            groups: dict[int, tuple[str, int]] = {}
            columns, unknown = _match_rows(spec, keys, top, bottom, repeated, groups)
            if len(columns) + len(groups) < 2:
                continue
            candidate = HeaderMatch(
                header_row=last + 1,
                columns=columns,
                unknown=unknown,
                sub_headers=bottom is not None and _sub_headers(top, bottom),
                groups=groups,
                group_field=repeated.group_field if groups and repeated else None,
            )
            found = candidate.present
            candidate.missing = [f for f in required if f not in found]
            if candidate.sub_headers:
                assert bottom is not None
                _split_name(spec, top, bottom, candidate)
            if best is None or candidate.score > best.score:
                best = candidate
    if best is None:
        return None
    # Fewer than half the required columns is not this template at all.
    if len(best.missing) * 2 > len(required):
        return None
    return best
