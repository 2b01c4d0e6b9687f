"""“Xóa dữ liệu cá nhân…”: the end of the programme, in the window (Cài đặt → Dữ liệu).

The clerk chooses whom (every student, a class, or codes), sees what will be erased and who is
still in the review period, types the school's code (or XOA) and erases; the work runs on the
database worker with a progress dialog (core/erasure.py does it all).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.erasure import (
    ErasureResult,
    Selection,
    confirm_words,
    erase_students,
    plan_erasure,
)
from desktop_app.core.jobs import JobState
from desktop_app.core.rules.retention import REVIEW_PERIOD_DAYS
from desktop_app.core.school import load_school
from desktop_app.core.students import class_names
from desktop_app.ui.common import jobs
from desktop_app.ui.common.widgets import muted


class ErasureDialog(QDialog):
    """``erased(count)`` after an erasure (the window reloads its pages); ``jobFinished(outcome)``
    after the job, whatever its outcome (for tests)."""

    erased = Signal(int)
    jobFinished = Signal(str)

    def __init__(self, db: Database, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("erasureDialog")
        self.setWindowTitle(self.tr("Kết thúc chương trình — Xóa dữ liệu cá nhân"))
        self._db = db
        self._db_path = Path(db_path)
        layout = QVBoxLayout(self)
        layout.addWidget(muted(self.tr(
            "Xóa họ tên, ngày và tháng sinh, CCCD, người giám hộ, điện thoại, địa chỉ, mã học "
            "sinh và người nhận thay của các học sinh đã chọn, trong hồ sơ, nhật ký thay đổi và "
            "trên máy chủ (ở lần đồng bộ tới). Số liệu ẩn danh (lớp, diện, thiết bị đã giao) được "
            "giữ lại, báo cáo không đổi."
        )))  # fmt: skip
        grid = QGridLayout()
        self.scope = QButtonGroup(self)
        self.everyone = QRadioButton(self.tr("Mọi học sinh"))
        self.by_class = QRadioButton(self.tr("Một lớp"))
        self.by_codes = QRadioButton(self.tr("Theo mã học sinh"))
        self.class_box = QComboBox()
        self.class_box.addItems(class_names(db))
        self.codes = QLineEdit()
        self.codes.setPlaceholderText(self.tr("Các mã, cách nhau bởi dấu cách hoặc dấu phẩy"))
        for row, (button, field) in enumerate(((self.everyone, None),
                                               (self.by_class, self.class_box),
                                               (self.by_codes, self.codes))):  # fmt: skip
            self.scope.addButton(button, row)
            grid.addWidget(button, row, 0)
            if field is not None:
                grid.addWidget(field, row, 1)
        self.by_codes.setChecked(True)
        layout.addLayout(grid)
        self.counts = QLabel()
        self.counts.setObjectName("erasureCounts")
        self.counts.setWordWrap(True)
        layout.addWidget(self.counts)
        self.force = QCheckBox(self.tr(
            "Xóa cả học sinh còn trong thời gian rà soát (số liệu của huyện còn dựa vào các em)"
        ))  # fmt: skip
        layout.addWidget(self.force)
        warning = QLabel(self.tr(
            "Không thể hoàn tác. Các bản sao lưu cũ trên máy này sẽ được thay bằng một bản mới. "
            "Các bản sao đã chép ra USB trước đây vẫn còn dữ liệu: hãy tự tay xóa hoặc hủy chúng."
        ))  # fmt: skip
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #a61b1b; font-weight: bold")
        layout.addWidget(warning)
        school = load_school(db)
        self._words = confirm_words(school.code)
        layout.addWidget(QLabel(self.tr("Gõ mã trường ({words}) để xác nhận:").format(
            words=" / ".join(sorted(self._words)))))  # fmt: skip
        self.confirm = QLineEdit()
        self.confirm.setObjectName("erasureConfirm")
        layout.addWidget(self.confirm)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("erasureStatus")
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.erase_button = QPushButton(self.tr("Xóa dữ liệu cá nhân"))
        self.erase_button.setObjectName("eraseButton")
        buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.erase_button.clicked.connect(self.erase)
        for signal in (self.scope.idToggled, self.force.toggled):
            signal.connect(self.refresh)
        self.class_box.currentIndexChanged.connect(self.refresh)
        self.codes.textChanged.connect(self.refresh)
        self.confirm.textChanged.connect(self._update_button)
        self.refresh()

    def selection(self) -> Selection:
        if self.everyone.isChecked():
            return Selection(everyone=True)
        if self.by_class.isChecked():
            return Selection(class_name=self.class_box.currentText())
        return Selection(codes=tuple(c for c in re.split(r"[\s,;]+", self.codes.text()) if c))

    @Slot()
    def refresh(self) -> None:
        plan = plan_erasure(self._db, self.selection())
        self._students, self._held = plan.students, len(plan.held)
        text = self.tr(
            "{students} học sinh, {needs} nhu cầu, {handovers} lượt bàn giao, {vaccinations} bản "
            "ghi tiêm vắc-xin."
        ).format(students=plan.students, needs=plan.needs, handovers=plan.handovers,
                 vaccinations=plan.vaccinations)  # fmt: skip
        if plan.held:
            text += " " + self.tr(
                "{count} học sinh còn trong thời gian rà soát ({days} ngày sau lần bàn giao gần "
                "nhất, hoặc nhu cầu đang chờ duyệt)."
            ).format(count=len(plan.held), days=REVIEW_PERIOD_DAYS)
        if plan.unknown_codes:
            text += " " + self.tr("Không tìm thấy: {codes}.").format(
                codes=", ".join(plan.unknown_codes)
            )
        self.counts.setText(text)
        self.force.setVisible(bool(plan.held))
        self._update_button()

    @Slot()
    def _update_button(self) -> None:
        ready = self._students > 0 and (not self._held or self.force.isChecked())
        running = jobs.current_job(self) is not None
        self.erase_button.setEnabled(
            ready and not running and self.confirm.text().strip() in self._words
        )

    @Slot()
    def erase(self) -> None:
        selection, force = self.selection(), self.force.isChecked()

        def work(db: Database, state: JobState) -> ErasureResult:
            return erase_students(db, plan_erasure(db, selection), force=force, job=state)

        job = jobs.run_db_job(self, self.tr("Đang xóa dữ liệu cá nhân…"), self._db_path, work,
                              self._done)  # fmt: skip
        if job is not None:
            job.finished.connect(self._finished)
            self._update_button()

    def _done(self, result: ErasureResult) -> None:
        text = self.tr(
            "Đã xóa dữ liệu cá nhân của {students} học sinh. Thay đổi sẽ được gửi lên máy chủ ở "
            "lần đồng bộ tới."
        ).format(students=result.students)
        if result.backup is not None:
            text += " " + self.tr(
                "Đã sao lưu lại và xóa {count} bản sao lưu cũ. Hãy tự tay xóa các bản sao trên USB."
            ).format(count=len(result.deleted_backups))
        self.status.setText(text)
        self.confirm.clear()
        self.refresh()
        self.erased.emit(result.students)

    @Slot(str)
    def _finished(self, outcome: str) -> None:
        self._update_button()
        self.jobFinished.emit(outcome)
