"""A school's needs for review, the decisions on a selection, and "chốt duyệt".

The decisions themselves go through ``district.decide_in``, the one way a decision is recorded
(the command line's ``review`` uses it too), so the lock and the need version are the same rules
whichever way the reviewer works; they reach the school exactly as before (``/feedback``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop_app.core.rules.needs import current_needs
from desktop_app.core.templates.spec import load_codelists
from sync.server.accounts import reviewer_for
from sync.server.audit import record as audit_record
from sync.server.console.board import (
    as_int,
    latest_decisions,
    read_records,
    refresh_school,
    review_state,
)
from sync.server.console.model import HistoryItem, RoundLock, SchoolReview, StudentNeed, Viewer
from sync.server.console.scope import visible_school
from sync.server.errors import BadRequest, Conflict, Forbidden
from sync.server.store import Connection, Store, utc_now

DECISION_WORDS = {"approved": "Đã duyệt", "returned": "Trả lại"}
MAX_SELECTION = 2000  # students decided in one request


def _need_text(need: dict[str, Any]) -> str:
    lists = load_codelists()
    parts = [f"Đợt {need.get('survey_round') or '?'}"]
    category = str(need.get("category") or "")
    if category:
        parts.append(lists["category"].label(category) or category)
    device = str(need.get("requested_device") or "")
    if device:
        parts.append(lists["device_type_student"].label(device) or device)
    return ": ".join([parts[0], ", ".join(parts[1:])]) if len(parts) > 1 else parts[0]


def _history(conn: Connection, school_code: str) -> dict[str, list[HistoryItem]]:
    """Every decision on each student of the school (by student id), oldest first."""
    found: dict[str, list[HistoryItem]] = {}
    for row in conn.execute(
        "SELECT student_id, decision, comment, decided_at, reviewer, survey_round"
        " FROM decisions WHERE school_code = ? ORDER BY cursor",
        (school_code,),
    ):
        found.setdefault(row["student_id"], []).append(HistoryItem(
            when=row["decided_at"], kind="decision", survey_round=row["survey_round"],
            text=DECISION_WORDS.get(row["decision"], row["decision"]), comment=row["comment"],
            reviewer=row["reviewer"],
        ))  # fmt: skip
    return found


def school_review(
    store: Store, viewer: Viewer, code: str, survey_round: str | None = None
) -> SchoolReview:
    """The school's needs of ``survey_round`` (the latest when None), with each student's facts
    and history (earlier rounds' needs, every decision with its comment)."""
    with store.snapshot() as conn:
        school = visible_school(conn, viewer, code)
        records = read_records(conn, code, ("student", "need"))
        decisions = latest_decisions(conn, code)
        history = _history(conn, code)
        lock_row = None
        students = records.live("student")
        needs = {k: v for k, v in records.live("need").items() if v.get("student_id") in students}
        rounds = tuple(sorted({str(n.get("survey_round") or "") for n in needs.values()},
                              reverse=True))  # fmt: skip
        shown = survey_round if survey_round in rounds else (rounds[0] if rounds else None)
        if shown is not None:
            lock_row = conn.execute(
                "SELECT survey_round, locked_at, locked_by FROM review_locks"
                " WHERE school_code = ? AND survey_round = ?",
                (code, shown),
            ).fetchone()
    by_student: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for need_id, need in needs.items():
        by_student.setdefault(str(need["student_id"]), []).append((need_id, need))
    listed = []
    for student_id, own in by_student.items():
        this_round = [(i, n) for i, n in own if str(n.get("survey_round") or "") == shown]
        if not this_round:
            continue
        need_id, need = max(this_round, key=lambda pair: records.updated_at[pair[0]])
        student = students[student_id]
        decision = decisions.get(need_id)
        earlier = [
            HistoryItem(when=str(n.get("survey_round") or ""), kind="need",
                        survey_round=str(n.get("survey_round") or ""), text=_need_text(n))
            for _, n in sorted(own, key=lambda pair: str(pair[1].get("survey_round") or ""))
            if str(n.get("survey_round") or "") < str(shown)
        ]  # fmt: skip
        listed.append(StudentNeed(
            student_id=student_id, code=str(student.get("code") or ""),
            full_name=student.get("full_name") or None, class_name=student.get("class_name"),
            grade=as_int(student.get("grade")), gender=student.get("gender"),
            birth_date=student.get("birth_date"), need_id=need_id,
            need_version=as_int(need.get("version")) or 0, survey_round=str(shown),
            category=as_int(need.get("category")), has_device=bool(as_int(need.get("has_device"))),
            borrowing_device=bool(as_int(need.get("borrowing_device"))),
            requested_device=need.get("requested_device"),
            school_status=str(need.get("status") or ""),
            state=review_state(need, records.updated_at[need_id], decision),
            comment=decision.comment if decision else None,
            decided_at=decision.decided_at if decision else None,
            reviewer=decision.reviewer if decision else None,
            history=tuple(earlier + history.get(student_id, [])),
            current=all(str(n.get("survey_round") or "") <= str(shown) for _, n in own),
        ))  # fmt: skip
    listed.sort(key=lambda s: (s.class_name or "", s.code))
    lock = RoundLock(lock_row["survey_round"], lock_row["locked_at"], lock_row["locked_by"]) \
        if lock_row is not None else None  # fmt: skip
    return SchoolReview(
        code=school["code"], name=school["name"], level=school["level"], rounds=rounds,
        survey_round=shown, lock=lock, students=tuple(listed),
    )  # fmt: skip


def _reviewer(conn: Connection, viewer: Viewer, code: str) -> Any:
    visible_school(conn, viewer, code)  # out of scope: 404, as an unknown school
    if not viewer.may_review:
        raise Forbidden(
            "Tài khoản của bạn không có quyền duyệt (cần vai trò người duyệt hoặc quản trị). "
            "/ Your role may not review.",
            code="role_forbidden",
        )
    return reviewer_for(conn, viewer.username, code)


def decide(
    store: Store, viewer: Viewer, code: str, student_codes: Sequence[str], *, approve: bool,
    comment: str | None = None, address: str | None = None, survey_round: str | None = None,
) -> int:  # fmt: skip
    """Approve or return these students' current needs, all or none; the number decided.
    ``survey_round``: the round the reviewer was looking at; a student whose current need is
    of another round (a newer one came meanwhile) is refused rather than decided unseen."""
    from sync.server.district import decide_in

    codes = list(dict.fromkeys(c.strip() for c in student_codes if c and c.strip()))
    comment = (comment or "").strip() or None
    if not codes:
        raise BadRequest("Chưa chọn học sinh nào. / No student selected.", code="nothing_selected")
    if len(codes) > MAX_SELECTION:
        raise BadRequest(
            f"Mỗi lần duyệt tối đa {MAX_SELECTION} học sinh. / At most {MAX_SELECTION} at once.",
            code="selection_too_large",
        )
    if not approve and comment is None:
        raise BadRequest(
            "Trả lại nhu cầu cần có lý do để nhà trường biết phải sửa gì: hãy ghi nhận xét. "
            "/ A return needs a comment.",
            code="comment_required",
        )
    wanted = "approved" if approve else "returned"
    with store.transaction() as conn:
        actor = _reviewer(conn, viewer, code)
        standing, rounds = _standing(conn, code)
        if survey_round:
            other = [c for c in codes if rounds.get(c, survey_round) != survey_round]
            if other:
                raise Conflict(
                    f"Nhu cầu hiện tại của {', '.join(other[:5])} không thuộc đợt {survey_round} "
                    "đang xem (trường đã gửi đợt mới hơn): hãy mở đợt mới nhất rồi duyệt. "
                    "/ These students' current need is of another round.",
                    code="round_not_current",
                )
        # A student whose current need already stands as asked (the same comment on a return)
        # is left alone: no second decision for the school to receive.
        fresh = [c for c in codes if standing.get(c) != (wanted, comment if not approve else None)]
        if not fresh:
            raise BadRequest(
                "Các học sinh đã chọn đã có đúng quyết định này rồi: không có gì thay đổi. "
                "/ The selected students already have this decision.",
                code="nothing_to_change",
            )
        for student_code in fresh:
            decide_in(conn, actor, code, student_code, approve=approve, comment=comment,
                      address=address)  # fmt: skip
        refresh_school(conn, code)
    return len(fresh)


def _standing(
    conn: Connection, code: str
) -> tuple[dict[str, tuple[str, str | None]], dict[str, str]]:
    """By student code: the decision that stands on the student's current need (approved, or
    returned with its comment), for the students whose need is decided and not reopened; and
    the round of every student's current need."""
    records = read_records(conn, code, ("student", "need"))
    students, needs = records.live("student"), records.live("need")
    decisions = latest_decisions(conn, code)
    found: dict[str, tuple[str, str | None]] = {}
    rounds: dict[str, str] = {}
    for student_id, need_id in current_needs(needs, students).items():
        need = needs[need_id]
        student_code = str(students[student_id].get("code") or "")
        rounds[student_code] = str(need.get("survey_round") or "")
        decision = decisions.get(need_id)
        state = review_state(need, records.updated_at[need_id], decision)
        if decision is not None and state in ("approved", "returned"):
            comment = decision.comment if state == "returned" else None
            found[student_code] = (state, comment)
    return found, rounds


def lock_round(
    store: Store, viewer: Viewer, code: str, survey_round: str, *, address: str | None = None
) -> RoundLock:
    """ "Chốt duyệt": lock the round's decisions (refused while a need waits for review)."""
    with store.transaction() as conn:
        actor = _reviewer(conn, viewer, code)
        records = read_records(conn, code, ("student", "need"))
        students = records.live("student")
        decisions = latest_decisions(conn, code)
        waiting = 0
        for need_id, need in records.live("need").items():
            if need.get("student_id") in students and need.get("survey_round") == survey_round:
                state = review_state(need, records.updated_at[need_id], decisions.get(need_id))
                waiting += state in ("waiting", "reopened")
        if not any(n.get("survey_round") == survey_round for n in records.live("need").values()):
            raise BadRequest(
                f"Trường {code} không có nhu cầu nào trong đợt {survey_round}. "
                "/ No need in this round.",
                code="round_unknown",
            )
        if waiting:
            raise Conflict(
                f"Còn {waiting} học sinh chờ duyệt trong đợt {survey_round}: hãy duyệt hoặc trả "
                "lại hết rồi mới chốt. / Some needs still wait for review.",
                code="round_not_reviewed",
            )
        now = utc_now()
        inserted = conn.execute(
            "INSERT INTO review_locks (school_code, survey_round, locked_at, locked_by)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (school_code, survey_round) DO NOTHING"
            " RETURNING locked_at",
            (code, survey_round, now, viewer.username),
        ).fetchone()
        if inserted is None:
            raise Conflict(
                f"Đợt {survey_round} của trường {code} đã được chốt duyệt trước đó. "
                "/ This round was already locked.",
                code="round_locked",
            )
        audit_record(conn, actor, "review.lock", target=f"{code}/{survey_round}",
                     address=address)  # fmt: skip
    return RoundLock(survey_round, now, viewer.username)
