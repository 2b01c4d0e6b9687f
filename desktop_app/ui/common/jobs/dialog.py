"""The progress dialog of a database job: it shows itself a moment after the job starts (a quick
job flashes nothing), and never again once the job has ended.

Why not ``QProgressDialog``: its own "minimum duration" timer shows the dialog from wherever it
fires, even after ``hide()``. A job that ended before that timer fired, and whose result asked a
question (``QMessageBox.exec()`` runs a nested event loop, so the dialog's deferred deletion waits
too), got its progress dialog back on top of the question, modal, with a Hủy that no longer did
anything: the window froze. Here the timer belongs to the dialog, ``end()`` stops it, and
``setVisible`` refuses to show an ended dialog, whoever asks.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

SHOW_PROGRESS_AFTER_MS = 300  # a quick job should not flash a dialog


class JobDialog(QDialog):
    """Window-modal over ``parent`` (application-modal without one). Hủy, Esc and the title
    bar's close button emit ``cancelRequested``: the dialog stays, saying so, until the work has
    really stopped, and goes with ``end()``."""

    cancelRequested = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        cancel_text: str,
        *,
        cancellable: bool = True,
        show_after_ms: int = SHOW_PROGRESS_AFTER_MS,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("jobProgress")
        self.setWindowTitle(title)
        self.setWindowModality(
            Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal
        )
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self._ended = False

        self.label = QLabel(title)
        self.label.setObjectName("jobLabel")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)  # as QProgressDialog had it
        self.bar = QProgressBar()
        self.bar.setObjectName("jobBar")
        self.bar.setRange(0, 0)  # busy until the first progress report
        self.cancel_button = QPushButton(cancel_text)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.clicked.connect(self.cancelRequested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addLayout(buttons)
        self.setMinimumWidth(420)

        self.show_timer = QTimer(self)
        self.show_timer.setSingleShot(True)
        self.show_timer.setInterval(show_after_ms)
        self.show_timer.timeout.connect(self._show_now)

    def start(self) -> None:
        """The job has started: show the dialog if it is still running in a moment."""
        if not self._ended:
            self.show_timer.start()

    def end(self) -> None:
        """The job has ended: hide the dialog for good, and let it go."""
        self._ended = True
        self.show_timer.stop()
        self.hide()
        self.deleteLater()

    def has_ended(self) -> bool:
        return self._ended

    def labelText(self) -> str:  # as QProgressDialog names it
        return self.label.text()

    def set_label(self, text: str) -> None:
        self.label.setText(text)

    def set_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def setVisible(self, visible: bool) -> None:
        if visible and self._ended:
            return  # whoever asks: an ended job's dialog never comes back
        super().setVisible(visible)

    @Slot()
    def _show_now(self) -> None:
        self.show()

    def reject(self) -> None:  # Esc
        self.cancelRequested.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.cancelRequested.emit()
