"""The other tables of the Bàn giao page: the students left waiting or not proposed, the devices
left unused (each with the core's reason), and the history of a device or a student."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject

from desktop_app.core.allocation import Skipped, UnusedDevice
from desktop_app.core.handovers import HistoryEvent
from desktop_app.core.locale import fmt_date
from desktop_app.ui.common.table_model import (
    ALIGNMENT,
    DISPLAY,
    FLAGGED,
    ID,
    NO_PARENT,
    TOOLTIP,
    VALID,
    FlaggedRowLook,
    Index,
    ListTableModel,
)
from desktop_app.ui.common.text import code_label, shown
from desktop_app.ui.handover.model import CENTER, category_tip, iso_day


class SkippedTableModel(ListTableModel):
    """Students not proposed: waiting for a device, or not proposed at all, each with why."""

    CODE, NAME, CLASS, CATEGORY, REQUESTED, REASON = range(6)
    StudentCodeRole = ID

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Skipped] = []
        self._headers = [
            self.tr("Mã HS"),
            self.tr("Họ và tên"),
            self.tr("Lớp"),
            self.tr("Diện"),
            self.tr("Loại đề nghị"),
            self.tr("Lý do"),
        ]
        self._header_tips = [
            self.tr("Mã học sinh (nhấp đúp để xem lịch sử bàn giao)"),
            self.tr("Họ và tên học sinh"),
            self.tr("Lớp"),
            self.tr("Diện đối tượng"),
            self.tr("Loại thiết bị học sinh đề nghị"),
            self.tr("Vì sao học sinh chưa được đề xuất"),
        ]

    def set_rows(self, rows: Sequence[Skipped]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def skipped(self, row: int) -> Skipped:
        return self._rows[row]

    def student_code(self, row: int) -> str:
        return self._rows[row].candidate.code

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not self.checkIndex(index, VALID):
            return None
        row, column = index.row(), index.column()
        skipped = self._rows[row]
        c = skipped.candidate
        if role == DISPLAY:
            texts = (c.code, c.full_name, c.class_name, str(c.category),
                     code_label("device_type", c.requested_device), shown(skipped.reason))  # fmt: skip
            return texts[column]
        if role == ID:
            return c.code
        if role == TOOLTIP:
            if column == self.REASON:
                return shown(skipped.reason)
            if column == self.CATEGORY:
                return category_tip(c.category) or None
        if role == ALIGNMENT and column in (self.CLASS, self.CATEGORY):
            return CENTER
        return None


class UnusedTableModel(ListTableModel):
    """Available devices the proposal does not use, with why."""

    SERIAL, TYPE, DEVICE, BATCH, RECEIVED, REASON = range(6)
    SerialRole = ID

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[UnusedDevice] = []
        self._headers = [
            self.tr("Số serial/IMEI"),
            self.tr("Loại thiết bị"),
            self.tr("Hãng – Model"),
            self.tr("Đợt"),
            self.tr("Ngày tiếp nhận"),
            self.tr("Lý do"),
        ]
        self._header_tips = [
            self.tr("Số serial/IMEI (nhấp đúp để xem lịch sử thiết bị)"),
            self.tr("Loại thiết bị"),
            self.tr("Hãng và model"),
            self.tr("Đợt tài trợ"),
            self.tr("Ngày nhà trường tiếp nhận thiết bị"),
            self.tr("Vì sao thiết bị chưa được đề xuất"),
        ]

    def set_rows(self, rows: Sequence[UnusedDevice]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def serial(self, row: int) -> str:
        return self._rows[row].device.serial

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not self.checkIndex(index, VALID):
            return None
        unused = self._rows[index.row()]
        d = unused.device
        if role == DISPLAY:
            texts = (d.serial, code_label("device_type", d.device_type),
                     f"{d.brand} {d.model}".strip(), d.batch_code, iso_day(d.received_date),
                     shown(unused.reason))  # fmt: skip
            return texts[index.column()]
        if role == ID:
            return d.serial
        if role == TOOLTIP and index.column() == self.REASON:
            return shown(unused.reason)
        return None


class HistoryTableModel(ListTableModel):
    """A device's or a student's events, oldest first; an event recorded late is amber."""

    DATE, EVENT, DEVICE, RECEIVER, REASON, NOTE, LATE = range(7)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._events: list[HistoryEvent] = []
        self._headers = [
            self.tr("Ngày"),
            self.tr("Sự kiện"),
            self.tr("Thiết bị"),
            self.tr("Người nhận/trả"),
            self.tr("Lý do"),
            self.tr("Ghi chú"),
            self.tr("Ghi nhận"),
        ]
        self._header_tips = [
            self.tr("Ngày bàn giao hoặc thu hồi"),
            self.tr("Bàn giao hoặc thu hồi, cho học sinh nào"),
            self.tr("Số serial/IMEI (để chuột lên để xem hãng và model)"),
            self.tr("Người nhận thiết bị khi bàn giao, người mang trả khi thu hồi"),
            self.tr("Lý do thu hồi"),
            self.tr("Ghi chú"),
            self.tr("Ghi nhận muộn: quá 01 ngày sau khi bàn giao hoặc thu hồi"),
        ]
        self._flag_look = FlaggedRowLook(mark_column=self.LATE)

    def set_events(self, events: Sequence[HistoryEvent]) -> None:
        self.beginResetModel()
        self._events = list(events)
        self.endResetModel()

    def events(self) -> list[HistoryEvent]:
        return list(self._events)

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._events)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not self.checkIndex(index, VALID):
            return None
        event = self._events[index.row()]
        column = index.column()
        if role == DISPLAY:
            return self._texts(event)[column]
        if role == ID:
            return event.handover_id
        if role == FLAGGED:
            return event.late
        if event.late and role in FlaggedRowLook.ROLES:
            return self._flag_look.data(
                role, column, lambda: self.tr("Ghi nhận muộn: quá 01 ngày sau khi diễn ra.")
            )
        if role == TOOLTIP and column == self.DEVICE:
            return f"{event.serial} · {event.device}"
        if role == TOOLTIP and column in (self.EVENT, self.RECEIVER, self.REASON, self.NOTE):
            return self._texts(event)[column] or None
        return None

    def _texts(self, event: HistoryEvent) -> tuple[str, ...]:
        return (
            fmt_date(event.event_date),
            shown(event.description),
            event.serial,
            shown(event.receiver),
            shown(event.reason),
            event.note,
            self.tr("Muộn") if event.late else self.tr("Đúng hạn"),
        )
