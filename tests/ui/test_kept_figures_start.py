"""The window's start with the dashboard's kept figures (issue 19): still current, they are on
screen with the window's first paint and nothing is computed; stale, the window paints "…" and
the figures are computed on the read worker, shown and kept; a session's changes are kept once
the window closes. The expected figures are counted by the test from the rows it wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.dashboard import dashboard_summary, keep_current, kept_summary
from desktop_app.core.store.database import open_database
from desktop_app.ui.dashboard import prefetch
from desktop_app.ui.dashboard.page import LOADING
from desktop_app.ui.shell import app
from desktop_app.ui.shell.main_window import MainWindow
from tests.test_kept_figures import write_students as add_students


@pytest.fixture
def readings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each computation of the figures (the kept ones read are not counted)."""
    done: list[str] = []
    compute = prefetch.read_to_keep

    def counted(*args, **kwargs):
        done.append("computed")
        return compute(*args, **kwargs)

    monkeypatch.setattr(prefetch, "read_to_keep", counted)
    return done


@pytest.fixture(autouse=True)
def _no_prefetch_left(db_path: Path):
    yield
    prefetch.take(db_path)
    prefetch.kept_counts(db_path)


def started(qtbot, db_path: Path) -> MainWindow:
    window = app.start(db_path)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    return window


def test_current_kept_figures_are_painted_with_the_window_and_nothing_is_computed(
    qtbot, db, db_path, readings
):
    pending = 1 + add_students(db, ["A1", "A2", "A3"], category=2)  # the school's profile too
    assert keep_current(db)
    db.close()
    window = started(qtbot, db_path)
    page = window.page("overview")
    # at once: no event handled since the window was built
    assert page.cards["needs"].value_label.text() == "3"
    assert page.cards["no_consent"].value_label.text() == "3"
    assert page.cards["pending"].value_label.text() == str(pending)
    assert window.pending_label.text().endswith(f": {pending}")  # the status bar's too
    assert not page.loading and readings == []
    window.db.close()


def test_stale_kept_figures_are_never_painted_then_computed_and_kept(qtbot, db, db_path, readings):
    add_students(db, ["A1"], category=1)
    assert keep_current(db)
    add_students(db, ["B1", "B2"], category=3)  # e.g. ``songmay import`` after the window closed
    db.close()
    window = started(qtbot, db_path)
    page = window.page("overview")
    assert page.cards["needs"].value_label.text() == LOADING  # not the kept "1"
    kept_when_shown: list[bool] = []
    page.summary_shown.connect(lambda: kept_when_shown.append(kept_summary(window.db) is not None))
    qtbot.waitUntil(lambda: page.cards["needs"].value_label.text() == "3", timeout=20_000)
    assert readings == ["computed"]
    # Shown first (the day's backup follows the first figures), kept afterwards.
    assert kept_when_shown == [False]
    qtbot.waitUntil(lambda: kept_summary(window.db) is not None, timeout=20_000)
    kept = kept_summary(window.db)
    assert kept is not None and kept.needs_by_category == {1: 1, 2: 0, 3: 2, 4: 0}
    window.db.close()


def test_a_sessions_changes_are_kept_once_the_window_closes(qtbot, db, db_path, readings):
    add_students(db, ["A1"], category=1)
    assert keep_current(db)
    db.close()
    window = started(qtbot, db_path)
    add_students(window.db, ["B1"], category=4)  # a change the dashboard did not read again
    assert kept_summary(window.db) is None
    window.close()
    app.keep_figures(window.db)  # what ``run`` does once the event loop has ended
    window.db.close()
    db = open_database(db_path)
    try:
        kept = kept_summary(db)
        assert kept is not None and kept.needs_by_category == {1: 1, 2: 0, 3: 0, 4: 1}
        assert kept == dashboard_summary(db)
        assert not keep_current(db)  # current: nothing computed again
    finally:
        db.close()


def test_a_fault_met_reading_the_kept_figures_leaves_them_to_the_read_worker(
    qtbot, db, db_path, readings, monkeypatch
):
    """The window still starts; the reading on the read worker meets the fault as before."""
    from desktop_app.core.store import driver

    def damaged(*_args, **_kwargs):
        raise driver.DatabaseError("database disk image is malformed")

    add_students(db, ["A1"], category=1)
    assert keep_current(db)
    db.close()
    monkeypatch.setattr(prefetch, "best_today", damaged)
    window = started(qtbot, db_path)
    page = window.page("overview")
    assert page.cards["needs"].value_label.text() == LOADING
    qtbot.waitUntil(lambda: not page.loading, timeout=20_000)
    assert readings == ["computed"]
    window.db.close()
