"""Encrypted (SQLCipher) vs plaintext database, in one run, alternating: the 50,000-row needs
import, the database's part of the start-up (open + ``quick_check`` + the dashboard's queries,
timed inside the process) and the whole start-up of the window (a fresh process, from launch to
the main window shown with the dashboard's figures, as ``bench_window.py`` times it). Goal
(issue 14): encrypted ≤ 1.15× plaintext.

    .venv/bin/python tests/benchmarks/bench_encryption.py --size 50000

One result per measure, each with its three sides and the peak memory of each side's child.

Each measurement runs in its own child process. "plaintext" is the same code with the key taken
away (the driver then opens an ordinary SQLite file), twice: with SQLite's 4 KiB pages, as the
previous version's file, and with the encrypted file's 16 KiB pages — the second ratio is the cost
of the encryption alone.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import time
from datetime import date
from pathlib import Path

import common
from harness import Result, Timing, child, load

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


MEASURES = {
    "import": "import of the needs file (read, check, write, journal, before-import backup)",
    "startup": "start-up, the database's part (open + quick_check + dashboard queries)",
    "window": "start-up of the window (fresh process, launch → main window with its figures)",
}
LABELS = {"enc": "encrypted", "plain": "plaintext 4 KiB", "plain16k": "plaintext 16 KiB"}


def main() -> None:
    parser = common.arguments(__doc__, 50_000, "rows of the needs file (students)")
    args = parser.parse_args()

    from builders import write_large_needs_file

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        key_file = work / "db.key"
        key_file.write_text(secrets.token_hex(32), encoding="ascii")
        key_file.chmod(0o600)
        os.environ["SONGMAY_DB_KEY_FILE"] = str(key_file)
        source = write_large_needs_file(work / "needs.xlsx", args.size, date(2024, 9, 5))
        timings = {name: {mode: Timing(LABELS[mode]) for mode in MODES} for name in MEASURES}

        def record(name: str, mode: str, seconds: float, rss: float) -> None:
            timing = timings[name][mode]
            timing.seconds.append(seconds)
            timing.peak_rss_mb = max(timing.peak_rss_mb, rss)

        for round_ in range(args.repeat):
            for mode in MODES if round_ % 2 == 0 else MODES[::-1]:
                common.progress(f"round {round_ + 1}: {LABELS[mode]}")
                db = work / f"{mode}-{round_}.sqlite3"
                (seconds, rows), rss = child(IMPORT, mode, str(db), str(source))
                assert int(rows) == args.size, rows
                record("import", mode, float(seconds), rss)
                (start,), rss = child(STARTUP, mode, str(db))
                record("startup", mode, float(start), rss)
                started = time.perf_counter()
                shown, rss = child(WINDOW, mode, str(db), env={"QT_QPA_PLATFORM": "offscreen"})
                assert shown == ["shown"], shown
                record("window", mode, time.perf_counter() - started, rss)
                header = db.read_bytes()[:18]
                assert (header[:16] == b"SQLite format 3\x00") == (mode != "enc")
                if mode == "plain16k":
                    assert int.from_bytes(header[16:18], "big") == 16384
                for path in work.glob(f"{mode}-{round_}.sqlite3*"):
                    path.unlink()
    for name, description in MEASURES.items():
        result = Result(
            f"encryption: {name}",
            goal=f"{description}: encrypted ≤ 1.15× plaintext",
            conditions={
                "rows": args.size,
                "columns": 17,
                "file": "builders.write_large_needs_file",
                "load": load(),
            },
            timings=[timings[name][mode] for mode in ("plain", "plain16k", "enc")],
        )
        result.compare("encrypted", "plaintext 4 KiB", limit=1.15)
        result.compare("encrypted", "plaintext 16 KiB", limit=1.15)
        result.emit(json_output=args.json)


if __name__ == "__main__":
    main()
