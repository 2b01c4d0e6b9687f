"""One dose of one student, added or corrected: dose number, date (dd/mm/yyyy), vaccine, place,
lot, facility, note.

"Lưu" asks the core first (``check_doses`` / ``check_correction``) and shows each finding under
its field: an error (red) blocks saving, a warning (amber, e.g. mixed vaccines) asks the clerk to
confirm. Only then is the dose recorded, in one transaction; nothing is saved on error.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.errors import SongMayError
from desktop_app.core.rules.findings import Finding
from desktop_app.core.rules.vaccinations import (
    AT_SCHOOL,
    MAX_DOSE,
    VaccinationEvent,
    place_list,
    vaccine_list,
)
from desktop_app.core.templates.cells import Invalid, parse_date
from desktop_app.core.vaccinations.checks import DoseRequest
from desktop_app.core.vaccinations.service import (
    check_correction,
    check_doses,
    correct_dose,
    record_doses,
)
from desktop_app.ui.common.errors import show_error
from desktop_app.ui.common.list_page import ask_confirmation
from desktop_app.ui.common.template_form import MESSAGE_STYLE
from desktop_app.ui.common.text import code_label, day, shown

FIELDS = ("dose_no", "vaccinated_on", "vaccine", "place", "lot_no", "facility", "note")


def vaccine_combo() -> QComboBox:
    """The vaccines of the code list, in the interface's language, each holding its code."""
    combo = QComboBox()
    combo.setObjectName("vaccineCombo")
    for code in vaccine_list().codes:
        combo.addItem(code_label("vaccine", code), code)
    return combo


def place_combo() -> QComboBox:
    combo = QComboBox()
    combo.setObjectName("placeCombo")
    for code in place_list().codes:
        combo.addItem(code_label("vaccination_place", code), code)
    combo.setCurrentIndex(max(combo.findData(AT_SCHOOL), 0))
    return combo


def choose_code(combo: QComboBox, code: str | None) -> None:
    index = combo.findData(code) if code else -1
    if index >= 0:
        combo.setCurrentIndex(index)


