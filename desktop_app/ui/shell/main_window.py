"""The window the clerk works in: sections on the left (``sections``: which, in what order, how each
page is made), the section's page on the right, the sync state in the status bar
(``sync_status``).

Sync: ``window.sync`` (a ``SyncController``) runs it for the toolbar's "Đồng bộ" button (F9), the
Đồng bộ page and the automatic retry when the server answers again; the status bar shows whether
the server answers and how many changes wait.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QEvent,
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
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app import __version__
from desktop_app.core.clock import clock_warning
from desktop_app.core.school import load_school
from desktop_app.core.store.outbox import outbox_counts
from desktop_app.core.store.session import default_actor, set_session_actor
from desktop_app.core.users import PinGuard
from desktop_app.ui.common.backup_warning import BackupWarning
from desktop_app.ui.common.errors import show_error
from desktop_app.ui.common.jobs import ACTOR_PROPERTY, cancel_all_jobs, run_read_job
from desktop_app.ui.common.text import language
from desktop_app.ui.dashboard.prefetch import kept_counts
from desktop_app.ui.shell.sections import (
    ICONS,
    PAGES,
    SIDEBAR_STYLE,
    PageFactory,
    overview_factory,
    translate_title,
)
from desktop_app.ui.shell.session import (
    IdleWatcher,
    WhoPanel,
    idle_ms,
    save_idle_minutes,
)
from desktop_app.ui.shell.sync_status import SyncStatus
from desktop_app.ui.sync.controller import SyncController
from desktop_app.ui.sync.network import PROBE_INTERVAL_MS

if TYPE_CHECKING:  # the sync client (requests) is not loaded before a sync
    from sync.client import SyncSettings

log = logging.getLogger("songmay.ui")

DEFAULT_SIZE = QSize(1280, 800)
STATUS_POLL_MS = 5000
FIGURES_WAIT_MS = 5000  # housekeeping starts by then even if the first figures never came
SETTINGS_GEOMETRY = "main_window/geometry"
SETTINGS_STATE = "main_window/state"
SETTINGS_SPLITTER = "main_window/splitter"


SPREADSHEET_SUFFIXES = {".xlsx", ".xls", ".ods", ".csv"}
# The sections' templates; every other section imports needs.
IMPORT_KIND = {"receiving": "devices", "handover": "handovers", "vaccinations": "vaccinations"}


def _dropped_spreadsheet(mime: QMimeData) -> Path | None:
    """The one local spreadsheet file being dragged onto the window, if that is what it is."""
    urls = [url for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
    if len(urls) != 1:
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() in SPREADSHEET_SUFFIXES else None


class MainWindow(QMainWindow):
    """``data_changed`` is emitted when the data may have changed (a job or a page said so, or
    the outbox moved: another program, an import from the command line).

    It is the one signal of a change: every path that writes (an import, a sync and the review
    decisions it brings, a handover or a return, a device or a student saved or deleted, a
    restore, the school profile) ends in ``notify_data_changed``. The page on screen is read
    again at once (once, however many changes came together), every other page when it is next
    shown; the page that made the change and showed it already is not read twice."""

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
        actor: str | None = None,
        guard: PinGuard | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.db = db
        self.db_path = db_path
        self._settings = settings if settings is not None else QSettings()
        self.actor: str | None = None
        if actor:
            self.set_actor(actor)
        self._sections = list(pages if pages is not None else PAGES)
        self._pages: dict[str, QWidget] = {}
        self._stale: set[str] = set()
        self._fresh: QWidget | None = None  # the page that announced the change and shows it
        self._reload = QTimer(self)  # the page on screen, read again once per burst of changes
        self._reload.setSingleShot(True)
        self._reload.setInterval(0)
        self._reload.timeout.connect(self._reload_current)
        self._last_counts: dict[str, int] | None = None
        self.replacement: MainWindow | None = None  # the window of a restored file (app.py)
        self._closed = False
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
        # The idle lock covers the pages with "Ai đang làm việc?": the data is not under a modal
        # dialog but out of the window until someone is named.
        self.guard = guard if guard is not None else PinGuard()
        self.lock_panel = WhoPanel(db, self.guard)
        self.lock_panel.setObjectName("lockScreen")
        self.lock_panel.setMaximumWidth(460)
        self.lock_panel.chosen.connect(self._unlocked)
        lock_page = QWidget()
        lock_layout = QHBoxLayout(lock_page)
        lock_layout.addStretch(1)
        lock_layout.addWidget(self.lock_panel)
        lock_layout.addStretch(1)
        self.screens = QStackedWidget()
        self.screens.setObjectName("screens")
        self.screens.addWidget(self.splitter)
        self.screens.addWidget(lock_page)
        # A PC clock known to be wrong (core.clock): a plain banner above everything, never a
        # dialog in the way; shown by ``check_clock`` at start and after each sync.
        self.clock_banner = QLabel()
        self.clock_banner.setObjectName("clockBanner")
        self.clock_banner.setWordWrap(True)
        self.clock_banner.setStyleSheet(
            "#clockBanner { background: #fff4ce; color: #5c4400; border: 1px solid #e0b000;"
            " padding: 8px 12px; }"
        )
        self.clock_banner.hide()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.clock_banner)
        central_layout.addWidget(self.screens, 1)
        self.setCentralWidget(central)
        self.idle = IdleWatcher(idle_ms(self._settings), self)
        self.idle.idle.connect(self.lock)

        self._build_actions()
        self.setAcceptDrops(True)  # a spreadsheet dropped on the window opens the import wizard
        self._import_wizard: QWidget | None = None
        self.status = SyncStatus(self, self.sync, self.sync_action, db_path)
        self.backup_warning = BackupWarning(db_path)  # a failed automatic backup, until one works
        self.statusBar().addWidget(self.backup_warning)
        self.backup_warning.retried.connect(self.refresh_status)
        self.path_label, self.pending_label = self.status.path_label, self.status.pending_label
        self.network_label, self.sync_progress = (
            self.status.network_label,
            self.status.sync_progress,
        )
        self._update_title()

        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self._poll_status)
        self._poll.start()

        self.sync.finished.connect(self.notify_data_changed)  # after the status bar said how
        self.sync.finished.connect(self.check_clock)  # the server's Date may say otherwise now

        self._restore_settings()
        self.sidebar.setCurrentRow(0)  # the dashboard's reads first: the figures the clerk awaits
        self._first_status()
        # The network (QtNetwork, the sync client) once the figures are up: not before.
        self.after_first_figures(lambda: QTimer.singleShot(0, self, self._start_watcher))

    def _start_watcher(self) -> None:
        if not self._closed:  # a window closed before its figures came does not probe
            self.sync.watcher.start()

    def after_first_figures(self, then: Callable[[], object]) -> None:
        """``then()`` once: when the first page's figures are on screen (its reads no longer
        share the PC's two cores with a check of every page, a backup or the network watcher),
        at the latest after ``FIGURES_WAIT_MS``; at once when the page reads nothing in the
        background."""
        done = False

        def once() -> None:
            nonlocal done
            if not done:
                done = True
                then()

        page = self.current_page()
        shown = getattr(page, "summary_shown", None)
        if shown is None or not getattr(page, "loading", False):
            QTimer.singleShot(0, self, once)
            return
        shown.connect(once)
        QTimer.singleShot(FIGURES_WAIT_MS, self, once)

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
        self.lock_action = QAction(self.tr("&Khóa màn hình"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        file_menu.addAction(self.lock_action)
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
    def check_clock(self) -> None:
        """Show the banner when the PC's date is known wrong (behind the data, or off the
        server's by more than a day), hide it when it is right again."""
        try:
            warning = clock_warning(self.db)
        except Exception:  # the banner is advice: an unreadable database is said elsewhere
            log.warning("cannot judge the PC's clock", exc_info=True)
            return
        if warning is None:
            self.clock_banner.hide()
            return
        self.clock_banner.setText("⚠ " + warning.text(language()))
        self.clock_banner.show()

    @Slot()
    def notify_data_changed(self) -> None:
        """A dialog or job changed data: the page on screen is read again now, the other pages
        when they are shown, listeners of ``data_changed`` update now."""
        self._announce(None)

    def changed_by(self, page: QWidget) -> None:
        """``page`` saved something and shows it already: every other page is read again."""
        self._announce(page)

    def _announce(self, source: QWidget | None) -> None:
        self._mark_changed(source)
        self._last_counts = None  # already announced: refresh_status must not do it again
        self.refresh_status()

    def _mark_changed(self, source: QWidget | None = None) -> None:
        # The page that made the change is spared only when it made every change of the burst.
        if not self._reload.isActive():
            self._fresh = source
        elif self._fresh is not source:
            self._fresh = None
        current = self.current_key()
        self._stale.update(key for key in self._pages if key != current)
        self._update_title()
        self._reload.start()
        self.data_changed.emit()

    @Slot()
    def _reload_current(self) -> None:
        page, fresh = self.current_page(), self._fresh
        self._fresh = None
        if page is not None and page is not fresh:
            self._refresh_page(page)

    @Slot()
    def refresh_backup_warning(self) -> None:
        """The failed automatic backup, in the status bar and on the dashboard (no database
        read: the failure is kept beside the file)."""
        self.backup_warning.refresh()
        warning = getattr(self._pages.get("overview"), "backup_warning", None)
        if isinstance(warning, BackupWarning):
            warning.refresh()

    def _first_status(self) -> None:
        """The status bar at start: the outbox is counted off the GUI thread, the window shows
        first (at 50,000 students the count takes ~0.1 s); the counts kept with the dashboard's
        figures, when still current, are shown at once instead."""
        self.refresh_backup_warning()
        kept = kept_counts(self.db_path)
        if kept is not None:
            self._show_counts(kept)
            return
        self._count_in_background()

    def _count_in_background(self) -> None:
        """Count the outbox on the read worker, then as ``refresh_status`` (nothing new starts
        while a count is under way)."""

        def failed(exc: BaseException) -> None:
            # e.g. the file's USB stick was pulled: say so once, not every tick
            log.warning("cannot read the database for the status bar: %s", type(exc).__name__)
            self.status.show_unreadable()

        run_read_job(
            self.status, self.db_path, lambda db, _state: outbox_counts(db), self._show_counts,
            failed,
        )  # fmt: skip

    @Slot()
    def refresh_status(self) -> None:
        self.refresh_backup_warning()
        self._show_counts(outbox_counts(self.db))

    def _show_counts(self, counts: dict[str, int]) -> None:
        if self._closed:  # a count that finished as the window closed: its database may be shut
            return
        self.status.show_pending(counts["pending"])
        changed = self._last_counts is not None and counts != self._last_counts
        self._last_counts = counts
        if changed:
            self._mark_changed()

    @Slot()
    def _poll_status(self) -> None:
        """Notices changes made elsewhere (the command line, another window). Only while the
        window is active: counting a large outbox is not free, and coming back to the window
        polls at once (``changeEvent``). The count is read off the GUI thread."""
        if not self.isActiveWindow():
            return
        self.refresh_backup_warning()
        self._count_in_background()

    # --- sync ----------------------------------------------------------------------------------

    @Slot()
    def sync_now(self) -> None:
        """The toolbar button, F9: sync now; while a sync runs, show its page (Hủy is there)."""
        if self.sync.is_running():
            self.show_section("sync")
            return
        self.sync.sync_now()

    # --- who is working -------------------------------------------------------------------------

    def set_actor(self, name: str) -> None:
        """Sign this window's changes, and those of the jobs it starts, with ``name``."""
        self.actor = name
        set_session_actor(self.db.conn, name)
        self.setProperty(ACTOR_PROPERTY, name)

    @property
    def locked(self) -> bool:
        return self.screens.currentIndex() == 1

    @Slot()
    def lock(self) -> None:
        """Hide the data behind "Ai đang làm việc?" (after the idle time, or asked)."""
        if self.locked:
            return
        self.idle.stop()
        self.lock_panel.reload()
        self.screens.setCurrentIndex(1)
        self.menuBar().setEnabled(False)
        self.toolbar.setEnabled(False)
        for action in (self.refresh_action, *self.section_actions):
            action.setEnabled(False)
        log.info("window locked after %d ms without input", self.idle.timer.interval())

    def _unlocked(self, name: str) -> None:
        self.set_actor(name or default_actor())
        self.screens.setCurrentIndex(0)
        self.menuBar().setEnabled(True)
        self.toolbar.setEnabled(True)
        for action in (self.refresh_action, *self.section_actions):
            action.setEnabled(True)
        self.idle.restart()

    def set_idle_minutes(self, minutes: float) -> None:
        save_idle_minutes(minutes, self._settings)
        self.idle.set_timeout(idle_ms(self._settings))

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
        self._closed = True
        self.save_settings()
        self.idle.stop()
        self.idle.uninstall()
        self._poll.stop()
        self.sync.shutdown()  # a sync stops between two requests; what it had not sent waits
        cancel_all_jobs()  # every job writes in one transaction: stopping it loses nothing
        super().closeEvent(event)
