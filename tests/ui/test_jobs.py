"""Long work runs on the one database worker (network work on its own pool), reports progress, can
be cancelled, and hands its result back on the GUI thread; one job at a time per owner; the
progress dialog never comes back once its job has ended."""

from __future__ import annotations

import threading
import time

import pytest
from dialogs import answering
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop_app.core.errors import SongMayError
from desktop_app.core.jobs import Cancelled
from desktop_app.core.school import load_school, save_school
from desktop_app.ui.common.errors import ErrorDialog
from desktop_app.ui.common.jobs import (
    CANCELLED,
    FAILED,
    SHOW_PROGRESS_AFTER_MS,
    SUCCEEDED,
    current_job,
    database_worker,
    run_and_wait,
    run_db_job,
    run_job,
    run_network_job,
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


def shown_owner(qtbot) -> QWidget:
    owner = QWidget()
    qtbot.addWidget(owner)
    owner.resize(600, 400)
    owner.show()
    qtbot.waitExposed(owner)
    return owner


def test_one_job_per_owner_another_is_refused_while_the_first_runs(qtbot):
    owner, other = shown_owner(qtbot), shown_owner(qtbot)
    release = threading.Event()
    first = run_job(owner, "Việc 1", lambda _state: release.wait(5), lambda _: None)
    assert first is not None and current_job(owner) is first
    assert run_job(owner, "Việc 2", lambda _state: None, lambda _: None) is None
    assert run_network_job(owner, lambda _state: None, lambda _: None) is None
    queued = run_job(other, "Việc của trang khác", lambda _state: None, lambda _: None)
    assert queued is not None  # another owner's job waits its turn on the worker
    with qtbot.waitSignals([first.finished, queued.finished], timeout=5000):
        release.set()
    assert current_job(owner) is None
    again = run_job(owner, "Việc 3", lambda _state: None, lambda _: None)
    assert again is not None
    with qtbot.waitSignal(again.finished, timeout=5000):
        pass


def test_on_success_may_start_the_owners_next_job(qtbot):
    owner = shown_owner(qtbot)
    started: list[object] = []

    def next_step(_result: None) -> None:
        started.append(run_job(owner, "Bước 2", lambda _state: None, lambda _: None))

    job = run_job(owner, "Bước 1", lambda _state: None, next_step)
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert started and started[0] is not None


def test_the_progress_dialog_shows_after_a_moment_and_never_again_once_the_job_ended(qtbot):
    owner = shown_owner(qtbot)
    release = threading.Event()
    job = run_job(owner, "Đang ghi", lambda _state: release.wait(5), lambda _: None)
    dialog = job.dialog
    assert not dialog.isVisible()  # a quick job flashes nothing
    qtbot.waitUntil(dialog.isVisible, timeout=SHOW_PROGRESS_AFTER_MS + 2000)
    assert QApplication.activeModalWidget() is dialog
    with qtbot.waitSignal(job.finished, timeout=5000):
        release.set()
    assert not dialog.isVisible()
    dialog.show()  # whoever asks
    assert not dialog.isVisible()


@pytest.mark.parametrize("work_ms", [0, 100, SHOW_PROGRESS_AFTER_MS + 200])
def test_a_question_asked_when_a_job_ends_is_alone_on_screen_and_can_be_answered(qtbot, work_ms):
    """Quick or slow, the job's progress dialog must not come back over what its result asks."""
    owner = shown_owner(qtbot)
    answers_given: list[QMessageBox.StandardButton] = []

    def ask(_result: None) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Xong",
            "Tiếp tục?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            owner,
        )
        answers_given.append(QMessageBox.StandardButton(box.exec()))  # fmt: skip

    with answering(qtbot) as answers:
        answers.message_box(button=QMessageBox.StandardButton.Yes, text="Tiếp tục?")
        job = run_job(owner, "Đang làm", lambda _state: time.sleep(work_ms / 1000), ask)
        with qtbot.waitSignal(job.finished, timeout=10_000):
            pass
    assert answers_given == [QMessageBox.StandardButton.Yes]


def test_a_network_job_has_no_dialog_and_reports_progress_by_signal(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    progress: list[tuple[int, int, str]] = []

    def work(state) -> str:
        state.set_progress(2, 2, "Đang gửi")
        return "xong"

    results: list[str] = []
    job = run_network_job(owner, work, results.append)
    assert job is not None and job.dialog is None and job.cancel_button is None
    job.progressed.connect(lambda *args: progress.append(args))
    with qtbot.waitSignal(job.finished, timeout=5000) as finished:
        pass
    assert finished.args == [SUCCEEDED] and results == ["xong"]
    assert progress == [(2, 2, "Đang gửi")]


def test_start_up_work_returns_its_result_or_raises_its_failure(qtbot):
    assert run_and_wait("Đang kiểm tra", lambda _state: 6 * 7) == 42

    def broken(_state) -> None:
        raise SongMayError("Tệp dữ liệu bị hỏng.")

    with pytest.raises(SongMayError, match="bị hỏng"):
        run_and_wait("Đang kiểm tra", broken)


def test_the_cycle_collector_never_runs_on_a_worker_and_is_back_once_every_job_ended(qtbot):
    """A collection in a worker may destroy a GUI-thread Qt object (a segfault): while jobs run
    it is off, and it is on again (having run on the GUI thread) when the last one ends."""
    import gc

    release = threading.Event()
    seen: list[bool] = []

    def work(_state) -> None:
        seen.append(gc.isenabled())
        release.wait(5)

    assert gc.isenabled()
    first = run_network_job(None, work, lambda _r: None)
    second = run_network_job(None, work, lambda _r: None)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert seen == [False, False]
    with qtbot.waitSignal(first.finished, timeout=5000), qtbot.waitSignal(second.finished,
                                                                           timeout=5000):  # fmt: skip
        release.set()
    assert gc.isenabled()
