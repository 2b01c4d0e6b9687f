"""Minutes benchmark: the handover minutes of N students built from the database and written to
one PDF (``handover_minutes`` + ``write_pdf``), against a bare loop that paints the same
documents' static HTML the way ``paint_documents`` does (one QTextDocument refilled per
document, each page painted on one QPdfWriter), with no database, no template and none of the
product's page rules (CSS lengths, names kept whole, paragraphs kept together, page numbers).
Goal (issue 4): the minutes ≤ 2× the bare loop.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_minutes.py --size 500

The database is filled through the real importer (tests/test_minutes.py: ``build_handovers``);
the baseline's HTML is the product's own documents, taken once before timing. Both sides use
the same fonts, page size, margins and resolution, write to a PDF file on the same disk, and
alternate in this process (fonts and Qt loaded once, before timing); each side's peak memory is
the process's peak while that side ran.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
import common
from harness import Result, alternate, load


def students(count: int, seed: int = 11) -> list[tuple[str, str]]:
    from builders import FAMILY, GIVEN, MIDDLE

    rng = random.Random(seed)
    return [
        (f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}", f"6A{rng.randint(1, 9)}")
        for _ in range(count)
    ]


def bare_paint(pages_html: Sequence[str], path: Path) -> int:
    """``paint_documents``' loop without its page rules: the same writer, one QTextDocument
    refilled per document, every page painted through the document's layout."""
    from PySide6.QtCore import QRectF, QSizeF
    from PySide6.QtGui import (
        QAbstractTextDocumentLayout,
        QFont,
        QPainter,
        QPdfWriter,
        QTextDocument,
    )

    from desktop_app.printing.render import BODY_POINT_SIZE, PDF_RESOLUTION, page_layout

    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(page_layout())
    dpi = writer.logicalDpiY()
    body = QRectF(writer.pageLayout().paintRectPixels(dpi))
    font = QFont("Liberation Serif")
    font.setPointSizeF(BODY_POINT_SIZE)
    text = QTextDocument()
    text.setUndoRedoEnabled(False)
    text.documentLayout().setPaintDevice(writer)
    text.setDefaultFont(font)
    text.setDocumentMargin(0)
    text.setPageSize(QSizeF(body.width(), body.height()))
    context = QAbstractTextDocumentLayout.PaintContext()
    painter = QPainter()
    assert painter.begin(writer)
    pages = 0
    for html in pages_html:
        text.setHtml(html)
        for page in range(text.pageCount()):
            if pages:
                writer.newPage()
            pages += 1
            view = QRectF(0, page * body.height(), body.width(), body.height())
            painter.save()
            painter.translate(0, -view.top())
            painter.setClipRect(view)
            context.clip = view
            text.documentLayout().draw(painter, context)
            painter.restore()
    painter.end()
    del writer
    return pages


def main() -> None:
    parser = common.arguments(__doc__, 500, "students, one set of minutes each")
    args = parser.parse_args()
    common.ensure_key_file()

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
        build_handovers(db, work, students(args.size))
        common.progress(f"database of {args.size} handed-over students in "
                        f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        html = [document.html for document in handover_minutes(db, all_students=True)]
        assert len(html) == args.size, len(html)
        write_pdf(handover_minutes(db, student_codes=["HS000001"]), work / "warm.pdf")
        bare_paint(html[:1], work / "warm-bare.pdf")
        pages: dict[str, int] = {}

        def product() -> None:
            pages["product"] = write_pdf(handover_minutes(db, all_students=True),
                                         work / "minutes.pdf")  # fmt: skip

        def baseline() -> None:
            pages["baseline"] = bare_paint(html, work / "bare.pdf")

        result = Result(
            "minutes",
            goal="handover minutes of N students to one PDF ≤ 2× a bare paint loop of the same HTML",
            conditions={"students": args.size, "documents": len(html), "load": load()},
        )
        result.timings = alternate(
            [("bare paint loop", common.timed(baseline)),
             ("minutes (db + template + write_pdf)", common.timed(product))],
            args.repeat,
        )  # fmt: skip
        result.compare("minutes (db + template + write_pdf)", "bare paint loop", limit=2.0)
        result.figures = {
            "pages": pages["product"],
            "bare pages": pages["baseline"],
            "pages read back": len(PdfReader(work / "minutes.pdf").pages),
            "pdf MB": round((work / "minutes.pdf").stat().st_size / 1e6, 2),
        }
        db.close()
    del app
    result.emit(json_output=args.json)


if __name__ == "__main__":
    main()
