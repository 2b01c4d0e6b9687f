"""The recovery key sheet (phiếu khóa khôi phục dữ liệu): one A4 page in the layout of the
minutes (Decree 30/2020) with the school, the database file's name, the date and the recovery key
in large groups, what it is for, where to keep it and how to use it, for the school's safe.

The sheet always comes from the bundled template (a school's edited copy is not used: the key and
its instructions must not be left out). It holds no student's data; a print or a PDF of it is a
row of the access trail (``recovery_sheet``)."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from desktop_app.core.locale import fmt_date
from desktop_app.core.minutes.template import MinutesDocument, load_minutes_template
from desktop_app.core.minutes.values import SHORT_BLANK, common_values, escaped
from desktop_app.core.school import load_school
from desktop_app.core.store.keys import recovery_key

TITLE = "Phiếu khóa khôi phục dữ liệu"
GROUPS_ON_FIRST_LINE = 6


def key_lines(key: bytes) -> tuple[str, str]:
    """The recovery key of ``key`` on two lines (6 groups, then 5), as printed and shown."""
    groups = recovery_key(key).split("-")
    return (
        "-".join(groups[:GROUPS_ON_FIRST_LINE]),
        "-".join(groups[GROUPS_ON_FIRST_LINE:]),
    )


def recovery_sheet(
    db: Database, db_path: Path | str, key: bytes, *, made: date | None = None
) -> MinutesDocument:
    """The sheet for the database ``db_path`` (only its file name is printed: the folder often
    carries a Windows user's name) whose key is ``key``."""
    made = made or date.today()
    school = load_school(db)
    first, second = key_lines(key)
    title = f"{TITLE} – {Path(db_path).name}"
    values = escaped({
        **common_values(school, made, SHORT_BLANK),
        "title": title,
        "database_name": Path(db_path).name,
        "made_date": fmt_date(made),
        "key_line_1": first,
        "key_line_2": second,
    })  # fmt: skip
    html = load_minutes_template("recovery").render(values, {})
    return MinutesDocument(unicodedata.normalize("NFC", title), html)
