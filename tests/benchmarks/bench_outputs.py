"""Printed-output benchmark: the Excel files the school sends or prints (a needs export, the
4.8.2 summary, the donor report) on a large school, against a bare openpyxl write of the same
rows.

    .venv/bin/python tests/benchmarks/bench_outputs.py --students 5000

The school is ``bench_figures.build``'s (one need per student, a tenth with a second survey
round, devices and handovers). "export" is ``songmay export needs``: read the rows, lay them out
as a printed document (letterhead, repeated header, column widths, row heights from wrapped
text, closing and signatures) and save atomically. Its baseline does the same read
(``export_rows``) and writes the same values into a plain openpyxl sheet with no layout, so the
difference is what the document's layout costs. Each figure is the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    import openpyxl
    from bench_figures import build

    from desktop_app.core.importing.export import export_file, export_rows
    from desktop_app.core.reports import export_donor_report, export_needs_summary
    from desktop_app.core.store.database import open_database
    from desktop_app.core.templates.spec import load_template

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        build(root / "school.sqlite3", args.students)
        db = open_database(root / "school.sqlite3")
        spec = load_template("needs")

        def bare() -> None:
            rows = export_rows(db, spec)
            book = openpyxl.Workbook()
            sheet = book.active
            sheet.append([column.header for column in spec.columns])
            for row in rows:
                sheet.append(row)
            book.save(root / "bare.xlsx")

        rows = len(export_rows(db, spec))
        figures = {
            "export needs (document)": best_of(
                args.repeat, lambda: export_file(db, "needs", root / "needs.xlsx")
            ),
            "export needs (bare openpyxl)": best_of(args.repeat, bare),
            "4.8.2 summary": best_of(
                args.repeat, lambda: export_needs_summary(db, root / "summary.xlsx")
            ),
            "donor report": best_of(
                args.repeat, lambda: export_donor_report(db, root / "donors.xlsx")
            ),
        }
    print(f"{args.students:,} students, {rows:,} needs rows; best of {args.repeat}")
    for name, seconds in figures.items():
        print(f"  {name:<30} {seconds:7.2f} s")
    ratio = figures["export needs (document)"] / figures["export needs (bare openpyxl)"]
    print(f"  document layout costs {ratio:.2f}x the bare write")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
