"""The two tables of the Đồng bộ page: changes the server refused (with its reason), and the
district's review decisions received. Both hold their rows: a school has a handful of refusals and
at most a few hundred decisions (``received_decisions`` returns the latest 200)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtGui import QColor

from desktop_app.core.locale import fmt_date, fmt_datetime, local_moment
from desktop_app.core.reviews import Correction, FollowUp, ReceivedDecision
from desktop_app.core.store.outbox import RefusedChange
from desktop_app.ui.common.need_look import ReturnedRowLook
from desktop_app.ui.common.table_model import (
    DISPLAY,
    FLAGGED,
    ID,
    NO_PARENT,
    TOOLTIP,
    VALID,
    FlaggedRowLook,
    Index,
    ListTableModel,
)

_CONTEXT = "SyncModels"
Row = TypeVar("Row")

# What the clerk calls each kind of record the outbox carries.
ENTITY_LABELS = {
    "school": QT_TRANSLATE_NOOP(_CONTEXT, "Hồ sơ trường"),
    "student": QT_TRANSLATE_NOOP(_CONTEXT, "Học sinh"),
    "need": QT_TRANSLATE_NOOP(_CONTEXT, "Nhu cầu thiết bị"),
    "donor": QT_TRANSLATE_NOOP(_CONTEXT, "Nhà tài trợ"),
    "donation_batch": QT_TRANSLATE_NOOP(_CONTEXT, "Đợt tiếp nhận"),
    "device": QT_TRANSLATE_NOOP(_CONTEXT, "Thiết bị"),
    "handover": QT_TRANSLATE_NOOP(_CONTEXT, "Bàn giao/thu hồi"),
    "vaccination": QT_TRANSLATE_NOOP(_CONTEXT, "Tiêm vắc-xin"),
    "erasure": QT_TRANSLATE_NOOP(_CONTEXT, "Xóa dữ liệu cá nhân học sinh"),
}
ACTION_LABELS = {
    "insert": QT_TRANSLATE_NOOP(_CONTEXT, "Thêm mới"),
    "update": QT_TRANSLATE_NOOP(_CONTEXT, "Sửa"),
    "delete": QT_TRANSLATE_NOOP(_CONTEXT, "Xóa"),
}
DECISION_LABELS = {
    "approved": QT_TRANSLATE_NOOP(_CONTEXT, "Đã duyệt"),
    "returned": QT_TRANSLATE_NOOP(_CONTEXT, "Trả lại"),
}
UNKNOWN_STUDENT_COLOUR = QColor("#6b6b6b")
SENT_COLOUR = QColor("#1b6e2d")  # a correction the server received: done
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def entity_label(entity: str) -> str:
    return _tr(ENTITY_LABELS[entity]) if entity in ENTITY_LABELS else entity


def local_time(stamp: str | None, *, with_time: bool = True) -> str:
    """An ISO time stamp (UTC, as the journal and the server write them) in this computer's time:
    "05/09/2025 14:32"; what cannot be read is shown as it is."""
    moment = local_moment(stamp)
    if moment is None:
        return stamp or ""
    return fmt_datetime(moment) if with_time else fmt_date(moment)


class _HeldRowsModel(ListTableModel, Generic[Row]):
    """A table that holds its few rows and their display texts, made once per ``set_rows``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._texts: list[tuple[str, ...]] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = [self._row_texts(r) for r in self._rows]
        self.endResetModel()

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def _row_texts(self, row: Row) -> tuple[str, ...]:
        raise NotImplementedError


class RefusedTableModel(_HeldRowsModel[RefusedChange]):
    """The refused changes, oldest first: the record, what was done to it, when, and the
    server's code and reason. Every row is one the clerk must look at (amber)."""

    RECORD, KIND, ACTION, CHANGED, CODE, REASON = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = [
            self.tr("Bản ghi"),
            self.tr("Loại dữ liệu"),
            self.tr("Thay đổi"),
            self.tr("Lúc sửa"),
            self.tr("Mã lỗi"),
            self.tr("Lý do máy chủ từ chối"),
        ]
        self._header_tips = [
            self.tr("Mã và tên học sinh, hoặc số serial của thiết bị"),
            self.tr("Loại bản ghi bị từ chối"),
            self.tr("Việc đã làm trên máy này: thêm mới, sửa hay xóa"),
            self.tr("Lúc thay đổi được ghi trên máy này"),
            self.tr("Mã lỗi của máy chủ (báo mã này khi cần hỗ trợ)"),
            self.tr("Điều máy chủ yêu cầu sửa; sửa bản ghi rồi bấm “Gửi lại”"),
        ]
        self._look = FlaggedRowLook(mark_column=self.RECORD)

    def change(self, row: int) -> RefusedChange:
        return self._rows[row]

    def seq(self, row: int) -> int:
        return self._rows[row].seq

    def row_of(self, seq: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.seq == seq), None)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not self.checkIndex(index, VALID):
            return None
        row, column = index.row(), index.column()
        if role == DISPLAY:
            return self._texts[row][column]
        if role == ID:
            return self._rows[row].seq
        if role == FLAGGED:
            return True
        if role == TOOLTIP and column != self.RECORD:
            return self._texts[row][self.REASON] or None
        return self._look.data(role, column, lambda: self._texts[row][self.REASON])

    def _row_texts(self, r: RefusedChange) -> tuple[str, ...]:
        action = _tr(ACTION_LABELS[r.op]) if r.op in ACTION_LABELS else r.op
        return (
            r.label,
            entity_label(r.entity),
            action,
            local_time(r.changed_at),
            r.code or "",
            r.message or "",
        )


