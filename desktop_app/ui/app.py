"""Start the window: the application object, error reporting, the database, the first-run wizard
and the main window.

``run(db_path, demo=...)`` is what ``songmay`` (no sub-command) calls. ``start`` does the same
without the event loop (tests, the screenshot tool).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog
from sqlite_utils import Database

from desktop_app import __version__
from desktop_app.core import paths
from desktop_app.core.demo import fill_demo_data
from desktop_app.core.errors import SongMayError
from desktop_app.core.school import load_school
from desktop_app.core.store.database import open_database
from desktop_app.core.store.queries import database_info
from desktop_app.ui import i18n
from desktop_app.ui.errors import ErrorReporter, setup_logging, show_error
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.setup_wizard import SetupWizard

log = logging.getLogger("songmay.ui")

BASE_POINT_SIZE = 10.0  # Windows' 9 pt default is small on the old screens schools have
SETTINGS_LANGUAGE = i18n.SETTINGS_KEY  # "ui/language": "vi" (the default) or "en"
EXIT_CANNOT_OPEN = 1


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (or the one that exists already), set up once for the whole app."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    # QSettings() uses these names: the registry key on Windows, ~/.config/… elsewhere.
    app.setOrganizationName(paths.APP_AUTHOR)
    app.setApplicationName(paths.APP_NAME)
    app.setApplicationVersion(__version__)
    app.setStyle("Fusion")  # the same look on Windows 7 to 11 and in the screenshots
    font = app.font()
    if font.pointSizeF() < BASE_POINT_SIZE:
        font.setPointSizeF(BASE_POINT_SIZE)
        app.setFont(font)
    # Qt's own translations, then the application's (built first from its .ts in a source
    # checkout when stale); numbers and dates follow the language. See desktop_app.ui.i18n.
    i18n.apply_language(app, i18n.saved_language())
    return app


def fill_demo_if_empty(db: Database, db_path: Path) -> bool:
    """Sample data for a database without students; True if it was filled."""
    if database_info(db, db_path)["counts"]["students"]:
        return False
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        fill_demo_data(db)
    finally:
        QApplication.restoreOverrideCursor()
    log.info("sample data written to %s", db_path)
    return True


def ask_school_profile(db: Database) -> bool:
    """The first-run wizard, modal; False if the clerk cancelled it."""
    wizard = SetupWizard(db)
    accepted = wizard.exec() == QDialog.DialogCode.Accepted
    wizard.deleteLater()
    return accepted


def start(
    db_path: Path, *, demo: bool = False, settings: QSettings | None = None
) -> MainWindow | None:
    """Open the database, fill sample data if asked, run the wizard on first use, then show the
    main window (None: the clerk cancelled the wizard). Raises ``SongMayError`` when the
    database cannot be opened."""
    db = open_database(db_path)
    if demo:
        try:
            fill_demo_if_empty(db, db_path)
        except Exception as exc:  # sample data is a convenience: say why, then carry on
            show_error(exc)
    if not load_school(db).is_complete and not ask_school_profile(db):
        log.info("setup wizard cancelled; quitting")
        db.close()
        return None
    window = MainWindow(db, db_path, settings=settings)
    window.show()
    return window


def run(db_path: Path, *, demo: bool = False) -> int:
    """The window's main loop; returns the process exit code."""
    app = create_application()
    log_file = setup_logging()
    reporter = ErrorReporter(app)
    reporter.install()
    log.info("songmay %s starting; database %s; log %s", __version__, db_path, log_file)
    try:
        try:
            window = start(db_path, demo=demo)
        except SongMayError as exc:
            dialog = show_error(exc)
            if dialog is not None:
                dialog.exec()
            return EXIT_CANNOT_OPEN
        if window is None:
            return 0
        code = app.exec()
        window.db.close()
        return int(code)
    finally:
        reporter.uninstall()
        reporter.deleteLater()
