"""The recovery key sheet: one A4 page in the minutes' layout whose text holds the key, the school
and the database file's name (not its folder), written 0600."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from desktop_app.core.minutes.recovery import key_lines, recovery_sheet
from desktop_app.core.school import save_school
from desktop_app.core.store import keys
from desktop_app.printing import write_pdf


@pytest.fixture(autouse=True)
def application(qapp: Any) -> Any:
    return qapp


def test_the_sheet_holds_the_key_the_school_and_the_file_name(db: Database, tmp_path, poppler):
    save_school(db, {"principal": "Nguyễn Văn Tâm", "clerk": "Lê Thị Hoa", "commune": "Xã Ea Tu"})
    db_path = tmp_path / "school.sqlite3"
    key = keys.database_key(db_path)
    document = recovery_sheet(db, db_path, key, made=date(2026, 9, 5))
    target = tmp_path / "out" / "phieu.pdf"
    assert write_pdf([document], target) == 1
    (text,) = poppler.page_texts(target, layout=False)
    flat = " ".join(text.split())
    assert "PHIẾU KHÓA KHÔI PHỤC DỮ LIỆU" in flat
    assert "TRƯỜNG THCS EA TU" in flat and "Trường THCS Ea Tu" in flat and "66001" in flat
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
    assert "school.sqlite3" in flat and str(tmp_path) not in flat
    assert "05/09/2026" in flat and "Ea Tu, ngày 05 tháng 09 năm 2026" in flat
    groups = keys.recovery_key(key).split("-")
    assert len(groups) == 11
    assert [line.replace("-", " ").split() for line in key_lines(key)] == [groups[:6], groups[6:]]
    for group in groups:
        assert group in flat
    # what the key is typed back as opens the same database
    assert keys.parse_recovery_key(" ".join(key_lines(key))) == key
    assert "songmay restore" in flat and "--recovery-key" in flat
    assert "tủ hồ sơ của nhà trường" in flat and "không chụp ảnh" in flat.lower()
    assert "NGƯỜI LẬP" in flat and "HIỆU TRƯỞNG" in flat and "Lê Thị Hoa" in flat
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
        assert Path(target.parent).stat().st_mode & 0o777 == 0o700
