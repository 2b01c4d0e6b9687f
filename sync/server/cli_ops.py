"""The operator's commands beside ``serve``: ``backup``.

``songmay-server backup --output FILE_OR_DIR`` copies the database while the server keeps running;
a folder gets a dated file name (for a daily timer: to the second, never overwriting one); the
folder must exist. A PostgreSQL dump named ``.sqlite3`` is renamed ``.dump`` (and says so). Which database kind, which tool: decided in
:func:`backup_database`, and only there.
"""

from __future__ import annotations

import argparse
import os
from datetime import UTC, datetime
from pathlib import Path

from sync.server.errors import BadRequest, ServerError
from sync.server.store import DB_ENV_VAR, StoreUnavailable, resolve_db_path, sqlite_backup

PG_URLS = ("postgres://", "postgresql://")

EXIT_OK = 0


class BackupRefused(ServerError):
    status, exit_code, code = 503, 1, "backup_refused"


def _database_url(args: argparse.Namespace) -> str | None:
    named = os.environ.get(DB_ENV_VAR)
    if getattr(args, "data", None) is not None and not (named or "").startswith(PG_URLS):
        named = None  # --data names the SQLite file, unless the variable names PostgreSQL
    return getattr(args, "db", None) or named


SQLITE_SUFFIXES = (".sqlite3", ".sqlite", ".db")


def backup_target(output: Path, *, suffix: str = ".sqlite3") -> Path:
    """``output``, or a dated file inside it when it is a folder: the time to the second, and a
    counter when that name is taken (a backup never overwrites another). The dated file is made
    empty here (no other backup can take the name); the copy replaces it."""
    if not output.is_dir():
        return output
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    for counter in range(1, 1000):
        name = f"songmay-server-{stamp}{'' if counter == 1 else f'-{counter}'}{suffix}"
        try:
            os.close(os.open(output / name, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            continue
        return output / name
    raise BadRequest(
        f"Thư mục {output} đã có quá nhiều bản sao lưu cùng giây này. / Too many backups in "
        "that folder within one second."
    )


def check_output(output: Path, given: str) -> None:
    """The folder the backup goes into must exist: say so, naming it (not a temp file's errno)."""
    folder = output if given.endswith(("/", os.sep)) else output.parent
    if not output.is_dir() and not folder.is_dir():
        raise BadRequest(
            f"Không có thư mục {folder}: hãy tạo thư mục đó trước (mkdir -p) hoặc chọn thư mục "
            f"khác cho --output. / The folder {folder} does not exist.",
            code="backup_folder_missing",
        )


def human_size(size: int) -> str:
    """1.2 MB, or 340 KB under a megabyte (a fresh database is a few KB, not 0.0 MB)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def backup_database(args: argparse.Namespace, output: Path, given: str | None = None) -> str:
    """Copy the database named by the command line to ``output``; what was written, in words."""
    check_output(output, str(output) if given is None else given)
    url = _database_url(args) or ""
    if url.startswith(PG_URLS):
        from sync.server import pg_tools

        renamed = ""
        if not output.is_dir() and output.suffix.lower() in SQLITE_SUFFIXES:
            # pg_dump's format is no SQLite file: a .sqlite3 name would mislead whoever restores.
            renamed = (
                f" (tên {output.name} đổi thành .dump vì đây là bản pg_dump, không phải tệp SQLite)"
            )
            output = output.with_suffix(".dump")
        dated = output.is_dir()
        output = backup_target(output, suffix=".dump")
        try:
            size = pg_tools.pg_backup(url, output)
        except BaseException:
            if dated:
                output.unlink(missing_ok=True)
            raise
        return (
            f"Đã sao lưu cơ sở dữ liệu PostgreSQL ra {output}{renamed} ({human_size(size)}, "
            "định dạng pg_dump, khôi phục bằng pg_restore)."
        )
    source = resolve_db_path(db=getattr(args, "db", None), data_dir=getattr(args, "data", None))
    assert isinstance(source, Path)  # a PostgreSQL URL went the other way
    if not source.is_file():
        raise StoreUnavailable(
            f"Không có tệp dữ liệu {source} để sao lưu. / No database file at that path."
        )
    dated = output.is_dir()
    output = backup_target(output)
    try:
        size = sqlite_backup(source, output)
    except BaseException:
        if dated:
            output.unlink(missing_ok=True)
        raise
    return f"Đã sao lưu {source} ra {output} ({human_size(size)}, kiểm tra toàn vẹn: ok)."


def cmd_backup(args: argparse.Namespace) -> int:
    print(backup_database(args, Path(args.output).expanduser(), args.output))
    return EXIT_OK
