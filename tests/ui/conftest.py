import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desktop_app.core import paths


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


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """A settings file of the test's own, for MainWindow(settings=...)."""
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """The file of the root conftest's ``db`` fixture (a THCS school, no students)."""
    return tmp_path / "school.sqlite3"
