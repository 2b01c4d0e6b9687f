"""In biên bản bàn giao: the minutes of the students just handed a device, of chosen students, of
one donation batch or of every student who received one; previewed, printed or saved as PDF.

The minutes are made by ``desktop_app.core.minutes`` on the database worker (hundreds of
students take a moment); a PDF is also laid out there (``write_pdf`` may run off the GUI thread),
with the job's progress and Cancel. The preview and a printer belong to the GUI thread.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.access import record_minutes
from desktop_app.core.devices import list_batches
from desktop_app.core.jobs import JobState
from desktop_app.core.minutes import MinutesDocument, handover_minutes, user_template_dir
from desktop_app.ui.common import jobs
from desktop_app.ui.common.file_dialogs import save_file_name
from desktop_app.ui.common.jobs import (
    Job,
    run_db_job,
    run_in_background,
    session_actor_of,
    with_connection,
)
from desktop_app.ui.common.text import day, number
from desktop_app.ui.common.widgets import muted

SCOPES = ("recent", "codes", "batch", "all")
_CODE_SEPARATORS = re.compile(r"[\s,;]+")


def minutes_scope(scope: str, codes: Sequence[str], batch: str) -> dict[str, Any]:
    """The arguments of ``handover_minutes`` for a choice of the dialog."""
    if scope in ("recent", "codes"):
        return {"student_codes": list(codes)}
    if scope == "batch":
        return {"batch_code": batch}
    return {"all_students": True}


def split_codes(text: str) -> list[str]:
    return [code for code in _CODE_SEPARATORS.split(text.strip()) if code]


class MinutesDialog(QDialog):
    """``pdfSaved(path, pages)`` after a PDF was written; ``jobFinished(outcome)`` after any of
    its jobs (for tests and the page)."""

    pdfSaved = Signal(str, int)
    jobFinished = Signal(str)

    def __init__(
        self,
        db: Database,
        db_path: Path,
        parent: QWidget | None = None,
        *,
        recent_codes: Sequence[str] = (),
        student_codes: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("minutesDialog")
        self.setWindowTitle(self.tr("In biên bản bàn giao"))
        self._db_path = Path(db_path)
        self._recent = list(recent_codes)
        self.preview: QDialog | None = None

        batches = [b for b in list_batches(db) if b.handed_over]
        self.group = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {
            "recent": QRadioButton(
                self.tr("Các học sinh vừa bàn giao ({count})").format(
                    count=number(len(self._recent))
                )
            ),
            "codes": QRadioButton(self.tr("Học sinh có mã")),
            "batch": QRadioButton(self.tr("Các học sinh nhận thiết bị của đợt")),
            "all": QRadioButton(self.tr("Tất cả học sinh đã nhận thiết bị")),
        }
        for scope, button in self.choices.items():
            button.setObjectName(f"scope_{scope}")
            self.group.addButton(button)
        self.choices["recent"].setVisible(bool(self._recent))
        self.codes = QLineEdit(" ".join(student_codes))
        self.codes.setObjectName("minutesCodes")
        self.codes.setPlaceholderText(self.tr("Một hoặc nhiều mã học sinh, cách nhau dấu phẩy"))
        self.batch = QComboBox()
        self.batch.setObjectName("minutesBatch")
        # A donor's long name must not squeeze the choices' own labels: the box may shrink (the
        # list that drops down still shows each batch in full).
        self.batch.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.batch.setMinimumContentsLength(24)
        for b in batches:
            self.batch.addItem(
                self.tr("{code} — {donor} ({count} đã bàn giao)").format(
                    code=b.code, donor=b.donor, count=number(b.handed_over)
                ),
                b.code,
            )
        self.choices["batch"].setEnabled(bool(batches))

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        grid.addWidget(self.choices["recent"], 0, 0, 1, 2)
        grid.addWidget(self.choices["codes"], 1, 0)
        grid.addWidget(self.codes, 1, 1)
        grid.addWidget(self.choices["batch"], 2, 0)
        grid.addWidget(self.batch, 2, 1)
        grid.addWidget(self.choices["all"], 3, 0, 1, 2)

        note = muted(
            self.tr(
                "Mỗi học sinh một biên bản (lượt bàn giao gần nhất), mỗi biên bản bắt đầu ở trang "
                "mới, theo thứ tự lớp và tên. Mẫu biên bản có thể sửa trong thư mục {folder}."
            ).format(folder=user_template_dir())
        )
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setObjectName("minutesStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setOpenExternalLinks(True)
        self.status.hide()

        self.preview_button = QPushButton(self.tr("Xem trước"))
        self.print_button = QPushButton(self.tr("In…"))
        self.pdf_button = QPushButton(self.tr("Lưu PDF…"))
        self.close_button = QPushButton(self.tr("Đóng"))
        for button in (self.preview_button, self.print_button, self.pdf_button):
            button.setAutoDefault(False)
        self.preview_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(12)
        layout.addLayout(grid)
        layout.addWidget(note)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(640)

        first = "codes" if student_codes else "recent" if self._recent else "all"
        self.choices[first].setChecked(True)
        self.codes.textEdited.connect(lambda _text: self.choices["codes"].setChecked(True))
        self.batch.activated.connect(lambda _index: self.choices["batch"].setChecked(True))
        self.preview_button.clicked.connect(self.show_preview)
        self.print_button.clicked.connect(self.print_minutes)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.reject)

    # --- what to print -----------------------------------------------------------------------------

    def scope(self) -> str:
        return next((s for s, b in self.choices.items() if b.isChecked()), "all")

    def choose(self, scope: str) -> None:
        self.choices[scope].setChecked(True)

    def arguments(self) -> dict[str, Any]:
        scope = self.scope()
        codes = self._recent if scope == "recent" else split_codes(self.codes.text())
        return minutes_scope(scope, codes, str(self.batch.currentData() or ""))

    def current_job(self) -> Job | None:
        return jobs.current_job(self)

    # --- the three ways out ------------------------------------------------------------------------

    @Slot()
    def show_preview(self) -> None:
        self._make(self.tr("Đang lập biên bản…"), self._open_preview)

    @Slot()
    def print_minutes(self) -> None:
        self._make(self.tr("Đang lập biên bản…"), self._print)

    @Slot()
    def save_pdf(self) -> None:
        if self.current_job() is not None:
            return
        suggested = "bien-ban-ban-giao-{day}.pdf".format(day=day(date.today()).replace("/", "-"))
        path = save_file_name(
            self,
            "minutes",
            self.tr("Lưu biên bản ra tệp PDF"),
            suggested,
            self.tr("Tệp PDF (*.pdf)"),
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        from desktop_app.printing import register_fonts, write_pdf

        register_fonts()  # once, on the GUI thread, before the worker lays pages out
        arguments = self.arguments()

        def work(db: Database, state: JobState) -> tuple[int, int]:
            documents = handover_minutes(db, **arguments, template_dir=user_template_dir())
            pages = write_pdf(documents, target, state)
            record_minutes(db.conn, "minutes_pdf", target, len(documents))
            return len(documents), pages

        def done(counts: tuple[int, int]) -> None:
            documents, pages = counts
            url = html.escape(QUrl.fromLocalFile(str(target)).toString(), quote=True)
            link = f'<a href="{url}">{html.escape(str(target))}</a>'
            self._say(
                self.tr(
                    "Đã lưu {documents} biên bản ({pages} trang) vào {link}.", "", documents
                ).format(documents=number(documents), pages=number(pages), link=link)
            )
            self.pdfSaved.emit(str(target), pages)

        self._start(self.tr("Đang lưu biên bản ra tệp PDF…"), work, done)

    # --- internals -------------------------------------------------------------------------------

    def _make(self, title: str, then: Callable[[list[MinutesDocument]], None]) -> None:
        arguments = self.arguments()

        def work(db: Database, _state: JobState) -> list[MinutesDocument]:
            return handover_minutes(db, **arguments, template_dir=user_template_dir())

        self._start(title, work, then)

    def _start(self, title: str, work: Callable[[Database, JobState], Any], done: Any) -> None:
        job = run_db_job(self, title, self._db_path, work, done)
        if job is not None:  # else one runs already
            self.status.hide()
            job.finished.connect(self.jobFinished)

    def _open_preview(self, documents: list[MinutesDocument]) -> None:
        from desktop_app.printing.preview import preview_dialog

        count = len(documents)
        title = self.tr("Xem trước khi in — {count} biên bản", "", count).format(
            count=number(count)
        )
        dialog = preview_dialog(documents, self, title=title)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._record_print(count))  # printed from the preview
        dialog.resize(900, 760)
        self.preview = dialog
        dialog.open()

    def _print(self, documents: list[MinutesDocument]) -> None:
        from desktop_app.printing.preview import print_with_dialog

        if print_with_dialog(documents, self):
            count = len(documents)
            self._record_print(count)
            self._say(
                self.tr("Đã gửi {count} biên bản tới máy in.", "", count).format(
                    count=number(count)
                )
            )

    def _record_print(self, count: int) -> None:
        """The printed minutes in the access trail, signed by the window's user."""
        db_path, actor = self._db_path, session_actor_of(self)

        def work(db: Database, _state: JobState) -> None:
            record_minutes(db.conn, "minutes_print", "printer", count)

        run_in_background(with_connection(db_path, work, actor))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()
