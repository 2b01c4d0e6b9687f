"""The sync client against the real reference server on loopback: a school's data arrives whole
and once, review decisions come back, refusals are set aside and resent, tokens are renewed."""

from __future__ import annotations

import io
import json

import pytest
import requests
from test_client_support import (
    FAST,
    PASSWORD,
    SCHOOL,
    USER,
    Recorder,
    add_students,
    client_for,
    edit,
    local_change_ids,
    memory_keyring,
    statuses,
)

from desktop_app import cli
from desktop_app.core.demo import fill_demo_data
from desktop_app.core.store import outbox
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction
from sync import protocol
from sync.batching import batch_of, compress, submission_body
from sync.client import SyncSettings


@pytest.fixture
def server(sync_server):
    sync_server.add_school(SCHOOL, USER, PASSWORD, name="Trường THCS Ea Tu")
    return sync_server


def local_counts(db):
    counts = {
        key: db.execute(f"SELECT COUNT(*) FROM {table} WHERE deleted = 0").fetchone()[0]
        for key, table in (("students", "students"), ("needs", "needs"), ("devices", "devices"),
                           ("handovers", "handovers"))
    }  # fmt: skip
    return {"school": SCHOOL, **counts}


def server_change_ids(server):
    import sqlite3

    conn = sqlite3.connect(server.data_dir / "server.sqlite3")
    try:
        return [r[0] for r in conn.execute(
            "SELECT change_id FROM applied_changes WHERE school_code = ?", [SCHOOL])]  # fmt: skip
    finally:
        conn.close()


def test_a_full_sync_delivers_the_whole_school_once_and_a_second_sends_nothing(db, server):
    fill_demo_data(db, students=120)
    total = outbox.outbox_counts(db)["pending"]
    progress = Recorder()
    report = client_for(server.url, settings=SyncSettings(**{**FAST.__dict__, "max_changes": 100})
                        ).run(db, progress)  # fmt: skip
    assert report.ok, report.error
    assert (report.sent, report.accepted, report.rejected, report.pending) == (total, total, 0, 0)
    assert report.submissions >= total // 100
    stats = server.stats(SCHOOL)
    assert stats == {**local_counts(db), "changes_applied": total}
    assert sorted(server_change_ids(server)) == sorted(local_change_ids(db))
    assert progress.calls[-1][:2] == (total, total)
    assert statuses(db) == {"sent": total}
    again = client_for(server.url).run(db)
    assert (again.ok, again.sent, again.decisions) == (True, 0, 0)
    assert server.stats(SCHOOL)["changes_applied"] == total
    assert outbox.sync_state(db).last_sync_at == again.finished_at


def test_review_decisions_come_back_and_change_the_local_need(db, server, tmp_path):
    from builders import fill_needs_and_devices

    fill_needs_and_devices(db, tmp_path, count=3, approved=False)
    assert client_for(server.url).run(db).ok
    server.review(SCHOOL, "HS000002", approve=False, comment="Thiếu giấy chứng nhận hộ nghèo")
    server.review(SCHOOL, "HS000003", approve=True)
    report = client_for(server.url).run(db)
    assert (report.ok, report.decisions, report.sent) == (True, 2, 0)
    needs = dict(db.execute(
        "SELECT s.code, n.status || '|' || COALESCE(n.review_comment, '') FROM needs n"
        " JOIN students s ON s.id = n.student_id").fetchall())  # fmt: skip
    assert needs == {"HS000001": "proposed|", "HS000002": "returned|Thiếu giấy chứng nhận hộ nghèo",
                     "HS000003": "approved|"}  # fmt: skip
    assert outbox.outbox_counts(db)["pending"] == 0  # the district's own change is not echoed
    quiet = client_for(server.url).run(db)
    assert (quiet.decisions, quiet.sent) == (0, 0)


def test_a_refused_change_is_set_aside_the_rest_delivered_and_resent_after_the_fix(db, server):
    add_students(db, 5)
    changes = ChangeSet(source="test")
    bad = changes.insert("student", {"code": "HS-NONAME", "full_name": " ", "name_key": "",
                                     "sort_key": "", "birth_date": "2010-01-01", "gender": "Nữ",
                                     "class_name": "6A", "consent_date": "2025-08-15"})  # fmt: skip
    with write_transaction(db):
        changes.apply(db.conn)
    add_students(db, 5, start=100)
    report = client_for(server.url).run(db)
    assert report.ok and (report.accepted, report.rejected) == (11, 1)
    (refused,) = outbox.refused_changes(db)
    assert refused.code == "missing_field" and "HS-NONAME" in refused.label
    assert "Họ và tên" in refused.message
    assert server.stats(SCHOOL)["students"] == 10
    edit(db, "student", "students", bad["id"], full_name="Lò Thị Mai")
    assert outbox.requeue_refused(db) == 1
    report = client_for(server.url).run(db)
    assert report.ok and outbox.refused_changes(db) == []
    assert server.stats(SCHOOL)["students"] == 11
    assert outbox.outbox_counts(db) == {"pending": 0, "sent": 13, "rejected": 0}


