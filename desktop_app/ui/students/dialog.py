"""Add or edit one student and their need: the needs template's columns as a form.

The form passes what the clerk typed (texts and code-list labels) to ``save_student``, which parses
them with the importer's own rules, so the form and an Excel import refuse the same values with the
same sentence. Each message is shown under its field: red blocks saving, amber does not.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.consent import Consent, load_consent, record_consent, withdraw_consent
from desktop_app.core.errors import SongMayError
from desktop_app.core.forms import FormResult
from desktop_app.core.students import (
    FORM_FIELDS,
    check_student_form,
    load_student_form,
    save_student,
)
from desktop_app.core.templates.spec import load_codelists, load_template
from desktop_app.ui.common.discard import AsksBeforeDiscarding
from desktop_app.ui.common.errors import show_error
from desktop_app.ui.common.list_page import ask_confirmation
from desktop_app.ui.common.template_form import (
    ERROR_COLOR,
    MESSAGE_STYLE,
    WARNING_COLOR,
    TemplateForm,
    field_input,
    fit_height,
    required_note,
)
from desktop_app.ui.common.text import code_label, day, shown
from desktop_app.ui.students.returned import returned_need_box
from desktop_app.ui.vaccinations.history import VaccinationTab

__all__ = ["ERROR_COLOR", "NEED_FIELDS", "WARNING_COLOR", "StudentDialog"]

# Which box a field goes in (layout only; every field of the template is shown either way).
NEED_FIELDS = frozenset(
    {"category", "poverty_cert_no", "has_device", "borrowing_device", "requested_device", "note"}
)


class StudentDialog(AsksBeforeDiscarding, QDialog):
    """``StudentDialog(db)`` adds a student; ``StudentDialog(db, student_id)`` edits one.

    Raises ``SongMayError`` when the student to edit no longer exists. ``saved`` carries the
    service's ``FormResult`` (the id, and warnings that did not block) just before the dialog
    closes with ``accept()``. A field's message follows the clerk's edits; closing with changes
    asks first (``AsksBeforeDiscarding``).
    """

    saved = Signal(object)
    consentChanged = Signal()  # a consent was recorded or withdrawn (saved at once)
    vaccinationsChanged = Signal()  # a dose was added, corrected or cancelled (saved at once)

    def __init__(
        self,
        db: Database,
        student_id: str | None = None,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._student_id = student_id
        self._today = today
        self.saved_student_id: str | None = None
        self.outcome: FormResult | None = None
        self.form = TemplateForm(input_width=230)
        self.inputs = self.form.inputs
        self.error_labels = self.form.error_labels
        self.warning_labels = self.form.warning_labels
        self.form_error = self.form.form_error

        values: dict[str, str] = load_student_form(db, student_id) if student_id else {}
        self.setObjectName("studentDialog")
        self.setWindowTitle(
            self.tr("Sửa thông tin học sinh — {name}").format(name=values.get("full_name", ""))
            if student_id
            else self.tr("Thêm học sinh")
        )
        self.setStyleSheet(MESSAGE_STYLE)

        spec = load_template("needs")
        codelists = load_codelists()
        student_box = QGroupBox(self.tr("Thông tin học sinh"))
        need_box = QGroupBox(self.tr("Nhu cầu hỗ trợ thiết bị"))
        student_grid, need_grid = QGridLayout(student_box), QGridLayout(need_box)
        for grid in (student_grid, need_grid):
            grid.setColumnStretch(1, 1)
            grid.setHorizontalSpacing(10)
            grid.setVerticalSpacing(4)
        for name in FORM_FIELDS:
            column = spec.column(name)
            grid = need_grid if name in NEED_FIELDS else student_grid
            widget = field_input(
                column, codelists, values.get(name) or "", date_example="05/09/2012"
            )
            label = self.form.add(grid, grid.rowCount(), 0, column, widget)
            label.setWordWrap(True)  # long headers: two lines in a narrow column
            label.setMinimumWidth(150)
            label.setMaximumWidth(200)
        for grid in (student_grid, need_grid):
            grid.setRowStretch(grid.rowCount(), 1)

        note = required_note()

        self.save_button = QPushButton(self.tr("Lưu"))
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Hủy"))
        self.cancel_button.setAutoDefault(False)
        buttons = QDialogButtonBox()
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        # Lưu saves first and closes only when the service accepted the values.
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

        boxes = QHBoxLayout()
        boxes.setSpacing(12)
        boxes.addWidget(student_box, 11)
        boxes.addWidget(need_box, 10)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 14, 16, 12)
        outer.setSpacing(10)
        # The student and their need on the first tab, their vaccine doses on the second.
        details = QWidget()
        layout = QVBoxLayout(details)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(10)
        # The district returned the current need: its comment, its day, what to do.
        self.returned_box = returned_need_box(db, student_id)
        if self.returned_box is not None:
            layout.addWidget(self.returned_box)
        layout.addLayout(boxes)
        self.consent_box: QGroupBox | None = None
        if student_id is not None:  # a parent's consent is recorded on a saved student
            layout.addWidget(self._consent_box(student_id))
        self.vaccinations = VaccinationTab(db, student_id, values.get("student_code", ""),
                                           today=today)  # fmt: skip
        self.vaccinations.changed.connect(self.vaccinationsChanged)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("studentTabs")
        self.tabs.addTab(details, self.tr("Thông tin và nhu cầu"))
        self.tabs.addTab(self.vaccinations, self.tr("Tiêm vắc-xin"))
        outer.addWidget(self.tabs, 1)
        layout = outer
        layout.addWidget(self.form_error)
        bottom = QHBoxLayout()
        bottom.addWidget(note, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.inputs["student_code" if student_id is None else "full_name"].setFocus()
        if student_id is not None:  # what is wrong with the stored data, before any change
            _, current = check_student_form(db, values, student_id=student_id, today=today)
            self.show_messages(current)
        self.form.recheck_on_edit(
            lambda typed: check_student_form(db, typed, student_id=student_id, today=today)[1],
            after=lambda: fit_height(self, shrink=True),
        )

    def show_vaccinations(self) -> None:
        """Open on the "Tiêm vắc-xin" tab (a double-click on the vaccination page)."""
        self.tabs.setCurrentWidget(self.vaccinations)

    # --- a parent's consent ------------------------------------------------------------------------

    def _consent_box(self, student_id: str) -> QGroupBox:
        """Recorded or withdrawn at once, on its own (one journaled change each), not with Lưu."""
        box = QGroupBox(self.tr("Đồng ý của CMHS"))
        box.setObjectName("consentBox")
        self.consent_box = box
        self.consent_date = QLineEdit()
        self.consent_date.setObjectName("consentDate")
        self.consent_date.setPlaceholderText("15/09/2025")
        self.consent_method = QComboBox()
        self.consent_method.setObjectName("consentMethod")
        for code in load_codelists()["consent_method"].codes:
            self.consent_method.addItem(code_label("consent_method", code), code)
        self.consent_ref = QLineEdit()
        self.consent_ref.setObjectName("consentRef")
        self.consent_state = QLabel()
        self.consent_state.setObjectName("consentState")
        self.consent_state.setWordWrap(True)
        self.consent_error = QLabel()
        self.consent_error.setObjectName("consentError")
        self.consent_error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.consent_error.setWordWrap(True)
        self.consent_error.hide()
        self.record_consent_button = QPushButton(self.tr("Ghi nhận"))
        self.record_consent_button.setObjectName("recordConsent")
        self.record_consent_button.setAutoDefault(False)
        self.withdraw_consent_button = QPushButton(self.tr("Rút lại"))
        self.withdraw_consent_button.setObjectName("withdrawConsent")
        self.withdraw_consent_button.setAutoDefault(False)
        grid = QGridLayout(box)
        grid.addWidget(QLabel(self.tr("Ngày đồng ý")), 0, 0)
        grid.addWidget(self.consent_date, 0, 1)
        grid.addWidget(QLabel(self.tr("Hình thức")), 0, 2)
        grid.addWidget(self.consent_method, 0, 3)
        grid.addWidget(QLabel(self.tr("Số phiếu")), 0, 4)
        grid.addWidget(self.consent_ref, 0, 5)
        grid.addWidget(self.record_consent_button, 0, 6)
        grid.addWidget(self.withdraw_consent_button, 0, 7)
        grid.addWidget(self.consent_state, 1, 0, 1, 8)
        grid.addWidget(self.consent_error, 2, 0, 1, 8)
        self.record_consent_button.clicked.connect(self.record_consent)
        self.withdraw_consent_button.clicked.connect(self.withdraw_consent)
        self._show_consent(load_consent(self._db, student_id))
        return box

    def _show_consent(self, consent: Consent) -> None:
        if consent.given and consent.date is not None:
            self.consent_date.setText(day(consent.date))
            index = self.consent_method.findData(consent.method)
            self.consent_method.setCurrentIndex(max(index, 0))
            self.consent_ref.setText(consent.ref or "")
            self.consent_state.setText(
                self.tr("Đã ghi nhận đồng ý ngày {date} (người ghi: {who}).").format(
                    date=day(consent.date), who=consent.recorded_by or "—"
                )
            )
        else:
            self.consent_state.setText(
                self.tr(
                    "Chưa có đồng ý của cha mẹ/người giám hộ: dữ liệu cá nhân của em chưa được "
                    "gửi đi."
                )
            )
        self.withdraw_consent_button.setEnabled(consent.given)

    @Slot()
    def record_consent(self) -> None:
        from desktop_app.core.templates.cells import Invalid, parse_date

        assert self._student_id is not None
        self.consent_error.hide()
        typed = self.consent_date.text().strip()
        try:
            when = parse_date(typed)
        except Invalid:
            self.consent_error.setText(
                self.tr(
                    '"{value}" không phải là ngày hợp lệ. Hãy nhập ngày/tháng/năm, ví dụ '
                    "15/09/2025."
                ).format(value=typed)
            )
            self.consent_error.show()
            return
        try:
            consent = record_consent(
                self._db,
                self._student_id,
                on=when,
                method=self.consent_method.currentData(),
                ref=self.consent_ref.text(),
                today=self._today,
            )
        except SongMayError as exc:
            self.consent_error.setText(shown(exc.msg or exc.message))
            self.consent_error.show()
            return
        self._show_consent(consent)
        self.consentChanged.emit()

    @Slot()
    def withdraw_consent(self) -> None:
        assert self._student_id is not None
        question = self.tr(
            "Cha mẹ/người giám hộ rút lại đồng ý? Ngày, hình thức và số phiếu sẽ bị xóa; "
            "nhật ký vẫn giữ lịch sử."
        )
        if not ask_confirmation(self, self.tr("Rút lại đồng ý"), question, self.tr("Rút lại")):
            return
        try:
            withdraw_consent(self._db, self._student_id)
        except SongMayError as exc:
            show_error(exc, self)
            return
        self.consent_date.clear()
        self.consent_ref.clear()
        self._show_consent(load_consent(self._db, self._student_id))
        self.consentChanged.emit()

    # --- saving ----------------------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        """The form as the clerk filled it in: texts and code-list labels, parsed by the service."""
        return self.form.values()

    def form_state(self) -> object:
        return self.values()

    @Slot()
    def save(self) -> None:
        try:
            result = save_student(
                self._db, self.values(), student_id=self._student_id, today=self._today
            )
        except SongMayError as exc:  # the file is locked, the disk is full, the student was deleted
            show_error(exc, self)
            return
        self.outcome = result
        self.show_messages(result)
        if result.ok:
            self.saved_student_id = result.record_id
            self.saved.emit(result)
            self.accept()

    def show_messages(self, result: FormResult) -> None:
        """Each message under its field; red for errors, amber for warnings; the first error
        gets the focus."""
        self.form.show_messages(result)
        fit_height(self)
        self.form.focus_first_error(result)
