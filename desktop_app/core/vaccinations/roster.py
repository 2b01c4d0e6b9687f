"""A class as a vaccination day sees it: each student with the doses they have had, so that the
quick entry can tick them and record each one's next dose in one ``record_doses`` call.

The count is ``rules.vaccinations.doses_received`` (doses in a row from dose 1): the dose rules
refuse gaps, so the next dose is always that count plus one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from desktop_app.core.rules.vaccinations import doses_received, load_current_doses
from desktop_app.core.students import StudentFilter, list_students
from desktop_app.core.vaccinations.checks import DoseRequest


@dataclass(frozen=True)
class RosterEntry:
    student_id: str
    code: str
    full_name: str
    class_name: str
    birth_date: date
    doses: int  # doses received in a row from dose 1
    last_vaccine: str | None  # the vaccine of the latest current dose

    @property
    def next_dose(self) -> int:
        return self.doses + 1


def class_roster(db: Database, class_name: str) -> list[RosterEntry]:
    """The live students of ``class_name`` in class-list order, with their doses."""
    students = list_students(db, StudentFilter(class_name=class_name))
    doses = load_current_doses(db.conn, [s.id for s in students])
    entries = []
    for s in students:
        mine = doses.get(s.id, [])
        last = mine[-1].vaccine if mine else None
        entries.append(RosterEntry(s.id, s.code, s.full_name, s.class_name, s.birth_date,
                                   doses_received(mine), last))  # fmt: skip
    return entries


@dataclass(frozen=True)
class VaccinationDay:
    """What a school vaccination day shares: one vaccine, one date, one place."""

    vaccinated_on: date
    vaccine: str
    place: str
    lot_no: str | None = None
    facility: str | None = None

    def requests(self, entries: Iterable[RosterEntry]) -> list[DoseRequest]:
        """Each ticked student's next dose, given on that day."""
        return [
            DoseRequest(e.code, e.next_dose, self.vaccinated_on, self.vaccine, self.place,
                        self.lot_no or None, self.facility or None)
            for e in entries
        ]  # fmt: skip
