"""The server's database: where it lives, its schema, and the only two ways to touch it.

Two backends behind one :class:`Store`: an SQLite file (the default, one office) or PostgreSQL
(``postgresql://…``, a province; psycopg 3, see :class:`PgConnection`). The same SQL runs on both:
``?`` placeholders, rows read as ``row["col"]`` or ``row[0]``, ``INSERT … RETURNING`` instead of
``lastrowid``, ``ON CONFLICT`` upserts, TEXT / INTEGER / REAL columns, booleans as 0/1, timestamps
as ISO text. Where the dialects differ, a helper here says it once (:func:`json_text`).

Every write goes through :meth:`Store.transaction` (SQLite: ``BEGIN IMMEDIATE``, writers queue
instead of failing half-way), on a connection opened for that one job — the HTTP thread pool, the
background worker and a command run beside ``serve`` never share a connection. On SQLite, WAL lets
readers work beside the writer; ``synchronous=FULL`` makes a commit survive a power cut before the
client hears 202 (PostgreSQL's default ``synchronous_commit=on`` does the same).
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import platformdirs

from sync.server.errors import BadRequest, ServerError
from sync.server.migrations import PG_MIGRATIONS, SQLITE_MIGRATIONS, pg_ddl

APP_NAME = "SongMayServer"
DB_FILENAME = "server.sqlite3"
DB_ENV_VAR = "SONGMAY_SERVER_DB"

# What a broken constraint raises, whatever the database (catch this, never sqlite3.*).
IntegrityError: tuple[type[Exception], ...] = (sqlite3.IntegrityError,)
# What a database may raise for a busy, locked or lost database (see is_busy).
OperationalError: tuple[type[Exception], ...] = (sqlite3.OperationalError,)
PG_SCHEMES = ("postgresql", "postgres")
PG_IDLE_CONNECTIONS = 16

try:  # PostgreSQL is optional (the 'server' extra): without psycopg, only SQLite
    import psycopg
    import psycopg.errors
except ImportError:  # pragma: no cover - the test and server extras install it
    psycopg = None  # type: ignore[assignment]
else:
    IntegrityError += (psycopg.IntegrityError,)
    OperationalError += (psycopg.OperationalError,)


def is_busy(exc: BaseException) -> bool:
    """The database is busy (locked past the wait, a conflict, no connection slot left): nothing
    was written, the client may retry later (503)."""
    if isinstance(exc, sqlite3.OperationalError):
        return getattr(exc, "sqlite_errorcode", None) in (
            sqlite3.SQLITE_BUSY,
            sqlite3.SQLITE_LOCKED,
        )
    if psycopg is not None and isinstance(exc, psycopg.OperationalError):
        # 40: a conflict to retry; 53: no connection slot; 55P03: lock not available; 57: the
        # server is shutting down or starting; none: the connection was lost (and is not kept).
        state = exc.sqlstate
        return state is None or state[:2] in ("40", "53", "57") or state == "55P03"
    return False


def is_connection_fault(exc: BaseException) -> bool:
    """PostgreSQL could not do the work (connection lost, server stopping, a conflict to retry,
    no slot left): a fault of the store, never of the data being written."""
    return psycopg is not None and isinstance(
        exc, psycopg.OperationalError | psycopg.InterfaceError
    )


class Cursor(Protocol):
    """What ``execute`` returns on both backends (a ``sqlite3.Cursor`` or a :class:`PgCursor`)."""

    @property
    def rowcount(self) -> int: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """One job's connection: a ``sqlite3.Connection`` or a :class:`PgConnection`."""

    @property
    def in_transaction(self) -> bool: ...
    def execute(self, sql: str, parameters: Any = (), /) -> Cursor: ...
    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Cursor: ...


def is_postgres(conn: Connection) -> bool:
    return isinstance(conn, PgConnection)


