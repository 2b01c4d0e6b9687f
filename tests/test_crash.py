"""Crash test: an import killed with SIGKILL at random moments leaves the database either without
that import or with all of it, intact, with exactly one outbox row per changed record."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from builders import write_large_needs_file

from desktop_app.core.school import save_school
from desktop_app.core.store.database import connect_keyed, open_database

ROWS = int(os.environ.get("SONGMAY_CRASH_ROWS", "20000"))
KILLS = int(os.environ.get("SONGMAY_CRASH_KILLS", "50"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL"),
]


def _start(db: Path, source: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "--db", str(db), "import", "needs", str(source)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _state(db: Path, base_outbox: int) -> tuple[str, int]:
    conn = connect_keyed(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        students = conn.execute("SELECT COUNT(*) FROM students").fetchone()[0]
        needs = conn.execute("SELECT COUNT(*) FROM needs").fetchone()[0]
        outbox = conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
        audit = conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
        if students == 0:
            assert (needs, outbox, audit) == (0, base_outbox, base_outbox)
            return "none", students
        assert (students, needs) == (ROWS, ROWS)
        assert outbox == base_outbox + 2 * ROWS == audit
        journal = Counter(
            conn.execute("SELECT entity, entity_id FROM outbox WHERE entity IN ('student','need')")
        )
        records = {("student", i) for (i,) in conn.execute("SELECT id FROM students")}
        records |= {("need", i) for (i,) in conn.execute("SELECT id FROM needs")}
        assert set(journal) == records and set(journal.values()) == {1}
        return "all", students
    finally:
        conn.close()


def test_sigkill_during_import_never_leaves_half_an_import(tmp_path):
    source = write_large_needs_file(tmp_path / "needs.xlsx", ROWS, date.today())
    base = tmp_path / "base.sqlite3"
    db = open_database(base)
    save_school(db, {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THCS"})
    base_outbox = db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    db.close()

    # How long a whole import takes here, so kills fall across all of it (read, check, write).
    work = tmp_path / "work.sqlite3"
    shutil.copy(base, work)
    started = time.perf_counter()
    assert _start(work, source).wait(timeout=600) == 0
    duration = time.perf_counter() - started
    assert _state(work, base_outbox)[0] == "all"

    rng = random.Random(20211114)
    outcomes = {"none": 0, "all": 0}
    for _ in range(KILLS):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work}{suffix}").unlink(missing_ok=True)
        shutil.copy(base, work)
        child = _start(work, source)
        time.sleep(rng.uniform(0.05, duration * 1.05))
        child.send_signal(signal.SIGKILL)
        child.wait()
        outcome, _ = _state(work, base_outbox)
        outcomes[outcome] += 1
    print(f"\n{KILLS} kills over {duration:.2f} s imports: {outcomes}")
    assert sum(outcomes.values()) == KILLS
