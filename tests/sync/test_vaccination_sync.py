"""Vaccination records through sync to the reference server (real HTTP on loopback, SQLite and
PostgreSQL): the district receives and keeps the dose facts only (never the lot number, the
facility, the notes), corrections and cancellations supersede on the server as at the school, a
refused dose never holds back the rest of its submission, and an erased student's vaccination
records are purged of whatever personal detail the server held."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from server_helpers import both_backends, change
from test_client_support import PASSWORD, SCHOOL, USER, client_for, student
from test_minimisation import recording_client

from desktop_app.core.erasure import Selection, erase_students, plan_erasure
from desktop_app.core.rules.retention import pseudonym
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction
from desktop_app.core.vaccinations.checks import DoseRequest
from desktop_app.core.vaccinations.coverage import coverage
from desktop_app.core.vaccinations.service import correct_dose, record_doses, void_dose
from sync import protocol

server_backend = both_backends

LOT, FACILITY, NOTE = "LOT-PLANTED-4242", "Trạm Y tế PLANTED Ea Tu", "Ghi chú PLANTED sốt nhẹ"
PLANTED = (LOT, FACILITY, NOTE)


@pytest.fixture
def server(sync_server):
    sync_server.add_school(SCHOOL, USER, PASSWORD, name="Trường THCS Ea Tu")
    return sync_server


def dose(
    code: str, number: int, day: date, vaccine: str = "comirnaty", **extra: Any
) -> DoseRequest:
    return DoseRequest(code, number, day, vaccine, "school", **extra)


def stored(server: Any, entity: str = "vaccination") -> dict[str, dict[str, Any]]:
    """The server's live records of ``entity``, by id (read through its own store: any backend)."""
    with server.store.connect() as conn:
        rows = conn.execute(
            "SELECT entity_id, data FROM records WHERE entity = ? AND deleted = 0", (entity,)
        ).fetchall()
    return {row["entity_id"]: json.loads(row["data"]) for row in rows}


def stored_changes(server: Any) -> str:
    with server.store.connect() as conn:
        return "\n".join(r["change"] for r in conn.execute("SELECT change FROM submission_changes"))


def board_counts(server: Any, school: str = SCHOOL) -> dict[int, tuple[int, ...]]:
    """The school's figures as the worker left them for the console: by grade, students, at
    least 1, 2, 3 doses, late doses."""
    with server.store.connect() as conn:
        (text,) = conn.execute(
            "SELECT vaccinations FROM school_board WHERE school_code = ?", (school,)
        ).fetchone()
    return {int(grade): tuple(values) for grade, values in json.loads(text).items()}


def school(db: Any) -> dict[str, str]:
    """Three students of grade 6 (S000000–S000002, born 2010-01-01); S000000 has doses 1 and 2
    recorded on time, S000001 dose 1 recorded 40 days late, S000002 none. Their ids by code."""
    changes = ChangeSet(source="test")
    rows = [changes.insert("student", student(f"S{n:06d}", grade=6)) for n in range(3)]
    with write_transaction(db):
        changes.apply(db.conn)
    recorded = [
        record_doses(db, [dose("S000000", 1, date(2022, 3, 1), lot_no=LOT, facility=FACILITY,
                                note=NOTE)], today=date(2022, 3, 2)),
        record_doses(db, [dose("S000000", 2, date(2022, 3, 29), lot_no=LOT, facility=FACILITY)],
                     today=date(2022, 3, 29)),
        record_doses(db, [dose("S000001", 1, date(2022, 3, 1), note=NOTE)],
                     today=date(2022, 4, 10)),
    ]  # fmt: skip
    assert all(r.saved for r in recorded)
    return {row["code"]: row["id"] for row in rows}


def test_doses_reach_the_server_as_dose_facts_only_and_corrections_supersede_there(db, server):
    ids = school(db)
    client, session = recording_client(server)
    report = client.run(db)
    assert report.ok and report.rejected == 0
    sent = b"\n".join(session.bodies)
    wire = [c for body in session.bodies for c in json.loads(body).get("changes", [])
            if c["entity"] == "vaccination"]  # fmt: skip
    assert len(wire) == 3 and all(set(c["data"]) == set(protocol.SENT_FIELDS["vaccination"])
                                  for c in wire)  # fmt: skip
    held = stored(server)
    assert len(held) == 3
    assert all(set(r) == set(protocol.SENT_FIELDS["vaccination"]) for r in held.values())
    for value in PLANTED:
        assert value.encode() not in sent and value not in stored_changes(server), value
        assert value not in json.dumps(held, ensure_ascii=False), value
    # What the district counts (from the records above): 3 students, 2 with ≥1 dose, 1 with ≥2,
    # one dose recorded late.
    assert board_counts(server) == {6: (3, 2, 1, 0, 1)}

    first = next(i for i, r in held.items() if r["student_id"] == ids["S000001"])
    second = next(i for i, r in held.items()
                  if r["student_id"] == ids["S000000"] and r["dose_no"] == 2)  # fmt: skip
    fixed = correct_dose(db, first, dose("S000001", 1, date(2022, 3, 3), "spikevax", note=NOTE),
                         today=date(2022, 4, 11))  # fmt: skip
    assert fixed.ok, fixed.findings
    assert void_dose(db, second, today=date(2022, 4, 11), note=NOTE) == []
    assert client.run(db).ok
    held = stored(server)
    assert len(held) == 5
    correction = held[str(fixed.record_id)]
    assert (correction["supersedes"], correction["vaccine"], correction["kind"]) == (
        first, "spikevax", "dose")  # fmt: skip
    (void,) = [r for r in held.values() if r["kind"] == "void"]
    assert void["supersedes"] == second and "note" not in void
    # S000000 is back to one dose; S000001's dose is the corrected one, still recorded late.
    assert board_counts(server) == {6: (3, 2, 0, 0, 1)}
    school_total = coverage(db.conn).total
    assert (school_total.students, *school_total.at_least.values()) == (3, 2, 0, 0)


