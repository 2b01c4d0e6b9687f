"""Import benchmark: the full import of a generated file (read + check + write + journal, in one
transaction) against a bare python-calamine read of the same file, alternating, each attempt in a
fresh child process (so its peak memory is its own).

    .venv/bin/python tests/benchmarks/bench_import.py --size 50000
    .venv/bin/python tests/benchmarks/bench_import.py --size 200000 --repeat 3
    .venv/bin/python tests/benchmarks/bench_import.py --size 50000 --kind vaccinations

``--kind needs`` (the default) measures, each against its own bare read:

- the 17-column needs file, imported into an encrypted database (the product) and into a
  plaintext one (the same code with the key taken away), side by side;
- an 11-column needs file (the required columns, STT, ethnicity and the certificate number);
- whole processes on the 11-column file: ``songmay --db … import needs FILE`` from launch to
  exit against ``python -c`` reading the file with python-calamine from launch to exit;
- how fast a zip bomb is refused.

``--kind vaccinations`` measures template 4.9.1: ``--size`` doses, two per student, the students
imported first through the needs template into a database each attempt copies.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/ for builders and hostile_files
sys.path.insert(0, str(HERE))  # the harness

import common  # noqa: E402
from harness import Attempt, Result, alternate, child, launch  # noqa: E402

from desktop_app.core.excel.safety import Limits  # noqa: E402

# The needs template's required columns, with STT, ethnicity and the certificate number.
NARROW = [
    "STT", "Mã học sinh (*)", "Họ và tên (*)", "Ngày sinh (*)", "Giới tính (*)", "Lớp (*)",
    "Dân tộc", "Diện đối tượng (*)", "Số giấy chứng nhận hộ nghèo/cận nghèo",
    "Đã có thiết bị học trực tuyến (*)", "Loại thiết bị đề nghị (*)",
]  # fmt: skip

BARE_READ = """
import sys, time
t = time.perf_counter()
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
rows = [book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names]
print(time.perf_counter() - t, sum(map(len, rows)))
"""

# The plaintext side: the same code with the key taken away (the driver then opens an ordinary
# SQLite file), as bench_encryption.py does it.
PLAINTEXT = """
import desktop_app.core.store.database as database
import desktop_app.core.safekeeping.backups as backups
import types
from desktop_app.core.store import driver
database.database_key = lambda *a, **k: None
database.encrypt_plaintext_database = lambda *a, **k: None
backups.file_key = lambda path: None
backups.driver = types.SimpleNamespace(**{**vars(driver), "is_plaintext": lambda path: False})
"""

SETUP = """
import sys
from pathlib import Path
if sys.argv[2] == "plaintext":
    exec(sys.argv[3])
