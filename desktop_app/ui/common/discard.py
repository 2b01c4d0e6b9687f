"""Asking before a form's changes are thrown away, the same way in every form.

A form (a ``QDialog``, a ``QWizard``) that mixes in ``AsksBeforeDiscarding`` and says what it
holds (``form_state``) is closed by Esc, "Hủy" or the window's close button as before when
nothing was changed since it opened (or since ``mark_unchanged``, e.g. after "Lưu và thêm
tiếp"); with changes, it asks "Bỏ các thay đổi chưa lưu?" first: "Bỏ thay đổi" closes it, "Tiếp
tục sửa" (the default, and Esc) keeps it open with what was typed. Every way the clerk closes it
without saving goes through ``QDialog.reject``, so this is the one place that asks; a close by
the program itself (not the clerk's click) does not ask.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

_CONTEXT = "DiscardChanges"

if TYPE_CHECKING:
    _Base = QDialog
else:
    _Base = object


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def ask_to_discard(parent: QWidget) -> bool:
    """The question, window-modal over the form; True when the clerk chose to discard."""
    box = QMessageBox(parent)
    box.setObjectName("discardQuestion")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(parent.windowTitle() or _tr("Bỏ thay đổi"))
    box.setText(_tr("Bỏ các thay đổi chưa lưu?"))
    box.setInformativeText(_tr("Những gì vừa nhập trong cửa sổ này sẽ không được lưu."))
    discard = box.addButton(_tr("Bỏ thay đổi"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_tr("Tiếp tục sửa"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


class AsksBeforeDiscarding(_Base):
    """Mix in before the Qt dialog class: ``class StudentDialog(AsksBeforeDiscarding, QDialog)``.
    The form's state is taken when it is first shown; ``form_state`` must return something that
    compares equal when nothing changed (the values as typed)."""

    _unchanged_state: object = None
    _state_taken = False
    _closed_by_program = False

    def form_state(self) -> object:
        raise NotImplementedError

    def mark_unchanged(self) -> None:
        """What the form holds now is what closing it loses nothing of (opened, or saved)."""
        self._unchanged_state = self.form_state()
        self._state_taken = True

    def has_unsaved_changes(self) -> bool:
        return self._state_taken and self.form_state() != self._unchanged_state

    def showEvent(self, event: QShowEvent) -> None:
        if not self._state_taken:
            self.mark_unchanged()
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """The window's close button asks (through ``reject``); a close by the program (the
        application quitting, a test's clean-up) does not wait for an answer."""
        self._closed_by_program = not event.spontaneous()
        try:
            super().closeEvent(event)
        finally:
            self._closed_by_program = False

    def reject(self) -> None:
        """Esc, "Hủy", the close button: ask first when something was changed."""
        asks = not self._closed_by_program and self.has_unsaved_changes()
        if asks and not ask_to_discard(self):
            return
        super().reject()
