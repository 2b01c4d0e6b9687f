"""What the list-page tests (students, devices) share: a page shown at the screenshot size, the
one form it has open, a row chosen by record id, a label's text colour."""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialog, QWidget
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
