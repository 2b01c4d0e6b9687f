"""Vaccination records and the school's privacy: erasing a student empties the lot number, the
facility and the notes of their doses — in the table, in every journal row, in every byte of the
file — while the dose facts stay and the coverage figures are the same; and the lot number, like
every other field, is never in the database file's bytes in the clear (SQLCipher)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from builders import fill_needs_and_devices
from sqlcipher_pages import plaintext_bytes

from desktop_app.core.erasure import Selection, erase_students, plan_erasure
from desktop_app.core.safekeeping import backups
from desktop_app.core.vaccinations.checks import DoseRequest
from desktop_app.core.vaccinations.coverage import coverage
from desktop_app.core.vaccinations.service import correct_dose, record_doses, void_dose

# The erased child's doses carry these; another child's dose carries KEPT_LOT.
LOT_1, LOT_2, LOT_FIX = "LOT-PLANTED-0001", "LOT-PLANTED-0002", "LOT-PLANTED-SUA3"
FACILITY = "Trạm Y tế PLANTED xã Ea Tu"
NOTE, VOID_NOTE, FIX_NOTE = "Ghi chú PLANTED sốt nhẹ", "PLANTED nhập nhầm", "PLANTED sửa ngày"
PLANTED = (LOT_1, LOT_2, LOT_FIX, FACILITY, NOTE, VOID_NOTE, FIX_NOTE)
KEPT_LOT = "LOT-KEPT-7777"


def dose(code: str, number: int, day: date, **extra: str) -> DoseRequest:
    return DoseRequest(code, number, day, "comirnaty", "school", **extra)


def school_with_doses(db, folder: Path) -> None:
    """Three students (HS000001–3, born 2010); HS000001 has dose 1 and 2 and a booster that was
    cancelled, dose 1 corrected; HS000002 one dose; HS000003 none."""
    fill_needs_and_devices(db, folder, count=3)
    first = record_doses(db, [
        dose("HS000001", 1, date(2023, 3, 1), lot_no=LOT_1, facility=FACILITY, note=NOTE),
        dose("HS000001", 2, date(2023, 3, 29), lot_no=LOT_2, facility=FACILITY),
        dose("HS000002", 1, date(2023, 3, 1), lot_no=KEPT_LOT),
    ], today=date(2023, 3, 30))  # fmt: skip
    assert first.saved, [d.findings for d in first.decisions]
    booster = record_doses(db, [dose("HS000001", 3, date(2023, 7, 1), facility=FACILITY)],
                           today=date(2023, 7, 1))  # fmt: skip
    assert booster.saved
    assert void_dose(db, booster.decisions[0].record_id, today=date(2023, 7, 2),
                     note=VOID_NOTE) == []  # fmt: skip
    fixed = correct_dose(db, first.decisions[0].record_id,
                         dose("HS000001", 1, date(2023, 3, 2), lot_no=LOT_FIX, note=FIX_NOTE),
                         today=date(2023, 7, 2))  # fmt: skip
    assert fixed.ok, fixed.findings


def figures(db) -> tuple[tuple[str, int, tuple[int, ...]], ...]:
    result = coverage(db.conn)
    return tuple((r.label, r.students, tuple(r.at_least.values()))
                 for r in (*result.by_class, *result.by_grade, result.total))  # fmt: skip


def found(blob: bytes, values=PLANTED) -> list[str]:
    return [v for v in values if v.encode() in blob]


def test_an_erased_childs_lot_facility_and_notes_go_and_the_coverage_stays(db, tmp_path):
    school_with_doses(db, tmp_path)
    path = tmp_path / "school.sqlite3"
    before = figures(db)
    # Counted here from the doses recorded above: HS000001 has doses 1 and 2 (3 cancelled),
    # HS000002 dose 1, HS000003 none.
    assert before[-1] == ("", 3, (2, 1, 0))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert found(plaintext_bytes(path)) == list(PLANTED)  # the planted values really are there
    plan = plan_erasure(db, Selection(codes=("HS000001",)), today=date(2026, 12, 1))
    assert plan.vaccinations == 5  # 3 doses, the cancellation, the correction
    result = erase_students(db, plan, backups=False)
    assert result.vaccinations == 5 and result.checkpoint_complete
    rows = db.execute("SELECT kind, dose_no, vaccinated_on, vaccine, lot_no, facility, note"
                      " FROM vaccinations v JOIN students s ON s.id = v.student_id"
                      " WHERE s.full_name NOT GLOB 'Học Sinh ?' ORDER BY v.created_at, v.rowid"
                      ).fetchall()  # fmt: skip
    assert [tuple(r) for r in rows] == [
        ("dose", 1, "2023-03-01", "comirnaty", None, None, None),
        ("dose", 2, "2023-03-29", "comirnaty", None, None, None),
        ("dose", 3, "2023-07-01", "comirnaty", None, None, None),
        ("void", 3, "2023-07-01", "comirnaty", None, None, None),
        ("dose", 1, "2023-03-02", "comirnaty", None, None, None),
    ]
    journal = " ".join(str(v) for row in db.execute(
        "SELECT data, old_values, reject_message FROM outbox") for v in row)  # fmt: skip
    assert found(journal.encode()) == []
    assert found(plaintext_bytes(path)) == []
    assert figures(db) == before
    kept = db.execute("SELECT lot_no FROM vaccinations v JOIN students s ON s.id = v.student_id"
                      " WHERE s.code = 'HS000002'").fetchone()  # fmt: skip
    assert kept[0] == KEPT_LOT  # another child's record is untouched
    assert KEPT_LOT in journal


def test_a_lot_number_is_in_no_byte_of_the_encrypted_file_its_wal_nor_a_backup(db, tmp_path):
    school_with_doses(db, tmp_path)
    path = tmp_path / "school.sqlite3"
    wal = Path(f"{path}-wal")
    assert wal.stat().st_size > 0  # the doses are (partly) in the WAL: it is checked too
    lots = {r[0] for r in db.execute("SELECT lot_no FROM vaccinations")}
    assert {LOT_1, LOT_2, LOT_FIX, KEPT_LOT} <= lots  # the key opens it: the values are there
    assert found(plaintext_bytes(path), (KEPT_LOT, FACILITY)) == [KEPT_LOT, FACILITY]
    made = backups.make_backup(path, "manual")
    for file in (path, wal, made):
        raw = file.read_bytes()
        assert found(raw, (*PLANTED, KEPT_LOT)) == [], file
    assert backups.integrity_problem(made) is None
