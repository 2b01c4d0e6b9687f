"""The tables of the Bàn giao page: the allocation proposal the clerk edits before recording it,
the students left waiting or not proposed, the devices left unused, and a history.

The proposal comes from ``desktop_app.core.allocation`` and is never changed here; what the clerk
decides (deliver this line or not, another device, who receives for the student, condition,
accessories, a note) is kept beside it, by student code, so that a proposal read again after
other work keeps the clerk's choices where they still apply. The forms for
``desktop_app.core.handovers`` are made from both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from desktop_app.core.allocation import (
    AvailableDevice,
    Proposal,
    ProposalLine,
    Skipped,
    UnusedDevice,
)
from desktop_app.core.forms import FormResult
from desktop_app.core.handovers import HistoryEvent
from desktop_app.core.locale import fmt_date
from desktop_app.core.rules.programme import category_label
from desktop_app.core.rules.receivers import STUDENT, receiver_roles
from desktop_app.core.templates.spec import load_codelists
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
    FlaggedRowLook,
    Index,
    ListTableModel,
)
from desktop_app.ui.common.text import code_label, shown

CHECK_STATE = int(Qt.ItemDataRole.CheckStateRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
ERROR_BACKGROUND = QColor("#fde4e1")  # light red: this line was refused
SKIPPED_FOREGROUND = QColor("#8a8a8a")  # a line the clerk will not deliver now
RECEIVER_CODES = receiver_roles()

_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_CONTEXT = "ProposalTableModel"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def category_tip(category: int) -> str:
    return shown(category_label(category)) if category in (1, 2, 3, 4) else ""


def _icon(kind: QStyle.StandardPixmap) -> QIcon:
    return QApplication.style().standardIcon(kind)


@dataclass
class LineChoice:
    """What the clerk decided for one proposed line (by default: deliver the proposed device to
    the student in person)."""

    accepted: bool = True
    device: AvailableDevice | None = None  # None: the proposed device
    receiver_role: str = "student"
    receiver_name: str = ""
    relationship: str = ""
    receiver_citizen_id: str = ""
    condition: str = ""
    accessories: str = ""
    note: str = ""

    def details(self) -> dict[str, str]:
        """The receiver and delivery fields, as the receiver dialog shows them."""
        return {
            "receiver_role": self.receiver_role,
            "receiver_name": self.receiver_name,
            "relationship": self.relationship,
            "receiver_citizen_id": self.receiver_citizen_id,
            "condition": self.condition,
            "accessories": self.accessories,
            "note": self.note,
        }


@dataclass
class LineCheck:
    """The service's messages about one line, from the last check or recording."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, result: FormResult) -> LineCheck:
        return cls(
            [m for ms in result.errors.values() for m in ms],
            [m for ms in result.warnings.values() for m in ms],
        )


