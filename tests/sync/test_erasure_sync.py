"""An erasure is a change like any other: sync sends it, and the reference server (real HTTP on
loopback) purges its copies — the stored records and the stored raw changes — so no planted value
is left in any byte of its file, while its counts stay the same."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest
from test_client_support import PASSWORD, SCHOOL, USER, client_for
from test_erasure import (
    NAME,
    _edit,
    file_bytes,
    found,
    school_with_planted_child,
)

from desktop_app.core.erasure import Selection, erase_students, plan_erasure
from desktop_app.core.rules.retention import ERASED_NAME, pseudonym


@pytest.fixture
def server(sync_server):
    sync_server.add_school(SCHOOL, USER, PASSWORD, name="Trường THCS Ea Tu")
    return sync_server


def test_the_server_purges_an_erased_child_from_its_records_and_stored_changes(
    db, tmp_path, server
):
    sid = school_with_planted_child(db, tmp_path)
    _edit(db, "student", "students", sid, consent_date="2022-01-05")  # the name may go
    assert client_for(server.url).run(db).ok
    store = server.data_dir / "server.sqlite3"
    stats = server.stats(SCHOOL)
    # The server really holds the names it is sent; the school-only values never reached it.
    assert found(file_bytes(store)) == [NAME]  # the old name went before consent: never sent
    assert b"HS000001" in file_bytes(store)
    plan = plan_erasure(db, Selection(codes=("HS000001",)), today=date(2026, 12, 1))
    erase_students(db, plan, backups=False)
    report = client_for(server.url).run(db)
    assert report.ok and (report.sent, report.accepted) == (1, 1)
    assert found(file_bytes(store)) == []
    assert server.stats(SCHOOL) == {**stats, "changes_applied": stats["changes_applied"] + 1}
    conn = sqlite3.connect(store)
    try:
        (data,) = conn.execute("SELECT data FROM records WHERE entity = 'student'"
                               " AND entity_id = ?", [sid]).fetchone()  # fmt: skip
        changes = [json.loads(c) for (c,) in conn.execute("SELECT change FROM submission_changes")]
    finally:
        conn.close()
    record = json.loads(data)
    assert (record["full_name"], record["code"]) == (ERASED_NAME, pseudonym(sid))
    assert not {"citizen_id", "phone"} & set(record)  # never sent in the first place
    assert record["class_name"] == "6A1"
    assert "HS000001" not in json.dumps(changes, ensure_ascii=False)
    again = client_for(server.url).run(db)
    assert again.ok and again.sent == 0


def test_every_field_the_school_erases_the_server_erases_too_or_never_receives():
    from desktop_app.core.rules.retention import PERSONAL_FIELDS as SCHOOL_ERASES
    from sync.protocol import SENT_FIELDS
    from sync.server.processing import PERSONAL_FIELDS as SERVER_ERASES

    for entity, fields in SCHOOL_ERASES.items():
        sent = set(SENT_FIELDS[entity])
        left_on_server = {f for f in fields if f in sent and f not in SERVER_ERASES[entity]}
        assert left_on_server == set(), entity
