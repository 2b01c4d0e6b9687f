"""“Kết thúc chương trình / Xóa dữ liệu cá nhân”: erase the personal data of chosen students.

One write transaction erases, for each student, the personal fields (rules/retention.py says
which) from the records, from every journal row of them (``outbox.data`` and ``old_values``: the
audit log is a view of it), from the district's review decisions received and from the last sync
report; it adds one ``erasure`` journal row per student, which sync sends and the server applies
by purging its own copies. The anonymous facts (counts, categories, classes, handovers, the dates
and vaccines of the doses) stay, so the dashboard, the reports and the vaccination coverage give
the same figures before and after.

Then, outside the transaction: a WAL checkpoint and ``VACUUM`` (with ``secure_delete`` on, freed
space is overwritten: no erased value is left in any byte of the file), and the backup schedule:
a new checked backup is made at once and every backup made before the erasure is deleted (it still
holds the erased data). Copies taken elsewhere (USB sticks) cannot be reached: the clerk is told to
destroy them by hand.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop_app.core.clock import best_today
from desktop_app.core.errors import SongMayError
from desktop_app.core.ids import uuid7
from desktop_app.core.jobs import JobState, SilentJob
from desktop_app.core.naming import student_keys
from desktop_app.core.rules.needs import LATEST_NEED
from desktop_app.core.rules.retention import (
    CODE_PREFIX,
    ERASED_NAME,
    PERSONAL_FIELDS,
    REVIEW_PERIOD_DAYS,
    Hold,
    erased_student_values,
    review_hold,
    scrub,
)
from desktop_app.core.store.changes import utc_now
from desktop_app.core.store.database import write_transaction
from desktop_app.core.store.session import actor_of

ENTITY = "erasure"  # the journal row of an erasure (sent to the server as an upsert)
BACKUP_REASON = "after-erasure"
_CHUNK = 500
CONFIRM_WORD = "XOA"  # typed to confirm, as is the school's code
_MIN_SECRET = 3  # shorter values ("Nữ", "6A") are never searched for in free text


class ErasureHeld(SongMayError):
    """Some chosen students are still in the programme's review period; nothing was erased."""

    code = "review_period"


@dataclass(frozen=True)
class Selection:
    """Which students: by codes, by class, or all (deleted ones included: their rows still hold
    their data). Students already erased are never chosen again."""

    codes: tuple[str, ...] = ()
    class_name: str | None = None
    everyone: bool = False


@dataclass(frozen=True)
class HeldStudent:
    student_id: str
    code: str
    hold: Hold


@dataclass
class ErasurePlan:
    student_ids: list[str]
    needs: int
    handovers: int
    held: list[HeldStudent]
    unknown_codes: list[str] = field(default_factory=list)
    vaccinations: int = 0  # vaccination rows (doses, corrections, cancellations)

    @property
    def students(self) -> int:
        return len(self.student_ids)


@dataclass
class ErasureResult:
    students: int = 0
    needs: int = 0
    handovers: int = 0
    journal_rows: int = 0  # earlier journal rows whose payloads were erased
    vaccinations: int = 0
    checkpoint_complete: bool = True  # False: another connection kept old pages in the WAL
    backup: Path | None = None
    deleted_backups: list[Path] = field(default_factory=list)


def _chunks(values: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), _CHUNK):
        yield list(values[start : start + _CHUNK])


def _ids(conn: sqlite3.Connection, sql: str, values: Sequence[str]) -> list[str]:
    """``sql`` has one ``{marks}``; run over ``values`` in chunks."""
    found: list[str] = []
    for chunk in _chunks(values):
        found += [r[0] for r in conn.execute(sql.format(marks=",".join("?" * len(chunk))), chunk)]
    return found


def confirm_words(school_code: str | None) -> set[str]:
    """What the clerk may type to confirm an erasure: the school's code, or XOA."""
    return {CONFIRM_WORD, *([school_code.strip()] if school_code and school_code.strip() else [])}


