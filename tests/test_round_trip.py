"""Export → import changes nothing, for any names, dates and codes (hypothesis)."""

from __future__ import annotations

import string
import tempfile
from datetime import date
from pathlib import Path

from builders import TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.importing.export import export_file
from desktop_app.core.importing.service import ImportOptions, import_file
from desktop_app.core.naming import student_keys
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import open_database, write_transaction
from desktop_app.core.templates.spec import load_codelists

SYLLABLES = ["Nguyễn", "Trần", "Lê", "Phạm", "Đặng", "Ngô", "Thị", "Văn", "Hữu", "Ánh", "Ỷ",
             "Đức", "Quỳnh", "Nhung", "Ơn", "H'Hen", "Niê", "Y-Moan", "Ưng", "Giàng", "Lò"]  # fmt: skip
names = st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=4).map(" ".join)
codes = st.text(string.ascii_letters + string.digits, min_size=1, max_size=20)
births = st.dates(min_value=date(2000, 1, 1), max_value=date(2016, 12, 31))
notes = st.one_of(st.none(), st.sampled_from(["=SUM(A1)", "+84 ghi chú", "-", "@mention", "ổn"]))


@st.composite
def students(draw: st.DrawFn) -> dict[str, object]:
    lists = load_codelists()
    return {
        "code": draw(codes),
        "full_name": draw(names),
        "birth_date": draw(births).isoformat(),
        "gender": draw(st.sampled_from(["Nam", "Nữ"])),
        "class_name": draw(st.sampled_from(["6A1", "7B", "8 Toán", "9/2"])),
        "ethnicity": draw(st.sampled_from([c for c, _ in lists["ethnicity"].items])),
        "citizen_id": None,
        "guardian_name": draw(st.one_of(st.none(), names)),
        "phone": draw(st.one_of(st.none(), st.just("0912345678"))),
        "address": draw(notes),
        "category": draw(st.integers(1, 4)),
        "requested": draw(st.sampled_from(["laptop", "desktop", "tablet", "smartphone"])),
        "note": draw(notes),
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(students(), min_size=1, max_size=8, unique_by=lambda s: s["code"].casefold()))
def test_export_then_import_is_a_no_op(people):
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "db.sqlite3")
        changes = ChangeSet()
        for person in people:
            student = {k: person[k] for k in ("code", "full_name", "birth_date", "gender",
                       "class_name", "ethnicity", "citizen_id", "guardian_name", "phone",
                       "address")}  # fmt: skip
            stored = changes.insert(
                "student", {**student, **student_keys(student["full_name"], student["class_name"])}
            )
            changes.insert("need", {
                "student_id": stored["id"], "survey_round": "2021-H2",
                "category": person["category"], "has_device": 0, "borrowing_device": 0,
                "requested_device": person["requested"], "note": person["note"],
                "poverty_cert_no": "1/GCN",
            })  # fmt: skip
        with write_transaction(db):
            changes.apply(db.conn)
        before = db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
        target = Path(folder) / "export.xlsx"
        export_file(db, "needs", target)
        report = import_file(db, "needs", target, ImportOptions(today=TODAY))
        errors = [(p.code, p.cell, p.message()) for p in report.errors]
        assert errors == []
        assert (report.created, report.updated, report.unchanged) == (0, 0, len(people))
        assert db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == before
        db.close()


def test_devices_and_handovers_round_trip(db, tmp_path):
    from builders import (
        DEVICE_HEADERS,
        HANDOVER_HEADERS,
        NEEDS_HEADERS,
        device_row,
        handover_row,
        needs_row,
        write_sheet,
    )  # fmt: skip

    options = ImportOptions(today=TODAY)
    files = {
        "needs": write_sheet(tmp_path / "n.xlsx", NEEDS_HEADERS,
                             [needs_row(i, **{"Họ và tên (*)": f"Em {c}"}) for i, c in
                              enumerate("ABC", 1)]),
        "devices": write_sheet(tmp_path / "d.xlsx", DEVICE_HEADERS,
                               [device_row(i, **{"Ghi chú": "=1+1" if i == 1 else "-"})
                                for i in range(1, 4)], sheet="Thiet bi"),
        "handovers": write_sheet(tmp_path / "h.xlsx", HANDOVER_HEADERS,
                                 [handover_row(1), handover_row(2)], sheet="Ban giao"),
    }  # fmt: skip
    # "=1+1" written by openpyxl is a formula without a value: fix the note, then import.
    report = import_file(db, "devices", files["devices"], options)
    assert ("formula_no_value", 4) in [(p.code, p.row) for p in report.problems]
    files["devices"] = write_sheet(
        tmp_path / "d.xlsx", DEVICE_HEADERS, [device_row(i) for i in range(1, 4)], sheet="Thiet bi"
    )
    for kind, path in files.items():
        assert import_file(db, kind, path, options).exit_code == 0, kind
    before = db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    for kind in files:
        exported = tmp_path / f"export-{kind}.xlsx"
        export_file(db, kind, exported)
        report = import_file(db, kind, exported, options)
        assert report.errors == [] and report.created == report.updated == 0, kind
    assert db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == before


def test_exported_text_that_looks_like_a_formula_stays_text(db, tmp_path):
    from builders import NEEDS_HEADERS, needs_row, write_sheet
    from openpyxl import load_workbook

    dangerous = ["+84 ghi chú", "-1", "@mention", '=HYPERLINK("http://x")']
    # openpyxl would write the last one as a formula, so it goes into the database directly
    rows = [needs_row(i, **{"Địa chỉ": text}) for i, text in enumerate(dangerous[:3], 1)]
    rows.append(needs_row(4))
    source = write_sheet(tmp_path / "n.xlsx", NEEDS_HEADERS, rows)
    assert import_file(db, "needs", source, ImportOptions(today=TODAY)).exit_code == 0
    db.execute("UPDATE students SET address = ? WHERE code = 'HS000004'", [dangerous[3]])
    target = tmp_path / "export.xlsx"
    export_file(db, "needs", target)
    sheet = load_workbook(target)["Nhu cau"]
    cells = {c.value: c for c in sheet["P"] if c.value in dangerous}
    assert set(cells) == set(dangerous)
    assert all(c.data_type == "s" for c in cells.values())  # never a formula
    assert cells[dangerous[3]].quotePrefix
