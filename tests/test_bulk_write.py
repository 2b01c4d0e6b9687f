"""Long imports: changes handed to a writer thread in parts, new records and their journal rows
written by SQLite from one JSON array, ids made in runs. The guarantees stay those of a single
ChangeSet: one journal row per record holding the full record, all or nothing."""

from __future__ import annotations

import gc
import json
import sys
import threading
import uuid
from datetime import date
from pathlib import Path

import pytest
from builders import write_large_needs_file
from sqlite_utils import Database

from desktop_app.core.ids import uuid7, uuid7_run
from desktop_app.core.importing import service
from desktop_app.core.importing.needs import NeedsPlanner
from desktop_app.core.importing.service import import_file
from desktop_app.core.naming import student_keys
from desktop_app.core.safekeeping.backups import database_file
from desktop_app.core.school import save_school
from desktop_app.core.store import changes as changes_module
from desktop_app.core.store.changes import BOOKKEEPING, ChangeSet
from desktop_app.core.store.database import connect_keyed, write_transaction
from desktop_app.core.store.writer import BackgroundWriter
from tests.fresh_python import run_fresh

# Values whose JSON is easy to get wrong: floats SQLite would print otherwise (1e-05, 0.1+0.2),
# quotes, backslashes, control characters, non-BMP and combining text, big integers, booleans.
AWKWARD = [
    0.1 + 0.2, 1e-05, 8.0, 15.6, -0.0, 12345678901234567, True, False, None, "",
    'nói "không"', "C:\\Users\\Lan", "tab\there\nnewline\x01\x1f", "Nguyễn Thị Ánh 🎓",
    "Nguye\u0302\u0303n", "/slash", "\u2028",
]  # fmt: skip


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def test_the_journal_of_new_records_is_the_record_exactly_as_python_encodes_it(db: Database):
    changes = ChangeSet(actor="tester", source="test")
    queued = []
    for n, value in enumerate(AWKWARD):
        record = changes.insert("donor", {"name": f"Nhà tài trợ {n}", "name_key": f"k{n}",
                                          "donor_type": value})  # fmt: skip
        queued.append({k: record[k] for k in ("id", "name", "name_key", "donor_type", "version")})
    with write_transaction(db):
        changes.apply(db.conn)
    rows = db.conn.execute(
        "SELECT entity, entity_id, op, version, actor, source, old_values, data, change_id"
        " FROM outbox WHERE entity = 'donor' ORDER BY seq"
    ).fetchall()
    assert [row[7] for row in rows] == [_json(record) for record in queued]
    assert [row[:7] for row in rows] == [
        ("donor", record["id"], "insert", 1, "tester", "test", None) for record in queued
    ]
    change_ids = [row[8] for row in rows]
    assert change_ids == sorted(change_ids) and len(set(change_ids)) == len(change_ids)
    assert all(uuid.UUID(c).version == 7 for c in change_ids)


def test_the_fast_encoder_writes_texts_integers_and_nulls_as_pythons_json_does():
    """Rows of texts, 64-bit integers and nulls are encoded by orjson: every code point (a
    lone surrogate, which orjson refuses, goes the slow way to the same text), the bounds of
    64 bits, nested arrays as the rows are."""
    texts = ["".join(map(chr, range(start, min(start + 4096, 0x110000))))
             for start in range(0, 0x110000, 4096)]  # fmt: skip
    rows = [(n, text, n - (1 << 63), (1 << 63) - 1 - n, None, True) for n, text in enumerate(texts)]
    assert changes_module._json_plain(rows) == _json(rows)
    assert changes_module._json_plain(["\ud800"]) == json.dumps(["\ud800"], ensure_ascii=False)


