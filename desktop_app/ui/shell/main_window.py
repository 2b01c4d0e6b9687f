"""The window the clerk works in: sections on the left, the section's page on the right, the sync
state in the status bar.

How a page plugs in: replace the factory of its section in ``PAGES``. A factory receives the
``MainWindow`` (``window.db`` for quick reads on the GUI thread, ``window.db_path`` for its jobs,
``ui.common.jobs.run_db_job``) and returns a ``QWidget``; it is called the first time the section is shown.
A page may have ``refresh()``: F5 calls it, and so does showing the page again after the data
changed. A page that saves something calls ``window.notify_data_changed()``; one that wants live
updates connects to ``window.data_changed``.

Sync: ``window.sync`` (a ``SyncController``) runs it for the toolbar's "Đồng bộ" button (F9), the
Đồng bộ page and the automatic retry when the server answers again; the status bar shows whether
the server answers and how many changes wait.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QByteArray,
    QCoreApplication,
    QEvent,
    QLocale,
    QMimeData,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolBar,
    QWidget,
)
from sqlite_utils import Database

from desktop_app import __version__
from desktop_app.core.school import load_school
from desktop_app.core.store.outbox import outbox_counts
from desktop_app.ui.common.errors import show_error
from desktop_app.ui.common.jobs import cancel_all_jobs
from desktop_app.ui.common.widgets import ElidedLabel
from desktop_app.ui.shell.overview import OverviewPage
from desktop_app.ui.sync.controller import SyncController
from desktop_app.ui.sync.network import PROBE_INTERVAL_MS
from sync.client import SyncReport, SyncSettings

log = logging.getLogger("songmay.ui")

T = TypeVar("T")
PageFactory = Callable[["MainWindow"], QWidget]

_CONTEXT = "MainWindow"
DEFAULT_SIZE = QSize(1280, 800)
STATUS_POLL_MS = 5000
SETTINGS_GEOMETRY = "main_window/geometry"
SETTINGS_STATE = "main_window/state"
SETTINGS_SPLITTER = "main_window/splitter"
SYNC_MESSAGE_MS = 15_000  # how long the status bar says how the last sync ended


def overview_factory(key: str, title: str) -> PageFactory:
    def make(window: MainWindow) -> QWidget:
        page = OverviewPage(window.db, window.db_path, key, translate_title(title), window)
        window.data_changed.connect(page.refresh)
        page.profile_changed.connect(window.notify_data_changed)
        return page

    return make


SPREADSHEET_SUFFIXES = {".xlsx", ".xls", ".ods"}
IMPORT_KIND = {"receiving": "devices", "handover": "handovers"}  # sections' templates; else needs


def _dropped_spreadsheet(mime: QMimeData) -> Path | None:
    """The one local spreadsheet file being dragged onto the window, if that is what it is."""
    urls = [url for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
    if len(urls) != 1:
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() in SPREADSHEET_SUFFIXES else None


def dashboard_page(window: MainWindow) -> QWidget:
    from desktop_app.ui.dashboard.page import DashboardPage

    return DashboardPage(window.db, window)


def students_page(window: MainWindow) -> QWidget:
    from desktop_app.ui.students.page import StudentsPage

    page = StudentsPage(window.db, window)
    page.studentsChanged.connect(window.notify_data_changed)
    return page


def devices_page(window: MainWindow) -> QWidget:
    from desktop_app.ui.devices.page import DevicesPage

    page = DevicesPage(window.db, window)
    page.devicesChanged.connect(window.notify_data_changed)
    return page


def handover_page(window: MainWindow) -> QWidget:
    from desktop_app.ui.handover.page import HandoverPage

    page = HandoverPage(window.db, window.db_path, window)
    page.handoversChanged.connect(window.notify_data_changed)
    return page


def settings_page(window: MainWindow) -> QWidget:
    from desktop_app.ui.settings.page import SettingsPage

    page = SettingsPage(window.db, window.db_path, window)
    page.profileChanged.connect(window.notify_data_changed)
    page.dataRestored.connect(window.notify_data_changed)
    return page


def reports_page(window: MainWindow) -> QWidget:
    from desktop_app.ui.reports.page import ReportsPage

    return ReportsPage(window.db, window.db_path, window)


def sync_page(window: MainWindow) -> QWidget:
    from desktop_app.ui.sync.page import SyncPage

    page = SyncPage(window.db, window.db_path, window.sync, window)
    page.dataChanged.connect(window.notify_data_changed)
    window.data_changed.connect(page.refresh)  # its counts move with every save
    return page


# (key, title, factory), in sidebar order; Ctrl+1 … Ctrl+7 follow this order.
PAGES: list[tuple[str, str, PageFactory]] = [
    ("overview", QT_TRANSLATE_NOOP(_CONTEXT, "Tổng quan"), dashboard_page),
    ("students", QT_TRANSLATE_NOOP(_CONTEXT, "Học sinh & nhu cầu"), students_page),
    ("receiving", QT_TRANSLATE_NOOP(_CONTEXT, "Tiếp nhận thiết bị"), devices_page),
    ("handover", QT_TRANSLATE_NOOP(_CONTEXT, "Bàn giao"), handover_page),
    ("reports", QT_TRANSLATE_NOOP(_CONTEXT, "Báo cáo"), reports_page),
    ("sync", QT_TRANSLATE_NOOP(_CONTEXT, "Đồng bộ"), sync_page),
    ("settings", QT_TRANSLATE_NOOP(_CONTEXT, "Cài đặt"), settings_page),
]

# The selected section must stay obvious when the window is not active (a dialog is open).
SIDEBAR_STYLE = """
QListWidget#sidebar { background: palette(window); padding: 8px 6px; outline: 0; }
QListWidget#sidebar::item { padding: 7px 8px; border-radius: 4px; color: palette(window-text); }
QListWidget#sidebar::item:hover { background: palette(midlight); }
QListWidget#sidebar::item:selected { background: palette(highlight); color: palette(highlighted-text); }
"""

ICONS: dict[str, QStyle.StandardPixmap] = {
    "overview": QStyle.StandardPixmap.SP_ComputerIcon,
    "students": QStyle.StandardPixmap.SP_FileDialogDetailedView,
    "receiving": QStyle.StandardPixmap.SP_DriveHDIcon,
    "handover": QStyle.StandardPixmap.SP_DialogApplyButton,
    "reports": QStyle.StandardPixmap.SP_FileDialogContentsView,
    "sync": QStyle.StandardPixmap.SP_BrowserReload,
    "settings": QStyle.StandardPixmap.SP_FileDialogInfoView,
}


def translate_title(title: str) -> str:
    return QCoreApplication.translate(_CONTEXT, title)


class MainWindow(QMainWindow):
    """``data_changed`` is emitted when the data may have changed (a job or a page said so, or
    the outbox moved: another program, an import from the command line)."""

    data_changed = Signal()

    def __init__(
        self,
        db: Database,
        db_path: Path,
        *,
        settings: QSettings | None = None,
        poll_ms: int = STATUS_POLL_MS,
        pages: list[tuple[str, str, PageFactory]] | None = None,
        sync_settings: SyncSettings | None = None,
        probe_ms: int = PROBE_INTERVAL_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.db = db
        self.db_path = db_path
        self._settings = settings if settings is not None else QSettings()
        self._sections = list(pages if pages is not None else PAGES)
        self._pages: dict[str, QWidget] = {}
        self._stale: set[str] = set()
        self._last_counts: dict[str, int] | None = None
        self.sync = SyncController(
            db, db_path, self, settings=self._settings, sync_settings=sync_settings,
            probe_ms=probe_ms,
        )  # fmt: skip

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(22, 22))
        self.sidebar.setSpacing(2)
        self.sidebar.setFrameShape(QListWidget.Shape.NoFrame)
        self.sidebar.setStyleSheet(SIDEBAR_STYLE)
        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")
        for number, (key, title, _factory) in enumerate(self._sections, start=1):
            icon = self.style().standardIcon(
                ICONS.get(key, QStyle.StandardPixmap.SP_FileDialogListView)
            )
            item = QListWidgetItem(icon, translate_title(title))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(f"{translate_title(title)} (Ctrl+{number})")
            self.sidebar.addItem(item)
        self.sidebar.setMinimumWidth(self.sidebar.sizeHintForColumn(0) + 32)
        self.sidebar.currentRowChanged.connect(self._on_section_chosen)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("splitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setHandleWidth(1)  # a thin line between the sections and the page
        self.splitter.setStyleSheet("QSplitter#splitter::handle { background: palette(mid); }")
        self.splitter.setSizes([self.sidebar.minimumWidth(), 1000])
        self.setCentralWidget(self.splitter)

        self._build_actions()
        self.setAcceptDrops(True)  # a spreadsheet dropped on the window opens the import wizard
        self._import_wizard: QWidget | None = None
        self._build_status_bar()
        self._update_title()

        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self._poll_status)
        self._poll.start()

        self.sync.started.connect(self._sync_started)
        self.sync.progressed.connect(self._sync_progressed)
        self.sync.finished.connect(self._sync_finished)
        self.sync.accountChanged.connect(self._show_network)
        self.sync.onlineChanged.connect(self._show_network)

        self._restore_settings()
        self.refresh_status()
        self.sidebar.setCurrentRow(0)
        self.sync.watcher.start()

    # --- building ------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Tệp"))
        self.import_action = QAction(self.tr("&Nhập từ Excel…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self._import_from_menu)
        file_menu.addAction(self.import_action)
        self.sync_action = QAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload),
            self.tr("Đồng bộ"),
            self,
        )
        self.sync_action.setObjectName("syncAction")
        self.sync_action.setShortcut(QKeySequence(Qt.Key.Key_F9))
        self.sync_action.triggered.connect(self.sync_now)
        file_menu.addAction(self.sync_action)
        file_menu.addSeparator()
        self.quit_action = QAction(self.tr("&Thoát"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # Windows has no standard Quit key
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        help_menu = self.menuBar().addMenu(self.tr("Trợ &giúp"))
        self.about_action = QAction(self.tr("&Giới thiệu"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

        self.toolbar = QToolBar(self.tr("Thanh công cụ"), self)
        self.toolbar.setObjectName("mainToolbar")  # saveState() names toolbars by this
        self.toolbar.setMovable(False)
        self.toolbar.setFloatable(False)
        self.toolbar.setIconSize(QSize(20, 20))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.toggleViewAction().setEnabled(False)  # always there: the way to sync
        self.toolbar.addAction(self.sync_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

        self.refresh_action = QAction(self.tr("Làm mới"), self)
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.triggered.connect(self.refresh)
        self.addAction(self.refresh_action)

        self.section_actions: list[QAction] = []
        for number in range(1, len(self._sections) + 1):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, row=number - 1: self.show_section(row))
            self.addAction(action)
            self.section_actions.append(action)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.path_label = ElidedLabel(self.tr("Tệp dữ liệu: {path}").format(path=self.db_path))
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
        self._show_network()

    # --- sections ------------------------------------------------------------------------------

    def section_keys(self) -> list[str]:
        return [key for key, _title, _factory in self._sections]

    def current_key(self) -> str:
        return self.section_keys()[max(self.sidebar.currentRow(), 0)]

    def page(self, key: str) -> QWidget | None:
        """The page of a section, if it has been shown already."""
        return self._pages.get(key)

    def current_page(self) -> QWidget | None:
        return self._pages.get(self.current_key())

    def show_section(self, section: int | str) -> None:
        """Show a section by its row (0-based) or its key ("students")."""
        row = section if isinstance(section, int) else self.section_keys().index(section)
        self.sidebar.setCurrentRow(row)

    @Slot(int)
    def _on_section_chosen(self, row: int) -> None:
        if row < 0:
            return
        key, title, factory = self._sections[row]
        page = self._pages.get(key)
        if page is None:
            page = self._make_page(key, title, factory)
            self._pages[key] = page
            self.stack.addWidget(page)
        elif key in self._stale:
            self._refresh_page(page)
        self._stale.discard(key)
        self.stack.setCurrentWidget(page)

    def _make_page(self, key: str, title: str, factory: PageFactory) -> QWidget:
        try:
            return factory(self)
        except Exception as exc:  # a broken page must not leave the section blank
            show_error(exc, self)
            return overview_factory(key, title)(self)

    @staticmethod
    def _refresh_page(page: QWidget) -> None:
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()

    # --- refreshing ----------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """F5: read the current page and the status bar again."""
        page = self.current_page()
        if page is not None:
            self._refresh_page(page)
        self.refresh_status()
        self._update_title()

    @Slot()
    def notify_data_changed(self) -> None:
        """A page or job changed data: stale pages reload when shown, listeners update now."""
        self._mark_changed()
        self._last_counts = None  # already announced: refresh_status must not do it again
        self.refresh_status()

    def _mark_changed(self) -> None:
        current = self.current_key()
        self._stale.update(key for key in self._pages if key != current)
        self._update_title()
        self.data_changed.emit()

    @Slot()
    def refresh_status(self) -> None:
        counts = outbox_counts(self.db)
        self.pending_label.setText(
            self.tr("Thay đổi chờ đồng bộ: {count}").format(
                count=QLocale().toString(counts["pending"])
            )
        )
        self._show_sync_action(counts["pending"])
        changed = self._last_counts is not None and counts != self._last_counts
        self._last_counts = counts
        if changed:
            self._mark_changed()

    @Slot()
    def _poll_status(self) -> None:
        """Notices changes made elsewhere (the command line, another window). Only while the
        window is active: counting a large outbox is not free, and coming back to the window
        polls at once (``changeEvent``)."""
        if not self.isActiveWindow():
            return
        try:
            self.refresh_status()
        except Exception:  # e.g. the file's USB stick was pulled: say so once, not every tick
            log.warning("cannot read the database for the status bar", exc_info=True)
            self.pending_label.setText(self.tr("Thay đổi chờ đồng bộ: ?"))

    @Slot()
    def _show_network(self) -> None:
        """Whether the sync server answers (the last probe or sync); without an account, what
        the operating system says."""
        online = self.sync.is_online()
        self.network_label.setText(self.tr("Trực tuyến") if online else self.tr("Ngoại tuyến"))
        account = self.sync.account()
        if account is None:
            tip = self.tr("Theo hệ điều hành (chưa đăng nhập tài khoản đồng bộ)")
        elif online:
            tip = self.tr("Máy chủ đồng bộ {endpoint} đang trả lời").format(
                endpoint=account.endpoint
            )
        else:
            tip = self.tr("Chưa kết nối được máy chủ đồng bộ {endpoint}").format(
                endpoint=account.endpoint
            )
        self.network_label.setToolTip(tip)

    def _show_sync_action(self, pending: int) -> None:
        if self.sync.is_running():
            self.sync_action.setText(self.tr("Đang đồng bộ…"))
            self.sync_action.setToolTip(self.tr("Đang đồng bộ; bấm để xem tiến độ hoặc hủy"))
            return
        count = QLocale().toString(pending)
        self.sync_action.setText(
            self.tr("Đồng bộ ({count})").format(count=count) if pending else self.tr("Đồng bộ")
        )
        self.sync_action.setToolTip(
            self.tr("Gửi {count} thay đổi đang chờ lên máy chủ và nhận kết quả duyệt (F9)").format(
                count=count
            )
            if pending
            else self.tr("Không có thay đổi chờ gửi; đồng bộ để nhận kết quả duyệt mới (F9)")
        )

    # --- sync ----------------------------------------------------------------------------------

    @Slot()
    def sync_now(self) -> None:
        """The toolbar button, F9: sync now; while a sync runs, show its page (Hủy is there)."""
        if self.sync.is_running():
            self.show_section("sync")
            return
        self.sync.sync_now()

    @Slot(bool)
    def _sync_started(self, automatic: bool) -> None:
        self.sync_progress.setRange(0, 0)
        self.sync_progress.show()
        self.statusBar().showMessage(
            self.tr("Mạng đã trở lại: đang tự đồng bộ…") if automatic else self.tr("Đang đồng bộ…")
        )
        self._show_sync_action(0)

    @Slot(int, int, str)
    def _sync_progressed(self, done: int, total: int, stage: str) -> None:
        if total > 0:
            self.sync_progress.setRange(0, total)
            self.sync_progress.setValue(min(done, total))
        self.sync_progress.setToolTip(f"{stage}: {done}/{total}" if stage else "")

    @Slot(object)
    def _sync_finished(self, report: SyncReport | None) -> None:
        self.sync_progress.hide()
        self.statusBar().showMessage(self._sync_summary(report), SYNC_MESSAGE_MS)
        self._show_network()
        self.notify_data_changed()

    def _sync_summary(self, report: SyncReport | None) -> str:
        if report is None:
            return self.tr("Đồng bộ gặp lỗi.")
        if report.error_code == "cancelled":
            return self.tr("Đã dừng đồng bộ; các thay đổi chưa gửi vẫn chờ.")
        if report.error:
            return self.tr("Đồng bộ chưa xong: {error}").format(error=report.error)
        locale = QLocale()
        text = self.tr(
            "Đồng bộ xong: đã gửi {sent} thay đổi, nhận {decisions} kết quả duyệt."
        ).format(sent=locale.toString(report.sent), decisions=locale.toString(report.decisions))
        if report.rejected:
            text += " " + self.tr("{count} thay đổi bị từ chối: xem trang Đồng bộ.").format(
                count=locale.toString(report.rejected)
            )
        return text

    def _update_title(self) -> None:
        name = load_school(self.db).name
        app_name = self.tr("Sóng và máy tính cho em")
        self.setWindowTitle(f"{name} — {app_name}" if name else app_name)

    # --- importing --------------------------------------------------------------------------

    @Slot()
    def _import_from_menu(self) -> None:
        self.open_import_wizard()

    def open_import_wizard(self, path: Path | None = None) -> QWidget:
        """The import wizard for the template of the current section (a file may be given)."""
        from desktop_app.ui.import_wizard import ImportWizard

        wizard = ImportWizard(self.db_path, IMPORT_KIND.get(self.current_key(), "needs"), self)
        wizard.imported.connect(lambda _kind: self.notify_data_changed())
        if path is not None:
            wizard.set_file(path)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.show()
        self._import_wizard = wizard  # keep it alive and reachable (tests)
        return wizard

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_spreadsheet(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_spreadsheet(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_import_wizard(path)

    @Slot()
    def show_about(self) -> QMessageBox:
        box = QMessageBox(self)
        box.setObjectName("aboutBox")
        box.setWindowTitle(self.tr("Giới thiệu"))
        box.setIconPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_ComputerIcon).pixmap(48, 48)
        )
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(
            "<b>{app}</b><br>{version}<br><br>{about}".format(
                app=self.tr("Sóng và máy tính cho em"),
                version=self.tr("Phiên bản {version}").format(version=__version__),
                about=self.tr(
                    "Ứng dụng của nhà trường: quản lý nhu cầu thiết bị học tập của học sinh, "
                    "tiếp nhận thiết bị tài trợ và bàn giao; làm việc không cần mạng, đồng bộ "
                    "khi có mạng."
                ),
            )
        )
        box.addButton(self.tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def _restore_settings(self) -> None:
        geometry = self._settings.value(SETTINGS_GEOMETRY)
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            state = self._settings.value(SETTINGS_STATE)
            if isinstance(state, QByteArray):
                self.restoreState(state)
            splitter = self._settings.value(SETTINGS_SPLITTER)
            if isinstance(splitter, QByteArray):
                self.splitter.restoreState(splitter)
            return
        screen = QGuiApplication.primaryScreen()
        size = QSize(DEFAULT_SIZE)
        if screen is not None:  # an old 1366×768 office screen: fit, don't overflow
            available = screen.availableGeometry().size()
            size = size.boundedTo(QSize(available.width() - 40, available.height() - 60))
        self.resize(size)

    def save_settings(self) -> None:
        self._settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        self._settings.setValue(SETTINGS_STATE, self.saveState())
        self._settings.setValue(SETTINGS_SPLITTER, self.splitter.saveState())
        self._settings.sync()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self._poll_status()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self._poll.stop()
        self.sync.shutdown()  # a sync stops between two requests; what it had not sent waits
        cancel_all_jobs()  # every job writes in one transaction: stopping it loses nothing
        super().closeEvent(event)
