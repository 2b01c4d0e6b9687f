"""Template 3 — Bàn giao: which device went to which student, and when.

The planner only turns each row's cells into a ``HandoverRequest`` and puts the checker's
findings on the row's cells; the rules are those of ``desktop_app.core.handovers``, the same for
the window and the command line.

The template's optional columns (who handed over and their position; the receiver's
relationship to the student, citizen ID and address) may be missing from a file made before they
existed: such a file imports as before, and the minutes fill the gaps (the school's principal as
the giver, the role's relationship, the student's address). A handover already recorded (the
same device to the same student on the same day) is not recorded again, but what the file now
says in those columns completes or corrects it: the school that imported its handovers before
the columns existed re-imports the file with them filled in.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import Any

from desktop_app.core.handovers import HandoverChecker, HandoverRequest, write_handovers
from desktop_app.core.importing.base import WriteCounts, fetch_dicts
from desktop_app.core.importing.rows import ParsedRow
from desktop_app.core.rules.identifiers import normalise_citizen_id
from desktop_app.core.rules.receivers import (
    STUDENT,
    default_relationship,
    is_listed_relationship,
    receives_in_person,
    relationship_list,
    relationship_said,
)
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.templates.spec import CodeList, TemplateSpec


def request_from_row(row: ParsedRow) -> HandoverRequest:
    """A row's typed values as a request. The receiver's relationship is the list's label for the
    cell ("Mẹ" for "mẹ", "Má" or "mother"), or the words as written; when the cell is empty (or
    the file has no such column) it is the code list's default for the role ("Cha/mẹ")."""
    v = row.values
    role = v.get("receiver_role") or STUDENT
    relationship = None
    if not receives_in_person(role):
        relationship = relationship_said(v.get("relationship")) or default_relationship(role)
    return HandoverRequest(
        serial=v["serial"],
        student_code=v["student_code"],
        handover_date=v["handover_date"],
        receiver_role=role,
        receiver_name=v.get("receiver_name"),
        relationship=relationship,
        receiver_citizen_id=v.get("receiver_citizen_id"),
        receiver_address=v.get("receiver_address"),
        handed_by=v.get("handed_by"),
        handed_by_position=v.get("handed_by_position"),
        note=v.get("note"),
    )


# The optional columns whose cells complete a handover already recorded.
DETAIL_COLUMNS = ("handed_by", "handed_by_position", "relationship", "receiver_citizen_id",
                  "receiver_address")  # fmt: skip


def _details_given(row: ParsedRow, request: HandoverRequest) -> dict[str, Any]:
    """The details the row's cells give (not the defaults filled in for empty ones), as stored."""
    given: dict[str, Any] = {}
    for name in DETAIL_COLUMNS:
        value = getattr(request, name)
        if row.values.get(name) in (None, "") or value is None:
            continue
        if name == "relationship":
            value = relationship_said(value)
        elif name == "receiver_citizen_id":
            value = normalise_citizen_id(value)
        given[name] = value
    return given


class HandoversPlanner:
    def __init__(self, spec: TemplateSpec, codelists: dict[str, CodeList], today: date) -> None:
        self.spec = spec
        self.today = today
        self.header = {c.field: c.header for c in spec.columns}
        self.first_minutes_no = 1  # read from the database in plan()
        # A handover recorded already: (its row, the details the file completes it with).
        self.completions: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}

    def row_check(self, row: ParsedRow) -> None:
        """A relationship the list does not know is kept as written, and said (a typo would
        otherwise be printed on the minutes unnoticed)."""
        relationship = row.values.get("relationship")
        if relationship and not is_listed_relationship(relationship):
            examples = ", ".join(relationship_list().labels[:4])
            row.add("warning", "invalid_choice", "handover.relationship_not_listed", "relationship",
                    self.header["relationship"], value=relationship, examples=examples)  # fmt: skip

    def plan(self, rows: Sequence[ParsedRow], conn: sqlite3.Connection) -> None:
        readable = [row for row in rows if not row.has_errors]
        checker = HandoverChecker(conn, today=self.today)
        self.first_minutes_no = checker.next_minutes_no
        decisions = checker.check([request_from_row(r) for r in readable],
                                  [r.place for r in readable])  # fmt: skip
        for row, decision in zip(readable, decisions, strict=True):
            for finding in decision.findings:
                row.add_finding(finding, self.header.get(finding.field, finding.field))
            if decision.ok:
                row.action = decision
        self._plan_completions(readable, conn)

    def _plan_completions(self, rows: Sequence[ParsedRow], conn: sqlite3.Connection) -> None:
        given = {
            row.action.record_id: _details_given(row, row.action.request)
            for row in rows
            if row.action is not None and row.action.unchanged
        }
        given = {record_id: details for record_id, details in given.items() if details}
        if not given:
            return
        recorded = fetch_dicts(conn, "SELECT * FROM handovers WHERE id IN"
                               " (SELECT value FROM json_each(?))", (json.dumps(list(given)),))  # fmt: skip
        for old in recorded:
            new = {k: v for k, v in given[old["id"]].items() if old.get(k) != v}
            if new:
                self.completions[old["id"]] = (old, new)

    def write(self, rows: Sequence[ParsedRow], changes: ChangeSet) -> WriteCounts:
        decisions = [row.action for row in rows]
        created, unchanged = write_handovers(decisions, changes, self.today, self.first_minutes_no)
        updated = 0
        for decision in decisions:
            completion = self.completions.get(decision.record_id) if decision.unchanged else None
            if completion is not None:
                changes.update("handover", *completion)
                updated += 1
        return WriteCounts(created=created, updated=updated, unchanged=unchanged - updated)
