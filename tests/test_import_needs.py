"""Importing the needs template: every row rule, with exact Excel rows and cells."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from builders import NEEDS_HEADERS, TODAY, needs_row, write_sheet
from sqlite_utils import Database

from desktop_app.core.importing.service import ImportOptions, ImportReport, import_file

OPTIONS = ImportOptions(today=TODAY)


def run(db: Database, tmp_path: Path, rows: list[dict[str, Any]], **kwargs: Any) -> ImportReport:
    options = kwargs.pop("options", OPTIONS)
    headers = kwargs.pop("headers", NEEDS_HEADERS)
    path = write_sheet(tmp_path / "needs.xlsx", headers, rows, **kwargs)
    return import_file(db, "needs", path, options)


def codes(report: ImportReport) -> list[tuple[str, int | None, str | None]]:
    return [(p.code, p.row, p.cell) for p in report.problems]


def count(db: Database, table: str) -> int:
    return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_clean_file_imports_every_row_with_one_outbox_row_per_record(db, tmp_path):
    report = run(db, tmp_path, [needs_row(i) for i in range(1, 6)])
    assert report.problems == [] and report.exit_code == 0
    assert (report.rows_read, report.rows_valid, report.rows_imported) == (5, 5, 5)
    assert (report.sheet, report.header_row) == ("Nhu cau", 3)
    assert count(db, "students") == 5 and count(db, "needs") == 5
    # the school profile is one change too
    assert count(db, "outbox") == 10 + 1
    assert count(db, "audit_log") == 11
    student = db.execute("SELECT full_name, birth_date, grade, ethnicity FROM students").fetchone()
    assert student[1:] == ("2010-09-05", 6, "01") and student[0].startswith("Nguyễn Văn")


def test_reimporting_the_same_file_changes_nothing(db, tmp_path):
    rows = [needs_row(i) for i in range(1, 4)]
    run(db, tmp_path, rows)
    before = count(db, "outbox")
    report = run(db, tmp_path, rows)
    assert report.exit_code == 0 and report.problems == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert count(db, "students") == 3 and count(db, "outbox") == before


def test_reimport_with_a_change_updates_in_place_and_warns(db, tmp_path):
    run(db, tmp_path, [needs_row(1)])
    report = run(db, tmp_path, [needs_row(1, **{"Lớp (*)": "7A2"})])
    assert codes(report) == [("duplicate_in_db", 4, "B4")]
    assert report.problems[0].severity == "warning"
    assert report.updated == 1 and count(db, "students") == 1
    assert db.execute("SELECT class_name, grade, version FROM students").fetchone() == ("7A2", 7, 2)
    audit = db.execute(
        "SELECT old_values, new_values FROM audit_log WHERE op='update' AND entity='student'"
    ).fetchone()
    assert audit[0] == '{"class_name":"6A1","grade":6}'  # the old values of what changed
    assert json.loads(audit[1])["class_name"] == "7A2"  # the whole new record


def test_one_bad_row_blocks_the_whole_import_by_default(db, tmp_path):
    rows = [needs_row(1), needs_row(2, **{"Họ và tên (*)": ""}), needs_row(3)]
    report = run(db, tmp_path, rows)
    assert report.exit_code == 1 and report.rows_imported == 0
    assert codes(report) == [("required", 5, "C5")]
    assert count(db, "students") == 0 and count(db, "outbox") == 1


def test_partial_takes_only_the_valid_rows(db, tmp_path):
    rows = [needs_row(1), needs_row(2, **{"Họ và tên (*)": ""}), needs_row(3)]
    report = run(db, tmp_path, rows, options=ImportOptions(today=TODAY, partial=True))
    assert report.exit_code == 1 and report.rows_imported == 2
    codes_in_db = [r[0] for r in db.execute("SELECT code FROM students ORDER BY code")]
    assert codes_in_db == ["HS000001", "HS000003"]


def test_dry_run_checks_but_writes_nothing(db, tmp_path):
    report = run(db, tmp_path, [needs_row(1)], options=ImportOptions(today=TODAY, dry_run=True))
    assert report.rows_valid == 1 and report.rows_imported == 0 and report.dry_run
    assert count(db, "students") == 0


@pytest.mark.parametrize(
    ("override", "code", "cell"),
    [
        ({"Mã học sinh (*)": "HS 01"}, "invalid_format", "B4"),
        ({"Mã học sinh (*)": "X" * 21}, "invalid_format", "B4"),
        ({"Họ và tên (*)": "Nguyễn Văn 4n"}, "invalid_format", "C4"),
        ({"Ngày sinh (*)": "31/02/2010"}, "invalid_date", "D4"),
        ({"Ngày sinh (*)": "hôm qua"}, "invalid_date", "D4"),
        ({"Ngày sinh (*)": "05/09/2023"}, "date_out_of_range", "D4"),
        ({"Ngày sinh (*)": "05/09/1990"}, "date_out_of_range", "D4"),
        ({"Ngày sinh (*)": "05/09/2020"}, "date_out_of_range", "D4"),
        ({"Giới tính (*)": "Khác"}, "invalid_choice", "E4"),
        ({"Lớp (*)": "A6"}, "invalid_format", "F4"),
        ({"Lớp (*)": "10A1"}, "inconsistent", "F4"),
        ({"Dân tộc": "Sao Hỏa"}, "invalid_choice", "G4"),
        ({"Số định danh cá nhân": "12345"}, "invalid_format", "H4"),
        ({"Số định danh cá nhân": "999210012345"}, "invalid_format", "H4"),
        ({"Số định danh cá nhân": "066310012345"}, "inconsistent", "H4"),
        ({"Số định danh cá nhân": "066211012345"}, "inconsistent", "H4"),
        ({"Số định danh cá nhân": "066010012345"}, "inconsistent", "H4"),
        ({"Diện đối tượng (*)": "9"}, "invalid_choice", "I4"),
        # a keyword turned around is not the category it names
        ({"Diện đối tượng (*)": "Không nghèo"}, "invalid_choice", "I4"),
        ({"Diện đối tượng (*)": "Thoát nghèo"}, "invalid_choice", "I4"),
        ({"Diện đối tượng (*)": "Không thuộc hộ nghèo"}, "invalid_choice", "I4"),
        ({"Diện đối tượng (*)": "Chưa được công nhận hộ cận nghèo"}, "invalid_choice", "I4"),
        ({"Đã có thiết bị học trực tuyến (*)": "Có"}, "has_device", "K4"),
        ({"Loại thiết bị đề nghị (*)": "Máy giặt"}, "invalid_choice", "M4"),
        ({"Số điện thoại": "0212345678"}, "invalid_format", "O4"),
        ({"Họ và tên (*)": "NguyÔn V¨n An"}, "legacy_encoding", "C4"),
        ({"Họ tên cha/mẹ/người giám hộ": "TrÇn ThÞ B×nh"}, "legacy_encoding", "N4"),
    ],
)
def test_each_bad_cell_is_an_error_at_its_cell(db, tmp_path, override, code, cell):
    report = run(db, tmp_path, [needs_row(1, **override)])
    assert [c for c in codes(report) if c[1] is not None] == [(code, 4, cell)]
    assert report.problems[0].severity == "error"
    assert report.exit_code == 1 and count(db, "students") == 0
    assert report.problems[0].message()  # every problem explains itself


def test_legacy_text_message_suggests_the_unicode_reading(db, tmp_path):
    report = run(db, tmp_path, [needs_row(1, **{"Họ và tên (*)": "NguyÔn V¨n An"})])
    assert "Nguyễn Văn An" in report.problems[0].message()
    assert "TCVN3" in report.problems[0].message()


def test_citizen_id_typed_as_a_number_gets_its_leading_zero_back(db, tmp_path):
    report = run(db, tmp_path, [needs_row(1, **{"Số định danh cá nhân": 66210012345})])
    assert codes(report) == [("leading_zeros_restored", 4, "H4")]
    assert report.problems[0].severity == "warning" and report.exit_code == 0
    assert db.execute("SELECT citizen_id FROM students").fetchone()[0] == "066210012345"


def test_phone_typed_as_a_number_is_restored_and_stored_as_0xxx(db, tmp_path):
    report = run(db, tmp_path, [needs_row(1, **{"Số điện thoại": 912345678})])
    assert codes(report) == [("leading_zeros_restored", 4, "O4")]
    assert db.execute("SELECT phone FROM students").fetchone()[0] == "0912345678"


def test_poor_household_without_certificate_is_a_warning(db, tmp_path):
    report = run(db, tmp_path, [needs_row(1, **{"Số giấy chứng nhận hộ nghèo/cận nghèo": ""})])
    assert codes(report) == [("required", 4, "J4")]
    assert report.problems[0].severity == "warning" and report.rows_imported == 1


def test_duplicate_code_in_file_names_the_first_row(db, tmp_path):
    rows = [needs_row(1), needs_row(2), needs_row(3, **{"Mã học sinh (*)": "HS000001"})]
    report = run(db, tmp_path, rows)
    assert ("duplicate_in_file", 6, "B6") in codes(report)
    assert "dòng 4" in next(p for p in report.problems if p.code == "duplicate_in_file").message()


def test_same_name_and_birth_under_another_code_is_a_possible_duplicate(db, tmp_path):
    rows = [needs_row(1), needs_row(2, **{"Họ và tên (*)": "nguyễn văn  AN"})]
    report = run(db, tmp_path, rows)
    assert codes(report) == [("possible_duplicate", 5, "C5")]
    assert report.exit_code == 0


def test_an_already_supported_student_cannot_get_a_changed_need(db, tmp_path):
    run(db, tmp_path, [needs_row(1)])
    student_id = db.execute("SELECT id FROM students").fetchone()[0]
    batch_and_device(db, student_id)
    report = run(db, tmp_path, [needs_row(1, **{"Loại thiết bị đề nghị (*)": "Máy tính xách tay"})])
    assert ("already_supported", 4, "B4") in codes(report)
    assert report.exit_code == 1


def batch_and_device(db: Database, student_id: str) -> None:
    from desktop_app.core.store.changes import ChangeSet
    from desktop_app.core.store.database import write_transaction

    changes = ChangeSet()
    donor = changes.insert("donor", {"name": "ABC", "name_key": "abc"})
    batch = changes.insert(
        "donation_batch",
        {"code": "D1", "source": "4.8.3.2", "donor_id": donor["id"], "received_date": "2022-01-01"},
    )
    device = changes.insert(
        "device",
        {"batch_id": batch["id"], "device_type": "tablet", "brand": "S", "model": "T",
         "serial": "SN1", "condition": "new"},
    )  # fmt: skip
    changes.insert(
        "handover",
        {"device_id": device["id"], "student_id": student_id, "event_date": "2022-01-02"},
    )
    with write_transaction(db):
        changes.apply(db.conn)


def test_real_world_layout_quirks_are_all_accepted(db, tmp_path):
    """Shuffled columns, aliases, NFD headers and text, numbers for codes, serial dates, blank rows,
    an extra column, stray and non-breaking spaces."""
    headers = [
        "Ghi chú", "Họ tên", unicodedata.normalize("NFD", "Ngày sinh"), "Mã HS", "GT", "Tên lớp",
        "Diện", "Đã có thiết bị", "Thiết bị đề nghị", "Cột riêng của trường", "Số CCCD", "SĐT",
    ]  # fmt: skip
    rows = [
        {"Họ tên": unicodedata.normalize("NFD", "Lê  Thị\u00a0Hồng "), "Ngày sinh": date(2011, 3, 4),
         "Mã HS": 123456, "GT": "Nữ", "Tên lớp": " 7A ", "Diện": 2, "Đã có thiết bị": "không",
         "Thiết bị đề nghị": "laptop", "Cột riêng của trường": "x", "SĐT": "+84 91 234 5678",
         "Số CCCD": "066311012345"},
        {},
        {"Họ tên": "Y Blơ Niê", "Ngày sinh": 40600, "Mã HS": "K01", "GT": "Nam",
         "Tên lớp": "9 Toán", "Diện": "mồ côi do Covid", "Đã có thiết bị": 0,
         "Thiết bị đề nghị": "Điện thoại", "Ghi chú": "+ghi chú riêng"},
    ]  # fmt: skip
    for row in rows:  # the birth-date header is typed in NFD
        if "Ngày sinh" in row:
            row[headers[2]] = row.pop("Ngày sinh")
    report = run(db, tmp_path, rows, headers=headers,
                 title_rows=[["PHÒNG GD&ĐT"], ["DANH SÁCH"], [], []])  # fmt: skip
    assert report.header_row == 5
    # the extra column is listed once; each template column the file lacks once for the file
    # (the certificate number's absence, which makes category 2 a warning, among them)
    assert [(p.code, p.row, p.column, p.severity) for p in report.problems] == [
        ("column_absent", None, "Dân tộc", "warning"),
        ("column_absent", None, "Số giấy chứng nhận hộ nghèo/cận nghèo", "warning"),
        ("column_absent", None, "Thiết bị đang mượn của trường", "warning"),
        ("column_absent", None, "Họ tên cha/mẹ/người giám hộ, Địa chỉ", "warning"),
        ("unknown_column", 5, None, "warning"),
    ]
    assert "ví dụ dòng 6: Học sinh diện Hộ cận nghèo" in report.problems[1].message()
    assert report.rows_read == 2 and report.rows_imported == 2
    first = db.execute(
        "SELECT s.code, full_name, birth_date, gender, class_name, phone, category,"
        " requested_device FROM students s JOIN needs n ON n.student_id = s.id ORDER BY s.code"
    ).fetchall()
    assert first[0] == (
        "123456",
        "Lê Thị Hồng",
        "2011-03-04",
        "Nữ",
        "7A",
        "0912345678",
        2,
        "laptop",
    )
    assert first[1][:5] == ("K01", "Y Blơ Niê", "2011-02-26", "Nam", "9 Toán")
    assert first[1][6] == 3


def test_a_two_row_header_with_a_merged_parent_is_found(db, tmp_path):
    top = ["STT", "Thông tin học sinh", "", "", "", "", "Diện đối tượng (*)",
           "Đã có thiết bị học trực tuyến (*)", "Loại thiết bị đề nghị (*)"]  # fmt: skip
    bottom = ["", "Mã học sinh", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp", "", "", ""]
    path = tmp_path / "two.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH"])
    ws.append(top)
    ws.append(bottom)
    ws.append([1, "A1", "Phạm Minh Đức", "01/01/2010", "Nam", "6B", "Hộ cận nghèo", "Không",
               "Máy tính bảng"])  # fmt: skip
    ws.merge_cells("B2:F2")
    wb.save(path)
    report = import_file(db, "needs", path, OPTIONS)
    assert report.header_row == 3
    # the certificate warning, said once for the file that has no such column
    assert [p.code for p in report.problems if p.row is not None] == []
    absent = {p.column: p.message() for p in report.problems if p.code == "column_absent"}
    assert (
        "vì thiếu cột này, 1 dòng có cảnh báo"
        in absent["Số giấy chứng nhận hộ nghèo/cận nghèo"].casefold()
    )
    assert report.rows_imported == 1


def test_a_file_that_is_not_the_template_is_refused_with_exit_2(db, tmp_path):
    report = run(db, tmp_path, [{"Tên": "x"}], headers=["Tên", "Tuổi"])
    assert codes(report) == [("template_unknown", None, None)] and report.exit_code == 2


def test_a_missing_required_column_is_named(db, tmp_path):
    headers = [h for h in NEEDS_HEADERS if not h.startswith("Giới tính")]
    report = run(db, tmp_path, [needs_row(1)], headers=headers)
    assert [p.code for p in report.problems] == ["column_missing"]
    assert "Giới tính" in report.problems[0].message() and report.exit_code == 2


def test_formula_without_cached_value_is_reported_not_dropped(db, tmp_path):
    rows = [needs_row(1, **{"Lớp (*)": '=CONCATENATE("6","A1")'}), needs_row(2)]
    report = run(db, tmp_path, rows)
    assert ("formula_no_value", 4, "F4") in codes(report)
    assert report.exit_code == 1


def test_rows_keep_their_excel_numbers_after_blank_rows(db, tmp_path):
    rows = [needs_row(1), {}, {}, needs_row(2, **{"Giới tính (*)": "?"})]
    report = run(db, tmp_path, rows)
    assert codes(report) == [("invalid_choice", 7, "E7")]
    assert report.rows_read == 2


def test_english_messages_on_request(db, tmp_path):
    report = run(db, tmp_path, [needs_row(1, **{"Giới tính (*)": "?"})])
    assert report.problems[0].message("en").startswith('"?" is not in the code list')
    assert "không có trong danh mục" in report.problems[0].message("vi")


def test_a_later_survey_round_adds_a_new_need_and_keeps_the_old(db, tmp_path):
    run(db, tmp_path, [needs_row(1)])
    later = ImportOptions(today=date(2022, 9, 10))
    report = run(db, tmp_path, [needs_row(1, **{"Diện đối tượng (*)": "Hộ cận nghèo"})],
                 options=later)  # fmt: skip
    assert report.exit_code == 0
    rounds = db.execute("SELECT survey_round, category FROM needs ORDER BY survey_round").fetchall()
    assert rounds == [("2022-H1", 1), ("2022-H2", 2)]


def test_cancel_during_the_check_writes_nothing(db, tmp_path):
    from desktop_app.core.jobs import Cancelled

    class CancelAfterFirstProgress:
        calls = 0

        def set_progress(self, done: int, total: int, stage: str) -> None:
            self.calls += 1

        def is_cancelled(self) -> bool:
            return self.calls > 0

    path = write_sheet(tmp_path / "n.xlsx", NEEDS_HEADERS, [needs_row(i) for i in range(1, 2500)])
    with pytest.raises(Cancelled):
        import_file(db, "needs", path, OPTIONS, job=CancelAfterFirstProgress())
    assert count(db, "students") == 0


def test_yes_no_columns_accept_x_and_blank(db, tmp_path):
    rows = [
        needs_row(
            1, **{"Đã có thiết bị học trực tuyến (*)": "", "Thiết bị đang mượn của trường": "x"}
        ),
        needs_row(2, **{"Đã có thiết bị học trực tuyến (*)": "x"}),
        needs_row(
            3, **{"Đã có thiết bị học trực tuyến (*)": 0, "Thiết bị đang mượn của trường": 1}
        ),
    ]
    report = run(db, tmp_path, rows, options=ImportOptions(today=TODAY, partial=True))
    assert codes(report) == [("has_device", 5, "K5")]  # "x" means it has one
    stored = db.execute(
        "SELECT s.code, has_device, borrowing_device FROM needs n JOIN students s"
        " ON s.id = n.student_id ORDER BY s.code"
    ).fetchall()
    assert stored == [("HS000001", 0, 1), ("HS000003", 0, 1)]


@pytest.mark.parametrize(
    ("written", "category"),
    [
        ("Hộ nghèo năm 2021", 1),
        ("nghèo", 1),
        ("con hộ cận nghèo", 2),
        ("Mồ côi do COVID", 3),
        ("Gia đình khó khăn", 4),
    ],
)
def test_a_category_written_in_other_words_is_read_by_its_keyword(db, tmp_path, written, category):
    report = run(db, tmp_path, [needs_row(1, **{"Diện đối tượng (*)": written})])
    assert report.errors == []
    assert db.execute("SELECT category FROM needs").fetchone()[0] == category
