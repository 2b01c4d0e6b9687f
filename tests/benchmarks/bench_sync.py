"""Sync benchmark: the full client (batch, gzip, POST, poll, mark results, pull feedback) against
simply POSTing the same request bodies in the same batch sizes with requests (no polling, no
database), each to a fresh reference server on loopback; and the client's peak memory for a short
and a long queue (it must not grow with the queue's length).

    .venv/bin/python tests/benchmarks/bench_sync.py --changes 50000

Each measurement runs in its own child process so that its peak memory is its own (VmHWM, read
by the child itself: on Linux ru_maxrss survives exec and would report this parent's size); the
servers run in this process.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

SCHOOL, USER, PASSWORD = "66001", "bench", "mật khẩu bench"

PEAK = """
def peak_mb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

CLIENT = (
    PEAK
    + """
import json, sys, time
from desktop_app.core.store.database import open_database
from sync.account import Account
from sync.client import SyncClient
db = open_database(sys.argv[1])
if len(sys.argv) > 6:
    db.execute(f"PRAGMA cache_size=-{int(sys.argv[6])}")
client = SyncClient(Account(sys.argv[2], sys.argv[3], sys.argv[4]), lambda: sys.argv[5])
t = time.perf_counter()
report = client.run(db)
print(json.dumps({"seconds": time.perf_counter() - t, "sent": report.sent,
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
bodies = [(p.stem, p.read_bytes()) for p in sorted(folder.glob("*.json.gz"))]
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
print(json.dumps({"seconds": time.perf_counter() - t, "posts": len(bodies), "peak_mb": peak_mb()}))
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=50_000)
    parser.add_argument("--small", type=int, default=10_000, help="the short queue for memory")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        started = time.perf_counter()
        big = fill(work / "big.sqlite3", args.changes)
        small = fill(work / "small.sqlite3", args.small)
        posts = write_bodies(work / "big.sqlite3", work / "bodies")
        print(f"filled {big} + {small} pending changes, {posts} bodies in "
              f"{time.perf_counter() - started:.1f} s", file=sys.stderr)  # fmt: skip

        bare_server = server(work / "server-bare")
        posting = time.perf_counter()
        bare, bare_rss = child(BARE_POST, str(work / "bodies"), bare_server.url, SCHOOL, USER,
                               PASSWORD)  # fmt: skip
        while bare_server.stats(SCHOOL)["changes_applied"] < big:  # the server's own pace
            time.sleep(0.02)
        applied_s = time.perf_counter() - posting
        bare_server.stop()

        results = {}
        for name, path, expected in (("big", "big.sqlite3", big), ("small", "small.sqlite3",
                                                                   small)):  # fmt: skip
            sync_server = server(work / f"server-{name}")
            report, rss = child(CLIENT, str(work / path), sync_server.url, SCHOOL, USER, PASSWORD)
            stats = sync_server.stats(SCHOOL)
            sync_server.stop()
            if report["error"] or report["accepted"] != expected or report["pending"]:
                raise SystemExit(f"sync incomplete: {report}")
            if stats["changes_applied"] != expected:
                raise SystemExit(f"server holds {stats['changes_applied']} of {expected}")
            results[name] = (report, rss)
        # The same two queues with SQLite's page cache at 2 MB instead of 32 MB: what is left is
        # the client's own memory.
        from desktop_app.core.store.database import connect_keyed

        for name in ("big", "small"):
            again = work / f"{name}.sqlite3"
            db = connect_keyed(again)
            db.execute("UPDATE outbox SET status = 'pending', submission_id = NULL, sent_at = NULL")
            db.commit()
            db.close()
            sync_server = server(work / f"server-{name}-2mb")
            report, rss = child(CLIENT, str(again), sync_server.url, SCHOOL, USER, PASSWORD, "2000")
            sync_server.stop()
            results[f"{name}_2mb"] = (report, rss)

    client_s = float(results["big"][0]["seconds"])  # type: ignore[arg-type]
    result = {
        "changes": big,
        "submissions": results["big"][0]["submissions"],
        "client_sync_s": round(client_s, 2),
        "bare_post_s": round(float(bare["seconds"]), 2),  # type: ignore[arg-type]
        "ratio": round(client_s / float(bare["seconds"]), 2),  # type: ignore[arg-type]
        "client_peak_rss_mb": round(results["big"][1]),
        "client_peak_rss_small_mb": round(results["small"][1]),
        "small_changes": small,
        "bare_post_peak_rss_mb": round(bare_rss),
        "bare_post_until_applied_s": round(applied_s, 2),
        "client_peak_rss_2mb_cache_mb": round(results["big_2mb"][1]),
        "client_peak_rss_small_2mb_cache_mb": round(results["small_2mb"][1]),
    }
    if args.json:
        print(json.dumps(result))
        return
    print(
        f"changes                      {result['changes']} in {result['submissions']} submissions"
    )
    print(f"full client sync             {result['client_sync_s']:.2f} s")
    print(f"bare POSTs of the same bodies {result['bare_post_s']:.2f} s")
    print(f"ratio client / bare          {result['ratio']:.2f}  (goal ≤ 2)")
    print(
        f"bare POSTs until the server applied all  {result['bare_post_until_applied_s']:.2f} s"
        "  (the server's own pace: no client can finish sooner)"
    )
    print(
        f"client peak RSS              {result['client_peak_rss_small_mb']} MB for {small} "
        f"changes, {result['client_peak_rss_mb']} MB for {big}  (SQLite page cache ≤ 32 MB)"
    )
    print(f"  with a 2 MB page cache     {result['client_peak_rss_small_2mb_cache_mb']} MB / "
          f"{result['client_peak_rss_2mb_cache_mb']} MB  (must not grow with the queue)")  # fmt: skip


if __name__ == "__main__":
    main()
