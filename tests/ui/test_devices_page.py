"""The "Tiếp nhận thiết bị" page: batches, the device model, search, the form, delete."""

from __future__ import annotations

from unittest import mock

import pytest
from dialogs import answering
from helpers import colour_of, open_dialog_of, select, show_page
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from desktop_app.core.demo import fill_demo_data
from desktop_app.core.devices import list_batches, list_devices, save_device
from desktop_app.ui.common.errors import ErrorDialog
from desktop_app.ui.devices.dialog import BATCH_FIELDS, DeviceDialog
from desktop_app.ui.devices.model import (
    BELOW_SPEC_BACKGROUND,
    BELOW_SPEC_TEXT,
    BatchTableModel,
    DeviceTableModel,
)
from desktop_app.ui.devices.page import DevicesPage
from desktop_app.ui.students.dialog import ERROR_COLOR, WARNING_COLOR

BATCH = {"batch_code": "DOT-2022-01", "donor_name": "Công ty ABC", "received_date": "05/01/2022"}
BATCH_CHOICES = {"source": "Nguồn khác", "donor_type": "Doanh nghiệp"}
DEVICE = {"brand": "Samsung", "model": "Galaxy Tab A8", "serial": "490154203237519",
          "ram_gb": "4", "storage_gb": "64", "screen_inch": "10.5"}  # fmt: skip
DEVICE_CHOICES = {"device_type": "Máy tính bảng", "condition": "Mới"}


@pytest.fixture
def demo_db(db: Database) -> Database:
    fill_demo_data(db, students=150)
    return db


def make_page(qtbot: QtBot, db: Database) -> DevicesPage:
    return show_page(qtbot, DevicesPage(db))


def open_dialog(page: DevicesPage) -> DeviceDialog:
    return open_dialog_of(page, DeviceDialog)


def fill(dialog: DeviceDialog, texts: dict[str, str], choices: dict[str, str]) -> None:
    for name, text in texts.items():  # QTest types ASCII only
        widget = dialog.inputs[name]
        if isinstance(widget, QComboBox):
            widget.setEditText(text)
        else:
            widget.setText(text)
    for name, label in choices.items():
        widget = dialog.inputs[name]
        assert isinstance(widget, QComboBox)
        widget.setCurrentText(label)


def shown(model: DeviceTableModel, column: int) -> list[str]:
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


@pytest.mark.qt_log_level_fail("WARNING")  # the C++ tester reports through qWarning
def test_the_models_pass_the_qt_model_tester_with_demo_data(qtmodeltester, demo_db):
    save_device(demo_db, {**BATCH, **BATCH_CHOICES, **DEVICE, **DEVICE_CHOICES,
                          "serial": "SN-LOW-1", "ram_gb": "1"})  # fmt: skip
    model = DeviceTableModel(demo_db)
    model.set_filter()
    qtmodeltester.check(model)
    model.set_filter(text="lenovo")  # a reset under the tester's eyes
    python_checked = DeviceTableModel(demo_db)
    python_checked.set_filter()
    qtmodeltester.check(python_checked, force_py=True)  # also checks each role's value type
    batches = BatchTableModel(demo_db)
    batches.refresh()
    qtmodeltester.check(batches, force_py=True)
    expected = sum(d.below_min_spec for d in list_devices(demo_db))
    assert model.rowCount() > 0 and python_checked.below_spec_count() == expected >= 1
    assert batches.rowCount() == len(list_batches(demo_db)) + 1


