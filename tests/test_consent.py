"""A parent's consent: the rule, recording and withdrawing it (journaled), the dashboard count,
the needs template's consent columns (import with clear errors, export back), the printed form
for parents and ``songmay consent``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from builders import NEEDS_HEADERS, TODAY, needs_row, write_sheet
from openpyxl import load_workbook
from sqlite_utils import Database
from test_cli import songmay

from desktop_app.core.consent import (
    consent_list,
    load_consent,
    record_consent,
    student_id_of,
    students_without_consent,
    withdraw_consent,
)
from desktop_app.core.dashboard import dashboard_summary
from desktop_app.core.errors import SongMayError
from desktop_app.core.importing.export import export_file
from desktop_app.core.importing.service import ImportOptions, import_file
from desktop_app.core.rules.consent import check_consent, has_consent
from desktop_app.core.store.session import set_session_actor
from desktop_app.core.students import StudentFilter, list_students

CONSENT_HEADERS = [*NEEDS_HEADERS, "Ngày đồng ý của CMHS", "Hình thức đồng ý", "Số phiếu"]
OPTIONS = ImportOptions(today=TODAY)


def import_rows(db: Database, tmp_path: Path, rows: list[dict[str, object]], headers=None):
    path = write_sheet(tmp_path / "needs.xlsx", headers or CONSENT_HEADERS, rows)
    return import_file(db, "needs", path, OPTIONS)


@pytest.fixture
def three(db: Database, tmp_path: Path) -> Database:
    report = import_rows(db, tmp_path, [needs_row(i) for i in range(1, 4)], NEEDS_HEADERS)
    assert report.exit_code == 0, report.problems
    return db


def journal(db: Database, student_id: str) -> list[dict[str, object]]:
    rows = db.execute(
        "SELECT op, old_values, data, source FROM outbox WHERE entity = 'student'"
        " AND entity_id = ? ORDER BY rowid",
        [student_id],
    ).fetchall()
    return [{"op": r[0], "old": json.loads(r[1] or "{}"), "data": json.loads(r[2]),
             "source": r[3]} for r in rows]  # fmt: skip


# --- the rule ---------------------------------------------------------------------------------


def test_consent_is_a_recorded_date():
    assert has_consent("2025-09-15") and has_consent(date(2025, 9, 15))
    assert not has_consent(None) and not has_consent("")


@pytest.mark.parametrize(
    ("given", "method", "ref", "codes"),
    [
        (date(2022, 1, 5), "paper_form", "12", []),
        (date(2022, 2, 1), "paper_form", None, ["consent_date_future"]),
        (date(2009, 1, 1), "minutes", None, ["consent_before_birth"]),
        (date(2022, 1, 5), None, None, ["consent_method_missing"]),
        (date(2022, 1, 5), "email", None, ["consent_method_unknown"]),
        (None, "paper_form", "3", ["consent_date_missing"]),
        (None, None, None, []),
    ],
)
def test_check_consent_names_what_is_wrong(given, method, ref, codes):
    found = check_consent(consent_date=given, method=method, ref=ref,
                          birth_date=date(2010, 9, 5), today=TODAY)  # fmt: skip
    assert [f.code for f in found] == codes


# --- recording and withdrawing ----------------------------------------------------------------


def test_the_consent_is_recorded_by_who_is_working_on_the_connection(three):
    set_session_actor(three.conn, "Thầy Hùng")
    student = student_id_of(three, "HS000001")
    given = record_consent(three, student, on=date(2022, 1, 5), method="minutes", today=TODAY)
    assert given.recorded_by == "Thầy Hùng"
    assert journal(three, student)[-1]["data"]["consent_recorded_by"] == "Thầy Hùng"


def test_record_then_withdraw_writes_the_student_and_a_journal_row_each_time(three):
    student = student_id_of(three, "HS000002")
    before = len(journal(three, student))
    given = record_consent(three, student, on=date(2022, 1, 5), method="paper_form", ref="12",
                           actor="Cô Lan", today=TODAY)  # fmt: skip
    assert given.given and given.recorded_by == "Cô Lan"
    assert load_consent(three, student) == given
    rows = journal(three, student)
    assert len(rows) == before + 1
    assert rows[-1]["op"] == "update"
    assert rows[-1]["data"]["consent_date"] == "2022-01-05"
    assert rows[-1]["data"]["consent_method"] == "paper_form"
    assert rows[-1]["data"]["consent_ref"] == "12"
    assert rows[-1]["data"]["consent_recorded_by"] == "Cô Lan"

    assert withdraw_consent(three, student, actor="Cô Lan")
    assert not load_consent(three, student).given
    rows = journal(three, student)
    assert len(rows) == before + 2
    assert rows[-1]["data"]["consent_date"] is None
    assert rows[-1]["old"]["consent_date"] == "2022-01-05"  # the history stays in the journal
    assert not withdraw_consent(three, student)  # nothing left to withdraw: no new row
    assert len(journal(three, student)) == before + 2


def test_a_wrong_consent_is_refused_and_nothing_is_written(three):
    student = student_id_of(three, "HS000001")
    before = len(journal(three, student))
    with pytest.raises(SongMayError) as refused:
        record_consent(three, student, on=date(2022, 3, 1), method="paper_form", today=TODAY)
    assert refused.value.code == "consent_date_future"
    assert "tương lai" in refused.value.text()
    assert not load_consent(three, student).given
    assert len(journal(three, student)) == before


def test_the_dashboard_counts_students_without_consent_and_the_list_filters_them(three):
    assert students_without_consent(three) == 3
    assert dashboard_summary(three, today=TODAY).students_without_consent == 3
    record_consent(three, student_id_of(three, "HS000003"), on=date(2022, 1, 2),
                   method="minutes", today=TODAY)  # fmt: skip
    assert dashboard_summary(three, today=TODAY).students_without_consent == 2
    missing = list_students(three, StudentFilter(consent_missing=True))
    assert sorted(r.code for r in missing) == ["HS000001", "HS000002"]
    assert not any(r.has_consent for r in missing)
    assert [r.code for r in consent_list(three, missing_only=True)] == ["HS000001", "HS000002"]


# --- the needs template -----------------------------------------------------------------------


def test_imported_consent_columns_are_stored_with_who_recorded_them(db, tmp_path):
    rows = [
        needs_row(1, **{"Ngày đồng ý của CMHS": "05/01/2022", "Hình thức đồng ý": "Phiếu đồng ý",
                        "Số phiếu": "12"}),
        needs_row(2, **{"Ngày đồng ý của CMHS": "06/01/2022", "Hình thức đồng ý": "Biên bản",
                        "Số phiếu": "BB-3"}),
        needs_row(3),
    ]  # fmt: skip
    report = import_rows(db, tmp_path, rows)
    assert report.exit_code == 0 and report.problems == [], report.problems
    first = load_consent(db, student_id_of(db, "HS000001"))
    assert (first.date, first.method, first.ref) == (date(2022, 1, 5), "paper_form", "12")
    assert first.recorded_by
    assert load_consent(db, student_id_of(db, "HS000002")).method == "minutes"
    assert not load_consent(db, student_id_of(db, "HS000003")).given
    assert students_without_consent(db) == 1


def test_an_empty_or_absent_consent_cell_keeps_the_recorded_consent(three, tmp_path):
    student = student_id_of(three, "HS000001")
    record_consent(three, student, on=date(2022, 1, 5), method="paper_form", today=TODAY)
    for headers in (CONSENT_HEADERS, NEEDS_HEADERS):
        report = import_rows(three, tmp_path, [needs_row(i) for i in range(1, 4)], headers)
        assert report.exit_code == 0 and report.problems == [], report.problems
        assert load_consent(three, student).date == date(2022, 1, 5)


def test_bad_consent_cells_are_named_by_cell_and_nothing_is_saved(db, tmp_path):
    rows = [
        needs_row(1, **{"Ngày đồng ý của CMHS": "01/02/2022", "Hình thức đồng ý": "Phiếu đồng ý"}),
        needs_row(2, **{"Ngày đồng ý của CMHS": "01/01/2009", "Hình thức đồng ý": "Biên bản"}),
        needs_row(3, **{"Ngày đồng ý của CMHS": "05/01/2022", "Hình thức đồng ý": "Tin nhắn"}),
        needs_row(4, **{"Ngày đồng ý của CMHS": "05/01/2022"}),
        needs_row(5, **{"Số phiếu": "7"}),
        needs_row(6, **{"Ngày đồng ý của CMHS": "05/01/2022", "Hình thức đồng ý": "Biên bản"}),
    ]  # fmt: skip
    report = import_rows(db, tmp_path, rows)
    errors = {(p.row, p.cell, p.code): p.message() for p in report.problems if p.is_error}
    by_row = {row: (cell, code) for row, cell, code in errors}
    assert len(errors) == 5  # one per wrong row, said once
    assert by_row[4] == ("R4", "consent_date_future")  # the header is on row 3
    assert by_row[5] == ("R5", "consent_before_birth")
    assert by_row[6] == ("S6", "invalid_choice")  # "Tin nhắn" is not in the list
    assert by_row[7] == ("S7", "consent_method_missing")
    assert by_row[8] == ("R8", "consent_date_missing")
    assert 9 not in by_row
    said = {code: text for (_, _, code), text in errors.items()}
    assert "tương lai" in said["consent_date_future"]
    assert "trước ngày sinh" in said["consent_before_birth"]
    assert "Phiếu đồng ý" in said["consent_method_missing"]
    assert "Ngày đồng ý của CMHS" in said["consent_date_missing"]
    # All or nothing: not even the good last row was written.
    assert db.execute("SELECT COUNT(*) FROM students").fetchone()[0] == 0


def test_export_writes_the_consent_back_and_reimporting_changes_nothing(three, tmp_path):
    record_consent(three, student_id_of(three, "HS000002"), on=date(2022, 1, 5),
                   method="minutes", ref="BB-3", today=TODAY)  # fmt: skip
    out = tmp_path / "export.xlsx"
    export_file(three, "needs", out)
    sheet = load_workbook(out).active
    assert sheet is not None
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in cells if "Số phiếu" in r)
    row = next(r for r in cells if "HS000002" in r)
    assert row[header.index("Hình thức đồng ý")] == "Biên bản"
    assert row[header.index("Số phiếu")] == "BB-3"
    given = row[header.index("Ngày đồng ý của CMHS")]
    assert given is not None and given.date() == date(2022, 1, 5)
    outbox = three.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    report = import_file(three, "needs", out, OPTIONS)
    assert report.exit_code == 0 and report.unchanged == 3, report.problems
    assert three.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == outbox


# --- the command line and the printed form ----------------------------------------------------


def test_cli_records_lists_withdraws_and_prints_the_form(three, tmp_path, poppler):
    school = tmp_path / "school.sqlite3"
    done = songmay("consent", "record", "HS000001", "--date", "05/01/2022", "--method",
                   "paper_form", "--ref", "12", db=school)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "HS000001" in done.stdout
    listed = songmay("consent", "list", "--missing", "--json", db=school)
    assert [r["code"] for r in json.loads(listed.stdout)] == ["HS000002", "HS000003"]
    refused = songmay("consent", "record", "HS999999", "--date", "05/01/2022", "--method",
                      "minutes", db=school)  # fmt: skip
    assert refused.returncode != 0 and "HS999999" in refused.stderr
    assert songmay("consent", "withdraw", "HS000001", db=school).returncode == 0
    assert songmay("consent", "withdraw", "HS000001", db=school).returncode == 1

    pdf = tmp_path / "phieu.pdf"
    printed = songmay("consent", "form", "--class", "6A1", "--out", pdf, db=school)
    assert printed.returncode == 0, printed.stderr
    assert pdf.stat().st_mode & 0o077 == 0  # private to the user
    pages = poppler.page_texts(pdf, layout=False)
    assert len(pages) == 3  # one page per student
    first = " ".join(pages[0].split())
    for words in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                  "PHIẾU ĐỒNG Ý", "Sóng và máy tính cho em", "TRƯỜNG THCS EA TU",
                  "Nguyễn Văn An", "6A1", "rút lại", "xóa", "giữ tại nhà trường",
                  "CHA MẸ/NGƯỜI GIÁM HỘ"):  # fmt: skip
        assert words in first, words
    assert "Nguyễn Văn Bình" in " ".join(pages[1].split())
