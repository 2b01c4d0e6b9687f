"""Fast at every size (issue 19): the window shows before anything whose cost grows with the number
of students — its dashboard's figures and the status bar's count arrive from the read worker, the
check of every page runs once the figures are there — and the start path does not load the sync
client, the keyring, QtNetwork, openpyxl or the import pipeline."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.core.dashboard import dashboard_summary
from desktop_app.core.store.outbox import outbox_counts
from desktop_app.ui.common import jobs
from desktop_app.ui.dashboard import page as dashboard_page
from desktop_app.ui.dashboard import prefetch
from desktop_app.ui.dashboard.page import LOADING, DashboardPage
from desktop_app.ui.shell import app
from desktop_app.ui.shell.main_window import MainWindow
from tests.fresh_python import run_fresh

# Loaded by the start path only when used: a sync, a login, the keyring, an import, sample data.
NOT_ON_THE_START_PATH = (
    "requests",
    "keyring",
    "sync",
    "PySide6.QtNetwork",
    "openpyxl",
    "desktop_app.core.importing.base",
    "desktop_app.core.demo",
)


def loaded_modules(code: str, *args: str) -> list[str]:
    """The modules a fresh Python has loaded after ``code`` (which prints nothing itself)."""
    script = code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))\n"
    return printed_modules(script, *args)


def printed_modules(code: str, *args: str) -> list[str]:
    """The list of modules ``code`` printed as JSON on its last line."""
    return list(json.loads(run_fresh(code, *args).splitlines()[-1]))


def top_level(modules: list[str]) -> set[str]:
    found = set(modules)
    return {name for name in NOT_ON_THE_START_PATH if name in found}


def test_the_window_module_loads_none_of_what_only_some_actions_need():
    assert top_level(loaded_modules("import desktop_app.ui.shell.app")) == set()


def test_a_whole_start_to_the_dashboards_figures_loads_none_of_them(
    db, db_path, tmp_path, monkeypatch
):
    """``start`` as ``run`` calls it, on a school's database, until the figures are shown."""
    db.close()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # the window's settings
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    code = """
import sys, json, time
from pathlib import Path
from desktop_app.ui.shell import app
application = app.create_application()
window = app.start(Path(sys.argv[1]))
page = window.page("overview")
seen = []
page.summary_shown.connect(lambda: seen.append(sorted(sys.modules)))
deadline = time.monotonic() + 60
while not seen and time.monotonic() < deadline:
    application.processEvents()
window.close()
window.db.close()
print(json.dumps(seen[0]))
raise SystemExit(0)
"""
    assert top_level(printed_modules(code, str(db_path))) == set()


def test_the_dashboard_shows_first_then_its_figures_read_off_the_gui_thread(
    qtbot, db, db_path, monkeypatch
):
    threads: list[bool] = []
    read = dashboard_page.read_to_keep

    def watched(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return read(*args, **kwargs)

    monkeypatch.setattr(dashboard_page, "read_to_keep", watched)
    page = DashboardPage(db, db_path=db_path)
    qtbot.addWidget(page)
    page.show()
    assert page.cards["needs"].value_label.text() == LOADING  # painted before the figures
    with qtbot.waitSignal(page.summary_shown, timeout=20_000):
        pass
    expected = sum(dashboard_summary(db).needs_by_category.values())
    assert page.cards["needs"].value_label.text() == str(expected)
    assert threads == [False]  # read on a worker thread, not the GUI's


def test_a_change_during_a_reading_is_read_again(qtbot, db, db_path):
    from desktop_app.core.school import save_school

    page = DashboardPage(db, db_path=db_path)
    qtbot.addWidget(page)
    assert page.loading
    save_school(db, {"principal": "Nguyễn Thị Hạnh"})  # one more pending change
    page.refresh()  # while the first reading runs: once more after it
    pending = outbox_counts(db)["pending"]
    qtbot.waitUntil(
        lambda: not page.loading and page.cards["pending"].value_label.text() == str(pending),
        timeout=20_000,
    )


def test_the_window_starts_with_the_prefetched_figures_and_the_count_later(qtbot, db, db_path):
    """``start`` begins reading the figures before the window's modules are built; the window
    paints, then shows them and the status bar's count."""
    db.close()
    window = app.start(db_path)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.isVisible()
    page = window.page("overview")
    qtbot.waitUntil(lambda: not page.loading, timeout=20_000)
    assert LOADING not in page.cards["needs"].value_label.text()
    assert prefetch.take(db_path) is None  # taken by the dashboard, not read twice
    pending = outbox_counts(window.db)["pending"]
    qtbot.waitUntil(lambda: window.pending_label.text().endswith(str(pending)), timeout=20_000)
    window.db.close()


def test_every_page_is_checked_in_the_background_after_the_figures(qtbot, db, db_path, monkeypatch):
    """The check of every page does not run before the window shows, nor on the GUI thread."""
    db.close()
    checked: list[bool] = []
    verdict = app.pages_verdict

    def watched(path: Path):
        checked.append(threading.current_thread() is threading.main_thread())
        return verdict(path)

    monkeypatch.setattr(app, "pages_verdict", watched)
    window = app.start(db_path)
    qtbot.addWidget(window)
    assert window.isVisible() and checked == []
    qtbot.waitUntil(lambda: checked == [False], timeout=20_000)
    qtbot.waitUntil(lambda: not jobs.running_jobs(jobs.BACKGROUND), timeout=20_000)
    assert window.replacement is None  # a sound file: nothing said
    window.db.close()


@pytest.fixture(autouse=True)
def _no_prefetch_left(db_path):
    yield
    prefetch.take(db_path)
    assert QApplication.instance() is not None


def test_a_damaged_page_met_by_the_figures_is_left_to_the_check_of_every_page(qtbot, db, db_path):
    """The reading stops with "?" and no message of its own: the check that follows says it."""
    from desktop_app.core.errors import StoreError
    from desktop_app.ui.common.errors import ErrorDialog

    page = DashboardPage(db, db_path=db_path)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.loading, timeout=20_000)
    with qtbot.waitSignal(page.summary_shown, timeout=5_000):
        page._failed(StoreError.of("store.damaged", code="damaged", path=db_path))
    assert page.cards["needs"].value_label.text() == "?"
    assert not any(
        isinstance(w, ErrorDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
    )