def choose_students(db: Database, selection: Selection) -> tuple[list[str], list[str]]:
    """The ids chosen, and the codes asked for that match no student (not yet erased)."""
    not_erased = f"code NOT LIKE '{CODE_PREFIX}%'"
    if selection.everyone:
        rows = db.execute(f"SELECT id FROM students WHERE {not_erased} ORDER BY code").fetchall()
        return [r[0] for r in rows], []
    if selection.class_name is not None:
        rows = db.execute(
            f"SELECT id FROM students WHERE {not_erased} AND class_name = ? ORDER BY code",
            [selection.class_name],
        ).fetchall()
        return [r[0] for r in rows], []
    codes = list(dict.fromkeys(c.strip() for c in selection.codes if c.strip()))
    found: dict[str, str] = {}
    for chunk in _chunks(codes):
        marks = ",".join("?" * len(chunk))
        found.update(db.execute(
            f"SELECT code, id FROM students WHERE {not_erased} AND code IN ({marks})", chunk
        ).fetchall())  # fmt: skip
    return [found[c] for c in codes if c in found], [c for c in codes if c not in found]


def plan_erasure(
    db: Database, selection: Selection, *, today: date | None = None,
    period_days: int = REVIEW_PERIOD_DAYS,
) -> ErasurePlan:  # fmt: skip
    """What an erasure of ``selection`` would touch, and who is still in the review period."""
    today = today or best_today(db)
    ids, unknown = choose_students(db, selection)
    conn = db.conn
    needs = _ids(conn, "SELECT id FROM needs WHERE student_id IN ({marks})", ids)
    handovers = _ids(conn, "SELECT id FROM handovers WHERE student_id IN ({marks})", ids)
    vaccinations = _ids(conn, "SELECT id FROM vaccinations WHERE student_id IN ({marks})", ids)
    held: list[HeldStudent] = []
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            "SELECT s.id, s.code, (SELECT n.status FROM needs n WHERE n.student_id = s.id"
            f" AND n.deleted = 0 AND {LATEST_NEED}),"
            " (SELECT MAX(h.event_date) FROM handovers h WHERE h.student_id = s.id"
            " AND h.deleted = 0)"
            f" FROM students s WHERE s.id IN ({marks}) AND s.deleted = 0",
            chunk,
        ).fetchall()
        for student_id, code, status, last in rows:
            last_day = _day(last)
            hold = review_hold(status, last_day, today, period_days)
            if hold is not None:
                held.append(HeldStudent(student_id, code, hold))
    return ErasurePlan(ids, len(needs), len(handovers), held, unknown, len(vaccinations))


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def erase_students(
    db: Database, plan: ErasurePlan, *, force: bool = False, job: JobState | None = None,
    backups: bool = True,
) -> ErasureResult:  # fmt: skip
    """Erase the plan's students (see the module's docstring). Students still in the review period
    are refused (``ErasureHeld``, nothing erased) unless ``force``."""
    job = job or SilentJob()
    if plan.held and not force:
        first = plan.held[0]
        raise ErasureHeld.of("erasure.held", count=len(plan.held), student_code=first.code,
                             days=REVIEW_PERIOD_DAYS)  # fmt: skip
    result = ErasureResult()
    ids = plan.student_ids
    if not ids:
        return result
    db.execute("PRAGMA secure_delete=ON")
    total = len(ids)
    with write_transaction(db):
        conn = db.conn
        now, actor = utc_now(), actor_of(conn)  # who is working, as every other change
        for done, chunk in enumerate(_chunks(ids)):
            job.set_progress(done * _CHUNK, total, "erase")
            counts = _erase_chunk(conn, chunk, now, actor)
            result.students += counts[0]
            result.needs += counts[1]
            result.handovers += counts[2]
            result.journal_rows += counts[3]
            result.vaccinations += counts[4]
        job.set_progress(total, total, "erase")
    job.set_progress(total, total, "vacuum")
    result.checkpoint_complete = compact(db)
    if backups:
        from desktop_app.core.safekeeping.backups import database_file

        path = database_file(db.conn)
        if path is not None:
            job.set_progress(total, total, "backup")
            result.backup, result.deleted_backups = rotate_backups(path, actor_of(db.conn))
    return result


def compact(db: Database) -> bool:
    """Rewrite the file without the freed pages and empty the WAL (old page images hold the erased
    values). False when another connection's read kept the WAL from being emptied."""
    conn = db.conn
    conn.execute("PRAGMA secure_delete=ON")
    with write_transaction(db):  # the search index keeps a removed text until its segments merge
        conn.execute("INSERT INTO student_search(student_search) VALUES ('optimize')")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy


