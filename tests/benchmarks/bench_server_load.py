"""Province load benchmark: N schools × M changes syncing at once against one real
``songmay-server serve`` child process on loopback, optionally SIGKILLed mid-run and restarted.

    .venv/bin/python tests/benchmarks/bench_server_load.py                 # 200 × 2,000, SQLite
    .venv/bin/python tests/benchmarks/bench_server_load.py --kill
    .venv/bin/python tests/benchmarks/bench_server_load.py --schools 8 --changes 150 --kill
    .venv/bin/python tests/benchmarks/bench_server_load.py --db postgresql://…   # passed to --db

What each school does is the protocol as the desktop client speaks it, driven directly with
``requests`` rather than by N full desktop clients (N school databases and N ``SyncClient`` runs
would measure the clients, not the server): its own login; its changes cut into submissions by
the client's own ``sync.batching.batches`` (500 changes / 512 KiB a submission), each body built
by ``submission_body`` and gzipped by ``compress``; ``submission_id`` = ``Idempotency-Key`` = a new
UUID; up to ``SyncSettings.in_flight`` (4) submissions unanswered, the oldest polled (20 ms,
doubling to 2 s) until ``done``. A refused connection, a 5xx or a 429 is retried like the client's
transport (backoff with jitter) with the same key and the same bytes; a 401 logs in again. The
schools run in a thread pool (``--parallel``, 32 by default): at most that many sync at a time.

``--kill``: when about half the changes have been received (202), the server gets SIGKILL and is
started again on the same data and port; the schools simply keep retrying.

At the end every school is checked against the server's own data (SQLite: its file, directly;
another database: ``songmay-server stats --school CODE --json``): every change sent applied exactly
once (0 lost, 0 duplicated), one record per change, and every change answered "accepted".
"""

from __future__ import annotations

import contextlib
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
for _folder in (ROOT, HERE):  # also loaded by tests/sync/test_server_load.py
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

import common  # noqa: E402
from harness import Result, Timing, load, peak_mb  # noqa: E402

from desktop_app.core.store.outbox import OutboxChange  # noqa: E402
from sync import protocol  # noqa: E402
from sync.batching import DEFAULT_MAX_CHANGES, batches, compress, submission_body  # noqa: E402
from sync.client import SyncSettings  # noqa: E402
from sync.server.store import DB_FILENAME, Store, resolve_db_path  # noqa: E402
from sync.server.testing import ServerProcess  # noqa: E402

USERNAME, PASSWORD = "vanthu", "mật khẩu tải"
IN_FLIGHT = SyncSettings().in_flight
POLL_FIRST, POLL_MAX = SyncSettings().poll_first, SyncSettings().poll_max
CHANGED_AT = "2026-09-01T08:00:00.000+00:00"


def school_code(number: int) -> str:
    return f"L{number:05d}"


def school_changes(school: str, count: int) -> list[OutboxChange]:
    """``count`` changes as a school's outbox holds them: three students, then a need for the
    last of them, and so on (every change a new record)."""
    changes: list[OutboxChange] = []
    student_id = ""
    for n in range(count):
        if n % 4 == 3 and student_id:
            entity, entity_id = "need", f"{school}-n{n}"
            data: dict[str, Any] = {"id": entity_id, "version": 1, "student_id": student_id,
                                    "survey_round": "2026-1", "category": 2, "has_device": 0,
                                    "status": "submitted"}  # fmt: skip
        else:
            entity, entity_id = "student", f"{school}-s{n}"
            student_id = entity_id
            data = {"id": entity_id, "version": 1, "code": f"HS{n:06d}",
                    "full_name": "Nguyễn Thị Lan", "birth_date": "2014-05-01", "gender": "Nữ",
                    "class_name": "6A", "grade": 6, "consent_date": "2026-08-15"}  # fmt: skip
        changes.append(OutboxChange(n + 1, uuid.uuid4().hex, entity, entity_id, "upsert", 1,
                                    CHANGED_AT, data))  # fmt: skip
    return changes


@dataclass
class Submission:
    submission_id: str
    body: bytes  # gzipped, sent byte for byte again on every retry
    changes: int


@dataclass
class SchoolRun:
    code: str
    change_ids: list[str]
    submissions: list[Submission]
    latencies: list[float] = field(default_factory=list)  # POST → seen "done", seconds
    results: dict[str, int] = field(default_factory=dict)  # result status → count
    retries: int = 0
    retry_reasons: dict[str, int] = field(default_factory=dict)  # "POST /path 503", "connection"
    relogins: int = 0
    reposts: int = 0  # a poll answered 404: the same submission sent again
    error: str | None = None


