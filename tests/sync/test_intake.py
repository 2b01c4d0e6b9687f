"""Validation at the door and isolation in processing (issue 16): what cannot be applied is
refused at intake with 400/422 naming the field; what still fails while being applied is set
aside, answered to the school, and never holds anyone up — listed and retried by the operator.
Real server on loopback, real database (SQLite and PostgreSQL); the poison is a real database
trigger."""

from __future__ import annotations

import io
import json
import time
from contextlib import redirect_stdout

import pytest
import requests
from server_helpers import both_backends, change, login, new_id, submission

from sync import protocol
from sync.server.cli import main as server_main
from sync.server.store import Store

server_backend = both_backends  # every test with a server runs on SQLite and on PostgreSQL
INT64_MAX = 2**63 - 1
NAME = "Nguyễn Thị Bé Ba"  # a child's name: must appear in no reason and no answer


def raw(body: dict, old: str, new: str) -> bytes:
    """The body as JSON text with one piece of it written by hand (what json.dumps refuses)."""
    text = json.dumps(body, ensure_ascii=True)
    assert old in text
    return text.replace(old, new, 1).encode()


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def poisonable(**fields) -> dict:
    return change("device", "dev1", serial="SN1", **fields)


def body_for(*changes: dict) -> dict:
    return submission("66001", list(changes))


