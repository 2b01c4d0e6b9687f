"""Template 3 — Bàn giao: which device went to which student, and when.

The planner only turns each row's cells into a ``HandoverRequest`` and puts the checker's
findings on the row's cells; the rules are those of ``desktop_app.core.handovers``, the same for
the window and the command line.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date

from desktop_app.core.handovers import HandoverChecker, HandoverRequest, write_handovers
from desktop_app.core.importing.base import WriteCounts
from desktop_app.core.importing.rows import ParsedRow
from desktop_app.core.rules.receivers import STUDENT, default_relationship
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.templates.spec import CodeList, TemplateSpec


def request_from_row(row: ParsedRow) -> HandoverRequest:
    """A row's typed values as a request. The template has no column for the receiver's
    relationship to the student: it is the code list's default for the role ("Cha/mẹ")."""
    v = row.values
    role = v.get("receiver_role") or STUDENT
    return HandoverRequest(
        serial=v["serial"],
        student_code=v["student_code"],
        handover_date=v["handover_date"],
        receiver_role=role,
        receiver_name=v.get("receiver_name"),
        relationship=default_relationship(role),
        note=v.get("note"),
    )


class HandoversPlanner:
    def __init__(self, spec: TemplateSpec, codelists: dict[str, CodeList], today: date) -> None:
        self.spec = spec
        self.today = today
        self.header = {c.field: c.header for c in spec.columns}
        self.first_minutes_no = 1  # read from the database in plan()

    def row_check(self, row: ParsedRow) -> None:
        """Nothing to check on a row alone: the checker sees the whole request."""

    def plan(self, rows: Sequence[ParsedRow], conn: sqlite3.Connection) -> None:
        readable = [row for row in rows if not row.has_errors]
        checker = HandoverChecker(conn, today=self.today)
        self.first_minutes_no = checker.next_minutes_no
        decisions = checker.check([request_from_row(r) for r in readable],
                                  [r.row for r in readable])  # fmt: skip
        for row, decision in zip(readable, decisions, strict=True):
            for finding in decision.findings:
                row.add_finding(finding, self.header.get(finding.field, finding.field))
            if decision.ok:
                row.action = decision

    def write(self, rows: Sequence[ParsedRow], changes: ChangeSet) -> WriteCounts:
        decisions = [row.action for row in rows]
        created, unchanged = write_handovers(decisions, changes, self.today, self.first_minutes_no)
        return WriteCounts(created=created, unchanged=unchanged)
