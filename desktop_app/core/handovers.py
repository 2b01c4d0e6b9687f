"""Handing devices to students, taking them back, and the history of both.

A handover is a typed ``HandoverRequest`` (which device, which student, when, who received it for
the student…). The window's proposal and the command line build requests directly; a form of
text the clerk typed is read into one by ``read_handover_form`` (the importer's own cell parsers,
so a bad date gets the same sentence everywhere); an imported row is turned into one by the
handovers template's planner. All of them are checked by the one ``HandoverChecker`` against the
rules layer (holdings, eligibility, receivers) and written by ``write_handovers``.
History is never rewritten: a return or a replacement is a new event.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from desktop_app.core.forms import FormResult
from desktop_app.core.importing.base import fetch_dicts
from desktop_app.core.messages import Msg, msg
from desktop_app.core.rules import findings as F
from desktop_app.core.rules.eligibility import Ineligible, approval_policy, eligibility
from desktop_app.core.rules.findings import Finding
from desktop_app.core.rules.holdings import (
    DeviceState,
    Holdings,
    ReturnReason,
    Support,
    load_holdings,
)
from desktop_app.core.rules.identifiers import normalise_citizen_id
from desktop_app.core.rules.needs import NeedStatus, status_after_faulty_return
from desktop_app.core.rules.programme import DEADLINES, is_late
from desktop_app.core.rules.receivers import (
    STUDENT,
    default_relationship,
    receiver_list,
    receives_in_person,
)
from desktop_app.core.rules.students import check_citizen_id_of
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction
from desktop_app.core.templates.cells import CellContext, ColumnParsers, Invalid, parse_date
from desktop_app.core.templates.spec import CodeLabel, ColumnLabel, load_codelists, load_template
from desktop_app.core.text import clean_text

__all__ = [
    "HANDOVER_REPORT_DAYS",
    "HandoverChecker",
    "HandoverRequest",
    "HistoryEvent",
    "WaitingDevice",
    "check_handovers",
    "device_history",
    "device_standing",
    "devices_waiting",
    "held_by_student",
    "read_handover_form",
    "record_handovers",
    "record_return",
    "student_history",
]

# The district reports handovers to the department within 5 days of the school receiving the
# devices (seed 004): a device still on the shelf after that is overdue.
HANDOVER_REPORT_DAYS = DEADLINES["district_report"].days


@dataclass(frozen=True)
class HandoverRequest:
    """One handover as the rules check it: typed values, not what a cell or a box held."""

    serial: str
    student_code: str
    handover_date: date
    receiver_role: str = STUDENT
    receiver_name: str | None = None  # who received for the student (not the student)
    relationship: str | None = None  # of that person to the student
    receiver_citizen_id: str | None = None
    handed_by: str | None = None  # the school's person who signs for the school
    handed_by_position: str | None = None
    condition: str | None = None
    accessories: str | None = None
    note: str | None = None


# Fields a handover has beyond the handovers template's columns; the window's form fills them.
DETAIL_FIELDS = (
    "relationship", "receiver_citizen_id", "handed_by", "handed_by_position", "condition",
    "accessories",
)  # fmt: skip
REQUEST_FIELDS = tuple(f.name for f in fields(HandoverRequest))


# --- reading what the clerk typed ----------------------------------------------------------------


def read_handover_form(
    form: Mapping[str, Any], *, today: date
) -> tuple[HandoverRequest | None, FormResult]:
    """A form of texts (a date as dd/mm/yyyy, a receiver as its label or code…) read into a
    request with the handovers template's own parsers; what cannot be read is said per field."""
    spec = load_template("handovers")
    parsers = ColumnParsers(load_codelists(), CellContext(today=today, as_of=today))
    result = FormResult()
    values: dict[str, Any] = {}
    for column in spec.columns:
        if column.type == "ignore":
            continue
        raw = form.get(column.field)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if column.required:
                result.add_error(column.field, msg("form.required",
                                                   column=ColumnLabel("handovers", column.field)))  # fmt: skip
            values[column.field] = None
            continue
        try:
            values[column.field] = parsers.for_column(column)(raw)
        except Invalid as exc:
            result.add_error(column.field, Msg(exc.message_id, exc.params))
    for name in DETAIL_FIELDS:
        raw = form.get(name)
        values[name] = (clean_text(raw) or None) if isinstance(raw, str) else raw
    if not result.ok:
        return None, result
    values["receiver_role"] = values["receiver_role"] or STUDENT
    return HandoverRequest(**values), result


