"""Applying received submissions: the rules for one change, and the worker that runs them.

One submission is applied — its records, its applied change ids, its results and its status
``done`` — in **one** transaction. A server killed half-way leaves the submission as it was
(``received`` or ``processing``) and the next start applies it from the beginning: nothing is
lost and nothing is applied twice.

Results per change:
- ``accepted``: the record was created, updated or marked deleted;
- ``duplicate`` ``already_applied``: this change_id was applied before (a resend);
- ``duplicate`` ``stale_version``: the server holds this version of the record or a newer one;
- ``rejected`` with a stable code and a Vietnamese message the clerk can act on. A rejection
  never holds back the other changes of the submission. ``field_not_allowed``: the change
  carried a field that is on no list of ``sync.protocol`` (it was not stored; see
  ``submissions.minimise_change``). ``set_aside``: applying the submission failed for a reason
  the intake could not see; the whole submission was rolled back and set aside for the district
  (``sync.server.set_aside``), and the worker went on.

An upsert replaces the stored record's fields with those received: a student whose consent was
withdrawn arrives as a minimal record, and the name and birth date the server held go with it —
from the record and from the changes stored earlier for that student.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sync.protocol import (
    ENTITIES,
    OPS,
    SCHOOL_ONLY_FIELDS,
    SENT_FIELDS,
    STUDENT_WITHOUT_CONSENT,
    district_view,
    has_consent,
)
from sync.server.console.board import refresh_after_apply
from sync.server.set_aside import is_transient, set_aside
from sync.server.store import Connection, Store, is_postgres, json_text, utc_now
from sync.server.submissions import REFUSED_FIELDS

log = logging.getLogger(__name__)

ENTITY_LABELS = {
    "school": "Hồ sơ trường",
    "student": "Hồ sơ học sinh",
    "need": "Nhu cầu thiết bị",
    "donor": "Nhà tài trợ",
    "donation_batch": "Đợt tiếp nhận",
    "device": "Thiết bị",
    "handover": "Biên bản bàn giao",
    "vaccination": "Hồ sơ tiêm vắc-xin",
    "erasure": "Xóa dữ liệu cá nhân",
}
# What an upsert of each entity must carry; the labels are the clerk's words for the fields.
REQUIRED_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "student": (("code", "Mã học sinh"), ("full_name", "Họ và tên")),
    "need": (("student_id", "Học sinh"), ("category", "Diện đối tượng")),
    "device": (("serial", "Số sê-ri"),),
    "handover": (("device_id", "Thiết bị"), ("student_id", "Học sinh"), ("kind", "Loại biên bản")),
    "vaccination": (
        ("student_id", "Học sinh"),
        ("dose_no", "Mũi tiêm số"),
        ("vaccinated_on", "Ngày tiêm"),
        ("vaccine", "Loại vắc-xin"),
    ),
    "erasure": (("code", "Mã học sinh"),),
}
_FIX = "Hãy kiểm tra lại rồi đồng bộ lại; nếu vẫn lỗi, báo cho bộ phận hỗ trợ."
_MESSAGES = {
    "already_applied": "Thay đổi này đã được máy chủ nhận trước đó (gửi lại không sao).",
    "stale_version": (
        "Máy chủ đã có phiên bản mới hơn (hoặc bằng) của bản ghi này; thay đổi cũ được bỏ qua."
    ),
    "unknown_entity": (
        "Máy chủ không nhận loại dữ liệu “{entity}”. Hãy cập nhật ứng dụng lên phiên bản mới nhất."
    ),
    "unknown_op": (
        "Thao tác “{op}” không hợp lệ (chỉ có cập nhật hoặc xóa). Hãy cập nhật ứng dụng lên "
        "phiên bản mới nhất."
    ),
    "invalid_entity_id": "{label}: thiếu mã định danh của bản ghi. " + _FIX,
    "invalid_version": "{label}: số phiên bản của bản ghi không hợp lệ. " + _FIX,
    "invalid_data": "{label}: dữ liệu gửi lên bị thiếu hoặc sai dạng. " + _FIX,
    "id_mismatch": "{label}: mã định danh trong dữ liệu không khớp với bản ghi. " + _FIX,
    "missing_field": "{label}{which} thiếu thông tin bắt buộc “{field}”. Hãy bổ sung rồi đồng bộ lại.",
    "field_not_allowed": (
        "{label}: có trường dữ liệu không thuộc danh sách được gửi lên phòng giáo dục ({fields}); "
        "máy chủ không lưu bản ghi này. Hãy cập nhật ứng dụng lên phiên bản mới nhất."
    ),
}
# The fields a student's record holds on the server only with the parent's consent.
CONSENTED_FIELDS = tuple(f for f in SENT_FIELDS["student"] if f not in STUDENT_WITHOUT_CONSENT)


@dataclass(frozen=True)
class Result:
    change_id: str
    status: str
    code: str | None = None
    message: str | None = None


def _message(code: str, **params: Any) -> str:
    return _MESSAGES[code].format(**params)


def check_change(change: dict[str, Any]) -> tuple[str, str] | None:
    """What is wrong with a change on its own (code, message), or None. Pure: no database."""
    entity, op = change.get("entity"), change.get("op")
    if not isinstance(entity, str) or entity not in ENTITIES:
        return "unknown_entity", _message("unknown_entity", entity=entity)
    label = ENTITY_LABELS[entity]
    if not isinstance(op, str) or op not in OPS:
        return "unknown_op", _message("unknown_op", op=op)
    entity_id = change.get("entity_id")
    if isinstance(entity_id, bool) or not isinstance(entity_id, str | int) or entity_id == "":
        return "invalid_entity_id", _message("invalid_entity_id", label=label)
    version = change.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        return "invalid_version", _message("invalid_version", label=label)
    if op == "delete":
        return None
    data = change.get("data")
    if not isinstance(data, dict):
        return "invalid_data", _message("invalid_data", label=label)
    if "id" not in data or str(data["id"]) != str(entity_id):
        return "id_mismatch", _message("id_mismatch", label=label)
    refused = change.get(REFUSED_FIELDS)
    if refused:
        fields = ", ".join(f"“{name}”" for name in refused)
        return "field_not_allowed", _message("field_not_allowed", label=label, fields=fields)
    for field, field_label in REQUIRED_FIELDS.get(entity, ()):
        if entity == "student" and field in CONSENTED_FIELDS and not has_consent(data):
            continue  # without consent, a student's record carries no name
        value = data.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            code = data.get("code") or data.get("serial")
            which = f" {code}" if isinstance(code, str) and code.strip() else ""
            return "missing_field", _message(
                "missing_field", label=label, which=which, field=field_label
            )
    return None


# How many values one ``IN (…)`` list carries (SQLite allows 32,766 bound values a statement).
CHUNK = 500


class Applier:
    """Applies one submission's changes in order, with a handful of round trips to the database
    whatever their number: the change ids already applied and the stored records the changes
    touch are read up front in a few set-based queries (``IN (…)`` lists, by chunks), the rules
    run in memory, and the records and applied change ids are written together by
    ``executemany`` — before an erasure or a consent withdrawal (which read and rewrite what is
    stored) and at the end (:meth:`flush`). The answers are those of applying the changes one by
    one: a change id seen earlier in the same submission is ``already_applied``, a version at or
    below one just applied is ``stale_version``."""

    def __init__(
        self, conn: Connection, school_code: str, seq: int, changes: list[dict[str, Any]]
    ) -> None:
        self.conn, self.school_code, self.seq = conn, school_code, seq
        self.applied: set[str] = set()
        self.stored: dict[tuple[str, str], tuple[int, str] | None] = {}
        self._records: dict[tuple[str, str], tuple[Any, ...]] = {}
        self._applied_rows: list[tuple[Any, ...]] = []
        ids = {c["change_id"] for c in changes if isinstance(c.get("change_id"), str)}
        for chunk in _chunks(sorted(ids)):
            self.applied.update(
                row[0]
                for row in conn.execute(
                    "SELECT change_id FROM applied_changes WHERE school_code = ? AND change_id"
                    f" IN ({_marks(chunk)})", (school_code, *chunk),
                )
            )  # fmt: skip
        self._load({(c["entity"], str(c["entity_id"])) for c in changes if check_change(c) is None})

    def _load(self, keys: set[tuple[str, str]]) -> None:
        by_entity: dict[str, list[str]] = {}
        for entity, entity_id in keys:
            by_entity.setdefault(entity, []).append(entity_id)
            self.stored[entity, entity_id] = None
        for entity, entity_ids in sorted(by_entity.items()):
            for chunk in _chunks(sorted(entity_ids)):
                for row in self.conn.execute(
                    "SELECT entity_id, version, data FROM records WHERE school_code = ?"
                    f" AND entity = ? AND entity_id IN ({_marks(chunk)})",
                    (self.school_code, entity, *chunk),
                ):
                    self.stored[entity, row["entity_id"]] = (row["version"], row["data"])

    def _stored(self, entity: str, entity_id: str) -> tuple[int, str] | None:
        if (entity, entity_id) not in self.stored:
            self._load({(entity, entity_id)})
        return self.stored[entity, entity_id]

    def apply(self, change: dict[str, Any]) -> Result:
        change_id: str = change["change_id"]
        if change_id in self.applied:
            return Result(change_id, "duplicate", "already_applied", _message("already_applied"))
        problem = check_change(change)
        if problem is not None:
            return Result(change_id, "rejected", *problem)
        entity, entity_id, version = change["entity"], str(change["entity_id"]), change["version"]
        stored = self._stored(entity, entity_id)
        if stored is not None and version <= stored[0]:
            return Result(change_id, "duplicate", "stale_version", _message("stale_version"))
        conn, school_code = self.conn, self.school_code
        data = change.get("data")
        if entity == "erasure" and change["op"] == "upsert" and isinstance(data, dict):
            self.flush()
            erase_student(conn, school_code, entity_id, str(data["code"]))
            self._load(set(self.stored))  # the erasure rewrote stored records: read them again
            stored = self.stored[entity, entity_id]
        deleted = change["op"] == "delete"
        if deleted and stored is not None:
            data_json = stored[1]  # a delete keeps the last known fields (for the record)
            if entity == "student" and isinstance(data, dict) and not has_consent(data):
                data_json = json.dumps(district_view(entity, {**json.loads(data_json),
                                                              "consent_date": None}),
                                       ensure_ascii=False)  # fmt: skip
        else:
            data_json = json.dumps(data if isinstance(data, dict) else {}, ensure_ascii=False)
        if entity == "student" and stored is not None and _withdrawn(stored[1], data_json):
            _forget_personal_fields(conn, school_code, entity_id)
        now = utc_now()
        self._records[entity, entity_id] = (school_code, entity, entity_id, version, data_json,
                                            int(deleted), change_id, now)  # fmt: skip
        self._applied_rows.append((school_code, change_id, self.seq, entity, entity_id, version,
                                   now))  # fmt: skip
        self.stored[entity, entity_id] = (version, data_json)
        self.applied.add(change_id)
        return Result(change_id, "accepted")

    def flush(self) -> None:
        """Write the records and applied change ids kept so far."""
        if self._records:
            self.conn.executemany(
                "INSERT INTO records (school_code, entity, entity_id, version, data, deleted,"
                " change_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (school_code, entity, entity_id) DO UPDATE SET"
                " version = excluded.version, data = excluded.data, deleted = excluded.deleted,"
                " change_id = excluded.change_id, updated_at = excluded.updated_at",
                list(self._records.values()),
            )
            self._records.clear()
        if self._applied_rows:
            self.conn.executemany(
                "INSERT INTO applied_changes (school_code, change_id, submission_seq, entity,"
                " entity_id, version, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                self._applied_rows,
            )
            self._applied_rows = []


def _chunks(values: list[str]) -> list[list[str]]:
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]


def _marks(values: list[str]) -> str:
    return ", ".join("?" * len(values))


# What the server erases of a student's records when the school erases the student: whatever it
# may hold that the school keeps to itself (dropped on arrival, but a record stored from an older
# client may still carry it: ``SCHOOL_ONLY_FIELDS``, bookkeeping aside) and the district's own
# free text about the child. The school's list is desktop_app/core/rules/retention.py; a test
# checks that every field it erases is one the server erases too or never receives.
_DISTRICT_TEXT: dict[str, tuple[str, ...]] = {"need": ("review_comment",)}
# The records of a student (their ``student_id``) that an erasure rewrites with the student's.
STUDENT_RECORDS = ("need", "handover", "vaccination")
_BOOKKEEPING = ("created_at", "updated_at", "deleted")
PERSONAL_FIELDS: dict[str, tuple[str, ...]] = {
    entity: (*(f for f in SCHOOL_ONLY_FIELDS[entity] if f not in _BOOKKEEPING),
             *_DISTRICT_TEXT.get(entity, ()))
    for entity in ("student", *STUDENT_RECORDS)
}  # fmt: skip
ERASED_NAME = "Học sinh đã xóa dữ liệu"


def _erased(entity: str, record: dict[str, Any], code: str) -> dict[str, Any]:
    out = dict(record)
    for key in PERSONAL_FIELDS.get(entity, ()):
        if key in out:
            out[key] = None
    if entity == "student":
        for key, value in (("code", code), ("full_name", ERASED_NAME), ("name_key", None),
                           ("sort_key", None)):  # fmt: skip
            if key in out:
                out[key] = value
        birth = out.get("birth_date")
        if isinstance(birth, str) and birth:
            out["birth_date"] = f"{birth[:4]}-01-01"
    return out


def erase_student(conn: Connection, school_code: str, student_id: str, code: str) -> int:
    """Purge the server's copies of a student's personal data: the stored records of the student,
    their needs, handovers and vaccinations, every stored change of them (the raw submissions), the review
    decisions' comments and the refusal messages that named them. The anonymous facts stay.
    Returns the stored changes rewritten. ``secure_delete`` is on for the connection, so SQLite
    zeroes the old values' bytes; the caller empties the WAL after the commit. (PostgreSQL keeps
    the old row versions until VACUUM reuses their space.)"""
    if not is_postgres(conn):
        conn.execute("PRAGMA secure_delete=ON")
    ids: dict[str, set[str]] = {"student": {student_id}}
    for entity in STUDENT_RECORDS:
        ids[entity] = {
            row[0]
            for row in conn.execute(
                "SELECT entity_id FROM records WHERE school_code = ? AND entity = ?"
                f" AND {json_text(conn, 'data', 'student_id')} = ?",
                (school_code, entity, student_id),
            )
        }
    secrets: set[str] = set()
    for entity, entity_ids in ids.items():
        for entity_id in entity_ids:
            row = conn.execute(
                "SELECT data FROM records WHERE school_code = ? AND entity = ? AND entity_id = ?",
                (school_code, entity, entity_id),
            ).fetchone()
            if row is None:
                continue
            record = json.loads(row[0])
            secrets |= _values(entity, record)
            conn.execute(
                "UPDATE records SET data = ? WHERE school_code = ? AND entity = ? AND entity_id = ?",
                (json.dumps(_erased(entity, record, code), ensure_ascii=False), school_code,
                 entity, entity_id),
            )  # fmt: skip
    rewritten = 0
    for seq, position, text in conn.execute(
        "SELECT c.submission_seq, c.position, c.change FROM submission_changes c"
        " JOIN submissions s ON s.seq = c.submission_seq WHERE s.school_code = ?"
        " AND instr(c.change, ?) > 0", (school_code, student_id),
    ).fetchall():  # fmt: skip
        change = json.loads(text)
        entity, data = change.get("entity"), change.get("data")
        mine = str(change.get("entity_id")) in ids.get(entity, set()) or (
            isinstance(data, dict) and data.get("student_id") == student_id
            and entity in STUDENT_RECORDS)  # fmt: skip
        if entity not in PERSONAL_FIELDS or not mine or not isinstance(data, dict):
            continue
        secrets |= _values(entity, data)
        change["data"] = _erased(entity, data, code)
        conn.execute(
            "UPDATE submission_changes SET change = ? WHERE submission_seq = ? AND position = ?",
            (json.dumps(change, ensure_ascii=False), seq, position),
        )
        rewritten += 1
    rewritten += _erase_device_notes(conn, school_code, ids["handover"], secrets)
    conn.execute(
        "UPDATE decisions SET comment = NULL, student_code = ? WHERE school_code = ?"
        " AND student_id = ?", (code, school_code, student_id),
    )  # fmt: skip
    for secret in sorted(secrets, key=len, reverse=True):
        conn.execute(
            "UPDATE results SET message = replace(message, ?, '…') WHERE instr(message, ?) > 0"
            " AND submission_seq IN (SELECT seq FROM submissions WHERE school_code = ?)",
            (secret, secret, school_code),
        )
    return rewritten


def _erase_device_notes(
    conn: Connection, school_code: str, handover_ids: set[str], secrets: set[str]
) -> int:
    """A note on a device the child received that names the child is emptied (record and
    stored changes)."""
    lowered = [s.casefold() for s in secrets]
    device_ids: set[str] = set()
    for handover_id in handover_ids:
        row = conn.execute(
            f"SELECT {json_text(conn, 'data', 'device_id')} FROM records WHERE school_code = ?"
            " AND entity = 'handover' AND entity_id = ?", (school_code, handover_id),
        ).fetchone()  # fmt: skip
        if row is not None and row[0]:
            device_ids.add(str(row[0]))

    def without_note(record: dict[str, Any]) -> dict[str, Any] | None:
        note = record.get("note")
        if isinstance(note, str) and any(s in note.casefold() for s in lowered):
            return {**record, "note": None}
        return None

    rewritten = 0
    for device_id in device_ids:
        row = conn.execute(
            "SELECT data FROM records WHERE school_code = ? AND entity = 'device'"
            " AND entity_id = ?", (school_code, device_id),
        ).fetchone()  # fmt: skip
        if row is not None and (new := without_note(json.loads(row[0]))) is not None:
            conn.execute(
                "UPDATE records SET data = ? WHERE school_code = ? AND entity = 'device'"
                " AND entity_id = ?", (json.dumps(new, ensure_ascii=False), school_code, device_id),
            )  # fmt: skip
        rewritten += _rewrite_stored_changes(conn, school_code, "device", device_id, without_note)
    return rewritten


def _rewrite_stored_changes(
    conn: Connection, school_code: str, entity: str, entity_id: str,
    rewrite: Callable[[dict[str, Any]], dict[str, Any] | None],
) -> int:  # fmt: skip
    """Replace the data of the raw changes stored for one record by ``rewrite(data)`` (None:
    keep it as it is); how many were rewritten."""
    rewritten = 0
    for seq, position, text in conn.execute(
        "SELECT c.submission_seq, c.position, c.change FROM submission_changes c"
        " JOIN submissions s ON s.seq = c.submission_seq WHERE s.school_code = ?"
        " AND instr(c.change, ?) > 0", (school_code, entity_id),
    ).fetchall():  # fmt: skip
        change = json.loads(text)
        data = change.get("data")
        if change.get("entity") != entity or str(change.get("entity_id")) != entity_id:
            continue
        if isinstance(data, dict) and (new := rewrite(data)) is not None:
            change["data"] = new
            conn.execute(
                "UPDATE submission_changes SET change = ? WHERE submission_seq = ?"
                " AND position = ?", (json.dumps(change, ensure_ascii=False), seq, position),
            )  # fmt: skip
            rewritten += 1
    return rewritten


def _values(entity: str, record: dict[str, Any]) -> set[str]:
    keys = (*PERSONAL_FIELDS.get(entity, ()), *(("code", "full_name") if entity == "student"
                                               else ()))  # fmt: skip
    return {str(record[k]) for k in keys if record.get(k) and len(str(record[k])) >= 3}


def _withdrawn(before: str, after: str) -> bool:
    return has_consent(json.loads(before)) and not has_consent(json.loads(after))


def _forget_personal_fields(conn: Connection, school_code: str, entity_id: str) -> None:
    """Consent withdrawn: drop the name and birth date from the changes stored for this student
    (the record itself is replaced by the minimal one)."""

    def without_consented(data: dict[str, Any]) -> dict[str, Any] | None:
        if not any(field in data for field in CONSENTED_FIELDS):
            return None
        return {k: v for k, v in data.items() if k not in CONSENTED_FIELDS}

    _rewrite_stored_changes(conn, school_code, "student", entity_id, without_consented)


def process_submission(store: Store, seq: int, *, pause: threading.Event | None = None,
                       pause_seconds: float = 0.0) -> bool:  # fmt: skip
    """Apply one submission; False if it was already done (another process got there first).

    A submission whose applying raises is set aside (``sync.server.set_aside``): rolled back,
    its reason kept, its changes answered ``rejected``/``set_aside``, and it is done — unless
    the store itself failed (busy, full…), which the caller retries later.

    ``pause_seconds`` (tests only) waits inside the transaction, after the records were written
    and before the commit — the worst moment for the server to die — holding the write lock (other
    writes wait). Setting ``pause`` ends the wait early and rolls back, as a crash would.
    """
    with store.transaction() as conn:
        conn.execute(
            "UPDATE submissions SET status = 'processing' WHERE seq = ? AND status = 'received'",
            (seq,),
        )
    try:
        applied, erased = _apply(store, seq, pause, pause_seconds)
    except Interrupted:
        raise
    except Exception as exc:
        if is_transient(exc):
            raise
        set_aside(store, seq, exc)
        return True
    if erased:  # the old values are still in the WAL's page images until it is emptied
        store.checkpoint()
    return applied


def _apply(
    store: Store, seq: int, pause: threading.Event | None, pause_seconds: float
) -> tuple[bool, bool]:
    """One submission's records, applied change ids, results and status, in one transaction:
    (whether it was applied now, whether it erased a student)."""
    with store.transaction() as conn:
        row = conn.execute(
            "SELECT school_code, status FROM submissions WHERE seq = ?", (seq,)
        ).fetchone()
        if row is None or row["status"] == "done":
            return False, False
        if store.postgres and not _my_turn(conn, row["school_code"], seq):
            return False, False
        changes = conn.execute(
            "SELECT position, change FROM submission_changes WHERE submission_seq = ?"
            " ORDER BY position",
            (seq,),
        ).fetchall()
        parsed = [json.loads(item["change"]) for item in changes]
        applier = Applier(conn, row["school_code"], seq, parsed)
        results = []
        for item, change in zip(changes, parsed, strict=True):
            result = applier.apply(change)
            results.append((seq, item["position"], result.change_id, result.status, result.code,
                            result.message))  # fmt: skip
        applier.flush()
        refresh_after_apply(conn, row["school_code"])  # the console's figures, same commit
        conn.executemany(
            "INSERT INTO results (submission_seq, position, change_id, status, code, message)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            results,
        )
        if pause_seconds > 0 and pause is not None and pause.wait(pause_seconds):
            raise Interrupted
        conn.execute(
            "UPDATE submissions SET status = 'done', processed_at = ? WHERE seq = ?",
            (utc_now(), seq),
        )
        erased = any(r[3] == "accepted" and c.get("entity") == "erasure"
                     for r, c in zip(results, parsed, strict=True))  # fmt: skip
    return True, erased


def _my_turn(conn: Connection, school_code: str, seq: int) -> bool:
    """PostgreSQL, where several workers (and a command beside ``serve``) apply submissions at
    once: lock this one and the school's earlier ones not yet done — waiting for a worker that
    is applying one — and go on only if none is left before it and this one is still to do."""
    rows = conn.execute(
        "SELECT seq FROM submissions WHERE school_code = ? AND seq <= ?"
        " AND status IN ('received', 'processing') ORDER BY seq FOR UPDATE",
        (school_code, seq),
    ).fetchall()
    return [r["seq"] for r in rows] == [seq]


# The next submission a worker may take on PostgreSQL: the oldest of a school none of this
# process's workers is on, with nothing older of its school still to do, that no other process's
# worker holds (SKIP LOCKED).
_CLAIM = (
    "SELECT seq, school_code FROM submissions s WHERE status IN ('received', 'processing'){busy}"
    " AND NOT EXISTS (SELECT 1 FROM submissions e WHERE e.school_code = s.school_code"
    " AND e.status IN ('received', 'processing') AND e.seq < s.seq)"
    " ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED"
)


DEFAULT_PG_WORKERS = 4


class Interrupted(Exception):
    """The worker was stopped in the middle of a submission (it was rolled back)."""


def pending(store: Store) -> list[int]:
    with store.connect() as conn:
        return [
            row["seq"]
            for row in conn.execute(
                "SELECT seq FROM submissions WHERE status <> 'done' ORDER BY seq"
            )
        ]


def process_pending(store: Store) -> int:
    """Apply every submission not yet done, in the order received; returns how many."""
    done = 0
    for seq in pending(store):
        done += process_submission(store, seq)
    return done


class Worker:
    """The background threads that apply submissions, the moment they are received.

    On start they first take up whatever a previous run left undone. ``wake()`` is called after
    each new submission; a slow poll also picks up submissions stored by another process (a
    package imported while the server runs).

    SQLite has one writer at a time: one thread applies every submission in the order received.
    PostgreSQL: ``threads`` (default 4) apply different schools' submissions at once; each
    school's are still applied one at a time, in the order received (see ``_CLAIM``).
    """

    def __init__(
        self, store: Store, *, poll_seconds: float = 2.0, apply_delay: float = 0.0,
        threads: int = 0,
    ) -> None:  # fmt: skip
        self.store = store
        self.poll_seconds = poll_seconds
        self.apply_delay = apply_delay  # tests: see process_submission(pause_seconds=…)
        self.threads = 1 if not store.postgres else threads or DEFAULT_PG_WORKERS
        self._wake = threading.Condition()
        self._woken = False
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._claim_lock = threading.Lock()
        self._busy: set[str] = set()  # schools one of these threads is applying

    def start(self) -> None:
        self._stop.clear()
        run = self._run_postgres if self.store.postgres else self._run
        self._threads = [
            threading.Thread(target=run, name=f"songmay-server-worker-{n}", daemon=True)
            for n in range(self.threads)
        ]
        for thread in self._threads:
            thread.start()
        self.wake()

    def wake(self) -> None:
        with self._wake:
            self._woken = True
            self._wake.notify_all()

    def _wait(self) -> None:
        with self._wake:
            if not self._woken:
                self._wake.wait(self.poll_seconds)
            self._woken = False

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self.wake()
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wait()
            try:
                for seq in pending(self.store):
                    if self._stop.is_set():
                        return
                    process_submission(
                        self.store, seq, pause=self._stop, pause_seconds=self.apply_delay
                    )
            except Interrupted:
                return
            except Exception:  # the store failed (a bad submission is set aside): retry later
                log.exception("could not apply a submission; retrying in %s s", self.poll_seconds)
                self._stop.wait(self.poll_seconds)

    def _claim(self) -> tuple[int, str] | None:
        with self._claim_lock:
            busy = sorted(self._busy)
            marks = f" AND school_code NOT IN ({', '.join('?' * len(busy))})" if busy else ""
            with self.store.transaction() as conn:
                row = conn.execute(_CLAIM.format(busy=marks), busy).fetchone()
                if row is None:
                    return None
                conn.execute(
                    "UPDATE submissions SET status = 'processing' WHERE seq = ?"
                    " AND status = 'received'",
                    (row["seq"],),
                )
            self._busy.add(row["school_code"])
            return row["seq"], row["school_code"]

    def _run_postgres(self) -> None:
        while not self._stop.is_set():
            try:
                claimed = self._claim()
                if claimed is None:
                    self._wait()
                    continue
                self.wake()  # more may be waiting: another thread looks too
                seq, school = claimed
                try:
                    process_submission(
                        self.store, seq, pause=self._stop, pause_seconds=self.apply_delay
                    )
                finally:
                    with self._claim_lock:
                        self._busy.discard(school)
            except Interrupted:
                return
            except Exception:  # keep the thread alive: the same submission is retried later
                log.exception("could not apply a submission; retrying in %s s", self.poll_seconds)
                self._stop.wait(self.poll_seconds)