def prepare(code: str, count: int, max_changes: int = DEFAULT_MAX_CHANGES) -> SchoolRun:
    changes = school_changes(code, count)
    submissions = []
    for batch in batches([changes], max_changes):
        submission_id = str(uuid.uuid4())
        body = submission_body(batch, school_code=code, client_id=f"bench-{code}",
                               submission_id=submission_id, created_at=CHANGED_AT)  # fmt: skip
        submissions.append(Submission(submission_id, compress(body), len(batch.changes)))
    return SchoolRun(code, [c.change_id for c in changes], submissions)


class Counter:
    def __init__(self) -> None:
        self.value = 0
        self._lock = threading.Lock()

    def add(self, amount: int) -> int:
        with self._lock:
            self.value += amount
            return self.value


def _summed(counts: Iterable[dict[str, int]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for count in counts:
        for key, value in count.items():
            total[key] = total.get(key, 0) + value
    return dict(sorted(total.items()))


class SchoolClient:
    """One school's side of the protocol, retrying as the desktop client's transport does."""

    def __init__(self, url: str, run: SchoolRun, received: Counter, deadline: float) -> None:
        self.url, self.run, self.received, self.deadline = url, run, received, deadline
        self.http = requests.Session()
        self.rng = random.Random(run.code)

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """An answer that is not a transient failure (connection refused or reset, 5xx, 429)."""
        delay = 0.1
        while True:
            if time.monotonic() > self.deadline:
                raise TimeoutError(f"{self.run.code}: no answer before the deadline")
            try:
                answer = self.http.request(method, self.url + path, timeout=(2, 120), **kwargs)
                if answer.status_code == 401 and path != protocol.TOKEN_PATH:
                    self.login()
                    self.run.relogins += 1
                    continue
                if answer.status_code < 500 and answer.status_code != 429:
                    return answer
                reason = f"{method} {path.split('/')[3]} {answer.status_code}"
            except requests.RequestException:
                reason = "connection"
            self.run.retries += 1
            self.run.retry_reasons[reason] = self.run.retry_reasons.get(reason, 0) + 1
            time.sleep(delay * (0.5 + self.rng.random()))
            delay = min(delay * 2, 2.0)

    def login(self) -> None:
        answer = self.request("POST", protocol.TOKEN_PATH, json={
            "school_code": self.run.code, "username": USERNAME, "password": PASSWORD})  # fmt: skip
        if answer.status_code != 200:
            raise RuntimeError(f"{self.run.code}: login answered {answer.status_code}")
        self.http.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"

    def post(self, submission: Submission) -> None:
        answer = self.request("POST", protocol.SUBMISSIONS_PATH, data=submission.body, headers={
            protocol.IDEMPOTENCY_HEADER: submission.submission_id,
            "Content-Type": "application/json", "Content-Encoding": "gzip"})  # fmt: skip
        if answer.status_code != 202:
            raise RuntimeError(f"{self.run.code}: POST answered {answer.status_code}: "
                               f"{answer.text[:200]}")  # fmt: skip
        self.received.add(submission.changes)

    def wait_done(self, submission: Submission, posted: float) -> None:
        delay = POLL_FIRST
        path = f"{protocol.SUBMISSIONS_PATH}/{submission.submission_id}"
        while True:
            answer = self.request("GET", path)
            if answer.status_code == 404:  # lost (cannot happen once a 202 was heard): resend
                self.run.reposts += 1
                self.post(submission)
                continue
            if answer.status_code != 200:
                raise RuntimeError(f"{self.run.code}: poll answered {answer.status_code}")
            status = answer.json()
            if status["status"] == "done":
                self.run.latencies.append(time.monotonic() - posted)
                for result in status["results"]:
                    key = result["status"]
                    self.run.results[key] = self.run.results.get(key, 0) + 1
                return
            time.sleep(delay)
            delay = min(delay * 2, POLL_MAX)

    def sync(self) -> None:
        try:
            self.login()
            window: deque[tuple[Submission, float]] = deque()
            for submission in self.run.submissions:
                started = time.monotonic()
                self.post(submission)
                window.append((submission, started))
                while len(window) >= IN_FLIGHT:
                    self.wait_done(*window.popleft())
            while window:
                self.wait_done(*window.popleft())
        except Exception as exc:  # reported per school, never lost in the pool
            self.run.error = f"{type(exc).__name__}: {exc}"


class LoadServer(ServerProcess):
    """``songmay-server serve`` on loopback, on ``--data DIR`` or on the ``--db`` given (a
    PostgreSQL database keeps the server's own files in ``--data DIR``)."""

    def __init__(self, data_dir: Path, db: str | None) -> None:
        postgres = bool(db) and not _sqlite_path(db, data_dir)
        super().__init__(data_dir, database=db if postgres else None)
        self.db = None if postgres else db

    def command(self) -> list[str]:
        command = super().command()
        if self.db:
            at = command.index("--data")
            command[at : at + 2] = ["--db", self.db]
        return command

    def peak_rss_mb(self) -> float:
        """VmHWM of the running server process (its peak resident memory), in MiB."""
        return 0.0 if self.process is None else peak_mb(self.process.pid)


def _sqlite_path(db: str | None, data_dir: Path) -> Path | None:
    if not db:
        return data_dir / DB_FILENAME
    if "://" not in db or db.startswith("sqlite://"):
        path = resolve_db_path(db=db)
        assert isinstance(path, Path)
        return path
    return None


def _store(db: str | None, data_dir: Path) -> Store:
    """The server's database (SQLite or PostgreSQL), opened beside the server."""
    path = _sqlite_path(db, data_dir)
    return Store(path) if path is not None else Store(str(db), data_dir=data_dir)


def add_schools(codes: list[str], db: str | None, data_dir: Path) -> None:
    from sync.server.auth import add_school

    store = _store(db, data_dir)
    store.initialize()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda code: add_school(store, code, name=f"Trường {code}",
                                              username=USERNAME, password=PASSWORD), codes))  # fmt: skip
    store.close()


