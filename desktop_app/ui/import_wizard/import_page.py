"""Page 3: how to import (all or nothing, or only the valid rows), then the import itself."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QButtonGroup, QRadioButton, QVBoxLayout, QWizard, QWizardPage

from desktop_app.core.importing.service import ImportReport
from desktop_app.core.private_log import file_kind
from desktop_app.ui.common.errors import user_message
from desktop_app.ui.import_wizard.style import ERROR_COLOUR, WARNING_COLOUR, _wrapping_label
from desktop_app.ui.import_wizard.wording import _number, kind_label
from desktop_app.ui.import_wizard.work import _import_work

if TYPE_CHECKING:
    from desktop_app.ui.import_wizard.wizard import ImportWizard

log = logging.getLogger("songmay.ui.import_wizard")  # under "songmay": the log file


class ImportPage(QWizardPage):
    """3. Nhập: all or nothing, or only the valid rows; then the real import, in one
    transaction."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._done = False
        self.setTitle(self.tr("Nhập"))
        self.setSubTitle(self.tr("Chọn cách nhập rồi bấm “Nhập” để ghi vào dữ liệu của trường."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Nhập"))

        self.all_rows = QRadioButton(self.tr("Nhập tất cả (chỉ khi không có lỗi)"))
        self.all_rows.setObjectName("importAll")
        self.all_note = _wrapping_label()
        self.valid_rows = QRadioButton(self.tr("Chỉ nhập các dòng hợp lệ"))
        self.valid_rows.setObjectName("importValid")
        self.valid_note = _wrapping_label()
        for note in (self.all_note, self.valid_note):
            note.setContentsMargins(24, 0, 0, 8)
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.all_rows)
        self.choice.addButton(self.valid_rows)

        self.target = _wrapping_label(name="importTarget")
        self.safety = _wrapping_label(
            self.tr(
                "Dữ liệu được ghi trong một lần: nếu bấm Hủy trước khi bắt đầu ghi, hoặc có sự "
                "cố giữa chừng, dữ liệu của trường giữ nguyên như trước."
            )
        )
        self.status = _wrapping_label(name="importStatus")

        layout = QVBoxLayout(self)
        layout.addWidget(self.target)
        layout.addSpacing(8)
        layout.addWidget(self.all_rows)
        layout.addWidget(self.all_note)
        layout.addWidget(self.valid_rows)
        layout.addWidget(self.valid_note)
        layout.addSpacing(8)
        layout.addWidget(self.safety)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self._done = False
        self.status.clear()
        report = self._wizard.check_report()
        path = self._wizard.file_path()
        kind = self._wizard.kind()
        if report is None or path is None or kind is None:
            return
        self.target.setText(
            self.tr("Nhập “{kind}” từ tệp {name}.").format(kind=kind_label(kind), name=path.name)
        )
        error_rows = report.rows_read - report.rows_valid
        valid = _number(report.rows_valid)
        self.all_note.setEnabled(not error_rows)
        if error_rows:
            self.all_rows.setEnabled(False)
            self.valid_rows.setChecked(True)
            self.all_note.setText(
                self.tr("Không dùng được: tệp có {n} dòng lỗi.", "", error_rows).format(
                    n=_number(error_rows)
                )
            )
            self.valid_note.setText(
                self.tr("Ghi {valid} dòng hợp lệ, bỏ qua {bad} dòng có lỗi.").format(
                    valid=valid, bad=_number(error_rows)
                )
            )
        else:
            self.all_rows.setEnabled(True)
            self.all_rows.setChecked(True)
            self.all_note.setText(
                self.tr(
                    "Ghi tất cả {n} dòng; nếu có lỗi thì không ghi dòng nào.", "", report.rows_valid
                ).format(n=valid)
            )
            self.valid_note.setText(
                self.tr("Tệp không có dòng lỗi: cũng ghi {n} dòng.", "", report.rows_valid).format(
                    n=valid
                )
            )

    def validatePage(self) -> bool:
        """The import runs here, so a cancel or a failure keeps the clerk on this page; once it
        succeeded, the wizard moves on (and cannot come back: this is the commit page)."""
        if self._done:
            return True
        kind, path = self._wizard.kind(), self._wizard.file_path()
        if self._wizard.is_busy() or kind is None or path is None:
            return False
        partial = self.valid_rows.isChecked()
        self.status.clear()
        self._wizard.run(
            self.tr("Nhập dữ liệu từ tệp {name}").format(name=path.name),
            _import_work(kind, path, partial, self._wizard.stage_labels()),
            lambda report: self._imported(report, partial),
            self._failed,
            on_cancelled=self._cancelled,
        )
        return False

    def _imported(self, report: ImportReport, partial: bool) -> None:
        self._wizard.set_import_report(report, partial)
        self._done = True
        self._wizard.next()

    def _failed(self, exc: BaseException) -> None:
        log.exception(
            "Importing a %s file failed", file_kind(self._wizard.file_path()), exc_info=exc
        )
        self.status.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.status.setText(
            self.tr("Không nhập được: {reason}\nDữ liệu của trường không thay đổi.").format(
                reason=user_message(exc, brief=True)
            )
        )

    def _cancelled(self) -> None:
        self.status.setStyleSheet(f"color: {WARNING_COLOUR};")
        self.status.setText(self.tr("Đã hủy; dữ liệu của trường không thay đổi."))
