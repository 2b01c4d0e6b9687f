"""The outbox interface the sync client uses, review decisions, batching and the offline package —
without a server."""

from __future__ import annotations

import gzip
import hashlib
import json
import uuid

import pytest
from test_client_support import SCHOOL, add_students, district_key, edit, statuses, unsealed

from desktop_app.core.reviews import apply_decisions, received_decisions
from desktop_app.core.store import outbox
from desktop_app.core.store.database import open_database
from desktop_app.core.store.outbox import ChangeResult
from sync import protocol
from sync.batching import batch_of, batches, compress, submission_body
from sync.package import export_package


def test_migration_003_makes_the_sync_state_row_with_one_client_id(tmp_path):
    path = tmp_path / "a.sqlite3"
    first = outbox.sync_state(open_database(path)).client_id
    again = open_database(path)
    assert uuid.UUID(first) and outbox.sync_state(again).client_id == first
    names = [n for (n,) in again.execute("SELECT name FROM _sqlite_migrations")]
    assert "003_sync_state" in names and len(names) == len(set(names))  # each applied once
    assert outbox.sync_state(open_database(tmp_path / "b.sqlite3")).client_id != first


def test_pending_changes_are_streamed_in_pages_in_seq_order(db):
    add_students(db, 25)
    pages = list(outbox.unassigned_pages(db, page_size=10))
    assert [len(p) for p in pages] == [10, 10, 6]  # 25 students + the school profile
    seqs = [c.seq for page in pages for c in page]
    assert seqs == sorted(seqs) and len(set(seqs)) == 26


def test_the_page_query_reads_the_outbox_by_seq_not_through_the_status_index(db):
    plan = " ".join(
        row[-1]
        for row in db.execute(
            "EXPLAIN QUERY PLAN SELECT seq FROM outbox WHERE +status = 'pending' AND"
            " submission_id IS NULL AND seq > 0 ORDER BY seq LIMIT 10"
        )
    )
    assert "USING INTEGER PRIMARY KEY" in plan and "TEMP B-TREE" not in plan


def test_a_submission_is_recorded_on_its_rows_before_sending_and_answered_once(db):
    rows = add_students(db, 3)
    page = next(outbox.unassigned_pages(db))
    assert outbox.assign_submission(db, "sub-1", [c.seq for c in page]) == 4
    assert outbox.in_flight_submissions(db) == ["sub-1"]
    assert list(outbox.unassigned_pages(db)) == []
    # The clerk edits a student while sub-1 is on its way: a new row, not in sub-1.
    edit(db, "student", "students", rows[0]["id"], class_name="7A")
    sent = outbox.submission_changes(db, "sub-1")
    results = [ChangeResult(c.change_id, "accepted") for c in sent[:-1]]
    results.append(ChangeResult(sent[-1].change_id, "rejected", "missing_field", "Thiếu họ tên"))
    marked = outbox.mark_results(db, "sub-1", results)
    assert (marked.accepted, marked.rejected, marked.unanswered) == (3, 1, 0)
    again = outbox.mark_results(db, "sub-1", results)  # the same answer twice changes nothing
    assert (again.accepted, again.rejected) == (0, 0)
    assert statuses(db) == {"sent": 3, "rejected": 1, "pending": 1}
    (edited,) = [c for page in outbox.unassigned_pages(db) for c in page]
    assert edited.entity_id == rows[0]["id"] and edited.data["class_name"] == "7A"
    assert db.execute("SELECT MAX(attempts), MIN(sent_at IS NOT NULL) FROM outbox"
                      " WHERE status = 'sent'").fetchone() == (1, 1)  # fmt: skip


def test_rows_an_answer_does_not_mention_leave_the_submission_and_go_out_again(db):
    add_students(db, 2)
    page = next(outbox.unassigned_pages(db))
    outbox.assign_submission(db, "s", [c.seq for c in page])
    marked = outbox.mark_results(db, "s", [ChangeResult(page[0].change_id, "duplicate")])
    assert (marked.duplicates, marked.unanswered) == (1, 2)
    assert outbox.in_flight_submissions(db) == []
    assert len(next(outbox.unassigned_pages(db))) == 2


def test_refused_changes_are_listed_with_the_record_and_reason_then_requeued(db):
    (_row,) = add_students(db, 1, prefix="HS")
    page = next(outbox.unassigned_pages(db))
    outbox.assign_submission(db, "s", [c.seq for c in page])
    outbox.mark_results(db, "s", [
        ChangeResult(page[0].change_id, "accepted"),
        ChangeResult(page[1].change_id, "rejected", "missing_field", "Thiếu họ tên"),
    ])  # fmt: skip
    (refused,) = outbox.refused_changes(db)
    assert (refused.entity, refused.label, refused.code, refused.message) == (
        "student", "HS000000 — Lò Văn Sáng", "missing_field", "Thiếu họ tên")  # fmt: skip
    assert outbox.requeue_refused(db) == 1
    assert outbox.outbox_counts(db) == {"pending": 1, "sent": 1, "rejected": 0}
    (again,) = next(outbox.unassigned_pages(db))
    assert again.change_id == page[1].change_id


