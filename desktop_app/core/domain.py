"""The programme's rules, from the official letters (shared/seeds): who may be supported, in which
order, and by when each event must be recorded."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum


class Category(IntEnum):
    """Diện đối tượng. The value is also the priority: a lower number is served first."""

    POOR = 1  # hộ nghèo
    NEAR_POOR = 2  # hộ cận nghèo
    COVID_ORPHAN = 3  # cha/mẹ tử vong do COVID-19
    OTHER_HARDSHIP = 4  # khó khăn khác — reported separately, lowest priority

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]

    @property
    def in_programme(self) -> bool:
        """Categories 1–3 are "diện hỗ trợ của Chương trình"; 4 is reported apart."""
        return self is not Category.OTHER_HARDSHIP

    @property
    def needs_poverty_certificate(self) -> bool:
        return self in (Category.POOR, Category.NEAR_POOR)


CATEGORY_LABELS = {
    Category.POOR: "Hộ nghèo",
    Category.NEAR_POOR: "Hộ cận nghèo",
    Category.COVID_ORPHAN: "Cha/mẹ tử vong do COVID-19",
    Category.OTHER_HARDSHIP: "Khó khăn khác",
}


def priority_order(categories: list[Category]) -> list[Category]:
    return sorted(categories)


# --- eligibility -------------------------------------------------------------------------------


class Ineligible(IntEnum):
    HAS_OWN_DEVICE = 1
    ALREADY_SUPPORTED = 2


def eligibility(*, has_own_device: bool, already_supported: bool) -> Ineligible | None:
    """Who may be reported and supported (None means eligible).

    A device the school only lends until online learning ends does not count as having one
    (seed 001), so the loan is deliberately not a parameter here. Each student is supported once
    (seed 004).
    """
    if already_supported:
        return Ineligible.ALREADY_SUPPORTED
    if has_own_device:
        return Ineligible.HAS_OWN_DEVICE
    return None


# --- school levels and classes -----------------------------------------------------------------

LEVEL_GRADES: dict[str, range] = {
    "TH": range(1, 6),
    "THCS": range(6, 10),
    "THPT": range(10, 13),
    "LC": range(1, 13),  # liên cấp: the union of the levels the school teaches
}
LEVEL_LABELS = {
    "TH": "Tiểu học",
    "THCS": "Trung học cơ sở",
    "THPT": "Trung học phổ thông",
    "LC": "Liên cấp",
}

_CLASS_NAME = re.compile(r"(1[0-2]|[1-9])(?![0-9])[\w .\-/]{0,15}")


def class_grade(class_name: str) -> int | None:
    """The grade a class name starts with ("6A1" → 6, "10 Toán" → 10), or None if malformed."""
    match = _CLASS_NAME.fullmatch(class_name)
    return int(match.group(1)) if match else None


def grade_fits_level(grade: int, level: str | None) -> bool:
    if not level or level not in LEVEL_GRADES:
        return True  # no school profile yet: nothing to check against
    return grade in LEVEL_GRADES[level]


# --- survey rounds: needs are reviewed every 6 months (seed 003) --------------------------------


def survey_round(day: date) -> str:
    """The half-year a need belongs to, e.g. "2021-H2"; a student may have a new need each round."""
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


# --- deadlines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    event: str
    label: str
    days: int


DEADLINES = {
    "receipt": Deadline("receipt", "Cập nhật tiếp nhận thiết bị tài trợ", 1),
    "handover": Deadline("handover", "Cập nhật bàn giao thiết bị cho học sinh", 1),
    "district_report": Deadline("district_report", "Phòng GD&ĐT báo cáo Sở về bàn giao", 5),
    "department_report": Deadline("department_report", "Sở GD&ĐT báo cáo Bộ", 7),
    "need_review": Deadline("need_review", "Rà soát nhu cầu hỗ trợ", 183),
}


def due_date(event: str, happened_on: date) -> date:
    return happened_on + timedelta(days=DEADLINES[event].days)


def is_late(event: str, happened_on: date, recorded_on: date) -> bool:
    return recorded_on > due_date(event, happened_on)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
