"""Retention: which fields of a child's records are personal, what an erased record keeps, and when
a student's data may be erased (the programme's review period).

What is erased (Law 91/2025/QH15, Decree 13/2023: deletion when the purpose ends) and what stays:

- a student keeps only what the anonymous figures and reports need: gender, class, grade, the
  birth *year* (the day and month become 01-01, so the column stays a date), the fact and date of
  consent (not who recorded it, nor the form number), and the record's id;
- the student's code is replaced by a pseudonym (``XOA-`` and the end of the record's random id):
  the ministry's student code (mã định danh học sinh của CSDL ngành) identifies one child in the
  national database, so it is personal data too;
- the name becomes :data:`ERASED_NAME`; CCCD, guardian, phone, address, ethnicity become empty;
- a need keeps its category, round, status and requested device, not its poverty certificate
  number, note or review comment;
- a handover keeps its facts (device, date, kind, reason, condition, minutes number, who handed it
  over for the school), not the receiver's name, CCCD, address, relationship or the note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

# The programme's review period: a student whose last handover is more recent than this, or whose
# need still waits for (or was returned by) the district's review, is erased only on an explicit
# override — the district's figures for the period still depend on the record.
REVIEW_PERIOD_DAYS = 90
UNDER_REVIEW = frozenset({"proposed", "returned"})

ERASED_NAME = "Học sinh đã xóa dữ liệu"
CODE_PREFIX = "XOA-"

# Personal fields by entity, set to None on erasure (the student's name, code and birth date are
# replaced instead: their columns are NOT NULL, see erased_student_values).
PERSONAL_FIELDS: dict[str, tuple[str, ...]] = {
    "student": (
        "citizen_id",
        "guardian_name",
        "phone",
        "address",
        "ethnicity",
        "consent_ref",
        "consent_recorded_by",
    ),
    "need": ("poverty_cert_no", "note", "review_comment"),
    "handover": (
        "receiver_name",
        "receiver_citizen_id",
        "receiver_address",
        "relationship",
        "note",
    ),
    # The dose facts stay (the coverage figures); where and from which lot, and notes, go.
    "vaccination": ("lot_no", "facility", "note"),
}
# Fields replaced by a placeholder rather than emptied.
REPLACED_STUDENT_FIELDS = ("code", "full_name", "name_key", "sort_key", "birth_date")


def pseudonym(student_id: str) -> str:
    """The code an erased student is known by: stable, unique, and derived from nothing personal."""
    return CODE_PREFIX + student_id.replace("-", "")[-12:].upper()


def is_erased(code: str | None) -> bool:
    return bool(code) and str(code).startswith(CODE_PREFIX)


def erased_birth_date(birth_date: str | None) -> str:
    """Only the year stays (reports by age group); 01-01 keeps the column a valid date."""
    year = (birth_date or "")[:4]
    return f"{year}-01-01" if len(year) == 4 and year.isdigit() else "1900-01-01"


def erased_student_values(
    student_id: str, birth_date: str | None, keys: Mapping[str, Any]
) -> dict[str, Any]:
    """The new values of an erased student's personal fields (``keys``: name_key and sort_key of
    :data:`ERASED_NAME`, made by the caller with the naming module)."""
    values: dict[str, Any] = dict.fromkeys(PERSONAL_FIELDS["student"])
    values.update(
        code=pseudonym(student_id),
        full_name=ERASED_NAME,
        name_key=keys["name_key"],
        sort_key=keys["sort_key"],
        birth_date=erased_birth_date(birth_date),
    )
    return values


def scrub(entity: str, record: Mapping[str, Any], replaced: Mapping[str, Any]) -> dict[str, Any]:
    """``record`` (a journal payload: the full record, or only the changed fields) with every
    personal field it holds erased; fields it does not hold are not added."""
    values = {**dict.fromkeys(PERSONAL_FIELDS.get(entity, ())), **replaced}
    out = dict(record)
    for key in out.keys() & values.keys():
        if key == "birth_date":
            out[key] = erased_birth_date(out[key])
        else:
            out[key] = values[key]
    return out


@dataclass(frozen=True)
class Hold:
    """Why a student is still in the review period."""

    reason: str  # "need_under_review" | "recent_handover"
    until: date | None = None  # the end of the review period (recent_handover)


def review_hold(
    need_status: str | None, last_handover: date | None, today: date,
    period_days: int = REVIEW_PERIOD_DAYS,
) -> Hold | None:  # fmt: skip
    """None when the student's data may be erased now; else why not (an override may still)."""
    if need_status in UNDER_REVIEW:
        return Hold("need_under_review")
    if last_handover is not None:
        until = last_handover + timedelta(days=period_days)
        if today < until:
            return Hold("recent_handover", until)
    return None
