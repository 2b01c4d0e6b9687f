"""Answer the application's real dialogs in a test, as the clerk would.

    with answering(qtbot) as answers:
        question = answers.message_box(button="Ghi nhận")
        answers.save_file(tmp_path / "bao-cao.xlsx")
        page.record_button.click()
    assert "3 thiết bị" in question.text

``QMessageBox.exec()`` and ``QFileDialog.getSaveFileName()`` run an event loop of their own and
return only once answered, so the answers are queued *before* the action. A timer polls for the
next expected dialog (a timer also fires inside those nested loops) and answers it through its
widgets: the button is clicked with the mouse, a file name is typed into the file dialog.

Before answering, a dialog must be what the clerk could answer, and stay so for ``read_ms`` (the
time a person reads it, longer than a job's progress dialog waits before it shows):

* it is ``QApplication.activeModalWidget()`` and enabled;
* it is the only visible modal window, apart from the dialogs that opened it (its parents).

A job's progress dialog on its own is fine while waiting (a job runs before the next question);
any other modal window nobody expected fails the test, as does an expected dialog that does not
appear within ``timeout_ms``. On a failure every modal dialog is closed, so that no nested event
loop is left waiting, and the ``with`` block raises ``AssertionError`` saying what was on screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop_app.ui.common.jobs import SHOW_PROGRESS_AFTER_MS

POLL_MS = 20
TIMEOUT_MS = 10_000  # for a dialog to appear once the one before it was answered
READ_MS = SHOW_PROGRESS_AFTER_MS + 200  # a progress dialog coming back would show by then
CLOSE_MS = 10_000  # an answered dialog must be gone by then (a login waits for the server)
PROGRESS_NAME = "jobProgress"  # the object name of a job's progress dialog


def is_progress(widget: QWidget) -> bool:
    return widget.objectName() == PROGRESS_NAME


def shown(widget: QWidget | None) -> bool:
    """Alive and visible (a file dialog of ``QFileDialog.getSaveFileName`` dies when answered)."""
    return widget is not None and shiboken6.isValid(widget) and widget.isVisible()


def visible_modals() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isModal()]


def plain(text: str) -> str:
    """A button's text without its mnemonic: "&Lưu" → "Lưu"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def describe(widget: QWidget | None) -> str:
    if widget is None:
        return "nothing"
    what = "the job's progress dialog" if is_progress(widget) else type(widget).__name__
    text = f"{what} “{widget.windowTitle()}”"
    if isinstance(widget, QMessageBox):
        text += f" saying “{widget.text()}”"
    elif is_progress(widget):
        text += f" showing “{getattr(widget, 'labelText', str)()}”"
    return text


def ancestors(widget: QWidget) -> list[QWidget]:
    found = []
    parent = widget.parentWidget()
    while parent is not None:
        found.append(parent.window())
        parent = parent.window().parentWidget()
    return found


def _click(qtbot: QtBot, button: QAbstractButton) -> None:
    if not (button.isVisible() and button.isEnabled()):
        raise AssertionError(f"the button “{plain(button.text())}” cannot be pressed")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _button_by_text(dialog: QWidget, text: str) -> QAbstractButton:
    buttons = [b for b in dialog.findChildren(QAbstractButton)
               if b.isVisible() and plain(b.text()) == text]  # fmt: skip
    if len(buttons) != 1:
        shown = [plain(b.text()) for b in dialog.findChildren(QAbstractButton) if b.isVisible()]
        raise AssertionError(
            f"{describe(dialog)} has {len(buttons)} buttons “{text}”; its buttons: {shown}"
        )
    return buttons[0]


