"""Sao lưu và khôi phục: the backups of the open database (made each day, before each import and
before each restore), a backup now, a restore from one of them, and the encrypted copy for a USB
stick (export, and restore from one made on another PC).

Self-contained: ``BackupDialog(db_path, parent)``; Cài đặt opens it. Everything slow runs on the
database worker (``ui.common.jobs.run_job``) with a progress dialog. A restore happens *inside* the open
database (``restore_backup(..., live=True)``): the window keeps its connection and sees the
restored data; ``restored`` tells the window to reload what it shows.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.files import private_folder
from desktop_app.core.jobs import JobState
from desktop_app.core.locale import fmt_date, fmt_time
from desktop_app.core.messages import Msg
from desktop_app.core.paths import backups_dir
from desktop_app.core.safekeeping import backups, restore
from desktop_app.core.safekeeping.backups import BackupInfo
from desktop_app.core.safekeeping.encrypted import (
    SUFFIX,
    export_encrypted,
    is_encrypted,
    restore_encrypted,
)
from desktop_app.core.safekeeping.passphrase import MIN_CHARACTERS, MIN_WORDS, passphrase_problem
from desktop_app.core.safekeeping.restore import RestoreResult
from desktop_app.ui.common import jobs
from desktop_app.ui.common.file_dialogs import open_file_name, save_file_name
from desktop_app.ui.common.jobs import Job, run_job, session_actor_of
from desktop_app.ui.common.text import language, locale, moment, number
from desktop_app.ui.common.widgets import muted

COLUMNS = 7


class PassphraseDialog(QDialog):
    """The passphrase of an encrypted copy: typed twice when it is being set."""

    def __init__(self, parent: QWidget | None = None, *, confirm: bool) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(self.tr("Mật khẩu bản sao mã hoá"))
        self._confirm = confirm
        self.first = QLineEdit()
        self.first.setObjectName("passphrase")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setObjectName("passphraseAgain")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_box = QCheckBox(self.tr("Hiện mật khẩu"))
        self.error = QLabel()
        self.error.setObjectName("passphraseError")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("Mật khẩu:"), self.first)
        if confirm:
            form.addRow(self.tr("Nhập lại:"), self.second)
        else:
            self.second.hide()
        form.addRow("", self.show_box)
        note = muted(
            self.tr(
                "Cần đúng mật khẩu này để khôi phục trên máy khác; không có cách nào lấy lại mật "
                "khẩu đã quên. Ít nhất {count} ký tự hoặc {words} từ, ví dụ: mây trắng bay qua núi."
            ).format(count=MIN_CHARACTERS, words=MIN_WORDS)
            if confirm
            else self.tr("Mật khẩu đã đặt khi xuất bản sao.")
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.show_box.toggled.connect(self._show_text)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    @Slot(bool)
    def _show_text(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.first.setEchoMode(mode)
        self.second.setEchoMode(mode)

    def passphrase(self) -> str:
        return self.first.text()

    def problem(self) -> str | None:
        text = self.first.text()
        if not text:
            return self.tr("Hãy nhập mật khẩu.")
        weak = passphrase_problem(text) if self._confirm else None  # an old copy opens as set
        if weak is not None:
            return weak.text(language())
        if self._confirm and self.second.text() != text:
            return self.tr("Hai lần nhập mật khẩu không giống nhau.")
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            return
        super().accept()


class BackupDialog(QDialog):
    """``restored(path)`` after a restore (the window reloads its pages); ``jobFinished(outcome)``
    after any of its jobs (for tests)."""

    restored = Signal(str)
    jobFinished = Signal(str)

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.setWindowTitle(self.tr("Sao lưu và khôi phục"))
        self.db_path = Path(db_path)
        self.folder = backups_dir(self.db_path)
        self._shown: list[BackupInfo] = []

        intro = muted(
            self.tr(
                "Ứng dụng tự sao lưu mỗi ngày khi mở, trước mỗi lần nhập tệp và trước mỗi lần "
                "khôi phục; mỗi bản sao được kiểm tra toàn vẹn. Thư mục sao lưu: {folder}"
            ).format(folder=self.folder)
        )
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Thời điểm"), self.tr("Lý do"), self.tr("Dung lượng"),
            self.tr("Học sinh"), self.tr("Lượt bàn giao"), self.tr("Thiết bị"),
            self.tr("Lần thay đổi cuối"),
        ])  # fmt: skip
        self.table.setToolTip(
            self.tr(
                "Xếp theo lịch sử của dữ liệu, bản có dữ liệu mới nhất ở trên cùng; thời điểm ghi "
                "theo đồng hồ máy tính, có thể sai nếu đồng hồ từng sai."
            )
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.keep = QSpinBox()
        self.keep.setObjectName("backupKeep")
        self.keep.setRange(1, backups.MAX_KEEP)
        self.keep.setValue(backups.load_keep(self.folder))
        keep_row = QHBoxLayout()
        keep_row.addWidget(QLabel(self.tr("Giữ lại")))
        keep_row.addWidget(self.keep)
        keep_row.addWidget(QLabel(self.tr("bản sao lưu gần nhất")))
        keep_row.addStretch(1)

        self.status = QLabel()
        self.status.setObjectName("backupStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setOpenExternalLinks(True)
        self.status.hide()

        self.backup_button = QPushButton(self.tr("Sao lưu ngay"))
        self.restore_button = QPushButton(self.tr("Khôi phục bản đã chọn…"))
        self.export_button = QPushButton(self.tr("Xuất bản sao mã hoá ra USB…"))
        self.import_button = QPushButton(self.tr("Khôi phục từ tệp…"))
        self.folder_button = QPushButton(self.tr("Mở thư mục sao lưu"))
        self.close_button = QPushButton(self.tr("Đóng"))
        for button in (self.backup_button, self.restore_button, self.export_button,
                       self.import_button, self.folder_button):  # fmt: skip
            button.setAutoDefault(False)
        top = QHBoxLayout()
        top.addWidget(self.backup_button)
        top.addWidget(self.restore_button)
        top.addStretch(1)
        top.addWidget(self.folder_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.import_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(keep_row)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addLayout(bottom)
        self.resize(760, 480)

        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.export_button.clicked.connect(self.export_to_usb)
        self.import_button.clicked.connect(self.restore_from_file)
        self.folder_button.clicked.connect(self.open_folder)
        self.close_button.clicked.connect(self.accept)
        self.keep.valueChanged.connect(self._save_keep)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.refresh()

    # --- the list ----------------------------------------------------------------------------------

    def backups(self) -> list[BackupInfo]:
        return list(self._shown)

    @Slot()
    def refresh(self) -> None:
        self._shown = backups.list_backups(self.db_path)
        sizes = locale()
        self.table.setRowCount(len(self._shown))
        for row, info in enumerate(self._shown):
            unreadable = self.tr("không đọc được")
            values = [
                moment(info.created, seconds=True),
                self.reason_text(info.reason),
                sizes.formattedDataSize(info.size),
                unreadable if info.students is None else number(info.students),
                "" if info.handovers is None else number(info.handovers),
                "" if info.devices is None else number(info.devices),
                moment(info.last_change_at) if info.last_change_at else "",
            ]
            if info.drop_from is not None:
                values[3] = self.tr("{students} (giảm mạnh, bản trước có {before})").format(
                    students=values[3], before=number(info.drop_from)
                )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if info.drop_from is not None and column == 3:
                    item.setToolTip(
                        self.tr(
                            "Ít hơn hẳn so với bản sao lưu trước; bản trước được giữ lại khi xoay "
                            "vòng."
                        )
                    )
                if 2 <= column <= 5:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        if self._shown:
            self.table.selectRow(0)
        self._update_buttons()

    def reason_text(self, reason: str) -> str:
        labels = {
            "daily": self.tr("Hằng ngày"),
            "manual": self.tr("Sao lưu thủ công"),
            "before-import": self.tr("Trước khi nhập tệp"),
            "before-restore": self.tr("Trước khi khôi phục"),
            "before-migration": self.tr("Trước khi nâng cấp dữ liệu"),
        }
        return labels.get(reason, reason)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._shown):
            return None
        return self._shown[rows[0].row()]

    @Slot()
    def _update_buttons(self) -> None:
        busy = self.current_job() is not None
        self.restore_button.setEnabled(self.selected() is not None and not busy)
        for button in (self.backup_button, self.export_button, self.import_button):
            button.setEnabled(not busy)

    @Slot(int)
    def _save_keep(self, value: int) -> None:
        backups.save_keep(self.folder, value)

    # --- questions ---------------------------------------------------------------------------------

    def _confirm(self, text: str) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Khôi phục dữ liệu"), text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes

    def _ask_passphrase(self, *, confirm: bool) -> str | None:
        dialog = PassphraseDialog(self, confirm=confirm)
        try:
            return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def _ask_export_path(self) -> Path | None:
        start = f"songmay-{datetime.now():%Y%m%d-%H%M}{SUFFIX}"
        path = save_file_name(
            self, "backup", self.tr("Xuất bản sao mã hoá"), start,
            self.tr("Bản sao mã hoá (*{suffix})").format(suffix=SUFFIX),
        )  # fmt: skip
        if not path:
            return None
        target = Path(path)
        return target if target.suffix.lower() == SUFFIX else target.with_name(target.name + SUFFIX)

    def _ask_restore_path(self) -> Path | None:
        path = open_file_name(
            self, "backup", self.tr("Chọn bản sao để khôi phục"),
            self.tr("Bản sao lưu (*{suffix} *.sqlite3);;Mọi tệp (*)").format(suffix=SUFFIX),
        )  # fmt: skip
        return Path(path) if path else None

    # --- the actions -------------------------------------------------------------------------------

    @Slot()
    def backup_now(self) -> None:
        db_path, actor = self.db_path, session_actor_of(self)

        def work(state: JobState) -> tuple[Path, Msg | None]:
            path = backups.make_backup(db_path, "manual", job=state, actor=actor)
            return path, backups.drop_warning(path)

        def done(result: tuple[Path, Msg | None]) -> None:
            path, warning = result
            self.refresh()
            text = self.tr("Đã sao lưu vào {file}.").format(file=html.escape(path.name))
            if warning is not None:
                text += " " + html.escape(warning.text(language()))
            self._say(text)

        self._start(self.tr("Đang sao lưu…"), work, done)

    @Slot()
    def restore_selected(self) -> None:
        info = self.selected()
        if info is None or self.current_job() is not None:
            return
        students = info.students if info.students is not None else -1
        question = self.tr(
            "Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu lúc {time} ({students} học sinh, "
            "{devices} thiết bị, {handovers} lượt bàn giao, lần thay đổi cuối {last})? "
            "Những thay đổi sau thời điểm đó sẽ mất. Dữ liệu hiện tại được sao lưu trước.",
            "",
            students,
        ).format(
            time=f"{fmt_time(info.created)} {fmt_date(info.created)}",
            students=number(students) if students >= 0 else "?",
            devices=number(info.devices) if info.devices is not None else "?",
            handovers=number(info.handovers) if info.handovers is not None else "?",
            last=moment(info.last_change_at) if info.last_change_at else "—",
        )
        if not self._confirm(question):
            return
        db_path, source = self.db_path, info.path

        def work(state: JobState) -> RestoreResult:
            return restore.restore_backup(db_path, source, live=True, job=state)

        self._start(self.tr("Đang khôi phục…"), work, self._restored)

    @Slot()
    def restore_from_file(self) -> None:
        if self.current_job() is not None:
            return
        source = self._ask_restore_path()
        if source is None:
            return
        passphrase = None
        if is_encrypted(source):
            passphrase = self._ask_passphrase(confirm=False)
            if passphrase is None:
                return
        question = self.tr(
            "Thay toàn bộ dữ liệu hiện tại bằng dữ liệu trong tệp {file}? Dữ liệu hiện tại được "
            "sao lưu trước."
        ).format(file=source.name)
        if not self._confirm(question):
            return
        db_path = self.db_path

        def work(state: JobState) -> RestoreResult:
            if passphrase is not None:
                return restore_encrypted(db_path, source, passphrase, live=True, job=state)
            return restore.restore_backup(db_path, source, live=True, job=state)

        self._start(self.tr("Đang khôi phục…"), work, self._restored)

    @Slot()
    def export_to_usb(self) -> None:
        if self.current_job() is not None:
            return
        target = self._ask_export_path()
        if target is None:
            return
        passphrase = self._ask_passphrase(confirm=True)
        if passphrase is None:
            return
        db_path, actor = self.db_path, session_actor_of(self)

        def work(state: JobState) -> Path:
            return export_encrypted(db_path, target, passphrase, job=state, actor=actor)

        def done(path: Path) -> None:
            self._say(
                self.tr(
                    "Đã xuất bản sao mã hoá ra {link}. Hãy ghi nhớ mật khẩu: không có mật khẩu "
                    "thì không khôi phục được."
                ).format(link=self._link(path))
            )

        self._start(self.tr("Đang xuất bản sao mã hoá…"), work, done)

    @Slot()
    def open_folder(self) -> None:
        private_folder(self.folder, own=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))

    # --- internals ---------------------------------------------------------------------------------

    def current_job(self) -> Job | None:
        return jobs.current_job(self)

    def _restored(self, result: RestoreResult) -> None:
        self.refresh()
        text = self.tr("Đã khôi phục dữ liệu từ {file}.").format(
            file=html.escape(result.restored_from.name)
        )
        if result.previous is not None:
            text += " " + self.tr("Dữ liệu trước khi khôi phục được giữ ở {file}.").format(
                file=html.escape(result.previous.name)
            )
        self._say(text)
        self.restored.emit(str(result.restored_from))

    def _start(self, title: str, work: Callable[[JobState], Any], done: Any) -> None:
        job = run_job(self, title, work, done)
        if job is not None:  # else one runs already
            self.status.hide()
            job.finished.connect(self._job_finished)
            self._update_buttons()

    @Slot(str)
    def _job_finished(self, outcome: str) -> None:
        self._update_buttons()
        self.jobFinished.emit(outcome)

    def _link(self, path: Path) -> str:
        url = html.escape(QUrl.fromLocalFile(str(path)).toString(), quote=True)
        return f'<a href="{url}">{html.escape(str(path))}</a>'

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()
