"""The access trail: every copy of the children's data that leaves the database — an export, a
report, printed or PDF minutes, a backup, a USB copy, a USB sync package — is a row of
``access_log``: who, when, what (the kind and the file's *name*, never its folder, which often
carries a Windows user's name), how many students.

The rows stay at the school (they are not data changes: nothing to sync). Each is written by the
core function that does the work, so the window and the command line both record it; by the
connection's session user unless an actor is given (``store.session``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop_app.core.store.changes import utc_now
from desktop_app.core.store.session import actor_of

KINDS = (
    "export",  # an Excel/CSV export of a template (students, needs, devices, handovers)
    "report",  # a signed report (4.8.2 summary, donors)
    "minutes_pdf",  # handover/receipt minutes written to PDF
    "minutes_print",  # … sent to a printer
    "backup",  # a backup in the backups folder (manual, daily, before import/restore)
    "copy",  # a plain copy elsewhere (backup --out)
    "usb_copy",  # an encrypted USB copy
    "sync_package",  # a USB sync package for the district
    "recovery_sheet",  # the recovery key sheet, printed or saved as PDF (no student in it)
    "consent_forms",  # consent forms for parents, printed or saved as PDF (one per student)
)


@dataclass(frozen=True)
class AccessRow:
    id: int
    at: str
    actor: str
    kind: str
    target: str
    students: int | None

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "at": self.at, "actor": self.actor, "kind": self.kind,
                "target": self.target, "students": self.students}  # fmt: skip


def record_access(
    conn: sqlite3.Connection,
    kind: str,
    target: Path | str,
    students: int | None,
    *,
    actor: str | None = None,
) -> None:
    """One row; inside the caller's transaction when there is one, else committed at once."""
    if kind not in KINDS:
        raise ValueError(f"unknown access kind {kind!r}")
    outer = conn.in_transaction
    conn.execute(
        "INSERT INTO access_log (at, actor, kind, target, students) VALUES (?,?,?,?,?)",
        [utc_now(), actor_of(conn, actor), kind, Path(target).name, students],
    )
    if not outer and conn.in_transaction:
        conn.commit()


def record_minutes(
    conn: sqlite3.Connection,
    kind: str,
    target: Path | str,
    documents: int,
    *,
    actor: str | None = None,
) -> None:
    """Printed or PDF handover minutes: one set per student (receipt minutes name none)."""
    record_access(conn, kind, target, documents, actor=actor)


def has_access_log(conn: sqlite3.Connection) -> bool:
    """False on a file of a version before the trail (a backup made before its migration)."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'access_log'"
    ).fetchone()
    return row is not None


def student_count(conn: sqlite3.Connection) -> int:
    """The students whose data a whole-database copy carries (the deleted ones too: their rows
    are still in the file)."""
    return int(conn.execute("SELECT COUNT(*) FROM students").fetchone()[0])


def pending_students(conn: sqlite3.Connection) -> int:
    """The students a sync package carries: those whose record, need, handover or vaccination
    is pending."""
    row = conn.execute(
        """SELECT COUNT(DISTINCT CASE entity WHEN 'student' THEN entity_id
                                  ELSE json_extract(data, '$.student_id') END)
           FROM outbox
           WHERE status = 'pending'
             AND entity IN ('student', 'need', 'handover', 'vaccination')"""
    ).fetchone()
    return int(row[0])


def list_access(conn: sqlite3.Connection, *, since: date | None = None) -> list[AccessRow]:
    sql = "SELECT id, at, actor, kind, target, students FROM access_log"
    params: list[str] = []
    if since is not None:
        sql += " WHERE at >= ?"
        params.append(since.isoformat())
    rows = conn.execute(sql + " ORDER BY id", params).fetchall()
    return [AccessRow(*row) for row in rows]


def audit_entries(
    conn: sqlite3.Connection, *, since: date | None = None, access_only: bool = False
) -> list[dict[str, object]]:
    """The journal of changes and the access trail in one list, oldest first (``songmay audit``).
    A change names its record by id, never by a child's name."""
    entries: list[dict[str, object]] = [
        {"at": row.at, "actor": row.actor, "what": row.kind, "target": row.target,
         "students": row.students, "source": "access"}
        for row in list_access(conn, since=since)
    ]  # fmt: skip
    if not access_only:
        sql = "SELECT at, actor, op, entity, entity_id, source FROM audit_log"
        params: list[str] = []
        if since is not None:
            sql += " WHERE at >= ?"
            params.append(since.isoformat())
        for at, actor, op, entity, entity_id, source in conn.execute(sql + " ORDER BY id", params):
            entries.append({"at": at, "actor": actor, "what": f"{op} {entity}",
                            "target": entity_id, "source": source})  # fmt: skip
    entries.sort(key=lambda entry: str(entry["at"]))
    return entries
