"""The district console's pages over real HTTP on loopback: logins and sessions, CSRF, who sees
which school, security headers, no external URL. The security tests run on SQLite and
PostgreSQL."""

from __future__ import annotations

import re
import time

import pytest
import requests
from console_helpers import SCHOOL_PASSWORD, STAFF_PASSWORD, Console, make_district
from server_helpers import SchoolApi, both_backends, change, login

server_backend = both_backends

HEADERS = {
    "content-security-policy": "default-src 'self'; frame-ancestors 'none'",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
    "referrer-policy": "same-origin",
}
PAGES = ("/console/", "/console/schools/66001", "/console/deadlines", "/console/reports",
         "/console/reports/needs", "/console/reports/receipts", "/console/reports/progress",
         "/console/audit")  # fmt: skip


def audit_rows(server, action):
    with server.store.connect() as conn:
        return [dict(r) for r in conn.execute(
            "SELECT actor, action, target, outcome FROM audit WHERE action = ? ORDER BY seq",
            (action,)).fetchall()]  # fmt: skip


def decisions(server):
    with server.store.connect() as conn:
        return conn.execute("SELECT count(*) FROM decisions").fetchone()[0]


def send_needs(server, school, count=2):
    """``count`` students with a proposed need each, through the school's real sync API."""
    answer = login(server.url, school, "clerk", SCHOOL_PASSWORD)
    assert answer.status_code == 200, answer.text
    api = SchoolApi(server.url, school, answer.json()["access_token"])
    changes = []
    for i in range(1, count + 1):
        sid = f"{school}-s{i}"
        changes.append(change("student", sid, code=f"HS{school}{i}", full_name=f"Học Sinh {i}",
                              class_name="6A", grade=6, gender="Nam"))  # fmt: skip
        changes.append(change("need", f"{school}-n{i}", student_id=sid, category=1,
                              survey_round="2026-H1", requested_device="laptop",
                              status="proposed"))  # fmt: skip
    results = api.send(changes)
    assert {r["status"] for r in results} == {"accepted"}, results
    return api


@pytest.fixture
def server(sync_server):
    make_district(sync_server)
    return sync_server


def test_login_opens_a_session_in_a_strict_cookie_and_logout_ends_it(server, console):
    client = Console(server.url)
    answer = client.get("/console/")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/console/login")
    page = client.get("/console/login")
    assert page.status_code == 200 and "Đăng nhập" in page.text and 'lang="vi"' in page.text
    answer = client.login("lan")
    assert answer.status_code == 303 and answer.headers["location"] == "/console/"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("songmay_console=")
    for part in ("HttpOnly", "SameSite=strict", "Path=/console"):
        assert part.lower() in cookie.lower(), cookie
    assert "secure" not in cookie.lower()  # plain http on loopback: not marked Secure
    token = client.http.cookies["songmay_console"]
    with server.store.connect() as conn:
        stored = [r[0] for r in conn.execute("SELECT token_hash FROM console_sessions")]
    assert len(stored) == 1 and token not in stored[0]  # kept hashed, never as sent
    assert client.get("/console/deadlines").status_code == 200
    csrf = client.csrf("/console/deadlines")
    out = client.post("/console/logout", {"csrf": csrf})
    assert out.status_code == 303 and out.headers["location"] == "/console/login?out=1"
    assert "Bạn đã đăng xuất." in client.get("/console/login?out=1").text
    with server.store.connect() as conn:
        assert conn.execute("SELECT count(*) FROM console_sessions").fetchone()[0] == 0
    again = requests.get(server.url + "/console/deadlines", cookies={"songmay_console": token},
                         allow_redirects=False, timeout=10)  # fmt: skip
    assert again.status_code == 303
    assert [(r["actor"], r["target"]) for r in audit_rows(server, "console.login")] == [
        ("lan", "lan")]  # fmt: skip
    assert [r["actor"] for r in audit_rows(server, "console.logout")] == ["lan"]


