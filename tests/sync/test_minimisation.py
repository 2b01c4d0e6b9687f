"""Minimisation and the consent gate (issue 14): only the fields the district needs leave the
school — over HTTP on loopback to the project's own server, and in the USB package — and a student
without recorded consent goes without name or birth date."""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
import requests
from server_helpers import change, new_id, submission
from test_client_support import (
    FAST,
    PASSWORD,
    SCHOOL,
    USER,
    client_for,
    edit,
    memory_keyring,
    student,
)

from desktop_app.core.store import outbox
from desktop_app.core.store.changes import TABLES, ChangeSet
from desktop_app.core.store.database import write_transaction
from sync import protocol, sealing
from sync.package import export_package
from sync.server.cli import openapi_document
from sync.server.keys import server_key
from sync.server.packages import import_package
from sync.transport import Transport

# Values planted in the school's records that must never leave it.
PLANTED = {
    "citizen_id": "079212345678",
    "phone": "0912-PLANTED-678",
    "address": "Thôn PLANTED-Địa-Chỉ, xã Ea Tu",
    "guardian_name": "Bà PLANTED Giám Hộ",
    "ethnicity": "PLANTED-DAN-TOC",
    "name_key": "planted-name-key",
    "sort_key": "planted-sort-key",
    "consent_ref": "PLANTED-PHIEU-77",
}
NEED_PLANTED = {"poverty_cert_no": "HN-PLANTED-4242", "note": "PLANTED need note"}
HANDOVER_PLANTED = {
    "receiver_name": "Ông PLANTED Người Nhận",
    "receiver_citizen_id": "079298765432",
    "receiver_address": "PLANTED receiver address",
    "note": "PLANTED handover note",
}
ALL_PLANTED = [*PLANTED.values(), *NEED_PLANTED.values(), *HANDOVER_PLANTED.values()]
NAME = "Hờ Thị Planted-Tên"
BIRTH = "2011-07-19"


@pytest.fixture
def server(sync_server):
    sync_server.add_school(SCHOOL, USER, PASSWORD, name="Trường THCS Ea Tu")
    return sync_server


class RecordingSession(requests.Session):
    """A real session that keeps every request body it sends, un-gzipped."""

    def __init__(self) -> None:
        super().__init__()
        self.bodies: list[bytes] = []

    def request(self, method, url, *args, **kwargs):  # type: ignore[override]
        data = kwargs.get("data")
        if isinstance(data, bytes):
            headers = kwargs.get("headers") or {}
            gzipped = headers.get("Content-Encoding") == "gzip" or data[:2] == b"\x1f\x8b"
            self.bodies.append(gzip.decompress(data) if gzipped else data)
        return super().request(method, url, *args, **kwargs)


def add_planted_school(db: Any, *, consent: str | None = "2025-08-20") -> dict[str, Any]:
    """A student with every personal field filled, their need and a handover of a device."""
    changes = ChangeSet(source="test")
    pupil = changes.insert("student", {**student("HS-PLANT", NAME), "birth_date": BIRTH, "grade": 6,
                                       **PLANTED, "consent_date": consent,
                                       "consent_method": "paper_form"})  # fmt: skip
    changes.insert("need", {"student_id": pupil["id"], "survey_round": "2025", "category": 2,
                            "requested_device": "laptop", **NEED_PLANTED})  # fmt: skip
    donor = changes.insert("donor", {"name": "Công ty Sóng", "name_key": "cong ty song"})
    batch = changes.insert("donation_batch", {"code": "D1", "source": "4.8.3.1",
                                              "donor_id": donor["id"],
                                              "received_date": "2025-08-01"})  # fmt: skip
    device = changes.insert("device", {"batch_id": batch["id"], "device_type": "laptop",
                                       "brand": "Dell", "model": "3420", "serial": "SN-1",
                                       "condition": "new"})  # fmt: skip
    changes.insert("handover", {"device_id": device["id"], "student_id": pupil["id"],
                                "event_date": "2025-09-05", "receiver_role": "parent", "kind": "handover",
                                "minutes_no": 7, **HANDOVER_PLANTED})  # fmt: skip
    with write_transaction(db):
        changes.apply(db.conn)
    return pupil


