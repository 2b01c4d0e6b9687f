"""Mở khóa tệp dữ liệu: the dialog start-up shows when neither ``SONGMAY_DB_KEY_FILE`` nor the
OS keyring has the database's key (``core.store.keys``).

- A **new** database on a PC without a secure keyring: the clerk chooses a data passphrase, typed
  twice, held to the USB copy's policy (``passphrase_problem``, said under the field); the key is
  kept beside the database, wrapped by it.
- An **existing** database: one field takes the data passphrase *or* the recovery key printed on
  the sheet (a well-formed recovery key, checksum included, is tried as one; anything else as the
  passphrase). A wrong one is said under the field; the dialog stays.

Cancel quits the application cleanly (``start`` raises the reason, ``run`` shows it and exits).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import StoreError
from desktop_app.core.safekeeping.passphrase import MIN_CHARACTERS, MIN_WORDS, passphrase_problem
from desktop_app.core.store import keys
from desktop_app.ui.common.text import language, shown
from desktop_app.ui.common.widgets import muted


class UnlockDialog(QDialog):
    """``creating``: a new data passphrase for a new database; else the passphrase or the
    recovery key of an existing one. After ``Accepted``, ``key`` is the database's key (also
    remembered by ``core.store.keys`` for this process)."""

    def __init__(
        self, db_path: Path, reason: str, *, creating: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unlockDialog")
        self.setWindowTitle(self.tr("Mở khóa tệp dữ liệu"))
        self._db_path = Path(db_path)
        self._creating = creating
        self.key: bytes | None = None
        self.used_recovery_key = False
        self.first = QLineEdit()
        self.first.setObjectName("unlockSecret")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setObjectName("unlockSecretAgain")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_box = QCheckBox(self.tr("Hiện chữ đã gõ"))
        self.error = QLabel()
        self.error.setObjectName("unlockError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.error.hide()
        intro = QLabel(reason)
        intro.setObjectName("unlockReason")
        intro.setWordWrap(True)
        form = QFormLayout()
        if creating:
            form.addRow(self.tr("Mật khẩu dữ liệu mới:"), self.first)
            form.addRow(self.tr("Nhập lại:"), self.second)
            note = muted(
                self.tr(
                    "Cần mật khẩu này mỗi lần mở ứng dụng trên máy này. Ít nhất {count} ký tự "
                    "hoặc {words} từ, ví dụ: mây trắng bay qua núi. Sau bước này, ứng dụng cho "
                    "xem và in khóa khôi phục: nếu quên mật khẩu, chỉ khóa đó mở được dữ liệu."
                ).format(count=MIN_CHARACTERS, words=MIN_WORDS)
            )
            ok_text = self.tr("Đặt mật khẩu")
        else:
            form.addRow(self.tr("Mật khẩu dữ liệu hoặc khóa khôi phục:"), self.first)
            self.second.hide()
            note = muted(
                self.tr(
                    "Gõ mật khẩu dữ liệu đã đặt cho máy này, hoặc khóa khôi phục in trên phiếu "
                    "cất trong tủ hồ sơ của nhà trường (11 nhóm 5 ký tự, ví dụ ABCDE-FGHIJ-…; "
                    "không phân biệt chữ hoa, chữ thường)."
                )
            )
            ok_text = self.tr("Mở khóa")
        form.addRow("", self.show_box)
        note.setObjectName("unlockNote")
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(
            self.tr("Thoát"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.show_box.toggled.connect(self._show_text)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    @Slot(bool)
    def _show_text(self, visible: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password
        self.first.setEchoMode(mode)
        self.second.setEchoMode(mode)

    def _problem(self) -> str | None:
        """Why the typed text is refused (None: ``key`` is set)."""
        text = self.first.text()
        if not text.strip():
            return self.tr("Hãy nhập mật khẩu dữ liệu hoặc khóa khôi phục.")
        try:
            if self._creating:
                weak = passphrase_problem(text, database=True)
                if weak is not None:
                    return weak.text(language())
                if self.second.text() != text:
                    return self.tr("Hai lần nhập mật khẩu không giống nhau.")
                self.key = keys.create_with_passphrase(self._db_path, text)
            else:
                self.key, self.used_recovery_key = keys.unlock_with_text(self._db_path, text)
        except StoreError as exc:
            return shown(exc.msg or exc.message)
        return None

    def accept(self) -> None:
        problem = self._problem()
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            self.first.selectAll()
            self.first.setFocus()
            return
        super().accept()