def test_choosing_a_batch_shows_only_its_devices_and_all_batches_shows_them_all(qtbot, demo_db):
    page = make_page(qtbot, demo_db)
    everything = page.model.rowCount()
    assert everything == len(list_devices(demo_db))
    assert page.batch_model.data(page.batch_model.index(0, 0)) == "Tất cả các đợt"
    batch = list_batches(demo_db)[1]
    row = page.batch_model.row_of(batch.id)
    assert row is not None
    assert page.batch_model.data(page.batch_model.index(row, BatchTableModel.DATE)) == (
        batch.received_date.strftime("%d/%m/%Y")
    )
    page.batch_table.selectRow(row)
    assert page.selected_batch_id() == batch.id
    assert set(shown(page.model, DeviceTableModel.BATCH)) == {batch.code}
    assert page.model.rowCount() == batch.devices < everything
    assert page.count_label.text().startswith(f"{batch.devices} thiết bị")
    assert batch.code in page.devices_title.text()
    page.batch_table.selectRow(0)
    assert page.model.rowCount() == everything


def test_typing_in_the_search_box_filters_by_serial_once_typing_pauses(qtbot, demo_db):
    page = make_page(qtbot, demo_db)
    serial = list_devices(demo_db)[5].serial
    resets = mock.Mock()
    page.model.modelReset.connect(resets)
    qtbot.keyClicks(page.search, serial[:8])
    qtbot.waitUntil(lambda: page.model.text() == serial[:8], timeout=2000)
    assert serial in shown(page.model, DeviceTableModel.SERIAL)
    assert all(s.startswith(serial[:8]) for s in shown(page.model, DeviceTableModel.SERIAL))
    assert resets.call_count == 1  # eight keystrokes, one query
    page.search.setText(serial)
    page.apply_filter()
    assert shown(page.model, DeviceTableModel.SERIAL) == [serial]
    assert page.count_label.text().startswith("1 thiết bị")


def test_a_bad_imei_shows_a_red_message_under_the_serial_and_nothing_is_saved_until_fixed(
    qtbot, db
):
    page = make_page(qtbot, db)
    assert page.count_label.text() == "0 thiết bị"
    page.add_button.click()
    dialog = open_dialog(page)
    fill(dialog, {**BATCH, **DEVICE}, {**BATCH_CHOICES, **DEVICE_CHOICES})
    dialog.save_button.click()
    message = dialog.error_labels["serial"]
    assert dialog.isVisible() and message.isVisible()
    assert "490154203237519" in message.text() and "Luhn" in message.text()
    assert [n for n, label in dialog.error_labels.items() if label.isVisible()] == ["serial"]
    field = dialog.inputs["serial"]
    top = message.mapTo(dialog, QPoint(0, 0))
    below_field = field.mapTo(dialog, QPoint(0, field.height()))
    assert top.x() == below_field.x() and 0 <= top.y() - below_field.y() < 12
    assert colour_of(message) == ERROR_COLOR
    assert list_devices(db) == [] and list_batches(db) == []

    assert isinstance(field, QLineEdit)
    field.clear()
    qtbot.keyClicks(field, "490154203237518")
    dialog.save_button.click()
    assert not any(d.isVisible() for d in page.findChildren(DeviceDialog))
    (saved,) = list_devices(db)
    assert dialog.saved_device_id == saved.id and saved.serial == "490154203237518"
    assert shown(page.model, DeviceTableModel.SERIAL) == ["490154203237518"]
    assert page.selected_device_id() == saved.id
    assert page.count_label.text() == "1 thiết bị"
    (batch,) = list_batches(db)
    assert page.batch_model.row_of(batch.id) == 1  # the new batch is offered above
    assert page.batch_model.data(page.batch_model.index(1, BatchTableModel.SOURCE)) == (
        "Nguồn khác"
    )


