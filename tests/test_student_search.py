"""The student list's search through its index (schema 013, ``core.students.search_match``):
the same students as an independent oracle in Python, over a few thousand generated Vietnamese
names, and the index in step with the table after every kind of write, a rollback, a VACUUM and
the migration of an existing database."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from sqlite_utils import Database
from vietnamese_names import kinh_names, minority_names

from desktop_app.core.naming import student_keys
from desktop_app.core.school import save_school
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import open_database, write_transaction
from desktop_app.core.students import (
    DENSE_MATCHES,
    StudentFilter,
    StudentSearch,
    delete_student,
    save_student,
    search_match,
    student_ids,
)
from desktop_app.core.text import search_key

TODAY = date(2026, 10, 1)
STUDENTS = 3000
CLASSES = ["6A1", "6A2", "7A1", "7B", "8A10", "9A3", "10C1", "12 Chuyên Toán"]


def oracle(db: Database, text: str) -> list[str]:
    """What the search box must find, written from the rule, not from the index: without
    diacritics or case, 3+ characters — the name, the code or the class contains it; 1–2
    characters — a word of the name, the code or the class starts with it. Ordered as the class
    list (sort_key, code)."""
    key = search_key(text)
    rows = db.execute(
        "SELECT id, full_name, code, class_name FROM students WHERE deleted = 0"
        " ORDER BY sort_key, code"
    ).fetchall()
    found = []
    for student_id, *fields in rows:
        texts = [search_key(field) for field in fields]
        if len(key) >= 3:
            hit = any(key in t for t in texts)
        else:
            hit = any(word.startswith(key) for t in texts for word in t.split(" "))
        if hit:
            found.append(student_id)
    return found


def fill(db: Database, count: int = STUDENTS, seed: int = 19) -> list[str]:
    """``count`` students with generated Kinh and minority names, as the core stores them."""
    rng = random.Random(seed)
    names = list(kinh_names()) + list(minority_names())
    changes = ChangeSet(source="test")
    for number in range(count):
        name, class_name = rng.choice(names), rng.choice(CLASSES)
        changes.insert("student", {
            "code": f"HS{number:06d}" if number % 3 else f"{rng.randint(0, 10**10):010d}",
            "full_name": name, "gender": rng.choice(["Nam", "Nữ"]),
            "birth_date": "2013-05-01", "class_name": class_name,
            **student_keys(name, class_name),
        })  # fmt: skip
    with write_transaction(db):
        changes.apply(db.conn)
    return names


def keys(db: Database, rng: random.Random, count: int) -> list[str]:
    """Texts a clerk types: pieces of names with and without diacritics, in any case, 1 and 2
    letters, codes and pieces of codes, classes, nothing that matches, FTS5's own syntax."""
    rows = db.execute("SELECT full_name, code, class_name FROM students").fetchall()
    texts = ["n", "ng", "N", "Đ", "d", "y", "h'", "a", "an", "6", "6a", "6A1", "12 c", "HS",
             "hs0001", "0", "nguyen", "Nguyễn Văn", "NGUYEN V", "uyen v", "  thi  ", "xyz",
             '"', 'a"b', "n*", "a OR b", "%", "_a", "NEAR(a b)", "-", "y-k", "ksor"]  # fmt: skip
    for _ in range(count):
        name, code, class_name = rng.choice(rows)
        start = rng.randrange(len(name))
        piece = name[start : start + rng.randint(1, 9)]
        texts += [piece, search_key(piece), piece.upper(), code[rng.randrange(4) :][:5],
                  class_name[: rng.randint(1, len(class_name))]]  # fmt: skip
    return texts


def check(db: Database, texts: list[str]) -> None:
    for text in texts:
        search = StudentSearch(db, StudentFilter(text=text))
        expected = oracle(db, text)
        assert search.ids() == expected, text
        assert search.count == len(expected), text
        # as the table reads them: slices first (few matches: from one read of the index, many:
        # by walking the order index), the count after
        sliced = StudentSearch(db, StudentFilter(text=text))
        assert sliced.ids(0, 100) == expected[:100], text
        assert sliced.ids(20, 30) == expected[20:50], text
        assert sliced.count == len(expected), text


@pytest.fixture
def school(db: Database) -> Database:
    fill(db)
    return db


def test_the_search_finds_what_the_oracle_finds_in_class_list_order(school):
    check(school, keys(school, random.Random(1), 60))