def handover_form(
    line: ProposalLine, choice: LineChoice, common: Mapping[str, str]
) -> dict[str, str | None]:
    """One form for ``record_handovers``: the line's student and device, the clerk's choices,
    and what the whole batch shares (``handover_date``, ``handed_by``, ``handed_by_position``)."""
    device = choice.device or line.device
    receivers = load_codelists()["receiver"]
    other = choice.receiver_role != "student"
    return {
        "serial": device.serial,
        "student_code": line.candidate.code,
        "handover_date": common.get("handover_date", ""),
        "receiver_role": receivers.label(choice.receiver_role),
        "receiver_name": choice.receiver_name if other else "",
        "relationship": choice.relationship if other else "",
        "receiver_citizen_id": choice.receiver_citizen_id if other else "",
        "handed_by": common.get("handed_by") or None,
        "handed_by_position": common.get("handed_by_position") or None,
        "condition": choice.condition or None,
        "accessories": choice.accessories or None,
        "note": choice.note or None,
    }


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
        self._lines: list[ProposalLine] = []
        self._choices: dict[str, LineChoice] = {}  # by student code; outlives a new proposal
        self._checks: dict[str, LineCheck] = {}  # by student code; cleared by any change
        self._available: list[AvailableDevice] = []
        self._receivers = load_codelists()["receiver"]
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

    # --- the proposal ----------------------------------------------------------------------------

    def set_proposal(self, proposal: Proposal, available: Sequence[AvailableDevice]) -> list[str]:
        """Show a (new) proposal, keeping the clerk's choices for students still proposed. A
        device chosen by hand that is gone, or now proposed for another accepted line, is
        dropped; returns the codes of the students whose device choice was dropped."""
        self.beginResetModel()
        self._lines = list(proposal.lines)
        self._available = list(available)
        self._checks.clear()
        codes = {line.candidate.code for line in self._lines}
        self._choices = {c: choice for c, choice in self._choices.items() if c in codes}
        available_ids = {d.device_id for d in self._available}
        dropped: list[str] = []
        for line in self._lines:
            choice = self._choices.get(line.candidate.code)
            if choice is None or choice.device is None:
                continue
            chosen = choice.device
            if chosen.device_id == line.device.device_id:
                choice.device = None
            elif chosen.device_id not in available_ids or self._used_by_other(line, chosen):
                choice.device = None
                dropped.append(line.candidate.code)
        self.endResetModel()
        return dropped

    def clear(self) -> None:
        self.beginResetModel()
        self._lines, self._available = [], []
        self._choices.clear()
        self._checks.clear()
        self.endResetModel()

    def forget_choices(self, codes: Sequence[str] | None = None) -> None:
        """Drop the clerk's choices (of ``codes``, or all): e.g. after those lines were saved."""
        if codes is None:
            self._choices.clear()
        else:
            for code in codes:
                self._choices.pop(code, None)
        self._emit_all()

    def has_choices(self) -> bool:
        return any(choice != LineChoice() for choice in self._choices.values())

    # --- reading ---------------------------------------------------------------------------------

    def line(self, row: int) -> ProposalLine:
        return self._lines[row]

    def lines(self) -> list[ProposalLine]:
        return list(self._lines)

    def student_code(self, row: int) -> str:
        return self._lines[row].candidate.code

    def row_of(self, student_code: str) -> int | None:
        return next(
            (i for i, line in enumerate(self._lines) if line.candidate.code == student_code), None
        )

    def choice(self, row: int) -> LineChoice:
        return self._choices.get(self.student_code(row)) or LineChoice()

    def device(self, row: int) -> AvailableDevice:
        """The device to deliver on this line: the clerk's choice, else the proposed one."""
        return self.choice(row).device or self._lines[row].device

    def is_accepted(self, row: int) -> bool:
        return self.choice(row).accepted

    def accepted_rows(self) -> list[int]:
        return [row for row in range(len(self._lines)) if self.is_accepted(row)]

    def check(self, row: int) -> LineCheck:
        return self._checks.get(self.student_code(row)) or LineCheck()

    def rows_with_errors(self) -> list[int]:
        return [r for r in range(len(self._lines)) if self.check(r).errors]

    def warned_rows(self) -> list[int]:
        return [r for r in self.accepted_rows() if self._warnings(r)]

    def available_devices(self) -> list[AvailableDevice]:
        return list(self._available)

    def devices_for(self, row: int) -> list[AvailableDevice]:
        """The available devices this line may take: not delivered by another accepted line."""
        taken = {self.device(r).device_id for r in self.accepted_rows() if r != row}
        return [d for d in self._available if d.device_id not in taken or d == self.device(row)]

    def forms(self, rows: Sequence[int], common: Mapping[str, str]) -> list[dict[str, Any]]:
        return [handover_form(self._lines[r], self.choice(r), common) for r in rows]

    def form(self, row: int, common: Mapping[str, str]) -> dict[str, Any]:
        return handover_form(self._lines[row], self.choice(row), common)

    # --- the clerk's changes ---------------------------------------------------------------------

    def set_accepted(self, row: int, accepted: bool) -> str | None:
        """Deliver this line or not; refuses (with the reason) to take a line back whose device
        another accepted line now delivers."""
        if accepted and not self.is_accepted(row):
            device = self.device(row)
            other = next(
                (r for r in self.accepted_rows() if self.device(r).device_id == device.device_id),
                None,
            )
            if other is not None:
                return _tr(
                    "Thiết bị {serial} đang được giao ở dòng {row} ({name}). Hãy đổi thiết bị "
                    "cho dòng này trước khi chọn giao."
                ).format(serial=device.serial, row=other + 1,
                         name=self._lines[other].candidate.full_name)  # fmt: skip
        self._change(row, accepted=accepted)
        return None

    def set_device(self, row: int, device: AvailableDevice) -> None:
        proposed = self._lines[row].device
        self._change(row, device=None if device.device_id == proposed.device_id else device)

    def set_details(self, row: int, details: Mapping[str, str]) -> None:
        values = {k: (details.get(k) or "").strip() for k in LineChoice().details()}
        values["receiver_role"] = values["receiver_role"] or "student"
        self._change(row, **values)

    def set_checks(self, rows: Sequence[int], results: Sequence[FormResult]) -> None:
        """The service's messages for the given rows (those of other rows are cleared)."""
        self._checks = {
            self.student_code(r): LineCheck.of(result)
            for r, result in zip(rows, results, strict=True)
        }
        self._emit_all()

    def clear_checks(self) -> None:
        if self._checks:
            self._checks.clear()
            self._emit_all()

    def toggle(self, rows: Sequence[int]) -> list[str]:
        """Space on the chosen rows: all delivered when the first is not, else none. Returns
        the refusals (see ``set_accepted``)."""
        if not rows:
            return []
        accept = not self.is_accepted(rows[0])
        refusals = [self.set_accepted(r, accept) for r in rows]
        return [r for r in refusals if r]

    def _change(self, row: int, **values: Any) -> None:
        code = self.student_code(row)
        self._choices[code] = replace(self.choice(row), **values)
        self._checks.pop(code, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def _used_by_other(self, line: ProposalLine, device: AvailableDevice) -> bool:
        for other in self._lines:
            if other is line:
                continue
            choice = self._choices.get(other.candidate.code) or LineChoice()
            if choice.accepted and (choice.device or other.device).device_id == device.device_id:
                return True
        return False

    def _emit_all(self) -> None:
        if self._lines:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._lines) - 1, self.columnCount() - 1)
            )

    # --- QAbstractTableModel ---------------------------------------------------------------------

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._lines)

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
        line = self._lines[row]
        if role == DISPLAY:
            return self._text(row, column)
        if role == CHECK_STATE:
            if column != self.CHECK:
                return None
            return Qt.CheckState.Checked if self.is_accepted(row) else Qt.CheckState.Unchecked
        if role == ID:
            return line.candidate.code
        if role == FLAGGED:
            return bool(self.check(row).errors or self._warnings(row))
        if role == TOOLTIP:
            return self._tooltip(row, column)
        if role == ALIGNMENT and column in (self.CHECK, self.CATEGORY, self.CLASS):
            return _CENTER
        if role == FOREGROUND and not self.is_accepted(row):
            return SKIPPED_FOREGROUND
        if role == FONT and column == self.SERIAL and self.choice(row).device is not None:
            return self._bold  # the clerk changed it
        if role == BACKGROUND and self.is_accepted(row):
            if self.check(row).errors:
                return ERROR_BACKGROUND
            if self._warnings(row):
                return FLAGGED_BACKGROUND
            return None
        if role == DECORATION and column == self.CODE:
            if self.check(row).errors:
                return self._error_icon
            if self._warnings(row):
                return self._warning_icon
        return None

    # --- texts -----------------------------------------------------------------------------------

    def _warnings(self, row: int) -> list[str]:
        """What to look at before delivering: the proposal's warning, the device chosen by hand,
        and the service's warnings from the last check."""
        line, device = self._lines[row], self.device(row)
        found = [line.warning] if line.warning else []
        if device.below_min_spec:
            found.append(self.tr("Thiết bị có cấu hình thấp hơn mức tối thiểu tham khảo."))
        if device.device_type == "sim":
            found.append(self.tr("SIM - gói cước đi kèm một thiết bị, không thay cho thiết bị."))
        return found + self.check(row).warnings

    def receiver_text(self, row: int) -> str:
        choice = self.choice(row)
        if choice.receiver_role == "student":
            return code_label("receiver", STUDENT)
        who = choice.relationship or code_label("receiver", choice.receiver_role)
        return f"{who}: {choice.receiver_name}" if choice.receiver_name else who

    def reason(self, row: int) -> str:
        line, choice = self._lines[row], self.choice(row)
        if choice.device is None:
            return shown(line.reason)
        return shown(line.reason) + " " + self.tr(
            "Cán bộ đã đổi thiết bị: giao {serial} ({device}) thay cho {proposed}."
        ).format(serial=choice.device.serial, device=code_label("device_type", choice.device.device_type),
                 proposed=line.device.serial)  # fmt: skip

    def detail(self, row: int) -> str:
        """Everything about one line in a few sentences (under the table)."""
        line = self._lines[row]
        c = line.candidate
        parts = [f"{c.code} – {c.full_name} ({c.class_name}): {self.reason(row)}"]
        parts += [f"⚠ {w}" for w in self._warnings(row)]
        parts += [f"✖ {e}" for e in self.check(row).errors]
        if not self.is_accepted(row):
            parts.append(self.tr("Dòng này không được giao lần này."))
        return "\n".join(parts)

    def _text(self, row: int, column: int) -> str:
        line = self._lines[row]
        c, device = line.candidate, self.device(row)
        if column == self.CHECK:
            return ""
        if column == self.CODE:
            return c.code
        if column == self.NAME:
            return c.full_name
        if column == self.CLASS:
            return c.class_name
        if column == self.CATEGORY:
            return str(c.category)
        if column == self.REQUESTED:
            return code_label("device_type", c.requested_device)
        if column == self.SERIAL:
            return device.serial
        if column == self.DEVICE:
            return f"{device.brand} {device.model}".strip()
        if column == self.RECEIVER:
            return self.receiver_text(row)
        return self.reason(row)

    def _tooltip(self, row: int, column: int) -> str | None:
        line, device = self._lines[row], self.device(row)
        if column == self.CATEGORY:
            return category_tip(line.candidate.category) or None
        if column in (self.SERIAL, self.DEVICE):
            tip = self.tr("{device} {brand} {model}, đợt {batch}, tiếp nhận {received}").format(
                device=code_label("device_type", device.device_type), brand=device.brand, model=device.model,
                batch=device.batch_code, received=_vn_date(device.received_date),
            )  # fmt: skip
            if self.choice(row).device is not None:
                tip += "\n" + self.tr("Đề xuất ban đầu: {serial}").format(serial=line.device.serial)
            return tip
        if column == self.REASON:
            return self.reason(row)
        if column == self.RECEIVER:
            return self.receiver_text(row)
        return "\n".join([*self.check(row).errors, *self._warnings(row)]) or None


