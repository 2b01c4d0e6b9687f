"""Start the window: the application object, error reporting, the database, the first-run wizard
and the main window.

``run(db_path, demo=...)`` is what ``songmay`` (no sub-command) calls. ``start`` does the same
without the event loop (tests, the screenshot tool).
"""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QDialog
from sqlite_utils import Database

from desktop_app import __version__
from desktop_app.core import paths
from desktop_app.core.demo import fill_demo_data
from desktop_app.core.errors import SongMayError
from desktop_app.core.school import load_school
from desktop_app.core.store.database import open_database
from desktop_app.core.store.queries import database_info
from desktop_app.ui.errors import ErrorReporter, setup_logging, show_error
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.setup_wizard import SetupWizard

log = logging.getLogger("songmay.ui")

BASE_POINT_SIZE = 10.0  # Windows' 9 pt default is small on the old screens schools have
SETTINGS_LANGUAGE = "language"
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
    language = str(QSettings().value(SETTINGS_LANGUAGE, "vi"))
    QLocale.setDefault(QLocale(language))  # numbers as 1.234, dates as dd/MM/yyyy
    install_translators(app, language)
    return app


def install_translators(app: QApplication, language: str) -> list[str]:
    """Qt's own strings first (standard buttons, text-field menus), then the application's
    (``resources/translations/songmay_<lang>.qm``). The source text is Vietnamese, so nothing is
    needed for "vi"; an English translation is one .qm file away."""
    from desktop_app.core.resources import resources_dir

    places = [("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    with contextlib.suppress(FileNotFoundError):  # no resources/: Qt's own strings only
        places.append(("songmay", str(resources_dir() / "translations")))
    loaded = []
    for name, directory in places:
        translator = QTranslator(app)
        if translator.load(QLocale(language), name, "_", directory):
            app.installTranslator(translator)
            loaded.append(name)
    return loaded


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
