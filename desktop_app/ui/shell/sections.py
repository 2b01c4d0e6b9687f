"""The sections of the main window: their order, titles and icons, and the factory that makes each
section's page.

How a page plugs in: replace the factory of its section in ``PAGES``. A factory receives the
``MainWindow`` (``window.db`` for quick reads on the GUI thread, ``window.db_path`` for its jobs,
``ui.common.jobs.run_db_job``) and returns a ``QWidget``; it is called the first time the section
is shown. A page may have ``refresh()``: F5 calls it, and so does showing the page again after
the data changed, and the window calls it at once when the data changes while the page is on
screen. A page that saves something and shows it already calls ``window.changed_by(page)`` (the
others are read again); a dialog or job elsewhere calls ``window.notify_data_changed()``. It is
the one data-changed signal (``window.data_changed``): nothing else refreshes the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QStyle, QWidget

from desktop_app.ui.shell.overview import OverviewPage

if TYPE_CHECKING:
    from desktop_app.ui.shell.main_window import MainWindow

PageFactory = Callable[["MainWindow"], QWidget]

_CONTEXT = "MainWindow"


def overview_factory(key: str, title: str) -> PageFactory:
    def make(window: MainWindow) -> QWidget:
        page = OverviewPage(window.db, window.db_path, key, translate_title(title), window)
        page.profile_changed.connect(lambda: window.changed_by(page))
        return page

    return make


def dashboard_page(window: MainWindow) -> QWidget:
    from desktop_app.ui.dashboard.page import DashboardPage

    return DashboardPage(
        window.db, window, db_path=window.db_path
    )  # figures read off the GUI thread


def students_page(window: MainWindow) -> QWidget:
    from desktop_app.ui.students.page import StudentsPage

    page = StudentsPage(window.db, window)
    page.studentsChanged.connect(lambda: window.changed_by(page))
    return page


def devices_page(window: MainWindow) -> QWidget:
    from desktop_app.ui.devices.page import DevicesPage

    page = DevicesPage(window.db, window)
    page.devicesChanged.connect(lambda: window.changed_by(page))
    return page


def handover_page(window: MainWindow) -> QWidget:
    from desktop_app.ui.handover.page import HandoverPage

    page = HandoverPage(window.db, window.db_path, window)
    page.handoversChanged.connect(lambda: window.changed_by(page))
    return page


def vaccinations_page(window: MainWindow) -> QWidget:
    from desktop_app.ui.vaccinations.page import VaccinationsPage

    page = VaccinationsPage(window.db, window.db_path, window)
    page.vaccinationsChanged.connect(lambda: window.changed_by(page))
    return page


def settings_page(window: MainWindow) -> QWidget:
    from desktop_app.ui.settings.page import SettingsPage

    page = SettingsPage(window.db, window.db_path, window)
    page.profileChanged.connect(lambda: window.changed_by(page))
    page.dataRestored.connect(lambda: window.changed_by(page))
    page.idleMinutesChosen.connect(window.set_idle_minutes)
    return page


def reports_page(window: MainWindow) -> QWidget:
    from desktop_app.ui.reports.page import ReportsPage

    return ReportsPage(window.db, window.db_path, window)


def sync_page(window: MainWindow) -> QWidget:
    from desktop_app.ui.sync.page import SyncPage

    page = SyncPage(window.db, window.db_path, window.sync, window)
    page.dataChanged.connect(lambda: window.changed_by(page))
    return page


# (key, title, factory), in sidebar order; Ctrl+1 … Ctrl+8 follow this order.
PAGES: list[tuple[str, str, PageFactory]] = [
    ("overview", QT_TRANSLATE_NOOP(_CONTEXT, "Tổng quan"), dashboard_page),
    ("students", QT_TRANSLATE_NOOP(_CONTEXT, "Học sinh & nhu cầu"), students_page),
    ("receiving", QT_TRANSLATE_NOOP(_CONTEXT, "Tiếp nhận thiết bị"), devices_page),
    ("handover", QT_TRANSLATE_NOOP(_CONTEXT, "Bàn giao"), handover_page),
    ("vaccinations", QT_TRANSLATE_NOOP(_CONTEXT, "Tiêm vắc-xin"), vaccinations_page),
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
    "vaccinations": QStyle.StandardPixmap.SP_FileDialogNewFolder,
    "reports": QStyle.StandardPixmap.SP_FileDialogContentsView,
    "sync": QStyle.StandardPixmap.SP_BrowserReload,
    "settings": QStyle.StandardPixmap.SP_FileDialogInfoView,
}


def translate_title(title: str) -> str:
    return QCoreApplication.translate(_CONTEXT, title)
