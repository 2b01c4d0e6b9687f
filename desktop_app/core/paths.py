"""Where the local database lives: ``--db`` beats ``SONGMAY_DB`` beats the user data folder; its
backups and its single-instance lock live beside it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP_NAME = "SongMay"
APP_AUTHOR = "SongVaMayTinhChoEm"
DB_ENV_VAR = "SONGMAY_DB"
DB_FILENAME = "songmay.sqlite3"
BACKUPS_DIRNAME = "backups"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def resolve_db_path(cli_value: str | None, environ: Mapping[str, str] = os.environ) -> Path:
    if cli_value:
        return Path(cli_value).expanduser()
    if environ.get(DB_ENV_VAR):
        return Path(environ[DB_ENV_VAR]).expanduser()
    return data_dir() / DB_FILENAME


def backups_dir(db_path: Path) -> Path:
    """Backups sit on the same PC as the file they copy, in ``backups/`` beside it (for the usual
    file, ``<data folder>/backups``). Another file in the same folder (``--db``, a district
    officer's several schools) gets a sub-folder of its own, so keeping the last N of one file
    never deletes the backups of another."""
    folder = Path(db_path).parent / BACKUPS_DIRNAME
    return folder if Path(db_path).name == DB_FILENAME else folder / Path(db_path).stem


def lock_path(db_path: Path) -> Path:
    """The file the running window holds locked (``songmay.sqlite3.lock``)."""
    return Path(db_path).with_name(Path(db_path).name + ".lock")
