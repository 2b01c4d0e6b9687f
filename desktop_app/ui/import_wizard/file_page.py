"""Page 1: the kind of data, the file (or a blank template to fill in first)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizardPage,
)

from desktop_app.core.importing.export import write_template
from desktop_app.core.importing.service import check_source
from desktop_app.core.templates.spec import KINDS, load_template
from desktop_app.ui.common.errors import user_message
from desktop_app.ui.import_wizard.style import ERROR_COLOUR, OK_COLOUR, _wrapping_label
from desktop_app.ui.import_wizard.wording import kind_label, lang

if TYPE_CHECKING:
    from desktop_app.ui.import_wizard.wizard import ImportWizard

log = logging.getLogger("songmay.ui.import_wizard")  # under "songmay": the log file

TEMPLATE_FILE_NAMES = {
    "needs": "mau-nhu-cau-ho-tro.xlsx",
    "devices": "mau-tiep-nhan-thiet-bi.xlsx",
    "handovers": "mau-ban-giao.xlsx",
    "vaccinations": "mau-tiem-vac-xin.xlsx",
}


class FilePage(QWizardPage):
    """1. Chọn loại và tệp."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Chọn loại và tệp"))
        self.setSubTitle(
            self.tr(
                "Chọn loại dữ liệu cần nhập và tệp Excel theo mẫu của Bộ (hoặc kéo thả tệp vào đây)."
            )
        )
        self.kinds = QButtonGroup(self)
        kinds_box = QVBoxLayout()
        kinds_box.setSpacing(2)
        kinds_box.addWidget(_wrapping_label(self.tr("Loại dữ liệu:")))
        for number, kind in enumerate(KINDS):
            button = QRadioButton(kind_label(kind))
            button.setObjectName(f"kind_{kind}")
            self.kinds.addButton(button, number)
            note = _wrapping_label(load_template(kind).title.capitalize())
            note.setEnabled(False)  # the palette's muted text
            note.setContentsMargins(24, 0, 0, 6)
            kinds_box.addWidget(button)
            kinds_box.addWidget(note)
        self.kinds.idToggled.connect(self._kind_toggled)

        # The path can be typed or pasted; Enter in it goes on to the check (the wizard's
        # default button), never back to the file dialog.
        self.path_field = QLineEdit()
        self.path_field.setObjectName("pathField")
        self.path_field.setAcceptDrops(False)  # a drop anywhere goes to the wizard
        self.path_field.setClearButtonEnabled(True)
        self.path_field.setPlaceholderText(
            self.tr("Gõ hoặc dán đường dẫn của tệp, hoặc bấm “Chọn tệp…”")
        )
        self.path_field.textEdited.connect(self._path_typed)
        self.path_field.editingFinished.connect(self._path_finished)
        self.path_error = _wrapping_label(name="pathError")
        self.path_error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.path_error.hide()
        self.browse_button = QPushButton(self.tr("Chọn tệp…"))
        self.browse_button.setObjectName("browseButton")
        self.browse_button.setAutoDefault(False)  # Enter presses "Tiếp", not this
        self.browse_button.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_field, 1)
        file_row.addWidget(self.browse_button)

        self.template_button = QPushButton(self.tr("Tải tệp mẫu trống…"))
        self.template_button.setObjectName("templateButton")
        self.template_button.setAutoDefault(False)
        self.template_button.setEnabled(False)
        self.template_button.clicked.connect(self._save_template)
        self.template_status = _wrapping_label(name="templateStatus")
        template_row = QHBoxLayout()
        template_row.addWidget(self.template_button)
        template_row.addWidget(self.template_status, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(kinds_box)
        layout.addSpacing(8)
        layout.addWidget(_wrapping_label(self.tr("Tệp bảng tính (.xlsx, .xls, .ods hoặc .csv):")))
        layout.addLayout(file_row)
        layout.addWidget(self.path_error)
        layout.addSpacing(8)
        layout.addWidget(
            _wrapping_label(
                self.tr(
                    "Chưa có tệp theo mẫu? Tải tệp mẫu trống (có sẵn danh sách chọn và hướng dẫn "
                    "từng cột), điền dữ liệu rồi quay lại đây để nhập."
                )
            )
        )
        layout.addLayout(template_row)
        layout.addStretch(1)

    def select_kind(self, kind: str | None) -> None:
        if kind is None:
            return
        self.kinds.button(KINDS.index(kind)).setChecked(True)

    def kind(self) -> str | None:
        number = self.kinds.checkedId()
        return KINDS[number] if number >= 0 else None

    def show_path(self, path: Path | None) -> None:
        self.path_field.setText(str(path) if path else "")
        self.path_field.setToolTip(str(path) if path else "")
        self.path_error.hide()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        path = self._wizard.file_path()
        return self.kind() is not None and path is not None and path.is_file()

    def validatePage(self) -> bool:
        """What is in the box is what gets checked: a typed path that cannot be used says why."""
        return self._take_typed_path(say_why=True)

    @Slot(str)
    def _path_typed(self, _text: str) -> None:
        self.path_error.hide()
        self._take_typed_path(say_why=False)

    @Slot()
    def _path_finished(self) -> None:
        """Enter (or leaving the box): a path that cannot be used says why at once."""
        if self.path_field.text().strip():
            self._take_typed_path(say_why=True)

    def _take_typed_path(self, *, say_why: bool) -> bool:
        path, why = check_source(self.path_field.text())
        self._wizard.take_path(path)
        if why is not None and say_why:
            self.path_error.setText(why.text(lang()))
            self.path_error.show()
        elif why is None:
            self.path_error.hide()
        self.completeChanged.emit()
        return why is None

    @Slot(int, bool)
    def _kind_toggled(self, _number: int, checked: bool) -> None:
        if checked:
            self.template_button.setEnabled(True)
            self.template_status.clear()
            self.completeChanged.emit()

    @Slot()
    def _browse(self) -> None:
        current = self._wizard.file_path()
        start = str(current.parent) if current else _documents_folder()
        chosen = self._wizard.ask_open_path(self.tr("Chọn tệp cần nhập"), start)
        if chosen is not None:
            self._wizard.set_file(chosen)

    @Slot()
    def _save_template(self) -> None:
        kind = self.kind()
        if kind is None or self._wizard.is_busy():
            return
        suggested = str(Path(_documents_folder()) / TEMPLATE_FILE_NAMES[kind])
        target = self._wizard.ask_save_path(self.tr("Lưu tệp mẫu trống"), suggested)
        if target is None:
            return
        self.template_status.setStyleSheet("")
        self.template_status.setText(self.tr("Đang tạo tệp mẫu…"))

        def done(_: None) -> None:
            self.template_status.setStyleSheet(f"color: {OK_COLOUR};")
            self.template_status.setText(self.tr("Đã lưu tệp mẫu: {path}").format(path=target))

        def failed(exc: BaseException) -> None:
            log.exception("Saving the empty template failed", exc_info=exc)
            self.template_status.setStyleSheet(f"color: {ERROR_COLOUR};")
            self.template_status.setText(user_message(exc, brief=True))

        self._wizard.run(
            self.tr("Đang lưu tệp mẫu…"),
            lambda _state: write_template(None, kind, target),
            done,
            failed,
            database=False,
        )


def _documents_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