def test_a_refusal_is_settled_when_a_newer_version_of_the_record_is_accepted(db):
    (row,) = add_students(db, 1)
    page = next(outbox.unassigned_pages(db))
    outbox.assign_submission(db, "s1", [c.seq for c in page])
    outbox.mark_results(db, "s1", [ChangeResult(c.change_id, "rejected", "x", "y") for c in page])
    edit(db, "student", "students", row["id"], full_name="Lò Văn Sáng Mới")
    (fix,) = next(outbox.unassigned_pages(db))
    outbox.assign_submission(db, "s2", [fix.seq])
    outbox.mark_results(db, "s2", [ChangeResult(fix.change_id, "accepted")])
    # The student's refusal is settled by its fix; the school profile's stays.
    assert [r.entity for r in outbox.refused_changes(db)] == ["school"]


def test_release_and_split_take_rows_out_of_an_unanswered_submission(db):
    add_students(db, 4)
    page = next(outbox.unassigned_pages(db))
    outbox.assign_submission(db, "big", [c.seq for c in page])
    assert outbox.release_submission(db, "big", [page[0].seq, page[1].seq]) == 2
    assert len(outbox.submission_changes(db, "big")) == 3
    assert outbox.release_submission(db, "big") == 3
    assert outbox.in_flight_submissions(db) == []


def test_sync_state_keeps_the_account_and_the_last_result(db):
    outbox.save_account(db, "https://a.example", SCHOOL, "u")
    with outbox.write_transaction(db):
        outbox.set_feedback_cursor(db, "7")
    outbox.save_account(db, "https://a.example", SCHOOL, "other-user")
    assert outbox.sync_state(db).feedback_cursor == "7"
    outbox.save_account(db, "https://b.example", SCHOOL, "u")  # another server: start again
    assert outbox.sync_state(db).feedback_cursor is None
    outbox.record_sync_result(db, {"sent": 1, "finished_at": "2024-01-01T00:00:00"}, finished=True)
    outbox.record_sync_result(db, {"sent": 0, "finished_at": "2024-01-02T00:00:00"}, finished=False)
    state = outbox.sync_state(db)
    assert state.last_sync_at == "2024-01-01T00:00:00" and state.last_result == {
        "sent": 0, "finished_at": "2024-01-02T00:00:00"}  # fmt: skip


# --- review decisions --------------------------------------------------------------------------


@pytest.fixture
def school(db, tmp_path):
    from builders import fill_needs_and_devices

    fill_needs_and_devices(db, tmp_path, count=3, approved=False)
    return db


def _need(db, code):
    return db.execute(
        "SELECT n.status, n.review_comment, n.version FROM needs n JOIN students s"
        " ON s.id = n.student_id WHERE s.code = ?",
        [code],
    ).fetchone()


def _decision(cursor, code, decision="approved", comment=None):
    return {"cursor": cursor, "student_code": code, "decision": decision, "comment": comment,
            "decided_at": "2024-03-01T08:00:00Z", "reviewer": "pgd.chuyenvien"}  # fmt: skip


def test_review_decisions_change_the_latest_need_through_the_journal_not_sent_back(school):
    db = school
    pending = outbox.outbox_counts(db)["pending"]
    outcome = apply_decisions(db, [
        _decision(1, "HS000001"),
        _decision(2, "HS000002", "returned", "Thiếu giấy chứng nhận hộ nghèo"),
        _decision(3, "KHONGCO"),
    ], next_cursor=3)  # fmt: skip
    assert (outcome.applied, outcome.unknown_students) == (2, ["KHONGCO"])
    assert _need(db, "HS000001")[:2] == ("approved", None)
    assert _need(db, "HS000002")[:2] == ("returned", "Thiếu giấy chứng nhận hộ nghèo")
    journal = db.execute(
        "SELECT actor, source, status FROM outbox WHERE source = 'district'"
    ).fetchall()
    assert journal == [("pgd.chuyenvien", "district", "sent")] * 2
    assert outbox.outbox_counts(db)["pending"] == pending  # nothing to echo back
    assert outbox.sync_state(db).feedback_cursor == "3"
    kept = {d.cursor: d.outcome for d in received_decisions(db)}
    assert kept == {"1": "applied", "2": "applied", "3": "unknown_student"}


