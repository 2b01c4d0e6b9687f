"""A need the district returned: what it said and when (for the student form), and whether the
school corrected the student or the need since, and whether the correction reached the server
(for the decisions list) — ``core.reviews.district_return`` and ``follow_ups``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from desktop_app.core.demo import fill_demo_data
from desktop_app.core.reviews import (
    Correction,
    ReceivedDecision,
    apply_decisions,
    district_return,
    received_decisions,
)
from desktop_app.core.rules.figures import school_figures
from desktop_app.core.rules.needs import NeedStatus, current_need_of
from desktop_app.core.store.outbox import (
    ChangeResult,
    assign_submission,
    mark_results,
    outbox_counts,
    unassigned_pages,
)
from desktop_app.core.students import (
    StudentFilter,
    list_students,
    load_student_form,
    returned_count,
    save_student,
)

DECIDED = "2026-03-02T02:30:00+00:00"  # 09:30 in Việt Nam, 2 March


def form(code: str = "HS01", **overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "student_code": code, "full_name": "Nguyễn Văn An", "birth_date": "05/09/2012",
        "gender": "Nam", "class_name": "6A1", "ethnicity": "Kinh", "category": "Hộ nghèo",
        "poverty_cert_no": "", "has_device": "Không", "requested_device": "Máy tính bảng",
    }  # fmt: skip
    values.update(overrides)
    return values


def add_student(db: Database, code: str = "HS01") -> str:
    saved = save_student(db, form(code))
    assert saved.ok and saved.record_id
    return saved.record_id


_cursor = iter(range(1, 10_000))


def decide(db: Database, code: str, verdict: str, comment: str | None = None) -> None:
    number = next(_cursor)
    decision = {"cursor": f"c{number:04d}", "student_code": code, "decision": verdict,
                "comment": comment, "decided_at": DECIDED, "reviewer": "pgd"}  # fmt: skip
    assert apply_decisions(db, [decision]).applied == 1


def deliver_pending(db: Database, *, refuse: bool = False) -> None:
    """What a sync's answer does to the waiting changes, through the outbox interface."""
    changes = [c for page in unassigned_pages(db) for c in page]
    assign_submission(db, "s1", [c.seq for c in changes])
    verdict = ("rejected", "missing_field", "Thiếu thông tin.") if refuse else ("accepted",)
    mark_results(db, "s1", [ChangeResult(c.change_id, *verdict) for c in changes])


def the_decision(db: Database, code: str) -> ReceivedDecision:
    return next(d for d in received_decisions(db) if d.student_code == code)


def correct(db: Database, student_id: str, **changes: Any) -> None:
    values = load_student_form(db, student_id) | changes
    assert save_student(db, values, student_id=student_id).ok


def test_a_returned_need_is_not_corrected_then_waiting_then_resent(db):
    student = add_student(db)
    deliver_pending(db)  # the need was sent before the district looked at it
    decide(db, "HS01", "returned", "Thiếu số giấy chứng nhận hộ nghèo.")
    follow_up = the_decision(db, "HS01").follow_up
    assert follow_up is not None and follow_up.state is Correction.NOT_CORRECTED
    assert follow_up.corrected_at is None

    correct(db, student, poverty_cert_no="12/GCN-UBND")
    follow_up = the_decision(db, "HS01").follow_up
    assert follow_up is not None and follow_up.state is Correction.WAITING
    assert follow_up.corrected_on == date.today() and follow_up.sent_at is None
    assert current_need_of(db.conn, student_id=student)["status"] == NeedStatus.PROPOSED

    deliver_pending(db)
    follow_up = the_decision(db, "HS01").follow_up
    assert follow_up is not None and follow_up.state is Correction.SENT
    sent = db.execute("SELECT MAX(sent_at) FROM outbox WHERE source = 'form'").fetchone()[0]
    assert follow_up.sent_at == sent and follow_up.sent_on == date.today()


def test_a_correction_the_server_refused_says_so_and_a_new_one_waits_again(db):
    student = add_student(db)
    deliver_pending(db)
    decide(db, "HS01", "returned", "Sai lớp.")
    correct(db, student, class_name="6A2")
    deliver_pending(db, refuse=True)
    assert the_decision(db, "HS01").follow_up.state is Correction.REFUSED
    correct(db, student, note="Đã sửa lớp")
    assert the_decision(db, "HS01").follow_up.state is Correction.WAITING


def test_only_the_schools_changes_after_the_decision_count(db):
    first, other = add_student(db, "HS01"), add_student(db, "HS02")
    correct(db, first, note="trước khi Phòng duyệt")  # before the decision: not a correction
    deliver_pending(db)
    decide(db, "HS01", "returned", "Thiếu giấy chứng nhận.")
    decide(db, "HS01", "returned", "Vẫn thiếu giấy chứng nhận.")  # the district's own change
    correct(db, other, note="một học sinh khác")  # another student's change
    decisions = [d for d in received_decisions(db) if d.student_code == "HS01"]
    assert [d.follow_up.state for d in decisions if d.follow_up] == [Correction.NOT_CORRECTED] * 2


