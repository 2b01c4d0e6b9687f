"""Pictures of every screen, made without a display, to review the window's look and wording.

    python -m desktop_app.ui.screenshots OUTDIR [--db PATH]

Without ``--db`` a fresh database in a temporary folder is filled with sample data. With ``--db``
that database is shown as it is (no sample data is added). Saved window settings are never read
or written: the pictures always show the default layout at 1280×800.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings
from PySide6.QtWidgets import QWidget

from desktop_app.core.errors import SongMayError
from desktop_app.core.jobs import Cancelled, JobState
from desktop_app.core.store.database import open_database
from desktop_app.ui.app import create_application, fill_demo_if_empty
from desktop_app.ui.errors import show_error
from desktop_app.ui.jobs import run_job
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.setup_wizard import SetupWizard

WINDOW_SIZE = (1280, 800)


def _settle(ms: int = 80) -> None:
    """Let layouts, style polish and deferred paints finish before a grab."""
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        time.sleep(0.005)


def _save(widget: QWidget, path: Path) -> Path:
    _settle()
    if not widget.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    print(path)
    return path


def _wait_idle(page: QWidget | None, seconds: float = 30) -> None:
    """Wait for a page's job (the Bàn giao proposal) to end before a grab."""
    busy = getattr(page, "is_busy", None)
    end = time.monotonic() + seconds
    while callable(busy) and busy() and time.monotonic() < end:
        _settle(20)


def shoot_wizard(workdir: Path, out: Path) -> list[Path]:
    db = open_database(workdir / "wizard.sqlite3")
    wizard = SetupWizard(db)
    wizard.show()
    shots = [_save(wizard, out / "wizard-1.png")]
    wizard.next()  # nothing typed: the required fields say so
    shots.append(_save(wizard, out / "wizard-1-required.png"))
    page = wizard.school_page
    page.name_edit.setText("Trường THCS Ea Tu")
    page.code_edit.setText("66000701")
    page.level_combo.setCurrentIndex(page.level_combo.findData("THCS"))
    wizard.next()
    for key, value in {"commune": "Xã Ea Tu", "district": "TP. Buôn Ma Thuột",
                       "province": "Đắk Lắk"}.items():  # fmt: skip
        wizard.people_page.edits[key].setText(value)
    shots.append(_save(wizard, out / "wizard-2.png"))
    wizard.reject()
    wizard.deleteLater()
    db.close()
    return shots


def shoot_main_window(db_path: Path, settings: QSettings, out: Path) -> list[Path]:
    db = open_database(db_path)
    window = MainWindow(db, db_path, settings=settings)
    window.resize(*WINDOW_SIZE)
    window.show()
    shots = []
    for number, key in enumerate(window.section_keys(), start=1):
        window.show_section(key)
        _wait_idle(window.current_page())
        shots.append(_save(window, out / f"{number:02d}-{key}.png"))
        if window.width() > WINDOW_SIZE[0]:  # a page whose minimum is wider than the window
            print(f"  ! {key}: the window had to grow to {window.width()} px", file=sys.stderr)
    shots += shoot_handover(window, out)
    window.show_section("overview")

    dialog = show_error(
        SongMayError(
            "Tệp dữ liệu đang được một chương trình khác ghi. Hãy đóng chương trình đó rồi thử lại."
        ),
        window,
    )
    if dialog is not None:
        shots.append(_save(dialog, out / "error-dialog.png"))
        dialog.close()

    release = threading.Event()

    def work(state: JobState) -> None:
        state.set_progress(1200, 3000, "Đang kiểm tra dòng 1.200/3.000")
        release.wait(10)
        raise Cancelled()

    job = run_job(window, "Đang nhập danh sách học sinh", work, lambda _result: None)
    _settle(100)
    job.dialog.show()
    shots.append(_save(job.dialog, out / "job-progress.png"))
    release.set()
    job.cancel()
    _settle(200)

    about = window.show_about()
    shots.append(_save(about, out / "about.png"))
    about.close()
    window.close()
    db.close()
    return shots


def shoot_handover(window: MainWindow, out: Path) -> list[Path]:
    """The Bàn giao page's other tabs and its dialogs. Nothing is saved: the receiver dialog is
    only checked, the return dialog is filled in but not sent."""
    from desktop_app.ui.pages.handover import TAB_EXCLUDED, TAB_PROPOSAL, HandoverPage

    window.show_section("handover")
    page = window.current_page()
    if not isinstance(page, HandoverPage):
        return []
    _wait_idle(page)
    shots: list[Path] = []
    if page.model.rowCount():
        receiver = page.edit_receiver(0)
        if receiver is not None:
            receiver.role.setCurrentIndex(receiver.role.findData("parent"))
            receiver.save()  # no relationship yet: the message under its field
            shots.append(_save(receiver, out / "handover-receiver-dialog.png"))
            receiver.reject()
        choice = page.change_device(0)
        if choice is not None:
            shots.append(_save(choice, out / "handover-device-dialog.png"))
            choice.reject()
    page.tabs.setCurrentIndex(TAB_EXCLUDED)
    shots.append(_save(window, out / "handover-excluded.png"))
    supported = next(
        (
            page.excluded_model.student_code(row)
            for row in range(page.excluded_model.rowCount())
            if "đã được hỗ trợ" in page.excluded_model.skipped(row).reason
        ),
        "",
    )
    events = page.show_history(supported)
    shots.append(_save(window, out / "handover-history.png"))
    held = events[-1].serial if events and events[-1].kind == "handover" else ""
    returning = page.open_return_dialog(held)
    returning.set_reason("faulty")
    returning.condition.setText("Màn hình không lên")
    shots.append(_save(returning, out / "handover-return-dialog.png"))
    returning.reject()
    minutes = page.open_minutes_dialog([supported] if supported else [])
    shots.append(_save(minutes, out / "handover-minutes-dialog.png"))
    minutes.reject()
    page.tabs.setCurrentIndex(TAB_PROPOSAL)
    return shots


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m desktop_app.ui.screenshots", description="Ảnh chụp các màn hình."
    )
    parser.add_argument("outdir", type=Path, help="thư mục ghi ảnh PNG")
    parser.add_argument("--db", type=Path, help="tệp dữ liệu có sẵn (không thêm dữ liệu mẫu)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    logging.getLogger("songmay").addHandler(logging.NullHandler())  # the sample error: no noise
    args.outdir.mkdir(parents=True, exist_ok=True)
    app = create_application([sys.argv[0]])
    with tempfile.TemporaryDirectory(prefix="songmay-shots-") as tmp:
        workdir = Path(tmp)
        settings = QSettings(str(workdir / "settings.ini"), QSettings.Format.IniFormat)
        db_path = args.db or workdir / "demo.sqlite3"
        if args.db is None:
            demo_db = open_database(db_path)
            fill_demo_if_empty(demo_db, db_path)
            demo_db.close()
        shoot_wizard(workdir, args.outdir)
        shoot_main_window(db_path, settings, args.outdir)
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
