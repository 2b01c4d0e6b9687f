"""Crash test: ``songmay sync run`` killed with SIGKILL at random moments, again and again, while
the school keeps working; then one sync to the end. The server must hold exactly the school's
changes (none lost, none applied twice) and the local file must be intact."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from test_client_support import PASSWORD, SCHOOL, USER, add_students, edit
from test_faults import assert_server_holds_exactly

from desktop_app.core.store import outbox
from desktop_app.core.store.database import connect_keyed

KILLS = int(os.environ.get("SONGMAY_SYNC_KILLS", "30"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL"),
]


def _start(db_path) -> subprocess.Popen[bytes]:
    child = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "--db", str(db_path), "sync", "run", "--json",
         "--password-stdin", "--batch-size", "40"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert child.stdin is not None
    child.stdin.write(PASSWORD.encode() + b"\n")
    child.stdin.close()
    child.stdin = None  # written and closed: communicate() must not flush it
    return child


def _intact(db_path) -> dict[str, int]:
    conn = connect_keyed(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # An answered row always has its submission; a sent row its time.
        assert conn.execute("SELECT COUNT(*) FROM outbox WHERE status <> 'pending'"
                            " AND submission_id IS NULL").fetchone()[0] == 0  # fmt: skip
        assert conn.execute("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"
                            " AND sent_at IS NULL").fetchone()[0] == 0  # fmt: skip
        in_flight = conn.execute("SELECT COUNT(DISTINCT submission_id) FROM outbox"
                                 " WHERE status = 'pending' AND submission_id IS NOT NULL"
                                 ).fetchone()[0]  # fmt: skip
        counts = dict(conn.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status"))
        return {"in_flight": in_flight, "sent": counts.get("sent", 0),
                "pending": counts.get("pending", 0)}  # fmt: skip
    finally:
        conn.close()


def test_sigkill_during_sync_runs_loses_nothing_and_doubles_nothing(db, sync_server, tmp_path):
    sync_server.add_school(SCHOOL, USER, PASSWORD, name="Trường THCS Ea Tu")
    db_path = tmp_path / "school.sqlite3"
    outbox.save_account(db, sync_server.url, SCHOOL, USER)
    rows = add_students(db, 400)

    # How long a whole run of about this size takes here, so kills fall across all of it.
    started = time.perf_counter()
    first = _start(db_path)
    out, err = first.communicate(timeout=120)
    duration = time.perf_counter() - started
    assert first.returncode == 0, err.decode()

    rng = random.Random(20211114)
    killed_mid_send = kills = 0
    # A loaded machine starts the child slowly and more kills land before it sends anything:
    # go on (up to 3× as many) until a third of them fell while sending.
    while kills < KILLS or (killed_mid_send < KILLS // 3 and kills < 3 * KILLS):
        kill, kills = kills, kills + 1
        # The school keeps working between the runs: new records and edits of sent ones.
        add_students(db, 400, start=1000 + 400 * kill)
        for row in rng.sample(rows, 10):
            edit(db, "student", "students", row["id"], class_name=f"{rng.randint(6, 9)}A")
        before = _intact(db_path)
        child = _start(db_path)
        time.sleep(rng.uniform(0.05, duration * 1.1))
        child.send_signal(signal.SIGKILL)
        child.communicate()
        after = _intact(db_path)
        if after != before and after["pending"]:  # it had begun and had not finished
            killed_mid_send += 1
    final = _start(db_path)
    out, err = final.communicate(timeout=300)
    assert final.returncode == 0, (out + err).decode()
    print(f"\n{kills} kills over {duration:.2f} s runs; {killed_mid_send} while sending")
    assert killed_mid_send >= KILLS // 3
    assert_server_holds_exactly(db, sync_server)
