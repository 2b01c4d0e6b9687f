"""The dashboard's kept figures (issue 19, migration 014, ``core.dashboard.kept_summary``): what a
start shows equals the figures counted from scratch — here by the test itself, from the rows it
wrote — after inserts, updates, deletes, an import, a sync, a day passing and a rolled-back write;
and a kept summary that no longer matches the database is never returned as current."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from builders import NEEDS_HEADERS, needs_row, write_sheet
from sqlite_utils import Database

from desktop_app.core.dashboard import (
    Summary,
    computed_summary,
    dashboard_summary,
    keep_summary,
    kept_summary,
)
from desktop_app.core.naming import student_keys
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import open_database, write_transaction
from desktop_app.core.store.outbox import ChangeResult, assign_submission, mark_results

DAY = date(2026, 3, 10)


@dataclass
class Written:
    """What the test wrote, counted by the test: the oracle."""

    needs: dict[str, int] = field(default_factory=dict)  # live student's code → need category
    pending: int = 0  # journal rows written and not yet sent (one per record change)
    received: list[date] = field(default_factory=list)  # devices on the shelf, by receipt day

    def by_category(self) -> dict[int, int]:
        counts = dict.fromkeys(range(1, 5), 0)
        for category in self.needs.values():
            counts[category] += 1
        return counts

    def overdue(self, today: date) -> int:  # the district's report: 5 days after receipt
        return sum(1 for day in self.received if today > day + timedelta(days=5))


def at_start(db: Database, today: date = DAY) -> Summary:
    """What a start shows: the kept figures when still current, else computed and kept."""
    kept = kept_summary(db, today=today)
    if kept is not None:
        return kept
    summary, stamp = computed_summary(db, today=today)
    assert keep_summary(db, summary, stamp)
    return summary


def assert_shows(db: Database, written: Written, today: date = DAY) -> None:
    """The first start after a change computes; the next one shows the kept figures; both are
    the test's own counts."""
    for summary in (at_start(db, today), kept_summary(db, today=today)):
        assert summary is not None
        assert summary.needs_by_category == written.by_category()
        assert summary.students_without_consent == len(written.needs)  # none recorded
        assert summary.pending_changes == written.pending
        assert summary.outbox["pending"] == written.pending
        assert len(summary.overdue_devices) == written.overdue(today)


def write_students(db: Database, codes: list[str], category: int = 1) -> int:
    """Students with a need each, as the core writes them; the journal rows written (two a
    student)."""
    changes = ChangeSet(source="test")
    for code in codes:
        name = f"Lò Thị {code}"
        student = changes.insert("student", {
            "code": code, "full_name": name, "gender": "Nữ", "birth_date": "2013-05-01",
            "class_name": "6A1", **student_keys(name, "6A1"),
        })  # fmt: skip
        changes.insert("need", {
            "student_id": student["id"], "survey_round": "2026-H1", "category": category,
            "requested_device": "tablet", "poverty_cert_no": "1/GCN", "status": "proposed",
        })  # fmt: skip
    with write_transaction(db):
        changes.apply(db.conn)
    return 2 * len(codes)


def add_students(db: Database, written: Written, codes: list[str], category: int = 1) -> None:
    written.pending += write_students(db, codes, category)
    written.needs.update(dict.fromkeys(codes, category))


def row(db: Database, table: str, where: str, *args: object) -> dict[str, object]:
    cursor = db.execute(f"SELECT * FROM {table} WHERE {where}", list(args))
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def stale(db: Database) -> bool:
    return kept_summary(db, today=DAY) is None


@pytest.fixture
def written(db: Database) -> Written:
    # the school profile saved by the fixture: its journal row is pending
    return Written(pending=int(db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]))


def test_nothing_kept_at_first_then_the_figures_of_the_rows_written(db, written):
    assert stale(db)
    add_students(db, written, ["A1", "A2", "A3"], category=2)
    assert stale(db)
    assert_shows(db, written)


def test_inserts_updates_and_deletes_are_never_shown_from_before(db, written):
    add_students(db, written, ["A1", "A2", "A3"], category=1)
    assert_shows(db, written)

    add_students(db, written, ["B1"], category=4)  # insert
    assert stale(db)
    assert_shows(db, written)

    need = row(db, "needs", "student_id = (SELECT id FROM students WHERE code = 'A2')")
    changes = ChangeSet(source="test")
    changes.update("need", need, {"category": 3})  # update
    with write_transaction(db):
        changes.apply(db.conn)
    written.needs["A2"], written.pending = 3, written.pending + 1
    assert stale(db)
    assert_shows(db, written)

    student = row(db, "students", "code = 'A3'")
    need = row(db, "needs", "student_id = ?", student["id"])
    changes = ChangeSet(source="test")
    changes.delete("need", need)  # delete
    changes.delete("student", student)
    with write_transaction(db):
        changes.apply(db.conn)
    del written.needs["A3"]
    written.pending += 2
    assert stale(db)
    assert_shows(db, written)


