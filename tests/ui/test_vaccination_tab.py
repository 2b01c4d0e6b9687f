"""The "Tiêm vắc-xin" tab of the student form: add a dose (saved with its journal row), refuse
a future date or a gap, ask before mixing vaccines, correct and cancel with the rows' states."""

from __future__ import annotations

from datetime import date

from dialogs import answering
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from sqlite_utils import Database
from vaccination_builders import TEEN, TODAY, add_students, dose_rows, give, outbox_rows

from desktop_app.core.vaccinations.service import current_of
from desktop_app.ui.students.dialog import StudentDialog
from desktop_app.ui.vaccinations.dose_dialog import DoseDialog
from desktop_app.ui.vaccinations.history import VaccinationTab


def open_form(qtbot: QtBot, db: Database, student_id: str | None) -> StudentDialog:
    dialog = StudentDialog(db, student_id, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_vaccinations()
    return dialog


def choose(combo: QComboBox, code: str) -> None:
    combo.setCurrentIndex(combo.findData(code))


def rows_of(tab: VaccinationTab) -> list[tuple[str, str, str, bool]]:
    """(dose, date, state, greyed) per row of the history."""
    table = tab.table
    return [(table.item(r, 0).text(), table.item(r, 1).text(), tab.status_of(r),
             tab.is_greyed(r)) for r in range(table.rowCount())]  # fmt: skip


def test_a_dose_added_in_the_tab_is_saved_with_its_journal_row_and_shown(qtbot, db):
    ids = add_students(db, [("HS1", "Nguyễn Văn An", "7A1", TEEN)])
    tab = open_form(qtbot, db, ids["HS1"]).vaccinations
    assert tab.summary.text() == "Chưa có mũi tiêm nào được ghi nhận."

    def fill(dialog: DoseDialog) -> None:
        assert dialog.dose_no.value() == 1  # the next dose, prefilled
        assert dialog.place.currentText() == "Tại trường"
        dialog.vaccinated_on.setText("02/12/2021")
        dialog.lot_no.setText("FK1234")
        dialog.facility.setText("Trạm Y tế xã Ea Tu")

    with answering(qtbot) as answers:
        answers.dialog(DoseDialog, button="Lưu", fill=fill)
        tab.add_button.click()
    assert dose_rows(db) == [(ids["HS1"], "dose", 1)]
    assert outbox_rows(db) == 1
    stored = db.execute("SELECT vaccinated_on, vaccine, place, lot_no, facility, late"
                        " FROM vaccinations").fetchone()  # fmt: skip
    assert stored == ("2021-12-02", "comirnaty", "school", "FK1234", "Trạm Y tế xã Ea Tu", 1)
    assert rows_of(tab) == [("1", "02/12/2021", "Hiện hành", False)]
    assert tab.summary.text() == "Đã tiêm 1 mũi."


def test_a_future_date_or_a_missing_dose_is_said_under_its_field_and_nothing_is_saved(qtbot, db):
    ids = add_students(db, [("HS1", "Nguyễn Văn An", "7A1", TEEN)])
    give(db, "HS1", 1)
    before = (dose_rows(db), outbox_rows(db))
    tab = open_form(qtbot, db, ids["HS1"]).vaccinations
    dialog = tab.add_dose()
    assert dialog.dose_no.value() == 2
    dialog.vaccinated_on.setText("20/01/2022")  # after TODAY
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.field_message("vaccinated_on").startswith("Ngày ")
    assert "20/01/2022" in dialog.field_message("vaccinated_on")
    assert dialog.messages["vaccinated_on"].objectName() == "fieldError"

    dialog.vaccinated_on.setText("05/01/2022")
    dialog.dose_no.setValue(3)  # no dose 2 yet
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.field_message("vaccinated_on") == ""
    assert dialog.field_message("dose_no") == (
        "Mũi 3 nhưng học sinh chưa có mũi 2. Hãy nhập mũi 2 trước (hoặc sửa lại số mũi)."
    )
    dialog.vaccinated_on.setText("31/02/2021")
    dialog.save_button.click()
    assert "không phải là ngày hợp lệ" in dialog.field_message("vaccinated_on")
    dialog.reject()
    assert (dose_rows(db), outbox_rows(db)) == before


def test_mixing_vaccines_asks_first_and_saves_only_when_confirmed(qtbot, db):
    ids = add_students(db, [("HS1", "Nguyễn Văn An", "7A1", TEEN)])
    give(db, "HS1", 1)
    tab = open_form(qtbot, db, ids["HS1"]).vaccinations

    def fill(dialog: DoseDialog) -> None:
        dialog.vaccinated_on.setText("15/07/2021")
        choose(dialog.vaccine, "spikevax")

    with answering(qtbot) as answers:
        opened = answers.leave_open(DoseDialog)
        tab.add_button.click()
    dialog = opened.widget
    assert isinstance(dialog, DoseDialog)
    fill(dialog)
    with answering(qtbot) as answers:
        asked = answers.message_box("Hủy", text="Tiêm trộn vắc-xin được phép")
        dialog.save_button.click()
    assert "Mũi 2 là Moderna (Spikevax), khác với mũi 1" in asked.text
    assert len(dose_rows(db)) == 1  # not confirmed: nothing saved
    assert dialog.isVisible() and dialog.messages["vaccine"].objectName() == "fieldWarning"
    with answering(qtbot) as answers:
        answers.message_box("Vẫn lưu")
        dialog.save_button.click()
    assert [r[2] for r in dose_rows(db)] == [1, 2]
    assert rows_of(tab)[-1][:3] == ("2", "15/07/2021", "Hiện hành")


def test_correcting_and_cancelling_show_each_row_s_state_and_dose_1_waits_for_dose_2(qtbot, db):
    ids = add_students(db, [("HS1", "Nguyễn Văn An", "7A1", TEEN)])
    give(db, "HS1", 2)
    tab = open_form(qtbot, db, ids["HS1"]).vaccinations
    rows_before = len(dose_rows(db))

    tab.select_dose(1)  # cancelling dose 1 while dose 2 stands: refused, nothing saved
    with answering(qtbot) as answers:
        answers.message_box("Hủy mũi", text="Hủy mũi 1 ngày 01/06/2021")
        refused = answers.message_box("Đóng")
        tab.void_button.click()
    assert refused.text == "Không thể hủy mũi 1 khi đã có mũi 2. Hãy hủy mũi 2 trước."
    assert len(dose_rows(db)) == rows_before

    tab.select_dose(2)
    with answering(qtbot) as answers:
        answers.dialog(DoseDialog, button="Lưu",
                       fill=lambda d: d.vaccinated_on.setText("05/07/2021"))  # fmt: skip
        tab.correct_button.click()
    assert rows_of(tab) == [
        ("1", "01/06/2021", "Hiện hành", False),
        ("2", "01/07/2021", "Đã được sửa", True),
        ("2", "05/07/2021", "Hiện hành", False),
    ]
    tab.select_dose(2)
    with answering(qtbot) as answers:
        answers.message_box("Hủy mũi", text="Hủy mũi 2 ngày 05/07/2021")
        tab.void_button.click()
    assert [r[2] for r in rows_of(tab)] == [
        "Hiện hành", "Đã được sửa", "Đã hủy", "Hủy mũi ghi nhầm",
    ]  # fmt: skip
    assert [r[3] for r in rows_of(tab)] == [False, True, True, True]
    current = current_of(db.conn, ids["HS1"])
    assert [(e.dose_no, e.vaccinated_on) for e in current] == [(1, date(2021, 6, 1))]
    assert outbox_rows(db) == 4  # 2 doses, a correction, a cancellation; nothing of the refusal
    assert not tab.correct_button.isEnabled()  # the cancelled row chosen: nothing to act on


def test_a_new_student_s_tab_says_to_save_the_student_first(qtbot, db):
    dialog = open_form(qtbot, db, None)
    assert dialog.tabs.tabText(1) == "Tiêm vắc-xin"
    assert dialog.vaccinations.unsaved_note.text().startswith("Hãy lưu học sinh trước")