def test_a_below_spec_device_is_saved_with_an_amber_warning_and_marked_in_the_table(qtbot, db):
    page = make_page(qtbot, db)
    changed = mock.Mock()
    page.devicesChanged.connect(changed)
    dialog = page.open_device_dialog()
    assert dialog is not None
    fill(dialog, {**BATCH, **DEVICE, "serial": "SN-A8-1", "ram_gb": "1,5"},
         {**BATCH_CHOICES, **DEVICE_CHOICES})  # fmt: skip
    assert "RAM ≥ 2 GB" in dialog.spec_note.text()  # the reference, before saving
    dialog.save_button.click()
    assert not dialog.isVisible(), dialog.outcome
    assert dialog.outcome is not None and "ram_gb" in dialog.outcome.warnings
    note = dialog.warning_labels["ram_gb"]
    assert "thấp hơn mức tối thiểu" in note.text() and colour_of(note) == WARNING_COLOR
    assert "thấp hơn mức tối thiểu" in page.message_label.text()
    assert QColor(WARNING_COLOR).name() in page.message_label.styleSheet()
    changed.assert_called_once()

    (device,) = list_devices(db)
    assert device.below_min_spec
    serial = page.model.index(0, DeviceTableModel.SERIAL)
    other = page.model.index(0, DeviceTableModel.MODEL)
    assert page.model.data(serial, Qt.ItemDataRole.DecorationRole) is not None
    assert page.model.data(other, Qt.ItemDataRole.DecorationRole) is None
    assert page.model.data(other, Qt.ItemDataRole.BackgroundRole) == BELOW_SPEC_BACKGROUND
    assert page.model.data(other, Qt.ItemDataRole.ToolTipRole).startswith(BELOW_SPEC_TEXT)
    assert page.model.data(serial, DeviceTableModel.BelowSpecRole) is True
    assert "1 cấu hình thấp" in page.count_label.text()

    edit = page.open_device_dialog(device.id)  # opening it again says so at once
    assert edit is not None and edit.spec_note.property("warning") is True
    assert "thấp hơn mức tối thiểu" in edit.spec_note.text()
    edit.reject()


def test_save_and_add_next_keeps_the_batch_fields_and_clears_the_device_fields(qtbot, db):
    page = make_page(qtbot, db)
    page.add_button.click()
    dialog = open_dialog(page)
    fill(dialog, {**BATCH, **DEVICE, "serial": "SN-A8-1"}, {**BATCH_CHOICES, **DEVICE_CHOICES})
    dialog.save_next_button.click()
    assert dialog.isVisible() and dialog.outcome is not None and dialog.outcome.ok
    values = dialog.values()
    assert {n: values[n] for n in BATCH} == BATCH
    assert {n: values[n] for n in BATCH_CHOICES} == BATCH_CHOICES
    assert all(values[n] == "" for n in values if n not in BATCH_FIELDS)
    assert "SN-A8-1" in dialog.saved_note.text() and dialog.saved_note.isVisible()
    assert shown(page.model, DeviceTableModel.SERIAL) == ["SN-A8-1"]  # the page follows

    fill(dialog, {**DEVICE, "serial": "SN-A8-2"}, DEVICE_CHOICES)
    dialog.save_next_button.click()
    assert sorted(d.serial for d in list_devices(db)) == ["SN-A8-1", "SN-A8-2"]
    (batch,) = list_batches(db)
    assert batch.devices == 2 and "2 thiết bị" in dialog.batch_note.text()

    fill(dialog, {**DEVICE, "serial": "SN-A8-1"}, DEVICE_CHOICES)  # typed twice by mistake
    dialog.save_next_button.click()
    assert dialog.error_labels["serial"].isVisible()
    assert "đã có trong dữ liệu" in dialog.error_labels["serial"].text()
    assert batch.devices == len(list_devices(db))
    with answering(qtbot) as answers:  # the last device was typed, not saved
        answers.message_box(button="Bỏ thay đổi", text="Bỏ các thay đổi chưa lưu?")
        dialog.reject()
    assert not any(d.isVisible() for d in page.findChildren(DeviceDialog))


