"""Window benchmark on a 50,000-student database, in one run:

- start-up to a visible, populated main window (the songmay start-up path) against a bare
  QMainWindow, each a fresh process timed from launch to the window on screen (best of N);
- re-filtering the student table as a search term is typed (each keystroke's filter);
- scrolling the table from top to bottom: rows held in memory and the process's RSS.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_window.py --students 50000
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.processEvents()
print("shown", flush=True)
"""

SONGMAY = """
import sys
from pathlib import Path
from desktop_app.ui.shell.app import create_application, start
app = create_application()
window = start(Path(sys.argv[1]))
app.processEvents()
page = window.current_page()
assert page.cards["needs"].value_label.text() != "—"  # the dashboard shows its figures
print("shown", flush=True)
"""


def launch(code: str, *args: str) -> float:
    """Seconds from starting a fresh Python process to the window being shown."""
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    if "shown" not in out.stdout:
        raise SystemExit(f"child did not show its window: {out.stderr}")
    return time.perf_counter() - started


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


def in_process(path: Path) -> dict[str, float]:
    """Search and scroll in this process, on the real students page."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.store.database import open_database
    from desktop_app.ui.students.page import StudentsPage

    app = QApplication.instance() or QApplication(sys.argv)
    page = StudentsPage(open_database(path))
    page.resize(1280, 760)
    page.show()
    app.processEvents()
    timings = []
    for text in ["n", "ng", "ngu", "nguy", "nguye", "nguyen", "nguyen v", "nguyen van", ""]:
        page.search.setText(text)
        started = time.perf_counter()
        page.apply_filter()
        app.processEvents()  # the table repaints with the new rows
        timings.append(time.perf_counter() - started)
    model = page.model
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    most = 0
    for row in range(0, model.rowCount(), 25):  # what the view asks for while scrolling
        model.data(model.index(row, 1))
        most = max(most, model.loaded_row_count())
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "search_worst_ms": max(timings) * 1000,
        "search_median_ms": sorted(timings)[len(timings) // 2] * 1000,
        "rows": model.rowCount(),
        "most_rows_held": most,
        "rss_before_scroll_mb": rss_before,
        "rss_after_scroll_mb": rss_after,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "school.sqlite3"
        started = time.perf_counter()
        make_database(path, args.students)
        print(f"database of {args.students} students in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)  # fmt: skip
        bare = min(launch(BARE) for _ in range(args.repeat))
        songmay = min(launch(SONGMAY, str(path)) for _ in range(args.repeat))
        figures = in_process(path)
    print(f"students                        {args.students}")
    print(f"bare QMainWindow start-up       {bare:.3f} s (best of {args.repeat})")
    print(f"songmay main window start-up    {songmay:.3f} s, populated dashboard")
    print(f"ratio                           {songmay / bare:.2f}  (goal ≤ 5)")
    print(f"search re-filter, worst/median  {figures['search_worst_ms']:.0f} / "
          f"{figures['search_median_ms']:.0f} ms per keystroke (goal ≤ 100 ms)")  # fmt: skip
    print(f"scroll top to bottom            {figures['rows']:.0f} rows, at most "
          f"{figures['most_rows_held']:.0f} held; peak RSS {figures['rss_before_scroll_mb']:.0f} → "
          f"{figures['rss_after_scroll_mb']:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
