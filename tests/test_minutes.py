"""Handover and receipt minutes as HTML (no Qt): values, dates, numbering, templates, errors."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from builders import (
    DEVICE_HEADERS,
    HANDOVER_HEADERS,
    NEEDS_HEADERS,
    TODAY,
    device_row,
    handover_row,
    needs_row,
    write_sheet,
)
from sqlite_utils import Database

from desktop_app.core import minutes as M
from desktop_app.core.errors import SongMayError
from desktop_app.core.importing.service import ImportOptions, import_file
from desktop_app.core.minutes import (
    BLANK,
    MinutesTemplateError,
    handover_minutes,
    receipt_minutes,
)
from desktop_app.core.minutes import template as T
from desktop_app.core.resources import resource_path
from desktop_app.core.school import SchoolProfile, save_school
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction

# (name, class) — every Vietnamese diacritic family: ễ ị ọ á, đ ặ ố, ườ ă ướ, ồ ị ỷ.
STUDENTS = [
    ("Đặng Quốc Huy", "6A1"),
    ("Nguyễn Thị Ngọc Ánh", "6A1"),
    ("Hồ Thị Thuỷ", "6A2"),
    ("Lường Văn Ước", "6A1"),
]
SCHOOL = {
    "commune": "Xã Ea Tu", "district": "TP. Buôn Ma Thuột", "province": "Đắk Lắk",
    "principal": "Y Bhim Niê", "clerk": "Trần Văn Minh",
}  # fmt: skip


def build_handovers(
    db: Database, folder: Path, students: Sequence[tuple[str, str]] = STUDENTS
) -> list[str]:
    """Students, a donation batch and one handover each, through the real importer; then the
    handover details an import does not carry yet (who handed over, receiver, minutes number).

    Student i gets code HS00000i and device SN0000000i; returns the codes in input order."""
    save_school(db, SCHOOL)
    options = ImportOptions(today=TODAY)
    count = len(students)
    needs = [
        needs_row(i, **{"Họ và tên (*)": name, "Lớp (*)": klass})
        for i, (name, klass) in enumerate(students, start=1)
    ]
    devices = [device_row(i, **{"RAM (GB)": 4}) for i in range(1, count + 1)]
    parent = {  # odd students' devices are received by a parent, even ones' by the student
        "Người nhận (học sinh / cha mẹ / người giám hộ)": "Cha mẹ",
        "Họ tên người nhận thay": "Nguyễn Văn Bình",
    }
    handovers = [handover_row(i, **(parent if i % 2 else {})) for i in range(1, count + 1)]
    for kind, headers, rows, sheet in (
        ("needs", NEEDS_HEADERS, needs, "Nhu cau"),
        ("devices", DEVICE_HEADERS, devices, "Thiet bi"),
        ("handovers", HANDOVER_HEADERS, handovers, "Ban giao"),
    ):
        path = write_sheet(folder / f"{kind}.xlsx", headers, rows, sheet=sheet)
        report = import_file(db, kind, path, options)
        assert report.errors == [] and report.rows_imported == count, report.problems
    with write_transaction(db):
        db.execute(
            "UPDATE handovers SET handed_by = 'Trần Văn Minh', handed_by_position = 'Phó hiệu"
            " trưởng', relationship = CASE receiver_role WHEN 'parent' THEN 'Bố' END,"
            " receiver_citizen_id = CASE receiver_role WHEN 'parent' THEN '066090001234' END"
        )
    return [f"HS{i:06d}" for i in range(1, count + 1)]


def text_of(html: str) -> str:
    """The visible text of a minutes document, for assertions: tags out, entities kept."""
    body = html[html.index("<body>") :]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


@pytest.fixture
def codes(db: Database, tmp_path: Path) -> list[str]:
    return build_handovers(db, tmp_path)


def test_one_document_per_student_in_class_list_order(db, codes):
    documents = handover_minutes(db, student_codes=list(reversed(codes)))
    # class 6A1 by given name (Ánh, Huy, Ước), then 6A2
    assert [d.title for d in documents] == [
        "Biên bản bàn giao thiết bị – Nguyễn Thị Ngọc Ánh (6A1)",
        "Biên bản bàn giao thiết bị – Đặng Quốc Huy (6A1)",
        "Biên bản bàn giao thiết bị – Lường Văn Ước (6A1)",
        "Biên bản bàn giao thiết bị – Hồ Thị Thuỷ (6A2)",
    ]


def test_the_minutes_say_who_gave_what_to_whom(db, codes):
    (document,) = handover_minutes(db, student_codes=["HS000001"])
    text = text_of(document.html)
    for expected in [
        "PHÒNG GD&amp;ĐT TP. BUÔN MA THUỘT",
        "TRƯỜNG THCS EA TU",
        "Số: 01/BB-66001",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Ea Tu, ngày 06 tháng 01 năm 2022",
        "BIÊN BẢN",
        "Hôm nay, ngày 06 tháng 01 năm 2022, tại Trường THCS Ea Tu, chúng tôi gồm:",
        "BÊN GIAO: Trường THCS Ea Tu",
        "Đại diện: Ông/Bà Trần Văn Minh; chức vụ: Phó hiệu trưởng.",
        "Học sinh: Đặng Quốc Huy ; ngày sinh: 05/09/2010; lớp: 6A1; mã học sinh: HS000001.",
        "Cha mẹ/người giám hộ: Nguyễn Văn Bình; quan hệ: Bố.",
        "Số định danh cá nhân/CCCD: 066090001234; số điện thoại: 0912345678.",
        "Địa chỉ: Thôn 3, xã Ea Tu.",
        "STT Thiết bị Hãng/Model Số serial/IMEI Số lượng Tình trạng Phụ kiện kèm theo "
        "1 Máy tính bảng Samsung Galaxy Tab A8 SN00000001 01 Mới Sạc",
        "Nguồn thiết bị: đợt tài trợ DOT-01 của Công ty ABC (Nguồn khác), nhà trường tiếp nhận "
        "ngày 05/01/2022.",
        "không bán, cho, tặng, cầm cố hoặc chuyển nhượng",
        "Biên bản được lập thành 02 bản, mỗi bên giữ 01 bản, có giá trị như nhau.",
        "ĐẠI DIỆN BÊN NHẬN (Ký, ghi rõ họ tên) Nguyễn Văn Bình ĐẠI DIỆN BÊN GIAO (Ký, ghi rõ "
        "họ tên) Trần Văn Minh HIỆU TRƯỞNG (Ký tên, đóng dấu) Y Bhim Niê",
    ]:
        assert expected in text


def test_a_student_receiving_in_person_signs_and_missing_details_are_dotted_lines(db, codes):
    (document,) = handover_minutes(db, student_codes=["HS000002"])  # received by the student
    text = text_of(document.html)
    assert f"Cha mẹ/người giám hộ: Nguyễn Văn Bình; quan hệ: {BLANK}." in text
    assert f"Số định danh cá nhân/CCCD: {BLANK}; số điện thoại: 0912345678." in text
    assert "ĐẠI DIỆN BÊN NHẬN (Ký, ghi rõ họ tên) Nguyễn Thị Ngọc Ánh ĐẠI DIỆN" in text


def test_values_are_html_escaped(db, codes):
    with write_transaction(db):
        db.execute(
            "UPDATE students SET address = ? WHERE code = 'HS000001'",
            ('Thôn <b>3</b> & "Tân Lập"',),
        )
    (document,) = handover_minutes(db, student_codes=["HS000001"])
    assert "Thôn &lt;b&gt;3&lt;/b&gt; &amp; &quot;Tân Lập&quot;" in document.html
    assert "<b>3</b>" not in document.html


def test_text_is_nfc_even_when_stored_decomposed(db, codes):
    with write_transaction(db):
        db.execute(
            "UPDATE students SET guardian_name = ? WHERE code = 'HS000002'",
            (unicodedata.normalize("NFD", "Lường Thị Ưng"),),
        )
    (document,) = handover_minutes(db, student_codes=["HS000002"])
    assert unicodedata.is_normalized("NFC", document.html)
    assert "Lường Thị Ưng" in document.html


def test_numbers_come_from_the_record_else_from_the_place_in_the_print_run(db, codes):
    with write_transaction(db):
        db.execute("UPDATE handovers SET minutes_no = NULL")
        db.execute(
            "UPDATE handovers SET minutes_no = 12 WHERE student_id ="
            " (SELECT id FROM students WHERE code = 'HS000001')"
        )
    documents = handover_minutes(db, all_students=True)
    numbers = [re.search(r"Số: (\S+)</p>", d.html).group(1) for d in documents]  # type: ignore[union-attr]
    # order: Ánh (2nd), Huy (HS000001, stored 12), Ước (4th), Thuỷ (6A2)
    assert numbers == ["01/BB-66001", "12/BB-66001", "03/BB-66001", "04/BB-66001"]


def test_the_latest_handover_of_a_student_is_printed(db, codes):
    """A faulty device came back and was replaced: the minutes are those of the replacement."""
    student, first, batch = db.execute(
        "SELECT h.student_id, h.device_id, v.batch_id FROM handovers h"
        " JOIN devices v ON v.id = h.device_id JOIN students s ON s.id = h.student_id"
        " WHERE s.code = 'HS000003'"
    ).fetchone()
    changes = ChangeSet(source="test")
    spare = changes.insert("device", {
        "batch_id": batch, "device_type": "laptop", "brand": "Lenovo", "model": "IdeaPad 3",
        "serial": "SPARE-0001", "condition": "used", "below_min_spec": 0,
    })  # fmt: skip
    changes.insert("handover", {"device_id": first, "student_id": student, "kind": "return",
                                "event_date": "2022-02-01", "reason": "Hỏng màn hình"})  # fmt: skip
    changes.insert("handover", {
        "device_id": spare["id"], "student_id": student, "kind": "handover",
        "event_date": "2022-02-03", "receiver_role": "guardian", "receiver_name": "Hồ Văn Tư",
        "condition": "Đã qua sử dụng, còn tốt", "accessories": "Sạc, túi chống sốc",
    })  # fmt: skip
    with write_transaction(db):
        changes.apply(db.conn)
    (document,) = handover_minutes(db, student_codes=["HS000003"])
    text = text_of(document.html)
    assert "SPARE-0001" in text and "SN00000003" not in text
    assert "Ea Tu, ngày 03 tháng 02 năm 2022" in text
    assert (
        "1 Máy tính xách tay Lenovo IdeaPad 3 SPARE-0001 01 Đã qua sử dụng, còn tốt "
        "Sạc, túi chống sốc" in text
    )
    assert "quan hệ: Người giám hộ" in text


def test_a_batch_prints_the_students_whose_device_came_from_it(db, codes, tmp_path):
    assert len(handover_minutes(db, batch_code="DOT-01")) == 4
    with pytest.raises(SongMayError, match="Không tìm thấy đợt tài trợ có mã “DOT-99”") as err:
        handover_minutes(db, batch_code="DOT-99")
    assert err.value.code == "not_found"


def test_unknown_and_not_yet_supported_students_are_refused(db, codes, tmp_path):
    with pytest.raises(SongMayError, match="Không tìm thấy học sinh có mã “HS999999”") as err:
        handover_minutes(db, student_codes=["HS000001", "HS999999"])
    assert err.value.code == "not_found"
    import_file(
        db,
        "needs",
        write_sheet(tmp_path / "late.xlsx", NEEDS_HEADERS, [needs_row(9)]),
        ImportOptions(today=TODAY),
    )
    with pytest.raises(SongMayError, match=r"HS000009 \(Nguyễn Văn Hạnh\) chưa được bàn giao"):
        handover_minutes(db, student_codes=["HS000009"])


def test_nothing_handed_over_yet_is_said_plainly(db):
    with pytest.raises(SongMayError, match="Chưa có học sinh nào được bàn giao") as err:
        handover_minutes(db, all_students=True)
    assert err.value.code == "no_handover"


@pytest.mark.parametrize(
    "choice",
    [
        {},
        {"all_students": True, "batch_code": "DOT-01"},
        {"student_codes": [], "all_students": True},
    ],
)
def test_exactly_one_way_of_choosing_students(db, choice):
    with pytest.raises(ValueError, match="exactly one"):
        handover_minutes(db, **choice)


def test_building_minutes_does_not_query_per_student(db, tmp_path):
    """One query for the batch, whatever its size: 500 students print in well under a second."""
    build_handovers(db, tmp_path, STUDENTS * 3)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        documents = handover_minutes(db, all_students=True)
    finally:
        db.conn.set_trace_callback(None)
    assert len(documents) == 12
    # who received what last (the events), the minutes' rows, then the school profile
    assert len(statements) == 3, statements


def test_receipt_lists_every_device_of_the_batch(db, codes):
    document = receipt_minutes(db, "DOT-01")
    text = text_of(document.html)
    assert document.title == "Biên bản tiếp nhận thiết bị – đợt DOT-01"
    for expected in [
        "Số: ……/BB-66001",
        "Ea Tu, ngày 05 tháng 01 năm 2022",
        "Tiếp nhận thiết bị học tập trực tuyến",
        "BÊN GIAO: Công ty ABC",
        "BÊN NHẬN: Trường THCS Ea Tu",
        "Đại diện: Ông/Bà Y Bhim Niê; chức vụ: Hiệu trưởng.",
        "Bên giao bàn giao cho bên nhận 04 thiết bị học tập trực tuyến thuộc đợt tài trợ DOT-01 "
        "(Nguồn khác)",
        "4 Máy tính bảng Samsung Galaxy Tab A8 SN00000004 RAM 4 GB, bộ nhớ 32 GB, 10,5 inch, "
        "Android 12 Mới Sạc",
        "Cộng: 04 thiết bị.",
    ]:
        assert expected in text
    assert [int(n) for n in re.findall(r'align="center">(\d+)</td>', document.html)] == [1, 2, 3, 4]
    with pytest.raises(SongMayError, match="DOT-99") as err:
        receipt_minutes(db, "DOT-99")
    assert err.value.code == "not_found"


# --------------------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------------------


def write_template(folder: Path, kind: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}.html"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_school_copy_in_the_override_folder_wins(db, codes, tmp_path):
    own = tmp_path / "minutes"
    bundled = resource_path("minutes", "handover.html").read_text(encoding="utf-8")
    write_template(own, "handover", bundled.replace("Bên nhận cam kết:", "Gia đình cam kết:"))
    (document,) = handover_minutes(db, student_codes=["HS000001"], template_dir=own)
    assert "Gia đình cam kết:" in document.html and "Bên nhận cam kết:" not in document.html
    # without its own receipt template the school gets the bundled one
    assert "Tiếp nhận thiết bị" in receipt_minutes(db, "DOT-01", template_dir=own).html
    # an empty override folder changes nothing
    (plain,) = handover_minutes(db, student_codes=["HS000001"], template_dir=tmp_path / "none")
    assert "Bên nhận cam kết:" in plain.html


def test_an_unknown_placeholder_is_named_with_its_file_and_line(db, codes, tmp_path):
    path = write_template(tmp_path, "handover", "<html>\n<body>\n<p>${ten_hoc_sinh}</p>\n</body>")
    with pytest.raises(MinutesTemplateError) as err:
        handover_minutes(db, all_students=True, template_dir=tmp_path)
    message = err.value.message
    assert f"Mẫu biên bản {path}, dòng 3" in message
    assert "ứng dụng không biết trường “${ten_hoc_sinh}”" in message
    assert "${student_name}" in message  # the names it could have used
    assert err.value.code == "minutes_template"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>${serial}</p>", "chỉ dùng được giữa BEGIN devices và END devices"),
        ("<!-- BEGIN devices --><p>${serial}</p>", "chưa có “END devices”"),
        ("<p>x</p><!-- END devices -->", "có “END devices” mà không có “BEGIN devices”"),
        ("<!-- BEGIN pupils --><!-- END pupils -->", "không biết khối lặp “pupils”"),
        ("<p>${tên}</p>", "không phải tên trường hợp lệ"),
    ],
)
def test_template_mistakes_are_explained(db, codes, tmp_path, body, expected):
    write_template(tmp_path, "handover", f"<html><body>{body}</body></html>")
    with pytest.raises(MinutesTemplateError, match=re.escape(expected)):
        handover_minutes(db, all_students=True, template_dir=tmp_path)


def test_dollars_comments_and_rows(db, codes, tmp_path):
    write_template(
        tmp_path,
        "receipt",
        "<html><body><!-- ${not_a_field} is ignored --><p>Giá $$0, ${batch_code}</p><table>\n"
        "<!-- BEGIN devices --><tr><td>${stt}. ${serial} (${batch_code})</td></tr>"
        "<!-- END devices -->\n</table></body></html>",
    )
    html = receipt_minutes(db, "DOT-01", template_dir=tmp_path).html
    assert "<p>Giá $0, DOT-01</p>" in html
    assert "not_a_field" not in html
    assert re.findall(r"<td>(.*?)</td>", html) == [
        f"{i}. SN0000000{i} (DOT-01)" for i in range(1, 5)
    ]


def test_a_template_that_is_not_utf8_is_refused(db, codes, tmp_path):
    (tmp_path / "handover.html").write_bytes("<p>Biên bàn</p>".encode("latin-1"))
    with pytest.raises(MinutesTemplateError, match="không phải văn bản UTF-8"):
        handover_minutes(db, all_students=True, template_dir=tmp_path)


@pytest.mark.parametrize("kind", M.KINDS)
def test_bundled_templates_and_their_readme_agree_with_the_code(kind):
    template = M.load_minutes_template(kind)
    used: set[str] = set()

    def walk(parts: Any) -> None:
        for part in parts:
            if isinstance(part, T._Field):
                used.add(part.name)
            elif isinstance(part, T._Block):
                walk(part.parts)

    walk(template.parts)
    assert used <= M.FIELDS[kind] | M.DEVICE_FIELDS
    readme = resource_path("minutes", "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`\$\{(\w+)\}`", readme))
    assert documented == M.FIELDS["handover"] | M.FIELDS["receipt"] | M.DEVICE_FIELDS


@pytest.mark.parametrize(
    ("profile", "place"),
    [
        ({"commune": "Xã Ea Tu"}, "Ea Tu"),
        ({"commune": "Phường 15", "district": "Quận Tân Bình"}, "Phường 15"),
        ({"commune": None, "district": "Huyện Mường Nhé"}, "Mường Nhé"),
        ({"commune": None, "district": None, "province": "Đắk Lắk"}, "Đắk Lắk"),
        ({}, BLANK),
    ],
)
def test_the_place_is_named_as_decree_30_asks(profile, place):
    assert M.place_name(SchoolProfile(**profile)) == place