# --- the checks ------------------------------------------------------------------------------------


@dataclass
class HandoverDecision:
    """What the checker decided about one request."""

    request: HandoverRequest
    findings: list[Finding] = field(default_factory=list)
    device_id: str | None = None
    student_id: str | None = None
    need: dict[str, Any] | None = None  # the student's current need, as stored
    unchanged: bool = False  # exactly this handover is recorded already (a re-imported file)
    record_id: str | None = None  # the handover written (or found unchanged)

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)

    def refuse(self, code: str, field_name: str, message_id: str, **params: Any) -> None:
        self.findings.append(F.error(code, field_name, message_id, **params))


def _request_findings(request: HandoverRequest, today: date) -> Iterator[Finding]:
    """What the request alone tells: the date is not in the future; who received for the student
    is named, with their relationship; their ID, if given, is a citizen ID."""
    if request.handover_date > today:
        yield F.error("date_out_of_range", "handover_date", "date_out_of_range.future",
                      value=request.handover_date, today=today)  # fmt: skip
    if not receives_in_person(request.receiver_role):
        if not request.receiver_name:
            yield F.error("required", "receiver_name", "required.receiver_name",
                          role=CodeLabel("receiver", request.receiver_role),
                          column_name=ColumnLabel("handovers", "receiver_name"))  # fmt: skip
        if not request.relationship:
            yield F.error("required", "relationship", "handover.relationship_required")
    if request.receiver_citizen_id:
        fault = check_citizen_id_of("receiver_citizen_id", request.receiver_citizen_id)
        if fault is not None:
            yield fault


