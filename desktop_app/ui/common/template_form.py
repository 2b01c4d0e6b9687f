"""A form made from an Excel template's columns, as the student and device dialogs show it.

Each field gets its column's name as label ("(*)" when required) and an input: a code list as a
combo box that starts on "— Chọn —" when the clerk must choose, anything else as a line with the
template's example. Under each input go the service's messages for it: red blocks saving, amber
does not. The dialogs decide where each field goes; ``TemplateForm`` keeps the inputs and their
messages by field name.

Messages follow the clerk: with ``recheck_on_edit`` every edit checks the form again, and a field
whose error is shown shows the new check's verdict at once (its message goes as soon as the
field is valid); a field with no message yet gets one only when the clerk saves.

The form speaks the interface's language (the column's English name, help and example; a code
list's English labels) but hands the service the values an Excel file would hold: each combo
item carries the list's own label as its data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import SongMayError
from desktop_app.core.forms import FormResult
from desktop_app.core.templates.spec import CodeList, Column
from desktop_app.ui.common.text import language, shown

ERROR_COLOR = "#b3261e"
WARNING_COLOR = "#8a5300"
MESSAGE_STYLE = (
    f"QLabel#fieldError {{ color: {ERROR_COLOR}; }}"
    f"QLabel#fieldWarning {{ color: {WARNING_COLOR}; }}"
    f"QLabel#formError {{ color: {ERROR_COLOR}; font-weight: bold; }}"
)

FieldInput = QLineEdit | QComboBox
STORED_VALUE = "storedValue"  # a read-only line's value as the files write it (it shows another)

_CONTEXT = "TemplateForm"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def text_input(column: Column, value: str, *, date_example: str) -> QLineEdit:
    """A line for a text, a number or a date, with the template's example as placeholder."""
    line = QLineEdit(value)
    example = column.example_text(language())
    if column.type == "date":
        line.setPlaceholderText(
            _tr("dd/mm/yyyy, ví dụ {example}").format(example=example or date_example)
        )
    elif example:
        line.setPlaceholderText(_tr("Ví dụ: {example}").format(example=example))
    return line


def shown_value(column: Column, codelists: dict[str, CodeList], value: str) -> str:
    """A stored value as the form shows it: a code list's label in the interface's language."""
    if not value or not (column.codelist or column.type == "bool"):
        return value
    codes = codelists[column.codelist or "yes_no"]
    code = codes.match(value)
    return codes.display(code, language()) if code is not None else value


def choice_input(column: Column, codes: CodeList, value: str) -> QComboBox:
    """The code list's labels in the interface's language, each holding the list's own label as
    its data; on ``value`` (see ``choose``)."""
    combo = QComboBox()
    combo.setMaxVisibleItems(15)
    if not column.required:
        combo.addItem("", "")  # an optional choice can be taken back
    lang = language()
    for code, label in codes.items:
        combo.addItem(codes.display(code, lang), label)
    choose(combo, column, codes, value)
    return combo


def choose(combo: QComboBox, column: Column, codes: CodeList, value: str) -> None:
    """Show ``value`` (a label as the files write it); without one, the template's default, or
    no choice at all (a required choice the clerk must make, not a guess)."""
    if not value:
        default = column.default or ("0" if column.type == "bool" else None)
        value = codes.label(default) if default else ""
    index = combo.findData(value) if value else -1
    if index < 0:
        combo.setPlaceholderText(_tr("— Chọn —"))
    combo.setCurrentIndex(index)


def field_input(
    column: Column, codelists: dict[str, CodeList], value: str, *, date_example: str
) -> FieldInput:
    """The input a column asks for: a code list (yes/no for a bool) or a line."""
    if column.codelist or column.type == "bool":
        return choice_input(column, codelists[column.codelist or "yes_no"], value)
    return text_input(column, value, date_example=date_example)


