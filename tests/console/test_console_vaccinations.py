"""The console's "Tiêm vắc-xin" pages over real HTTP on loopback (SQLite and PostgreSQL): each
school's coverage against a count made here from what the schools sent, the drill-down by grade,
who may see it (school health, statisticians, administrators — not reviewers), scope (another
district's school answers as unknown), the report printed and read back from Excel and PDF, and
every view of the report audited."""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from typing import Any

import pytest
from console_helpers import SCHOOL_PASSWORD, STAFF_PASSWORD, make_district
from server_helpers import SchoolApi, both_backends, change, login

pytest.importorskip("fpdf", reason="the console's PDF needs the 'server' extra")
from openpyxl import load_workbook
from pypdf import PdfReader

server_backend = both_backends

# What each school sends, student by student: (grade, doses as sent, what the district must count
# for the student: doses in a row from dose 1 after corrections and cancellations, doses of those
# recorded more than a day late). A dose: (dose_no, given, recorded, kind, supersedes-index).
D = tuple[int, str, str, str, int | None]
SENT: dict[str, list[tuple[int, list[D], int, int]]] = {
    "66001": [
        (
            6,
            [
                (1, "2022-03-01", "2022-03-01", "dose", None),
                (2, "2022-03-29", "2022-03-30", "dose", None),
                (3, "2022-07-01", "2022-07-01", "dose", None),
            ],
            3,
            0,
        ),
        # dose 2 recorded late, then cancelled: it neither counts nor is late
        (
            6,
            [
                (1, "2022-03-01", "2022-03-02", "dose", None),
                (2, "2022-03-29", "2022-05-01", "dose", None),
                (2, "2022-03-29", "2022-05-02", "void", 1),
            ],
            1,
            0,
        ),
        (6, [], 0, 0),
        # dose 1 corrected (its new date recorded late): one dose, late
        (
            7,
            [
                (1, "2022-03-01", "2022-03-01", "dose", None),
                (1, "2022-03-03", "2022-04-01", "dose", 0),
            ],
            1,
            1,
        ),
        (
            7,
            [
                (1, "2022-03-01", "2022-03-20", "dose", None),
                (2, "2022-03-29", "2022-03-29", "dose", None),
            ],
            2,
            1,
        ),
        (7, [(2, "2022-03-29", "2022-03-29", "dose", None)], 0, 0),  # no dose 1: none in a row
    ],
    "66002": [(1, [(1, "2022-06-01", "2022-06-01", "dose", None)], 1, 0), (1, [], 0, 0)],
    "66101": [(6, [(1, "2022-03-01", "2022-03-01", "dose", None)], 1, 0)],
}


def send_school(server: Any, code: str) -> None:
    answer = login(server.url, code, "clerk", SCHOOL_PASSWORD)
    assert answer.status_code == 200, answer.text
    api = SchoolApi(server.url, code, answer.json()["access_token"])
    changes = []
    for n, (grade, doses, _, _) in enumerate(SENT[code]):
        pupil = change("student", f"{code}-s{n}", code=f"HS{code}{n}", full_name=f"Học Sinh {n}",
                       class_name=f"{grade}A", grade=grade, gender="Nữ")  # fmt: skip
        changes.append(pupil)
        ids: list[str] = []
        for i, (dose_no, given, recorded, kind, supersedes) in enumerate(doses):
            ids.append(f"{code}-s{n}-v{i}")
            late = int(recorded > given and (int(recorded[8:]) - int(given[8:]) > 1
                                             or recorded[:7] != given[:7]))  # fmt: skip
            changes.append(change(
                "vaccination", ids[-1], student_id=pupil["entity_id"], kind=kind,
                dose_no=dose_no, vaccinated_on=given, vaccine="comirnaty", place="school",
                recorded_on=recorded, late=late if kind == "dose" else 0,
                supersedes=ids[supersedes] if supersedes is not None else None,
            ))  # fmt: skip
    results = api.send(changes)
    assert {r["status"] for r in results} == {"accepted"}, results


