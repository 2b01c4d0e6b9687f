"""The district console in a real browser: Debian's Chromium driven by Selenium against
``songmay-server serve``, with a school that syncs through the real desktop client.

Set SONGMAY_SCREENSHOTS=docs/screenshots to save every page as console-<page>.png (1366 px wide).
Without chromium/chromedriver the tests skip with the reason; on CI (CI=true) they fail.
"""

from __future__ import annotations

import base64
import io
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from console_helpers import STAFF_PASSWORD, make_district

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
INSTALL = "apt-get install -y --no-install-recommends chromium chromium-driver"
REPO = Path(__file__).resolve().parents[2]


def _missing() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (Path(path).exists() or shutil.which(Path(path).name)):
            return f"{path} not installed ({INSTALL}); the console's browser tests need it"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture
def browser() -> Iterator[Any]:
    missing = _missing()
    if missing is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--window-size=1366,768", "--lang=vi", "--disable-dev-shm-usage"):  # fmt: skip
        options.add_argument(argument)
    driver = webdriver.Chrome(
        service=Service(shutil.which("chromedriver") or CHROMEDRIVER), options=options
    )
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def shot(driver: Any, page: str) -> None:
    """Save the whole page, 1366 px wide, when SONGMAY_SCREENSHOTS names a folder."""
    folder = os.environ.get("SONGMAY_SCREENSHOTS")
    if not folder:
        return
    target = Path(folder) if Path(folder).is_absolute() else REPO / folder
    target.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1366, max(768, min(int(height) + 200, 4000)))
    time.sleep(0.2)
    driver.save_screenshot(str(target / f"console-{page}.png"))
    driver.set_window_size(1366, 768)


def wait_for(driver: Any, css: str, timeout: float = 15) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def then_new_page(driver: Any, act: Any) -> None:
    """Do ``act`` (a click, a key) and wait until the browser has left the current page: what
    is found next is on the new one, never on the old one."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")
    act()

    def left(_: Any) -> bool:
        try:
            old.is_enabled()
        except WebDriverException:  # stale, or "does not belong to the document" mid-navigation
            return True
        return False

    WebDriverWait(driver, 15).until(left)


def log_in(driver: Any, url: str, username: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(url + "/console/login")
    wait_for(driver, "#username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(STAFF_PASSWORD)
    button = driver.find_element(By.CSS_SELECTOR, "form button[type=submit]")
    then_new_page(driver, button.click)
    wait_for(driver, "header.top")


def local_needs(db: Any) -> dict[str, str]:
    return dict(db.execute(
        "SELECT s.code, n.status || '|' || COALESCE(n.review_comment, '') FROM needs n"
        " JOIN students s ON s.id = n.student_id").fetchall())  # fmt: skip


@pytest.fixture
def district(sync_server_process: Any, db: Any, tmp_path: Path) -> Any:
    """The server process with the district's accounts, and school 66001 whose needs (three
    students, HS000001–3) came through the desktop client's sync."""
    from builders import fill_needs_and_devices
    from test_client_support import PASSWORD, SCHOOL, USER, client_for

    from sync.server import auth

    server = sync_server_process
    make_district(server)
    auth.add_school(server.store, SCHOOL, name="Trường THCS Lê Lợi", username=USER,
                    password=PASSWORD, unit="6601", level="THCS")  # fmt: skip
    fill_needs_and_devices(db, tmp_path, count=3, approved=False)
    # Two parents consented (their child's name goes to the district); the third did not.
    from datetime import date

    from desktop_app.core.consent import record_consent, student_id_of

    for code in ("HS000001", "HS000002"):
        record_consent(db, student_id_of(db, code), on=date.today(), method="paper_form")
    report = client_for(server.url).run(db)
    assert report.ok, report.error
    server.sync = lambda: client_for(server.url).run(db)
    return server


