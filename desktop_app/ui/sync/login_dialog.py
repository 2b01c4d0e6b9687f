"""The sync account: the login dialog (checked against the server before anything is kept) and the
password prompt used where the OS has no secure keyring.

What ``songmay sync login`` does, in a window: ``make_account`` checks the address (https, except
on this machine), the login runs on the network worker, then ``store_account`` keeps the account in
the database and the password in the OS keyring only (``sync.credentials``). Without a secure
keyring the password is kept nowhere: the clerk types it at each sync.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.errors import SongMayError
from desktop_app.core.jobs import JobState
from desktop_app.core.school import load_school
from desktop_app.core.store.outbox import sync_state
from desktop_app.ui.common.errors import show_error
from desktop_app.ui.common.jobs import current_job, run_network_job
from desktop_app.ui.common.template_form import ERROR_COLOR, WARNING_COLOR, fit_height
from desktop_app.ui.common.text import language, shown
from desktop_app.ui.common.widgets import muted
from sync.account import Account, make_account, store_account
from sync.client import SyncClient, SyncSettings
from sync.credentials import Credentials
from sync.errors import SyncCancelled

FIELD_WIDTH = 360


def _tr(text: str) -> str:
    return QCoreApplication.translate("LoginDialog", text)


def auto_sync_sentence(kept: bool, auto_retry: bool) -> str:
    """What happens when the network comes back, as the "Tự đồng bộ khi có mạng trở lại" box on
    the Đồng bộ page says: on, off, or impossible (no password kept, so none to sync with)."""
    if not kept:
        return _tr(
            "Vì vậy chương trình không tự đồng bộ khi có mạng trở lại (ô “Tự đồng bộ khi có mạng "
            "trở lại” trên trang Đồng bộ bị tắt): hãy bấm “Đồng bộ ngay” (F9) để gửi dữ liệu."
        )
    if auto_retry:
        return _tr(
            "Khi có mạng trở lại, chương trình tự gửi các thay đổi đang chờ (tắt được ở ô “Tự đồng "
            "bộ khi có mạng trở lại” trên trang Đồng bộ)."
        )
    return _tr(
        "Tự đồng bộ khi có mạng trở lại đang tắt: hãy bấm “Đồng bộ ngay” (F9) để gửi dữ liệu, "
        "hoặc bật ô “Tự đồng bộ khi có mạng trở lại” trên trang Đồng bộ."
    )


def after_login_message(endpoint: str, kept: bool, auto_retry: bool) -> str:
    """Said once the login succeeded: where the password is, and whether the program syncs by
    itself, in agreement with the automatic-sync box."""
    if kept:
        first = _tr("Đã đăng nhập máy chủ {endpoint}; mật khẩu được lưu trong kho mật khẩu của "
                    "hệ điều hành.").format(endpoint=endpoint)  # fmt: skip
    else:
        first = _tr(
            "Đã đăng nhập máy chủ {endpoint}. Máy này không có kho mật khẩu an toàn của hệ điều "
            "hành, nên mật khẩu không được lưu: chương trình sẽ hỏi mật khẩu mỗi lần đồng bộ."
        ).format(endpoint=endpoint)
    return f"{first} {auto_sync_sentence(kept, auto_retry)}"


def shown_error(exc: SongMayError) -> str:
    """What the core says of ``exc``, in the interface's language."""
    return exc.text(language())


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMinimumWidth(FIELD_WIDTH)
    return edit


