"""Khóa khôi phục: the recovery key of the open database, shown in large groups, with "In
phiếu…" (print preview of the recovery key sheet, ``core.minutes.recovery``) and "Lưu PDF…".

Shown once right after the first-run wizard (``first_run``: the clerk must tick "Tôi đã in hoặc
chép khóa và cất giữ an toàn" to go on), and again from Cài đặt → "Khóa khôi phục…" after a
confirmation. A print or a PDF of the sheet is a row of the access trail (``recovery_sheet``,
no student); the file is written 0600 like every other (``core.files``)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.access import record_access
from desktop_app.core.minutes.recovery import key_lines, recovery_sheet
from desktop_app.core.minutes.template import MinutesDocument
from desktop_app.ui.common.errors import show_error
from desktop_app.ui.common.file_dialogs import save_file_name
from desktop_app.ui.common.jobs import session_actor_of
from desktop_app.ui.common.widgets import muted

ACCESS_KIND = "recovery_sheet"
SUGGESTED_PDF = "phieu-khoa-khoi-phuc.pdf"


class RecoveryKeyDialog(QDialog):
    """``sheetWritten(target)`` after a print (``"printer"``) or a PDF (its path)."""

    sheetWritten = Signal(str)

    def __init__(
        self,
        db: Database,
        db_path: Path,
        key: bytes,
        parent: QWidget | None = None,
        *,
        first_run: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryKeyDialog")
        self.setWindowTitle(self.tr("Khóa khôi phục"))
        self._db = db
        self._db_path = Path(db_path)
        self._key = key
        self._first_run = first_run
        self.preview: QDialog | None = None

        intro = QLabel(
            self.tr(
                "Dữ liệu của nhà trường được mã hóa. Khóa khôi phục dưới đây mở được dữ liệu và "
                "các bản sao lưu trên máy khác, hoặc khi tài khoản Windows của máy này bị mất. "
                "Hãy in phiếu (hoặc chép khóa ra giấy), cất trong tủ hồ sơ của nhà trường; không "
                "chụp ảnh, không gửi qua mạng."
            )
        )
        intro.setWordWrap(True)
        first, second = key_lines(key)
        self.key_label = QLabel(f"{first}\n{second}")
        self.key_label.setObjectName("recoveryKey")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.6)
        font.setWeight(QFont.Weight.Bold)
        self.key_label.setFont(font)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setStyleSheet("border: 1px solid palette(mid); padding: 12px")
        file_note = muted(self.tr("Tệp dữ liệu: {name}").format(name=self._db_path.name))

        self.print_button = QPushButton(self.tr("In phiếu…"))
        self.print_button.setObjectName("printRecoverySheet")
        self.print_button.clicked.connect(self.print_sheet)
        self.pdf_button = QPushButton(self.tr("Lưu PDF…"))
        self.pdf_button.setObjectName("saveRecoverySheet")
        self.pdf_button.clicked.connect(self.save_pdf)
        actions = QHBoxLayout()
        actions.addWidget(self.print_button)
        actions.addWidget(self.pdf_button)
        actions.addStretch(1)
        self.status = QLabel()
        self.status.setObjectName("recoveryStatus")
        self.status.setWordWrap(True)
        self.status.setOpenExternalLinks(True)
        self.status.hide()

        self.kept_box = QCheckBox(self.tr("Tôi đã in hoặc chép khóa và cất giữ an toàn"))
        self.kept_box.setObjectName("recoveryKeyKept")
        buttons = QDialogButtonBox()
        self.finish_button = buttons.addButton(
            self.tr("Tiếp tục") if first_run else self.tr("Đóng"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.finish_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        if first_run:
            self.finish_button.setEnabled(False)
            self.kept_box.toggled.connect(self.finish_button.setEnabled)
        else:
            self.kept_box.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.key_label)
        layout.addWidget(file_note)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(self.kept_box)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    # --- the sheet -------------------------------------------------------------------------------

    def _documents(self) -> list[MinutesDocument]:
        return [recovery_sheet(self._db, self._db_path, self._key)]

    def _record(self, target: str | Path) -> None:
        record_access(self._db.conn, ACCESS_KIND, target, 0, actor=session_actor_of(self))
        self.sheetWritten.emit(str(target))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()

    @Slot()
    def print_sheet(self) -> None:
        """The print preview (its Print button prints the same page)."""
        from desktop_app.printing.preview import preview_dialog

        try:
            documents = self._documents()
        except Exception as exc:
            show_error(exc, self)
            return
        dialog = preview_dialog(documents, self, title=self.tr("Xem trước phiếu khóa khôi phục"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._printed)
        dialog.resize(900, 760)
        self.preview = dialog
        dialog.open()

    @Slot()
    def _printed(self) -> None:
        self._record("printer")
        self._say(self.tr("Đã gửi phiếu khóa khôi phục tới máy in."))

    @Slot()
    def save_pdf(self) -> Path | None:
        path = save_file_name(
            self, "minutes", self.tr("Lưu phiếu khóa khôi phục ra tệp PDF"), SUGGESTED_PDF,
            self.tr("Tệp PDF (*.pdf)"),
        )  # fmt: skip
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        from desktop_app.printing import register_fonts, write_pdf

        try:
            register_fonts()
            write_pdf(self._documents(), target)
            self._record(target)
        except Exception as exc:
            show_error(exc, self)
            return None
        url = html.escape(QUrl.fromLocalFile(str(target)).toString(), quote=True)
        self._say(
            self.tr("Đã lưu phiếu vào {link}. In phiếu rồi xóa tệp này khỏi máy.").format(
                link=f'<a href="{url}">{html.escape(str(target))}</a>'
            )
        )
        return target

    # --- finishing -------------------------------------------------------------------------------

    def reject(self) -> None:
        """On first run, Escape or the window's close button do not skip the step."""
        if self._first_run and not self.kept_box.isChecked():
            self.kept_box.setFocus()
            return
        super().reject()

    def accept(self) -> None:
        if self._first_run and not self.kept_box.isChecked():
            return
        super().accept()
