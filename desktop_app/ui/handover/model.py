"""The proposal table of the Bàn giao page: a thin Qt model over the core's ``ProposalEdits``.

What the clerk decides (deliver this line or not, another device, who receives for the student,
condition, accessories, a note) lives in ``ProposalEdits``, Qt-free; this model only shows it,
turns clicks into calls on it and tells the view which rows changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from desktop_app.core.allocation import AvailableDevice, Proposal
from desktop_app.core.forms import FormResult
from desktop_app.core.locale import fmt_date
from desktop_app.core.proposal_edits import BatchDetails, LineCheck, LineChoice, ProposalEdits
from desktop_app.core.rules.programme import category_label
from desktop_app.core.rules.receivers import STUDENT
from desktop_app.ui.common.table_model import (
    ALIGNMENT,
    BACKGROUND,
    DECORATION,
    DISPLAY,
    FLAGGED,
    FLAGGED_BACKGROUND,
    FONT,
    ID,
    NO_PARENT,
    TOOLTIP,
    VALID,
    Index,
    ListTableModel,
)
from desktop_app.ui.common.text import code_label, shown

CHECK_STATE = int(Qt.ItemDataRole.CheckStateRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
ERROR_BACKGROUND = QColor("#fde4e1")  # light red: this line was refused
SKIPPED_FOREGROUND = QColor("#8a8a8a")  # a line the clerk will not deliver now
CENTER = int(Qt.AlignmentFlag.AlignCenter)
_CONTEXT = "ProposalTableModel"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def category_tip(category: int) -> str:
    return shown(category_label(category)) if category in (1, 2, 3, 4) else ""


def iso_day(iso: str) -> str:
    """An ISO date as dd/mm/yyyy (as it is when it is not one)."""
    try:
        return fmt_date(date.fromisoformat(iso))
    except ValueError:
        return iso


def _icon(kind: QStyle.StandardPixmap) -> QIcon:
    return QApplication.style().standardIcon(kind)


class ProposalTableModel(ListTableModel):
    """The proposal's lines in priority order; the first column says whether the line is to be
    delivered (checkable). A line the service refused is light red with its messages in the
    tooltip; one with a warning is amber."""

    CHECK, CODE, NAME, CLASS, CATEGORY, REQUESTED, SERIAL, DEVICE, RECEIVER, REASON = range(10)
    StudentCodeRole = ID
    FlaggedRole = FLAGGED
    refused = Signal(str)  # a click on a check box that could not be honoured, and why

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.edits = ProposalEdits()
        self._bold = QFont()
        self._bold.setBold(True)
        self._headers = [
            self.tr("Giao"),
            self.tr("Mã HS"),
            self.tr("Họ và tên"),
            self.tr("Lớp"),
            self.tr("Diện"),
            self.tr("Loại đề nghị"),
            self.tr("Thiết bị giao"),
            self.tr("Hãng – Model"),
            self.tr("Người nhận"),
            self.tr("Lý do đề xuất"),
        ]
        self._header_tips = [
            self.tr("Bỏ dấu để không giao dòng này lần này (phím cách)"),
            self.tr(
                "Mã học sinh; dòng có lưu ý tô vàng, dòng bị từ chối tô đỏ (để chuột lên để đọc)"
            ),
            self.tr("Họ và tên học sinh"),
            self.tr("Lớp"),
            self.tr(
                "Diện đối tượng: 1 hộ nghèo, 2 hộ cận nghèo, 3 cha/mẹ tử vong do COVID-19, "
                "4 khó khăn khác"
            ),
            self.tr("Loại thiết bị học sinh đề nghị"),
            self.tr("Số serial/IMEI của thiết bị sẽ giao (nhấp đúp để đổi)"),
            self.tr("Hãng và model của thiết bị sẽ giao"),
            self.tr("Người nhận thiết bị: học sinh, cha mẹ hoặc người giám hộ"),
            self.tr("Vì sao học sinh này nhận thiết bị này"),
        ]
        self._warning_icon = _icon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._error_icon = _icon(QStyle.StandardPixmap.SP_MessageBoxCritical)

    # --- changes: each goes to the edits, then the view is told -------------------------------

    def set_proposal(self, proposal: Proposal, available: Sequence[AvailableDevice]) -> list[str]:
        self.beginResetModel()
        dropped = self.edits.set_proposal(proposal, available)
        self.endResetModel()
        return dropped

    def clear(self) -> None:
        self.beginResetModel()
        self.edits.clear()
        self.endResetModel()

    def forget_choices(self, codes: Sequence[str] | None = None) -> None:
        self.edits.forget_choices(codes)
        self._emit_all()

    def set_accepted(self, row: int, accepted: bool) -> str | None:
        refusal = self.edits.set_accepted(row, accepted)
        self._emit_row(row)
        return shown(refusal) if refusal else None

    def set_device(self, row: int, device: AvailableDevice) -> None:
        self.edits.set_device(row, device)
        self._emit_row(row)

    def set_details(self, row: int, details: Mapping[str, str]) -> None:
        self.edits.set_details(row, details)
        self._emit_row(row)

    def set_checks(self, rows: Sequence[int], results: Sequence[FormResult]) -> None:
        self.edits.set_checks(rows, results)
        self._emit_all()

    def clear_checks(self) -> None:
        if self.edits.clear_checks():
            self._emit_all()

    def toggle(self, rows: Sequence[int]) -> list[str]:
        refusals = self.edits.toggle(rows)
        self._emit_all()
        return [shown(r) for r in refusals]

    def _emit_row(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def _emit_all(self) -> None:
        if len(self.edits):
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.edits) - 1, self.columnCount() - 1)
            )

    # --- reading (what the page and its dialogs ask) --------------------------------------------

    def line(self, row: int) -> Any:
        return self.edits.line(row)

    def student_code(self, row: int) -> str:
        return self.edits.student_code(row)

    def row_of(self, student_code: str) -> int | None:
        return self.edits.row_of(student_code)

    def choice(self, row: int) -> LineChoice:
        return self.edits.choice(row)

    def device(self, row: int) -> AvailableDevice:
        return self.edits.device(row)

    def is_accepted(self, row: int) -> bool:
        return self.edits.is_accepted(row)

    def accepted_rows(self) -> list[int]:
        return self.edits.accepted_rows()

    def check(self, row: int) -> LineCheck:
        return self.edits.check(row)

    def rows_with_errors(self) -> list[int]:
        return self.edits.rows_with_errors()

    def warned_rows(self) -> list[int]:
        return self.edits.warned_rows()

    def has_choices(self) -> bool:
        return self.edits.has_choices()

    def devices_for(self, row: int) -> list[AvailableDevice]:
        return self.edits.devices_for(row)

    def requests(self, rows: Sequence[int], batch: BatchDetails) -> list[Any]:
        return self.edits.requests(rows, batch)

    # --- QAbstractTableModel ---------------------------------------------------------------------

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.edits)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.CHECK:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = int(Qt.ItemDataRole.EditRole)) -> bool:
        if role != CHECK_STATE or not self.checkIndex(index, VALID):
            return False
        if index.column() != self.CHECK:
            return False
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        refusal = self.set_accepted(index.row(), state == Qt.CheckState.Checked.value)
        if refusal:
            self.refused.emit(refusal)
            return False
        return True

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not self.checkIndex(index, VALID):
            return None
        row, column = index.row(), index.column()
        edits = self.edits
        if role == DISPLAY:
            return self._text(row, column)
        if role == CHECK_STATE:
            if column != self.CHECK:
                return None
            return Qt.CheckState.Checked if edits.is_accepted(row) else Qt.CheckState.Unchecked
        if role == ID:
            return edits.student_code(row)
        errors, warned = bool(edits.check(row).errors), bool(edits.warnings(row))
        if role == FLAGGED:
            return errors or warned
        if role == TOOLTIP:
            return self._tooltip(row, column)
        if role == ALIGNMENT and column in (self.CHECK, self.CATEGORY, self.CLASS):
            return CENTER
        if role == FOREGROUND and not edits.is_accepted(row):
            return SKIPPED_FOREGROUND
        if role == FONT and column == self.SERIAL and edits.choice(row).device is not None:
            return self._bold  # the clerk changed it
        if role == BACKGROUND and edits.is_accepted(row):
            return ERROR_BACKGROUND if errors else FLAGGED_BACKGROUND if warned else None
        if role == DECORATION and column == self.CODE:
            return self._error_icon if errors else self._warning_icon if warned else None
        return None

    # --- texts -----------------------------------------------------------------------------------

    def receiver_text(self, row: int) -> str:
        choice = self.edits.choice(row)
        if choice.receiver_role == STUDENT:
            return code_label("receiver", STUDENT)
        who = choice.relationship or code_label("receiver", choice.receiver_role)
        return f"{who}: {choice.receiver_name}" if choice.receiver_name else who

    def reason(self, row: int) -> str:
        line, choice = self.edits.line(row), self.edits.choice(row)
        if choice.device is None:
            return shown(line.reason)
        return shown(line.reason) + " " + self.tr(
            "Cán bộ đã đổi thiết bị: giao {serial} ({device}) thay cho {proposed}."
        ).format(serial=choice.device.serial,
                 device=code_label("device_type", choice.device.device_type),
                 proposed=line.device.serial)  # fmt: skip

    def detail(self, row: int) -> str:
        """Everything about one line in a few sentences (under the table)."""
        c = self.edits.line(row).candidate
        parts = [f"{c.code} – {c.full_name} ({c.class_name}): {self.reason(row)}"]
        parts += [f"⚠ {shown(w)}" for w in self.edits.warnings(row)]
        parts += [f"✖ {shown(e)}" for e in self.edits.check(row).errors]
        if not self.edits.is_accepted(row):
            parts.append(self.tr("Dòng này không được giao lần này."))
        return "\n".join(parts)

    def _text(self, row: int, column: int) -> str:
        c, device = self.edits.line(row).candidate, self.edits.device(row)
        texts = {
            self.CHECK: "",
            self.CODE: c.code,
            self.NAME: c.full_name,
            self.CLASS: c.class_name,
            self.CATEGORY: str(c.category),
            self.SERIAL: device.serial,
            self.DEVICE: f"{device.brand} {device.model}".strip(),
        }
        if column in texts:
            return texts[column]
        if column == self.REQUESTED:
            return code_label("device_type", c.requested_device)
        if column == self.RECEIVER:
            return self.receiver_text(row)
        return self.reason(row)

    def _tooltip(self, row: int, column: int) -> str | None:
        line, device = self.edits.line(row), self.edits.device(row)
        if column == self.CATEGORY:
            return category_tip(line.candidate.category) or None
        if column in (self.SERIAL, self.DEVICE):
            tip = self.tr("Số serial/IMEI: {serial}").format(serial=device.serial) + "\n"
            tip += self.tr("{device} {brand} {model}, đợt {batch}, tiếp nhận {received}").format(
                device=code_label("device_type", device.device_type), brand=device.brand,
                model=device.model, batch=device.batch_code, received=iso_day(device.received_date),
            )  # fmt: skip
            if self.edits.choice(row).device is not None:
                tip += "\n" + self.tr("Đề xuất ban đầu: {serial}").format(serial=line.device.serial)
            return tip
        if column == self.REASON:
            return self.reason(row)
        if column == self.RECEIVER:
            return self.receiver_text(row)
        messages = [*self.edits.check(row).errors, *self.edits.warnings(row)]
        return "\n".join(shown(m) for m in messages) or None