def test_a_dose_without_its_number_is_refused_in_vietnamese_and_the_rest_is_accepted(
    server, school_api
):
    api = school_api("66002")
    pupil = change("student", code="HS-V1", grade=7, class_name="7A")
    good = change(
        "vaccination",
        student_id=pupil["entity_id"],
        kind="dose",
        dose_no=1,
        vaccinated_on="2022-03-01",
        vaccine="comirnaty",
        place="school",
        recorded_on="2022-03-01",
        late=0,
        lot_no=LOT,
    )  # an older client sent it
    bad = change("vaccination", student_id=pupil["entity_id"], kind="dose",
                 vaccinated_on="2022-03-29", vaccine="comirnaty", place="school",
                 recorded_on="2022-03-29", late=0)  # fmt: skip
    # A date no client of ours writes: stored as sent, left out of the figures, never a failure.
    odd = change("vaccination", student_id=pupil["entity_id"], kind="dose", dose_no=2,
                 vaccinated_on="29/03/2022", vaccine="comirnaty", place="school")  # fmt: skip
    results = api.send([pupil, good, bad, odd])
    assert [r["status"] for r in results] == ["accepted", "accepted", "rejected", "accepted"]
    assert results[2]["code"] == "missing_field"
    assert results[2]["message"] == (
        "Hồ sơ tiêm vắc-xin thiếu thông tin bắt buộc “Mũi tiêm số”. Hãy bổ sung rồi đồng bộ lại."
    )
    held = stored(server)
    assert sorted(held) == sorted([good["entity_id"], odd["entity_id"]])
    assert "lot_no" not in held[good["entity_id"]] and LOT not in stored_changes(server)
    assert board_counts(server, "66002") == {7: (1, 1, 0, 0, 0)}  # the good dose only


def plant_on_server(server: Any, student_id: str) -> None:
    """What a server may still hold of a student's doses from before minimisation (an older
    client, an older server): the lot, the facility and a note, in the records and the stored
    changes."""
    extra = {"lot_no": LOT, "facility": FACILITY, "note": NOTE}
    with server.store.transaction() as conn:
        for entity_id, data in stored(server).items():
            if data["student_id"] == student_id:
                conn.execute("UPDATE records SET data = ? WHERE entity = 'vaccination'"
                             " AND entity_id = ?", (json.dumps({**data, **extra}), entity_id))  # fmt: skip
        for row in conn.execute(
            "SELECT submission_seq, position, change FROM submission_changes"
        ).fetchall():
            change = json.loads(row["change"])
            if change["entity"] == "vaccination" and change["data"]["student_id"] == student_id:
                change["data"].update(extra)
                conn.execute("UPDATE submission_changes SET change = ? WHERE submission_seq = ?"
                             " AND position = ?",
                             (json.dumps(change), row["submission_seq"], row["position"]))  # fmt: skip


def test_erasing_a_student_purges_their_doses_details_on_the_server_and_keeps_the_figures(
    db, server
):
    ids = school(db)
    assert client_for(server.url).run(db).ok
    plant_on_server(server, ids["S000000"])
    assert all(v in json.dumps(stored(server), ensure_ascii=False) for v in PLANTED)
    assert LOT in stored_changes(server)
    figures = board_counts(server)
    plan = plan_erasure(db, Selection(codes=("S000000",)), today=date(2026, 12, 1))
    assert plan.vaccinations == 2
    erase_students(db, plan, backups=False)
    report = client_for(server.url).run(db)
    assert report.ok and (report.sent, report.accepted) == (1, 1)
    held = stored(server)
    mine = sorted((r for r in held.values() if r["student_id"] == ids["S000000"]),
                  key=lambda r: r["dose_no"])  # fmt: skip
    assert [(r["dose_no"], r["vaccinated_on"], r["vaccine"]) for r in mine] == [
        (1, "2022-03-01", "comirnaty"), (2, "2022-03-29", "comirnaty")]  # fmt: skip
    assert all(r.get(f) is None for r in mine for f in ("lot_no", "facility", "note"))
    text = json.dumps(held, ensure_ascii=False) + stored_changes(server)
    assert [v for v in PLANTED if v in text] == []
    assert board_counts(server) == figures
    assert stored(server, "student")[ids["S000000"]]["code"] == pseudonym(ids["S000000"])