class HandoverChecker:
    """Everything a handover is checked against, read once: the devices, the students and their
    current needs, who holds what (``Holdings``) and the school's approval policy."""

    def __init__(self, conn: sqlite3.Connection, *, today: date) -> None:
        self.today = today
        self.policy = approval_policy(conn)
        self.holdings: Holdings = load_holdings(conn)
        self.devices = {
            d["serial"].casefold(): d
            for d in fetch_dicts(
                conn,
                "SELECT v.id, v.serial, b.received_date FROM devices v"
                " JOIN donation_batches b ON b.id = v.batch_id WHERE v.deleted = 0",
            )
        }
        self.students = dict(conn.execute("SELECT code, id FROM students WHERE deleted = 0"))
        self.needs: dict[str, dict[str, Any]] = {}
        for need in fetch_dicts(
            conn, "SELECT * FROM needs WHERE deleted = 0 ORDER BY student_id, survey_round"
        ):
            self.needs[need["student_id"]] = need  # the latest round wins
        self.codes = {student_id: code for code, student_id in self.students.items()}
        # Minutes numbers run on through the year of recording.
        used = conn.execute(
            "SELECT MAX(minutes_no) FROM handovers WHERE substr(event_date, 1, 4) = ?",
            (str(today.year),),
        ).fetchone()[0]
        self.next_minutes_no = (used or 0) + 1

    def check(
        self, requests: Sequence[HandoverRequest], lines: Sequence[int] | None = None
    ) -> list[HandoverDecision]:
        """One decision per request. ``lines`` number them in the clerk's terms (Excel rows,
        proposal lines) for the messages about a device or student given twice."""
        numbers = list(lines) if lines is not None else list(range(1, len(requests) + 1))
        decisions = [HandoverDecision(r) for r in requests]
        self._flag_repeats(decisions, numbers)
        for decision in decisions:
            decision.findings.extend(_request_findings(decision.request, self.today))
            if decision.ok:
                self._check_against_data(decision)
        return decisions

    @staticmethod
    def _flag_repeats(decisions: Sequence[HandoverDecision], numbers: Sequence[int]) -> None:
        """One device to one student, one device per student, within the batch too."""
        for field_name, message_id in (("serial", "duplicate_in_file.serial"),
                                       ("student_code", "duplicate_in_file.handover_student")):  # fmt: skip
            first: dict[str, int] = {}
            for decision, number in zip(decisions, numbers, strict=True):
                value = getattr(decision.request, field_name)
                key = value.casefold()
                if key in first:
                    decision.refuse("duplicate_in_file", field_name, message_id, value=value,
                                    first_row=first[key])  # fmt: skip
                else:
                    first[key] = number

    def _check_against_data(self, decision: HandoverDecision) -> None:
        request = decision.request
        device = self.devices.get(request.serial.casefold())
        student_id = self.students.get(request.student_code)
        need = self.needs.get(student_id) if student_id else None
        if device is None:
            decision.refuse("not_found", "serial", "not_found.device", value=request.serial)
        if student_id is None or need is None:
            decision.refuse("not_found", "student_code", "not_found.student",
                            value=request.student_code)  # fmt: skip
        if device is None or student_id is None or need is None:
            return
        decision.device_id, decision.student_id, decision.need = device["id"], student_id, need
        holding = self.holdings.holding_event(device["id"])
        if holding is not None:
            if holding.student_id == student_id and holding.day == request.handover_date:
                decision.unchanged, decision.record_id = True, holding.id
                return
            decision.refuse("duplicate_in_db", "serial", "duplicate_in_db.device_handed",
                            value=request.serial, student=self.codes.get(holding.student_id, "?"),
                            date=holding.day)  # fmt: skip
            return
        state = self.holdings.device_state(device["id"])
        if state in (DeviceState.FAULTY, DeviceState.LOST):
            latest = self.holdings.by_device[device["id"]]
            reason = ReturnReason(latest.reason or "other").label
            decision.refuse("inconsistent", "serial", "device_unavailable", value=request.serial,
                            reason=reason, date=latest.day)  # fmt: skip
            return
        verdict = eligibility(self.holdings.support(student_id), has_device=bool(need["has_device"]),
                              status=need["status"], policy=self.policy)  # fmt: skip
        if not self._say_eligibility(decision, verdict.refusal or verdict.warning, need):
            return
        received = date.fromisoformat(device["received_date"])
        if request.handover_date < received:
            decision.refuse("date_out_of_range", "handover_date", "date_out_of_range.before_receipt",
                            value=request.handover_date, receipt=received)  # fmt: skip

    def _say_eligibility(
        self, decision: HandoverDecision, why: Ineligible | None, need: Mapping[str, Any]
    ) -> bool:
        """Put the eligibility rule's answer on the student; False when it refuses."""
        code = decision.request.student_code
        if why is None:
            return True
        if why is Ineligible.ALREADY_SUPPORTED:
            decision.refuse("already_supported", "student_code", "already_supported", value=code,
                            date=self.holdings.supported_since(decision.student_id or ""))  # fmt: skip
        elif why is Ineligible.HAS_OWN_DEVICE:
            decision.refuse("has_device", "student_code", "has_device.handover", value=code)
        elif why is Ineligible.NEED_RETURNED:
            decision.refuse("inconsistent", "student_code", "need_returned", value=code,
                            comment=need["review_comment"] or "")  # fmt: skip
        else:  # not approved: refused under "block", a warning under "warn"
            severity: F.Severity = "error" if self.policy == "block" else "warning"
            decision.findings.append(F.Finding(
                severity, "inconsistent", "student_code",
                msg(f"need_not_approved.{self.policy}", value=code),
            ))  # fmt: skip
        return decision.ok