def test_an_import_is_never_shown_from_before(db, written, tmp_path: Path):
    from desktop_app.core.importing.service import ImportOptions, import_file

    add_students(db, written, ["A1"], category=1)
    assert_shows(db, written)
    rows = [needs_row(i, **{"Diện đối tượng (*)": "Hộ cận nghèo"}) for i in range(1, 6)]
    path = write_sheet(tmp_path / "needs.xlsx", NEEDS_HEADERS, rows, sheet="Nhu cau")
    report = import_file(db, "needs", path, ImportOptions(today=DAY))
    assert report.exit_code == 0, report.problems
    for number in range(1, 6):  # a student and a need each, near-poor: category 2
        written.needs[f"HS{number:06d}"] = 2
        written.pending += 2
    assert stale(db)
    assert_shows(db, written)


def test_a_sync_that_sends_changes_is_never_shown_from_before(db, written):
    add_students(db, written, ["A1", "A2"])
    assert_shows(db, written)
    sent = db.execute("SELECT seq, change_id FROM outbox ORDER BY seq LIMIT 3").fetchall()
    assign_submission(db, "sub-1", [seq for seq, _ in sent])
    mark_results(db, "sub-1", [ChangeResult(change_id, "accepted") for _, change_id in sent])
    written.pending -= 3  # the journal's rows change status: no new row, no new sequence
    assert stale(db)
    assert_shows(db, written)


def test_a_day_passing_counts_the_overdue_devices_of_that_day(db, written, tmp_path: Path):
    from builders import DEVICE_HEADERS, device_row

    from desktop_app.core.importing.service import ImportOptions, import_file

    received = DAY - timedelta(days=3)
    rows = [device_row(i, **{"Ngày tiếp nhận": received.strftime("%d/%m/%Y")}) for i in (1, 2)]
    path = write_sheet(tmp_path / "devices.xlsx", DEVICE_HEADERS, rows, sheet="Thiet bi")
    report = import_file(db, "devices", path, ImportOptions(today=DAY))
    assert report.exit_code == 0, report.problems
    written.received += [received, received]
    written.pending += 1 + 1 + 2  # the donor, the batch, two devices
    assert_shows(db, written, today=DAY)
    assert written.overdue(DAY) == 0
    later = DAY + timedelta(days=3)  # nothing written: the kept figures, on the new day
    assert kept_summary(db, today=later) is not None
    assert_shows(db, written, today=later)
    assert written.overdue(later) == 2


def test_a_rolled_back_write_leaves_the_kept_figures_current_and_right(db, written):
    add_students(db, written, ["A1"])
    assert_shows(db, written)
    changes = ChangeSet(source="test")
    student = changes.insert("student", {
        "code": "X1", "full_name": "Lò Văn X", "gender": "Nam", "birth_date": "2013-05-01",
        "class_name": "6A1", **student_keys("Lò Văn X", "6A1"),
    })  # fmt: skip
    changes.insert("need", {"student_id": student["id"], "survey_round": "2026-H1",
                            "category": 1, "requested_device": "tablet", "status": "proposed"})  # fmt: skip
    with pytest.raises(RuntimeError), write_transaction(db):
        changes.apply(db.conn)
        raise RuntimeError("the write fails half-way")
    assert not stale(db)  # nothing changed: nothing computed again
    assert_shows(db, written)


def test_figures_computed_before_a_write_are_not_kept_as_current(db, written):
    """A reading that began before a write (on the read worker) must not stamp its figures with
    the state after it."""
    add_students(db, written, ["A1"])
    summary, stamp = computed_summary(db, today=DAY)
    add_students(db, written, ["A2"])
    assert not keep_summary(db, summary, stamp)
    assert stale(db)
    assert_shows(db, written)


