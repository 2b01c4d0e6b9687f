"""Import benchmark: bare python-calamine read vs. the full import (read + check + write) of the
same generated needs file, in one run; peak memory; and how fast a zip bomb is refused.

    .venv/bin/python tests/benchmarks/bench_import.py --rows 50000
    .venv/bin/python tests/benchmarks/bench_import.py --rows 50000 --sheets 8   # one per class

Each measurement runs in its own child process so that its peak memory (ru_maxrss) is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/ for builders and hostile_files

BARE_READ = """
import sys, time
from python_calamine import CalamineWorkbook
t = time.perf_counter()
book = CalamineWorkbook.from_path(sys.argv[1])
rows = [book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names]
print(time.perf_counter() - t, sum(map(len, rows)))
"""

FULL_IMPORT = """
import sys, time
from pathlib import Path
from desktop_app.core.importing.service import import_file
from desktop_app.core.school import save_school
from desktop_app.core.store.database import open_database
db = open_database(Path(sys.argv[2]))
save_school(db, {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THCS"})
t = time.perf_counter()
report = import_file(db, sys.argv[3], Path(sys.argv[1]))
print(time.perf_counter() - t, report.rows_imported, len(report.errors), report.exit_code)
"""


def child(code: str, *args: str) -> tuple[list[str], float]:
    """Run ``code`` in a child; returns its printed fields and its peak RSS in MB."""
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen([sys.executable, "-c", code, *args], stdout=out)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode()
    if process.returncode not in (0,):
        raise SystemExit(f"child failed ({process.returncode}): {text}")
    return text.split(), usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument(
        "--sheets", type=int, default=1, help="class sheets the rows are split over"
    )
    parser.add_argument("--repeat", type=int, default=5, help="best of N for each timing")
    parser.add_argument("--bomb-gb", type=float, default=1.5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from builders import write_large_needs_file
    from hostile_files import make_zip_bomb

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = work / "needs.xlsx"
        started = time.perf_counter()
        write_large_needs_file(source, args.rows, date.today(), sheets=args.sheets)
        print(f"generated {args.rows} rows in {time.perf_counter() - started:.1f} s "
              f"({source.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)  # fmt: skip

        bare, bare_rss = [], 0.0
        full, full_rss = [], 0.0
        for attempt in range(args.repeat):
            fields, rss = child(BARE_READ, str(source))
            bare.append(float(fields[0]))
            bare_rss = max(bare_rss, rss)
            fields, rss = child(
                FULL_IMPORT, str(source), str(work / f"db{attempt}.sqlite3"), "needs"
            )
            imported, errors = int(fields[1]), int(fields[2])
            if imported != args.rows or errors:
                raise SystemExit(f"import took {imported} rows with {errors} errors")
            full.append(float(fields[0]))
            full_rss = max(full_rss, rss)

        bomb = work / "bomb.xlsx"
        make_zip_bomb(bomb, int(args.bomb_gb * 1e9))
        fields, bomb_rss = child(FULL_IMPORT, str(bomb), str(work / "bomb.sqlite3"), "needs")
        bomb_seconds, bomb_exit = float(fields[0]), int(fields[3])

    result = {
        "rows": args.rows,
        "sheets": args.sheets,
        "bare_calamine_read_s": round(min(bare), 3),
        "full_import_s": round(min(full), 3),
        "ratio": round(min(full) / min(bare), 2),
        "bare_read_peak_rss_mb": round(bare_rss),
        "full_import_peak_rss_mb": round(full_rss),
        "zip_bomb_gb": args.bomb_gb,
        "zip_bomb_file_mb": round(bomb.stat().st_size / 1e6, 2) if bomb.exists() else None,
        "zip_bomb_refused_s": round(bomb_seconds, 3),
        "zip_bomb_exit_code": bomb_exit,
        "zip_bomb_peak_rss_mb": round(bomb_rss),
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"rows                         {result['rows']} in {args.sheets} sheet(s)")
    print(f"bare calamine read (best)    {result['bare_calamine_read_s']:.3f} s")
    print(f"full import (best)           {result['full_import_s']:.3f} s")
    print(f"ratio full / bare            {result['ratio']:.2f}  (goal ≤ 4)")
    print(f"peak RSS bare / full         {result['bare_read_peak_rss_mb']} MB / "
          f"{result['full_import_peak_rss_mb']} MB  (goal ≤ 400 MB)")  # fmt: skip
    print(
        f"zip bomb ({args.bomb_gb} GB) refused   {result['zip_bomb_refused_s']:.3f} s, "
        f"exit {bomb_exit}, peak RSS {result['zip_bomb_peak_rss_mb']} MB  (goal ≤ 5 s, ≤ 300 MB)"
    )


if __name__ == "__main__":
    main()
