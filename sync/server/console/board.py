"""The schools board: each school's figures, kept in ``school_board`` (with its batches in
``board_batches`` and its need counts in ``board_need_counts``; its vaccination coverage in the
row's ``vaccinations``).

A province has a thousand schools and half a million students: reading every record on each
page view would take seconds. The figures are instead recomputed for one school by the
transaction that changes them (an applied submission, a decision, a lock), from that school's
records alone, with the desktop's own rules (current need, holdings, deadlines). A school without
a row yet (data stored before this table existed) gets one the first time the board is read.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from desktop_app.core.rules.holdings import HandoverEvent, Holdings, ReturnReason
from desktop_app.core.rules.needs import NeedStatus, current_needs
from desktop_app.core.rules.programme import is_late
from sync.server.console.model import BoardRow, ReviewState, Viewer
from sync.server.console.scope import IN_SCOPE, scope_params
from sync.server.console.vaccination_board import encode, grade_counts
from sync.server.set_aside import is_transient
from sync.server.store import Connection, Store, utc_now

log = logging.getLogger(__name__)
BOARD_ENTITIES = ("student", "need", "donor", "donation_batch", "device", "handover",
                  "vaccination")  # fmt: skip


@dataclass(frozen=True)
class Decision:
    """The district's latest decision on one need."""

    decision: str  # approved | returned
    need_version: int | None  # the version decided on (None: decided before it was recorded)
    decided_at: str
    comment: str | None
    reviewer: str


def review_state(
    need: Mapping[str, Any], updated_at: str, decision: Decision | None
) -> ReviewState:
    """Where a need stands with the district. Decided needs stay decided while the school only
    hands the device over (status "supplied"); a change the school makes to the need (or to a
    returned student) sends it back as "proposed" with a newer version: that student, and only
    that student, waits for review again ("reopened")."""
    if decision is None:
        return "waiting"
    if str(need.get("status")) == NeedStatus.PROPOSED:
        version = int(need.get("version") or 0)
        if decision.need_version is not None:
            if version > decision.need_version:
                return "reopened"
        elif updated_at > decision.decided_at:
            return "reopened"
    return "approved" if decision.decision == "approved" else "returned"


def latest_decisions(
    conn: Connection, school_code: str, *, need_id: str | None = None
) -> dict[str, Decision]:
    """The latest decision on each need of the school (or on that one need), by need id."""
    found: dict[str, Decision] = {}
    one = " AND need_id = ?" if need_id is not None else ""
    for row in conn.execute(
        "SELECT need_id, decision, need_version, decided_at, comment, reviewer FROM decisions"
        f" WHERE school_code = ? AND need_id IS NOT NULL{one} ORDER BY cursor",
        (school_code, *((need_id,) if need_id is not None else ())),
    ):
        found[row["need_id"]] = Decision(
            row["decision"], row["need_version"], row["decided_at"], row["comment"],
            row["reviewer"],
        )  # fmt: skip
    return found


@dataclass
class SchoolRecords:
    """A school's live records, by entity and id (``data`` parsed), and when each was stored."""

    records: dict[str, dict[str, dict[str, Any]]]
    updated_at: dict[str, str]

    def live(self, entity: str) -> dict[str, dict[str, Any]]:
        return self.records.get(entity, {})


def read_records(conn: Connection, school_code: str, entities: Iterable[str]) -> SchoolRecords:
    wanted = tuple(entities)
    marks = ", ".join("?" for _ in wanted)
    records: dict[str, dict[str, dict[str, Any]]] = {entity: {} for entity in wanted}
    updated: dict[str, str] = {}
    for row in conn.execute(
        "SELECT entity, entity_id, data, updated_at FROM records"
        f" WHERE school_code = ? AND entity IN ({marks}) AND deleted = 0",
        (school_code, *wanted),
    ):
        records[row["entity"]][row["entity_id"]] = json.loads(row["data"])
        updated[row["entity_id"]] = row["updated_at"]
    return SchoolRecords(records, updated)


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def as_int(value: Any) -> int | None:
    """A record's number as an int, None when it is none (the records are the schools')."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


_REASONS = frozenset(reason.value for reason in ReturnReason)


def handover_events(handovers: Mapping[str, Mapping[str, Any]]) -> list[HandoverEvent]:
    """The history as the rules read it. What reaches the server was written by a school's
    client, but the figures are refreshed inside the worker's transaction: a value no client of
    ours writes (an unknown return reason, a date that is not one) must not make a submission
    fail, so it is read as the rules' default ("other") or the event is left out."""
    events = []
    for entity_id, data in handovers.items():
        if _day(data.get("event_date")) is None or not data.get("device_id"):
            continue  # a record the school's rules would not have written
        reason = data.get("reason")
        events.append(HandoverEvent(
            entity_id, str(data["device_id"]), str(data.get("student_id") or ""),
            str(data.get("kind") or "handover"), str(data["event_date"])[:10],
            reason if reason in _REASONS else ReturnReason.OTHER.value,
        ))  # fmt: skip
    return events


