"""The allocation proposal: who gets which device, in which order, and why (issue 4 item 1)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from builders import (
    DEVICE_HEADERS,
    HANDOVER_HEADERS,
    NEEDS_HEADERS,
    TODAY,
    device_row,
    handover_row,
    needs_row,
    write_sheet,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from desktop_app.core.allocation import (
    DEVICE_TYPES,
    NEAREST_TYPES,
    TIE_BREAK_RULE,
    AvailableDevice,
    Candidate,
    Proposal,
    device_label,
    load_available_devices,
    load_candidates,
    priority_key,
    propose,
    propose_for,
)
from desktop_app.core.importing.base import fetch_dicts
from desktop_app.core.importing.service import ImportOptions, import_file
from desktop_app.core.rules.holdings import DeviceState, HandoverEvent, device_state
from desktop_app.core.school import save_school
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction

# --- builders ----------------------------------------------------------------------------------


def cand(number: int = 1, **overrides: Any) -> Candidate:
    values: dict[str, Any] = {
        "student_id": f"s{number:04d}",
        "code": f"HS{number:06d}",
        "full_name": f"Học Sinh {number}",
        "class_name": "6A1",
        "grade": 6,
        "sort_key": f"k{number:04d}",
        "need_id": f"n{number:04d}",
        "category": 1,
        "requested_device": "tablet",
        "need_status": "approved",
        "survey_round": "2022-H1",
        "has_device": False,
        "review_comment": None,
        "supported_on": None,
        "replacement_due": False,
    }
    values.update(overrides)
    return Candidate(**values)


def dev(number: int = 1, **overrides: Any) -> AvailableDevice:
    values: dict[str, Any] = {
        "device_id": f"d{number:04d}",
        "serial": f"SN{number:08d}",
        "device_type": "tablet",
        "brand": "Samsung",
        "model": "Galaxy Tab A8",
        "batch_code": "DOT-01",
        "received_date": "2022-01-05",
        "below_min_spec": False,
    }
    values.update(overrides)
    return AvailableDevice(**values)


def given_to(proposal: Proposal) -> dict[str, str]:
    """student code -> device serial, for the proposed lines."""
    return {line.candidate.code: line.device.serial for line in proposal.lines}


def served_codes(proposal: Proposal) -> list[str]:
    return [line.candidate.code for line in proposal.lines]


def skipped(proposal: Proposal, code: str) -> tuple[str, str]:
    (found,) = [(s.status, s.reason) for s in proposal.skipped if s.candidate.code == code]
    return found


# --- labels ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("laptop", "Máy tính xách tay"),
        ("desktop", "Máy tính để bàn"),
        ("tablet", "Máy tính bảng"),
        ("smartphone", "Điện thoại thông minh"),
        ("sim", "SIM - gói cước"),
        ("drone", "drone"),
    ],
)
def test_device_label_comes_from_the_codelist(code, label):
    assert device_label(code) == label


def test_tie_break_rule_is_vietnamese_text_naming_every_step():
    for step in ("(a)", "(b)", "(c)", "(d)", "(e)", "diện 1", "thay thiết bị hỏng"):
        assert step in TIE_BREAK_RULE


# --- priority ----------------------------------------------------------------------------------


def test_a_higher_category_is_served_first_whatever_the_input_order():
    students = [cand(1, category=4), cand(2, category=3), cand(3, category=1), cand(4, category=2)]
    proposal = propose(students, [dev(1), dev(2)])
    assert served_codes(proposal) == ["HS000003", "HS000004"]
    assert [s.candidate.code for s in proposal.waiting] == ["HS000002", "HS000001"]


def test_replacement_due_is_served_first_within_its_category_only():
    students = [
        cand(1, category=2),
        cand(2, category=3, replacement_due=True, supported_on="2022-01-06",
             need_status="supplied"),
        cand(3, category=2, replacement_due=True, supported_on="2022-01-06",
             need_status="supplied"),
    ]  # fmt: skip
    assert served_codes(propose(students, [dev(1), dev(2)])) == ["HS000003", "HS000001"]


def test_an_approved_need_comes_before_an_unapproved_one_of_the_same_category():
    students = [cand(1, need_status="proposed"), cand(2, need_status="approved")]
    assert served_codes(propose(students, [dev(1)])) == ["HS000002"]


def test_a_supplied_need_counts_as_approved():
    students = [cand(1, need_status="proposed"), cand(2, need_status="supplied")]
    proposal = propose(students, [dev(1)], policy="block")
    assert served_codes(proposal) == ["HS000002"]
    assert proposal.lines[0].warning is None


def test_an_older_survey_round_comes_first():
    students = [cand(1, survey_round="2022-H1"), cand(2, survey_round="2021-H2")]
    assert served_codes(propose(students, [dev(1)])) == ["HS000002"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"grade": 7, "class_name": "7A1"}, {"grade": 6, "class_name": "6A9"}),
        ({"grade": None, "class_name": "?"}, {"grade": 9, "class_name": "9A1"}),
        ({"class_name": "6A2"}, {"class_name": "6A1"}),
        ({"sort_key": "b"}, {"sort_key": "a"}),
        ({"sort_key": "a", "code": "HS2"}, {"sort_key": "a", "code": "HS1"}),
    ],
)
def test_tie_break_grade_then_class_then_list_order_then_code(first, second):
    students = [cand(1, **first), cand(2, **second)]
    (line,) = propose(students, [dev(1)]).lines
    assert line.candidate.student_id == "s0002"


def test_tie_break_steps_apply_in_order():
    """Replacement before approval before round before grade: each step outranks the next."""
    students = [
        cand(1, grade=6, survey_round="2021-H1", need_status="approved"),
        cand(2, grade=9, survey_round="2022-H1", need_status="proposed",
             replacement_due=True, supported_on="2022-01-06"),
        cand(3, grade=9, survey_round="2021-H2", need_status="approved"),
        cand(4, grade=9, survey_round="2021-H1", need_status="approved"),
    ]  # fmt: skip
    ordered = [c.student_id for c in sorted(students, key=priority_key)]
    assert ordered == ["s0002", "s0001", "s0004", "s0003"]


def test_devices_of_the_oldest_batch_go_first_then_by_serial():
    devices = [
        dev(1, serial="SN3", received_date="2022-02-01"),
        dev(2, serial="SN2", received_date="2022-01-05"),
        dev(3, serial="SN1", received_date="2022-01-20"),
        dev(4, serial="SN0", received_date="2022-01-05"),
    ]
    proposal = propose([cand(i) for i in range(1, 4)], devices)
    assert list(given_to(proposal).values()) == ["SN0", "SN2", "SN1"]
    assert [u.device.serial for u in proposal.unused] == ["SN3"]


# --- device types ------------------------------------------------------------------------------


def test_exact_type_is_preferred_over_priority_order_of_devices():
    students = [cand(1, requested_device="tablet"), cand(2, requested_device="laptop")]
    devices = [dev(1, device_type="laptop"), dev(2, device_type="tablet")]
    proposal = propose(students, devices)
    assert given_to(proposal) == {"HS000001": "SN00000002", "HS000002": "SN00000001"}
    assert all(line.exact_type for line in proposal.lines)


def test_the_exact_pass_runs_for_everyone_before_the_fallback_pass():
    """The first student has no tablet left; the laptop stays with the one who asked for it."""
    students = [cand(1, requested_device="tablet"), cand(2, requested_device="laptop")]
    devices = [dev(1, device_type="laptop"), dev(2, device_type="desktop")]
    proposal = propose(students, devices)
    assert given_to(proposal) == {"HS000001": "SN00000002", "HS000002": "SN00000001"}
    assert [line.exact_type for line in proposal.lines] == [False, True]


@pytest.mark.parametrize("requested", DEVICE_TYPES)
def test_fallback_takes_the_nearest_type_in_stock(requested):
    others = [t for t in DEVICE_TYPES if t != requested]
    devices = [dev(i, device_type=t) for i, t in enumerate(others, start=1)]
    expected = list(NEAREST_TYPES[requested])
    while devices:
        (line,) = propose([cand(1, requested_device=requested)], devices).lines
        assert line.device.device_type == expected[0] and not line.exact_type
        taken = expected.pop(0)
        devices = [d for d in devices if d.device_type != taken]
    assert expected == []


def test_nearest_type_lists_are_the_documented_ones():
    assert NEAREST_TYPES == {
        "laptop": ("desktop", "tablet", "smartphone"),
        "desktop": ("laptop", "tablet", "smartphone"),
        "tablet": ("laptop", "smartphone", "desktop"),
        "smartphone": ("tablet", "laptop", "desktop"),
    }


def test_sim_and_below_spec_devices_are_never_proposed_but_listed_with_why():
    devices = [dev(1, device_type="sim"), dev(2, below_min_spec=True), dev(3)]
    proposal = propose([cand(1), cand(2), cand(3)], devices)
    assert given_to(proposal) == {"HS000001": "SN00000003"}
    reasons = {u.device.serial: u.reason for u in proposal.unused}
    assert "SIM - gói cước" in reasons["SN00000001"]
    assert "dưới mức tối thiểu" in reasons["SN00000002"]
    assert all(r.startswith("Không đề xuất tự động") for r in reasons.values())
    # the two students left wait: the set-aside devices do not count as devices for them
    assert skipped(proposal, "HS000002")[0] == "waiting"


def test_a_device_left_over_is_listed_as_unused():
    proposal = propose([cand(1)], [dev(1), dev(2)])
    (unused,) = proposal.unused
    assert unused.device.serial == "SN00000002"
    assert unused.reason == "Chưa dùng: không còn học sinh đủ điều kiện đang chờ thiết bị."


# --- eligibility -------------------------------------------------------------------------------


def test_excluded_students_get_their_reason_and_no_device():
    students = [
        cand(1, has_device=True),
        cand(2, supported_on="2022-01-06"),
        cand(3, need_status="returned", review_comment="Thiếu giấy chứng nhận hộ nghèo"),
        cand(4, need_status="returned"),
        cand(5),
    ]
    proposal = propose(students, [dev(i) for i in range(1, 6)])
    assert served_codes(proposal) == ["HS000005"]
    assert skipped(proposal, "HS000001") == (
        "excluded", "Không đề xuất: học sinh đã có thiết bị học trực tuyến.")  # fmt: skip
    assert skipped(proposal, "HS000002") == (
        "excluded", "Không đề xuất: đã được hỗ trợ ngày 06/01/2022.")  # fmt: skip
    assert skipped(proposal, "HS000003") == (
        "excluded",
        "Không đề xuất: nhu cầu bị Phòng GD&ĐT trả lại (Thiếu giấy chứng nhận hộ nghèo).",
    )
    assert skipped(proposal, "HS000004") == (
        "excluded", "Không đề xuất: nhu cầu bị Phòng GD&ĐT trả lại.")  # fmt: skip


def test_supported_wins_over_other_reasons():
    proposal = propose([cand(1, supported_on="2021-12-01", has_device=True)], [dev(1)])
    assert skipped(proposal, "HS000001")[1] == "Không đề xuất: đã được hỗ trợ ngày 01/12/2021."


def test_a_replacement_due_student_is_eligible_again_and_told_why():
    student = cand(1, supported_on="2022-01-06", replacement_due=True, need_status="supplied")
    (line,) = propose([student], [dev(1)]).lines
    assert line.reason == (
        "Diện 1 – Hộ nghèo; thay thiết bị hỏng đã nhận ngày 06/01/2022 (được ưu tiên trong diện);"
        " nhu cầu đã được Phòng duyệt; đúng loại đề nghị (Máy tính bảng)."
    )


def test_policy_warn_serves_an_unapproved_need_with_a_warning():
    proposal = propose([cand(1, need_status="proposed")], [dev(1)], policy="warn")
    (line,) = proposal.lines
    assert line.warning is not None and "chưa được Phòng GD&ĐT duyệt" in line.warning
    assert "nhu cầu chưa được Phòng duyệt" in line.reason
    assert proposal.as_dict()["counts"]["warnings"] == 1


def test_policy_block_excludes_an_unapproved_need():
    proposal = propose([cand(1, need_status="proposed"), cand(2)], [dev(1), dev(2)], policy="block")
    assert served_codes(proposal) == ["HS000002"]
    status, reason = skipped(proposal, "HS000001")
    assert status == "excluded" and reason.startswith("Không đề xuất: nhu cầu chưa được Phòng")
    assert proposal.lines[0].warning is None


def test_unknown_policy_and_duplicate_ids_are_refused():
    with pytest.raises(ValueError, match="policy"):
        propose([], [], policy="maybe")
    with pytest.raises(ValueError, match="student"):
        propose([cand(1), cand(1)], [])
    with pytest.raises(ValueError, match="device"):
        propose([], [dev(1), dev(1)])


# --- explanations ------------------------------------------------------------------------------


def test_explanation_of_an_exact_line():
    (line,) = propose([cand(1)], [dev(1)]).lines
    assert line.reason == (
        "Diện 1 – Hộ nghèo; nhu cầu đã được Phòng duyệt; đúng loại đề nghị (Máy tính bảng)."
    )
    assert line.warning is None


def test_explanation_of_a_nearest_type_line():
    (line,) = propose([cand(1, category=2)], [dev(1, device_type="laptop")]).lines
    assert line.reason == (
        "Diện 2 – Hộ cận nghèo; nhu cầu đã được Phòng duyệt; không còn Máy tính bảng, nhận"
        " Máy tính xách tay (loại gần nhất)."
    )


def test_explanation_of_waiting_says_how_many_went_ahead_and_the_last_category():
    students = [cand(i, category=1 if i <= 10 else 2) for i in range(1, 20)]
    proposal = propose(students, [dev(i) for i in range(1, 15)])
    assert len(proposal.lines) == 14 and len(proposal.waiting) == 5
    assert {s.reason for s in proposal.waiting} == {
        "Chờ thiết bị: 14 thiết bị đã dành cho học sinh đứng trước (diện ưu tiên cao hơn hoặc"
        " đứng trước theo thứ tự); học sinh cuối cùng được đề xuất thuộc Diện 2 – Hộ cận nghèo."
    }


def test_explanation_of_waiting_with_no_device_at_all():
    proposal = propose([cand(1)], [dev(1, device_type="sim")])
    assert skipped(proposal, "HS000001") == (
        "waiting", "Chờ thiết bị: hiện chưa có thiết bị nào có thể đề xuất.")  # fmt: skip


def test_as_dict_is_json_ready_with_every_group_and_count():
    students = [cand(1), cand(2, has_device=True), cand(3)]
    data = propose(students, [dev(1), dev(2, device_type="sim")]).as_dict()
    json.dumps(data)
    assert data["policy"] == "warn" and data["tie_break"] == TIE_BREAK_RULE
    assert data["lines"] == [
        {
            "student_code": "HS000001", "student_name": "Học Sinh 1", "class_name": "6A1",
            "category": 1, "requested_device": "tablet", "serial": "SN00000001",
            "device_type": "tablet", "exact_type": True,
            "reason": "Diện 1 – Hộ nghèo; nhu cầu đã được Phòng duyệt; đúng loại đề nghị"
            " (Máy tính bảng).",
            "warning": None,
        }
    ]  # fmt: skip
    assert [w["student_code"] for w in data["waiting"]] == ["HS000003"]
    assert [e["student_code"] for e in data["excluded"]] == ["HS000002"]
    assert [u["serial"] for u in data["unused"]] == ["SN00000002"]
    assert data["counts"] == {"lines": 1, "waiting": 1, "excluded": 1, "unused": 1, "warnings": 0}


# --- properties over random schools ------------------------------------------------------------

STATUSES = ("proposed", "approved", "returned", "supplied")


@st.composite
def candidates(draw: st.DrawFn) -> list[Candidate]:
    count = draw(st.integers(0, 30))
    result = []
    for i in range(count):
        supported_on = draw(st.none() | st.sampled_from(["2021-11-02", "2022-01-06"]))
        grade = draw(st.none() | st.integers(6, 9))
        result.append(
            cand(
                i,
                code=f"HS{draw(st.integers(0, 40)):03d}",  # may repeat: the id breaks the tie
                class_name=f"{grade or 6}A{draw(st.integers(1, 3))}",
                grade=grade,
                sort_key=draw(st.sampled_from(["an", "binh", "chi"])),
                category=draw(st.integers(1, 4)),
                requested_device=draw(st.sampled_from(DEVICE_TYPES)),
                need_status=draw(st.sampled_from(STATUSES)),
                survey_round=draw(st.sampled_from(["2021-H2", "2022-H1"])),
                has_device=draw(st.booleans()),
                supported_on=supported_on,
                replacement_due=supported_on is not None and draw(st.booleans()),
            )
        )
    return result


@st.composite
def devices(draw: st.DrawFn) -> list[AvailableDevice]:
    count = draw(st.integers(0, 30))
    return [
        dev(
            j,
            serial=f"SN{draw(st.integers(0, 40)):03d}",
            device_type=draw(st.sampled_from((*DEVICE_TYPES, "sim"))),
            received_date=draw(st.sampled_from(["2022-01-05", "2021-12-01", "2022-02-10"])),
            below_min_spec=draw(st.integers(0, 9)) == 0,
        )
        for j in range(count)
    ]


policies = st.sampled_from(["warn", "block"])


def _is_eligible(c: Candidate, policy: str) -> bool:
    return (
        c.replacement_due or c.supported_on is None
    ) and not c.has_device and c.need_status != "returned" and (
        policy == "warn" or c.need_status in ("approved", "supplied")
    )  # fmt: skip


def _proposable(d: AvailableDevice) -> bool:
    return d.device_type != "sim" and not d.below_min_spec


@given(candidates(), devices(), policies)
def test_every_student_and_device_is_accounted_for_exactly_once(students, stock, policy):
    proposal = propose(students, stock, policy=policy)
    student_ids = [line.candidate.student_id for line in proposal.lines]
    student_ids += [s.candidate.student_id for s in proposal.skipped]
    assert sorted(student_ids) == sorted(c.student_id for c in students)
    device_ids = [line.device.device_id for line in proposal.lines]
    device_ids += [u.device.device_id for u in proposal.unused]
    assert sorted(device_ids) == sorted(d.device_id for d in stock)
    assert {s.status for s in proposal.skipped} <= {"waiting", "excluded"}
    assert all(u.reason for u in proposal.unused) and all(s.reason for s in proposal.skipped)


@given(candidates(), devices(), policies)
def test_only_eligible_students_get_proposable_devices(students, stock, policy):
    proposal = propose(students, stock, policy=policy)
    for line in proposal.lines:
        assert _is_eligible(line.candidate, policy)
        assert _proposable(line.device)
        assert line.exact_type == (line.device.device_type == line.candidate.requested_device)
        assert (line.warning is not None) == (
            line.candidate.need_status not in ("approved", "supplied")
        )
    for s in proposal.skipped:
        assert (s.status == "waiting") == _is_eligible(s.candidate, policy)
    eligible = sum(_is_eligible(c, policy) for c in students)
    assert len(proposal.lines) == min(eligible, sum(_proposable(d) for d in stock))


@given(candidates(), devices(), policies)
def test_nobody_waits_behind_a_lower_priority_student(students, stock, policy):
    proposal = propose(students, stock, policy=policy)
    if proposal.waiting:
        assert not any(_proposable(u.device) for u in proposal.unused)
    served = [priority_key(line.candidate) for line in proposal.lines]
    waiting = [priority_key(s.candidate) for s in proposal.waiting]
    assert served == sorted(served)
    if served and waiting:
        assert max(served) < min(waiting)
        assert max(k[0] for k in served) <= min(k[0] for k in waiting)


@given(candidates(), devices(), policies)
def test_a_fallback_type_is_given_only_when_nothing_nearer_is_left(students, stock, policy):
    proposal = propose(students, stock, policy=policy)
    left = {u.device.device_type for u in proposal.unused if _proposable(u.device)}
    for line in proposal.lines:
        if line.exact_type:
            continue
        chain = [line.candidate.requested_device, *NEAREST_TYPES[line.candidate.requested_device]]
        nearer = chain[: chain.index(line.device.device_type)]
        assert not left & set(nearer)


@settings(max_examples=50)
@given(candidates(), devices(), policies, st.randoms(use_true_random=False))
def test_the_proposal_is_deterministic_whatever_the_input_order(students, stock, policy, rnd):
    first = propose(students, stock, policy=policy)
    assert propose(list(students), list(stock), policy=policy) == first
    shuffled_students, shuffled_stock = list(students), list(stock)
    rnd.shuffle(shuffled_students)
    rnd.shuffle(shuffled_stock)
    assert propose(shuffled_students, shuffled_stock, policy=policy) == first


# --- through a real database -------------------------------------------------------------------

OPTIONS = ImportOptions(today=TODAY)


def run_import(db: Database, tmp_path: Path, kind: str, rows: list[dict[str, Any]],
               options: ImportOptions = OPTIONS) -> None:  # fmt: skip
    headers = {"devices": DEVICE_HEADERS, "handovers": HANDOVER_HEADERS, "needs": NEEDS_HEADERS}
    path = write_sheet(tmp_path / f"{kind}.xlsx", headers[kind], rows)
    report = import_file(db, kind, path, options)
    assert report.rows_imported == len(rows), [p.message() for p in report.problems]


def set_need(db: Database, code: str, **values: Any) -> None:
    (need,) = fetch_dicts(
        db.conn,
        "SELECT n.* FROM needs n JOIN students s ON s.id = n.student_id WHERE s.code = ?"
        " ORDER BY n.survey_round DESC LIMIT 1",
        [code],
    )
    changes = ChangeSet(source="test")
    changes.update("need", need, values)
    with write_transaction(db):
        changes.apply(db.conn)


def record_return(db: Database, serial: str, code: str, day: str, reason: str) -> None:
    device_id = db.execute("SELECT id FROM devices WHERE serial = ?", [serial]).fetchone()[0]
    student_id = db.execute("SELECT id FROM students WHERE code = ?", [code]).fetchone()[0]
    changes = ChangeSet(source="test")
    changes.insert("handover", {"device_id": device_id, "student_id": student_id,
                                "kind": "return", "event_date": day, "reason": reason})  # fmt: skip
    with write_transaction(db):
        changes.apply(db.conn)


def delete(db: Database, entity: str, sql: str, params: list[Any]) -> None:
    """Soft-delete the one row ``sql`` selects, as the application does."""
    (row,) = fetch_dicts(db.conn, sql, params)
    changes = ChangeSet(source="test")
    changes.delete(entity, row)
    with write_transaction(db):
        changes.apply(db.conn)


@pytest.fixture
def school(db: Database, tmp_path: Path) -> Database:
    """Six students (HS000001–6, category 1 to 4), four tablets; 1–3 received one each on 06/01,
    then 1 returned it faulty, 2 returned it because they moved, 3 lost it."""
    categories = ["Hộ nghèo", "Hộ nghèo", "Hộ nghèo", "Hộ cận nghèo", "Khó khăn khác",
                  "Hộ cận nghèo"]  # fmt: skip
    run_import(db, tmp_path, "needs", [
        needs_row(i, **{"Diện đối tượng (*)": category,
                        "Số giấy chứng nhận hộ nghèo/cận nghèo":
                        "12/GCN" if category != "Khó khăn khác" else ""})
        for i, category in enumerate(categories, start=1)
    ])  # fmt: skip
    run_import(db, tmp_path, "devices", [device_row(i, **{"RAM (GB)": 4}) for i in range(1, 5)])
    run_import(db, tmp_path, "handovers", [handover_row(i) for i in range(1, 4)])
    record_return(db, "SN00000001", "HS000001", "2022-01-08", "faulty")
    record_return(db, "SN00000002", "HS000002", "2022-01-08", "moved")
    record_return(db, "SN00000003", "HS000003", "2022-01-09", "lost")
    for code in ("HS000004", "HS000005", "HS000006"):
        set_need(db, code, status="approved")
    return db


def test_loading_reads_support_state_from_the_latest_event(school):
    by_code = {c.code: c for c in load_candidates(school)}
    assert set(by_code) == {f"HS{i:06d}" for i in range(1, 7)}
    assert by_code["HS000001"].replacement_due and by_code["HS000001"].supported_on == "2022-01-06"
    assert not by_code["HS000002"].replacement_due
    assert by_code["HS000002"].supported_on == "2022-01-06"
    assert by_code["HS000004"].supported_on is None
    assert by_code["HS000001"].need_status == "supplied"


def test_loading_devices_keeps_a_moved_return_and_drops_faulty_and_lost(school):
    serials = {d.serial for d in load_available_devices(school)}
    assert serials == {"SN00000002", "SN00000004"}


def test_propose_for_a_real_school(school):
    proposal = propose_for(school)
    assert proposal.policy == "warn"
    # the replacement comes first in category 1, then category 2 in list order
    assert given_to(proposal) == {"HS000001": "SN00000002", "HS000004": "SN00000004"}
    assert "thay thiết bị hỏng" in proposal.lines[0].reason
    assert skipped(proposal, "HS000002") == (
        "excluded", "Không đề xuất: đã được hỗ trợ ngày 06/01/2022.")  # fmt: skip
    assert skipped(proposal, "HS000003")[0] == "excluded"
    assert skipped(proposal, "HS000006")[0] == "waiting"
    assert skipped(proposal, "HS000005")[0] == "waiting"
    assert [s.candidate.code for s in proposal.waiting] == ["HS000006", "HS000005"]


def test_a_new_handover_after_a_moved_return_makes_the_device_held_again(school, tmp_path):
    run_import(school, tmp_path, "handovers",
               [handover_row(2, **{"Mã học sinh": "HS000004", "Ngày bàn giao": "09/01/2022"})])  # fmt: skip
    assert {d.serial for d in load_available_devices(school)} == {"SN00000004"}
    by_code = {c.code: c for c in load_candidates(school)}
    assert by_code["HS000004"].supported_on == "2022-01-09"


def test_school_policy_block_is_used(school):
    save_school(school, {"approval_policy": "block"})
    set_need(school, "HS000004", status="proposed")
    proposal = propose_for(school)
    assert proposal.policy == "block"
    assert skipped(proposal, "HS000004")[0] == "excluded"
    # the replacement's need is "supplied": it has passed the district's review
    assert given_to(proposal) == {"HS000001": "SN00000002", "HS000006": "SN00000004"}


def test_only_the_current_need_of_a_live_student_counts(db, tmp_path):
    earlier = ImportOptions(today=TODAY, as_of=date(2021, 10, 1))
    run_import(db, tmp_path, "needs", [needs_row(1), needs_row(2), needs_row(3)], earlier)
    later = {"Diện đối tượng (*)": "Khó khăn khác", "Số giấy chứng nhận hộ nghèo/cận nghèo": "",
             "Loại thiết bị đề nghị (*)": "Máy tính xách tay"}  # fmt: skip
    phone = {"Loại thiết bị đề nghị (*)": "Điện thoại thông minh"}
    run_import(db, tmp_path, "needs", [needs_row(1, **later), needs_row(3, **phone)])
    delete(db, "student", "SELECT * FROM students WHERE code = 'HS000002'", [])
    delete(db, "need", "SELECT n.* FROM needs n JOIN students s ON s.id = n.student_id"
           " WHERE s.code = 'HS000003' AND n.survey_round = '2022-H1'", [])  # fmt: skip
    by_code = {c.code: c for c in load_candidates(db)}
    assert set(by_code) == {"HS000001", "HS000003"}
    assert (by_code["HS000001"].category, by_code["HS000001"].requested_device) == (4, "laptop")
    assert by_code["HS000001"].survey_round == "2022-H1"
    assert (by_code["HS000003"].requested_device, by_code["HS000003"].survey_round) == (
        "tablet", "2021-H2")  # fmt: skip


def test_a_borrowed_device_does_not_exclude_but_an_own_device_does(db, tmp_path):
    run_import(db, tmp_path, "needs", [
        needs_row(1, **{"Thiết bị đang mượn của trường": "Có"}), needs_row(2)])  # fmt: skip
    set_need(db, "HS000002", has_device=1)  # the importer refuses it; an old record may have it
    run_import(db, tmp_path, "devices", [device_row(i, **{"RAM (GB)": 4}) for i in (1, 2)])
    proposal = propose_for(db)
    assert served_codes(proposal) == ["HS000001"]
    assert skipped(proposal, "HS000002")[0] == "excluded"


def test_sim_and_below_spec_from_the_importer_are_loaded_and_set_aside(db, tmp_path):
    run_import(db, tmp_path, "needs", [needs_row(1), needs_row(2)])
    run_import(db, tmp_path, "devices", [
        device_row(1, **{"RAM (GB)": 1}),
        device_row(2, **{"Loại thiết bị": "SIM - gói cước", "RAM (GB)": "",
                         "Bộ nhớ (GB)": "", "Màn hình (inch)": "", "Hệ điều hành": ""}),
    ])  # fmt: skip
    stock = load_available_devices(db)
    assert {(d.device_type, d.below_min_spec) for d in stock} == {("tablet", True), ("sim", False)}
    proposal = propose_for(db)
    assert proposal.lines == [] and len(proposal.unused) == 2 and len(proposal.waiting) == 2


@pytest.mark.parametrize(
    ("kind", "reason", "available"),
    [
        (None, None, True),
        ("handover", None, False),
        ("return", "moved", True),
        ("return", "ineligible", True),
        ("return", "other", True),
        ("return", None, True),
        ("return", "faulty", False),
        ("return", "lost", False),
    ],
)
def test_device_availability_by_its_latest_event(kind, reason, available):
    latest = None if kind is None else HandoverEvent("h1", "d1", "s1", kind, "2022-01-06", reason)
    assert (device_state(latest) is DeviceState.AVAILABLE) is available


def test_a_deleted_event_does_not_count(school):
    """Deleting the faulty return (recorded by mistake) makes student 1 a holder again."""
    event_id = school.execute(
        "SELECT id FROM handovers WHERE kind = 'return' AND reason = 'faulty'"
    ).fetchone()[0]
    delete(school, "handover", "SELECT * FROM handovers WHERE id = ?", [event_id])
    by_code = {c.code: c for c in load_candidates(school)}
    assert not by_code["HS000001"].replacement_due
    assert by_code["HS000001"].supported_on == "2022-01-06"
    assert "SN00000001" not in {d.serial for d in load_available_devices(school)}


def test_candidate_helpers_follow_the_definitions():
    assert cand(1, need_status="supplied").approved and not cand(1, need_status="returned").approved
    assert cand(1, supported_on="2022-01-06").supported
    assert not replace(cand(1, supported_on="2022-01-06"), replacement_due=True).supported