class CountingSession(requests.Session):
    """A real session that notes each request's method, path and status."""

    def __init__(self) -> None:
        super().__init__()
        self.log: list[tuple[str, str, int]] = []

    def request(self, method, url, *args, **kwargs):  # type: ignore[override]
        response = super().request(method, url, *args, **kwargs)
        self.log.append((method, url.split("/api/v1")[-1], response.status_code))
        return response


def test_an_expired_token_is_renewed_once_and_the_sync_goes_on(db, server):
    from sync.transport import Transport

    add_students(db, 3)
    session = CountingSession()
    client = client_for(server.url, transport=Transport(server.url, session=session,
                                                        retry=FAST.retry))  # fmt: skip
    assert client.run(db).ok
    server.expire_tokens(SCHOOL)
    add_students(db, 3, start=10)
    session.log.clear()
    report = client.run(db)
    assert report.ok and report.accepted == 3
    logins = [entry for entry in session.log if entry[1] == "/auth/token"]
    assert len(logins) == 1 and session.log[0][2] == 401


def test_a_password_changed_on_the_server_stops_the_run_with_a_clear_message(db, server):
    add_students(db, 2)
    server.add_school(SCHOOL, USER, "mật khẩu mới")
    report = client_for(server.url).run(db)
    assert report.error_code == "invalid_credentials" and "mật khẩu" in report.error
    assert report.pending == 3 and outbox.sync_state(db).last_sync_at is None


def test_a_record_edited_while_its_change_is_on_the_way_is_sent_again(db, server):
    rows = add_students(db, 40)

    class EditWhileSending(Recorder):
        edited = False

        def set_progress(self, done, total, stage):
            super().set_progress(done, total, stage)
            if not self.edited and outbox.in_flight_submissions(db):
                self.edited = True
                edit(db, "student", "students", rows[0]["id"], class_name="9A9")

    settings = SyncSettings(**{**FAST.__dict__, "max_changes": 10})
    progress = EditWhileSending()
    assert client_for(server.url, settings=settings).run(db, progress).ok
    assert progress.edited
    if outbox.outbox_counts(db)["pending"]:  # the edit came after the last page was read
        assert client_for(server.url).run(db).ok
    assert statuses(db) == {"sent": 42}
    import sqlite3

    conn = sqlite3.connect(server.data_dir / "server.sqlite3")
    version, data = conn.execute(
        "SELECT version, data FROM records WHERE entity_id = ?", [rows[0]["id"]]).fetchone()  # fmt: skip
    conn.close()
    assert version == 2 and json.loads(data)["class_name"] == "9A9"
    assert server.stats(SCHOOL)["changes_applied"] == 42


def test_cancel_stops_between_requests_and_the_next_run_finishes_without_doubles(db, server):
    add_students(db, 60)
    settings = SyncSettings(**{**FAST.__dict__, "max_changes": 10})
    report = client_for(server.url, settings=settings).run(db, Recorder(cancel_after=3))
    assert report.error_code == "cancelled" and "Đã dừng" in report.error
    assert 0 < report.pending <= 61
    assert client_for(server.url, settings=settings).run(db).ok
    assert sorted(server_change_ids(server)) == sorted(local_change_ids(db))


def test_a_crashed_client_resends_its_submission_under_the_same_key_and_body(db, server):
    add_students(db, 5)
    page = next(outbox.unassigned_pages(db))
    outbox.assign_submission(db, "crashed-1", [c.seq for c in page])
    body = submission_body(batch_of(page), school_code=SCHOOL, client_id=outbox.sync_state(
        db).client_id, submission_id="crashed-1", created_at="2020-01-01T00:00:00")  # fmt: skip
    token = requests.post(server.url + protocol.TOKEN_PATH, json={
        "school_code": SCHOOL, "username": USER, "password": PASSWORD}, timeout=5).json()  # fmt: skip
    answer = requests.post(server.url + protocol.SUBMISSIONS_PATH, data=compress(body), headers={
        "Authorization": f"Bearer {token['access_token']}", protocol.IDEMPOTENCY_HEADER:
        "crashed-1", "Content-Encoding": "gzip", "Content-Type": "application/json"}, timeout=5)  # fmt: skip
    assert answer.status_code == 202
    # ... and the client died before hearing the result. The next run finishes it.
    report = client_for(server.url).run(db)
    assert report.ok and (report.accepted, report.duplicates, report.submissions) == (6, 0, 1)
    assert server.stats(SCHOOL)["changes_applied"] == 6


