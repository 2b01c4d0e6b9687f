"""The "Tiêm vắc-xin" tab of the student form: every row of the student's history (corrected
and cancelled rows greyed, their state said by ``service.event_status``) and the three actions.

A dose is saved at once, on its own (one journaled change), not with the form's "Lưu", as a
parent's consent is. ``changed`` tells the page behind the form to read its figures again."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.errors import SongMayError
from desktop_app.core.rules.vaccinations import DOSE, VaccinationEvent, doses_received
from desktop_app.core.vaccinations.service import (
    current_of,
    event_status,
    student_history,
    void_dose,
)
from desktop_app.ui.common.errors import show_error
from desktop_app.ui.common.list_page import ask_confirmation
from desktop_app.ui.common.text import code_label, day, number, shown
from desktop_app.ui.common.widgets import muted, muted_colour, open_message
from desktop_app.ui.vaccinations.dose_dialog import DoseDialog

ID_ROLE = int(Qt.ItemDataRole.UserRole)


class VaccinationTab(QWidget):
    """A saved student's doses. ``student_id`` None: a new student, to be saved first."""

    changed = Signal()

    def __init__(
        self,
        db: Database,
        student_id: str | None,
        student_code: str = "",
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("vaccinationTab")
        self._db = db
        self._student_id = student_id
        self._code = student_code
        self._today = today
        self.events: list[VaccinationEvent] = []
        self._current: set[str] = set()
        self.dose_dialog: DoseDialog | None = None
        layout = QVBoxLayout(self)
        if student_id is None:
            self.unsaved_note = muted(self.tr(
                "Hãy lưu học sinh trước, rồi mở lại hồ sơ để ghi nhận các mũi tiêm vắc-xin."
            ))  # fmt: skip
            self.unsaved_note.setObjectName("vaccinationUnsaved")
            layout.addWidget(self.unsaved_note)
            layout.addStretch(1)
            return
        self.summary = QLabel()
        self.summary.setObjectName("vaccinationSummary")
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("doseTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Mũi"), self.tr("Ngày tiêm"), self.tr("Vắc-xin"), self.tr("Nơi tiêm"),
            self.tr("Số lô"), self.tr("Cơ sở tiêm"), self.tr("Trạng thái"),
        ])  # fmt: skip
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(self.tr("Thêm mũi…"))
        self.add_button.setObjectName("addDose")
        self.correct_button = QPushButton(self.tr("Sửa mũi…"))
        self.correct_button.setObjectName("correctDose")
        self.void_button = QPushButton(self.tr("Hủy mũi ghi nhầm…"))
        self.void_button.setObjectName("voidDose")
        for button in (self.add_button, self.correct_button, self.void_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.void_button)
        buttons.addStretch(1)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_dose)
        self.correct_button.clicked.connect(self.correct_selected)
        self.void_button.clicked.connect(self.void_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.correct_selected())
        self.reload()

    # --- showing -----------------------------------------------------------------------------------

    def reload(self) -> None:
        assert self._student_id is not None
        self.events = student_history(self._db.conn, self._student_id)
        status = event_status(self.events)
        current = current_of(self._db.conn, self._student_id)
        self._current = {e.id for e in current}
        grey = QBrush(muted_colour(self.palette()))
        self.table.setRowCount(len(self.events))
        for row, event in enumerate(self.events):
            texts = [
                number(event.dose_no), day(event.vaccinated_on),
                code_label("vaccine", event.vaccine),
                code_label("vaccination_place", event.place), event.lot_no or "",
                event.facility or "", shown(status[event.id]),
            ]  # fmt: skip
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, event.id)
                if event.id not in self._current:
                    item.setForeground(grey)
                    font = item.font()
                    font.setItalic(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        received = doses_received(current)
        self.summary.setText(
            self.tr("Đã tiêm {count} mũi.", "", received).format(count=number(received))
            if received else self.tr("Chưa có mũi tiêm nào được ghi nhận.")
        )  # fmt: skip
        self._update_buttons()

    def status_of(self, row: int) -> str:
        item = self.table.item(row, 6)
        return item.text() if item is not None else ""

    def is_greyed(self, row: int) -> bool:
        return self.events[row].id not in self._current

    def select_dose(self, dose_no: int) -> None:
        """Choose the current dose of that number (as a click would)."""
        row = next(i for i, e in enumerate(self.events)
                   if e.id in self._current and e.dose_no == dose_no)  # fmt: skip
        self.table.selectRow(row)

    def selected_event(self) -> VaccinationEvent | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        event = self.events[rows[0].row()]
        return event if event.kind == DOSE and event.id in self._current else None

    @Slot()
    def _update_buttons(self) -> None:
        chosen = self.selected_event() is not None
        self.correct_button.setEnabled(chosen)
        self.void_button.setEnabled(chosen)

    # --- actions -----------------------------------------------------------------------------------

    @Slot()
    def add_dose(self) -> DoseDialog:
        assert self._student_id is not None
        current = current_of(self._db.conn, self._student_id)
        last = current[-1].vaccine if current else None
        return self._open(DoseDialog(self._db, self._code, next_dose=doses_received(current) + 1,
                                     last_vaccine=last, today=self._today, parent=self))  # fmt: skip

    @Slot()
    def correct_selected(self) -> DoseDialog | None:
        event = self.selected_event()
        if event is None:
            return None
        return self._open(DoseDialog(self._db, self._code, event=event, today=self._today,
                                     parent=self))  # fmt: skip

    def _open(self, dialog: DoseDialog) -> DoseDialog:
        dialog.saved.connect(self._saved)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dose_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def void_selected(self) -> None:
        event = self.selected_event()
        if event is None:
            return
        question = self.tr(
            "Hủy mũi {dose} ngày {date} ({vaccine}) vì ghi nhầm?\n\n"
            "Mũi tiêm không bị xóa: hồ sơ giữ lại dòng đã hủy, và việc hủy được gửi lên CSDL "
            "ngành khi đồng bộ."
        ).format(dose=event.dose_no, date=day(event.vaccinated_on),
                 vaccine=code_label("vaccine", event.vaccine))  # fmt: skip
        if not ask_confirmation(self, self.tr("Hủy mũi ghi nhầm"), question, self.tr("Hủy mũi")):
            return
        try:
            findings = void_dose(self._db, event.id, today=self._today or date.today())
        except SongMayError as exc:
            show_error(exc, self)
            self.reload()
            return
        errors = [f for f in findings if f.is_error]
        if errors:
            open_message(self, QMessageBox.Icon.Warning, self.tr("Không thể hủy mũi tiêm"),
                         "\n".join(shown(f.msg) for f in errors), name="voidRefused")  # fmt: skip
            return
        self._saved()

    @Slot()
    def _saved(self) -> None:
        self.reload()
        self.changed.emit()
