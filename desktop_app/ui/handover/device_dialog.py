"""Đổi thiết bị: the clerk picks another device for one line of the proposal.

Offered: the available devices (``load_available_devices``) that no other accepted line
delivers, the requested type first, then the oldest batch and the serial (the proposal's own
device order). Devices the proposal never offers by itself (below the minimum specification, a
SIM) may be chosen here; the line then says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.allocation import AvailableDevice, device_key
from desktop_app.core.locale import fmt_date
from desktop_app.core.messages import msg
from desktop_app.core.rules.programme import goes_with_a_device
from desktop_app.core.text import search_key
from desktop_app.ui.common import list_page
from desktop_app.ui.common.table_model import (
    DISPLAY,
    FLAGGED,
    ID,
    NO_PARENT,
    VALID,
    FlaggedRowLook,
    Index,
    ListTableModel,
)
from desktop_app.ui.common.text import code_label, shown
from desktop_app.ui.common.widgets import muted


def _received(iso: str) -> str:
    try:
        return fmt_date(date.fromisoformat(iso))
    except ValueError:
        return iso


class DeviceChoiceModel(ListTableModel):
    SERIAL, TYPE, DEVICE, BATCH, RECEIVED, NOTE = range(6)
    numbered = False

    def __init__(self, requested: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._requested = requested
        self._all: list[AvailableDevice] = []
        self._rows: list[AvailableDevice] = []
        self._headers = [
            self.tr("Số serial/IMEI"),
            self.tr("Loại thiết bị"),
            self.tr("Hãng – Model"),
            self.tr("Đợt"),
            self.tr("Ngày tiếp nhận"),
            self.tr("Ghi chú"),
        ]
        self._header_tips = list(self._headers)
        self._flag_look = FlaggedRowLook(mark_column=self.SERIAL)

    def set_devices(self, devices: Sequence[AvailableDevice]) -> None:
        self._all = sorted(
            devices, key=lambda d: (d.device_type != self._requested, *device_key(d))
        )
        self.filter("")

    def filter(self, text: str) -> None:
        key = search_key(text)
        self.beginResetModel()
        self._rows = [
            d for d in self._all if not key or key in search_key(f"{d.serial} {d.brand} {d.model}")
        ]
        self.endResetModel()

    def device(self, row: int) -> AvailableDevice:
        return self._rows[row]

    def row_of(self, device_id: str) -> int | None:
        return next((i for i, d in enumerate(self._rows) if d.device_id == device_id), None)

    def note(self, d: AvailableDevice) -> str:
        if goes_with_a_device(d.device_type):
            return code_label("device_type", d.device_type)
        if d.below_min_spec:
            return self.tr("Cấu hình thấp")
        if d.device_type == self._requested:
            return self.tr("Đúng loại đề nghị")
        return ""

    def why(self, d: AvailableDevice) -> str:
        if goes_with_a_device(d.device_type):
            return shown(msg("proposal.warning.sim"))
        return shown(msg("proposal.warning.below_min_spec"))

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not self.checkIndex(index, VALID):
            return None
        d = self._rows[index.row()]
        if role == DISPLAY:
            texts = (d.serial, code_label("device_type", d.device_type), f"{d.brand} {d.model}".strip(),
                     d.batch_code, _received(d.received_date), self.note(d))  # fmt: skip
            return texts[index.column()]
        if role == ID:
            return d.device_id
        flagged = d.below_min_spec or goes_with_a_device(d.device_type)
        if role == FLAGGED:
            return flagged
        if flagged and role in FlaggedRowLook.ROLES:
            return self._flag_look.data(role, index.column(), lambda: self.why(d))
        return None


class DeviceChoiceDialog(QDialog):
    """``exec()`` or ``open()`` it; ``chosen()`` is the device picked (None before)."""

    def __init__(
        self,
        devices: Sequence[AvailableDevice],
        current: AvailableDevice,
        *,
        requested: str,
        student: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deviceChoiceDialog")
        self.setWindowTitle(self.tr("Đổi thiết bị — {student}").format(student=student))
        self._chosen: AvailableDevice | None = None
        self.model = DeviceChoiceModel(requested, self)
        self.model.set_devices(devices)

        note = muted(
            self.tr(
                "Học sinh đề nghị: {device}. Danh sách gồm các thiết bị chưa bàn giao và chưa "
                "dành cho dòng khác đang được chọn giao; loại đề nghị ở trên cùng."
            ).format(device=code_label("device_type", requested))
        )
        self.search = list_page.search_box(
            "deviceChoiceSearch", self.tr("Tìm theo số serial/IMEI, hãng hoặc model")
        )
        self.table = list_page.list_table("deviceChoiceTable", self.model)
        self.table.verticalHeader().hide()
        list_page.size_columns(
            self.table,
            {
                DeviceChoiceModel.SERIAL: ["490154203237518"],
                DeviceChoiceModel.TYPE: [
                    code_label("device_type", t) for t in ("smartphone", "laptop")
                ],
                DeviceChoiceModel.DEVICE: ["Samsung Galaxy Tab A8"],
                DeviceChoiceModel.BATCH: ["DOT-2021-01"],
                DeviceChoiceModel.RECEIVED: ["00/00/0000"],
            },
            stretch=DeviceChoiceModel.NOTE,
            marked=DeviceChoiceModel.SERIAL,
        )
        self.choose_button = QPushButton(self.tr("Chọn thiết bị này"))
        self.choose_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Hủy"))
        self.cancel_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(note)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(960, 480)

        self.search.textChanged.connect(self._filter)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(self._update_button)
        self.choose_button.clicked.connect(self.choose)
        self.cancel_button.clicked.connect(self.reject)
        self.select(current)
        self.table.setFocus()

    def chosen(self) -> AvailableDevice | None:
        return self._chosen

    def select(self, device: AvailableDevice) -> None:
        row = self.model.row_of(device.device_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(
                self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter
            )
        self._update_button()

    def selected(self) -> AvailableDevice | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.device(rows[0].row()) if rows else None

    @Slot()
    def choose(self) -> None:
        device = self.selected()
        if device is not None:
            self._chosen = device
            self.accept()

    @Slot(str)
    def _filter(self, text: str) -> None:
        selected = self.selected()
        self.model.filter(text)
        if selected is not None:
            self.select(selected)
        elif self.model.rowCount():
            self.table.selectRow(0)
        self._update_button()

    @Slot()
    def _update_button(self) -> None:
        self.choose_button.setEnabled(self.selected() is not None)

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.table.selectRow(index.row())
            self.choose()
