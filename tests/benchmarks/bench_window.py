"""Window start-up: a fresh ``songmay`` launch to its main window on screen with the dashboard's
figures, against a fresh bare QMainWindow launch, alternating (bare, songmay, bare, songmay…).

The songmay side is the path a user's launch takes: ``desktop_app.ui.shell.app.run`` itself
(the application object, logging, the error reporter, the single-instance lock, the health
check, the database, the main window, the daily backup job, the event loop), with the database
encrypted as the application keeps it. Each child reports the seconds from the moment its
parent launched it to the moment the window is shown with its figures (the bare window: shown,
in its event loop); process exit is not counted. The database (``--size`` students, each with a
need, written with their journal as the core writes them) is built first and launched once
before timing, so that the day's automatic backup is already made as it would be on any later
launch of the day.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_window.py --size 50000
    .venv/bin/python tests/benchmarks/bench_window.py --size 200 --repeat 1 --json   # smoke

Two songmay sides: with the dashboard's figures kept in the database by the previous session
(nothing changed since: the usual launch, ``core.dashboard.kept_summary``), and with them made
stale before each launch (as after a change by ``songmay import`` or another program: the figures
are computed on the read worker after the first paint, then kept). The goal is held by the
first; the second is printed beside it.

Also printed: when songmay's window first showed (its figures still "…"). The search and scroll
figures are ``bench_search.py``'s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from harness import Attempt, Result, alternate, child, load

GOALS = {50_000: 4.0, 200_000: 6.0}  # issue 19: ≤ 4× a bare window at 50k, ≤ 6× at 200k

BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
launched = float(sys.argv[1])
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
window.show()
def shown():
    print(f"{time.time() - launched:.6f}", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""

# ``run`` is what ``songmay`` (no command) calls. Its application object is made here by the
# same function ``run`` calls (it reuses it), so that a timer can watch for the window.
SONGMAY = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop_app.ui.shell import app as shell
launched = float(sys.argv[1])
application = shell.create_application()
waiting = ("—", "…")

painted = []

def figures_shown():
    from desktop_app.ui.shell.main_window import MainWindow
    for window in QApplication.topLevelWidgets():
        if isinstance(window, MainWindow) and window.isVisible():
            if not painted:
                painted.append(time.time() - launched)
            page = window.page("overview")
            cards = getattr(page, "cards", {})
            if cards and all(c.value_label.text() not in waiting for c in cards.values()):
                return window
    return None

def watch():
    window = figures_shown()
    if window is None:
        return
    print(f"{painted[0]:.6f} {time.time() - launched:.6f}", flush=True)
    watcher.stop()
    window.close()

watcher = QTimer()
watcher.setInterval(1)
watcher.timeout.connect(watch)
watcher.start()
code = shell.run(Path(sys.argv[2]))
assert code == 0, code
"""


# Before a launch of the "figures computed" side: the kept figures made stale as any change
# without a journal row does (``figures_stamp``), in a process of its own (not timed).
STALE = """
import sys
from pathlib import Path
from desktop_app.core.store.database import open_database, write_transaction
db = open_database(Path(sys.argv[1]))
with write_transaction(db):
    db.execute("UPDATE figures_stamp SET changes = changes + 1 WHERE id = 1")
db.close()
"""


BUILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from bench_window import make_database
make_database(Path(sys.argv[2]), int(sys.argv[3]))
"""


def make_database(path: Path, students: int) -> None:
    """Students with their needs, written the way the core writes them (journal included)."""
    import random

    from desktop_app.core.naming import student_keys
    from desktop_app.core.school import save_school
    from desktop_app.core.store.changes import ChangeSet
    from desktop_app.core.store.database import open_database, write_transaction

    rng = random.Random(5)
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Bùi", "Đỗ", "Ngô", "Lò"]
    middle = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh"]
    given = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hạnh", "Huy", "Lan", "Linh", "Mai",
             "Nam", "Ngọc", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Vy", "Yến", "Đạt"]  # fmt: skip
    db = open_database(path)
    save_school(db, {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THCS"})
    changes = ChangeSet(source="benchmark")
    today = date.today()
    for number in range(students):
        name = f"{rng.choice(family)} {rng.choice(middle)} {rng.choice(given)}"
        class_name = f"{rng.randint(6, 9)}A{rng.randint(1, 9)}"
        student = changes.insert("student", {
            "code": f"{number:010d}", "full_name": name, "gender": rng.choice(["Nam", "Nữ"]),
            "birth_date": (today - timedelta(days=4500 + rng.randint(0, 1400))).isoformat(),
            "class_name": class_name, **student_keys(name, class_name),
        })  # fmt: skip
        changes.insert("need", {
            "student_id": student["id"], "survey_round": "2026-H2", "category": rng.randint(1, 4),
            "requested_device": rng.choice(["laptop", "tablet", "smartphone"]),
            "poverty_cert_no": "1/GCN", "status": "proposed",
        })  # fmt: skip
    with write_transaction(db):
        changes.apply(db.conn)
    db.close()


PAINTED: dict[str, list[float]] = {}  # songmay's window on screen, its figures still "…"


def launch(code: str, *args: str, side: str = "") -> Attempt:
    """A fresh process; the seconds it reports from its launch to its window shown (songmay:
    with its figures; the moment its window first showed is kept in ``PAINTED[side]``)."""
    words, rss = child(code, f"{time.time():.6f}", *args)
    if len(words) > 1:
        PAINTED.setdefault(side, []).append(float(words[-2]))
    return float(words[-1]), rss


def launch_stale(path: Path) -> Attempt:
    """songmay launched after its kept figures were made stale (the making not timed)."""
    child(STALE, str(path))
    return launch(SONGMAY, str(path), side="computed")


def compile_sources() -> None:
    """The bytecode an installed application has (pip and the bundle compile it): without it each
    launch would compile the sources first (PYTHONDONTWRITEBYTECODE is set here and in CI)."""
    import compileall

    root = Path(__file__).resolve().parents[2]
    for package in ("desktop_app", "sync"):
        compileall.compile_dir(root / package, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50_000, help="students in the database")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="one JSON line per result")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    compile_sources()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        # The school's data as the application keeps it: encrypted, with its key in a 0600 file
        # (a PC's keyring would hold it); the window's settings in a folder of their own.
        common.ensure_key_file()
        os.environ["XDG_CONFIG_HOME"] = str(work / "config")
        os.environ["XDG_DATA_HOME"] = str(work / "data")  # the log, beside nothing else
        path = work / "school.sqlite3"
        started = time.perf_counter()
        # In a process of its own: a child launched later would count this one's memory as its
        # own peak (Linux reports the RSS a process had before it became the child program).
        child(BUILD, str(Path(__file__).resolve().parent), str(path), str(args.size))
        print(f"database of {args.size} students ({path.stat().st_size / 1e6:.0f} MB) in "
              f"{time.perf_counter() - started:.1f} s", file=sys.stderr)  # fmt: skip
        launch(BARE)  # the day's backup made, the files in the OS's cache, on both sides
        launch(SONGMAY, str(path))
        result = Result(
            "window start-up",
            goal=f"songmay ≤ {GOALS.get(args.size, 4.0):g}× a bare QMainWindow "
            f"(issue 19: ≤ 4× at 50k students, ≤ 6× at 200k)",
            conditions={
                "students": args.size,
                "file": f"{path.stat().st_size / 1e6:.0f} MB, encrypted",
                "measured": "launch → window shown with the dashboard's figures (run())",
                "load": load(),
            },
        )
        result.timings = alternate(
            [("bare QMainWindow", lambda: launch(BARE)),
             ("songmay window", lambda: launch(SONGMAY, str(path), side="kept")),
             ("songmay window, figures computed", lambda: launch_stale(path))],
            args.repeat,
        )  # fmt: skip
        result.compare("songmay window", "bare QMainWindow", limit=GOALS.get(args.size, 4.0))
        result.compare("songmay window, figures computed", "bare QMainWindow")
        bare = result.timing("bare QMainWindow").best
        for side, label in (("kept", "kept figures"), ("computed", "figures computed")):
            timed = sorted(PAINTED[side][-args.repeat :])
            result.figures[f"first paint, {label}"] = (
                f"songmay's window on screen (figures shown, or still '…'): min {timed[0]:.3f} s,"
                f" median {timed[len(timed) // 2]:.3f} s ({timed[0] / bare:.2f}× the bare"
                " window's min)"
            )
    result.emit(json_output=args.json)


if __name__ == "__main__":
    main()
