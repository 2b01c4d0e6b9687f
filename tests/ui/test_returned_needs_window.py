"""Needs the district returned, in the window: the dashboard's card and its link to the student
list showing only them, their own look and filter in that list, the district's comment and day in
the student form, and the decisions list saying when one was corrected and whether it was sent.
Also the students page's "Nhập từ Excel…" button."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from helpers import figures_read, show_page
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QStyle
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from desktop_app.core.demo import fill_demo_data
from desktop_app.core.locale import fmt_date
from desktop_app.core.reviews import apply_decisions
from desktop_app.core.store.outbox import (
    ChangeResult,
    assign_submission,
    mark_results,
    unassigned_pages,
)
from desktop_app.core.students import list_students
from desktop_app.ui.common.need_look import RETURNED_COLOUR
from desktop_app.ui.common.table_model import (
    BACKGROUND,
    DECORATION,
    FLAGGED,
    FLAGGED_BACKGROUND,
    FONT,
)
from desktop_app.ui.dashboard.page import DashboardPage
from desktop_app.ui.shell.main_window import MainWindow
from desktop_app.ui.students.dialog import StudentDialog
from desktop_app.ui.students.model import StudentTableModel
from desktop_app.ui.students.page import StudentsPage
from desktop_app.ui.sync.models import DecisionTableModel
from desktop_app.ui.sync.page import TAB_DECISIONS, SyncPage

FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
DECIDED = "2026-03-02T02:30:00+00:00"
COMMENT = "Thiếu số giấy chứng nhận hộ nghèo; bổ sung rồi gửi lại."


@pytest.fixture
def demo_db(db: Database) -> Database:
    fill_demo_data(db, students=200)
    return db


def returned_ids(db: Database) -> set[str]:
    """Counted here, without the rules layer: each live student's latest survey round's need."""
    latest: dict[str, tuple[str, str]] = {}
    for student, round_, status in db.execute(
        "SELECT n.student_id, n.survey_round, n.status FROM needs n JOIN students s"
        " ON s.id = n.student_id WHERE n.deleted = 0 AND s.deleted = 0"
    ):
        if student not in latest or round_ > latest[student][0]:
            latest[student] = (round_, status)
    return {student for student, (_, status) in latest.items() if status == "returned"}


def shown_ids(model: StudentTableModel) -> set[str]:
    return {model.student_id(row) for row in range(model.rowCount())}


def make_window(qtbot: QtBot, db: Database, db_path: Path, settings: QSettings) -> MainWindow:
    window = MainWindow(db, db_path, settings=settings, poll_ms=3_600_000)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def return_need(db: Database, code: str, comment: str | None = COMMENT, cursor: str = "1") -> None:
    decision = {"cursor": cursor, "student_code": code, "decision": "returned",
                "comment": comment, "decided_at": DECIDED, "reviewer": "pgd"}  # fmt: skip
    assert apply_decisions(db, [decision]).applied == 1


def image(icon_source: object) -> QImage:
    return icon_source.pixmap(16, 16).toImage()  # type: ignore[attr-defined]


# --- the dashboard's card and its link -----------------------------------------------------------


def test_the_cards_count_is_the_returned_needs_and_its_link_lists_exactly_them(
    qtbot, demo_db, db_path, settings
):
    returned = returned_ids(demo_db)
    assert len(returned) >= 3
    window = make_window(qtbot, demo_db, db_path, settings)
    window.show_section("students")  # filters left on from before the click: the link clears them
    students = window.current_page()
    assert isinstance(students, StudentsPage)
    students.class_filter.setCurrentIndex(1)
    students.problems_only.setChecked(True)
    qtbot.keyClicks(students.search, "an")
    students.apply_filter()

    window.show_section("overview")
    dashboard = figures_read(window)
    assert isinstance(dashboard, DashboardPage)
    assert dashboard.returned_value.text() == str(len(returned))
    assert str(len(returned)) in dashboard.returned_hint.text()
    assert dashboard.returned_button.isVisible()
    qtbot.mouseClick(dashboard.returned_button, Qt.MouseButton.LeftButton)

    assert window.current_key() == "students" and window.current_page() is students
    assert shown_ids(students.model) == returned
    assert students.returned_filter.isChecked()
    assert students.search.text() == "" and not students.problems_only.isChecked()
    assert students.class_filter.currentData() is None
    assert students.count_label.text() == f"{len(returned)} học sinh"


def test_with_no_returned_need_the_card_says_so_and_offers_no_link(qtbot, db):
    page = show_page(qtbot, DashboardPage(db))
    assert page.returned_value.text() == "0"
    assert page.returned_hint.text() == "Không có nhu cầu nào bị trả lại."
    assert not page.returned_button.isVisible()


# --- the student list ----------------------------------------------------------------------------


def test_the_returned_filter_shows_exactly_the_returned_students_and_says_how_many(qtbot, demo_db):
    returned = returned_ids(demo_db)
    page = show_page(qtbot, StudentsPage(demo_db))
    everyone = page.model.rowCount()
    assert page.returned_filter.text() == f"Bị trả lại ({len(returned)})"
    assert page.returned_filter.isEnabled()

    qtbot.mouseClick(page.returned_filter, Qt.MouseButton.LeftButton)
    assert shown_ids(page.model) == returned
    assert page.status_filter.currentData() == "returned"  # one filter, two ways to it
    assert page.count_label.text() == f"{len(returned)} học sinh"

    qtbot.mouseClick(page.returned_filter, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == everyone and page.status_filter.currentData() is None
    page.status_filter.setCurrentIndex(page.status_filter.findData("returned"))
    assert page.returned_filter.isChecked() and shown_ids(page.model) == returned


def test_a_returned_need_has_its_own_colour_and_icon_not_the_warning(qtbot, demo_db):
    page = show_page(qtbot, StudentsPage(demo_db))
    model = page.model
    rows = {model.student(r).id: r for r in range(model.rowCount())}  # type: ignore[union-attr]
    returned = next(s for s in list_students(demo_db) if s.status == "returned")
    warned = next(s for s in list_students(demo_db) if s.has_problem and s.status != "returned")
    plain = next(s for s in list_students(demo_db) if not s.has_problem)

    def cell(student_id: str, column: int, role: int) -> object:
        return model.data(model.index(rows[student_id], column), role)

    code, status = StudentTableModel.CODE, StudentTableModel.STATUS
    assert cell(warned.id, code, BACKGROUND) == FLAGGED_BACKGROUND
    back = cell(returned.id, code, BACKGROUND)
    assert isinstance(back, QColor) and back != FLAGGED_BACKGROUND
    assert cell(plain.id, code, BACKGROUND) is None

    warning = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
    assert image(cell(warned.id, code, DECORATION)) == image(warning)
    returned_mark = cell(returned.id, code, DECORATION)
    assert returned_mark is not None and image(returned_mark) != image(warning)

    assert cell(returned.id, status, 0) == "Trả lại"
    assert cell(returned.id, status, FOREGROUND) == RETURNED_COLOUR
    assert cell(returned.id, status, FONT).bold()  # type: ignore[attr-defined]
    assert cell(warned.id, status, FOREGROUND) is None
    assert cell(returned.id, code, FLAGGED) is True  # still among "problems only"


# --- the student form ----------------------------------------------------------------------------


def test_the_form_of_a_returned_need_shows_the_districts_comment_day_and_what_to_do(qtbot, db):
    fill_demo_data(db, students=40)
    proposed = next(s for s in list_students(db) if s.status == "proposed")
    other = next(s for s in list_students(db) if s.status not in ("returned", "proposed"))
    return_need(db, proposed.code)
    page = show_page(qtbot, StudentsPage(db))

    form = page.open_student_dialog(proposed.id)
    assert isinstance(form, StudentDialog) and form.isVisible()
    box = form.returned_box
    assert box is not None and box.isVisible()
    decided = fmt_date(datetime.fromisoformat(DECIDED).astimezone().date())
    assert box.title_label.text() == f"Phòng GD&ĐT trả lại nhu cầu này ngày {decided}"
    assert box.comment_label.text() == f"Ý kiến của Phòng: {COMMENT}"
    assert box.hint_label.text() == "Sửa theo góp ý rồi lưu: nhu cầu sẽ được gửi lại."
    form.reject()

    plain = page.open_student_dialog(other.id)
    assert isinstance(plain, StudentDialog) and plain.returned_box is None
    plain.reject()


# --- the decisions list: corrected, then resent --------------------------------------------------


def decision_row(model: DecisionTableModel, code: str) -> int:
    return next(r for r in range(model.rowCount()) if model.decision(r).student_code == code)


def follow_up_text(page: SyncPage, code: str) -> str:
    model = page.decision_model
    return str(model.data(model.index(decision_row(model, code), DecisionTableModel.FOLLOW_UP)))


def test_after_correcting_in_the_form_the_decisions_list_says_corrected_then_resent(
    qtbot, db, db_path, settings
):
    fill_demo_data(db, students=40)
    student = next(s for s in list_students(db) if s.status == "proposed")
    changes = [c for page in unassigned_pages(db) for c in page]  # the school's data was sent
    assign_submission(db, "before", [c.seq for c in changes])
    mark_results(db, "before", [ChangeResult(c.change_id, "accepted") for c in changes])
    return_need(db, student.code)
    window = make_window(qtbot, db, db_path, settings)

    window.show_section("sync")
    page = window.current_page()
    assert isinstance(page, SyncPage)
    page.tabs.setCurrentIndex(TAB_DECISIONS)
    model = page.decision_model
    assert follow_up_text(page, student.code) == "Chưa sửa"
    assert model.data(model.index(decision_row(model, student.code), 0), FLAGGED) is True

    page.decision_table.selectRow(decision_row(model, student.code))
    page.open_student_button.click()  # the student's form, on the students page
    assert window.current_key() == "students"
    form = next(d for d in window.current_page().findChildren(StudentDialog) if d.isVisible())
    assert form.returned_box is not None
    form.inputs["note"].setText("Đã bổ sung số giấy chứng nhận")
    form.save_button.click()
    assert not form.isVisible(), form.outcome

    window.show_section("sync")
    today = fmt_date(date.today())
    assert follow_up_text(page, student.code) == f"Đã sửa ngày {today} · chờ gửi"
    assert model.data(model.index(decision_row(model, student.code), 0), FLAGGED) is False

    # What a sync's answer does: the outbox marks the correction delivered.
    waiting = [c for p in unassigned_pages(db) for c in p]
    assert waiting and all(c.entity in ("student", "need") for c in waiting)
    assign_submission(db, "after", [c.seq for c in waiting])
    mark_results(db, "after", [ChangeResult(c.change_id, "accepted") for c in waiting])
    window.refresh_status()  # the status bar's poll notices the outbox moved
    # the page on screen is read again once the burst of changes is over
    qtbot.waitUntil(
        lambda: follow_up_text(page, student.code) == f"Đã sửa ngày {today} · đã gửi lại",
        timeout=3000,
    )


# --- importing from the students page -------------------------------------------------------------


def test_the_students_pages_import_button_opens_the_wizard_for_the_needs_template(
    qtbot, db, db_path, settings
):
    window = make_window(qtbot, db, db_path, settings)
    window.show_section("students")
    page = window.current_page()
    assert isinstance(page, StudentsPage)
    assert page.import_button.text() == "Nhập từ Excel…" and page.import_button.isVisible()
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    wizard = window._import_wizard
    assert wizard is not None and wizard.isVisible() and wizard.kind() == "needs"
    wizard.close()