def test_a_submission_too_large_for_the_server_is_split_in_halves(db, server):
    add_students(db, 30)
    server.fail_next(1, status=413, method="POST", path=protocol.SUBMISSIONS_PATH)
    report = client_for(server.url).run(db)
    assert report.ok and report.accepted == 31 and report.submissions == 2


def test_throttling_and_server_errors_are_waited_out(db, server):
    add_students(db, 30)
    server.fail_next(2, status=429, retry_after=0, method="POST")
    server.fail_next(2, status=500, method="GET")
    server.fail_next(1, status=503, after_commit=True, method="POST")
    report = client_for(server.url, settings=SyncSettings(**{**FAST.__dict__, "max_changes": 8})
                        ).run(db)  # fmt: skip
    assert report.ok and report.accepted == 31 and report.retries >= 5
    assert server.stats(SCHOOL)["changes_applied"] == 31


# --- the commands ------------------------------------------------------------------------------


def songmay(capsys, monkeypatch, *args, stdin=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db_path(db, tmp_path):
    return str(tmp_path / "school.sqlite3")


def test_login_run_status_as_scripts_use_them(db, db_path, server, capsys, monkeypatch):
    add_students(db, 4)
    with memory_keyring() as backend:
        code, out, _ = songmay(capsys, monkeypatch, "--db", db_path, "sync", "login", "--endpoint",
                               server.url, "--school", SCHOOL, "--username", USER,
                               "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
        assert code == 0 and "Đã đăng nhập" in out and "kho mật khẩu an toàn" in out
        kept = {service: value for (service, _), value in backend.store.items()}
        assert kept["songmay-sync"] == PASSWORD and set(kept) == {"songmay-sync",
                                                                "songmay-package-key"}  # fmt: skip
        assert "khóa ký gói dữ liệu" in out  # the package keys exchanged at login
        code, out, _ = songmay(capsys, monkeypatch, "--db", db_path, "sync", "status", "--json")
        assert code == 0 and json.loads(out) == {"pending": 5, "sent": 0, "rejected": 0,
                                                 "last_sync": None}  # fmt: skip
        code, out, _ = songmay(capsys, monkeypatch, "--db", db_path, "sync", "run", "--json")
        assert code == 0 and json.loads(out) == {"sent": 5, "accepted": 5, "rejected": 0,
                                                 "duplicates": 0, "pending": 0, "decisions_received": 0}  # fmt: skip
        code, out, _ = songmay(capsys, monkeypatch, "--db", db_path, "sync", "status")
        assert code == 0 and "Chờ gửi: 0 · Đã gửi: 5" in out
    assert server.stats(SCHOOL)["students"] == 4


def test_run_exits_1_when_changes_are_refused_and_2_when_not_logged_in(
    db, db_path, server, capsys, monkeypatch
):
    code, _, err = songmay(capsys, monkeypatch, "--db", db_path, "sync", "run", "--json")
    assert code == 2 and "chưa đăng nhập" in err and "Traceback" not in err
    outbox.save_account(db, server.url, SCHOOL, USER)
    changes = ChangeSet(source="test")
    changes.insert("device", {"batch_id": "b", "device_type": "tablet", "brand": "X",
                              "model": "Y", "serial": " ", "condition": "new"})  # fmt: skip
    db.execute("PRAGMA foreign_keys = OFF")
    with write_transaction(db):
        changes.apply(db.conn)
    code, out, _ = songmay(capsys, monkeypatch, "--db", db_path, "sync", "run", "--json",
                           "--password-stdin", stdin=PASSWORD)  # fmt: skip
    assert code == 1 and json.loads(out)["rejected"] == 1
    code, out, _ = songmay(capsys, monkeypatch, "--db", db_path, "sync", "refused")
    assert code == 0 and "Bị từ chối [missing_field]" in out


def test_without_a_secure_keyring_login_says_so_and_run_asks_for_the_password(
    db, db_path, server, capsys, monkeypatch
):
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        code, out, _ = songmay(capsys, monkeypatch, "--db", db_path, "sync", "login",
                               "--endpoint", server.url, "--school", SCHOOL, "--username", USER,
                               "--password-stdin", stdin=PASSWORD)  # fmt: skip
        assert code == 0 and "không có kho mật khẩu an toàn" in out
        code, out, _err = songmay(capsys, monkeypatch, "--db", db_path, "sync", "run", "--json",
                                 stdin="")  # fmt: skip
        assert code == 2 and "--password-stdin" in json.loads(out)["error"]
        code, out, _ = songmay(capsys, monkeypatch, "--db", db_path, "sync", "run", "--json",
                               "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
        assert code == 0 and json.loads(out)["accepted"] == 1
    finally:
        keyring.set_keyring(previous)


def test_login_with_a_wrong_password_or_plain_http_elsewhere_is_refused(
    db_path, server, capsys, monkeypatch
):
    code, _, err = songmay(capsys, monkeypatch, "--db", db_path, "sync", "login", "--endpoint",
                           server.url, "--school", SCHOOL, "--username", USER,
                           "--password-stdin", stdin="sai")  # fmt: skip
    assert code == 2 and "không đúng" in err
    code, _, err = songmay(capsys, monkeypatch, "--db", db_path, "sync", "login", "--endpoint",
                           "http://dongbo.example.vn", "--school", SCHOOL, "--username", USER,
                           "--password-stdin", stdin=PASSWORD)  # fmt: skip
    assert code == 2 and "https://" in err


def test_an_exported_package_imported_at_the_district_then_a_sync_finds_it_all_there(
    db, db_path, server, capsys, monkeypatch, tmp_path
):
    from sync.server.packages import import_package

    fill_demo_data(db, students=30)
    client_for(server.url).exchange_keys(db)  # as at login: the keys, nothing sent
    total = outbox.outbox_counts(db)["pending"]
    out = tmp_path / "usb" / "goi-66001.zip"
    code, text, _ = songmay(capsys, monkeypatch, "--db", db_path, "sync", "export-package",
                            str(out))  # fmt: skip
    assert code == 0 and f"Đã ghi {total} thay đổi" in text
    import_package(server.store, out)
    import_package(server.store, out)  # twice: nothing changes
    deadline = __import__("time").monotonic() + 20
    while server.stats(SCHOOL)["changes_applied"] < total:
        assert __import__("time").monotonic() < deadline
        __import__("time").sleep(0.05)
    assert server.stats(SCHOOL) == {**local_counts(db), "changes_applied": total}
    report = client_for(server.url).run(db)
    assert report.ok and (report.duplicates, report.accepted) == (total, 0)
    assert outbox.outbox_counts(db)["pending"] == 0


def test_the_password_is_in_no_file_the_database_or_the_log(
    db, db_path, server, capsys, monkeypatch, tmp_path
):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    add_students(db, 3)
    with memory_keyring():
        songmay(capsys, monkeypatch, "--db", db_path, "sync", "login", "--endpoint", server.url,
                "--school", SCHOOL, "--username", USER, "--password-stdin", stdin=PASSWORD)  # fmt: skip
        code, _, _ = songmay(capsys, monkeypatch, "--db", db_path, "sync", "run")
        assert code == 0
        server.add_school(SCHOOL, USER, "đổi mật khẩu")  # a failing run too (it logs nothing)
        songmay(capsys, monkeypatch, "--db", db_path, "sync", "run")
    db.close()
    needles = [PASSWORD.encode(), PASSWORD.encode("utf-16-le")]
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name.startswith("school.sqlite3") for p in files)
    for path in files:
        content = path.read_bytes()
        assert not any(needle in content for needle in needles), path


def test_a_change_the_server_refuses_at_the_door_is_set_aside_and_the_others_go(db, server):
    """A value the server cannot keep (here a number past 64 bits, as an older or damaged outbox
    might hold) makes it refuse the whole upload with 422: the client narrows it down to that
    one change, marks it refused with the server's reason, and delivers the rest."""
    add_students(db, 12)
    seq, payload = db.execute(
        "SELECT seq, data FROM outbox ORDER BY seq LIMIT 1 OFFSET 4"
    ).fetchone()
    data = json.loads(payload)
    data["class_name"] = 2**70
    db.execute("UPDATE outbox SET data = ? WHERE seq = ?", [json.dumps(data), seq])
    db.conn.commit()
    report = client_for(server.url).run(db)
    assert report.ok and (report.accepted, report.rejected) == (12, 1)
    (refused,) = outbox.refused_changes(db)
    assert refused.code == "invalid_value"
    # In the clerk's words, not the protocol's ("changes[4].data.class_name")
    assert refused.message.startswith("Máy chủ không nhận một giá trị trong bản ghi này")
    assert "changes[" not in refused.message
    assert server.stats(SCHOOL)["students"] == 11
