"""The checks of handovers against the school's data — the device exists and nobody holds it,
the student may receive a device (``rules.eligibility``), who received for them is named — and
the writing of the handovers that pass."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop_app.core.handovers.request import DETAIL_FIELDS, HandoverRequest
from desktop_app.core.messages import msg
from desktop_app.core.rules import findings as F
from desktop_app.core.rules.eligibility import Ineligible, approval_policy, eligibility
from desktop_app.core.rules.findings import Finding
from desktop_app.core.rules.holdings import (
    DeviceState,
    Holdings,
    ReturnReason,
    load_holdings,
)
from desktop_app.core.rules.identifiers import normalise_citizen_id
from desktop_app.core.rules.needs import NeedStatus, current_need_records
from desktop_app.core.rules.programme import is_late
from desktop_app.core.rules.receivers import (
    receives_in_person,
    relationship_said,
)
from desktop_app.core.rules.students import check_citizen_id_of
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.templates.spec import CodeLabel, ColumnLabel


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
        from desktop_app.core.importing.base import fetch_dicts  # not with the dashboard

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
        self._zero_stripped: dict[str, list[str]] | None = None  # built when first needed
        self.needs = current_need_records(conn)
        self.codes = {student_id: code for code, student_id in self.students.items()}
        # Minutes numbers run on through the year of recording.
        used = conn.execute(
            "SELECT MAX(minutes_no) FROM handovers WHERE substr(event_date, 1, 4) = ?",
            (str(today.year),),
        ).fetchone()[0]
        self.next_minutes_no = (used or 0) + 1

    def check(
        self, requests: Sequence[HandoverRequest], lines: Sequence[int | str] | None = None
    ) -> list[HandoverDecision]:
        """One decision per request. ``lines`` number them in the clerk's terms (Excel rows,
        proposal lines) for the messages about a device or student given twice."""
        numbers: list[int | str] = (
            list(lines) if lines is not None else list(range(1, len(requests) + 1))
        )
        decisions = [HandoverDecision(r) for r in requests]
        self._flag_repeats(decisions, numbers)
        for decision in decisions:
            decision.findings.extend(_request_findings(decision.request, self.today))
            if decision.ok:
                self._check_against_data(decision)
        return decisions

    @staticmethod
    def _flag_repeats(decisions: Sequence[HandoverDecision], numbers: Sequence[int | str]) -> None:
        """One device to one student, one device per student, within the batch too."""
        for field_name, message_id in (("serial", "duplicate_in_file.serial"),
                                       ("student_code", "duplicate_in_file.handover_student")):  # fmt: skip
            first: dict[str, int | str] = {}
            for decision, number in zip(decisions, numbers, strict=True):
                value = getattr(decision.request, field_name)
                key = value.casefold()
                if key in first:
                    decision.refuse("duplicate_in_file", field_name, message_id, value=value,
                                    first_row=first[key])  # fmt: skip
                else:
                    first[key] = number

    def _with_lost_zeros(self, code: str) -> str | None:
        """The one known student code that is ``code`` with leading zeros, if there is one."""
        if not code.isdigit():
            return None
        if self._zero_stripped is None:
            self._zero_stripped = {}
            for known in self.students:
                if known.isdigit() and known.startswith("0"):
                    self._zero_stripped.setdefault(known.lstrip("0"), []).append(known)
        found = self._zero_stripped.get(code.lstrip("0"), [])
        return found[0] if len(found) == 1 else None

    def _check_against_data(self, decision: HandoverDecision) -> None:
        request = decision.request
        device = self.devices.get(request.serial.casefold())
        student_id = self.students.get(request.student_code)
        need = self.needs.get(student_id) if student_id else None
        if device is None:
            decision.refuse("not_found", "serial", "not_found.device", value=request.serial)
        if student_id is None or need is None:
            padded = self._with_lost_zeros(request.student_code) if student_id is None else None
            if padded is not None:  # 661000018 typed as a number: Excel dropped the 0
                decision.refuse("not_found", "student_code", "not_found.student_zeros",
                                value=request.student_code, known=padded)  # fmt: skip
            else:
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
            return
        last = self.holdings.not_before(device["id"], student_id)
        if last is not None and request.handover_date < last[1]:
            decision.refuse("date_out_of_range", "handover_date",
                            f"date_out_of_range.before_{last[0]}_event",
                            value=request.handover_date, last=last[1])  # fmt: skip

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
        if request.relationship:  # "mẹ", "Má" or "mother" are stored, and printed, as "Mẹ"
            record["relationship"] = relationship_said(request.relationship)
        if request.receiver_citizen_id:
            record["receiver_citizen_id"] = normalise_citizen_id(request.receiver_citizen_id)
        next_number += 1
        decision.record_id = changes.insert("handover", record)["id"]
        assert decision.need is not None
        if decision.need["status"] != NeedStatus.SUPPLIED:
            changes.update("need", decision.need, {"status": NeedStatus.SUPPLIED.value})
        created += 1
    return created, unchanged
