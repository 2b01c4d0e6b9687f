"""Recording, correcting and cancelling doses on a real database file: every change with its journal
row, all or nothing, history kept; and the coverage figures against a count made here."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest
from sqlite_utils import Database

from desktop_app.core.rules.vaccinations import COVERAGE_DOSES
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction
from desktop_app.core.vaccinations.checks import DoseRequest
from desktop_app.core.vaccinations.coverage import coverage, late_doses, unvaccinated
from desktop_app.core.vaccinations.service import (
    DoseNotFound,
    correct_dose,
    current_of,
    event_status,
    record_doses,
    student_history,
    void_dose,
)

TODAY = date(2022, 1, 10)


def add_students(db: Database, rows: list[tuple[str, str, int, str]]) -> dict[str, str]:
    """(code, class, grade, birth) → id, written as the needs import would (no need needed)."""
    changes = ChangeSet(source="test")
    ids = {}
    for code, class_name, grade, birth in rows:
        record = changes.insert("student", {"code": code, "full_name": f"Học sinh {code}",
                                            "name_key": f"hoc sinh {code.lower()}",
                                            "sort_key": code, "birth_date": birth, "gender": "Nam",
                                            "class_name": class_name, "grade": grade})  # fmt: skip
        ids[code] = record["id"]
    with write_transaction(db):
        changes.apply(db.conn)
    return ids


def dose(code: str, number: int, day: date, vaccine: str = "comirnaty") -> DoseRequest:
    return DoseRequest(
        code, number, day, vaccine, "school", lot_no="FK1234", facility="Trạm y tế xã"
    )


def counts(db: Database) -> tuple[int, int]:
    return (db.execute("SELECT COUNT(*) FROM vaccinations").fetchone()[0],
            db.execute("SELECT COUNT(*) FROM outbox WHERE entity = 'vaccination'").fetchone()[0])  # fmt: skip


def test_recorded_doses_are_journaled_with_the_full_record(db: Database) -> None:
    ids = add_students(db, [("HS1", "8A", 8, "2008-05-10")])
    done = record_doses(db, [dose("HS1", 1, date(2021, 11, 1)), dose("HS1", 2, date(2021, 11, 22))],
                        today=TODAY)  # fmt: skip
    assert done.saved and done.created == 2
    assert counts(db) == (2, 2)
    journal = [json.loads(r[0]) for r in db.execute(
        "SELECT data FROM outbox WHERE entity = 'vaccination' ORDER BY seq")]  # fmt: skip
    assert [(j["student_id"], j["dose_no"], j["lot_no"], j["late"]) for j in journal] == [
        (ids["HS1"], 1, "FK1234", 1), (ids["HS1"], 2, "FK1234", 1),
    ]  # fmt: skip


def test_one_refused_dose_saves_none_of_the_batch(db: Database) -> None:
    add_students(db, [("HS1", "8A", 8, "2008-05-10"), ("HS2", "8A", 8, "2011-01-01")])
    done = record_doses(db, [dose("HS1", 1, date(2021, 11, 1)), dose("HS2", 1, date(2021, 11, 1)),
                             dose("HS9", 1, date(2021, 11, 1))], today=TODAY)  # fmt: skip
    assert not done.saved
    assert [[f.code for f in d.findings] for d in done.decisions] == [
        [], ["below_min_age"], ["not_found"],
    ]  # fmt: skip
    assert counts(db) == (0, 0)


def test_recording_the_same_dose_again_changes_nothing(db: Database) -> None:
    add_students(db, [("HS1", "8A", 8, "2008-05-10")])
    record_doses(db, [dose("HS1", 1, date(2021, 11, 1))], today=TODAY)
    again = record_doses(db, [dose("HS1", 1, date(2021, 11, 1))], today=TODAY)
    assert again.saved and again.decisions[0].unchanged and again.created == 0
    assert counts(db) == (1, 1)


def test_a_correction_supersedes_and_the_history_keeps_both(db: Database) -> None:
    ids = add_students(db, [("HS1", "8A", 8, "2008-05-10")])
    record_doses(db, [dose("HS1", 1, date(2021, 11, 1)), dose("HS1", 2, date(2021, 11, 22))],
                 today=TODAY)  # fmt: skip
    second = current_of(db.conn, ids["HS1"])[1]
    fixed = correct_dose(db, second.id, dose("HS1", 2, date(2021, 11, 29), "spikevax"), today=TODAY)
    assert fixed.ok and [f.code for f in fixed.findings] == ["mixed_vaccines"]
    now = current_of(db.conn, ids["HS1"])
    assert [(e.dose_no, e.vaccinated_on, e.vaccine) for e in now] == [
        (1, date(2021, 11, 1), "comirnaty"), (2, date(2021, 11, 29), "spikevax"),
    ]  # fmt: skip
    history = student_history(db.conn, ids["HS1"])
    status = event_status(history)
    assert [status[e.id].id for e in history] == [
        "vaccination.status.current", "vaccination.status.corrected", "vaccination.status.current",
    ]  # fmt: skip
    with pytest.raises(DoseNotFound):  # the corrected row is history now
        correct_dose(db, second.id, dose("HS1", 2, date(2021, 11, 26)), today=TODAY)


def test_a_correction_the_rules_refuse_saves_nothing(db: Database) -> None:
    ids = add_students(db, [("HS1", "8A", 8, "2008-05-10")])
    record_doses(db, [dose("HS1", 1, date(2021, 11, 1)), dose("HS1", 2, date(2021, 11, 22))],
                 today=TODAY)  # fmt: skip
    first = current_of(db.conn, ids["HS1"])[0]
    refused = correct_dose(db, first.id, dose("HS1", 1, date(2021, 11, 10)), today=TODAY)
    assert [f.code for f in refused.findings] == ["interval_too_short"]
    assert counts(db) == (2, 2)


def test_cancelling_keeps_the_series_without_gaps(db: Database) -> None:
    ids = add_students(db, [("HS1", "8A", 8, "2008-05-10")])
    record_doses(db, [dose("HS1", 1, date(2021, 11, 1)), dose("HS1", 2, date(2021, 11, 22))],
                 today=TODAY)  # fmt: skip
    first, second = current_of(db.conn, ids["HS1"])
    assert [f.code for f in void_dose(db, first.id, today=TODAY)] == ["dose_out_of_order"]
    assert counts(db) == (2, 2)
    assert void_dose(db, second.id, today=TODAY, note="Ghi nhầm học sinh") == []
    assert [e.dose_no for e in current_of(db.conn, ids["HS1"])] == [1]
    assert counts(db) == (3, 3)
    assert [f.code for f in void_dose(db, first.id, today=TODAY)] == []
    assert current_of(db.conn, ids["HS1"]) == []


def test_a_dose_recorded_the_next_day_is_on_time_and_two_days_later_is_late(db: Database) -> None:
    add_students(db, [("HS1", "8A", 8, "2008-05-10"), ("HS2", "8A", 8, "2008-05-10")])
    shot = date(2022, 1, 3)
    record_doses(db, [dose("HS1", 1, shot)], today=shot + timedelta(days=1))
    record_doses(db, [dose("HS2", 1, shot)], today=shot + timedelta(days=2))
    assert [(d.code, d.dose_no) for d in late_doses(db.conn)] == [("HS2", 1)]


def test_coverage_against_a_count_made_here(db: Database) -> None:
    """Random doses, corrections and cancellations; the figures match a plain count of what the
    test itself kept, a deleted student left out."""
    rng = random.Random(18)
    classes = [("6A1", 6), ("6A2", 6), ("7A1", 7), ("9A1", 9)]
    students = [(f"HS{n:03d}", *classes[n % 4], "2008-01-15") for n in range(60)]
    ids = add_students(db, students)
    kept: dict[str, int] = {}
    for code, _class, _grade, _birth in students:
        wanted = rng.choice([0, 0, 1, 2, 2, 3])
        start = date(2021, 6, 1) + timedelta(days=rng.randrange(20))
        requests = [
            dose(code, n, start + timedelta(days=95 * (n - 1))) for n in range(1, wanted + 1)
        ]
        if requests:
            assert record_doses(db, requests, today=TODAY).saved
        kept[code] = wanted
        if wanted and rng.random() < 0.3:  # the last dose was a mistake
            last = current_of(db.conn, ids[code])[-1]
            assert void_dose(db, last.id, today=TODAY) == []
            kept[code] -= 1
    db.execute("UPDATE students SET deleted = 1 WHERE code = 'HS000'")
    kept.pop("HS000")
    figures = coverage(db.conn)
    by_class = {row.label: row for row in figures.by_class}
    for class_name, _grade in classes:
        members = [c for c, cls, _g, _b in students if cls == class_name and c in kept]
        row = by_class[class_name]
        assert row.students == len(members)
        for n in COVERAGE_DOSES:
            assert row.at_least[n] == sum(1 for c in members if kept[c] >= n), (class_name, n)
    assert figures.total.students == len(kept)
    assert figures.total.none == sum(1 for c in kept if kept[c] == 0)
    assert {s.code for s in unvaccinated(db.conn)} == {c for c in kept if kept[c] == 0}
    assert [r.label for r in figures.by_grade] == ["6", "7", "9"]


def test_a_usb_package_counts_a_student_whose_only_pending_change_is_a_dose(db: Database) -> None:
    from desktop_app.core.access import pending_students

    add_students(db, [("HS1", "8A", 8, "2008-05-10"), ("HS2", "8A", 8, "2008-05-10")])
    db.execute("UPDATE outbox SET status = 'sent'")
    assert pending_students(db.conn) == 0
    record_doses(db, [dose("HS1", 1, date(2021, 11, 1))], today=TODAY)
    assert pending_students(db.conn) == 1


def test_coverage_lists_the_classes_in_the_student_lists_order(db: Database) -> None:
    from desktop_app.core.students import class_names

    add_students(db, [("A", "7A1", 7, "2008-01-01"), ("B", "6A2", 6, "2009-01-01"),
                      ("C", "6A10", 6, "2009-01-01"), ("D", "6B", 6, "2009-01-01")])  # fmt: skip
    assert class_names(db) == ["6A2", "6A10", "6B", "7A1"]  # numbers by value
    assert [row.label for row in coverage(db.conn).by_class] == class_names(db)
