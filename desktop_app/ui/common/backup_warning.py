"""The warning that an automatic backup (daily, before an import) failed: a button in the status
bar and on the dashboard, shown until a backup succeeds; clicking it tries again. The failure is
kept beside the database by the core (``safekeeping.health``), so a restart shows it too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QPushButton, QWidget

from desktop_app.core.jobs import JobState
from desktop_app.core.safekeeping.backups import make_backup
from desktop_app.core.safekeeping.health import last_backup_failure, record_backup_failure
from desktop_app.ui.common.jobs import run_job
from desktop_app.ui.common.text import shown

STYLE = "QPushButton { color: #a61b1b; font-weight: bold; text-align: left; border: none; }"


class BackupWarning(QPushButton):
    """Hidden while the last automatic backup went well; ``refresh`` reads the state again."""

    retried = Signal()  # a retry ended (made or failed again): every warning reads the state

    def __init__(self, db_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.setObjectName("backupFailed")
        self.setFlat(True)
        self.setStyleSheet(STYLE)
        self.clicked.connect(self.retry)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        failure = last_backup_failure(self.db_path) if self.db_path is not None else None
        if failure is None:
            self.hide()
            return
        text = shown(failure.as_message())
        self.setText(text)
        self.setToolTip(text)
        self.show()

    @Slot()
    def retry(self) -> None:
        db_path = self.db_path
        if db_path is None:
            return

        def work(state: JobState) -> Path:
            try:
                return make_backup(db_path, "daily", job=state)
            except Exception as exc:
                record_backup_failure(db_path, "daily", exc)
                raise

        def done(_result: object = None) -> None:
            self.refresh()
            self.retried.emit()

        def failed(exc: BaseException) -> None:
            done()
            from desktop_app.ui.common.errors import show_error

            show_error(exc, self)

        run_job(self, self.tr("Đang sao lưu…"), work, done, failed)