@dataclass
class Answer:
    """One expected dialog. Once seen: ``title``, ``text`` (a message box's or an error dialog's
    text, a file dialog's suggested file name) and ``filters`` (a file dialog's name filters)."""

    expected: str
    kind: type[QWidget]
    act: Callable[[Any, QtBot], None]
    matches: Callable[[Any], bool] = lambda _w: True
    timeout_ms: int = TIMEOUT_MS
    read_ms: int = READ_MS
    leave_open: bool = False
    widget: QWidget | None = None
    opener: QWidget | None = None  # the window under it
    seen_at: float = 0.0
    answered: bool = False
    title: str = ""
    text: str = ""
    filters: list[str] = field(default_factory=list)

    def note(self, widget: QWidget) -> None:
        self.widget = widget
        parent = widget.parentWidget()
        self.opener = parent.window() if parent is not None else None
        self.seen_at = time.monotonic()
        self.title = widget.windowTitle()
        if isinstance(widget, QMessageBox):
            self.text = widget.text()
        elif isinstance(widget, QFileDialog):
            edit = widget.findChild(QLineEdit, "fileNameEdit")
            self.text = edit.text() if edit is not None else ""
            self.filters = widget.nameFilters()
        elif isinstance(widget, QInputDialog):
            self.text = widget.labelText()
        elif callable(getattr(widget, "message", None)):  # the application's ErrorDialog
            self.text = widget.message()