def test_a_changed_approval_policy_or_name_is_never_shown_from_before(db, written):
    from desktop_app.core.school import save_school

    add_students(db, written, ["A1"])
    assert_shows(db, written)
    with write_transaction(db):  # a row of the school's profile changed without a journal row
        db.execute("UPDATE school_profile SET approval_policy = 'block' WHERE id = 1")
    assert stale(db)
    assert at_start(db).figures == dashboard_summary(db, today=DAY).figures
    save_school(db, {"principal": "Nguyễn Thị Hạnh"})
    written.pending += 1
    assert stale(db)
    assert_shows(db, written)
    # An erasure changes a student's name: kept figures naming students are removed at once.
    with write_transaction(db):
        db.execute("UPDATE students SET full_name = 'Đã xóa' WHERE code = 'A1'")
    assert db.execute("SELECT COUNT(*) FROM figures_snapshot").fetchone()[0] == 0


def test_the_kept_figures_equal_the_figures_computed_from_scratch(db, written, tmp_path: Path):
    """Every field, not only the counted ones: the kept form loses nothing."""
    from builders import fill_needs_and_devices

    fill_needs_and_devices(db, tmp_path, count=4, approved=False)
    add_students(db, written, ["A1"])
    at_start(db)
    kept = kept_summary(db, today=DAY)
    assert kept == dashboard_summary(db, today=DAY)


def test_the_journals_counts_are_read_from_one_covering_index(db):
    """``outbox_counts`` (the status bar after every save, the figures) never looks up the
    journal's rows themselves: 400,000 of them cost 0.2 s that way (schema 014)."""
    from desktop_app.core.store.outbox import outbox_counts

    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        outbox_counts(db)
    finally:
        db.conn.set_trace_callback(None)
    (query,) = [s for s in statements if "FROM outbox" in s]
    plan = " ".join(str(row[-1]) for row in db.execute(f"EXPLAIN QUERY PLAN {query}"))
    assert "COVERING INDEX outbox_status_source" in plan, plan


def test_figures_are_not_held_back_by_another_write_under_way(db, written, tmp_path: Path):
    """An import holds the write lock for seconds: the figures computed meanwhile are shown
    without waiting for it; they are not kept (a later reading or the window's close keeps
    them), and the connection waits for locks as before afterwards."""
    import threading

    from desktop_app.core.store.database import open_database

    add_students(db, written, ["A1"])
    summary, stamp = computed_summary(db, today=DAY)
    other = open_database(tmp_path / "school.sqlite3")  # the ``db`` fixture's file
    other.conn.execute("BEGIN IMMEDIATE")
    release = threading.Timer(3.0, lambda: other.conn.execute("ROLLBACK"))
    release.start()
    try:
        waits = db.execute("PRAGMA busy_timeout").fetchone()[0]
        assert not keep_summary(db, summary, stamp)  # did not wait for the lock to be released
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == waits
    finally:
        release.join()
        other.close()
    assert stale(db)
    assert keep_summary(db, summary, stamp)  # the lock released: kept
    assert_shows(db, written)


def test_a_command_that_changes_the_data_leaves_its_figures_kept_for_the_window(
    db, written, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """``songmay import`` keeps the figures it changed (the next window start paints them at once);
    a command that changed nothing, or an import refused, computes nothing."""
    from desktop_app import cli
    from desktop_app.core import dashboard

    add_students(db, written, ["A1"], category=1)
    assert_shows(db, written)  # kept and current before the commands
    database = Path(db.conn.execute("PRAGMA database_list").fetchone()[2])
    db.close()
    computed: list[str] = []
    compute = dashboard.computed_summary

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        computed.append("computed")
        return compute(*args, **kwargs)

    monkeypatch.setattr(dashboard, "computed_summary", counting)
    good = [needs_row(i, **{"Diện đối tượng (*)": "Hộ cận nghèo"}) for i in range(1, 4)]
    bad = [*good, needs_row(4, **{"Ngày sinh (*)": "31/02/2013"})]  # refused: nothing written
    refused = write_sheet(tmp_path / "bad.xlsx", NEEDS_HEADERS, bad, sheet="Nhu cau")
    accepted = write_sheet(tmp_path / "good.xlsx", NEEDS_HEADERS, good, sheet="Nhu cau")
    assert cli.main(["--db", str(database), "import", "needs", str(refused)]) == 1
    assert cli.main(["--db", str(database), "export", "needs", str(tmp_path / "out.xlsx")]) == 0
    assert computed == []
    assert cli.main(["--db", str(database), "import", "needs", str(accepted)]) == 0
    assert computed == ["computed"]
    for number in range(1, 4):
        written.needs[f"HS{number:06d}"] = 2
        written.pending += 2
    reopened = open_database(database)
    try:
        kept = kept_summary(reopened, today=DAY)
        assert kept is not None  # current: the window computes nothing
        assert kept.needs_by_category == written.by_category()
        assert kept.pending_changes == written.pending
    finally:
        reopened.close()
