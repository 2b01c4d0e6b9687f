"""Who is working: the "Ai đang làm việc?" choice at start and on the idle lock screen, and the
idle lock itself.

The chosen user's name is stamped on the window's database connection (``store.session``) and
kept as the window's ``songmayActor`` property, which ``ui.common.jobs`` stamps on each connection
it opens for a job: every change and every export of the session is signed by that name.

A database without users (a school from before users existed) keeps working: no question at
start; the lock screen offers to add the first user, and "Tiếp tục không cần tên" is there until
someone is added.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.errors import SongMayError
from desktop_app.core.messages import msg
from desktop_app.core.store.session import default_actor
from desktop_app.core.users import ROLES, PinGuard, User, add_user, list_users
from desktop_app.ui.common.errors import user_message
from desktop_app.ui.common.text import shown

IDLE_KEY = "session/idle_minutes"
DEFAULT_IDLE_MINUTES = 10.0


def idle_minutes(settings: QSettings) -> float:
    """The idle lock's delay (0: off); a fraction of a minute is allowed (tests use one)."""
    try:
        value = float(settings.value(IDLE_KEY, DEFAULT_IDLE_MINUTES))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return DEFAULT_IDLE_MINUTES
    return max(0.0, value)


def idle_ms(settings: QSettings) -> int:
    return int(idle_minutes(settings) * 60_000)


def save_idle_minutes(minutes: float, settings: QSettings) -> None:
    settings.setValue(IDLE_KEY, max(0.0, float(minutes)))


def role_label(role: str) -> str:
    return shown(msg(f"users.role.{role}"))


class WhoPanel(QWidget):
    """The list of users, a PIN box when the chosen one has a PIN, a line for what went wrong.
    ``chosen(name)`` once the user is known (``""``: nobody named, a database without users)."""

    chosen = Signal(str)

    def __init__(self, db: Database, guard: PinGuard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.guard = guard
        self.title = QLabel(self.tr("Ai đang làm việc?"))
        self.title.setObjectName("whoTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.users = QListWidget()
        self.users.setObjectName("whoUsers")
        self.pin = QLineEdit()
        self.pin.setObjectName("whoPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("Mã PIN"))
        self.pin.returnPressed.connect(self.accept)
        self.problem = QLabel()
        self.problem.setObjectName("whoProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        self.ok = QPushButton(self.tr("Vào làm việc"))
        self.ok.setObjectName("whoOk")
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.accept)

        self.new_name = QLineEdit()
        self.new_name.setObjectName("whoNewName")
        self.new_role = QComboBox()
        self.new_role.setObjectName("whoNewRole")
        for role in ROLES:
            self.new_role.addItem(role_label(role), role)
        self.new_role.setCurrentIndex(ROLES.index("clerk"))
        self.new_pin = QLineEdit()
        self.new_pin.setObjectName("whoNewPin")
        self.new_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_pin.setPlaceholderText(self.tr("Không bắt buộc, 4–12 chữ số"))
        self.add_box = QWidget()
        form = QFormLayout(self.add_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(QLabel(self.tr("Máy này chưa có người dùng. Thêm người đầu tiên:")))
        form.addRow(self.tr("Họ và tên"), self.new_name)
        form.addRow(self.tr("Vai trò"), self.new_role)
        form.addRow(self.tr("Mã PIN"), self.new_pin)
        self.skip = QPushButton(self.tr("Tiếp tục không cần tên"))
        self.skip.setObjectName("whoSkip")
        self.skip.clicked.connect(lambda: self.chosen.emit(""))

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.users)
        layout.addWidget(self.add_box)
        layout.addWidget(self.pin)
        layout.addWidget(self.problem)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip)
        buttons.addStretch(1)
        buttons.addWidget(self.ok)
        layout.addLayout(buttons)
        self.users.currentItemChanged.connect(self._user_changed)
        self.users.itemActivated.connect(lambda _item: self.accept())
        self.reload()

    def reload(self) -> None:
        self.users.clear()
        users = list_users(self.db.conn)
        for user in users:
            item = QListWidgetItem(f"{user.display_name} — {role_label(user.role)}")
            item.setData(Qt.ItemDataRole.UserRole, user)
            self.users.addItem(item)
        self.users.setVisible(bool(users))
        self.add_box.setVisible(not users)
        self.skip.setVisible(not users)
        self.ok.setText(self.tr("Vào làm việc") if users else self.tr("Thêm và vào làm việc"))
        self.problem.hide()
        self.pin.clear()
        if users:
            self.users.setCurrentRow(0)
        else:
            self.pin.hide()
            self.new_name.setFocus()

    def current_user(self) -> User | None:
        item = self.users.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _user_changed(self) -> None:
        user = self.current_user()
        self.pin.clear()
        self.problem.hide()
        self.pin.setVisible(user is not None and user.has_pin)
        if user is not None and user.has_pin:
            self.pin.setFocus()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    @Slot()
    def accept(self) -> None:
        if not self.users.count():
            self._add_first()
            return
        user = self.current_user()
        if user is None:
            return
        if user.has_pin:
            try:
                right = self.guard.attempt(self.db.conn, user.id, self.pin.text())
            except SongMayError as exc:  # must wait after 5 wrong PINs
                self._say(user_message(exc))
                return
            if not right:
                self.pin.clear()
                self._say(shown(msg("users.pin_wrong")))
                return
        self.pin.clear()
        self.chosen.emit(user.display_name)

    def _add_first(self) -> None:
        try:
            user = add_user(
                self.db.conn, self.new_name.text(), self.new_role.currentData(), self.new_pin.text()
            )
        except SongMayError as exc:
            self._say(user_message(exc))
            return
        self.new_name.clear()
        self.new_pin.clear()
        self.chosen.emit(user.display_name)


class WhoDialog(QDialog):
    """At start, after the database opens: who is working."""

    def __init__(self, db: Database, guard: PinGuard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("whoDialog")
        self.setWindowTitle(self.tr("Ai đang làm việc?"))
        self.actor: str | None = None
        self.panel = WhoPanel(db, guard, self)
        self.panel.chosen.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        self.resize(420, 360)

    def _chosen(self, name: str) -> None:
        self.actor = name or default_actor()
        self.accept()


def ask_who(db: Database, guard: PinGuard, parent: QWidget | None = None) -> str | None:
    """The name of who works now, or None when the dialog is closed. A database without users
    (a school from before users existed) opens as before, signed by the OS login: users are
    added in Cài đặt → Người dùng (or on the lock screen), not forced on the clerk at start."""
    if not list_users(db.conn):
        return default_actor()
    dialog = WhoDialog(db, guard, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.actor


class IdleWatcher(QObject):
    """``idle`` after ``timeout_ms`` without a key press, a click or a mouse move anywhere in the
    application (0: never)."""

    idle = Signal()

    _INPUT = frozenset({
        QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
        QEvent.Type.Wheel, QEvent.Type.TouchBegin,
    })  # fmt: skip

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_timeout(timeout_ms)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_timeout(self, timeout_ms: int) -> None:
        self.timer.stop()
        self.timer.setInterval(max(0, timeout_ms))
        if timeout_ms > 0:
            self.timer.start()

    def restart(self) -> None:
        if self.timer.interval() > 0:
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self._INPUT and self.timer.isActive():
            self.timer.start()
        return False

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
