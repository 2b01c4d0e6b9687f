"""Vaccination lists (template 4.9.1) as schools make them, in code: the template's long layout
(one row per dose) and the wide one (one row per student, a group of columns per dose)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from builders import NEEDS_HEADERS, TODAY, needs_row, write_sheet
from sqlite_utils import Database

from desktop_app.core.importing.service import ImportOptions, ImportReport, import_file
from desktop_app.core.templates.spec import load_template

SPEC = load_template("vaccinations")
# Every column of the template, as a file made from it has them ("Mã học sinh (*)"…).
VAX_HEADERS = [c.display_header for c in SPEC.columns]
HEADER_OF = {c.field: c.display_header for c in SPEC.columns}
TITLE = (("DANH SÁCH HỒ SƠ TIÊM VẮC-XIN CỦA HỌC SINH",), ())
HEADER_ROW = len(TITLE) + 1  # write_sheet's header row; data from the next one


@dataclass(frozen=True)
class Pupil:
    code: str
    name: str
    birth: str  # dd/mm/yyyy
    gender: str = "Nam"
    class_name: str = "8A1"


# On TODAY (10/01/2022): 13, 11 and 12 years old in November 2021.
ANH = Pupil("HS000001", "Nguyễn Văn An", "01/03/2008")
BINH = Pupil("HS000002", "Trần Thị Bình", "05/09/2010", "Nữ", "6A1")
CHI = Pupil("HS000003", "Lê Minh Chi", "01/06/2009", "Nữ", "7A2")
PUPILS = (ANH, BINH, CHI)


def add_pupils(db: Database, tmp_path: Path, pupils: Sequence[Pupil] = PUPILS) -> None:
    """The school's students, through the needs import (as a school has them)."""
    rows = [
        needs_row(i, **{"Mã học sinh (*)": p.code, "Họ và tên (*)": p.name,
                        "Ngày sinh (*)": p.birth, "Giới tính (*)": p.gender,
                        "Lớp (*)": p.class_name})
        for i, p in enumerate(pupils, start=1)
    ]  # fmt: skip
    path = write_sheet(tmp_path / "students.xlsx", NEEDS_HEADERS, rows)
    report = import_file(db, "needs", path, ImportOptions(today=TODAY))
    assert report.errors == [] and report.created == len(pupils), report.problems


def dose(
    pupil: Pupil,
    number: Any,
    day: Any,
    vaccine: Any = "Pfizer",
    place: Any = "Tại trường",
    **fields: Any,
) -> dict[str, Any]:
    """A row of the long layout, keyed by field."""
    row = {"student_code": pupil.code, "full_name": pupil.name, "birth_date": pupil.birth,
           "gender": pupil.gender, "class_name": pupil.class_name, "dose_no": number,
           "vaccinated_on": day, "vaccine": vaccine, "place": place, "lot_no": "FK5127",
           "facility": "Trạm Y tế xã Phước Kiển", "note": ""}  # fmt: skip
    row.update(fields)
    return row


def write_long(path: Path, doses: Sequence[dict[str, Any]], **kwargs: Any) -> Path:
    rows = [{HEADER_OF[k]: v for k, v in {"row_no": n, **d}.items()}
            for n, d in enumerate(doses, start=1)]  # fmt: skip
    return write_sheet(path, VAX_HEADERS, rows, sheet="Tiem vac-xin", title_rows=TITLE, **kwargs)


def wide_headers(doses: int = 3, style: str = "Mũi {n} - {what}") -> list[str]:
    """The student's columns, then each dose's date, vaccine and place."""
    head = ["STT", "Mã học sinh", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp"]
    for n in range(1, doses + 1):
        for what in ("Ngày tiêm", "Loại vắc-xin", "Nơi tiêm"):
            head.append(style.format(n=n, what=what, what_lower=what.lower()))
    return head


def wide_row(pupil: Pupil, number: int, *doses: tuple[Any, Any, Any]) -> list[Any]:
    cells: list[Any] = [number, pupil.code, pupil.name, pupil.birth, pupil.gender,
                        pupil.class_name]  # fmt: skip
    for group in doses:
        cells += list(group)
    return cells


def write_wide(
    path: Path, rows: Sequence[Sequence[Any]], headers: Sequence[str] | None = None
) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Tiem chung"
    for line in TITLE:
        ws.append(list(line))
    ws.append(list(headers or wide_headers()))
    for cells in rows:
        ws.append(list(cells))
    wb.save(path)
    return path


def run(db: Database, path: Path, **options: Any) -> ImportReport:
    return import_file(db, "vaccinations", path, ImportOptions(today=TODAY, **options))


def counts(db: Database) -> tuple[int, int, int]:
    """(vaccination rows, students, outbox rows) as the database has them."""
    conn = db.conn
    return (
        conn.execute("SELECT count(*) FROM vaccinations").fetchone()[0],
        conn.execute("SELECT count(*) FROM students").fetchone()[0],
        conn.execute("SELECT count(*) FROM outbox").fetchone()[0],
    )


def day(text: str) -> date:
    d, m, y = (int(p) for p in text.split("/"))
    return date(y, m, d)
