"""The console's data layer on a real server (SQLite and PostgreSQL): the board's figures against
counts made here from what the school sent, decisions and "chốt duyệt", scope, deadlines."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from sync.server import accounts
from sync.server.console import board, deadlines, figures, review, scope
from sync.server.console.model import Viewer
from sync.server.errors import BadRequest, Conflict, NotFound
from sync.server.testing import ServerThread
from tests.sync.server_helpers import PASSWORD, SchoolApi, both_backends, change, login

server_backend = both_backends

TODAY = date.today()
RECEIVED = TODAY - timedelta(days=10)
ROUND = "2026-H2"


def _setup(server: ServerThread) -> dict[str, Any]:
    store = server.store
    accounts.add_unit(store, "P66", name="Sở GD&ĐT Đắk Lắk")
    accounts.add_unit(store, "D1", name="Phòng GD&ĐT huyện Krông Bông", parent="P66")
    accounts.add_unit(store, "D2", name="Phòng GD&ĐT huyện Lắk", parent="P66")
    from sync.server import auth

    auth.add_school(store, "S1", name="Trường THCS Lê Lợi", username="clerk", password=PASSWORD,
                    unit="D1", level="THCS")  # fmt: skip
    auth.add_school(store, "S2", name="Trường THCS Yang Mao", username="clerk", password=PASSWORD,
                    unit="D2", level="THCS")  # fmt: skip
    accounts.add_user(store, "lan", full_name="Nguyễn Thị Lan", role="reviewer", unit="D1",
                      password=PASSWORD, level="THCS")  # fmt: skip
    accounts.add_user(store, "so", full_name="Trần Văn Sở", role="admin", unit="P66",
                      password=PASSWORD)  # fmt: skip
    token = login(server.url, "S1").json()["access_token"]
    return {"api": SchoolApi(server.url, "S1", token), "store": store}


STUDENTS = [  # code, grade, category, requested device
    ("HS1", 6, 1, "laptop"),
    ("HS2", 6, 2, "tablet"),
    ("HS3", 7, 1, "laptop"),
]


def _send_school(api: SchoolApi) -> dict[str, str]:
    changes, ids = [], {}
    for code, grade, category, device in STUDENTS:
        student = change("student", code=code, full_name=f"Học sinh {code}", grade=grade,
                         class_name=f"{grade}A")  # fmt: skip
        ids[code] = student["entity_id"]
        need = change("need", student_id=student["entity_id"], survey_round=ROUND,
                      category=category, requested_device=device, has_device=0,
                      status="proposed")  # fmt: skip
        ids[f"need:{code}"] = need["entity_id"]
        changes += [student, need]
    donor = change("donor", name="Công ty Ánh Dương", donor_type="company")
    batch = change("donation_batch", code="DOT-1", source="other", donor_id=donor["entity_id"],
                   received_date=RECEIVED.isoformat())  # fmt: skip
    devices = [change("device", batch_id=batch["entity_id"], device_type="laptop")
               for _ in range(3)]  # fmt: skip
    handover = change("handover", device_id=devices[0]["entity_id"], student_id=ids["HS1"],
                      kind="handover", event_date=(RECEIVED + timedelta(days=2)).isoformat(),
                      recorded_on=(RECEIVED + timedelta(days=4)).isoformat(), late=1)  # fmt: skip
    results = api.send([*changes, donor, batch, *devices, handover])
    assert all(r["status"] == "accepted" for r in results), results
    return ids


def _viewer(server: ServerThread, username: str) -> Viewer:
    with server.store.connect() as conn:
        return scope.load_viewer(conn, username)


def _row(server: ServerThread, viewer: Viewer, code: str) -> Any:
    return next(r for r in board.school_board(server.store, viewer) if r.code == code)


def test_board_counts_what_the_school_sent_and_follows_decisions(sync_server: ServerThread) -> None:
    setup = _setup(sync_server)
    _send_school(setup["api"])
    lan = _viewer(sync_server, "lan")
    assert [r.code for r in board.school_board(sync_server.store, lan)] == ["S1"]
    row = _row(sync_server, lan, "S1")
    assert (row.students, row.needs, row.waiting, row.approved, row.returned) == (3, 3, 3, 0, 0)
    assert (row.devices, row.handed_over, row.late_updates) == (3, 1, 1)
    assert row.last_sync_source == "http" and row.last_sync_at
    assert row.oldest_unhanded_receipt == RECEIVED and row.handover_overdue(TODAY)
    assert not row.handover_overdue(RECEIVED + timedelta(days=5))

    assert review.decide(sync_server.store, lan, "S1", ["HS1", "HS2"], approve=True) == 2
    with pytest.raises(BadRequest):  # a return says why
        review.decide(sync_server.store, lan, "S1", ["HS3"], approve=False)
    review.decide(sync_server.store, lan, "S1", ["HS3"], approve=False, comment="Thiếu giấy")
    row = _row(sync_server, lan, "S1")
    assert (row.waiting, row.approved, row.returned) == (0, 2, 1)
    # the decisions reach the school as before
    decided = setup["api"].feedback().json()["decisions"]
    assert {(d["student_code"], d["decision"], d["reviewer"]) for d in decided} == {
        ("HS1", "approved", "lan"),
        ("HS2", "approved", "lan"),
        ("HS3", "returned", "lan"),
    }

    # the 4.8.2 figures: approved needs only, by grade, category and device
    counts = {(c.grade, c.category, c.requested_device): c.count
              for c in figures.need_counts(sync_server.store, lan)}  # fmt: skip
    assert counts == {(6, 1, "laptop"): 1, (6, 2, "tablet"): 1}
    (receipt,) = figures.receipt_lines(sync_server.store, lan)
    assert (receipt.donor, receipt.batches, receipt.devices, receipt.handed_over) == (
        "Công ty Ánh Dương",
        1,
        3,
        1,
    )
    (progress,) = figures.progress_lines(sync_server.store, lan)
    assert (progress.received_date, progress.handed_within_5, progress.handed_within_7) == (
        RECEIVED,
        1,
        1,
    )
    items = deadlines.deadline_items(sync_server.store, lan, TODAY)
    assert [(i.batch_code, i.deadline, i.state) for i in items] == [
        ("DOT-1", "district_report", "late")
    ]
    soon = deadlines.deadline_items(sync_server.store, lan, RECEIVED + timedelta(days=4))
    assert [i.state for i in soon] == ["soon"]
    assert deadlines.deadline_items(sync_server.store, lan, RECEIVED) == []
    province = _viewer(sync_server, "so")
    kinds = {i.deadline for i in deadlines.deadline_items(sync_server.store, province, TODAY)}
    assert kinds == {"district_report", "department_report"}


def test_lock_keeps_decisions_until_the_school_changes_one_student(
    sync_server: ServerThread,
) -> None:
    setup = _setup(sync_server)
    ids = _send_school(setup["api"])
    lan = _viewer(sync_server, "lan")
    review.decide(sync_server.store, lan, "S1", ["HS1"], approve=True)
    with pytest.raises(Conflict, match="chờ duyệt"):
        review.lock_round(sync_server.store, lan, "S1", ROUND)
    review.decide(sync_server.store, lan, "S1", ["HS2", "HS3"], approve=True)
    lock = review.lock_round(sync_server.store, lan, "S1", ROUND)
    assert lock.locked_by == "lan"
    assert _row(sync_server, lan, "S1").locked_rounds == (ROUND,)
    with pytest.raises(Conflict, match="chốt duyệt"):
        review.decide(sync_server.store, lan, "S1", ["HS2"], approve=False, comment="Sai diện")
    # the school changes HS2's need: only HS2 is open again, visibly
    setup["api"].send([change("need", ids["need:HS2"], version=2, student_id=ids["HS2"],
                              survey_round=ROUND, category=1, requested_device="tablet",
                              has_device=0, status="proposed")])  # fmt: skip
    shown = review.school_review(sync_server.store, lan, "S1")
    states = {s.code: s.state for s in shown.students}
    assert states == {"HS1": "approved", "HS2": "reopened", "HS3": "approved"}
    assert shown.lock is not None and shown.survey_round == ROUND
    assert _row(sync_server, lan, "S1").reopened == 1
    review.decide(sync_server.store, lan, "S1", ["HS2"], approve=False, comment="Sai diện")
    with pytest.raises(Conflict):  # and only HS2
        review.decide(sync_server.store, lan, "S1", ["HS1", "HS3"], approve=False, comment="x")
    history = next(s for s in review.school_review(sync_server.store, lan, "S1").students
                   if s.code == "HS2").history  # fmt: skip
    assert [(h.text, h.comment) for h in history] == [("Đã duyệt", None), ("Trả lại", "Sai diện")]
    # a handover (the need "supplied") does not reopen a decided need
    setup["api"].send([change("need", ids["need:HS1"], version=2, student_id=ids["HS1"],
                              survey_round=ROUND, category=1, requested_device="laptop",
                              has_device=0, status="supplied")])  # fmt: skip
    states = {s.code: s.state for s in review.school_review(sync_server.store, lan, "S1").students}
    assert states["HS1"] == "approved"


def test_another_districts_school_is_unknown(sync_server: ServerThread) -> None:
    setup = _setup(sync_server)
    _send_school(setup["api"])
    lan = _viewer(sync_server, "lan")
    with sync_server.store.connect() as conn, pytest.raises(NotFound):
        scope.visible_school(conn, lan, "S2")
    for action in (
        lambda: review.school_review(sync_server.store, lan, "S2"),
        lambda: review.decide(sync_server.store, lan, "S2", ["HS1"], approve=True),
        lambda: review.lock_round(sync_server.store, lan, "S2", ROUND),
    ):
        with pytest.raises(NotFound):
            action()
    province = _viewer(sync_server, "so")
    assert [r.code for r in board.school_board(sync_server.store, province)] == ["S1", "S2"]


def test_a_school_without_a_board_row_gets_one_when_read(sync_server: ServerThread) -> None:
    setup = _setup(sync_server)
    _send_school(setup["api"])
    with sync_server.store.transaction() as conn:  # as after an upgrade from an older server
        conn.execute("DELETE FROM school_board")
        conn.execute("DELETE FROM board_batches")
    lan = _viewer(sync_server, "lan")
    assert _row(sync_server, lan, "S1").needs == 3
    assert len(figures.progress_lines(sync_server.store, lan)) == 1


def test_a_value_no_client_writes_does_not_stop_the_schools_submissions(
    sync_server: ServerThread,
) -> None:
    """The figures are refreshed inside the worker's transaction: odd data from a school (a
    return reason our clients never write, a grade that is no number, a date that is no date)
    must not set the submission aside, nor the ones after it."""
    setup = _setup(sync_server)
    ids = _send_school(setup["api"])
    batch = change("donation_batch", code="DOT-2", received_date=RECEIVED.isoformat(),
                   source="other")  # fmt: skip
    device = change("device", batch_id=batch["entity_id"], device_type="laptop")
    odd = [
        batch,
        device,
        change(
            "handover",
            device_id=device["entity_id"],
            student_id=ids["HS2"],
            kind="return",
            event_date=TODAY.isoformat(),
            reason="vỡ màn hình",
        ),
        change("student", ids["HS3"], version=2, code="HS3", grade="sáu", class_name="6A"),
        change("donation_batch", code="DOT-X", received_date="31/02/2026", source="other"),
    ]
    results = setup["api"].send(odd)
    assert [r["status"] for r in results] == ["accepted"] * 5
    lan = _viewer(sync_server, "lan")
    assert _row(sync_server, lan, "S1").devices == 4
    assert [r["status"] for r in setup["api"].send([change("student", code="HS4")])] == ["accepted"]
    with sync_server.store.connect() as conn:
        assert conn.execute("SELECT count(*) FROM set_aside").fetchone()[0] == 0


def test_a_fault_in_the_figures_never_costs_the_school_its_submission(
    sync_server: ServerThread, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should refreshing the figures fail on something unforeseen, the submission is applied
    all the same and the school's figures are rebuilt when the board is next read."""
    setup = _setup(sync_server)
    _send_school(setup["api"])
    real = board.refresh_school

    def broken(conn: Any, school_code: str) -> None:
        real(conn, school_code)  # its writes are rolled back to the savepoint
        raise ValueError("unforeseen")

    monkeypatch.setattr(board, "refresh_school", broken)
    results = setup["api"].send([change("student", code="HS9", grade=6, class_name="6B")])
    assert [r["status"] for r in results] == ["accepted"]
    with sync_server.store.connect() as conn:
        assert conn.execute("SELECT count(*) FROM school_board").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM set_aside").fetchone()[0] == 0
    monkeypatch.setattr(board, "refresh_school", real)
    assert _row(sync_server, _viewer(sync_server, "lan"), "S1").students == 4
