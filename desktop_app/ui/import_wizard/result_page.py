"""Page 4: what was written, or that nothing was and why."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWizardPage

from desktop_app.ui.import_wizard.style import _styled, _wrapping_label
from desktop_app.ui.import_wizard.wording import result_text

if TYPE_CHECKING:
    from desktop_app.ui.import_wizard.wizard import ImportWizard


class ResultPage(QWizardPage):
    """4. Kết quả: what was written, or that nothing was and why."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Kết quả"))
        self.headline = _wrapping_label(name="resultHeadline")
        self.details = _wrapping_label(name="resultDetails")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(self.tr("Lưu báo cáo lỗi…"))
        self.save_button.setAutoDefault(False)  # Enter presses the wizard's own button
        self.save_button.setObjectName("resultSaveReport")
        self.save_button.clicked.connect(self._save_report)
        self.again_button = QPushButton(self.tr("Nhập tệp khác"))
        self.again_button.setAutoDefault(False)  # Enter presses the wizard's own button
        self.again_button.setObjectName("importAnother")
        self.again_button.clicked.connect(self._wizard.start_over)
        self.status = _wrapping_label(name="resultStatus")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.again_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addSpacing(6)
        layout.addWidget(self.details)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def initializePage(self) -> None:
        report = self._wizard.import_report()
        self.status.clear()
        if report is None:
            return
        written = self._wizard.import_written()
        headline, colour, details = result_text(report, written)
        self.headline.setText(headline)
        _styled(self.headline, colour, scale=1.3, bold=True)
        self.details.setText(details)
        self.save_button.setVisible(bool(report.problems) and not report.file_error)
        self.setSubTitle(
            self.tr("Tệp {name}").format(name=Path(report.file).name) if report.file else ""
        )

    @Slot()
    def _save_report(self) -> None:
        report = self._wizard.import_report()
        if report is not None:
            self._wizard.save_error_report(report, self.status)
