"""What the window's Đồng bộ page reads besides the counts: a refused change's action and student
(to open the record), a decision's student name, and whether the server answers at all."""

from __future__ import annotations

import socket

import pytest
from test_client_support import add_students

from desktop_app.core.reviews import apply_decisions, received_decisions
from desktop_app.core.store import outbox
from desktop_app.core.store.outbox import ChangeResult
from sync.health import server_answers


def _refuse_everything(db):
    page = next(outbox.unassigned_pages(db))
    outbox.assign_submission(db, "s", [c.seq for c in page])
    outbox.mark_results(db, "s", [ChangeResult(c.change_id, "rejected", "x", "y") for c in page])
    return page


def test_a_refused_change_says_what_the_clerk_did_and_which_student_it_belongs_to(db, tmp_path):
    from builders import fill_needs_and_devices

    fill_needs_and_devices(db, tmp_path, count=1)
    _refuse_everything(db)
    refused = {r.entity: r for r in outbox.refused_changes(db)}
    student_id = db.execute("SELECT id FROM students").fetchone()[0]
    device_id = db.execute("SELECT id FROM devices").fetchone()[0]
    assert (refused["student"].op, refused["student"].student_id) == ("insert", student_id)
    assert (refused["need"].op, refused["need"].student_id) == ("insert", student_id)
    assert refused["need"].label.startswith("HS000001 — Học Sinh A")
    assert (refused["device"].entity_id, refused["device"].student_id) == (device_id, None)


def test_a_refused_edit_and_delete_say_so(db):
    from test_client_support import edit

    (row,) = add_students(db, 1)
    _refuse_everything(db)
    edit(db, "student", "students", row["id"], full_name="Lò Văn Sáng Mới")
    _refuse_everything(db)
    ops = [r.op for r in outbox.refused_changes(db) if r.entity == "student"]
    assert ops == ["insert", "update"]


def test_a_received_decision_names_the_student_when_known_here(db, tmp_path):
    from builders import fill_needs_and_devices

    fill_needs_and_devices(db, tmp_path, count=1, approved=False)
    apply_decisions(db, [
        {"cursor": 1, "student_code": "HS000001", "decision": "returned", "comment": "Sai lớp"},
        {"cursor": 2, "student_code": "KHONGCO", "decision": "approved"},
    ], 2)  # fmt: skip
    newest, oldest = received_decisions(db)
    assert (oldest.student_code, oldest.full_name) == ("HS000001", "Học Sinh A")
    assert oldest.student_id == db.execute("SELECT id FROM students").fetchone()[0]
    assert (newest.student_code, newest.full_name, newest.student_id) == ("KHONGCO", None, None)


def test_the_health_probe_is_true_only_while_the_server_answers(sync_server):
    assert server_answers(sync_server.url, timeout=2)
    sync_server.fail_next(status=503, path="/api/v1/health")
    assert not server_answers(sync_server.url, timeout=2)
    sync_server.stop()
    assert not server_answers(sync_server.url, timeout=2)


@pytest.mark.parametrize("endpoint", ["http://127.0.0.1:{port}", "http://[::1:{port}", "nonsense"])
def test_the_health_probe_never_raises(endpoint):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert server_answers(endpoint.format(port=port), timeout=1) is False