def _erase_chunk(
    conn: sqlite3.Connection, ids: list[str], now: str, actor: str
) -> tuple[int, int, int, int, int]:
    marks = ",".join("?" * len(ids))
    students = [
        dict(zip([d[0] for d in cursor.description], row, strict=True))
        for cursor in [conn.execute(f"SELECT * FROM students WHERE id IN ({marks})", ids)]
        for row in cursor.fetchall()
    ]
    need_ids = [r[0] for r in conn.execute(f"SELECT id FROM needs WHERE student_id IN ({marks})",
                                           ids)]  # fmt: skip
    handover_ids = [r[0] for r in conn.execute(
        f"SELECT id FROM handovers WHERE student_id IN ({marks})", ids)]  # fmt: skip
    vaccination_ids = [r[0] for r in conn.execute(
        f"SELECT id FROM vaccinations WHERE student_id IN ({marks})", ids)]  # fmt: skip
    keys = student_keys(ERASED_NAME, "")
    replaced: dict[str, dict[str, Any]] = {}
    secrets: dict[str, set[str]] = {}
    for student in students:
        values = erased_student_values(student["id"], student["birth_date"], keys)
        replaced[student["id"]] = values
        secrets[student["id"]] = _secrets(student, PERSONAL_FIELDS["student"])
        sets = ", ".join(f"{column} = ?" for column in values)
        conn.execute(f"UPDATE students SET {sets} WHERE id = ?", [*values.values(), student["id"]])
    all_secrets = set().union(*secrets.values()) if secrets else set()
    # the receivers named on handovers and old values in the journal are secrets too
    for row in conn.execute(
        f"SELECT receiver_name, receiver_citizen_id, receiver_address FROM handovers"
        f" WHERE student_id IN ({marks})", ids,
    ):  # fmt: skip
        all_secrets |= {v for v in row if isinstance(v, str) and len(v) >= _MIN_SECRET}
    _null_fields(conn, "needs", PERSONAL_FIELDS["need"], "student_id", ids)
    _null_fields(conn, "handovers", PERSONAL_FIELDS["handover"], "student_id", ids)
    _null_fields(conn, "vaccinations", PERSONAL_FIELDS["vaccination"], "student_id", ids)
    journal_rows, all_secrets = _scrub_journal(
        conn,
        ids,
        {"need": need_ids, "handover": handover_ids, "vaccination": vaccination_ids},
        replaced,
        all_secrets,
    )
    _scrub_devices(conn, ids, all_secrets)
    codes = {s["id"]: s["code"] for s in students}
    conn.executemany(
        "UPDATE review_decisions SET student_code = ?, comment = NULL WHERE student_code = ?",
        [(replaced[sid]["code"], code) for sid, code in codes.items()],
    )
    _scrub_text(conn, "UPDATE sync_state SET last_result = ? WHERE id = 1",
                conn.execute("SELECT last_result FROM sync_state WHERE id = 1").fetchone(),
                all_secrets)  # fmt: skip
    conn.executemany(
        "INSERT INTO outbox (change_id, entity, entity_id, op, version, changed_at, actor,"
        " source, old_values, data) VALUES (?, ?, ?, 'insert', 1, ?, ?, 'erasure', NULL, ?)",
        [(uuid7(), ENTITY, sid, now, actor,
          json.dumps({"id": sid, "student_id": sid, "code": replaced[sid]["code"]}))
         for sid in codes],
    )  # fmt: skip
    return len(students), len(need_ids), len(handover_ids), journal_rows, len(vaccination_ids)


def _secrets(record: dict[str, Any], fields: Iterable[str]) -> set[str]:
    wanted = (*fields, "full_name", "code")
    return {str(record[f]) for f in wanted if record.get(f) and len(str(record[f])) >= _MIN_SECRET}


def _null_fields(
    conn: sqlite3.Connection, table: str, fields: Sequence[str], key: str, ids: list[str]
) -> None:
    sets = ", ".join(f"{f} = NULL" for f in fields)
    conn.execute(f"UPDATE {table} SET {sets} WHERE {key} IN ({','.join('?' * len(ids))})", ids)


