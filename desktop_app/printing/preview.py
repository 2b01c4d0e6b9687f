"""Print preview and the print dialog for the window: the same pages as the PDF, because both
paint through ``paint_documents``. Needs a QApplication (widgets); the GUI thread only."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from desktop_app.core.minutes import MinutesDocument
from desktop_app.printing.render import page_layout, paint_documents


def set_up_printer(printer: QPrinter, documents: Sequence[MinutesDocument]) -> QPrinter:
    """A4 portrait with the minutes' margins, named after the documents (the name the print
    queue or a PDF printer shows)."""
    printer.setPageLayout(page_layout())
    if documents:
        printer.setDocName(documents[0].title)
    return printer


def preview_dialog(
    documents: Sequence[MinutesDocument], parent: QWidget | None = None, *, title: str = ""
) -> QPrintPreviewDialog:
    """A print preview of the documents; ``exec()`` it. Its Print button prints the same pages.
    ``title`` is the window's, in the interface's language (the caller translates it)."""
    dialog = QPrintPreviewDialog(parent)  # it owns its printer (a QPrinter is not a QObject)
    set_up_printer(dialog.printer(), documents)
    dialog.setWindowTitle(title or f"Xem trước khi in — {len(documents)} biên bản")
    dialog.paintRequested.connect(lambda printer: paint_documents(documents, printer))
    return dialog


def print_with_dialog(documents: Sequence[MinutesDocument], parent: QWidget | None = None) -> bool:
    """Ask for a printer and print; False when the clerk cancels the dialog."""
    printer = set_up_printer(QPrinter(QPrinter.PrinterMode.HighResolution), documents)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    paint_documents(documents, printer)
    return True