def write_handovers(
    decisions: Sequence[HandoverDecision], changes: ChangeSet, today: date, first_minutes_no: int
) -> tuple[int, int]:
    """Queue the handovers of checked decisions (numbering their minutes from
    ``first_minutes_no``) and mark their needs supplied. Returns (created, unchanged)."""
    next_number = first_minutes_no
    created = unchanged = 0
    for decision in decisions:
        if decision.unchanged:
            unchanged += 1
            continue
        request = decision.request
        record = {
            "device_id": decision.device_id, "student_id": decision.student_id,
            "kind": "handover", "event_date": request.handover_date.isoformat(),
            "receiver_role": request.receiver_role, "receiver_name": request.receiver_name,
            "note": request.note, "late": int(is_late("handover", request.handover_date, today)),
            "recorded_on": today.isoformat(), "minutes_no": next_number,
        }  # fmt: skip
        record.update({k: getattr(request, k) for k in DETAIL_FIELDS if getattr(request, k)})
        if request.receiver_citizen_id:
            record["receiver_citizen_id"] = normalise_citizen_id(request.receiver_citizen_id)
        next_number += 1
        decision.record_id = changes.insert("handover", record)["id"]
        assert decision.need is not None
        if decision.need["status"] != NeedStatus.SUPPLIED:
            changes.update("need", decision.need, {"status": NeedStatus.SUPPLIED.value})
        created += 1
    return created, unchanged


# --- the service the window and the command line call ---------------------------------------------


Item = HandoverRequest | Mapping[str, Any]


def _read_all(
    items: Sequence[Item], today: date
) -> tuple[list[HandoverRequest | None], list[FormResult]]:
    requests: list[HandoverRequest | None] = []
    results: list[FormResult] = []
    for item in items:
        if isinstance(item, HandoverRequest):
            requests.append(item)
            results.append(FormResult())
        else:
            request, result = read_handover_form(item, today=today)
            requests.append(request)
            results.append(result)
    return requests, results


def _put(decision: HandoverDecision, result: FormResult) -> None:
    for finding in decision.findings:
        result.add_finding(finding)
    result.record_id = decision.record_id


def _check(
    db: Database, items: Sequence[Item], today: date
) -> tuple[HandoverChecker, list[HandoverDecision], list[FormResult]]:
    requests, results = _read_all(items, today)
    readable = [(i, r) for i, r in enumerate(requests) if r is not None]
    checker = HandoverChecker(db.conn, today=today)
    decisions = checker.check([r for _, r in readable], [i + 1 for i, _ in readable])
    for (index, _), decision in zip(readable, decisions, strict=True):
        _put(decision, results[index])
    return checker, decisions, results


def check_handovers(db: Database, items: Sequence[Item], *, today: date) -> list[FormResult]:
    """What is wrong with each handover, as ``record_handovers`` would say, without saving."""
    _, _, results = _check(db, items, today)
    for result in results:
        result.record_id = None
    return results


def record_handovers(
    db: Database, items: Sequence[Item], *, today: date, actor: str | None = None
) -> list[FormResult]:
    """Record several handovers (the accepted lines of a proposal) — all of them or none.

    ``items`` are requests, or forms of text read by ``read_handover_form``. Each result carries
    its handover's errors and warnings by field; when any has an error nothing is saved. Saved
    results carry the new handover's id in ``record_id``.
    """
    changes = ChangeSet(source="handover") if actor is None else ChangeSet(actor, "handover")
    with write_transaction(db):
        checker, decisions, results = _check(db, items, today)
        if not all(result.ok for result in results):
            for result in results:
                result.record_id = None
            return results
        write_handovers(decisions, changes, today, checker.next_minutes_no)
        changes.apply(db.conn)
    for decision, result in zip(decisions, results, strict=True):
        result.record_id = decision.record_id
    return results


