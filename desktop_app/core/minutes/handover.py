"""The handover minutes (biên bản bàn giao): one set per student, for the device they received
last (a replaced faulty device has a later handover), in class-list order."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop_app.core.errors import SongMayError
from desktop_app.core.locale import fmt_date
from desktop_app.core.minutes.template import MinutesDocument, load_minutes_template
from desktop_app.core.minutes.values import (
    common_values,
    device_values,
    escaped,
    fetch,
    find_batch,
    parse_date,
    text,
)
from desktop_app.core.rules.holdings import load_holdings
from desktop_app.core.rules.receivers import (
    STUDENT,
    default_relationship,
    receives_in_person,
    relationship_said,
)
from desktop_app.core.school import GIVER_POSITIONS, default_giver, load_school
from desktop_app.core.templates.spec import load_codelists

# Each student's latest handover (``Holdings.last_handover``) with everything the minutes print:
# one query for the whole batch, never one per student.
_HANDOVERS = """
SELECT s.code AS student_code, s.full_name, s.birth_date, s.gender, s.class_name,
       s.guardian_name, s.phone, s.address,
       h.event_date, h.receiver_role, h.receiver_name, h.relationship, h.receiver_citizen_id,
       h.receiver_address,
       h.handed_by, h.handed_by_position, h.condition AS handover_condition,
       h.accessories AS handover_accessories, h.note, h.minutes_no,
       v.device_type, v.brand, v.model, v.serial, v.condition AS device_condition,
       v.accessories AS device_accessories, v.cpu, v.ram_gb, v.storage_gb, v.screen_inch, v.os,
       v.note AS device_note,
       b.code AS batch_code, b.source, b.received_date, d.name AS donor_name
