"""tests/ui/dialogs.py itself: it answers what the clerk would see, and fails, without hanging and
saying what was on screen, when a dialog does not come, an unexpected one does, or the expected
one could not be answered (another modal window over it, disabled)."""

from __future__ import annotations

import time

import pytest
from dialogs import answering
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox, QWidget


def window(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(500, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def ask(parent: QWidget, text: str) -> str:
    box = QMessageBox(QMessageBox.Icon.Question, "Câu hỏi", text, QMessageBox.StandardButton.NoButton,
                      parent)  # fmt: skip
    box.addButton("Đồng ý", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Hủy", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    return clicked.text() if clicked is not None else ""


def test_answers_in_order_and_tells_what_was_asked(qtbot, tmp_path):
    parent = window(qtbot)
    said: list[str] = []
    with answering(qtbot) as answers:
        first = answers.message_box(button="Đồng ý", text="Ghi?")
        answers.save_file(tmp_path / "a.txt")
        answers.dialog(QInputDialog, fill=lambda d: d.setTextValue("Lan"), button="Đồng ý")
        said.append(ask(parent, "Ghi?"))
        said.append(QFileDialog.getSaveFileName(parent, "Lưu", "goi-y.txt")[0])
        said.append(QInputDialog.getText(parent, "Tên", "Tên học sinh:")[0])
    assert said == ["Đồng ý", str(tmp_path / "a.txt"), "Lan"]
    assert (first.title, first.text) == ("Câu hỏi", "Ghi?")


def test_a_dialog_that_never_comes_fails_in_time_with_what_was_expected(qtbot):
    started = time.monotonic()
    with (
        pytest.raises(AssertionError, match="none appeared within 300 ms"),
        answering(qtbot) as answers,
    ):
        answers.message_box(button="Đồng ý", timeout_ms=300)
    assert time.monotonic() - started < 5


def test_an_unexpected_modal_fails_and_is_closed_so_nothing_hangs(qtbot):
    parent = window(qtbot)
    with pytest.raises(AssertionError, match=r"unexpected QMessageBox .*Bất ngờ"), answering(qtbot):
        assert ask(parent, "Bất ngờ?") == ""  # closed by the helper, so this returns


def test_the_wrong_dialog_fails_and_says_which_was_expected(qtbot):
    parent = window(qtbot)
    with (
        pytest.raises(AssertionError, match=r"expected a file dialog.*QMessageBox"),
        answering(qtbot) as answers,
    ):
        answers.save_file("/tmp/khong-dung.txt")
        ask(parent, "Không phải hộp lưu tệp")


def test_a_question_under_another_modal_window_cannot_be_answered(qtbot):
    """What the clerks saw: a progress dialog back on top of the question."""
    parent = window(qtbot)
    other = QMessageBox(QMessageBox.Icon.Information, "Che", "Ở trên", QMessageBox.StandardButton.Ok,
                        parent)  # fmt: skip
    QTimer.singleShot(50, other.open)  # comes over the question once it is open
    with (
        pytest.raises(AssertionError, match=r"not the active modal window|not alone"),
        answering(qtbot) as answers,
    ):
        answers.message_box(button="Đồng ý")
        ask(parent, "Ghi?")
    assert not any(w.isVisible() and w.isModal() for w in QApplication.topLevelWidgets())


def test_a_disabled_dialog_cannot_be_answered(qtbot):
    parent = window(qtbot)
    box = QMessageBox(QMessageBox.Icon.Question, "Câu hỏi", "Ghi?", QMessageBox.StandardButton.Ok,
                      parent)  # fmt: skip
    box.setEnabled(False)
    with pytest.raises(AssertionError, match="is disabled"), answering(qtbot) as answers:
        answers.message_box(button=QMessageBox.StandardButton.Ok)
        box.exec()
