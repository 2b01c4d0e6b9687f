"""Cài đặt → Người dùng: add, rename, deactivate the staff who use this PC, set or clear a PIN;
and Cài đặt → Nhật ký truy cập: who exported, printed, backed up or copied the data, when."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.access import list_access
from desktop_app.core.errors import SongMayError
from desktop_app.core.locale import fmt_datetime
from desktop_app.core.messages import msg
from desktop_app.core.users import ROLES, User, add_user, list_users, set_pin, update_user
from desktop_app.ui.common.errors import user_message
from desktop_app.ui.common.text import number, shown


def role_label(role: str) -> str:
    return shown(msg(f"users.role.{role}"))


class AddUserDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addUserDialog")
        self.setWindowTitle(self.tr("Thêm người dùng"))
        self._db = db
        self.user: User | None = None
        self.name_edit = QLineEdit()
        self.role_combo = QComboBox()
        for role in ROLES:
            self.role_combo.addItem(role_label(role), role)
        self.role_combo.setCurrentIndex(ROLES.index("clerk"))
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setPlaceholderText(self.tr("Không bắt buộc, 4–12 chữ số"))
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("Thêm"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Họ và tên"), self.name_edit)
        form.addRow(self.tr("Vai trò"), self.role_combo)
        form.addRow(self.tr("Mã PIN"), self.pin_edit)
        form.addRow(self.problem)
        form.addRow(buttons)

    def accept(self) -> None:
        try:
            self.user = add_user(
                self._db.conn,
                self.name_edit.text(),
                self.role_combo.currentData(),
                self.pin_edit.text().strip() or None,
            )
        except SongMayError as exc:
            self.problem.setText(user_message(exc, brief=True))
            self.problem.show()
            return
        super().accept()


class UsersDialog(QDialog):
    """The users of this PC; the one chosen at start signs the journal and the access trail."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usersDialog")
        self.setWindowTitle(self.tr("Người dùng máy này"))
        self._db = db
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("usersTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Họ và tên"), self.tr("Vai trò"), self.tr("Mã PIN"), self.tr("Trạng thái")]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        self.add_button = QPushButton(self.tr("Thêm…"))
        self.rename_button = QPushButton(self.tr("Đổi tên…"))
        self.pin_button = QPushButton(self.tr("Đặt/xóa mã PIN…"))
        self.active_button = QPushButton(self.tr("Ngừng/dùng lại"))
        self.add_button.clicked.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.pin_button.clicked.connect(self.change_pin)
        self.active_button.clicked.connect(self.toggle_active)
        close = QPushButton(self.tr("Đóng"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.pin_button, self.active_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.resize(640, 360)
        self.reload()

    def reload(self) -> None:
        self.users = list_users(self._db.conn, include_inactive=True)
        self.table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            cells = (
                user.display_name,
                role_label(user.role),
                self.tr("Có") if user.has_pin else self.tr("Không"),
                self.tr("Đang dùng") if user.active else self.tr("Ngừng"),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def selected(self) -> User | None:
        row = self.table.currentRow()
        return self.users[row] if 0 <= row < len(self.users) else None

    def _run(self, action: object) -> None:
        self.problem.hide()
        try:
            if callable(action):
                action()
        except SongMayError as exc:
            self.problem.setText(user_message(exc, brief=True))
            self.problem.show()
        self.reload()

    @Slot()
    def add(self) -> None:
        dialog = AddUserDialog(self._db, self)
        dialog.exec()
        self.reload()

    @Slot()
    def rename(self) -> None:
        user = self.selected()
        if user is None:
            return
        name, ok = QInputDialog.getText(
            self, self.tr("Đổi tên"), self.tr("Họ và tên"), text=user.display_name
        )
        if ok:
            self._run(lambda: update_user(self._db.conn, user.id, name=name))

    @Slot()
    def change_pin(self) -> None:
        user = self.selected()
        if user is None:
            return
        pin, ok = QInputDialog.getText(
            self,
            self.tr("Mã PIN"),
            self.tr("Mã PIN mới (4–12 chữ số; để trống để bỏ mã PIN)"),
            QLineEdit.EchoMode.Password,
        )
        if ok:
            self._run(lambda: set_pin(self._db.conn, user.id, pin.strip() or None))

    @Slot()
    def toggle_active(self) -> None:
        user = self.selected()
        if user is not None:
            self._run(lambda: update_user(self._db.conn, user.id, active=not user.active))


class AccessLogDialog(QDialog):
    """The access trail, newest first: read-only."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accessLogDialog")
        self.setWindowTitle(self.tr("Nhật ký truy cập"))
        rows = list(reversed(list_access(db.conn)))
        self.table = QTableWidget(len(rows), 5)
        self.table.setObjectName("accessTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Thời gian"), self.tr("Người làm"), self.tr("Việc"), self.tr("Tệp"),
             self.tr("Số học sinh")]
        )  # fmt: skip
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for index, row in enumerate(rows):
            cells = (
                fmt_datetime(datetime.fromisoformat(row.at).astimezone()),
                row.actor,
                shown(msg(f"access.kind.{row.kind}")),
                row.target,
                "" if row.students is None else number(row.students),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 4:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(index, column, item)
        note = QLabel(
            self.tr(
                "Mỗi lần xuất Excel, in hoặc lưu biên bản, sao lưu, sao chép ra USB và xuất gói "
                "đồng bộ được ghi lại: ai làm, lúc nào, tệp nào, bao nhiêu học sinh."
            )
        )
        note.setWordWrap(True)
        close = QPushButton(self.tr("Đóng"))
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(760, 420)