def _recorded_late(data: Mapping[str, Any]) -> bool:
    """A handover or return the school recorded more than a day after it happened."""
    if data.get("late") not in (None, ""):
        return bool(as_int(data.get("late")))
    happened, recorded = _day(data.get("event_date")), _day(data.get("recorded_on"))
    return happened is not None and recorded is not None and is_late("handover", happened, recorded)


def refresh_school(conn: Connection, school_code: str) -> None:
    """Recompute one school's board row, batches and need counts in ``conn``'s transaction."""
    school = read_records(conn, school_code, BOARD_ENTITIES)
    students, needs = school.live("student"), school.live("need")
    current = current_needs(needs, students)
    decisions = latest_decisions(conn, school_code)
    states: Counter[ReviewState] = Counter()
    cells: Counter[tuple[int, int, str, ReviewState]] = Counter()
    for student_id, need_id in current.items():
        need = needs[need_id]
        state = review_state(need, school.updated_at[need_id], decisions.get(need_id))
        states[state] += 1
        if not as_int(need.get("has_device")):
            grade = as_int(students[student_id].get("grade")) or 0
            category = as_int(need.get("category")) or 0
            device = str(need.get("requested_device") or "")
            cells[(grade, category, device, state)] += 1

    holdings = Holdings.from_events(handover_events(school.live("handover")))
    devices = school.live("device")
    by_batch: dict[str, list[str]] = {}
    for device_id, record in devices.items():
        by_batch.setdefault(str(record.get("batch_id") or ""), []).append(device_id)
    donors = school.live("donor")
    batches = []
    oldest_unhanded: date | None = None
    for batch_id, batch in school.live("donation_batch").items():
        received = _day(batch.get("received_date"))
        own = by_batch.get(batch_id, [])
        handed = [day for d in own if (day := holdings.first_handed_on(d)) is not None]
        within = {days: sum(1 for day in handed if received is not None
                            and day <= received + timedelta(days=days)) for days in (5, 7)}  # fmt: skip
        never_handed = [d for d in own if holdings.first_handed_on(d) is None
                        and holdings.is_available(d)]  # fmt: skip
        if never_handed and received is not None:
            oldest_unhanded = min(filter(None, (oldest_unhanded, received)))
        donor = donors.get(str(batch.get("donor_id") or ""), {})
        batches.append((
            school_code, batch_id, batch.get("code"), batch.get("source"), donor.get("name"),
            received.isoformat() if received else None, len(own), len(handed), within[5],
            within[7], max(handed).isoformat() if handed else None,
        ))  # fmt: skip

    last = conn.execute(
        "SELECT received_at, source FROM submissions WHERE school_code = ? ORDER BY seq DESC"
        " LIMIT 1",
        (school_code,),
    ).fetchone()
    late = sum(1 for data in school.live("handover").values() if _recorded_late(data))
    row = (
        school_code, len(students), len(current), states["approved"], states["returned"],
        states["waiting"] + states["reopened"], states["reopened"], len(devices),
        len(holdings.device_first_handover), late, oldest_unhanded.isoformat() if oldest_unhanded else None,
        last["received_at"] if last else None, last["source"] if last else None, utc_now(),
        encode(grade_counts(students, school.live("vaccination"))),
    )  # fmt: skip
    conn.execute(
        "INSERT INTO school_board (school_code, students, needs, approved, returned, waiting,"
        " reopened, devices, handed_over, late_updates, oldest_unhanded_receipt, last_sync_at,"
        " last_sync_source, refreshed_at, vaccinations)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (school_code) DO UPDATE SET students = excluded.students,"
        " needs = excluded.needs, approved = excluded.approved, returned = excluded.returned,"
        " waiting = excluded.waiting, reopened = excluded.reopened, devices = excluded.devices,"
        " handed_over = excluded.handed_over, late_updates = excluded.late_updates,"
        " oldest_unhanded_receipt = excluded.oldest_unhanded_receipt,"
        " last_sync_at = excluded.last_sync_at, last_sync_source = excluded.last_sync_source,"
        " refreshed_at = excluded.refreshed_at, vaccinations = excluded.vaccinations",
        row,
    )
    conn.execute("DELETE FROM board_batches WHERE school_code = ?", (school_code,))
    conn.executemany(
        "INSERT INTO board_batches (school_code, batch_id, batch_code, source, donor,"
        " received_date, devices, handed_over, handed_within_5, handed_within_7, last_handover)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        batches,
    )
    conn.execute("DELETE FROM board_need_counts WHERE school_code = ?", (school_code,))
    conn.executemany(
        "INSERT INTO board_need_counts (school_code, grade, category, requested_device,"
        " review_state, count) VALUES (?, ?, ?, ?, ?, ?)",
        [(school_code, *key, count) for key, count in cells.items()],
    )


