"""Validation that follows the clerk: a field's message goes as soon as the field is valid (no save
needed), the Bàn giao page's "N dòng có lỗi" banner follows the lines down to none, and Esc (or
Hủy, or the close button) on a changed form asks before discarding, in every form."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from builders import fill_needs_and_devices
from dialogs import answering
from helpers import open_dialog_of, show_page
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from desktop_app.core.school import save_school
from desktop_app.ui.devices.dialog import DeviceDialog
from desktop_app.ui.devices.page import DevicesPage
from desktop_app.ui.handover.page import HandoverPage
from desktop_app.ui.handover.receiver_dialog import ReceiverDialog
from desktop_app.ui.students.dialog import StudentDialog
from desktop_app.ui.students.page import StudentsPage

JOB_MS = 15_000
QUESTION = "Bỏ các thay đổi chưa lưu?"


@pytest.fixture
def stocked(db: Database, tmp_path: Path) -> Database:
    fill_needs_and_devices(db, tmp_path, count=3)
    save_school(db, {"principal": "Nguyễn Thị Hạnh", "clerk": "Trần Văn Minh"})
    return db


def handover_page(qtbot: QtBot, db: Database, db_path: Path) -> HandoverPage:
    page = HandoverPage(db, db_path)
    with qtbot.waitSignal(page.proposalShown, timeout=JOB_MS):
        show_page(qtbot, page)
    return page


def student_id(db: Database, code: str) -> str:
    return str(db.execute("SELECT id FROM students WHERE code = ?", [code]).fetchone()[0])


def stored_name(db: Database, code: str) -> str:
    return str(db.execute("SELECT full_name FROM students WHERE code = ?", [code]).fetchone()[0])


def escape(qtbot: QtBot, dialog: QWidget) -> None:
    """Esc where the clerk's focus is (an input ignores it, the dialog takes it)."""
    target = dialog.focusWidget() or dialog
    qtbot.keyClick(target, Qt.Key.Key_Escape)


