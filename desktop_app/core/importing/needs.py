"""Template 1 — Nhu cầu hỗ trợ: students and their need in the current survey round."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop_app.core import problems as P
from desktop_app.core.importing.base import (
    WriteCounts,
    changed_fields,
    fetch_dicts,
    flag_duplicates,
    iso,
)
from desktop_app.core.importing.rows import ParsedRow
from desktop_app.core.messages import msg
from desktop_app.core.naming import student_keys
from desktop_app.core.rules.consent import check_consent
from desktop_app.core.rules.holdings import Holdings, load_holdings
from desktop_app.core.rules.needs import (
    current_need_records,
    status_after_change,
    status_after_student_change,
)
from desktop_app.core.rules.programme import (
    class_grade,
    grades_outside_level,
    level_grades_text,
    level_label,
    survey_round,
)
from desktop_app.core.rules.students import check_student_need
from desktop_app.core.store.changes import ChangeSet, deleted_records
from desktop_app.core.templates.spec import TemplateSpec
from desktop_app.core.text import search_key

STUDENT_FIELDS = (
    "full_name", "birth_date", "gender", "class_name", "ethnicity", "citizen_id",
    "guardian_name", "phone", "address",
)  # fmt: skip
NEED_FIELDS = (
    "category", "poverty_cert_no", "has_device", "borrowing_device", "requested_device", "note",
)  # fmt: skip
# Optional: an empty or absent cell keeps the consent recorded in the application (withdrawing
# is the clerk's deliberate act in the window or ``songmay consent withdraw``).
CONSENT_COLUMNS = ("consent_date", "consent_method", "consent_ref")


@dataclass(slots=True)
class NeedAction:
    student: dict[str, Any]  # values as stored
    need: dict[str, Any]
    old_student: dict[str, Any] | None
    old_need: dict[str, Any] | None  # the student's latest need, any round
    student_changes: dict[str, Any]
    need_changes: dict[str, Any]

    @property
    def unchanged(self) -> bool:
        return self.old_student is not None and not self.student_changes and not self.need_changes


# A new student and their first need: everything is in the row's values, read again when written
# (a 200,000-row file would otherwise hold each record twice until then).
NEW_STUDENT = NeedAction({}, {}, None, None, {}, {})


def new_student_action(values: dict[str, Any]) -> NeedAction:
    student = student_values(values) | consent_values(values)
    need = need_values(values)
    return NeedAction(student, need, None, None, student, need)


def student_values(values: dict[str, Any]) -> dict[str, Any]:
    birth = values["birth_date"]
    return {
        "full_name": values["full_name"],
        "birth_date": iso(birth),
        "gender": values["gender"],
        "class_name": values["class_name"],
        "ethnicity": values.get("ethnicity"),
        "citizen_id": values.get("citizen_id"),
        "guardian_name": values.get("guardian_name"),
        "phone": values.get("phone"),
        "address": values.get("address"),
    }


def consent_values(values: dict[str, Any]) -> dict[str, Any]:
    """The consent a row records, as stored; empty when its date is empty (nothing changes)."""
    given = values.get("consent_date")
    if given is None:
        return {}
    return {
        "consent_date": iso(given),
        "consent_method": values.get("consent_method"),
        "consent_ref": values.get("consent_ref"),
    }


def need_values(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "category": int(values["category"]),
        "poverty_cert_no": values.get("poverty_cert_no"),
        "has_device": int(values["has_device"]),
        "borrowing_device": int(values.get("borrowing_device") or 0),
        "requested_device": values["requested_device"],
        "note": values.get("note"),
    }


class NeedsPlanner:
    def __init__(
        self, spec: TemplateSpec, *, level: str | None, as_of: date, today: date | None = None
    ) -> None:
        self.spec = spec
        self.today = today or as_of
        # Read from the database in prepare(), in the import's transaction.
        self.students: dict[str, dict[str, Any]] = {}
        self.by_person: dict[tuple[str, str], str] = {}
        self.latest_need: dict[str, dict[str, Any]] = {}
        self.holdings = Holdings()
        self.deleted_students: dict[Any, dict[str, Any]] = {}
        self.deleted_needs: dict[Any, dict[str, Any]] = {}
        # The file's rows planned so far (their codes, and who they are).
        self.codes_seen: dict[str, int | str] = {}
        self.people_seen: dict[tuple[str, str], tuple[str, int | str]] = {}
        self.level = level
        self.round = survey_round(as_of)
        self.header = {c.field: c.header for c in spec.columns}

    # --- row-only rules ----------------------------------------------------------------------

    def row_check(self, row: ParsedRow) -> None:
        v = row.values
        for finding in check_student_need(
            class_name=v.get("class_name"),
            birth_date=v.get("birth_date"),
            gender=v.get("gender"),
            citizen_id=v.get("citizen_id"),
            category=int(v["category"]) if v.get("category") else None,
            poverty_cert_no=v.get("poverty_cert_no"),
            has_device=v.get("has_device") == "1",
            level=self.level,
        ):
            row.add_finding(finding, self.header[finding.field])
        if any(v.get(name) for name in CONSENT_COLUMNS):
            for finding in check_consent(
                consent_date=v.get("consent_date"),
                method=v.get("consent_method"),
                ref=v.get("consent_ref"),
                birth_date=v.get("birth_date"),
                today=self.today,
            ):
                cell = row.cell(finding.field)
                if cell and any(p.is_error and p.cell == cell for p in row.problems):
                    continue  # its cell is already refused ("Tin nhắn" is not a method)
                row.add_finding(finding, self.header[finding.field])

    # --- rules across rows and against the database ------------------------------------------

    def plan(self, rows: Sequence[ParsedRow], conn: sqlite3.Connection) -> None:
        self.prepare(conn)
        self.plan_more(rows)

    def prepare(self, conn: sqlite3.Connection) -> None:
        self.students = {
            r["code"]: r for r in fetch_dicts(conn, "SELECT * FROM students WHERE deleted = 0")
        }
        self.by_person = {(r["name_key"], r["birth_date"]): code
                          for code, r in self.students.items()}  # fmt: skip
        self.latest_need = current_need_records(conn)
        self.holdings = load_holdings(conn)
        # Deleted students (and their needs) come back when the file has them again.
        self.deleted_students = deleted_records(conn, "student", lambda r: r["code"])
        self.deleted_needs = deleted_records(
            conn, "need", lambda r: (r["student_id"], r["survey_round"])
        )
        self.codes_seen, self.people_seen = {}, {}

    def plan_more(self, rows: Sequence[ParsedRow]) -> None:
        h = self.header
        flag_duplicates(rows, "student_code", h["student_code"], "duplicate_in_file.student_code",
                        self.codes_seen)  # fmt: skip
        students, by_person, in_file = self.students, self.by_person, self.people_seen
        latest_need, holdings = self.latest_need, self.holdings
        for row in rows:
            v = row.values
            code = v.get("student_code")
            if row.has_errors or code is None:
                continue
            person = (search_key(v["full_name"]), iso(v["birth_date"]) or "")
            other = by_person.get(person)
            if other is not None and other != code:
                row.add("warning", "possible_duplicate", "possible_duplicate", "full_name",
                        h["full_name"], other=other)  # fmt: skip
            elif person in in_file and in_file[person][0] != code:
                other_code, other_row = in_file[person]
                row.add("warning", "possible_duplicate", "possible_duplicate.in_file", "full_name",
                        h["full_name"], other=other_code, other_row=other_row)  # fmt: skip
            in_file.setdefault(person, (code, row.place))
            old = students.get(code)
            if old is None:
                row.action = NEW_STUDENT
                continue
            student = student_values(v) | consent_values(v)
            need = need_values(v)
            old_need = latest_need.get(old["id"])
            student_changes = changed_fields(old, student)
            need_changes = changed_fields(old_need, need) if old_need else need
            if student_changes or need_changes:
                fields = [h[f] for f in (*student_changes, *need_changes) if f in h]
                if not fields:  # birth_date etc. map 1:1; fall back to generic naming
                    fields = list(student_changes) + list(need_changes)
                row.add("warning", "duplicate_in_db", "duplicate_in_db.update", "student_code",
                        h["student_code"], value=code, fields=", ".join(fields))  # fmt: skip
            supported_since = holdings.supported_since(old["id"])
            if need_changes and supported_since is not None:  # the need is history now
                row.add("error", "already_supported", "already_supported", "student_code",
                        h["student_code"], value=code, date=supported_since)  # fmt: skip
            row.action = NeedAction(student, need, old, old_need, student_changes, need_changes)

    def file_problems(self, rows: Sequence[ParsedRow]) -> list[P.Problem]:
        """Grades the school's level does not teach (grade 10 in a THCS school): each such row is
        an error, and the file gets one warning that says which grades and how many rows, since
        the level in the school's profile may be the wrong one."""
        if self.level is None:
            return []
        grades = [class_grade(row.values["class_name"]) for row in rows
                  if row.values.get("class_name")]  # fmt: skip
        outside = grades_outside_level((g for g in grades if g is not None), self.level)
        if not outside:
            return []
        return [P.warning(
            "grades_outside_level", "importing.grades_outside_level",
            column=self.header["class_name"], count=sum(1 for g in grades if g in outside),
            grades=msg("importing.grade_list", count=len(outside),
                       grades=", ".join(str(g) for g in outside)),
            level=level_label(self.level),
            level_grades=level_grades_text(self.level),
        )]  # fmt: skip

    # --- writing ------------------------------------------------------------------------------

    def write(self, rows: Sequence[ParsedRow], changes: ChangeSet) -> WriteCounts:
        counts = WriteCounts()
        for row in rows:
            action: NeedAction = row.action
            if action is NEW_STUDENT:
                action = new_student_action(row.values)
            if action.unchanged:
                counts.unchanged += 1
                continue
            student = action.student
            if "consent_date" in action.student_changes or (
                action.old_student is None and "consent_date" in student
            ):
                student = {**student, "consent_recorded_by": changes.actor}
            if action.old_student is None:
                code = row.values["student_code"]
                stored = changes.insert_or_revive(
                    "student",
                    {"code": code, **student,
                     **student_keys(student["full_name"], student["class_name"])},
                    self.deleted_students.get(code),
                )  # fmt: skip
                student_id = stored["id"]
                counts.created += 1
            else:
                student_id = action.old_student["id"]
                update = dict(action.student_changes)
                if any(name in update for name in CONSENT_COLUMNS):
                    update["consent_recorded_by"] = changes.actor
                if "full_name" in update or "class_name" in update:
                    merged = {**action.old_student, **update}
                    update |= student_keys(merged["full_name"], merged["class_name"])
                changes.update("student", action.old_student, update)
                counts.updated += 1
            old_need = action.old_need
            if old_need is not None and not action.need_changes:
                status = status_after_student_change(old_need["status"])
                if action.old_student is not None and status != old_need["status"]:
                    changes.update("need", old_need, {"status": status.value})
                continue
            if old_need is not None and old_need["survey_round"] == self.round:
                status = status_after_change(old_need["status"])
                changes.update("need", old_need, {**action.need_changes, "status": status.value})
            else:  # first need, or a new survey round
                changes.insert_or_revive(
                    "need",
                    {"student_id": student_id, "survey_round": self.round, **action.need,
                     "status": "proposed", "review_comment": None},
                    self.deleted_needs.get((student_id, self.round)),
                )  # fmt: skip
        return counts
