"""The local store: pragmas, migrations, ids, and changes written with their audit and outbox rows."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlite_utils import Database

from desktop_app.core.ids import uuid7
from desktop_app.core.paths import resolve_db_path
from desktop_app.core.store import driver, schema
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import open_database, write_transaction


def test_database_is_opened_in_wal_with_full_sync_and_foreign_keys(tmp_path):
    db = open_database(tmp_path / "a.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_migrations_apply_once_and_reopen_cleanly(tmp_path):
    path = tmp_path / "a.sqlite3"
    open_database(path).close()
    db = open_database(path)
    applied = [name for (name,) in db.execute("SELECT name FROM _sqlite_migrations")]
    # Each once, in the numbered order they were written in (a released one is never renamed).
    assert applied[:5] == ["001_initial", "002_handover_details", "003_sync_state",
                           "004_handover_receiver_address", "005_consent"]  # fmt: skip
    assert applied == sorted(set(applied)) and not schema.migrations.pending(db)
    names = set(db.table_names()) | set(db.view_names())
    assert {"students", "needs", "devices", "handovers", "outbox", "audit_log"} <= names


def test_a_database_of_the_first_release_gains_the_handover_columns(tmp_path):
    path = tmp_path / "old.sqlite3"
    old = Database(path)
    schema.migrations.apply(old, stop_before="002_handover_details")
    old.execute(
        "INSERT INTO school_profile (id, name, created_at, updated_at) VALUES (1, 'A', 'x', 'x')"
    )
    old.conn.commit()
    old.close()
    db = open_database(path)
    assert {"reason", "minutes_no", "recorded_on"} <= set(db["handovers"].columns_dict)
    assert db.execute("SELECT name, approval_policy FROM school_profile").fetchone() == (
        "A",
        "warn",
    )


def test_uuid7_ids_are_version_7_and_increase():
    ids = [uuid7() for _ in range(5000)]
    assert all(uuid.UUID(i).version == 7 for i in ids)
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_db_path_prefers_flag_then_environment_then_data_folder(tmp_path):
    assert resolve_db_path("x.db", {"SONGMAY_DB": "y.db"}).name == "x.db"
    assert resolve_db_path(None, {"SONGMAY_DB": "y.db"}).name == "y.db"
    assert resolve_db_path(None, {}).name == "songmay.sqlite3"


def _student(code: str = "A1") -> dict[str, object]:
    return {"code": code, "full_name": "Lò Văn Sáng", "name_key": "lo van sang", "sort_key": "s",
            "birth_date": "2010-01-01", "gender": "Nam", "class_name": "6A"}  # fmt: skip


def test_insert_update_delete_each_write_one_journal_row_seen_as_outbox_and_audit(db):
    base_outbox = db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    changes = ChangeSet(actor="tester")
    row = changes.insert("student", _student())
    with write_transaction(db):
        changes.apply(db.conn)
    stored = dict(db["students"].get(row["id"]))
    changes = ChangeSet(actor="tester")
    changes.update("student", stored, {"class_name": "7A", "full_name": stored["full_name"]})
    with write_transaction(db):
        changes.apply(db.conn)
    stored = dict(db["students"].get(row["id"]))
    changes = ChangeSet(actor="tester")
    changes.delete("student", stored)
    with write_transaction(db):
        changes.apply(db.conn)
    outbox = db.execute(
        "SELECT op, version, data FROM outbox WHERE entity='student' ORDER BY seq"
    ).fetchall()
    assert [(op, v) for op, v, _ in outbox] == [("insert", 1), ("update", 2), ("delete", 3)]
    assert json.loads(outbox[1][2])["class_name"] == "7A"
    assert db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == base_outbox + 3
    audit = db.execute(
        "SELECT actor, op, old_values, new_values FROM audit_log WHERE entity='student' ORDER BY id"
    ).fetchall()
    assert [a[:2] for a in audit] == [("tester", "insert"), ("tester", "update"),
                                      ("tester", "delete")]  # fmt: skip
    assert audit[1][2] == '{"class_name":"6A"}'
    assert json.loads(audit[1][3])["class_name"] == "7A"
    assert db.execute("SELECT deleted, version FROM students").fetchone() == (1, 3)


def test_an_update_that_changes_nothing_writes_nothing(db):
    changes = ChangeSet()
    row = changes.insert("student", _student())
    with write_transaction(db):
        changes.apply(db.conn)
    changes = ChangeSet()
    changes.update("student", dict(db["students"].get(row["id"])), {"class_name": "6A"})
    assert len(changes) == 0


def test_a_failed_write_leaves_neither_the_record_nor_its_outbox_row(db):
    before = db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    changes = ChangeSet()
    changes.insert("student", _student("DUP"))
    changes.insert("student", _student("DUP"))  # violates UNIQUE(code)
    with pytest.raises(driver.IntegrityError), write_transaction(db):
        changes.apply(db.conn)
    assert db.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == before


def test_foreign_keys_refuse_a_need_for_an_unknown_student(db):
    changes = ChangeSet()
    changes.insert("need", {"student_id": "nope", "survey_round": "2022-H1", "category": 1,
                            "requested_device": "tablet"})  # fmt: skip
    with pytest.raises(driver.IntegrityError), write_transaction(db):
        changes.apply(db.conn)


def test_outbox_interface_gives_pending_changes_in_order_with_sync_ops(db):
    from desktop_app.core.store.outbox import outbox_counts, pending_changes

    changes = ChangeSet()
    row = changes.insert("student", _student())
    with write_transaction(db):
        changes.apply(db.conn)
    changes = ChangeSet()
    changes.update("student", dict(db["students"].get(row["id"])), {"class_name": "7A"})
    with write_transaction(db):
        changes.apply(db.conn)
    pending = [c for c in pending_changes(db) if c.entity == "student"]
    assert [(c.op, c.version, c.data["class_name"]) for c in pending] == [
        ("upsert", 1, "6A"),
        ("upsert", 2, "7A"),
    ]
    assert pending[0].seq < pending[1].seq
    assert outbox_counts(db) == {"pending": 3, "sent": 0, "rejected": 0}  # + the school profile


def test_disk_full_during_a_write_is_explained_and_leaves_nothing(db):
    from desktop_app.core.errors import StoreError

    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count={pages + 2}")  # the disk is "full" after two more pages
    changes = ChangeSet()
    for number in range(2000):
        changes.insert("student", _student(f"S{number}"))
    with pytest.raises(StoreError) as raised, write_transaction(db):
        changes.apply(db.conn)
    assert raised.value.code == "disk_full" and "Ổ đĩa đã đầy" in raised.value.message
    assert db.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 0


def test_a_forked_child_makes_different_ids_than_its_parent():
    import os

    if not hasattr(os, "fork"):
        pytest.skip("no fork on this platform")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: write one id and leave at once
        os.write(write, uuid7().encode())
        os._exit(0)
    os.waitpid(pid, 0)
    child_id = os.read(read, 64).decode()
    parent_ids = {uuid7() for _ in range(200)}
    assert child_id not in parent_ids and uuid.UUID(child_id).version == 7


def test_a_change_set_writes_parents_before_children_whatever_the_queue_order(db):
    """A needs file whose first row is an existing student's new round and whose second is a new
    student queues a need insert before the student insert: it must still be written."""
    from desktop_app.core.store.changes import ChangeSet
    from desktop_app.core.store.database import write_transaction

    changes = ChangeSet(source="test")
    student = {"code": "HS1", "full_name": "Lò Văn An", "name_key": "lo van an",
               "sort_key": "an", "birth_date": "2010-01-01", "gender": "Nam",
               "class_name": "6A1"}  # fmt: skip
    need = {"survey_round": "2021-H2", "category": 1, "requested_device": "tablet"}
    first = changes.insert("student", {**student})
    changes.insert("need", {**need, "student_id": first["id"]})
    second = changes.insert("student", {**student, "code": "HS2"})
    changes.insert("need", {**need, "student_id": second["id"]})
    # the queue now holds: students [HS1, HS2], needs [HS1, HS2]; build the hard order too:
    late = ChangeSet(source="test")
    late.insert("need", {**need, "survey_round": "2022-H1", "student_id": first["id"]})
    third = late.insert("student", {**student, "code": "HS3"})
    late.insert("need", {**need, "student_id": third["id"]})
    with write_transaction(db):
        changes.apply(db.conn)
    with write_transaction(db):
        late.apply(db.conn)
    assert db.execute("SELECT COUNT(*) FROM needs").fetchone()[0] == 4
