"""The operator's side of the server, for real: the rotating log file (request lines and worker
events, never a password, token or child's name), ``GET /metrics`` (loopback only by default) and
``songmay-server backup`` while ``serve`` keeps running."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time

import pytest
import requests
from server_helpers import PASSWORD, api_for, change, login, submission

from sync.server import cli as server_cli

PLANTED = "Hoàng Thị Bí Mật"


def test_the_log_file_has_request_lines_and_worker_events_but_no_secret_or_child_name(
    sync_server_process,
):
    server = sync_server_process
    api = api_for(server)
    assert login(server.url, "66001", password="sai mật khẩu 9").status_code == 401
    results = api.send([change(full_name=PLANTED)])
    assert results[0]["status"] == "accepted"
    token = api.http.headers["Authorization"].removeprefix("Bearer ")
    server.stop()

    log_file = server.data_dir / "server.log"
    text = log_file.read_text(encoding="utf-8")
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert "POST /api/v1/auth/token 200" in text and "POST /api/v1/auth/token 401" in text
    assert "POST /api/v1/submissions 202" in text
    assert "GET /api/v1/submissions/{submission_id} 200" in text
    assert "processing worker started" in text and "processing worker stopped" in text
    for secret in (PLANTED, PASSWORD, "sai mật khẩu 9", token, token[:12]):
        assert secret not in text


def test_the_log_file_can_be_put_elsewhere_and_rotates(tmp_path):
    pytest.importorskip("uvicorn")
    from sync.server.ops import LOG_BACKUPS, close_log_file, open_log_file, requests_log

    handler = open_log_file(tmp_path / "logs" / "x.log")
    try:
        handler.maxBytes = 2000  # type: ignore[attr-defined]
        for n in range(200):
            requests_log.info("GET /api/v1/health 200 %d ms", n)
    finally:
        close_log_file(handler)
    files = sorted((tmp_path / "logs").iterdir())
    assert len(files) == LOG_BACKUPS + 1
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)


def metric(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    raise AssertionError(f"{name} not in\n{text}")


@pytest.fixture
def idle_server(tmp_path):
    """A server whose worker does not run: submissions stay "received"."""
    pytest.importorskip("uvicorn")
    from sync.server.app import ServerSettings
    from sync.server.testing import ServerThread

    server = ServerThread(tmp_path / "idle", ServerSettings(process=False))
    server.start()
    yield server
    server.stop()


def test_metrics_count_requests_submissions_set_aside_lag_and_uptime(idle_server):
    server = idle_server
    api = api_for(server)
    body = submission("66001", [change(full_name=PLANTED)])
    assert api.submit(body).status_code == 202
    assert api.status(body["submission_id"]).status_code == 200
    time.sleep(0.3)

    answer = requests.get(server.url + "/metrics", timeout=5)

    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = answer.text
    assert (
        'songmay_requests_total{method="POST",route="/api/v1/submissions",status="202"} 1' in text
    )
    assert (
        'songmay_requests_total{method="GET",route="/api/v1/submissions/{submission_id}",'
        'status="200"} 1'
    ) in text
    assert metric(text, 'songmay_submissions{state="received"}') == 1
    assert metric(text, 'songmay_submissions{state="done"}') == 0
    assert metric(text, "songmay_set_aside") == 0
    assert metric(text, "songmay_processing_lag_seconds") >= 0.3
    assert metric(text, "songmay_uptime_seconds") > 0
    assert PLANTED not in text and body["submission_id"] not in text
    for n in range(3):  # a client's made-up methods do not make new series
        requests.request(f"MADEUP{n}", server.url + "/api/v1/health", timeout=5)
    text = requests.get(server.url + "/metrics", timeout=5).text
    assert "MADEUP" not in text and 'method="OTHER",route="/api/v1/health"' in text


def test_metrics_are_hidden_from_addresses_not_allowed(sync_server_factory):
    server = sync_server_factory(metrics_from=("10.0.0.0/8",))
    assert requests.get(server.url + "/metrics", timeout=5).status_code == 404


def test_metrics_from_rejects_a_bad_network(capsys):
    with pytest.raises(SystemExit) as exited:
        server_cli.main(["serve", "--metrics-from", "10.0.0.0/8,không-phải-mạng"])
    assert exited.value.code == 2
    assert "không hợp lệ" in capsys.readouterr().err


def test_backup_copies_the_database_while_the_server_keeps_taking_submissions(
    capsys, sync_server_process, tmp_path
):
    server = sync_server_process
    api = api_for(server)
    api.send([change()])
    stop = threading.Event()
    sent = []

    def keep_sending() -> None:
        while not stop.is_set():
            body = submission("66001", [change() for _ in range(20)])
            if api.submit(body).status_code == 202:
                sent.append(body["submission_id"])

    sender = threading.Thread(target=keep_sending)
    sender.start()
    try:
        time.sleep(0.3)
        code = server_cli.main(["--data", str(server.data_dir), "backup", "--output",
                                str(tmp_path / "copy.sqlite3")])  # fmt: skip
        out, err = capsys.readouterr()
        folder = tmp_path / "daily"
        folder.mkdir()
        assert server_cli.main(["--data", str(server.data_dir), "backup", "--output",
                                str(folder)]) == 0  # fmt: skip
    finally:
        stop.set()
        sender.join()
    assert code == 0, err
    copy = tmp_path / "copy.sqlite3"
    assert str(copy) in out and "ok" in out
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        copied = conn.execute("SELECT count(*) FROM submissions").fetchone()[0]
    assert 1 <= copied <= 1 + len(sent)
    (daily,) = folder.iterdir()
    assert daily.name.startswith("songmay-server-") and daily.suffix == ".sqlite3"
    assert requests.get(server.url + "/api/v1/health", timeout=5).status_code == 200


def test_backup_refuses_a_missing_database_and_postgres_with_one_sentence(capsys, tmp_path):
    code = server_cli.main(["--db", str(tmp_path / "none.sqlite3"), "backup", "--output",
                            str(tmp_path / "b.sqlite3")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and "Không có tệp dữ liệu" in err and "Traceback" not in err
    assert not (tmp_path / "b.sqlite3").exists() and os.listdir(tmp_path) == []
    code = server_cli.main(["--db", "postgresql://u@localhost/songmay", "backup", "--output",
                            str(tmp_path / "b.sql")])  # fmt: skip
    err = capsys.readouterr().err
    assert code in (0, 1) and "Traceback" not in err
    if code == 1:
        assert "PostgreSQL" in err
