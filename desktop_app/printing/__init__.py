"""Printing minutes and reports with Qt (QtGui and QtPrintSupport): the documents themselves are
made Qt-free by ``desktop_app.core.minutes``."""

from desktop_app.printing.fonts import FAMILY, register_fonts
from desktop_app.printing.render import (
    ensure_gui_application,
    page_layout,
    paint_documents,
    write_pdf,
)

__all__ = [
    "FAMILY",
    "ensure_gui_application",
    "page_layout",
    "paint_documents",
    "register_fonts",
    "write_pdf",
]
