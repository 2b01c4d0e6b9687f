"""A throwaway PostgreSQL cluster for the server tests: Debian's binaries, a temporary folder,
a Unix socket in it (no TCP port), trust authentication, fsync off (a test's data need not survive
a power cut). One cluster per test process; each test gets its own fresh database.

As root (CI containers), ``initdb`` and ``pg_ctl`` refuse to run: they run as the ``postgres``
system user (which the Debian package creates) through ``runuser``, in a folder it owns.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from glob import glob
from pathlib import Path

INSTALL_HINT = (
    "PostgreSQL's binaries are not installed (Debian/Ubuntu: apt-get install -y "
    "--no-install-recommends postgresql postgresql-client); the server tests' postgres params "
    "need them"
)


def binaries() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl, or None."""
    found = [Path(p).parent for p in glob("/usr/lib/postgresql/*/bin/initdb")]
    found = [d for d in found if (d / "pg_ctl").is_file()]
    if not found:
        initdb = shutil.which("initdb")
        return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None
    return max(found, key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0)


class Cluster:
    """``start()``, then ``new_database()`` for each test (a URL), ``stop()`` at the end."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="songmay-pg-"))
        self.data = self.root / "data"
        self.user = "postgres"
        self._as_postgres = os.name == "posix" and os.geteuid() == 0

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self._as_postgres else []
        done = subprocess.run(
            [*prefix, *command], capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {done.stdout}{done.stderr}")

    def start(self) -> None:
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        else:
            self.user = os.environ.get("USER") or "postgres"
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", self.user,
                  "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        options = (f"-k {self.root} -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
                   " -c full_page_writes=off -c max_connections=200")  # fmt: skip
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options,
                  "-l", str(self.root / "server.log"), "-w", "-t", "60", "start")  # fmt: skip

    def restart(self) -> None:
        """A fast restart: every open connection is cut, as when the database server restarts."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w",
                  "-l", str(self.root / "server.log"), "restart")  # fmt: skip

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@/{database}?host={self.root}"

    def new_database(self) -> str:
        import psycopg

        name = f"t_{uuid.uuid4().hex[:16]}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
