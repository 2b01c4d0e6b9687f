"""The reference server over real HTTP on loopback: login, submissions, idempotency, isolation
between schools, per-change results, limits and feedback."""

from __future__ import annotations

import gzip
import json

import pytest
import requests
from server_helpers import PASSWORD, both_backends, change, login, new_id, submission

from sync import protocol
from sync.server.app import HEALTH_PATH, ServerSettings
from sync.server.processing import check_change

server_backend = both_backends  # every test with a server runs on SQLite and on PostgreSQL


def test_health_answers_without_login(sync_server):
    answer = requests.get(sync_server.url + HEALTH_PATH, timeout=5)
    assert answer.status_code == 200 and answer.json() == {"status": "ok"}


def test_login_gives_a_bearer_token_with_its_expiry(sync_server):
    sync_server.add_school("66001", "clerk", PASSWORD)
    answer = login(sync_server.url, "66001")
    assert answer.status_code == 200
    token = answer.json()
    assert token["token_type"] == "bearer" and len(token["access_token"]) >= 32
    assert token["expires_in"] == 8 * 3600 and token["expires_at"].endswith("+00:00")


def test_a_wrong_school_user_or_password_get_the_same_401(sync_server):
    sync_server.add_school("66001", "clerk", PASSWORD)
    answers = [
        login(sync_server.url, "99999"),
        login(sync_server.url, "66001", username="someone"),
        login(sync_server.url, "66001", password=PASSWORD + "x"),
    ]
    assert [a.status_code for a in answers] == [401, 401, 401]
    assert answers[0].json() == answers[1].json() == answers[2].json()
    error = answers[0].json()["error"]
    assert error["code"] == "invalid_credentials"
    assert "Sai mã trường, tên đăng nhập hoặc mật khẩu" in error["message"]


def test_a_missing_wrong_or_expired_token_gets_401(sync_server, school_api):
    api = school_api()
    assert api.feedback().status_code == 200
    no_token = requests.get(sync_server.url + protocol.FEEDBACK_PATH, timeout=5)
    wrong = requests.get(
        sync_server.url + protocol.FEEDBACK_PATH,
        headers={"Authorization": "Bearer nope"},
        timeout=5,
    )
    sync_server.expire_tokens()
    expired = api.submit(submission("66001", [change()]))
    assert [r.status_code for r in (no_token, wrong, expired)] == [401, 401, 401]
    assert [r.json()["error"]["code"] for r in (no_token, wrong, expired)] == [
        "token_missing", "token_invalid", "token_expired",
    ]  # fmt: skip
    assert expired.headers["WWW-Authenticate"] == "Bearer"
    assert sync_server.stats("66001")["changes_applied"] == 0


def test_a_submission_is_received_then_applied_with_one_result_per_change(sync_server, school_api):
    api = school_api()
    student = change("student", code="HS001")
    need = change("need", student_id=student["entity_id"])
    body = submission("66001", [student, need])
    answer = api.submit(body)
    assert answer.status_code == 202
    assert answer.json() == {"submission_id": body["submission_id"], "status": "received"}
    done = api.wait_done(body["submission_id"])
    assert [(r["change_id"], r["status"]) for r in done["results"]] == [
        (student["change_id"], "accepted"), (need["change_id"], "accepted"),
    ]  # fmt: skip
    assert sync_server.stats("66001") == {
        "school": "66001", "students": 1, "needs": 1, "devices": 0, "handovers": 0,
        "changes_applied": 2,
    }  # fmt: skip


def test_the_same_key_and_body_get_the_same_answer_and_apply_once(sync_server, school_api):
    api = school_api()
    body = submission("66001", [change(), change()])
    first = api.submit(body, key="key-1")
    api.wait_done(body["submission_id"])
    # the same body again, re-serialized and gzipped: the fingerprint ignores the transport
    again = api.submit(json.dumps(body, indent=2, sort_keys=True).encode(), key="key-1", gzip=True)
    assert (first.status_code, again.status_code) == (202, 202)
    assert again.json() == first.json()
    assert sync_server.stats("66001")["changes_applied"] == 2
    assert len(api.wait_done(body["submission_id"])["results"]) == 2