def _message_label(name: str, colour: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(f"color: {colour};")
    label.hide()
    return label


class LoginDialog(QDialog):
    """``loggedIn(account, kept)`` once the server accepted the login and the account is saved;
    ``kept`` is False when the password could not be kept securely (it will be asked at each
    sync). ``password()`` is what was typed, for a sync started right after."""

    loggedIn = Signal(object, bool)

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        credentials: Credentials | None = None,
        sync_settings: SyncSettings | None = None,
        message: str = "",
        auto_retry: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncLoginDialog")
        self.setWindowTitle(self.tr("Đăng nhập tài khoản đồng bộ"))
        self._db = db
        self._credentials = credentials or Credentials()
        self._sync_settings = sync_settings or SyncSettings()
        self.account: Account | None = None
        self.kept = False

        state = sync_state(db)
        self.message_label = _message_label("loginMessage", WARNING_COLOR)
        if message:
            self.message_label.setText(message)
            self.message_label.show()
        intro = muted(
            self.tr(
                "Phòng/Sở GD&ĐT cấp cho mỗi trường một tài khoản đồng bộ: địa chỉ máy chủ, mã "
                "trường, tên đăng nhập và mật khẩu. Ghi đúng như được cấp; chương trình kiểm tra "
                "với máy chủ trước khi lưu."
            )
        )
        self.endpoint_edit = QLineEdit(state.endpoint or "")
        self.endpoint_edit.setObjectName("endpoint")
        self.endpoint_edit.setPlaceholderText("https://dongbo.pgd.edu.vn")
        self.endpoint_edit.setMinimumWidth(FIELD_WIDTH)
        self.school_edit = QLineEdit(state.school_code or load_school(db).code or "")
        self.school_edit.setObjectName("schoolCode")
        self.username_edit = QLineEdit(state.username or "")
        self.username_edit.setObjectName("username")
        self.password_edit = _password_edit()
        self.password_edit.setObjectName("password")
        self.show_password = QCheckBox(self.tr("Hiện mật khẩu"))
        self.show_password.toggled.connect(
            lambda shown: self.password_edit.setEchoMode(
                QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
            )
        )
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        form.addRow(self.tr("Địa chỉ máy chủ"), self.endpoint_edit)
        form.addRow(self.tr("Mã trường"), self.school_edit)
        form.addRow(self.tr("Tên đăng nhập"), self.username_edit)
        form.addRow(self.tr("Mật khẩu"), self.password_edit)
        form.addRow("", self.show_password)

        secure = self._credentials.is_secure()
        if secure:
            note = muted(
                self.tr(
                    "Mật khẩu được lưu trong kho mật khẩu an toàn của hệ điều hành (trên Windows: "
                    "Credential Manager), không lưu trong tệp dữ liệu."
                )
                + " "
                + auto_sync_sentence(True, auto_retry)
            )
        else:
            note = QLabel(
                self.tr(
                    "Máy này không có kho mật khẩu an toàn của hệ điều hành, nên mật khẩu sẽ "
                    "không được lưu: chương trình sẽ hỏi mật khẩu mỗi lần đồng bộ."
                )
                + " "
                + auto_sync_sentence(False, auto_retry)
            )
            note.setWordWrap(True)
            note.setStyleSheet(f"color: {WARNING_COLOR};")
        note.setObjectName("keyringNote")
        self.keyring_note = note
        self.error_label = _message_label("loginError", ERROR_COLOR)
        self.busy_label = muted(self.tr("Đang kiểm tra với máy chủ…"))
        self.busy_label.setObjectName("loginBusy")
        self.busy_label.hide()

        self.login_button = QPushButton(self.tr("Đăng nhập"))
        self.login_button.setObjectName("loginButton")
        self.login_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Hủy"))
        self.cancel_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.busy_label)
        buttons.addStretch(1)
        buttons.addWidget(self.login_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(self.message_label)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)

        self.login_button.clicked.connect(self.login)
        self.cancel_button.clicked.connect(self.reject)
        for edit in (self.endpoint_edit, self.school_edit, self.username_edit, self.password_edit):
            edit.textEdited.connect(self.error_label.hide)
        first_empty = next(
            (e for e in (self.endpoint_edit, self.school_edit, self.username_edit) if not e.text()),
            self.password_edit,
        )
        first_empty.setFocus()

    def password(self) -> str:
        return self.password_edit.text()

    def is_checking(self) -> bool:
        return current_job(self) is not None

    @Slot()
    def login(self) -> None:
        """Check the fields, then log in on the network worker; the account is kept only when
        the server accepted it."""
        if self.is_checking():
            return
        try:
            account = make_account(
                self.endpoint_edit.text(), self.school_edit.text(), self.username_edit.text()
            )
        except SongMayError as exc:
            self._show_error(shown_error(exc))
            return
        password = self.password_edit.text()
        if not password:
            self._show_error(self.tr("Hãy nhập mật khẩu."))
            self.password_edit.setFocus()
            return
        settings = self._sync_settings

        def work(state: JobState) -> Account:
            client = SyncClient(account, lambda: password, settings=settings)
            client.transport.cancelled = state.is_cancelled
            try:
                client.login()
            finally:
                client.transport.close()
            return account

        if run_network_job(self, work, self._logged_in, self._failed) is not None:
            self._set_busy(True)

    def reject(self) -> None:
        job = current_job(self)
        if job is not None:
            job.cancel()
        super().reject()

    def _logged_in(self, account: Account) -> None:
        try:
            self.kept = store_account(self._db, account, self.password(), self._credentials)
        except SongMayError as exc:
            self._set_busy(False)
            self._show_error(shown_error(exc))
            return
        self.account = account
        self.loggedIn.emit(account, self.kept)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, SyncCancelled):
            return
        if isinstance(exc, SongMayError):
            self._show_error(shown_error(exc))
        else:
            show_error(exc, self)

    def _show_error(self, text: str) -> None:
        """``text``: a message of the core (said in the interface's language) or a sentence."""
        text = shown(text)
        self.error_label.setText(text)
        self.error_label.show()
        fit_height(self)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.endpoint_edit, self.school_edit, self.username_edit,
                       self.password_edit, self.login_button):  # fmt: skip
            widget.setEnabled(not busy)
        self.busy_label.setVisible(busy)
        if busy:
            self.error_label.hide()


class PasswordDialog(QDialog):
    """The password for one sync, on a machine that cannot keep it. Nothing is stored."""

    def __init__(self, account: Account, parent: QWidget | None = None, *, message: str = ""):
        super().__init__(parent)
        self.setObjectName("syncPasswordDialog")
        self.setWindowTitle(self.tr("Mật khẩu đồng bộ"))
        text = QLabel(
            self.tr(
                "Máy này không có kho mật khẩu an toàn nên không lưu mật khẩu đồng bộ. Nhập mật "
                "khẩu của tài khoản {username} (trường {school}) cho lần đồng bộ này."
            ).format(username=account.username, school=account.school_code)
        )
        text.setWordWrap(True)
        self.message_label = _message_label("passwordMessage", ERROR_COLOR)
        if message:
            self.message_label.setText(message)
            self.message_label.show()
        self.password_edit = _password_edit()
        self.password_edit.setObjectName("password")
        self.ok_button = QPushButton(self.tr("Đồng bộ"))
        self.ok_button.setDefault(True)
        self.ok_button.setEnabled(False)
        self.cancel_button = QPushButton(self.tr("Hủy"))
        self.cancel_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(self.cancel_button)
        form = QFormLayout()
        form.addRow(self.tr("Mật khẩu"), self.password_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(self.message_label)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.setMinimumWidth(480)
        self.password_edit.textChanged.connect(lambda t: self.ok_button.setEnabled(bool(t)))
        self.ok_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.password_edit.setFocus()

    def password(self) -> str:
        return self.password_edit.text()