def store_bytes(server: Any) -> bytes:
    """Every byte of the server's store: the database file and its write-ahead log."""
    files = sorted(Path(server.data_dir).glob("server.sqlite3*"))
    assert files
    return b"".join(path.read_bytes() for path in files)


def server_student(server: Any, code: str) -> dict[str, Any]:
    with sqlite3.connect(Path(server.data_dir) / "server.sqlite3") as conn:
        (data,) = conn.execute(
            "SELECT data FROM records WHERE entity = 'student' AND json_extract(data, '$.code') = ?",
            [code],
        ).fetchone()
    result: dict[str, Any] = json.loads(data)
    return result


def stored_changes(server: Any) -> str:
    with sqlite3.connect(Path(server.data_dir) / "server.sqlite3") as conn:
        return "\n".join(row[0] for row in conn.execute("SELECT change FROM submission_changes"))


def recording_client(server: Any) -> tuple[Any, RecordingSession]:
    session = RecordingSession()
    transport = Transport(server.url, session=session, retry=FAST.retry)
    return client_for(server.url, transport=transport), session


def test_no_school_only_value_is_sent_nor_stored_and_the_district_figures_stay_right(db, server):
    add_planted_school(db)
    client, session = recording_client(server)
    report = client.run(db)
    assert report.ok and (report.accepted, report.rejected) == (7, 0), outbox.refused_changes(db)
    sent = b"\n".join(session.bodies)
    assert b'"changes"' in sent and NAME.encode() in sent  # really the submissions, consented
    stored = store_bytes(server)
    for value in ALL_PLANTED:
        assert value.encode() not in sent, value
        assert value.encode() not in stored, value
    record = server_student(server, "HS-PLANT")
    assert set(record) == set(protocol.SENT_FIELDS["student"])
    assert (record["full_name"], record["birth_date"]) == (NAME, BIRTH)
    # The journal (the local audit log) keeps the full record.
    journal = "\n".join(r[0] for r in db.execute("SELECT data FROM outbox"))
    assert PLANTED["citizen_id"] in journal and NEED_PLANTED["poverty_cert_no"] in journal
    # What the district's reviewer sees: the counts, and a decision on the student's need.
    assert server.stats(SCHOOL) == {"school": SCHOOL, "students": 1, "needs": 1, "devices": 1,
                                    "handovers": 1, "changes_applied": 7}  # fmt: skip
    decision = server.review(SCHOOL, "HS-PLANT", approve=True)
    assert decision["need_id"] is not None


def test_consent_gate_minimal_then_full_then_minimal_again_on_the_server(db, server):
    pupil = add_planted_school(db, consent=None)
    client, session = recording_client(server)
    assert client.run(db).ok
    sent = b"\n".join(session.bodies)
    assert NAME.encode() not in sent and BIRTH.encode() not in sent
    record = server_student(server, "HS-PLANT")
    assert set(record) == set(protocol.STUDENT_WITHOUT_CONSENT)
    assert record["class_name"] == "6A" and record["consent_date"] is None
    assert NAME.encode() not in store_bytes(server)
    assert server.stats(SCHOOL)["students"] == 1  # counted all the same
    assert server.review(SCHOOL, "HS-PLANT", approve=True)["need_id"] is not None

    edit(db, "student", "students", pupil["id"], consent_date="2025-09-10")
    assert client.run(db).ok
    record = server_student(server, "HS-PLANT")
    assert (record["full_name"], record["birth_date"]) == (NAME, BIRTH)

    edit(db, "student", "students", pupil["id"], consent_date=None)  # withdrawn
    assert client.run(db).ok
    record = server_student(server, "HS-PLANT")
    assert "full_name" not in record and "birth_date" not in record
    assert set(record) == set(protocol.STUDENT_WITHOUT_CONSENT)
    # Nor in the changes the server keeps of that student.
    assert NAME not in stored_changes(server) and BIRTH not in stored_changes(server)
    assert server.stats(SCHOOL)["students"] == 1