def expected(codes: list[str]) -> dict[str, tuple[int, ...]]:
    """Counted here from SENT: students, ≥1, ≥2, ≥3 doses, none, late doses — by school and in
    all ("total")."""
    out: dict[str, tuple[int, ...]] = {}
    total: Counter[str] = Counter()
    for code in codes:
        counts: Counter[str] = Counter()
        for _grade, _doses, received, late in SENT[code]:
            counts["students"] += 1
            for n in (1, 2, 3):
                counts[f"d{n}"] += received >= n
            counts["none"] += received == 0
            counts["late"] += late
        total.update(counts)
        out[code] = tuple(counts[k] for k in ("students", "d1", "d2", "d3", "none", "late"))
    out["total"] = tuple(total[k] for k in ("students", "d1", "d2", "d3", "none", "late"))
    return out


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}".replace(".", ",") + "%" if whole else "0,0%"


def cells(html: str, attribute: str, key: str) -> list[str]:
    """The texts of the cells of the row ``<tr data-{attribute}="{key}">``."""
    found = re.search(rf'<tr data-{attribute}="{re.escape(key)}">(.*?)</tr>', html, re.S)
    assert found, f"no row {key}"
    return [re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", found.group(1), re.S)]  # fmt: skip


def figures_cells(counts: tuple[int, ...]) -> list[str]:
    students, d1, d2, d3, none, late = counts
    return [str(students), str(d1), percent(d1, students), str(d2), percent(d2, students),
            str(d3), percent(d3, students), str(none), str(late)]  # fmt: skip


def excel_cells(counts: tuple[int, ...]) -> list[object]:
    """The same figures as an Excel file stores them: shares as numbers, so they add up."""
    students, d1, d2, d3, none, late = counts
    share = [pytest.approx(d / students if students else 0.0) for d in (d1, d2, d3)]
    return [students, d1, share[0], d2, share[1], d3, share[2], none, late]


@pytest.fixture
def server(sync_server):
    from sync.server import accounts

    make_district(sync_server)
    accounts.add_user(sync_server.store, "hoa", full_name="Y Hoa Niê", role="health",
                      unit="6601", password=STAFF_PASSWORD)  # fmt: skip
    for code in SENT:
        send_school(sync_server, code)
    return sync_server


def test_the_health_officer_sees_each_schools_coverage_as_counted_from_what_they_sent(
    server, console
):
    hoa = console(server, "hoa")
    board = hoa.get("/console/")
    assert 'href="/console/vaccinations"' in board.text  # the nav link
    page = hoa.get("/console/vaccinations")
    assert page.status_code == 200 and "Tiêm vắc-xin" in page.text
    want = expected(["66001", "66002"])
    assert cells(page.text, "school", "66001")[3:12] == figures_cells(want["66001"])
    assert cells(page.text, "school", "66002")[3:12] == figures_cells(want["66002"])
    assert cells(page.text, "school", "total")[1:10] == figures_cells(want["total"])
    assert cells(page.text, "school", "66001")[-1] != "chưa gửi"  # its last submission
    assert 'data-school="66101"' not in page.text  # another district's school
    # The drill-down by grade, counted here too.
    grades = hoa.get("/console/vaccinations/66001")
    assert grades.status_code == 200 and "Trường THCS Lê Lợi" in grades.text
    for grade in (6, 7):
        students = [s for s in SENT["66001"] if s[0] == grade]
        received = [s[2] for s in students]
        want_grade = (len(students), *(sum(r >= n for r in received) for n in (1, 2, 3)),
                      received.count(0), sum(s[3] for s in students))  # fmt: skip
        assert cells(grades.text, "grade", str(grade)) == [f"Khối {grade}",
                                                           *figures_cells(want_grade)]  # fmt: skip
    assert cells(grades.text, "grade", "total")[1:] == figures_cells(want["66001"])
    assert hoa.get("/console/vaccinations/66101").status_code == 404  # out of scope, as unknown
    assert hoa.get("/console/vaccinations/99999").status_code == 404


def test_school_health_sees_counts_never_a_schools_students(server, console):
    """The review page lists children (names with consent, categories): not for health staff,
    whose board links lead to the vaccination figures instead."""
    hoa = console(server, "hoa")
    refused = hoa.get("/console/schools/66001")
    assert refused.status_code == 403 and "y tế trường học" in refused.text
    assert "Lê" not in re.sub(r"<[^>]+>", " ", refused.text.split("<main", 1)[-1])
    board = hoa.get("/console/").text
    assert "/console/schools/" not in board and 'href="/console/vaccinations/66001"' in board
    assert "/console/schools/" not in hoa.get("/console/deadlines").text
    assert console(server, "lan").get("/console/schools/66001").status_code == 200  # a reviewer


def test_who_may_see_the_vaccination_figures(server, console):
    lan = console(server, "lan")  # a reviewer: device needs only
    for path in ("/console/vaccinations", "/console/vaccinations/66001",
                 "/console/reports/vaccinations", "/console/reports/vaccinations.xlsx"):  # fmt: skip
        answer = lan.get(path)
        assert answer.status_code == 403 and "y tế trường học" in answer.text, path
    assert 'href="/console/vaccinations"' not in lan.get("/console/").text
    assert "/console/reports/vaccinations" not in lan.get("/console/reports").text
    assert console(server, "binh").get("/console/vaccinations").status_code == 200
    province = console(server, "so").get("/console/vaccinations")  # the province's admin
    want = expected(list(SENT))
    assert cells(province.text, "school", "66101")[3:12] == figures_cells(want["66101"])
    assert cells(province.text, "school", "total")[1:10] == figures_cells(want["total"])


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_the_report_prints_and_exports_the_same_figures_and_each_view_is_audited(server, console):
    hoa = console(server, "hoa")
    want = expected(["66001", "66002"])
    assert "/console/reports/vaccinations" in hoa.get("/console/reports").text
    printed = hoa.get("/console/reports/vaccinations")
    assert printed.status_code == 200 and "TIÊM VẮC-XIN" in printed.text
    xlsx = hoa.get("/console/reports/vaccinations.xlsx")
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = {str(r[1]): list(r[2:11])
            for r in sheet.iter_rows(values_only=True) if r[1] is not None}  # fmt: skip
    assert rows["Trường THCS Lê Lợi"] == excel_cells(want["66001"])
    assert rows["Trường TH Hòa Bình"] == excel_cells(want["66002"])
    assert rows["Tổng cộng"] == excel_cells(want["total"])
    total_row = next(r for r in sheet.iter_rows() if r[1].value == "Tổng cộng")
    shares = [c for c in total_row if isinstance(c.value, float)]
    assert len(shares) == 3 and all(c.number_format == "0.0%" for c in shares)
    grade7 = [s for s in SENT["66001"] if s[0] == 7]
    assert rows["Khối 7"][:2] == [len(grade7), sum(s[2] >= 1 for s in grade7)]
    assert "Trường THCS Ea Kar" not in rows
    pdf = hoa.get("/console/reports/vaccinations.pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    text = nfc("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages))
    for words in ("TIÊM VẮC-XIN", "Trường THCS Lê Lợi", "Trường TH Hòa Bình", "TRƯỞNG PHÒNG",
                  " ".join(figures_cells(want["total"])[:3])):  # fmt: skip
        assert words in text, words
    with server.store.connect() as conn:
        done = [tuple(r) for r in conn.execute(
            "SELECT action, target, outcome, actor FROM audit WHERE action LIKE 'report.%'"
            " ORDER BY seq").fetchall()]  # fmt: skip
    assert done == [("report.print", "vaccinations", "html", "hoa"),
                    ("report.export", "vaccinations", "xlsx", "hoa"),
                    ("report.export", "vaccinations", "pdf", "hoa")]  # fmt: skip
