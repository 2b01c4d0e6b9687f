"""The clerk's edits of an allocation proposal before it is recorded: which lines to deliver now,
another device for a line, who receives for the student, the delivery's details.

The proposal itself (``allocation.propose_for``) is never changed; the clerk's choices are kept
beside it by student code, so that a proposal read again after other work keeps the choices where
they still apply. Qt-free: the window's table model only displays this object and forwards the
clerk's clicks to it; tests drive it without a window.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from desktop_app.core.allocation import AvailableDevice, Proposal, ProposalLine
from desktop_app.core.forms import FormResult
from desktop_app.core.handovers import HandoverRequest
from desktop_app.core.messages import Msg, msg
from desktop_app.core.rules.programme import goes_with_a_device
from desktop_app.core.rules.receivers import STUDENT, receives_in_person

DETAILS = ("receiver_role", "receiver_name", "relationship", "receiver_citizen_id", "condition",
           "accessories", "note")  # fmt: skip


@dataclass
class LineChoice:
    """What the clerk decided for one proposed line (by default: deliver the proposed device to
    the student in person)."""

    accepted: bool = True
    device: AvailableDevice | None = None  # None: the proposed device
    receiver_role: str = STUDENT
    receiver_name: str = ""
    relationship: str = ""
    receiver_citizen_id: str = ""
    condition: str = ""
    accessories: str = ""
    note: str = ""

    def details(self) -> dict[str, str]:
        """The receiver and delivery fields, as the receiver dialog shows them."""
        return {name: getattr(self, name) for name in DETAILS}


@dataclass
class LineCheck:
    """The service's messages about one line, from the last check or recording."""

    errors: list[Msg] = field(default_factory=list)
    warnings: list[Msg] = field(default_factory=list)

    @classmethod
    def of(cls, result: FormResult) -> LineCheck:
        return cls(
            [m for ms in result.errors.values() for m in ms],
            [m for ms in result.warnings.values() for m in ms],
        )


@dataclass(frozen=True)
class BatchDetails:
    """What every line of one recording shares."""

    handover_date: date
    handed_by: str = ""
    handed_by_position: str = ""


def handover_request(
    line: ProposalLine, choice: LineChoice, batch: BatchDetails
) -> HandoverRequest:
    """The typed request for one line: its student and device, the clerk's choices, and what the
    whole batch shares."""
    other = not receives_in_person(choice.receiver_role)
    return HandoverRequest(
        serial=(choice.device or line.device).serial,
        student_code=line.candidate.code,
        handover_date=batch.handover_date,
        receiver_role=choice.receiver_role or STUDENT,
        receiver_name=(choice.receiver_name or None) if other else None,
        relationship=(choice.relationship or None) if other else None,
        receiver_citizen_id=(choice.receiver_citizen_id or None) if other else None,
        handed_by=batch.handed_by or None,
        handed_by_position=batch.handed_by_position or None,
        condition=choice.condition or None,
        accessories=choice.accessories or None,
        note=choice.note or None,
    )


