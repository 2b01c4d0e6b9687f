"""Students as the window sees them: list, search, filters, the form's checks, save, delete."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.core.demo import fill_demo_data
from desktop_app.core.errors import SongMayError
from desktop_app.core.naming import name_sort_key
from desktop_app.core.students import (
    StudentFilter,
    check_student_form,
    class_names,
    delete_student,
    fetch_students,
    list_students,
    load_student_form,
    save_student,
    student_ids,
)

TODAY = date(2022, 1, 10)


def form(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "student_code": "HS01", "full_name": "Nguyễn Văn An", "birth_date": "05/09/2010",
        "gender": "Nam", "class_name": "6A1", "ethnicity": "Kinh", "category": "Hộ nghèo",
        "poverty_cert_no": "1/GCN", "has_device": "Không", "requested_device": "Máy tính bảng",
    }  # fmt: skip
    values.update(overrides)
    return values


def test_the_form_uses_the_importer_rules_and_names_the_field(db):
    _, result = check_student_form(
        db, form(birth_date="31/02/2010", class_name="10A", phone="123"), today=TODAY
    )
    assert set(result.errors) == {"birth_date", "phone"}  # grade is checked once the cells parse
    assert "không tồn tại" in result.errors["birth_date"][0]
    _, result = check_student_form(db, form(class_name="10A"), today=TODAY)
    assert list(result.errors) == ["class_name"] and "THCS" in result.errors["class_name"][0]


def test_required_fields_are_said_by_name(db):
    _, result = check_student_form(db, form(full_name="  ", gender=None), today=TODAY)
    assert result.errors == {
        "full_name": ['Hãy nhập "Họ và tên".'],
        "gender": ['Hãy nhập "Giới tính".'],
    }


def test_save_then_edit_then_delete_are_recorded_changes(db):
    saved = save_student(db, form(), today=TODAY)
    assert saved.ok and saved.record_id
    edited = save_student(db, form(class_name="7A1"), student_id=saved.record_id, today=TODAY)
    assert edited.ok
    assert load_student_form(db, saved.record_id)["class_name"] == "7A1"
    delete_student(db, saved.record_id)
    assert list_students(db) == []
    ops = db.execute(
        "SELECT entity, op FROM outbox WHERE entity IN ('student','need') ORDER BY seq"
    ).fetchall()
    assert ops == [("student", "insert"), ("need", "insert"), ("student", "update"),
                   ("need", "delete"), ("student", "delete")]  # fmt: skip


def test_a_second_student_with_the_same_code_is_refused(db):
    assert save_student(db, form(), today=TODAY).ok
    result = save_student(db, form(full_name="Lê Thị Bé"), today=TODAY)
    assert not result.ok and "đã có trong dữ liệu" in result.errors["student_code"][0]


def test_a_student_who_received_a_device_cannot_be_deleted(db):
    fill_demo_data(db, students=60)
    handed = db.execute("SELECT student_id FROM handovers LIMIT 1").fetchone()[0]
    with pytest.raises(SongMayError) as raised:
        delete_student(db, handed)
    assert "lịch sử bàn giao" in raised.value.message


def test_search_ignores_diacritics_and_case_and_filters_combine(db):
    for code, name, klass, category in [("A1", "Nguyễn Văn An", "6A1", "Hộ nghèo"),
                                        ("A2", "Đặng Thị Ánh", "7A1", "Hộ cận nghèo"),
                                        ("A3", "Nguyễn Thị Ân", "6A1", "Khó khăn khác")]:  # fmt: skip
        assert save_student(db, form(student_code=code, full_name=name, class_name=klass,
                                     category=category), today=TODAY).ok  # fmt: skip
    assert [s.code for s in list_students(db, StudentFilter(text="nguyen"))] == ["A1", "A3"]
    assert [s.code for s in list_students(db, StudentFilter(text="DANG THI ANH"))] == ["A2"]
    assert [s.code for s in list_students(db, StudentFilter(text="an", class_name="6A1",
                                                            category=4))] == ["A3"]  # fmt: skip
    assert class_names(db) == ["6A1", "7A1"]


def test_lists_sort_by_given_name_in_vietnamese_order():
    names = ["Trần Văn Ân", "Lê Thị An", "Phạm Đức Ánh", "Ngô Anh", "Bùi Văn Bình", "Lý Ân"]
    assert sorted(names, key=name_sort_key) == [
        # a < â, and tones only decide between equal letters: An < Anh < Ánh < Ân
        "Lê Thị An", "Ngô Anh", "Phạm Đức Ánh", "Lý Ân", "Trần Văn Ân", "Bùi Văn Bình",
    ]  # fmt: skip


def test_problems_filter_finds_missing_certificates(db):
    assert save_student(db, form(student_code="OK"), today=TODAY).ok
    assert save_student(db, form(student_code="NOCERT", full_name="Lò Văn Sáng",
                                 poverty_cert_no=""), today=TODAY).ok  # fmt: skip
    rows = list_students(db, StudentFilter(problems_only=True))
    assert [r.code for r in rows] == ["NOCERT"] and rows[0].has_problem


def test_demo_data_is_a_living_school(db):
    fill_demo_data(db, students=120)
    counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("students", "needs", "devices", "handovers")}  # fmt: skip
    assert counts["students"] == counts["needs"] == 120
    assert counts["devices"] >= 90 and counts["handovers"] > 0
    with pytest.raises(SongMayError):
        fill_demo_data(db)  # only into an empty database


def test_the_form_shows_what_the_clerk_typed_and_saving_it_unchanged_writes_nothing(db):
    saved = save_student(db, form(ethnicity="Ê-đê", phone="+84 91 234 5678"), today=TODAY)
    shown = load_student_form(db, saved.record_id)
    assert shown["birth_date"] == "05/09/2010" and shown["ethnicity"] == "Ê-đê"
    assert shown["category"] == "Hộ nghèo" and shown["has_device"] == "Không"
    assert shown["phone"] == "0912345678" and shown["requested_device"] == "Máy tính bảng"
    before = db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    assert save_student(db, shown, student_id=saved.record_id, today=TODAY).ok
    assert db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == before


def test_the_list_sorts_by_any_column_with_the_class_list_order_as_tie_break(db):
    from desktop_app.core.school import save_school

    save_school(db, {"level": "LC"})  # a school with grades 6 to 10
    for code, name, klass, category in [("C3", "Lê Văn Bình", "9A", "Hộ nghèo"),
                                        ("C1", "Trần Thị An", "10A", "Khó khăn khác"),
                                        ("C2", "Ngô An", "6B", "Hộ nghèo")]:  # fmt: skip
        assert save_student(db, form(student_code=code, full_name=name, class_name=klass,
                                     category=category), today=TODAY).ok  # fmt: skip

    def codes(**order: object) -> list[str]:
        return [r.code for r in fetch_students(db, student_ids(db, **order))]  # type: ignore[arg-type]

    assert codes() == ["C2", "C1", "C3"]  # An (Ngô An, Trần Thị An) before Bình
    assert codes(order="code") == ["C1", "C2", "C3"]
    assert codes(order="class") == ["C2", "C3", "C1"]  # grade 6, 9, 10 — not "10A" < "6B"
    assert codes(order="category") == ["C2", "C3", "C1"]
    assert codes(order="code", descending=True) == ["C3", "C2", "C1"]


def test_the_stored_sort_key_orders_like_the_given_name_then_the_whole_name():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from desktop_app.core.text import vietnamese_sort_key

    words = st.sampled_from(["An", "Ân", "Ánh", "Anh", "Bình", "Đức", "Lê", "Nguyễn", "Thị",
                             "Văn", "Ưng", "Ỷ", "Y", "H'Hen"])  # fmt: skip

    @settings(max_examples=500)
    @given(st.lists(words, min_size=1, max_size=4).map(" ".join),
           st.lists(words, min_size=1, max_size=4).map(" ".join))  # fmt: skip
    def agrees(a: str, b: str) -> None:
        def reference(name: str) -> tuple[object, ...]:
            return vietnamese_sort_key(name.rsplit(maxsplit=1)[-1]), vietnamese_sort_key(name)

        assert (name_sort_key(a) < name_sort_key(b)) == (reference(a) < reference(b))

    agrees()
    # the given name's tone decides before the family name does
    assert name_sort_key("Trần Anh") < name_sort_key("Lê Ánh")


def test_a_deleted_student_added_again_comes_back_as_the_same_record(db, tmp_path):
    """The code of a deleted student stays taken by its row: adding it again (by form or by a
    file) brings that student back with the new values, one history for the server."""
    from builders import NEEDS_HEADERS, needs_row, write_sheet

    from desktop_app.core.importing.service import ImportOptions, import_file

    first = save_student(db, form(), today=TODAY)
    delete_student(db, first.record_id)
    again = save_student(db, form(full_name="Nguyễn Văn Ân"), today=TODAY)
    assert again.ok and again.record_id == first.record_id
    assert [s.full_name for s in list_students(db)] == ["Nguyễn Văn Ân"]
    delete_student(db, first.record_id)
    birth = date(2010, 9, 5).strftime("%d/%m/%Y")
    rows = [needs_row(1, **{"Mã học sinh (*)": "HS01", "Ngày sinh (*)": birth})]
    report = import_file(db, "needs", write_sheet(tmp_path / "n.xlsx", NEEDS_HEADERS, rows),
                         ImportOptions(today=TODAY))  # fmt: skip
    assert report.exit_code == 0 and report.created == 1, report.problems
    (back,) = list_students(db)
    assert back.id == first.record_id and back.status == "proposed"
    journal = [op for (op,) in db.execute(
        "SELECT op FROM outbox WHERE entity = 'student' ORDER BY seq")]  # fmt: skip
    assert journal == ["insert", "delete", "update", "delete", "update"]
