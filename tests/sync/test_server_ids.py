"""Submission ids are scoped per school (issue 16): one school cannot take an id another school's
client minted, nor learn which ids exist; the client that still meets a 409 for its id (an older
server, a clash) sends the same changes again once under a new id; and the migration that makes
the id unique per school keeps every submission, its seq and the AUTOINCREMENT counter."""

from __future__ import annotations

import sqlite3

from server_helpers import SchoolApi, api_for, change, login, submission
from test_client_support import PASSWORD as CLIENT_PASSWORD
from test_client_support import SCHOOL, USER, add_students, client_for, local_change_ids

from desktop_app.core.store import outbox
from sync import protocol
from sync.server import migrations
from sync.server.store import DB_FILENAME, Store


def test_another_school_taking_an_id_first_does_not_block_this_schools_submission(sync_server):
    first, second = api_for(sync_server, "66001"), api_for(sync_server, "66002")
    taken = submission("66001", [change()])
    mine = {**submission("66002", [change(), change()]), "submission_id": taken["submission_id"]}
    assert first.submit(taken).status_code == 202
    answer = second.submit(mine)
    assert answer.status_code == 202, answer.text
    assert answer.json() == {"submission_id": taken["submission_id"], "status": "received"}
    assert [r["status"] for r in second.wait_done(mine["submission_id"])["results"]] == [
        "accepted", "accepted"
    ]  # fmt: skip
    assert len(first.wait_done(taken["submission_id"])["results"]) == 1
    assert sync_server.stats("66001")["changes_applied"] == 1
    assert sync_server.stats("66002")["changes_applied"] == 2


def test_another_schools_submission_answers_exactly_like_an_unknown_one(sync_server):
    first, second = api_for(sync_server, "66001"), api_for(sync_server, "66002")
    body = submission("66001", [change()])
    assert first.submit(body).status_code == 202
    first.wait_done(body["submission_id"])
    theirs, unknown = second.status(body["submission_id"]), second.status("no-such-submission")
    assert theirs.status_code == unknown.status_code == 404
    said = theirs.json()["error"]
    assert said["code"] == unknown.json()["error"]["code"] == "submission_unknown"
    assert said["message"] == unknown.json()["error"]["message"].replace(
        "no-such-submission", body["submission_id"]
    )


def test_the_same_id_with_another_body_from_the_same_school_is_still_a_409(school_api):
    api = school_api()
    body = submission(api.school, [change()])
    assert api.submit(body).status_code == 202
    answer = api.submit({**body, "changes": [change()]})
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "submission_id_conflict"
    # The same body under another key is the same submission: the same answer, stored once.
    assert api.submit(body).status_code == 202


def _take(server, submission_id: str, school: str = SCHOOL) -> None:
    """Another body is stored under ``submission_id`` first, under another key: by another
    school, or by this school's own account (``school`` = SCHOOL, already added)."""
    if school == SCHOOL:
        token = login(server.url, SCHOOL, USER, CLIENT_PASSWORD).json()["access_token"]
        api = SchoolApi(server.url, SCHOOL, token)
    else:
        api = api_for(server, school)
    answer = api.submit({**submission(school, [change()]), "submission_id": submission_id})
    assert answer.status_code == 202, answer.text


def _in_flight(db, submission_id: str) -> int:
    """The school's pending rows put into ``submission_id`` (a run that stopped before sending)."""
    page = next(outbox.unassigned_pages(db))
    return outbox.assign_submission(db, submission_id, [c.seq for c in page])


def _server_counts(server, school: str = SCHOOL) -> tuple[int, int]:
    """(applied change rows, distinct change ids) of the school, from the server's file."""
    conn = sqlite3.connect(server.data_dir / DB_FILENAME)
    try:
        return conn.execute(
            "SELECT count(*), count(DISTINCT change_id) FROM applied_changes WHERE school_code = ?",
            [school],
        ).fetchone()
    finally:
        conn.close()


def test_a_school_whose_id_another_school_took_still_delivers_everything_once(db, sync_server):
    sync_server.add_school(SCHOOL, USER, CLIENT_PASSWORD)
    add_students(db, 5)
    sent = _in_flight(db, "clash-1")
    _take(sync_server, "clash-1", school="66099")
    report = client_for(sync_server.url).run(db)
    assert report.ok, report.error
    assert report.accepted == sent and report.pending == 0
    assert _server_counts(sync_server) == (sent, sent)
    assert sorted(local_change_ids(db)) == sorted(
        r[0] for r in sqlite3.connect(sync_server.data_dir / DB_FILENAME).execute(
            "SELECT change_id FROM applied_changes WHERE school_code = ?", [SCHOOL])
    )  # fmt: skip


