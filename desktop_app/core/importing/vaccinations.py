"""Template 4.9.1 — Nhập hồ sơ tiêm vắc-xin: one row per dose (a wide file's doses are made
rows by ``vaccinations_wide`` before they get here).

The planner only turns each row's cells into a ``DoseRequest`` and puts the checker's findings
on the row's cells; the rules are ``VaccinationChecker``'s, the same for the window and the
command line. Its own job is the student a row names: a code the school does not know is a new
student when the row's identity columns (name, birth date, gender, class) are all filled — added
as the needs import adds one, without a need — and an error saying what to fill otherwise; a
known code whose name or birth date in the file differs from the school's is worth a warning
(a wrong code would put the dose on another child).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop_app.core import problems as P
from desktop_app.core.ids import uuid7
from desktop_app.core.importing.base import WriteCounts
from desktop_app.core.importing.needs import student_values
from desktop_app.core.importing.rows import ParsedRow
from desktop_app.core.messages import Listing
from desktop_app.core.naming import student_keys
from desktop_app.core.rules.students import check_student_need
from desktop_app.core.rules.vaccinations import recorded_late
from desktop_app.core.store.changes import ChangeSet, deleted_records
from desktop_app.core.templates.spec import ColumnLabel, TemplateSpec
from desktop_app.core.text import search_key
from desktop_app.core.vaccinations.checks import (
    DoseDecision,
    DoseRequest,
    VaccinationChecker,
    write_doses,
)

KIND = "vaccinations"
# What a row must say of a student the school does not have, to add them.
IDENTITY = ("full_name", "birth_date", "gender", "class_name")


def request_from_row(row: ParsedRow) -> DoseRequest:
    v = row.values
    return DoseRequest(
        student_code=v["student_code"],
        dose_no=int(v["dose_no"]),
        vaccinated_on=v["vaccinated_on"],
        vaccine=v["vaccine"],
        place=v["place"],
        lot_no=v.get("lot_no"),
        facility=v.get("facility"),
        note=v.get("note"),
    )


@dataclass
class _Known:
    id: str
    full_name: str
    name_key: str
    birth_date: str


@dataclass
class NewStudent:
    """A student the file adds: the row that says who they are, and the record to store."""

    row: ParsedRow
    record: dict[str, Any]
    revived: dict[str, Any] | None  # the same code, deleted once: brought back


class VaccinationsPlanner:
    def __init__(self, spec: TemplateSpec, today: date, level: str | None = None) -> None:
        self.spec = spec
        self.today = today
        self.level = level
        self.header = {c.field: c.header for c in spec.columns}
        self.new_students: dict[str, NewStudent] = {}  # by code, read in plan()

    def row_check(self, row: ParsedRow) -> None:
        """Nothing a row says alone: the rules need the student's other doses."""

    def plan(self, rows: Sequence[ParsedRow], conn: sqlite3.Connection) -> None:
        known = {
            code: _Known(student_id, name, key, birth)
            for code, student_id, name, key, birth in conn.execute(
                "SELECT code, id, full_name, name_key, birth_date FROM students WHERE deleted = 0"
            )
        }
        readable = [row for row in rows if not row.has_errors]
        self._plan_new_students(readable, known, conn)
        readable = [row for row in readable if not row.has_errors]  # a new student refused
        checker = VaccinationChecker(conn, today=self.today)
        for code, new in self.new_students.items():
            checker.expect_student(code, new.record["id"], new.row.values["birth_date"])
        asked: list[ParsedRow] = []
        for row in readable:
            code = row.values["student_code"]
            student = known.get(code)
            if student is not None:
                self._compare(row, student)
            elif code in self.new_students:
                self._compare_new(row, self.new_students[code])
            else:
                self._unknown(row)
                continue
            asked.append(row)
        decisions = checker.check([request_from_row(row) for row in asked],
                                  [row.place for row in asked])  # fmt: skip
        for row, decision in zip(asked, decisions, strict=True):
            for finding in decision.findings:
                row.add_finding(finding, self.header.get(finding.field, finding.field))
            if decision.ok:
                row.action = decision

    def _plan_new_students(
        self, rows: Sequence[ParsedRow], known: dict[str, _Known], conn: sqlite3.Connection
    ) -> None:
        """The codes the school lacks whose row says who the student is: each added once, as
        its first such row says (the school's level checked as the needs import checks it)."""
        self.new_students = {}
        deleted: dict[Any, dict[str, Any]] | None = None
        for row in rows:
            v = row.values
            code = v["student_code"]
            if code in known or code in self.new_students:
                continue
            if any(v.get(name) in (None, "") for name in IDENTITY):
                continue
            findings = check_student_need(
                class_name=v["class_name"], birth_date=v["birth_date"], gender=v["gender"],
                citizen_id=None, category=None, poverty_cert_no=None, has_device=False,
                level=self.level,
            )  # fmt: skip
            for finding in findings:
                row.add_finding(finding, self.header.get(finding.field, finding.field))
            if row.has_errors:
                continue
            if deleted is None:
                deleted = deleted_records(conn, "student", lambda r: r["code"])
            revived = deleted.get(code)
            student = student_values(v)
            record = {
                "id": revived["id"] if revived else uuid7(),
                "code": code,
                **student,
                **student_keys(student["full_name"], student["class_name"]),
            }
            self.new_students[code] = NewStudent(row, record, revived)

    def _compare(self, row: ParsedRow, student: _Known) -> None:
        """The name and birth date the file gives, against the school's (when given)."""
        v = row.values
        name = v.get("full_name")
        if name and search_key(name) != student.name_key:
            row.add("warning", "inconsistent", "vaccination_import.name_differs", "full_name",
                    self.header["full_name"], student=v["student_code"], stored=student.full_name,
                    value=name)  # fmt: skip
        birth = v.get("birth_date")
        if birth is not None and birth.isoformat() != student.birth_date:
            row.add("warning", "inconsistent", "vaccination_import.birth_differs", "birth_date",
                    self.header["birth_date"], student=v["student_code"],
                    stored=date.fromisoformat(student.birth_date), value=birth)  # fmt: skip

    def _compare_new(self, row: ParsedRow, new: NewStudent) -> None:
        if row is new.row:
            return
        name = row.values.get("full_name")
        first = new.record["full_name"]
        if name and search_key(name) != new.record["name_key"]:
            row.add("warning", "inconsistent", "vaccination_import.new_name_differs",
                    "full_name", self.header["full_name"], student=row.values["student_code"],
                    first=first, first_row=new.row.place, value=name)  # fmt: skip

    def _unknown(self, row: ParsedRow) -> None:
        missing = [name for name in IDENTITY if row.values.get(name) in (None, "")]
        row.add("error", "not_found", "vaccination_import.unknown_student", "student_code",
                self.header["student_code"], value=row.values["student_code"],
                missing=Listing(ColumnLabel(KIND, name) for name in missing or IDENTITY))  # fmt: skip

    def file_problems(self, rows: Sequence[ParsedRow]) -> list[P.Problem]:
        """Said once for the file: the students it adds, and the doses it records later than
        the letter's 1 day (recorded all the same, and flagged late)."""
        said: list[P.Problem] = []
        if self.new_students:
            code, first = next(iter(self.new_students.items()))
            said.append(P.info("students_added", "vaccination_import.students_added",
                               count=len(self.new_students), example=code,
                               example_row=first.row.place))  # fmt: skip
        late = [row for row in rows if row.action is not None and not row.action.unchanged
                and recorded_late(row.action.request.vaccinated_on, self.today)]  # fmt: skip
        if late:
            said.append(P.info("recorded_late", "vaccination_import.recorded_late",
                               count=len(late), example_row=late[0].place))  # fmt: skip
        return said

    def write(self, rows: Sequence[ParsedRow], changes: ChangeSet) -> WriteCounts:
        decisions: list[DoseDecision] = [row.action for row in rows]
        needed = {d.request.student_code for d in decisions if not d.unchanged}
        for code, new in self.new_students.items():
            if code in needed:  # a new student whose every dose was refused is not added
                changes.insert_or_revive("student", new.record, new.revived)
        created, unchanged = write_doses(decisions, changes, self.today)
        return WriteCounts(created=created, unchanged=unchanged)
