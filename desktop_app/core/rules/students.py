"""The rules of one student's row of the needs survey, the same for an imported row and the
student form: a student with their own device is not reported, a poor or near-poor household has
its certificate number, the class fits the school's level, and the citizen ID agrees with the
student's gender and birth year."""

from __future__ import annotations

from datetime import date

from desktop_app.core.rules.findings import Finding, error, warning
from desktop_app.core.rules.identifiers import check_citizen_id
from desktop_app.core.rules.programme import (
    LEVEL_GRADES,
    Category,
    class_grade,
    grade_fits_level,
)

# The problem code of each kind of citizen-ID fault (TEMPLATES.md).
_CITIZEN_ID_CODES = {
    "format": "invalid_format",
    "province": "invalid_format",
    "gender": "inconsistent",
    "century": "inconsistent",
    "birth_year": "inconsistent",
}


def check_citizen_id_of(
    field: str, citizen_id: str, *, gender: str | None = None, birth: date | None = None
) -> Finding | None:
    """A citizen ID's fault as a finding on ``field`` (a student's or a receiver's ID)."""
    problem = check_citizen_id(citizen_id, gender=gender, birth_year=birth.year if birth else None)
    if problem is None:
        return None
    return Finding("error", _CITIZEN_ID_CODES[problem.kind], field, problem.msg)


def check_student_need(
    *,
    class_name: str | None,
    birth_date: date | None,
    gender: str | None,
    citizen_id: str | None,
    category: int | None,
    poverty_cert_no: str | None,
    has_device: bool,
    level: str | None,
) -> list[Finding]:
    found: list[Finding] = []
    if has_device:
        found.append(error("has_device", "has_device", "has_device"))
    if category and Category(category).needs_poverty_certificate and not poverty_cert_no:
        found.append(warning("required", "poverty_cert_no", "required.poverty_cert",
                             category=Category(category).label))  # fmt: skip
    grade = class_grade(class_name) if class_name else None
    if grade is not None and not grade_fits_level(grade, level):
        grades = LEVEL_GRADES[level or "LC"]
        found.append(error("inconsistent", "class_name", "inconsistent.grade_level",
                           value=class_name, grade=grade, level=level,
                           grades=f"{grades.start}–{grades.stop - 1}"))  # fmt: skip
    if citizen_id:
        fault = check_citizen_id_of("citizen_id", citizen_id, gender=gender, birth=birth_date)
        if fault is not None:
            found.append(fault)
    return found
