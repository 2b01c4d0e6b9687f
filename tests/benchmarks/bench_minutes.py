"""Minutes benchmark, in one run: the handover minutes of N students built from the database and
written to one PDF (``handover_minutes`` + ``write_pdf``), against a bare QTextDocument printing
N pages of the same static HTML to a PDF (``QTextDocument.print_`` on a QPdfWriter).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_minutes.py --students 500

The database is filled through the real importer (tests/test_minutes.py: ``build_handovers``).
Both sides get the same fonts, page size and resolution; fonts are loaded before timing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/ for builders and test_minutes
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def students(count: int, seed: int = 11) -> list[tuple[str, str]]:
    from builders import FAMILY, GIVEN, MIDDLE

    rng = random.Random(seed)
    return [
        (f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}", f"6A{rng.randint(1, 9)}")
        for _ in range(count)
    ]


def bare_print(html: str, pages: int, path: Path) -> tuple[float, int]:
    """QTextDocument.print_ of ``pages`` copies of one page of HTML, one copy per page."""
    from pypdf import PdfReader
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QFont, QPageLayout, QPdfWriter, QTextDocument

    from desktop_app.printing.render import BODY_POINT_SIZE, PDF_RESOLUTION, page_layout

    head, body = html.split("<body>", 1)
    body = body.rsplit("</body>", 1)[0]
    copies = "".join(
        f'<div style="page-break-before: always">{body}</div>' if n else f"<div>{body}</div>"
        for n in range(pages)
    )
    started = time.perf_counter()
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(page_layout())
    document = QTextDocument()
    font = QFont("Liberation Serif")
    font.setPointSizeF(BODY_POINT_SIZE)
    document.setDefaultFont(font)
    document.setDocumentMargin(0)
    # paginated in CSS pixels (96 dpi), which print_() scales to the writer's resolution
    body_mm = writer.pageLayout().paintRect(QPageLayout.Unit.Millimeter)
    document.setPageSize(QSizeF(body_mm.width() / 25.4 * 96, body_mm.height() / 25.4 * 96))
    document.setHtml(f"{head}<body>{copies}</body></html>")
    document.print_(writer)
    del writer
    seconds = time.perf_counter() - started
    return seconds, len(PdfReader(path).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3, help="best of N for each timing")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from pypdf import PdfReader
    from test_minutes import build_handovers

    from desktop_app.core.minutes import handover_minutes
    from desktop_app.core.school import save_school
    from desktop_app.core.store.database import open_database
    from desktop_app.printing import ensure_gui_application, register_fonts, write_pdf

    app = ensure_gui_application()
    register_fonts()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db = open_database(work / "school.sqlite3")
        save_school(db, {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THCS"})
        started = time.perf_counter()
        build_handovers(db, work, students(args.students))
        print(f"database of {args.students} handed-over students in "
              f"{time.perf_counter() - started:.1f} s", file=sys.stderr)  # fmt: skip

        write_pdf(handover_minutes(db, student_codes=["HS000001"]), work / "warm.pdf")
        build, pdf, bare = [], [], []
        for attempt in range(args.repeat):
            started = time.perf_counter()
            documents = handover_minutes(db, all_students=True)
            build.append(time.perf_counter() - started)
            started = time.perf_counter()
            pages = write_pdf(documents, work / f"minutes{attempt}.pdf")
            pdf.append(time.perf_counter() - started)
            seconds, bare_pages = bare_print(
                documents[0].html, args.students, work / f"bare{attempt}.pdf"
            )
            bare.append(seconds)
        size_mb = (work / "minutes0.pdf").stat().st_size / 1e6
        read_pages = len(PdfReader(work / "minutes0.pdf").pages)
        db.close()
    del app

    ours = min(b + p for b, p in zip(build, pdf, strict=True))
    result = {
        "students": args.students,
        "build_minutes_s": round(min(build), 3),
        "write_pdf_s": round(min(pdf), 3),
        "minutes_total_s": round(ours, 3),
        "bare_print_s": round(min(bare), 3),
        "ratio": round(ours / min(bare), 2),
        "pages": pages,
        "pages_read_back": read_pages,
        "bare_pages": bare_pages,
        "pdf_mb": round(size_mb, 2),
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"students                       {result['students']}")
    print(f"handover_minutes (best)        {result['build_minutes_s']:.3f} s")
    print(f"write_pdf (best)               {result['write_pdf_s']:.3f} s  "
          f"({pages} pages, {result['pdf_mb']} MB)")  # fmt: skip
    print(f"minutes total                  {result['minutes_total_s']:.3f} s")
    print(f"bare QTextDocument.print_      {result['bare_print_s']:.3f} s  ({bare_pages} pages)")
    print(f"ratio minutes / bare           {result['ratio']:.2f}  (goal ≤ 2)")


if __name__ == "__main__":
    main()