def _scrub_journal(
    conn: sqlite3.Connection, student_ids: list[str], records: dict[str, list[str]],
    replaced: dict[str, dict[str, Any]], secrets: set[str],
) -> tuple[int, set[str]]:  # fmt: skip
    """Every journal row of the students and of their ``records`` (ids by entity: needs,
    handovers, vaccinations): payloads and old values erased field by field (a name changed
    long ago is only in an old row's ``old_values``), refusal texts cleaned."""
    rows = 0
    updates = []
    targets = (("student", student_ids), *records.items())
    for entity, entity_ids in targets:
        for chunk in _chunks(entity_ids):
            marks = ",".join("?" * len(chunk))
            for seq, entity_id, data, old, reject in conn.execute(
                "SELECT seq, entity_id, data, old_values, reject_message FROM outbox"
                f" WHERE entity = ? AND entity_id IN ({marks})", [entity, *chunk],
            ).fetchall():  # fmt: skip
                fixed = replaced.get(entity_id, {}) if entity == "student" else {}
                new_data, found = _scrub_payload(entity, data, fixed)
                new_old, found_old = _scrub_payload(entity, old, fixed)
                secrets |= found | found_old
                updates.append((new_data, new_old, reject, seq))
    # a refusal's message may name the student: cleaned once every secret is known
    conn.executemany(
        "UPDATE outbox SET data = ?, old_values = ?, reject_message = ? WHERE seq = ?",
        [(d, o, _replace_all(r, secrets), seq) for d, o, r, seq in updates],
    )
    rows += len(updates)
    return rows, secrets


def _scrub_payload(
    entity: str, text: str | None, fixed: dict[str, Any]
) -> tuple[str | None, set[str]]:
    if text is None:
        return None, set()
    record = json.loads(text)
    if not isinstance(record, dict):
        return text, set()
    fields = (*PERSONAL_FIELDS.get(entity, ()), *fixed)
    found = {str(record[f]) for f in fields
             if f in record and record[f] and len(str(record[f])) >= _MIN_SECRET
             and f not in ("birth_date", "name_key", "sort_key")}  # fmt: skip
    return json.dumps(scrub(entity, record, fixed), ensure_ascii=False,
                      separators=(",", ":")), found  # fmt: skip


def _replace_all(text: str | None, secrets: set[str]) -> str | None:
    if not text:
        return text
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "…")
    return text


def _scrub_text(conn: sqlite3.Connection, sql: str, row: Any, secrets: set[str]) -> None:
    if row is not None and row[0]:
        cleaned = _replace_all(row[0], secrets)
        if cleaned != row[0]:
            conn.execute(sql, [cleaned])


def _scrub_devices(conn: sqlite3.Connection, student_ids: list[str], secrets: set[str]) -> None:
    """A device's note that names an erased child (its code, name, CCCD, phone…) is emptied, in
    the record and in its journal rows."""
    if not secrets:
        return
    device_ids = _ids(conn, "SELECT DISTINCT device_id FROM handovers WHERE student_id IN"
                      " ({marks})", student_ids)  # fmt: skip
    lowered = [s.casefold() for s in secrets]

    def names_a_child(note: Any) -> bool:
        return isinstance(note, str) and any(s in note.casefold() for s in lowered)

    for chunk in _chunks(device_ids):
        marks = ",".join("?" * len(chunk))
        for device_id, note in conn.execute(
            f"SELECT id, note FROM devices WHERE id IN ({marks})", chunk
        ).fetchall():
            if names_a_child(note):
                conn.execute("UPDATE devices SET note = NULL WHERE id = ?", [device_id])
        for seq, data, old in conn.execute(
            f"SELECT seq, data, old_values FROM outbox WHERE entity = 'device'"
            f" AND entity_id IN ({marks})", chunk,
        ).fetchall():  # fmt: skip
            new = [_without_note(text, names_a_child) for text in (data, old)]
            if new != [data, old]:
                conn.execute("UPDATE outbox SET data = ?, old_values = ? WHERE seq = ?",
                              [*new, seq])  # fmt: skip


def _without_note(text: str | None, names_a_child: Any) -> str | None:
    if text is None:
        return None
    record = json.loads(text)
    if isinstance(record, dict) and names_a_child(record.get("note")):
        record["note"] = None
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return text


# --- the backup schedule -----------------------------------------------------------------------


def rotate_backups(db_path: Path, actor: str | None = None) -> tuple[Path, list[Path]]:
    """Right after an erasure: a new checked backup, then every backup of the default folder made
    before it is deleted (they hold the erased data). Returns the new backup and those deleted."""
    from desktop_app.core.safekeeping.backups import info_path, list_backups, make_backup

    new = make_backup(db_path, BACKUP_REASON, actor=actor)
    deleted = []
    for info in list_backups(db_path):
        if info.path.resolve() == new.resolve():
            continue
        with contextlib.suppress(OSError):
            info.path.unlink()
            deleted.append(info.path)
        info_path(info.path).unlink(missing_ok=True)  # its cached counts go with it
    return new, deleted


def erased_count(db: Database) -> int:
    return int(db.execute(
        f"SELECT COUNT(*) FROM students WHERE code LIKE '{CODE_PREFIX}%'"
    ).fetchone()[0])  # fmt: skip