def _vn_date(iso: str) -> str:
    try:
        return fmt_date(date.fromisoformat(iso))
    except ValueError:
        return iso


class SkippedTableModel(ListTableModel):
    """Students not proposed: waiting for a device, or not proposed at all, each with why."""

    CODE, NAME, CLASS, CATEGORY, REQUESTED, REASON = range(6)
    StudentCodeRole = ID

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Skipped] = []
        self._headers = [
            self.tr("Mã HS"),
            self.tr("Họ và tên"),
            self.tr("Lớp"),
            self.tr("Diện"),
            self.tr("Loại đề nghị"),
            self.tr("Lý do"),
        ]
        self._header_tips = [
            self.tr("Mã học sinh (nhấp đúp để xem lịch sử bàn giao)"),
            self.tr("Họ và tên học sinh"),
            self.tr("Lớp"),
            self.tr("Diện đối tượng"),
            self.tr("Loại thiết bị học sinh đề nghị"),
            self.tr("Vì sao học sinh chưa được đề xuất"),
        ]

    def set_rows(self, rows: Sequence[Skipped]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def skipped(self, row: int) -> Skipped:
        return self._rows[row]

    def student_code(self, row: int) -> str:
        return self._rows[row].candidate.code

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not self.checkIndex(index, VALID):
            return None
        row, column = index.row(), index.column()
        skipped = self._rows[row]
        c = skipped.candidate
        if role == DISPLAY:
            texts = (c.code, c.full_name, c.class_name, str(c.category),
                     code_label("device_type", c.requested_device), skipped.reason)  # fmt: skip
            return texts[column]
        if role == ID:
            return c.code
        if role == TOOLTIP:
            if column == self.REASON:
                return shown(skipped.reason)
            if column == self.CATEGORY:
                return category_tip(c.category) or None
        if role == ALIGNMENT and column in (self.CLASS, self.CATEGORY):
            return _CENTER
        return None


class UnusedTableModel(ListTableModel):
    """Available devices the proposal does not use, with why."""

    SERIAL, TYPE, DEVICE, BATCH, RECEIVED, REASON = range(6)
    SerialRole = ID

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[UnusedDevice] = []
        self._headers = [
            self.tr("Số serial/IMEI"),
            self.tr("Loại thiết bị"),
            self.tr("Hãng – Model"),
            self.tr("Đợt"),
            self.tr("Ngày tiếp nhận"),
            self.tr("Lý do"),
        ]
        self._header_tips = [
            self.tr("Số serial/IMEI (nhấp đúp để xem lịch sử thiết bị)"),
            self.tr("Loại thiết bị"),
            self.tr("Hãng và model"),
            self.tr("Đợt tài trợ"),
            self.tr("Ngày nhà trường tiếp nhận thiết bị"),
            self.tr("Vì sao thiết bị chưa được đề xuất"),
        ]

    def set_rows(self, rows: Sequence[UnusedDevice]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def serial(self, row: int) -> str:
        return self._rows[row].device.serial

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not self.checkIndex(index, VALID):
            return None
        unused = self._rows[index.row()]
        d = unused.device
        if role == DISPLAY:
            texts = (d.serial, code_label("device_type", d.device_type), f"{d.brand} {d.model}".strip(),
                     d.batch_code, _vn_date(d.received_date), unused.reason)  # fmt: skip
            return texts[index.column()]
        if role == ID:
            return d.serial
        if role == TOOLTIP and index.column() == self.REASON:
            return shown(unused.reason)
        return None


class HistoryTableModel(ListTableModel):
    """A device's or a student's events, oldest first; an event recorded late is amber."""

    DATE, EVENT, DEVICE, RECEIVER, REASON, NOTE, LATE = range(7)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._events: list[HistoryEvent] = []
        self._headers = [
            self.tr("Ngày"),
            self.tr("Sự kiện"),
            self.tr("Thiết bị"),
            self.tr("Người nhận/trả"),
            self.tr("Lý do"),
            self.tr("Ghi chú"),
            self.tr("Ghi nhận"),
        ]
        self._header_tips = [
            self.tr("Ngày bàn giao hoặc thu hồi"),
            self.tr("Bàn giao hoặc thu hồi, cho học sinh nào"),
            self.tr("Số serial/IMEI (để chuột lên để xem hãng và model)"),
            self.tr("Người nhận thiết bị khi bàn giao, người mang trả khi thu hồi"),
            self.tr("Lý do thu hồi"),
            self.tr("Ghi chú"),
            self.tr("Ghi nhận muộn: quá 01 ngày sau khi bàn giao hoặc thu hồi"),
        ]
        self._flag_look = FlaggedRowLook(mark_column=self.LATE)

    def set_events(self, events: Sequence[HistoryEvent]) -> None:
        self.beginResetModel()
        self._events = list(events)
        self.endResetModel()

    def events(self) -> list[HistoryEvent]:
        return list(self._events)

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._events)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not self.checkIndex(index, VALID):
            return None
        event = self._events[index.row()]
        column = index.column()
        if role == DISPLAY:
            return self._texts(event)[column]
        if role == ID:
            return event.handover_id
        if role == FLAGGED:
            return event.late
        if event.late and role in FlaggedRowLook.ROLES:
            return self._flag_look.data(
                role, column, lambda: self.tr("Ghi nhận muộn: quá 01 ngày sau khi diễn ra.")
            )
        if role == TOOLTIP and column == self.DEVICE:
            return f"{event.serial} · {event.device}"
        if role == TOOLTIP and column in (self.EVENT, self.RECEIVER, self.REASON, self.NOTE):
            return self._texts(event)[column] or None
        return None

    def _texts(self, event: HistoryEvent) -> tuple[str, ...]:
        return (
            fmt_date(event.event_date),
            shown(event.description),
            event.serial,
            event.receiver,
            shown(event.reason),
            event.note,
            self.tr("Muộn") if event.late else self.tr("Đúng hạn"),
        )
