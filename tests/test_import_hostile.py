"""Hostile and broken files reach the clerk as one clear file-level problem, never a traceback,
and leave the database untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import hostile_files as H
import pytest
from builders import NEEDS_HEADERS, TODAY, needs_row, write_sheet

from desktop_app.core.importing.service import ImportOptions, import_file

OPTIONS = ImportOptions(today=TODAY)


@pytest.mark.parametrize(
    ("make", "message_id", "words"),
    [
        (H.make_empty, "file.empty", "Tệp trống"),
        (H.make_renamed_pdf, "file.not_a_spreadsheet", "không phải là bảng tính"),
        (H.make_encrypted_like, "file.encrypted", "mật khẩu"),
        (H.make_truncated, "file.corrupt", "bị hỏng"),
        (H.make_huge_row_index, "file.too_many_rows", "quá nhiều dòng"),
        (lambda p: H.make_zip_bomb(p, 600_000_000), "file.inflated_too_large", "giải nén"),
    ],
)
def test_unusable_file_is_one_file_problem_and_nothing_changes(
    db, tmp_path, make, message_id, words
):
    before = db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    path = tmp_path / "nhu-cau.xlsx"
    make(path)
    report = import_file(db, "needs", path, OPTIONS)
    assert [(p.code, p.message_id, p.row) for p in report.problems] == [
        ("file_unreadable", message_id, None)
    ]
    assert words in report.problems[0].message() and report.exit_code == 2
    assert db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == before


def test_a_workbook_saved_under_another_extension_is_read_by_content(db, tmp_path):
    real = write_sheet(tmp_path / "a.xlsx", NEEDS_HEADERS, [needs_row(1)])
    renamed = tmp_path / "a.ods"
    shutil.copy(real, renamed)
    report = import_file(db, "needs", renamed, OPTIONS)
    assert report.exit_code == 0 and report.rows_imported == 1


def test_file_size_cap_is_checked_before_reading(db, tmp_path: Path):
    from desktop_app.core.excel.safety import Limits

    path = write_sheet(tmp_path / "a.xlsx", NEEDS_HEADERS, [needs_row(i) for i in range(1, 50)])
    tiny = ImportOptions(today=TODAY, limits=Limits(max_file_bytes=1000))
    report = import_file(db, "needs", path, tiny)
    assert report.problems[0].message_id == "file.too_large"
    assert "MB" in report.problems[0].message()