def test_a_409_for_its_id_makes_the_client_send_the_same_changes_once_under_a_new_id(
    db, sync_server
):
    sync_server.add_school(SCHOOL, USER, CLIENT_PASSWORD)
    add_students(db, 5)
    sent = _in_flight(db, "clash-2")
    _take(sync_server, "clash-2")  # the same school, another key, another body: a 409
    report = client_for(sync_server.url).run(db)
    assert report.ok, report.error
    assert (report.accepted, report.pending, report.submissions) == (sent, 0, 1)
    assert _server_counts(sync_server) == (sent + 1, sent + 1)  # + the other body's one change
    renamed = db.execute("SELECT DISTINCT submission_id FROM outbox").fetchall()
    assert len(renamed) == 1 and renamed[0][0] != "clash-2"


def test_409_again_and_again_stops_the_run_after_one_new_id_and_the_next_run_delivers(
    db, sync_server
):
    sync_server.add_school(SCHOOL, USER, CLIENT_PASSWORD)
    add_students(db, 5)
    sync_server.fail_next(10, status=409, method="POST", path=protocol.SUBMISSIONS_PATH)
    posts = _count_posts(sync_server)
    report = client_for(sync_server.url).run(db)
    assert not report.ok and report.accepted == 0
    assert posts() == 2  # the first id, then one new id: never more
    sync_server._faults._waiting.clear()
    report = client_for(sync_server.url).run(db)
    assert report.ok, report.error
    assert report.accepted == 6 and report.pending == 0
    assert _server_counts(sync_server) == (6, 6)


def _count_posts(server):
    """How many submission POSTs the server has seen from now on (its fault list shrinks)."""
    start = len(server._faults._waiting)
    return lambda: start - len(server._faults._waiting)


def test_the_migration_keeps_every_submission_its_seq_and_the_counter(tmp_path):
    path = tmp_path / DB_FILENAME
    before = migrations.SQLITE_MIGRATIONS[:4]
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    for statements in before:
        for statement in statements:
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {len(before)}")
    now = "2026-01-01T00:00:00.000+00:00"
    for school in ("66001", "66002"):
        conn.execute("INSERT INTO schools VALUES (?, ?, ?, ?)", (school, school, now, now))
    rows = [(1, "a", "66001"), (2, "b", "66002"), (3, "c", "66001"), (4, "gone", "66001")]
    for seq, submission_id, school in rows:
        conn.execute(
            "INSERT INTO submissions (seq, submission_id, school_code, idempotency_key,"
            " fingerprint, client_id, created_at, received_at, source, status, response)"
            " VALUES (?, ?, ?, ?, 'f', 'c', ?, ?, 'http', ?, '{}')",
            (seq, submission_id, school, submission_id, now, now, "done" if seq < 3 else
             "received"),
        )  # fmt: skip
        conn.execute("INSERT INTO submission_changes VALUES (?, 0, ?, '{}')", (seq, f"ch-{seq}"))
    conn.execute("INSERT INTO results VALUES (1, 0, 'ch-1', 'accepted', NULL, NULL)")
    conn.execute(
        "INSERT INTO applied_changes VALUES ('66001', 'ch-1', 1, 'student', 's', 1, ?)", (now,)
    )
    conn.execute("DELETE FROM submission_changes WHERE submission_seq = 4")
    conn.execute("DELETE FROM submissions WHERE seq = 4")  # the counter stays at 4
    conn.close()

    store = Store(path)
    store.initialize()
    with store.connect() as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(
            migrations.SQLITE_MIGRATIONS
        )
        assert [tuple(r) for r in conn.execute(
            "SELECT seq, submission_id, school_code, status FROM submissions ORDER BY seq")] == [
            (1, "a", "66001", "done"), (2, "b", "66002", "done"), (3, "c", "66001", "received")]  # fmt: skip
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "submissions_pending" in names and not {n for n in names if n.startswith("v5_")}
        plan = " ".join(r[3] for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT seq FROM submissions WHERE status <> 'done' ORDER BY seq"))  # fmt: skip
        assert "submissions_pending" in plan
        conn.execute(
            "INSERT INTO submissions (submission_id, school_code, idempotency_key, fingerprint,"
            " client_id, created_at, received_at, source, response)"
            " VALUES ('a', '66002', 'k', 'f', 'c', ?, ?, 'http', '{}')", (now, now),
        )  # fmt: skip
        assert conn.execute("SELECT max(seq) FROM submissions").fetchone()[0] == 5
        try:
            conn.execute(
                "INSERT INTO submissions (submission_id, school_code, idempotency_key,"
                " fingerprint, client_id, created_at, received_at, source, response)"
                " VALUES ('a', '66001', 'k2', 'f', 'c', ?, ?, 'http', '{}')", (now, now),
            )  # fmt: skip
        except sqlite3.IntegrityError:
            pass
        else:
            raise AssertionError("the same id twice in one school must be refused")
    store.initialize()  # again: nothing to do
