"""Người nhận: who receives the device for one line of the proposal (the student, a parent or a
guardian), and what the minutes say about the delivery (condition, accessories, a note).

The values are checked by the service as a handover form (``check`` is the page's call of
``check_handovers`` for this line): a parent without a name, a relationship missing, a citizen
ID that is not 12 digits are said under their field and keep the dialog open.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, Slot
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

from desktop_app.core.forms import FormResult
from desktop_app.core.rules.receivers import receiver_roles, relationship_list
from desktop_app.ui.common.discard import AsksBeforeDiscarding
from desktop_app.ui.common.template_form import MESSAGE_STYLE, fit_height
from desktop_app.ui.common.text import code_label
from desktop_app.ui.common.widgets import muted
from desktop_app.ui.handover.fields import FieldGrid

# The fields of a handover form that belong to the line's other parts (shown on the page).
OTHER_FIELDS = ("serial", "student_code", "handover_date", "handed_by", "handed_by_position")
PERSON_FIELDS = ("receiver_name", "relationship", "receiver_citizen_id")


class ReceiverDialog(AsksBeforeDiscarding, QDialog):
    """``details`` are the line's current values (``LineChoice.details()``); after "Lưu"
    (``accepted``), ``details()`` are the new ones. A field's message follows the clerk's edits;
    closing with changes not saved asks first."""

    def __init__(
        self,
        details: Mapping[str, str],
        *,
        student: str,
        guardian_name: str,
        check: Callable[[dict[str, str]], FormResult],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("receiverDialog")
        self.setWindowTitle(self.tr("Người nhận thiết bị — {student}").format(student=student))
        self.setStyleSheet(MESSAGE_STYLE)
        self._check = check
        self._guardian_name = guardian_name
        self.outcome: FormResult | None = None

        self.fields = FieldGrid(input_width=300)
        self.role = QComboBox()
        for code in receiver_roles():
            self.role.addItem(code_label("receiver", code), code)
        self.role.setCurrentIndex(max(self.role.findData(details.get("receiver_role")), 0))
        self.fields.add("receiver_role", self.tr("Người nhận"), self.role)
        placeholders = {
            "receiver_name": self.tr("Bắt buộc khi người nhận không phải học sinh"),
            "relationship": self.tr("Ví dụ: mẹ, ông nội"),
            "receiver_citizen_id": self.tr("12 chữ số, nếu có"),
            "condition": self.tr("Ví dụ: Mới, nguyên hộp"),
            "accessories": self.tr("Ví dụ: Sạc, tai nghe"),
            "note": "",
        }
        labels = {
            "receiver_name": self.tr("Họ tên người nhận thay"),
            "relationship": self.tr("Quan hệ với học sinh"),
            "receiver_citizen_id": self.tr("Số CCCD người nhận thay"),
            "condition": self.tr("Tình trạng khi giao"),
            "accessories": self.tr("Phụ kiện kèm theo"),
            "note": self.tr("Ghi chú"),
        }
        self.edits: dict[str, QLineEdit] = {}
        self.guardian_note = muted("")
        self.guardian_note.setObjectName("guardianNote")
        for name, label in labels.items():
            edit = QLineEdit(details.get(name, ""))
            edit.setPlaceholderText(placeholders[name])
            self.fields.add(name, label, edit)
            self.edits[name] = edit
            if name == "receiver_name":
                self.fields.add_widget(self.guardian_note)
        # The code list's words (Mẹ, Bố, Ông, Bà…) are offered as the clerk types; what the
        # list does not have is kept as typed, as the importer does.
        relationships = QCompleter(relationship_list().labels, self)
        relationships.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        relationships.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self.edits["relationship"].setCompleter(relationships)

        note = muted(
            self.tr(
                "Biên bản bàn giao ghi người nhận và người ký bên nhận theo các ô này; tình "
                "trạng và phụ kiện để trống thì in theo hồ sơ thiết bị."
            )
        )
        self.save_button = QPushButton(self.tr("Lưu"))
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
        layout.addWidget(note)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)

        self.role.currentIndexChanged.connect(self._role_changed)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self._role_changed()
        self.role.setFocus()
        self.fields.recheck_on_edit(lambda _typed: self._check(self.details()),
                                    after=lambda: fit_height(self, shrink=True),
                                    ignore=OTHER_FIELDS)  # fmt: skip

    def form_state(self) -> object:
        return self.details()

    def role_code(self) -> str:
        return str(self.role.currentData() or "student")

    def details(self) -> dict[str, str]:
        values = {name: edit.text().strip() for name, edit in self.edits.items()}
        values["receiver_role"] = self.role_code()
        if values["receiver_role"] == "student":
            for name in PERSON_FIELDS:
                values[name] = ""
        return values

    @Slot()
    def save(self) -> None:
        details = self.details()
        result = self._check(details)
        self.outcome = result
        self.fields.show_messages(result, ignore=OTHER_FIELDS)
        fit_height(self)
        if any(name not in OTHER_FIELDS for name in result.errors):
            self.fields.focus_first_error(result)
            return
        self.accept()

    @Slot()
    def _role_changed(self) -> None:
        """Someone else receives: their name, relationship and ID are asked for (the student's
        guardian from the needs list is offered)."""
        other = self.role_code() != "student"
        for name in PERSON_FIELDS:
            self.edits[name].setEnabled(other)
            self.fields.labels[name].setEnabled(other)
        name_edit = self.edits["receiver_name"]
        if other and not name_edit.text() and self._guardian_name:
            name_edit.setText(self._guardian_name)
        self.guardian_note.setText(
            self.tr("Cha/mẹ/người giám hộ trong danh sách nhu cầu: {name}").format(
                name=self._guardian_name
            )
            if other and self._guardian_name
            else ""
        )
        self.guardian_note.setVisible(other and bool(self._guardian_name))