class ProposalEdits:
    """A proposal's lines in priority order, with the clerk's choices and the service's last
    messages for each line."""

    def __init__(self) -> None:
        self._lines: list[ProposalLine] = []
        self._choices: dict[str, LineChoice] = {}  # by student code; outlives a new proposal
        self._checks: dict[str, LineCheck] = {}  # by student code; cleared by any change
        self._available: list[AvailableDevice] = []

    # --- the proposal ----------------------------------------------------------------------

    def set_proposal(self, proposal: Proposal, available: Sequence[AvailableDevice]) -> list[str]:
        """Take a (new) proposal, keeping the clerk's choices for students still proposed. A
        device chosen by hand that is gone, or now proposed for another accepted line, is
        dropped; returns the codes of the students whose device choice was dropped."""
        self._lines = list(proposal.lines)
        self._available = list(available)
        self._checks.clear()
        codes = {line.candidate.code for line in self._lines}
        self._choices = {c: choice for c, choice in self._choices.items() if c in codes}
        available_ids = {d.device_id for d in self._available}
        dropped: list[str] = []
        for line in self._lines:
            choice = self._choices.get(line.candidate.code)
            if choice is None or choice.device is None:
                continue
            chosen = choice.device
            if chosen.device_id == line.device.device_id:
                choice.device = None
            elif chosen.device_id not in available_ids or self._used_by_other(line, chosen):
                choice.device = None
                dropped.append(line.candidate.code)
        return dropped

    def clear(self) -> None:
        self._lines, self._available = [], []
        self._choices.clear()
        self._checks.clear()

    def forget_choices(self, codes: Sequence[str] | None = None) -> None:
        """Drop the clerk's choices (of ``codes``, or all): e.g. after those lines were saved."""
        if codes is None:
            self._choices.clear()
        else:
            for code in codes:
                self._choices.pop(code, None)

    def has_choices(self) -> bool:
        return any(choice != LineChoice() for choice in self._choices.values())

    # --- reading ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._lines)

    def line(self, row: int) -> ProposalLine:
        return self._lines[row]

    def lines(self) -> list[ProposalLine]:
        return list(self._lines)

    def student_code(self, row: int) -> str:
        return self._lines[row].candidate.code

    def row_of(self, student_code: str) -> int | None:
        return next(
            (i for i, line in enumerate(self._lines) if line.candidate.code == student_code), None
        )

    def choice(self, row: int) -> LineChoice:
        return self._choices.get(self.student_code(row)) or LineChoice()

    def device(self, row: int) -> AvailableDevice:
        """The device to deliver on this line: the clerk's choice, else the proposed one."""
        return self.choice(row).device or self._lines[row].device

    def is_accepted(self, row: int) -> bool:
        return self.choice(row).accepted

    def accepted_rows(self) -> list[int]:
        return [row for row in range(len(self._lines)) if self.is_accepted(row)]

    def check(self, row: int) -> LineCheck:
        return self._checks.get(self.student_code(row)) or LineCheck()

    def rows_with_errors(self) -> list[int]:
        return [r for r in range(len(self._lines)) if self.check(r).errors]

    def warnings(self, row: int) -> list[Msg]:
        """What to look at before delivering: the proposal's warning, the device chosen by hand,
        and the service's warnings from the last check."""
        line, device = self._lines[row], self.device(row)
        found = [line.warning] if line.warning else []
        if device.below_min_spec:
            found.append(msg("proposal.warning.below_min_spec"))
        if goes_with_a_device(device.device_type):
            found.append(msg("proposal.warning.sim"))
        return found + self.check(row).warnings

    def warned_rows(self) -> list[int]:
        return [r for r in self.accepted_rows() if self.warnings(r)]

    def available_devices(self) -> list[AvailableDevice]:
        return list(self._available)

    def devices_for(self, row: int) -> list[AvailableDevice]:
        """The available devices this line may take: not delivered by another accepted line."""
        taken = {self.device(r).device_id for r in self.accepted_rows() if r != row}
        return [d for d in self._available if d.device_id not in taken or d == self.device(row)]

    def requests(self, rows: Sequence[int], batch: BatchDetails) -> list[HandoverRequest]:
        return [handover_request(self._lines[r], self.choice(r), batch) for r in rows]

    def request(self, row: int, batch: BatchDetails, **details: Any) -> HandoverRequest:
        """The request of one line, with ``details`` in place of the clerk's current ones (to
        check a receiver dialog's values before they are kept)."""
        return handover_request(self._lines[row], replace(self.choice(row), **details), batch)

    # --- the clerk's changes -----------------------------------------------------------------

    def set_accepted(self, row: int, accepted: bool) -> Msg | None:
        """Deliver this line or not; refuses (with the reason) to take a line back whose device
        another accepted line now delivers."""
        if accepted and not self.is_accepted(row):
            device = self.device(row)
            other = next(
                (r for r in self.accepted_rows() if self.device(r).device_id == device.device_id),
                None,
            )
            if other is not None:
                return msg("proposal.device_taken", serial=device.serial, row=other + 1,
                           name=self._lines[other].candidate.full_name)  # fmt: skip
        self._change(row, accepted=accepted)
        return None

    def set_device(self, row: int, device: AvailableDevice) -> None:
        proposed = self._lines[row].device
        self._change(row, device=None if device.device_id == proposed.device_id else device)

    def set_details(self, row: int, details: Mapping[str, str]) -> None:
        values = {k: (details.get(k) or "").strip() for k in DETAILS}
        values["receiver_role"] = values["receiver_role"] or STUDENT
        self._change(row, **values)

    def set_checks(self, rows: Sequence[int], results: Sequence[FormResult]) -> None:
        """The service's messages for the given rows (those of other rows are cleared)."""
        self._checks = {
            self.student_code(r): LineCheck.of(result)
            for r, result in zip(rows, results, strict=True)
        }

    def clear_checks(self) -> bool:
        """Forget the last messages; True when there were any."""
        had = bool(self._checks)
        self._checks.clear()
        return had

    def toggle(self, rows: Sequence[int]) -> list[Msg]:
        """Space on the chosen rows: all delivered when the first is not, else none. Returns
        the refusals (see ``set_accepted``)."""
        if not rows:
            return []
        accept = not self.is_accepted(rows[0])
        refusals = [self.set_accepted(r, accept) for r in rows]
        return [r for r in refusals if r]

    def _change(self, row: int, **values: Any) -> None:
        code = self.student_code(row)
        self._choices[code] = replace(self.choice(row), **values)
        self._checks.pop(code, None)

    def _used_by_other(self, line: ProposalLine, device: AvailableDevice) -> bool:
        for other in self._lines:
            if other is line:
                continue
            choice = self._choices.get(other.candidate.code) or LineChoice()
            if choice.accepted and (choice.device or other.device).device_id == device.device_id:
                return True
        return False
