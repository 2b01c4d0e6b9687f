"""From a line of the Đồng bộ page to its record, on the page of the main window where it is edited:
a refused change's student, device, batch or school profile (a handover: its student's history),
a review decision's student. The sentences are the page's (context "SyncPage")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget
from sqlite_utils import Database

from desktop_app.core.errors import SongMayError
from desktop_app.core.reviews import ReceivedDecision
from desktop_app.core.store.outbox import RefusedChange
from desktop_app.core.students import load_student_form
from desktop_app.ui.common.template_form import WARNING_COLOR

_CONTEXT = "SyncPage"

Say = Callable[[str, str], None]  # (text, colour): the page's message line


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class RecordOpener:
    """``page`` is the Đồng bộ page (its window shows the other sections); ``say`` tells the
    clerk why a record cannot be opened."""

    def __init__(self, page: QWidget, db: Database, say: Say) -> None:
        self._page = page
        self._db = db
        self._say = say

    def refused_change(self, change: RefusedChange) -> QWidget | None:
        """Open the change's record for editing (the student's form, the device's form, the
        school profile; a handover shows its student's history). The page or form shown."""
        if change.op == "delete":
            self._say(
                _tr(
                    "Bản ghi này đã bị xóa trên máy này nên không mở được. Bấm “Gửi lại” để gửi "
                    "lệnh xóa một lần nữa."
                ),
                WARNING_COLOR,
            )
            return None
        if change.entity in ("student", "need"):
            return self.student(change.student_id)
        if change.entity == "vaccination":  # the student's form, on its vaccination tab
            dialog = self.student(change.student_id)
            if dialog is not None and hasattr(dialog, "show_vaccinations"):
                dialog.show_vaccinations()
            return dialog
        if change.entity == "handover":
            code = self._student_code(change.student_id)
            page = self._show("handover")
            if page is not None and code:
                page.show_history(code)
            return page
        if change.entity == "device":
            return self.device(change.entity_id)
        if change.entity in ("donation_batch", "donor"):
            page = self._show("receiving")
            if page is not None and change.entity == "donation_batch":
                page.select_batch(change.entity_id)
            return page
        if change.entity == "school":
            page = self._show("settings")
            return page.edit_school() if page is not None else None
        return None

    def decision(self, decision: ReceivedDecision) -> QWidget | None:
        if decision.student_id is None:
            self._say(
                _tr("Học sinh mã {code} không có trên máy này.").format(code=decision.student_code),
                WARNING_COLOR,
            )
            return None
        return self.student(decision.student_id)

    def student(self, student_id: str | None) -> QWidget | None:
        code = self._student_code(student_id)
        if student_id is None or code is None:
            self._say(_tr("Không tìm thấy học sinh này trên máy; có thể đã bị xóa."), WARNING_COLOR)
            return None
        page = self._show("students")
        if page is None:
            return None
        page.search.setText(code)
        page.apply_filter()
        page.rows.select(student_id)
        return page.open_student_dialog(student_id)  # type: ignore[no-any-return]

    def device(self, device_id: str) -> QWidget | None:
        page = self._show("receiving")
        if page is None:
            return None
        page.search.clear()
        page.select_batch(None)
        page.apply_filter()
        page.rows.select(device_id)
        return page.open_device_dialog(device_id)  # type: ignore[no-any-return]

    def _student_code(self, student_id: str | None) -> str | None:
        if student_id is None:
            return None
        try:
            return load_student_form(self._db, student_id).get("student_code")
        except SongMayError:
            return None

    def _show(self, key: str) -> Any:
        """Show another section of the main window; its page, or None on a page shown alone."""
        window = self._page.window()
        show_section = getattr(window, "show_section", None)
        if not callable(show_section):
            return None
        show_section(key)
        return window.current_page()  # type: ignore[attr-defined]
