"""A device comes back from its student: a new event, the handover stays in the history."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from desktop_app.core.forms import FormResult
from desktop_app.core.messages import Listing, msg
from desktop_app.core.rules.holdings import (
    ReturnReason,
    load_holdings,
)
from desktop_app.core.rules.needs import current_need_of, status_after_faulty_return
from desktop_app.core.rules.programme import is_late
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction
from desktop_app.core.templates.cells import Invalid, parse_date
from desktop_app.core.text import clean_text


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
    check_only: bool = False,
) -> FormResult:
    """A device comes back from its student: a new event, the handover stays in the history.

    After a faulty device the student's need is open again (a replacement is due); after the
    other reasons the student counts as supported once. A returned device can be handed over
    again unless it came back faulty or was lost.

    With ``check_only`` nothing is recorded: the result says what recording would refuse (a
    form re-checks what the clerk types).
    """
    result = FormResult()
    if reason not in set(ReturnReason):
        allowed = Listing(msg("return.reason_choice", code=r.value, label=r.label)
                          for r in ReturnReason)  # fmt: skip
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
        held = (
            load_holdings(db.conn, device_id=device[0]).holding_event(device[0]) if device else None
        )
        if held is None:
            result.add_error("serial", msg("return.not_held", serial=serial))
        elif day < held.day:
            result.add_error("event_date", msg("return.before_handover", value=day,
                                               handed=held.day))  # fmt: skip
        if not result.ok or held is None or check_only:
            return result
        record = changes.insert("handover", {
            "device_id": held.device_id, "student_id": held.student_id, "kind": "return",
            "event_date": day.isoformat(), "reason": reason, "note": note,
            "receiver_name": clean_text(returned_by) or None if returned_by else None,
            "condition": clean_text(condition) or None if condition else None,
            "late": int(is_late("handover", day, today)), "recorded_on": today.isoformat(),
        })  # fmt: skip
        if reason == ReturnReason.FAULTY:
            need = current_need_of(db.conn, student_id=held.student_id)
            if need:  # open again: a replacement is due
                status = status_after_faulty_return(need["status"])
                changes.update("need", need, {"status": status.value})
        changes.apply(db.conn)
    result.record_id = record["id"]
    return result
