"""Lay minutes out on paper: one function paints them on any paged device, so the print preview,
a real printer and a PDF file get the same pages.

Page rules (docs MINUTES.md, Decree 30/2020): A4 portrait, margins top 20 mm, bottom 20 mm,
left 30 mm, right 15 mm; Liberation Serif 13 pt; each set of minutes starts on a new page; page
numbers from the second page of each set, centred in the top margin.

``write_pdf`` may run on a worker thread (QTextDocument and QPdfWriter do not need the GUI
thread); a real printer and the preview belong to the GUI thread.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtPrintSupport import QPrinter

from desktop_app.core.errors import SongMayError
from desktop_app.core.files import atomic_path
from desktop_app.core.jobs import Cancelled, JobState, SilentJob
from desktop_app.core.minutes import MinutesDocument
from desktop_app.printing.fonts import register_fonts

BODY_POINT_SIZE = 13
PAGE_NUMBER_POINT_SIZE = 13
MARGINS_MM = QMarginsF(30, 20, 15, 20)  # left, top, right, bottom
# Text is laid out in the device's dots, so the layout rounds to 1/600 inch (0.04 mm); 300, 600
# and 1200 dpi took the same time (200 pages: 1.0–1.3 s each, within noise).
PDF_RESOLUTION = 600
PDF_CREATOR = "Sóng và máy tính cho em"
STAGE = "Đang dàn trang biên bản"
CSS_DPI = 96  # a px in the templates' CSS is 1/96 inch, as in a browser
_KEEP_TOGETHER_LINES = 8
NBSP = "\u00a0"
# A line of names joined by non-breaking spaces (the parent agency above the school's name) is
# never split inside a name: it loses up to _ONE_LINE_SHRINK points to stay on one line, else it
# breaks only at its ordinary spaces, and a name wider than the line shrinks the type in steps of
# _SHRINK_STEP down to _SMALLEST_POINT_SIZE.
_ONE_LINE_SHRINK = 1.0
_SHRINK_STEP = 0.5
_SMALLEST_POINT_SIZE = 9.0
_PAGE_EDGE = 2.0  # device pixels: far less than a line, more than the layout's rounding


def page_layout() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


def ensure_gui_application() -> QGuiApplication:
    """The running QGuiApplication, or a new one for the command line: with the offscreen
    platform when there is no display, so a server or an SSH session can still write PDFs.
    Registers the bundled fonts on this (the GUI) thread.

    Keep the returned object alive for as long as you print."""
    app = QCoreApplication.instance()
    if app is not None and not isinstance(app, QGuiApplication):
        raise RuntimeError("a QCoreApplication exists; printing needs a QGuiApplication")
    if app is None:
        argv = ["songmay"]
        if not _has_display():
            argv += ["-platform", "offscreen"]
        app = QGuiApplication(argv)
    register_fonts()
    return app


def _has_display() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def paint_documents(
    documents: Sequence[MinutesDocument],
    device: QPagedPaintDevice,
    job: JobState | None = None,
) -> int:
    """Paint every document on ``device`` (a QPrinter, QPdfWriter…), each from a new page;
    returns the number of pages. Sets the device's page layout to A4 with the minutes' margins.

    Raises ``Cancelled`` when the job is cancelled (a QPrinter's job is aborted first)."""
    if not documents:
        raise ValueError("no documents to paint")
    job = job or SilentJob()
    family = register_fonts()
    device.setPageLayout(page_layout())
    dpi = device.logicalDpiY()
    layout = device.pageLayout()
    body = QRectF(layout.paintRectPixels(dpi))
    top_margin = layout.marginsPixels(dpi).top()
    body_font = QFont(family)
    body_font.setPointSizeF(BODY_POINT_SIZE)
    number_font = QFont(family)
    number_font.setPointSizeF(PAGE_NUMBER_POINT_SIZE)
    # The painter's origin is the top-left corner of the margins' rectangle.
    number_box = QRectF(0, -top_margin, body.width(), top_margin)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.palette.setColor(QPalette.ColorRole.Text, QColor("black"))

    # One document laid out on the device, refilled for each set of minutes: the layout keeps a
    # pointer to the device, and PySide ties the device's Python wrapper to the first layout
    # that gets it (a QPrinter from the preview was "already deleted" once that layout went).
    text = QTextDocument()
    text.setUndoRedoEnabled(False)
    text.documentLayout().setPaintDevice(device)
    text.setDefaultFont(body_font)
    text.setDocumentMargin(0)
    text.setPageSize(QSizeF(body.width(), body.height()))
    painter = QPainter()
    if not painter.begin(device):
        raise SongMayError.of("printing.failed", code="print_failed")
    pages = 0
    try:
        for index, document in enumerate(documents):
            if job.is_cancelled():
                if isinstance(device, QPrinter):
                    device.abort()
                raise Cancelled()
            job.set_progress(index, len(documents), STAGE)
            text.setHtml(document.html)
            _scale_css_lengths(text, dpi / CSS_DPI)
            _keep_names_whole(text)
            _keep_paragraphs_together(text)
            for page in range(text.pageCount()):
                if pages:
                    device.newPage()
                pages += 1
                _paint_page(painter, text, page, body.size(), context)
                if page:
                    painter.setFont(number_font)
                    painter.drawText(number_box, Qt.AlignmentFlag.AlignCenter, str(page + 1))
        job.set_progress(len(documents), len(documents), STAGE)
    finally:
        painter.end()
    return pages


def _paint_page(
    painter: QPainter,
    text: QTextDocument,
    page: int,
    size: QSizeF,
    context: QAbstractTextDocumentLayout.PaintContext,
) -> None:
    """Paint one page of a paginated document at the painter's origin.

    QTextLayout::draw also draws a line whose top lies exactly on the clip rectangle's bottom
    edge, i.e. the first line of the next page: hidden by the painter's clip, yet written into
    the PDF's text. So lines are chosen by a rectangle a little smaller than the page, while
    the painter clips at the page itself (tables and borders that run on)."""
    view = QRectF(0, page * size.height(), size.width(), size.height())
    painter.save()
    painter.translate(0, -view.top())
    painter.setClipRect(view)
    context.clip = view.adjusted(0, _PAGE_EDGE, 0, -_PAGE_EDGE)
    text.documentLayout().draw(painter, context)
    painter.restore()


def _keep_paragraphs_together(text: QTextDocument) -> None:
    """Move a short paragraph that would be split by a page break to the next page.

    Besides looking better, this keeps the PDF's text layer clean: QTextLayout::draw also draws
    the last line above the clip rectangle (an off-by-one in Qt), so a split paragraph leaves its
    line from the previous page, invisible under the clip, in the next page's text. Paragraphs
    in table cells are left to Qt (its rows may split across pages, as in a word processor)."""
    if text.pageCount() < 2:  # nearly every set of minutes: one page, nothing to do
        return
    height = text.pageSize().height()
    cursor = QTextCursor(text)
    block = text.begin()
    while block.isValid():
        lines = block.layout().lineCount()
        if lines > 1 and lines <= _KEEP_TOGETHER_LINES:
            top = block.layout().position().y()
            first, last = block.layout().lineAt(0), block.layout().lineAt(lines - 1)
            first_page = int((top + first.y() + 1) // height)
            last_page = int((top + last.y() + last.height() - 1) // height)
            cursor.setPosition(block.position())
            if first_page != last_page and cursor.currentTable() is None:
                form = block.blockFormat()
                form.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                cursor.setBlockFormat(form)
                text.pageCount()  # lays the rest out again before it is measured
        block = block.next()


def _keep_names_whole(text: QTextDocument) -> None:
    """Fit each paragraph that joins words with non-breaking spaces: Qt would break a run wider
    than its cell anywhere, even inside a word ("KRÔNG / BÔNG")."""
    block = text.begin()
    while block.isValid():
        if NBSP in block.text():
            _fit_block(text, block)
        block = block.next()


def _fit_block(text: QTextDocument, block: QTextBlock) -> None:
    size = block.begin().fragment().charFormat().fontPointSize() or text.defaultFont().pointSizeF()
    if _line_count(text, block) > 1:
        smaller = size - _SHRINK_STEP
        while smaller >= size - _ONE_LINE_SHRINK:
            _set_point_size(text, block, smaller)
            if _line_count(text, block) == 1:
                return
            smaller -= _SHRINK_STEP
        _set_point_size(text, block, size)
    while _breaks_inside_a_word(text, block) and size - _SHRINK_STEP >= _SMALLEST_POINT_SIZE:
        size -= _SHRINK_STEP
        _set_point_size(text, block, size)


def _line_count(text: QTextDocument, block: QTextBlock) -> int:
    text.documentLayout().blockBoundingRect(block)  # lays the block out after a change
    return block.layout().lineCount()


def _breaks_inside_a_word(text: QTextDocument, block: QTextBlock) -> bool:
    """A line of the block starts where there was no ordinary space to break at."""
    content = block.text()
    layout = block.layout()
    _line_count(text, block)
    return any(
        content[layout.lineAt(i).textStart() - 1] != " " for i in range(1, layout.lineCount())
    )


def _set_point_size(text: QTextDocument, block: QTextBlock, size: float) -> None:
    cursor = QTextCursor(text)
    cursor.setPosition(block.position())
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    form = QTextCharFormat()
    form.setFontPointSize(size)
    cursor.mergeCharFormat(form)


def _scale_css_lengths(text: QTextDocument, factor: float) -> None:
    """Qt scales a paragraph's vertical margins and a table's margins, borders and cell padding
    from CSS pixels to the device's dots, but not a paragraph's left/right margins and first-line
    indent (Qt 6.11): on a 600 dpi PDF a 1 cm indent came out 1.6 mm. Scale those here, so that
    1px is 1/96 inch everywhere in a template."""
    if factor == 1:
        return
    cursor = QTextCursor(text)
    cursor.beginEditBlock()  # one relayout at the end, not one per paragraph
    block = text.begin()
    while block.isValid():
        form = block.blockFormat()
        if form.textIndent() or form.leftMargin() or form.rightMargin():
            form.setTextIndent(form.textIndent() * factor)
            form.setLeftMargin(form.leftMargin() * factor)
            form.setRightMargin(form.rightMargin() * factor)
            cursor.setPosition(block.position())
            cursor.setBlockFormat(form)
        block = block.next()
    cursor.endEditBlock()


def write_pdf(
    documents: Sequence[MinutesDocument],
    path: Path,
    job: JobState | None = None,
    *,
    title: str | None = None,
) -> int:
    """Write the documents to one PDF file, atomically (a cancelled or failed run leaves the old
    file, or none); returns the number of pages. Needs a QGuiApplication (the window's, or
    ``ensure_gui_application()`` on the command line)."""
    if not documents:
        raise ValueError("no documents to write")
    if title is None:  # "Biên bản bàn giao thiết bị – Đặng Quốc Huy (6A1)", or for a batch:
        kind = documents[0].title.split(" – ")[0]  # "Biên bản bàn giao thiết bị (500 bộ)"
        title = documents[0].title if len(documents) == 1 else f"{kind} ({len(documents)} bộ)"
    with atomic_path(Path(path)) as temp:
        writer = QPdfWriter(str(temp))
        writer.setResolution(PDF_RESOLUTION)
        writer.setTitle(title)
        writer.setCreator(PDF_CREATOR)
        try:
            pages = paint_documents(documents, writer, job)
        finally:
            del writer  # flushes and closes the file before it is synced and moved into place
    return pages
