"""The referee's own model of the programme's rules, written from the rules and nothing else.

It never reads the database and never calls the application: it is told what the application
*accepted* (a handover, a return, a survey, a decision…) and answers the questions every screen
answers (who holds this device, is it available, is a replacement due, is this student waiting)
in the simplest way that is obviously right: by replaying its own list of events. It is slow on
purpose (everything is recomputed from the history) and small enough to read in one sitting.

The rules (the programme's, see shared/spec and the official letters):

- Events of a device (handovers and returns) are ordered by (event date, order of recording).
  A device's state is given by its latest event: none → available; handover → held; return
  "faulty" → faulty; return "lost" → lost; a return for any other reason → available again.
- A student's latest event, in the same order, over all their events: handover → supported and
  holding a device; return "faulty" → a replacement is due (eligible again); any other return →
  supported once (each student is supported only once); no event → never supported.
- A student's current need is the need of their latest survey round (half-years "2021-H2",
  "2022-H1"…); deleted students count nowhere.
- Need status: a new or changed need → "proposed"; the district approves → "approved" or returns
  → "returned" (a decision never changes a "supplied" need); a handover → "supplied"; a faulty
  return puts a "supplied" need back to "approved"; changing the need of the same round while it
  is approved or returned puts it back to "proposed". An unchanged need is not a new need, even
  in a new round (the student's current need stays the one already reviewed); but a change to
  the student's own record (their class) with the need unchanged puts a "returned" need back
  to "proposed" (the district's comment may have been about the record).
- A student is waiting for a device when: live, has a current need, not supported (never, or a
  replacement is due), does not have their own device, the need is not "returned", and, only
  when the school's policy is "block", the need is "approved" or "supplied".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

CATEGORIES = (1, 2, 3, 4)
APPROVED = frozenset({"approved", "supplied"})


class NeedValues(NamedTuple):
    """What the clerk reports for a student in one round; comparing two says "changed"."""

    category: int
    requested_device: str  # "laptop" | "desktop" | "tablet" | "smartphone"
    has_device: bool = False
    poverty_cert_no: str | None = None


@dataclass
class Need:
    round: str
    values: NeedValues
    status: str = "proposed"


@dataclass
class Student:
    code: str
    class_name: str
    live: bool = True
    needs: dict[str, Need] = field(default_factory=dict)  # survey round -> need

    @property
    def grade(self) -> int:
        digits = self.class_name[:2] if self.class_name[:2].isdigit() else self.class_name[:1]
        return int(digits)

    @property
    def current_need(self) -> Need | None:
        return self.needs[max(self.needs)] if self.needs else None


@dataclass(frozen=True)
class Batch:
    code: str
    source: str  # "4.8.3.1" (the ministry's programme) | "4.8.3.2" (other donors)
    donor: str
    received: date


@dataclass
class Device:
    serial: str
    batch: Batch
    device_type: str  # the four student types, or "sim"
    below_min_spec: bool
    live: bool = True


@dataclass(frozen=True)
class Event:
    day: date
    seq: int  # order of recording
    serial: str
    student: str  # code
    kind: str  # "handover" | "return"
    reason: str | None = None  # of a return

    @property
    def order(self) -> tuple[date, int]:
        return (self.day, self.seq)


def _latest(events: list[Event]) -> Event | None:
    return max(events, key=lambda e: e.order) if events else None


class Oracle:
    """What the school's figures must be, after the operations the application accepted."""

    def __init__(self, policy: str = "warn") -> None:
        self.policy = policy
        self.students: dict[str, Student] = {}
        self.devices: dict[str, Device] = {}
        self.batches: dict[str, Batch] = {}  # created with their first device, never deleted
        self.events: list[Event] = []

    # --- what happened (only what the application accepted) -----------------------------------

    def surveyed(self, code: str, class_name: str, values: NeedValues, survey_round: str) -> None:
        """A student's need was entered (form or imported file) in ``survey_round``."""
        student = self.students.get(code)
        if student is None or not student.live:
            # a new student, or a deleted one added again: what they had before is gone
            self.students[code] = Student(code, class_name,
                                          needs={survey_round: Need(survey_round, values)})  # fmt: skip
            return
        record_changed = student.class_name != class_name
        student.class_name = class_name
        need = student.current_need
        if need is not None and need.values == values:
            if record_changed and need.status == "returned":
                need.status = "proposed"  # the corrected record goes back for review
            return  # nothing new to report: the need already reviewed stays current
        if need is not None and need.round == survey_round:
            need.values = values
            if need.status in ("approved", "returned"):
                need.status = "proposed"  # changed data must be reviewed again
        else:
            student.needs[survey_round] = Need(survey_round, values)

    def student_deleted(self, code: str) -> None:
        self.students[code].live = False

    def device_received(self, device: Device) -> None:
        self.devices[device.serial] = device
        self.batches.setdefault(device.batch.code, device.batch)

    def device_deleted(self, serial: str) -> None:
        self.devices[serial].live = False

    def decided(self, code: str, decision: str) -> None:
        """The district approved or returned the student's current need."""
        student = self.students.get(code)
        need = student.current_need if student and student.live else None
        if need is not None and need.status != "supplied":
            need.status = decision  # "approved" | "returned"

    def handed_over(self, serial: str, code: str, day: date) -> None:
        need = self.students[code].current_need
        assert need is not None, f"the application handed {serial} to {code}, who has no need"
        self.events.append(Event(day, len(self.events), serial, code, "handover"))
        need.status = "supplied"

    def returned(self, serial: str, day: date, reason: str) -> None:
        holder = self.holder(serial)
        assert holder is not None, f"the application took back {serial}, which nobody holds"
        self.events.append(Event(day, len(self.events), serial, holder, "return", reason))
        need = self.students[holder].current_need
        if reason == "faulty" and need is not None and need.status == "supplied":
            need.status = "approved"  # a replacement is due

    # --- devices ---------------------------------------------------------------------------------

    def device_events(self, serial: str) -> list[Event]:
        return [e for e in self.events if e.serial == serial]

    def device_state(self, serial: str) -> str:
        """ "available" | "held" | "faulty" | "lost", from the device's latest event."""
        latest = _latest(self.device_events(serial))
        if latest is None:
            return "available"
        if latest.kind == "handover":
            return "held"
        if latest.reason in ("faulty", "lost"):
            return latest.reason
        return "available"

    def holder(self, serial: str) -> str | None:
        latest = _latest(self.device_events(serial))
        return latest.student if latest is not None and latest.kind == "handover" else None

    def live_devices(self, state: str | None = None) -> list[Device]:
        return [
            d for d in self.devices.values()
            if d.live and (state is None or self.device_state(d.serial) == state)
        ]  # fmt: skip

    # --- students --------------------------------------------------------------------------------

    def student_events(self, code: str) -> list[Event]:
        return [e for e in self.events if e.student == code]

    def replacement_due(self, code: str) -> bool:
        latest = _latest(self.student_events(code))
        return latest is not None and latest.kind == "return" and latest.reason == "faulty"

    def supported(self, code: str) -> bool:
        """Holds a device, or held one that came back for a reason other than a fault."""
        return bool(self.student_events(code)) and not self.replacement_due(code)

    def live_students(self) -> list[Student]:
        return [s for s in self.students.values() if s.live]

    def with_need(self) -> list[Student]:
        return [s for s in self.live_students() if s.current_need is not None]

    def is_waiting(self, student: Student) -> bool:
        need = student.current_need
        return (
            student.live
            and need is not None
            and not self.supported(student.code)
            and not need.values.has_device
            and need.status != "returned"
            and (self.policy == "warn" or need.status in APPROVED)
        )

    def waiting(self) -> set[str]:
        return {s.code for s in self.live_students() if self.is_waiting(s)}

    # --- the figures and reports -----------------------------------------------------------------

    def figures(self) -> dict[str, int]:
        return {
            "devices_available": len(self.live_devices("available")),
            "devices_faulty": len(self.live_devices("faulty")),
            "devices_lost": len(self.live_devices("lost")),
            "students_waiting": len(self.waiting()),
            "replacements_due": sum(self.replacement_due(s.code) for s in self.live_students()),
            "needs_returned": sum(
                s.current_need is not None and s.current_need.status == "returned"
                for s in self.live_students()
            ),
            "handed_over": len(self.live_devices("held")),
        }

    def needs_by_category(self) -> dict[int, int]:
        counted = Counter(need.values.category for s in self.with_need()
                          if (need := s.current_need) is not None)  # fmt: skip
        return {category: counted[category] for category in CATEGORIES}

    def needs_report(self) -> Counter[tuple[int, int, str]]:
        """4.8.2: current needs of students without a device, by grade × category × device."""
        return Counter(
            (s.grade, need.values.category, need.values.requested_device)
            for s in self.with_need()
            if (need := s.current_need) is not None and not need.values.has_device
        )

    def donor_report(self) -> dict[tuple[str, str], tuple[int, int, int]]:
        """(source, donor) -> (batches, live devices, devices held now)."""
        report: dict[tuple[str, str], tuple[int, int, int]] = {}
        for batch in self.batches.values():
            devices = [d for d in self.live_devices() if d.batch.code == batch.code]
            held = sum(self.device_state(d.serial) == "held" for d in devices)
            batches, count, handed = report.get((batch.source, batch.donor), (0, 0, 0))
            report[(batch.source, batch.donor)] = (batches + 1, count + len(devices),
                                                   handed + held)  # fmt: skip
        return report

    def batch_screen(self) -> dict[str, tuple[int, int]]:
        """Batch code -> (live devices, held now), as the Tiếp nhận thiết bị screen lists them."""
        return {
            code: (
                sum(1 for d in self.live_devices() if d.batch.code == code),
                sum(1 for d in self.live_devices("held") if d.batch.code == code),
            )
            for code in self.batches
        }

    # --- for the failure message -------------------------------------------------------------

    def describe(self) -> str:
        lines = [f"  policy: {self.policy}"]
        for d in self.devices.values():
            state = self.device_state(d.serial) if d.live else "deleted"
            extra = f" held by {self.holder(d.serial)}" if state == "held" else ""
            lines.append(f"  device {d.serial} ({d.device_type}{', below spec' if d.below_min_spec else ''},"
                         f" {d.batch.code}): {state}{extra}")  # fmt: skip
        for s in self.students.values():
            need = s.current_need
            if not s.live:
                state = "deleted"
            elif self.replacement_due(s.code):
                state = "replacement due"
            elif self.supported(s.code):
                state = "supported"
            else:
                state = "never supported"
            shown = (f"need {need.round} cat {need.values.category} {need.values.requested_device}"
                     f" {need.status}") if need else "no need"  # fmt: skip
            waiting = ", WAITING" if self.is_waiting(s) else ""
            lines.append(f"  student {s.code} ({s.class_name}): {state}; {shown}{waiting}")
        return "\n".join(lines)
