"""The operator's commands beside ``serve``: ``backup``.

``songmay-server backup --output FILE_OR_DIR`` copies the database while the server keeps running;
a folder gets a dated file name (for a daily timer). Which database kind, which tool: decided in
:func:`backup_database`, and only there.
"""

from __future__ import annotations

import argparse
import os
from datetime import UTC, datetime
from pathlib import Path

from sync.server.errors import ServerError
from sync.server.store import DB_ENV_VAR, resolve_db_path, sqlite_backup

PG_URLS = ("postgres://", "postgresql://")

EXIT_OK = 0


class BackupRefused(ServerError):
    status, exit_code, code = 503, 1, "backup_refused"


def _database_url(args: argparse.Namespace) -> str | None:
    named = os.environ.get(DB_ENV_VAR)
    if getattr(args, "data", None) is not None and not (named or "").startswith(PG_URLS):
        named = None  # --data names the SQLite file, unless the variable names PostgreSQL
    return getattr(args, "db", None) or named


def backup_target(output: Path, *, suffix: str = ".sqlite3") -> Path:
    """``output``, or a dated file inside it when it is a folder."""
    if output.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        return output / f"songmay-server-{stamp}{suffix}"
    return output


def backup_database(args: argparse.Namespace, output: Path) -> str:
    """Copy the database named by the command line to ``output``; what was written, in words."""
    url = _database_url(args) or ""
    if url.startswith(PG_URLS):
        from sync.server import pg_tools

        output = backup_target(output, suffix=".dump")
        size = pg_tools.pg_backup(url, output)
        return (
            f"Đã sao lưu cơ sở dữ liệu PostgreSQL ra {output} ({size / (1024 * 1024):.1f} MB, "
            "định dạng pg_dump, khôi phục bằng pg_restore)."
        )
    output = backup_target(output)
    source = resolve_db_path(db=getattr(args, "db", None), data_dir=getattr(args, "data", None))
    assert isinstance(source, Path)  # a PostgreSQL URL went the other way
    size = sqlite_backup(source, output)
    return (
        f"Đã sao lưu {source} ra {output} ({size / (1024 * 1024):.1f} MB, kiểm tra toàn vẹn: ok)."
    )


def cmd_backup(args: argparse.Namespace) -> int:
    print(backup_database(args, Path(args.output).expanduser()))
    return EXIT_OK
