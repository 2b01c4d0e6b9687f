"""Importing received devices and handovers: batches, serials, the one-device-one-student rules."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from builders import (
    DEVICE_HEADERS,
    HANDOVER_HEADERS,
    NEEDS_HEADERS,
    TODAY,
    device_row,
    fill_needs_and_devices,
    handover_row,
    write_sheet,
)
from sqlite_utils import Database

from desktop_app.core.importing.service import ImportOptions, ImportReport, import_file
from desktop_app.core.school import save_school

OPTIONS = ImportOptions(today=TODAY)
VALID_IMEI = "490154203237518"


def run(
    db: Database, tmp_path: Path, kind: str, rows: list[dict[str, Any]], *, dry_run: bool = False
) -> ImportReport:
    headers = {"devices": DEVICE_HEADERS, "handovers": HANDOVER_HEADERS, "needs": NEEDS_HEADERS}
    sheet = {"devices": "Thiet bi", "handovers": "Ban giao", "needs": "Nhu cau"}[kind]
    path = write_sheet(tmp_path / f"{kind}.xlsx", headers[kind], rows, sheet=sheet)
    return import_file(db, kind, path, replace(OPTIONS, dry_run=dry_run))


def codes(report: ImportReport) -> list[tuple[str, int | None, str | None]]:
    return [(p.code, p.row, p.cell) for p in report.problems]


def test_devices_create_donor_batch_and_devices_once(db, tmp_path):
    rows = [device_row(i, **{"RAM (GB)": 4}) for i in range(1, 4)]
    report = run(db, tmp_path, "devices", rows)
    assert report.problems == [] and report.rows_imported == 3
    assert db.execute("SELECT COUNT(*) FROM donors").fetchone()[0] == 1
    assert db.execute("SELECT code, source, received_date FROM donation_batches").fetchall() == [
        ("DOT-01", "4.8.3.2", "2022-01-05")
    ]
    again = run(db, tmp_path, "devices", rows)
    assert again.unchanged == 3 and db.execute("SELECT COUNT(*) FROM devices").fetchone()[0] == 3


def test_device_below_minimum_spec_is_a_warning_and_marked(db, tmp_path):
    report = run(db, tmp_path, "devices", [device_row(1, **{"RAM (GB)": 1, "Bộ nhớ (GB)": 16})])
    assert codes(report) == [("below_min_spec", 4, "M4")]
    (warning,) = report.problems
    assert warning.message() == (
        "Cấu hình thấp hơn mức tối thiểu tham khảo cho Máy tính bảng: RAM 1 GB < 2 GB; "
        "bộ nhớ 16 GB < 32 GB."
    )
    assert warning.message("en") == (
        "Configuration below the reference minimum for Tablet: RAM 1 GB < 2 GB; "
        "storage 16 GB < 32 GB."
    )
    assert report.rows_imported == 1
    assert db.execute("SELECT below_min_spec FROM devices").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("override", "code", "cell"),
    [
        ({"Số serial/IMEI": "490154203237519"}, "invalid_format", "J4"),
        ({"Nguồn": "Tự mua"}, "invalid_choice", "C4"),
        ({"Ngày tiếp nhận": "05/01/2023"}, "date_out_of_range", "F4"),
        ({"RAM (GB)": -1}, "invalid_format", "M4"),
        ({"Màn hình (inch)": 30}, "invalid_format", "O4"),
        ({"Bảo hành (tháng)": 6.5}, "invalid_format", "Q4"),
        ({"Hãng": ""}, "required", "H4"),
    ],
)
def test_bad_device_cells(db, tmp_path, override, code, cell):
    report = run(db, tmp_path, "devices", [device_row(1, **{"RAM (GB)": 4, **override})])
    assert codes(report) == [(code, 4, cell)]


def test_valid_imei_is_accepted(db, tmp_path):
    report = run(db, tmp_path, "devices",
                 [device_row(1, **{"RAM (GB)": 4, "Số serial/IMEI": VALID_IMEI})])  # fmt: skip
    assert report.problems == []


def test_rows_of_one_batch_must_agree(db, tmp_path):
    rows = [device_row(1, **{"RAM (GB)": 4}),
            device_row(2, **{"RAM (GB)": 4, "Nhà tài trợ": "Công ty XYZ"})]  # fmt: skip
    report = run(db, tmp_path, "devices", rows)
    assert codes(report) == [("inconsistent", 5, "D5")]
    assert "dòng 4" in report.problems[0].message()


def test_same_serial_twice_in_file_and_in_another_batch(db, tmp_path):
    rows = [device_row(1, **{"RAM (GB)": 4}), device_row(2, **{"RAM (GB)": 4,
            "Số serial/IMEI": "SN00000001"})]  # fmt: skip
    assert ("duplicate_in_file", 5, "J5") in codes(run(db, tmp_path, "devices", rows))
    run(db, tmp_path, "devices", [device_row(1, **{"RAM (GB)": 4})])
    other = device_row(1, **{"RAM (GB)": 4, "Mã đợt tài trợ": "DOT-02"})
    report = run(db, tmp_path, "devices", [other])
    assert codes(report) == [("duplicate_in_db", 4, "J4")] and report.exit_code == 1


def _needs_and_devices(db: Database, tmp_path: Path, count: int = 3, approved: bool = True) -> None:
    fill_needs_and_devices(db, tmp_path, count, approved=approved)


def test_handing_over_for_an_unapproved_need_warns_or_is_refused_by_the_school_policy(db, tmp_path):
    _needs_and_devices(db, tmp_path, approved=False)
    report = run(db, tmp_path, "handovers", [handover_row(1)], dry_run=True)
    assert [(p.severity, p.message_id, p.cell) for p in report.problems] == [
        ("warning", "need_not_approved.warn", "C4")
    ]
    save_school(db, {"approval_policy": "block"})
    report = run(db, tmp_path, "handovers", [handover_row(1)])
    assert [(p.severity, p.message_id) for p in report.problems] == [
        ("error", "need_not_approved.block")
    ]
    assert db.execute("SELECT COUNT(*) FROM handovers").fetchone()[0] == 0


def test_handover_links_device_and_student_and_marks_the_need_supplied(db, tmp_path):
    _needs_and_devices(db, tmp_path)
    report = run(db, tmp_path, "handovers", [handover_row(1), handover_row(2)])
    assert report.problems == [] and report.rows_imported == 2
    statuses = [r[0] for r in db.execute("SELECT status FROM needs ORDER BY student_id")]
    assert sorted(statuses) == ["approved", "supplied", "supplied"]
    again = run(db, tmp_path, "handovers", [handover_row(1), handover_row(2)])
    assert again.unchanged == 2 and db.execute("SELECT COUNT(*) FROM handovers").fetchone()[0] == 2


def test_handover_rules(db, tmp_path):
    _needs_and_devices(db, tmp_path, count=5)
    run(db, tmp_path, "handovers", [handover_row(1)])
    report = run(db, tmp_path, "handovers", [
        handover_row(1, **{"Mã học sinh": "HS000002"}),          # device already handed
        handover_row(2, **{"Mã học sinh": "HS000001"}),          # student already supported
        handover_row(3, **{"Ngày bàn giao": "01/01/2022"}),      # before receipt (05/01)
        handover_row(4, **{"Số serial/IMEI": "NOPE"}),           # unknown device
        handover_row(5, **{"Mã học sinh": "HS999999"}),  # unknown student
    ])  # fmt: skip
    assert codes(report) == [
        ("duplicate_in_db", 4, "B4"),
        ("already_supported", 5, "C5"),
        ("date_out_of_range", 6, "D6"),
        ("not_found", 7, "B7"),
        ("not_found", 8, "C8"),
    ]


def test_a_guardian_receiving_must_be_named(db, tmp_path):
    _needs_and_devices(db, tmp_path)
    report = run(
        db,
        tmp_path,
        "handovers",
        [handover_row(1, **{"Người nhận (học sinh / cha mẹ / người giám hộ)": "Mẹ"})],
    )
    assert codes(report) == [("required", 4, "F4")]  # the empty "Họ tên người nhận thay" cell


def test_one_student_twice_in_a_handover_file(db, tmp_path):
    _needs_and_devices(db, tmp_path)
    report = run(
        db, tmp_path, "handovers", [handover_row(1), handover_row(2, **{"Mã học sinh": "HS000001"})]
    )
    assert codes(report) == [("duplicate_in_file", 5, "C5")]
