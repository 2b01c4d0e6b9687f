"""The forms in English: the columns' English names, help and examples and the code lists'
English labels on screen, while the service gets what an Excel file holds ("Nữ", "Máy tính
bảng"), so a form saved in English saves the same record as in Vietnamese."""

from __future__ import annotations

from datetime import date

from builders import TODAY, fill_needs_and_devices
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from desktop_app.core.devices import list_devices, load_device_form
from desktop_app.core.students import load_student_form
from desktop_app.ui.devices.dialog import DeviceDialog
from desktop_app.ui.students.dialog import StudentDialog

NEW_STUDENT = {
    "student_code": "HS000009", "full_name": "Lê Thị Mai", "birth_date": "05/09/2010",
    "class_name": "6A1",
}  # fmt: skip
CHOICES = {"gender": "Female", "category": "Near-poor household", "has_device": "No",
           "requested_device": "Tablet"}  # fmt: skip


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(index)


def test_a_student_added_in_english_is_saved_with_the_labels_the_files_use(qtbot, db, english):
    dialog = StudentDialog(db, today=date(2022, 1, 10))
    qtbot.addWidget(dialog)
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"Full name (*)", "Gender (*)", "Requested device type (*)"} <= labels
    assert dialog.inputs["full_name"].toolTip().startswith("2–100 characters")
    for name, text in NEW_STUDENT.items():
        field = dialog.inputs[name]
        assert isinstance(field, QLineEdit)
        field.setText(text)
    for name, text in CHOICES.items():
        field = dialog.inputs[name]
        assert isinstance(field, QComboBox)
        choose(field, text)
    dialog.save()
    assert dialog.outcome is not None and dialog.outcome.ok, dialog.outcome.errors
    assert dialog.saved_student_id is not None
    saved = load_student_form(db, dialog.saved_student_id)
    assert (saved["gender"], saved["category"], saved["requested_device"]) == (
        "Nữ", "Hộ cận nghèo", "Máy tính bảng")  # fmt: skip


def test_a_refusal_in_an_english_form_is_english_under_its_field(qtbot, db, english):
    dialog = StudentDialog(db, today=date(2022, 1, 10))
    qtbot.addWidget(dialog)
    dialog.save()
    assert dialog.error_labels["full_name"].text() == 'Fill in "Full name".'


def test_a_device_edited_in_english_keeps_its_batch_as_the_files_write_it(
    qtbot, db, tmp_path, english
):
    fill_needs_and_devices(db, tmp_path, count=1)
    (device,) = list_devices(db)
    dialog = DeviceDialog(db, device.id, today=TODAY)
    qtbot.addWidget(dialog)
    source, condition = dialog.inputs["source"], dialog.inputs["condition"]
    assert isinstance(source, QLineEdit) and isinstance(condition, QComboBox)
    assert (source.text(), condition.currentText()) == ("Other donor", "New")
    assert dialog.values()["source"] == "Nguồn khác" and dialog.values()["condition"] == "Mới"
    choose(condition, "Used")
    dialog.save()
    assert dialog.outcome is not None and dialog.outcome.ok, dialog.outcome.errors
    assert load_device_form(db, device.id)["condition"] == "Đã qua sử dụng"