@pytest.mark.parametrize("change", ["revoke", "reset_password", "disable"])
def test_revoking_an_account_or_a_new_password_ends_its_console_sessions(server, console, change):
    from sync.server import accounts

    client = console(server, "lan")
    assert client.get("/console/").status_code == 200
    if change == "reset_password":
        accounts.reset_password(server.store, "lan", "một mật khẩu mới 2")
    else:
        getattr(accounts, f"{change}_user")(server.store, "lan")
    answer = client.get("/console/")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/console/login")
    with server.store.connect() as conn:
        assert conn.execute("SELECT count(*) FROM console_sessions").fetchone()[0] == 0


def test_the_cookie_is_secure_behind_tls_from_a_local_proxy(server):
    answer = requests.post(
        server.url + "/console/login", data={"username": "lan", "password": STAFF_PASSWORD},
        headers={"X-Forwarded-Proto": "https"}, allow_redirects=False, timeout=30,
    )  # fmt: skip
    assert answer.status_code == 303
    assert "secure" in answer.headers["set-cookie"].lower()


def test_a_wrong_password_says_so_in_vietnamese_and_five_lock_the_account(server):
    client = Console(server.url)
    for _ in range(4):
        answer = client.login("lan", "sai mật khẩu")
        assert answer.status_code == 401
        assert "Sai tên đăng nhập hoặc mật khẩu" in answer.text
        assert "sai mật khẩu" not in answer.text  # the password is never echoed
    locked = client.login("lan", "sai mật khẩu")
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
    assert "tạm khóa" in locked.text and "giây" in locked.text
    right = client.login("lan")  # even the right password, while the lock lasts
    assert right.status_code == 429 and "songmay_console" not in right.headers.get("set-cookie", "")
    # The API's staff login shares the same lock.
    api = requests.post(server.url + "/api/v1/auth/staff-token",
                        json={"username": "lan", "password": STAFF_PASSWORD}, timeout=30)  # fmt: skip
    assert api.status_code == 429
    assert [r["outcome"] for r in audit_rows(server, "login")].count("failed") == 5


def test_idle_and_absolute_timeouts_end_a_session(sync_server_factory, console):
    server = sync_server_factory(console_idle=1.5, console_absolute=4)
    make_district(server)
    client = console(server, "lan")
    for _ in range(3):  # used within the idle time: goes on
        time.sleep(0.8)
        assert client.get("/console/deadlines").status_code == 200
    time.sleep(2)
    assert client.get("/console/deadlines").status_code == 303
    late = console(server, "lan")
    for _ in range(6):
        time.sleep(0.8)
        status = late.get("/console/deadlines").status_code
    assert status == 303  # past the absolute limit though used all along


def test_every_post_without_the_right_csrf_token_is_refused_and_changes_nothing(server, console):
    send_needs(server, "66001")
    client = console(server, "lan")
    assert decisions(server) == 0
    for form in ({}, {"csrf": "sai"}, {"csrf": ""}):
        body = {**form, "students": ["HS660011"], "action": "approve", "round": "2026-H1"}
        answer = client.post("/console/schools/66001/decisions", body)
        assert answer.status_code == 403 and "CSRF" in answer.text
        answer = client.post("/console/schools/66001/lock", {**form, "round": "2026-H1"})
        assert answer.status_code == 403
        assert client.post("/console/logout", form).status_code == 403
    assert decisions(server) == 0
    assert client.get("/console/").status_code == 200  # still logged in
    other = console(server, "binh")  # another session's token is not this one's
    answer = client.post("/console/schools/66001/decisions", {
        "csrf": other.csrf(), "students": ["HS660011"], "action": "approve"})  # fmt: skip
    assert answer.status_code == 403 and decisions(server) == 0


def test_a_district_user_cannot_reach_another_districts_school(server, console):
    send_needs(server, "66001")
    send_needs(server, "66101")
    kha = console(server, "kha")  # district 6602
    board = kha.get("/console/")
    assert board.status_code == 200
    assert "66101" in board.text and "66001" not in board.text and "Lê Lợi" not in board.text
    by_url = kha.get("/console/schools/66001")
    unknown = kha.get("/console/schools/99999")
    assert by_url.status_code == unknown.status_code == 404
    assert "Học Sinh" not in by_url.text and "Lê Lợi" not in by_url.text
    csrf = kha.csrf()
    for code, student in (("66001", "HS660011"), ("66101", "HS660011")):
        answer = kha.post(f"/console/schools/{code}/decisions", {
            "csrf": csrf, "students": [student], "action": "approve", "round": "2026-H1"})  # fmt: skip
        assert answer.status_code == 404, answer.text
        assert "Traceback" not in answer.text
    assert kha.post("/console/schools/66001/lock",
                    {"csrf": csrf, "round": "2026-H1"}).status_code == 404  # fmt: skip
    assert decisions(server) == 0
    # A province's admin sees both districts' schools.
    so = console(server, "so").get("/console/")
    assert "66001" in so.text and "66101" in so.text