class DoseDialog(QDialog):
    """``DoseDialog(db, student_id, code, next_dose=n)`` adds dose n (the number can be changed);
    with ``event`` it corrects that current dose. ``saved`` is emitted once the dose is stored,
    just before the dialog closes."""

    saved = Signal()

    def __init__(
        self,
        db: Database,
        student_code: str,
        *,
        next_dose: int = 1,
        event: VaccinationEvent | None = None,
        last_vaccine: str | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("doseDialog")
        self.setStyleSheet(MESSAGE_STYLE)
        self._db = db
        self._code = student_code
        self._event = event
        self._today = today
        self.confirmed_warnings = False
        self.setWindowTitle(
            self.tr("Sửa mũi tiêm {dose}").format(dose=event.dose_no)
            if event is not None
            else self.tr("Thêm mũi tiêm")
        )

        self.dose_no = QSpinBox()
        self.dose_no.setObjectName("doseNo")
        self.dose_no.setRange(1, MAX_DOSE)
        self.vaccinated_on = QLineEdit()
        self.vaccinated_on.setObjectName("vaccinatedOn")
        self.vaccinated_on.setPlaceholderText(self.tr("dd/mm/yyyy, ví dụ 15/10/2021"))
        self.vaccine = vaccine_combo()
        self.place = place_combo()
        self.lot_no = QLineEdit()
        self.lot_no.setObjectName("lotNo")
        self.facility = QLineEdit()
        self.facility.setObjectName("facility")
        self.facility.setPlaceholderText(self.tr("Ví dụ: Trạm Y tế xã Ea Tu"))
        self.note = QLineEdit()
        self.note.setObjectName("doseNote")
        if event is not None:
            self.dose_no.setValue(event.dose_no)
            self.vaccinated_on.setText(day(event.vaccinated_on))
            choose_code(self.vaccine, event.vaccine)
            choose_code(self.place, event.place)
            self.lot_no.setText(event.lot_no or "")
            self.facility.setText(event.facility or "")
            self.note.setText(event.note or "")
        else:
            self.dose_no.setValue(min(max(next_dose, 1), MAX_DOSE))
            choose_code(self.vaccine, last_vaccine)
        self.inputs: dict[str, QWidget] = {
            "dose_no": self.dose_no, "vaccinated_on": self.vaccinated_on,
            "vaccine": self.vaccine, "place": self.place, "lot_no": self.lot_no,
            "facility": self.facility, "note": self.note,
        }  # fmt: skip
        titles = {
            "dose_no": self.tr("Mũi thứ (*)"), "vaccinated_on": self.tr("Ngày tiêm (*)"),
            "vaccine": self.tr("Vắc-xin (*)"), "place": self.tr("Nơi tiêm (*)"),
            "lot_no": self.tr("Số lô"), "facility": self.tr("Cơ sở tiêm"),
            "note": self.tr("Ghi chú"),
        }  # fmt: skip
        self.messages: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(2)
        for row, name in enumerate(FIELDS):
            grid.addWidget(QLabel(titles[name]), row * 2, 0)
            grid.addWidget(self.inputs[name], row * 2, 1)
            message = QLabel()
            message.setObjectName("fieldError")
            message.setWordWrap(True)
            message.hide()
            grid.addWidget(message, row * 2 + 1, 1)
            self.messages[name] = message
        self.form_error = QLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setWordWrap(True)
        self.form_error.hide()

        self.save_button = QPushButton(self.tr("Lưu"))
        self.save_button.setDefault(True)
        cancel = QPushButton(self.tr("Hủy"))
        cancel.setAutoDefault(False)
        buttons = QDialogButtonBox()
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.form_error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.vaccinated_on.setFocus()

    # --- reading the form ------------------------------------------------------------------------

    def request(self) -> DoseRequest | None:
        """The dose as typed, or None when the date cannot be read (said under it)."""
        typed = self.vaccinated_on.text().strip()
        try:
            when = parse_date(typed)
        except Invalid:
            when = None
        if when is None:
            text = (
                self.tr('"{value}" không phải là ngày hợp lệ. Hãy nhập ngày/tháng/năm, ví dụ '
                        "15/10/2021.").format(value=typed)
                if typed else self.tr("Hãy nhập ngày tiêm (ngày/tháng/năm).")
            )  # fmt: skip
            self._show_text("vaccinated_on", text, error=True)
            return None
        return DoseRequest(
            self._code, self.dose_no.value(), when, self.vaccine.currentData(),
            self.place.currentData(), self.lot_no.text().strip() or None,
            self.facility.text().strip() or None, self.note.text().strip() or None,
        )  # fmt: skip

    # --- saving ----------------------------------------------------------------------------------

    @Slot()
    def save(self) -> None:
        self.clear_messages()
        request = self.request()
        if request is None:
            return
        today = self._today or date.today()
        try:
            findings = self._check(request, today)
            if any(f.is_error for f in findings):
                self.show_findings(findings)
                return
            warnings = [f for f in findings if not f.is_error]
            if warnings:
                self.show_findings(warnings)
                question = "\n\n".join(shown(f.msg) for f in warnings)
                question += "\n\n" + self.tr("Vẫn lưu mũi tiêm này?")
                if not ask_confirmation(self, self.tr("Kiểm tra lại mũi tiêm"), question,
                                        self.tr("Vẫn lưu")):  # fmt: skip
                    return
                self.confirmed_warnings = True
            findings = self._record(request, today)
        except SongMayError as exc:  # the dose was corrected meanwhile, the file is locked
            show_error(exc, self)
            return
        if findings is not None:  # the data changed between the check and the save
            self.show_findings(findings)
            return
        self.saved.emit()
        self.accept()

    def _check(self, request: DoseRequest, today: date) -> list[Finding]:
        if self._event is not None:
            return check_correction(self._db, self._event.id, request, today=today).findings
        return check_doses(self._db, [request], today=today)[0].findings

    def _record(self, request: DoseRequest, today: date) -> list[Finding] | None:
        """Store the dose; the findings when it was refused after all, else None."""
        if self._event is not None:
            decision = correct_dose(self._db, self._event.id, request, today=today)
            return None if decision.ok else decision.findings
        recorded = record_doses(self._db, [request], today=today)
        return None if recorded.saved else recorded.decisions[0].findings

    # --- messages --------------------------------------------------------------------------------

    def clear_messages(self) -> None:
        for label in (*self.messages.values(), self.form_error):
            label.clear()
            label.hide()

    def show_findings(self, findings: list[Finding]) -> None:
        """Each finding under its field (red: error, amber: warning); others above the buttons."""
        for finding in findings:
            self._show_text(finding.field, shown(finding.msg), error=finding.is_error)

    def _show_text(self, field: str, text: str, *, error: bool) -> None:
        label = self.messages.get(field, self.form_error)
        if label is not self.form_error:
            label.setObjectName("fieldError" if error else "fieldWarning")
            label.setStyleSheet(MESSAGE_STYLE)  # the new name's colour
        label.setText(f"{label.text()}\n{text}" if label.text() else text)
        label.show()
        self.adjustSize()

    def field_message(self, field: str) -> str:
        return self.messages[field].text() if field in self.messages else self.form_error.text()