def test_review_in_the_browser_reaches_the_school_at_its_next_sync(district, browser, db):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    url = district.url
    browser.get(url + "/console/")
    wait_for(browser, "#username")
    assert "/console/login" in browser.current_url
    shot(browser, "login")
    log_in(browser, url, "lan")

    # The board: every school of Krông Bông; a search without diacritics finds Lê Lợi only.
    rows = browser.find_elements(By.CSS_SELECTOR, "table.board tbody tr")
    assert {r.text.split()[0] for r in rows} == {"66001", "66002"}
    search = browser.find_element(By.ID, "q")
    search.send_keys("truong le loi")
    then_new_page(browser, lambda: search.send_keys(Keys.ENTER))
    wait_for(browser, "table.board")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.board tbody tr")
    assert [r.text.split()[0] for r in rows] == ["66001"]
    assert "3" in rows[0].text  # three needs waiting
    browser.get(url + "/console/")
    wait_for(browser, "table.board")
    shot(browser, "board")

    # Review: approve HS000001 with the mouse, return HS000002 with the keyboard.
    then_new_page(browser, browser.find_element(By.LINK_TEXT, "66001").click)
    wait_for(browser, "#students")
    codes = [
        r.get_attribute("id")[4:] for r in browser.find_elements(By.CSS_SELECTOR, "tr[data-row]")
    ]
    assert sorted(codes) == ["HS000001", "HS000002", "HS000003"]
    browser.find_element(By.CSS_SELECTOR, "#row-HS000001 input[type=checkbox]").click()
    then_new_page(browser, browser.find_element(By.ID, "approve-button").click)
    assert "Đã duyệt 1 học sinh" in wait_for(browser, ".notice").text
    codes = [
        r.get_attribute("id")[4:] for r in browser.find_elements(By.CSS_SELECTOR, "tr[data-row]")
    ]
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys("j" * (codes.index("HS000002") + 1))
    active = browser.switch_to.active_element
    assert active.get_attribute("value") == "HS000002"
    active.send_keys("x")
    active.send_keys("r")
    comment = browser.switch_to.active_element
    assert comment.get_attribute("id") == "comment"
    comment.send_keys("Thiếu giấy chứng nhận hộ nghèo")
    then_new_page(browser, lambda: comment.send_keys(Keys.CONTROL, Keys.ENTER))
    assert "Đã trả lại 1 học sinh" in wait_for(browser, ".notice").text
    returned = browser.find_element(By.ID, "row-HS000002").text
    assert "Đã trả lại" in returned and "Thiếu giấy chứng nhận hộ nghèo" in returned
    assert "Đã duyệt" in browser.find_element(By.ID, "row-HS000001").text

    # The school's next sync brings both decisions into its own database.
    report = district.sync()
    assert report.ok and report.decisions == 2
    assert local_needs(db) == {"HS000001": "approved|",
                               "HS000002": "returned|Thiếu giấy chứng nhận hộ nghèo",
                               "HS000003": "proposed|"}  # fmt: skip

    # "Chốt duyệt" is refused while a need waits, then locks the round.
    then_new_page(browser, browser.find_element(By.CSS_SELECTOR, "#lock-form button").click)
    error = wait_for(browser, ".error")
    assert error.text and "Traceback" not in browser.page_source
    browser.find_element(By.CSS_SELECTOR, "#row-HS000003 input[type=checkbox]").click()
    then_new_page(browser, browser.find_element(By.ID, "approve-button").click)
    wait_for(browser, ".notice")
    then_new_page(browser, browser.find_element(By.CSS_SELECTOR, "#lock-form button").click)
    assert "Đã chốt duyệt" in wait_for(browser, ".notice").text
    assert "Đã chốt duyệt" in browser.find_element(By.CSS_SELECTOR, ".badge.locked").text
    shot(browser, "review")

    then_new_page(browser, browser.find_element(By.LINK_TEXT, "Hạn bàn giao").click)
    wait_for(browser, "h1")
    assert "Hạn bàn giao" in browser.find_element(By.TAG_NAME, "h1").text
    shot(browser, "deadlines")

    # The statistician reads the trail: the reviews, the lock and the logins, with the user.
    then_new_page(browser, browser.find_element(By.CSS_SELECTOR, "header form button").click)
    wait_for(browser, "#username")
    log_in(browser, url, "binh")
    browser.get(url + "/console/audit")
    wait_for(browser, "table")
    trail = browser.find_element(By.TAG_NAME, "table").text
    assert "Đăng nhập trang điều hành" in trail and "lan" in trail
    assert "Chốt duyệt" in trail and "Duyệt / trả lại nhu cầu" in trail
    shot(browser, "audit")


def test_reports_print_and_download_through_the_session(district, browser):
    from pypdf import PdfReader
    from selenium.webdriver.common.by import By

    from sync.server.console import review, scope

    with district.store.connect() as conn:  # the district approved the three needs
        lan = scope.load_viewer(conn, "lan")
    codes = ["HS000001", "HS000002", "HS000003"]
    assert review.decide(district.store, lan, "66001", codes, approve=True) == 3
    url = district.url
    log_in(browser, url, "binh")
    then_new_page(browser, browser.find_element(By.LINK_TEXT, "Báo cáo").click)
    wait_for(browser, "ul.reports")
    shot(browser, "reports")
    browser.get(url + "/console/reports/needs")
    wait_for(browser, "table.report")
    page = browser.find_element(By.TAG_NAME, "body").text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "Độc lập - Tự do - Hạnh phúc" in page
    assert "TRƯỞNG PHÒNG" in page and "Krông Bông, ngày" in page
    total = browser.find_element(By.XPATH, "//table[@class='report']//tr[td[1]='Tổng cộng']")
    assert total.text.split()[-1] == "3"  # three approved needs, each asking for a tablet
    shot(browser, "report")
    # Printed (Chrome's own print to PDF, A4): the paper only, no navigation.
    from selenium.webdriver.common.print_page_options import PrintOptions

    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    printed = base64.b64decode(browser.print_page(options))
    pages = PdfReader(io.BytesIO(printed)).pages
    printed_text = " ".join(" ".join(p.extract_text() or "" for p in pages).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in printed_text and "TRƯỞNG PHÒNG" in printed_text
    assert "Đăng xuất" not in printed_text and "Hạn bàn giao" not in printed_text
    assert round(float(pages[0].mediabox.width) / 72 * 25.4) == 210
    cookies = {c["name"]: c["value"] for c in browser.get_cookies()}
    assert "songmay_console" in cookies
    xlsx = requests.get(url + "/console/reports/needs.xlsx", cookies=cookies, timeout=60)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    pdf = requests.get(url + "/console/reports/needs.pdf", cookies=cookies, timeout=60)
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf.content)).pages)
    flat = " ".join(text.split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat and "TRƯỞNG PHÒNG" in flat
    assert "Máy tính bảng" in flat
    anonymous = requests.get(url + "/console/reports/needs.pdf", allow_redirects=False, timeout=10)
    assert anonymous.status_code == 303
    with district.store.connect() as conn:
        done = [(r["action"], r["target"], r["outcome"], r["actor"]) for r in conn.execute(
            "SELECT action, target, outcome, actor FROM audit WHERE action LIKE 'report.%'"
            " ORDER BY seq")]  # fmt: skip
    assert done == [("report.print", "needs", "html", "binh"),
                    ("report.export", "needs", "xlsx", "binh"),
                    ("report.export", "needs", "pdf", "binh")]  # fmt: skip