def server_holds(
    runs: list[SchoolRun], db: str | None, data_dir: Path
) -> dict[str, dict[str, int]]:
    """Per school, from the server's own data: applied change rows, distinct change ids, those
    of the ids this school sent, and live records."""
    held: dict[str, dict[str, int]] = {}
    store = _store(db, data_dir)
    with store.connect() as conn:
        for run in runs:
            ids = {r[0] for r in conn.execute(
                "SELECT change_id FROM applied_changes WHERE school_code = ?", [run.code])}  # fmt: skip
            rows = conn.execute("SELECT count(*) FROM applied_changes WHERE school_code = ?",
                                [run.code]).fetchone()[0]  # fmt: skip
            records = conn.execute("SELECT count(*) FROM records WHERE school_code = ?"
                                   " AND deleted = 0", [run.code]).fetchone()[0]  # fmt: skip
            held[run.code] = {"applied": rows, "distinct": len(ids),
                              "of_sent": len(ids & set(run.change_ids)), "records": records}  # fmt: skip
    store.close()
    return held


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run_load(
    schools: int = 200, changes: int = 2000, *, parallel: int = 32, kill: bool = False,
    db: str | None = None, data_dir: Path | None = None, timeout: float = 1800.0,
    max_changes: int = DEFAULT_MAX_CHANGES,
) -> dict[str, Any]:  # fmt: skip
    """Run the benchmark; returns its figures and per-school verdicts (see the module doc).
    ``max_changes``: changes per submission (the client's 500 unless a test wants more
    submissions out of fewer changes)."""
    own_dir = None
    if data_dir is None:
        own_dir = tempfile.TemporaryDirectory(prefix="songmay-load-")
        data_dir = Path(own_dir.name)
    try:
        return _run(schools, changes, parallel, kill, db, Path(data_dir), timeout, max_changes)
    finally:
        if own_dir is not None:
            own_dir.cleanup()


def _run(
    schools: int, changes: int, parallel: int, kill: bool, db: str | None, data_dir: Path,
    timeout: float, max_changes: int,
) -> dict[str, Any]:  # fmt: skip
    codes = [school_code(n) for n in range(1, schools + 1)]
    server = LoadServer(data_dir, db)
    add_schools(codes, db, data_dir)
    runs = [prepare(code, changes, max_changes) for code in codes]
    total = schools * changes
    load_before = os.getloadavg()
    server.start()
    received = Counter()
    killed: dict[str, float] = {}
    peak = [0.0]
    finished = threading.Event()

    def watch() -> None:
        """Samples the server's peak memory; with --kill, kills it at half-way and restarts."""
        while not finished.wait(0.2):
            peak[0] = max(peak[0], server.peak_rss_mb())
            if kill and not killed and received.value >= total // 2:
                peak[0] = max(peak[0], server.peak_rss_mb())
                killed["at_changes"] = received.value
                killed["at_seconds"] = time.monotonic() - started
                server.kill()
                restart = time.monotonic()
                server.start()
                killed["restart_seconds"] = time.monotonic() - restart

    started = time.monotonic()
    deadline = started + timeout
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        with ThreadPoolExecutor(parallel) as pool:
            list(pool.map(lambda run: SchoolClient(server.url, run, received, deadline).sync(),
                          runs))  # fmt: skip
        wall = time.monotonic() - started
        finished.set()
        watcher.join()
        peak[0] = max(peak[0], server.peak_rss_mb())
    finally:
        finished.set()
        server.stop()
    load_after = os.getloadavg()

    held = server_holds(runs, db, data_dir)
    verdicts = {}
    for run in runs:
        sent, h = len(run.change_ids), held[run.code]
        verdicts[run.code] = {
            "sent": sent, **h, "accepted": run.results.get("accepted", 0),
            "lost": sent - h["of_sent"], "duplicated": h["applied"] - h["distinct"],
            "exact": run.error is None and h["applied"] == h["distinct"] == h["of_sent"] == sent
            and h["records"] == sent and run.results.get("accepted", 0) == sent,
            "error": run.error,
        }  # fmt: skip
    latencies = [value for run in runs for value in run.latencies]
    return {
        "schools": schools, "changes_per_school": changes, "changes": total,
        "submissions": sum(len(run.submissions) for run in runs), "parallel": parallel,
        "backend": "sqlite" if _sqlite_path(db, data_dir) is not None else db.split(":", 1)[0]
        if db else "sqlite",
        "kill": kill, "killed": killed or None, "cpus": os.cpu_count(),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in load_after],
        "wall_seconds": round(wall, 2), "changes_per_second": round(total / wall),
        "p50_seconds": round(statistics.median(latencies), 3) if latencies else 0.0,
        "p95_seconds": round(percentile(latencies, 0.95), 3),
        "server_peak_rss_mb": round(peak[0], 1),
        "retries": sum(run.retries for run in runs), "relogins": sum(r.relogins for r in runs),
        "retry_reasons": _summed(run.retry_reasons for run in runs),
        "reposts": sum(run.reposts for run in runs),
        "lost": sum(v["lost"] for v in verdicts.values()),
        "duplicated": sum(v["duplicated"] for v in verdicts.values()),
        "exact_schools": sum(v["exact"] for v in verdicts.values()),
        "failed_schools": {code: v for code, v in verdicts.items() if not v["exact"]},
    }  # fmt: skip


