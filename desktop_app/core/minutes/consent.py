"""The consent form for parents (phiếu đồng ý xử lý dữ liệu cá nhân của học sinh): one page per
student, with the student's name and class filled in, for the parent to read and sign."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from sqlite_utils import Database

from desktop_app.core.errors import SongMayError
from desktop_app.core.importing.base import fetch_dicts
from desktop_app.core.locale import fmt_date
from desktop_app.core.minutes.template import MinutesDocument, load_minutes_template
from desktop_app.core.minutes.values import SHORT_BLANK, common_values, escaped, parse_date, text
from desktop_app.core.school import load_school

_ORDER = " ORDER BY grade, class_name, sort_key, code"


def consent_forms(
    db: Database,
    *,
    student_ids: Sequence[str] | None = None,
    student_codes: Sequence[str] | None = None,
    class_name: str | None = None,
    missing_only: bool = False,
    template_dir: Path | None = None,
) -> list[MinutesDocument]:
    """One consent form per chosen student (by id, by code, or a whole class), in class-list
    order; ``missing_only`` leaves out students whose consent is already recorded."""
    sql = "SELECT * FROM students WHERE deleted = 0"
    params: list[object] = []
    if student_ids is not None:
        sql += " AND id IN (SELECT value FROM json_each(?))"
        params.append(_json(student_ids))
    if student_codes is not None:
        sql += " AND code IN (SELECT value FROM json_each(?))"
        params.append(_json([c.strip() for c in student_codes]))
    if class_name:
        sql += " AND class_name = ?"
        params.append(class_name.strip())
    if missing_only:
        sql += " AND COALESCE(consent_date, '') = ''"
    rows = fetch_dicts(db.conn, sql + _ORDER, params)
    if student_codes is not None:
        found = {r["code"] for r in rows}
        for code in student_codes:
            if code.strip() not in found:
                raise SongMayError.of("consent.no_student", code="not_found", student_code=code)
    if not rows:
        raise SongMayError.of("consent.no_students", code="no_students")
    template = load_minutes_template("consent", template_dir)
    school = load_school(db)
    documents = []
    for row in rows:
        name = text(row["full_name"])
        title = f"Phiếu đồng ý xử lý dữ liệu cá nhân – {name} ({text(row['class_name'])})"
        birth = parse_date(row["birth_date"])
        values = escaped({
            **common_values(school, None, SHORT_BLANK),
            "title": title,
            "student_name": name,
            "student_code": row["code"],
            "birth_date": fmt_date(birth) if birth else row["birth_date"],
            "class_name": row["class_name"],
            "guardian_name": row["guardian_name"],
        })  # fmt: skip
        html = template.render(values, {})
        documents.append(MinutesDocument(unicodedata.normalize("NFC", title), html))
    return documents


def _json(values: Sequence[str]) -> str:
    return json.dumps(list(values))
