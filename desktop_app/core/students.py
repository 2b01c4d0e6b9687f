"""Students and their current need, as the window lists, searches, edits and deletes them.

Edits go through the same column parsers and row rules as the needs template, so a value the
importer refuses is refused in the form too, with the same message.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from sqlite_utils import Database

from desktop_app.core.clock import best_today
from desktop_app.core.errors import SongMayError
from desktop_app.core.forms import FormResult, display_values, form_fields, parse_form
from desktop_app.core.importing.base import changed_fields, fetch_dicts
from desktop_app.core.importing.needs import (
    CONSENT_COLUMNS,
    NeedsPlanner,
    need_values,
    student_values,
)
from desktop_app.core.messages import Msg, msg
from desktop_app.core.naming import student_keys
from desktop_app.core.rules.consent import NO_CONSENT_SQL, has_consent
from desktop_app.core.rules.holdings import load_holdings
from desktop_app.core.rules.needs import (
    CURRENT_NEEDS,
    LATEST_NEED,
    NeedStatus,
    current_need_of,
    status_after_change,
    status_after_student_change,
)
from desktop_app.core.rules.programme import Category, class_order, survey_round
from desktop_app.core.school import load_school
from desktop_app.core.store.changes import ChangeSet, deleted_records
from desktop_app.core.store.database import write_transaction
from desktop_app.core.templates.spec import load_template
from desktop_app.core.text import search_key

NEED_STATUSES: dict[str, Msg] = {status.value: status.label for status in NeedStatus}
# The consent columns have their own group in the form (``core.consent``): recorded and withdrawn
# on their own, not with the student's other fields.
FORM_FIELDS = tuple(f for f in form_fields("needs") if f not in CONSENT_COLUMNS)

# The latest need of each live student; one row per student.
_LIST_SQL = f"""
    SELECT s.id, s.code, s.full_name, s.name_key, s.birth_date, s.gender, s.class_name,
           n.category, n.requested_device, n.status, n.poverty_cert_no, n.has_device,
           n.review_comment, s.consent_date
    FROM students s
    LEFT JOIN needs n ON n.student_id = s.id AND n.deleted = 0 AND {LATEST_NEED}
    WHERE s.deleted = 0"""


@dataclass(frozen=True)
class StudentFilter:
    """What the clerk typed and picked above the student table."""

    text: str = ""  # diacritic-insensitive; matches name, code or class
    class_name: str | None = None
    category: int | None = None
    status: str | None = None
    problems_only: bool = False  # returned by the district, or a certificate number missing
    consent_missing: bool = False  # no parent's consent recorded (``rules.consent``)


@dataclass(frozen=True)
class StudentRow:
    id: str
    code: str
    full_name: str
    birth_date: date
    gender: str
    class_name: str
    category: int | None
    requested_device: str | None
    status: str | None
    problem: Msg | None  # why the row needs the clerk's attention
    has_consent: bool = False  # a parent's consent is recorded (``rules.consent``)

    @property
    def has_problem(self) -> bool:
        return self.problem is not None

    @property
    def returned(self) -> bool:
        """The district returned the current need: the clerk must correct it (``rules.needs``)."""
        return self.status == NeedStatus.RETURNED


def search_match(text: str) -> str | None:
    """The FTS5 query (over ``student_search``, schema 013) for what the clerk typed, or None
    when there is nothing to search for. The search box's one rule, without diacritics or case:

    - 3 characters or more: the name, the code or the class contains the text ("uyen v" finds
      Nguyễn Văn…, "0123" a code, "6a1" the classes 6A1 and 6A10);
    - 1–2 characters: a word of the name, the code or the class starts with it ("ng" finds
      Nguyễn, Ngọc, Ngô…, not Hoàng or Trung). Contains-matching of one or two letters would list
      most of a school ("n": 9 students in 10) and no index makes it cheap.
    """
    key = search_key(text)
    if not key:
        return None
    # the indexed text has each word after two spaces; an FTS5 string: a double quote doubled
    phrase = ("  " if len(key) < 3 else "") + key.replace(" ", "  ")
    return '"' + phrase.replace('"', '""') + '"'


# Above this many matches the first rows are found by walking the class-list order index and
# keeping the matching ones (at 200,000 students, 70,000 matches: 120 → 15 ms); below it, the
# matches are looked up and sorted (40 matches: 30 → 6 ms).
DENSE_MATCHES = 1000


def _where(
    flt: StudentFilter, *, walk: bool = False, matches: list[int] | None = None
) -> tuple[str, list[Any]]:
    """The filter's conditions; ``matches``: the text's matches (students' rowids), read from
    the index already, instead of reading it again."""
    clauses: list[str] = []
    params: list[Any] = []
    match = search_match(flt.text)
    if match and matches is not None:
        clauses.append("s.rowid IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(matches))
    elif match:
        # the index of live students (schema 013); "+" keeps SQLite from looking the matches up
        # by rowid, so that it walks the order index instead
        rowid = "+s.rowid" if walk else "s.rowid"
        clauses.append(
            f"{rowid} IN (SELECT rowid FROM student_search WHERE student_search MATCH ?)"
        )
        params.append(match)
    if flt.class_name:
        clauses.append("s.class_name = ?")
        params.append(flt.class_name)
    if flt.category is not None:
        clauses.append("n.category = ?")
        params.append(flt.category)
    if flt.status:
        clauses.append("n.status = ?")
        params.append(flt.status)
    if flt.problems_only:
        clauses.append(_PROBLEM_SQL)
    if flt.consent_missing:
        clauses.append(NO_CONSENT_SQL)
    return "".join(f" AND {c}" for c in clauses), params


_PROBLEM_SQL = (
    "(n.status = 'returned' OR (n.category IN (1, 2) AND COALESCE(n.poverty_cert_no, '') = ''))"
)


# What the student list can be ordered by; ties always fall back to the class-list order.
SORT_KEYS = {
    "name": "s.sort_key",
    "code": "s.code",
    "birth_date": "s.birth_date",
    "gender": "s.gender",
    "class": "s.grade, s.class_name",
    "category": "n.category",
    "device": "n.requested_device",
    "status": "n.status",
    "consent": "s.consent_date",
}


class StudentSearch:
    """The students matching a filter, in an order: their ids a slice at a time, and how many
    (counted from the index when only text is searched) — a keystroke costs the first screen of
    ids and a count of the first matches (``at_most``), not the ids or the count of every match
    (the table counts them when the typing pauses)."""

    def __init__(
        self,
        db: Database,
        flt: StudentFilter = StudentFilter(),
        *,
        order: str = "name",
        descending: bool = False,
    ) -> None:
        self._db = db
        self.filter = flt
        self._order = order
        self._descending = descending

    @cached_property
    def count(self) -> int:
        """How many match: read once, when first asked (every id at once needs no count)."""
        flt = self.filter
        text_only = flt == StudentFilter(text=flt.text)
        matches = self._matches() if search_match(flt.text) else None
        if matches is not None and text_only:  # the index holds live students
            return len(matches)
        where, params = _where(flt, matches=matches)
        if not where:  # every row less the deleted ones: two counts from small indexes
            sql = (
                "SELECT (SELECT COUNT(*) FROM students)"
                " - (SELECT COUNT(*) FROM students WHERE deleted = 1)"
            )
        elif text_only:
            sql = "SELECT COUNT(*) FROM student_search WHERE student_search MATCH ?"
        else:
            sql = f"SELECT COUNT(*) FROM ({self._sql(where, ordered=False)})"
        return int(self._db.execute(sql, params).fetchone()[0])

    @property
    def counted(self) -> bool:
        """Whether ``count`` is known without another query."""
        return "count" in self.__dict__

    @property
    def cheap_count(self) -> bool:
        """Whether ``count`` costs next to nothing at any size: known already, nothing searched
        for (two counts from small indexes), or a text with few matches (``_matches``)."""
        if self.counted or not _where(self.filter)[0]:
            return True
        return bool(search_match(self.filter.text)) and self._matches() is not None

    def known_count(self, count: int) -> None:
        """The count, found otherwise (a slice from the start shorter than asked for)."""
        self.__dict__["count"] = count

    def ids(self, offset: int = 0, limit: int | None = None) -> list[str]:
        """The ids from ``offset`` on (``limit`` of them, or all), in the search's order. A text
        search reads the index once for a slice when it has few matches (``_matches``); with
        many, the first matches in the order are found by walking the order index — never
        waiting for the count."""
        if offset and self.counted and offset >= self.count:
            return []
        sliced = limit is not None or bool(offset)
        matches = self._matches() if sliced and search_match(self.filter.text) else None
        walk = limit is not None and self._order == "name" and matches is None
        where, params = _where(self.filter, walk=walk, matches=matches)
        sql = self._sql(where)
        if sliced:
            sql += " LIMIT ? OFFSET ?"
            params += [-1 if limit is None else limit, offset]
        return [r[0] for r in self._db.execute(sql, params)]

    def _matches(self) -> list[int] | None:
        """The rowids of the students the text matches when there are at most DENSE_MATCHES of
        them (one read of the index, stopped after DENSE_MATCHES + 1); None when there are more
        (read once per search)."""
        if "_found" not in self.__dict__:
            rowids = [r for (r,) in self._db.execute(
                "SELECT rowid FROM student_search WHERE student_search MATCH ? LIMIT ?",
                [search_match(self.filter.text), DENSE_MATCHES + 1],
            )]  # fmt: skip
            self.__dict__["_found"] = rowids if len(rowids) <= DENSE_MATCHES else None
        found: list[int] | None = self.__dict__["_found"]
        return found

    def _sql(self, where: str, *, ordered: bool = True) -> str:
        direction = " DESC" if self._descending else ""
        keys = ", ".join(f"{key}{direction}" for key in SORT_KEYS[self._order].split(", "))
        order_by = f" ORDER BY {keys}, s.sort_key, s.code" if ordered else ""
        if "n." in where or "n." in order_by:  # start from the needs, keep each student's latest
            return (
                "SELECT s.id FROM needs n CROSS JOIN students s ON s.id = n.student_id"
                f" WHERE s.deleted = 0 AND n.deleted = 0 AND {LATEST_NEED}{where}{order_by}"
            )
        # names, codes and classes only: the students table and its order index suffice
        return f"SELECT s.id FROM students s WHERE s.deleted = 0{where}{order_by}"


def student_ids(
    db: Database,
    flt: StudentFilter = StudentFilter(),
    *,
    order: str = "name",
    descending: bool = False,
) -> list[str]:
    """The ids of the students matching ``flt``, in Vietnamese class-list order (given name
    first) or by ``order`` (a key of SORT_KEYS), computed by SQLite.

    Ids only: a table shows 50,000 students by fetching the rows of the page on screen (and
    ``StudentSearch`` gives the ids a screen at a time).
    """
    return StudentSearch(db, flt, order=order, descending=descending).ids()


def fetch_students(db: Database, ids: list[str]) -> list[StudentRow]:
    """The rows for ``ids``, in the same order (ids no longer there are left out)."""
    found: dict[str, StudentRow] = {}
    for start in range(0, len(ids), 500):  # SQLite's limit on bound parameters
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for r in db.execute(f"{_LIST_SQL} AND s.id IN ({marks})", chunk):
            found[r[0]] = _row(r)
    return [found[i] for i in ids if i in found]


def list_students(db: Database, flt: StudentFilter = StudentFilter()) -> list[StudentRow]:
    """Every student matching ``flt``, in Vietnamese class-list order."""
    return fetch_students(db, student_ids(db, flt))


def _row(r: tuple[Any, ...]) -> StudentRow:
    return StudentRow(
        id=r[0],
        code=r[1],
        full_name=r[2],
        birth_date=date.fromisoformat(r[4]),
        gender=r[5],
        class_name=r[6],
        category=r[7],
        requested_device=r[8],
        status=r[9],
        problem=_problem(r[9], r[7], r[10], r[12]),
        has_consent=has_consent(r[13]),
    )


def _problem(
    status: str | None, category: int | None, certificate: str | None, comment: str | None
) -> Msg | None:
    """The same rule as the "has problems" filter (_PROBLEM_SQL), said in words."""
    if status == NeedStatus.RETURNED:
        if comment:
            return msg("student.problem.returned_with_comment", comment=comment)
        return msg("student.problem.returned")
    if category and Category(category).needs_poverty_certificate and not certificate:
        return msg("student.problem.no_certificate")
    return None


def returned_count(db: Database) -> int:
    """How many live students' current needs the district returned (``Figures.needs_returned``,
    without the rest of the school's figures): what the student list's "Bị trả lại" filter shows."""
    row = db.execute(
        f"SELECT COUNT(*) FROM {CURRENT_NEEDS} AND n.status = ?", [NeedStatus.RETURNED.value]
    ).fetchone()
    return int(row[0])


def class_names(db: Database) -> list[str]:
    names = [r[0] for r in db.execute("SELECT DISTINCT class_name FROM students WHERE deleted = 0")]
    return sorted(names, key=class_order)


def load_student_form(db: Database, student_id: str) -> dict[str, str]:
    """The form's values for one student, as the clerk reads them (labels, dd/mm/yyyy)."""
    found = fetch_dicts(db.conn, _LIST_SQL.replace("n.has_device", "n.*") + " AND s.id = ?",
                        [student_id])  # fmt: skip
    student = fetch_dicts(db.conn, "SELECT * FROM students WHERE id = ?", [student_id])
    if not found or not student:
        raise SongMayError.of("student.not_found", code="not_found")
    values: dict[str, Any] = {**student[0], **{k: v for k, v in found[0].items() if v is not None}}
    values["student_code"] = student[0]["code"]
    return display_values("needs", values)


def check_student_form(
    db: Database,
    raw: Mapping[str, Any],
    *,
    student_id: str | None = None,
    today: date | None = None,
) -> tuple[dict[str, Any], FormResult]:
    """Parse and check the form exactly as the importer checks a row of the needs template."""
    today = today or best_today(db)
    planner = NeedsPlanner(load_template("needs"), level=load_school(db).level, as_of=today)
    row, result = parse_form("needs", raw, planner, today)
    code = row.values.get("student_code")
    if code:
        clash = db.execute(
            "SELECT id FROM students WHERE code = ? AND deleted = 0 AND id != ?",
            [code, student_id or ""],
        ).fetchone()
        if clash:
            result.add_error("student_code", msg("student.code_taken", code=code))
    if student_id and result.ok:
        _check_supported_need(db, student_id, row.values, result)
    return row.values, result


def _check_supported_need(
    db: Database, student_id: str, values: Mapping[str, Any], result: FormResult
) -> None:
    """A student who received a device keeps the need they received it for (as on import)."""
    since = load_holdings(db.conn, student_id=student_id).supported_since(student_id)
    if since is None:
        return
    latest = current_need_of(db.conn, student_id=student_id)
    if latest and changed_fields(latest, need_values(dict(values))):
        result.add_error("student_code", msg("already_supported", value=values["student_code"],
                                             date=since))  # fmt: skip


def save_student(
    db: Database,
    raw: Mapping[str, Any],
    *,
    student_id: str | None = None,
    today: date | None = None,
) -> FormResult:
    """Add or edit a student and their need for the current survey round, as one recorded change."""
    today = today or best_today(db)
    values, result = check_student_form(db, raw, student_id=student_id, today=today)
    if not result.ok:
        return result
    student = student_values(values)
    student["code"] = values["student_code"]
    student |= student_keys(student["full_name"], student["class_name"])
    need = need_values(values)
    changes = ChangeSet(source="form")
    with write_transaction(db):
        if student_id is None:  # a new student, or one deleted before and added again
            gone = deleted_records(db.conn, "student", lambda r: r["code"]).get(student["code"])
            stored = changes.insert_or_revive("student", student, gone)
            gone_need = deleted_records(
                db.conn, "need", lambda r: (r["student_id"], r["survey_round"])
            ).get((stored["id"], survey_round(today)))
            changes.insert_or_revive("need", {"student_id": stored["id"], "survey_round":
                                              survey_round(today), **need, "status": "proposed",
                                              "review_comment": None}, gone_need)  # fmt: skip
            result.record_id = stored["id"]
        else:
            old = _one(db.conn, "SELECT * FROM students WHERE id = ? AND deleted = 0", student_id)
            student_changed = bool(changed_fields(old, student))
            changes.update("student", old, student)
            _save_need(db.conn, changes, student_id, need, today, student_changed=student_changed)
            result.record_id = student_id
        changes.apply(db.conn)
    return result


def _save_need(
    conn: sqlite3.Connection,
    changes: ChangeSet,
    student_id: str,
    need: dict[str, Any],
    today: date,
    *,
    student_changed: bool = False,
) -> None:
    latest = current_need_of(conn, student_id=student_id)
    if latest and not changed_fields(latest, need):
        status = status_after_student_change(latest["status"])
        if student_changed and status != latest["status"]:
            changes.update("need", latest, {"status": status.value})
        return
    if latest and latest["survey_round"] == survey_round(today):
        status = status_after_change(latest["status"])
        changes.update("need", latest, {**need, "status": status.value})
    else:
        changes.insert("need", {"student_id": student_id, "survey_round": survey_round(today),
                                **need, "status": "proposed"})  # fmt: skip


def delete_student(db: Database, student_id: str) -> None:
    """Delete a student and their needs (recorded, synced, audited). A student who received a
    device is never deleted: the handover history must stay."""
    with write_transaction(db):
        old = _one(db.conn, "SELECT * FROM students WHERE id = ? AND deleted = 0", student_id)
        handed = db.execute(
            "SELECT 1 FROM handovers WHERE student_id = ? AND deleted = 0 LIMIT 1", [student_id]
        ).fetchone()
        if handed:
            raise SongMayError.of("student.has_history", code="has_handover",
                                  name=old["full_name"], student_code=old["code"])  # fmt: skip
        changes = ChangeSet(source="form")
        for need in fetch_dicts(
            db.conn, "SELECT * FROM needs WHERE student_id = ? AND deleted = 0", [student_id]
        ):
            changes.delete("need", need)
        changes.delete("student", old)
        changes.apply(db.conn)


def _one(conn: sqlite3.Connection, sql: str, key: str) -> dict[str, Any]:
    found = fetch_dicts(conn, sql, [key])
    if not found:
        raise SongMayError.of("student.not_found", code="not_found")
    return found[0]