def test_a_school_token_or_a_staff_api_token_opens_no_console_page(server):
    api = send_needs(server, "66001")
    staff = requests.post(server.url + "/api/v1/auth/staff-token",
                          json={"username": "lan", "password": STAFF_PASSWORD}, timeout=30)  # fmt: skip
    assert staff.status_code == 200
    for token in (api.http.headers["Authorization"].split()[1], staff.json()["access_token"]):
        for path in PAGES:
            answer = requests.get(server.url + path, headers={"Authorization": f"Bearer {token}"},
                                  allow_redirects=False, timeout=10)  # fmt: skip
            assert answer.status_code == 303, (path, answer.status_code)
            assert answer.headers["location"].startswith("/console/login")
        for name in ("songmay_console",):  # nor as the cookie
            answer = requests.get(server.url + "/console/", cookies={name: token},
                                  allow_redirects=False, timeout=10)  # fmt: skip
            assert answer.status_code == 303
    assert decisions(server) == 0


def test_every_page_has_the_security_headers_and_no_external_url(server, console):
    send_needs(server, "66001")
    client = console(server, "binh")
    anonymous = Console(server.url)
    answers = [anonymous.get("/console/login"), anonymous.get("/console/"),
               anonymous.login("binh", "sai"), anonymous.get("/console/static/console.css"),
               anonymous.get("/console/static/console.js")]  # fmt: skip
    answers += [client.get(path) for path in PAGES]
    answers.append(client.get("/console/schools/99999"))
    for answer in answers:
        for name, value in HEADERS.items():
            assert answer.headers.get(name) == value, (answer.url, name)
        assert re.fullmatch(r"app;dur=\d+\.\d", answer.headers["Server-Timing"]), answer.url
        external = re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}", answer.text)
        assert not external, (answer.url, external)
        assert "<script>" not in answer.text and "onclick=" not in answer.text  # CSP: no inline
    assert [a.status_code for a in answers[5:]] == [200] * len(PAGES) + [404]
    assert "Traceback" not in answers[-1].text


def test_the_audit_page_is_for_statisticians_and_admins_and_shows_the_units_rows(server, console):
    console(server, "kha")  # a login in district 6602
    lan = console(server, "lan")
    assert lan.get("/console/audit").status_code == 403
    binh = console(server, "binh")
    page = binh.get("/console/audit")
    assert page.status_code == 200
    rows = re.findall(r"<tr><td>.*?</tr>", page.text)
    assert rows and all("6601" in row for row in rows)
    assert not any(">kha<" in row or "kha " in row for row in rows)
    so = console(server, "so").get("/console/audit?action=console.login")
    assert "kha" in so.text and "lan" in so.text and "user.add" not in so.text.split("<tbody>")[1]


def board_codes(page):
    return re.findall(r'<td><a href="/console/schools/(\d+)">\1</a></td>', page.text)


def test_the_board_filters_sorts_and_searches_without_diacritics_on_the_server(server, console):
    send_needs(server, "66001", count=3)
    send_needs(server, "66002", count=1)
    lan = console(server, "lan")
    assert board_codes(lan.get("/console/")) == ["66001", "66002"]
    assert board_codes(lan.get("/console/?level=TH")) == ["66002"]
    assert board_codes(lan.get("/console/?q=truong%20le%20loi")) == ["66001"]
    assert board_codes(lan.get("/console/?q=HOA%20BINH")) == ["66002"]
    assert board_codes(lan.get("/console/?sort=waiting&dir=desc")) == ["66001", "66002"]
    assert board_codes(lan.get("/console/?sort=waiting&dir=asc")) == ["66002", "66001"]
    csrf = lan.csrf()
    answer = lan.post("/console/schools/66002/decisions", {
        "csrf": csrf, "students": ["HS660021"], "action": "approve", "round": "2026-H1"})  # fmt: skip
    assert answer.status_code == 303
    assert board_codes(lan.get("/console/?status=waiting")) == ["66001"]
    totals = re.search(r"Tổng cộng \(2 trường\)</th>(.*?)</tr>", lan.get("/console/").text, re.S)
    cells = re.findall(r'<td class="num">(\d+)</td>', totals.group(1))
    # needs, approved, returned, waiting, devices, handed over: 4 sent, 1 approved, 3 waiting.
    assert cells == ["4", "1", "0", "3", "0", "0"]