def test_a_short_key_matches_starts_of_words_a_longer_one_anywhere(school):
    for name, code in [("Nguyễn Văn An", "X1"), ("Hoàng Trung", "X2"), ("Lò Thị Ngọc", "X3")]:
        assert save_student(school, form(name, code), today=TODAY).ok
    found = {school.execute("SELECT code FROM students WHERE id = ?", [i]).fetchone()[0]
             for i in student_ids(school, StudentFilter(text="ng"))}  # fmt: skip
    assert {"X1", "X3"} <= found and "X2" not in found  # Hoàng and Trung end in "ng"
    found = {school.execute("SELECT code FROM students WHERE id = ?", [i]).fetchone()[0]
             for i in student_ids(school, StudentFilter(text="ung"))}  # fmt: skip
    assert "X2" in found  # Trung contains "ung"
    found = {school.execute("SELECT code FROM students WHERE id = ?", [i]).fetchone()[0]
             for i in student_ids(school, StudentFilter(text="chuyen toan"))}  # fmt: skip
    assert found and found == {
        c
        for (c,) in school.execute(
            "SELECT code FROM students WHERE class_name = '12 Chuyên Toán' AND deleted = 0"
        )
    }


def test_the_first_rows_of_a_large_search_are_its_first_rows_in_order(school):
    for text in ["n", "ng", "th", "", "hs0", "6A"]:
        search = StudentSearch(school, StudentFilter(text=text))
        everything = search.ids()
        assert search.ids(0, 50) == everything[:50], text
        assert search.ids(40, 100) == everything[40:140], text
        assert search.ids(len(everything) - 5) == everything[-5:], text


def form(name: str, code: str, class_name: str = "6A1") -> dict[str, object]:
    return {"student_code": code, "full_name": name, "birth_date": "01/05/2013",
            "gender": "Nam", "class_name": class_name, "category": "Hộ nghèo",
            "poverty_cert_no": "12/GCN", "requested_device": "Máy tính bảng"}  # fmt: skip


def test_the_index_follows_every_write_in_the_same_transaction(school):
    rng = random.Random(2)
    texts = keys(school, rng, 15)
    ids = [r[0] for r in school.execute("SELECT id FROM students ORDER BY rowid LIMIT 40")]
    # edits through the form: a new name, a new class, a new code
    given = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hạnh", "Huy", "Lan", "Linh"]
    for number, student_id in enumerate(ids[:10]):
        values = form(f"Đặng Thị Ánh Tuyết {given[number]}", f"NEW{number:03d}", "8A10")
        assert save_student(school, values, student_id=student_id, today=TODAY).ok
    # deleted through the form (soft delete: deleted = 1), then added again (revived)
    for student_id in ids[10:20]:
        delete_student(school, student_id)
    texts += ["dang thi anh", "new0", "tuyet b", "8a10"]
    check(school, texts)
    code = school.execute("SELECT code FROM students WHERE id = ?", [ids[10]]).fetchone()[0]
    assert save_student(school, form("Mai Khánh Huyền", code), today=TODAY).ok
    check(school, [*texts, "khanh huyen", code.lower()])
    # rows written by SQL, as a bulk import may write them; removed outright, as an erasure does
    with write_transaction(school):
        school.execute("UPDATE students SET full_name = 'Lê Văn Bê', name_key = 'le van be',"
                       " class_name = '9A3' WHERE id IN (?, ?)", ids[20:22])  # fmt: skip
        school.execute("DELETE FROM students WHERE id IN (?, ?, ?)", ids[22:25])
        school.execute("UPDATE students SET deleted = 1 WHERE id = ?", [ids[25]])
    check(school, [*texts, "le van be", "be", "9a"])


def test_a_rolled_back_write_leaves_the_index_as_the_table(school):
    before = student_ids(school, StudentFilter(text="tuyet"))
    student_id = school.execute("SELECT id FROM students LIMIT 1").fetchone()[0]
    with pytest.raises(RuntimeError), write_transaction(school):
        school.execute("UPDATE students SET name_key = 'tuyet' WHERE id = ?", [student_id])
        school.execute("DELETE FROM students WHERE id IN (SELECT id FROM students LIMIT 5, 5)")
        assert student_id in student_ids(school, StudentFilter(text="tuyet"))
        raise RuntimeError("the write fails half-way")
    assert student_ids(school, StudentFilter(text="tuyet")) == before
    check(school, ["tuyet", "n", "hs00000", "nguyen"])


def test_the_index_survives_vacuum(school):
    """Its rowids are the students' rowids: a VACUUM (after an erasure) must keep them."""
    school.execute("DELETE FROM students WHERE rowid % 3 = 0")
    school.conn.commit()
    school.execute("VACUUM")
    texts = keys(school, random.Random(3), 10)
    check(school, texts)
    student_id = school.execute("SELECT id FROM students WHERE deleted = 0 LIMIT 1").fetchone()[0]
    assert save_student(school, form("Ôn Thị Ửng", "ZZ1"), student_id=student_id, today=TODAY).ok
    check(school, [*texts, "on thi ung", "zz1"])


