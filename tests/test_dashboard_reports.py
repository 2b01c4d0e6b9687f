"""Figures for the Tổng quan and Báo cáo screens, from real records."""

from __future__ import annotations

from datetime import date

from desktop_app.core.dashboard import dashboard_summary, late_records
from desktop_app.core.demo import fill_demo_data
from desktop_app.core.reports import DEVICE_TYPES, needs_summary, summary_table
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction
from desktop_app.core.students import save_student

TODAY = date(2022, 1, 10)


def _student(db, code: str, klass: str, category: str, device: str) -> None:
    result = save_student(db, {
        "student_code": code, "full_name": f"Học Sinh {code}", "birth_date": "05/09/2010",
        "gender": "Nam", "class_name": klass, "category": category, "poverty_cert_no": "1",
        "has_device": "Không", "requested_device": device,
    }, today=TODAY)  # fmt: skip
    assert result.ok, result.errors


def test_needs_summary_counts_category_by_grade_by_device(db):
    _student(db, "A", "6A", "Hộ nghèo", "Máy tính bảng")
    _student(db, "B", "6B", "Hộ nghèo", "Máy tính bảng")
    _student(db, "C", "7A", "Khó khăn khác", "Máy tính xách tay")
    summary = needs_summary(db)
    assert summary.cell(6, 1, "tablet") == 2 and summary.cell(7, 4, "laptop") == 1
    assert summary.grades == [6, 7] and summary.total == 3 and summary.programme_total == 2
    header, body = summary_table(summary)
    assert header == ["Diện đối tượng", "Thiết bị đề nghị", "Khối 6", "Khối 7", "Tổng"]
    assert len(body) == 4 * (len(DEVICE_TYPES) + 1) + 1  # a subtotal per category, a grand total
    assert body[2] == ["Hộ nghèo", "Máy tính bảng", 2, 0, 2]
    assert body[4] == ["Hộ nghèo", "Cộng", 2, 0, 2]
    assert body[-1] == ["Tổng cộng", "", 2, 1, 3]


def test_dashboard_counts_match_the_records(db):
    fill_demo_data(db, students=150)
    summary = dashboard_summary(db)
    assert sum(summary.needs_by_category.values()) == 150
    devices = db.execute("SELECT COUNT(*) FROM devices").fetchone()[0]
    handed = db.execute("SELECT COUNT(*) FROM handovers WHERE kind='handover'").fetchone()[0]
    # The demo has no returns: a device is with a student exactly when it has a handover, and
    # available exactly when it has none (the referee checks returns, tests/figures_oracle.py).
    assert db.execute("SELECT COUNT(*) FROM handovers WHERE kind = 'return'").fetchone()[0] == 0
    never_handed = db.execute(
        "SELECT COUNT(*) FROM devices WHERE id NOT IN (SELECT device_id FROM handovers)"
    ).fetchone()[0]
    assert summary.devices_total == devices and summary.handed_over == handed
    assert summary.devices_available == never_handed
    assert summary.pending_changes == db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]


def test_receipts_and_handovers_recorded_after_one_day_are_late(db):
    changes = ChangeSet(now="2022-01-09T08:00:00.000+00:00")  # recorded on 9 January
    donor = changes.insert("donor", {"name": "ABC", "name_key": "abc"})
    changes.insert(
        "donation_batch",
        {
            "code": "ON-TIME",
            "source": "4.8.3.2",
            "donor_id": donor["id"],
            "received_date": "2022-01-08",
        },
    )
    changes.insert(
        "donation_batch",
        {
            "code": "LATE",
            "source": "4.8.3.2",
            "donor_id": donor["id"],
            "received_date": "2022-01-05",
        },
    )
    with write_transaction(db):
        changes.apply(db.conn)  # fmt: skip
    late = late_records(db)
    assert [(item.kind, item.label, item.due_on) for item in late] == [
        ("receipt", "Đợt tài trợ LATE", date(2022, 1, 6))
    ]


def test_receipts_by_donor_count_devices_and_handovers(db):
    from desktop_app.core.reports import receipts_by_donor

    fill_demo_data(db, students=100)
    rows = receipts_by_donor(db)
    assert {r.source for r in rows} == {"4.8.3.1", "4.8.3.2"}
    assert sum(r.devices for r in rows) == db.execute("SELECT COUNT(*) FROM devices").fetchone()[0]
    assert (
        sum(r.handed_over for r in rows)
        == db.execute("SELECT COUNT(*) FROM handovers WHERE kind = 'handover'").fetchone()[0]
    )


def test_the_needs_summary_exports_in_the_ministry_layout(db, tmp_path):
    from openpyxl import load_workbook

    from desktop_app.core.reports import export_needs_summary

    _student(db, "A", "6A", "Hộ nghèo", "Máy tính bảng")
    target = tmp_path / "4.8.2.xlsx"
    export_needs_summary(db, target)
    ws = load_workbook(target)["4.8.2"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    flat = [v for row in values for v in row if v is not None]
    assert "TRƯỜNG THCS EA TU" in flat and "NGƯỜI LẬP BIỂU" in flat and "HIỆU TRƯỞNG" in flat
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat and "Độc lập - Tự do - Hạnh phúc" in flat
    assert "BÁO CÁO THỐNG KÊ NHU CẦU HỖ TRỢ THIẾT BỊ HỌC TRỰC TUYẾN" in flat
    header = next(i for i, row in enumerate(values) if row[0] == "Diện đối tượng")
    assert values[header][:4] == ["Diện đối tượng", "Thiết bị đề nghị", "Khối 6", "Tổng"]
    assert values[header + 3][:4] == ["Hộ nghèo", "Máy tính bảng", 1, 1]
    assert ws.print_title_rows == f"${header + 1}:${header + 1}"  # repeated on every page


def test_a_school_with_no_needs_yet_exports_an_empty_summary_with_its_signature_block(db, tmp_path):
    from openpyxl import load_workbook

    from desktop_app.core.reports import export_needs_summary

    target = tmp_path / "4.8.2.xlsx"
    export_needs_summary(db, target)
    values = [c.value for row in load_workbook(target)["4.8.2"].iter_rows() for c in row]
    assert "NGƯỜI LẬP BIỂU" in values and "HIỆU TRƯỞNG" in values and "Tổng cộng" in values
