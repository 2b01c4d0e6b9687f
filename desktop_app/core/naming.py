"""How students' names are searched and ordered: values stored beside the name so that SQLite
can filter and sort 50,000 students without Python touching each row."""

from __future__ import annotations

from typing import Any

from desktop_app.core.rules.programme import class_grade
from desktop_app.core.text import search_key, word_sort_keys

_FIELD = "\x01"  # lower than the word separator, so "An" sorts before "An Bình"
_WORD = "\x02"


def name_sort_key(full_name: str) -> str:
    """Vietnamese class-list order as one text (SQLite compares it byte by byte): the given name
    (last word) first, then the whole name; letters before tones (see vietnamese_sort_key)."""
    keys = word_sort_keys(full_name)  # (letters, tone) of each word
    letters = [key[0] for key in keys] or [""]
    tones = "".join([key[1] for key in keys])
    # given name (letters, then tone) first, then the whole name (letters, then tones)
    return _FIELD.join((letters[-1], tones[-1:], _WORD.join(letters), tones))


def student_keys(full_name: str, class_name: str) -> dict[str, Any]:
    """The stored columns derived from a student's name and class."""
    return {
        "name_key": search_key(full_name),
        "sort_key": name_sort_key(full_name),
        "grade": class_grade(class_name),
    }
