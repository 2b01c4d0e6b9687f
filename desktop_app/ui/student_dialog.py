"""Add or edit one student and their need: the needs template's columns as a form.

The form passes what the clerk typed (texts and code-list labels) to ``save_student``, which parses
them with the importer's own rules, so the form and an Excel import refuse the same values with the
same sentence. Each message is shown under its field: red blocks saving, amber does not.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal, Slot
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
from desktop_app.core.templates.spec import CodeList, Column, load_codelists, load_template
from desktop_app.ui.errors import show_error

# Which box a field goes in (layout only; every field of the template is shown either way).
NEED_FIELDS = frozenset(
    {"category", "poverty_cert_no", "has_device", "borrowing_device", "requested_device", "note"}
)
ERROR_COLOR = "#b3261e"
WARNING_COLOR = "#8a5300"

FieldInput = QLineEdit | QComboBox


class StudentDialog(QDialog):
    """``StudentDialog(db)`` adds a student; ``StudentDialog(db, student_id)`` edits one.

    Raises ``SongMayError`` when the student to edit no longer exists. ``saved`` carries the
    service's ``FormResult`` (the id, and warnings that did not block) just before the dialog
    closes with ``accept()``.
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
        self.inputs: dict[str, FieldInput] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.warning_labels: dict[str, QLabel] = {}
        self._messages: dict[str, QWidget] = {}

        values: dict[str, str] = load_student_form(db, student_id) if student_id else {}
        self.setObjectName("studentDialog")
        self.setWindowTitle(
            self.tr("Sửa thông tin học sinh — {name}").format(name=values.get("full_name", ""))
            if student_id
            else self.tr("Thêm học sinh")
        )
        self.setStyleSheet(
            f"QLabel#fieldError {{ color: {ERROR_COLOR}; }}"
            f"QLabel#fieldWarning {{ color: {WARNING_COLOR}; }}"
            f"QLabel#formError {{ color: {ERROR_COLOR}; font-weight: bold; }}"
        )

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
            self._add_field(grid, column, codelists, values.get(name) or "")
        for grid in (student_grid, need_grid):
            grid.setRowStretch(grid.rowCount(), 1)

        self.form_error = QLabel()  # messages the service gives for no particular field
        self.form_error.setObjectName("formError")
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        note = QLabel(self.tr("Các ô có dấu (*) là bắt buộc. Ngày viết theo ngày/tháng/năm."))
        note.setEnabled(False)

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

    # --- building --------------------------------------------------------------------------------

    def _add_field(
        self, grid: QGridLayout, column: Column, codelists: dict[str, CodeList], value: str
    ) -> None:
        row = grid.rowCount()
        label = QLabel(column.display_header)
        label.setWordWrap(True)
        label.setMinimumWidth(150)
        label.setMaximumWidth(200)
        if column.help:
            label.setToolTip(column.help)
        widget: FieldInput
        if column.codelist or column.type == "bool":
            codes = codelists[column.codelist or "yes_no"]
            widget = self._combo(column, codes, value)
        else:
            widget = QLineEdit(value)
            if column.type == "date":
                widget.setPlaceholderText(self.tr("dd/mm/yyyy, ví dụ {example}").format(
                    example=column.example or "05/09/2012"))  # fmt: skip
            elif column.example:
                widget.setPlaceholderText(self.tr("Ví dụ: {example}").format(
                    example=column.example))  # fmt: skip
        widget.setObjectName(f"field_{column.field}")
        widget.setMinimumWidth(230)
        widget.setToolTip(column.help)
        label.setBuddy(widget)
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(widget, row, 1)

        error, warning = QLabel(), QLabel()
        error.setObjectName("fieldError")
        warning.setObjectName("fieldWarning")
        messages = QWidget()
        box = QVBoxLayout(messages)
        box.setContentsMargins(0, 0, 0, 4)
        box.setSpacing(2)
        for message in (error, warning):
            message.setWordWrap(True)
            message.setTextFormat(Qt.TextFormat.PlainText)
            message.hide()
            box.addWidget(message)
        messages.hide()
        grid.addWidget(messages, row + 1, 1)
        self.inputs[column.field] = widget
        self.error_labels[column.field] = error
        self.warning_labels[column.field] = warning
        self._messages[column.field] = messages

    def _combo(self, column: Column, codes: CodeList, value: str) -> QComboBox:
        """The code list's labels; a new student starts on the template's default, or on no
        choice at all (a required choice the clerk must make, not a guess)."""
        combo = QComboBox()
        combo.setMaxVisibleItems(15)
        if not column.required:
            combo.addItem("")  # an optional choice can be taken back
        combo.addItems(codes.labels)
        if not value:
            default = column.default or ("0" if column.type == "bool" else None)
            value = codes.label(default) if default else ""
        index = combo.findText(value) if value else -1
        if index < 0:
            combo.setPlaceholderText(self.tr("— Chọn —"))
        combo.setCurrentIndex(index)
        return combo

    # --- saving ----------------------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        """The form as the clerk filled it in: texts and code-list labels, parsed by the service."""
        values: dict[str, str] = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, QComboBox):
                values[name] = widget.currentText() if widget.currentIndex() >= 0 else ""
            else:
                values[name] = widget.text()
        return values

    def _fit_height(self) -> None:
        """Grow to show every message: a top-level window does not follow its wrapped labels'
        height-for-width by itself."""
        layout = self.layout()
        if not self.isVisible():
            return  # the first show sizes the dialog from its layout
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        needed = max(needed, layout.totalSizeHint().height())
        if needed > self.height():
            self.resize(self.width(), needed)

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
        general: list[str] = []
        for name, messages in self._messages.items():
            error = "\n".join(result.errors.get(name, []))
            warning = "\n".join(result.warnings.get(name, []))
            self.error_labels[name].setText(error)
            self.error_labels[name].setVisible(bool(error))
            self.warning_labels[name].setText(warning)
            self.warning_labels[name].setVisible(bool(warning))
            messages.setVisible(bool(error or warning))
        for name, texts in result.errors.items():
            if name not in self._messages:
                general += texts
        self.form_error.setText("\n".join(general))
        self.form_error.setVisible(bool(general))
        self._fit_height()
        first = next((n for n in self.inputs if n in result.errors), None)
        if first is not None:
            widget = self.inputs[first]
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(widget, QLineEdit):
                widget.selectAll()