def json_text(conn: Connection, column: str, field: str) -> str:
    """SQL for the text of top-level ``field`` in the JSON text of ``column`` (NULL if absent).
    SQLite's value keeps its JSON type (compare it with strings only)."""
    if is_postgres(conn):
        return f"({column}::json ->> '{field}')"
    return f"json_extract({column}, '$.{field}')"


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def resolve_db_path(
    *, db: str | None = None, data_dir: str | Path | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Path | str:  # fmt: skip
    """``--db`` beats ``--data DIR`` beats ``SONGMAY_SERVER_DB`` beats the user data folder.

    A database may be named by a path or by a ``sqlite:///relative`` / ``sqlite:////absolute``
    URL (the convention of SQLAlchemy and most deployment tools): a :class:`Path`; or by a
    ``postgresql://…`` / ``postgres://…`` URL (libpq's), returned as it is.
    """
    if db:
        return _path_from(db)
    if data_dir is not None:
        return Path(data_dir).expanduser() / DB_FILENAME
    if environ.get(DB_ENV_VAR):
        return _path_from(environ[DB_ENV_VAR])
    return default_data_dir() / DB_FILENAME


def _path_from(value: str) -> Path | str:
    if "://" not in value:
        return Path(value).expanduser()
    scheme, _, rest = value.partition("://")
    if scheme in PG_SCHEMES:
        return value
    if scheme != "sqlite" or not rest.startswith("/") or rest == "/":
        raise BadRequest(
            f"Địa chỉ cơ sở dữ liệu không hợp lệ: {without_password(value)!r}. Máy chủ dùng "
            "SQLite (một đường dẫn tệp hoặc sqlite:///đường/dẫn) hoặc PostgreSQL "
            "(postgresql://…). / Use an SQLite file path or sqlite:///path, or a postgresql:// URL.",
            code="bad_database_url",
        )
    return Path(rest[1:]).expanduser()


def without_password(url: str) -> str:
    """The URL to show an operator: never its password."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.partition("://")[0] + "://…"
    if parts.password is None:
        return url
    netloc = parts.netloc.rpartition("@")[2]
    return parts._replace(netloc=f"{parts.username}:***@{netloc}").geturl()


class StoreUnavailable(ServerError):
    """The database file cannot be opened or written."""

    status, exit_code, code = 503, 1, "store_unavailable"


class Store:
    """The database at ``location`` (a path: SQLite; a ``postgresql://`` URL: PostgreSQL); cheap
    to create (nothing is opened until first use).

    ``data_dir`` holds the server's own files (its package key): by default the SQLite file's
    folder, or the user data folder beside PostgreSQL.
    """

    def __init__(self, location: Path | str, *, data_dir: Path | None = None) -> None:
        if isinstance(location, str) and location.partition("://")[0] in PG_SCHEMES:
            self.url: str | None = location
            self.path = Path(data_dir or default_data_dir()) / "postgresql"  # no file: a name
        else:
            self.url = None
            self.path = Path(location)
        self.data_dir = Path(data_dir) if data_dir is not None else self.path.parent
        self._idle: list[PgConnection] = []  # PostgreSQL: connections kept for the next job
        self._idle_lock = threading.Lock()

    @property
    def postgres(self) -> bool:
        return self.url is not None

    def describe(self) -> str:
        """Where the data is, for an operator (a PostgreSQL URL without its password)."""
        return without_password(self.url) if self.url else str(self.path)

    def exists(self) -> bool:
        """Whether a server's database is already here (a command that does not create one
        refuses a mistyped ``--data``/``--db`` instead of making an empty one)."""
        if self.url is None:
            return self.path.is_file() and self.path.stat().st_size > 0
        with self.connect() as conn:
            return (
                conn.execute(
                    "SELECT 1 FROM information_schema.tables WHERE table_name = 'schema_version'"
                    " AND table_schema = current_schema()"
                ).fetchone()
                is not None
            )

    def initialize(self) -> None:
        """Create the database and bring its schema up to date (safe to call any number of
        times, and by several processes at once)."""
        if self.url is not None:
            self._initialize_postgres()
        else:
            self._initialize_sqlite()
        from sync.server.keys import server_key  # the package key lives in the data folder

        server_key(self.data_dir)

    def _initialize_sqlite(self) -> None:
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            # The schools' data: readable by the server's account only (SQLite would create the
            # file 0644, and its -wal and -shm take the file's mode).
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            if os.name == "posix":
                os.chmod(self.path, 0o600)
        except OSError as exc:
            raise StoreUnavailable(
                f"Không tạo được thư mục dữ liệu {self.path.parent}: {exc.strerror}."
            ) from exc
        with self.transaction() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for number, statements in enumerate(SQLITE_MIGRATIONS[version:], start=version + 1):
                for statement in statements:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")

    def _initialize_postgres(self) -> None:
        try:
            self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(
                f"Không tạo được thư mục dữ liệu {self.data_dir}: {exc.strerror}."
            ) from exc
        with self.transaction() as conn:
            # One initializer at a time (a command run beside serve): the others wait here.
            conn.execute("SELECT pg_advisory_xact_lock(5916)")
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")
            row = conn.execute("SELECT max(version) AS version FROM schema_version").fetchone()
            version = row["version"] or 0
            for number, statements in enumerate(PG_MIGRATIONS[version:], start=version + 1):
                for statement in statements:
                    conn.execute(pg_ddl(statement))
                conn.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for this job only, in autocommit mode (transactions are explicit)."""
        if self.url is not None:
            with self._pg_connection() as pg:
                yield pg
            return
        try:
            conn = sqlite3.connect(
                str(self.path), timeout=30, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA secure_delete=ON")  # a school's erasure leaves no old bytes
        except sqlite3.Error as exc:
            raise StoreUnavailable(
                f"Không mở được tệp dữ liệu {self.path}: {exc}. / Cannot open the database."
            ) from exc
        conn.row_factory = sqlite3.Row
        with closing(conn):
            yield conn

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction: all of it is committed, or none of it."""
        with self.connect() as conn:
            conn.execute("BEGIN" if self.postgres else "BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:  # SQLite may already have rolled back (disk full)
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """Several reads that see one consistent state of the database."""
        with self.connect() as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ" if self.postgres else "BEGIN")
            try:
                yield conn
            finally:
                conn.execute("ROLLBACK")

    @contextmanager
    def _pg_connection(self) -> Iterator[PgConnection]:
        """A connection no other job uses meanwhile; one left clean goes back to the idle ones
        (a new connection costs PostgreSQL a process and 10 ms or more)."""
        assert self.url is not None
        with self._idle_lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = _pg_connect(self.url)
        try:
            yield conn
        finally:
            raw = conn.raw
            reuse = not (raw.closed or raw.broken or conn.in_transaction)
            if reuse:
                with self._idle_lock:
                    reuse = len(self._idle) < PG_IDLE_CONNECTIONS
                    if reuse:
                        self._idle.append(conn)
            if not reuse:
                raw.close()

    def close(self) -> None:
        """Close the connections kept for later (PostgreSQL); the store stays usable."""
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.raw.close()

    def checkpoint(self) -> None:
        """After an erasure: SQLite's WAL still holds the old values' page images until it is
        emptied. (PostgreSQL: nothing to do here; its old row versions go with VACUUM.)"""
        if not self.postgres:
            with self.connect() as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# PostgreSQL -------------------------------------------------------------------------------------


class PgRow(tuple[Any, ...]):
    """A row read as ``row["col"]``, ``row[0]``, unpacked, or ``dict(row)`` — like sqlite3.Row."""

    _names: dict[str, int]

    def __new__(cls, values: Sequence[Any], names: dict[str, int]) -> PgRow:
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return super().__getitem__(self._names[key])
        return super().__getitem__(key)

    def keys(self) -> list[str]:
        return list(self._names)


class PgCursor:
    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    @property
    def rowcount(self) -> int:
        return int(self._cursor.rowcount)

    def fetchone(self) -> Any:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[Any]:
        return list(self._cursor.fetchall()) if self._cursor.description else []

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class PgConnection:
    """A psycopg connection that speaks the store's SQL: ``?`` placeholders (translated by
    :func:`pg_sql`), rows as :class:`PgRow`, ``in_transaction`` like sqlite3."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    @property
    def in_transaction(self) -> bool:
        return bool(self.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE)

    def execute(self, sql: str, parameters: Any = (), /) -> PgCursor:
        cursor = self.raw.cursor()
        cursor.execute(pg_sql(sql), tuple(parameters))
        return PgCursor(cursor)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> PgCursor:
        cursor = self.raw.cursor()
        cursor.executemany(pg_sql(sql), [tuple(p) for p in parameters])
        return PgCursor(cursor)


def _pg_rows(cursor: Any) -> Any:
    names = {column.name: index for index, column in enumerate(cursor.description or ())}

    def make(values: Sequence[Any]) -> PgRow:
        return PgRow(values, names)

    return make


def _pg_connect(url: str) -> PgConnection:
    if psycopg is None:  # pragma: no cover
        raise StoreUnavailable(
            "Thiếu thư viện psycopg để dùng PostgreSQL: pip install 'psycopg[binary]'. / "
            "PostgreSQL needs psycopg.",
            code="store_unavailable",
        )
    try:
        # Server-side binding: a statement run 5 times is prepared (its plan kept); a parameter's
        # type must be one PostgreSQL can infer (write ``CAST(? AS TEXT) IS NULL``, not ``? IS
        # NULL``).
        raw = psycopg.connect(url, autocommit=True, row_factory=_pg_rows, connect_timeout=30)
    except psycopg.Error as exc:
        vi, en = connect_failure(exc)
        raise StoreUnavailable(
            f"Không kết nối được cơ sở dữ liệu {without_password(url)}: {vi}. / Cannot connect "
            f"to the database: {en}.",
        ) from exc
    return PgConnection(raw)


_QUOTED = re.compile(r'"([^"]{1,128})"')
_FAILED_AT = re.compile(r'connection to server (?:at "([^"]+)", port (\d+)|on socket "([^"]+)")')


def connect_failure(exc: BaseException) -> tuple[str, str]:
    """Why PostgreSQL refused a connection, in (Vietnamese, English): from the SQLSTATE when
    libpq has one, else from its message (which never holds the password). Names only: the
    database, the role, the host or socket."""
    text = str(exc)
    state = getattr(exc, "sqlstate", None)
    last = text.rsplit("FATAL:", 1)[-1]
    quoted = _QUOTED.search(last)
    name = quoted.group(1) if quoted else "?"
    place = _FAILED_AT.search(text)
    where = (
        (f"{place.group(1)}:{place.group(2)}" if place.group(1) else place.group(3))
        if place
        else "?"
    )
    if state == "3D000" or ("database" in last and "does not exist" in last):
        return (
            f"chưa có cơ sở dữ liệu «{name}» trên máy chủ PostgreSQL (hãy tạo bằng createdb)",
            f"database {name!r} does not exist",
        )
    if state == "28P01" or "password authentication failed" in text:
        name = _QUOTED.search(text.rsplit("for user", 1)[-1])
        user = name.group(1) if name else "?"
        return (
            f"sai mật khẩu hoặc tài khoản «{user}» không được đăng nhập",
            f"password authentication failed for role {user!r}",
        )
    if "pg_hba.conf" in text:
        return (
            "máy chủ PostgreSQL không cho phép kết nối này (xem pg_hba.conf)",
            "no pg_hba.conf entry allows this connection",
        )
    if state == "28000" or ("role" in last and "does not exist" in last):
        return (
            f"không có tài khoản (role) «{name}» trên máy chủ PostgreSQL",
            f"role {name!r} does not exist",
        )
    if "Connection refused" in text:
        return (
            f"máy chủ PostgreSQL ở {where} từ chối kết nối (chưa chạy, hay sai cổng)",
            f"connection refused at {where}",
        )
    if "No such file or directory" in text and place and place.group(3):
        return (
            f"không có socket {where} (PostgreSQL chưa chạy, hay sai thư mục socket)",
            f"no such socket {where}",
        )
    if "resolve host" in text or "translate host name" in text:
        quoted = re.search(r"host(?: name)? [\"']([^\"']{1,253})[\"']", text)
        host = quoted.group(1) if quoted else "?"
        return f"không tìm thấy máy «{host}»", f"unknown host {host!r}"
    if "timeout expired" in text:
        return "hết thời gian chờ kết nối", "the connection timed out"
    if state == "53300" or "too many" in text:
        return "máy chủ PostgreSQL đã đủ số kết nối", "too many connections"
    return "lỗi kết nối", "connection failed"


@lru_cache(maxsize=512)
def pg_sql(sql: str) -> str:
    """The store's SQL for psycopg: each ``?`` outside a quoted string or name becomes ``%s``,
    and every ``%`` becomes ``%%`` (psycopg reads ``%`` everywhere)."""
    out: list[str] = []
    quote: str | None = None
    for char in sql:
        if quote is not None:
            if char == quote:
                quote = None  # a doubled quote ('') closes and reopens: the same result
        elif char in "'\"":
            quote = char
        elif char == "?":
            out.append("%s")
            continue
        out.append("%%" if char == "%" else char)
    return "".join(out)


def sqlite_backup(source: Path, output: Path) -> int:
    """An online, consistent copy of the SQLite file ``source`` at ``output`` (0600), written
    atomically: a copy that fails ``integrity_check`` never replaces anything. Returns its size.

    The backup API copies one snapshot in a single step: under WAL the server keeps writing
    meanwhile, and the copy is the database as of one commit.
    """
    if not source.is_file():
        raise StoreUnavailable(
            f"Không có tệp dữ liệu {source} để sao lưu. / No database file at that path."
        )
    temporary = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    try:
        with (
            closing(sqlite3.connect(str(source), timeout=30)) as src,
            closing(sqlite3.connect(str(temporary), isolation_level=None)) as copy,
        ):
            src.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            raise StoreUnavailable(
                f"Bản sao không đạt kiểm tra toàn vẹn ({verdict}); chưa ghi {output}. / The copy "
                "failed its integrity check; nothing written."
            )
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, output)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_directory(output.parent)
    return output.stat().st_size


def fsync_directory(folder: Path) -> None:
    """Make a rename in ``folder`` survive a power cut (POSIX; Windows has no such call)."""
    if os.name == "posix":
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
