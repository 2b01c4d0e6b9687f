"""Bàn giao: propose which available device goes to which student, let the clerk adjust the
proposal, record the handovers, print their minutes, take devices back, and read the history.

Every rule lives in the core: the proposal is ``allocation.propose_for``, recording is
``handovers.check_handovers`` then ``record_handovers`` (all lines or none), a return is
``record_return``, the minutes are ``minutes.handover_minutes``. The proposal and the recording
run on the database worker (``ui.common.jobs``); what the clerk changed on a line (deliver it or not,
another device, who receives) is kept by the table model, by student code, across proposals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMenu,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.allocation import (
    AvailableDevice,
    Proposal,
    load_available_devices,
    propose_for,
)
from desktop_app.core.clock import best_today
from desktop_app.core.errors import SongMayError
from desktop_app.core.forms import FormResult
from desktop_app.core.handovers import (
    HistoryEvent,
    check_handovers,
)
from desktop_app.core.jobs import JobState
from desktop_app.core.proposal_edits import BatchDetails
from desktop_app.core.students import load_student_form
from desktop_app.ui.common import jobs
from desktop_app.ui.common.jobs import Job, run_db_job
from desktop_app.ui.common.list_page import ask_confirmation
from desktop_app.ui.common.template_form import ERROR_COLOR, WARNING_COLOR
from desktop_app.ui.common.text import code_label, number
from desktop_app.ui.common.widgets import heading
from desktop_app.ui.handover.device_dialog import DeviceChoiceDialog
from desktop_app.ui.handover.history import HistoryPanel
from desktop_app.ui.handover.layout import LayoutMixin
from desktop_app.ui.handover.minutes_dialog import MinutesDialog
from desktop_app.ui.handover.model import ProposalTableModel
from desktop_app.ui.handover.receiver_dialog import ReceiverDialog
from desktop_app.ui.handover.recording import RecordingMixin
from desktop_app.ui.handover.return_dialog import ReturnDialog
from desktop_app.ui.handover.tables import SkippedTableModel, UnusedTableModel

TAB_PROPOSAL, TAB_WAITING, TAB_EXCLUDED, TAB_UNUSED, TAB_HISTORY = range(5)
RECHECK_DELAY_MS = 500  # after the clerk stops typing the date


class HandoverPage(LayoutMixin, RecordingMixin, QWidget):
    """The page of the main window (section "handover").

    ``handoversChanged`` is emitted after handovers or a return were recorded here (the window
    then tells the other pages); ``proposalShown`` each time a proposal is on screen;
    ``jobFinished(outcome)`` after each of the page's jobs.
    """

    handoversChanged = Signal()
    proposalShown = Signal()
    jobFinished = Signal(str)

    def __init__(
        self,
        db: Database,
        db_path: Path,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("handoverPage")
        self._db = db
        self._db_path = db_path
        self._today = today
        self._proposed = False
        self._refresh_pending = False  # the data changed while a job ran: read again after it
        self.proposal: Proposal | None = None
        self.recent_codes: list[str] = []  # the students of the last recording
        self.minutes_dialog: MinutesDialog | None = None
        self.print_offer: QMessageBox | None = None

        title = heading(self.tr("Bàn giao"))
        self._build_options()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("handoverTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_proposal_tab(), "")
        self.waiting_model = SkippedTableModel(self)
        self.excluded_model = SkippedTableModel(self)
        self.unused_model = UnusedTableModel(self)
        self.waiting_table = self._side_table(
            "waitingTable",
            self.waiting_model,
            self.tr(
                "Học sinh đủ điều kiện nhưng chưa còn thiết bị: sẽ được đề xuất khi nhà trường "
                "tiếp nhận thêm thiết bị. Nhấp đúp để xem lịch sử."
            ),
        )
        self.excluded_table = self._side_table(
            "excludedTable",
            self.excluded_model,
            self.tr(
                "Học sinh có nhu cầu nhưng không được đề xuất, kèm lý do. Nhấp đúp để xem lịch "
                "sử bàn giao."
            ),
        )
        self.unused_table = self._side_table(
            "unusedTable",
            self.unused_model,
            self.tr(
                "Thiết bị chưa bàn giao mà đề xuất không dùng, kèm lý do; vẫn có thể chọn bằng "
                "tay ở nút “Đổi thiết bị…”. Nhấp đúp để xem lịch sử."
            ),
        )
        self.history = HistoryPanel(db, self)
        self.tabs.addTab(self.history, self.tr("Lịch sử"))
        self._update_tab_titles()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(self.batch)
        layout.addWidget(self.tabs, 1)

        self.print_action = QAction(self.tr("In biên bản…"), self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.print_action.triggered.connect(lambda _=False: self.open_minutes_dialog())
        self.addAction(self.print_action)
        record = QShortcut(QKeySequence("Ctrl+Return"), self, self.record)
        record.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.propose_button.clicked.connect(self.propose_again)
        self.record_button.clicked.connect(self.record)
        self.device_button.clicked.connect(lambda _=False: self.change_device())
        self.receiver_button.clicked.connect(lambda _=False: self.edit_receiver())
        self.return_button.clicked.connect(lambda _=False: self.open_return_dialog())
        self.minutes_button.clicked.connect(lambda _=False: self.open_minutes_dialog())
        self.history.printRequested.connect(lambda code: self.open_minutes_dialog([code]))
        self.history.returnRequested.connect(self.open_return_dialog)
        self._recheck_timer = QTimer(self)  # the date retyped: the refused lines checked again
        self._recheck_timer.setSingleShot(True)
        self._recheck_timer.setInterval(RECHECK_DELAY_MS)
        self._recheck_timer.timeout.connect(self.recheck_refused)
        self.date_edit.textEdited.connect(self._recheck_timer.start)
        self.model.dataChanged.connect(self._model_changed)
        self.model.modelReset.connect(self._model_changed)
        self.model.refused.connect(lambda text: self._say(text, ERROR_COLOR))
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.table.activated.connect(self._activated)
        self.table.customContextMenuRequested.connect(self._context_menu)

        self.load_school_people()
        self._model_changed()

    # --- what the whole batch shares ---------------------------------------------------------------

    def today(self) -> date:
        return self._today or best_today(self._db)

    def batch_details(self, day: date | None = None) -> BatchDetails | None:
        """What every line shares (see ``BatchBar.details``)."""
        return self.batch.details(day)

    def load_school_people(self) -> None:
        self.batch.load_school_people()

    # --- jobs ------------------------------------------------------------------------------------

    def is_busy(self) -> bool:
        return self.current_job() is not None

    def current_job(self) -> Job | None:
        return jobs.current_job(self)

    def _run(self, title: str, work: Callable[[Database, JobState], Any],
             done: Callable[[Any], None]) -> Job | None:  # fmt: skip
        job = run_db_job(self, title, self._db_path, work, done)
        if job is None:  # one job at a time
            return None
        job.finished.connect(self._job_finished)
        self._update_buttons()
        return job

    @Slot(str)
    def _job_finished(self, outcome: str) -> None:
        self._update_buttons()
        self.jobFinished.emit(outcome)
        if self._refresh_pending and not self.is_busy():
            self.refresh()

    # --- the proposal ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._proposed:
            self.propose()

    @Slot()
    def refresh(self) -> None:
        """F5, or the data changed (while the page is on screen, or before it is shown again):
        read the proposal again, keeping the clerk's changes where they still apply; a device the
        proposal showed that is no longer available (``rules.holdings``: handed over, returned
        faulty or lost, deleted) leaves it, and the clerk is told in one line. While a job runs,
        this waits for it."""
        if self.is_busy():
            self._refresh_pending = True
            return
        self._refresh_pending = False
        self.load_school_people()
        self.history.refresh()
        self.propose(recheck=True)

    @Slot()
    def propose(self, *, recheck: bool = False) -> Job | None:
        """Compute the proposal on the worker and show it (the clerk's changes are kept). With
        ``recheck``, say which devices shown until now are no longer available."""
        self._proposed = True
        shown = self.offered_devices() if recheck else {}

        def work(db: Database, _state: JobState) -> tuple[Proposal, list[AvailableDevice]]:
            return propose_for(db), load_available_devices(db)

        return self._run(self.tr("Đang lập đề xuất phân bổ…"), work,
                         lambda result: self._show_proposal(result, shown))  # fmt: skip

    def offered_devices(self) -> dict[str, str]:
        """The devices the proposal shows now, by id: their serials."""
        return {
            device.device_id: device.serial
            for device in (self.model.device(row) for row in range(self.model.rowCount()))
        }

    @Slot()
    def propose_again(self) -> None:
        """ "Đề xuất phân bổ": a fresh proposal; the clerk's changes are dropped (after asking)."""
        if self.is_busy():
            return
        if self.model.has_choices() and not ask_confirmation(
            self,
            self.tr("Đề xuất phân bổ"),
            self.tr(
                "Lập lại đề xuất từ đầu? Các thay đổi trên bảng (bỏ giao, đổi thiết bị, người "
                "nhận) sẽ mất."
            ),
            self.tr("Lập lại đề xuất"),
        ):
            return
        self.model.forget_choices()
        self.propose()

    def _show_proposal(
        self, result: tuple[Proposal, list[AvailableDevice]], shown: dict[str, str] | None = None
    ) -> None:
        proposal, available = result
        selected = self.selected_code()
        self.proposal = proposal
        dropped = self.model.set_proposal(proposal, available)
        self.waiting_model.set_rows(proposal.waiting)
        self.excluded_model.set_rows(proposal.excluded)
        self.unused_model.set_rows(proposal.unused)
        self._update_tab_titles()
        available_ids = {device.device_id for device in available}
        gone = sorted(serial for device_id, serial in (shown or {}).items()
                      if device_id not in available_ids)  # fmt: skip
        if gone:
            self._say(
                self.tr(
                    "Đề xuất đã cập nhật: thiết bị {serials} không còn sẵn sàng.", "", len(gone)
                ).format(serials=", ".join(gone)),
                WARNING_COLOR,
            )
            self.message_label.setToolTip(
                self.tr(
                    "Dữ liệu vừa thay đổi: thiết bị đã bàn giao, thu hồi hoặc bị xóa ra khỏi đề "
                    "xuất; các dòng của chúng được đề xuất lại."
                )
            )
        elif dropped:
            self._say(
                self.tr(
                    "Thiết bị đã chọn bằng tay cho {codes} không còn dùng được (đã bàn giao hoặc "
                    "dành cho dòng khác); các dòng này trở lại thiết bị được đề xuất."
                ).format(codes=", ".join(dropped)),
                WARNING_COLOR,
            )
        row = self.model.row_of(selected) if selected else None
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            self.select_row(row)
        self.proposalShown.emit()

    def _update_tab_titles(self) -> None:
        proposal = self.proposal
        counts = (
            (len(proposal.lines), len(proposal.waiting), len(proposal.excluded),
             len(proposal.unused))
            if proposal else (0, 0, 0, 0)
        )  # fmt: skip
        titles = (
            self.tr("Đề xuất phân bổ ({count})"),
            self.tr("Chờ thiết bị ({count})"),
            self.tr("Không đề xuất ({count})"),
            self.tr("Thiết bị chưa dùng ({count})"),
        )
        for tab, (title, count) in enumerate(zip(titles, counts, strict=True)):
            self.tabs.setTabText(tab, title.format(count=number(count)))

    def _fit_serial_column(self) -> None:
        """The serial column as wide as the longest serial shown (bold when changed by hand):
        a serial is read and compared in full, never cut short."""
        bold = QFont(self.table.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        serials = [self.model.device(row).serial for row in range(self.model.rowCount())]
        title = str(self.model.headerData(ProposalTableModel.SERIAL, Qt.Orientation.Horizontal))
        width = max(metrics.horizontalAdvance(text) for text in [*serials, title, "SN0000000000"])
        self.table.setColumnWidth(ProposalTableModel.SERIAL, width + 24)

    # --- the clerk's changes ---------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.table.selectionModel().selectedRows())

    def current_row(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        if index.isValid() and self.table.selectionModel().isRowSelected(index.row()):
            return index.row()
        rows = self.selected_rows()
        return rows[0] if rows else None

    def selected_code(self) -> str | None:
        row = self.current_row()
        return self.model.student_code(row) if row is not None else None

    def select_row(self, row: int) -> None:
        index = self.model.index(row, ProposalTableModel.CODE)
        self.table.selectionModel().setCurrentIndex(
            index,
            self.table.selectionModel().SelectionFlag.ClearAndSelect
            | self.table.selectionModel().SelectionFlag.Rows,
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    @Slot()
    def toggle_selected(self) -> None:
        """Space: deliver the chosen lines, or not."""
        for refusal in self.model.toggle(self.selected_rows()):
            self._say(refusal, ERROR_COLOR)

    def change_device(self, row: int | None = None) -> DeviceChoiceDialog | None:
        """Another device for a line: a window-modal dialog (returns at once)."""
        row = self.current_row() if row is None else row
        if row is None or self.is_busy():
            return None
        line = self.model.line(row)
        dialog = DeviceChoiceDialog(
            self.model.devices_for(row),
            self.model.device(row),
            requested=line.candidate.requested_device,
            student=f"{line.candidate.full_name} ({line.candidate.code})",
            parent=self,
        )
        code = line.candidate.code

        def chosen() -> None:
            device, at = dialog.chosen(), self.model.row_of(code)
            if device is not None and at is not None:
                self.model.set_device(at, device)
                self._say(
                    self.tr("Dòng {row}: sẽ giao {serial} ({device}).").format(
                        row=at + 1,
                        serial=device.serial,
                        device=code_label("device_type", device.device_type),
                    )
                )

        dialog.accepted.connect(chosen)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def edit_receiver(self, row: int | None = None) -> ReceiverDialog | None:
        """Who receives for a line's student, condition, accessories, note."""
        row = self.current_row() if row is None else row
        if row is None or self.is_busy():
            return None
        line = self.model.line(row)
        code = line.candidate.code
        try:
            guardian = load_student_form(self._db, line.candidate.student_id).get(
                "guardian_name", ""
            )
        except SongMayError:
            guardian = ""

        def check(details: dict[str, str]) -> FormResult:
            at = self.model.row_of(code)
            if at is None:
                return FormResult()
            batch = self.batch_details(self.today())
            assert batch is not None  # a date is given
            request = self.model.edits.request(at, batch, **details)
            return check_handovers(self._db, [request], today=self.today())[0]

        dialog = ReceiverDialog(
            self.model.choice(row).details(),
            student=f"{line.candidate.full_name} ({code})",
            guardian_name=guardian,
            check=check,
            parent=self,
        )

        def saved() -> None:
            at = self.model.row_of(code)
            if at is not None:
                self.model.set_details(at, dialog.details())

        dialog.accepted.connect(saved)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # --- minutes, returns, history ---------------------------------------------------------------

    def open_minutes_dialog(
        self, student_codes: Sequence[str] = (), *, recent: bool = False
    ) -> MinutesDialog:
        dialog = MinutesDialog(
            self._db,
            self._db_path,
            self,
            recent_codes=self.recent_codes,
            student_codes=() if recent else student_codes,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.minutes_dialog = dialog
        dialog.open()
        return dialog

    def open_return_dialog(self, serial: str = "") -> ReturnDialog:
        dialog = ReturnDialog(self._db, self, serial=serial, today=self._today)
        dialog.saved.connect(self._returned)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    @Slot(str, object)
    def _returned(self, serial: str, _result: FormResult) -> None:
        self._say(self.tr("Đã ghi nhận thu hồi thiết bị {serial}.").format(serial=serial))
        self.handoversChanged.emit()
        self.show_history(serial)
        self.propose()

    def show_history(self, text: str) -> list[HistoryEvent]:
        self.tabs.setCurrentIndex(TAB_HISTORY)
        return self.history.show_history(text)

    # --- internals -------------------------------------------------------------------------------

    def _say(self, text: str, colour: str = "") -> None:
        self.message_label.setStyleSheet(f"color: {colour};" if colour else "")
        self.message_label.setText(text)
        self.message_label.setToolTip("")

    @Slot()
    def _model_changed(self) -> None:
        lines = self.model.rowCount()
        accepted = len(self.model.accepted_rows())
        warned = len(self.model.warned_rows())
        text = self.tr("{lines} dòng · {accepted} sẽ giao", "", lines).format(
            lines=number(lines), accepted=number(accepted)
        )
        if warned:
            text += self.tr(" · {warned} có lưu ý").format(warned=number(warned))
        self.count_label.setText(text)
        self.show_refusals()  # fixed, skipped or unticked lines leave the banner
        self._fit_serial_column()
        self._selection_changed()

    @Slot()
    def _selection_changed(self) -> None:
        row = self.current_row()
        self.detail_label.setText(self.model.detail(row) if row is not None else "")
        self.detail_label.setVisible(row is not None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.is_busy()
        has_row = self.current_row() is not None
        self.propose_button.setEnabled(not busy)
        self.record_button.setEnabled(not busy and bool(self.model.accepted_rows()))
        self.device_button.setEnabled(not busy and has_row)
        self.receiver_button.setEnabled(not busy and has_row)

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        """Enter or a double-click: the receiver column opens the receiver, the rest the device
        (the check box column only checks)."""
        if not index.isValid() or index.column() == ProposalTableModel.CHECK:
            return
        if index.column() == ProposalTableModel.RECEIVER:
            self.edit_receiver(index.row())
        else:
            self.change_device(index.row())

    def _side_activated(self, model: Any, index: QModelIndex | QPersistentModelIndex) -> None:
        if not index.isValid():
            return
        if isinstance(model, SkippedTableModel):
            self.show_history(model.student_code(index.row()))
        else:
            self.show_history(model.serial(index.row()))

    @Slot(QPoint)
    def _context_menu(self, point: QPoint) -> None:
        index = self.table.indexAt(point)
        if not index.isValid():
            return
        if not self.table.selectionModel().isRowSelected(index.row()):
            self.select_row(index.row())
        row = index.row()
        line = self.model.line(row)
        menu = QMenu(self)
        menu.addAction(self.tr("Đổi thiết bị…"), lambda: self.change_device(row))
        menu.addAction(self.tr("Người nhận…"), lambda: self.edit_receiver(row))
        menu.addAction(
            self.tr("Không giao dòng này")
            if self.model.is_accepted(row)
            else self.tr("Giao dòng này"),
            self.toggle_selected,
        )
        menu.addSeparator()
        menu.addAction(self.tr("Lịch sử của học sinh"),
                       lambda: self.show_history(line.candidate.code))  # fmt: skip
        serial = self.model.device(row).serial
        menu.addAction(self.tr("Lịch sử của thiết bị"), lambda: self.show_history(serial))
        menu.popup(self.table.viewport().mapToGlobal(point))
