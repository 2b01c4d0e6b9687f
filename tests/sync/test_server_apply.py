"""Applying a submission in a few set-based round trips (issue 16): the answers and the stored
records are those of applying its changes one by one — duplicates and stale versions within the
same submission, deletes, consent withdrawn, an erasure of a record written just before — and on
PostgreSQL the worker talks to the database a handful of times whatever the number of changes.
Real server on loopback, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import threading

import pytest
from server_helpers import both_backends, change, new_id

from sync.server.processing import ERASED_NAME

server_backend = both_backends  # every test with a server runs on SQLite and on PostgreSQL

NAME = "Trần Thị Thu Cúc"  # a child's name


def stored(server, entity: str, entity_id: str) -> tuple[int, dict, int]:
    with server.store.connect() as conn:
        row = conn.execute(
            "SELECT version, data, deleted FROM records WHERE school_code = '66001'"
            " AND entity = ? AND entity_id = ?", (entity, entity_id),
        ).fetchone()  # fmt: skip
    return row["version"], json.loads(row["data"]), row["deleted"]


def test_one_submission_answers_each_change_as_if_applied_one_by_one(sync_server, school_api):
    api = school_api()
    first = change("student", "s-1", full_name=NAME)
    earlier = api.send([first])
    assert earlier[0]["status"] == "accepted"
    twice = change("device", "d-1", serial="SN-1")
    results = api.send([
        first,  # a resend of a change applied by an earlier submission
        twice,
        twice,  # the same change twice in one submission
        change("device", "d-1", version=2, serial="SN-1b"),
        change("device", "d-1", version=2, serial="SN-1c"),  # stale: version 2 just applied
        change("device", "d-1", version=3, op="delete"),
        change("student", "s-1", version=2, full_name=NAME),
        change("student", "s-1", version=3, consent_date=None, full_name=None),  # withdrawn
        change("student", "s-1", version=1, full_name=NAME),  # stale against the stored one
        change("need", "n-1", student_id="s-1", category=None),  # refused
    ])  # fmt: skip
    assert [(r["status"], r["code"]) for r in results] == [
        ("duplicate", "already_applied"), ("accepted", None), ("duplicate", "already_applied"),
        ("accepted", None), ("duplicate", "stale_version"), ("accepted", None),
        ("accepted", None), ("accepted", None), ("duplicate", "stale_version"),
        ("rejected", "missing_field"),
    ]  # fmt: skip
    version, device, deleted = stored(sync_server, "device", "d-1")
    assert (version, device["serial"], deleted) == (3, "SN-1b", 1)  # a delete keeps the fields
    version, student, _ = stored(sync_server, "student", "s-1")
    assert version == 3 and NAME not in json.dumps(student, ensure_ascii=False)
    with sync_server.store.connect() as conn:  # the consent withdrawn took the name from the
        kept = [row[0] for row in conn.execute("SELECT change FROM submission_changes")]
    assert NAME not in json.dumps(kept, ensure_ascii=False)  # stored changes too
    assert sync_server.stats("66001")["changes_applied"] == 6


def test_an_erasure_erases_a_record_written_earlier_in_the_same_submission(sync_server, school_api):
    api = school_api()
    erasure = change("erasure", "s-2", code="XOA-0002")
    erasure["data"] = {"id": "s-2", "student_id": "s-2", "code": "XOA-0002"}
    results = api.send([
        change("student", "s-2", full_name=NAME),
        change("need", "n-2", student_id="s-2", category=1),
        erasure,
        change("device", "d-2", serial="SN-2"),
    ])  # fmt: skip
    assert [r["status"] for r in results] == ["accepted"] * 4, results
    _, student, _ = stored(sync_server, "student", "s-2")
    assert (student["full_name"], student["code"]) == (ERASED_NAME, "XOA-0002")
    assert stored(sync_server, "device", "d-2")[1]["serial"] == "SN-2"


@pytest.mark.parametrize("server_backend", ["postgres"])  # SQLite has no round trips to count
def test_a_big_submission_costs_postgresql_a_handful_of_round_trips(
    server_backend, sync_server, school_api, monkeypatch
):
    from sync.server import store

    calls: list[tuple[str, str]] = []  # (worker thread, statement)
    for name in ("execute", "executemany"):
        original = getattr(store.PgConnection, name)

        def counted(self, sql, parameters=(), /, _original=original):
            if (thread := threading.current_thread().name).startswith("songmay-server-worker"):
                calls.append((thread, sql))
            return _original(self, sql, parameters)

        monkeypatch.setattr(store.PgConnection, name, counted)
    api = school_api()
    api.send([change("student", f"s-{n}") for n in range(50)])
    calls.clear()
    changes = [change("student", f"s-{n}", version=2) for n in range(50)]
    changes += [change("device", new_id(), serial=f"SN-{n}") for n in range(350)]
    results = api.send(changes)
    assert [r["status"] for r in results] == ["accepted"] * 400
    (worker,) = {thread for thread, sql in calls if "FROM submission_changes" in sql}
    mine = [sql for thread, sql in calls if thread == worker]
    start = mine.index("SELECT school_code, status FROM submissions WHERE seq = ?")
    end = next(n for n, sql in enumerate(mine) if sql.startswith("UPDATE submissions SET status"
                                                               " = 'done'"))  # fmt: skip
    applying = mine[start : end + 1]  # the submission's transaction, from its first statement
    about = [sql for sql in applying if "records" in sql or "applied_changes" in sql]
    # ids applied, records by entity (2), the two writes, and the console's refresh of the
    # school's figures reading its records once, within a savepoint (console/board.py)
    assert len(about) <= 6, about
    assert len(applying) <= 20, "\n".join(sql[:90] for sql in applying)
