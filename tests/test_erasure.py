"""Erasing students' personal data at the end of the programme: no planted value is left in any
byte of the database file, nor in any journal row; the figures stay the same; the review period
guards the district's figures; the CLI asks before it erases; older backups are rotated away."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from builders import HANDOVER_HEADERS, fill_needs_and_devices, handover_row, write_sheet
from sqlcipher_pages import plaintext_bytes

from desktop_app import cli
from desktop_app.core.dashboard import dashboard_summary
from desktop_app.core.erasure import (
    ErasureHeld,
    Selection,
    erase_students,
    plan_erasure,
)
from desktop_app.core.importing.service import ImportOptions, import_file
from desktop_app.core.reports import needs_summary, receipts_by_donor
from desktop_app.core.rules.retention import ERASED_NAME, pseudonym
from desktop_app.core.safekeeping.backups import info_path, list_backups, make_backup
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import connect_keyed, write_transaction

OLD_NAME = "Lường Thị Mỹ Duyên"  # only in an old journal row's old values, after a rename
NAME = "Hà Thị Khánh Vân"
CITIZEN_ID = "066310007321"
PHONE = "0976543219"
GUARDIAN = "Hà Văn Quảng"
RECEIVER = "Lò Văn Thưởng"
PLANTED = (OLD_NAME, NAME, CITIZEN_ID, PHONE, GUARDIAN, RECEIVER)


def _edit(db, entity, table, record_id, **values):
    cursor = db.execute(f"SELECT * FROM {table} WHERE id = ?", [record_id])
    old = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
    changes = ChangeSet(source="test")
    changes.update(entity, old, values)
    with write_transaction(db):
        changes.apply(db.conn)


def school_with_planted_child(db, folder):
    """Four students with needs and tablets, all handed over; HS000001 carries planted values."""
    fill_needs_and_devices(db, folder, count=4)
    rows = [handover_row(i, **{"Ngày bàn giao": "06/01/2022"}) for i in range(1, 5)]
    rows[0]["Họ tên người nhận thay"] = RECEIVER
    rows[0]["Người nhận (học sinh / cha mẹ / người giám hộ)"] = "Cha/mẹ"
    path = write_sheet(folder / "handovers.xlsx", HANDOVER_HEADERS, rows, sheet="Ban giao")
    report = import_file(db, "handovers", path, ImportOptions(today=date(2022, 1, 10)))
    assert report.exit_code == 0, report.problems
    sid = db.execute("SELECT id FROM students WHERE code = 'HS000001'").fetchone()[0]
    _edit(db, "student", "students", sid, full_name=OLD_NAME)
    _edit(db, "student", "students", sid, full_name=NAME, citizen_id=CITIZEN_ID, phone=PHONE,
          guardian_name=GUARDIAN)  # fmt: skip
    device = db.execute("SELECT device_id FROM handovers WHERE student_id = ?", [sid]).fetchone()
    _edit(db, "device", "devices", device[0], note=f"Đã giao cho em {NAME}, ĐT {PHONE}")
    return sid


def figures(db):
    summary = dashboard_summary(db, today=date(2026, 12, 1))
    return (summary.figures, summary.needs_by_category, summary.devices_by_source,
            needs_summary(db), receipts_by_donor(db))  # fmt: skip


def file_bytes(path):
    """Every byte of the database and its -wal, decrypted page by page (free pages too)."""
    return plaintext_bytes(path)


def found(blob, values=PLANTED):
    return [v for v in values if v.encode() in blob]


def test_an_erased_child_is_in_no_byte_of_the_file_nor_the_journal_and_figures_stay(db, tmp_path):
    sid = school_with_planted_child(db, tmp_path)
    path = tmp_path / "school.sqlite3"
    before = figures(db)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert found(file_bytes(path)) == list(PLANTED)  # the planted values really are there
    plan = plan_erasure(db, Selection(codes=("HS000001",)), today=date(2026, 12, 1))
    assert (plan.students, plan.needs, plan.handovers, plan.held) == (1, 1, 1, [])
    result = erase_students(db, plan, backups=False)
    assert (result.students, result.needs, result.handovers) == (1, 1, 1)
    assert result.checkpoint_complete
    assert found(file_bytes(path)) == []
    journal = " ".join(str(v) for row in db.execute("SELECT * FROM outbox") for v in row)
    assert found(journal.encode()) == [] and "HS000001" not in journal
    audit = " ".join(str(v) for row in db.execute("SELECT * FROM audit_log") for v in row)
    assert found(audit.encode()) == []
    assert figures(db) == before
    student = db.execute("SELECT code, full_name, birth_date, citizen_id, phone, class_name"
                         " FROM students WHERE id = ?", [sid]).fetchone()  # fmt: skip
    assert tuple(student) == (pseudonym(sid), ERASED_NAME, "2010-01-01", None, None, "6A1")
    handover = db.execute("SELECT receiver_name, event_date, device_id IS NOT NULL FROM handovers"
                          " WHERE student_id = ?", [sid]).fetchone()  # fmt: skip
    assert tuple(handover) == (None, "2022-01-06", 1)
    (erasure,) = db.execute("SELECT entity_id, op, data, status FROM outbox"
                            " WHERE entity = 'erasure'").fetchall()  # fmt: skip
    assert erasure[:2] == (sid, "insert") and erasure[3] == "pending"
    assert json.loads(erasure[2]) == {"id": sid, "student_id": sid, "code": pseudonym(sid)}
    others = db.execute("SELECT COUNT(*) FROM students WHERE full_name GLOB 'Học Sinh ?'")
    assert others.fetchone()[0] == 3  # the other students are untouched
    again = plan_erasure(db, Selection(codes=("HS000001",)))
    assert again.students == 0 and again.unknown_codes == ["HS000001"]


def test_erasing_everyone_keeps_every_figure(db, tmp_path):
    school_with_planted_child(db, tmp_path)
    before = figures(db)
    plan = plan_erasure(db, Selection(everyone=True), today=date(2026, 12, 1))
    assert erase_students(db, plan, backups=False).students == 4
    assert figures(db) == before
    assert db.execute("SELECT COUNT(DISTINCT full_name) FROM students").fetchone()[0] == 1


def test_the_review_period_holds_recent_handovers_and_needs_under_review(db, tmp_path):
    school_with_planted_child(db, tmp_path)
    with write_transaction(db):
        db.execute("UPDATE needs SET status = 'proposed' WHERE student_id ="
                   " (SELECT id FROM students WHERE code = 'HS000002')")  # fmt: skip
    early = plan_erasure(db, Selection(class_name="6A1"), today=date(2022, 3, 1))
    assert len(early.held) == 4  # handed over 06/01/2022: 90 days not yet past
    late = plan_erasure(db, Selection(class_name="6A1"), today=date(2022, 4, 10))
    assert [(h.code, h.hold.reason) for h in late.held] == [("HS000002", "need_under_review")]
    with pytest.raises(ErasureHeld) as refused:
        erase_students(db, late, backups=False)
    assert refused.value.code == "review_period" and "HS000002" in refused.value.message
    assert db.execute("SELECT COUNT(*) FROM outbox WHERE entity = 'erasure'").fetchone()[0] == 0
    assert erase_students(db, late, force=True, backups=False).students == 4


def test_backups_made_before_the_erasure_are_replaced_by_a_new_one(db, tmp_path):
    school_with_planted_child(db, tmp_path)
    path = tmp_path / "school.sqlite3"
    make_backup(path, "manual")
    old = [b.path for b in list_backups(path)]  # the imports' backups too
    assert len(old) >= 2 and found(file_bytes(old[0]))  # the newest holds the child
    plan = plan_erasure(db, Selection(codes=("HS000001",)), today=date(2026, 12, 1))
    result = erase_students(db, plan)
    assert sorted(result.deleted_backups) == sorted(old) and not any(p.exists() for p in old)
    assert not any(info_path(p).exists() for p in old)  # nor their cached counts
    assert [b.path for b in list_backups(path)] == [result.backup]
    assert result.backup is not None and found(file_bytes(result.backup)) == []


def run_cli(monkeypatch, capsys, db_path, *args, typed=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    code = cli.main(["--db", str(db_path), "erase", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_asks_for_the_school_code_and_then_erases(db, tmp_path, monkeypatch, capsys):
    sid = school_with_planted_child(db, tmp_path)
    path = tmp_path / "school.sqlite3"
    code, out, err = run_cli(monkeypatch, capsys, path, "--students", "HS000001", typed="no\n")
    assert code == 1 and "1 học sinh" in out and "Đã hủy" in err
    assert db.execute("SELECT full_name FROM students WHERE id = ?", [sid]).fetchone()[0] == NAME
    code, out, err = run_cli(monkeypatch, capsys, path, "--students", "HS000001", typed="66001\n")
    assert code == 0, err
    assert "Đã xóa dữ liệu cá nhân của 1 học sinh" in out and "USB" in out
    assert db.execute("SELECT full_name FROM students WHERE id = ?", [sid]).fetchone()[0] == (
        ERASED_NAME
    )


def test_the_cli_refuses_the_review_period_without_force(db, tmp_path, monkeypatch, capsys):
    school_with_planted_child(db, tmp_path)
    with write_transaction(db):  # awaiting the district's review
        db.execute("UPDATE needs SET status = 'proposed'")
    path = tmp_path / "school.sqlite3"
    code, _out, err = run_cli(monkeypatch, capsys, path, "--class", "6A1", "--yes")
    assert code == 1 and "--force" in err
    code, out, err = run_cli(monkeypatch, capsys, path, "--class", "6A1", "--yes", "--force")
    assert code == 0, err
    assert "4 học sinh" in out
    conn = connect_keyed(path)
    assert conn.execute("SELECT COUNT(*) FROM students WHERE full_name = ?",
                        [ERASED_NAME]).fetchone()[0] == 4  # fmt: skip
    conn.close()