# --- returns -----------------------------------------------------------------------------------


def record_return(
    db: Database,
    *,
    serial: str,
    event_date: date | str,
    reason: str,
    note: str | None = None,
    returned_by: str | None = None,
    condition: str | None = None,
    today: date,
    actor: str | None = None,
) -> FormResult:
    """A device comes back from its student: a new event, the handover stays in the history.

    After a faulty device the student's need is open again (a replacement is due); after the
    other reasons the student counts as supported once. A returned device can be handed over
    again unless it came back faulty or was lost.
    """
    result = FormResult()
    if reason not in set(ReturnReason):
        allowed = ", ".join(f"{r.value} ({r.label})" for r in ReturnReason)
        result.add_error("reason", msg("return.reason_unknown", allowed=allowed))
    note = clean_text(note) or None if note else None
    if reason == ReturnReason.OTHER and not note:
        result.add_error("note", msg("return.note_required"))
    try:
        day = parse_date(event_date)
    except Invalid:
        result.add_error("event_date", msg("return.date_invalid", value=event_date))
        return result
    if day > today:
        result.add_error("event_date", msg("return.date_future", value=day, today=today))
    changes = ChangeSet(source="return") if actor is None else ChangeSet(actor, "return")
    with write_transaction(db):
        device = db.execute(
            "SELECT id FROM devices WHERE serial = ? COLLATE NOCASE AND deleted = 0",
            (clean_text(serial),),
        ).fetchone()
        held = load_holdings(db.conn).holding_event(device[0]) if device else None
        if held is None:
            result.add_error("serial", msg("return.not_held", serial=serial))
        elif day < held.day:
            result.add_error("event_date", msg("return.before_handover", value=day,
                                               handed=held.day))  # fmt: skip
        if not result.ok or held is None:
            return result
        record = changes.insert("handover", {
            "device_id": held.device_id, "student_id": held.student_id, "kind": "return",
            "event_date": day.isoformat(), "reason": reason, "note": note,
            "receiver_name": clean_text(returned_by) or None if returned_by else None,
            "condition": clean_text(condition) or None if condition else None,
            "late": int(is_late("handover", day, today)), "recorded_on": today.isoformat(),
        })  # fmt: skip
        if reason == ReturnReason.FAULTY:
            need = fetch_dicts(
                db.conn,
                "SELECT * FROM needs WHERE student_id = ? AND deleted = 0"
                " ORDER BY survey_round DESC LIMIT 1",
                (held.student_id,),
            )
            if need:  # open again: a replacement is due
                status = status_after_faulty_return(need[0]["status"])
                changes.update("need", need[0], {"status": status.value})
        changes.apply(db.conn)
    result.record_id = record["id"]
    return result


# --- history -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEvent:
    """One line of a device's or a student's history, oldest first."""

    handover_id: str
    kind: str  # "handover" | "return"
    event_date: date
    serial: str
    device: str  # brand and model
    student_code: str
    student_name: str
    class_name: str
    receiver: str  # who received (or brought the device back)
    reason: str  # of a return, in words (a Msg: ``text(lang)`` says it in another language)
    note: str
    late: bool
    minutes_no: int | None

    @property
    def description(self) -> Msg:
        if self.kind == "handover":
            return msg("history.handover", name=self.student_name, code=self.student_code,
                       class_name=self.class_name)  # fmt: skip
        return msg("history.return", name=self.student_name, code=self.student_code,
                   reason=self.reason)  # fmt: skip


_HISTORY_SQL = """
    SELECT h.id, h.kind, h.event_date, v.serial, v.brand, v.model, s.code, s.full_name,
           s.class_name, h.receiver_role, h.receiver_name, h.relationship, h.reason, h.note,
           h.late, h.minutes_no
    FROM handovers h JOIN devices v ON v.id = h.device_id JOIN students s ON s.id = h.student_id
    WHERE h.deleted = 0 AND {where}
    ORDER BY h.event_date, h.id"""