def test_a_new_device_in_a_chosen_batch_starts_with_that_batch_filled_in(qtbot, demo_db):
    page = make_page(qtbot, demo_db)
    batch = list_batches(demo_db)[0]
    page.select_batch(batch.id)
    page.add_button.click()
    values = open_dialog(page).values()
    assert values["batch_code"] == batch.code and values["donor_name"] == batch.donor
    assert values["received_date"] == batch.received_date.strftime("%d/%m/%Y")
    assert values["source"] and values["donor_type"]  # read from the stored batch
    open_dialog(page).reject()


def test_editing_the_model_shows_the_new_model_in_the_row(qtbot, demo_db):
    page = make_page(qtbot, demo_db)
    device = next(d for d in list_devices(demo_db) if d.model != "Tab A9")
    select(page, device.id)
    page.edit_button.click()
    dialog = open_dialog(page)
    serial = dialog.inputs["serial"]
    assert isinstance(serial, QLineEdit)
    assert serial.text() == device.serial and serial.isReadOnly()
    assert "nhận diện" in serial.toolTip()
    assert dialog.values()["model"] == device.model
    fill(dialog, {"model": "Tab A9"}, {})
    dialog.save_button.click()
    assert not dialog.isVisible(), dialog.outcome
    row = page.model.row_of(device.id)
    assert row is not None and page.selected_device_id() == device.id
    assert page.model.data(page.model.index(row, DeviceTableModel.MODEL)) == "Tab A9"
    assert page.message_label.text().startswith(f"Đã lưu thiết bị {device.serial}.")


def test_the_keyboard_adds_edits_and_asks_before_deleting(qtbot, demo_db):
    page = make_page(qtbot, demo_db)
    with qtbot.waitActive(page):  # shortcuts reach the active window only
        page.activateWindow()
    device_id = page.model.device_id(2)
    select(page, device_id)
    page.table.setFocus()
    with answering(qtbot) as answers:
        answers.message_box(button="Hủy", text="Xóa thiết bị")
        qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.model.row_of(device_id) == 2
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = open_dialog(page)
    assert dialog.values()["serial"] == page.model.device(2).serial
    dialog.reject()
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert open_dialog(page).windowTitle() == "Thêm thiết bị"


def test_deleting_after_confirmation_removes_the_device(qtbot, demo_db):
    page = make_page(qtbot, demo_db)
    device = next(d for d in list_devices(demo_db) if not d.handed_over)
    changed = mock.Mock()
    page.devicesChanged.connect(changed)
    before = page.model.rowCount()
    select(page, device.id)
    with answering(qtbot) as answers:
        question = answers.message_box(button="Xóa")
        qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert question.title == "Xóa thiết bị" and device.serial in question.text
    assert page.model.row_of(device.id) is None and page.model.rowCount() == before - 1
    assert device.id not in {d.id for d in list_devices(demo_db)}
    assert page.message_label.text() == f"Đã xóa thiết bị {device.serial}."
    changed.assert_called_once()


def test_deleting_a_handed_over_device_shows_the_service_message(qtbot, demo_db):
    page = make_page(qtbot, demo_db)
    device = next(d for d in list_devices(demo_db) if d.handed_over)
    assert page.model.data(page.model.index(page.model.row_of(device.id) or 0, 6)) == "Có"
    select(page, device.id)
    with answering(qtbot) as answers:
        answers.message_box(button="Xóa", text="Xóa thiết bị")
        error = answers.dialog(ErrorDialog, button="Đóng")
        qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert "lịch sử bàn giao" in error.text and device.serial in error.text
    assert "Traceback" not in error.text
    assert page.model.row_of(device.id) is not None


def test_the_import_button_opens_the_windows_import_wizard(qtbot, db):
    class Window(QWidget):
        open_import_wizard = mock.Mock()

    window = Window()
    qtbot.addWidget(window)
    page = DevicesPage(db, window)
    page.import_button.click()
    Window.open_import_wizard.assert_called_once_with()
    alone = DevicesPage(db)  # a page on its own: nothing to open, and no error
    qtbot.addWidget(alone)
    alone.import_button.click()
