"""The server database's schema, version by version, for both backends.

``SQLITE_MIGRATIONS[n - 1]`` brings a database from version n-1 to n (SQLite's ``PRAGMA
user_version``); ``PG_MIGRATIONS`` is the same list for PostgreSQL (its ``schema_version`` table),
of the same length: where the SQL is portable (the rules in ``store``'s docstring) the same
statements run through :func:`pg_ddl`; where it is not, PostgreSQL has its own entry. Never edit a
released version — append.
"""

from __future__ import annotations

import re

from sync.protocol import SCHOOL_ONLY_FIELDS, SENT_FIELDS, STUDENT_WITHOUT_CONSENT


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
SQLITE_MIGRATIONS: list[list[str]] = [
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
    # v7 (console): what the district console reads without parsing every record on each page:
    # each school's figures, batches and need counts, refreshed by the transaction that changes
    # them (sync/server/console/board.py); the need version a decision was made on (a later
    # change from the school reopens that student); "chốt duyệt" per school and round; and the
    # console's sessions (only a hash of each cookie is kept).
    [
        "ALTER TABLE decisions ADD COLUMN need_version INTEGER",
        "ALTER TABLE decisions ADD COLUMN survey_round TEXT",
        "CREATE INDEX decisions_need ON decisions(school_code, need_id, cursor)",
        "CREATE INDEX submissions_school_seq ON submissions(school_code, seq)",
        """CREATE TABLE review_locks (
            school_code TEXT NOT NULL REFERENCES schools(code),
            survey_round TEXT NOT NULL,
            locked_at TEXT NOT NULL,
            locked_by TEXT NOT NULL,
            PRIMARY KEY (school_code, survey_round)
        )""",
        """CREATE TABLE school_board (
            school_code TEXT PRIMARY KEY REFERENCES schools(code),
            students INTEGER NOT NULL,
            needs INTEGER NOT NULL,
            approved INTEGER NOT NULL,
            returned INTEGER NOT NULL,
            waiting INTEGER NOT NULL,
            reopened INTEGER NOT NULL,
            devices INTEGER NOT NULL,
            handed_over INTEGER NOT NULL,
            late_updates INTEGER NOT NULL,
            oldest_unhanded_receipt TEXT,
            last_sync_at TEXT,
            last_sync_source TEXT,
            refreshed_at TEXT NOT NULL
        )""",
        """CREATE TABLE board_batches (
            school_code TEXT NOT NULL REFERENCES schools(code),
            batch_id TEXT NOT NULL,
            batch_code TEXT,
            source TEXT,
            donor TEXT,
            received_date TEXT,
            devices INTEGER NOT NULL,
            handed_over INTEGER NOT NULL,
            handed_within_5 INTEGER NOT NULL,
            handed_within_7 INTEGER NOT NULL,
            last_handover TEXT,
            PRIMARY KEY (school_code, batch_id)
        )""",
        """CREATE TABLE board_need_counts (
            school_code TEXT NOT NULL REFERENCES schools(code),
            grade INTEGER NOT NULL,
            category INTEGER NOT NULL,
            requested_device TEXT NOT NULL,
            review_state TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (school_code, grade, category, requested_device, review_state)
        )""",
        """CREATE TABLE console_sessions (
            token_hash TEXT PRIMARY KEY,
            username TEXT NOT NULL REFERENCES staff(username),
            csrf_token TEXT NOT NULL,
            created_at REAL NOT NULL,
            last_seen REAL NOT NULL,
            client_address TEXT
        )""",
        "CREATE INDEX console_sessions_user ON console_sessions(username)",
        # the console's audit page reads a unit's rows, newest first
        "CREATE INDEX audit_unit ON audit(unit_code, seq)",
    ],
    # v8 (vaccinations, CSDL 4.9): each school's coverage by grade for the console, refreshed with
    # the board's other figures (JSON, see console/vaccination_board.py); the boards are rebuilt
    # (when next read) so that every school gets it.
    [
        "ALTER TABLE school_board ADD COLUMN vaccinations TEXT",
        "DELETE FROM school_board",
    ],
]


# PostgreSQL: one schema version table, and the SQLite versions' schema in version 1 (the
# columns the same, the types translated by pg_ddl; the JSON indexes in PostgreSQL's words).
# Versions 2 and 3 are empty: the first is in version 1, the second only minimised data stored
# before issue 14, and a PostgreSQL store is newer than that.
PG_MIGRATIONS: list[list[str]] = [
    [
        *(
            statement
            for statement in (*SQLITE_MIGRATIONS[0], *SQLITE_MIGRATIONS[1])
            if "json_extract" not in statement
        ),
        "CREATE INDEX records_student_code ON records(school_code, (data::json ->> 'code'))"
        " WHERE entity = 'student'",
        "CREATE INDEX records_need_student"
        " ON records(school_code, (data::json ->> 'student_id')) WHERE entity = 'need'",
        # SQLite's instr(), which the erasure's searches use.
        "CREATE OR REPLACE FUNCTION instr(haystack TEXT, needle TEXT) RETURNS INT"
        " LANGUAGE sql IMMUTABLE AS 'SELECT strpos(haystack, needle)'",
    ],
    [],
    [],
    SQLITE_MIGRATIONS[3],
    # v5 (ids): PostgreSQL drops a UNIQUE constraint in place.
    [
        "ALTER TABLE submissions DROP CONSTRAINT submissions_submission_id_key",
        "ALTER TABLE submissions ADD CONSTRAINT submissions_school_submission_id"
        " UNIQUE (school_code, submission_id)",
    ],
]
# Later versions are portable DDL (see the rules above): the same statements, through pg_ddl. A
# version that is not portable gets its own entry here instead.
PG_MIGRATIONS += SQLITE_MIGRATIONS[len(PG_MIGRATIONS) :]


def pg_ddl(statement: str) -> str:
    """A portable SQLite statement in PostgreSQL's types: an AUTOINCREMENT key becomes an identity
    column, INTEGER a 64-bit BIGINT, REAL a DOUBLE PRECISION."""
    statement = re.sub(
        r"\bINTEGER PRIMARY KEY AUTOINCREMENT\b",
        "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", statement, flags=re.IGNORECASE,
    )  # fmt: skip
    statement = re.sub(r"\bINTEGER\b", "BIGINT", statement, flags=re.IGNORECASE)
    return re.sub(r"\bREAL\b", "DOUBLE PRECISION", statement, flags=re.IGNORECASE)
