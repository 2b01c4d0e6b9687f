"""What every line of one recording shares, above the proposal: the handover date, who of the
school hands the devices over, and their position (the principal signs as "Hiệu trưởng")."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.locale import fmt_date
from desktop_app.core.messages import Msg
from desktop_app.core.proposal_edits import BatchDetails
from desktop_app.core.school import load_school
from desktop_app.core.templates.cells import Invalid, parse_date
from desktop_app.ui.common.template_form import ERROR_COLOR
from desktop_app.ui.common.text import shown

_CONTEXT = "HandoverPage"  # the words were the page's, and their translations stay with it


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


# The principal's position as the minutes print it: words of the Vietnamese document, not of the
# interface, so it is not translated.
PRINCIPAL_POSITION = "Hiệu trưởng"


class BatchBar(QWidget):
    def __init__(self, db: Database, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._principal = ""
        self.date_edit = QLineEdit(fmt_date(today))
        self.date_edit.setObjectName("handoverDate")
        self.date_edit.setPlaceholderText(_tr("dd/mm/yyyy"))
        self.date_edit.setToolTip(
            _tr("Ngày bàn giao ghi cho mọi dòng: không trước ngày tiếp nhận, không sau hôm nay")
        )
        self.date_edit.setMaximumWidth(
            self.date_edit.fontMetrics().horizontalAdvance("00/00/00000") + 24
        )
        self.date_error = QLabel()
        self.date_error.setObjectName("handoverDateError")
        self.date_error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.date_error.setWordWrap(True)
        self.date_error.hide()
        self.handed_by = QComboBox()
        self.handed_by.setObjectName("handedBy")
        self.handed_by.setEditable(True)
        self.handed_by.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.handed_by.setMinimumWidth(200)
        self.handed_by.lineEdit().setPlaceholderText(_tr("Họ tên người bàn giao"))
        self.handed_by.setToolTip(_tr("Người của nhà trường ký bên giao trong biên bản"))
        self.position = QLineEdit()
        self.position.setObjectName("handedByPosition")
        self.position.setPlaceholderText(_tr("Chức vụ"))
        self.position.setMaximumWidth(180)

        outer = QVBoxLayout(self)  # the row of inputs, the date's message under it, full width
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        self._row = QHBoxLayout()
        self._row.setSpacing(8)
        outer.addLayout(self._row)
        outer.addWidget(self.date_error)
        for label_text, widget in (
            (_tr("Ngày bàn giao"), self.date_edit),
            (_tr("Người bàn giao"), self.handed_by),
            (_tr("Chức vụ"), self.position),
        ):
            label = QLabel(label_text)
            label.setBuddy(widget)
            self._row.addWidget(label)
            self._row.addWidget(widget)
            self._row.addSpacing(10)
        self._row.addStretch(1)
        self.handed_by.currentTextChanged.connect(self._handed_by_changed)
        self.date_edit.textEdited.connect(self.date_error.hide)

    def add_buttons(self, *buttons: QPushButton) -> None:
        for button in buttons:
            button.setAutoDefault(False)
            self._row.addWidget(button)

    def details(self, day: date | None = None) -> BatchDetails | None:
        """The date (``day``, else the typed one), who hands the devices over, their position.
        None (and the date's problem said beside it) when the typed date cannot be read."""
        if day is None:
            text = self.date_edit.text().strip()
            try:
                day = parse_date(text) if text else None
            except Invalid as exc:
                self.show_date_message(shown(Msg(exc.message_id, exc.params)))
                return None
            if day is None:
                self.show_date_message(_tr("Hãy nhập ngày bàn giao."))
                return None
        return BatchDetails(
            handover_date=day,
            handed_by=self.handed_by.currentText().strip(),
            handed_by_position=self.position.text().strip(),
        )

    def show_date_message(self, text: str) -> None:
        self.date_error.setText(text)
        self.date_error.setVisible(bool(text))

    def load_school_people(self) -> None:
        """The principal (the default giver) and the clerk, from the school profile."""
        school = load_school(self._db)
        self._principal = (school.principal or "").strip()
        typed = self.handed_by.currentText().strip()
        people = [p for p in dict.fromkeys([self._principal, (school.clerk or "").strip()]) if p]
        self.handed_by.blockSignals(True)
        self.handed_by.clear()
        self.handed_by.addItems(people)
        self.handed_by.setEditText(typed or self._principal)
        self.handed_by.blockSignals(False)
        self._handed_by_changed(self.handed_by.currentText())

    @Slot(str)
    def _handed_by_changed(self, text: str) -> None:
        """The principal signs as "Hiệu trưởng"; another person's position is typed."""
        position = self.position.text().strip()
        if self._principal and text.strip() == self._principal:
            if not position:
                self.position.setText(PRINCIPAL_POSITION)
        elif position == PRINCIPAL_POSITION:
            self.position.clear()
