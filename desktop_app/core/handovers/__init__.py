"""Handing devices to students, taking them back, and the history of both.

A handover is a typed ``HandoverRequest`` (which device, which student, when, who received it for
the student…). The window's proposal and the command line build requests directly; a form of
text the clerk typed is read into one by ``read_handover_form`` (the importer's own cell parsers,
so a bad date gets the same sentence everywhere); an imported row is turned into one by the
handovers template's planner. All of them are checked by the one ``HandoverChecker`` against the
rules layer (holdings, eligibility, receivers) and written by ``write_handovers``. History is
never rewritten: a return or a replacement is a new event.

- ``request``: the typed request, and reading a form of text into one;
- ``checks``: the checker and the writer;
- ``service``: ``check_handovers`` / ``record_handovers`` (all or none);
- ``returns``: ``record_return``;
- ``history``: the history of a device or a student, where a device stands, devices waiting.
"""

from desktop_app.core.handovers.checks import HandoverChecker, HandoverDecision, write_handovers
from desktop_app.core.handovers.history import (
    HistoryEvent,
    Standing,
    WaitingDevice,
    device_history,
    device_standing,
    devices_waiting,
    held_by_student,
    student_history,
)
from desktop_app.core.handovers.request import (
    DETAIL_FIELDS,
    HANDOVER_REPORT_DAYS,
    HandoverRequest,
    read_handover_form,
)
from desktop_app.core.handovers.returns import record_return
from desktop_app.core.handovers.service import check_handovers, record_handovers

__all__ = [
    "DETAIL_FIELDS",
    "HANDOVER_REPORT_DAYS",
    "HandoverChecker",
    "HandoverDecision",
    "HandoverRequest",
    "HistoryEvent",
    "Standing",
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
    "write_handovers",
]