def test_a_student_only_correction_sends_the_returned_need_back_for_review(db):
    student = add_student(db)
    approved = add_student(db, "HS02")
    deliver_pending(db)
    decide(db, "HS01", "returned", "Ngày sinh không khớp giấy khai sinh.")
    decide(db, "HS02", "approved")
    correct(db, student, birth_date="06/09/2012")  # the student's record only
    correct(db, approved, full_name="Nguyễn Văn Bình")
    assert current_need_of(db.conn, student_id=student)["status"] == NeedStatus.PROPOSED
    assert current_need_of(db.conn, student_id=approved)["status"] == NeedStatus.APPROVED
    assert the_decision(db, "HS01").follow_up.state is Correction.WAITING
    assert the_decision(db, "HS02").follow_up is None  # approved: nothing to follow


def test_a_need_decided_again_without_a_correction_is_settled_not_to_fix(db):
    add_student(db)
    deliver_pending(db)
    decide(db, "HS01", "returned", "Thiếu giấy chứng nhận.")
    decide(db, "HS01", "approved", "Đã có giấy chứng nhận gửi kèm.")
    returned = next(d for d in received_decisions(db) if d.returned)
    assert returned.follow_up is not None and returned.follow_up.state is Correction.SETTLED


def test_a_decision_for_a_student_not_on_this_machine_has_no_follow_up(db):
    apply_decisions(db, [{"cursor": "x1", "student_code": "KHONGCO", "decision": "returned",
                          "comment": "?", "decided_at": DECIDED}])  # fmt: skip
    (decision,) = received_decisions(db)
    assert decision.student_id is None and decision.follow_up is None


def test_the_form_learns_the_districts_comment_and_day_while_the_need_stands_returned(db):
    student = add_student(db)
    assert district_return(db, student) is None  # proposed
    decide(db, "HS01", "returned", "Thiếu số giấy chứng nhận hộ nghèo.")
    found = district_return(db, student)
    local = datetime.fromisoformat(DECIDED).astimezone().date()
    assert found is not None
    assert (found.comment, found.decided_on) == ("Thiếu số giấy chứng nhận hộ nghèo.", local)
    correct(db, student, poverty_cert_no="3/GCN")
    assert district_return(db, student) is None  # corrected: proposed again


def test_the_returned_count_is_the_figure_and_the_filter(db):
    fill_demo_data(db, students=200)
    independent = sum(
        1
        for s in list_students(db)
        if current_need_of(db.conn, student_id=s.id)["status"] == "returned"
    )
    assert independent > 0
    assert returned_count(db) == school_figures(db.conn).needs_returned == independent
    shown = list_students(db, StudentFilter(status=NeedStatus.RETURNED.value))
    assert len(shown) == independent and all(s.returned for s in shown)


def test_a_file_imported_again_with_the_students_record_corrected_resends_a_returned_need(
    db, tmp_path
):
    """The importer asks the same rule as the form (``rules.needs.status_after_student_change``):
    a corrected record sends a returned need back for review; an unchanged row, or an approved
    need, stays as it is."""
    from builders import NEEDS_HEADERS, TODAY, needs_row, write_sheet

    from desktop_app.core.importing.service import ImportOptions, import_file

    def run(rows: list[dict[str, Any]], name: str) -> None:
        path = write_sheet(tmp_path / name, NEEDS_HEADERS, rows)
        report = import_file(db, "needs", path, ImportOptions(today=TODAY))
        assert report.errors == [] and report.rows_imported == len(rows)

    def status(code: str) -> str:
        (student_id,) = db.execute("SELECT id FROM students WHERE code = ?", [code]).fetchone()
        return str(current_need_of(db.conn, student_id=student_id)["status"])

    run([needs_row(1), needs_row(2), needs_row(3)], "dau.xlsx")
    decide(db, "HS000001", "returned", "Ngày sinh không khớp giấy khai sinh.")
    decide(db, "HS000002", "approved")
    decide(db, "HS000003", "returned", "Thiếu số điện thoại.")
    deliver_pending(db)

    corrected = {"Ngày sinh (*)": "06/09/2010"}
    run([needs_row(1, **corrected), needs_row(2, **corrected), needs_row(3)], "lai.xlsx")
    assert status("HS000001") == NeedStatus.PROPOSED  # corrected: back for review
    assert status("HS000002") == NeedStatus.APPROVED  # approved: a record fix keeps it
    assert status("HS000003") == NeedStatus.RETURNED  # nothing corrected: still the clerk's
    assert the_decision(db, "HS000001").follow_up.state is Correction.WAITING
    assert the_decision(db, "HS000003").follow_up.state is Correction.NOT_CORRECTED


def test_decisions_received_do_not_count_as_changes_sent(db):
    add_student(db, "HS01")
    add_student(db, "HS02")
    deliver_pending(db)
    sent = outbox_counts(db)["sent"]
    assert sent == db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]  # the school's own
    decide(db, "HS01", "approved")
    decide(db, "HS02", "returned", "Thiếu giấy tờ")
    assert outbox_counts(db) == {**outbox_counts(db), "sent": sent, "pending": 0}
