"""The wizard itself: its pages, the state they share, the jobs they run, the file dialogs and
a file dropped on it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QTimer, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget, QWizard

from desktop_app.core.importing.report import write_error_report
from desktop_app.core.importing.service import ImportReport
from desktop_app.core.templates.spec import KINDS
from desktop_app.ui.common.errors import user_message
from desktop_app.ui.common.jobs import CANCELLED, Job, current_job, run_db_job, run_job
from desktop_app.ui.import_wizard.check_page import CheckPage
from desktop_app.ui.import_wizard.file_page import FilePage
from desktop_app.ui.import_wizard.import_page import ImportPage
from desktop_app.ui.import_wizard.result_page import ResultPage
from desktop_app.ui.import_wizard.style import ERROR_COLOUR, OK_COLOUR
from desktop_app.ui.import_wizard.wording import lang

log = logging.getLogger("songmay.ui.import_wizard")  # under "songmay": the log file


def _dropped_file(mime: QMimeData) -> Path | None:
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.is_file():
                return path
    return None


class ImportWizard(QWizard):
    """``ImportWizard(db_path, kind=None, parent=None)``.

    ``imported(kind)`` is emitted once the import has been written (so the window can refresh
    its pages). ``job_progressed(done, total, stage)`` and ``job_finished(outcome)`` relay the
    running job ("succeeded", "failed" or "cancelled").
    """

    PAGE_FILE, PAGE_CHECK, PAGE_IMPORT, PAGE_RESULT = range(4)

    imported = Signal(str)
    job_progressed = Signal(int, int, str)
    job_finished = Signal(str)

    def __init__(
        self, db_path: Path, kind: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        if kind is not None and kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        self.setObjectName("importWizard")
        self._db_path = Path(db_path)
        self._path: Path | None = None
        self._check: ImportReport | None = None
        self._import: ImportReport | None = None
        self._partial = False
        self._close_when_idle = False

        self.setWindowTitle(self.tr("Nhập dữ liệu từ tệp Excel"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOptions(
            QWizard.WizardOption.NoBackButtonOnStartPage
            | QWizard.WizardOption.NoBackButtonOnLastPage
            | QWizard.WizardOption.NoCancelButtonOnLastPage
        )
        for button, text in (
            (QWizard.WizardButton.BackButton, self.tr("< Quay lại")),
            (QWizard.WizardButton.NextButton, self.tr("Tiếp >")),
            (QWizard.WizardButton.CommitButton, self.tr("Nhập")),
            (QWizard.WizardButton.FinishButton, self.tr("Đóng")),
            (QWizard.WizardButton.CancelButton, self.tr("Hủy")),
        ):
            self.setButtonText(button, text)
        self.file_page = FilePage(self)
        self.check_page = CheckPage(self)
        self.import_page = ImportPage(self)
        self.result_page = ResultPage(self)
        self.setPage(self.PAGE_FILE, self.file_page)
        self.setPage(self.PAGE_CHECK, self.check_page)
        self.setPage(self.PAGE_IMPORT, self.import_page)
        self.setPage(self.PAGE_RESULT, self.result_page)
        self.file_page.select_kind(kind)
        self.setAcceptDrops(True)
        self.setMinimumSize(760, 560)
        self.resize(900, 660)

    # -- state ------------------------------------------------------------------------------

    def kind(self) -> str | None:
        return self.file_page.kind()

    def set_kind(self, kind: str) -> None:
        self.file_page.select_kind(kind)

    def file_path(self) -> Path | None:
        return self._path

    def set_file(self, path: Path | str) -> None:
        self._path = Path(path)
        self.file_page.show_path(self._path)

    def take_path(self, path: Path | None) -> None:
        """The file the clerk typed or pasted (None while it is not one that can be used); the
        box keeps their text as typed."""
        self._path = path

    def check_report(self) -> ImportReport | None:
        return self._check

    def set_check_report(self, report: ImportReport) -> None:
        self._check = report

    def clear_check(self) -> None:
        self._check = None

    def import_report(self) -> ImportReport | None:
        return self._import

    def import_written(self) -> bool:
        """Whether the import's transaction was committed (all-or-nothing stops at an error)."""
        report = self._import
        if report is None or report.file_error:
            return False
        return self._partial or not report.errors

    def set_import_report(self, report: ImportReport, partial: bool) -> None:
        self._import = report
        self._partial = partial
        if self.import_written():
            self.imported.emit(report.kind)

    def is_busy(self) -> bool:
        return self.current_job() is not None

    def stage_labels(self) -> dict[str, str]:
        return {
            "check": self.tr("Đang kiểm tra từng dòng…"),
            "plan": self.tr("Đang đối chiếu với dữ liệu đã có…"),
            "write": self.tr("Đang ghi vào dữ liệu của trường…"),
        }

    @Slot()
    def start_over(self) -> None:
        """ "Nhập tệp khác": back to the first page, keeping the kind."""
        if self.is_busy():
            return
        self._path = None
        self._check = self._import = None
        self.file_page.show_path(None)
        self.restart()

    # -- the worker -------------------------------------------------------------------------

    def run(
        self,
        title: str,
        work: Callable[..., Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        *,
        on_cancelled: Callable[[], None] | None = None,
        database: bool = True,
    ) -> Job | None:
        """Run ``work`` on the application's database worker (``work(db, state)`` with its own
        connection when ``database``, else ``work(state)``); None while another job runs."""
        if database:
            job = run_db_job(self, title, self._db_path, work, on_success, on_failure)
        else:
            job = run_job(self, title, work, on_success, on_failure)
        if job is None:
            return None
        job.progressed.connect(self.job_progressed)
        job.progressed.connect(lambda _done, _total, stage: self._stage_reached(job, stage))
        job.finished.connect(lambda outcome: self._job_ended(outcome, on_cancelled))
        self._refresh_buttons()
        # A job started from initializePage: QWizard sets the buttons again once the page is
        # shown, so look once more when the event loop is back.
        QTimer.singleShot(0, self, self._refresh_buttons)
        return job

    @Slot()
    def _refresh_buttons(self) -> None:
        """Next follows each page's isComplete; Back is off while a job runs (the progress
        dialog only blocks the wizard once it shows, a moment after the start)."""
        page = self.currentPage()
        if page is not None:
            page.completeChanged.emit()
        if self.is_busy():
            self.button(QWizard.WizardButton.BackButton).setEnabled(False)

    def _stage_reached(self, job: Job, stage: str) -> None:
        """Once the write has begun it runs to its commit: Cancel can no longer be honoured,
        so it is not offered."""
        if stage == self.stage_labels()["write"]:
            job.set_cancellable(False)

    def current_job(self) -> Job | None:
        return current_job(self)

    def _job_ended(self, outcome: str, on_cancelled: Callable[[], None] | None) -> None:
        if outcome == CANCELLED and on_cancelled is not None:
            on_cancelled()
        self._refresh_buttons()
        self.job_finished.emit(outcome)
        if self._close_when_idle:
            self._close_when_idle = False
            super().reject()

    def reject(self) -> None:
        """Closing while a job runs asks it to stop first; the wizard closes once it has."""
        job = self.current_job()
        if job is not None:
            self._close_when_idle = True
            job.cancel()
            return
        super().reject()

    # -- files ------------------------------------------------------------------------------

    def ask_open_path(self, caption: str, start: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, caption, start, self.tr("Bảng tính (*.xlsx *.xls *.ods *.csv)")
        )
        return Path(chosen) if chosen else None

    def ask_save_path(self, caption: str, suggested: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, caption, suggested, self.tr("Sổ làm việc Excel (*.xlsx)")
        )
        if not chosen:
            return None
        target = Path(chosen)
        return target if target.suffix.lower() == ".xlsx" else target.with_suffix(".xlsx")

    def save_error_report(self, report: ImportReport, status: QLabel) -> None:
        if self.is_busy():
            return
        source = Path(report.file)
        suggested = str(source.with_name(f"{source.stem}-bao-cao-loi.xlsx"))
        target = self.ask_save_path(self.tr("Lưu báo cáo lỗi"), suggested)
        if target is None:
            return
        status.setStyleSheet("")
        status.setText(self.tr("Đang lưu báo cáo lỗi…"))
        language = lang()

        def done(_: None) -> None:
            status.setStyleSheet(f"color: {OK_COLOUR};")
            status.setText(self.tr("Đã lưu báo cáo lỗi: {path}").format(path=target))

        def failed(exc: BaseException) -> None:
            log.exception("Saving the error report failed", exc_info=exc)
            status.setStyleSheet(f"color: {ERROR_COLOUR};")
            status.setText(user_message(exc, brief=True))

        self.run(
            self.tr("Đang lưu báo cáo lỗi…"),
            lambda _state: write_error_report(report, target, language),
            done,
            failed,
            database=False,
        )

    # -- drag and drop ----------------------------------------------------------------------

    def _accepts_drop(self, mime: QMimeData) -> bool:
        return (
            not self.is_busy()
            and self.currentId() in (self.PAGE_FILE, self.PAGE_CHECK, self.PAGE_IMPORT)
            and _dropped_file(mime) is not None
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts_drop(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._accepts_drop(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if not self._accepts_drop(event.mimeData()):
            event.ignore()
            return
        path = _dropped_file(event.mimeData())
        assert path is not None
        event.acceptProposedAction()
        while self.currentId() != self.PAGE_FILE:  # a new file: its check starts from scratch
            self.back()
        self.set_file(path)
