"""Safe-keeping benchmark: a checked backup (SQLite backup API + integrity_check), the encrypted
copy for a USB stick (snapshot, check, scrypt + AES-GCM, read back) and its restore, on a
database of about ``--mb`` megabytes; each step's time and its peak memory above the process's
own start (memory must not grow with the file: the copy and the encryption stream in chunks;
scrypt itself takes 128 MB by design, whatever the file's size).

    .venv/bin/python tests/benchmarks/bench_backup.py --mb 100

Each step runs in a child process that reads its own VmHWM (Linux), so one step's peak is not
another's.
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

PASSPHRASE = "mật khẩu của trường"

STEP = """
import json, sys, time
from pathlib import Path

def peak_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0

from desktop_app.core.safekeeping import backups, encrypted
step, db, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
base = peak_mb()
started = time.perf_counter()
if step == "backup":
    backups.make_backup(db, "manual")
elif step == "export":
    encrypted.export_encrypted(db, out, sys.argv[4])
elif step == "restore":
    encrypted.restore_encrypted(db, out, sys.argv[4])
print(json.dumps({"seconds": time.perf_counter() - started, "extra_mb": peak_mb() - base}))
"""


def make_database(path: Path, megabytes: int) -> int:
    """Students with a long address until the file has about ``megabytes`` MB; returns how many."""
    from desktop_app.core.store.database import open_database

    db = open_database(path)
    filler = "Thôn Ea Tu, xã Ea Tu, thành phố Buôn Ma Thuột, tỉnh Đắk Lắk. " * 12
    count, batch = 0, 5000
    while path.stat().st_size < megabytes * 1_000_000:
        rows = [
            (f"s{count + i}", f"HS{count + i:07d}", f"Học sinh {count + i}", filler)
            for i in range(batch)
        ]
        with db.conn:
            db.conn.executemany(
                "INSERT INTO students (id, code, full_name, name_key, sort_key, birth_date,"
                " gender, class_name, address, created_at, updated_at) VALUES (?, ?, ?, 'hs',"
                " 'hs', '2010-01-01', 'Nam', '6A', ?, '2024-01-01', '2024-01-01')",
                rows,
            )
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        count += batch
    db.close()
    return count


def run_step(step: str, db: Path, out: Path) -> dict[str, float]:
    command = [sys.executable, "-c", STEP, step, str(db), str(out), PASSPHRASE]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=100, help="database size (default 100 MB)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="songmay-bench-backup-") as folder:
        db = Path(folder) / "school.sqlite3"
        started = time.perf_counter()
        students = make_database(db, args.mb)
        size = db.stat().st_size / 1_000_000
        print(f"database: {size:.1f} MB, {students:,} students "
              f"(built in {time.perf_counter() - started:.1f} s)")  # fmt: skip
        out = Path(folder) / "usb" / "truong.smbk"
        for step in ("backup", "export", "restore"):
            figures = run_step(step, db, out)
            print(f"  {step:<8} {figures['seconds']:6.2f} s  {size / figures['seconds']:6.1f} MB/s"
                  f"  peak +{figures['extra_mb']:.1f} MB")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