class Answers:
    """The queue of expected dialogs; made by ``answering``."""

    def __init__(self, qtbot: QtBot) -> None:
        self._qtbot = qtbot
        self._queue: list[Answer] = []
        self._closing: list[tuple[Answer, float]] = []
        self._context: list[QWidget] = visible_modals()  # open before: not for us to answer
        self._since = time.monotonic()
        self.failure: str | None = None
        self.answered: list[Answer] = []
        self._timer = QTimer()
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._tick)

    # --- what the test expects ---------------------------------------------------------------

    def message_box(
        self,
        button: str | QMessageBox.StandardButton,
        *,
        text: str | None = None,
        timeout_ms: int = TIMEOUT_MS,
        read_ms: int = READ_MS,
    ) -> Answer:
        """A ``QMessageBox`` (whose text contains ``text``), answered by pressing ``button`` (its
        text, or a standard button)."""

        def act(box: QMessageBox, qtbot: QtBot) -> None:
            if isinstance(button, str):
                _click(qtbot, _button_by_text(box, button))
            else:
                found = box.button(button)
                if found is None:
                    raise AssertionError(f"{describe(box)} has no {button}")
                _click(qtbot, found)

        wanted = f"a message box{f' saying “…{text}…”' if text else ''}, to press {button}"
        return self._expect(Answer(
            wanted, QMessageBox, act,
            matches=lambda box: text is None or text in box.text(),
            timeout_ms=timeout_ms, read_ms=read_ms,
        ))  # fmt: skip

    def save_file(self, path: Path | str, *, timeout_ms: int = TIMEOUT_MS) -> Answer:
        """A save ``QFileDialog``: the path is typed as the file name, then "Save"."""
        return self._file(path, QFileDialog.AcceptMode.AcceptSave, timeout_ms)

    def open_file(self, path: Path | str, *, timeout_ms: int = TIMEOUT_MS) -> Answer:
        """An open ``QFileDialog``: the path is typed as the file name, then "Open"."""
        return self._file(path, QFileDialog.AcceptMode.AcceptOpen, timeout_ms)

    def cancel_file(self, *, timeout_ms: int = TIMEOUT_MS) -> Answer:
        """A ``QFileDialog`` that the clerk cancels."""

        def act(dialog: QFileDialog, qtbot: QtBot) -> None:
            buttons = dialog.findChild(QDialogButtonBox, "buttonBox")
            _click(qtbot, buttons.button(QDialogButtonBox.StandardButton.Cancel))

        return self._expect(Answer("a file dialog, to cancel", QFileDialog, act,
                                   timeout_ms=timeout_ms))  # fmt: skip

    def dialog(
        self,
        kind: type[QDialog],
        *,
        button: str,
        fill: Callable[[Any], None] | None = None,
        timeout_ms: int = TIMEOUT_MS,
        read_ms: int = READ_MS,
    ) -> Answer:
        """One of the application's own dialogs (or a ``QInputDialog``): ``fill(dialog)`` types
        into it, then ``button`` (its text) is pressed."""

        def act(widget: QDialog, qtbot: QtBot) -> None:
            if fill is not None:
                fill(widget)
            _click(qtbot, _button_by_text(widget, button))

        return self._expect(Answer(
            f"a {kind.__name__}, to press “{button}”", kind, act,
            timeout_ms=timeout_ms, read_ms=read_ms,
        ))  # fmt: skip

    def progress(self, *, button: str = "Hủy", timeout_ms: int = TIMEOUT_MS) -> Answer:
        """A job's progress dialog, where ``button`` is pressed (Hủy)."""
        return self._expect(Answer(
            f"the job's progress dialog, to press “{button}”", QDialog,
            lambda widget, qtbot: _click(qtbot, _button_by_text(widget, button)),
            matches=is_progress, timeout_ms=timeout_ms, read_ms=0,
        ))  # fmt: skip

    def leave_open(
        self, kind: type[QWidget], *, text: str | None = None, timeout_ms: int = TIMEOUT_MS
    ) -> Answer:
        """A dialog that must appear (and could be answered), left open for the test to use."""
        return self._expect(Answer(
            f"a {kind.__name__}{f' saying “…{text}…”' if text else ''}, left open", kind,
            lambda _widget, _qtbot: None,
            matches=lambda w: text is None or text in getattr(w, "text", str)(),
            timeout_ms=timeout_ms, leave_open=True,
        ))  # fmt: skip

    def _file(self, path: Path | str, mode: QFileDialog.AcceptMode, timeout_ms: int) -> Answer:
        accept = (
            QDialogButtonBox.StandardButton.Save
            if mode == QFileDialog.AcceptMode.AcceptSave
            else QDialogButtonBox.StandardButton.Open
        )

        def act(dialog: QFileDialog, qtbot: QtBot) -> None:
            edit = dialog.findChild(QLineEdit, "fileNameEdit")
            buttons = dialog.findChild(QDialogButtonBox, "buttonBox")
            if edit is None or buttons is None:
                raise AssertionError(f"{describe(dialog)} is not Qt's own file dialog")
            # Typing goes where the clerk's focus is: without it, the dialog keeps every
            # folder it matched along the way as chosen, and "Save" stays off.
            if QApplication.activeWindow() is not dialog:
                dialog.activateWindow()
                qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
            edit.setFocus()
            edit.setCompleter(None)  # its popup, shown when the folder is read, takes a click
            edit.clear()
            qtbot.keyClicks(edit, str(path))
            button = buttons.button(accept)
            qtbot.waitUntil(button.isEnabled, timeout=2000)  # the dialog checks what was typed
            _click(qtbot, button)

        verb = "save" if mode == QFileDialog.AcceptMode.AcceptSave else "open"
        return self._expect(Answer(
            f"a file dialog to {verb} {path}", QFileDialog, act,
            matches=lambda dialog: dialog.acceptMode() == mode, timeout_ms=timeout_ms,
        ))  # fmt: skip

    def _expect(self, answer: Answer) -> Answer:
        if not self._queue:
            self._since = time.monotonic()
        self._queue.append(answer)
        return answer

    # --- watching --------------------------------------------------------------------------------

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def let_go(self) -> None:
        self._context = []

    def done(self) -> bool:
        return self.failure is not None or (not self._queue and not self._closing)

    def _fail(self, message: str) -> None:
        if self.failure is None:
            on_screen = [describe(w) for w in visible_modals()]
            self.failure = f"{message}\nModal windows on screen: {on_screen or 'none'}"
        self.close_all()

    def close_all(self) -> None:
        """End every nested event loop: close each modal dialog that was not open before."""
        for widget in visible_modals():
            if widget in self._context:
                continue
            if isinstance(widget, QDialog):
                widget.done(QDialog.DialogCode.Rejected)
            if widget.isVisible():
                widget.hide()

    def _tick(self) -> None:
        try:
            self._check()
        except Exception as exc:  # a bug here must fail the test, not hang it
            self._fail(f"the dialog helper failed: {exc!r}")

    def _check(self) -> None:
        if self.failure is not None:
            self.close_all()
            return
        now = time.monotonic()
        for answer, when in list(self._closing):
            if not shown(answer.widget):
                self._closing.remove((answer, when))
                # What a window manager does (offscreen has none): the window under a closed
                # dialog is active again, so that its shortcuts work.
                if QApplication.activeWindow() is None and shown(answer.opener):
                    answer.opener.activateWindow()  # type: ignore[union-attr]
            elif now - when > CLOSE_MS / 1000:
                self._fail(f"{describe(answer.widget)} stayed open after it was answered")
                return
        modals = [w for w in visible_modals() if w not in self._context]
        if not self._queue:
            stray = [w for w in modals if not is_progress(w) and not self._is_closing(w)]
            if stray:
                self._fail(f"unexpected {describe(stray[0])}")
            return
        answer = self._queue[0]
        if answer.widget is None:
            candidates = [w for w in modals if isinstance(w, answer.kind) and answer.matches(w)]
            others = [w for w in modals if w not in candidates and not is_progress(w)
                      and not self._is_closing(w)]  # fmt: skip
            if others:
                self._fail(f"expected {answer.expected}, but {describe(others[0])} opened")
                return
            if not candidates:
                if now - self._since > answer.timeout_ms / 1000:
                    self._fail(f"expected {answer.expected}: none appeared within "
                               f"{answer.timeout_ms} ms")  # fmt: skip
                return
            answer.note(candidates[0])
        widget = answer.widget
        assert widget is not None
        if not shown(widget):
            self._fail(f"{answer.expected}: it closed before it was answered")
            return
        problem = self._cannot_answer(widget)
        if problem is not None:
            self._fail(problem)
            return
        if now - answer.seen_at < answer.read_ms / 1000:
            return
        self._queue.pop(0)
        answer.answered = True
        self.answered.append(answer)
        self._since = now
        if answer.leave_open:
            self._context.append(widget)
            return
        self._closing.append((answer, now))
        QTimer.singleShot(0, lambda: self._act(answer, widget))  # may start a nested loop

    def _act(self, answer: Answer, widget: QWidget) -> None:
        try:
            answer.act(widget, self._qtbot)
        except Exception as exc:
            self._fail(f"could not answer {describe(widget)}: {exc}")

    def _is_closing(self, widget: QWidget) -> bool:
        return any(answer.widget is widget for answer, _when in self._closing)

    def _cannot_answer(self, widget: QWidget) -> str | None:
        """Why the clerk could not answer ``widget`` now, or None."""
        active = QApplication.activeModalWidget()
        if active is not widget:
            return f"{describe(widget)} is not the active modal window: {describe(active)} is"
        if not widget.isEnabled():
            return f"{describe(widget)} is disabled"
        openers = ancestors(widget)
        others = [w for w in visible_modals() if w is not widget and w not in openers]
        if others:
            return f"{describe(widget)} is not alone: {describe(others[0])} is open too"
        return None


@contextmanager
def answering(qtbot: QtBot) -> Iterator[Answers]:
    """Queue the answers, do the action inside the block; at its end, wait until every answer
    was given (each within its time-out), and fail with what was on screen otherwise."""
    __tracebackhide__ = True
    answers = Answers(qtbot)
    answers.start()
    failed = True
    try:
        yield answers
        deadline = time.monotonic() + 120
        while not answers.done() and time.monotonic() < deadline:
            qtbot.wait(POLL_MS)
        QApplication.processEvents()  # the window under the last dialog is active again
        failed = False
    finally:
        answers.stop()
        if failed or answers.failure is not None:
            answers.close_all()
        # The windows open before the block are not held past it: a deleted one's Python object
        # kept here could be handed by PySide6 to a new window made at its address.
        answers.let_go()
    if answers.failure is not None:
        raise AssertionError(answers.failure)
    if not answers.done():
        raise AssertionError("the dialogs were not all answered within two minutes")
