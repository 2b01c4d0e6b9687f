import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyrings import MemoryKeyring, using_keyring
from loopback import running_server
from PySide6.QtCore import QEventLoop, QLocale, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.core import paths
from desktop_app.ui.shell import i18n


@pytest.fixture(scope="session", autouse=True)
def vietnamese_interface(qapp: QApplication) -> None:
    """The interface as the application starts it by default: Vietnamese, Qt's own dialogs and
    standard buttons included ("Đồng ý", "Hủy", "Tìm trong:"), so that no test depends on which
    test happened to install the translators first."""
    i18n.install_translators(qapp, "vi")


@pytest.fixture(autouse=True)
def isolated_user_files(
    tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """QSettings() and the log file go to tmp_path: a test never touches the user's own."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    names = qapp.organizationName(), qapp.applicationName()
    qapp.setOrganizationName("SongMayTests")
    qapp.setApplicationName("ui-tests")
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    yield
    qapp.setOrganizationName(names[0])
    qapp.setApplicationName(names[1])


@pytest.fixture(autouse=True)
def event_loops_still_run(qapp: QApplication) -> Iterator[None]:
    """``QApplication.exit()`` called outside the application's own loop (``app.run``) makes
    every later event loop (a dialog's ``exec``, a job's wait) return at once, here and in the
    next tests: say which test did it, and repair it."""
    yield
    loop = QEventLoop()
    QTimer.singleShot(0, lambda: loop.exit(1))
    if loop.exec() == -1:
        QTimer.singleShot(0, lambda: qapp.exit(0))
        qapp.exec()  # starting and ending the application's loop clears it
        pytest.fail("QApplication.exit() was called outside the application's event loop")


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """A settings file of the test's own, for MainWindow(settings=...)."""
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """The file of the root conftest's ``db`` fixture (a THCS school, no students)."""
    return tmp_path / "school.sqlite3"


@pytest.fixture
def quit_once_the_window_shows() -> Iterator[Callable[[int], list[QWidget]]]:
    """For ``app.run``: ``windows = quit_once_the_window_shows(code)``; once its main window is on
    screen (its event loop runs: start-up is over) the window is noted and that loop ends with
    ``code``. A fixed delay would not do: start-up runs event loops of its own (a job, a
    question), and ``QApplication.exit`` called in one of them makes every later event loop
    return at once, in this test and the next ones."""
    from desktop_app.ui.shell.main_window import MainWindow

    timers: list[QTimer] = []

    def arm(code: int = 0) -> list[QWidget]:
        windows: list[QWidget] = []
        timer = QTimer()

        def look() -> None:
            shown = [w for w in QApplication.topLevelWidgets()
                     if isinstance(w, MainWindow) and w.isVisible()]  # fmt: skip
            if shown and QApplication.activeModalWidget() is None:
                timer.stop()
                windows.extend(shown)
                QApplication.exit(code)

        timer.timeout.connect(look)
        timer.start(50)
        timers.append(timer)
        return windows

    yield arm
    for timer in timers:  # a test that failed early must not quit the next test's loops
        if shiboken6.isValid(timer):
            timer.stop()


@pytest.fixture
def english(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    """The English interface (its .qm built from a copy of the committed .ts, numbers 1,234),
    then Vietnamese again, so that the next tests start as they always do."""
    folder = tmp_path / "translations"
    folder.mkdir()
    shutil.copy2(i18n.ts_file("en"), folder)
    locale = QLocale()
    i18n.install_translators(qapp, "en", folder)
    QLocale.setDefault(i18n.locale_for("en"))
    yield
    i18n.install_translators(qapp, "vi")
    QLocale.setDefault(locale)


# --- the reference server on loopback and the OS keyring, for the window's sync tests ----------


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A keyring that keeps passwords in memory: the window can keep the sync password."""
    with using_keyring(MemoryKeyring()) as backend:
        yield backend


@pytest.fixture
def no_keyring() -> Iterator[KeyringBackend]:
    """No secure keyring on this machine: the password is asked at each sync."""
    with using_keyring(fail.Keyring()) as backend:
        yield backend


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Any]:
    """The reference server (uvicorn in a thread) with the school's account."""
    yield from running_server(tmp_path / "server")


@pytest.fixture
def slow_server(tmp_path: Path) -> Iterator[Any]:
    """Each submission takes 50 ms to apply: a run lasts long enough to be interrupted."""
    yield from running_server(tmp_path / "slow-server", apply_delay=0.05)