# One kind of value per column and part, so that every column the journal can read back from
# the row written is read from it: each case is (entity, column, the values of one part).
ONE_KIND_PER_COLUMN = [
    (
        "student",
        "full_name",
        [
            'nói "không"',
            "tab\there\nnewline\x01\x1f",
            "Nguyễn Thị Ánh 🎓",
            "Nguye\u0302\u0303n",
            "\u2028",
            "",
            "0123",
            "1e5",
            "a\x00b",
            "\x7f\x9f",
            "\ufeff",
        ],
    ),
    ("student", "grade", [6, 7, -1, 0, (1 << 63) - 1, -(1 << 63), None]),
    ("student", "grade", [True, False]),  # a boolean is stored as 1: the journal keeps true
    ("student", "grade", ["6", "07"]),  # a text in an INTEGER column is stored as a number
    ("student", "grade", [1 << 63, 6]),  # beyond 64 bits SQLite keeps a float
    ("student", "grade", [6.0, 1e-05, 0.1 + 0.2]),
    ("student", "ethnicity", [1, 23, None]),  # a number in a TEXT column is stored as a text
    ("device", "ram_gb", [8.0, 15.6, 1e-05, 0.1 + 0.2, -0.0, 1e300, 4, None]),
    ("device", "warranty_months", [12, 0, None]),
]


@pytest.mark.parametrize(("entity", "column", "values"), ONE_KIND_PER_COLUMN)
def test_every_column_of_the_journal_is_the_value_as_python_encodes_it(
    db: Database, entity: str, column: str, values: list[object]
):
    changes = ChangeSet(actor="tester", source="test")
    queued = []
    if entity == "device":
        donor = changes.insert("donor", {"name": "Hội Khuyến học", "name_key": "hoi khuyen hoc"})
        batch = changes.insert("donation_batch", {"code": "L1", "source": "4.8.3.1",
                                                  "donor_id": donor["id"],
                                                  "received_date": "2026-11-02"})  # fmt: skip
    for n, value in enumerate(values):
        if entity == "student":
            name = value if column == "full_name" else f"Em {n}"
            record = {"code": f"S{n:03d}", "full_name": name, "class_name": "6A1",
                      "gender": "Nam", "birth_date": "2013-01-01", **student_keys(str(name), "6A1"),
                      column: value}  # fmt: skip
        else:
            record = {"batch_id": batch["id"], "device_type": "laptop", "brand": "Dell",
                      "model": "Latitude", "serial": f"SN{n:04d}", "condition": "used",
                      column: value}  # fmt: skip
        made = changes.insert(entity, record)
        queued.append({k: v for k, v in made.items() if k not in BOOKKEEPING})
    with write_transaction(db):
        changes.apply(db.conn)
    journal = [row[0] for row in db.conn.execute(
        "SELECT data FROM outbox WHERE entity = ? ORDER BY seq", (entity,))]  # fmt: skip
    assert journal == [_json(record) for record in queued]


def test_ids_made_in_a_run_sort_between_the_ids_made_before_and_after_it():
    before = uuid7()
    head, first = uuid7_run(1000)
    run = [f"{head}{first + n:012x}" for n in range(1000)]
    after = [uuid7() for _ in range(200)]
    made = [before, *run, *after]
    assert made == sorted(made) and len(set(made)) == len(made)
    for text in made:
        parsed = uuid.UUID(text)
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122 and str(parsed) == text


def test_parts_are_applied_in_order_on_another_thread_in_the_callers_transaction(db: Database):
    threads: set[str] = set()
    changes = ChangeSet(actor="tester")
    with write_transaction(db), BackgroundWriter(db.conn) as writer:

        def receive(part: ChangeSet) -> None:
            original = part.apply

            def apply(conn):  # type: ignore[no-untyped-def]
                threads.add(threading.current_thread().name)
                return original(conn)

            part.apply = apply  # type: ignore[method-assign]
            writer.submit(part)

        changes.spill_to(receive, every=7)
        for n in range(50):  # a student then their need: parts split some pairs
            name = f"Em {n}"
            student = changes.insert("student", {"code": f"S{n:03d}", "full_name": name,
                                                 "class_name": "6A1", "gender": "Nam",
                                                 "birth_date": "2013-01-01",
                                                 **student_keys(name, "6A1")})  # fmt: skip
            changes.insert("need", {"student_id": student["id"], "survey_round": "2026-H2",
                                    "category": 1, "has_device": 0, "requested_device": "laptop",
                                    "status": "proposed"})  # fmt: skip
        writer.submit(changes.detach())
    assert threads == {"songmay-writer"}
    assert len(changes) == 100
    assert db.conn.execute("SELECT count(*) FROM students").fetchone()[0] == 50
    journal = db.conn.execute(
        "SELECT entity, entity_id FROM outbox WHERE entity IN ('student', 'need') ORDER BY seq"
    ).fetchall()
    assert len(journal) == 100
    # Each need's journal row comes after its student's (the server applies them in this order).
    position = {entity_id: index for index, (_, entity_id) in enumerate(journal)}
    for need_id, student_id in db.conn.execute("SELECT id, student_id FROM needs"):
        assert position[student_id] < position[need_id]


