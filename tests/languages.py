"""Is a text English, with Vietnamese only in the school's own data? For the tests of
``--lang en``: the school's data (names, the ministry's templates and code lists, a file's cells)
stays as it is in every language; everything else the program says must be English."""

from __future__ import annotations

from collections.abc import Iterable

from test_messages import VIETNAMESE

from desktop_app.core.templates.spec import KINDS, load_codelists, load_template


def template_words() -> set[str]:
    """The ministry's layout, which stays Vietnamese: titles, sheets, columns, code lists."""
    words: set[str] = set()
    for kind in KINDS:
        spec = load_template(kind)
        words |= {spec.title, spec.title.capitalize(), spec.sheet}
        for column in spec.columns:
            words |= {column.header, column.display_header, *column.aliases}
    for codes in load_codelists().values():
        words |= {codes.title, *(label for _code, label in codes.items)}
    return words


def vietnamese_lines(text: str, school_data: Iterable[str] = ()) -> list[str]:
    """The lines of ``text`` that still hold a Vietnamese letter once the school's data is
    taken out (the longest pieces first, so that "Nam, Nữ" goes before "Nữ")."""
    pieces = sorted({str(p) for p in school_data if p}, key=len, reverse=True)
    found = []
    for line in text.splitlines():
        rest = line
        for piece in pieces:
            rest = rest.replace(piece, "")
        if VIETNAMESE.search(rest):
            found.append(line)
    return found


def is_vietnamese(text: str) -> bool:
    return VIETNAMESE.search(text) is not None
