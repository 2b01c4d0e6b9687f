"""Safe-keeping benchmark: a checked backup (SQLite backup API + integrity_check), the encrypted
copy for a USB stick (snapshot, check, scrypt + AES-GCM, read back) and its restore, on a
database of about ``--mb`` megabytes; each step's time and its peak memory above the process's
own start (memory must not grow with the file: the copy and the encryption stream in chunks;
scrypt itself takes 128 MB by design, whatever the file's size).

    .venv/bin/python tests/benchmarks/bench_backup.py --size 100

Each step runs in a child process that reads its own VmHWM (Linux), so one step's peak is not
another's. The baseline is a bare copy of the same file (``shutil.copyfile`` in a child), the
floor of any step that reads the whole file and writes it again; the steps and the copy
alternate. The goal is memory (issue 4: each step's peak above its start stays flat as the file
grows; scrypt's fixed share aside); the times are reported as multiples of the bare copy.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import common
from harness import PEAK_SOURCE, Attempt, Result, alternate, load

ROOT = common.ROOT

PASSPHRASE = "mật khẩu của trường"

STEP = (
    PEAK_SOURCE
    + """
import json, sys, time
from pathlib import Path

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
elif step == "copy":
    import shutil
    shutil.copyfile(db, db.with_name("bare-copy.sqlite3"))
print(json.dumps({"seconds": time.perf_counter() - started, "extra_mb": peak_mb() - base,
                  "peak_mb": peak_mb()}))
"""
)


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
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"step {step} failed: {done.stderr[-2000:]}")
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


STEPS = {
    "copy": "bare file copy",
    "backup": "checked backup",
    "export": "encrypted export",
    "restore": "encrypted restore",
}


def main() -> int:
    parser = common.arguments(__doc__, 100, "database size in MB")
    args = parser.parse_args()
    common.ensure_key_file()
    with tempfile.TemporaryDirectory(prefix="songmay-bench-backup-") as folder:
        db = Path(folder) / "school.sqlite3"
        started = time.perf_counter()
        students = make_database(db, args.size)
        size = db.stat().st_size / 1_000_000
        common.progress(f"database: {size:.1f} MB, {students:,} students "
                        f"(built in {time.perf_counter() - started:.1f} s)")  # fmt: skip
        out = Path(folder) / "usb" / "truong.smbk"
        extra: dict[str, float] = {}

        def side(step: str) -> Callable[[], Attempt]:
            def attempt() -> Attempt:
                figures = run_step(step, db, out)
                extra[step] = max(extra.get(step, 0.0), figures["extra_mb"])
                return figures["seconds"], figures["peak_mb"]

            return attempt

        result = Result(
            "backup",
            goal="memory: each step's peak above its start stays flat as the file grows "
            "(scrypt: a fixed 32–128 MB); times reported against a bare file copy",
            conditions={"database MB": round(size, 1), "students": students, "load": load()},
        )
        result.timings = alternate([(label, side(step)) for step, label in STEPS.items()],
                                   args.repeat)  # fmt: skip
        for step, label in STEPS.items():
            if step != "copy":
                result.compare(label, "bare file copy")
        result.figures = {
            **{f"{STEPS[step]}: peak above its start MB": round(extra[step], 1) for step in STEPS},
            **{f"{STEPS[step]} MB/s": round(size / result.timing(STEPS[step]).best, 1)
               for step in STEPS},
        }  # fmt: skip
    result.emit(json_output=args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
