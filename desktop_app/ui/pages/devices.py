"""Tiếp nhận thiết bị: the donation batches, the devices of the chosen batch, add, edit, delete,
and the way to the import wizard for a donor's device list.

Every question goes to ``desktop_app.core.devices``. Choosing a batch (or "Tất cả các đợt") in the
upper table shows its devices in the lower one; the search box narrows them by serial, brand or
model as the clerk types.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.devices import delete_device
from desktop_app.core.errors import SongMayError
from desktop_app.core.forms import FormResult
from desktop_app.core.templates.spec import load_codelists
from desktop_app.ui.device_dialog import DeviceDialog
from desktop_app.ui.device_model import BatchTableModel, DeviceTableModel
from desktop_app.ui.errors import show_error
from desktop_app.ui.pages.students import ask_confirmation
from desktop_app.ui.student_dialog import WARNING_COLOR
from desktop_app.ui.widgets import heading

__all__ = ["DevicesPage", "ask_confirmation"]

SEARCH_DELAY_MS = 150  # typing a serial queries once, not once per digit
BATCH_ROWS_SHOWN = (2, 6)  # the batch table shows this many rows at least, at most


def _table(name: str) -> QTableView:
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
    return table


class DevicesPage(QWidget):
    """The page of the main window; ``refresh()`` reloads it (F5, after an import).

    ``devicesChanged`` is emitted after the clerk saved or deleted a device here, for the pages
    that show counts (dashboard, handovers, sync).
    """

    devicesChanged = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("devicesPage")
        self._db = db
        self._locale = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)

        title = heading(self.tr("Tiếp nhận thiết bị"))

        self.batch_model = BatchTableModel(db, self)
        self.batch_table = _table("batchTable")
        self.batch_table.setModel(self.batch_model)
        self.batch_table.verticalHeader().hide()
        self.batch_table.setToolTip(self.tr("Chọn một đợt để xem các thiết bị của đợt"))

        self.search = QLineEdit()
        self.search.setObjectName("deviceSearch")
        self.search.setPlaceholderText(self.tr("Tìm theo số serial/IMEI, hãng hoặc model"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(340)

        self.model = DeviceTableModel(db, self)
        self.table = _table("deviceTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)  # the service's order: newest batch, then serial
        self._size_columns()

        self.add_button = QPushButton(self.tr("Thêm thiết bị"))
        self.add_button.setToolTip(
            self.tr("Thêm thiết bị (Ctrl+N); đang chọn một đợt thì thông tin đợt được điền sẵn")
        )
        self.edit_button = QPushButton(self.tr("Sửa"))
        self.edit_button.setToolTip(self.tr("Sửa thiết bị đang chọn (Enter hoặc nhấp đúp)"))
        self.delete_button = QPushButton(self.tr("Xóa"))
        self.delete_button.setToolTip(self.tr("Xóa thiết bị đang chọn (Delete)"))
        self.import_button = QPushButton(self.tr("Nhập từ Excel…"))
        self.import_button.setToolTip(
            self.tr("Nhập danh sách thiết bị của nhà tài trợ từ tệp Excel theo mẫu (Ctrl+I)")
        )
        self.count_label = QLabel()
        self.count_label.setObjectName("deviceCount")
        self.message_label = QLabel()  # what the last save or delete did
        self.message_label.setObjectName("pageMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)

        self.add_action = QAction(self.tr("Thêm thiết bị"), self)
        self.add_action.setShortcut(QKeySequence.StandardKey.New)
        self.add_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.add_action)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self._focus_search)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # Delete only from the table: in the search box it must still delete a character.
        delete = QShortcut(
            QKeySequence(QKeySequence.StandardKey.Delete), self.table, self.delete_selected
        )
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)

        batches = QWidget()
        upper = QVBoxLayout(batches)
        upper.setContentsMargins(0, 0, 0, 0)
        upper.setSpacing(4)
        self.batches_title = heading(self.tr("Đợt tài trợ"), level=2)
        upper.addWidget(self.batches_title)
        upper.addWidget(self.batch_table, 1)
        devices = QWidget()
        lower = QVBoxLayout(devices)
        lower.setContentsMargins(0, 6, 0, 0)
        lower.setSpacing(8)
        self.devices_title = heading(self.tr("Thiết bị"), level=2)
        self.devices_title.setObjectName("devicesTitle")
        self.devices_title.setWordWrap(False)
        search_row = QHBoxLayout()
        search_row.setSpacing(8)
        search_row.addWidget(self.devices_title)
        search_row.addSpacing(8)
        search_row.addWidget(self.search, 1)
        actions = QHBoxLayout()
        actions.setSpacing(8)
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setAutoDefault(False)
            actions.addWidget(button)
        actions.addSpacing(12)
        self.import_button.setAutoDefault(False)
        actions.addWidget(self.import_button)
        actions.addSpacing(12)
        actions.addWidget(self.message_label, 1)
        actions.addWidget(self.count_label)
        lower.addLayout(search_row)
        lower.addLayout(actions)
        lower.addWidget(self.table, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("devicesSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(batches)
        self.splitter.addWidget(devices)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(self.splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._search_now)
        self.add_button.clicked.connect(self.add_device)
        self.add_action.triggered.connect(self.add_device)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(self.import_from_excel)
        self.table.activated.connect(self._activated)  # Enter and double-click
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.batch_table.selectionModel().currentRowChanged.connect(self._batch_chosen)
        self.model.modelReset.connect(self._update_count)

        self.refresh()
        self._size_batch_table()

    # --- public ----------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read the data again (after an import, F5), keeping the batch, search and selection."""
        batch_id = self.selected_batch_id()
        device_id = self.selected_device_id()
        self.batch_model.refresh()
        row = self.batch_model.row_of(batch_id)
        if row is None:  # the batch is gone (its last device deleted elsewhere)
            row, batch_id = 0, None
        self._select_batch_row(row)
        self.model.set_filter(batch_id, self.search.text().strip())
        self._select(device_id)
        self._update_title()

    @Slot()
    def apply_filter(self) -> None:
        """Query the devices for the batch and search text now (typing waits first)."""
        self._search_timer.stop()
        batch_id, text = self.selected_batch_id(), self.search.text().strip()
        if (batch_id, text) == (self.model.batch_id(), self.model.text()):
            return
        selected = self.selected_device_id()
        self.model.set_filter(batch_id, text)
        self._select(selected)
        self._update_title()

    def selected_batch_id(self) -> str | None:
        """The batch chosen in the upper table; None for "Tất cả các đợt"."""
        index = self.batch_table.selectionModel().currentIndex()
        return self.batch_model.batch_id(index.row()) if index.isValid() else None

    def select_batch(self, batch_id: str | None) -> None:
        """Show the devices of ``batch_id`` (None: of every batch)."""
        row = self.batch_model.row_of(batch_id)
        if row is not None:
            self._select_batch_row(row)
            self.apply_filter()

    def selected_device_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.device_id(rows[0].row()) if rows else None

    def open_device_dialog(self, device_id: str | None = None) -> DeviceDialog | None:
        """Open the form (window-modal, returns at once); the page refreshes after each save.
        A new device starts in the batch chosen above, if any."""
        try:
            dialog = DeviceDialog(self._db, device_id, self)
        except SongMayError as exc:  # deleted meanwhile (an import, another window)
            show_error(exc, self)
            self.refresh()
            return None
        if device_id is None:
            batch = self.batch_model.batch(self.batch_table.currentIndex().row())
            if batch is not None:
                dialog.use_batch(batch.code)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)  # not a lambda holding the dialog: it deletes itself
        dialog.open()
        return dialog

    @Slot()
    def add_device(self) -> None:
        self.open_device_dialog()

    @Slot()
    def edit_selected(self) -> None:
        device_id = self.selected_device_id()
        if device_id is not None:
            self.open_device_dialog(device_id)

    @Slot()
    def delete_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        row = rows[0].row()
        device = self.model.device(row)
        types = load_codelists()["device_type"]
        question = self.tr(
            "Xóa thiết bị số serial/IMEI {serial} ({device} {brand} {model}, đợt {batch})?\n\n"
            "Việc xóa được ghi lại trong nhật ký và gửi lên CSDL ngành khi đồng bộ."
        ).format(
            serial=device.serial,
            device=types.label(device.device_type).lower(),
            brand=device.brand,
            model=device.model,
            batch=device.batch_code,
        )
        if not ask_confirmation(self, self.tr("Xóa thiết bị"), question, self.tr("Xóa")):
            return
        try:
            delete_device(self._db, device.id)
        except SongMayError as exc:  # a device with handover history keeps its record
            show_error(exc, self)
            self.refresh()
            return
        self.refresh()
        if self.model.rowCount():  # the next device takes the deleted one's place
            self._select(self.model.device_id(min(row, self.model.rowCount() - 1)))
        self._say(self.tr("Đã xóa thiết bị {serial}.").format(serial=device.serial))
        self.devicesChanged.emit()

    @Slot()
    def import_from_excel(self) -> None:
        """The main window's import wizard (it picks the devices template on this page)."""
        window = self.window()
        open_wizard = getattr(window, "open_import_wizard", None)
        if callable(open_wizard):
            open_wizard()

    # --- internals -------------------------------------------------------------------------------

    @Slot(object)
    def _saved(self, result: FormResult) -> None:
        self.refresh()
        row = self.model.row_of(result.record_id) if result.record_id else None
        if row is None:
            text = self.tr(
                "Đã lưu. Thiết bị này không hiện trong danh sách vì không khớp đợt hoặc từ khóa "
                "tìm kiếm đang chọn."
            )
        else:
            self._select(result.record_id)
            text = self.tr("Đã lưu thiết bị {serial}.").format(serial=self.model.device(row).serial)
        self._say(text, result)
        self.devicesChanged.emit()

    def _say(self, text: str, outcome: FormResult | None = None) -> None:
        warnings = [m for ms in (outcome.warnings.values() if outcome else []) for m in ms]
        if warnings:
            text += " " + self.tr("Lưu ý: {warnings}").format(warnings=" ".join(warnings))
        self.message_label.setStyleSheet(f"color: {WARNING_COLOR};" if warnings else "")
        self.message_label.setText(text)

    def _select_batch_row(self, row: int) -> None:
        selection = self.batch_table.selectionModel()
        selection.blockSignals(True)  # chosen by the program: the caller filters once
        self.batch_table.selectRow(row)
        self.batch_table.setCurrentIndex(self.batch_model.index(row, BatchTableModel.CODE))
        selection.blockSignals(False)
        self.batch_table.viewport().update()

    def _select(self, device_id: str | None) -> None:
        row = self.model.row_of(device_id) if device_id else None
        if row is None:
            self._update_buttons()
            return
        index = self.model.index(row, DeviceTableModel.SERIAL)
        self.table.selectRow(row)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        self._update_buttons()

    def _size_columns(self) -> None:
        """Short columns as wide as their longest possible text (known from the code lists), the
        model column takes the rest."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DeviceTableModel.MODEL, QHeaderView.ResizeMode.Stretch)
        metrics = self.table.fontMetrics()
        lists = load_codelists()
        samples = {
            DeviceTableModel.SERIAL: ["490154203237518", "SN0000000000"],
            DeviceTableModel.TYPE: lists["device_type"].labels,
            DeviceTableModel.BRAND: ["Samsung", "Lenovo", "Xiaomi"],
            DeviceTableModel.CONDITION: lists["condition"].labels,
            DeviceTableModel.BATCH: ["DOT-2021-01"],
            DeviceTableModel.HANDED_OVER: ["Có"],
        }
        icon = self.table.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        for column, texts in samples.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(t) for t in [*texts, title]) + 24
            if column == DeviceTableModel.SERIAL:
                width += icon + 4  # the below-minimum mark
            self.table.setColumnWidth(column, width)

    def _size_batch_table(self) -> None:
        header = self.batch_table.horizontalHeader()
        header.setSectionResizeMode(BatchTableModel.DONOR, QHeaderView.ResizeMode.Stretch)
        metrics = self.batch_table.fontMetrics()
        samples = {
            BatchTableModel.CODE: [
                QCoreApplication.translate("BatchTableModel", "Tất cả các đợt"),
                "DOT-2021-01",
            ],
            BatchTableModel.SOURCE: load_codelists()["source"].labels,
            BatchTableModel.DATE: ["00/00/0000"],
            BatchTableModel.DEVICES: ["0.000"],
            BatchTableModel.HANDED_OVER: ["0.000"],
        }
        for column, texts in samples.items():
            title = str(self.batch_model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(t) for t in [*texts, title]) + 24
            self.batch_table.setColumnWidth(column, width)
        # As tall as a few batches; the splitter lets the clerk give it more.
        least, most = BATCH_ROWS_SHOWN
        shown = min(max(self.batch_model.rowCount(), least), most)
        row_height = self.batch_table.verticalHeader().defaultSectionSize()
        frame = header.sizeHint().height() + 2 * self.batch_table.frameWidth() + 6
        self.batch_table.setMinimumHeight(frame + least * row_height)
        title = self.batches_title.sizeHint().height() + 4  # + the layout's spacing
        self.splitter.setSizes([title + frame + shown * row_height, 10_000])

    def _update_title(self) -> None:
        batch = self.batch_model.batch(max(self.batch_table.currentIndex().row(), 0))
        self.devices_title.setText(
            self.tr("Thiết bị của đợt {code}").format(code=batch.code)
            if batch
            else self.tr("Thiết bị của tất cả các đợt")
        )

    @Slot()
    def _update_count(self) -> None:
        count = self.model.rowCount()
        text = self.tr("{count} thiết bị").format(count=self._locale.toString(count))
        below = self.model.below_spec_count()
        if below:
            text += self.tr(" · {below} cấu hình thấp (tô vàng)").format(
                below=self._locale.toString(below)
            )
        self.count_label.setText(text)

    @Slot()
    def _update_buttons(self) -> None:
        selected = self.table.selectionModel().hasSelection()
        self.edit_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)

    @Slot(QModelIndex, QModelIndex)
    def _batch_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.apply_filter()

    @Slot()
    def _search_now(self) -> None:
        """Enter in the search box: filter now and go to the first device."""
        self.apply_filter()
        if self.model.rowCount():
            if not self.table.selectionModel().hasSelection():
                self._select(self.model.device_id(0))
            self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot()
    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.open_device_dialog(self.model.device_id(index.row()))
