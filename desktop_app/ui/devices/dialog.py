"""Add or edit one received device: the devices template's columns as a form.

The form passes what the clerk typed (texts and code-list labels) to ``save_device``, which parses
them with the importer's own rules and checks the batch and the minimum specification as an import
does. Each message is shown under its field: red blocks saving, amber does not. Several devices of
one batch are typed one after another with "Lưu và thêm tiếp", which keeps the batch fields.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
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

from desktop_app.core.devices import (
    FORM_FIELDS,
    BatchRow,
    check_device_form,
    donor_names,
    list_batches,
    list_devices,
    load_device_form,
    save_device,
)
from desktop_app.core.errors import SongMayError
from desktop_app.core.forms import FormResult
from desktop_app.core.locale import fmt_date
from desktop_app.core.templates.spec import CodeList, Column, load_codelists, load_template
from desktop_app.ui.common.discard import AsksBeforeDiscarding
from desktop_app.ui.common.errors import show_error
from desktop_app.ui.common.template_form import (
    MESSAGE_STYLE,
    STORED_VALUE,
    WARNING_COLOR,
    FieldInput,
    TemplateForm,
    choose,
    field_input,
    fit_height,
    required_note,
    shown_value,
    with_warnings,
)
from desktop_app.ui.common.text import language, number
from desktop_app.ui.common.widgets import muted
from desktop_app.ui.devices.model import min_spec_text

# Where each field goes: rows of two fields side by side, or one field across the box (long
# texts). Layout only: a field of the template not named here is still shown, at the end.
BATCH_ROWS: tuple[tuple[str, ...], ...] = (
    ("batch_code", "received_date"),
    ("donor_name",),
    ("source", "donor_type"),
)
DEVICE_ROWS: tuple[tuple[str, ...], ...] = (
    ("device_type", "condition"),
    ("brand", "model"),
    ("serial", "warranty_months"),
    ("ram_gb", "storage_gb"),
    ("screen_inch", "os"),
    ("cpu",),
    ("accessories",),
    ("note",),
)
BATCH_FIELDS = frozenset(name for row in BATCH_ROWS for name in row)


class DeviceDialog(AsksBeforeDiscarding, QDialog):
    """``DeviceDialog(db)`` adds a device; ``DeviceDialog(db, device_id)`` edits one.

    Raises ``SongMayError`` when the device to edit no longer exists. ``saved`` carries the
    service's ``FormResult`` (the id, and the warnings that did not block) after each save; "Lưu"
    then closes the dialog with ``accept()``, "Lưu và thêm tiếp" keeps it open for the next device.
    A field's message follows the clerk's edits; closing with changes not saved asks first.
    """

    saved = Signal(object)

    def __init__(
        self,
        db: Database,
        device_id: str | None = None,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._device_id = device_id
        self._today = today
        self.saved_device_id: str | None = None
        self.outcome: FormResult | None = None
        self.form = TemplateForm(input_width=240)
        self.inputs = self.form.inputs
        self.error_labels = self.form.error_labels
        self.warning_labels = self.form.warning_labels
        self.form_error = self.form.form_error
        self._batches: dict[str, BatchRow] = {b.code: b for b in list_batches(db)}

        values: dict[str, str] = load_device_form(db, device_id) if device_id else {}
        self.setObjectName("deviceDialog")
        self.setWindowTitle(
            self.tr("Sửa thiết bị — {serial}").format(serial=values.get("serial", ""))
            if device_id
            else self.tr("Thêm thiết bị")
        )
        self.setStyleSheet(
            MESSAGE_STYLE
            + (
                f"QLabel#savedNote[warning=true], QLabel#specNote[warning=true] "
                f"{{ color: {WARNING_COLOR}; }}"
                "QLineEdit[readOnly=true] { background: palette(window); }"
            )
        )

        spec = load_template("devices")
        codelists = load_codelists()
        batch_box = QGroupBox(self.tr("Đợt tài trợ"))
        device_box = QGroupBox(self.tr("Thiết bị"))
        batch_grid, device_grid = QGridLayout(), QGridLayout()
        placed = {name for row in BATCH_ROWS + DEVICE_ROWS for name in row}
        device_rows = DEVICE_ROWS + tuple((n,) for n in FORM_FIELDS if n not in placed)
        for grid, rows in ((batch_grid, BATCH_ROWS), (device_grid, device_rows)):
            grid.setHorizontalSpacing(10)
            grid.setVerticalSpacing(4)
            grid.setColumnStretch(1, 1)
            grid.setColumnStretch(4, 1)
            grid.setColumnMinimumWidth(2, 14)  # between the two columns of fields
            for position, names in enumerate(rows):
                shown = [n for n in names if n in FORM_FIELDS]
                for side, name in enumerate(shown):
                    self._add_field(grid, 2 * position, 3 * side, len(shown) == 1,
                                    spec.column(name), codelists, values.get(name) or "")  # fmt: skip

        # A note under the batch fields: which batch was recognised, or why they are locked.
        self.batch_note = muted("")
        self.batch_note.setObjectName("batchNote")
        self.batch_note.hide()
        # The reference minimum of the chosen device type, before the clerk types the numbers.
        self.spec_note = muted("")
        self.spec_note.setObjectName("specNote")
        self.spec_note.hide()
        for box, grid, note in ((batch_box, batch_grid, self.batch_note),
                                (device_box, device_grid, self.spec_note)):  # fmt: skip
            outer = QVBoxLayout(box)
            outer.setSpacing(6)
            outer.addLayout(grid)
            outer.addWidget(note)

        self.saved_note = QLabel()  # what "Lưu và thêm tiếp" saved
        self.saved_note.setObjectName("savedNote")
        self.saved_note.setWordWrap(True)
        self.saved_note.setTextFormat(Qt.TextFormat.PlainText)
        self.saved_note.hide()
        note = required_note()

        self.save_button = QPushButton(self.tr("Lưu"))
        self.save_button.setDefault(True)
        self.save_next_button = QPushButton(self.tr("Lưu và thêm tiếp"), self)
        self.save_next_button.setAutoDefault(False)
        self.save_next_button.setToolTip(
            self.tr(
                "Lưu thiết bị này rồi nhập thiết bị tiếp theo của cùng đợt: thông tin đợt được "
                "giữ lại (Ctrl+Enter)"
            )
        )
        self.cancel_button = QPushButton(self.tr("Hủy"))
        self.cancel_button.setAutoDefault(False)
        # Lưu saves first and closes only when the service accepted the values.
        self.save_button.clicked.connect(self.save)
        self.save_next_button.clicked.connect(self.save_and_next)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        if device_id is None:
            buttons.addWidget(self.save_next_button)
            again = QShortcut(QKeySequence("Ctrl+Return"), self, self.save_and_next)
            again.setContext(Qt.ShortcutContext.WindowShortcut)
        else:
            self.save_next_button.hide()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(batch_box)
        layout.addWidget(device_box)
        layout.addWidget(self.form_error)
        layout.addWidget(self.saved_note)
        layout.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(note, 1)
        bottom.addLayout(buttons)
        layout.addLayout(bottom)

        type_input = self.inputs["device_type"]
        assert isinstance(type_input, QComboBox)
        type_input.currentIndexChanged.connect(self._show_min_spec)
        self._below_spec = device_id is not None and self._stored_below_spec(values)
        self._show_min_spec()
        for name in ("ram_gb", "storage_gb", "screen_inch"):
            widget = self.inputs.get(name)
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(self._spec_edited)
        if device_id is None:
            batch_input = self.inputs["batch_code"]
            assert isinstance(batch_input, QComboBox)
            batch_input.currentTextChanged.connect(self._batch_code_changed)
            batch_input.setFocus()
        else:
            self._lock_batch_and_serial()
            self.inputs["device_type"].setFocus()
        self.form.recheck_on_edit(
            lambda typed: check_device_form(db, typed, device_id=device_id, today=today),
            after=lambda: fit_height(self, shrink=True),
        )

    # --- building --------------------------------------------------------------------------------

    def _add_field(
        self,
        grid: QGridLayout,
        row: int,
        column_at: int,
        wide: bool,
        column: Column,
        codelists: dict[str, CodeList],
        value: str,
    ) -> None:
        widget: FieldInput
        if self._device_id is not None and column.field in BATCH_FIELDS:
            # shown, not changed: see _lock_batch_and_serial
            widget = QLineEdit(shown_value(column, codelists, value))
            widget.setReadOnly(True)
            widget.setProperty(STORED_VALUE, value)
            widget.setCursorPosition(0)
        elif column.field == "batch_code":
            widget = self._free_combo(list(self._batches), value, column)
        elif column.field == "donor_name":
            widget = self._free_combo(donor_names(self._db), value, column)
        else:
            widget = field_input(column, codelists, value, date_example="05/01/2022")
        span = 4 if wide else 1  # across the second column's label and field
        self.form.add(grid, row, column_at, column, widget, span=span)  # short headers: one line

    def _free_combo(self, offered: list[str], value: str, column: Column) -> QComboBox:
        """Type anything, or pick one already known (a batch code, a donor's name)."""
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setMaxVisibleItems(15)
        combo.addItems(offered)
        combo.setCurrentIndex(-1)
        combo.setEditText(value)
        combo.lineEdit().setCursorPosition(0)  # a long donor name shows its beginning
        completer = combo.completer()
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        line = combo.lineEdit()
        example = column.example_text(language())
        if example:
            line.setPlaceholderText(self.tr("Ví dụ: {example}").format(example=example))
        return combo

    def _lock_batch_and_serial(self) -> None:
        """Editing: the serial is the device's identity and the batch is shared by its devices;
        neither is changed from here."""
        serial = self.inputs["serial"]
        assert isinstance(serial, QLineEdit)
        serial.setReadOnly(True)
        serial.setToolTip(
            self.tr(
                "Số serial/IMEI là mã nhận diện thiết bị nên không sửa được ở đây. Nếu nhập sai, "
                "hãy xóa thiết bị rồi thêm lại (khi thiết bị chưa bàn giao)."
            )
        )
        self.batch_note.setText(
            self.tr(
                "Thông tin đợt dùng chung cho mọi thiết bị của đợt nên không sửa ở đây. Số "
                "serial/IMEI là mã nhận diện thiết bị nên cũng không sửa được."
            )
        )
        self.batch_note.show()

    # --- the batch -------------------------------------------------------------------------------

    def use_batch(self, code: str) -> None:
        """Start a new device in batch ``code``: its fields are filled from the stored batch."""
        batch_input = self.inputs["batch_code"]
        assert isinstance(batch_input, QComboBox)
        batch_input.setEditText(code)
        self._batch_code_changed(code)
        self.inputs["device_type"].setFocus()

    @Slot(str)
    def _batch_code_changed(self, text: str) -> None:
        """A batch already received: its source, donor and date are known, fill them in (they
        must agree with the stored batch anyway)."""
        batch = self._batches.get(text.strip())
        if batch is None:
            self.batch_note.hide()
            return
        shown = self._batch_values(batch)
        for name, value in shown.items():
            widget = self.inputs.get(name)
            if isinstance(widget, QComboBox) and widget.isEditable():
                widget.setEditText(value)
                widget.lineEdit().setCursorPosition(0)
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(widget.findData(value) if value else -1)
            elif isinstance(widget, QLineEdit):
                widget.setText(value)
        self.batch_note.setText(
            self.tr(
                "Đợt {code} đã có {count} thiết bị; thông tin đợt được điền theo đợt này.",
                "",
                batch.devices,
            ).format(code=batch.code, count=number(batch.devices))
        )
        self.batch_note.show()

    def _batch_values(self, batch: BatchRow) -> dict[str, str]:
        """The batch's fields as the form shows them; the donor type is read from one of its
        devices (a batch row does not carry it)."""
        lists = load_codelists()
        shown = {
            "source": lists["source"].label(batch.source),
            "donor_name": batch.donor,
            "received_date": fmt_date(batch.received_date),
        }
        devices = list_devices(self._db, batch_id=batch.id)
        if devices:
            stored = load_device_form(self._db, devices[0].id)
            shown["donor_type"] = stored.get("donor_type", "")
        return shown

    @Slot()
    def _show_min_spec(self) -> None:
        combo = self.inputs["device_type"]
        assert isinstance(combo, QComboBox)
        codes = load_codelists()["device_type"]
        code = codes.match(str(combo.currentData() or "")) if combo.currentIndex() >= 0 else None
        minimum = min_spec_text(code) if code else ""
        text = self.tr("Cấu hình tối thiểu tham khảo cho {device}: {minimum}.").format(
            device=combo.currentText().lower(), minimum=minimum
        )
        if self._below_spec:  # as stored; a save checks the values again
            text = self.tr("Thiết bị này có cấu hình thấp hơn mức tối thiểu tham khảo.") + (
                " " + text if minimum else ""
            )
        self.spec_note.setProperty("warning", self._below_spec)
        self.spec_note.style().unpolish(self.spec_note)
        self.spec_note.style().polish(self.spec_note)
        self.spec_note.setText(text)
        self.spec_note.setVisible(bool(minimum) or self._below_spec)

    @Slot()
    def _spec_edited(self) -> None:
        """The stored configuration is being changed: the save will tell whether it is enough."""
        if self._below_spec:
            self._below_spec = False
            self._show_min_spec()

    def _stored_below_spec(self, values: dict[str, str]) -> bool:
        serial = values.get("serial", "")
        return any(d.below_min_spec for d in list_devices(self._db, text=serial)
                   if d.serial == serial)  # fmt: skip

    # --- saving ----------------------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        """The form as the clerk filled it in: texts and code-list labels, parsed by the service."""
        return self.form.values()

    def form_state(self) -> object:
        return self.values()

    @Slot()
    def save(self) -> None:
        """Lưu: save, and close when the service accepted the values."""
        if self._save():
            self.accept()

    @Slot()
    def save_and_next(self) -> None:
        """Lưu và thêm tiếp: save, keep the batch fields, empty the device fields."""
        if self._device_id is not None or not self._save():
            return
        result = self.outcome
        assert result is not None
        serial = self.values()["serial"]
        self.clear_device_fields()
        text, warned = with_warnings(
            self.tr("Đã lưu thiết bị {serial}. Nhập thiết bị tiếp theo của đợt {code}.").format(
                serial=serial.strip(), code=self.values()["batch_code"].strip()
            ),
            result,
        )
        self.saved_note.setProperty("warning", warned)
        self.saved_note.style().unpolish(self.saved_note)
        self.saved_note.style().polish(self.saved_note)
        self.saved_note.setText(text)
        self.saved_note.show()
        self.cancel_button.setText(self.tr("Đóng"))  # what is saved stays saved
        self.mark_unchanged()  # the next device starts from here
        self._reload_batches()
        fit_height(self, shrink=True)
        self.inputs["device_type"].setFocus(Qt.FocusReason.OtherFocusReason)

    def _reload_batches(self) -> None:
        """The batch just saved may be new, and its device count has grown."""
        self._batches = {b.code: b for b in list_batches(self._db)}
        combo = self.inputs["batch_code"]
        assert isinstance(combo, QComboBox)
        code = combo.currentText()
        combo.blockSignals(True)
        for known in self._batches:
            if combo.findText(known) < 0:
                combo.addItem(known)
        combo.setEditText(code)
        combo.blockSignals(False)
        self._batch_code_changed(code)

    def clear_device_fields(self) -> None:
        spec = load_template("devices")
        codelists = load_codelists()
        for name, widget in self.inputs.items():
            if name in BATCH_FIELDS:
                continue
            if isinstance(widget, QLineEdit):
                widget.clear()
            else:
                column = spec.column(name)
                choose(widget, column, codelists[column.codelist or "yes_no"], "")
        self.show_messages(FormResult())

    def _save(self) -> bool:
        values = self.values()
        try:
            result = save_device(self._db, values, device_id=self._device_id, today=self._today)
        except SongMayError as exc:  # the file is locked, the disk is full
            show_error(exc, self)
            return False
        self.outcome = result
        self.show_messages(result)
        if not result.ok:
            return False
        self.saved_device_id = result.record_id
        self.saved.emit(result)
        return True

    def show_messages(self, result: FormResult) -> None:
        """Each message under its field; red for errors, amber for warnings; the first error
        gets the focus."""
        self.form.show_messages(result)
        if result.errors:
            self.saved_note.hide()  # about the device before; this one is not saved
        fit_height(self)
        self.form.focus_first_error(result)
