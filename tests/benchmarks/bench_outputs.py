"""Printed-output benchmark: the Excel files the school sends or prints (a needs export, the
4.8.2 summary, the donor report) on a large school, against a bare openpyxl write of the same
rows.

    .venv/bin/python tests/benchmarks/bench_outputs.py --size 5000

The school is ``bench_figures.build``'s (one need per student, a tenth with a second survey
round, devices and handovers). "export" is ``songmay export needs``: read the rows, lay them out
as a printed document (letterhead, repeated header, column widths, row heights from wrapped
text, closing and signatures) and save atomically. Its baseline does the same read
(``export_rows``) and writes the same values into a plain openpyxl sheet with no layout, so the
difference is what the document's layout costs. The bare write, the export, the summary and the
donor report alternate in this process (min and median of ``--repeat`` rounds; each side's peak
memory is the process's peak while it ran). No floor was set (issue 12 reported the layout at
2.2× the bare write): the ratio is reported.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import common
from harness import Result, alternate, load


def main(argv: list[str] | None = None) -> int:
    parser = common.arguments(__doc__, 5000, "students")
    args = parser.parse_args(argv)
    common.ensure_key_file()

    import openpyxl
    from bench_figures import build

    from desktop_app.core.importing.export import export_file, export_rows
    from desktop_app.core.reports import export_donor_report, export_needs_summary
    from desktop_app.core.store.database import open_database
    from desktop_app.core.templates.spec import load_template

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        sizes = build(root / "school.sqlite3", args.size)
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
        result = Result(
            "outputs",
            goal="reported: the needs export as a printed document against a bare openpyxl write",
            conditions={**sizes, "needs rows": rows, "load": load()},
        )
        result.timings = alternate(
            [
                ("export needs (bare openpyxl)", common.timed(bare)),
                ("export needs (document)",
                 common.timed(lambda: export_file(db, "needs", root / "needs.xlsx"))),
                ("4.8.2 summary",
                 common.timed(lambda: export_needs_summary(db, root / "summary.xlsx"))),
                ("donor report",
                 common.timed(lambda: export_donor_report(db, root / "donors.xlsx"))),
            ],
            args.repeat,
        )  # fmt: skip
        result.compare("export needs (document)", "export needs (bare openpyxl)")
        db.close()
    result.emit(json_output=args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