FROM handovers h
JOIN students s ON s.id = h.student_id AND s.deleted = 0
JOIN devices v ON v.id = h.device_id
JOIN donation_batches b ON b.id = v.batch_id
JOIN donors d ON d.id = b.donor_id
WHERE h.id IN (SELECT value FROM json_each(?)) {where}
ORDER BY s.grade IS NULL, s.grade, s.class_name, s.sort_key, s.code
"""
_BY_CODES = "AND s.code IN (SELECT value FROM json_each(?))"
_BY_BATCH = "AND b.code = ?"


def handover_minutes(
    db: Database,
    *,
    student_codes: Sequence[str] | None = None,
    batch_code: str | None = None,
    all_students: bool = False,
    template_dir: Path | None = None,
) -> list[MinutesDocument]:
    """The minutes of each chosen student's latest handover, in class-list order (grade, class,
    then the Vietnamese name order), numbered by the stored ``minutes_no`` or else by their place
    in this print run. Choose exactly one of ``student_codes``, ``batch_code``, ``all_students``."""
    if sum((student_codes is not None, batch_code is not None, all_students)) != 1:
        raise ValueError("choose exactly one of student_codes, batch_code, all_students")
    template = load_minutes_template("handover", template_dir)
    latest = json.dumps([e.id for e in load_holdings(db.conn).last_handover.values()])
    if student_codes is not None:
        codes = [text(c, "") for c in student_codes]
        rows = fetch(db, _HANDOVERS.format(where=_BY_CODES), (latest, json.dumps(codes)))
        _check_students(db, codes, {r["student_code"] for r in rows})
    elif batch_code is not None:
        batch_code = text(batch_code, "")
        rows = fetch(db, _HANDOVERS.format(where=_BY_BATCH), (latest, batch_code))
        if not rows:
            find_batch(db, batch_code)
            raise SongMayError.of("minutes.batch_not_handed", code="no_handover", batch=batch_code)
    else:
        rows = fetch(db, _HANDOVERS.format(where=""), (latest,))
        if not rows:
            raise SongMayError.of("minutes.none_handed", code="no_handover")
    school = load_school(db)
    school_giver = default_giver(school)
    codelists = load_codelists()
    conditions, roles, sources = codelists["condition"], codelists["receiver"], codelists["source"]
    documents = []
    for sequence, row in enumerate(rows, start=1):
        when = parse_date(row["event_date"])
        number = row["minutes_no"] if row["minutes_no"] is not None else sequence
        role = row["receiver_role"] or STUDENT
        in_person = receives_in_person(role)
        guardian = (None if in_person else row["receiver_name"]) or row["guardian_name"]
        student_name = text(row["full_name"])
        handed_by, position = _giver(row, school_giver, school.principal, school.clerk)
        title = f"Biên bản bàn giao thiết bị – {student_name} ({text(row['class_name'])})"
        birth = parse_date(row["birth_date"])
        received = parse_date(row["received_date"])
        values = escaped({
            **common_values(school, when, f"{int(number):02d}"),
            "title": title,
            "batch_code": row["batch_code"],
            "donor_name": row["donor_name"],
            "source_label": sources.label(row["source"]),
            "received_date": fmt_date(received) if received else row["received_date"],
            "student_name": student_name,
            "student_code": row["student_code"],
            "birth_date": fmt_date(birth) if birth else row["birth_date"],
            "gender": row["gender"],
            "class_name": row["class_name"],
            "guardian_name": guardian,
            "relationship": relationship_said(row["relationship"])
            or (None if in_person else default_relationship(role)),
            "receiver_role": roles.label(role),
            "receiver_citizen_id": row["receiver_citizen_id"],
            "address": (None if in_person else row["receiver_address"]) or row["address"],
            "phone": row["phone"],
            "signer_name": student_name if in_person else guardian,
            "giver_name": handed_by,
            "giver_position": position,
            "handover_date": fmt_date(when) if when else row["event_date"],
            "note": row["note"],
        })  # fmt: skip
        device = device_values(
            row,
            1,
            condition=row["handover_condition"] or conditions.label(row["device_condition"]),
            accessories=row["handover_accessories"] or row["device_accessories"],
        )
        html = template.render(values, {"devices": (device,)})
        documents.append(MinutesDocument(unicodedata.normalize("NFC", title), html))
    return documents


def _giver(
    row: dict[str, Any],
    school_giver: tuple[str | None, str | None],
    principal: str | None,
    clerk: str | None,
) -> tuple[str | None, str | None]:
    """Who handed the device over for the school, and their position: as recorded, else the
    school profile's principal (or its clerk, where the profile says so). A recorded name that is
    the principal's or the clerk's takes that position when none was recorded."""
    name = text(row["handed_by"], "") or None
    position = text(row["handed_by_position"], "") or None
    if name is None:
        return school_giver[0], position or school_giver[1]
    if position is None:
        for role, person in (("principal", principal), ("clerk", clerk)):
            if text(person, "") == name:
                return name, GIVER_POSITIONS[role]
    return name, position


def _check_students(db: Database, codes: Sequence[str], found: set[str]) -> None:
    missing = [c for c in dict.fromkeys(codes) if c not in found]
    if not missing:
        if not codes:
            raise SongMayError.of("minutes.no_student_chosen", code="no_handover")
        return
    known = dict(
        db.execute(
            "SELECT code, full_name FROM students WHERE deleted = 0"
            " AND code IN (SELECT value FROM json_each(?))",
            (json.dumps(missing),),
        ).fetchall()
    )
    unknown = [c for c in missing if c not in known]
    if unknown:
        shown = ", ".join(f"“{c}”" for c in unknown[:10]) + (" …" if len(unknown) > 10 else "")
        raise SongMayError.of("minutes.student_not_found", code="not_found", codes=shown)
    shown = ", ".join(f"{c} ({known[c]})" for c in missing[:10]) + (
        " …" if len(missing) > 10 else ""
    )
    raise SongMayError.of("minutes.student_not_handed", code="no_handover", students=shown)
