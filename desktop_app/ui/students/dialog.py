"""Add or edit one student and their need: the needs template's columns as a form.

The form passes what the clerk typed (texts and code-list labels) to ``save_student``, which parses
them with the importer's own rules, so the form and an Excel import refuse the same values with the
same sentence. Each message is shown under its field: red blocks saving, amber does not.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

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
from desktop_app.ui.common.template_form import (
    ERROR_COLOR,
    MESSAGE_STYLE,
    WARNING_COLOR,
    TemplateForm,
    field_input,
    fit_height,
    required_note,
)
from desktop_app.ui.students.returned import returned_need_box

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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        # The district returned the current need: its comment, its day, what to do.
        self.returned_box = returned_need_box(db, student_id)
        if self.returned_box is not None:
            layout.addWidget(self.returned_box)
        layout.addLayout(boxes)
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