def required_note() -> QLabel:
    """The greyed line beside the buttons that explains "(*)" and the date format."""
    note = QLabel(_tr("Các ô có dấu (*) là bắt buộc. Ngày viết theo ngày/tháng/năm."))
    note.setEnabled(False)
    return note


def with_warnings(text: str, result: FormResult | None) -> tuple[str, bool]:
    """``text`` followed by the warnings that did not block the save, and whether there were
    any (the caller shows them in amber)."""
    warnings = [shown(m) for ms in (result.warnings.values() if result else []) for m in ms]
    if warnings:
        text += " " + _tr("Lưu ý: {warnings}").format(warnings=" ".join(warnings))
    return text, bool(warnings)


def fit_height(dialog: QDialog, *, shrink: bool = False) -> None:
    """Grow to show every message (or shrink when they are gone): a top-level window does not
    follow its wrapped labels' height-for-width by itself."""
    layout = dialog.layout()
    if not dialog.isVisible():
        return  # the first show sizes the dialog from its layout
    layout.activate()
    needed = layout.totalHeightForWidth(dialog.width()) if layout.hasHeightForWidth() else -1
    needed = max(needed, layout.totalSizeHint().height())
    if needed > dialog.height() or (shrink and needed < dialog.height()):
        dialog.resize(dialog.width(), needed)


Check = Callable[[dict[str, str]], FormResult]


def connect_edits(inputs: Mapping[str, FieldInput], slot: Callable[[], None]) -> None:
    """Call ``slot`` after every change of any input (typed, pasted, chosen, filled in)."""
    for widget in inputs.values():
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(lambda *_: slot())
        else:
            widget.currentIndexChanged.connect(lambda *_: slot())
            if widget.isEditable():
                widget.editTextChanged.connect(lambda *_: slot())


def show_field_messages(
    name: str,
    result: FormResult,
    labels: tuple[QLabel, QLabel],
    box: QWidget,
) -> None:
    """One field's errors (red) and warnings (amber) from ``result``, under its input."""
    error_label, warning_label = labels
    error = "\n".join(map(shown, result.errors.get(name, [])))
    warning = "\n".join(map(shown, result.warnings.get(name, [])))
    error_label.setText(error)
    error_label.setVisible(bool(error))
    warning_label.setText(warning)
    warning_label.setVisible(bool(warning))
    box.setVisible(bool(error or warning))


def general_errors(result: FormResult, fields: Iterable[str], ignore: Iterable[str] = ()) -> str:
    """The errors about no field of the form (nor one shown elsewhere), one a line."""
    known = {*fields, *ignore}
    return "\n".join(shown(text) for name, texts in result.errors.items() if name not in known
                     for text in texts)  # fmt: skip


class FlaggedMessages:
    """What the template form and the Bàn giao dialogs' field grid share: the messages under the
    fields, and re-checking them as the clerk edits."""

    inputs: dict[str, FieldInput]
    error_labels: dict[str, QLabel]
    warning_labels: dict[str, QLabel]
    _messages: dict[str, QWidget]
    form_error: QLabel
    _check: Check | None = None
    _after: Callable[[], None] | None = None
    _ignore: tuple[str, ...] = ()

    def recheck_on_edit(
        self, check: Check, *, after: Callable[[], None] | None = None, ignore: Iterable[str] = ()
    ) -> None:
        """Check the form with ``check`` after each edit while a message is shown, and update
        the fields that show an error (``after`` then runs: the dialog fits its height)."""
        self._check, self._after, self._ignore = check, after, tuple(ignore)
        connect_edits(self.inputs, self.recheck)
        # ``check`` and ``after`` reach the dialog, which holds this form: let go of them when
        # the fields go, or the deleted dialog's Python object waits for the cycle collector,
        # and PySide6 may hand it to a new dialog made meanwhile at the same address (seen: Esc
        # on a device form read the last form's deleted fields, and shiboken crashed).
        first = next(iter(self.inputs.values()), None)
        if first is not None:
            first.destroyed.connect(self._let_go)

    def _let_go(self) -> None:
        self._check = self._after = None

    def flagged(self) -> list[str]:
        """The fields showing an error now."""
        return [name for name, label in self.error_labels.items() if label.text()]

    def values(self) -> dict[str, str]:
        raise NotImplementedError

    def recheck(self) -> None:
        flagged = self.flagged()
        if self._check is None or not (flagged or self.form_error.text()):
            return  # nothing said yet: the clerk is told at "Lưu", not while typing
        try:
            result = self._check(self.values())
        except SongMayError:  # the file cannot be read now: "Lưu" will say so
            return
        for name in flagged:
            labels = (self.error_labels[name], self.warning_labels[name])
            show_field_messages(name, result, labels, self._messages[name])
        if self.form_error.text():
            text = general_errors(result, self._messages, self._ignore)
            self.form_error.setText(text)
            self.form_error.setVisible(bool(text))
        if self._after is not None:
            self._after()


