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

EXIT_OK = 0


class BackupRefused(ServerError):
    status, exit_code, code = 503, 1, "backup_refused"


def _database_url(args: argparse.Namespace) -> str | None:
    return getattr(args, "db", None) or (
        None if getattr(args, "data", None) is not None else os.environ.get(DB_ENV_VAR)
    )


def backup_target(output: Path) -> Path:
    """``output``, or a dated file inside it when it is a folder."""
    if output.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        return output / f"songmay-server-{stamp}.sqlite3"
    return output


def backup_database(args: argparse.Namespace, output: Path) -> str:
    """Copy the database named by the command line to ``output``; what was written, in words."""
    url = _database_url(args) or ""
    if url.startswith(("postgres://", "postgresql://")):
        try:
            from sync.server import pg_tools  # type: ignore[attr-defined,unused-ignore]
        except ImportError:
            raise BackupRefused(
                "Máy chủ này chưa sao lưu được cơ sở dữ liệu PostgreSQL; hãy dùng pg_dump. / "
                "PostgreSQL backups are not wired yet; use pg_dump."
            ) from None
        pg_tools.pg_backup(url, output)
        return f"Đã sao lưu cơ sở dữ liệu PostgreSQL ra {output}."
    source = resolve_db_path(db=getattr(args, "db", None), data_dir=getattr(args, "data", None))
    size = sqlite_backup(source, output)
    return (
        f"Đã sao lưu {source} ra {output} ({size / (1024 * 1024):.1f} MB, kiểm tra toàn vẹn: ok)."
    )


def cmd_backup(args: argparse.Namespace) -> int:
    output = backup_target(Path(args.output).expanduser())
    print(backup_database(args, output))
    return EXIT_OK
