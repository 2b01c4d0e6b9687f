"""Start the window: the application object, error reporting, the database (its key asked by the
unlock dialog when this PC does not keep it), the first-run wizard followed by the recovery key
step, and the main window.

``run(db_path, demo=...)`` is what ``songmay`` (no sub-command) calls. ``start`` does the same
without the event loop (tests, the screenshot tool).

Safe keeping at start-up: ``run`` holds the database's single-instance lock (a second window on
the same file is refused with a message naming the first; an instance started by "Khởi động lại
ngay" waits for the one it replaces, ``restart.take_lock``) and makes the daily backup in the
background once the window shows; ``start`` runs the health check before opening the file and,
if it fails, offers to restore the newest good backup.

Fast at every size (issue 19): nothing whose cost grows with the number of students runs before
the window's first paint. The health check before opening reads a few pages (the file's size,
its first page and schema, the journal's last change); ``PRAGMA quick_check`` over every page
runs in the background once the window shows (``check_pages``), and a damaged page found then is
said as before — the newest good backup offered, the window replaced by one on the restored file,
or the application ended with the same message. The dashboard's figures and the status bar's
count are read on the read worker (``jobs.run_read_job``) and shown when they arrive — unless the
figures kept in the database are still current (nothing changed since they were computed): then
they are read in a few milliseconds and painted with the window (``core.dashboard``). Once the
window closes, figures the session made stale are computed and kept for the next start
(``keep_figures``). The sync client, the keyring, QtNetwork, openpyxl and the sample data are
imported when used.

The slow parts (the check, a restore, sample data) run as jobs (``ui.common.jobs``) like the
window's own: on the database worker, with a progress dialog if they take a while.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlite_utils import Database

from desktop_app import __version__
from desktop_app.core import paths
from desktop_app.core.errors import SongMayError, StoreError
from desktop_app.core.jobs import JobState
from desktop_app.core.safekeeping.backups import backup_if_due
from desktop_app.core.safekeeping.health import (
    Verdict,
    accept_state,
    check_health,
    pages_verdict,
)
from desktop_app.core.safekeeping.instance import InstanceLock
from desktop_app.core.safekeeping.leftovers import remove_leftovers
from desktop_app.core.safekeeping.restore import restore_backup
from desktop_app.core.school import load_school
from desktop_app.core.store.database import open_database
from desktop_app.core.store.queries import database_info
from desktop_app.core.users import PinGuard
from desktop_app.ui.common.errors import ErrorReporter, setup_logging, show_error
from desktop_app.ui.common.jobs import (
    BACKGROUND,
    Job,
    cancel_jobs,
    run_and_wait,
    run_in_background,
    start_job,
    with_connection,
)
from desktop_app.ui.common.text import shown
from desktop_app.ui.shell import i18n, restart

# The main window's modules load once the database is open and its dashboard's figures are being
# read (``start``); the first-run wizard, the recovery key and the unlock dialog when shown.
if TYPE_CHECKING:
    from desktop_app.ui.shell.main_window import MainWindow

log = logging.getLogger("songmay.ui")

BASE_POINT_SIZE = 10.0  # Windows' 9 pt default is small on the old screens schools have
SETTINGS_LANGUAGE = i18n.SETTINGS_KEY  # "ui/language": "vi" (the default) or "en"
EXIT_CANNOT_OPEN = 1
DAILY_BACKUP_JOIN_S = 60.0  # on quitting, a daily backup under way may finish first


def _tr(text: str) -> str:
    return QCoreApplication.translate("app", text)


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
    # Qt's own translations (file, print and message-box dialogs: qtbase_en in English, our
    # qt_vi in Vietnamese, which Qt lacks), then the application's (built first from their .ts
    # in a source checkout when stale); numbers and dates follow the language. See
    # desktop_app.ui.shell.i18n.
    i18n.apply_language(app, i18n.saved_language())
    return app


def fill_demo_if_empty(db: Database, db_path: Path) -> bool:
    """Sample data for a database without students; True if it was filled."""
    if database_info(db, db_path)["counts"]["students"]:
        return False

    def fill(worker_db: Database, _state: JobState) -> None:
        from desktop_app.core.demo import fill_demo_data  # the import pipeline: sample data only

        fill_demo_data(worker_db, vaccinations=True)

    run_and_wait(_tr("Đang tạo dữ liệu mẫu…"), with_connection(db_path, fill))
    log.info("sample data written to %s", db_path)
    return True


def ask_school_profile(db: Database) -> bool:
    """The first-run wizard, modal; False if the clerk cancelled it."""
    from desktop_app.ui.settings.setup_wizard import SetupWizard

    wizard = SetupWizard(db, first_start=True)
    accepted = wizard.exec() == QDialog.DialogCode.Accepted
    wizard.deleteLater()
    return accepted


def ask_to_restore(verdict: Verdict) -> bool:
    """The clerk decides whether the newest good backup replaces the damaged file."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        _tr("Tệp dữ liệu bị hỏng"),
        shown(verdict.as_message(window=True)),
    )
    restore = box.addButton(_tr("Khôi phục bản sao lưu"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_tr("Thoát"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


def tell_changes_lost(verdict: Verdict) -> None:
    """Changes are missing and there is no backup to bring them back: the clerk is told once."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _tr("Thiếu các thay đổi gần nhất"),
        shown(verdict.as_message(window=True)),
    )
    box.addButton(_tr("Tiếp tục"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def ensure_sound(db_path: Path, *, pages: bool = True) -> Verdict:
    """The health check (``safekeeping.health``, the same as every command's) before the file is
    opened. A damaged, emptied or cut short file, or one missing its latest changes (a damaged
    -wal), is replaced by the newest good backup if the clerk agrees (the current one is kept
    beside the backups); otherwise ``StoreError`` (``database_damaged``, ``disk_full``) says
    what was found. A missing or empty file with backups beside it is never a first run.
    ``pages=False``: every page is read later (``check_pages``). The verdict found."""
    verdict = run_and_wait(
        _tr("Đang kiểm tra tệp dữ liệu…"), lambda _state: check_health(db_path, pages=pages)
    )
    if not verdict.ok:
        _answer(db_path, verdict)
    return verdict


def _answer(db_path: Path, verdict: Verdict) -> None:
    """What the clerk is offered for a file that is not sound (see ``ensure_sound``)."""
    log.error("health check of %s: %s (%s)", db_path, verdict.kind, verdict.problem)
    if verdict.kind == "disk_full":
        raise StoreError(verdict.as_message(window=True), code="disk_full")
    good = verdict.newest_good
    if good is None and verdict.kind == "changes_lost":
        tell_changes_lost(verdict)
        accept_state(db_path)
        return
    if good is None or not ask_to_restore(verdict):
        raise StoreError(verdict.as_message(window=True), code="database_damaged")
    _restore(db_path, good.path)


def _restore(db_path: Path, backup: Path) -> None:
    """``backup`` put in place of the damaged file, which is kept beside the backups."""
    result = run_and_wait(
        _tr("Đang khôi phục bản sao lưu…"),
        lambda state: restore_backup(db_path, backup, job=state),
    )
    log.warning("restored %s from %s; previous file kept as %s", db_path,
                result.restored_from, result.previous)  # fmt: skip


def check_pages(window: MainWindow) -> Job | None:
    """``PRAGMA quick_check`` over every page of the window's file, in the background once the
    window shows (before the daily backup, on the same thread). A damaged page is said as it was
    before the window existed: ``replace_damaged``."""
    db_path = window.db_path

    def checked(verdict: Verdict) -> None:
        if verdict.ok:
            log.info("every page of %s read without a fault", db_path)
            return
        log.error("health check of %s: %s (%s)", db_path, verdict.kind, verdict.problem)
        replace_damaged(window, verdict)

    return start_job(window, BACKGROUND, "", lambda _state: pages_verdict(db_path), checked)


def replace_damaged(window: MainWindow, verdict: Verdict) -> MainWindow | None:
    """A damaged page found while ``window`` works: the newest good backup is offered (the same
    message as at start). Agreed: the window closes, the backup is restored and a window on it
    takes its place (``window.replacement``), for the same user. Refused, or no backup: the same
    error as at start, and the application ends with ``EXIT_CANNOT_OPEN``."""
    app = QCoreApplication.instance()
    assert isinstance(app, QApplication)
    db_path, actor, guard = window.db_path, window.actor, window.guard
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)  # between the two windows, the application stays
    try:
        good = verdict.newest_good
        restore = good is not None and ask_to_restore(verdict)
        window.close()
        window.db.close()
        try:
            if not restore or good is None:
                raise StoreError(verdict.as_message(window=True), code="database_damaged")
            _restore(db_path, good.path)
            from desktop_app.ui.shell.main_window import MainWindow

            replacement = MainWindow(open_database(db_path), db_path, actor=actor, guard=guard)
        except SongMayError as exc:
            dialog = show_error(exc)
            if dialog is not None:
                dialog.exec()
            app.exit(EXIT_CANNOT_OPEN)
            return None
        replacement.check_clock()
        replacement.show()
        window.replacement = replacement
        return replacement
    finally:
        app.setQuitOnLastWindowClosed(quit_on_close)


def current_window(window: MainWindow) -> MainWindow:
    """The window that took ``window``'s place after a restore, if any."""
    while window.replacement is not None:
        window = window.replacement
    return window


def start_daily_backup(
    db_path: Path, actor: str | None = None, window: MainWindow | None = None
) -> Job | None:
    """The once-a-day backup, in the background (a large file takes seconds). It is a row of the
    access trail, signed by the session's user. A failure is kept beside the database (the core
    does it) and shown in ``window``'s status bar and on the dashboard until a backup succeeds."""

    def work(_state: JobState) -> None:
        try:
            made = backup_if_due(db_path, actor=actor)
        except Exception:  # it must not disturb the clerk's work: support reads the log
            log.exception("daily backup of %s failed", db_path)
        else:
            if made is not None:
                log.info("daily backup written: %s", made)

    def done(_result: None) -> None:
        if window is not None:
            with contextlib.suppress(RuntimeError):  # the window was closed meanwhile
                window.refresh_backup_warning()

    return run_in_background(work, done)


def unlock(db_path: Path) -> bool:
    """Make sure the database key is known before the file is opened: from
    ``SONGMAY_DB_KEY_FILE`` or the keyring, else by asking (``UnlockDialog``): the data
    passphrase or the recovery key of an existing database; on a PC without a secure keyring, a
    new data passphrase for a new database. False when the clerk chose "Thoát" (the application
    quits without an error: nothing went wrong)."""
    from desktop_app.core.store import keys
    from desktop_app.ui.shell.unlock_dialog import UnlockDialog

    new = not db_path.is_file() or db_path.stat().st_size == 0
    try:
        keys.database_key(db_path, create=new)
        return True
    except keys.DatabaseKeyError as exc:
        if exc.code not in ("key_locked", "key_missing", "no_secure_keyring"):
            raise
        reason = exc
    dialog = UnlockDialog(
        db_path, shown(reason.msg or reason.message), creating=reason.code == "no_secure_keyring"
    )
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            log.info("unlocking cancelled (%s); quitting", reason.code)
            return False
        if dialog.used_recovery_key:
            log.warning("database unlocked with its recovery key")
        return True
    finally:
        dialog.deleteLater()


def show_recovery_key(db: Database, db_path: Path) -> None:
    """The recovery key step after a new database's first-run wizard: shown until the clerk
    ticks that it was printed or written down and put away."""
    from desktop_app.core.store import keys
    from desktop_app.ui.settings.recovery_dialog import RecoveryKeyDialog

    key = keys.known_key(db_path) or keys.database_key(db_path)
    dialog = RecoveryKeyDialog(db, db_path, key, first_run=True)
    dialog.exec()
    dialog.deleteLater()


def start(
    db_path: Path, *, demo: bool = False, settings: QSettings | None = None
) -> MainWindow | None:
    """Open the database, fill sample data if asked, run the wizard (then the recovery key step)
    on first use, then show the main window (None: the clerk cancelled the unlock dialog or the
    wizard). Raises ``SongMayError`` when the database cannot be opened."""
    removed = remove_leftovers(db_path)
    if removed:
        log.info("removed %d leftover temporary file(s) of interrupted work", len(removed))
    if demo:
        from desktop_app.core.store import keys

        keys.use_demo_key(db_path)  # fictional children: no passphrase to try the application
    if not unlock(db_path):
        return None
    verdict = ensure_sound(db_path, pages=False)
    try:
        db = open_database(db_path)
    except StoreError as exc:
        if exc.code != "damaged":
            raise
        # A damaged page read while opening: the full check says what it is and offers the
        # newest good backup, as it did before the window read only a few pages first.
        verdict = ensure_sound(db_path)
        db = open_database(db_path)
    if demo:
        try:
            fill_demo_if_empty(db, db_path)
        except Exception as exc:  # sample data is a convenience: say why, then carry on
            show_error(exc)
    if not load_school(db).is_complete:
        if not ask_school_profile(db):
            log.info("setup wizard cancelled; quitting")
            db.close()
            return None
        show_recovery_key(db, db_path)  # the wizard runs until a school is saved: a new file
    # The dashboard's figures: the kept ones when nothing changed since they were computed (a few
    # milliseconds), else read from here on, while the window's modules load and its widgets are
    # built (and while "Ai đang làm việc?" waits for a name).
    from desktop_app.ui.dashboard.prefetch import prefetch

    prefetch(db_path, db)
    from desktop_app.ui.shell.main_window import MainWindow
    from desktop_app.ui.shell.session import ask_who

    guard = PinGuard()
    actor = ask_who(db, guard)
    if actor is None:
        log.info("nobody chosen to work; quitting")
        db.close()
        return None
    window = MainWindow(db, db_path, settings=settings, actor=actor, guard=guard)
    window.check_clock()  # the PC's date known wrong: a banner, not a dialog
    window.show()
    if verdict.kind in ("ok", "changes_lost"):  # every page read once the figures are shown
        window.after_first_figures(lambda: check_pages(window))
    return window


def run(db_path: Path, *, demo: bool = False) -> int:
    """The window's main loop; returns the process exit code."""
    app = create_application()
    log_file = setup_logging()
    reporter = ErrorReporter(app)
    reporter.install()
    log.info("songmay %s starting; database %s; log %s", __version__, db_path, log_file)
    lock = InstanceLock(db_path)
    replacing = restart.restarted_from()
    try:
        try:
            _take(lock, replacing)
            window = start(db_path, demo=demo)
        except SongMayError as exc:
            dialog = show_error(exc)
            if dialog is not None:
                dialog.exec()
            return EXIT_CANNOT_OPEN
        if window is None:
            return 0
        window.after_first_figures(lambda: start_daily_backup(db_path, window.actor, window))
        code = app.exec()
        last = current_window(window)
        if code == 0:
            keep_figures(last.db)
        last.db.close()
        return int(code)
    finally:
        cancel_jobs(BACKGROUND, wait_ms=int(DAILY_BACKUP_JOIN_S * 1000))
        lock.release()
        reporter.uninstall()
        reporter.deleteLater()


def keep_figures(db: Database) -> None:
    """Once the window has closed: the dashboard's figures computed and kept if what the
    session changed made them stale (``core.dashboard.keep_current``), so that the next start
    shows them with its first paint instead of computing them (a second at 200,000 students)."""
    from desktop_app.core.dashboard import keep_current

    try:
        if keep_current(db):
            log.info("the dashboard's figures were kept for the next start")
    except Exception as exc:  # a convenience for the next start: it computes them if need be
        # the kind of failure only, as the core and the command line log it: a traceback's
        # values may hold a student's data
        log.warning("the dashboard's figures were not kept: %s", type(exc).__name__)


def _take(lock: InstanceLock, replacing: int | None) -> None:
    """``AlreadyRunning`` when another window has the file (the one this instance ``replacing``
    is waited for); a folder where no lock file can be made (read-only) is not a reason to
    refuse: SQLite still keeps the writes apart."""
    try:
        restart.take_lock(lock, replacing=replacing)
    except OSError as exc:
        log.warning("no single-instance lock at %s: %s", lock.path, exc)
