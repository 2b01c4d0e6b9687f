"""What the main window shows of the sync outside the Đồng bộ page: in the status bar the data
file, how many changes wait, whether the server answers and a running sync's progress (then how
it ended); on the toolbar, the "Đồng bộ" action says how many changes it would send."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar

from desktop_app.ui.common.text import language, number
from desktop_app.ui.common.widgets import ElidedLabel
from desktop_app.ui.sync.controller import SyncController
from desktop_app.ui.sync.network import NO_ACCOUNT, OFFLINE, ONLINE

if TYPE_CHECKING:  # the sync client (requests) is not loaded before a sync
    from sync.client import SyncReport

_CONTEXT = "MainWindow"  # the window's sentences
SYNC_MESSAGE_MS = 15_000  # how long the status bar says how the last sync ended


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def _trn(text: str, n: int) -> str:
    """A sentence that says a count: English chooses its singular or plural form by ``n``."""
    return QCoreApplication.translate(_CONTEXT, text, "", n)


class SyncStatus(QObject):
    """Built into ``window``'s status bar; follows ``sync`` by itself. The window tells it the
    number of changes waiting (``show_pending``) each time it counts them."""

    def __init__(
        self, window: QMainWindow, sync: SyncController, action: QAction, db_path: Path
    ) -> None:
        super().__init__(window)
        self._window = window
        self._sync = sync
        self._action = action
        bar = window.statusBar()
        self.path_label = ElidedLabel(_tr("Tệp dữ liệu: {path}").format(path=db_path))
        self.path_label.setObjectName("dbPath")
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pendingChanges")
        self.network_label = QLabel()
        self.network_label.setObjectName("networkState")
        self.sync_progress = QProgressBar()
        self.sync_progress.setObjectName("statusSyncProgress")
        self.sync_progress.setMaximumWidth(160)
        self.sync_progress.setMaximumHeight(self.pending_label.sizeHint().height() + 4)
        self.sync_progress.setTextVisible(False)
        self.sync_progress.hide()
        bar.addWidget(self.path_label, 1)
        bar.addPermanentWidget(self.sync_progress)
        bar.addPermanentWidget(self.pending_label)
        bar.addPermanentWidget(self.network_label)
        self.show_network()

        sync.started.connect(self._started)
        sync.progressed.connect(self._progressed)
        sync.finished.connect(self._finished)
        sync.accountChanged.connect(self.show_network)
        sync.onlineChanged.connect(self.show_network)
        sync.notice.connect(self._notice)

    def show_pending(self, pending: int) -> None:
        self.pending_label.setText(
            _tr("Thay đổi chờ đồng bộ: {count}").format(count=number(pending))
        )
        self._show_action(pending)

    def show_unreadable(self) -> None:
        """The database cannot be read now (its USB stick was pulled)."""
        self.pending_label.setText(_tr("Thay đổi chờ đồng bộ: ?"))

    @Slot()
    def show_network(self) -> None:
        """ "Chưa đăng nhập" without a sync account, "Trực tuyến" only once its server answered,
        "Không có mạng" when it did not (a probe or a sync), "Đang kiểm tra…" before it was
        asked; the tooltip names the server."""
        state = self._sync.network_state()
        endpoint = self._sync.endpoint()  # not the sync package: this shows at start
        if state == NO_ACCOUNT:
            text = _tr("Chưa đăng nhập")
            tip = _tr("Chưa đăng nhập tài khoản đồng bộ: vào trang Đồng bộ, bấm “Đăng nhập…”.")
        elif state == ONLINE:
            text = _tr("Trực tuyến")
            tip = _tr("Máy chủ đồng bộ {endpoint} đang trả lời").format(endpoint=endpoint)
        elif state == OFFLINE:
            text = _tr("Không có mạng")
            tip = _tr(
                "Không kết nối được máy chủ đồng bộ {endpoint}: kiểm tra mạng của máy; các thay "
                "đổi vẫn chờ gửi."
            ).format(endpoint=endpoint)
        else:
            text = _tr("Đang kiểm tra mạng…")
            tip = _tr("Đang hỏi máy chủ đồng bộ {endpoint}").format(endpoint=endpoint)
        self.network_label.setText(text)
        self.network_label.setToolTip(tip)

    @Slot(str)
    def _notice(self, text: str) -> None:
        self._window.statusBar().showMessage(text, SYNC_MESSAGE_MS)

    def _show_action(self, pending: int) -> None:
        if self._sync.is_running():
            self._action.setText(_tr("Đang đồng bộ…"))
            self._action.setToolTip(_tr("Đang đồng bộ; bấm để xem tiến độ hoặc hủy"))
            return
        count = number(pending)
        self._action.setText(
            _tr("Đồng bộ ({count})").format(count=count) if pending else _tr("Đồng bộ")
        )
        self._action.setToolTip(
            _trn(
                "Gửi {count} thay đổi đang chờ lên máy chủ và nhận kết quả duyệt (F9)", pending
            ).format(count=count)
            if pending
            else _tr("Không có thay đổi chờ gửi; đồng bộ để nhận kết quả duyệt mới (F9)")
        )

    @Slot(bool)
    def _started(self, automatic: bool) -> None:
        self.sync_progress.setRange(0, 0)
        self.sync_progress.show()
        self._window.statusBar().showMessage(
            _tr("Mạng đã trở lại: đang tự đồng bộ…") if automatic else _tr("Đang đồng bộ…")
        )
        self._show_action(0)

    @Slot(int, int, str)
    def _progressed(self, done: int, total: int, stage: str) -> None:
        if total > 0:
            self.sync_progress.setRange(0, total)
            self.sync_progress.setValue(min(done, total))
        self.sync_progress.setToolTip(f"{stage}: {done}/{total}" if stage else "")

    @Slot(object)
    def _finished(self, report: SyncReport | None) -> None:
        self.sync_progress.hide()
        self._window.statusBar().showMessage(summary(report), SYNC_MESSAGE_MS)
        self.show_network()


def summary(report: SyncReport | None) -> str:
    """How a sync ended, in one line of the status bar."""
    if report is None:
        return _tr("Đồng bộ gặp lỗi.")
    if report.error_code == "cancelled":  # why: Hủy, the window closing, the network lost
        return report.error_text(language()) or _tr(
            "Đã dừng đồng bộ; các thay đổi chưa gửi vẫn chờ."
        )
    if report.error:
        return _tr("Đồng bộ chưa xong: {error}").format(error=report.error_text(language()))
    text = _tr("Đồng bộ xong: đã gửi {sent} thay đổi, nhận {decisions} kết quả duyệt.").format(
        sent=number(report.sent), decisions=number(report.decisions)
    )
    if report.rejected:
        text += " " + _trn(
            "{count} thay đổi bị từ chối: xem trang Đồng bộ.", report.rejected
        ).format(count=number(report.rejected))
    return text
