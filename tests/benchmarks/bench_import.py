"""Import benchmark: bare python-calamine read vs. the full import (read + check + write) of the
same generated needs file, in one run; peak memory; and how fast a zip bomb is refused.

    .venv/bin/python tests/benchmarks/bench_import.py --rows 50000
    .venv/bin/python tests/benchmarks/bench_import.py --rows 50000 --sheets 8   # one per class
    .venv/bin/python tests/benchmarks/bench_import.py --rows 50000 --kind vaccinations

``--kind vaccinations`` measures template 4.9.1 the same way: ``--rows`` doses (two per
student, the students imported first through the needs template into a database that each run
copies), next to the needs import of ``--rows`` students measured in the same run.

Each measurement runs in its own child process so that its peak memory (ru_maxrss) is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

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
db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # a copied database: its setup not timed
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


def measure(source: Path, kind: str, databases: list[Path], rows: int) -> dict[str, float]:
    """Best bare read and best full import of ``source`` (one database per attempt), with the
    peak memory of each."""
    bare, bare_rss = [], 0.0
    full, full_rss = [], 0.0
    for database in databases:
        fields, rss = child(BARE_READ, str(source))
        bare.append(float(fields[0]))
        bare_rss = max(bare_rss, rss)
        fields, rss = child(FULL_IMPORT, str(source), str(database), kind)
        imported, errors = int(fields[1]), int(fields[2])
        if imported != rows or errors:
            raise SystemExit(f"{kind}: import took {imported} rows with {errors} errors")
        full.append(float(fields[0]))
        full_rss = max(full_rss, rss)
    return {
        "bare_calamine_read_s": round(min(bare), 3),
        "full_import_s": round(min(full), 3),
        "full_import_median_s": round(sorted(full)[len(full) // 2], 3),
        "ratio": round(min(full) / min(bare), 2),
        "bare_read_peak_rss_mb": round(bare_rss),
        "full_import_peak_rss_mb": round(full_rss),
    }


def write_dose_file(path: Path, students: list[tuple[str, str]], today: date) -> int:
    """Two doses of each student (code, ISO birth date), written streaming in the template's
    long layout: the children's Pfizer below 12, Pfizer from 12, three to eight weeks apart."""
    import random
    from datetime import timedelta

    from openpyxl import Workbook

    from desktop_app.core.rules.programme import age_on
    from desktop_app.core.templates.spec import load_template

    rng = random.Random(11)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Tiem vac-xin")
    ws.append(["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"])
    ws.append(["DANH SÁCH HỒ SƠ TIÊM VẮC-XIN CỦA HỌC SINH"])
    ws.append([])
    ws.append([c.display_header for c in load_template("vaccinations").columns])
    number = 0
    places = ["Tại trường", "Tại trường", "Tại cộng đồng", "Nơi khác"]
    for code, birth in students:
        first = today - timedelta(days=rng.randint(120, 400))
        child_dose = age_on(date.fromisoformat(birth), first) < 12
        vaccine = "Pfizer 5-11" if child_dose else "Pfizer"
        second = first + timedelta(days=rng.randint(21, 56))
        for dose_no, day in ((1, first), (2, second)):
            number += 1
            ws.append(
                [
                    number,
                    code,
                    "",
                    "",
                    "",
                    "",
                    dose_no,
                    day.strftime("%d/%m/%Y"),
                    vaccine,
                    f"FK{rng.randint(1000, 9999)}",
                    rng.choice(places),
                    "",
                    "",
                ]
            )
    wb.save(path)
    return number


def vaccinations_run(args: argparse.Namespace, work: Path) -> dict[str, object]:
    """The dose file's import against the needs file's, each best of ``--repeat``."""
    from builders import write_large_needs_file

    from desktop_app.core.store.database import open_database

    students = work / "students.xlsx"
    write_large_needs_file(students, args.rows // 2, date.today())
    base = work / "base.sqlite3"
    child(FULL_IMPORT, str(students), str(base), "needs")
    db = open_database(base)
    pairs = [(c, b) for c, b in db.conn.execute("SELECT code, birth_date FROM students")]
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    doses = work / "doses.xlsx"
    count = write_dose_file(doses, pairs, date.today())
    copies = []
    for attempt in range(args.repeat):
        copy = work / f"vax{attempt}.sqlite3"
        shutil.copy(base, copy)
        copies.append(copy)
    needs_source = work / "needs.xlsx"
    write_large_needs_file(needs_source, args.rows, date.today())
    needs = measure(
        needs_source, "needs", [work / f"needs{n}.sqlite3" for n in range(args.repeat)], args.rows
    )
    vaccinations = measure(doses, "vaccinations", copies, count)
    return {"doses": count, "students": len(pairs), "needs": needs, "vaccinations": vaccinations}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument(
        "--sheets", type=int, default=1, help="class sheets the rows are split over"
    )
    parser.add_argument("--repeat", type=int, default=5, help="best of N for each timing")
    parser.add_argument("--bomb-gb", type=float, default=1.5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--kind", choices=("needs", "vaccinations"), default="needs")
    args = parser.parse_args()
    if args.kind == "vaccinations":
        with tempfile.TemporaryDirectory() as folder:
            found = vaccinations_run(args, Path(folder))
        if args.json:
            print(json.dumps(found))
            return
        for kind in ("needs", "vaccinations"):
            figures: Any = found[kind]
            rows = args.rows if kind == "needs" else found["doses"]
            print(f"{kind:13} {rows} rows: bare {figures['bare_calamine_read_s']:.3f} s, "
                  f"full {figures['full_import_s']:.3f} s (median "
                  f"{figures['full_import_median_s']:.3f} s), ratio {figures['ratio']:.2f}, "
                  f"peak RSS {figures['full_import_peak_rss_mb']} MB")  # fmt: skip
        return

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
