"""The programme's fixed facts, from the official letters (shared/seeds): the categories and their
priority, school levels and classes, survey rounds, and by when each event must be recorded."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum
from functools import lru_cache

from desktop_app.core.messages import Msg, msg
from desktop_app.core.templates.spec import CodeLabel
from desktop_app.core.text import search_key, vietnamese_sort_key


class Category(IntEnum):
    """Diện đối tượng. The value is also the priority: a lower number is served first."""

    POOR = 1  # hộ nghèo
    NEAR_POOR = 2  # hộ cận nghèo
    COVID_ORPHAN = 3  # cha/mẹ tử vong do COVID-19
    OTHER_HARDSHIP = 4  # khó khăn khác — reported separately, lowest priority

    @property
    def label(self) -> CodeLabel:
        """Its name from the code list ("Hộ nghèo" / "Poor household")."""
        return CodeLabel("category", str(self.value))

    @property
    def in_programme(self) -> bool:
        """Categories 1–3 are "diện hỗ trợ của Chương trình"; 4 is reported apart."""
        return self is not Category.OTHER_HARDSHIP

    @property
    def needs_poverty_certificate(self) -> bool:
        return self in (Category.POOR, Category.NEAR_POOR)


def priority_order(categories: list[Category]) -> list[Category]:
    return sorted(categories)


def category_label(category: int) -> CodeLabel:
    """The name of a category code as the reader's language says it."""
    return CodeLabel("category", str(category))


# --- devices ----------------------------------------------------------------------------------

SIM = "sim"  # the code-list code of a SIM / data plan


def goes_with_a_device(device_type: str) -> bool:
    """A SIM / data plan goes with a device, not instead of one (seed 003): it is never proposed
    by itself and a device list waiting for students leaves it out."""
    return device_type == SIM


# --- school levels and classes -----------------------------------------------------------------

LEVEL_GRADES: dict[str, range] = {
    "TH": range(1, 6),
    "THCS": range(6, 10),
    "THPT": range(10, 13),
    "LC": range(1, 13),  # liên cấp: the union of the levels the school teaches
}


_CLASS_NAME = re.compile(r"(1[0-2]|[1-9])(?![0-9])[\w .\-/]{0,15}")
# The word "Lớp" (any case, with or without its marks) before the grade: "Lớp 6A1", "lop6a1".
_CLASS_WORD = re.compile(r"l[oóòỏõọôốồổỗộơớờởỡợ]p *(?=\d)", re.IGNORECASE)
_GRADE_AND_REST = re.compile(r"(1[0-2]|[1-9]) *(.*)")


def _without_class_word(class_name: str) -> str:
    return _CLASS_WORD.sub("", class_name, count=1) if class_name[:1] in "lL" else class_name


@lru_cache(maxsize=4096)  # a school has a few dozen classes; an import asks for each row
def class_grade(class_name: str) -> int | None:
    """The grade a class name starts with ("6A1" → 6, "10 Toán" → 10, "Lớp 6A1" → 6), or None
    if malformed."""
    match = _CLASS_NAME.fullmatch(_without_class_word(class_name))
    return int(match.group(1)) if match else None


def class_order(class_name: str) -> tuple[object, ...]:
    """Where a class stands in the school's lists: by grade, then its parts in order, numbers by
    value (6A2 before 6A10) and words in Vietnamese order."""
    parts = tuple(
        (0, int(part), ("", "")) if part.isdigit() else (1, 0, vietnamese_sort_key(part))
        for part in _CLASS_PARTS.findall(class_name)
    )
    return (class_grade(class_name) or 0, parts)


_CLASS_PARTS = re.compile(r"\d+|\D+")


def _class_code(part: str) -> bool:
    """A part of a class name that is a code ("A1", "a", "CB", "/2"), not a word ("Toán")."""
    return part.isascii() and (len(part) <= 2 or not part.isalpha())


def canonical_class_name(class_name: str) -> str | None:
    """The one way a class is written, so that "6a1", "6 A1", "Lớp 6A1" and "lớp 6a1" are one
    class "6A1" in every list and report; None when it does not start with a grade 1–12.

    The code after the grade is upper-case and joined to it ("6A1", "9/2", "12CB"); a word keeps
    its letters, with a capital first, after one space ("10 toán" → "10 Toán").
    """
    name = _without_class_word(" ".join(class_name.split()))
    if _CLASS_NAME.fullmatch(name) is None:
        return None
    parts = _GRADE_AND_REST.fullmatch(name)
    assert parts is not None  # _CLASS_NAME matched
    canonical, after_code = parts.group(1), True
    for part in parts.group(2).split(" "):
        if not part:
            continue
        code = _class_code(part)
        canonical += ("" if code and after_code else " ") + (
            part.upper() if code else part[0].upper() + part[1:]
        )
        after_code = code
    return canonical