def markdown(result: dict[str, Any]) -> str:
    kill = "SIGKILL mid-run" if result["kill"] else "no kill"
    return (
        f"| {result['schools']} × {result['changes_per_school']:,} | {result['backend']} | {kill} "
        f"| {result['parallel']} | {result['wall_seconds']} s | {result['changes_per_second']:,}/s "
        f"| p50 {result['p50_seconds']} s, p95 {result['p95_seconds']} s "
        f"| {result['server_peak_rss_mb']} MiB | lost {result['lost']}, duplicated "
        f"{result['duplicated']}, exact {result['exact_schools']}/{result['schools']} "
        f"| load {result['load_before'][0]} on {result['cpus']} CPUs |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = common.arguments(__doc__, 2000, "changes of each school", repeat=1)
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--parallel", type=int, default=32, help="schools syncing at a time")
    parser.add_argument("--kill", action="store_true", help="SIGKILL the server half-way")
    parser.add_argument("--db", help="database URL for the server's --db (SQLite by default)")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds, for the run")
    parser.add_argument(
        "--batch",
        type=int,
        default=DEFAULT_MAX_CHANGES,
        help="changes per submission (the client's default)",
    )
    args = parser.parse_args(argv)
    runs = []
    for round_ in range(args.repeat):
        result = run_load(args.schools, args.size, parallel=args.parallel, kill=args.kill,
                          db=args.db, timeout=args.timeout, max_changes=args.batch)  # fmt: skip
        runs.append(result)
        with contextlib.redirect_stdout(sys.stderr):
            print(f"run {round_ + 1}: wall {result['wall_seconds']} s, p95 "
                  f"{result['p95_seconds']} s, lost {result['lost']}, duplicated "
                  f"{result['duplicated']}, exact {result['exact_schools']}/{result['schools']}")  # fmt: skip
            for code, verdict in list(result["failed_schools"].items())[:10]:
                print(f"  NOT EXACT {code}: {verdict}")
            print(markdown(result))
    last = runs[-1]
    exact = all(not r["failed_schools"] and not r["lost"] and not r["duplicated"] for r in runs)
    summary = Result(
        "server load",
        goal="every school exact (0 lost, 0 duplicated), schools syncing at once"
        + (", the server SIGKILLed half-way" if args.kill else ""),
        conditions={
            "schools": args.schools,
            "changes a school": args.size,
            "parallel": args.parallel,
            "backend": last["backend"],
            "kill": args.kill,
            "load": load(),
        },
        timings=[
            Timing(
                "province sync, wall",
                [float(r["wall_seconds"]) for r in runs],
                max(float(r["server_peak_rss_mb"] or 0) for r in runs),
            )
        ],
    )
    summary.figures = {
        "changes/s": last["changes_per_second"],
        "submission latency p50 / p95 s": f"{last['p50_seconds']} / {last['p95_seconds']}",
        "retries": last["retries"],
        "lost / duplicated": f"{sum(r['lost'] for r in runs)} / {sum(r['duplicated'] for r in runs)}",
        "goal met": exact,
    }
    summary.emit(json_output=args.json)
    return 0 if exact else 1


if __name__ == "__main__":
    raise SystemExit(main())
