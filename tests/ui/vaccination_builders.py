"""Students and doses for the vaccination window's tests, written through the core."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from desktop_app.core.naming import student_keys
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction
from desktop_app.core.vaccinations.checks import DoseRequest
from desktop_app.core.vaccinations.service import record_doses

TODAY = date(2022, 1, 10)
TEEN = date(2008, 3, 4)  # 13 in 2021: old enough for Pfizer (12+)
CHILD = date(2012, 6, 1)  # 9 in 2021: only the paediatric formulation
# Doses of a series that passes every rule (21+ days apart, 90+ before the booster).
DAYS = {1: date(2021, 6, 1), 2: date(2021, 7, 1), 3: date(2021, 11, 1)}


def add_students(db: Database, rows: list[tuple[str, str, str, date]]) -> dict[str, str]:
    """(code, name, class, birth) each; no need recorded (a student may have none). Returns the
    ids by code."""
    changes = ChangeSet(source="test")
    ids = {}
    for code, name, class_name, birth in rows:
        record = changes.insert("student", {
            "code": code, "full_name": name, **student_keys(name, class_name),
            "birth_date": birth.isoformat(), "gender": "Nam", "class_name": class_name,
        })  # fmt: skip
        ids[code] = record["id"]
    with write_transaction(db):
        changes.apply(db.conn)
    return ids


def give(db: Database, code: str, doses: int, vaccine: str = "comirnaty") -> None:
    """Doses 1..``doses`` of ``vaccine``, recorded the day after each."""
    for n in range(1, doses + 1):
        request = DoseRequest(code, n, DAYS[n], vaccine, "school")
        outcome = record_doses(db, [request], today=DAYS[n].replace(day=DAYS[n].day + 1))
        assert outcome.saved, [f.msg for d in outcome.decisions for f in d.findings]


def dose_rows(db: Database) -> list[tuple[str, str, int]]:
    return list(db.execute("SELECT student_id, kind, dose_no FROM vaccinations ORDER BY rowid"))


def outbox_rows(db: Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM outbox WHERE entity = 'vaccination'").fetchone()[0])
