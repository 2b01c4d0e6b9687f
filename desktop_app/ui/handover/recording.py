"""Recording the proposal's accepted lines, for the Bàn giao page: check them all on the worker,
show each refusal on its line, ask the clerk, record them all (or none), offer to print.

A mixin of ``HandoverPage`` (its words keep the page's translation context): it uses the page's
model, batch bar, jobs and message line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import QMessageBox
from sqlite_utils import Database

from desktop_app.core.clock import clock_warning
from desktop_app.core.forms import FormResult
from desktop_app.core.handovers import HandoverRequest, check_handovers, record_handovers
from desktop_app.core.jobs import JobState
from desktop_app.core.locale import fmt_date
from desktop_app.core.templates.cells import Invalid, parse_date
from desktop_app.ui.common.list_page import ask_confirmation
from desktop_app.ui.common.template_form import WARNING_COLOR
from desktop_app.ui.common.text import language, number, shown


def _tr(text: str) -> str:
    return QCoreApplication.translate("HandoverPage", text)


def _trn(text: str, n: int) -> str:
    """A sentence that says a count: English chooses its singular or plural form by ``n``."""
    return QCoreApplication.translate("HandoverPage", text, "", n)


class RecordingMixin:
    """``record`` and its steps; ``self`` is the ``HandoverPage``."""

    # What the page provides (set in its constructor).
    model: Any
    batch: Any
    tabs: Any
    history: Any
    message_label: Any
    error_banner: Any
    recent_codes: list[str]
    print_offer: QMessageBox | None
    _db: Any

    @Slot()
    def record(self) -> None:
        """Check the accepted lines on the worker; if all pass, ask, then record them all."""
        if self.is_busy():
            return
        rows = self.model.accepted_rows()
        if not rows:
            self._say(_tr("Chưa có dòng nào được đánh dấu Giao."), WARNING_COLOR)
            return
        batch = self.batch_details()
        if batch is None:
            return
        requests = self.model.requests(rows, batch)
        today = self.today()

        def work(db: Database, _state: JobState) -> list[FormResult]:
            return check_handovers(db, requests, today=today)

        self._run(_tr("Đang kiểm tra các dòng bàn giao…"), work,
                  lambda results: self._checked(rows, requests, results))  # fmt: skip

    def _checked(self, rows: list[int], requests: list[HandoverRequest],
                 results: list[FormResult]) -> None:  # fmt: skip
        self.model.set_checks(rows, results)
        self._show_date_error(results)
        if self._refused(rows, results):
            return
        warned = len(self.model.warned_rows())
        question = _trn(
            "Ghi nhận bàn giao {count} thiết bị cho {count} học sinh, ngày {day}?", len(rows)
        ).format(count=number(len(rows)), day=fmt_date(requests[0].handover_date))
        if warned:
            question += "\n\n" + _trn(
                "{warned} dòng có lưu ý (tô vàng; để chuột lên mã học sinh để đọc).", warned
            ).format(warned=number(warned))
        question += "\n\n" + _tr(
            "Việc bàn giao được ghi vào nhật ký và gửi lên CSDL ngành khi đồng bộ."
        )
        clock = clock_warning(self._db)  # the PC's date known wrong: said before saving
        if clock is not None:
            question = "⚠ " + clock.text(language()) + "\n\n" + question
        if not ask_confirmation(self, _tr("Ghi nhận bàn giao"), question,
                                _tr("Ghi nhận")):  # fmt: skip
            return
        today = self.today()

        def work(db: Database, _state: JobState) -> list[FormResult]:
            return record_handovers(db, requests, today=today)

        self._run(_tr("Đang ghi nhận bàn giao…"), work,
                  lambda saved: self._recorded(rows, requests, saved))  # fmt: skip

    def _refused(self, rows: list[int], results: list[FormResult]) -> bool:
        """Say which lines the service refused (nothing was saved); True if any."""
        refused = [row for row, result in zip(rows, results, strict=True) if not result.ok]
        if not refused:
            self.show_refusals()
            return False
        self._say("")  # the banner says it
        self.show_refusals()
        self.tabs.setCurrentIndex(0)  # the proposal, the first tab
        self.select_row(refused[0])
        return True

    @Slot()
    def recheck_refused(self) -> None:
        """The batch's date changed while lines are refused: check the lines to deliver again on
        the worker (nothing is recorded, nothing asked); the banner follows. A date still being
        typed is left alone."""
        if self.is_busy() or not self.refused_rows():
            return
        try:
            day = parse_date(self.batch.date_edit.text().strip())
        except Invalid:
            return
        batch = self.batch_details(day)
        if batch is None:
            return
        rows = self.model.accepted_rows()
        requests = self.model.requests(rows, batch)
        today = self.today()

        def work(db: Database, _state: JobState) -> list[FormResult]:
            return check_handovers(db, requests, today=today)

        def done(results: list[FormResult]) -> None:
            if self.model.accepted_rows() == rows:  # else the clerk changed them meanwhile
                self.model.set_checks(rows, results)
                self._show_date_error(results)

        self._run(_tr("Đang kiểm tra các dòng bàn giao…"), work, done)

    def refused_rows(self) -> list[int]:
        """The lines to deliver whose last check refused them (a line changed since, or not
        delivered now, no longer counts)."""
        return [row for row in self.model.accepted_rows() if self.model.check(row).errors]

    def show_refusals(self) -> int:
        """The banner of the refused lines, as they are now: the count and the first line's
        message (every message in its tooltip); gone when none is left. Returns the count."""
        refused = self.refused_rows()
        banner = self.error_banner
        if not refused:
            banner.clear()
            banner.setToolTip("")
            banner.hide()
            return 0
        first = refused[0]
        banner.setText(
            _trn(
                "Chưa ghi nhận dòng nào: {count} dòng có lỗi (tô đỏ). Dòng {row}: {message}",
                len(refused),
            ).format(
                count=number(len(refused)),
                row=first + 1,
                message=shown(self.model.check(first).errors[0]),
            )
        )
        banner.setToolTip(
            "\n".join(
                f"{row + 1}. {self.model.student_code(row)}: {shown(message)}"
                for row in refused
                for message in self.model.check(row).errors
            )
        )
        banner.show()
        return len(refused)

    def _recorded(self, rows: list[int], requests: list[HandoverRequest],
                  results: list[FormResult]) -> None:  # fmt: skip
        if not all(result.ok for result in results):  # changed since the check
            self.model.set_checks(rows, results)
            self._show_date_error(results)
            self._refused(rows, results)
            return
        codes = [request.student_code for request in requests]
        self.recent_codes = codes
        self.model.forget_choices(codes)
        self._say(
            _trn("Đã ghi nhận {count} lượt bàn giao, ngày {day}.", len(codes)).format(
                count=number(len(codes)), day=fmt_date(requests[0].handover_date)
            )
        )
        self.handoversChanged.emit()
        self.history.refresh()
        self.propose()
        self._offer_print(len(codes))

    def _offer_print(self, count: int) -> QMessageBox:
        box = QMessageBox(self)
        box.setObjectName("printOffer")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_tr("In biên bản bàn giao"))
        box.setText(
            _trn(
                "Đã ghi nhận bàn giao {count} thiết bị. In biên bản bàn giao cho các học sinh này "
                "ngay?",
                count,
            ).format(count=number(count))
        )
        yes = box.addButton(_tr("In biên bản…"), QMessageBox.ButtonRole.AcceptRole)
        later = box.addButton(_tr("Để sau"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes)
        box.setEscapeButton(later)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: (
                self.open_minutes_dialog(self.recent_codes, recent=True) if button is yes else None
            )
        )
        self.print_offer = box
        box.open()
        return box

    def _show_date_error(self, results: Sequence[FormResult]) -> None:
        message = next((r.errors["handover_date"][0] for r in results
                        if r.errors.get("handover_date")), None)  # fmt: skip
        self.batch.show_date_message(shown(message))
