"""Long work runs on the one database worker, reports progress, can be cancelled, and hands its
result back on the GUI thread."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from desktop_app.core.errors import SongMayError
from desktop_app.core.jobs import Cancelled
from desktop_app.core.school import load_school, save_school
from desktop_app.ui.common.errors import ErrorDialog
from desktop_app.ui.common.jobs import (
    CANCELLED,
    FAILED,
    SUCCEEDED,
    database_worker,
    run_db_job,
    run_job,
)


def on_gui_thread() -> bool:
    return QThread.currentThread() is QApplication.instance().thread()


def test_a_job_reports_progress_and_its_on_success_runs_on_the_gui_thread(qtbot):
    seen: dict[str, object] = {}

    def work(state) -> int:
        seen["work_on_gui_thread"] = on_gui_thread()
        for done in range(1, 4):
            state.set_progress(done, 3, f"Bước {done}")
        return 42

    def on_success(result: int) -> None:
        seen["result"], seen["success_on_gui_thread"] = result, on_gui_thread()

    progress: list[tuple[int, int, str]] = []
    job = run_job(None, "Đang thử", work, on_success)
    job.progressed.connect(lambda *args: progress.append(args))
    with qtbot.waitSignal(job.finished, timeout=5000) as finished:
        pass
    assert finished.args == [SUCCEEDED]
    assert seen == {"work_on_gui_thread": False, "result": 42, "success_on_gui_thread": True}
    assert progress[-1] == (3, 3, "Bước 3")  # the last step always arrives (others throttled)


def test_cancel_stops_the_job_the_work_sees_it_and_it_is_not_an_error(qtbot):
    started, saw_cancel = threading.Event(), threading.Event()
    called: list[str] = []

    def work(state) -> None:
        started.set()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if state.is_cancelled():
                saw_cancel.set()
                raise Cancelled()
            time.sleep(0.01)

    job = run_job(None, "Đang nhập", work, lambda _: called.append("success"),
                  lambda _: called.append("failure"))  # fmt: skip
    assert started.wait(5)
    with qtbot.waitSignal(job.finished, timeout=5000) as finished:
        job.cancel_button.click()
        assert job.dialog.labelText() == "Đang hủy…"
    assert finished.args == [CANCELLED] and saw_cancel.is_set()
    assert called == []
    assert not any(isinstance(w, ErrorDialog) for w in QApplication.topLevelWidgets())


def test_a_failing_job_hands_the_exception_to_on_failure_on_the_gui_thread(qtbot):
    failures: list[tuple[BaseException, bool]] = []

    def work(state) -> None:
        raise SongMayError("Tệp không đọc được.")

    job = run_job(None, "Đang đọc", work, lambda _: None,
                  lambda exc: failures.append((exc, on_gui_thread())))  # fmt: skip
    with qtbot.waitSignal(job.finished, timeout=5000) as finished:
        pass
    assert finished.args == [FAILED]
    ((exc, gui),) = failures
    assert isinstance(exc, SongMayError) and exc.message == "Tệp không đọc được." and gui


def test_a_failing_job_without_on_failure_shows_the_error_dialog(qtbot):
    def work(state) -> None:
        raise SongMayError("Ổ đĩa đã đầy.")

    job = run_job(None, "Đang ghi", work, lambda _: None)
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    (dialog,) = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, ErrorDialog) and w.isVisible()]  # fmt: skip
    assert dialog.message() == "Ổ đĩa đã đầy."
    assert "work" in dialog.details  # the worker's traceback, for support
    dialog.close()


def test_jobs_run_one_at_a_time_on_the_database_worker(qtbot):
    running, most = [0], [0]
    lock = threading.Lock()

    def work(state) -> None:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1

    jobs = [run_job(None, f"Việc {n}", work, lambda _: None) for n in range(3)]
    with qtbot.waitSignals([job.finished for job in jobs], timeout=5000):
        pass
    assert most[0] == 1
    assert database_worker().maxThreadCount() == 1


def test_a_database_job_works_on_its_own_connection_to_the_same_file(qtbot, db, db_path):
    def work(worker_db, state) -> str:
        assert worker_db is not db
        save_school(worker_db, {"principal": "Lê Văn Tám"})
        return "ok"

    job = run_db_job(None, "Đang lưu", db_path, work, lambda _: None)
    with qtbot.waitSignal(job.finished, timeout=5000) as finished:
        pass
    assert finished.args == [SUCCEEDED]
    assert load_school(db).principal == "Lê Văn Tám"
