"""A school for the vaccination report's tests: students in four grades with 0–3 doses,
corrected and cancelled doses and a deleted student, recorded through the application's
services; and the report's figures counted here, by plain Python over what was recorded (never
with ``coverage.py``), and the tables read back from the Excel file."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from desktop_app.core.students import delete_student, save_student
from desktop_app.core.vaccinations.checks import DoseRequest
from desktop_app.core.vaccinations.service import (
    correct_dose,
    current_of,
    record_doses,
    void_dose,
)

TODAY = date(2022, 3, 10)
DAY = date(2022, 3, 11)  # the report's date line
CLASSES = {"6A": 6, "6B": 6, "7A": 7, "8A": 8, "9A": 9}
PER_CLASS = 7
# Dose n is given on this day: the intervals suit every vaccine used (21/28 days, 90 to a booster).
SHOT_DAYS = {1: date(2021, 11, 1), 2: date(2021, 12, 6), 3: date(2022, 3, 7)}
VACCINES = ("comirnaty", "spikevax")
PLACES = ("school", "community", "elsewhere")
VACCINE_LABELS = {
    "comirnaty": "Pfizer-BioNTech (Comirnaty)",
    "comirnaty_child": "Pfizer-BioNTech (Comirnaty) cho trẻ 5-11 tuổi",
    "spikevax": "Moderna (Spikevax)",
    "vero_cell": "Sinopharm (Vero Cell)",
    "vaxzevria": "AstraZeneca (Vaxzevria)",
    "other": "Vắc-xin khác",
}


@dataclass
class School:
    """The test's own record of what it did: each live student's grade and current doses."""

    grade: dict[str, int] = field(default_factory=dict)  # code -> grade
    doses: dict[str, dict[int, tuple[str, str]]] = field(default_factory=dict)  # code -> n -> …
    ids: dict[str, str] = field(default_factory=dict)  # code -> student id


def _given(number: int) -> str:
    """A given name per student (a name holds no digits): Hồng A, Hồng B… Hồng AB."""
    letters = ""
    while True:
        number, rest = divmod(number, 26)
        letters = chr(ord("A") + rest) + letters
        if not number:
            return f"Hồng {letters}"


def add_student(db, school: School, code: str, klass: str) -> None:
    result = save_student(db, {
        "student_code": code, "full_name": f"Nguyễn Thị {_given(len(school.grade))}",
        "birth_date": "05/09/2008",
        "gender": "Nữ", "class_name": klass, "category": "Hộ nghèo", "poverty_cert_no": "1",
        "has_device": "Không", "requested_device": "Máy tính bảng",
    }, today=TODAY)  # fmt: skip
    assert result.ok, result.errors
    school.grade[code] = CLASSES[klass]
    school.doses[code] = {}
    school.ids[code] = result.record_id


def _record(db, school: School, code: str, n: int, vaccine: str, place: str) -> None:
    outcome = record_doses(db, [DoseRequest(code, n, SHOT_DAYS[n], vaccine, place)], today=TODAY)
    assert outcome.saved, [f.msg for d in outcome.decisions for f in d.findings]
    school.doses[code][n] = (vaccine, place)


def event_id(db, school: School, code: str, n: int) -> str:
    return next(e.id for e in current_of(db.conn, school.ids[code]) if e.dose_no == n)


def build_school(db) -> School:
    """35 students in 4 grades with 0–3 doses each, then corrections (another vaccine, another
    place), cancelled doses (one leaves its student with none) and a deleted student."""
    school = School()
    rng = random.Random(49)
    for number, klass in enumerate(CLASSES):
        for i in range(1, PER_CLASS + 1):
            code = f"HS{klass}{i:02d}"
            add_student(db, school, code, klass)
            for n in range(1, (number + i) % 4 + 1):  # 0–3 doses, differently in each class
                _record(db, school, code, n, rng.choice(VACCINES), rng.choice(PLACES))
    with_two = [c for c, d in school.doses.items() if len(d) == 2]
    with_three = [c for c, d in school.doses.items() if len(d) == 3]
    with_one = [c for c, d in school.doses.items() if len(d) == 1]
    # Corrected: dose 1 was given in the community, not at school; dose 2 was Moderna.
    for code in with_two[:3]:
        vaccine, _place = school.doses[code][1]
        request = DoseRequest(code, 1, SHOT_DAYS[1], vaccine, "community")
        assert correct_dose(db, event_id(db, school, code, 1), request, today=TODAY).ok
        school.doses[code][1] = (vaccine, "community")
    code = with_three[0]
    _vaccine, place = school.doses[code][2]
    request = DoseRequest(code, 2, SHOT_DAYS[2], "spikevax", place)
    assert correct_dose(db, event_id(db, school, code, 2), request, today=TODAY).ok
    school.doses[code][2] = ("spikevax", place)
    # Cancelled (recorded by mistake): a booster, and a student's only dose.
    for code in (with_three[1], with_one[0]):
        last = max(school.doses[code])
        assert void_dose(db, event_id(db, school, code, last), today=TODAY, note="nhầm") == []
        del school.doses[code][last]
    # Deleted: a student with doses leaves the school's figures.
    gone = with_three[2]
    delete_student(db, school.ids[gone])
    del school.grade[gone], school.doses[gone]
    return school


def expected_coverage(school: School) -> list[list[object]]:
    """The coverage table counted here: per grade, then all."""

    def line(label: str, codes: list[str]) -> list[object]:
        cells: list[object] = [label, len(codes)]
        for n in (1, 2, 3):
            vaccinated = sum(1 for c in codes if len(school.doses[c]) >= n)
            cells += [vaccinated, round(100 * vaccinated / len(codes), 1)]
        return [*cells, sum(1 for c in codes if not school.doses[c])]

    grades = sorted(set(school.grade.values()))
    rows = [line(f"Khối {g}", [c for c in school.grade if school.grade[c] == g]) for g in grades]
    return [*rows, line("Tổng cộng", list(school.grade))]


def expected_doses(school: School) -> list[list[object]]:
    counts = Counter(dose for doses in school.doses.values() for dose in doses.values())
    rows = [
        [label, *(counts[(code, p)] for p in PLACES), sum(counts[(code, p)] for p in PLACES)]
        for code, label in VACCINE_LABELS.items()
    ]
    return [*rows, ["Tổng cộng", *(sum(counts[(v, p)] for v in VACCINE_LABELS) for p in PLACES),
                    sum(counts.values())]]  # fmt: skip


def read_tables(path: Path) -> tuple[list[list[object]], list[list[object]], list[list[object]]]:
    """(all rows, the coverage table's body, the doses table's body) of the file, as values."""
    ws = load_workbook(path).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    first = next(i for i, r in enumerate(rows) if r[0] == "Khối") + 2  # two header rows
    end = next(i for i in range(first, len(rows)) if rows[i][0] == "Tổng cộng")
    coverage_body = rows[first : end + 1]
    start = next(i for i, r in enumerate(rows) if r[0] == "Loại vắc-xin") + 1
    stop = next(i for i in range(start, len(rows)) if rows[i][0] == "Tổng cộng")
    doses_body = [[r[0], r[3], r[5], r[7], r[8]] for r in rows[start : stop + 1]]
    return rows, coverage_body, doses_body
