"""The district console at province scale: 1,000 schools and 500,000 students on PostgreSQL.

    .venv/bin/python tests/benchmarks/bench_console_board.py               # a throwaway cluster
    .venv/bin/python tests/benchmarks/bench_console_board.py --db postgresql://…  # an empty db
    .venv/bin/python tests/benchmarks/bench_console_board.py --schools 20 --size 50 --sqlite

The province's data is written straight into the server's tables (COPY), as if every school had
synced: per school ``--students`` students with one need each (a third of them decided) and 0–3
vaccine doses each (CSDL 4.9), a donor, two donation batches of 20 devices, three quarters of the
devices handed over. Then:

1. every school's figures are refreshed (``board.refresh_school``, what the worker does after
   each submission): the time per school;
2. the board for the province's admin (1,000 schools) and for one district (100), the deadlines
   board, the three reports' figures and the vaccination figures, each ``--rounds`` times: min
   and median;
3. the pages over HTTP on loopback, logged in as the province's admin: the server time of each
   (its ``Server-Timing`` header: from the request reaching the console to its answer starting,
   queries and template included) and the wall time seen by the client.

Goal (issue 17): the province's board renders in ≤ 300 ms server time (its median over
HTTP). ``--size`` is the students of each school, ``--repeat`` the rounds of each measure. The
goal is absolute, so there is no baseline; the peak memory is this process's (data, worker
queries and the server thread).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # also loaded by tests/sync/test_console_scale.py
    sys.path.insert(0, str(HERE))

import common  # noqa: E402  (puts the project on sys.path)
from harness import Result, Timing, load  # noqa: E402

from sync.server import accounts  # noqa: E402
from sync.server.console import board, deadlines, figures, scope  # noqa: E402
from sync.server.store import DB_FILENAME, Store  # noqa: E402

GOAL_MS = 300.0
PASSWORD = "mật khẩu bench 1"
DISTRICTS = 10
NOW = "2026-12-01T08:00:00.000+00:00"


def _uid() -> str:
    return uuid.uuid4().hex


def _records(school: str, students: int, today: date) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []

    def add(entity: str, data: dict[str, Any]) -> str:
        entity_id = data["id"]
        rows.append((school, entity, entity_id, 1, json.dumps(data, ensure_ascii=False), 0,
                     _uid(), NOW))  # fmt: skip
        return str(entity_id)

    student_ids = []
    for n in range(students):
        grade = 6 + n % 4
        sid = add("student", {"id": _uid(), "version": 1, "code": f"{school}-{n:04d}",
                              "full_name": f"Nguyễn Văn An {n}", "birth_date": "2012-05-01",
                              "gender": "M" if n % 2 else "F", "class_name": f"{grade}A",
                              "grade": grade, "consent_date": "2026-09-01"})  # fmt: skip
        student_ids.append(sid)
        for dose_no in range(1, 1 + (n % 5 > 0) + (n % 3 > 0) + (n % 7 == 0)):  # 0–3 doses
            given = date(2022, 3, 1) + timedelta(days=40 * (dose_no - 1))
            add("vaccination", {"id": _uid(), "version": 1, "student_id": sid, "kind": "dose",
                                "dose_no": dose_no, "vaccinated_on": given.isoformat(),
                                "vaccine": "comirnaty", "place": "school", "supersedes": None,
                                "recorded_on": given.isoformat(), "late": int(n % 11 == 0)})  # fmt: skip
        add("need", {"id": _uid(), "version": 1, "student_id": sid, "survey_round": "2026-H2",
                     "category": 1 + n % 4, "has_device": 0, "borrowing_device": 0,
                     "requested_device": ("laptop", "tablet", "desktop")[n % 3],
                     "status": "proposed"})  # fmt: skip
    donor = add("donor", {"id": _uid(), "version": 1, "name": "Công ty Ánh Dương",
                          "donor_type": "company"})  # fmt: skip
    handed = 0
    for b in range(2):
        received = today - timedelta(days=3 + 4 * b)
        batch = add("donation_batch", {"id": _uid(), "version": 1, "code": f"DOT-{b}",
                                       "source": "other", "donor_id": donor,
                                       "received_date": received.isoformat()})  # fmt: skip
        for d in range(20):
            device = add("device", {"id": _uid(), "version": 1, "batch_id": batch,
                                    "device_type": "laptop", "serial": f"SN{school}{b}{d}"})  # fmt: skip
            if d % 4 and handed < len(student_ids):
                add("handover", {"id": _uid(), "version": 1, "device_id": device,
                                 "student_id": student_ids[handed], "kind": "handover",
                                 "event_date": (received + timedelta(days=1)).isoformat(),
                                 "recorded_on": (received + timedelta(days=1)).isoformat(),
                                 "late": 0})  # fmt: skip
                handed += 1
    return rows


def populate(store: Store, schools: int, students: int, today: date) -> list[str]:
    accounts.add_unit(store, "P", name="Sở GD&ĐT Đắk Lắk")
    per_district = max(1, schools // DISTRICTS)
    for d in range(DISTRICTS):
        accounts.add_unit(store, f"D{d}", name=f"Phòng GD&ĐT huyện {d}", parent="P")
    accounts.add_user(store, "so", full_name="Trần Văn Sở", role="admin", unit="P",
                      password=PASSWORD)  # fmt: skip
    accounts.add_user(store, "phong", full_name="Lê Thị Phòng", role="reviewer", unit="D0",
                      password=PASSWORD)  # fmt: skip
    codes = [f"S{n:04d}" for n in range(schools)]
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO schools (code, name, created_at, updated_at, unit_code, level)"
            " VALUES (?, ?, ?, ?, ?, 'THCS')",
            [(code, f"Trường THCS số {n}", NOW, NOW, f"D{min(n // per_district, DISTRICTS - 1)}")
             for n, code in enumerate(codes)],
        )  # fmt: skip
    columns = "school_code, entity, entity_id, version, data, deleted, change_id, updated_at"
    for start in range(0, schools, 50):
        rows = [row for code in codes[start : start + 50]
                for row in _records(code, students, today)]  # fmt: skip
        _copy(store, "records", columns, rows)
    # a third of the needs decided (approved), as a reviewer would have
    with store.transaction() as conn:
        decided = conn.execute(
            "SELECT school_code, entity_id, data FROM records WHERE entity = 'need'"
        ).fetchall()
        conn.executemany(
            "INSERT INTO decisions (school_code, student_code, student_id, need_id, decision,"
            " decided_at, reviewer, need_version, survey_round)"
            " VALUES (?, ?, ?, ?, 'approved', ?, 'phong', 1, '2026-H2')",
            [(r[0], "x", json.loads(r[2])["student_id"], r[1], NOW)
             for n, r in enumerate(decided) if n % 3 == 0],
        )  # fmt: skip
    return codes


def _copy(store: Store, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
    if not store.postgres:
        with store.transaction() as conn:
            marks = ", ".join("?" for _ in columns.split(","))
            conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        return
    import psycopg

    with (
        psycopg.connect(str(store.url)) as conn,
        conn.cursor() as cursor,
        cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def timed(function: Callable[[], Any], rounds: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def _http_pages(
    store: Store, database: str | None, data_dir: Path, rounds: int
) -> dict[str, list[float]]:
    import requests

    from sync.server.testing import ServerThread

    server = ServerThread(data_dir, database=database)
    server.start()
    server_times: dict[str, list[float]] = {}
    try:
        http = requests.Session()
        answer = http.post(server.url + "/console/login", timeout=60,
                           data={"username": "so", "password": PASSWORD})  # fmt: skip
        assert answer.status_code == 200, answer.status_code
        for name, path in (("board, province", "/console/"),
                           ("board, filtered", "/console/?q=truong+so+12&level=THCS"),
                           ("deadlines", "/console/deadlines"),
                           ("review, one school", "/console/schools/S0001"),
                           ("4.8.2, printable", "/console/reports/needs"),
                           ("4.8.2, Excel", "/console/reports/needs.xlsx"),
                           ("4.8.2, PDF", "/console/reports/needs.pdf"),
                           ("progress, PDF", "/console/reports/progress.pdf"),
                           ("vaccinations", "/console/vaccinations"),
                           ("vaccinations, a school", "/console/vaccinations/S0001"),
                           ("vaccinations, Excel", "/console/reports/vaccinations.xlsx"),
                           ("vaccinations, PDF", "/console/reports/vaccinations.pdf")):  # fmt: skip
            server_ms, wall_ms = [], []
            for _ in range(rounds):
                start = time.perf_counter()
                got = http.get(server.url + path, timeout=120)
                wall_ms.append((time.perf_counter() - start) * 1000)
                assert got.status_code == 200, (path, got.status_code)
                server_ms.append(_server_timing(got.headers.get("Server-Timing", "")))
            server_times[path] = server_ms
            print(
                f"  GET {path:<40} {name:<20} server min {min(server_ms):7.1f} ms, median "
                f"{statistics.median(server_ms):7.1f} ms; wall median "
                f"{statistics.median(wall_ms):7.1f} ms; {len(got.content) // 1024} KiB"
            )
    finally:
        server.stop()
    return server_times


def _server_timing(header: str) -> float:
    for part in header.split(","):
        for item in part.split(";"):
            if item.strip().startswith("dur="):
                return float(item.strip()[4:])
    return float("nan")


def main() -> None:
    parser = common.arguments(__doc__, 500, "students in each school")
    parser.add_argument("--db", help="an empty PostgreSQL database (default: a throwaway cluster)")
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--schools", type=int, default=1000)
    args = parser.parse_args()
    args.students, args.rounds = args.size, args.repeat
    # With --json stdout holds the result only: the running commentary goes to stderr.
    with contextlib.redirect_stdout(sys.stderr if args.json else sys.stdout):
        result = _run(args)
    result.emit(json_output=args.json)


def _run(args: argparse.Namespace) -> Result:
    data_dir = Path(tempfile.mkdtemp(prefix="songmay-console-bench-"))
    cluster = None
    database = args.db
    if not database and not args.sqlite:
        from tests.sync.postgres import Cluster, binaries

        bindir = binaries()
        if bindir is None:
            sys.exit("PostgreSQL's binaries are not installed; pass --db or --sqlite")
        cluster = Cluster(bindir)
        cluster.start()
        database = cluster.new_database()
    try:
        store = Store(database or data_dir / DB_FILENAME, data_dir=data_dir)
        store.initialize()
        today = date.today()
        print(f"# Console at province scale: {args.schools} schools × {args.students} students "
              f"on {'PostgreSQL' if store.postgres else 'SQLite'}; goal: the province's board "
              f"≤ {GOAL_MS:.0f} ms server time")  # fmt: skip
        start = time.perf_counter()
        codes = populate(store, args.schools, args.students, today)
        print(f"  data written in {time.perf_counter() - start:.1f} s "
              f"({args.schools * args.students:,} students and needs)")  # fmt: skip
        per_school = []
        for code in codes:
            begin = time.perf_counter()
            with store.transaction() as conn:
                board.refresh_school(conn, code)
            per_school.append((time.perf_counter() - begin) * 1000)
        print(f"  refresh of one school's figures ({args.students} students): min "
              f"{min(per_school):.1f} ms, median {statistics.median(per_school):.1f} ms, max "
              f"{max(per_school):.1f} ms (done by the worker after each submission)")  # fmt: skip
        in_process: dict[str, list[float]] = {}
        with store.connect() as conn:
            province, district = scope.load_viewer(conn, "so"), scope.load_viewer(conn, "phong")
        for name, work in (
            ("board, province", lambda: board.school_board(store, province)),
            ("board, one district", lambda: board.school_board(store, district)),
            ("deadlines, province", lambda: deadlines.deadline_items(store, province, today)),
            ("4.8.2 figures, province", lambda: figures.need_counts(store, province)),
            ("receipts, province", lambda: figures.receipt_lines(store, province)),
            ("progress, province", lambda: figures.progress_lines(store, province)),
            ("vaccinations, province", lambda: figures.vaccination_schools(store, province)),
            (
                "vaccinations, one school",
                lambda: [figures.vaccination_school(store, province, codes[1])],
            ),
        ):
            times, rows = timed(work, args.rounds)
            in_process[name] = times
            print(f"  {name:<26} min {min(times):7.1f} ms, median "
                  f"{statistics.median(times):7.1f} ms ({len(rows)} rows)")  # fmt: skip
        pages = _http_pages(store, database, data_dir, args.rounds)
    finally:
        if cluster is not None:
            cluster.stop()
    result = Result(
        "console board",
        goal=f"the province's board (GET /console/) ≤ {GOAL_MS:.0f} ms server time, median",
        conditions={
            "schools": args.schools,
            "students a school": args.students,
            "database": "PostgreSQL" if store.postgres else "SQLite",
            "load": load(),
        },
        timings=[
            Timing(f"GET {path} (server time)", [ms / 1000 for ms in times])
            for path, times in pages.items()
        ]
        + [
            Timing(f"{name} (in process)", [ms / 1000 for ms in times])
            for name, times in in_process.items()
        ],
    )
    board_ms = statistics.median(pages["/console/"])
    result.timings[0].peak_rss_mb = common.peak_mb()
    result.figures = {
        "refresh of one school ms (min / median / max)":
            f"{min(per_school):.1f} / {statistics.median(per_school):.1f} / {max(per_school):.1f}",
        "board server ms, median": round(board_ms, 1),
        "goal met": board_ms <= GOAL_MS,
    }  # fmt: skip
    return result


if __name__ == "__main__":
    main()
