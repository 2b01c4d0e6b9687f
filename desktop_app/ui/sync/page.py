"""Đồng bộ: what waits to be sent, the last sync and its result, the account, "Đồng bộ ngay" with its
progress and Cancel, the changes the server refused (open the record, send again), the district's
review decisions received, and the USB package for a school without a network.

The sync itself belongs to the window's ``SyncController`` (``window.sync``): the toolbar button
and the automatic retry use it too, so this page only starts it and listens. Every question about
the data goes to the core (``outbox``, ``reviews``); the package is ``sync.package.export_package``
as a database job.

The page is built from ``cards`` (the sync and the account), ``tabs`` (refused changes,
decisions) and ``records`` (opening a line's record on another page).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSignalBlocker, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.jobs import JobState
from desktop_app.core.reviews import received_decisions
from desktop_app.core.school import load_school
from desktop_app.core.store.outbox import (
    outbox_counts,
    refused_changes,
    requeue_refused,
    sync_state,
)
from desktop_app.core.store.package_keys import package_keys
from desktop_app.ui.common.file_dialogs import save_file_name
from desktop_app.ui.common.jobs import run_db_job
from desktop_app.ui.common.template_form import ERROR_COLOR
from desktop_app.ui.common.text import number
from desktop_app.ui.common.widgets import StatCard, heading, muted, open_message
from desktop_app.ui.sync.cards import IDLE, RUNNING, AccountCard, SyncCard
from desktop_app.ui.sync.controller import SyncController
from desktop_app.ui.sync.login_dialog import shown_error
from desktop_app.ui.sync.network import CHECKING
from desktop_app.ui.sync.records import RecordOpener
from desktop_app.ui.sync.tabs import DecisionsTab, RefusedTab
from sync.client import SyncReport
from sync.keys import ServerKeyMissing
from sync.package import PackageSummary, export_package

TAB_REFUSED, TAB_DECISIONS = range(2)


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

        self.sync_card = SyncCard()
        self.account_card = AccountCard(controller.auto_retry())
        middle = QHBoxLayout()
        middle.setSpacing(12)
        middle.addWidget(self.sync_card, 3)
        middle.addWidget(self.account_card, 2)

        self.refused = RefusedTab()
        self.decisions = DecisionsTab()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("syncTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.refused, "")
        self.tabs.addTab(self.decisions, "")
        self.records = RecordOpener(self, db, self._say)

        # The widgets the page works with, by the names it always had.
        sync, account = self.sync_card, self.account_card
        self.last_label, self.result_label = sync.last_label, sync.result_label
        self.sync_button, self.export_button = sync.sync_button, sync.export_button
        self.network_label, self.progress_area = sync.network_label, sync.progress_area
        self.progress, self.stage_label = sync.progress, sync.stage_label
        self.cancel_button = sync.cancel_button
        self.login_button, self.auto_retry = account.login_button, account.auto_retry
        self._auto_retry_tip = self.auto_retry.toolTip()
        self.username_label, self.password_label = account.username_label, account.password_label
        self.refused_model, self.refused_table = self.refused.model, self.refused.table
        self.open_button, self.resend_button = self.refused.open_button, self.refused.resend_button
        self.message_label = self.refused.message_label
        self.decision_model, self.decision_table = self.decisions.model, self.decisions.table
        self.open_student_button = self.decisions.open_student_button
        self.decision_count = self.decisions.count

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(cards)
        layout.addLayout(middle)
        layout.addWidget(self.tabs, 1)

        self.sync_button.clicked.connect(self.sync_now)
        self.cancel_button.clicked.connect(self.cancel_sync)
        self.export_button.clicked.connect(self.export_package)
        self.login_button.clicked.connect(self.open_login)
        self.auto_retry.toggled.connect(controller.set_auto_retry)
        self.auto_retry.toggled.connect(self._show_network)  # the offline hint says what it does
        self.open_button.clicked.connect(lambda _=False: self.open_record())
        self.resend_button.clicked.connect(self.resend_selected)
        self.refused_table.activated.connect(self._refused_activated)
        self.refused_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.open_student_button.clicked.connect(lambda _=False: self.open_decision_student())
        self.decision_table.activated.connect(self._decision_activated)
        self.decision_table.selectionModel().selectionChanged.connect(self._update_buttons)

        controller.started.connect(self._sync_started)
        controller.progressed.connect(self._sync_progressed)
        controller.finished.connect(self._sync_finished)
        controller.accountChanged.connect(self.refresh)
        controller.onlineChanged.connect(self._online_changed)

        self.refresh()
        self.tabs.setCurrentIndex(TAB_REFUSED if self.refused_model.rowCount() else TAB_DECISIONS)
        if controller.is_running():
            self._sync_started(controller.automatic)

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
        self.sync_card.show_last(state.last_sync_at, state.last_result)
        keeps = self.controller.keeps_passwords()
        self.account_card.show_account(self.controller.account(), keeps)
        self._show_auto_retry(keeps)
        self.refused.show_changes(refused_changes(self._db))
        self.decisions.show_decisions(received_decisions(self._db))
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
        self._show_network()
        self._update_buttons()

    def _show_auto_retry(self, keeps_passwords: bool) -> None:
        """Without a kept password there is nothing to sync with by itself: the box is off and
        says why (the setting itself is kept for a machine that gains a keyring)."""
        self.auto_retry.setEnabled(keeps_passwords)
        with QSignalBlocker(self.auto_retry):
            self.auto_retry.setChecked(keeps_passwords and self.controller.auto_retry())
        self.auto_retry.setToolTip(
            self._auto_retry_tip
            if keeps_passwords
            else self.tr(
                "Máy này không có kho mật khẩu an toàn của hệ điều hành: mật khẩu được hỏi mỗi "
                "lần đồng bộ, nên chương trình không tự đồng bộ được."
            )
        )

    @Slot()
    def _show_network(self) -> None:
        controller = self.controller
        automatic = controller.auto_retry() and controller.keeps_passwords()  # as its box says
        self.sync_card.show_network(controller.account() is not None, controller.is_online(),
                                    automatic)  # fmt: skip
        if self.controller.network_state() == CHECKING:  # not "cannot reach" before it asked
            self.network_label.setText(self.tr("Đang kiểm tra kết nối tới máy chủ đồng bộ…"))

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

    # --- refused changes and decisions -----------------------------------------------------------

    def selected_seqs(self) -> list[int]:
        return self.refused.selected_seqs()

    @Slot()
    def resend_selected(self) -> int:
        """Put the chosen refused changes back in the queue, then sync; how many went back."""
        seqs = self.selected_seqs()
        if not seqs:
            return 0
        count = requeue_refused(self._db, seqs)
        self.refresh()
        self._say(
            self.tr("Đã đưa {count} thay đổi trở lại hàng chờ gửi.", "", count).format(
                count=self._number(count)
            )
        )
        self.dataChanged.emit()
        if count:
            self.controller.sync_now()
        return count

    def open_record(self, row: int | None = None) -> QWidget | None:
        """Go to the page of a refused change's record and open it for editing."""
        row = self.refused.current_row() if row is None else row
        return None if row is None else self.records.refused_change(self.refused_model.change(row))

    def open_decision_student(self, row: int | None = None) -> QWidget | None:
        row = self.decisions.selected_row() if row is None else row
        return None if row is None else self.records.decision(self.decision_model.decision(row))

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
        if not package_keys(self._db).server_public_key:  # said before a file is chosen
            self._tell(
                QMessageBox.Icon.Warning,
                self.tr("Xuất gói dữ liệu"),
                shown_error(ServerKeyMissing()),
            )
            return
        suggested = f"goi-dong-bo-{school}-{datetime.now():%Y%m%d-%H%M}.zip"
        chosen = save_file_name(
            self,
            "sync_package",
            self.tr("Xuất gói dữ liệu"),
            suggested,
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
                "máy chủ nhận ra những gì đã có, không ghi trùng.",
                "",
                summary.changes,
            ).format(changes=self._number(summary.changes), path=summary.path),
        )

    # --- internals -------------------------------------------------------------------------------

    def _number(self, value: int) -> str:
        return number(value)

    def _say(self, text: str, colour: str = "") -> None:
        self.refused.say(text, colour)

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
        self.refused.update_buttons(running)
        self.decisions.update_buttons()
        self.login_button.setEnabled(not running)
