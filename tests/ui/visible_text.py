"""Every text a window shows, with where it was seen: for the tests that read the window as the
clerk does (the English walk).

``Collector.window(top, where)`` reads ``top`` and its visible children: the window title, labels,
buttons, group boxes, tab bars, check boxes, line edits (text and placeholder), combo boxes (every
item), tooltips and status tips, the actions of each widget, a table's or a list's headers and the
display and tooltip data of every row, a message box's texts, a wizard page's title, the status
bar's message. ``Collector.menu_bar`` and ``Collector.menu`` read menus, open or not.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMenuBar,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QSpinBox,
    QTabBar,
    QTextEdit,
    QWidget,
    QWizard,
)

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
MAX_ROWS = 5_000  # a table's rows read at most (the walk's largest has a few hundred)


@dataclass(frozen=True)
class Seen:
    """One text on screen: the page or dialog (``where``), the widget and what of it."""

    where: str
    widget: str
    text: str

    def __str__(self) -> str:
        return f"[{self.where}] {self.widget}: {self.text!r}"


def describe(widget: QWidget) -> str:
    """ "QLabel#errorMessage", or "QLabel in studentDialog" for a widget without a name."""
    kind = type(widget).__name__
    if widget.objectName() and not widget.objectName().startswith("qt_"):
        return f"{kind}#{widget.objectName()}"
    parent = widget.parentWidget()
    while parent is not None:
        name = parent.objectName()
        if name and not name.startswith("qt_"):
            return f"{kind} in {name}"
        parent = parent.parentWidget()
    return kind


class Collector:
    def __init__(self) -> None:
        self.seen: list[Seen] = []

    def add(self, where: str, widget: str, text: object) -> None:
        value = "" if text is None else str(text)
        if value.strip():
            self.seen.append(Seen(where, widget, value))

    # --- windows ---------------------------------------------------------------------------------

    def window(self, top: QWidget, where: str) -> None:
        """``top`` and every visible widget in it."""
        assert top.isVisible(), f"{where}: {describe(top)} is not on screen"
        self.add(where, f"{describe(top)} window title", top.windowTitle())
        if isinstance(top, QMainWindow):
            self.add(where, "status bar message", top.statusBar().currentMessage())
            self.menu_bar(top.menuBar(), where)
        if isinstance(top, QWizard) and top.currentPage() is not None:
            page = top.currentPage()
            self.add(where, f"{describe(page)} title", page.title())
            self.add(where, f"{describe(page)} subtitle", page.subTitle())
        if isinstance(top, QMessageBox):
            self.add(where, "message box text", top.text())
            self.add(where, "message box informative text", top.informativeText())
            self.add(where, "message box details", top.detailedText())
        if isinstance(top, QMenu):
            self.menu(top, where)
        for widget in [top, *top.findChildren(QWidget)]:
            if widget.isVisible():
                self._widget(widget, where)

    def menu_bar(self, bar: QMenuBar, where: str) -> None:
        for action in bar.actions():
            self.action(action, where, "menu bar")

    def menu(self, menu: QMenu, where: str) -> None:
        self.add(where, "menu title", menu.title())
        for action in menu.actions():
            self.action(action, where, f"menu {menu.title()!r}")

    def action(self, action: QAction, where: str, owner: str) -> None:
        if action.isSeparator():
            return
        name = f"action {action.text()!r} of {owner}"
        self.add(where, name, action.text())
        if action.toolTip() != action.text().replace("&", ""):
            self.add(where, f"{name} tooltip", action.toolTip())
        self.add(where, f"{name} status tip", action.statusTip())
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            self.menu(submenu, where)

    # --- one widget ------------------------------------------------------------------------------

    def _widget(self, widget: QWidget, where: str) -> None:
        name = describe(widget)
        self.add(where, f"{name} tooltip", widget.toolTip())
        self.add(where, f"{name} status tip", widget.statusTip())
        for action in widget.actions():
            self.action(action, where, name)
        if isinstance(widget, QLabel | QAbstractButton):
            self.add(where, name, widget.text())
        elif isinstance(widget, QGroupBox):
            self.add(where, name, widget.title())
        elif isinstance(widget, QTabBar):
            for tab in range(widget.count()):
                self.add(where, f"{name} tab {tab}", widget.tabText(tab))
                self.add(where, f"{name} tab {tab} tooltip", widget.tabToolTip(tab))
        elif isinstance(widget, QLineEdit):
            self.add(where, name, widget.text())
            self.add(where, f"{name} placeholder", widget.placeholderText())
        elif isinstance(widget, QComboBox):
            self.add(where, f"{name} placeholder", widget.placeholderText())
            for item in range(widget.count()):
                self.add(where, f"{name} item {item}", widget.itemText(item))
                self.add(where, f"{name} item {item} tooltip", widget.itemData(item, TOOLTIP))
        elif isinstance(widget, QTextEdit | QPlainTextEdit):
            self.add(where, name, widget.toPlainText())
            self.add(where, f"{name} placeholder", widget.placeholderText())
        elif isinstance(widget, QProgressBar) and widget.isTextVisible():
            self.add(where, name, widget.text())
        elif isinstance(widget, QAbstractSpinBox):
            self.add(where, f"{name} special value", widget.specialValueText())
            if isinstance(widget, QSpinBox):
                self.add(where, f"{name} prefix", widget.prefix())
                self.add(where, f"{name} suffix", widget.suffix())
        elif isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
            self._view(widget, where, name)

    def _view(self, view: QAbstractItemView, where: str, name: str) -> None:
        model: QAbstractItemModel | None = view.model()
        if model is None:
            return
        root = view.rootIndex()
        try:
            columns = model.columnCount(root)
        except TypeError:  # a list's model (QListWidget's keeps columnCount private)
            columns = 1
        rows = min(model.rowCount(root), MAX_ROWS)
        for column in range(columns):
            for role, what in ((DISPLAY, "header"), (TOOLTIP, "header tooltip")):
                value = model.headerData(column, Qt.Orientation.Horizontal, role)
                self.add(where, f"{name} {what} {column}", value)
        for row in range(rows):
            for column in range(columns):
                index = model.index(row, column, root)
                self.add(where, f"{name} row {row} column {column}", model.data(index, DISPLAY))
                self.add(where, f"{name} row {row} column {column} tooltip",
                         model.data(index, TOOLTIP))  # fmt: skip
