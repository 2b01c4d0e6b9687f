"""How students' names are searched and ordered: values stored beside the name so that SQLite
can filter and sort 50,000 students without Python touching each row."""

from __future__ import annotations

from typing import Any

from desktop_app.core.rules.programme import class_grade
from desktop_app.core.text import search_key, vietnamese_sort_key

_FIELD = "\x01"  # lower than the word separator, so "An" sorts before "An Bình"
_WORD = "\x02"


def name_sort_key(full_name: str) -> str:
    """Vietnamese class-list order as one text (SQLite compares it byte by byte): the given name
    (last word) first, then the whole name; letters before tones (see vietnamese_sort_key)."""
    letters, tones = vietnamese_sort_key(full_name)  # words joined by NUL, one tone per word
    given_letters, given_tone = letters.rsplit("\x00", 1)[-1], tones[-1:]
    # given name (letters, then tone) first, then the whole name (letters, then tones)
    return _FIELD.join((given_letters, given_tone, letters.replace("\x00", _WORD), tones))


def student_keys(full_name: str, class_name: str) -> dict[str, Any]:
    """The stored columns derived from a student's name and class."""
    return {
        "name_key": search_key(full_name),
        "sort_key": name_sort_key(full_name),
        "grade": class_grade(class_name),
    }