def visible(dialog: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(dialog) and dialog.isVisible()


# --- a field's message goes as soon as the field is valid ----------------------------------------


def test_a_student_fields_messages_go_as_the_clerk_fixes_each_field(qtbot, db):
    page = show_page(qtbot, StudentsPage(db))
    page.add_student()
    dialog = open_dialog_of(page, StudentDialog)
    dialog.inputs["birth_date"].setText("31/02/2010")
    dialog.save_button.click()
    errors = dialog.error_labels
    assert errors["full_name"].text() and not errors["full_name"].isHidden()
    assert errors["birth_date"].text() and errors["student_code"].text()

    qtbot.keyClicks(dialog.inputs["full_name"], "Nguyen Van An")  # QTest types ASCII only
    assert errors["full_name"].isHidden() and errors["full_name"].text() == ""
    assert errors["birth_date"].text() and errors["student_code"].text()  # still wrong
    dialog.inputs["birth_date"].setText("31/02/201")  # still not a date: the message stays
    assert not errors["birth_date"].isHidden()
    dialog.inputs["birth_date"].setText("28/02/2010")
    assert errors["birth_date"].isHidden()
    assert not errors["student_code"].isHidden()
    assert not errors["gender"].text() or not errors["gender"].isHidden()
    assert db.execute("SELECT count(*) FROM students").fetchone()[0] == 0  # nothing saved


def test_a_device_fields_message_goes_when_the_serial_is_fixed(qtbot, stocked):
    page = show_page(qtbot, DevicesPage(stocked))
    page.add_device()
    dialog = open_dialog_of(page, DeviceDialog)
    dialog.use_batch("DOT-01")
    texts = {"brand": "Lenovo", "model": "Tab M10", "serial": "SN00000001", "ram_gb": "4",
             "storage_gb": "64", "screen_inch": "10.1"}  # fmt: skip
    for name, text in texts.items():
        dialog.inputs[name].setText(text)
    dialog.inputs["device_type"].setCurrentText("Máy tính bảng")
    dialog.inputs["condition"].setCurrentText("Mới")
    dialog.save_button.click()
    serial = dialog.error_labels["serial"]
    assert "SN00000001" in serial.text() and not serial.isHidden()  # taken
    dialog.inputs["serial"].setText("SN00000009")
    assert serial.isHidden() and serial.text() == ""
    assert dialog.isVisible()  # nothing saved until Lưu
    assert stocked.execute("SELECT count(*) FROM devices").fetchone()[0] == 3


def test_the_receiver_dialogs_messages_go_as_the_clerk_types(qtbot, stocked, db_path):
    page = handover_page(qtbot, stocked, db_path)
    dialog = page.edit_receiver(0)
    assert isinstance(dialog, ReceiverDialog)
    dialog.role.setCurrentIndex(dialog.role.findData("parent"))
    dialog.edits["receiver_name"].setText("Tran Thi Hoa")
    dialog.edits["receiver_citizen_id"].setText("0123")
    dialog.save_button.click()
    relationship = dialog.fields.error_labels["relationship"]
    citizen = dialog.fields.error_labels["receiver_citizen_id"]
    assert not relationship.isHidden() and not citizen.isHidden()
    dialog.edits["relationship"].setText("Mẹ")
    assert relationship.isHidden() and not citizen.isHidden()
    dialog.edits["receiver_citizen_id"].setText("")
    assert citizen.isHidden()
    assert dialog.isVisible()


def test_the_return_dialogs_note_message_goes_when_a_note_is_typed(qtbot, stocked, db_path):
    page = handover_page(qtbot, stocked, db_path)
    dialog = page.open_return_dialog()
    dialog.serial.setText("SN00000001")  # held by nobody
    dialog.set_reason("other")
    dialog.save_button.click()
    serial, note = dialog.fields.error_labels["serial"], dialog.fields.error_labels["note"]
    assert not serial.isHidden() and not note.isHidden()
    dialog.note.setText("Học sinh chuyển lớp")
    assert note.isHidden() and not serial.isHidden()  # the device is still held by nobody
    assert stocked.execute("SELECT count(*) FROM handovers").fetchone()[0] == 0


# --- the banner of refused lines -----------------------------------------------------------------


def test_the_refused_lines_banner_counts_down_as_lines_are_fixed_skipped_or_unticked(
    qtbot, stocked, db_path
):
    page = handover_page(qtbot, stocked, db_path)
    page.date_edit.setText("01/01/2022")  # before the tablets came (05/01/2022): every line
    with answering(qtbot), qtbot.waitSignal(page.jobFinished, timeout=JOB_MS):
        qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    banner = page.error_banner
    refused = page.model.rows_with_errors()
    assert refused == [0, 1, 2]
    assert banner.isVisibleTo(page) and banner.text().startswith("Chưa ghi nhận dòng nào: 3 dòng")

    page.model.setData(
        page.model.index(0, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole
    )
    assert banner.text().startswith("Chưa ghi nhận dòng nào: 2 dòng có lỗi")
    assert "Dòng 2" in banner.text()

    dialog = page.edit_receiver(1)  # a line fixed: its receiver saved again
    assert isinstance(dialog, ReceiverDialog)
    dialog.edits["condition"].setText("Moi, nguyen hop")
    dialog.save_button.click()  # the date is the batch's, not this dialog's: saved
    assert not visible(dialog)
    assert banner.text().startswith("Chưa ghi nhận dòng nào: 1 dòng có lỗi")
    assert "Dòng 3" in banner.text()
    assert len(page.refused_rows()) == 1

    page.select_row(2)  # skipped with the space bar
    page.toggle_selected()
    assert banner.isHidden() and banner.text() == ""
    assert page.refused_rows() == []


def test_retyping_the_date_checks_the_refused_lines_again_and_the_banner_goes(
    qtbot, stocked, db_path
):
    page = handover_page(qtbot, stocked, db_path)
    page.date_edit.setText("01/01/2022")
    with answering(qtbot), qtbot.waitSignal(page.jobFinished, timeout=JOB_MS):
        qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    assert page.error_banner.text().startswith("Chưa ghi nhận dòng nào: 3 dòng")
    page.date_edit.selectAll()
    with qtbot.waitSignal(page.jobFinished, timeout=JOB_MS):
        qtbot.keyClicks(page.date_edit, "06/01/2022")  # the day after the tablets came
    assert page.error_banner.isHidden() and page.refused_rows() == []
    assert stocked.execute("SELECT count(*) FROM handovers").fetchone()[0] == 0  # only checked


# --- Esc on a changed form asks before discarding ------------------------------------------------


def test_esc_on_a_changed_student_form_asks_once_keeps_editing_then_discards_unsaved(
    qtbot, stocked
):
    page = show_page(qtbot, StudentsPage(stocked))
    before = stored_name(stocked, "HS000001")
    dialog = page.open_student_dialog(student_id(stocked, "HS000001"))
    assert dialog is not None
    name = dialog.inputs["full_name"]
    assert isinstance(name, QLineEdit)
    name.setFocus()
    name.setText("Học Sinh Mới")
    with answering(qtbot) as answers:
        question = answers.message_box(button="Tiếp tục sửa", text=QUESTION)
        escape(qtbot, dialog)
    assert len(answers.answered) == 1 and question.text == QUESTION
    assert visible(dialog) and name.text() == "Học Sinh Mới"  # kept, with what was typed

    with answering(qtbot) as answers:
        answers.message_box(button="Bỏ thay đổi", text=QUESTION)
        escape(qtbot, dialog)
    assert len(answers.answered) == 1
    assert not visible(dialog)
    assert stored_name(stocked, "HS000001") == before  # nothing saved


def test_esc_on_an_unchanged_form_closes_it_without_a_question(qtbot, stocked):
    page = show_page(qtbot, StudentsPage(stocked))
    dialog = page.open_student_dialog(student_id(stocked, "HS000001"))
    assert dialog is not None
    with answering(qtbot) as answers:  # any question would fail the test
        escape(qtbot, dialog)
    assert answers.answered == [] and not visible(dialog)


def test_a_change_typed_back_to_what_it_was_is_no_change(qtbot, stocked):
    page = show_page(qtbot, StudentsPage(stocked))
    dialog = page.open_student_dialog(student_id(stocked, "HS000001"))
    assert dialog is not None
    name = dialog.inputs["full_name"]
    old = name.text()
    name.setText("Khác")
    name.setText(old)
    with answering(qtbot) as answers:
        escape(qtbot, dialog)
    assert answers.answered == [] and not visible(dialog)


def test_the_cancel_button_asks_too_and_a_close_by_the_program_does_not_wait(qtbot, stocked):
    """Hủy asks like Esc. The window's close button comes from the window system (offscreen has
    none) and goes through the same ``reject``; a close by the program itself (the application
    quitting, a test's clean-up) must not wait for an answer nobody can give."""
    page = show_page(qtbot, StudentsPage(stocked))
    before = stored_name(stocked, "HS000001")
    dialog = page.open_student_dialog(student_id(stocked, "HS000001"))
    assert dialog is not None
    dialog.inputs["full_name"].setText("Học Sinh Mới")
    with answering(qtbot) as answers:
        answers.message_box(button="Tiếp tục sửa", text=QUESTION)
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert visible(dialog) and dialog.inputs["full_name"].text() == "Học Sinh Mới"
    with answering(qtbot) as answers:
        dialog.close()
    assert answers.answered == [] and not visible(dialog)
    assert stored_name(stocked, "HS000001") == before


def _device_form(qtbot: QtBot, db: Database, _db_path: Path) -> tuple[QDialog, Callable[[], None]]:
    page = show_page(qtbot, DevicesPage(db))
    device = db.execute("SELECT id FROM devices WHERE serial = 'SN00000001'").fetchone()[0]
    dialog = page.open_device_dialog(device)
    assert dialog is not None
    return dialog, lambda: dialog.inputs["model"].setText("Tab khác")


def _receiver_form(qtbot: QtBot, db: Database, db_path: Path) -> tuple[QDialog, Callable[[], None]]:
    dialog = handover_page(qtbot, db, db_path).edit_receiver(0)
    assert dialog is not None
    return dialog, lambda: dialog.edits["note"].setText("Giao tại nhà")


def _return_form(qtbot: QtBot, db: Database, db_path: Path) -> tuple[QDialog, Callable[[], None]]:
    dialog = handover_page(qtbot, db, db_path).open_return_dialog()
    return dialog, lambda: dialog.serial.setText("SN00000002")


def _school_form(qtbot: QtBot, db: Database, _db_path: Path) -> tuple[QDialog, Callable[[], None]]:
    from desktop_app.ui.settings.page import SettingsPage

    page = show_page(qtbot, SettingsPage(db, _db_path))
    wizard: Any = page.edit_school()
    qtbot.waitExposed(wizard)
    return wizard, lambda: wizard.school_page.name_edit.setText("Trường THCS Khác")


FORMS = {"device": _device_form, "receiver": _receiver_form, "return": _return_form,
         "school profile": _school_form}  # fmt: skip


@pytest.mark.parametrize("form", list(FORMS))
def test_every_form_asks_before_discarding_and_closes_silently_when_unchanged(
    qtbot, stocked, db_path, form
):
    tables = ("students", "needs", "devices", "handovers", "school_profile", "outbox")

    def snapshot() -> list[Any]:
        return [stocked.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables]

    before = snapshot()
    dialog, change = FORMS[form](qtbot, stocked, db_path)
    with answering(qtbot) as answers:  # unchanged: closed at once
        escape(qtbot, dialog)
    assert answers.answered == [] and not visible(dialog)
    # The closed form deletes itself; the test lets go of its Python object first. Held while
    # the next form is made (which may take the freed memory), PySide6 has called the next
    # form's methods on this one's object (seen: Esc on the next form read this one's deleted
    # fields, and the error crashed shiboken).
    del dialog, change
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    dialog, change = FORMS[form](qtbot, stocked, db_path)
    change()
    with answering(qtbot) as answers:
        answers.message_box(button="Tiếp tục sửa", text=QUESTION)
        escape(qtbot, dialog)
    assert len(answers.answered) == 1 and visible(dialog)
    with answering(qtbot) as answers:
        answers.message_box(button="Bỏ thay đổi", text=QUESTION)
        escape(qtbot, dialog)
    assert not visible(dialog)
    assert snapshot() == before
    QApplication.processEvents()


@pytest.mark.parametrize("form", ["device", "student"])
def test_a_closed_form_lets_go_of_its_python_object_with_it(qtbot, stocked, db_path, form):
    """A form deleted on closing takes its Python object with it, without waiting for the
    cycle collector: a new form made meanwhile at the freed address could otherwise be handed
    the old object by PySide6 (Esc on it then read the old form's deleted fields)."""
    if form == "device":
        dialog, _change = _device_form(qtbot, stocked, db_path)
        del _change
    else:
        page = show_page(qtbot, StudentsPage(stocked))
        page.open_student_dialog(student_id(stocked, "HS000001"))
        dialog = open_dialog_of(page, StudentDialog)
    held = weakref.ref(dialog)
    collecting = gc.isenabled()
    gc.disable()
    try:
        with answering(qtbot) as answers:
            escape(qtbot, dialog)
        assert answers.answered == []
        del dialog
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert held() is None
    finally:
        if collecting:
            gc.enable()


def test_save_and_add_next_starts_the_next_device_unchanged(qtbot, stocked):
    page = show_page(qtbot, DevicesPage(stocked))
    page.add_device()
    dialog = open_dialog_of(page, DeviceDialog)
    dialog.use_batch("DOT-01")
    for name, text in {"brand": "Lenovo", "model": "Tab M10", "serial": "SN00000009",
                       "ram_gb": "4", "storage_gb": "64", "screen_inch": "10.1"}.items():  # fmt: skip
        dialog.inputs[name].setText(text)
    dialog.inputs["device_type"].setCurrentText("Máy tính bảng")
    dialog.inputs["condition"].setCurrentText("Mới")
    dialog.save_next_button.click()
    assert dialog.outcome is not None and dialog.outcome.ok
    with answering(qtbot) as answers:  # what was saved is no unsaved change
        escape(qtbot, dialog)
    assert answers.answered == [] and not visible(dialog)