def test_a_return_needs_a_comment_and_a_decision_needs_a_student(server, console):
    send_needs(server, "66001")
    lan = console(server, "lan")
    csrf = lan.csrf("/console/schools/66001")
    answer = lan.post("/console/schools/66001/decisions", {
        "csrf": csrf, "students": ["HS660011"], "action": "return", "comment": "  ",
        "round": "2026-H1"})  # fmt: skip
    assert answer.status_code == 400 and "Trả lại cần ghi lý do" in answer.text
    assert 'value="HS660011" id="pick-1" aria-label="Chọn HS660011" checked' in answer.text
    answer = lan.post("/console/schools/66001/decisions", {"csrf": csrf, "action": "approve"})
    assert answer.status_code == 400 and "Chưa chọn học sinh nào" in answer.text
    assert decisions(server) == 0
    answer = lan.post("/console/schools/66001/decisions", {
        "csrf": csrf, "students": ["HS660011"], "action": "return", "comment": "Thiếu giấy tờ",
        "round": "2026-H1"})  # fmt: skip
    assert answer.status_code == 303 and decisions(server) == 1
    page = lan.get(answer.headers["location"])
    assert "Đã trả lại 1 học sinh" in page.text and "Thiếu giấy tờ" in page.text
    # A statistician reads but does not decide.
    binh = console(server, "binh")
    answer = binh.post("/console/schools/66001/decisions", {
        "csrf": binh.csrf(), "students": ["HS660012"], "action": "approve"})  # fmt: skip
    assert answer.status_code == 403 and decisions(server) == 1


def row_of(page, code):
    found = re.search(rf'<tr data-row class="state-(\w+)" id="row-{code}">(.*?)</tr>', page.text,
                      re.S)  # fmt: skip
    assert found, code
    return found.group(1), found.group(2)


def test_chot_duyet_locks_the_round_and_a_later_change_reopens_only_that_student(server, console):
    api = send_needs(server, "66001")
    lan = console(server, "lan")
    csrf = lan.csrf("/console/schools/66001")
    refused = lan.post("/console/schools/66001/lock", {"csrf": csrf, "round": "2026-H1"})
    assert refused.status_code == 409 and 'class="error"' in refused.text  # needs still wait
    assert "Traceback" not in refused.text
    answer = lan.post("/console/schools/66001/decisions", {
        "csrf": csrf, "students": ["HS660011", "HS660012"], "action": "approve",
        "round": "2026-H1"})  # fmt: skip
    assert answer.status_code == 303 and decisions(server) == 2
    locked = lan.post("/console/schools/66001/lock", {"csrf": csrf, "round": "2026-H1"})
    assert locked.status_code == 303
    page = lan.get(locked.headers["location"])
    assert "Đã chốt duyệt đợt 2026-H1" in page.text and 'class="badge locked"' in page.text
    assert 'id="lock-form"' not in page.text
    # The school changes one student's need: only that one waits again, visibly.
    api.send([change("need", "66001-n1", version=2, student_id="66001-s1", category=2,
                     survey_round="2026-H1", requested_device="laptop", status="proposed")])  # fmt: skip
    page = lan.get("/console/schools/66001")
    state, cells = row_of(page, "HS660011")
    assert state == "reopened" and "Trường đã sửa — chờ duyệt lại" in cells
    assert "disabled" not in cells.split("</td>")[0]
    state, cells = row_of(page, "HS660012")
    assert state == "approved" and "disabled" in cells.split("</td>")[0]
    board = lan.get("/console/")
    assert "1 sửa lại" in board.text
    # A locked decision stays as it is, even by form tampering.
    answer = lan.post("/console/schools/66001/decisions", {
        "csrf": csrf, "students": ["HS660012"], "action": "return", "comment": "Đổi ý",
        "round": "2026-H1"})  # fmt: skip
    assert answer.status_code == 409 and 'class="error"' in answer.text
    assert decisions(server) == 2


