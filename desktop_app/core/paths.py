"""Where the local database lives: ``--db`` beats ``SONGMAY_DB`` beats the user data folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP_NAME = "SongMay"
APP_AUTHOR = "SongVaMayTinhChoEm"
DB_ENV_VAR = "SONGMAY_DB"
DB_FILENAME = "songmay.sqlite3"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def resolve_db_path(cli_value: str | None, environ: Mapping[str, str] = os.environ) -> Path:
    if cli_value:
        return Path(cli_value).expanduser()
    if environ.get(DB_ENV_VAR):
        return Path(environ[DB_ENV_VAR]).expanduser()
    return data_dir() / DB_FILENAME
