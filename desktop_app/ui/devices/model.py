"""The two tables of the Tiếp nhận thiết bị page: donation batches, and the devices of one batch
(or of all of them).

A school receives a few batches of tens to hundreds of devices, so both models hold their rows
(``list_batches`` and ``list_devices`` answer in one query each) with their display texts made
once per query, not at every repaint.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Slot
from PySide6.QtGui import QFont
from sqlite_utils import Database

from desktop_app.core.devices import BatchRow, DeviceRow, list_batches, list_devices
from desktop_app.core.templates.spec import load_min_spec, load_template
from desktop_app.ui.common.table_model import (
    ALIGNMENT,
    DISPLAY,
    FLAGGED,
    FLAGGED_BACKGROUND,
    FONT,
    ID,
    NO_PARENT,
    TOOLTIP,
    VALID,
    FlaggedRowLook,
    Index,
    ListTableModel,
)
from desktop_app.ui.common.text import code_label, day, number

BELOW_SPEC_BACKGROUND = FLAGGED_BACKGROUND  # the light amber of every row to look at
BELOW_SPEC_TEXT = "Cấu hình thấp hơn mức tối thiểu tham khảo"
_CONTEXT = "DeviceTableModel"
SPEC_NAMES = {"ram_gb": QT_TRANSLATE_NOOP(_CONTEXT, "RAM ≥ {0:g} GB"),
              "storage_gb": QT_TRANSLATE_NOOP(_CONTEXT, "bộ nhớ ≥ {0:g} GB"),
              "screen_inch": QT_TRANSLATE_NOOP(_CONTEXT, "màn hình ≥ {0:g} inch")}  # fmt: skip

_NUMBER_ALIGNMENT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def min_spec_text(device_type: str) -> str:
    """The reference minimum for a device type, in words ("" when the type has none)."""
    rules = load_min_spec().get(device_type, {})
    return ", ".join(QCoreApplication.translate(_CONTEXT, SPEC_NAMES[name]).format(float(v))
                     for name, v in rules.items() if name in SPEC_NAMES)  # fmt: skip


class DeviceTableModel(ListTableModel):
    """The devices of one batch (``batch_id``) or of every batch, filtered by serial, brand or
    model; a device below the reference minimum specification is marked (amber row, warning icon
    on its serial, a tooltip)."""

    SERIAL, TYPE, BRAND, MODEL, CONDITION, BATCH, HANDED_OVER = range(7)
    DeviceIdRole = ID
    BelowSpecRole = FLAGGED

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._batch_id: str | None = None
        self._text = ""
        self._rows: list[DeviceRow] = []
        self._texts: list[tuple[str, ...]] = []
        spec = load_template("devices")
        self._headers = [
            self.tr("Số serial/IMEI"),
            self.tr("Loại thiết bị"),
            self.tr("Hãng"),
            self.tr("Model"),
            self.tr("Tình trạng"),
            self.tr("Đợt"),
            self.tr("Đã bàn giao"),
        ]
        fields = ["serial", "device_type", "brand", "model", "condition", "batch_code"]
        self._header_tips = [spec.column(f).header for f in fields] + [
            self.tr("Thiết bị đã bàn giao cho học sinh (và chưa thu hồi)")
        ]
        self._flag_look = FlaggedRowLook(mark_column=self.SERIAL)

    # --- what the page uses ----------------------------------------------------------------------

    def batch_id(self) -> str | None:
        return self._batch_id

    def text(self) -> str:
        return self._text

    def set_filter(self, batch_id: str | None = None, text: str = "") -> None:
        """Query the devices of ``batch_id`` (None: every batch) matching ``text``."""
        rows = list_devices(self._db, batch_id=batch_id, text=text)  # a failure changes nothing
        self.beginResetModel()
        self._batch_id, self._text = batch_id, text
        self._rows = rows
        self._texts = [self._row_texts(r) for r in rows]
        self.endResetModel()

    @Slot()
    def refresh(self) -> None:
        self.set_filter(self._batch_id, self._text)

    def device(self, row: int) -> DeviceRow:
        return self._rows[row]

    def device_id(self, row: int) -> str:
        return self._rows[row].id

    def row_of(self, device_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == device_id), None)

    def below_spec_count(self) -> int:
        return sum(r.below_min_spec for r in self._rows)

    # --- QAbstractTableModel ---------------------------------------------------------------------

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not self.checkIndex(index, VALID):
            return None
        row, column = index.row(), index.column()
        device = self._rows[row]
        if role == DISPLAY:
            return self._texts[row][column]
        if role == ID:
            return device.id
        if role == FLAGGED:
            return device.below_min_spec
        if role == ALIGNMENT and column == self.HANDED_OVER:
            return int(Qt.AlignmentFlag.AlignCenter)
        if not device.below_min_spec:
            return None
        return self._flag_look.data(role, column, lambda: self._spec_tip(device))

    # --- internals -------------------------------------------------------------------------------

    def _row_texts(self, d: DeviceRow) -> tuple[str, ...]:
        return (
            d.serial,
            code_label("device_type", d.device_type),
            d.brand,
            d.model,
            code_label("condition", d.condition),
            d.batch_code,
            self.tr("Có") if d.handed_over else "—",
        )

    def _spec_tip(self, d: DeviceRow) -> str:
        tip = self.tr("Cấu hình thấp hơn mức tối thiểu tham khảo")  # = BELOW_SPEC_TEXT
        minimum = min_spec_text(d.device_type)
        if minimum:
            tip += "\n" + self.tr("Tối thiểu cho {device}: {minimum}.").format(
                device=code_label("device_type", d.device_type), minimum=minimum
            )
        return tip


class BatchTableModel(ListTableModel):
    """The donation batches, newest first, under a first row "Tất cả các đợt" (its id None)."""

    CODE, SOURCE, DONOR, DATE, DEVICES, HANDED_OVER = range(6)
    BatchIdRole = ID
    numbered = False

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._rows: list[BatchRow] = []
        self._texts: list[tuple[str, ...]] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._headers = [
            self.tr("Mã đợt"),
            self.tr("Nguồn"),
            self.tr("Nhà tài trợ"),
            self.tr("Ngày tiếp nhận"),
            self.tr("Thiết bị"),
            self.tr("Đã bàn giao"),
        ]
        self._header_tips = [
            self.tr("Mã đợt tài trợ"),
            self.tr(
                "4.8.3.1: Bộ GDĐT phân bổ; 4.8.3.2: nguồn khác (tổ chức, doanh nghiệp, cá nhân)"
            ),
            self.tr("Nhà tài trợ"),
            self.tr("Ngày nhà trường tiếp nhận thiết bị"),
            self.tr("Số thiết bị của đợt"),
            self.tr("Số thiết bị đã bàn giao cho học sinh"),
        ]

    @Slot()
    def refresh(self) -> None:
        rows = list_batches(self._db)
        self.beginResetModel()
        self._rows = rows
        all_devices = sum(b.devices for b in rows)
        all_handed = sum(b.handed_over for b in rows)
        self._texts = [
            (self.tr("Tất cả các đợt"), "", "", "", *map(self._number, (all_devices, all_handed))),
            *(self._row_texts(b) for b in rows),
        ]
        self.endResetModel()

    def batch(self, row: int) -> BatchRow | None:
        """The batch of a row; None for "Tất cả các đợt"."""
        return self._rows[row - 1] if row > 0 else None

    def batch_id(self, row: int) -> str | None:
        batch = self.batch(row)
        return batch.id if batch else None

    def row_of(self, batch_id: str | None) -> int | None:
        if batch_id is None:
            return 0
        return next((i + 1 for i, b in enumerate(self._rows) if b.id == batch_id), None)

    def batches(self) -> list[BatchRow]:
        return list(self._rows)

    # --- QAbstractTableModel ---------------------------------------------------------------------

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._texts)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not self.checkIndex(index, VALID):
            return None
        row, column = index.row(), index.column()
        if role == DISPLAY:
            return self._texts[row][column]
        if role == ID:
            return self.batch_id(row)
        if role == ALIGNMENT and column in (self.DEVICES, self.HANDED_OVER):
            return _NUMBER_ALIGNMENT
        if role == FONT and row == 0:  # "Tất cả các đợt" and the totals
            return self._bold
        batch = self.batch(row)
        if role == TOOLTIP and batch is not None:
            if column == self.SOURCE:
                return self.tr("Mục {menu} CSDL ngành").format(menu=batch.source)
            if column == self.DONOR:
                return batch.donor
        return None

    def _row_texts(self, b: BatchRow) -> tuple[str, ...]:
        return (
            b.code,
            code_label("source", b.source),
            b.donor,
            day(b.received_date),
            self._number(b.devices),
            self._number(b.handed_over),
        )

    def _number(self, value: int) -> str:
        return number(value)
