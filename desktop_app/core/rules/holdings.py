"""Who holds each device now, and where each student stands: one reading of the handover and
return events that every screen, report, the importer and the command line ask.

History is never rewritten: a handover and a return are both events (rows of ``handovers``), in
the order of their date, then of their recording (ids are UUIDv7, so a later record of the same
day sorts later). Everything here follows from each device's and each student's LATEST event:

- a device is **held** when its latest event is a handover; **faulty** or **lost** when it is a
  return for that reason (neither is handed out again); otherwise (no event, or a return because
  the student moved, was no longer eligible or another reason) it is **available**;
- a student **holds** a device when their latest event is a handover; a **replacement is due**
  when it is a return of a faulty device (they may receive another); after any other return they
  were **supported once** (each student is supported only once, seed 004); with no event they
  were **never** supported.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from desktop_app.core.messages import Msg, msg


class ReturnReason(StrEnum):
    """Why a device came back (a return is a new event; the handover stays in the history)."""

    FAULTY = "faulty"  # the student is due a replacement
    MOVED = "moved"
    INELIGIBLE = "ineligible"
    LOST = "lost"
    OTHER = "other"  # a note says which

    @property
    def label(self) -> Msg:
        return msg(f"return_reason.{self.value}")


class DeviceState(StrEnum):
    AVAILABLE = "available"
    HELD = "held"
    FAULTY = "faulty"
    LOST = "lost"

    @property
    def label(self) -> Msg:
        return msg(f"device_state.{self.value}")


class Support(StrEnum):
    """Where a student stands with the programme's one device."""

    NEVER = "never"
    HOLDING = "holding"
    REPLACEMENT_DUE = "replacement_due"
    SUPPORTED_ONCE = "supported_once"

    @property
    def supported(self) -> bool:
        """Received their one device (holding it, or gave it back for a reason other than a
        fault): they may not receive another."""
        return self in (Support.HOLDING, Support.SUPPORTED_ONCE)


# A device that came back for one of these reasons is not handed out again.
_STATE_AFTER_RETURN = {ReturnReason.FAULTY: DeviceState.FAULTY, ReturnReason.LOST: DeviceState.LOST}


class HandoverEvent(NamedTuple):
    """One row of the history: a handover of a device to a student, or its return."""

    id: str
    device_id: str
    student_id: str
    kind: str  # "handover" | "return"
    event_date: str  # ISO date
    reason: str | None  # of a return

    @property
    def day(self) -> date:
        return date.fromisoformat(self.event_date)

    @property
    def is_handover(self) -> bool:
        return self.kind == "handover"


def device_state(latest: HandoverEvent | None) -> DeviceState:
    """What a device's latest event makes of it."""
    if latest is None:
        return DeviceState.AVAILABLE
    if latest.is_handover:
        return DeviceState.HELD
    return _STATE_AFTER_RETURN.get(ReturnReason(latest.reason or "other"), DeviceState.AVAILABLE)


def student_support(latest: HandoverEvent | None) -> Support:
    """What a student's latest event makes of them."""
    if latest is None:
        return Support.NEVER
    if latest.is_handover:
        return Support.HOLDING
    if latest.reason == ReturnReason.FAULTY:
        return Support.REPLACEMENT_DUE
    return Support.SUPPORTED_ONCE


@dataclass
class Holdings:
    """The latest event of every device and every student, read once from the history."""

    by_device: dict[str, HandoverEvent] = field(default_factory=dict)
    by_student: dict[str, HandoverEvent] = field(default_factory=dict)
    first_handover: dict[str, HandoverEvent] = field(default_factory=dict)  # by student
    last_handover: dict[str, HandoverEvent] = field(default_factory=dict)  # by student
    device_first_handover: dict[str, HandoverEvent] = field(default_factory=dict)  # by device

    @classmethod
    def from_events(cls, events: Iterable[HandoverEvent]) -> Holdings:
        """Replay ``events`` in history order (they may come in any order)."""
        holdings = cls()
        for event in sorted(events, key=lambda e: (e.event_date, e.id)):
            holdings._see(event)
        return holdings

    def _see(self, event: HandoverEvent) -> None:
        self.by_device[event.device_id] = event
        self.by_student[event.student_id] = event
        if event.is_handover:
            self.first_handover.setdefault(event.student_id, event)
            self.last_handover[event.student_id] = event
            self.device_first_handover.setdefault(event.device_id, event)

    # --- devices ---------------------------------------------------------------------------

    def device_state(self, device_id: str) -> DeviceState:
        return device_state(self.by_device.get(device_id))

    def is_available(self, device_id: str) -> bool:
        return self.device_state(device_id) is DeviceState.AVAILABLE

    def holder(self, device_id: str) -> str | None:
        """The student who holds the device now (None when nobody does)."""
        latest = self.by_device.get(device_id)
        return latest.student_id if latest is not None and latest.is_handover else None

    def first_handed_on(self, device_id: str) -> date | None:
        """The day the device was first handed to a student (None: never handed over)."""
        first = self.device_first_handover.get(device_id)
        return first.day if first is not None else None

    def holding_event(self, device_id: str) -> HandoverEvent | None:
        """The handover by which the device's holder has it (None when nobody does)."""
        latest = self.by_device.get(device_id)
        return latest if latest is not None and latest.is_handover else None

    # --- students --------------------------------------------------------------------------

    def support(self, student_id: str) -> Support:
        return student_support(self.by_student.get(student_id))

    def supported_since(self, student_id: str) -> date | None:
        """The date of the student's first handover: "supported on" in every refusal."""
        first = self.first_handover.get(student_id)
        return first.day if first is not None else None

    def not_before(self, device_id: str, student_id: str) -> tuple[str, date] | None:
        """The latest event of the device or the student, as ("device" | "student", its date):
        a new event may not be dated before it, or the history would change its meaning (a
        device held by one student would show as available while another holds it)."""
        found = [(who, event.day) for who, event in (
            ("device", self.by_device.get(device_id)), ("student", self.by_student.get(student_id))
        ) if event is not None]  # fmt: skip
        return max(found, key=lambda pair: pair[1]) if found else None

    def last_handed_on(self, student_id: str) -> date | None:
        """The date of the student's latest handover (the faulty device a replacement is for)."""
        last = self.last_handover.get(student_id)
        return last.day if last is not None else None


_EVENTS_SQL = (
    "SELECT id, device_id, student_id, kind, event_date, reason FROM handovers"
    " WHERE deleted = 0{where} ORDER BY event_date, id"
)


def load_holdings(
    conn: sqlite3.Connection, *, device_id: str | None = None, student_id: str | None = None
) -> Holdings:
    """Every live event, read in history order in one query (50,000 events: a few tens of ms);
    or only those of one device or one student, to answer for it alone."""
    where, params = "", tuple[str, ...]()
    if device_id is not None:
        where, params = " AND device_id = ?", (device_id,)
    elif student_id is not None:
        where, params = " AND student_id = ?", (student_id,)
    holdings = Holdings()
    see = holdings._see
    for row in conn.execute(_EVENTS_SQL.format(where=where), params):
        see(HandoverEvent._make(row))
    return holdings
