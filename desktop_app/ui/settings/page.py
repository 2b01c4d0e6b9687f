"""Cài đặt: the school profile, the interface language, where the data lives, the version.

A new language takes effect on the next start (widgets translate their text when they are built),
so choosing one saves it and offers "Khởi động lại ngay": the same command is started again,
detached, and this instance quits (``ui.shell.restart``). Rebuilding the main window in place was the alternative; it
would have to carry over open dialogs, running jobs and the pages' state, and restarting is what
the clerk already understands.
"""

from __future__ import annotations

import contextlib
import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QSettings,
    Qt,
    QUrl,
    Signal,
    Slot,
    qVersion,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app import __version__
from desktop_app.core import paths
from desktop_app.core.errors import StoreError
from desktop_app.core.files import private_folder
from desktop_app.core.school import PROFILE_FIELDS, load_school, parent_agency_line
from desktop_app.core.store import keys
from desktop_app.core.users import list_users
from desktop_app.ui.common.errors import current_log_path, show_error
from desktop_app.ui.common.list_page import ask_confirmation
from desktop_app.ui.common.widgets import Card, ElidedLabel, heading, muted, scrolling_layout
from desktop_app.ui.settings.backup_dialog import BackupDialog
from desktop_app.ui.settings.erasure_dialog import ErasureDialog
from desktop_app.ui.settings.recovery_dialog import RecoveryKeyDialog
from desktop_app.ui.settings.setup_wizard import (
    SetupWizard,
    level_label,
    level_warning_label,
    policy_label,
    show_level_warning,
)
from desktop_app.ui.settings.users_dialog import AccessLogDialog, UsersDialog
from desktop_app.ui.shell import i18n, restart
from desktop_app.ui.shell.session import idle_minutes, save_idle_minutes

_CONTEXT = "SettingsPage"

PROFILE_LABELS = {
    "name": QT_TRANSLATE_NOOP("SettingsPage", "Tên trường"),
    "code": QT_TRANSLATE_NOOP("SettingsPage", "Mã trường"),
    "level": QT_TRANSLATE_NOOP("SettingsPage", "Cấp học"),
    "commune": QT_TRANSLATE_NOOP("SettingsPage", "Xã/phường"),
    "district": QT_TRANSLATE_NOOP("SettingsPage", "Quận/huyện"),
    "province": QT_TRANSLATE_NOOP("SettingsPage", "Tỉnh/thành phố"),
    "principal": QT_TRANSLATE_NOOP("SettingsPage", "Hiệu trưởng"),
    "clerk": QT_TRANSLATE_NOOP("SettingsPage", "Cán bộ phụ trách"),
    "parent_agency": QT_TRANSLATE_NOOP("SettingsPage", "Cơ quan chủ quản"),
    "approval_policy": QT_TRANSLATE_NOOP("SettingsPage", "Nhu cầu chưa duyệt"),
    "handover_giver": QT_TRANSLATE_NOOP("SettingsPage", "Ký biên bản bàn giao"),
}
# Who signs the handover minutes for the school when a handover names nobody.
GIVER_LABELS = {
    "principal": QT_TRANSLATE_NOOP(
        "SettingsPage", "Hiệu trưởng (khi lần bàn giao không ghi người giao)"
    ),
    "clerk": QT_TRANSLATE_NOOP(
        "SettingsPage", "Cán bộ phụ trách (khi lần bàn giao không ghi người giao)"
    ),
}

# Each language named in itself, whatever the interface's language: that is how one finds it.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def _t(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def _value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setHorizontalSpacing(24)
    form.setVerticalSpacing(6)
    return form