def test_the_usb_package_carries_no_school_only_field_and_imports_minimised(db, server, tmp_path):
    add_planted_school(db)
    quiet = ChangeSet(source="test")  # a student without consent
    quiet.insert("student", {**student("HS-QUIET", "Tráng A Planted-Không"), "consent_date": None})
    with write_transaction(db):
        quiet.apply(db.conn)
    out = tmp_path / "usb" / "goi.zip"
    with memory_keyring():
        client_for(server.url).exchange_keys(db)
        summary = export_package(db, out, school_code=SCHOOL)
    assert summary.changes == 8
    raw = out.read_bytes()
    # What the district server reads once it has opened the sealed package.
    inner = sealing.open_sealed(sealing.split(raw), server_key(server.data_dir))
    with zipfile.ZipFile(io.BytesIO(inner)) as archive:
        members = b"\n".join(archive.read(name) for name in archive.namelist())
    assert NAME.encode() in members  # the consented student, in full
    for value in [*ALL_PLANTED, "Tráng A Planted-Không"]:
        assert value.encode() not in members, value
        assert value.encode() not in raw, value
    import_package(server.store, out)
    assert server.stats(SCHOOL)["students"] == 2
    assert "full_name" not in server_student(server, "HS-QUIET")
    for value in ALL_PLANTED:
        assert value.encode() not in store_bytes(server), value


def test_the_server_drops_school_only_fields_and_refuses_unknown_ones(server, school_api):
    api = school_api(SCHOOL)
    old_client = change("student", code="HS-OLD", citizen_id=PLANTED["citizen_id"],
                        phone=PLANTED["phone"], name_key=PLANTED["name_key"])  # fmt: skip
    unknown = change("student", code="HS-ODD", religion="PLANTED-TON-GIAO")
    no_consent = change("student", code="HS-NOC", full_name=NAME, consent_date=None)
    device = change("device")
    results = api.send([old_client, unknown, no_consent, device])
    assert [(r["status"], r["code"]) for r in results] == [
        ("accepted", None), ("rejected", "field_not_allowed"), ("accepted", None),
        ("accepted", None),
    ]  # fmt: skip
    assert "religion" in results[1]["message"]
    stored = store_bytes(server)
    for value in (PLANTED["citizen_id"], PLANTED["phone"], PLANTED["name_key"],
                  "PLANTED-TON-GIAO", NAME):  # fmt: skip
        assert value.encode() not in stored, value
    assert server_student(server, "HS-OLD")["full_name"] == "Nguyễn Văn An"
    assert "full_name" not in server_student(server, "HS-NOC")
    assert server.stats(SCHOOL)["students"] == 2


def test_an_older_clients_full_submission_and_its_minimised_resend_are_the_same(server,
                                                                                 school_api):  # fmt: skip
    api = school_api(SCHOOL)
    full = change("student", code="HS-UPG", citizen_id=PLANTED["citizen_id"])
    body = submission(SCHOOL, [full])
    key = new_id()
    first = api.submit(body, key)
    minimised = {
        **body,
        "changes": [{**full, "data": protocol.district_view("student", full["data"])}],
    }
    again = api.submit(minimised, key)
    assert (first.status_code, again.status_code) == (202, 202), again.text
    assert first.json() == again.json()
    assert api.submit({**body, "changes": [change("device")]}, key).status_code == 422