def test_an_existing_database_gets_its_index_when_migrated(tmp_path):
    path = tmp_path / "school.sqlite3"
    db = open_database(path)
    save_school(db, {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THCS"})
    fill(db, 800)
    # the database as an earlier version left it: no index, no triggers, migration 013 not run
    for trigger in ("insert", "delete", "update"):
        db.execute(f"DROP TRIGGER student_search_{trigger}")
    db.execute("DROP TABLE student_search")
    db.execute("DROP INDEX students_gone")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = '013_student_search'")
    with write_transaction(db):
        db.execute("UPDATE students SET deleted = 1 WHERE rowid % 7 = 0")
    db.conn.commit()
    db.close()
    db = open_database(path)
    check(db, keys(db, random.Random(4), 10))
    assert save_student(db, form("Y Ksơr Niê", "Y1"), today=TODAY).ok  # the triggers are back
    check(db, ["ksor", "y", "y1"])
    db.close()


def test_a_search_counts_from_the_index_without_reading_the_students(school):
    match = search_match("nguyen")
    plan = " ".join(str(r[3]) for r in school.execute(
        "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM student_search WHERE student_search MATCH ?",
        [match]))  # fmt: skip
    assert "VIRTUAL TABLE" in plan and "students" not in plan
    assert StudentSearch(school, StudentFilter(text="nguyen")).count == len(
        oracle(school, "nguyen")
    )


def test_a_slice_of_few_matches_reads_the_index_once_for_the_slices_and_the_count(school):
    """Up to DENSE_MATCHES matches are read from the index once (stopped after one more); the
    slices and the count use them. Many matches: the first ones only, then the order index is
    walked; their count is not read until asked."""
    text = next(t for t in ("thi", "van", "an", "th", "ng") if 200 < len(oracle(school, t)) <= 1000)
    statements: list[str] = []
    school.conn.set_trace_callback(statements.append)
    try:
        few = StudentSearch(school, StudentFilter(text=text))
        first, later = few.ids(0, 100), few.ids(100, 100)
        count = few.count
        assert sum("MATCH" in sql for sql in statements) == 1, statements
        assert few.cheap_count and 0 < count <= DENSE_MATCHES
        assert first + later == oracle(school, text)[:200]
        statements.clear()
        many = StudentSearch(school, StudentFilter(text="hs0"))  # every code
        assert many.ids(0, 100) == oracle(school, "hs0")[:100]
        assert not many.counted and not many.cheap_count
        assert not any("COUNT" in sql.upper() for sql in statements), statements
        assert many.count == len(oracle(school, "hs0")) > DENSE_MATCHES
    finally:
        school.conn.set_trace_callback(None)


def test_search_combines_with_the_other_filters(school):
    flt = StudentFilter(text="th", class_name="6A1")
    expected = [i for i in oracle(school, "th") if i in set(oracle(school, "6A1"))]
    found = student_ids(school, flt)
    class_of = dict(school.execute("SELECT id, class_name FROM students").fetchall())
    assert found == [i for i in expected if class_of[i] == "6A1"]
    assert StudentSearch(school, flt).count == len(found)


def test_the_search_rule_lives_in_one_place():
    """No other LIKE over students' names: the page, the CLI and the pickers use search_match."""
    root = Path(__file__).parents[1] / "desktop_app"
    offenders = [p for p in root.rglob("*.py")
                 if "name_key LIKE" in p.read_text(encoding="utf-8")]  # fmt: skip
    assert offenders == []


def test_an_erased_name_leaves_no_trigram_in_the_index(db):
    """The index keeps a removed text in its older segments until they are merged: an erasure
    merges them before its VACUUM, so no piece of the child's name stays in the file."""
    from desktop_app.core.erasure import Selection, erase_students, plan_erasure

    fill(db, 300)
    assert save_student(db, form("Qxzkj Wvbpm Ylgh", "HS999999"), today=TODAY).ok
    pieces = [b"qxz", b"xzk", b"wvb", b"vbp", b"ylg"]

    def index_bytes() -> bytes:
        return b"".join(bytes(r[0]) for r in db.execute("SELECT block FROM student_search_data"))

    assert all(p in index_bytes() for p in pieces)
    plan = plan_erasure(db, Selection(codes=("HS999999",)), today=date(2026, 12, 1))
    erase_students(db, plan, force=True, backups=False)
    assert [p for p in pieces if p in index_bytes()] == []
    assert student_ids(db, StudentFilter(text="qxzkj")) == []
    check(db, ["ng", "nguyen", "hs0001"])


def test_the_database_driver_has_fts5_trigram_folding_diacritics():
    """The index needs SQLite ≥ 3.45's trigram tokenizer with remove_diacritics, in the driver
    the application and its bundle use (sqlcipher3, statically linked): checked on every
    platform the tests run on, so a wheel built without FTS5 is caught before a release."""
    from desktop_app.core.store import driver

    conn = driver.connect(":memory:", None)
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(w, tokenize='trigram remove_diacritics 1')")
    conn.execute("INSERT INTO t(w) VALUES ('  Nguyễn  Văn  Đạt')")
    assert conn.execute("SELECT COUNT(*) FROM t WHERE t MATCH '\"nguyen  van\"'").fetchone() == (1,)