def refresh_after_apply(conn: Connection, school_code: str) -> None:
    """The worker's refresh, inside the submission's transaction: should the figures fail on
    something unforeseen in the school's data, the submission is applied all the same (one
    school's odd record never stops its data), the school's row is dropped and rebuilt when a
    page is read; a fault of the store itself is raised (the worker retries later)."""
    conn.execute("SAVEPOINT board_refresh")
    try:
        refresh_school(conn, school_code)
    except Exception as exc:
        if is_transient(exc):
            raise
        conn.execute("ROLLBACK TO SAVEPOINT board_refresh")
        conn.execute("DELETE FROM school_board WHERE school_code = ?", (school_code,))
        log.warning("console figures not refreshed after a submission (%s)", type(exc).__name__)
    conn.execute("RELEASE SAVEPOINT board_refresh")


def refresh_missing(store: Store, viewer: Viewer) -> int:
    """Give a board row to every school in scope that has none yet; the number refreshed."""
    with store.snapshot() as conn:
        missing = [row["code"] for row in conn.execute(
            "SELECT s.code FROM schools s JOIN units u ON u.code = s.unit_code"
            " LEFT JOIN school_board b ON b.school_code = s.code"
            f" WHERE b.school_code IS NULL AND {IN_SCOPE}",
            scope_params(viewer),
        )]  # fmt: skip
    for code in missing:
        try:
            with store.transaction() as conn:
                refresh_school(conn, code)
        except Exception as exc:  # one school's figures never keep the others off the page
            if is_transient(exc):
                raise
            log.warning("console figures of a school not refreshed (%s)", type(exc).__name__)
    return len(missing)


_BOARD_SQL = (
    "SELECT s.code, s.name, s.level, s.unit_code, u.name AS unit_name, b.last_sync_at,"
    " b.last_sync_source, b.students, b.needs, b.approved, b.returned, b.waiting, b.reopened,"
    " b.devices, b.handed_over, b.late_updates, b.oldest_unhanded_receipt"
    " FROM schools s JOIN units u ON u.code = s.unit_code"
    " LEFT JOIN school_board b ON b.school_code = s.code"
    f" WHERE s.disabled = 0 AND {IN_SCOPE} ORDER BY s.code"
)


_FIGURES = ("students", "needs", "approved", "returned", "waiting", "reopened", "devices",
            "handed_over", "late_updates")  # fmt: skip


def school_board(store: Store, viewer: Viewer) -> list[BoardRow]:
    """Every (enabled) school the viewer may see, by code."""
    refresh_missing(store, viewer)
    with store.snapshot() as conn:
        rows = conn.execute(_BOARD_SQL, scope_params(viewer)).fetchall()
        locks: dict[str, list[str]] = {}
        for lock in conn.execute(
            "SELECT l.school_code, l.survey_round FROM review_locks l"
            " JOIN schools s ON s.code = l.school_code JOIN units u ON u.code = s.unit_code"
            f" WHERE {IN_SCOPE} ORDER BY l.survey_round",
            scope_params(viewer),
        ):
            locks.setdefault(lock["school_code"], []).append(lock["survey_round"])
    board = []
    for row in rows:
        figures = {key: int(row[key] or 0) for key in _FIGURES}
        board.append(BoardRow(
            code=row["code"], name=row["name"], level=row["level"], unit_code=row["unit_code"],
            unit_name=row["unit_name"], last_sync_at=row["last_sync_at"],
            last_sync_source=row["last_sync_source"], **figures,
            oldest_unhanded_receipt=_day(row["oldest_unhanded_receipt"]),
            locked_rounds=tuple(locks.get(row["code"], ())),
        ))  # fmt: skip
    return board