def test_every_column_of_every_table_is_declared_sent_or_kept_at_the_school(db):
    for entity, table in TABLES.items():
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        sent, kept = set(protocol.SENT_FIELDS[entity]), set(protocol.SCHOOL_ONLY_FIELDS[entity])
        assert not sent & kept, entity
        assert columns == sent | kept, (entity, columns ^ (sent | kept))
    assert set(protocol.STUDENT_WITHOUT_CONSENT) < set(protocol.SENT_FIELDS["student"])
    assert {"full_name", "birth_date"}.isdisjoint(protocol.STUDENT_WITHOUT_CONSENT)


def test_the_published_openapi_lists_each_entitys_allowed_fields():
    schemas = json.loads(openapi_document())["components"]["schemas"]
    for entity, fields in protocol.SENT_FIELDS.items():
        model = schemas[protocol.record_schema_name(entity)]
        assert list(model["properties"]) == list(fields)
        assert model["additionalProperties"] is False
    assert "citizen_id" not in json.dumps(schemas["StudentData"]["properties"])


def test_a_server_upgraded_from_before_minimisation_forgets_what_it_should_never_have_held(
    tmp_path,
):
    import sqlite3

    from sync.server.migrations import SQLITE_MIGRATIONS
    from sync.server.store import Store

    store = Store(tmp_path / "server.sqlite3")
    with sqlite3.connect(store.path) as raw:  # the schema of a server of the previous version
        for statement in (s for version in SQLITE_MIGRATIONS[:2] for s in version):
            raw.execute(statement)
        raw.execute("PRAGMA user_version = 2")
    consented = {"id": "s1", "code": "HS-1", "full_name": NAME, "birth_date": "2012-05-01",
                 "consent_date": "2025-09-15", "citizen_id": PLANTED["citizen_id"],
                 "phone": PLANTED["phone"]}  # fmt: skip
    quiet = {"id": "s2", "code": "HS-2", "full_name": "Tráng A Planted-Không",
             "birth_date": "2012-06-02", "address": PLANTED["address"]}  # fmt: skip
    now = "2025-09-16T00:00:00+00:00"
    with store.transaction() as conn:  # what a server of the previous version stored
        conn.execute("INSERT INTO schools (code, name, created_at, updated_at) VALUES (?,?,?,?)",
                     (SCHOOL, "Trường", now, now))  # fmt: skip
        conn.execute(
            "INSERT INTO submissions (submission_id, school_code, idempotency_key, fingerprint,"
            " client_id, created_at, received_at, source, status, response)"
            " VALUES ('sub-1', ?, 'k', 'f', 'c', ?, ?, 'http', 'done', '{}')",
            (SCHOOL, now, now),
        )
        for position, record in enumerate((consented, quiet)):
            conn.execute(
                "INSERT INTO records (school_code, entity, entity_id, version, data, change_id,"
                " updated_at) VALUES (?, 'student', ?, 1, ?, ?, ?)",
                (SCHOOL, record["id"], json.dumps(record), f"ch-{position}", now))  # fmt: skip
            change = {
                "change_id": f"ch-{position}",
                "entity": "student",
                "entity_id": record["id"],
                "op": "upsert",
                "version": 1,
                "data": record,
            }
            conn.execute("INSERT INTO submission_changes VALUES (1, ?, ?, ?)",
                         (position, f"ch-{position}", json.dumps(change)))  # fmt: skip
    store.initialize()  # the upgrade
    with store.transaction() as conn:
        records = {r[0]: json.loads(r[1]) for r in conn.execute(
            "SELECT entity_id, data FROM records")}  # fmt: skip
        changes = [json.loads(r[0])["data"] for r in conn.execute(
            "SELECT change FROM submission_changes ORDER BY position")]  # fmt: skip
    assert records["s1"] == changes[0] == {k: consented[k] for k in (
        "id", "code", "full_name", "birth_date", "consent_date")}  # fmt: skip
    assert records["s2"] == changes[1] == {"id": "s2", "code": "HS-2"}
