"""What the list pages (students, devices) share: a search box that filters once typing pauses, a
table of whole rows, the buttons row with the last save's message and the count, the keyboard,
forms opened window-modal, and a confirmation whose safe default is "Hủy".

A page makes its widgets with the functions here and hands them to ``RowList``, which chooses rows
by record id; what the rows are, the filters and the sentences stay on the page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyle,
    QTableView,
    QWidget,
)

from desktop_app.core.errors import SongMayError
from desktop_app.core.forms import FormResult
from desktop_app.ui.common.errors import show_error
from desktop_app.ui.common.template_form import WARNING_COLOR, with_warnings

SEARCH_DELAY_MS = 150  # typing "nguyen" queries once, not six times

_CONTEXT = "ListPage"

Dialog = TypeVar("Dialog", bound=QDialog)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def ask_confirmation(parent: QWidget, title: str, text: str, confirm: str) -> bool:
    """A question with a Vietnamese confirm button and "Hủy" as the safe default."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    yes = box.addButton(confirm, QMessageBox.ButtonRole.DestructiveRole)
    no = box.addButton(_tr("Hủy"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def open_form(
    page: QWidget, make: Callable[[], Dialog], refresh: Callable[[], None]
) -> Dialog | None:
    """Open the form ``make`` builds, window-modal (this returns at once), deleted when closed.
    None when its record is gone (another window, an import): the clerk is told, and the page is
    refreshed."""
    try:
        dialog = make()
    except SongMayError as exc:
        show_error(exc, page)
        refresh()
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


# --- widgets ---------------------------------------------------------------------------------


def search_box(name: str, placeholder: str) -> QLineEdit:
    search = QLineEdit()
    search.setObjectName(name)
    search.setPlaceholderText(placeholder)
    search.setClearButtonEnabled(True)
    search.setMinimumWidth(340)
    return search


def list_table(name: str, model: QAbstractItemModel) -> QTableView:
    """Whole rows, one chosen at a time, read-only, one line each and numbered on the left; the
    columns keep the widths ``size_columns`` gives them until the clerk drags them."""
    table = QTableView()
    table.setObjectName(name)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setCornerButtonEnabled(False)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionsClickable(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    metrics = table.fontMetrics()
    vertical = table.verticalHeader()
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(metrics.height() + 10)
    vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    table.setModel(model)
    return table


# The stretching column holds names (a student's, a donor's, a device's): never narrower than a
# long Vietnamese name, whatever room the other columns leave.
STRETCH_FLOOR_TEXT = "Nguyễn Thị Thanh Hương"


class _StretchWithFloor(QObject):
    """The ``column`` takes the room the others leave, but never less than ``floor`` pixels: with
    less room the table scrolls sideways instead of cutting every name to its first letter."""

    def __init__(self, table: QTableView, column: int, floor: int) -> None:
        super().__init__(table)
        self._table, self._column, self._floor = table, column, floor
        table.viewport().installEventFilter(self)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        header = self._table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(header.count())
                     if c != self._column and not header.isSectionHidden(c))  # fmt: skip
        if self._table.viewport().width() - others >= self._floor:
            header.setSectionResizeMode(self._column, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(self._column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(self._column, self._floor)


def size_columns(
    table: QTableView, samples: dict[int, list[str]], *, stretch: int, marked: int | None = None
) -> None:
    """Short columns as wide as their longest possible text (``samples``, known from the code
    lists) or their title; the ``stretch`` column takes the rest (at least a long name's width),
    the ``marked`` one has room for a flagged row's icon. Measured, not ``ResizeToContents``:
    that would read every row."""
    metrics = table.fontMetrics()
    icon = table.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
    for column, texts in samples.items():
        title = str(table.model().headerData(column, Qt.Orientation.Horizontal))
        width = max(metrics.horizontalAdvance(t) for t in [*texts, title]) + 24
        if column == marked:
            width += icon + 4
        table.setColumnWidth(column, width)
    _StretchWithFloor(table, stretch, metrics.horizontalAdvance(STRETCH_FLOOR_TEXT) + 24)


def add_action(page: QWidget, text: str) -> QAction:
    """The page's "add" command, on Ctrl+N."""
    action = QAction(text, page)
    action.setShortcut(QKeySequence.StandardKey.New)
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    page.addAction(action)
    return action


def status_labels(count_name: str) -> tuple[QLabel, QLabel]:
    """The count of the rows shown, and the message saying what the last save or delete did."""
    count = QLabel()
    count.setObjectName(count_name)
    message = QLabel()
    message.setObjectName("pageMessage")
    message.setWordWrap(True)
    message.setTextFormat(Qt.TextFormat.PlainText)
    return count, message


def buttons_row(
    groups: Sequence[Sequence[QPushButton]], message: QLabel, count: QLabel
) -> QHBoxLayout:
    """The groups of buttons apart from each other, then the message, then the count."""
    row = QHBoxLayout()
    row.setSpacing(8)
    for group in groups:
        for button in group:
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addSpacing(12)
    row.addWidget(message, 1)
    row.addWidget(count)
    return row


def show_outcome(message: QLabel, text: str, outcome: FormResult | None = None) -> None:
    """``text`` in the page's message label, with the save's warnings in amber after it."""
    text, warned = with_warnings(text, outcome)
    message.setStyleSheet(f"color: {WARNING_COLOR};" if warned else "")
    message.setText(text)


# --- behaviour -------------------------------------------------------------------------------


class RowList(QObject):
    """A list page's table as the clerk works it. Rows are chosen by record id, so a choice
    survives a new query; "Sửa" and "Xóa" work only with a row chosen. Enter or a double-click
    opens the row, Delete (in the table only: in the search box it deletes a character) deletes
    it. Typing in the search box filters once it pauses, Enter filters at once and goes to the
    first row, Ctrl+F goes back to the search box."""

    def __init__(
        self,
        page: QWidget,
        table: QTableView,
        search: QLineEdit,
        *,
        id_of: Callable[[int], str],
        row_of: Callable[[str], int | None],
        shown_column: int,
        row_buttons: Sequence[QPushButton],
        apply_filter: Callable[[], None],
        open_row: Callable[[str], object],
        delete_row: Callable[[], None],
    ) -> None:
        super().__init__(page)
        self._table = table
        self._search = search
        self._id_of = id_of
        self._row_of = row_of
        self._shown_column = shown_column  # the cell made current: scrolled to, focused
        self._row_buttons = tuple(row_buttons)
        self._apply_filter = apply_filter
        self._open_row = open_row

        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), page, self._focus_search)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), table, delete_row)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(apply_filter)
        search.textChanged.connect(self.search_timer.start)
        search.returnPressed.connect(self._search_now)
        table.activated.connect(self._activated)  # Enter and double-click
        table.selectionModel().selectionChanged.connect(self.update_buttons)

    def selected_row(self) -> int | None:
        rows = self._table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def selected_id(self) -> str | None:
        row = self.selected_row()
        return self._id_of(row) if row is not None else None

    def select(self, record_id: str | None) -> None:
        """Choose the row of ``record_id`` and scroll to it (nothing if it is not shown)."""
        row = self._row_of(record_id) if record_id else None
        if row is not None:
            index = self._table.model().index(row, self._shown_column)
            self._table.selectRow(row)
            self._table.setCurrentIndex(index)
            self._table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        self.update_buttons()

    def select_saved(self, result: FormResult) -> int | None:
        """Choose the row just saved; its row, or None when the filters do not show it."""
        row = self._row_of(result.record_id) if result.record_id else None
        if row is not None:
            self.select(result.record_id)
        return row

    def select_near(self, row: int) -> None:
        """After a delete: the next row takes the deleted one's place."""
        count = self._table.model().rowCount()
        if count:
            self.select(self._id_of(min(row, count - 1)))

    def open_selected(self) -> None:
        record_id = self.selected_id()
        if record_id is not None:
            self._open_row(record_id)

    @Slot()
    def update_buttons(self) -> None:
        selected = self._table.selectionModel().hasSelection()
        for button in self._row_buttons:
            button.setEnabled(selected)

    @Slot()
    def _search_now(self) -> None:
        """Enter in the search box: filter now and go to the first row."""
        self._apply_filter()
        if self._table.model().rowCount():
            if not self._table.selectionModel().hasSelection():
                self.select(self._id_of(0))
            self._table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot()
    def _focus_search(self) -> None:
        self._search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._search.selectAll()

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self._open_row(self._id_of(index.row()))
