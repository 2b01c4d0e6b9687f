"""A form of the Bàn giao dialogs (receiver, return): a label and an input per field, the
service's messages right under the input (red blocks saving, amber does not), as the template
forms show them (``desktop_app.ui.common.template_form``) for forms that are no template's row."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.core.forms import FormResult
from desktop_app.ui.common.template_form import (
    FlaggedMessages,
    general_errors,
    show_field_messages,
)

FieldInput = QLineEdit | QComboBox


class FieldGrid(FlaggedMessages):
    """Fields in a two-column grid (label, input), each with its messages under the input;
    messages about no field shown here go to ``form_error`` (the dialog places it)."""

    def __init__(self, *, input_width: int = 300) -> None:
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 1)
        self.inputs: dict[str, FieldInput] = {}
        self.labels: dict[str, QLabel] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.warning_labels: dict[str, QLabel] = {}
        self._messages: dict[str, QWidget] = {}
        self._input_width = input_width
        self._rows = 0
        self.form_error = QLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setWordWrap(True)
        self.form_error.setTextFormat(Qt.TextFormat.PlainText)
        self.form_error.hide()

    def add(self, name: str, label_text: str, widget: FieldInput, *, tip: str = "") -> QLabel:
        label = QLabel(label_text)
        label.setBuddy(widget)
        widget.setObjectName(f"field_{name}")
        widget.setMinimumWidth(self._input_width)
        if tip:
            label.setToolTip(tip)
            widget.setToolTip(tip)
        row = self._rows
        self.grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignVCenter)
        self.grid.addWidget(widget, row, 1)
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
        self.grid.addWidget(messages, row + 1, 1)
        self._rows += 2
        self.inputs[name] = widget
        self.labels[name] = label
        self.error_labels[name] = error
        self.warning_labels[name] = warning
        self._messages[name] = messages
        return label

    def add_widget(self, widget: QWidget) -> None:
        """A line across the input column (a note about the field above)."""
        self.grid.addWidget(widget, self._rows, 1)
        self._rows += 1

    def show_messages(self, result: FormResult, *, ignore: Iterable[str] = ()) -> None:
        """Each field's messages under it; the other errors, except those about the fields in
        ``ignore`` (shown elsewhere), in ``form_error``."""
        for name, messages in self._messages.items():
            labels = (self.error_labels[name], self.warning_labels[name])
            show_field_messages(name, result, labels, messages)
        general = general_errors(result, self._messages, ignore)
        self.form_error.setText(general)
        self.form_error.setVisible(bool(general))

    def values(self) -> dict[str, str]:
        """What the inputs hold: texts, a choice's data."""
        return {
            name: str(widget.currentData() or "")
            if isinstance(widget, QComboBox)
            else widget.text()
            for name, widget in self.inputs.items()
        }

    def focus_first_error(self, result: FormResult) -> None:
        first = next((n for n in self.inputs if n in result.errors), None)
        if first is None:
            return
        widget = self.inputs[first]
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        line = widget.lineEdit() if isinstance(widget, QComboBox) else widget
        if line is not None:
            line.selectAll()