CASES = [
    # (name, body bytes, status, words the message must hold)
    ("version 2^63", json.dumps(body_for(change(version=2**63))).encode(), 422, "version"),
    ("integer 2^64 in data", json.dumps(body_for(poisonable(ram_gb=2**64))).encode(), 422,
     "changes[0].data.ram_gb"),
    ("NaN in data", raw(body_for(poisonable(ram_gb=1)), '"ram_gb": 1', '"ram_gb": NaN'), 400,
     "NaN"),
    ("Infinity in data", raw(body_for(poisonable(ram_gb=1)), '"ram_gb": 1',
                             '"ram_gb": -Infinity'), 400, "Infinity"),
    ("1e999 in data", raw(body_for(poisonable(ram_gb=1)), '"ram_gb": 1', '"ram_gb": 1e999'), 422,
     "changes[0].data.ram_gb"),
    ("lone surrogate in a value", json.dumps(body_for(change(full_name="\ud800"))).encode(), 400,
     "changes[0].data.full_name"),
    ("lone surrogate in a key", json.dumps(body_for(poisonable(**{"x\udc00": 1}))).encode(), 400,
     "Unicode"),
    ("lone surrogate in an id", json.dumps(body_for(change()) | {"client_id": "\ud800"}).encode(),
     400, "client_id"),
    ("990 levels", raw(body_for(poisonable(ram_gb=1)), '"ram_gb": 1', f'"ram_gb": {nested(990)}'),
     400, "32"),
    ("33 levels", raw(body_for(change()), '"changes"', f'"x": {nested(32)}, "changes"'), 400,
     "32"),
    ("a '/' in the submission id", json.dumps(body_for(change()) | {"submission_id": "a/b"}).encode(),
     400, "submission_id"),
    ("a space in a change id", json.dumps(body_for(change(change_id="a b"))).encode(), 400,
     "changes[0].change_id"),
    ("a '/' in an entity id", json.dumps(body_for(change() | {"entity_id": "s/1"})).encode(), 400,
     "changes[0].entity_id"),
    ("an empty entity id", json.dumps(body_for(change() | {"entity_id": ""})).encode(), 400,
     "changes[0].entity_id"),
    ("an unknown op", json.dumps(body_for(change(op="insert"))).encode(), 422, "changes[0].op"),
    ("an unknown entity", json.dumps(body_for(change() | {"entity": "teacher"})).encode(), 422,
     "changes[0].entity"),
    ("version 0", json.dumps(body_for(change() | {"version": 0})).encode(), 422,
     "changes[0].version"),
    ("a version that is a boolean", json.dumps(body_for(change() | {"version": True})).encode(),
     400, "changes[0].version"),
    ("a nested value in data", json.dumps(body_for(poisonable(ram_gb=[1]))).encode(), 400,
     "changes[0].data.ram_gb"),
    ("an empty school code", json.dumps(body_for(change()) | {"school_code": ""}).encode(), 400,
     "school_code"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "status", "says"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_what_cannot_be_applied_is_refused_at_the_door_naming_the_field(
    sync_server, school_api, body, status, says
):
    api = school_api()
    answer = api.submit(body)
    assert answer.status_code == status, answer.text
    error = answer.json()["error"]
    assert says in error["message"] and " / " in error["message"]
    assert NAME not in error["message"]
    # Nothing was stored, and the worker is free: the next good submission is applied at once.
    assert api.send([change()])[0]["status"] == "accepted"
    assert sync_server.stats("66001")["changes_applied"] == 1


def test_the_limits_themselves_are_accepted(sync_server, school_api):
    api = school_api()
    top = change(version=INT64_MAX)
    device = poisonable(ram_gb=INT64_MAX, screen_inch=15.6, below_min_spec=False, note=None)
    body = body_for(top, device)
    text = raw(body, '"changes"', f'"x": {nested(31)}, "changes"')  # 32 levels in all
    assert api.submit(text).status_code == 202
    results = api.wait_done(body["submission_id"])["results"]
    assert [r["status"] for r in results] == ["accepted", "accepted"]
    assert api.submit(body_for(change(change_id="A-z-0-9" * 18)), key="K-1-" + "x" * 124) \
        .status_code == 202  # fmt: skip


def test_an_idempotency_key_outside_the_pattern_is_400(school_api):
    answer = school_api().submit(body_for(change()), key="k/1")
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "idempotency_key_invalid"


def test_query_and_login_bodies_are_bounded_too(sync_server, school_api):
    api = school_api()
    assert api.feedback(since=INT64_MAX + 1).status_code == 400
    assert api.feedback(since=INT64_MAX).status_code == 200
    url = sync_server.url + protocol.TOKEN_PATH
    surrogate = requests.post(url, timeout=10, headers={"Content-Type": "application/json"},
                              data=b'{"school_code": "66001", "username": "clerk",'
                                   b' "password": "\\ud800"}')  # fmt: skip
    deep = requests.post(url, data=nested(990).encode(), timeout=10,
                         headers={"Content-Type": "application/json"})  # fmt: skip
    assert (surrogate.status_code, deep.status_code) == (400, 400), (surrogate.text, deep.text)
    assert login(sync_server.url, "66001").status_code == 200


# --- isolation ------------------------------------------------------------------------------


def poison(store: Store, entity_id: str) -> None:
    """A record the database refuses, as a constraint would: the intake cannot know it. SQLite:
    a trigger raising ABORT; PostgreSQL: a PL/pgSQL trigger function raising an integrity
    violation, on the same condition."""
    with store.transaction() as conn:
        if store.postgres:
            conn.execute(
                "CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                " RAISE EXCEPTION 'refused by the test trigger'"
                " USING ERRCODE = 'integrity_constraint_violation'; END $$"
            )
            conn.execute(
                "CREATE TRIGGER poison BEFORE INSERT ON records FOR EACH ROW"
                f" WHEN (NEW.entity_id = '{entity_id}') EXECUTE FUNCTION poison()"
            )
        else:
            conn.execute(
                f"CREATE TRIGGER poison BEFORE INSERT ON records WHEN NEW.entity_id = '{entity_id}'"
                " BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END"
            )


def cure(store: Store) -> None:
    with store.transaction() as conn:
        if store.postgres:
            conn.execute("DROP TRIGGER poison ON records")
            conn.execute("DROP FUNCTION poison()")
        else:
            conn.execute("DROP TRIGGER poison")


def set_aside_cli(server, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = server_main([*server.cli_args(), "set-aside", *args])
    return code, out.getvalue()


def listed(server) -> list[dict]:
    code, out = set_aside_cli(server, "list", "--json")
    assert code == 0
    return json.loads(out)


def test_a_poisoned_submission_is_set_aside_and_nobody_waits_behind_it(sync_server, school_api):
    school_a, school_b = school_api("66001"), school_api("66002")
    poison(sync_server.store, "poison-1")
    good = change(full_name=NAME)
    bad = change("student", "poison-1", full_name=NAME)
    body = submission("66001", [good, bad])
    started = time.monotonic()
    assert school_a.submit(body).status_code == 202
    done = school_a.wait_done(body["submission_id"], timeout=5)
    # The whole submission was rolled back: each change answered, none applied.
    assert [(r["status"], r["code"]) for r in done["results"]] == [("rejected", "set_aside")] * 2
    assert "phòng giáo dục" in done["results"][0]["message"]
    assert "district" in done["results"][0]["message"]
    # The same school and another one go on at once.
    assert school_a.send([change()])[0]["status"] == "accepted"
    assert school_b.send([change()])[0]["status"] == "accepted"
    assert time.monotonic() - started < 5
    assert sync_server.stats("66001")["changes_applied"] == 1
    (entry,) = listed(sync_server)
    assert (entry["school_code"], entry["submission_id"], entry["changes"], entry["attempts"]) == (
        "66001", body["submission_id"], 2, 1,
    )  # fmt: skip
    assert entry["reason"].startswith("IntegrityError") and "test trigger" in entry["reason"]
    assert NAME not in json.dumps(listed(sync_server), ensure_ascii=False)
    metrics = requests.get(sync_server.url + "/metrics", timeout=10).text
    assert "songmay_set_aside 1" in metrics.splitlines()

    # A restart does not try it again.
    sync_server.stop()
    sync_server.start()
    assert school_b.send([change()])[0]["status"] == "accepted"  # the worker made a pass
    assert school_a.status(body["submission_id"]).json() == done
    assert listed(sync_server)[0]["attempts"] == 1

    # Retried while still poisoned: set aside again, one attempt more.
    assert set_aside_cli(sync_server, "retry", str(entry["seq"]))[0] == 0
    assert listed(sync_server) == []
    school_b.send([change()])  # wakes the worker: it takes the oldest first
    assert school_a.wait_done(body["submission_id"], timeout=5)["results"] == done["results"]
    assert listed(sync_server)[0]["attempts"] == 2

    # Cured and retried: applied.
    cure(sync_server.store)
    code, out = set_aside_cli(sync_server, "retry", "--all")
    assert code == 0 and "1" in out
    school_b.send([change()])
    results = school_a.wait_done(body["submission_id"], timeout=5)["results"]
    assert [r["status"] for r in results] == ["accepted", "accepted"]
    assert listed(sync_server) == []
    assert sync_server.stats("66001")["students"] == 3


def test_retry_refuses_an_unknown_seq_and_list_says_when_nothing_is_set_aside(sync_server, capsys):
    assert server_main([*sync_server.cli_args(), "set-aside", "retry", "99"]) == 1
    assert "99" in capsys.readouterr().err
    assert server_main([*sync_server.cli_args(), "set-aside", "retry"]) == 2
    assert set_aside_cli(sync_server, "list")[1].startswith("Không có lượt gửi nào")


def test_a_poison_stored_before_the_intake_checked_it_is_set_aside(
    sync_server, school_api, server_backend
):
    """The issue's own poison — version 2^63, which neither database can store — as an older
    server accepted it: the worker sets it aside instead of retrying it forever."""
    school_api()  # the school exists
    with sync_server.store.transaction() as conn:
        seq = conn.execute(
            "INSERT INTO submissions (submission_id, school_code, idempotency_key, fingerprint,"
            " client_id, created_at, received_at, source, response) VALUES"
            " ('old-1', '66001', 'old-1', 'f', 'c', 'now', 'now', 'http', '{}') RETURNING seq"
        ).fetchone()[0]
        stored = change(version=2**63, full_name=NAME)
        conn.execute(
            "INSERT INTO submission_changes (submission_seq, position, change_id, change)"
            " VALUES (?, 0, ?, ?)", (seq, stored["change_id"], json.dumps(stored)),
        )  # fmt: skip
    other = school_api("66002")
    assert other.send([change()])[0]["status"] == "accepted"  # not held up
    (entry,) = listed(sync_server)
    error = "NumericValueOutOfRange" if server_backend == "postgres" else "OverflowError"
    assert entry["seq"] == seq and entry["reason"].startswith(f"{error}: at processing.py")
    assert NAME not in entry["reason"]


def test_the_desktop_client_shows_a_set_aside_change_like_any_refusal(db, sync_server):
    from test_client_support import PASSWORD, SCHOOL, USER, add_students, client_for

    from desktop_app.core.store import outbox

    sync_server.add_school(SCHOOL, USER, PASSWORD)
    (student,) = add_students(db, 1)
    poison(sync_server.store, student["id"])
    report = client_for(sync_server.url).run(db)
    refused = outbox.refused_changes(db)  # the whole submission: the student and what came along
    assert report.ok and report.rejected == len(refused) >= 1
    assert {r.code for r in refused} == {"set_aside"}
    assert all("phòng giáo dục" in r.message for r in refused)


def test_a_submission_id_with_a_slash_can_never_be_stored_so_none_is_lost(school_api):
    api = school_api()
    assert api.status("a%2Fb").status_code in (400, 404)
    assert api.status(new_id()).status_code == 404
