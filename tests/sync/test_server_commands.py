"""``songmay-server``'s commands as scripts run them (real processes, exit codes, stdin), offline
packages, a server killed mid-work, and the committed OpenAPI document."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from server_helpers import (
    PASSWORD,
    api_for,
    both_backends,
    change,
    login,
    package_zip,
    register_key,
    seal_package,
    sealed_package,
    signing_key,
    submission,
)

from sync.server.cli import openapi_document
from sync.server.store import Store, resolve_db_path

ROOT = Path(__file__).resolve().parents[2]
OPENAPI = ROOT / "sync" / "server" / "openapi.json"
REGENERATE = "python -m sync.server.cli openapi --output sync/server/openapi.json"

server_backend = both_backends  # every test with a server runs on SQLite and on PostgreSQL


def run(
    data: Any, *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``songmay-server [--data DATA] ARGS…`` in a child process; for a server, its data (its
    folder, and its PostgreSQL database if it has one)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    if hasattr(data, "cli_args"):
        where = data.cli_args()
    else:
        where = ["--data", str(data)] if data is not None else []
    return subprocess.run(
        [sys.executable, "-m", "sync.server.cli", *where, *args], check=False, input=stdin,
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=60,
    )  # fmt: skip


def test_add_school_reads_the_password_from_stdin_and_the_school_can_log_in(sync_server):
    done = run(sync_server, "add-school", "66001", "--name", "Trường THCS Ea Tu",
               "--username", "clerk", "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Đã thêm trường 66001" in done.stdout
    assert login(sync_server.url, "66001").status_code == 200


def test_adding_the_school_again_changes_the_password_and_ends_old_sessions(sync_server):
    api = api_for(sync_server)
    done = run(sync_server, "add-school", "66001", "--username", "clerk",
               "--password-stdin", stdin="mật khẩu mới\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "đã đổi: đặt lại mật khẩu tài khoản clerk" in done.stdout
    assert "1 phiên đăng nhập cũ đã bị hủy" in done.stdout
    assert login(sync_server.url, "66001").status_code == 401
    assert login(sync_server.url, "66001", password="mật khẩu mới").status_code == 200
    assert api.feedback().status_code == 401


@pytest.mark.parametrize(
    ("args", "stdin", "says"),
    [
        (
            ["66001", "--name", "X", "--username", "clerk", "--password-stdin"],
            "\n",
            "Mật khẩu trống",
        ),
        (["66001", "--username", "clerk", "--password-stdin"], "mật khẩu 1\n", "--name"),
        (
            ["66 001", "--name", "X", "--username", "clerk", "--password-stdin"],
            "mật khẩu 1\n",
            "Mã trường",
        ),
        (
            ["66001", "--name", "X", "--username", "clerk", "--password-stdin"],
            "1234567\n",
            "ít nhất 8 ký tự",
        ),
    ],
)
def test_add_school_refuses_bad_input_with_exit_2(tmp_path, args, stdin, says):
    done = run(tmp_path, "add-school", *args, stdin=stdin)
    assert done.returncode == 2 and says in done.stderr
    assert "Traceback" not in done.stderr


def test_review_records_a_decision_for_a_received_student(sync_server):
    api = api_for(sync_server)
    api.send([change("student", "s1", code="HS001"), change("need", "n1", student_id="s1")])
    done = run(sync_server, "review", "66001", "--student", "HS001", "--return",
               "--comment", "Bổ sung giấy xác nhận hộ nghèo")  # fmt: skip
    assert done.returncode == 0, done.stderr
    (decision,) = api.feedback().json()["decisions"]
    assert (decision["decision"], decision["need_id"]) == ("returned", "n1")
    assert decision["comment"] == "Bổ sung giấy xác nhận hộ nghèo"


def test_review_refuses_an_unknown_student_and_a_return_without_comment(sync_server):
    api_for(sync_server)
    unknown = run(sync_server, "review", "66001", "--student", "HS404", "--approve")
    assert unknown.returncode == 1
    assert "Không tìm thấy học sinh có mã HS404" in unknown.stderr
    no_comment = run(sync_server, "review", "66001", "--student", "HS404", "--return")
    assert no_comment.returncode == 2 and "--comment" in no_comment.stderr
    assert "Traceback" not in unknown.stderr + no_comment.stderr


def test_stats_prints_what_the_server_holds_as_json(sync_server):
    api = api_for(sync_server)
    api.send([change("student"), change("student"), change("device"), change("need")])
    done = run(sync_server, "stats", "--school", "66001", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "school": "66001", "students": 2, "needs": 1, "devices": 1, "handovers": 0,
        "changes_applied": 4,
    }  # fmt: skip
    assert run(sync_server, "stats", "--school", "99999").returncode == 1


def test_importing_a_package_twice_applies_it_once(sync_server, tmp_path):
    api = api_for(sync_server)
    bodies = [
        submission("66001", [change("student"), change("device")]),
        submission("66001", [change("student", full_name=""), change("need")]),
    ]
    key = signing_key()
    register_key(sync_server, "66001", key)
    package = sealed_package(tmp_path / "66001.zip", sync_server.data_dir, "66001", bodies, key)
    first = run(sync_server, "import-package", str(package), "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == {
        "school": "66001", "signed": True, "submissions": 2, "new_submissions": 2, "already_imported": 0,
        "accepted": 3, "duplicate": 0, "rejected": 1,
    }  # fmt: skip
    before = sync_server.stats("66001")
    second = run(sync_server, "import-package", str(package))
    assert second.returncode == 0, second.stderr
    assert "đã nhập trước đó 2" in second.stdout and "không có gì thay đổi" in second.stdout
    assert sync_server.stats("66001") == before == {**before, "changes_applied": 3}
    # the school's client sending the same submission over HTTP later applies nothing either
    assert api.submit(bodies[0], key="pkg-1").json()["submission_id"] == bodies[0]["submission_id"]
    assert sync_server.stats("66001") == before


def test_a_disabled_schools_package_is_refused_like_its_logins(sync_server, tmp_path):
    api_for(sync_server)
    key = signing_key()
    register_key(sync_server, "66001", key)
    package = sealed_package(tmp_path / "66001.zip", sync_server.data_dir, "66001",
                             [submission("66001", [change("student")])], key)  # fmt: skip
    assert run(sync_server, "school", "disable", "66001").returncode == 0
    refused = run(sync_server, "import-package", str(package))
    assert refused.returncode != 0 and "tạm ngừng" in refused.stderr
    assert sync_server.stats("66001")["changes_applied"] == 0
    assert run(sync_server, "school", "enable", "66001").returncode == 0
    assert run(sync_server, "import-package", str(package)).returncode == 0
    assert sync_server.stats("66001")["changes_applied"] == 1


def test_a_package_with_a_bad_checksum_is_refused_and_nothing_applied(sync_server, tmp_path):
    api_for(sync_server)
    key = signing_key()
    register_key(sync_server, "66001", key)
    good = submission("66001", [change()])
    package = package_zip("66001", [good, submission("66001", [change()])])
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(inner, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "submissions/0002.json":
                data = data.replace(b"Nguy", b"Ngui")
            target.writestr(item, data)
    tampered = seal_package(tmp_path / "p.pkg", sync_server.data_dir, "66001",
                            inner.read_bytes(), key)  # signed by the school, checked inside  # fmt: skip
    done = run(sync_server, "import-package", str(tampered))
    assert done.returncode == 2
    assert "sha256" in done.stderr and "Không có dữ liệu nào được nhập" in done.stderr
    assert sync_server.stats("66001")["changes_applied"] == 0


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"not a zip", "không phải gói dữ liệu của chương trình"),
        (None, "thiếu tệp manifest.json"),
        (json.dumps({"format": "other", "version": 1}).encode(), "không phải gói songmay-package"),
    ],
)
def test_a_broken_package_is_refused_with_exit_2(tmp_path, content, says):
    """(The zips are version 1: looked into only when the operator allows unsigned ones.)"""
    package = tmp_path / "p.zip"
    if content == b"not a zip":
        package.write_bytes(content)
    else:
        with zipfile.ZipFile(package, "w") as archive:
            archive.writestr("manifest.json" if content else "other.txt", content or b"")
    Store(tmp_path / "server.sqlite3").initialize()
    done = run(tmp_path, "import-package", str(package), "--allow-unsigned")
    assert done.returncode == 2 and says in done.stderr and "Traceback" not in done.stderr


def test_a_package_of_an_unknown_school_is_refused_with_exit_2(tmp_path):
    package = sealed_package(tmp_path / "p.pkg", tmp_path, "77777",
                             [submission("77777", [change()])], signing_key())  # fmt: skip
    Store(tmp_path / "server.sqlite3").initialize()
    done = run(tmp_path, "import-package", str(package))
    assert done.returncode == 2 and "trường 77777 chưa có trên máy chủ" in done.stderr


def test_a_server_killed_while_applying_finishes_the_submission_exactly_once(
    sync_server_factory,
):
    server = sync_server_factory(process=True, apply_delay=30)  # holds each commit back
    api = api_for(server)
    body = submission("66001", [change("student"), change("device"), change("handover")])
    assert api.submit(body).status_code == 202  # committed before the answer
    api.wait_status(body["submission_id"], "processing")
    server.kill()  # SIGKILL in the middle of the apply transaction
    assert server.stats("66001")["changes_applied"] == 0
    server.settings = type(server.settings)()
    server.start()
    results = api.wait_done(body["submission_id"])["results"]
    assert [r["status"] for r in results] == ["accepted"] * 3
    assert server.stats("66001")["changes_applied"] == 3
    assert api.submit(body).status_code == 202  # a resend (new key) applies nothing more
    assert server.stats("66001")["changes_applied"] == 3


def test_serve_prints_its_url_and_stops_cleanly_on_ctrl_c(sync_server_factory):
    server = sync_server_factory(process=True)
    assert server.running
    process = server.process
    server.stop()  # SIGINT, as Ctrl+C
    assert process.returncode == 0
    assert "Traceback" not in server.log_path.read_text(encoding="utf-8")


def test_serve_refuses_a_port_in_use_with_exit_1(sync_server, tmp_path):
    port = sync_server.url.rsplit(":", 1)[1]
    done = run(tmp_path, "serve", "--port", port)
    assert done.returncode == 1 and "Cổng có thể đang được chương trình khác dùng" in done.stderr


def test_the_database_can_be_named_by_path_or_sqlite_url(tmp_path):
    environ = {"SONGMAY_SERVER_DB": "sqlite:////srv/songmay/server.sqlite3"}
    assert resolve_db_path(environ=environ) == Path("/srv/songmay/server.sqlite3")
    assert resolve_db_path(db="sqlite:///data/s.sqlite3", environ={}) == Path("data/s.sqlite3")
    assert resolve_db_path(data_dir=tmp_path, environ=environ) == tmp_path / "server.sqlite3"
    bad = run(None, "stats", "--school", "1", env={"SONGMAY_SERVER_DB": "mysql://u:pw@h/db"})
    assert bad.returncode == 2 and "Địa chỉ cơ sở dữ liệu không hợp lệ" in bad.stderr
    assert "pw" not in bad.stderr  # a password in a URL is never printed
    by_url = run(None, "--db", f"sqlite:///{tmp_path}/by-url.sqlite3", "unit", "add", "1",
                 "--name", "Sở")  # fmt: skip
    assert by_url.returncode == 0 and (tmp_path / "by-url.sqlite3").is_file()


def test_the_committed_openapi_document_is_the_apps():
    committed = json.loads(OPENAPI.read_text(encoding="utf-8"))
    assert committed == json.loads(openapi_document()), (
        f"sync/server/openapi.json is out of date; regenerate it with: {REGENERATE}"
    )


def test_the_songmay_server_script_and_the_server_extra_are_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["songmay-server"] == "sync.server.cli:main"
    extras = project["optional-dependencies"]
    for extra in ("server", "test"):
        assert {"fastapi", "uvicorn"} <= {r.split(">")[0].split("=")[0] for r in extras[extra]}
