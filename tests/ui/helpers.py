"""What the list-page tests (students, devices) share: a page shown at the screenshot size, the
one form it has open, a row chosen by record id, a label's text colour."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

Page = TypeVar("Page", bound=QWidget)
Dialog = TypeVar("Dialog", bound=QDialog)


def show_page(qtbot: QtBot, page: Page) -> Page:
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    return page


def open_dialog_of(page: QWidget, dialog_class: type[Dialog]) -> Dialog:
    dialogs = [d for d in page.findChildren(dialog_class) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def select(page: Any, record_id: str) -> None:
    """Choose the row of ``record_id`` in ``page.table`` as a click would."""
    row = page.model.row_of(record_id)
    assert row is not None
    page.table.selectRow(row)


def colour_of(label: QWidget) -> str:
    label.ensurePolished()
    return label.palette().color(QPalette.ColorRole.WindowText).name()


def drop_file(target: QWidget, path: Path) -> bool:
    """Drag ``path`` over ``target`` and drop it there, as the file manager does; returns
    whether the drag was accepted."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    try:  # the position is a QPoint up to PySide6 6.11, a QPointF after
        enter = QDragEnterEvent(QPoint(20, 20), *args)
    except TypeError:
        enter = QDragEnterEvent(QPointF(20, 20), *args)
    QApplication.sendEvent(target, enter)
    if enter.isAccepted():
        QApplication.sendEvent(target, QDropEvent(QPointF(20, 20), *args))
    return enter.isAccepted()


def figures_read(window: Any, timeout_s: float = 20.0) -> Any:
    """The window's dashboard once its figures are on screen: they are read off the GUI thread
    (issue 19), after a change once the window's reload (a 0 ms timer) has asked for them."""
    import time

    page = window.page("overview")
    deadline = time.monotonic() + timeout_s
    QApplication.processEvents()
    while getattr(page, "loading", False) and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    assert not getattr(page, "loading", False), "the dashboard's figures did not arrive"
    return page
