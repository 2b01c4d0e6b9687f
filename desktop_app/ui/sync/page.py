"""Đồng bộ: what waits to be sent, the last sync and its result, the account, "Đồng bộ ngay" with its
progress and Cancel, the changes the server refused (open the record, send again), the district's
review decisions received, and the USB package for a school without a network.

The sync itself belongs to the window's ``SyncController`` (``window.sync``): the toolbar button
and the automatic retry use it too, so this page only starts it and listens. Every question about
the data goes to the core (``outbox``, ``reviews``); the package is ``sync.package.export_package``
on the database worker.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.errors import SongMayError
from desktop_app.core.jobs import JobState
from desktop_app.core.reviews import received_decisions
from desktop_app.core.school import load_school
from desktop_app.core.store.outbox import (
    outbox_counts,
    refused_changes,
    requeue_refused,
    sync_state,
)
from desktop_app.core.students import load_student_form
from desktop_app.ui.common import list_page
from desktop_app.ui.common.jobs import run_db_job
from desktop_app.ui.common.template_form import ERROR_COLOR, WARNING_COLOR
from desktop_app.ui.common.widgets import Card, ElidedLabel, StatCard, heading, muted, open_message
from desktop_app.ui.sync.controller import SyncController
from desktop_app.ui.sync.models import DecisionTableModel, RefusedTableModel, local_time
from sync.client import SyncReport
from sync.package import PackageSummary, export_package

TAB_REFUSED, TAB_DECISIONS = range(2)
IDLE, RUNNING = range(2)  # the pages of the progress area


class SyncPage(QWidget):
    """The page of the main window (section "sync"). ``dataChanged`` is emitted after the clerk
    put refused changes back in the queue here (the window then updates the other pages)."""

    dataChanged = Signal()

    def __init__(
        self, db: Database, db_path: Path, controller: SyncController,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("syncPage")
        self._db = db
        self._db_path = Path(db_path)
        self.controller = controller
        self._locale = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
        self.message_box: QMessageBox | None = None

        title = heading(self.tr("Đồng bộ"))
        intro = muted(
            self.tr(
                "Gửi các thay đổi của nhà trường lên máy chủ của Phòng/Sở GD&ĐT và nhận kết quả "
                "duyệt. Mọi thay đổi được lưu trên máy này trước; khi chưa có mạng, chúng chờ và "
                "được gửi ở lần đồng bộ sau."
            )
        )
        self.cards = {
            "pending": StatCard(self.tr("Thay đổi chờ gửi")),
            "sent": StatCard(self.tr("Đã gửi lên máy chủ")),
            "rejected": StatCard(self.tr("Bị máy chủ từ chối")),
        }
        cards = QHBoxLayout()
        cards.setSpacing(12)
        for card in self.cards.values():
            cards.addWidget(card, 1)

        middle = QHBoxLayout()
        middle.setSpacing(12)
        middle.addWidget(self._sync_card(), 3)
        middle.addWidget(self._account_card(), 2)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("syncTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._refused_tab(), "")
        self.tabs.addTab(self._decisions_tab(), "")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(cards)
        layout.addLayout(middle)
        layout.addWidget(self.tabs, 1)

        controller.started.connect(self._sync_started)
        controller.progressed.connect(self._sync_progressed)
        controller.finished.connect(self._sync_finished)
        controller.accountChanged.connect(self.refresh)
        controller.onlineChanged.connect(self._online_changed)

        self.refresh()
        self.tabs.setCurrentIndex(TAB_REFUSED if self.refused_model.rowCount() else TAB_DECISIONS)
        if controller.is_running():
            self._sync_started(controller.automatic)

    # --- building --------------------------------------------------------------------------------

    def _sync_card(self) -> Card:
        card = Card()
        self.last_label = heading("", level=2)
        self.last_label.setObjectName("lastSync")
        self.result_label = QLabel()
        self.result_label.setObjectName("lastResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.sync_button = QPushButton(self.tr("Đồng bộ ngay"))
        self.sync_button.setObjectName("syncNow")
        self.sync_button.setToolTip(
            self.tr("Gửi các thay đổi đang chờ và nhận kết quả duyệt của Phòng (F9)")
        )
        font = QFont(self.sync_button.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.sync_button.setFont(font)
        self.sync_button.setMinimumHeight(self.sync_button.sizeHint().height() + 12)
        self.sync_button.setMinimumWidth(self.sync_button.sizeHint().width() + 40)
        self.sync_button.setAutoDefault(False)
        self.export_button = QPushButton(self.tr("Xuất gói dữ liệu (USB)…"))
        self.export_button.setObjectName("exportPackage")
        self.export_button.setToolTip(
            self.tr(
                "Khi không có mạng: ghi các thay đổi đang chờ ra một tệp để chép vào USB, mang "
                "đến Phòng GD&ĐT"
            )
        )
        self.export_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.sync_button)
        self.export_button.setMinimumHeight(self.sync_button.minimumHeight())
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)

        self.network_label = muted("")
        self.network_label.setObjectName("networkHint")
        self.progress = QProgressBar()
        self.progress.setObjectName("syncProgress")
        self.progress.setTextVisible(True)
        self.stage_label = QLabel()
        self.stage_label.setObjectName("syncStage")
        self.cancel_button = QPushButton(self.tr("Hủy"))
        self.cancel_button.setObjectName("cancelSync")
        self.cancel_button.setToolTip(
            self.tr("Dừng sau yêu cầu đang gửi; những gì chưa gửi xong vẫn chờ lần sau")
        )
        self.cancel_button.setAutoDefault(False)
        running = QWidget()
        row = QHBoxLayout(running)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(self.progress, 1)
        row.addWidget(self.stage_label)
        row.addWidget(self.cancel_button)
        self.progress_area = QStackedWidget()
        self.progress_area.setObjectName("progressArea")
        self.progress_area.addWidget(self.network_label)
        self.progress_area.addWidget(running)
        self.progress_area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.progress_area.setFixedHeight(  # the bar's row, or two lines of the hint
            max(
                self.cancel_button.sizeHint().height() + 2,
                2 * self.network_label.fontMetrics().lineSpacing() + 4,
            )
        )

        card.body.setSpacing(6)
        card.body.addWidget(self.last_label)
        card.body.addWidget(self.result_label)
        card.body.addStretch(1)
        card.body.addLayout(buttons)
        card.body.addWidget(self.progress_area)

        self.sync_button.clicked.connect(self.sync_now)
        self.cancel_button.clicked.connect(self.cancel_sync)
        self.export_button.clicked.connect(self.export_package)
        return card

    def _account_card(self) -> Card:
        card = Card()
        card.body.setSpacing(6)
        card.body.addWidget(heading(self.tr("Tài khoản đồng bộ"), level=2))
        self.endpoint_label = ElidedLabel()
        self.endpoint_label.setObjectName("accountEndpoint")
        self.school_label = QLabel()
        self.school_label.setObjectName("accountSchool")
        self.username_label = QLabel()
        self.username_label.setObjectName("accountUsername")
        self.password_label = QLabel()
        self.password_label.setObjectName("accountPassword")
        self.password_label.setWordWrap(True)
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(4)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Máy chủ"), self.endpoint_label)
        form.addRow(self.tr("Mã trường"), self.school_label)
        form.addRow(self.tr("Tên đăng nhập"), self.username_label)
        form.addRow(self.tr("Mật khẩu"), self.password_label)
        card.body.addLayout(form)
        card.body.addStretch(1)

        self.login_button = QPushButton()
        self.login_button.setObjectName("loginButton")
        self.login_button.setAutoDefault(False)
        self.auto_retry = QCheckBox(self.tr("Tự đồng bộ khi có mạng trở lại"))
        self.auto_retry.setObjectName("autoRetry")
        self.auto_retry.setToolTip(
            self.tr(
                "Khi máy chủ trả lời lại sau lúc mất mạng, tự gửi các thay đổi đang chờ (kiểm tra "
                "khoảng mỗi phút)"
            )
        )
        self.auto_retry.setChecked(self.controller.auto_retry())
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(self.login_button)
        row.addWidget(self.auto_retry, 1)
        card.body.addLayout(row)

        self.login_button.clicked.connect(self.open_login)
        self.auto_retry.toggled.connect(self.controller.set_auto_retry)
        return card

    def _refused_tab(self) -> QWidget:
        self.refused_model = RefusedTableModel(self)
        self.refused_table = list_page.list_table("refusedTable", self.refused_model)
        self.refused_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        list_page.size_columns(
            self.refused_table,
            {
                RefusedTableModel.RECORD: ["HS000001 — Nguyễn Thị Thu Hà", "SN00000001 Galaxy Tab"],
                RefusedTableModel.KIND: [self.tr("Nhu cầu thiết bị")],
                RefusedTableModel.ACTION: [self.tr("Thêm mới")],
                RefusedTableModel.CHANGED: ["00/00/0000 00:00"],
                RefusedTableModel.CODE: ["missing_field"],
            },
            stretch=RefusedTableModel.REASON,
            marked=RefusedTableModel.RECORD,
        )
        self.open_button = QPushButton(self.tr("Mở bản ghi"))
        self.open_button.setObjectName("openRecord")
        self.open_button.setToolTip(
            self.tr("Mở học sinh, thiết bị… của dòng đang chọn để sửa (Enter hoặc nhấp đúp)")
        )
        self.resend_button = QPushButton(self.tr("Gửi lại"))
        self.resend_button.setObjectName("resend")
        self.resend_button.setToolTip(
            self.tr(
                "Đưa các dòng đang chọn trở lại hàng chờ rồi đồng bộ ngay (chọn nhiều dòng bằng "
                "Ctrl hoặc Shift, tất cả bằng Ctrl+A)"
            )
        )
        self.refused_count, self.message_label = list_page.status_labels("refusedCount")
        hint = muted(
            self.tr(
                "Máy chủ không nhận các thay đổi dưới đây; các thay đổi khác vẫn được gửi bình "
                "thường. Mở bản ghi, sửa theo lý do, rồi bấm “Gửi lại”."
            )
        )
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(hint)
        layout.addLayout(
            list_page.buttons_row(
                [(self.open_button, self.resend_button)], self.message_label, self.refused_count
            )
        )
        layout.addWidget(self.refused_table, 1)
        self.refusal_detail = QLabel()
        self.refusal_detail.setObjectName("refusalDetail")
        self.refusal_detail.setWordWrap(True)
        self.refusal_detail.setTextFormat(Qt.TextFormat.PlainText)
        self.refusal_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refusal_detail.hide()
        layout.addWidget(self.refusal_detail)

        self.open_button.clicked.connect(lambda _=False: self.open_record())
        self.resend_button.clicked.connect(self.resend_selected)
        self.refused_table.activated.connect(self._refused_activated)
        self.refused_table.selectionModel().selectionChanged.connect(self._update_buttons)
        return tab

    def _decisions_tab(self) -> QWidget:
        self.decision_model = DecisionTableModel(self)
        self.decision_table = list_page.list_table("decisionTable", self.decision_model)
        list_page.size_columns(
            self.decision_table,
            {
                DecisionTableModel.CODE: ["6600070125", "HS000001"],
                DecisionTableModel.NAME: ["Nguyễn Thị Thanh Hương"],
                DecisionTableModel.DECISION: [self.tr("Đã duyệt"), self.tr("Trả lại")],
                DecisionTableModel.DECIDED: ["00/00/0000"],
            },
            stretch=DecisionTableModel.COMMENT,
            marked=DecisionTableModel.CODE,
        )
        self.decision_table.horizontalHeader().moveSection(
            DecisionTableModel.DECIDED, DecisionTableModel.COMMENT
        )  # the date beside the verdict, the comment last and widest
        self.open_student_button = QPushButton(self.tr("Mở học sinh"))
        self.open_student_button.setObjectName("openStudent")
        self.open_student_button.setToolTip(
            self.tr("Mở học sinh của dòng đang chọn để sửa theo ý kiến (Enter hoặc nhấp đúp)")
        )
        self.decision_count, decision_message = list_page.status_labels("decisionCount")
        hint = muted(
            self.tr(
                "Kết quả duyệt nhu cầu của Phòng GD&ĐT, nhận về ở mỗi lần đồng bộ (mới nhất ở "
                "trên). Nhu cầu bị trả lại được đánh dấu trên trang Học sinh & nhu cầu: sửa theo "
                "ý kiến rồi đồng bộ lại."
            )
        )
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(hint)
        layout.addLayout(
            list_page.buttons_row(
                [(self.open_student_button,)], decision_message, self.decision_count
            )
        )
        layout.addWidget(self.decision_table, 1)
        self.open_student_button.clicked.connect(lambda _=False: self.open_decision_student())
        self.decision_table.activated.connect(self._decision_activated)
        self.decision_table.selectionModel().selectionChanged.connect(self._update_buttons)
        return tab

    # --- reading ---------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read the counts, the last result, the account and both tables again."""
        counts = outbox_counts(self._db)
        for key, card in self.cards.items():
            card.set_value(self._number(counts[key]))
        rejected = self.cards["rejected"].value_label
        rejected.setStyleSheet(f"color: {ERROR_COLOR};" if counts["rejected"] else "")
        state = sync_state(self._db)
        self._show_last(state.last_sync_at, state.last_result)
        self._show_account()
        selected = self.selected_seqs()
        self.refused_model.set_rows(refused_changes(self._db))
        self._select_seqs(selected)
        self.decision_model.set_rows(received_decisions(self._db))
        self.tabs.setTabText(
            TAB_REFUSED,
            self.tr("Thay đổi bị từ chối ({count})").format(
                count=self._number(self.refused_model.rowCount())
            ),
        )
        self.tabs.setTabText(
            TAB_DECISIONS,
            self.tr("Kết quả duyệt nhận về ({count})").format(
                count=self._number(self.decision_model.rowCount())
            ),
        )
        self.refused_count.setText(
            self.tr("{count} thay đổi").format(count=self._number(self.refused_model.rowCount()))
        )
        returned = sum(
            self.decision_model.decision(r).decision == "returned"
            for r in range(self.decision_model.rowCount())
        )
        self.decision_count.setText(
            self.tr("{count} kết quả · {returned} trả lại").format(
                count=self._number(self.decision_model.rowCount()),
                returned=self._number(returned),
            )
        )
        self._show_network()
        self._update_buttons()

    def _show_last(self, last_ok: str | None, last: dict[str, Any] | None) -> None:
        if not last:
            self.last_label.setText(self.tr("Chưa đồng bộ lần nào"))
            self.result_label.setText(
                self.tr("Bấm “Đồng bộ ngay” khi máy có mạng để gửi dữ liệu lên Phòng GD&ĐT.")
            )
            self.result_label.setStyleSheet("")
            return
        self.last_label.setText(
            self.tr("Lần đồng bộ gần nhất: {time}").format(
                time=local_time(last.get("finished_at") or last.get("started_at"))
            )
        )
        error = last.get("error")
        if error:
            text = error
            if last_ok:
                text += "\n" + self.tr("Lần đồng bộ thành công gần nhất: {time}.").format(
                    time=local_time(last_ok)
                )
            cancelled = last.get("error_code") == "cancelled"
            self.result_label.setStyleSheet(
                f"color: {WARNING_COLOR if cancelled else ERROR_COLOR};"
            )
            self.result_label.setText(text)
            return
        self.result_label.setStyleSheet("")
        sent, decisions = int(last.get("sent") or 0), int(last.get("decisions") or 0)
        if not sent and not decisions:
            self.result_label.setText(
                self.tr("Thành công: không có thay đổi mới để gửi, không có kết quả duyệt mới.")
            )
            return
        self.result_label.setText(
            self.tr(
                "Thành công: đã gửi {sent} thay đổi (máy chủ nhận {accepted}, đã có từ trước "
                "{duplicates}, từ chối {rejected}); nhận {decisions} kết quả duyệt."
            ).format(
                sent=self._number(sent),
                accepted=self._number(int(last.get("accepted") or 0)),
                duplicates=self._number(int(last.get("duplicates") or 0)),
                rejected=self._number(int(last.get("rejected") or 0)),
                decisions=self._number(decisions),
            )
        )
        if int(last.get("rejected") or 0):
            self.result_label.setStyleSheet(f"color: {WARNING_COLOR};")

    def _show_account(self) -> None:
        account = self.controller.account()
        if account is None:
            self.endpoint_label.set_full_text(self.tr("Chưa đăng nhập"))
            self.school_label.setText("—")
            self.username_label.setText("—")
            self.login_button.setText(self.tr("Đăng nhập…"))
        else:
            self.endpoint_label.set_full_text(account.endpoint)
            self.school_label.setText(account.school_code)
            self.username_label.setText(account.username)
            self.login_button.setText(self.tr("Đổi tài khoản…"))
        self.login_button.setToolTip(
            self.tr("Địa chỉ máy chủ, mã trường, tên đăng nhập và mật khẩu do Phòng GD&ĐT cấp")
        )
        if self.controller.keeps_passwords():
            self.password_label.setText(self.tr("Lưu trong kho mật khẩu của hệ điều hành"))
            self.password_label.setStyleSheet("")
        else:
            self.password_label.setText(
                self.tr("Hỏi mỗi lần đồng bộ (máy này không có kho mật khẩu an toàn)")
            )
            self.password_label.setStyleSheet(f"color: {WARNING_COLOR};")

    def _show_network(self) -> None:
        if self.controller.account() is None:
            text = self.tr(
                "Chưa có tài khoản đồng bộ: bấm “Đăng nhập…” và nhập tài khoản Phòng GD&ĐT cấp."
            )
        elif self.controller.is_online():
            text = self.tr("Máy chủ đồng bộ đang trả lời.")
        else:
            text = self.tr(
                "Chưa kết nối được máy chủ đồng bộ. Các thay đổi vẫn chờ; khi có mạng trở lại, "
                "chương trình tự đồng bộ (nếu bật) hoặc bấm “Đồng bộ ngay”."
            )
        self.network_label.setText(text)

    @Slot(bool)
    def _online_changed(self, _online: bool) -> None:
        self._show_network()

    # --- syncing ---------------------------------------------------------------------------------

    @Slot()
    def sync_now(self) -> None:
        self.controller.sync_now()

    @Slot()
    def cancel_sync(self) -> None:
        self.controller.cancel()
        self.cancel_button.setEnabled(False)
        self.stage_label.setText(self.tr("Đang hủy…"))

    @Slot()
    def open_login(self) -> None:
        self.controller.open_login()

    def is_busy(self) -> bool:
        return self.controller.is_running()

    @Slot(bool)
    def _sync_started(self, automatic: bool) -> None:
        self.progress.setRange(0, 0)  # busy until the first report
        self.stage_label.setText(
            self.tr("Tự đồng bộ khi có mạng trở lại…") if automatic else self.tr("Đang kết nối…")
        )
        self.cancel_button.setEnabled(not self.controller.is_cancelling())
        self.progress_area.setCurrentIndex(RUNNING)
        self._update_buttons()

    @Slot(int, int, str)
    def _sync_progressed(self, done: int, total: int, stage: str) -> None:
        if self.controller.is_cancelling():
            return
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
            self.progress.setFormat(f"{self._number(min(done, total))}/{self._number(total)}")
        else:
            self.progress.setRange(0, 0)
        if stage:
            self.stage_label.setText(stage)

    @Slot(object)
    def _sync_finished(self, _report: SyncReport | None) -> None:
        self.progress_area.setCurrentIndex(IDLE)
        self.refresh()
        if self.refused_model.rowCount():
            self.tabs.setCurrentIndex(TAB_REFUSED)
        elif _report is not None and _report.decisions:
            self.tabs.setCurrentIndex(TAB_DECISIONS)

    # --- refused changes -------------------------------------------------------------------------

    def selected_seqs(self) -> list[int]:
        rows = sorted(i.row() for i in self.refused_table.selectionModel().selectedRows())
        return [self.refused_model.seq(row) for row in rows]

    def _select_seqs(self, seqs: list[int]) -> None:
        selection = self.refused_table.selectionModel()
        selection.clearSelection()
        for seq in seqs:
            row = self.refused_model.row_of(seq)
            if row is not None:
                index = self.refused_model.index(row, 0)
                selection.select(
                    index,
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )

    def _current_refused_row(self) -> int | None:
        index = self.refused_table.selectionModel().currentIndex()
        if index.isValid() and self.refused_table.selectionModel().isRowSelected(index.row()):
            return index.row()
        rows = sorted(i.row() for i in self.refused_table.selectionModel().selectedRows())
        return rows[0] if rows else None

    @Slot()
    def resend_selected(self) -> int:
        """Put the chosen refused changes back in the queue, then sync; how many went back."""
        seqs = self.selected_seqs()
        if not seqs:
            return 0
        count = requeue_refused(self._db, seqs)
        self.refresh()
        self._say(
            self.tr("Đã đưa {count} thay đổi trở lại hàng chờ gửi.").format(
                count=self._number(count)
            )
        )
        self.dataChanged.emit()
        if count:
            self.controller.sync_now()
        return count

    def open_record(self, row: int | None = None) -> QWidget | None:
        """Go to the page of a refused change's record and open it for editing (the student's
        form, the device's form, the school profile; a handover shows its student's history)."""
        row = self._current_refused_row() if row is None else row
        if row is None:
            return None
        change = self.refused_model.change(row)
        if change.op == "delete":
            self._say(
                self.tr(
                    "Bản ghi này đã bị xóa trên máy này nên không mở được. Bấm “Gửi lại” để gửi "
                    "lệnh xóa một lần nữa."
                ),
                WARNING_COLOR,
            )
            return None
        if change.entity in ("student", "need"):
            return self._open_student(change.student_id)
        if change.entity == "handover":
            code = self._student_code(change.student_id)
            page = self._show("handover")
            if page is not None and code:
                page.show_history(code)
            return page
        if change.entity == "device":
            return self._open_device(change.entity_id)
        if change.entity in ("donation_batch", "donor"):
            page = self._show("receiving")
            if page is not None and change.entity == "donation_batch":
                page.select_batch(change.entity_id)
            return page
        if change.entity == "school":
            page = self._show("settings")
            return page.edit_school() if page is not None else None
        return None

    def open_decision_student(self, row: int | None = None) -> QWidget | None:
        if row is None:
            rows = self.decision_table.selectionModel().selectedRows()
            row = rows[0].row() if rows else None
        if row is None:
            return None
        decision = self.decision_model.decision(row)
        if decision.student_id is None:
            self._say(
                self.tr("Học sinh mã {code} không có trên máy này.").format(
                    code=decision.student_code
                ),
                WARNING_COLOR,
            )
            return None
        return self._open_student(decision.student_id)

    def _open_student(self, student_id: str | None) -> QWidget | None:
        code = self._student_code(student_id)
        if student_id is None or code is None:
            self._say(self.tr("Không tìm thấy học sinh này trên máy; có thể đã bị xóa."),
                      WARNING_COLOR)  # fmt: skip
            return None
        page = self._show("students")
        if page is None:
            return None
        page.search.setText(code)
        page.apply_filter()
        page.rows.select(student_id)
        return page.open_student_dialog(student_id)

    def _open_device(self, device_id: str) -> QWidget | None:
        page = self._show("receiving")
        if page is None:
            return None
        page.search.clear()
        page.select_batch(None)
        page.apply_filter()
        page.rows.select(device_id)
        return page.open_device_dialog(device_id)

    def _student_code(self, student_id: str | None) -> str | None:
        if student_id is None:
            return None
        try:
            return load_student_form(self._db, student_id).get("student_code")
        except SongMayError:
            return None

    def _show(self, key: str) -> Any:
        """Show another section of the main window; its page, or None on a page shown alone."""
        window = self.window()
        show_section = getattr(window, "show_section", None)
        if not callable(show_section):
            return None
        show_section(key)
        return window.current_page()  # type: ignore[attr-defined]

    @Slot(QModelIndex)
    def _refused_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.open_record(index.row())

    @Slot(QModelIndex)
    def _decision_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.open_decision_student(index.row())

    # --- the USB package -------------------------------------------------------------------------

    @Slot()
    def export_package(self) -> None:
        """Ask where, then write the pending changes into a package on the database worker."""
        if outbox_counts(self._db)["pending"] == 0:
            self._tell(
                QMessageBox.Icon.Information,
                self.tr("Xuất gói dữ liệu"),
                self.tr("Không có thay đổi nào chờ gửi, nên không cần xuất gói dữ liệu."),
            )
            return
        school = sync_state(self._db).school_code or load_school(self._db).code
        if not school:
            self._tell(
                QMessageBox.Icon.Warning,
                self.tr("Xuất gói dữ liệu"),
                self.tr("Chưa có mã trường: hãy ghi mã trường trong Cài đặt → Hồ sơ trường."),
            )
            return
        suggested = Path.home() / f"goi-dong-bo-{school}-{datetime.now():%Y%m%d-%H%M}.zip"
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Xuất gói dữ liệu"),
            str(suggested),
            self.tr("Gói dữ liệu đồng bộ (*.zip)"),
        )
        if not chosen:
            return
        target = Path(chosen)
        if target.suffix.lower() != ".zip":
            target = target.with_name(target.name + ".zip")

        def work(db: Database, _state: JobState) -> PackageSummary:
            return export_package(db, target, school_code=school)

        run_db_job(self, self.tr("Đang xuất gói dữ liệu…"), self._db_path, work, self._exported)

    def _exported(self, summary: PackageSummary) -> None:
        self._tell(
            QMessageBox.Icon.Information,
            self.tr("Đã xuất gói dữ liệu"),
            self.tr(
                "Đã ghi {changes} thay đổi vào tệp:\n{path}\n\n"
                "Chép tệp này vào USB và mang đến Phòng GD&ĐT; cán bộ Phòng nhập tệp vào máy chủ "
                "đồng bộ. Nhập cùng một tệp nhiều lần cũng không bị trùng.\n\n"
                "Các thay đổi vẫn ở trạng thái chờ gửi: khi có mạng, lần đồng bộ sau gửi lại và "
                "máy chủ nhận ra những gì đã có, không ghi trùng."
            ).format(changes=self._number(summary.changes), path=summary.path),
        )

    # --- internals -------------------------------------------------------------------------------

    def _number(self, value: int) -> str:
        return self._locale.toString(value)

    def _say(self, text: str, colour: str = "") -> None:
        self.message_label.setStyleSheet(f"color: {colour};" if colour else "")
        self.message_label.setText(text)

    def _tell(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        box = open_message(self, icon, title, text, name="syncPageMessage")
        box.destroyed.connect(lambda: setattr(self, "message_box", None))
        self.message_box = box
        return box

    @Slot()
    def _update_buttons(self) -> None:
        running = self.controller.is_running()
        self.sync_button.setEnabled(not running)
        self.sync_button.setText(self.tr("Đang đồng bộ…") if running else self.tr("Đồng bộ ngay"))
        has_refused = self.refused_table.selectionModel().hasSelection()
        row = self._current_refused_row()
        if row is not None:
            change = self.refused_model.change(row)
            self.refusal_detail.setText(
                self.tr("{record} — {code}: {reason}").format(
                    record=change.label, code=change.code or "?", reason=change.message or ""
                )
            )
        self.refusal_detail.setVisible(row is not None)
        self.open_button.setEnabled(has_refused)
        self.resend_button.setEnabled(has_refused and not running)
        self.open_student_button.setEnabled(self.decision_table.selectionModel().hasSelection())
        self.login_button.setEnabled(not running)
