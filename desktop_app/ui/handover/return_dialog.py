"""Thu hồi thiết bị: a device comes back from its student (faulty, the student moved…).

The return is a new event (``record_return``); the handover stays in the history. The serial box
completes from the devices students hold now, and says who holds the one typed. Each of the
service's messages is shown under its field.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.clock import best_today
from desktop_app.core.devices import list_devices
from desktop_app.core.errors import SongMayError
from desktop_app.core.forms import FormResult
from desktop_app.core.handovers import device_standing, record_return
from desktop_app.core.locale import fmt_date
from desktop_app.core.rules.holdings import ReturnReason
from desktop_app.ui.common.discard import AsksBeforeDiscarding
from desktop_app.ui.common.errors import show_error
from desktop_app.ui.common.template_form import MESSAGE_STYLE, fit_height
from desktop_app.ui.common.text import shown
from desktop_app.ui.common.widgets import muted
from desktop_app.ui.handover.fields import FieldGrid


class ReturnDialog(AsksBeforeDiscarding, QDialog):
    """``saved`` carries the device's serial (as the clerk typed it) and the service's
    ``FormResult`` once the return is recorded; the dialog then closes. A field's message
    follows the clerk's edits; closing with changes not recorded asks first."""

    saved = Signal(str, object)

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        serial: str = "",
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("returnDialog")
        self.setWindowTitle(self.tr("Thu hồi thiết bị"))
        self.setStyleSheet(MESSAGE_STYLE)
        self._db = db
        self._today = today
        self.returned_serial = ""
        self.outcome: FormResult | None = None

        held = sorted(d.serial for d in list_devices(db) if d.handed_over)
        self.fields = FieldGrid(input_width=320)
        self.serial = QLineEdit(serial)
        self.serial.setPlaceholderText(self.tr("Số serial/IMEI của thiết bị học sinh đang giữ"))
        completer = QCompleter(QStringListModel(held, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.serial.setCompleter(completer)
        self.fields.add("serial", self.tr("Số serial/IMEI"), self.serial)
        self.holder = muted("")
        self.holder.setObjectName("holderNote")
        self.fields.add_widget(self.holder)

        self.event_date = QLineEdit(fmt_date(self._day()))
        self.event_date.setPlaceholderText(self.tr("dd/mm/yyyy"))
        self.fields.add("event_date", self.tr("Ngày thu hồi"), self.event_date)
        self.reason = QComboBox()
        for reason in ReturnReason:
            self.reason.addItem(shown(reason.label), reason.value)
        self.reason.setPlaceholderText(self.tr("— Chọn —"))
        self.reason.setCurrentIndex(-1)
        self.fields.add("reason", self.tr("Lý do thu hồi"), self.reason)
        self.reason_note = muted("")
        self.reason_note.setObjectName("reasonNote")
        self.fields.add_widget(self.reason_note)
        self.returned_by = QLineEdit()
        self.returned_by.setPlaceholderText(self.tr("Người mang thiết bị trả lại"))
        self.fields.add("returned_by", self.tr("Người trả"), self.returned_by)
        self.condition = QLineEdit()
        self.condition.setPlaceholderText(self.tr("Ví dụ: Màn hình vỡ, không lên nguồn"))
        self.fields.add("condition", self.tr("Tình trạng khi thu hồi"), self.condition)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Bắt buộc với lý do khác"))
        self.fields.add("note", self.tr("Ghi chú"), self.note)

        explanation = muted(
            self.tr(
                "Việc thu hồi được ghi thành một sự kiện mới; lượt bàn giao trước vẫn giữ trong "
                "lịch sử."
            )
        )
        self.save_button = QPushButton(self.tr("Ghi nhận thu hồi"))
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Hủy"))
        self.cancel_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(self.fields.grid)
        layout.addWidget(self.fields.form_error)
        layout.addWidget(explanation)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(600)

        self.serial.textChanged.connect(self._show_holder)
        self.reason.currentIndexChanged.connect(self._show_reason_note)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self._show_holder()
        self._show_reason_note()
        (self.reason if serial else self.serial).setFocus()
        self.fields.recheck_on_edit(lambda _typed: self._record(check_only=True),
                                    after=lambda: fit_height(self, shrink=True))  # fmt: skip

    def form_state(self) -> object:
        return (self.serial.text(), self.event_date.text(), self.reason_code(),
                self.returned_by.text(), self.condition.text(), self.note.text())  # fmt: skip

    def _record(self, *, check_only: bool = False) -> FormResult:
        return record_return(
            self._db,
            serial=self.serial.text().strip(),
            event_date=self.event_date.text().strip(),
            reason=self.reason_code(),
            note=self.note.text(),
            returned_by=self.returned_by.text(),
            condition=self.condition.text(),
            today=self._day(),
            check_only=check_only,
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._fit)  # wrapped notes: the first layout misses their height

    @Slot()
    def _fit(self) -> None:
        fit_height(self)

    def _day(self) -> date:
        return self._today or best_today(self._db)

    def reason_code(self) -> str:
        return str(self.reason.currentData() or "")

    def set_reason(self, code: str) -> None:
        self.reason.setCurrentIndex(self.reason.findData(code))

    @Slot()
    def save(self) -> None:
        serial = self.serial.text().strip()
        try:
            result = self._record()
        except SongMayError as exc:  # the file is locked, the disk is full
            show_error(exc, self)
            return
        self.outcome = result
        self.fields.show_messages(result)
        fit_height(self)
        if not result.ok:
            self.fields.focus_first_error(result)
            return
        self.returned_serial = serial
        self.saved.emit(serial, result)
        self.accept()

    @Slot()
    def _show_holder(self) -> None:
        serial = self.serial.text().strip()
        standing = device_standing(self._db, serial) if serial else None
        held = standing.holder if standing else None
        last = standing.latest if standing else None
        if held is not None:
            text = self.tr("Đang ở học sinh {name} ({code}, lớp {class_name}) từ {day}.").format(
                name=held.student_name, code=held.student_code, class_name=held.class_name,
                day=fmt_date(held.event_date),
            )  # fmt: skip
        elif last is not None:
            text = self.tr(
                "Thiết bị này đã được thu hồi ngày {day}; không có gì để thu hồi."
            ).format(day=fmt_date(last.event_date))
        else:
            text = ""
        self.holder.setText(text)
        self.holder.setVisible(bool(text))
        fit_height(self)

    @Slot()
    def _show_reason_note(self) -> None:
        code = self.reason_code()
        texts = {
            "faulty": self.tr(
                "Học sinh được ưu tiên nhận thiết bị thay thế; thiết bị hỏng không được đề xuất "
                "lại."
            ),
            "lost": self.tr("Thiết bị bị mất không được đề xuất lại."),
            "moved": self.tr(
                "Thiết bị có thể giao cho học sinh khác; học sinh này được tính là đã hỗ trợ."
            ),
            "ineligible": self.tr(
                "Thiết bị có thể giao cho học sinh khác; học sinh này được tính là đã hỗ trợ."
            ),
            "other": self.tr("Hãy ghi rõ lý do ở ô Ghi chú."),
        }
        text = texts.get(code, "")
        self.reason_note.setText(text)
        self.reason_note.setVisible(bool(text))
        fit_height(self)