def test_the_same_key_with_another_body_is_refused_with_422(sync_server, school_api):
    api = school_api()
    body = submission("66001", [change()])
    assert api.submit(body, key="key-1").status_code == 202
    other = dict(body, changes=[change()])
    answer = api.submit(other, key="key-1")
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "idempotency_key_reused"
    api.wait_done(body["submission_id"])
    assert sync_server.stats("66001")["changes_applied"] == 1


def test_a_school_cannot_send_another_schools_data(sync_server, school_api):
    school_a, school_b = school_api("66001"), school_api("66002")
    body = submission("66002", [change()])
    answer = school_a.submit(body)
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "wrong_school"
    assert school_b.status(body["submission_id"]).status_code == 404  # nothing was stored
    assert sync_server.stats("66001")["changes_applied"] == 0
    assert sync_server.stats("66002")["changes_applied"] == 0


def test_a_school_cannot_read_another_schools_submission(school_api):
    school_a, school_b = school_api("66001"), school_api("66002")
    body = submission("66002", [change()])
    assert school_b.submit(body).status_code == 202
    answer = school_a.status(body["submission_id"])  # like an unknown id: nothing is revealed
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "submission_unknown"
    assert school_a.status("no-such-submission").status_code == 404


def test_a_replayed_change_and_a_stale_version_are_duplicates(sync_server, school_api):
    api = school_api()
    v2 = change("student", "s1", version=2, full_name="Lê Thị Bình")
    assert api.send([v2])[0]["status"] == "accepted"
    v1 = change("student", "s1", version=1, full_name="Lê Thị B")
    results = api.send([v2, v1, dict(v2, change_id=new_id())])
    assert [(r["status"], r["code"]) for r in results] == [
        ("duplicate", "already_applied"), ("duplicate", "stale_version"),
        ("duplicate", "stale_version"),
    ]  # fmt: skip
    assert sync_server.stats("66001")["changes_applied"] == 1


def test_an_invalid_change_is_rejected_and_the_others_are_accepted(sync_server, school_api):
    api = school_api()
    good_before, good_after = change("device"), change("handover")
    no_name = change("student", code="HS007", full_name="  ")
    # (An unknown entity or op is refused at the door since issue 16: tests/sync/test_intake.py.)
    mismatch = dict(change(), entity_id="another-id")
    results = api.send([good_before, no_name, mismatch, good_after])
    assert [(r["status"], r["code"]) for r in results] == [
        ("accepted", None), ("rejected", "missing_field"), ("rejected", "id_mismatch"),
        ("accepted", None),
    ]  # fmt: skip
    assert results[1]["message"] == (
        "Hồ sơ học sinh HS007 thiếu thông tin bắt buộc “Họ và tên”. Hãy bổ sung rồi đồng bộ lại."
    )
    stats = sync_server.stats("66001")
    assert (stats["devices"], stats["handovers"], stats["students"]) == (1, 1, 0)


def test_a_rejected_change_can_be_fixed_and_sent_again(school_api):
    api = school_api()
    broken = change("device", "d1", serial="")
    assert api.send([broken])[0]["code"] == "missing_field"
    fixed = change("device", "d1", version=2, serial="SN-1")
    assert api.send([fixed])[0]["status"] == "accepted"


def test_a_delete_hides_the_record_and_an_older_upsert_cannot_revive_it(sync_server, school_api):
    api = school_api()
    created = change("student", "s1", version=1)
    deleted = change("student", "s1", version=2, op="delete")
    late = change("student", "s1", version=1, change_id=new_id())
    results = api.send([created, deleted, late])
    assert [r["status"] for r in results] == ["accepted", "accepted", "duplicate"]
    assert sync_server.stats("66001")["students"] == 0