class SettingsPage(QWidget):
    """``profileChanged`` is emitted after the school profile was saved from this page;
    ``languageChosen`` when the clerk picks another interface language (saved at once)."""

    profileChanged = Signal()
    languageChosen = Signal(str)
    dataRestored = Signal()
    idleMinutesChosen = Signal(float)

    def __init__(
        self,
        db: Database,
        db_path: Path,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsPage")
        self._db = db
        self._db_path = Path(db_path)
        self._settings = settings  # None: the application's QSettings(), the one start-up reads

        layout = scrolling_layout(self)
        layout.setSpacing(16)
        self.heading = heading(self.tr("Cài đặt"))
        layout.addWidget(self.heading)
        layout.addWidget(
            muted(
                self.tr("Hồ sơ trường, ngôn ngữ giao diện, nơi lưu dữ liệu và phiên bản ứng dụng.")
            )
        )
        # Two columns above the full-width Dữ liệu card: the page fits a 1280×800 window.
        columns = QHBoxLayout()
        columns.setSpacing(16)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.setSpacing(16)
        right.setSpacing(16)
        left.addWidget(self._profile_card())
        left.addWidget(self._users_card())
        left.addStretch(1)
        right.addWidget(self._language_card())
        right.addWidget(self._about_card())
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout.addLayout(columns)
        layout.addWidget(self._data_card())
        layout.addStretch(1)
        self.refresh()

    def _store(self) -> QSettings:
        return self._settings if self._settings is not None else QSettings()

    # --- cards ---------------------------------------------------------------------------------

    def _profile_card(self) -> Card:
        card = Card()
        card.body.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Hồ sơ trường"), level=2), 1)
        self.edit_button = QPushButton(self.tr("Sửa hồ sơ trường…"))
        self.edit_button.setObjectName("editSchool")
        self.edit_button.clicked.connect(self.edit_school)
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        card.body.addLayout(top)
        form = _form()
        self.school_fields: dict[str, QLabel] = {}
        for field in PROFILE_FIELDS:
            value = _value_label()
            value.setObjectName(f"school_{field}")
            self.school_fields[field] = value
            form.addRow(_t(PROFILE_LABELS.get(field, field)), value)
        card.body.addLayout(form)
        self.school_missing = muted(
            self.tr(
                "Hồ sơ trường chưa đủ: cần tên trường, mã trường và cấp học. "
                "Bấm “Sửa hồ sơ trường…” để nhập."
            )
        )
        self.school_missing.setObjectName("schoolMissing")
        card.body.addWidget(self.school_missing)
        self.level_warning = level_warning_label()  # the name and the level disagree
        card.body.addWidget(self.level_warning)
        return card

    def _users_card(self) -> Card:
        """Who uses this PC, the idle lock, and the access trail."""
        card = Card()
        card.body.setSpacing(8)
        card.body.addWidget(heading(self.tr("Người dùng và nhật ký"), level=2))
        self.users_label = muted("")
        self.users_label.setObjectName("usersSummary")
        card.body.addWidget(self.users_label)
        form = _form()
        self.idle_spin = QDoubleSpinBox()
        self.idle_spin.setObjectName("idleMinutes")
        self.idle_spin.setRange(0, 240)
        self.idle_spin.setDecimals(0)
        self.idle_spin.setSuffix(self.tr(" phút"))
        self.idle_spin.setSpecialValueText(self.tr("Tắt"))
        self.idle_spin.setValue(idle_minutes(self._store()))
        self.idle_spin.valueChanged.connect(self._on_idle_changed)
        form.addRow(self.tr("Tự khóa khi không dùng sau"), self.idle_spin)
        card.body.addLayout(form)
        buttons = QHBoxLayout()
        self.users_button = QPushButton(self.tr("Quản lý người dùng…"))
        self.users_button.setObjectName("manageUsers")
        self.users_button.clicked.connect(self.manage_users)
        self.access_button = QPushButton(self.tr("Nhật ký truy cập…"))
        self.access_button.setObjectName("accessLog")
        self.access_button.clicked.connect(self.show_access_log)
        buttons.addWidget(self.users_button)
        buttons.addWidget(self.access_button)
        buttons.addStretch(1)
        card.body.addLayout(buttons)
        return card

    def _refresh_users(self) -> None:
        names = [user.display_name for user in list_users(self._db.conn)]
        self.users_label.setText(
            self.tr("Người dùng: {names}").format(names=", ".join(names))
            if names
            else self.tr("Chưa có người dùng: nhật ký ghi tên đăng nhập Windows.")
        )

    @Slot(float)
    def _on_idle_changed(self, minutes: float) -> None:
        save_idle_minutes(minutes, self._store())
        self.idleMinutesChosen.emit(minutes)

    @Slot()
    def manage_users(self) -> UsersDialog:
        dialog = UsersDialog(self._db, self)
        dialog.finished.connect(lambda _code: self._refresh_users())
        dialog.open()
        return dialog

    @Slot()
    def show_access_log(self) -> AccessLogDialog:
        dialog = AccessLogDialog(self._db, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _language_card(self) -> Card:
        card = Card()
        card.body.setSpacing(8)
        card.body.addWidget(heading(self.tr("Ngôn ngữ giao diện"), level=2))
        choices = QHBoxLayout()
        choices.setSpacing(24)
        self.language_group = QButtonGroup(self)
        self.language_buttons: dict[str, QRadioButton] = {}
        for code in i18n.LANGUAGES:
            button = QRadioButton(LANGUAGE_NAMES[code])
            button.setObjectName(f"language_{code}")
            button.toggled.connect(
                lambda checked, c=code: self._on_language_toggled(c) if checked else None
            )
            self.language_group.addButton(button)
            self.language_buttons[code] = button
            choices.addWidget(button)
        choices.addStretch(1)
        card.body.addLayout(choices)
        self.language_note = muted(
            self.tr("Ngôn ngữ mới có hiệu lực sau khi khởi động lại ứng dụng.")
        )
        self.language_note.setObjectName("languageNote")
        card.body.addWidget(self.language_note)
        row = QHBoxLayout()
        self.restart_button = QPushButton(self.tr("Khởi động lại ngay"))
        self.restart_button.setObjectName("restartNow")
        self.restart_button.clicked.connect(self.restart_now)
        row.addWidget(self.restart_button)
        row.addStretch(1)
        card.body.addLayout(row)
        return card

    def _data_card(self) -> Card:
        card = Card()
        card.body.setSpacing(8)
        card.body.addWidget(heading(self.tr("Dữ liệu"), level=2))
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        rows = (
            ("db", self.tr("Tệp dữ liệu"), self.tr("Mở thư mục dữ liệu")),
            ("logs", self.tr("Thư mục nhật ký"), self.tr("Mở thư mục nhật ký")),
            ("data", self.tr("Thư mục của ứng dụng"), self.tr("Mở thư mục ứng dụng")),
        )
        self.path_labels: dict[str, ElidedLabel] = {}
        self.open_buttons: dict[str, QPushButton] = {}
        for row, (key, caption, action) in enumerate(rows):
            grid.addWidget(QLabel(caption), row, 0)
            path = ElidedLabel()
            path.setObjectName(f"path_{key}")
            self.path_labels[key] = path
            grid.addWidget(path, row, 1)
            button = QPushButton(action)
            button.setObjectName(f"open_{key}")
            button.clicked.connect(lambda _=False, k=key: self.open_folder(self.folder(k)))
            self.open_buttons[key] = button
            grid.addWidget(button, row, 2)
        # Backups: made by themselves (daily, before imports); the dialog lists and restores them.
        row = len(rows)
        grid.addWidget(QLabel(self.tr("Sao lưu")), row, 0)
        grid.addWidget(
            muted(self.tr("Tự động mỗi ngày và trước mỗi lần nhập tệp; khôi phục khi cần.")),
            row, 1,
        )  # fmt: skip
        self.backup_button = QPushButton(self.tr("Sao lưu và khôi phục…"))
        self.backup_button.setObjectName("openBackupDialog")
        self.backup_button.clicked.connect(self.open_backups)
        grid.addWidget(self.backup_button, row, 2)
        # The end of the programme: erase students' personal data (core/erasure.py).
        row += 1
        grid.addWidget(QLabel(self.tr("Kết thúc chương trình")), row, 0)
        grid.addWidget(muted(self.tr("Xóa dữ liệu cá nhân của học sinh, giữ số liệu ẩn danh.")),
                       row, 1)  # fmt: skip
        self.erase_button = QPushButton(self.tr("Xóa dữ liệu cá nhân…"))
        self.erase_button.setObjectName("openErasureDialog")
        self.erase_button.clicked.connect(self.open_erasure)
        grid.addWidget(self.erase_button, row, 2)
        # The recovery key of the encrypted file, to show or print again (core/minutes/recovery).
        row += 1
        grid.addWidget(QLabel(self.tr("Khóa khôi phục")), row, 0)
        grid.addWidget(
            muted(self.tr("Mở được dữ liệu trên máy khác hoặc khi mất tài khoản Windows.")),
            row, 1,
        )  # fmt: skip
        self.recovery_button = QPushButton(self.tr("Khóa khôi phục…"))
        self.recovery_button.setObjectName("openRecoveryKey")
        self.recovery_button.clicked.connect(self.show_recovery_key)
        grid.addWidget(self.recovery_button, row, 2)
        card.body.addLayout(grid)
        # The application refuses a data file on a network share or a removable drive
        # (core.safekeeping.drives): the note never suggests either.
        note = muted(
            self.tr(
                "Tệp dữ liệu phải nằm trên ổ đĩa của chính máy này: ứng dụng không mở tệp trong "
                "thư mục dùng chung qua mạng hay trên ổ USB, vì mất mạng hoặc rút ổ giữa lúc ghi "
                "sẽ làm hỏng dữ liệu. Muốn đặt tệp ở ổ khác của máy (ví dụ ổ D:): chạy ứng dụng "
                "với tùy chọn {option} hoặc đặt biến môi trường {variable} là đường dẫn của tệp. "
                "Muốn mang dữ liệu sang máy khác: dùng “Sao lưu và khôi phục…” (bản sao mã hoá "
                "ghi được ra ổ USB)."
            ).format(option="--db", variable=paths.DB_ENV_VAR)
        )
        note.setObjectName("dbLocationNote")
        card.body.addWidget(note)
        return card

    def _about_card(self) -> Card:
        card = Card()
        card.body.setSpacing(8)
        card.body.addWidget(heading(self.tr("Về ứng dụng"), level=2))
        form = _form()
        self.app_name_label = _value_label()
        self.app_name_label.setText(self.tr("Sóng và máy tính cho em"))
        form.addRow(self.tr("Ứng dụng"), self.app_name_label)
        self.version_label = _value_label()
        self.version_label.setObjectName("version")
        self.version_label.setText(__version__)
        form.addRow(self.tr("Phiên bản"), self.version_label)
        components = _value_label()
        components.setText(
            f"Python {platform.python_version()} · PySide6 {pyside_version} · Qt {qVersion()}"
        )
        form.addRow(self.tr("Thành phần"), components)
        card.body.addLayout(form)
        card.body.addWidget(
            muted(
                self.tr(
                    "Ứng dụng của nhà trường: ghi nhận nhu cầu thiết bị học tập của học sinh, "
                    "tiếp nhận thiết bị tài trợ và bàn giao. Dữ liệu được lưu trên máy này và "
                    "gửi lên CSDL ngành khi có mạng."
                )
            )
        )
        return card

    # --- reading -------------------------------------------------------------------------------

    def folder(self, key: str) -> Path:
        """The folder behind a row of the Dữ liệu card: "db", "logs" or "data"."""
        if key == "db":
            return self._db_path.resolve().parent
        if key == "logs":
            return current_log_path().parent
        return paths.data_dir()

    @Slot()
    def refresh(self) -> None:
        self._refresh_users()
        profile = load_school(self._db)
        for field, label in self.school_fields.items():
            value = getattr(profile, field)
            if field == "level":
                value = level_label(value)
            elif field == "approval_policy":
                value = policy_label(value)
            elif field == "handover_giver":
                value = _t(GIVER_LABELS.get(value, GIVER_LABELS["principal"]))
            elif field == "parent_agency" and not value and parent_agency_line(profile):
                value = self.tr("{agency} (tự động)").format(agency=parent_agency_line(profile))
            label.setText(value or "—")
        self.school_missing.setVisible(not profile.is_complete)
        show_level_warning(self.level_warning, profile.name, profile.level)

        self.path_labels["db"].set_full_text(str(self._db_path))
        self.path_labels["logs"].set_full_text(str(self.folder("logs")))
        self.path_labels["data"].set_full_text(str(self.folder("data")))

        chosen = i18n.saved_language(self._store())
        button = self.language_buttons[chosen]
        if not button.isChecked():
            button.blockSignals(True)
            button.setChecked(True)
            button.blockSignals(False)
        self._show_restart(chosen)

    def chosen_language(self) -> str:
        return next(
            (code for code, b in self.language_buttons.items() if b.isChecked()),
            i18n.DEFAULT_LANGUAGE,
        )

    def _show_restart(self, chosen: str) -> None:
        """The restart button only when the saved language is not the one on screen."""
        self.restart_button.setVisible(chosen != i18n.current_language())

    # --- acting --------------------------------------------------------------------------------

    def _on_language_toggled(self, code: str) -> None:
        i18n.save_language(code, self._store())
        self._show_restart(code)
        self.languageChosen.emit(code)

    @Slot()
    def open_backups(self) -> BackupDialog:
        """The backup dialog, modeless; a restore tells the window to reload every page."""
        dialog = BackupDialog(self._db_path, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restored.connect(self._on_restored)
        dialog.open()
        return dialog

    @Slot()
    def open_erasure(self) -> ErasureDialog:
        """The erasure dialog, modeless; an erasure tells the window to reload every page."""
        dialog = ErasureDialog(self._db, self._db_path, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.erased.connect(lambda _count: self.dataRestored.emit())
        dialog.open()
        return dialog

    @Slot()
    def show_recovery_key(self) -> RecoveryKeyDialog | None:
        """After a confirmation (the key opens every record), the recovery key dialog, modeless."""
        question = self.tr(
            "Khóa khôi phục mở được toàn bộ dữ liệu của nhà trường. Chỉ hiện khóa khi không có "
            "người khác nhìn màn hình, và chỉ in phiếu để cất vào tủ hồ sơ.\n\nHiện khóa khôi "
            "phục?"
        )
        if not ask_confirmation(self, self.tr("Khóa khôi phục"), question, self.tr("Hiện khóa")):
            return None
        try:
            key = keys.known_key(self._db_path) or keys.database_key(self._db_path)
        except StoreError as exc:
            show_error(exc, self)
            return None
        dialog = RecoveryKeyDialog(self._db, self._db_path, key, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    @Slot()
    def _on_restored(self) -> None:
        self.refresh()  # the restored file may hold another school profile
        self.dataRestored.emit()

    def edit_school(self) -> SetupWizard:
        wizard = SetupWizard(self._db, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.accepted.connect(self._on_profile_saved)
        wizard.open()
        return wizard

    @Slot()
    def _on_profile_saved(self) -> None:
        self.refresh()
        self.profileChanged.emit()

    def open_folder(self, folder: Path) -> bool:
        with contextlib.suppress(OSError):  # the log or data folder may not exist yet
            private_folder(folder, own=True)
        if folder.is_dir() and QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            return True
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Không mở được thư mục"),
            self.tr("Không mở được thư mục {folder}.").format(folder=folder),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.addButton(self.tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return False

    @Slot()
    def restart_now(self) -> bool:
        """Start the application again with the same command, then quit this one (the window
        saves its layout as it closes; the new instance opens the same database)."""
        program, arguments = restart.restart_command()
        if not restart.start_detached(program, arguments):
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Không khởi động lại được"),
                self.tr(
                    "Không tự khởi động lại được ứng dụng. Hãy đóng ứng dụng rồi mở lại để dùng "
                    "ngôn ngữ mới."
                ),
                QMessageBox.StandardButton.NoButton,
                self,
            )
            box.addButton(self.tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            return False
        top = self.window()
        if top is not self:
            top.close()
        QApplication.quit()
        return True