def _history(db: Database, where: str, value: str) -> list[HistoryEvent]:
    receivers = receiver_list()
    events = []
    for row in db.execute(_HISTORY_SQL.format(where=where), (value,)):
        (hid, kind, day, serial, brand, model, code, name, class_name, role, receiver_name,
         relationship, reason, note, late, minutes_no) = row  # fmt: skip
        if kind == "handover" and not receives_in_person(role):
            said = relationship or default_relationship(role) or receivers.label(role)
            receiver = f"{receiver_name} ({said})"
        elif kind == "handover":
            receiver = name
        else:
            receiver = receiver_name or ""
        why = ReturnReason(reason).label if reason in set(ReturnReason) else ""
        events.append(HistoryEvent(
            hid, kind, date.fromisoformat(day), serial, f"{brand} {model}", code, name,
            class_name, receiver, why, note or "", bool(late), minutes_no,
        ))  # fmt: skip
    return events


def device_history(db: Database, serial: str) -> list[HistoryEvent]:
    return _history(db, "v.serial = ? COLLATE NOCASE", clean_text(serial))


def student_history(db: Database, student_code: str) -> list[HistoryEvent]:
    return _history(db, "s.code = ?", clean_text(student_code))


@dataclass(frozen=True)
class Standing:
    """Where one device stands now: its state, and the latest event of its history (the
    handover by which its student holds it, when it is held)."""

    state: DeviceState
    latest: HistoryEvent | None

    @property
    def holder(self) -> HistoryEvent | None:
        return self.latest if self.state is DeviceState.HELD else None


def device_standing(db: Database, serial: str) -> Standing | None:
    """None when there is no such device."""
    found = db.execute(
        "SELECT id FROM devices WHERE serial = ? COLLATE NOCASE AND deleted = 0",
        (clean_text(serial),),
    ).fetchone()
    if found is None:
        return None
    state = load_holdings(db.conn, device_id=found[0]).device_state(found[0])
    history = device_history(db, serial)
    return Standing(state, history[-1] if history else None)


def held_by_student(db: Database, student_code: str) -> HistoryEvent | None:
    """The handover by which the student holds a device now (None when they hold none)."""
    found = db.execute(
        "SELECT id FROM students WHERE code = ? AND deleted = 0", (clean_text(student_code),)
    ).fetchone()
    if found is None:
        return None
    holdings = load_holdings(db.conn, student_id=found[0])
    if holdings.support(found[0]) is not Support.HOLDING:
        return None
    held = holdings.last_handover[found[0]]
    return next(e for e in student_history(db, student_code) if e.handover_id == held.id)


# --- devices waiting for a student ---------------------------------------------------------------


@dataclass(frozen=True)
class WaitingDevice:
    serial: str
    device: str
    batch_code: str
    received_date: date
    due: date  # the district must report handovers by then

    def overdue(self, today: date) -> bool:
        return today > self.due


def devices_waiting(db: Database, holdings: Holdings | None = None) -> list[WaitingDevice]:
    """Available devices (not SIMs: they go with a device), oldest batch first. Devices received
    more than five days ago are overdue: the district's report is due."""
    holdings = holdings or load_holdings(db.conn)
    rows = db.execute(
        "SELECT v.id, v.serial, v.brand || ' ' || v.model, b.code, b.received_date"
        " FROM devices v JOIN donation_batches b ON b.id = v.batch_id"
        " WHERE v.deleted = 0 AND v.device_type != 'sim' ORDER BY b.received_date, v.serial"
    ).fetchall()
    return [
        WaitingDevice(serial, device, batch, date.fromisoformat(received),
                      date.fromisoformat(received) + timedelta(days=HANDOVER_REPORT_DAYS))
        for device_id, serial, device, batch, received in rows
        if holdings.is_available(device_id)
    ]  # fmt: skip
