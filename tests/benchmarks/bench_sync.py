"""Sync benchmark: the full client (batch, gzip, POST, poll until each submission is applied,
mark the results) against bare ``requests`` POSTing the same request bodies in the same batch
sizes and then asking after each submission until the server has applied it — both sides stop at
the same point, when the server has applied every change. Each to a fresh reference server on
loopback, alternating. Also the client's peak memory for a short and a long queue (it must not
grow with the queue's length). Goal (issue 5): client ≤ 2× the bare POSTs.

    .venv/bin/python tests/benchmarks/bench_sync.py --size 50000

Each attempt runs in its own child process, timed inside it from its login (bare) or the start
of its run (client) to the last submission answered ``done``; the client's run stops there (its
feedback pull and package-key exchange come after and are not timed). The servers run in this
process; each side's peak memory is its child's own (VmHWM).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common
from harness import PEAK_SOURCE, Attempt, Result, alternate, load

ROOT = common.ROOT
SCHOOL, USER, PASSWORD = "66001", "bench", "mật khẩu bench"

PEAK = PEAK_SOURCE  # the children print their own peak memory

CLIENT = (
    PEAK
    + """
import json, sys, time
from desktop_app.core.store.database import open_database
from sync.account import Account
from sync.client import SyncClient, SyncSettings
db = open_database(sys.argv[1])
if len(sys.argv) > 6:
    db.execute(f"PRAGMA cache_size=-{int(sys.argv[6])}")
client = SyncClient(Account(sys.argv[2], sys.argv[3], sys.argv[4]), lambda: sys.argv[5],
                    settings=SyncSettings(feedback=False))
applied = []
exchange = client._keys
def keys(db):  # after the last submission was answered done: the point the bare side stops at
    applied.append(time.perf_counter())
    exchange(db)
client._keys = keys
t = time.perf_counter()
report = client.run(db)
print(json.dumps({"seconds": applied[0] - t, "sent": report.sent,
                  "accepted": report.accepted, "submissions": report.submissions,
                  "pending": report.pending, "error": report.error, "peak_mb": peak_mb()}))
"""
)

BARE_POST = (
    PEAK
    + """
import json, sys, time
from pathlib import Path
import requests
folder, url = Path(sys.argv[1]), sys.argv[2]
bodies = [(p.name.split(".")[0], p.read_bytes()) for p in sorted(folder.glob("*.json.gz"))]
t = time.perf_counter()
http = requests.Session()
token = http.post(url + "/api/v1/auth/token", json={"school_code": sys.argv[3],
                  "username": sys.argv[4], "password": sys.argv[5]}, timeout=30).json()
http.headers["Authorization"] = "Bearer " + token["access_token"]
for key, body in bodies:
    answer = http.post(url + "/api/v1/submissions", data=body, timeout=60, headers={
        "Idempotency-Key": key.split("-", 1)[1], "Content-Type": "application/json",
        "Content-Encoding": "gzip"})
    assert answer.status_code == 202, answer.text
posted = time.perf_counter() - t
for key, _ in bodies:  # until the server applied every change
    submission = key.split("-", 1)[1]
    while http.get(url + "/api/v1/submissions/" + submission, timeout=60).json()["status"] != "done":
        time.sleep(0.02)
print(json.dumps({"seconds": time.perf_counter() - t, "posted_s": posted, "posts": len(bodies),
                  "peak_mb": peak_mb()}))
"""
)


def child(code: str, *args: str) -> tuple[dict[str, object], float]:
    """Run ``code`` in a child; returns its printed JSON and its peak RSS in MB."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, cwd=ROOT, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"child failed: {done.stdout.decode()} {done.stderr.decode()}")
    result = json.loads(done.stdout)
    return result, float(result["peak_mb"])


