"""Rules-layer benchmark: the school's figures (dashboard, ``songmay info``), the allocation
proposal and the donor report on a large school, against a bare read of the same rows.

    .venv/bin/python tests/benchmarks/bench_figures.py --size 50000

The school has ``--students`` students (one need each, a tenth of them in a second survey round),
a device for every third student, half of the devices handed over and a fifth of those returned
for every reason (faulty and lost among them), written through the core's ChangeSet as the
application writes them. The baseline reads, with plain SQL and no rule, the rows the rules read:
every live handover event, every live need, every live device. The bare read and each figure
alternate in this process on a warm page cache (min and median of ``--repeat`` rounds; each
side's peak memory is the process's peak while it ran). No floor was set for these (issue 11
reported them): each is printed as a multiple of the bare read.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import common
from harness import Result, alternate, load

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


def main() -> None:
    parser = common.arguments(__doc__, 50_000, "students")
    args = parser.parse_args()
    common.ensure_key_file()

    from desktop_app.core.allocation import propose_for
    from desktop_app.core.dashboard import dashboard_summary
    from desktop_app.core.reports import needs_summary, receipts_by_donor
    from desktop_app.core.rules.figures import school_figures
    from desktop_app.core.store.database import open_database

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        sizes = build(path, args.size)
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

        sides: list[tuple[str, Callable[[], Any]]] = [
            ("school figures (info --json)", lambda: school_figures(db.conn)),
            ("dashboard summary", lambda: dashboard_summary(db)),
            ("allocation proposal", lambda: propose_for(db)),
            ("4.8.2 needs summary", lambda: needs_summary(db)),
            ("receipts by donor", lambda: receipts_by_donor(db)),
        ]
        result = Result(
            "figures",
            goal="reported: each figure as a multiple of a bare read of the rows it reads",
            conditions={**sizes, "load": load()},
        )
        result.timings = alternate(
            [("bare read of the same rows", common.timed(bare))]
            + [(name, common.timed(work)) for name, work in sides],
            args.repeat,
        )
        for name, _ in sides:
            result.compare(name, "bare read of the same rows")
        db.close()
    result.emit(json_output=args.json)


if __name__ == "__main__":
    main()
