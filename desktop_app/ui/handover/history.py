"""Lịch sử: every handover and return of one student or one device, oldest first, as the core
keeps them (a return never erases the handover before it)."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget
from sqlite_utils import Database

from desktop_app.core.handovers import (
    HistoryEvent,
    device_history,
    device_standing,
    held_by_student,
    student_history,
)
from desktop_app.core.text import clean_text
from desktop_app.ui.common import list_page
from desktop_app.ui.common.widgets import heading, muted
from desktop_app.ui.handover.tables import HistoryTableModel


class HistoryPanel(QWidget):
    """Type a student code or a serial and press Enter (or "Xem lịch sử"). ``printRequested``
    carries a student code whose minutes to print; ``returnRequested`` the serial of a device
    a student holds now."""

    printRequested = Signal(str)
    returnRequested = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self._db = db
        self._shown = ""  # what the clerk asked for
        self._student_code = ""  # the student whose history is shown ("" for a device)
        self._held_serial = ""  # the device the student holds now, or the device shown if held

        self.search = list_page.search_box(
            "historySearch", self.tr("Mã học sinh hoặc số serial/IMEI, rồi Enter")
        )
        self.search.setClearButtonEnabled(True)
        self.show_button = QPushButton(self.tr("Xem lịch sử"))
        self.show_button.setAutoDefault(False)
        self.title = heading(self.tr("Lịch sử bàn giao và thu hồi"), level=2)
        self.title.setObjectName("historyTitle")
        self.hint = muted(
            self.tr(
                "Nhập mã học sinh hoặc số serial/IMEI; hoặc nhấp đúp một học sinh, một thiết bị "
                "ở các thẻ khác."
            )
        )
        self.hint.setObjectName("historyHint")
        self.model = HistoryTableModel(self)
        self.table = list_page.list_table("historyTable", self.model)
        list_page.size_columns(
            self.table,
            {
                HistoryTableModel.DATE: ["00/00/0000"],
                HistoryTableModel.DEVICE: ["SN0000000000"],
                HistoryTableModel.RECEIVER: ["Nguyễn Văn Bình"],
                HistoryTableModel.REASON: [""],  # the title's width; the tooltip says all
                HistoryTableModel.NOTE: [""],
                HistoryTableModel.LATE: [self.tr("Đúng hạn")],
            },
            stretch=HistoryTableModel.EVENT,
            marked=HistoryTableModel.LATE,
        )
        self.print_button = QPushButton(self.tr("In biên bản của học sinh này…"))
        self.print_button.setObjectName("historyPrint")
        self.return_button = QPushButton(self.tr("Thu hồi thiết bị này…"))
        self.return_button.setObjectName("historyReturn")
        for button in (self.print_button, self.return_button):
            button.setAutoDefault(False)

        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.search, 1)
        row.addWidget(self.show_button)
        row.addSpacing(12)
        row.addWidget(self.print_button)
        row.addWidget(self.return_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(row)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)

        self.search.returnPressed.connect(self._search)
        self.show_button.clicked.connect(self._search)
        self.print_button.clicked.connect(lambda: self.printRequested.emit(self._student_code))
        self.return_button.clicked.connect(lambda: self.returnRequested.emit(self._held_serial))
        self._update_buttons()

    # --- public ----------------------------------------------------------------------------------

    def show_history(self, text: str) -> list[HistoryEvent]:
        """The history of the student with this code, or else of the device with this serial."""
        text = clean_text(text)
        self.search.setText(text)
        self._shown = text
        self._student_code = self._held_serial = ""
        if not text:
            self.model.set_events([])
            self.title.setText(self.tr("Lịch sử bàn giao và thu hồi"))
            self._update_buttons()
            return []
        events = student_history(self._db, text)
        if events:
            first = events[0]
            self._student_code = first.student_code
            self.title.setText(
                self.tr("Lịch sử của học sinh {code} – {name}, lớp {class_name}").format(
                    code=first.student_code, name=first.student_name, class_name=first.class_name
                )
            )
            held = held_by_student(self._db, first.student_code)
            self._held_serial = held.serial if held else ""
        else:
            events = device_history(self._db, text)
            if events:
                last = events[-1]
                self.title.setText(
                    self.tr("Lịch sử của thiết bị {serial} – {device}").format(
                        serial=last.serial, device=last.device
                    )
                )
                standing = device_standing(self._db, last.serial)
                if standing is not None and standing.holder is not None:
                    self._held_serial = last.serial
                    self._student_code = standing.holder.student_code
            else:
                self.title.setText(
                    self.tr(
                        "“{text}”: chưa có lượt bàn giao hay thu hồi nào của học sinh hoặc thiết "
                        "bị này."
                    ).format(text=text)
                )
        self.model.set_events(events)
        if events:
            self.table.scrollToBottom()
        self._update_buttons()
        return events

    @Slot()
    def refresh(self) -> None:
        if self._shown:
            self.show_history(self._shown)

    def shown(self) -> str:
        return self._shown

    # --- internals -------------------------------------------------------------------------------

    @Slot()
    def _search(self) -> None:
        self.show_history(self.search.text())

    def _update_buttons(self) -> None:
        self.print_button.setEnabled(bool(self._student_code))
        self.return_button.setEnabled(bool(self._held_serial))
        self.hint.setVisible(not self.model.rowCount())