def fill(path: Path, changes: int) -> int:
    """Students and their needs, through the ChangeSet like real work: ``changes`` journal rows."""
    from desktop_app.core.school import save_school
    from desktop_app.core.store.changes import ChangeSet
    from desktop_app.core.store.database import open_database, write_transaction
    from desktop_app.core.store.outbox import outbox_counts

    db = open_database(path)
    save_school(db, {"name": "Trường THCS Ea Tu", "code": SCHOOL, "level": "THCS"})
    set_ = ChangeSet(source="bench")
    for number in range(changes // 2):  # + the school profile: at least ``changes``
        name = f"Nguyễn Văn An {number}"
        student = set_.insert("student", {
            "code": f"HS{number:07d}", "full_name": name, "name_key": name.lower(),
            "sort_key": name.lower(), "birth_date": "2010-09-05", "gender": "Nam",
            "class_name": f"{6 + number % 4}A{number % 5 + 1}", "ethnicity": "01",
            "guardian_name": "Nguyễn Văn Bình", "phone": "0912345678",
            "address": "Thôn 3, xã Ea Tu, thành phố Buôn Ma Thuột, tỉnh Đắk Lắk",
        })  # fmt: skip
        set_.insert("need", {
            "student_id": student["id"], "survey_round": "2021-2022", "category": 1 + number % 4,
            "poverty_cert_no": f"{number}/GCN-UBND", "requested_device": "tablet",
        })  # fmt: skip
    with write_transaction(db):
        set_.apply(db.conn)
    pending = outbox_counts(db)["pending"]
    db.close()
    return pending


def write_bodies(db_path: Path, folder: Path) -> int:
    """The request bodies the client would send, built the client's way (not timed)."""
    from desktop_app.core.store.database import open_database
    from desktop_app.core.store.outbox import sync_state, unassigned_pages
    from sync.batching import batches, compress, submission_body

    db = open_database(db_path)
    client_id = sync_state(db).client_id
    folder.mkdir()
    count = 0
    for count, batch in enumerate(batches(unassigned_pages(db)), 1):
        key = f"bench-{count:05d}"
        body = submission_body(batch, school_code=SCHOOL, client_id=client_id,
                               submission_id=key, created_at="2024-01-01T00:00:00")  # fmt: skip
        (folder / f"{count:05d}-{key}.json.gz").write_bytes(compress(body))
    db.close()
    return count


def server(folder: Path):  # type: ignore[no-untyped-def]
    from sync.server.testing import ServerThread

    started = ServerThread(folder)
    started.start()
    started.add_school(SCHOOL, USER, PASSWORD, name="Trường THCS Ea Tu")
    return started


def main() -> None:
    parser = common.arguments(__doc__, 50_000, "waiting changes in the outbox")
    parser.add_argument("--small", type=int, default=None,
                        help="the short queue for memory (default a fifth of --size)")  # fmt: skip
    args = parser.parse_args()
    common.ensure_key_file()
    small_size = args.small or max(args.size // 5, 50)

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        started = time.perf_counter()
        big = fill(work / "big.sqlite3", args.size)
        small = fill(work / "small.sqlite3", small_size)
        posts = write_bodies(work / "big.sqlite3", work / "bodies")
        common.progress(f"filled {big} + {small} pending changes, {posts} bodies in "
                        f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        rounds = {"bare": 0, "client": 0}
        figures: dict[str, object] = {}

        def bare() -> Attempt:
            rounds["bare"] += 1
            bare_server = server(work / f"server-bare-{rounds['bare']}")
            try:
                answer, rss = child(BARE_POST, str(work / "bodies"), bare_server.url, SCHOOL,
                                    USER, PASSWORD)  # fmt: skip
                applied = bare_server.stats(SCHOOL)["changes_applied"]
            finally:
                bare_server.stop()
            if applied != big:
                raise SystemExit(f"bare: the server holds {applied} of {big}")
            figures["bare POSTs alone (s)"] = round(float(answer["posted_s"]), 3)  # type: ignore[arg-type]
            return float(answer["seconds"]), rss  # type: ignore[arg-type]

        def client(name: str, source: Path, expected: int, cache_kb: str = "") -> Attempt:
            rounds["client"] += 1
            copy = work / f"{name}-{rounds['client']}.sqlite3"
            shutil.copyfile(source, copy)  # the same waiting queue every round
            sync_server = server(work / f"server-{name}-{rounds['client']}")
            try:
                extra = (cache_kb,) if cache_kb else ()
                report, rss = child(CLIENT, str(copy), sync_server.url, SCHOOL, USER, PASSWORD,
                                    *extra)  # fmt: skip
                applied = sync_server.stats(SCHOOL)["changes_applied"]
            finally:
                sync_server.stop()
            copy.unlink()
            if report["error"] or report["accepted"] != expected or report["pending"]:
                raise SystemExit(f"sync incomplete: {report}")
            if applied != expected:
                raise SystemExit(f"server holds {applied} of {expected}")
            if name == "big" and not cache_kb:
                figures["client submissions"] = report["submissions"]
            return float(report["seconds"]), rss  # type: ignore[arg-type]

        result = Result(
            "sync",
            goal="client sync until applied ≤ 2× bare POSTs of the same bodies until applied",
            conditions={"changes": big, "submissions": posts, "load": load()},
        )
        result.timings = alternate(
            [("bare POSTs until applied", bare),
             ("client sync until applied", lambda: client("big", work / "big.sqlite3", big))],
            args.repeat,
        )  # fmt: skip
        result.compare("client sync until applied", "bare POSTs until applied", limit=2.0)
        # Memory: the short queue, and both queues with SQLite's page cache at 2 MB instead of
        # 32 MB: what is left is the client's own memory, which must not grow with the queue.
        small_rss = client("small", work / "small.sqlite3", small)[1]
        big_2mb = client("big", work / "big.sqlite3", big, "2000")[1]
        small_2mb = client("small", work / "small.sqlite3", small, "2000")[1]
    result.figures = {
        **figures,
        f"client peak RSS, {small} / {big} changes (MB)":
            f"{small_rss:.0f} / {result.timing('client sync until applied').peak_rss_mb:.0f}",
        "the same with a 2 MB page cache (MB)": f"{small_2mb:.0f} / {big_2mb:.0f}",
    }  # fmt: skip
    result.emit(json_output=args.json)


if __name__ == "__main__":
    main()