def _needs_file(tmp_path: Path, rows: int) -> Path:
    return write_large_needs_file(tmp_path / "needs.xlsx", rows, date(2026, 12, 1))


@pytest.fixture
def school(db: Database) -> Database:
    save_school(db, {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THCS"})
    return db


def test_a_large_import_in_many_parts_writes_every_record_with_one_journal_row(
    school: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(service, "WRITE_PART", 97)  # ~25 parts for 1,200 rows
    report = import_file(school, "needs", _needs_file(tmp_path, 1200))
    assert report.exit_code == 0 and report.created == 1200
    conn = school.conn
    assert conn.execute("SELECT count(*) FROM students").fetchone()[0] == 1200
    assert conn.execute("SELECT count(*) FROM needs").fetchone()[0] == 1200
    per_record = conn.execute(
        "SELECT count(*), count(DISTINCT entity_id), count(DISTINCT change_id) FROM outbox"
        " WHERE entity IN ('student', 'need')"
    ).fetchone()
    assert per_record == (2400, 2400, 2400)
    # The journal holds the record as stored (every column the server gets, same values).
    student = dict(
        zip(
            ("id", "code", "full_name", "birth_date", "class_name", "version"),
            conn.execute(
                "SELECT id, code, full_name, birth_date, class_name, version FROM students"
                " ORDER BY random() LIMIT 1"
            ).fetchone(),
            strict=True,
        )
    )
    (data,) = conn.execute(
        "SELECT data FROM outbox WHERE entity_id = ?", (student["id"],)
    ).fetchone()
    assert json.loads(data).items() >= student.items()
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_failure_in_a_late_part_leaves_nothing_of_the_earlier_parts(
    school: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(service, "WRITE_PART", 50)
    source = _needs_file(tmp_path, 600)
    outbox_before = school.conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
    # The disk fills up (or anything else fails) while the writer is on row 1,000 of 1,200.
    school.conn.execute(
        "CREATE TEMP TRIGGER fail_late BEFORE INSERT ON needs"
        " WHEN (SELECT count(*) FROM needs) >= 500 BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    with pytest.raises(Exception, match="disk full"):
        import_file(school, "needs", source)
    conn = school.conn
    assert conn.execute("SELECT count(*) FROM students").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM needs").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == outbox_before
    assert not conn.in_transaction
    # The database is usable at once: the same file imports once the fault is gone.
    conn.execute("DROP TRIGGER fail_late")
    assert import_file(school, "needs", source).created == 600


def test_an_import_leaves_the_copy_of_its_pages_into_the_file_to_the_next_write(
    school: Database, tmp_path: Path
):
    """The import returns once its commit is in the -wal on disk; SQLite's checkpoint (the copy
    of every page written into the database file) is made by the next write, here the school's
    profile saved, and the import leaves the connection's setting as it found it."""
    conn = school.conn
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    conn.execute("PRAGMA wal_autocheckpoint = 10")
    path = database_file(conn)
    assert path is not None
    size = path.stat().st_size
    assert import_file(school, "needs", _needs_file(tmp_path, 600)).created == 600
    assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 10
    assert path.stat().st_size == size
    save_school(school, {"name": "Trường THCS Ea Tu (cơ sở 2)", "code": "66001", "level": "THCS"})
    assert path.stat().st_size > size
    other = connect_keyed(path)
    try:
        assert other.execute("SELECT count(*) FROM students").fetchone()[0] == 600
    finally:
        other.close()


def _with_changes(source: Path, target: Path, cells: dict[str, object]) -> Path:
    """The generated file with some cells changed (row numbers are the sheet's)."""
    from openpyxl import load_workbook

    book = load_workbook(source)
    sheet = book.active
    assert sheet is not None
    for ref, value in cells.items():
        sheet[ref] = value
    book.save(target)
    return target


def _content(db: Database) -> list[tuple[object, ...]]:
    """What the import left, without the ids and times each run makes anew."""
    students = db.conn.execute(
        "SELECT code, full_name, birth_date, class_name, name_key, sort_key, grade, version"
        " FROM students ORDER BY code"
    ).fetchall()
    journal = db.conn.execute(
        "SELECT entity, op, version, json_remove(data, '$.id', '$.student_id') FROM outbox"
        " WHERE entity IN ('student', 'need') ORDER BY entity, data ->> 'code', data ->> 'category'"
    ).fetchall()
    return [*students, *journal]


@pytest.mark.parametrize("partial", [False, True])
def test_rows_checked_and_written_in_parts_give_the_report_and_records_of_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, partial: bool
):
    """The oracle is the same import with the whole file as one part: the same problems in the
    same order, the same records and journal; errors late in the file (a copied code, a bad
    date) after many parts were written leave nothing (all or nothing) or only those rows out."""
    from desktop_app.core.store.database import open_database

    source = _needs_file(tmp_path, 1000)
    # Row 5 is the first student; a later row copies its code and another has a bad date.
    first_code = "0000000001"
    bad = _with_changes(source, tmp_path / "bad.xlsx", {"B900": first_code, "D990": "31/02/2013"})
    outcomes = []
    for part in (1_000_000, 120):  # one part, then parts of 120 rows
        monkeypatch.setattr(service, "PLAN_PART", part)
        monkeypatch.setattr(service, "WRITE_PART", 97)
        db = open_database(tmp_path / f"school-{part}.sqlite3")
        save_school(db, {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THCS"})
        report = import_file(db, "needs", bad, service.ImportOptions(partial=partial))
        problems = [(p.code, p.row, p.cell, p.severity) for p in report.problems]
        outcomes.append((problems, report.exit_code, report.created, report.rows_imported,
                         _content(db)))  # fmt: skip
        db.close()
    assert outcomes[0] == outcomes[1]
    problems, exit_code, created, imported, content = outcomes[1]
    assert ("duplicate_in_file", 900, "B900", "error") in problems
    assert any(row == 990 and severity == "error" for _, row, _, severity in problems)
    assert exit_code == 1
    if partial:
        assert created == imported == 998 and len(content) == 998 + 2 * 998
    else:
        assert created == imported == 0 and content == []


@pytest.mark.parametrize("partial", [False, True])
def test_devices_in_parts_give_the_report_and_records_of_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, partial: bool
):
    """Three batches over 600 devices; far down the file a serial is copied and a batch's row
    names another donor than the batch's first row: the same problems, records and journal
    whether the file is checked and written in one part or in parts of 50."""
    from builders import DEVICE_HEADERS, device_row, write_sheet

    from desktop_app.core.store.database import open_database

    rows = [device_row(n, **{"Mã đợt tài trợ": f"DOT-{n % 3}"}) for n in range(1, 601)]
    rows[540]["Số serial/IMEI"] = rows[3]["Số serial/IMEI"]  # copied from far above
    rows[550]["Nhà tài trợ"] = "Công ty XYZ"  # its batch's first row (a part before) says ABC
    source = write_sheet(tmp_path / "devices.xlsx", DEVICE_HEADERS, rows, sheet="Thiet bi")
    outcomes = []
    for part in (1_000_000, 50):
        monkeypatch.setattr(service, "PLAN_PART", part)
        monkeypatch.setattr(service, "WRITE_PART", 37)
        db = open_database(tmp_path / f"school-{part}.sqlite3")
        report = import_file(db, "devices", source, service.ImportOptions(partial=partial))
        problems = [(p.code, p.row, p.cell, p.severity) for p in report.problems]
        content = db.conn.execute(
            "SELECT v.serial, b.code, d.name FROM devices v JOIN donation_batches b"
            " ON b.id = v.batch_id JOIN donors d ON d.id = b.donor_id ORDER BY v.serial"
        ).fetchall()
        journal = db.conn.execute(
            "SELECT entity, count(*) FROM outbox GROUP BY entity ORDER BY entity"
        ).fetchall()
        outcomes.append((problems, report.exit_code, report.created, content, journal))
        db.close()
    assert outcomes[0] == outcomes[1]
    problems, exit_code, created, content, journal = outcomes[1]
    assert exit_code == 1
    assert {(code, row) for code, row, _, severity in problems if severity == "error"} == {
        ("duplicate_in_file", 544),  # rows start under the title and header lines
        ("inconsistent", 554),
    }
    if partial:
        assert created == len(content) == 598
        assert dict(journal) == {"device": 598, "donation_batch": 3, "donor": 1}
    else:
        assert created == 0 and content == [] and journal == []


@pytest.mark.parametrize("asked", [False, True])
def test_an_import_loads_no_spreadsheet_writer_unless_a_report_is_asked_for(
    school: Database, tmp_path: Path, asked: bool
):
    """openpyxl (the writing half: error reports, exports) costs a whole-process import about a
    tenth of a second; reading a file and importing it need only python-calamine. The command
    as the clerk runs it, ``songmay import``."""
    source = _needs_file(tmp_path, 20)
    report = ["--report", str(tmp_path / "report.xlsx")] if asked else []
    code = (
        "import sys\n"
        "from desktop_app.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "assert code == 0, code\n"
        "print(sorted(m for m in ('openpyxl', 'PySide6', 'requests') if m in sys.modules))\n"
    )
    out = run_fresh(code, "--db", str(tmp_path / "s.sqlite3"), "import", "needs", str(source),
                    *report)  # fmt: skip
    assert out.strip().splitlines()[-1] == ("['openpyxl']" if asked else "[]")
    assert (tmp_path / "report.xlsx").exists() == asked


@pytest.mark.parametrize("grades", [[6, 7, None], [True, 7, None]], ids=["alike", "not-alike"])
def test_the_journal_pairs_each_record_with_its_row_when_sqlite_picks_rowids_at_random(
    db: Database, grades: list[object]
):
    """The journal finds the rows just written by their rowids, which follow the table's last
    one; once the largest rowid is taken SQLite picks free ones at random, and the journal must
    still hold each record under its own id."""
    first = ChangeSet(actor="tester")
    first.insert("student", {"code": "LAST", "full_name": "Em Cuối", "class_name": "6A1",
                             "gender": "Nam", "birth_date": "2013-01-01",
                             **student_keys("Em Cuối", "6A1")})  # fmt: skip
    with write_transaction(db):
        first.apply(db.conn)
        db.conn.execute("UPDATE students SET rowid = 9223372036854775807")
    changes = ChangeSet(actor="tester")
    queued = []
    for n in range(60):
        name = f"Em {n}"
        made = changes.insert("student", {"code": f"S{n:03d}", "full_name": name,
                                          "class_name": "6A1", "gender": "Nam",
                                          "birth_date": "2013-01-01", **student_keys(name, "6A1"),
                                          "grade": grades[n % len(grades)]})  # fmt: skip
        queued.append({k: v for k, v in made.items() if k not in BOOKKEEPING})
    with write_transaction(db):
        changes.apply(db.conn)
    rowids = [r for (r,) in db.conn.execute("SELECT rowid FROM students WHERE code != 'LAST'")]
    assert sorted(rowids) != list(range(min(rowids), min(rowids) + len(rowids)))  # at random
    journal = db.conn.execute(
        "SELECT entity_id, data FROM outbox WHERE entity = 'student' ORDER BY seq"
    ).fetchall()[1:]
    assert journal == [(record["id"], _json(record)) for record in queued]


def test_the_journal_keeps_the_order_the_changes_were_queued_in(db: Database):
    """Records are written by shape (parents first), but the journal rows follow the queue: a
    need's delete before its student's, whatever the shapes; seq and change ids both increase
    in that order, after the journal rows already there, part after part."""

    def student(changes: ChangeSet, code: str) -> dict[str, object]:
        name = f"Em {code}"
        return changes.insert("student", {"code": code, "full_name": name, "class_name": "6A1",
                                          "gender": "Nam", "birth_date": "2013-01-01",
                                          **student_keys(name, "6A1")})  # fmt: skip

    def need(changes: ChangeSet, student_id: object) -> dict[str, object]:
        return changes.insert("need", {"student_id": student_id, "survey_round": "2026-H2",
                                       "category": 1, "has_device": 0,
                                       "requested_device": "laptop", "status": "proposed"})  # fmt: skip

    first = ChangeSet(actor="tester")
    a = student(first, "A")
    a_need = need(first, a["id"])
    with write_transaction(db):
        first.apply(db.conn)
    queued: list[tuple[str, object, str]] = []
    second = ChangeSet(actor="tester")
    parts: list[ChangeSet] = []
    second.spill_to(parts.append, every=3)
    second.delete("need", a_need)
    queued.append(("need", a_need["id"], "delete"))
    second.delete("student", a)
    queued.append(("student", a["id"], "delete"))
    b = student(second, "B")
    queued.append(("student", b["id"], "insert"))
    b_need = need(second, b["id"])
    queued.append(("need", b_need["id"], "insert"))
    c = student(second, "C")
    queued.append(("student", c["id"], "insert"))
    parts.append(second.detach())
    with write_transaction(db):
        for part in parts:
            part.apply(db.conn)
    rows = db.conn.execute(
        "SELECT entity, entity_id, op, seq, change_id FROM outbox ORDER BY seq"
    ).fetchall()
    assert [row[:3] for row in rows[-len(queued) :]] == queued
    seqs, change_ids = [row[3] for row in rows], [row[4] for row in rows]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    assert change_ids == sorted(change_ids) and len(set(change_ids)) == len(change_ids)


def test_only_the_rows_with_a_problem_keep_their_cells_after_an_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The window and the error report show the title, the header and the rows with a problem;
    the others' cells are let go as the import goes (a 200,000-row file's cells are hundreds
    of megabytes) — in parts or in one pass alike."""
    from desktop_app.core.importing.report import write_error_report
    from desktop_app.core.store.database import open_database

    source = _with_changes(_needs_file(tmp_path, 300), tmp_path / "bad.xlsx",
                           {"D250": "31/02/2013"})  # fmt: skip
    for part in (1_000_000, 40):
        monkeypatch.setattr(service, "PLAN_PART", part)
        db = open_database(tmp_path / f"school-{part}.sqlite3")
        report = import_file(db, "needs", source, service.ImportOptions(partial=True))
        assert report.created == 299
        rows = report.sheets[0].raw_rows
        header = report.sheets[0].header.header_row
        problem_rows = {p.row for p in report.problems if p.row is not None}
        assert 250 in problem_rows
        kept = {number for number, cells in enumerate(rows, start=1) if cells}
        assert kept == set(range(1, header + 1)) | problem_rows
        assert rows[249][3] == "31/02/2013"  # what the clerk typed, shown beside the problem
        write_error_report(report, tmp_path / f"report-{part}.xlsx")  # still writes
        db.close()


def test_the_first_part_goes_to_the_writer_before_the_rest_of_the_file_is_checked(
    school: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    checked = 0
    row_check = NeedsPlanner.row_check

    def counting(self, row):  # type: ignore[no-untyped-def]
        nonlocal checked
        checked += 1
        return row_check(self, row)

    submitted: list[tuple[int, int]] = []  # (rows checked, changes in the part) at each hand-over
    submit = BackgroundWriter.submit

    def recording(self, part):  # type: ignore[no-untyped-def]
        submitted.append((checked, len(part)))
        return submit(self, part)

    monkeypatch.setattr(NeedsPlanner, "row_check", counting)
    monkeypatch.setattr(BackgroundWriter, "submit", recording)
    report = import_file(school, "needs", _needs_file(tmp_path, 3000))
    assert report.created == 3000
    first_checked, first_changes = submitted[0]
    # A student and their need per row: the first 1,000 rows, while 2,000 are still to check.
    assert first_changes == 2 * service.FIRST_PART and first_checked <= service.FIRST_PART + 1
    assert sum(changes for _, changes in submitted) == 6000


def test_an_import_pauses_the_collector_and_hands_the_lock_over_sooner_then_restores_both(
    school: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    seen: set[tuple[bool, float]] = set()
    row_check = NeedsPlanner.row_check

    def watching(self, row):  # type: ignore[no-untyped-def]
        seen.add((gc.isenabled(), sys.getswitchinterval()))
        return row_check(self, row)

    monkeypatch.setattr(NeedsPlanner, "row_check", watching)
    before = sys.getswitchinterval()
    assert gc.isenabled() and before > service.IMPORT_SWITCH_INTERVAL
    import_file(school, "needs", _needs_file(tmp_path, 50))
    ((collecting, interval),) = seen  # the interval is kept in whole microseconds
    assert not collecting and interval == pytest.approx(service.IMPORT_SWITCH_INTERVAL, rel=0.01)
    assert gc.isenabled() and sys.getswitchinterval() == before
