"""Tiếp nhận thiết bị: the donation batches, the devices of the chosen batch, add, edit, delete,
and the way to the import wizard for a donor's device list.

Every question goes to ``desktop_app.core.devices``. Choosing a batch (or "Tất cả các đợt") in the
upper table shows its devices in the lower one; the search box narrows them by serial, brand or
model as the clerk types. The search box, the buttons and the keyboard work as on every list page
(``desktop_app.ui.common.list_page``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.devices import delete_device
from desktop_app.core.errors import SongMayError
from desktop_app.core.forms import FormResult
from desktop_app.ui.common import list_page
from desktop_app.ui.common.errors import show_error
from desktop_app.ui.common.list_page import ask_confirmation
from desktop_app.ui.common.text import code_label, code_labels, number
from desktop_app.ui.common.widgets import heading
from desktop_app.ui.devices.dialog import DeviceDialog
from desktop_app.ui.devices.model import BatchTableModel, DeviceTableModel

BATCH_ROWS_SHOWN = (2, 6)  # the batch table shows this many rows at least, at most


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

        title = heading(self.tr("Tiếp nhận thiết bị"))

        self.batch_model = BatchTableModel(db, self)
        self.batch_table = list_page.list_table("batchTable", self.batch_model)
        self.batch_table.verticalHeader().hide()
        self.batch_table.setToolTip(self.tr("Chọn một đợt để xem các thiết bị của đợt"))

        self.search = list_page.search_box(
            "deviceSearch", self.tr("Tìm theo số serial/IMEI, hãng hoặc model")
        )
        self.model = DeviceTableModel(db, self)
        self.table = list_page.list_table("deviceTable", self.model)
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
        self.count_label, self.message_label = list_page.status_labels("deviceCount")
        self.add_action = list_page.add_action(self, self.tr("Thêm thiết bị"))
        self.rows = list_page.RowList(
            self,
            self.table,
            self.search,
            id_of=self.model.device_id,
            row_of=self.model.row_of,
            shown_column=DeviceTableModel.SERIAL,
            row_buttons=(self.edit_button, self.delete_button),
            apply_filter=self.apply_filter,
            open_row=self.open_device_dialog,
            delete_row=self.delete_selected,
        )

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
        buttons = [(self.add_button, self.edit_button, self.delete_button), (self.import_button,)]
        lower.addLayout(search_row)
        lower.addLayout(list_page.buttons_row(buttons, self.message_label, self.count_label))
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

        self.add_button.clicked.connect(self.add_device)
        self.add_action.triggered.connect(self.add_device)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(self.import_from_excel)
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
        self.rows.select(device_id)
        self._update_title()

    @Slot()
    def apply_filter(self) -> None:
        """Query the devices for the batch and search text now (typing waits first)."""
        self.rows.search_timer.stop()
        batch_id, text = self.selected_batch_id(), self.search.text().strip()
        if (batch_id, text) == (self.model.batch_id(), self.model.text()):
            return
        selected = self.selected_device_id()
        self.model.set_filter(batch_id, text)
        self.rows.select(selected)
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
        return self.rows.selected_id()

    def open_device_dialog(self, device_id: str | None = None) -> DeviceDialog | None:
        """Open the form (window-modal, returns at once); the page refreshes after each save.
        A new device starts in the batch chosen above, if any."""

        def make() -> DeviceDialog:
            dialog = DeviceDialog(self._db, device_id, self)
            if device_id is None:
                batch = self.batch_model.batch(self.batch_table.currentIndex().row())
                if batch is not None:
                    dialog.use_batch(batch.code)
            dialog.saved.connect(self._saved)  # not a lambda holding the dialog: it deletes itself
            return dialog

        return list_page.open_form(self, make, self.refresh)

    @Slot()
    def add_device(self) -> None:
        self.open_device_dialog()

    @Slot()
    def edit_selected(self) -> None:
        self.rows.open_selected()

    @Slot()
    def delete_selected(self) -> None:
        row = self.rows.selected_row()
        if row is None:
            return
        device = self.model.device(row)
        question = self.tr(
            "Xóa thiết bị số serial/IMEI {serial} ({device} {brand} {model}, đợt {batch})?\n\n"
            "Việc xóa được ghi lại trong nhật ký và gửi lên CSDL ngành khi đồng bộ."
        ).format(
            serial=device.serial,
            device=code_label("device_type", device.device_type).lower(),
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
        self.rows.select_near(row)
        text = self.tr("Đã xóa thiết bị {serial}.").format(serial=device.serial)
        list_page.show_outcome(self.message_label, text)
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
        row = self.rows.select_saved(result)
        if row is None:
            text = self.tr(
                "Đã lưu. Thiết bị này không hiện trong danh sách vì không khớp đợt hoặc từ khóa "
                "tìm kiếm đang chọn."
            )
        else:
            text = self.tr("Đã lưu thiết bị {serial}.").format(serial=self.model.device(row).serial)
        list_page.show_outcome(self.message_label, text, result)
        self.devicesChanged.emit()

    def _select_batch_row(self, row: int) -> None:
        selection = self.batch_table.selectionModel()
        selection.blockSignals(True)  # chosen by the program: the caller filters once
        self.batch_table.selectRow(row)
        self.batch_table.setCurrentIndex(self.batch_model.index(row, BatchTableModel.CODE))
        selection.blockSignals(False)
        self.batch_table.viewport().update()

    def _size_columns(self) -> None:
        samples = {
            DeviceTableModel.SERIAL: ["490154203237518", "SN0000000000"],
            DeviceTableModel.TYPE: code_labels("device_type"),
            DeviceTableModel.BRAND: ["Samsung", "Lenovo", "Xiaomi"],
            DeviceTableModel.CONDITION: code_labels("condition"),
            DeviceTableModel.BATCH: ["DOT-2021-01"],
            DeviceTableModel.HANDED_OVER: [QCoreApplication.translate("DeviceTableModel", "Có")],
        }
        list_page.size_columns(
            self.table, samples, stretch=DeviceTableModel.MODEL, marked=DeviceTableModel.SERIAL
        )

    def _size_batch_table(self) -> None:
        samples = {
            BatchTableModel.CODE: [
                QCoreApplication.translate("BatchTableModel", "Tất cả các đợt"),
                "DOT-2021-01",
            ],
            BatchTableModel.SOURCE: code_labels("source"),
            BatchTableModel.DATE: ["00/00/0000"],
            BatchTableModel.DEVICES: [number(8888)],
            BatchTableModel.HANDED_OVER: [number(8888)],
        }
        list_page.size_columns(self.batch_table, samples, stretch=BatchTableModel.DONOR)
        # As tall as a few batches; the splitter lets the clerk give it more.
        least, most = BATCH_ROWS_SHOWN
        shown = min(max(self.batch_model.rowCount(), least), most)
        row_height = self.batch_table.verticalHeader().defaultSectionSize()
        header = self.batch_table.horizontalHeader()
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
        text = self.tr("{count} thiết bị", "", count).format(count=number(count))
        below = self.model.below_spec_count()
        if below:
            text += self.tr(" · {below} cấu hình thấp (tô vàng)").format(below=number(below))
        self.count_label.setText(text)

    @Slot(QModelIndex, QModelIndex)
    def _batch_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.apply_filter()
