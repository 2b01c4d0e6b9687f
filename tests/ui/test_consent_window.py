"""A parent's consent in the window: recorded and withdrawn in the student's form, shown in the
student list with its filter, counted on the dashboard."""

from __future__ import annotations

from datetime import date, timedelta

from dialogs import answering
from helpers import select, show_page
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from desktop_app.core.consent import load_consent, record_consent
from desktop_app.core.demo import fill_demo_data
from desktop_app.ui.dashboard.page import DashboardPage
from desktop_app.ui.students.dialog import StudentDialog
from desktop_app.ui.students.model import StudentTableModel
from desktop_app.ui.students.page import StudentsPage


def consent_column(page: StudentsPage, student_id: str) -> str:
    model = page.model
    row = model.row_of(student_id)
    assert row is not None
    return str(model.data(model.index(row, StudentTableModel.CONSENT)))


def test_consent_recorded_in_the_form_shows_in_the_list_and_the_dashboard(
    qtbot: QtBot, db: Database
):
    fill_demo_data(db, students=5, consent_share=0)  # every form still out
    page = show_page(qtbot, StudentsPage(db))
    dashboard = DashboardPage(db)
    qtbot.addWidget(dashboard)
    page.studentsChanged.connect(dashboard.refresh)
    assert dashboard.cards["no_consent"].value_label.text() == "5"
    student = page.model.student_id(0)
    assert consent_column(page, student) == "Chưa có"

    dialog = page.open_student_dialog(student)
    assert isinstance(dialog, StudentDialog) and dialog.consent_box is not None
    assert not dialog.withdraw_consent_button.isEnabled()
    dialog.consent_date.setText("99/99/2024")
    qtbot.mouseClick(dialog.record_consent_button, Qt.MouseButton.LeftButton)
    assert dialog.consent_error.isVisibleTo(dialog) and "99/99/2024" in dialog.consent_error.text()
    assert not load_consent(db, student).given

    given = date.today() - timedelta(days=3)
    dialog.consent_date.setText(given.strftime("%d/%m/%Y"))
    dialog.consent_method.setCurrentIndex(dialog.consent_method.findData("minutes"))
    dialog.consent_ref.setText("BB-07")
    qtbot.mouseClick(dialog.record_consent_button, Qt.MouseButton.LeftButton)
    consent = load_consent(db, student)
    assert (consent.date, consent.method, consent.ref) == (given, "minutes", "BB-07")
    assert dialog.withdraw_consent_button.isEnabled()
    assert "Đã ghi nhận" in dialog.consent_state.text()
    assert dashboard.cards["no_consent"].value_label.text() == "4"
    assert consent_column(page, student) == "Đã đồng ý"
    dialog.reject()

    page.show_only_missing_consent()
    assert page.consent_missing.isChecked()
    assert page.model.rowCount() == 4 and page.model.row_of(student) is None


def test_a_future_consent_date_is_refused_in_the_form_with_the_rules_words(
    qtbot: QtBot, db: Database
):
    fill_demo_data(db, students=2, consent_share=0)
    page = show_page(qtbot, StudentsPage(db))
    student = page.model.student_id(0)
    dialog = page.open_student_dialog(student)
    assert isinstance(dialog, StudentDialog)
    dialog.consent_date.setText((date.today() + timedelta(days=2)).strftime("%d/%m/%Y"))
    qtbot.mouseClick(dialog.record_consent_button, Qt.MouseButton.LeftButton)
    assert "tương lai" in dialog.consent_error.text()
    assert not load_consent(db, student).given
    dialog.reject()


def test_withdrawing_asks_first_then_clears_the_consent_and_the_dashboard_counts_it_again(
    qtbot: QtBot, db: Database
):
    fill_demo_data(db, students=2, consent_share=0)
    page = show_page(qtbot, StudentsPage(db))
    dashboard = DashboardPage(db)
    qtbot.addWidget(dashboard)
    page.studentsChanged.connect(dashboard.refresh)
    student = page.model.student_id(0)
    record_consent(db, student, on=date.today(), method="paper_form", ref="4")
    dashboard.refresh()
    assert dashboard.cards["no_consent"].value_label.text() == "1"
    dialog = page.open_student_dialog(student)
    assert isinstance(dialog, StudentDialog)
    with answering(qtbot) as answers:
        answers.message_box(button="Hủy", text="rút lại đồng ý")
        qtbot.mouseClick(dialog.withdraw_consent_button, Qt.MouseButton.LeftButton)
    assert load_consent(db, student).given
    with answering(qtbot) as answers:
        answers.message_box(button="Rút lại")
        qtbot.mouseClick(dialog.withdraw_consent_button, Qt.MouseButton.LeftButton)
    assert not load_consent(db, student).given
    assert dialog.consent_date.text() == "" and not dialog.withdraw_consent_button.isEnabled()
    assert dashboard.cards["no_consent"].value_label.text() == "2"
    dialog.reject()


def test_the_print_action_takes_the_filtered_class_or_else_the_selected_student(
    qtbot: QtBot, db: Database
):
    fill_demo_data(db, students=6, consent_share=0)
    page = show_page(qtbot, StudentsPage(db))
    student = page.model.student_id(1)
    select(page, student)
    chosen = page.model.student(1)
    assert chosen is not None
    documents = page.consent_form_documents()
    assert len(documents) == 1 and chosen.full_name in documents[0].html
    page.class_filter.setCurrentIndex(page.class_filter.findData(chosen.class_name))
    in_class = page.model.rowCount()
    assert len(page.consent_form_documents()) == in_class
