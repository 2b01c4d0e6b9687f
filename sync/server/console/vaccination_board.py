"""A school's vaccination figures (CSDL 4.9) for the console, kept in its ``school_board`` row
(column ``vaccinations``), by grade: students, how many have had at least 1, 2 and 3 doses, doses
recorded late.

They are recomputed with the board's other figures (``board.refresh_school``), inside the
transaction that changed the school's records, so that the page for a province of a thousand
schools reads one small value per school instead of every dose. The counting is the desktop's
own: ``rules.vaccinations.current_doses`` (what corrections and cancellations leave),
``doses_received`` (doses in a row from dose 1) and ``recorded_late``; a school's report and the
district's page give the same figures for the same records.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop_app.core.rules.vaccinations import (
    COVERAGE_DOSES,
    DOSE,
    VaccinationEvent,
    current_doses,
    doses_received,
    recorded_late,
)

UNKNOWN_GRADE = 0  # a student whose record carries no grade


@dataclass
class GradeCounts:
    """One grade of one school (or any sum of them)."""

    students: int = 0
    at_least: dict[int, int] = field(default_factory=lambda: dict.fromkeys(COVERAGE_DOSES, 0))
    late: int = 0  # current doses recorded more than 1 day after the shot

    def add(self, doses: int, late: int) -> None:
        self.students += 1
        self.late += late
        for n in COVERAGE_DOSES:
            if doses >= n:
                self.at_least[n] += 1

    def merge(self, other: GradeCounts) -> None:
        self.students += other.students
        self.late += other.late
        for n in COVERAGE_DOSES:
            self.at_least[n] += other.at_least[n]

    @property
    def none(self) -> int:
        return self.students - self.at_least[COVERAGE_DOSES[0]]

    def percent(self, dose: int) -> float:
        return 100.0 * self.at_least[dose] / self.students if self.students else 0.0


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _number(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _event(entity_id: str, data: Mapping[str, Any]) -> tuple[VaccinationEvent, bool] | None:
    """The stored record as the rules read it, and whether it was recorded late; None for a
    record no client of ours writes (no date, no dose number): the figures skip it rather than
    fail the school's submission."""
    given, dose_no = _day(data.get("vaccinated_on")), _number(data.get("dose_no"))
    if given is None or dose_no is None or not data.get("student_id"):
        return None
    recorded = _day(data.get("recorded_on")) or given
    flag = data.get("late")
    late = bool(_number(flag)) if flag not in (None, "") else recorded_late(given, recorded)
    supersedes = data.get("supersedes")
    event = VaccinationEvent(
        id=entity_id, student_id=str(data["student_id"]), kind=str(data.get("kind") or DOSE),
        dose_no=dose_no, vaccinated_on=given, vaccine=str(data.get("vaccine") or ""),
        place=str(data.get("place") or ""), recorded_on=recorded,
        supersedes=str(supersedes) if supersedes else None,
    )  # fmt: skip
    return event, late


def grade_counts(
    students: Mapping[str, Mapping[str, Any]], vaccinations: Mapping[str, Mapping[str, Any]]
) -> dict[int, GradeCounts]:
    """Each grade's figures from a school's live student and vaccination records."""
    events, late_ids = [], set()
    for entity_id, data in vaccinations.items():
        parsed = _event(entity_id, data)
        if parsed is not None:
            events.append(parsed[0])
            if parsed[1]:
                late_ids.add(entity_id)
    current = current_doses(events)
    grades: dict[int, GradeCounts] = {}
    for student_id, student in students.items():
        grade = _number(student.get("grade")) or UNKNOWN_GRADE
        doses = current.get(student_id, [])
        late = sum(1 for dose in doses if dose.id in late_ids)
        grades.setdefault(grade, GradeCounts()).add(doses_received(doses), late)
    return grades


def encode(grades: Mapping[int, GradeCounts]) -> str:
    """The figures as ``school_board.vaccinations`` keeps them: {grade: [students, at least 1,
    2, 3 doses, late doses]} (written with the board's row: no statement of their own)."""
    return json.dumps({str(grade): [c.students, *(c.at_least[n] for n in COVERAGE_DOSES), c.late]
                       for grade, c in sorted(grades.items())})  # fmt: skip


def decode(text: str | None) -> tuple[tuple[int, GradeCounts], ...]:
    """``encode``'s figures back, by grade (none for a school without students)."""
    grades = []
    for grade, values in sorted(((int(g), v) for g, v in json.loads(text or "{}").items())):
        students, *doses, late = (int(v) for v in values)
        grades.append((grade, GradeCounts(students, dict(zip(COVERAGE_DOSES, doses, strict=True)),
                                          late)))  # fmt: skip
    return tuple(grades)


def total(grades: tuple[tuple[int, GradeCounts], ...]) -> GradeCounts:
    whole = GradeCounts()
    for _, counts in grades:
        whole.merge(counts)
    return whole
