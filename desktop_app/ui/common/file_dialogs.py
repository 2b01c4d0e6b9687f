"""Where the file dialogs open: in the user's Documents folder the first time, afterwards in the
folder last used for the same purpose (remembered in QSettings), never in the program's folder
or the current directory (a relative name would land there).

    path = save_file_name(self, "reports", self.tr("Lưu tệp Excel"), "bao-cao.xlsx", filters)
    if not path:  # cancelled
        return

Every ``QFileDialog`` of the window goes through ``save_file_name`` / ``open_file_name``; they
return what ``QFileDialog.getSaveFileName``/``getOpenFileName`` return (the path, "" when the
clerk cancels), so they replace those calls one for one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

SETTINGS_GROUP = "dialogs/last_folder"  # + "/<purpose>": the folder last chosen for it


def documents_folder() -> Path:
    """The user's Documents folder (XDG ``Documents`` on Linux, "Tài liệu" on a Vietnamese
    Windows); the home folder when the system has none."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(location) if location else Path.home()
    return folder if folder.is_dir() else Path.home()


def _key(purpose: str) -> str:
    return f"{SETTINGS_GROUP}/{purpose}"


def start_folder(purpose: str, settings: QSettings | None = None) -> Path:
    """The folder last used for ``purpose`` if it still exists, else Documents."""
    store = settings if settings is not None else QSettings()
    remembered = str(store.value(_key(purpose), "") or "")
    if remembered and Path(remembered).is_absolute() and Path(remembered).is_dir():
        return Path(remembered)
    return documents_folder()


def remember_folder(purpose: str, path: str | Path, settings: QSettings | None = None) -> None:
    """Remember the folder of the file just chosen for ``purpose``."""
    folder = Path(path).parent
    if not folder.is_absolute():
        return
    store = settings if settings is not None else QSettings()
    store.setValue(_key(purpose), str(folder))
    store.sync()


def save_file_name(
    parent: QWidget | None,
    purpose: str,
    caption: str,
    file_name: str | Path,
    filters: str,
    settings: QSettings | None = None,
) -> str:
    """Ask where to save; ``file_name`` (only its name counts) is offered in the start folder.
    The chosen path, or "" when cancelled."""
    suggested = start_folder(purpose, settings) / Path(file_name).name
    path, _filter = QFileDialog.getSaveFileName(parent, caption, str(suggested), filters)
    if path:
        remember_folder(purpose, path, settings)
    return str(path)


def open_file_name(
    parent: QWidget | None,
    purpose: str,
    caption: str,
    filters: str,
    settings: QSettings | None = None,
) -> str:
    """Ask for a file to open, starting in the folder last used for ``purpose`` (or Documents).
    The chosen path, or "" when cancelled."""
    start = start_folder(purpose, settings)
    path, _filter = QFileDialog.getOpenFileName(parent, caption, str(start), filters)
    if path:
        remember_folder(purpose, path, settings)
    return str(path)
