"""The widgets of the Bàn giao page: the batch bar with the return and print buttons, the
proposal tab (its table, buttons, the line's detail and the tie-break rule) and the tabs of the
students and devices left out. A mixin of ``HandoverPage``; its words keep the page's
translation context."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.allocation import TIE_BREAK_RULE
from desktop_app.core.templates.spec import load_codelists
from desktop_app.ui.common import list_page
from desktop_app.ui.common.template_form import ERROR_COLOR
from desktop_app.ui.common.text import shown
from desktop_app.ui.common.widgets import muted
from desktop_app.ui.handover.batch_bar import BatchBar
from desktop_app.ui.handover.model import ProposalTableModel
from desktop_app.ui.handover.tables import SkippedTableModel, UnusedTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("HandoverPage", text)


class LayoutMixin:
    """``_build_options``, ``_build_proposal_tab`` and ``_side_table``; ``self`` is the page."""

    _db: Any  # and the page's today(), toggle_selected() and _side_activated()

    def _build_options(self) -> None:
        self.batch = BatchBar(self._db, self.today(), self)
        # the bar's inputs, by the names the page and its tests use
        self.date_edit, self.date_error = self.batch.date_edit, self.batch.date_error
        self.handed_by, self.position = self.batch.handed_by, self.batch.position
        self.return_button = QPushButton(_tr("Thu hồi thiết bị…"))
        self.return_button.setObjectName("returnButton")
        self.return_button.setToolTip(
            _tr("Ghi nhận thiết bị được trả lại: hỏng, học sinh chuyển trường, mất…")
        )
        self.minutes_button = QPushButton(_tr("In biên bản…"))
        self.minutes_button.setObjectName("minutesButton")
        self.minutes_button.setToolTip(_tr("Xem trước, in hoặc lưu PDF biên bản bàn giao (Ctrl+P)"))
        self.batch.add_buttons(self.return_button, self.minutes_button)

    def _build_proposal_tab(self) -> QWidget:
        self.model = ProposalTableModel(self)
        self.table = list_page.list_table("proposalTable", self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.horizontalHeader().setStretchLastSection(True)
        types = load_codelists()["device_type"].labels
        list_page.size_columns(
            self.table,
            {
                ProposalTableModel.CHECK: [""],
                ProposalTableModel.CODE: ["6600070125", "HS000001"],
                ProposalTableModel.NAME: ["Nguyễn Thị Thu Hà"],
                ProposalTableModel.CLASS: ["9A10"],
                ProposalTableModel.CATEGORY: ["4"],
                ProposalTableModel.REQUESTED: types,
                ProposalTableModel.SERIAL: ["SN0000000000"],
                ProposalTableModel.DEVICE: ["Samsung Galaxy Tab A8"],
                ProposalTableModel.RECEIVER: ["Người giám hộ"],
            },
            stretch=ProposalTableModel.REASON,
            marked=ProposalTableModel.CODE,
        )
        check_title = str(
            self.model.headerData(ProposalTableModel.CHECK, Qt.Orientation.Horizontal)
        )
        self.table.setColumnWidth(  # a check box under a short title
            ProposalTableModel.CHECK,
            max(36, self.table.fontMetrics().horizontalAdvance(check_title) + 14),
        )
        self.table.horizontalHeader().setSectionResizeMode(
            ProposalTableModel.REASON, self.table.horizontalHeader().ResizeMode.Interactive
        )
        self.table.setColumnWidth(ProposalTableModel.REASON, 560)
        toggle = QShortcut(QKeySequence(Qt.Key.Key_Space), self.table, self.toggle_selected)
        toggle.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.propose_button = QPushButton(_tr("Đề xuất phân bổ"))
        self.propose_button.setObjectName("proposeButton")
        self.propose_button.setToolTip(
            _tr("Lập lại đề xuất theo thứ tự ưu tiên từ dữ liệu hiện có (F5 giữ các thay đổi)")
        )
        self.record_button = QPushButton(_tr("Ghi nhận bàn giao"))
        self.record_button.setObjectName("recordButton")
        self.record_button.setToolTip(
            _tr("Ghi nhận bàn giao các dòng được đánh dấu Giao (Ctrl+Enter)")
        )
        self.device_button = QPushButton(_tr("Đổi thiết bị…"))
        self.device_button.setObjectName("changeDeviceButton")
        self.device_button.setToolTip(
            _tr("Chọn thiết bị khác cho dòng đang chọn (nhấp đúp vào dòng)")
        )
        self.receiver_button = QPushButton(_tr("Người nhận…"))
        self.receiver_button.setObjectName("receiverButton")
        self.receiver_button.setToolTip(
            _tr("Học sinh, cha mẹ hay người giám hộ nhận thiết bị; tình trạng, phụ kiện")
        )
        self.count_label, self.message_label = list_page.status_labels("proposalCount")
        # "N dòng có lỗi": shown after a refused recording, follows the lines until none is left
        self.error_banner = QLabel()
        self.error_banner.setObjectName("errorBanner")
        self.error_banner.setWordWrap(True)
        self.error_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.error_banner.setStyleSheet(
            f"QLabel#errorBanner {{ color: {ERROR_COLOR}; background: #fde4e1;"
            f" border: 1px solid {ERROR_COLOR}; border-radius: 4px; padding: 6px 8px; }}"
        )
        self.error_banner.hide()
        buttons = [(self.propose_button, self.record_button),
                   (self.device_button, self.receiver_button)]  # fmt: skip

        self.detail_label = QLabel()
        self.detail_label.setObjectName("lineDetail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rule_label = muted(shown(TIE_BREAK_RULE))
        self.rule_label.setObjectName("tieBreakRule")
        self.rule_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(list_page.buttons_row(buttons, self.message_label, self.count_label))
        layout.addWidget(self.error_banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.rule_label)
        return tab

    def _side_table(self, name: str, model: Any, hint: str) -> QTableView:
        """A tab of students or devices left out of the proposal, each with why."""
        table = list_page.list_table(name, model)
        table.horizontalHeader().setStretchLastSection(True)
        types = load_codelists()["device_type"].labels
        samples: dict[int, list[str]]
        if isinstance(model, SkippedTableModel):
            samples = {
                SkippedTableModel.CODE: ["6600070125"],
                SkippedTableModel.NAME: ["Nguyễn Thị Thanh Hương"],
                SkippedTableModel.CLASS: ["10A10"],
                SkippedTableModel.CATEGORY: ["4"],
                SkippedTableModel.REQUESTED: types,
            }
            stretch = SkippedTableModel.REASON
        else:
            samples = {
                UnusedTableModel.SERIAL: ["SN0000000000"],
                UnusedTableModel.TYPE: types,
                UnusedTableModel.DEVICE: ["Samsung Galaxy Tab A8"],
                UnusedTableModel.BATCH: ["DOT-2021-01"],
                UnusedTableModel.RECEIVED: ["00/00/0000"],
            }
            stretch = UnusedTableModel.REASON
        list_page.size_columns(table, samples, stretch=stretch)
        table.activated.connect(lambda index, m=model: self._side_activated(m, index))
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(muted(hint))
        layout.addWidget(table, 1)
        self.tabs.addTab(tab, "")
        return table
