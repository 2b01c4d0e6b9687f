"""Encrypted (SQLCipher) vs plaintext database, in one run, alternating: the 50,000-row needs
import, the database's part of the start-up (open + ``quick_check`` + the dashboard's queries,
timed inside the process) and the whole start-up of the window (a fresh process, from launch to
the main window shown with the dashboard's figures, as ``bench_window.py`` times it). Target: ≤ 1.15×.

    .venv/bin/python tests/benchmarks/bench_encryption.py --rows 50000 --repeat 3

Each measurement runs in its own child process. "plaintext" is the same code with the key taken
away (the driver then opens an ordinary SQLite file), twice: with SQLite's 4 KiB pages, as the
previous version's file, and with the encrypted file's 16 KiB pages — the second ratio is the cost
of the encryption alone.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/ for builders

PREAMBLE = """
import sys, time
from pathlib import Path
if sys.argv[1].startswith("plain"):
    import desktop_app.core.store.database as database
    import desktop_app.core.safekeeping.backups as backups
    from desktop_app.core.store import driver
    database.database_key = lambda *a, **k: None
    database.encrypt_plaintext_database = lambda *a, **k: None  # the file stays plaintext
    backups.file_key = lambda path: None
    # Backups copy it as the previous version did: the same paged backup API, no key.
    import types
    backups.driver = types.SimpleNamespace(**{**vars(driver), "is_plaintext": lambda path: False})
if sys.argv[1] == "plain16k":  # plaintext with the encrypted file's page size
    from desktop_app.core.store import driver
    connect = driver.connect
    def with_page_size(target, key, **kwargs):
        conn = connect(target, key, **kwargs)
        conn.execute("PRAGMA page_size = 16384")  # takes effect on a new, empty file only
        return conn
    driver.connect = with_page_size
from desktop_app.core.store.database import open_database
"""

IMPORT = (
    PREAMBLE
    + """
from desktop_app.core.importing.service import import_file
from desktop_app.core.school import save_school
db = open_database(Path(sys.argv[2]))
save_school(db, {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THCS"})
t = time.perf_counter()
report = import_file(db, "needs", Path(sys.argv[3]))
print(time.perf_counter() - t, report.rows_imported)
"""
)

STARTUP = (
    PREAMBLE
    + """
from desktop_app.core.dashboard import dashboard_summary
t = time.perf_counter()
db = open_database(Path(sys.argv[2]), create=False)
assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
dashboard_summary(db)
print(time.perf_counter() - t)
"""
)


WINDOW = (
    PREAMBLE
    + """
from desktop_app.ui.shell.app import create_application, start
app = create_application()
window = start(Path(sys.argv[2]))
app.processEvents()
assert window.current_page().cards["needs"].value_label.text() != "—"
print("shown", flush=True)
"""
)


# "plain": the previous version's file (plaintext, 4 KiB pages); "plain16k": plaintext with the
# encrypted file's page size, so that the second ratio is the cost of the encryption alone.
MODES = ("enc", "plain", "plain16k")


def launch(code: str, *args: str) -> float:
    """Seconds from starting a fresh Python process to its window being shown."""
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         check=False, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    if out.returncode != 0 or "shown" not in out.stdout:
        raise SystemExit(f"window did not show: {out.stderr[-2000:]}")
    return time.perf_counter() - started


def child(code: str, *args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          check=False)  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"child failed: {done.stderr[-2000:]}")
    return done.stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of N for each timing")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from builders import write_large_needs_file

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        key_file = work / "db.key"
        key_file.write_text(secrets.token_hex(32), encoding="ascii")
        key_file.chmod(0o600)
        os.environ["SONGMAY_DB_KEY_FILE"] = str(key_file)
        source = write_large_needs_file(work / "needs.xlsx", args.rows, date(2024, 9, 5))
        best: dict[str, dict[str, float]] = {mode: {} for mode in MODES}
        for round_ in range(args.repeat):
            for mode in MODES if round_ % 2 == 0 else MODES[::-1]:
                db = work / f"{mode}-{round_}.sqlite3"
                seconds, rows = child(IMPORT, mode, str(db), str(source))
                assert int(rows) == args.rows, rows
                (start,) = child(STARTUP, mode, str(db))
                window = launch(WINDOW, mode, str(db))
                measured = (("import", float(seconds)), ("startup", float(start)),
                            ("window", window))  # fmt: skip
                for name, value in measured:
                    best[mode][name] = min(best[mode].get(name, value), value)
                header = db.read_bytes()[:18]
                assert (header[:16] == b"SQLite format 3\x00") == (mode != "enc")
                if mode == "plain16k":
                    assert int.from_bytes(header[16:18], "big") == 16384
    names = ("import", "startup", "window")
    ratios = {base: {name: best["enc"][name] / best[base][name] for name in names}
              for base in ("plain", "plain16k")}  # fmt: skip
    if args.json:
        print(json.dumps({"best": best, "ratio": ratios}))
        return
    for name in names:
        print(f"{name:8} plaintext 4 KiB {best['plain'][name]:7.3f} s   plaintext 16 KiB "
              f"{best['plain16k'][name]:7.3f} s   encrypted {best['enc'][name]:7.3f} s   "
              f"ratio {ratios['plain'][name]:.3f}× / {ratios['plain16k'][name]:.3f}×")  # fmt: skip


if __name__ == "__main__":
    main()
