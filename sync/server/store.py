"""The server's SQLite file: where it lives, its schema, and the only two ways to touch it.

Every write goes through :meth:`Store.transaction` (``BEGIN IMMEDIATE``: writers queue instead of
failing half-way), on a connection opened for that one job — the HTTP thread pool, the background
worker and a command run beside ``serve`` never share a connection. WAL lets readers work beside
the writer; ``synchronous=FULL`` makes a commit survive a power cut before the client hears 202.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from sync.protocol import SCHOOL_ONLY_FIELDS, SENT_FIELDS, STUDENT_WITHOUT_CONSENT
from sync.server.errors import BadRequest, ServerError

APP_NAME = "SongMayServer"
DB_FILENAME = "server.sqlite3"
DB_ENV_VAR = "SONGMAY_SERVER_DB"

# What a broken constraint raises, whatever the database (catch this, never sqlite3.*).
IntegrityError: tuple[type[Exception], ...] = (sqlite3.IntegrityError,)


def _forget_school_only_fields() -> list[str]:
    statements = []
    for entity, fields in SCHOOL_ONLY_FIELDS.items():
        if not fields:
            continue
        record = ", ".join(f"'$.{name}'" for name in fields)
        change = ", ".join(f"'$.data.{name}'" for name in fields)
        statements += [
            f"UPDATE records SET data = json_remove(data, {record}) WHERE entity = '{entity}'",
            f"UPDATE submission_changes SET change = json_remove(change, {change})"
            f" WHERE json_extract(change, '$.entity') = '{entity}'",
        ]
    consented = [f for f in SENT_FIELDS["student"] if f not in STUDENT_WITHOUT_CONSENT]
    record = ", ".join(f"'$.{name}'" for name in consented)
    change = ", ".join(f"'$.data.{name}'" for name in consented)
    return [
        *statements,
        f"UPDATE records SET data = json_remove(data, {record}) WHERE entity = 'student'"
        " AND coalesce(json_extract(data, '$.consent_date'), '') = ''",
        f"UPDATE submission_changes SET change = json_remove(change, {change})"
        " WHERE json_extract(change, '$.entity') = 'student'"
        " AND coalesce(json_extract(change, '$.data.consent_date'), '') = ''",
    ]


_SUBMISSIONS_PER_SCHOOL = [
    "PRAGMA defer_foreign_keys = ON",
    "CREATE TABLE v5_submissions AS SELECT * FROM submissions",
    "CREATE TABLE v5_sequence AS SELECT seq FROM sqlite_sequence WHERE name = 'submissions'",
    "CREATE INDEX v5_applied_changes_seq ON applied_changes(submission_seq)",
    "DROP TABLE submissions",
    """CREATE TABLE submissions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        submission_id TEXT NOT NULL,
        school_code TEXT NOT NULL REFERENCES schools(code),
        idempotency_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        client_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        received_at TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('http', 'package')),
        status TEXT NOT NULL DEFAULT 'received'
            CHECK (status IN ('received', 'processing', 'done')),
        response TEXT NOT NULL,
        processed_at TEXT,
        UNIQUE (school_code, idempotency_key),
        UNIQUE (school_code, submission_id)
    )""",
    "INSERT INTO submissions (seq, submission_id, school_code, idempotency_key, fingerprint,"
    " client_id, created_at, received_at, source, status, response, processed_at)"
    " SELECT seq, submission_id, school_code, idempotency_key, fingerprint, client_id,"
    " created_at, received_at, source, status, response, processed_at FROM v5_submissions"
    " ORDER BY seq",
    # The counter as it was (it may be past the last row left), so no seq is ever reused.
    "UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM v5_sequence)"
    " WHERE name = 'submissions' AND seq < (SELECT max(seq) FROM v5_sequence)",
    "INSERT INTO sqlite_sequence (name, seq) SELECT 'submissions', max(seq) FROM v5_sequence"
    " WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'submissions')"
    " HAVING max(seq) IS NOT NULL",
    "CREATE INDEX submissions_pending ON submissions(seq) WHERE status <> 'done'",
    "DROP INDEX v5_applied_changes_seq",
    "DROP TABLE v5_submissions",
    "DROP TABLE v5_sequence",
]

# Each entry is one schema version (PRAGMA user_version); never edit a released one — append.
_MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE schools (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE users (
            school_code TEXT NOT NULL REFERENCES schools(code),
            username TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (school_code, username)
        )""",
        # Only a hash of each token is kept: a copy of this file does not let anyone log in.
        """CREATE TABLE tokens (
            token_hash TEXT PRIMARY KEY,
            school_code TEXT NOT NULL REFERENCES schools(code),
            username TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            expires_at REAL NOT NULL
        )""",
        "CREATE INDEX tokens_user ON tokens(school_code, username)",
        # One row per accepted upload. seq is the processing order; the (school, key) pair is
        # the idempotency record, bound to the body's fingerprint and the answer first given.
        """CREATE TABLE submissions (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            submission_id TEXT NOT NULL UNIQUE,
            school_code TEXT NOT NULL REFERENCES schools(code),
            idempotency_key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            client_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            received_at TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('http', 'package')),
            status TEXT NOT NULL DEFAULT 'received'
                CHECK (status IN ('received', 'processing', 'done')),
            response TEXT NOT NULL,
            processed_at TEXT,
            UNIQUE (school_code, idempotency_key)
        )""",
        "CREATE INDEX submissions_pending ON submissions(seq) WHERE status <> 'done'",
        """CREATE TABLE submission_changes (
            submission_seq INTEGER NOT NULL REFERENCES submissions(seq),
            position INTEGER NOT NULL,
            change_id TEXT NOT NULL,
            change TEXT NOT NULL,
            PRIMARY KEY (submission_seq, position)
        )""",
        """CREATE TABLE results (
            submission_seq INTEGER NOT NULL REFERENCES submissions(seq),
            position INTEGER NOT NULL,
            change_id TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected', 'duplicate')),
            code TEXT,
            message TEXT,
            PRIMARY KEY (submission_seq, position)
        )""",
        # A change_id is applied at most once per school: this table is that promise.
        """CREATE TABLE applied_changes (
            school_code TEXT NOT NULL,
            change_id TEXT NOT NULL,
            submission_seq INTEGER NOT NULL REFERENCES submissions(seq),
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            applied_at TEXT NOT NULL,
            PRIMARY KEY (school_code, change_id)
        )""",
        """CREATE TABLE records (
            school_code TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            data TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            change_id TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (school_code, entity, entity_id)
        )""",
        "CREATE INDEX records_student_code ON records(school_code, json_extract(data, '$.code'))"
        " WHERE entity = 'student'",
        "CREATE INDEX records_need_student"
        " ON records(school_code, json_extract(data, '$.student_id')) WHERE entity = 'need'",
        # The district's review decisions; the cursor is what a school's client pulls from.
        """CREATE TABLE decisions (
            cursor INTEGER PRIMARY KEY AUTOINCREMENT,
            school_code TEXT NOT NULL REFERENCES schools(code),
            student_code TEXT NOT NULL,
            student_id TEXT NOT NULL,
            need_id TEXT,
            decision TEXT NOT NULL CHECK (decision IN ('approved', 'returned')),
            comment TEXT,
            decided_at TEXT NOT NULL,
            reviewer TEXT NOT NULL
        )""",
        "CREATE INDEX decisions_school ON decisions(school_code, cursor)",
    ],
    [
        # Each school's Ed25519 public key, which signs its USB packages (one key per school; a
        # new one replaces it), and the trail of every registration.
        """CREATE TABLE school_keys (
            school_code TEXT PRIMARY KEY REFERENCES schools(code),
            public_key TEXT NOT NULL,
            key_id TEXT NOT NULL,
            client_id TEXT,
            source TEXT NOT NULL CHECK (source IN ('login', 'operator')),
            registered_by TEXT NOT NULL,
            registered_at TEXT NOT NULL
        )""",
        "CREATE INDEX school_keys_id ON school_keys(key_id)",
        """CREATE TABLE key_registrations (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            school_code TEXT NOT NULL REFERENCES schools(code),
            key_id TEXT NOT NULL,
            previous_key_id TEXT,
            client_id TEXT,
            source TEXT NOT NULL,
            registered_by TEXT NOT NULL,
            registered_at TEXT NOT NULL
        )""",
    ],
    # Data stored before minimisation (issue 14): what the school keeps to itself is dropped
    # from every stored record and every stored raw change, and a student without a recorded
    # consent keeps no name or birth date here (see sync/protocol.py).
    _forget_school_only_fields(),
    # v4 (intake): a submission that fails while being applied is set aside with its reason
    # (its changes answered rejected "set_aside"), so the worker moves on; retried by the
    # operator (songmay-server set-aside retry). The retries table keeps the attempts made and
    # who asked for the last one, as the set_aside row goes while a retry is under way.
    [
        """CREATE TABLE IF NOT EXISTS set_aside (
            submission_seq INTEGER PRIMARY KEY REFERENCES submissions(seq),
            reason TEXT NOT NULL,
            set_aside_at TEXT NOT NULL,
            attempts INTEGER NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS set_aside_retries (
            submission_seq INTEGER PRIMARY KEY REFERENCES submissions(seq),
            attempts INTEGER NOT NULL,
            retried_at TEXT NOT NULL,
            retried_by TEXT NOT NULL
        )""",
    ],
    # v5 (ids): a submission_id is unique per school, not across schools (issue 16): one school
    # can no longer take an id another school's client minted, nor learn which ids exist.
    # SQLite cannot drop a column's UNIQUE, so the table is rebuilt under the same name, keeping
    # every seq (the processing order, referenced by submission_changes, results and
    # applied_changes) and its AUTOINCREMENT counter. foreign_keys is ON in the migration's
    # transaction and cannot be turned off there: the checks are deferred to the commit, the
    # drop counts the children it orphans and the re-insert of their parents counts them back
    # (a temporary index keeps that a lookup per row in applied_changes, not a scan).
    # PostgreSQL needs none of this: ALTER TABLE submissions DROP CONSTRAINT
    # submissions_submission_id_key, ADD CONSTRAINT submissions_school_submission_id
    # UNIQUE (school_code, submission_id).
    _SUBMISSIONS_PER_SCHOOL,
    # v6 (accounts): units, schools' unit and disabled flag, staff users and their sessions,
    # login lockouts that survive a restart, and the audit trail.
    [
        """CREATE TABLE units (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('province', 'district')),
            parent_code TEXT REFERENCES units(code),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "ALTER TABLE schools ADD COLUMN unit_code TEXT REFERENCES units(code)",
        "ALTER TABLE schools ADD COLUMN level TEXT",
        "ALTER TABLE schools ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0",
        """CREATE TABLE staff (
            username TEXT PRIMARY KEY,
            full_name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('reviewer', 'statistician', 'health', 'admin')),
            unit_code TEXT NOT NULL REFERENCES units(code),
            level TEXT CHECK (level IN ('TH', 'THCS', 'THPT')),
            password_hash TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE staff_tokens (
            token_hash TEXT PRIMARY KEY,
            username TEXT NOT NULL REFERENCES staff(username),
            issued_at TEXT NOT NULL,
            expires_at REAL NOT NULL
        )""",
        "CREATE INDEX staff_tokens_user ON staff_tokens(username)",
        # One row per account with recent failed logins ('school:CODE/USER', 'staff:USER').
        """CREATE TABLE login_locks (
            account TEXT PRIMARY KEY,
            failures INTEGER NOT NULL,
            window_start REAL NOT NULL,
            lock_level INTEGER NOT NULL,
            locked_until REAL NOT NULL,
            updated_at REAL NOT NULL
        )""",
        # Never passwords, tokens or children's names: who did what to what, and how it went.
        """CREATE TABLE audit (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            actor_kind TEXT NOT NULL CHECK (actor_kind IN ('school', 'staff', 'operator')),
            action TEXT NOT NULL,
            target TEXT,
            unit_code TEXT,
            outcome TEXT NOT NULL,
            client_address TEXT
        )""",
        "CREATE INDEX audit_at ON audit(at)",
    ],
]


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def resolve_db_path(
    *, db: str | None = None, data_dir: str | Path | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Path:  # fmt: skip
    """``--db`` beats ``--data DIR`` beats ``SONGMAY_SERVER_DB`` beats the user data folder.

    A database may be named by a path or by a ``sqlite:///relative`` / ``sqlite:////absolute``
    URL (the convention of SQLAlchemy and most deployment tools).
    """
    if db:
        return _path_from(db)
    if data_dir is not None:
        return Path(data_dir).expanduser() / DB_FILENAME
    if environ.get(DB_ENV_VAR):
        return _path_from(environ[DB_ENV_VAR])
    return default_data_dir() / DB_FILENAME


def _path_from(value: str) -> Path:
    if "://" not in value:
        return Path(value).expanduser()
    scheme, _, rest = value.partition("://")
    if scheme != "sqlite" or not rest.startswith("/") or rest == "/":
        raise BadRequest(
            f"Địa chỉ cơ sở dữ liệu không hợp lệ: {value!r}. Máy chủ chỉ dùng SQLite: một đường dẫn "
            "tệp hoặc sqlite:///đường/dẫn. / Only SQLite is supported: a file path or "
            "sqlite:///path.",
            code="bad_database_url",
        )
    return Path(rest[1:]).expanduser()


class StoreUnavailable(ServerError):
    """The database file cannot be opened or written."""

    status, exit_code, code = 503, 1, "store_unavailable"


class Store:
    """The database at ``path``; cheap to create (nothing is opened until first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def initialize(self) -> None:
        """Create the file and bring its schema up to date (safe to call any number of times)."""
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
            for number, statements in enumerate(_MIGRATIONS[version:], start=version + 1):
                for statement in statements:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
        from sync.server.keys import server_key  # the package key lives beside the database

        server_key(self.path.parent)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection for this job only, in autocommit mode (transactions are explicit)."""
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
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is committed, or none of it."""
        with self.connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:  # SQLite may already have rolled back (disk full)
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """Several reads that see one consistent state of the file."""
        with self.connect() as conn:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("ROLLBACK")


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
    if os.name == "posix":
        directory = os.open(output.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    return output.stat().st_size