def test_reports_print_and_export_only_in_a_session_and_each_is_audited(server, console):
    binh = console(server, "binh")
    printed = binh.get("/console/reports/progress")
    assert printed.status_code == 200 and "TRƯỞNG PHÒNG" in printed.text
    xlsx = binh.get("/console/reports/receipts.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert "attachment" in xlsx.headers["content-disposition"]
    pdf = binh.get("/console/reports/needs.pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert binh.get("/console/reports/other.pdf").status_code == 404
    assert binh.get("/console/reports/needs.docx").status_code == 404
    assert Console(server.url).get("/console/reports/needs.xlsx").status_code == 303
    with server.store.connect() as conn:
        done = [tuple(r) for r in conn.execute(
            "SELECT action, target, outcome, actor, unit_code FROM audit"
            " WHERE action LIKE 'report.%' ORDER BY seq").fetchall()]  # fmt: skip
    assert done == [("report.print", "progress", "html", "binh", "6601"),
                    ("report.export", "receipts", "xlsx", "binh", "6601"),
                    ("report.export", "needs", "pdf", "binh", "6601")]  # fmt: skip


def test_the_audit_page_is_paged_newest_first_and_filtered_by_action(server, console):
    from sync.server import audit

    with server.store.transaction() as conn:
        for i in range(60):
            audit.record(conn, audit.Actor("lan", "staff", "6601"), "review",
                         target=f"66001/HS{i:06d}", outcome="approved")  # fmt: skip
    binh = console(server, "binh")
    first = binh.get("/console/audit?action=review")
    targets = re.findall(r"<td>66001/HS(\d{6})</td>", first.text)
    assert targets == [f"{i:06d}" for i in range(59, 9, -1)]  # 50, newest first
    assert "trang 1/2" in first.text
    second = binh.get("/console/audit?action=review&page_number=2")
    assert re.findall(r"<td>66001/HS(\d{6})</td>", second.text) == [
        f"{i:06d}" for i in range(9, -1, -1)]  # fmt: skip
    every = binh.get("/console/audit")
    assert "user.add" in every.text and "console.login" in every.text


def test_a_form_posted_from_another_site_is_refused(server, console):
    send_needs(server, "66001")
    lan = console(server, "lan")
    csrf = lan.csrf()
    evil = {"Origin": "http://evil.example"}
    answer = lan.post("/console/schools/66001/decisions", {
        "csrf": csrf, "students": ["HS660011"], "action": "approve"}, headers=evil)  # fmt: skip
    assert answer.status_code == 403 and decisions(server) == 0
    login = Console(server.url).post("/console/login", {"username": "lan",
                                     "password": STAFF_PASSWORD}, headers=evil)  # fmt: skip
    assert login.status_code == 403 and "set-cookie" not in login.headers
    same = lan.post("/console/schools/66001/decisions", {
        "csrf": csrf, "students": ["HS660011"], "action": "approve"},
        headers={"Origin": server.url})  # fmt: skip
    assert same.status_code == 303 and decisions(server) == 1


def test_pages_speak_vietnamese_only_and_the_audit_trail_in_words(server, console):
    send_needs(server, "66001")
    wrong = Console(server.url).login("lan", "không đúng mật khẩu")
    assert "Sai tên đăng nhập hoặc mật khẩu" in wrong.text and "Wrong" not in wrong.text
    lan = console(server, "lan")
    early = lan.post("/console/schools/66001/lock", {
        "csrf": lan.csrf("/console/schools/66001"), "round": "2026-H1"})  # fmt: skip
    assert early.status_code == 409 and "rồi mới chốt" in early.text
    assert "Some needs" not in early.text
    unknown = lan.get("/console/schools/66101")
    assert unknown.status_code == 404 and " / " not in re.sub(r"<[^>]+>", "", unknown.text)
    audit_page = console(server, "binh").get("/console/audit").text
    shown = re.sub(r'title="[^"]*"|value="[^"]*"', "", audit_page.split("<tbody>")[1])
    assert "Đăng nhập trang điều hành" in shown and "Sai tên đăng nhập hoặc mật khẩu" in shown
    assert "console.login" not in shown and "(staff)" not in shown and "(cán bộ)" in shown


def test_a_reviewer_of_another_level_reads_the_school_without_buttons(server, console):
    from sync.server import accounts

    send_needs(server, "66001")  # a THCS school
    accounts.add_user(server.store, "tam", full_name="Đỗ Thị Tâm", role="reviewer", unit="6601",
                      password=STAFF_PASSWORD, level="TH")  # fmt: skip
    tam = console(server, "tam")
    page = tam.get("/console/schools/66001")
    assert page.status_code == 200 and "approve-button" not in page.text
    assert "Chốt duyệt đợt" not in page.text and "chỉ xem" in page.text
    assert re.findall(r'name="students"[^>]*>', page.text)
    assert all("disabled" in box for box in re.findall(r'name="students"[^>]*>', page.text))
    answer = tam.post("/console/schools/66001/decisions", {
        "csrf": tam.csrf(), "students": ["HS660011"], "action": "approve", "round": "2026-H1"})  # fmt: skip
    assert answer.status_code == 403 and decisions(server) == 0
    lan = console(server, "lan")  # no level: decides for every level of the district
    assert "approve-button" in lan.get("/console/schools/66001").text


def test_deciding_again_what_already_stands_sends_nothing_new(server, console):
    send_needs(server, "66001")
    lan = console(server, "lan")
    csrf = lan.csrf("/console/schools/66001")
    form = {"csrf": csrf, "action": "approve", "round": "2026-H1"}
    assert lan.post("/console/schools/66001/decisions", {**form, "students": ["HS660011"]})\
        .status_code == 303  # fmt: skip
    again = lan.post("/console/schools/66001/decisions", {**form, "students": ["HS660011"]})
    assert again.status_code == 400 and "đã có đúng quyết định này" in again.text
    assert decisions(server) == 1
    both = lan.post("/console/schools/66001/decisions",
                    {**form, "students": ["HS660011", "HS660012"]})  # fmt: skip
    assert both.status_code == 303 and "n=1" in both.headers["location"]
    assert decisions(server) == 2  # HS660012 only
    # a return is a change: it is recorded, and so is a new comment on it
    ret = {**form, "action": "return", "students": ["HS660011"], "comment": "Thiếu giấy tờ"}
    assert lan.post("/console/schools/66001/decisions", ret).status_code == 303
    assert lan.post("/console/schools/66001/decisions", ret).status_code == 400
    assert lan.post("/console/schools/66001/decisions",
                    {**ret, "comment": "Thiếu sổ hộ nghèo"}).status_code == 303  # fmt: skip
    assert decisions(server) == 4


def test_a_student_with_a_newer_round_is_read_only_in_the_older_one(server, console):
    api = send_needs(server, "66001")  # round 2026-H1
    api.send([change("need", "66001-n1b", student_id="66001-s1", category=2,
                     survey_round="2026-H2", requested_device="tablet", status="proposed")])  # fmt: skip
    lan = console(server, "lan")
    old = lan.get("/console/schools/66001?round=2026-H1").text
    boxes = dict(re.findall(r'value="(HS\d+)" id="pick-\d+"[^>]*?(disabled)?>', old))
    assert boxes == {"HS660011": "disabled", "HS660012": ""}
    assert "Đã có nhu cầu đợt mới hơn" in old
    form = {"csrf": lan.csrf(), "action": "approve", "round": "2026-H1"}
    tampered = lan.post("/console/schools/66001/decisions", {**form, "students": ["HS660011"]})
    assert tampered.status_code == 409 and "đợt mới nhất" in tampered.text
    assert decisions(server) == 0
    ok = lan.post("/console/schools/66001/decisions", {**form, "students": ["HS660012"]})
    assert ok.status_code == 303 and decisions(server) == 1
    newer = lan.post("/console/schools/66001/decisions",
                     {**form, "round": "2026-H2", "students": ["HS660011"]})  # fmt: skip
    assert newer.status_code == 303 and decisions(server) == 2
