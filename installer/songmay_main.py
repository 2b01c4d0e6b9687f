"""The entry script of both bundled executables (``songmay`` and ``songmay-debug``).

The same as ``python -m desktop_app``, after the frozen-only set-up (the OS keyring named
explicitly, see ``desktop_app.frozen``).

For the smoke test only: with ``SONGMAY_SMOKE_QUIT_AFTER_MS`` set, once the main window is shown
this prints one line ``SMOKE window-shown visible=<bool> seconds=<since start>`` and quits the
event loop after that many milliseconds, so that a test can open the window headless
(``QT_QPA_PLATFORM=offscreen``) and see the process end by itself with exit code 0. Unset (as
for every clerk), nothing here differs from ``python -m desktop_app``.
"""

from __future__ import annotations

import os
import time

STARTED = time.perf_counter()
SMOKE_ENV_VAR = "SONGMAY_SMOKE_QUIT_AFTER_MS"


def _quit_after_window_shown(delay_ms: int) -> None:
    """Wrap ``desktop_app.ui.shell.app.start`` (``run`` looks it up at call time) to report the window
    and schedule the event loop's end."""
    from PySide6.QtCore import QTimer  # noqa: TID251 - the smoke hook drives the window
    from PySide6.QtWidgets import QApplication  # noqa: TID251

    from desktop_app.ui.shell import app as ui_app

    start = ui_app.start

    def start_then_quit(*args: object, **kwargs: object) -> object:
        window = start(*args, **kwargs)  # type: ignore[arg-type]
        if window is None:
            print("SMOKE window-not-shown (setup wizard cancelled)", flush=True)
            return None

        def report_and_quit() -> None:
            print(
                f"SMOKE window-shown visible={window.isVisible()} "
                f"seconds={time.perf_counter() - STARTED:.2f} title={window.windowTitle()!r}",
                flush=True,
            )
            QTimer.singleShot(delay_ms, QApplication.quit)

        QTimer.singleShot(0, report_and_quit)  # after the first round of the event loop
        return window

    ui_app.start = start_then_quit  # type: ignore[assignment]


def main() -> int:
    from desktop_app.frozen import setup

    setup()
    delay = os.environ.get(SMOKE_ENV_VAR)
    if delay:
        _quit_after_window_shown(int(delay))
    from desktop_app.cli import main as songmay

    return songmay()


if __name__ == "__main__":
    raise SystemExit(main())
