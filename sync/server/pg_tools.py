"""PostgreSQL's side of the operator's jobs: a backup with ``pg_dump``.

``pg_backup(url, output)`` writes the whole database in pg_dump's custom format (restore with
``pg_restore --clean --dbname=…``): into a temporary file beside ``output``, readable by the
server's account only (0600), flushed to disk, then renamed over ``output`` — a backup cut short
never leaves a half file under the real name. The password never reaches the command line (other
accounts can read that): pg_dump gets it in its environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from glob import glob
from pathlib import Path

from sync.server.errors import ServerError
from sync.server.store import fsync_directory, without_password

PG_DUMP_TIMEOUT = 6 * 3600


class BackupFailed(ServerError):
    status, exit_code, code = 500, 1, "backup_failed"


def pg_dump_program() -> str | None:
    """The newest pg_dump: Debian's /usr/lib/postgresql/<version>/bin first (a pg_dump must be
    as new as the server), else the one on PATH."""
    found = glob("/usr/lib/postgresql/*/bin/pg_dump")
    if found:
        return max(found, key=lambda p: int(v) if (v := Path(p).parts[-3]).isdigit() else 0)
    return shutil.which("pg_dump")


def pg_backup(url: str, output: Path) -> int:
    """Dump the database at ``url`` to ``output`` (custom format, 0600); returns its size."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    program = pg_dump_program()
    if program is None:
        raise BackupFailed(
            "Không tìm thấy pg_dump: hãy cài gói postgresql-client. / pg_dump is not installed "
            "(Debian/Ubuntu: apt-get install postgresql-client)."
        )
    params = conninfo_to_dict(url)
    env = dict(os.environ)
    password = params.pop("password", None)
    if password is not None:
        env["PGPASSWORD"] = str(password)
    output = Path(output)
    temporary = output.with_name(f".{output.name}.partial")
    try:
        fd = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    except OSError as exc:
        raise BackupFailed(
            f"Không ghi được tệp sao lưu {output}: {exc.strerror}. / Cannot write the backup."
        ) from exc
    try:
        with os.fdopen(fd, "wb") as sink:
            done = subprocess.run(
                [program, "--format=custom", "--no-password",
                 f"--dbname={make_conninfo('', **params)}"],
                stdout=sink, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env,
                timeout=PG_DUMP_TIMEOUT, check=False,
            )  # fmt: skip
            sink.flush()
            os.fsync(sink.fileno())
        if done.returncode != 0:
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
            reason = lines[0].removeprefix("pg_dump: ").removeprefix("error: ") if lines else ""
            raise BackupFailed(
                f"pg_dump không sao lưu được cơ sở dữ liệu PostgreSQL {without_password(url)}: "
                f"{reason or done.returncode}. / pg_dump could not back up the database."
            )
        os.replace(temporary, output)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_directory(output.parent)
    return output.stat().st_size
