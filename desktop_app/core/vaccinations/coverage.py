"""The coverage figures: by class or grade, how many students have had at least 1, 2 and 3 doses
(``rules.vaccinations.doses_received``), who has no dose recorded, and which doses were recorded
later than the 1-day deadline; the current doses by vaccine and place. The page, the school's
report and the command line read these."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from desktop_app.core.rules.programme import class_order
from desktop_app.core.rules.vaccinations import (
    COVERAGE_DOSES,
    CURRENT_DOSE,
    PLACES,
    doses_received,
    load_current_doses,
    vaccine_list,
)


@dataclass
class CoverageRow:
    """One class (or grade, or the whole school): students, and how many have had at least
    ``n`` doses for each n of ``COVERAGE_DOSES``."""

    label: str
    grade: int | None
    students: int = 0
    at_least: dict[int, int] = field(default_factory=lambda: dict.fromkeys(COVERAGE_DOSES, 0))

    @property
    def none(self) -> int:
        return self.students - self.at_least[1]

    def percent(self, dose: int) -> float:
        return 100.0 * self.at_least[dose] / self.students if self.students else 0.0

    def add(self, doses: int) -> None:
        self.students += 1
        for n in COVERAGE_DOSES:
            if doses >= n:
                self.at_least[n] += 1


@dataclass
class Coverage:
    by_class: list[CoverageRow]
    by_grade: list[CoverageRow]
    total: CoverageRow


@dataclass(frozen=True)
class UnvaccinatedStudent:
    student_id: str
    code: str
    full_name: str
    class_name: str


@dataclass(frozen=True)
class LateDose:
    student_id: str
    code: str
    full_name: str
    class_name: str
    dose_no: int
    vaccinated_on: date
    recorded_on: date


def coverage(conn: sqlite3.Connection) -> Coverage:
    """Coverage of every live student, by class (in the order classes sort), by grade, in all."""
    doses = load_current_doses(conn)
    classes: dict[str, CoverageRow] = {}
    grades: dict[int | None, CoverageRow] = {}
    total = CoverageRow("", None)
    for student_id, class_name, grade in conn.execute(
        "SELECT id, class_name, grade FROM students WHERE deleted = 0"
    ):
        count = doses_received(doses.get(student_id, []))
        classes.setdefault(class_name, CoverageRow(class_name, grade)).add(count)
        grades.setdefault(grade, CoverageRow(str(grade or ""), grade)).add(count)
        total.add(count)
    return Coverage(
        by_class=sorted(classes.values(), key=lambda r: class_order(r.label)),
        by_grade=sorted(grades.values(), key=lambda r: r.grade or 0),
        total=total,
    )


@dataclass(frozen=True)
class DosesByPlace:
    """The current doses of live students, counted by vaccine and by place (every dose counts,
    not every student): which vaccines the school's students had, and where."""

    counts: Counter[tuple[str, str]]  # (vaccine, place) -> doses

    @property
    def vaccines(self) -> list[str]:
        """The code list's vaccines in its order, then any other code the records hold."""
        listed = vaccine_list().codes
        extra = sorted({v for v, _ in self.counts} - set(listed))
        return [*listed, *extra]

    @property
    def places(self) -> tuple[str, ...]:
        return PLACES

    def cell(self, vaccine: str, place: str) -> int:
        return self.counts.get((vaccine, place), 0)

    def vaccine_total(self, vaccine: str) -> int:
        return sum(n for (v, _), n in self.counts.items() if v == vaccine)

    def place_total(self, place: str) -> int:
        return sum(n for (_, p), n in self.counts.items() if p == place)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def doses_by_vaccine_and_place(conn: sqlite3.Connection) -> DosesByPlace:
    """Every current dose of a live student, by vaccine and place."""
    counts: Counter[tuple[str, str]] = Counter()
    for events in load_current_doses(conn).values():
        counts.update((e.vaccine, e.place) for e in events)
    return DosesByPlace(counts)


def unvaccinated(
    conn: sqlite3.Connection, class_name: str | None = None
) -> list[UnvaccinatedStudent]:
    """Live students with no current dose (of one class, or all), in the list's order."""
    sql = (
        "SELECT s.id, s.code, s.full_name, s.class_name FROM students s WHERE s.deleted = 0"
        f" AND NOT EXISTS (SELECT 1 FROM vaccinations v WHERE v.student_id = s.id AND {CURRENT_DOSE})"
    )
    params: list[str] = []
    if class_name is not None:
        sql += " AND s.class_name = ?"
        params.append(class_name)
    rows = conn.execute(sql + " ORDER BY s.class_name, s.sort_key, s.code", params)
    return [UnvaccinatedStudent(*row) for row in rows]


def late_doses(conn: sqlite3.Connection) -> list[LateDose]:
    """Current doses recorded more than 1 day after the shot, oldest shot first."""
    rows = conn.execute(
        "SELECT s.id, s.code, s.full_name, s.class_name, v.dose_no, v.vaccinated_on,"
        " v.recorded_on FROM vaccinations v JOIN students s ON s.id = v.student_id"
        f" WHERE s.deleted = 0 AND v.late = 1 AND {CURRENT_DOSE}"
        " ORDER BY v.vaccinated_on, s.class_name, s.sort_key"
    )
    return [
        LateDose(sid, code, name, cls, dose, date.fromisoformat(on), date.fromisoformat(rec))
        for sid, code, name, cls, dose, on, rec in rows
    ]


def total_of(rows: Iterable[CoverageRow]) -> CoverageRow:
    total = CoverageRow("", None)
    for row in rows:
        total.students += row.students
        for n in COVERAGE_DOSES:
            total.at_least[n] += row.at_least[n]
    return total