def test_a_gzip_body_is_accepted_and_a_corrupt_one_is_400(sync_server, school_api):
    api = school_api()
    body = submission("66001", [change()])
    assert api.submit(body, gzip=True).status_code == 202
    api.wait_done(body["submission_id"])
    corrupt = gzip.compress(json.dumps(submission("66001", [change()])).encode())[:-12]
    answer = api.submit(corrupt, headers={"Content-Encoding": "gzip"})
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "invalid_gzip"
    assert sync_server.stats("66001")["changes_applied"] == 1


def test_too_many_changes_or_bytes_get_413(school_api):
    api = school_api()
    many = api.submit(
        submission("66001", [change() for _ in range(protocol.SERVER_MAX_CHANGES + 1)])
    )
    assert many.status_code == 413 and many.json()["error"]["code"] == "too_many_changes"
    padding = "x" * (protocol.SERVER_MAX_BYTES + 1)
    big = api.submit(submission("66001", [change(note=padding)]))
    assert big.status_code == 413 and big.json()["error"]["code"] == "too_large"
    bomb = api.submit(submission("66001", [change(note=padding)]), gzip=True)  # small on the wire
    assert bomb.status_code == 413


def test_the_idempotency_key_is_required_and_bounded(school_api):
    api = school_api()
    body = submission("66001", [change()])
    missing = api.submit(body, key=None)
    too_long = api.submit(body, key="k" * (protocol.MAX_KEY_LENGTH + 1))
    assert (missing.status_code, too_long.status_code) == (400, 400)
    assert missing.json()["error"]["code"] == "idempotency_key_missing"
    assert too_long.json()["error"]["code"] == "idempotency_key_too_long"
    assert api.status(body["submission_id"]).status_code == 404


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "JSON object"),
        (json.dumps({"school_code": "66001"}).encode(), "missing field 'client_id'"),
        (json.dumps(submission("66001", [{"entity": "student"}])).encode(), "changes[0].change_id"),
        (json.dumps(submission("66001", "nope")).encode(), "'changes' must be a list"),
        # PostgreSQL cannot store a NUL: refused at the door on both, never set aside later
        (
            json.dumps(submission("66001", [change(full_name="a\x00b")])).encode(),
            "changes[0].data.full_name",
        ),
    ],
)
def test_a_malformed_body_gets_400_saying_what_is_wrong(school_api, body, says):
    api = school_api()
    answer = api.submit(body)
    assert answer.status_code == 400
    assert says in answer.json()["error"]["message"]
    good = submission("66001", [change()])
    assert api.submit(good).status_code == 202
    assert api.wait_done(good["submission_id"])["results"][0]["status"] == "accepted"


def test_review_decisions_come_back_as_feedback_after_the_cursor(sync_server, school_api):
    api, other = school_api("66001"), school_api("66002")
    student = change("student", "s1", code="HS001")
    need = change("need", "n1", student_id="s1")
    api.send([student, need])
    sync_server.review("66001", "HS001", approve=True)
    returned = sync_server.review("66001", "HS001", approve=False, comment="Thiếu giấy xác nhận")
    page = api.feedback().json()
    assert [(d["student_code"], d["decision"], d["comment"]) for d in page["decisions"]] == [
        ("HS001", "approved", None), ("HS001", "returned", "Thiếu giấy xác nhận"),
    ]  # fmt: skip
    assert page["decisions"][0]["need_id"] == "n1" and page["decisions"][0]["student_id"] == "s1"
    assert page["next_cursor"] == returned["cursor"]
    assert api.feedback(since=page["next_cursor"]).json() == {
        "decisions": [], "next_cursor": returned["cursor"],
    }  # fmt: skip
    assert other.feedback().json()["decisions"] == []


