"""``songmay allocate``, ``handover record|return|history`` and ``minutes`` as scripts use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from builders import fill_needs_and_devices
from test_cli import songmay


@pytest.fixture
def school(db, tmp_path: Path) -> Path:
    fill_needs_and_devices(db, tmp_path, count=3)
    db.execute("UPDATE needs SET category = 2 WHERE student_id ="
               " (SELECT id FROM students WHERE code = 'HS000001')")  # fmt: skip
    db.conn.commit()
    return tmp_path / "school.sqlite3"


def test_allocate_proposes_by_priority_and_explains_each_line(school):
    result = songmay("allocate", "--json", db=school)
    assert result.returncode == 0, result.stderr
    proposal = json.loads(result.stdout)
    # HS000001 is "hộ cận nghèo" (category 2): served after the two poor students.
    assert [line["student_code"] for line in proposal["lines"]] == [
        "HS000002", "HS000003", "HS000001"]  # fmt: skip
    assert all(line["reason"] for line in proposal["lines"])
    text = songmay("allocate", db=school)
    assert "Đề xuất phân bổ: 3 thiết bị" in text.stdout and "Diện 2" in text.stdout


def test_record_the_whole_proposal_then_nothing_is_left_to_propose(school):
    result = songmay("handover", "record", "--proposal", "--handed-by", "Lê Văn Tâm", db=school)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Đã ghi nhận 3 lượt bàn giao" in result.stdout
    assert json.loads(songmay("allocate", "--json", db=school).stdout)["lines"] == []


def test_record_one_handover_to_a_parent_then_a_return_and_the_history(school):
    recorded = songmay("handover", "record", "--student", "HS000001", "--device", "SN00000002",
                       "--receiver", "parent", "--receiver-name", "Trần Thị Hoa",
                       "--relationship", "Mẹ", "--json", db=school)  # fmt: skip
    assert recorded.returncode == 0, recorded.stdout
    assert json.loads(recorded.stdout)["recorded"] == 1
    back = songmay("handover", "return", "--device", "SN00000002", "--reason", "moved", db=school)
    assert back.returncode == 0 and "Học sinh chuyển trường" in back.stdout
    history = json.loads(songmay("handover", "history", "--device", "SN00000002", "--json",
                                 db=school).stdout)  # fmt: skip
    assert [(e["kind"], e["student_code"]) for e in history] == [
        ("handover", "HS000001"), ("return", "HS000001")]  # fmt: skip
    assert history[0]["receiver"] == "Trần Thị Hoa (Mẹ)"


def test_a_refused_handover_exits_1_with_the_reason_and_saves_nothing(school):
    result = songmay("handover", "record", "--student", "HS000001", "--device", "KHONGCO",
                     "--receiver", "guardian", db=school)  # fmt: skip
    assert result.returncode == 1
    assert "KHONGCO" in result.stdout and "quan hệ" in result.stdout
    assert "Traceback" not in result.stderr
    history = songmay("handover", "history", "--student", "HS000001", db=school)
    assert "Chưa có lượt bàn giao" in history.stdout


def test_returning_a_device_nobody_holds_is_refused(school):
    result = songmay("handover", "return", "--device", "SN00000001", "--reason", "lost", db=school)
    assert result.returncode == 1 and "chưa được bàn giao" in result.stdout


def test_minutes_of_a_batch_and_a_receipt_are_written_as_pdf(school, tmp_path):
    from pypdf import PdfReader

    assert songmay("handover", "record", "--proposal", db=school).returncode == 0
    out = tmp_path / "bien-ban.pdf"
    result = songmay("minutes", "--batch", "DOT-01", "--out", out, db=school)
    assert result.returncode == 0, result.stderr
    assert "Đã in 3 biên bản" in result.stdout
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert text.count("BIÊN BẢN") == 3 and "Học Sinh A" in text
    receipt = tmp_path / "tiep-nhan.pdf"
    assert songmay("minutes", "--receipt", "DOT-01", "--out", receipt, db=school).returncode == 0
    assert "SN00000003" in PdfReader(receipt).pages[0].extract_text()


def test_minutes_for_an_unknown_student_say_so_and_write_nothing(school, tmp_path):
    out = tmp_path / "x.pdf"
    result = songmay("minutes", "--student", "HS999999", "--out", out, db=school)
    assert result.returncode == 2 and "HS999999" in result.stderr and not out.exists()


def test_with_lang_en_the_handover_commands_say_everything_in_english(school, db, tmp_path):
    from languages import vietnamese_lines

    names = [row[0] for row in db.execute("SELECT full_name FROM students")]
    proposal = songmay("--lang", "en", "allocate", db=school)
    assert proposal.returncode == 0 and "Allocation proposal: 3 devices for 3 students" in (
        proposal.stdout)  # fmt: skip
    assert "Category 2 – Near-poor household" in proposal.stdout
    refused = songmay("--lang", "en", "handover", "record", "--student", "HS000001", "--device",
                      "KHONGCO", "--receiver", "guardian", db=school)  # fmt: skip
    assert refused.returncode == 1 and "relationship" in refused.stdout
    recorded = songmay("--lang", "en", "handover", "record", "--proposal", db=school)
    assert recorded.returncode == 0 and "3 handovers recorded." in recorded.stdout
    back = songmay("--lang", "en", "handover", "return", "--device", "SN00000001", "--reason",
                   "faulty", db=school)  # fmt: skip
    assert back.returncode == 0 and "Faulty device, to be replaced" in back.stdout
    history = songmay("--lang", "en", "handover", "history", "--device", "SN00000001", db=school)
    assert "Taken back from" in history.stdout
    said = "\n".join(r.stdout + r.stderr for r in (proposal, refused, recorded, back, history))
    assert vietnamese_lines(said, names) == []