class TemplateForm(FlaggedMessages):
    """The inputs of a dialog's fields and the messages under them, by field name; ``form_error``
    is for the service's messages about no particular field (the dialog places it)."""

    def __init__(self, *, input_width: int) -> None:
        self.inputs: dict[str, FieldInput] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.warning_labels: dict[str, QLabel] = {}
        self._messages: dict[str, QWidget] = {}
        self._input_width = input_width
        self.form_error = QLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setWordWrap(True)
        self.form_error.hide()

    def add(
        self,
        grid: QGridLayout,
        row: int,
        column_at: int,
        column: Column,
        widget: FieldInput,
        *,
        span: int = 1,
    ) -> QLabel:
        """Put a field's label at (``row``, ``column_at``), its input right of it across
        ``span`` grid columns, and its messages under the input; returns the label."""
        lang = language()
        label = QLabel(column.display_label(lang))
        help_text = column.help_text(lang)
        if help_text:
            label.setToolTip(help_text)
        widget.setObjectName(f"field_{column.field}")
        widget.setMinimumWidth(self._input_width)
        widget.setToolTip(help_text)
        label.setBuddy(widget)
        grid.addWidget(label, row, column_at, Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(widget, row, column_at + 1, 1, span)

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
        grid.addWidget(messages, row + 1, column_at + 1, 1, span)
        self.inputs[column.field] = widget
        self.error_labels[column.field] = error
        self.warning_labels[column.field] = warning
        self._messages[column.field] = messages
        return label

    def values(self) -> dict[str, str]:
        """The form as the clerk filled it in: texts and code-list labels (as the files write
        them, whatever the interface's language), parsed by the service."""
        values: dict[str, str] = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, QComboBox) and not widget.isEditable():
                chosen = widget.currentData() if widget.currentIndex() >= 0 else ""
                values[name] = str(chosen if chosen is not None else widget.currentText())
            elif isinstance(widget, QComboBox):
                values[name] = widget.currentText()
            elif widget.isReadOnly() and widget.property(STORED_VALUE) is not None:
                values[name] = str(widget.property(STORED_VALUE))  # shown in other words
            else:
                values[name] = widget.text()
        return values

    def show_messages(self, result: FormResult) -> None:
        """Each message under its field, red for errors and amber for warnings; errors about no
        field in ``form_error``."""
        for name, messages in self._messages.items():
            labels = (self.error_labels[name], self.warning_labels[name])
            show_field_messages(name, result, labels, messages)
        general = general_errors(result, self._messages)
        self.form_error.setText(general)
        self.form_error.setVisible(bool(general))

    def focus_first_error(self, result: FormResult) -> None:
        """The first field with an error gets the focus, its text selected for retyping."""
        first = next((n for n in self.inputs if n in result.errors), None)
        if first is None:
            return
        widget = self.inputs[first]
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        line = widget.lineEdit() if isinstance(widget, QComboBox) else widget
        if line is not None:
            line.selectAll()