class DecisionTableModel(_HeldRowsModel[ReceivedDecision]):
    """The review decisions received, newest first. A returned need is what the clerk must fix
    (in the returned look) until it is corrected; the last column says when it was corrected and
    whether the correction was sent (the core's ``follow_up``). A decision for a student not on
    this computer says so."""

    CODE, NAME, DECISION, COMMENT, DECIDED, FOLLOW_UP = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = [
            self.tr("Mã học sinh"),
            self.tr("Họ và tên"),
            self.tr("Kết quả"),
            self.tr("Ý kiến của Phòng GD&ĐT"),
            self.tr("Ngày duyệt"),
            self.tr("Sửa và gửi lại"),
        ]
        self._header_tips = [
            self.tr("Mã học sinh trong quyết định của Phòng"),
            self.tr("Học sinh trên máy này"),
            self.tr("Nhu cầu được duyệt, hay bị trả lại để nhà trường sửa"),
            self.tr("Lý do trả lại hoặc ghi chú của người duyệt"),
            self.tr("Ngày Phòng GD&ĐT ra quyết định"),
            self.tr(
                "Nhu cầu bị trả lại: nhà trường đã sửa chưa (ngày sửa), và bản sửa đã gửi lên "
                "máy chủ hay còn chờ gửi"
            ),
        ]
        self._look = ReturnedRowLook(mark_column=self.CODE, status_column=self.DECISION)

    def decision(self, row: int) -> ReceivedDecision:
        return self._rows[row]

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not self.checkIndex(index, VALID):
            return None
        row, column = index.row(), index.column()
        decision = self._rows[row]
        if role == DISPLAY:
            return self._texts[row][column]
        if role == ID:
            return decision.cursor
        follow_up = decision.follow_up
        # To fix: returned and not corrected yet (or the correction was refused).
        to_fix = decision.returned and (
            follow_up is None or follow_up.state in (Correction.NOT_CORRECTED, Correction.REFUSED)
        )
        if role == FLAGGED:
            return to_fix
        if role == TOOLTIP and column == self.COMMENT:
            return decision.comment or None
        if role == TOOLTIP and column == self.FOLLOW_UP and follow_up is not None:
            return self._follow_up_tip(follow_up)
        if role == FOREGROUND:
            if decision.student_id is None and column == self.NAME:
                return UNKNOWN_STUDENT_COLOUR
            if column == self.FOLLOW_UP and follow_up is not None:
                return SENT_COLOUR if follow_up.state is Correction.SENT else None
        if not to_fix:
            return None
        return self._look.data(
            role, column, lambda: self.tr("Nhu cầu bị trả lại: sửa theo ý kiến rồi đồng bộ lại")
        )

    def _follow_up_text(self, follow_up: FollowUp | None) -> str:
        if follow_up is None:
            return ""
        if follow_up.state is Correction.NOT_CORRECTED:
            return self.tr("Chưa sửa")
        if follow_up.state is Correction.SETTLED:
            return self.tr("Không còn bị trả lại")
        corrected = fmt_date(follow_up.corrected_on) if follow_up.corrected_on else ""
        if follow_up.state is Correction.WAITING:
            return self.tr("Đã sửa ngày {date} · chờ gửi").format(date=corrected)
        if follow_up.state is Correction.REFUSED:
            return self.tr("Đã sửa ngày {date} · bị từ chối").format(date=corrected)
        return self.tr("Đã sửa ngày {date} · đã gửi lại").format(date=corrected)

    def _follow_up_tip(self, follow_up: FollowUp) -> str:
        if follow_up.state is Correction.NOT_CORRECTED:
            return self.tr("Mở học sinh, sửa theo ý kiến của Phòng rồi lưu; sau đó đồng bộ.")
        if follow_up.state is Correction.SETTLED:
            return self.tr(
                "Nhu cầu của học sinh này không còn ở trạng thái bị trả lại (Phòng đã duyệt lại, "
                "hoặc em đã nhận thiết bị)."
            )
        if follow_up.state is Correction.WAITING:
            return self.tr("Bản sửa sẽ được gửi ở lần đồng bộ tới (nút “Đồng bộ”, F9).")
        if follow_up.state is Correction.REFUSED:
            return self.tr(
                "Máy chủ từ chối bản sửa: xem lý do ở thẻ “Thay đổi bị từ chối”, sửa rồi gửi lại."
            )
        sent = fmt_date(follow_up.sent_on) if follow_up.sent_on else ""
        return self.tr(
            "Máy chủ đã nhận bản sửa ngày {date}; nhu cầu chờ Phòng GD&ĐT duyệt lại."
        ).format(date=sent)

    def _row_texts(self, d: ReceivedDecision) -> tuple[str, ...]:
        name = d.full_name or self.tr("(không có trên máy này)")
        verdict = _tr(DECISION_LABELS[d.decision]) if d.decision in DECISION_LABELS else d.decision
        return (
            d.student_code,
            name,
            verdict,
            d.comment or "",
            local_time(d.decided_at or d.received_at, with_time=False),
            self._follow_up_text(d.follow_up),
        )
