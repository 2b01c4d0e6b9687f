"""What the district office does with what schools sent: review decisions, feedback, counts.

The school owns its records, the district owns the decision on a student's need (approved, or
returned with a comment). Decisions are appended, never edited: each has a cursor, and a school's
client pulls those after the last cursor it has seen.
"""

from __future__ import annotations

import getpass
import json
from typing import Any

from desktop_app.core.rules.needs import current_needs
from sync.server import audit
from sync.server.accounts import reviewer_for, staff_exists
from sync.server.audit import Actor
from sync.server.auth import school_exists
from sync.server.console.board import latest_decisions, refresh_school, review_state
from sync.server.errors import BadRequest, Conflict, Forbidden, NotFound
from sync.server.store import Connection, Store, json_text, utc_now

FEEDBACK_PAGE = 500
STATS_ENTITIES = {"students": "student", "needs": "need", "devices": "device",
                  "handovers": "handover"}  # fmt: skip


def _unknown_school(code: str) -> NotFound:
    return NotFound(f"Trường {code} chưa có trên máy chủ.", code="school_unknown")


def default_reviewer() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "district"


def record_decision(
    store: Store, school_code: str, student_code: str, *, approve: bool,
    comment: str | None = None, reviewer: str | None = None, staff: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Decide on the need of the student with this code, as the school last sent it (refused,
    approving and returning alike, while the server has no need of that student).

    ``staff``: the reviewing staff account (see accounts.reviewer_for). ``reviewer`` (a free
    name, by default the computer's login) only while the server has no staff accounts at all.
    """
    comment = (comment or "").strip() or None
    if not approve and comment is None:
        raise BadRequest(
            "Trả lại nhu cầu cần có lý do (--comment) để nhà trường biết phải sửa gì.",
            code="comment_required",
        )
    with store.transaction() as conn:
        if not school_exists(conn, school_code):
            raise _unknown_school(school_code)
        if staff:
            actor = reviewer_for(conn, staff, school_code)
        elif staff_exists(conn):
            raise Forbidden(
                "Máy chủ đã có tài khoản cán bộ: người duyệt phải là một tài khoản (--user TÊN). "
                "/ This server has staff accounts: review as one of them (--user).",
                code="reviewer_account_required",
            )
        else:
            actor = Actor(reviewer or default_reviewer(), "operator")
        decision = decide_in(conn, actor, school_code, student_code, approve=approve,
                             comment=comment)  # fmt: skip
        refresh_school(conn, school_code)
    return decision


def decide_in(
    conn: Connection, actor: Actor, school_code: str, student_code: str, *, approve: bool,
    comment: str | None, address: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """The one way a decision is recorded (command line and console alike), in ``conn``'s
    transaction: on the student's current need as last sent, with that need's version, refused
    when the need's round is locked ("chốt duyệt") unless the school changed it since its last
    decision. The caller checked the actor's right to review this school."""
    student = conn.execute(
        "SELECT entity_id FROM records WHERE school_code = ? AND entity = 'student'"
        f" AND {json_text(conn, 'data', 'code')} = ? AND deleted = 0",
        (school_code, student_code),
    ).fetchone()
    if student is None:
        raise NotFound(
            f"Không tìm thấy học sinh có mã {student_code} trong dữ liệu trường {school_code} "
            "đã gửi lên máy chủ. Hãy kiểm tra mã học sinh, hoặc chờ trường đồng bộ.",
            code="student_unknown",
        )
    student_id = student["entity_id"]
    stored = {row["entity_id"]: row for row in conn.execute(
        "SELECT entity_id, data, updated_at FROM records WHERE school_code = ? AND entity = 'need'"
        f" AND {json_text(conn, 'data', 'student_id')} = ? AND deleted = 0",
        (school_code, student_id),
    )}  # fmt: skip
    needs = {need_id: json.loads(row["data"]) for need_id, row in stored.items()}
    need_id = current_needs(needs, {student_id}).get(student_id)
    if need_id is None:  # nothing to approve, nor to return: the school sends the need first
        raise NotFound(
            f"Học sinh {student_code} (trường {school_code}) chưa có nhu cầu nào trên máy chủ: "
            "chưa có gì để duyệt hay trả lại; hãy chờ trường gửi nhu cầu. / This student has "
            "no need on the server yet.",
            code="need_unknown",
        )
    need, data = stored[need_id], needs[need_id]
    survey_round = str(data.get("survey_round") or "")
    locked = conn.execute(
        "SELECT locked_at FROM review_locks WHERE school_code = ? AND survey_round = ?",
        (school_code, survey_round),
    ).fetchone()
    if locked is not None:
        earlier = latest_decisions(conn, school_code, need_id=need_id).get(need_id)
        if review_state(data, need["updated_at"], earlier) not in ("waiting", "reopened"):
            raise Conflict(
                f"Đợt {survey_round} của trường {school_code} đã chốt duyệt: quyết định về học "
                f"sinh {student_code} đã khóa. Chỉ học sinh trường sửa lại sau khi chốt mới được "
                "duyệt lại. / This round is locked; only students the school changed since may "
                "be decided again.",
                code="round_locked",
            )
    decision = {
        "student_code": student_code,
        "student_id": student["entity_id"],
        "need_id": need["entity_id"],
        "decision": "approved" if approve else "returned",
        "comment": comment,
        "decided_at": utc_now(),
        "reviewer": actor.name,
    }
    cursor = conn.execute(
        "INSERT INTO decisions (school_code, student_code, student_id, need_id, decision,"
        " comment, decided_at, reviewer, need_version, survey_round)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING cursor",
        (school_code, *decision.values(), int(data.get("version") or 0), survey_round),
    ).fetchone()["cursor"]
    audit.record(conn, actor, "review", target=f"{school_code}/{student_code}",
                 outcome=str(decision["decision"]), address=address)  # fmt: skip
    return {"cursor": cursor, **decision}


def feedback(
    store: Store, school_code: str, since: int = 0, limit: int = FEEDBACK_PAGE
) -> dict[str, Any]:
    """Decisions for this school after ``since``, oldest first; ask again from ``next_cursor``."""
    with store.connect() as conn:
        rows = conn.execute(
            "SELECT cursor, student_code, student_id, need_id, decision, comment, decided_at,"
            " reviewer FROM decisions WHERE school_code = ? AND cursor > ? ORDER BY cursor LIMIT ?",
            (school_code, since, limit),
        ).fetchall()
    decisions = [dict(row) for row in rows]
    next_cursor = decisions[-1]["cursor"] if decisions else since
    return {"decisions": decisions, "next_cursor": next_cursor}


def stats(store: Store, school_code: str) -> dict[str, Any]:
    """What the server holds for a school: live records and the changes it has applied."""
    with store.snapshot() as conn:
        if not school_exists(conn, school_code):
            raise _unknown_school(school_code)
        counts = dict(
            conn.execute(
                "SELECT entity, count(*) FROM records WHERE school_code = ? AND deleted = 0"
                " GROUP BY entity",
                (school_code,),
            ).fetchall()
        )
        applied = conn.execute(
            "SELECT count(*) FROM applied_changes WHERE school_code = ?", (school_code,)
        ).fetchone()[0]
    result: dict[str, Any] = {"school": school_code}
    for key, entity in STATS_ENTITIES.items():
        result[key] = counts.get(entity, 0)
    result["changes_applied"] = applied
    return result
