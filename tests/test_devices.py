"""Devices as the Tiếp nhận thiết bị screen edits them: the devices template's own rules."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.core.devices import (
    delete_device,
    list_batches,
    list_devices,
    load_device_form,
    save_device,
)
from desktop_app.core.errors import SongMayError

TODAY = date(2022, 1, 10)


def device(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "batch_code": "DOT-01", "source": "Nguồn khác", "donor_name": "Công ty ABC",
        "donor_type": "Doanh nghiệp", "received_date": "05/01/2022",
        "device_type": "Máy tính bảng", "brand": "Samsung", "model": "Tab A8",
        "serial": "SN0001", "condition": "Mới", "ram_gb": "4", "storage_gb": "64",
        "screen_inch": "10.5",
    }  # fmt: skip
    values.update(overrides)
    return values


def test_a_new_device_creates_its_batch_and_donor_once(db):
    assert save_device(db, device(), today=TODAY).ok
    assert save_device(db, device(serial="SN0002"), today=TODAY).ok
    (batch,) = list_batches(db)
    assert (batch.code, batch.source, batch.donor, batch.devices) == (
        "DOT-01", "4.8.3.2", "Công ty ABC", 2,
    )  # fmt: skip
    assert [d.serial for d in list_devices(db, text="sn000")] == ["SN0001", "SN0002"]


def test_batch_fields_must_agree_with_the_stored_batch(db):
    assert save_device(db, device(), today=TODAY).ok
    result = save_device(db, device(serial="SN9", donor_name="Công ty XYZ"), today=TODAY)
    assert list(result.errors) == ["donor_name"] and "DOT-01" in result.errors["donor_name"][0]


def test_below_minimum_spec_is_a_warning_and_marked(db):
    result = save_device(db, device(ram_gb="1"), today=TODAY)
    assert result.ok and "ram_gb" in result.warnings
    assert list_devices(db)[0].below_min_spec


def test_bad_imei_and_future_date_are_refused_by_field(db):
    result = save_device(db, device(serial="490154203237519", received_date="01/02/2022"),
                         today=TODAY)  # fmt: skip
    assert set(result.errors) == {"serial", "received_date"}
    assert list_devices(db) == []


def test_edit_updates_in_place_and_the_form_shows_labels(db):
    saved = save_device(db, device(), today=TODAY)
    shown = load_device_form(db, saved.record_id)
    assert shown["source"] == "Nguồn khác" and shown["received_date"] == "05/01/2022"
    assert save_device(db, {**shown, "model": "Tab A9"}, device_id=saved.record_id,
                       today=TODAY).ok  # fmt: skip
    assert [d.model for d in list_devices(db)] == ["Tab A9"]


def test_adding_a_serial_that_is_already_recorded_is_refused(db):
    assert save_device(db, device(), today=TODAY).ok
    result = save_device(db, device(serial="sn0001", model="Khác"), today=TODAY)
    assert list(result.errors) == ["serial"] and "đã có trong dữ liệu" in result.errors["serial"][0]
    assert [d.model for d in list_devices(db)] == ["Tab A8"]


def test_a_device_with_handover_history_cannot_be_deleted(db):
    from desktop_app.core.demo import fill_demo_data

    fill_demo_data(db, students=40)
    handed = next(d for d in list_devices(db) if d.handed_over)
    with pytest.raises(SongMayError) as raised:
        delete_device(db, handed.id)
    assert "lịch sử" in raised.value.message
    spare = next(d for d in list_devices(db) if not d.handed_over)
    delete_device(db, spare.id)
    assert spare.id not in {d.id for d in list_devices(db)}


def test_a_deleted_device_received_again_comes_back_as_the_same_record(db):
    saved = save_device(db, device(), today=TODAY)
    delete_device(db, saved.record_id)
    again = save_device(db, device(model="Tab A9"), today=TODAY)
    assert again.ok and again.record_id == saved.record_id
    assert [(d.serial, d.model) for d in list_devices(db)] == [("SN0001", "Tab A9")]
