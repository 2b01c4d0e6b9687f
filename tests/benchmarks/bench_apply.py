"""How long the worker takes to apply one submission, on SQLite or PostgreSQL (issue 16).

    .venv/bin/python tests/benchmarks/bench_apply.py                       # SQLite, temp folder
    .venv/bin/python tests/benchmarks/bench_apply.py --db postgresql://…   # an empty database

Each round stores a submission of ``--changes`` changes of one school (new students and needs, a
third of them updating records of the previous round, a few resends of already-applied change
ids and stale versions) and times ``process_submission`` on it alone — no HTTP, no client.
Prints the median and the slowest of ``--rounds`` rounds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sync.server import auth  # noqa: E402
from sync.server.processing import process_submission  # noqa: E402
from sync.server.store import DB_FILENAME, Store  # noqa: E402
from sync.server.submissions import receive  # noqa: E402

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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an empty PostgreSQL database's URL (SQLite by default)")
    parser.add_argument("--changes", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="songmay-bench-apply-"))
    store = Store(args.db or folder / DB_FILENAME, data_dir=folder)
    store.initialize()
    auth.add_school(store, SCHOOL, name="Trường thử", username="vanthu", password="mật khẩu 1")
    previous: list[dict] = []
    seconds = []
    for round_ in range(args.rounds):
        changes = []
        for n in range(args.changes):
            if previous and n % 3 == 0:
                old = previous[n % len(previous)]
                if n % 30 == 0:  # a resend, then a stale version
                    changes.append(old)
                    changes.append(_change(old["entity"], old["entity_id"], old["version"]))
                else:
                    changes.append(_change(old["entity"], old["entity_id"], old["version"] + 1))
            else:
                changes.append(_change("student" if n % 2 else "need", uuid.uuid4().hex, 1))
        changes = changes[: args.changes]
        body = {"school_code": SCHOOL, "client_id": "bench", "submission_id": uuid.uuid4().hex,
                "created_at": "2025-09-01T08:00:00.000+00:00", "changes": changes}  # fmt: skip
        with store.transaction() as conn:
            seq = receive(conn, SCHOOL, uuid.uuid4().hex, body, source="http").seq
        started = time.perf_counter()
        assert process_submission(store, seq)
        seconds.append(time.perf_counter() - started)
        previous = [c for c in changes if c["version"] >= 1]
        print(f"round {round_ + 1}: {seconds[-1]:.3f} s", file=sys.stderr)
    store.close()
    print(f"{store.describe()}: {args.changes} changes a submission, median "
          f"{statistics.median(seconds):.3f} s, slowest {max(seconds):.3f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
