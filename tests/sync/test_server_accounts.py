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
    ok(data, "user", "reset-password", "lan", "--password-stdin", stdin="mới mới\n")
    assert staff_login(sync_server.url, "lan").status_code == 401
    assert staff_login(sync_server.url, "lan", "mới mới").status_code == 200
    assert run(data, "user", "disable", "nobody").returncode == 1
    dup = run(data, "user", "add", "lan", "--name", "X", "--role", "health", "--unit", "66",
              "--password-stdin", stdin="p\n")  # fmt: skip
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
                        "disabled": True, "accounts": 1}]  # fmt: skip
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
            stdin="p\n",
        ).returncode
        == 1
    )  # a province is not a district


# ---- reviews and audit --------------------------------------------------------------------------


def test_a_review_is_recorded_by_a_staff_account_of_the_schools_district(sync_server, run, ok):
    data = sync_server
    api = api_for(sync_server, "66001")
    api.send([change(code="HS001")])
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
    api.send([change(code="HS001", full_name="Nguyễn Thị Bé")])
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
    done = child(tmp_path, *args, stdin="p\n")
    assert done.returncode == 1 and says in done.stderr
    assert "Traceback" not in done.stderr
