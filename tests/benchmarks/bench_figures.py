"""Rules-layer benchmark: the school's figures (dashboard, ``songmay info``), the allocation
proposal and the donor report on a large school, against a bare read of the same rows.

    .venv/bin/python tests/benchmarks/bench_figures.py --students 50000

The school has ``--students`` students (one need each, a tenth of them in a second survey round),
a device for every third student, half of the devices handed over and a fifth of those returned
for every reason (faulty and lost among them), written through the core's ChangeSet as the
application writes them. The baseline reads, with plain SQL and no rule, the rows the rules read:
every live handover event, every live need, every live device. Each figure is the best of
``--repeat`` runs on a warm page cache.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

REASONS = ("faulty", "moved", "ineligible", "lost", "other")


def build(path: Path, students: int, seed: int = 7) -> dict[str, int]:
    from desktop_app.core.naming import student_keys
    from desktop_app.core.school import save_school
    from desktop_app.core.store.changes import ChangeSet
    from desktop_app.core.store.database import open_database, write_transaction

    rng = random.Random(seed)
    db = open_database(path)
    save_school(db, {"name": "Trường THCS Bench", "code": "99001", "level": "THCS"})
    changes = ChangeSet(source="bench")
    ids = []
    for number in range(students):
        name = f"Nguyễn Văn Học Sinh {number}"
        class_name = f"{rng.randint(6, 9)}A{rng.randint(1, 9)}"
        student = changes.insert("student", {
            "code": f"HS{number:07d}", "full_name": name, "birth_date": "2010-09-05",
            "gender": "Nam", "class_name": class_name, **student_keys(name, class_name),
        })  # fmt: skip
        ids.append(student["id"])
        for survey in ("2021-H2", "2022-H1")[: 1 + (number % 10 == 0)]:
            changes.insert("need", {
                "student_id": student["id"], "survey_round": survey,
                "category": rng.randint(1, 4), "requested_device": "tablet",
                "status": rng.choice(("proposed", "approved", "returned")),
            })  # fmt: skip
    donor = changes.insert("donor", {"name": "Công ty ABC", "name_key": "cong ty abc"})
    batch = changes.insert("donation_batch", {"code": "DOT-01", "source": "4.8.3.2",
                                              "donor_id": donor["id"],
                                              "received_date": "2021-11-20"})  # fmt: skip
    devices = [
        changes.insert("device", {
            "batch_id": batch["id"], "device_type": "tablet", "brand": "Samsung",
            "model": "Tab A8", "serial": f"SN{number:08d}", "condition": "new",
        })["id"]
        for number in range(students // 3)
    ]  # fmt: skip
    day = date(2021, 12, 1)
    handed = returned = 0
    for device_id, student_id in zip(devices[: len(devices) // 2], ids, strict=False):
        changes.insert("handover", {"device_id": device_id, "student_id": student_id,
                                    "kind": "handover", "event_date": day.isoformat()})  # fmt: skip
        handed += 1
        if rng.random() < 0.2:
            changes.insert("handover", {
                "device_id": device_id, "student_id": student_id, "kind": "return",
                "event_date": (day + timedelta(days=3)).isoformat(),
                "reason": rng.choice(REASONS),
            })  # fmt: skip
            returned += 1
    with write_transaction(db):
        changes.apply(db.conn)
    db.close()
    return {"students": students, "devices": len(devices), "handovers": handed,
            "returns": returned}  # fmt: skip


def best(work: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from desktop_app.core.allocation import propose_for
    from desktop_app.core.dashboard import dashboard_summary
    from desktop_app.core.reports import needs_summary, receipts_by_donor
    from desktop_app.core.rules.figures import school_figures
    from desktop_app.core.store.database import open_database

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        sizes = build(path, args.students)
        db = open_database(path)

        def bare() -> None:  # the rows the rules read, with no rule applied
            db.execute(
                "SELECT id, device_id, student_id, kind, event_date, reason"
                " FROM handovers WHERE deleted = 0 ORDER BY event_date, id"
            ).fetchall()
            db.execute(
                "SELECT student_id, survey_round, status, has_device, category"
                " FROM needs WHERE deleted = 0"
            ).fetchall()
            db.execute("SELECT id FROM devices WHERE deleted = 0").fetchall()

        baseline = best(bare, args.repeat)
        print(", ".join(f"{k} {v:,}" for k, v in sizes.items()))
        print(f"{'bare read of the same rows':<34} {baseline * 1000:8.1f} ms")
        for name, work in (
            ("school figures (info --json)", lambda: school_figures(db.conn)),
            ("dashboard summary", lambda: dashboard_summary(db)),
            ("allocation proposal", lambda: propose_for(db)),
            ("4.8.2 needs summary", lambda: needs_summary(db)),
            ("receipts by donor", lambda: receipts_by_donor(db)),
        ):
            took = best(work, args.repeat)
            print(f"{name:<34} {took * 1000:8.1f} ms  ({took / baseline:4.1f}× the bare read)")
        db.close()


if __name__ == "__main__":
    main()