def grade_fits_level(grade: int, level: str | None) -> bool:
    if not level or level not in LEVEL_GRADES:
        return True  # no school profile yet: nothing to check against
    return grade in LEVEL_GRADES[level]


def grades_outside_level(grades: Iterable[int], level: str | None) -> list[int]:
    """The grades (each once, in order) that the school's level does not teach."""
    return sorted({grade for grade in grades if not grade_fits_level(grade, level)})


def level_grades_text(level: str) -> str:
    """ "6–9": the grades a level teaches, as the messages write them."""
    grades = LEVEL_GRADES[level]
    return f"{grades.start}–{grades.stop - 1}"


# What a school's name says of its level: "Trường THCS Ea Tu" teaches THCS; "Trường TH&THCS …",
# "Trường THCS và THPT …" or "… liên cấp …" teach several levels (LC). Matched on the name's
# search key (no marks, lower case), as whole words.
_LEVEL_WORDS: tuple[tuple[str, str], ...] = (
    ("trung hoc co so", "THCS"),
    ("trung hoc pho thong", "THPT"),
    ("tieu hoc", "TH"),
    ("lien cap", "LC"),
    ("thcs", "THCS"),
    ("thpt", "THPT"),
    ("tih", "TH"),
    ("th", "TH"),
)
_LEVEL_PATTERN = re.compile(
    r"(?<![a-z0-9])(" + "|".join(re.escape(w) for w, _ in _LEVEL_WORDS) + r")(?![a-z0-9])"
)


def levels_in_name(name: str | None) -> frozenset[str]:
    """The levels a school's name names: {"THCS"} for "Trường THCS Ea Tu", {"TH", "THCS"} for
    "Trường PTDTBT TH&THCS Ea Tu", {"LC"} for "Trường liên cấp …"; empty when it names none."""
    if not name:
        return frozenset()
    levels = dict(_LEVEL_WORDS)
    return frozenset(levels[found] for found in _LEVEL_PATTERN.findall(search_key(name)))


def levels_for_name(name: str | None) -> frozenset[str]:
    """The levels the profile may have with this name: the one level it names, LC (liên cấp)
    when it names several or "liên cấp"; empty when the name says nothing of its level."""
    named = levels_in_name(name)
    if len(named) > 1 or "LC" in named:
        return frozenset({"LC"})
    return named


def level_name_mismatch(name: str | None, level: str | None) -> Msg | None:
    """A warning (never a refusal) when the chosen level is not the one the name says:
    "Trường THCS Ea Tu" with level THPT. None when they agree or either says nothing."""
    accepted = levels_for_name(name)
    if not level or not accepted or level in accepted:
        return None
    (named,) = accepted
    return msg("school.level_name_mismatch", name=name, level=level_label(level),
               named=level_label(named))  # fmt: skip


def level_label(level: str) -> Msg:
    """A level's name: "Trung học cơ sở (THCS)", "Liên cấp"."""
    return msg(f"school.level.{level}")


# --- survey rounds: needs are reviewed every 6 months (seed 003) --------------------------------


def survey_round(day: date) -> str:
    """The half-year a need belongs to, e.g. "2021-H2"; a student may have a new need each round."""
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


# --- deadlines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    event: str
    days: int

    @property
    def label(self) -> Msg:
        return msg(f"deadline.{self.event}")


DEADLINES = {
    "receipt": Deadline("receipt", 1),  # a donation is recorded within 1 day of receipt
    "handover": Deadline("handover", 1),  # a handover within 1 day
    "vaccination": Deadline("vaccination", 1),  # a dose within 1 day of the shot (seed 001, 4.)
    "district_report": Deadline("district_report", 5),  # the district reports within 5 days
    "department_report": Deadline("department_report", 7),  # the department within 7 days
    "need_review": Deadline("need_review", 183),  # needs are reviewed every 6 months
}


def due_date(event: str, happened_on: date) -> date:
    return happened_on + timedelta(days=DEADLINES[event].days)


def is_late(event: str, happened_on: date, recorded_on: date) -> bool:
    return recorded_on > due_date(event, happened_on)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
