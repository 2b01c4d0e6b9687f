"""The clerk, for tests/ui/test_restart.py, in a process of its own: ``python restart_driver.py
--db FILE`` starts the application through its real entry point (``desktop_app.cli.main``).

The first instance chooses English on Cài đặt and presses "Khởi động lại ngay"; as it quits it
keeps the database's lock for ``HOLD_S`` more seconds, as a daily backup of a large file would.
The application then starts this same command again: that instance (it finds
``SONGMAY_RESTARTED_FROM`` set) writes what it shows to ``$RESTART_TEST_REPORT`` and quits: its
main window's sidebar, or the error that stopped it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop_app import cli
from desktop_app.ui.common.errors import ErrorDialog
from desktop_app.ui.shell import app, i18n, restart
from desktop_app.ui.shell.main_window import MainWindow

HOLD_S = 3.0
GIVE_UP_MS = 60_000
REPORT = Path(os.environ["RESTART_TEST_REPORT"])


def on_screen() -> list[object]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def every(ms: int, step) -> QTimer:
    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(ms)
    return timer


def first_instance() -> list[QTimer]:
    def step() -> None:
        window = next((w for w in on_screen() if isinstance(w, MainWindow)), None)
        if window is None:
            return
        timer.stop()
        window.show_section("settings")
        page = window.current_page()
        page.language_buttons["en"].click()
        QApplication.instance().aboutToQuit.connect(lambda: time.sleep(HOLD_S))
        page.restart_button.click()

    timer = every(50, step)
    return [timer]


def restarted_instance(replacing: str) -> list[QTimer]:
    def report(**facts: object) -> None:
        REPORT.write_text(json.dumps({"pid": os.getpid(), "replacing": int(replacing), **facts}))

    def step() -> None:
        for widget in on_screen():
            if isinstance(widget, MainWindow):
                sidebar = widget.sidebar
                report(language=i18n.current_language(),
                       sidebar=[sidebar.item(r).text() for r in range(sidebar.count())])  # fmt: skip
                timer.stop()
                widget.close()
                QApplication.exit(0)
            elif isinstance(widget, ErrorDialog):
                report(error=widget.message())
                timer.stop()
                widget.done(0)

    timer = every(50, step)
    QTimer.singleShot(GIVE_UP_MS, lambda: QApplication.exit(3))
    return [timer]


def main() -> int:
    with REPORT.with_suffix(".pids").open("a") as pids:
        pids.write(f"{os.getpid()}\n")
    app.create_application()  # run() uses it; the timers need it now
    replacing = os.environ.get(restart.RESTARTED_FROM)
    timers = restarted_instance(replacing) if replacing else first_instance()  # noqa: F841
    return cli.main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
