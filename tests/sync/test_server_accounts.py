"""District accounts on the reference server (issue 16, items 3 and 6): login lockouts per
account and per address, health never starved by a login flood, units, staff users and their
tokens, disabled schools, reviews by staff accounts, and the audit trail. Real server, real HTTP
on loopback, real database files; commands run as ``songmay-server`` child processes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from server_helpers import PASSWORD, api_for, both_backends, change, login

from sync import protocol

server_backend = both_backends  # the server tests run on SQLite and on PostgreSQL

ROOT = Path(__file__).resolve().parents[2]
STAFF_TOKEN = f"{protocol.API}/auth/staff-token"
STAFF_ME = f"{protocol.API}/staff/me"
STAFF_PASSWORD = "mật khẩu cán bộ"


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(capsys, monkeypatch):
    """``songmay-server --data DATA ARGS…`` run in this process (a child process costs ~0.8 s)."""
    from sync.server.cli import main

    def run(data: Any, *args: str, stdin: str | None = None) -> Done:
        capsys.readouterr()
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin or ""))
        where = data.cli_args() if hasattr(data, "cli_args") else ["--data", str(data)]
        code = main([*where, *args])
        out, err = capsys.readouterr()
        return Done(code, out, err)

    return run


@pytest.fixture
def ok(run):
    def ok(data: Any, *args: str, stdin: str | None = None) -> str:
        done = run(data, *args, stdin=stdin)
        assert done.returncode == 0, done.stderr
        return done.stdout

    return ok


def child(data: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The same in a real child process (the installed entry point's way)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "sync.server.cli", "--data", str(data), *args], check=False,
        input=stdin, capture_output=True, text=True, encoding="utf-8", env=env, timeout=60,
    )  # fmt: skip


def staff_login(url: str, username: str, password: str = STAFF_PASSWORD) -> requests.Response:
    return requests.post(url + STAFF_TOKEN, json={"username": username, "password": password},
                         timeout=10)  # fmt: skip


def district(server: Any) -> None:
    """Province 66, district 66-01 with school 66001 (THCS), district 66-02, and staff."""
    from sync.server import accounts, auth

    store = server.store
    accounts.add_unit(store, "66", name="Sở GD&ĐT Đắk Lắk")
    accounts.add_unit(store, "66-01", name="Phòng GD&ĐT Buôn Ma Thuột", parent="66")
    accounts.add_unit(store, "66-02", name="Phòng GD&ĐT Krông Pắc", parent="66")
    auth.add_school(store, "66001", name="Trường THCS 66001", username="clerk",
                    password=PASSWORD, unit="66-01", level="THCS")  # fmt: skip
    for name, role, unit, level in (
        ("lan", "reviewer", "66-01", "THCS"), ("minh", "reviewer", "66-02", None),
        ("hoa", "reviewer", "66-01", "TH"), ("so", "admin", "66", None),
        ("thong", "statistician", "66-01", None),
    ):  # fmt: skip
        accounts.add_user(store, name, full_name=f"Cán bộ {name}", role=role, unit=unit,
                          level=level, password=STAFF_PASSWORD)  # fmt: skip


# ---- login protection ---------------------------------------------------------------------------


def test_wrong_passwords_lock_the_account_even_for_the_right_password(sync_server, run, ok):
    sync_server.add_school("66001", "clerk", PASSWORD)
    answers = [login(sync_server.url, "66001", password=f"sai {n}") for n in range(5)]
    assert [a.status_code for a in answers] == [401, 401, 401, 401, 429]
    locked = login(sync_server.url, "66001")  # the right password, during the lock
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "login_locked"
    assert 1 <= int(locked.headers["Retry-After"]) <= 30
    assert "thử lại sau" in locked.json()["error"]["message"]
    # Another account is not locked by it.
    sync_server.add_school("66002", "clerk", PASSWORD)
    assert login(sync_server.url, "66002").status_code == 200


def test_a_successful_login_clears_the_failures_and_staff_are_locked_too(
    sync_server_factory, run, ok
):
    sync_server = sync_server_factory(login_refusal_hold=0)
    district(sync_server)
    url = sync_server.url
    assert [login(url, "66001", password="sai").status_code for _ in range(4)] == [401] * 4
    assert login(url, "66001").status_code == 200
    assert (
        login(url, "66001", password="sai").status_code == 401
    )  # the 5th failure, after a success
    codes = [staff_login(url, "minh", "sai").status_code for _ in range(5)]
    assert codes == [401, 401, 401, 401, 429]
    assert staff_login(url, "minh").status_code == 429
    assert staff_login(url, "lan").status_code == 200  # another staff account is not locked


def test_an_account_lock_survives_a_restart_and_ends_on_time(sync_server, run, ok):
    sync_server.add_school("66001", "clerk", PASSWORD)
    for n in range(5):
        login(sync_server.url, "66001", password=f"sai {n}")
    sync_server.stop()
    sync_server.start()
    assert login(sync_server.url, "66001").status_code == 429
    # The lock ends: pretend 31 s passed by moving the stored lock back.
    with sync_server.store.transaction() as conn:
        conn.execute("UPDATE login_locks SET locked_until = locked_until - 31")
    assert login(sync_server.url, "66001").status_code == 200


def test_one_address_guessing_many_accounts_is_locked(sync_server_factory):
    server = sync_server_factory(login_address_limit=4)
    server.add_school("66001", "clerk", PASSWORD)
    codes = [login(server.url, f"7700{n}", password="x").status_code for n in range(4)]
    assert codes == [401, 401, 401, 429]
    refused = login(server.url, "66001")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1


def test_many_schools_behind_one_address_logging_in_at_once_do_not_lock_it(sync_server_factory):
    """A district's network (or a proxy) puts many schools behind one address: logins that find
    the checking threads busy get 503 and retry, and that is not a failure that locks them out."""
    server = sync_server_factory(login_address_limit=3, login_workers=1, login_queue=1,
                                 login_refusal_hold=0.0)  # fmt: skip
    codes = [f"6610{n}" for n in range(10)]
    for code in codes:
        server.add_school(code, "clerk", PASSWORD)
    seen: list[int] = []

    def log_in(code: str) -> None:
        for _ in range(200):
            status = login(server.url, code).status_code
            seen.append(status)
            if status != 503:
                return
            time.sleep(0.02)

    threads = [threading.Thread(target=log_in, args=(code,)) for code in codes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 429 not in seen and seen.count(200) == len(codes), sorted(set(seen))


def test_health_stays_fast_while_many_wrong_logins_arrive(sync_server_factory):
    """16 threads of wrong logins for 1.2 s (no address lock, so every one is hashed or refused
    as busy): health answers in well under 50 ms p95 meanwhile (on main: seconds)."""
    server = sync_server_factory(process=True, login_address_limit=0)
    server.add_school("66001", "clerk", PASSWORD)
    stop = time.monotonic() + 1.2
    statuses: list[int] = []

    def flood() -> None:
        with requests.Session() as http:
            while time.monotonic() < stop:
                body = {"school_code": f"9{threading.get_ident() % 10000}", "username": "x",
                        "password": "sai"}  # fmt: skip
                statuses.append(http.post(server.url + protocol.TOKEN_PATH, json=body,
                                          timeout=30).status_code)  # fmt: skip

    threads = [threading.Thread(target=flood) for _ in range(16)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    latencies = []
    with requests.Session() as http:
        while time.monotonic() < stop:
            started = time.perf_counter()
            assert http.get(server.url + protocol.HEALTH_PATH, timeout=10).status_code == 200
            latencies.append(time.perf_counter() - started)
            time.sleep(0.01)
    for thread in threads:
        thread.join()
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95)]
    assert p95 < 0.1, f"health p95 {p95 * 1000:.0f} ms during the flood"
    assert set(statuses) <= {401, 429, 503}, set(statuses)


# ---- units, staff, schools ----------------------------------------------------------------------


def test_staff_log_in_with_their_own_token_which_school_endpoints_refuse(sync_server, run, ok):
    data = sync_server
    district(sync_server)
    answer = staff_login(sync_server.url, "lan")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["staff"] == {"username": "lan", "role": "reviewer", "unit": "66-01",
                             "level": "THCS"}  # fmt: skip
    staff = {"Authorization": f"Bearer {body['access_token']}"}
    me = requests.get(sync_server.url + STAFF_ME, headers=staff, timeout=10)
    assert me.status_code == 200 and me.json()["username"] == "lan"
    # A staff token is no school token, and a school token no staff token.
    assert requests.get(sync_server.url + protocol.FEEDBACK_PATH, headers=staff,
                        timeout=10).status_code == 401  # fmt: skip
    school = api_for(sync_server, "66001")
    assert school.http.get(sync_server.url + STAFF_ME, timeout=10).status_code == 401
    assert school.submit(
        {"school_code": "66001", "client_id": "c", "submission_id": "x1",
         "created_at": "2025-09-01T08:00:00.000+00:00", "changes": []}, headers=staff,
    ).status_code == 401  # fmt: skip
    assert staff_login(sync_server.url, "lan", "sai").status_code == 401
    listed = json.loads(ok(data, "user", "list", "--json"))
    assert {u["username"]: u["role"] for u in listed}["so"] == "admin"
    units = json.loads(ok(data, "unit", "list", "--json"))
    assert {u["code"]: u["kind"] for u in units} == {"66": "province", "66-01": "district",
                                                     "66-02": "district"}  # fmt: skip


def test_disable_revoke_enable_and_reset_a_staff_account(sync_server, run, ok):
    data = sync_server
    district(sync_server)
    token = staff_login(sync_server.url, "lan").json()["access_token"]
    me = lambda: requests.get(sync_server.url + STAFF_ME,  # noqa: E731
                              headers={"Authorization": f"Bearer {token}"}, timeout=10)  # fmt: skip
    assert me().status_code == 200
    assert "1 phiên" in ok(data, "user", "revoke", "lan")
    assert me().status_code == 401
    token = staff_login(sync_server.url, "lan").json()["access_token"]
    ok(data, "user", "enable", "lan")  # already enabled: its session goes on
    assert me().status_code == 200
    ok(data, "user", "disable", "lan")
    assert me().status_code == 401
    assert staff_login(sync_server.url, "lan").status_code == 403
    ok(data, "user", "enable", "lan")
    assert me().status_code == 401  # enabling does not bring old sessions back
    ok(data, "user", "reset-password", "lan", "--password-stdin", stdin="mới mới mới\n")
    assert staff_login(sync_server.url, "lan").status_code == 401
    assert staff_login(sync_server.url, "lan", "mới mới mới").status_code == 200
    assert run(data, "user", "disable", "nobody").returncode == 1
    dup = run(data, "user", "add", "lan", "--name", "X", "--role", "health", "--unit", "66",
              "--password-stdin", stdin="mật khẩu p\n")  # fmt: skip
    assert dup.returncode == 2 and "đã có" in dup.stderr


def test_a_disabled_school_cannot_log_in_and_its_tokens_stop_at_once(sync_server, run, ok):
    data = sync_server
    district(sync_server)
    api = api_for(sync_server, "66001")
    assert api.feedback().status_code == 200
    assert "Đã khóa trường 66001" in ok(data, "school", "disable", "66001")
    assert api.feedback().status_code == 401
    assert login(sync_server.url, "66001").status_code == 403
    schools = json.loads(ok(data, "school", "list", "--json"))
    assert schools == [{"code": "66001", "name": "Trường THCS 66001", "unit": "66-01",
                        "level": "THCS", "disabled": True, "accounts": 1}]  # fmt: skip
    ok(data, "school", "enable", "66001")
    assert api.feedback().status_code == 401  # the old token stays ended
    assert login(sync_server.url, "66001").status_code == 200
    assert (
        run(
            data,
            "add-school",
            "66009",
            "--name",
            "X",
            "--username",
            "c",
            "--password-stdin",
            "--unit",
            "66",
            stdin="mật khẩu p\n",
        ).returncode
        == 1
    )  # a province is not a district


# ---- reviews and audit --------------------------------------------------------------------------


def test_a_review_is_recorded_by_a_staff_account_of_the_schools_district(sync_server, run, ok):
    data = sync_server
    api = api_for(sync_server, "66001")
    api.send([change("student", "s1", code="HS001"), change("need", "n1", student_id="s1")])
    # Legacy: no staff accounts yet, the operator's name is the reviewer.
    ok(data, "review", "66001", "--student", "HS001", "--approve", "--reviewer", "an")
    district(sync_server)
    review = ["review", "66001", "--student", "HS001", "--approve"]
    legacy = run(data, *review, "--reviewer", "an")
    assert legacy.returncode == 1 and "--user" in legacy.stderr
    for user, _code in (("minh", "unit_forbidden"), ("hoa", "level_forbidden"),
                       ("thong", "role_forbidden")):  # fmt: skip
        refused = run(data, *review, "--user", user)
        assert refused.returncode == 1, (user, refused.stderr)
        assert "Traceback" not in refused.stderr
    ok(data, *review, "--user", "lan")
    ok(data, *review, "--user", "so")  # the province's admin
    ok(data, "user", "disable", "lan")
    assert run(data, *review, "--user", "lan").returncode == 1
    api = api_for(sync_server, "66001")
    reviewers = [d["reviewer"] for d in api.feedback().json()["decisions"]]
    assert reviewers == ["an", "lan", "so"]


def test_logins_failures_lockouts_reviews_and_account_changes_are_audited(
    sync_server_factory, run, ok
):
    sync_server = sync_server_factory(login_refusal_hold=0)
    data = sync_server
    district(sync_server)
    api = api_for(sync_server, "66001")
    api.send([change("student", "s1", code="HS001", full_name="Nguyễn Thị Bé"),
              change("need", "n1", student_id="s1")])  # fmt: skip
    for n in range(5):
        login(sync_server.url, "66001", password=f"bí mật {n}")
    staff_login(sync_server.url, "lan")
    ok(data, "review", "66001", "--student", "HS001", "--approve", "--user", "lan")
    ok(data, "school", "disable", "66001")
    ok(data, "user", "revoke", "lan")
    text = ok(data, "audit")
    rows = json.loads(ok(data, "audit", "--json"))
    actions = [(r["actor_kind"], r["action"], r["outcome"]) for r in rows]
    for expected in [("operator", "unit.add", "ok"), ("operator", "school.add", "ok"),
                     ("operator", "user.add", "ok"), ("school", "login", "ok"),
                     ("school", "login", "failed"), ("school", "lockout", "locked 30 s"),
                     ("staff", "login", "ok"), ("staff", "review", "approved"),
                     ("operator", "school.disable", "ok"), ("operator", "user.revoke", "ok")]:  # fmt: skip
        assert expected in actions, expected
    assert [r["seq"] for r in rows] == sorted(r["seq"] for r in rows)
    assert all(r["client_address"] == "127.0.0.1" for r in rows if r["action"] == "login")
    for secret in ("bí mật", PASSWORD, STAFF_PASSWORD, "Nguyễn Thị Bé", api.http.headers[
            "Authorization"].split()[1]):  # fmt: skip
        assert secret not in text
    lan = json.loads(ok(data, "audit", "--json", "--actor", "lan"))
    assert {r["action"] for r in lan} == {"login", "review"}
    assert json.loads(ok(data, "audit", "--json", "--since", "2999-01-01")) == []
    # A day as a Vietnamese operator writes it is understood; anything else is refused
    assert json.loads(ok(data, "audit", "--json", "--since", "01/01/2999")) == []
    assert json.loads(ok(data, "audit", "--json", "--since", "01/01/2000")) == rows
    for wrong in ("2026-13-45", "garbage"):
        with pytest.raises(SystemExit) as refused:
            run(data, "audit", "--since", wrong)
        assert refused.value.code == 2


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["unit", "add", "66-01", "--name", "X", "--parent", "99"], "Chưa có đơn vị"),
        (
            [
                "user",
                "add",
                "a",
                "--name",
                "A",
                "--role",
                "admin",
                "--unit",
                "99",
                "--password-stdin",
            ],
            "Chưa có đơn vị",
        ),
        (["school", "disable", "99999"], "chưa có"),
    ],
)
def test_account_commands_refuse_unknown_units_and_schools_in_one_sentence(tmp_path, args, says):
    assert child(tmp_path, "unit", "add", "1", "--name", "Sở").returncode == 0  # the store
    done = child(tmp_path, *args, stdin="mật khẩu p\n")
    assert done.returncode == 1 and says in done.stderr
    assert "Traceback" not in done.stderr


# ---- second round: what a newcomer operator ran into ---------------------------------------------


def os_login() -> str:
    import getpass

    return getpass.getuser()


def test_a_new_password_needs_8_characters_and_an_older_shorter_one_still_logs_in(
    sync_server, run, ok
):
    from sync.server.auth import hash_password

    data = sync_server
    district(sync_server)
    add = ["add-school", "66001", "--username", "clerk", "--password-stdin"]
    for args, stdin in ((add, "x\n"), (["add-school", "66002", "--name", "Mới", "--username",
                                         "c", "--password-stdin"], "1234567\n"),
                        (["user", "add", "an", "--name", "An", "--role", "health", "--unit", "66",
                          "--password-stdin"], "abc\n"),
                        (["user", "reset-password", "lan", "--password-stdin"], "abc\n")):  # fmt: skip
        refused = run(data, *args, stdin=stdin)
        assert refused.returncode == 2, (args, refused.stderr)
        assert "Mật khẩu quá ngắn: cần ít nhất 8 ký tự" in refused.stderr
        assert stdin.strip() not in refused.stderr
    assert login(sync_server.url, "66001").status_code == 200  # nothing changed
    assert staff_login(sync_server.url, "lan").status_code == 200
    ok(data, *add, stdin="12345678\n")  # 8 will do
    # An account made before the rule keeps its short password.
    with sync_server.store.transaction() as conn:
        conn.execute("UPDATE staff SET password_hash = ? WHERE username = 'lan'",
                     (hash_password("abc"),))  # fmt: skip
    assert staff_login(sync_server.url, "lan", "abc").status_code == 200


def test_every_command_line_action_names_the_os_login_in_the_audit(sync_server_factory, run, ok):
    sync_server = sync_server_factory(login_refusal_hold=0)
    data = sync_server
    district(sync_server)
    api = api_for(sync_server, "66001")
    api.send([change("student", "s1", code="HS001"), change("need", "n1", student_id="s1")])
    ok(data, "review", "66001", "--student", "HS001", "--approve", "--user", "lan")
    ok(data, "unit", "add", "66-03", "--name", "Phòng GD&ĐT Ea Kar", "--parent", "66")
    ok(data, "user", "revoke", "minh")
    login(sync_server.url, "66001", password="sai sai sai")
    staff_login(sync_server.url, "hoa", "sai sai sai")
    rows = json.loads(ok(data, "audit", "--json"))
    at_console = f"local:{os_login()}"
    (review,) = [r for r in rows if r["action"] == "review"]
    assert (review["actor"], review["actor_kind"], review["client_address"]) == (
        "lan", "staff", at_console)  # who at the keyboard acted as lan  # fmt: skip
    for action, target in (("unit.add", "66-03"), ("user.revoke", "minh")):
        (row,) = [r for r in rows if (r["action"], r["target"]) == (action, target)]
        assert row["client_address"] == at_console
    logins = [r for r in rows if r["action"] == "login"]
    assert logins and {r["client_address"] for r in logins} == {"127.0.0.1"}
    # The school's and a staff account's failed logins carry their unit: a district finds them.
    failed = {(r["actor_kind"], r["unit_code"]) for r in logins if r["outcome"] == "failed"}
    assert failed == {("school", "66-01"), ("staff", "66-01")}
    assert all(r["unit_code"] == "66-01" for r in logins if r["actor_kind"] == "school")
    text = ok(data, "audit")
    assert at_console in text


def test_no_decision_on_a_student_without_a_need(sync_server, run, ok):
    data = sync_server
    api = api_for(sync_server, "66001")
    api.send([change("student", "s1", code="HS001")])
    assert ok(data, "stats", "--school", "66001", "--json").count('"needs": 0') == 1
    for decision in (["--approve"], ["--return", "--comment", "Thiếu giấy"]):
        refused = run(data, "review", "66001", "--student", "HS001", *decision, "--reviewer", "an")
        assert refused.returncode == 1, refused.stderr
        assert "HS001 (trường 66001) chưa có nhu cầu nào trên máy chủ" in refused.stderr
        assert "Đã ghi" not in refused.stdout and "Traceback" not in refused.stderr
    assert api.feedback().json()["decisions"] == []
    api.send([change("need", "n1", student_id="s1")])
    assert "Đã ghi quyết định" in ok(data, "review", "66001", "--student", "HS001", "--approve",
                                     "--reviewer", "an")  # fmt: skip


def test_school_list_shows_the_level_and_add_school_says_what_it_changed(sync_server, run, ok):
    data = sync_server
    district(sync_server)
    listed = ok(data, "school", "list")
    assert "66001\t66-01\tTHCS\t" in listed
    again = ok(data, "add-school", "66001", "--name", "Trường THPT Ea Tu", "--username", "clerk",
               "--unit", "66-02", "--level", "THPT", "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    for says in ("tên trường (Trường THCS 66001 → Trường THPT Ea Tu)", "đơn vị (66-01 → 66-02)",
                 "cấp học (THCS → THPT)", "đặt lại mật khẩu tài khoản clerk"):  # fmt: skip
        assert says in again, again
    same = ok(data, "add-school", "66001", "--username", "clerk", "--level", "THPT",
              "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    assert "cấp học" not in same and "đặt lại mật khẩu" in same
    added = ok(data, "add-school", "66001", "--username", "kt", "--password-stdin",
               stdin=PASSWORD + "\n")  # fmt: skip
    assert "thêm tài khoản kt" in added
    (school,) = json.loads(ok(data, "school", "list", "--json"))
    assert (school["level"], school["unit"], school["accounts"]) == ("THPT", "66-02", 2)
    rows = json.loads(ok(data, "audit", "--json", "--actor", os_login()))
    assert ("school.level", "THCS -> THPT") in {(r["action"], r["outcome"]) for r in rows}


@pytest.mark.parametrize(
    "args",
    [
        ["unit", "list"], ["school", "list", "--json"], ["school", "disable", "66001"],
        ["user", "list"], ["user", "reset-password", "lan", "--password-stdin"], ["audit"],
        ["review", "66001", "--student", "HS1", "--approve"], ["stats", "--school", "66001"],
        ["server-key"], ["register-key", "66001", "A" * 43 + "="], ["set-aside", "list"],
        ["import-package", "p.pkg"], ["user", "unlock", "lan"],
    ],
)  # fmt: skip
def test_a_mistyped_data_folder_is_refused_not_made(tmp_path, run, args):
    typo = tmp_path / "srv" / "songmy"
    done = run(typo, *args, stdin="mật khẩu mới\n")
    assert done.returncode == 1, done.stderr
    assert f"Chưa có dữ liệu máy chủ ở {typo / 'server.sqlite3'}; kiểm tra --data/--db" in (
        done.stderr)  # fmt: skip
    assert not (tmp_path / "srv").exists()


def test_empty_lists_say_so_and_the_creating_commands_still_create(tmp_path, run):
    done = run(tmp_path, "unit", "add", "66", "--name", "Sở GD&ĐT Đắk Lắk")
    assert done.returncode == 0 and (tmp_path / "server.sqlite3").is_file()
    assert run(tmp_path, "school", "list").stdout == "Chưa có trường nào.\n"
    assert run(tmp_path, "user", "list").stdout == "Chưa có tài khoản cán bộ nào.\n"
    assert run(tmp_path, "school", "list", "--json").stdout == "[]\n"
    assert run(tmp_path, "audit", "--actor", "ai").stdout.startswith("Nhật ký chưa có mục nào")
    other = tmp_path / "other"
    assert run(other, "unit", "list").returncode == 1
    done = run(other, "add-school", "66001", "--name", "X", "--username", "c", "--password-stdin",
               stdin=PASSWORD + "\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert run(other, "unit", "list").stdout == "Chưa có đơn vị nào.\n"


def test_unlock_lifts_a_lockout_and_so_do_a_new_password_and_add_school(
    sync_server_factory, run, ok
):
    sync_server = sync_server_factory(login_refusal_hold=0)
    data, url = sync_server, sync_server.url

    def lock_school() -> None:
        for n in range(5):
            login(url, "66001", password=f"sai {n} sai")
        assert login(url, "66001").status_code == 429

    def lock_staff() -> None:
        for n in range(5):
            staff_login(url, "lan", f"sai {n} sai")
        assert staff_login(url, "lan").status_code == 429

    district(sync_server)
    lock_school()
    assert "Đã gỡ khóa đăng nhập của trường 66001 (tài khoản clerk)" in ok(
        data, "school", "unlock", "66001")  # fmt: skip
    assert login(url, "66001").status_code == 200
    assert "không có tài khoản nào đang bị khóa" in ok(data, "school", "unlock", "66001")
    lock_staff()
    assert "Đã gỡ khóa đăng nhập của tài khoản lan" in ok(data, "user", "unlock", "lan")
    assert staff_login(url, "lan").status_code == 200
    lock_staff()
    ok(data, "user", "reset-password", "lan", "--password-stdin", stdin="mật khẩu mới 2\n")
    assert staff_login(url, "lan", "mật khẩu mới 2").status_code == 200
    lock_school()
    ok(data, "add-school", "66001", "--username", "clerk", "--password-stdin",
       stdin="mật khẩu mới 3\n")  # fmt: skip
    assert login(url, "66001", password="mật khẩu mới 3").status_code == 200
    assert run(data, "user", "unlock", "nobody").returncode == 1
    assert run(data, "school", "unlock", "99999").returncode == 1
    rows = json.loads(ok(data, "audit", "--json"))
    unlocks = [(r["action"], r["target"], r["unit_code"], r["outcome"]) for r in rows
               if r["action"].endswith(".unlock")]  # fmt: skip
    assert unlocks == [("school.unlock", "66001", "66-01", "unlocked clerk"),
                       ("school.unlock", "66001", "66-01", "not locked"),
                       ("user.unlock", "lan", "66-01", "ok")]  # fmt: skip


def test_units_and_roles_are_listed_in_vietnamese_and_json_keeps_the_codes(sync_server, ok):
    data = sync_server
    district(sync_server)
    units = ok(data, "unit", "list")
    assert "66\ttỉnh/thành phố — Sở\tSở GD&ĐT Đắk Lắk" in units
    assert "66-01\tquận/huyện — Phòng, thuộc 66\t" in units
    users = ok(data, "user", "list")
    for label in ("lan\tngười duyệt\t", "so\tquản trị\t", "thong\tthống kê\t"):
        assert label in users
    for code in ("province", "district", "reviewer", "statistician", "admin"):
        assert code not in units + users
    assert {u["role"] for u in json.loads(ok(data, "user", "list", "--json"))} == {
        "reviewer", "admin", "statistician"}  # fmt: skip
    added = ok(data, "user", "add", "yte", "--name", "Y tế", "--role", "health", "--unit", "66-01",
               "--password-stdin", stdin="mật khẩu y tế\n")  # fmt: skip
    assert "(y tế trường học, đơn vị 66-01)" in added
