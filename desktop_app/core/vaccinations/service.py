"""What the window and the command line call: record doses (all or none), correct a dose, cancel
a dose recorded by mistake, read a student's history. Every change and its journal row are
written in one transaction (``ChangeSet``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Database

from desktop_app.core.errors import SongMayError
from desktop_app.core.importing.base import fetch_dicts
from desktop_app.core.messages import Msg, msg
from desktop_app.core.rules.findings import Finding
from desktop_app.core.rules.vaccinations import (
    DOSE,
    VOID,
    VaccinationEvent,
    check_new_doses,
    check_void,
    load_current_doses,
)
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction
from desktop_app.core.vaccinations.checks import (
    DoseDecision,
    DoseRequest,
    VaccinationChecker,
    dose_record,
    stored_day,
    write_doses,
)

SOURCE = "vaccination"


class DoseNotFound(SongMayError):
    """The dose to correct or cancel is not one of the student's current doses."""

    code = "not_found"


@dataclass
class Recorded:
    """The outcome of ``record_doses``: one decision per request; nothing saved when any has an
    error (``saved`` False)."""

    decisions: list[DoseDecision] = field(default_factory=list)
    saved: bool = False

    @property
    def created(self) -> int:
        return (
            sum(1 for d in self.decisions if d.record_id and not d.unchanged) if self.saved else 0
        )


def check_doses(
    db: Database, requests: Sequence[DoseRequest], *, today: date
) -> list[DoseDecision]:
    """What is wrong with each request, as ``record_doses`` would say, without saving."""
    return VaccinationChecker(db.conn, today=today).check(requests)


def record_doses(
    db: Database, requests: Sequence[DoseRequest], *, today: date, actor: str | None = None
) -> Recorded:
    """Record several doses (a form's one, a vaccination day's class) — all of them or none."""
    changes = ChangeSet(source=SOURCE) if actor is None else ChangeSet(actor, SOURCE)
    with write_transaction(db):
        decisions = VaccinationChecker(db.conn, today=today).check(requests)
        if not all(d.ok for d in decisions):
            return Recorded(decisions, saved=False)
        write_doses(decisions, changes, today)
        changes.apply(db.conn)
    return Recorded(decisions, saved=True)


def correct_dose(
    db: Database, event_id: str, request: DoseRequest, *, today: date, actor: str | None = None
) -> DoseDecision:
    """Record ``request`` in place of the current dose ``event_id`` (a new row superseding it).
    The decision's findings say why not when it has an error; then nothing is saved."""
    changes = ChangeSet(source=SOURCE) if actor is None else ChangeSet(actor, SOURCE)
    with write_transaction(db):
        old = _current_event(db.conn, event_id)
        decision = _correction(db.conn, old, request, today)
        if not decision.ok:
            return decision
        record = dose_record(request, old.student_id, today, supersedes=old.id)
        decision.record_id = changes.insert("vaccination", record)["id"]
        changes.apply(db.conn)
    return decision


def check_correction(
    db: Database, event_id: str, request: DoseRequest, *, today: date
) -> DoseDecision:
    """What ``correct_dose`` would say about ``request``, without saving (the form asks about
    warnings before it saves)."""
    return _correction(db.conn, _current_event(db.conn, event_id), request, today)


def _correction(
    conn: sqlite3.Connection, old: VaccinationEvent, request: DoseRequest, today: date
) -> DoseDecision:
    """``request`` checked against the student's other current doses (the one it replaces
    left out)."""
    decision = DoseDecision(request, student_id=old.student_id)
    others = [e.dose for e in load_current_doses(conn, [old.student_id]).get(
        old.student_id, []) if e.id != old.id]  # fmt: skip
    birth = _birth_date(conn, old.student_id)
    decision.findings += check_new_doses(others, [request.dose], birth_date=birth,
                                         today=today)[0]  # fmt: skip
    return decision


def void_dose(
    db: Database, event_id: str, *, today: date, note: str | None = None,
    actor: str | None = None,
) -> list[Finding]:  # fmt: skip
    """Cancel a dose recorded by mistake (a ``void`` row superseding it). Returns the rules'
    findings: when there is an error (a later dose follows), nothing is saved."""
    changes = ChangeSet(source=SOURCE) if actor is None else ChangeSet(actor, SOURCE)
    with write_transaction(db):
        old = _current_event(db.conn, event_id)
        current = load_current_doses(db.conn, [old.student_id]).get(old.student_id, [])
        findings = check_void([e.dose for e in current], old.dose)
        if any(f.is_error for f in findings):
            return findings
        record = {
            "student_id": old.student_id, "kind": VOID, "dose_no": old.dose_no,
            "vaccinated_on": old.vaccinated_on.isoformat(), "vaccine": old.vaccine,
            "place": old.place, "supersedes": old.id, "note": note or None,
            "recorded_on": today.isoformat(), "late": 0,
        }  # fmt: skip
        changes.insert("vaccination", record)
        changes.apply(db.conn)
    return findings


def student_history(conn: sqlite3.Connection, student_id: str) -> list[VaccinationEvent]:
    """Every vaccination row of a student (current, corrected and cancelled), oldest first."""
    rows = fetch_dicts(conn, "SELECT * FROM vaccinations WHERE student_id = ? AND deleted = 0"
                       " ORDER BY created_at, rowid", (student_id,))  # fmt: skip
    return [VaccinationEvent.from_record(r) for r in rows]


def current_of(conn: sqlite3.Connection, student_id: str) -> list[VaccinationEvent]:
    """A student's current doses, by dose number."""
    return load_current_doses(conn, [student_id]).get(student_id, [])


def event_status(events: Sequence[VaccinationEvent]) -> dict[str, Msg]:
    """Each row of a history in words: current, corrected (by a later row) or cancelled."""
    by_superseded = {e.supersedes: e for e in events if e.supersedes}
    status: dict[str, Msg] = {}
    for event in events:
        if event.kind == VOID:
            status[event.id] = msg("vaccination.status.void_row")
        elif event.id in by_superseded:
            later = by_superseded[event.id]
            status[event.id] = msg("vaccination.status." + ("cancelled" if later.kind == VOID
                                                             else "corrected"))  # fmt: skip
        else:
            status[event.id] = msg("vaccination.status.current")
    return status


def _current_event(conn: sqlite3.Connection, event_id: str) -> VaccinationEvent:
    rows = fetch_dicts(conn, "SELECT * FROM vaccinations WHERE id = ? AND deleted = 0",
                       (event_id,))  # fmt: skip
    if not rows or rows[0]["kind"] != DOSE:
        raise DoseNotFound(msg("vaccination.not_current"))
    event = VaccinationEvent.from_record(rows[0])
    current = load_current_doses(conn, [event.student_id]).get(event.student_id, [])
    if all(e.id != event.id for e in current):
        raise DoseNotFound(msg("vaccination.not_current"))
    return event


def _birth_date(conn: sqlite3.Connection, student_id: str) -> date | None:
    row = conn.execute("SELECT birth_date FROM students WHERE id = ?", (student_id,)).fetchone()
    return stored_day(row[0]) if row else None
