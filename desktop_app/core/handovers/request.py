"""A handover as the rules check it (``HandoverRequest``), and a form of text the clerk typed
read into one with the handovers template's own parsers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop_app.core.forms import FormResult
from desktop_app.core.messages import Msg, msg
from desktop_app.core.rules.programme import DEADLINES
from desktop_app.core.rules.receivers import (
    STUDENT,
)
from desktop_app.core.templates.cells import CellContext, ColumnParsers, Doubtful, Invalid
from desktop_app.core.templates.spec import ColumnLabel, load_codelists, load_template
from desktop_app.core.text import clean_text

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
    receiver_address: str | None = None  # of that person (the student's when not given)
    handed_by: str | None = None  # the school's person who signs for the school
    handed_by_position: str | None = None
    condition: str | None = None
    accessories: str | None = None
    note: str | None = None


# The details of a handover beyond which device went to whom and when: the window's form fills
# them as typed text; the handovers template has optional columns for some of them (who handed
# over, their position, the receiver's relationship, citizen ID and address), which an import
# reads with the template's own parsers.
DETAIL_FIELDS = (
    "relationship", "receiver_citizen_id", "receiver_address", "handed_by", "handed_by_position",
    "condition", "accessories",
)  # fmt: skip


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
        if column.type == "ignore" or column.field in DETAIL_FIELDS:
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
        except Doubtful as exc:
            values[column.field] = exc.kept  # a name that reads well: the form shows it as typed
        except Invalid as exc:
            result.add_error(column.field, Msg(exc.message_id, exc.params))
    for name in DETAIL_FIELDS:
        raw = form.get(name)
        values[name] = (clean_text(raw) or None) if isinstance(raw, str) else raw
    if not result.ok:
        return None, result
    values["receiver_role"] = values["receiver_role"] or STUDENT
    return HandoverRequest(**values), result
