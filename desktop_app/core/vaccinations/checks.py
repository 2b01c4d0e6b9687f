"""Dose requests checked against the school's data, and the writing of those that pass.

The checker reads once what every request is checked against — the live students (code, id,
birth date) and their current doses — so that the importer's 50,000 rows, a vaccination day's
class and the form's one dose are checked by the same code, with the same messages.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from desktop_app.core.rules import findings as F
from desktop_app.core.rules.findings import Finding
from desktop_app.core.rules.vaccinations import (
    DOSE,
    Dose,
    VaccinationEvent,
    already_recorded,
    check_new_doses,
    load_current_doses,
    recorded_late,
)
from desktop_app.core.store.changes import ChangeSet


@dataclass(frozen=True)
class DoseRequest:
    """One dose to record, as the clerk gave it (a form, a row of template 4.9.1)."""

    student_code: str
    dose_no: int
    vaccinated_on: date
    vaccine: str
    place: str
    lot_no: str | None = None
    facility: str | None = None
    note: str | None = None

    @property
    def dose(self) -> Dose:
        return Dose(self.dose_no, self.vaccinated_on, self.vaccine)


@dataclass
class DoseDecision:
    """What the checker decided about one request."""

    request: DoseRequest
    findings: list[Finding] = field(default_factory=list)
    student_id: str | None = None
    unchanged: bool = False  # exactly this dose is recorded already (a re-imported file)
    record_id: str | None = None  # the dose written (or found unchanged)

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)


class VaccinationChecker:
    """The students and their current doses, read once; ``check`` says what the rules say."""

    def __init__(self, conn: sqlite3.Connection, *, today: date) -> None:
        self.today = today
        self.students: dict[str, tuple[str, date | None]] = {
            code: (student_id, stored_day(birth))
            for code, student_id, birth in conn.execute(
                "SELECT code, id, birth_date FROM students WHERE deleted = 0"
            )
        }
        self.births = {student_id: birth for student_id, birth in self.students.values()}
        self.doses: dict[str, list[VaccinationEvent]] = load_current_doses(conn)
        self._lines: dict[int, int | str] = {}

    def expect_student(self, code: str, student_id: str, birth_date: date | None) -> None:
        """A student added in the same write as the doses (an imported file's new student):
        checked as a known student without doses."""
        self.students[code] = (student_id, birth_date)
        self.births[student_id] = birth_date

    def student_doses(self, student_id: str) -> list[VaccinationEvent]:
        return self.doses.get(student_id, [])

    def check(
        self, requests: Sequence[DoseRequest], lines: Sequence[int | str] | None = None
    ) -> list[DoseDecision]:
        """One decision per request; the requests of one student are checked together, as a
        series (doses 1 and 2 in one file need no dose recorded before). ``lines`` number the
        requests in the clerk's terms (Excel rows) for the message about a line given twice."""
        decisions = [DoseDecision(r) for r in requests]
        numbers = list(lines) if lines is not None else list(range(1, len(requests) + 1))
        self._lines = {id(d): n for d, n in zip(decisions, numbers, strict=True)}
        by_student: dict[str, list[DoseDecision]] = {}
        for decision in decisions:
            found = self.students.get(decision.request.student_code)
            if found is None:
                decision.findings.append(F.error("not_found", "student_code",
                                                 "vaccination.unknown_student",
                                                 value=decision.request.student_code))  # fmt: skip
                continue
            decision.student_id = found[0]
            by_student.setdefault(found[0], []).append(decision)
        for student_id, group in by_student.items():
            self._check_student(student_id, group)
        return decisions

    def _check_student(self, student_id: str, group: list[DoseDecision]) -> None:
        birth = self.births.get(student_id)
        recorded = [e.dose for e in self.student_doses(student_id)]
        new: list[DoseDecision] = []
        doses: list[Dose] = []
        first: dict[int, DoseDecision] = {}  # the batch's first request of each dose number
        for decision in group:
            dose = decision.request.dose
            earlier = first.setdefault(dose.dose_no, decision)
            if earlier is not decision and earlier.request.dose.same_facts(dose):
                # The same dose twice (a line copied): the same verdict whether or not it is
                # recorded already, said once, and written once.
                decision.unchanged = True
                decision.findings.append(F.warning(
                    "duplicate_in_file", "dose_no", "vaccination.repeated",
                    dose=dose.dose_no, first_row=self._lines.get(id(earlier), "?"),
                ))  # fmt: skip
                continue
            same = already_recorded(recorded, dose) if recorded else None
            if same is not None:
                decision.unchanged, decision.record_id = True, same.id
            else:
                new.append(decision)
                doses.append(dose)
        found = check_new_doses(recorded, doses, birth_date=birth, today=self.today)
        for decision, findings in zip(new, found, strict=True):
            decision.findings += findings


def stored_day(text: str | None) -> date | None:
    """A stored ISO date, or None when it is missing or not a date."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def dose_record(
    request: DoseRequest, student_id: str, today: date, supersedes: str | None = None
) -> dict[str, object]:
    """The row of a dose as stored (and journaled)."""
    return {
        "student_id": student_id, "kind": DOSE, "dose_no": request.dose_no,
        "vaccinated_on": request.vaccinated_on.isoformat(), "vaccine": request.vaccine,
        "lot_no": request.lot_no or None, "place": request.place,
        "facility": request.facility or None, "note": request.note or None,
        "supersedes": supersedes, "recorded_on": today.isoformat(),
        "late": int(recorded_late(request.vaccinated_on, today)),
    }  # fmt: skip


def write_doses(
    decisions: Sequence[DoseDecision], changes: ChangeSet, today: date
) -> tuple[int, int]:
    """Queue the doses of checked decisions. Returns (created, unchanged)."""
    created = unchanged = 0
    for decision in decisions:
        if decision.unchanged:
            unchanged += 1
            continue
        assert decision.student_id is not None and decision.ok
        record = dose_record(decision.request, decision.student_id, today)
        decision.record_id = changes.insert("vaccination", record)["id"]
        created += 1
    return created, unchanged
