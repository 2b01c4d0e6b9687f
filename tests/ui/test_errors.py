"""Errors reach the clerk as a sentence; the traceback goes to the log and to "Sao chép chi tiết"."""

from __future__ import annotations

import sys
import threading

from PySide6.QtWidgets import QApplication, QLabel

from desktop_app.core import paths
from desktop_app.core.errors import SongMayError
from desktop_app.ui.common.errors import ErrorDialog, ErrorReporter, setup_logging, show_error


def raise_from_deep_inside(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:
        return caught


def visible_text(dialog: ErrorDialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel)) + dialog.windowTitle()


def open_error_dialogs() -> list[ErrorDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog) and w.isVisible()
    ]


def test_error_dialog_shows_a_songmay_error_message_and_never_the_traceback(qtbot):
    exc = raise_from_deep_inside(SongMayError("Ổ đĩa đã đầy nên không lưu được.", code="disk_full"))
    dialog = show_error(exc)
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert dialog.message_label.text() == "Ổ đĩa đã đầy nên không lưu được."
    text = visible_text(dialog)
    assert "Traceback" not in text and "raise_from_deep_inside" not in text
    assert dialog.copy_button.text() == "Sao chép chi tiết"


def test_copy_details_puts_the_traceback_on_the_clipboard(qtbot):
    exc = raise_from_deep_inside(SongMayError("Không ghi được dữ liệu."))
    dialog = show_error(exc)
    qtbot.addWidget(dialog)
    QApplication.clipboard().clear()
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert "Traceback (most recent call last)" in copied
    assert "raise_from_deep_inside" in copied and "code: error" in copied
    assert dialog.copied_label.text() == "Đã sao chép chi tiết vào bộ nhớ tạm."


def test_unexpected_error_shows_a_generic_vietnamese_message_with_the_log_path(qtbot, tmp_path):
    log_file = setup_logging(tmp_path / "logs" / "songmay.log")
    exc = raise_from_deep_inside(KeyError("internal_column_name"))
    dialog = show_error(exc)
    qtbot.addWidget(dialog)
    message = dialog.message_label.text()
    assert message.startswith("Đã xảy ra lỗi không mong đợi.")
    assert str(log_file) in message
    assert "internal_column_name" not in visible_text(dialog) and "KeyError" not in message
    logged = log_file.read_text(encoding="utf-8")
    # the type and where it happened; not the exception's text, which may name a child
    assert "\nKeyError\n" in logged and "in raise_from_deep_inside" in logged
    assert "internal_column_name" not in logged


def test_the_log_goes_to_the_data_folder_by_default(tmp_path):
    assert setup_logging() == paths.data_dir() / "logs" / "songmay.log"
    assert paths.data_dir() == tmp_path / "data"  # the conftest keeps the user's folder clean


def test_the_same_error_twice_shows_one_dialog(qtbot):
    first = show_error(SongMayError("Tệp dữ liệu đang được một chương trình khác ghi."))
    qtbot.addWidget(first)
    second = show_error(SongMayError("Tệp dữ liệu đang được một chương trình khác ghi."))
    assert second is first
    assert len(open_error_dialogs()) == 1


def test_uncaught_errors_of_the_gui_thread_and_of_other_threads_reach_the_dialog_and_the_log(
    qtbot, tmp_path
):
    log_file = setup_logging(tmp_path / "songmay.log")
    reporter = ErrorReporter()
    previous = sys.excepthook, threading.excepthook
    reporter.install()
    try:
        exc = raise_from_deep_inside(ValueError("from a slot"))
        sys.excepthook(ValueError, exc, exc.__traceback__)
        qtbot.waitUntil(lambda: len(open_error_dialogs()) == 1)

        def worker() -> None:
            raise SongMayError("Lỗi trong luồng phụ.")

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: len(open_error_dialogs()) == 2)
    finally:
        reporter.uninstall()
    assert (sys.excepthook, threading.excepthook) == previous
    messages = sorted(d.message_label.text() for d in open_error_dialogs())
    assert messages[0] == "Lỗi trong luồng phụ."
    assert messages[1].startswith("Đã xảy ra lỗi không mong đợi.")
    logged = log_file.read_text(encoding="utf-8")
    assert "\nValueError\n" in logged and "SongMayError [code=error]" in logged
    assert "from a slot" not in logged and "Lỗi trong luồng phụ." not in logged
    for dialog in open_error_dialogs():
        dialog.close()
