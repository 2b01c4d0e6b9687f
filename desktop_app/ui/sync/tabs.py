"""The two tables at the bottom of the Đồng bộ page: the changes the server refused (with their
reasons; open the record, send again) and the district's review decisions received.

The page connects their buttons; the sentences are the page's (context "SyncPage")."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.reviews import ReceivedDecision
from desktop_app.core.store.outbox import RefusedChange
from desktop_app.ui.common import list_page
from desktop_app.ui.common.text import number
from desktop_app.ui.common.widgets import muted
from desktop_app.ui.sync.models import DecisionTableModel, RefusedTableModel

_CONTEXT = "SyncPage"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def _tr_models(text: str) -> str:
    """A sentence of the decisions table (its model's context)."""
    return QCoreApplication.translate("DecisionTableModel", text)


def _trn(text: str, n: int) -> str:
    """A sentence that says a count: English chooses its singular or plural form by ``n``."""
    return QCoreApplication.translate(_CONTEXT, text, "", n)


class RefusedTab(QWidget):
    """The refused changes, several of which can be chosen (to send them again); the chosen
    one's reason in full under the table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RefusedTableModel(self)
        self.table = list_page.list_table("refusedTable", self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        list_page.size_columns(
            self.table,
            {
                RefusedTableModel.RECORD: ["HS000001 — Nguyễn Thị Thu Hà", "SN00000001 Galaxy Tab"],
                RefusedTableModel.KIND: [_tr("Nhu cầu thiết bị")],
                RefusedTableModel.ACTION: [_tr("Thêm mới")],
                RefusedTableModel.CHANGED: ["00/00/0000 00:00"],
                RefusedTableModel.CODE: ["missing_field"],
            },
            stretch=RefusedTableModel.REASON,
            marked=RefusedTableModel.RECORD,
        )
        self.open_button = QPushButton(_tr("Mở bản ghi"))
        self.open_button.setObjectName("openRecord")
        self.open_button.setToolTip(
            _tr("Mở học sinh, thiết bị… của dòng đang chọn để sửa (Enter hoặc nhấp đúp)")
        )
        self.resend_button = QPushButton(_tr("Gửi lại"))
        self.resend_button.setObjectName("resend")
        self.resend_button.setToolTip(
            _tr(
                "Đưa các dòng đang chọn trở lại hàng chờ rồi đồng bộ ngay (chọn nhiều dòng bằng "
                "Ctrl hoặc Shift, tất cả bằng Ctrl+A)"
            )
        )
        self.count, self.message_label = list_page.status_labels("refusedCount")
        hint = muted(
            _tr(
                "Máy chủ không nhận các thay đổi dưới đây; các thay đổi khác vẫn được gửi bình "
                "thường. Mở bản ghi, sửa theo lý do, rồi bấm “Gửi lại”."
            )
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(hint)
        layout.addLayout(
            list_page.buttons_row(
                [(self.open_button, self.resend_button)], self.message_label, self.count
            )
        )
        layout.addWidget(self.table, 1)
        self.detail = QLabel()
        self.detail.setObjectName("refusalDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.hide()
        layout.addWidget(self.detail)

    def show_changes(self, changes: list[RefusedChange]) -> None:
        """New rows; the changes chosen before stay chosen."""
        selected = self.selected_seqs()
        self.model.set_rows(changes)
        self.select_seqs(selected)
        count = self.model.rowCount()
        self.count.setText(_trn("{count} thay đổi", count).format(count=number(count)))

    def selected_seqs(self) -> list[int]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.model.seq(row) for row in rows]

    def select_seqs(self, seqs: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        for seq in seqs:
            row = self.model.row_of(seq)
            if row is not None:
                index = self.model.index(row, 0)
                selection.select(
                    index,
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )

    def current_row(self) -> int | None:
        """The row the clerk is on (the current one if chosen, else the first chosen)."""
        index = self.table.selectionModel().currentIndex()
        if index.isValid() and self.table.selectionModel().isRowSelected(index.row()):
            return index.row()
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return rows[0] if rows else None

    def update_buttons(self, running: bool) -> None:
        """The chosen change's reason in full; "Gửi lại" only while no sync runs."""
        has_refused = self.table.selectionModel().hasSelection()
        row = self.current_row()
        if row is not None:
            change = self.model.change(row)
            self.detail.setText(
                _tr("{record} — {code}: {reason}").format(
                    record=change.label, code=change.code or "?", reason=change.message or ""
                )
            )
        self.detail.setVisible(row is not None)
        self.open_button.setEnabled(has_refused)
        self.resend_button.setEnabled(has_refused and not running)

    def say(self, text: str, colour: str = "") -> None:
        self.message_label.setStyleSheet(f"color: {colour};" if colour else "")
        self.message_label.setText(text)


class DecisionsTab(QWidget):
    """The review decisions received, newest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DecisionTableModel(self)
        self.table = list_page.list_table("decisionTable", self.model)
        list_page.size_columns(
            self.table,
            {
                DecisionTableModel.CODE: ["6600070125", "HS000001"],
                DecisionTableModel.NAME: ["Nguyễn Thị Thanh Hương"],
                DecisionTableModel.DECISION: [_tr("Đã duyệt"), _tr("Trả lại")],
                DecisionTableModel.DECIDED: ["00/00/0000"],
                DecisionTableModel.FOLLOW_UP: [
                    _tr_models(text).format(date="00/00/0000")
                    for text in (
                        "Đã sửa ngày {date} · chờ gửi",
                        "Đã sửa ngày {date} · đã gửi lại",
                        "Đã sửa ngày {date} · bị từ chối",
                    )
                ],
            },
            stretch=DecisionTableModel.COMMENT,
            marked=DecisionTableModel.CODE,
        )
        header = self.table.horizontalHeader()
        # the date beside the verdict, then what the school did about it; the comment last, widest
        header.moveSection(header.visualIndex(DecisionTableModel.DECIDED),
                           header.visualIndex(DecisionTableModel.COMMENT))  # fmt: skip
        header.moveSection(header.visualIndex(DecisionTableModel.FOLLOW_UP),
                           header.visualIndex(DecisionTableModel.COMMENT))  # fmt: skip
        self.open_student_button = QPushButton(_tr("Mở học sinh"))
        self.open_student_button.setObjectName("openStudent")
        self.open_student_button.setToolTip(
            _tr("Mở học sinh của dòng đang chọn để sửa theo ý kiến (Enter hoặc nhấp đúp)")
        )
        self.count, message = list_page.status_labels("decisionCount")
        hint = muted(
            _tr(
                "Kết quả duyệt nhu cầu của Phòng GD&ĐT, nhận về ở mỗi lần đồng bộ (mới nhất ở "
                "trên). Nhu cầu bị trả lại được đánh dấu trên trang Học sinh & nhu cầu: sửa theo "
                "ý kiến rồi đồng bộ lại."
            )
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(hint)
        layout.addLayout(list_page.buttons_row([(self.open_student_button,)], message, self.count))
        layout.addWidget(self.table, 1)

    def show_decisions(self, decisions: list[ReceivedDecision]) -> None:
        self.model.set_rows(decisions)
        returned = sum(
            self.model.decision(r).decision == "returned" for r in range(self.model.rowCount())
        )
        count = self.model.rowCount()
        self.count.setText(
            _trn("{count} kết quả · {returned} trả lại", count).format(
                count=number(count), returned=number(returned)
            )
        )

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def update_buttons(self) -> None:
        self.open_student_button.setEnabled(self.table.selectionModel().hasSelection())