from desktop_app.core.school import save_school
from desktop_app.core.store.database import open_database
db = open_database(Path(sys.argv[1]))
save_school(db, {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THCS"})
db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.close()
"""

# Timed from before the import's first line to its report: the modules are loaded untimed, as
# the bare read's python-calamine is imported inside its timing (a few milliseconds).
FULL_IMPORT = """
import sys, time
from pathlib import Path
if sys.argv[4] == "plaintext":
    exec(sys.argv[5])
from desktop_app.core.importing.service import import_file
from desktop_app.core.store.database import open_database
db = open_database(Path(sys.argv[2]))
t = time.perf_counter()
report = import_file(db, sys.argv[3], Path(sys.argv[1]))
elapsed = time.perf_counter() - t
t = time.perf_counter()
db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
checkpoint = time.perf_counter() - t
print(elapsed, report.rows_imported, len(report.errors), report.exit_code, checkpoint)
"""
# The import's commit leaves SQLite's WAL checkpoint (the copy of its pages into the database
# file) to the next write; each attempt times that copy after the import, untimed in its figure,
# and the results say what it costs: source file -> seconds of each attempt, encrypted.
CHECKPOINTS: dict[Path, list[float]] = {}


class Workspace:
    """The benchmark's folder and the fresh databases it hands out."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        common.ensure_key_file()

    def database(self, mode: str = "encrypted", base: Path | None = None) -> Path:
        self.count += 1
        path = self.folder / f"db{self.count}" / "school.sqlite3"
        path.parent.mkdir()
        if base is not None:
            for part in base.parent.iterdir():
                if part.is_file():
                    shutil.copy(part, path.parent / part.name.replace(base.name, path.name))
        else:
            child(SETUP, str(path), mode, PLAINTEXT)
        return path

    def cleanup(self, path: Path) -> None:
        shutil.rmtree(path.parent, ignore_errors=True)


def bare_read(source: Path) -> Attempt:
    fields, rss = child(BARE_READ, str(source))
    return float(fields[0]), rss


def full_import(
    work: Workspace, source: Path, kind: str, rows: int, mode: str = "encrypted",
    base: Path | None = None,
) -> Attempt:  # fmt: skip
    database = work.database(mode, base)
    fields, rss = child(FULL_IMPORT, str(source), str(database), kind, mode, PLAINTEXT)
    work.cleanup(database)
    imported, errors = int(fields[1]), int(fields[2])
    if imported != rows or errors:
        raise SystemExit(f"{kind}: the import took {imported} of {rows} rows, {errors} errors")
    if mode == "encrypted":
        CHECKPOINTS.setdefault(source, []).append(float(fields[4]))
    return float(fields[0]), rss


def checkpoint_figure(result: Result, source: Path) -> None:
    """What the checkpoint left to the next write costs, and the ratio with it counted."""
    seconds = sorted(CHECKPOINTS.get(source, []))
    if not seconds:
        return
    with_it = min(result.timing("full import, encrypted").seconds) + seconds[0]
    result.figures["WAL checkpoint left to the next write"] = (
        f"min {seconds[0]:.3f} s / median {seconds[len(seconds) // 2]:.3f} s; counted in, the"
        f" import is {with_it / result.timing('bare read').best:.2f}× the bare read (min)"
    )


# The console script's own two lines (``songmay`` = ``desktop_app.cli:main``), run as ``python
# -c`` so that the child can report its own peak memory (see harness.child).
SONGMAY = "import sys\nfrom desktop_app.cli import main\nsys.argv[0] = 'songmay'\nsys.exit(main())"


def songmay_process(work: Workspace, source: Path) -> Attempt:
    database = work.database()
    attempt = launch(SONGMAY, "--db", str(database), "import", "needs", str(source))
    work.cleanup(database)
    return attempt


def memory_goal(rows: int) -> str:
    return "peak RSS ≤ 250 MB at 50,000 rows, ≤ 600 MB at 200,000"


def needs_results(args: argparse.Namespace, work: Workspace) -> list[Result]:
    from builders import write_large_needs_file

    today = date.today()
    wide = work.folder / "needs17.xlsx"
    narrow = work.folder / "needs11.xlsx"
    started = time.perf_counter()
    write_large_needs_file(wide, args.size, today, sheets=args.sheets)
    write_large_needs_file(narrow, args.size, today, sheets=args.sheets, headers=NARROW)
    print(f"generated 2 × {args.size} rows in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)  # fmt: skip
    rows = args.size
    results = []

    result = Result(
        "import needs (17 columns)",
        goal=f"full import ≤ 4× a bare python-calamine read of the same file; {memory_goal(rows)}",
        conditions={"rows": rows, "columns": 17, "sheets": args.sheets,
                    "file_mb": round(wide.stat().st_size / 1e6, 1)},
    )  # fmt: skip
    result.timings = alternate(
        [
            ("bare read", lambda: bare_read(wide)),
            ("full import, encrypted", lambda: full_import(work, wide, "needs", rows)),
            ("full import, plaintext",
             lambda: full_import(work, wide, "needs", rows, "plaintext")),
        ],
        args.repeat,
    )  # fmt: skip
    result.compare("full import, encrypted", "bare read", 4.0)
    result.compare("full import, plaintext", "bare read")
    result.compare("full import, encrypted", "full import, plaintext")
    checkpoint_figure(result, wide)
    limit = 250 if rows <= 50_000 else 600 if rows <= 200_000 else None
    if limit is not None:
        peak = result.timing("full import, encrypted").peak_rss_mb
        result.figures["memory goal"] = f"peak RSS {peak:.0f} MB ≤ {limit} MB: {peak <= limit}"
    results.append(result)

    result = Result(
        "import needs (11 columns)",
        goal="full import ≤ 5.5× a bare python-calamine read of the same file",
        conditions={"rows": rows, "columns": 11, "sheets": args.sheets,
                    "file_mb": round(narrow.stat().st_size / 1e6, 1)},
    )  # fmt: skip
    result.timings = alternate(
        [
            ("bare read", lambda: bare_read(narrow)),
            ("full import, encrypted", lambda: full_import(work, narrow, "needs", rows)),
        ],
        args.repeat,
    )
    result.compare("full import, encrypted", "bare read", 5.5)
    checkpoint_figure(result, narrow)
    results.append(result)

    result = Result(
        "songmay import process (11 columns)",
        goal="`songmay import needs FILE` from launch to exit ≤ 6.5× `python -c` reading the "
        "same file with python-calamine from launch to exit",
        conditions={"rows": rows, "columns": 11, "sheets": args.sheets},
    )
    result.timings = alternate(
        [
            ("bare read process", lambda: launch(BARE_READ, str(narrow))),
            ("songmay import process", lambda: songmay_process(work, narrow)),
        ],
        args.repeat,
    )
    result.compare("songmay import process", "bare read process", 6.5)
    results.append(result)

    if args.bomb_gb > 0:
        results.append(zip_bomb(args, work))
    return results


def zip_bomb(args: argparse.Namespace, work: Workspace) -> Result:
    from hostile_files import make_zip_bomb

    bomb = work.folder / "bomb.xlsx"
    make_zip_bomb(bomb, int(args.bomb_gb * 1e9))
    result = Result(
        "zip bomb refused",
        goal="refused in ≤ 5 s with ≤ 300 MB, with a message (exit code 2)",
        conditions={"inflates_to_gb": args.bomb_gb, "file_mb": round(bomb.stat().st_size / 1e6, 2)},
    )
    database = work.database()
    fields, rss = child(FULL_IMPORT, str(bomb), str(database), "needs", "encrypted", PLAINTEXT)
    result.timings = alternate([("refusal", lambda: (float(fields[0]), rss))], 1)
    result.figures["exit_code"] = int(fields[3])
    result.figures["goal met"] = int(fields[3]) == 2 and float(fields[0]) <= 5 and rss <= 300
    return result


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


def vaccinations_results(args: argparse.Namespace, work: Workspace) -> list[Result]:
    """The dose file's import against its bare read; the students are in the base database."""
    from builders import write_large_needs_file

    from desktop_app.core.store.database import open_database

    students = work.folder / "students.xlsx"
    write_large_needs_file(students, max(1, args.size // 2), date.today())
    base = work.database()
    child(FULL_IMPORT, str(students), str(base), "needs", "encrypted", PLAINTEXT)
    db = open_database(base)
    pairs = [(c, b) for c, b in db.conn.execute("SELECT code, birth_date FROM students")]
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    doses = work.folder / "doses.xlsx"
    count = write_dose_file(doses, pairs, date.today())
    result = Result(
        "import vaccinations (13 columns)",
        goal="full import ≤ 5.5× a bare python-calamine read of the same file",
        conditions={"doses": count, "students": len(pairs), "columns": 13},
    )
    result.timings = alternate(
        [
            ("bare read", lambda: bare_read(doses)),
            ("full import, encrypted",
             lambda: full_import(work, doses, "vaccinations", count, base=base)),
        ],
        args.repeat,
    )  # fmt: skip
    result.compare("full import, encrypted", "bare read", 5.5)
    return [result]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50_000, help="rows (doses for vaccinations)")
    parser.add_argument("--repeat", type=int, default=5, help="alternating runs of each side")
    parser.add_argument("--sheets", type=int, default=1, help="class sheets the rows fill")
    parser.add_argument("--bomb-gb", type=float, default=None,
                        help="the zip bomb's inflated size (default 1.5, 0.05 below 10,000 rows;"
                        " 0: none)")  # fmt: skip
    parser.add_argument("--kind", choices=("needs", "vaccinations"), default="needs")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    # A sheet holds at most Limits.max_rows lines (the template's 4 above the table count):
    # a larger size is spread over as many sheets as it takes, as a school would split it.
    per_sheet = Limits().max_rows - 4
    args.sheets = max(args.sheets, -(-args.size // per_sheet))
    if args.bomb_gb is None:  # the smoke run (tiny sizes) need not inflate 1.5 GB
        args.bomb_gb = 1.5 if args.size >= 10_000 else 0.05
    with tempfile.TemporaryDirectory() as folder:
        work = Workspace(Path(folder))
        if args.kind == "vaccinations":
            results = vaccinations_results(args, work)
        else:
            results = needs_results(args, work)
    for result in results:
        result.emit(json_output=args.json)


if __name__ == "__main__":
    main()
