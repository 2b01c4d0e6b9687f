"""How long the worker takes to apply one submission, on SQLite or PostgreSQL (issue 16).

    .venv/bin/python tests/benchmarks/bench_apply.py --size 400             # SQLite, temp folder
    .venv/bin/python tests/benchmarks/bench_apply.py --db postgresql://…   # an empty database

Each round stores a submission of ``--size`` changes of one school (new students and needs, a
third of them updating records of the previous round, a few resends of already-applied change
ids and stale versions) and times ``process_submission`` on it alone — no HTTP, no client.
Its baseline, alternating with it, writes the same changes as bare rows (id, entity, version,
JSON data) into a plain SQLite table in one transaction: storing them with no rule, no version
check, no record and no figures. No floor was set (issue 17 reported the median, 0.12 s for 400
changes): min, median and the slowest round are reported; each side's peak memory is this
process's peak while it ran.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import common
from harness import Attempt, Result, alternate, load

from sync.server import auth
from sync.server.processing import process_submission
from sync.server.store import DB_FILENAME, Store
from sync.server.submissions import receive

SCHOOL = "66001"


def _change(entity: str, entity_id: str, version: int, change_id: str | None = None) -> dict:
    data: dict = {"id": entity_id, "version": version}
    if entity == "student":
        data |= {"code": f"HS{entity_id[:6]}", "full_name": "Nguyễn Văn An",
                 "consent_date": "2025-08-15"}  # fmt: skip
    else:
        data |= {"student_id": "s1", "category": 1}
    return {"change_id": change_id or uuid.uuid4().hex, "entity": entity, "entity_id": entity_id,
            "op": "upsert", "version": version, "changed_at": "2025-09-01T08:00:00.000+00:00",
            "data": data}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = common.arguments(__doc__, 400, "changes a submission", repeat=10)
    parser.add_argument("--db", help="an empty PostgreSQL database's URL (SQLite by default)")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="songmay-bench-apply-"))
    store = Store(args.db or folder / DB_FILENAME, data_dir=folder)
    store.initialize()
    auth.add_school(store, SCHOOL, name="Trường thử", username="vanthu", password="mật khẩu 1")
    bare_db = sqlite3.connect(folder / "bare.sqlite3", isolation_level=None)
    bare_db.execute("PRAGMA journal_mode=WAL")
    bare_db.execute("PRAGMA synchronous=FULL")
    bare_db.execute(
        "CREATE TABLE changes (change_id TEXT PRIMARY KEY, entity TEXT, entity_id TEXT,"
        " version INTEGER, data TEXT)"
    )
    state: dict[str, Any] = {"previous": [], "changes": [], "round": 0}

    def next_round() -> list[dict]:
        previous = state["previous"]
        changes = []
        for n in range(args.size):
            if previous and n % 3 == 0:
                old = previous[n % len(previous)]
                if n % 30 == 0:  # a resend, then a stale version
                    changes.append(old)
                    changes.append(_change(old["entity"], old["entity_id"], old["version"]))
                else:
                    changes.append(_change(old["entity"], old["entity_id"], old["version"] + 1))
            else:
                changes.append(_change("student" if n % 2 else "need", uuid.uuid4().hex, 1))
        return changes[: args.size]

    def bare() -> Attempt:
        state["changes"] = changes = next_round()
        common.reset_peak()
        started = time.perf_counter()
        bare_db.execute("BEGIN IMMEDIATE")
        bare_db.executemany(
            "INSERT OR REPLACE INTO changes VALUES (?, ?, ?, ?, ?)",
            [(c["change_id"], c["entity"], c["entity_id"], c["version"], json.dumps(c["data"]))
             for c in changes],
        )  # fmt: skip
        bare_db.execute("COMMIT")
        return time.perf_counter() - started, common.peak_mb()

    def apply() -> Attempt:
        changes = state["changes"]
        body = {"school_code": SCHOOL, "client_id": "bench", "submission_id": uuid.uuid4().hex,
                "created_at": "2025-09-01T08:00:00.000+00:00", "changes": changes}  # fmt: skip
        with store.transaction() as conn:
            seq = receive(conn, SCHOOL, uuid.uuid4().hex, body, source="http").seq
        common.reset_peak()
        started = time.perf_counter()
        assert process_submission(store, seq)
        seconds = time.perf_counter() - started
        state["previous"] = [c for c in changes if c["version"] >= 1]
        state["round"] += 1
        common.progress(f"round {state['round']}: {seconds:.3f} s")
        return seconds, common.peak_mb()

    result = Result(
        "apply",
        goal="reported: the worker applying one submission (median; issue 17: 0.12 s at 400)",
        conditions={
            "changes a submission": args.size,
            "store": "PostgreSQL" if args.db else "SQLite",
            "load": load(),
        },
    )
    result.timings = alternate(
        [("bare rows into SQLite", bare), ("process_submission", apply)], args.repeat
    )
    result.compare("process_submission", "bare rows into SQLite")
    result.figures = {"slowest round s": round(max(result.timing("process_submission").seconds), 4)}
    store.close()
    bare_db.close()
    shutil.rmtree(folder, ignore_errors=True)
    result.emit(json_output=args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
