"""Fault tests: a flaky network between the client and the real server, and a server restarted in
the middle of a sync. Each ends with the server holding exactly the school's changes — none lost,
none applied twice."""

from __future__ import annotations

import http.client
import random
import sqlite3
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
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
    statuses,
)

from desktop_app.core.demo import fill_demo_data
from sync.client import SyncSettings
from sync.transport import RetryPolicy, Timeouts

READ_TIMEOUT = 0.4
FAULTS = ("error_500", "too_slow", "answer_lost", "throttled")


class FaultyProxy:
    """An HTTP proxy on loopback that disturbs a share of the requests it carries:

    - error_500: answers 500 without asking the server;
    - too_slow: forwards, then holds the answer past the client's read timeout;
    - answer_lost: forwards, receives the server's whole answer, then cuts the connection (the
      server committed, the client never hears);
    - throttled: answers 429 with Retry-After.
    """

    def __init__(self, upstream_port: int, *, rate: float, seed: int) -> None:
        self.upstream_port = upstream_port
        self.rate = rate
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.counts: Counter[str] = Counter()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                with proxy.lock:
                    proxy.counts["requests"] += 1
                    fault = (proxy.rng.choice(FAULTS) if proxy.rng.random() < proxy.rate
                             else None)  # fmt: skip
                    if fault:
                        proxy.counts[fault] += 1
                if fault == "error_500":
                    self._reply(500, {"Content-Type": "text/plain"}, b"proxy says no")
                    return
                if fault == "throttled":
                    self._reply(429, {"Retry-After": "1"}, b"")
                    return
                status, headers, answer = self._forward(body)
                if fault == "answer_lost":
                    return  # the handler ends: the connection closes with no answer at all
                if fault == "too_slow":
                    time.sleep(READ_TIMEOUT * 1.5)
                self._reply(status, headers, answer)

            def _forward(self, body: bytes | None) -> tuple[int, dict[str, str], bytes]:
                upstream = http.client.HTTPConnection("127.0.0.1", proxy.upstream_port, timeout=30)
                try:
                    headers = {k: v for k, v in self.headers.items()
                               if k.lower() not in ("host", "connection")}  # fmt: skip
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    response = upstream.getresponse()
                    answer = response.read()
                    kept = {k: v for k, v in response.getheaders() if k.lower() not in (
                        "content-length", "transfer-encoding", "connection", "date", "server")}  # fmt: skip
                    return response.status, kept, answer
                finally:
                    upstream.close()

            def _reply(self, status: int, headers: dict[str, str], body: bytes) -> None:
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up already
                    pass

            do_GET = do_POST = _handle

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FaultyProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def disturbed(self) -> int:
        return sum(self.counts[f] for f in FAULTS)


@pytest.fixture
def server(sync_server):
    sync_server.add_school(SCHOOL, USER, PASSWORD, name="Trường THCS Ea Tu")
    return sync_server


def assert_server_holds_exactly(db, server) -> None:
    conn = sqlite3.connect(server.data_dir / "server.sqlite3")
    try:
        applied = [r[0] for r in conn.execute(
            "SELECT change_id FROM applied_changes WHERE school_code = ?", [SCHOOL])]  # fmt: skip
        versions = dict(conn.execute(
            "SELECT entity || ':' || entity_id, version FROM records WHERE school_code = ?",
            [SCHOOL]).fetchall())  # fmt: skip
    finally:
        conn.close()
    assert len(applied) == len(set(applied))  # none applied twice
    assert set(applied) == local_change_ids(db)  # none lost
    local_versions = dict(db.execute(
        "SELECT entity || ':' || entity_id, MAX(version) FROM outbox GROUP BY 1").fetchall())  # fmt: skip
    assert versions == local_versions
    stats = server.stats(SCHOOL)
    for key, table in (("students", "students"), ("needs", "needs"), ("devices", "devices"),
                       ("handovers", "handovers")):  # fmt: skip
        assert stats[key] == db.execute(
            f"SELECT COUNT(*) FROM {table} WHERE deleted = 0").fetchone()[0]  # fmt: skip
    assert stats["changes_applied"] == len(applied)
    assert statuses(db) == {"sent": len(applied)}


def test_a_flaky_network_loses_nothing_and_doubles_nothing(db, server):
    fill_demo_data(db, students=300)
    rows = add_students(db, 100, prefix="X")
    for row in rows[:50]:
        edit(db, "student", "students", row["id"], class_name="7A1")
    total = len(local_change_ids(db))
    assert total >= 1000
    settings = SyncSettings(**{
        **FAST.__dict__, "max_changes": 40, "timeouts": Timeouts(connect=1.0, read=READ_TIMEOUT),
        "retry": RetryPolicy(attempts=10, base=0.01, cap=0.1, max_retry_after=0.05),
    })  # fmt: skip
    with FaultyProxy(int(server.url.rsplit(":", 1)[1]), rate=0.3, seed=20211) as proxy:
        runs = []
        for _ in range(5):  # a run may give up after its attempts; the next one goes on
            runs.append(client_for(proxy.url, settings=settings).run(db))
            if runs[-1].ok:
                break
    assert runs[-1].ok, runs[-1].error
    requests_seen, disturbed = proxy.counts["requests"], proxy.disturbed
    print(f"\nflaky network: {total} changes, {requests_seen} requests, {disturbed} disturbed "
          f"({disturbed / requests_seen:.0%}): {dict(proxy.counts)}; runs: {len(runs)}")  # fmt: skip
    assert disturbed / requests_seen >= 0.2
    assert all(proxy.counts[fault] >= 3 for fault in FAULTS)
    assert_server_holds_exactly(db, server)
    assert sum(r.accepted for r in runs) == total


def test_the_server_restarted_in_the_middle_of_a_sync(db, server):
    add_students(db, 400)
    settings = SyncSettings(**{
        **FAST.__dict__, "max_changes": 25,
        "retry": RetryPolicy(attempts=30, base=0.02, cap=0.2),
    })  # fmt: skip

    class RestartOnce(Recorder):
        restarted = False

        def set_progress(self, done: int, total: int, stage: str) -> None:
            super().set_progress(done, total, stage)
            if not self.restarted and done >= total // 3:
                self.restarted = True
                server.stop()  # graceful: a submission being applied is rolled back
                threading.Timer(0.3, server.start).start()

    progress = RestartOnce()
    report = client_for(server.url, settings=settings).run(db, progress)
    assert progress.restarted
    assert report.ok, report.error
    assert report.retries > 0
    assert_server_holds_exactly(db, server)