def test_the_same_decision_twice_does_nothing(school):
    db = school
    apply_decisions(db, [_decision(5, "HS000003", "returned", "Sai lớp")], 5)
    version = _need(db, "HS000003")[2]
    again = apply_decisions(db, [_decision(5, "HS000003", "returned", "Sai lớp")], 5)
    assert (again.applied, again.already_known) == (0, 1)
    assert _need(db, "HS000003")[2] == version


def test_a_need_already_supplied_keeps_its_status_and_gains_the_comment(school):
    db = school
    db.execute("UPDATE needs SET status = 'supplied'")
    db.conn.commit()
    apply_decisions(db, [_decision(1, "HS000001", "approved", "Đã kiểm tra")], 1)
    assert _need(db, "HS000001")[:2] == ("supplied", "Đã kiểm tra")


def test_an_unknown_decision_kind_is_refused_and_nothing_is_applied(school):
    with pytest.raises(ValueError):
        apply_decisions(school, [_decision(1, "HS000001"), _decision(2, "HS000002", "maybe")], 2)
    assert _need(school, "HS000001")[0] == "proposed" and not received_decisions(school)


# --- batching and the package ------------------------------------------------------------------


def test_batches_are_bounded_by_count_and_by_bytes(db):
    add_students(db, 50)
    pages = list(outbox.unassigned_pages(db, page_size=7))
    by_count = list(batches(pages, max_changes=20))
    assert [len(b.changes) for b in by_count] == [20, 20, 11]
    by_bytes = list(batches(pages, max_changes=500, max_bytes=2000))
    assert all(b.size <= 2000 for b in by_bytes) and len(by_bytes) > 3
    assert [c.seq for b in by_bytes for c in b.changes] == [c.seq for p in pages for c in p]


def test_a_rebuilt_body_has_the_same_fingerprint_whatever_its_creation_time(db):
    add_students(db, 3)
    first = batch_of(outbox.pending_changes(db))
    again = batch_of(outbox.pending_changes(db))
    one = json.loads(submission_body(first, school_code=SCHOOL, client_id="c",
                                     submission_id="k", created_at="2024-01-01"))  # fmt: skip
    two = json.loads(gzip.decompress(compress(submission_body(
        again, school_code=SCHOOL, client_id="c", submission_id="k", created_at="2025-05-05"))))  # fmt: skip
    assert protocol.body_fingerprint(one) == protocol.body_fingerprint(two)
    assert set(one) == {"school_code", "client_id", "submission_id", "created_at", "changes"}
    change = one["changes"][1]
    assert set(change) == {"change_id", "entity", "entity_id", "op", "version", "changed_at",
                           "data"}  # fmt: skip
    assert change["op"] == "upsert" and change["data"]["code"] == "S000000"


def test_export_package_writes_the_submissions_and_a_manifest_and_keeps_rows_pending(db, tmp_path):
    add_students(db, 30)
    key = district_key(db)
    out = tmp_path / "usb" / "goi.zip"
    summary = export_package(db, out, school_code=SCHOOL, max_changes=10)
    assert (summary.submissions, summary.changes) == (4, 31)
    with unsealed(out, key) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["format"] == "songmay-package" and manifest["version"] == 2
        assert manifest["school_code"] == SCHOOL
        assert manifest["client_id"] == outbox.sync_state(db).client_id
        change_ids = []
        for entry in manifest["submissions"]:
            raw = archive.read(entry["file"])
            assert hashlib.sha256(raw).hexdigest() == entry["sha256"]
            body = json.loads(raw)
            assert body["submission_id"] == entry["idempotency_key"]
            assert len(body["changes"]) == entry["changes"]
            change_ids += [c["change_id"] for c in body["changes"]]
    assert next(e["file"] for e in manifest["submissions"]) == "submissions/0001.json"
    assert sorted(change_ids) == sorted(r[0] for r in db.execute("SELECT change_id FROM outbox"))
    assert outbox.outbox_counts(db)["pending"] == 31
    assert [p.name for p in out.parent.iterdir()] == ["goi.zip"]  # no temporary file left


def test_a_package_carries_a_submission_in_flight_under_its_own_key(db, tmp_path):
    add_students(db, 3)
    page = next(outbox.unassigned_pages(db))
    outbox.assign_submission(db, "in-flight", [c.seq for c in page[:2]])
    key = district_key(db)
    export_package(db, tmp_path / "p.zip", school_code=SCHOOL)
    with unsealed(tmp_path / "p.zip", key) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    keys = [(e["idempotency_key"], e["changes"]) for e in manifest["submissions"]]
    assert keys[0] == ("in-flight", 2) and keys[1][1] == 2