def test_a_negative_cursor_is_400_and_an_unknown_path_404_in_the_error_shape(
    sync_server, school_api
):
    api = school_api()
    assert api.feedback(since=-1).status_code == 400
    missing = requests.get(sync_server.url + "/api/v1/nothing", timeout=5)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_a_flooding_school_gets_429_with_retry_after(sync_server_factory):
    from server_helpers import api_for

    server = sync_server_factory(rate_limit=2)
    api = api_for(server)
    answers = [api.submit(submission("66001", [change()])) for _ in range(3)]
    assert [a.status_code for a in answers] == [202, 202, 429]
    assert 1 <= int(answers[2].headers["Retry-After"]) <= 60


def test_a_graceful_restart_in_the_middle_of_applying_loses_nothing(sync_server_factory):
    from server_helpers import api_for

    server = sync_server_factory(apply_delay=30)  # waits before each commit until stopped
    api = api_for(server)
    body = submission("66001", [change(), change(), change("device")])
    assert api.submit(body).status_code == 202
    api.wait_status(body["submission_id"], "processing")
    server.stop()  # rolls back the submission being applied
    with server.store.connect() as conn:
        assert conn.execute("SELECT status FROM submissions").fetchone()[0] == "processing"
    assert server.stats("66001")["changes_applied"] == 0
    server.settings = ServerSettings()
    server.start()
    results = api.wait_done(body["submission_id"])["results"]
    assert [r["status"] for r in results] == ["accepted"] * 3
    assert server.stats("66001")["changes_applied"] == 3


def test_an_injected_fault_after_commit_hides_the_answer_but_not_the_effect(
    sync_server, school_api
):
    api = school_api()
    body = submission("66001", [change()])
    sync_server.fail_next(status=503, retry_after=1, after_commit=True, method="POST")
    lost = api.submit(body, key="k1")
    assert lost.status_code == 503 and lost.headers["Retry-After"] == "1"
    retried = api.submit(body, key="k1")
    assert retried.status_code == 202
    api.wait_done(body["submission_id"])
    assert sync_server.stats("66001")["changes_applied"] == 1


def test_a_dropped_connection_can_be_injected_for_client_tests(sync_server, school_api):
    api = school_api()
    sync_server.fail_next(drop=True, path=protocol.SUBMISSIONS_PATH)
    with pytest.raises(requests.RequestException):
        api.submit(submission("66001", [change()])).json()
    assert api.feedback().status_code == 200  # the next request is answered normally


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        ({"entity": "teacher"}, "unknown_entity"),
        ({"op": "insert"}, "unknown_op"),
        ({"entity_id": ""}, "invalid_entity_id"),
        ({"version": 0}, "invalid_version"),
        ({"version": True}, "invalid_version"),
        ({"data": None}, "invalid_data"),
        ({"data": {"id": "other", "code": "HS1", "full_name": "A"}}, "id_mismatch"),
        ({"data": {"id": "s1", "full_name": "A"}}, "missing_field"),
    ],
)
def test_each_kind_of_invalid_change_has_its_stable_code(edit, code):
    bad = {**change("student", "s1"), **edit}
    assert check_change(bad) is not None
    assert check_change(bad)[0] == code


@pytest.mark.parametrize(
    "good",
    [
        change("school", "1"),
        {**change("school", "1"), "entity_id": 1, "data": {"id": 1, "name": "THCS"}},
        change("student", "s1", op="delete") | {"data": None},
        change("need", student_id="s1", category=2),
        change("handover", kind="return"),
    ],
)
def test_valid_changes_pass_the_rules(good):
    assert check_change(good) is None


def test_a_deleted_erasure_without_a_code_is_answered_never_set_aside(sync_server, school_api):
    """Found by schemathesis: a delete of an "erasure" whose data lacks the student's code made
    the worker fail (then set it aside). A delete erases nothing: it is just answered."""
    api = school_api()
    body = submission("66001", [change("erasure", "s9", op="delete")])
    assert api.submit(body).status_code == 202
    (result,) = api.wait_done(body["submission_id"])["results"]
    assert result["status"] == "accepted" and result.get("code") != "set_aside"
