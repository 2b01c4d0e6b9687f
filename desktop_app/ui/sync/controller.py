"""The window's one sync: started by "Đồng bộ" (the toolbar, F9, the Đồng bộ page) or by itself when
the network returns; run by ``sync.client.SyncClient`` as a network job (``ui.common.jobs``), as ``songmay sync run``
does on the command line.

The main window owns one ``SyncController`` (``window.sync``); the page, the toolbar and the status
bar listen to its signals. Only one run at a time. A run never raises: what stopped it is in its
``SyncReport`` (``error``, ``error_code``), and what it did not send is still pending.

Passwords: with a secure OS keyring the password is read from it on the worker, when the client
logs in. Without one, the clerk types it for each interactive run (``PasswordDialog``), and the
automatic retry does not run (it would have to ask).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.core.jobs import JobState
from desktop_app.core.store.database import open_database
from desktop_app.core.store.outbox import outbox_counts, sync_state
from desktop_app.ui.common.errors import show_error
from desktop_app.ui.common.jobs import NETWORK, cancel_jobs, current_job, run_network_job
from desktop_app.ui.common.text import language
from desktop_app.ui.common.widgets import open_message
from desktop_app.ui.sync.network import PROBE_INTERVAL_MS, NetworkWatcher

# The sync client (requests), the credentials (keyring) and the login dialog are imported when
# a sync, a login or a password is asked for: the window starts without them (issue 19).
if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.ui.sync.login_dialog import LoginDialog, PasswordDialog
    from sync.account import Account, PasswordProvider
    from sync.client import SyncReport, SyncSettings
    from sync.credentials import Credentials

log = logging.getLogger("songmay.ui")

AUTO_RETRY_KEY = "sync/auto_retry"
# Codes of a run stopped by the account (the clerk logs in again) or by the network (retry later).
LOGIN_CODES = frozenset({"invalid_credentials", "password_missing"})
NETWORK_CODES = frozenset({"network"})


class SyncController(QObject):
    """``started(automatic)``, ``progressed(done, total, stage)``, ``finished(report)`` (a
    ``SyncReport``), ``accountChanged()`` after a login, ``onlineChanged(online)``,
    ``notice(text)``: a sentence for the status bar (the login that went through)."""

    started = Signal(bool)
    progressed = Signal(int, int, str)
    finished = Signal(object)
    accountChanged = Signal()
    onlineChanged = Signal(bool)
    notice = Signal(str)

    def __init__(
        self,
        db: Database,
        db_path: Path,
        window: QWidget,
        *,
        settings: QSettings | None = None,
        credentials: Credentials | None = None,
        sync_settings: SyncSettings | None = None,
        probe_ms: int = PROBE_INTERVAL_MS,
    ) -> None:
        super().__init__(window)
        self._db = db
        self._db_path = Path(db_path)
        self._window = window
        self._settings = settings if settings is not None else QSettings()
        self._credentials = credentials
        self._sync_settings = sync_settings
        self.automatic = False  # the current (or last) run started by itself
        self._stop_reason = "clerk"  # why the current run was asked to stop (see cancel)
        self.last_report: SyncReport | None = None
        self.login_dialog: LoginDialog | None = None
        self.password_dialog: PasswordDialog | None = None
        self.message_box: QMessageBox | None = None
        self.watcher = NetworkWatcher(
            self._probe_target, interval_ms=probe_ms, busy=self.is_running, parent=self
        )
        self.watcher.onlineChanged.connect(self.onlineChanged)
        self.watcher.cameOnline.connect(self._network_returned)

    # --- what is known -----------------------------------------------------------------------

    @property
    def credentials(self) -> Credentials:
        """Where passwords are kept (the OS keyring), looked at on first use."""
        if self._credentials is None:
            from sync.credentials import Credentials

            self._credentials = Credentials()
        return self._credentials

    @credentials.setter
    def credentials(self, value: Credentials) -> None:
        self._credentials = value

    @property
    def sync_settings(self) -> SyncSettings:
        if self._sync_settings is None:
            from sync.client import SyncSettings

            self._sync_settings = SyncSettings()
        return self._sync_settings

    @sync_settings.setter
    def sync_settings(self, value: SyncSettings) -> None:
        self._sync_settings = value

    def account(self) -> Account | None:
        """The saved sync account; None when there is none, or when the database cannot be read
        now (its USB stick pulled, the window closing): the watcher then just waits."""
        from sync.account import load_account
        from sync.errors import NotLoggedIn

        try:
            return load_account(self._db)
        except NotLoggedIn:
            return None
        except Exception:
            log.warning("cannot read the sync account", exc_info=True)
            return None

    def _probe_target(self) -> tuple[str, str | None] | None:
        """The server of the saved account, read as ``sync.account.load_account`` reads it
        (without importing the sync package: the status bar asks at start)."""
        try:
            state = sync_state(self._db)
        except Exception:
            log.warning("cannot read the sync account", exc_info=True)
            return None
        if not (state.endpoint and state.school_code and state.username):
            return None
        return state.endpoint, state.ca_bundle

    def endpoint(self) -> str:
        """The saved account's server ("" without one), for the status bar."""
        target = self._probe_target()
        return target[0] if target else ""

    def is_running(self) -> bool:
        return current_job(self) is not None

    def is_cancelling(self) -> bool:
        job = current_job(self)
        return job is not None and job.is_cancelled()

    def is_online(self) -> bool:
        """Logged in and the server answered."""
        return self.watcher.is_online()

    def network_state(self) -> str:
        """``network.NO_ACCOUNT``, ``CHECKING``, ``ONLINE`` or ``OFFLINE``."""
        return self.watcher.state()

    def keeps_passwords(self) -> bool:
        """False where the OS has no secure keyring: the password is asked at each sync."""
        return self.credentials.is_secure()

    def auto_retry(self) -> bool:
        value = self._settings.value(AUTO_RETRY_KEY, True)
        return value not in (False, "false", "0", 0)

    def set_auto_retry(self, enabled: bool) -> None:
        self._settings.setValue(AUTO_RETRY_KEY, bool(enabled))
        self._settings.sync()

    def pending(self) -> int:
        return outbox_counts(self._db)["pending"]

    # --- starting ----------------------------------------------------------------------------

    @Slot()
    def sync_now(self) -> bool:
        """The clerk asked: log in first if needed, ask the password if it cannot be kept, then
        run. True if a run started now (False: already running, or a dialog asks first)."""
        if self.is_running():
            return False
        account = self.account()
        if account is None:
            self.open_login(then_sync=True)
            return False
        if not self.keeps_passwords():
            self.ask_password(account)
            return False
        return self._start(account, self._keyring_password(account), automatic=False)

    def start_automatic(self) -> bool:
        """A run nobody asked for (the network came back): only when it is allowed, there is
        something to send, and no password has to be asked."""
        account = self.account()
        if (
            self.is_running()
            or not self.auto_retry()
            or account is None
            or not self.keeps_passwords()
            or self.pending() == 0
        ):
            return False
        log.info("the sync server answers again: syncing %d pending changes", self.pending())
        return self._start(account, self._keyring_password(account), automatic=True)

    def cancel(self, reason: str = "clerk") -> None:
        """Stop the run between two requests. ``reason`` ("clerk": Hủy was pressed, "closing":
        the window closes) is what the run's report will say, unless it was only waiting for a
        server it could not reach: then it says that. The first reason given stands."""
        job = current_job(self)
        if job is not None:
            if not job.is_cancelled():
                self._stop_reason = reason
            job.cancel()

    def open_login(self, *, then_sync: bool = False, message: str = "") -> LoginDialog:
        """The login dialog, window-modal (returns at once); after a successful login the
        account is saved and, with ``then_sync``, a run starts with the password just typed."""
        if self.login_dialog is not None and self.login_dialog.isVisible():
            return self.login_dialog
        from desktop_app.ui.sync.login_dialog import LoginDialog, after_login_message

        dialog = LoginDialog(
            self._db,
            self._window,
            credentials=self.credentials,
            sync_settings=self.sync_settings,
            message=message,
            auto_retry=self.auto_retry(),
        )

        def logged_in(account: Account, kept: bool) -> None:
            self.accountChanged.emit()
            self.watcher.probe()
            # Whether it syncs by itself, as the automatic-sync box says (off without a kept
            # password): in the status bar, or in a message when the password was not kept.
            said = after_login_message(account.endpoint, kept, self.auto_retry())
            if kept:
                self.notice.emit(said)
            else:
                self._tell(QMessageBox.Icon.Information, self.tr("Đã đăng nhập"), said)
            if then_sync:
                typed = dialog.password()
                self._start(account, lambda: typed, automatic=False)

        dialog.loggedIn.connect(logged_in)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "login_dialog", None))
        self.login_dialog = dialog
        dialog.open()
        return dialog

    def ask_password(self, account: Account, message: str = "") -> PasswordDialog:
        """The password for one run (no secure keyring); the run starts when it is given."""
        from desktop_app.ui.sync.login_dialog import PasswordDialog

        dialog = PasswordDialog(account, self._window, message=message)

        def given() -> None:
            typed = dialog.password()
            self._start(account, lambda: typed, automatic=False)

        dialog.accepted.connect(given)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "password_dialog", None))
        self.password_dialog = dialog
        dialog.open()
        return dialog

    def _keyring_password(self, account: Account) -> PasswordProvider:
        """Read on the worker, when the client logs in (not held longer than that)."""
        from sync.errors import PasswordMissing

        credentials = self.credentials
        missing = self.tr(
            "Chưa có mật khẩu đồng bộ trên máy này (kho mật khẩu của hệ điều hành không còn giữ "
            "nó). Hãy đăng nhập lại."
        )

        def provide() -> str:
            password = credentials.get(account.key)
            if not password:
                raise PasswordMissing(missing)
            return password

        return provide

    def _start(self, account: Account, password: PasswordProvider, *, automatic: bool) -> bool:
        db_path, settings = self._db_path, self.sync_settings
        lang = language()  # the stages and what stopped a run, in the interface's language

        def work(state: JobState) -> SyncReport:
            from sync.client import SyncClient

            db = open_database(db_path, create=False)
            client = SyncClient(account, password, settings=settings, lang=lang)
            try:
                return client.run(db, _Stoppable(state, self._reason_to_stop))
            finally:
                client.transport.close()
                db.close()

        job = run_network_job(self, work, self._finished, self._crashed)
        if job is None:  # one run at a time
            return False
        self.automatic = automatic
        self._stop_reason = "clerk"
        job.progressed.connect(self.progressed)
        self.started.emit(automatic)
        return True

    # --- ending ------------------------------------------------------------------------------

    def _finished(self, report: SyncReport) -> None:
        self.last_report = report
        if report.error_code in NETWORK_CODES or _stopped_by_the_network(report):
            self.watcher.set_online(False)
        elif report.error_code not in {"cancelled"}:
            self.watcher.set_online(True, announce_return=False)  # the server answered
        self.finished.emit(report)
        error = report.error_text(language())
        if not self.automatic and report.error_code in LOGIN_CODES and error:
            self._ask_again(error)
        elif not self.automatic and error and report.error_code != "cancelled":
            self._tell(QMessageBox.Icon.Warning, self.tr("Đồng bộ chưa xong"), error)

    def _crashed(self, exc: BaseException) -> None:
        """Not a sync problem (those are in the report): a bug or an unreadable database."""
        self.last_report = None
        self.finished.emit(None)
        show_error(exc, self._window)

    def _ask_again(self, error: str) -> None:
        """The server refused the password (changed at the district?), or it is gone."""
        account = self.account()
        if account is not None and not self.keeps_passwords():
            self.ask_password(account, message=error)
        else:
            self.open_login(then_sync=True, message=error)

    def _tell(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        box = open_message(self._window, icon, title, text, name="syncMessage")
        box.destroyed.connect(lambda: setattr(self, "message_box", None))
        self.message_box = box
        return box

    @Slot()
    def _network_returned(self) -> None:
        self.start_automatic()

    def _reason_to_stop(self) -> str:
        return self._stop_reason  # read on the worker once the job's cancel event is set

    def shutdown(self, wait_ms: int = 10_000) -> bool:
        """Stop probing, ask a run to stop and wait for it (the window is closing): a run stops
        between two requests, and what it had not sent stays pending."""
        self.watcher.stop()
        self.cancel("closing")
        return cancel_jobs(NETWORK, wait_ms=wait_ms)


def _stopped_by_the_network(report: SyncReport) -> bool:
    """Stopped while it waited for a server it could not reach."""
    message = report.error_message or {}
    return report.error_code == "cancelled" and message.get("id") == "sync.cancelled.network"


class _Stoppable:
    """The job's state as the sync client sees it, plus why it was asked to stop."""

    def __init__(self, state: JobState, reason: Callable[[], str]) -> None:
        self._state = state
        self.cancel_reason = reason

    def set_progress(self, done: int, total: int, stage: str) -> None:
        self._state.set_progress(done, total, stage)

    def is_cancelled(self) -> bool:
        return self._state.is_cancelled()
