"""Versioned schema. Each migration is a list of SQL statements applied in one transaction;
never edit a released migration — add a new one."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("songmay")

_COMMON = """
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
"""

_V1 = [
    f"""CREATE TABLE school_profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT, code TEXT, level TEXT CHECK (level IN ('TH','THCS','THPT','LC')),
        commune TEXT, district TEXT, province TEXT, principal TEXT, clerk TEXT,
        {_COMMON}
    )""",
    f"""CREATE TABLE students (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        full_name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        sort_key TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        gender TEXT NOT NULL,
        class_name TEXT NOT NULL,
        grade INTEGER,
        ethnicity TEXT,
        citizen_id TEXT,
        guardian_name TEXT,
        phone TEXT,
        address TEXT,
        {_COMMON}
    )""",
    # The student list: ordered by sort_key (Vietnamese order), searched by name, code or class.
    # The index covers all of it, so a search reads no table rows (50,000 students: 110 → 30 ms).
    "CREATE INDEX students_order ON students(sort_key, code, name_key, class_name, id)"
    " WHERE deleted = 0",
    f"""CREATE TABLE needs (
        id TEXT PRIMARY KEY,
        student_id TEXT NOT NULL REFERENCES students(id),
        survey_round TEXT NOT NULL,
        category INTEGER NOT NULL CHECK (category BETWEEN 1 AND 4),
        poverty_cert_no TEXT,
        has_device INTEGER NOT NULL DEFAULT 0,
        borrowing_device INTEGER NOT NULL DEFAULT 0,
        requested_device TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'proposed'
            CHECK (status IN ('proposed','approved','returned','supplied')),
        review_comment TEXT,
        note TEXT,
        {_COMMON},
        UNIQUE (student_id, survey_round)
    )""",
    f"""CREATE TABLE donors (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        donor_type TEXT,
        {_COMMON}
    )""",
    f"""CREATE TABLE donation_batches (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL CHECK (source IN ('4.8.3.1','4.8.3.2')),
        donor_id TEXT NOT NULL REFERENCES donors(id),
        received_date TEXT NOT NULL,
        note TEXT,
        {_COMMON}
    )""",
    f"""CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        batch_id TEXT NOT NULL REFERENCES donation_batches(id),
        device_type TEXT NOT NULL,
        brand TEXT NOT NULL,
        model TEXT NOT NULL,
        serial TEXT NOT NULL UNIQUE,
        condition TEXT NOT NULL,
        cpu TEXT, ram_gb REAL, storage_gb REAL, screen_inch REAL, os TEXT,
        warranty_months INTEGER, accessories TEXT, note TEXT,
        below_min_spec INTEGER NOT NULL DEFAULT 0,
        {_COMMON}
    )""",
    "CREATE INDEX devices_batch ON devices(batch_id)",
    # History is never overwritten: a return or a replacement is a new row (kind).
    f"""CREATE TABLE handovers (
        id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL REFERENCES devices(id),
        student_id TEXT NOT NULL REFERENCES students(id),
        kind TEXT NOT NULL DEFAULT 'handover' CHECK (kind IN ('handover','return')),
        event_date TEXT NOT NULL,
        receiver_role TEXT,
        receiver_name TEXT,
        handed_by TEXT,
        note TEXT,
        late INTEGER NOT NULL DEFAULT 0,
        {_COMMON}
    )""",
    "CREATE INDEX handovers_device ON handovers(device_id, event_date)",
    "CREATE INDEX handovers_student ON handovers(student_id)",
    # One journal of changes, written in the change's own transaction. It is the transactional
    # outbox (status columns, read by sync/) and, through the audit_log view, the audit log: who,
    # when, what — the old values of changed fields and the full new record — so the same data
    # is never written twice.
    """CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        change_id TEXT NOT NULL UNIQUE,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('insert','update','delete')),
        version INTEGER NOT NULL,
        changed_at TEXT NOT NULL,
        actor TEXT NOT NULL,
        source TEXT NOT NULL,
        old_values TEXT,
        data TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','rejected')),
        attempts INTEGER NOT NULL DEFAULT 0,
        submission_id TEXT,
        reject_code TEXT,
        reject_message TEXT,
        sent_at TEXT
    )""",
    # Only a small index on status (counts for the status bar in milliseconds, no measurable
    # cost to an import); sync reads the outbox by seq, its primary key.
    "CREATE INDEX outbox_status ON outbox(status)",
    """CREATE VIEW audit_log AS
        SELECT seq AS id, changed_at AS at, actor, entity, entity_id, op, old_values,
               CASE op WHEN 'delete' THEN NULL ELSE data END AS new_values, source, change_id
        FROM outbox""",
]


@migrations(name="001_initial")
def _initial(db: Database) -> None:
    for statement in _V1:
        db.execute(statement)


# Issue 4 — handovers in full: who received for the student and how they are related, the state of
# the device and what came with it, why a device came back, and the number of the signed minutes;
# the school decides whether a need must be approved by the district before its handover.
_V2 = [
    "ALTER TABLE handovers ADD COLUMN reason TEXT",  # of a return: faulty, moved, ineligible, lost…
    "ALTER TABLE handovers ADD COLUMN relationship TEXT",  # of the receiver to the student
    "ALTER TABLE handovers ADD COLUMN receiver_citizen_id TEXT",
    "ALTER TABLE handovers ADD COLUMN handed_by_position TEXT",
    "ALTER TABLE handovers ADD COLUMN condition TEXT",
    "ALTER TABLE handovers ADD COLUMN accessories TEXT",
    "ALTER TABLE handovers ADD COLUMN minutes_no INTEGER",
    "ALTER TABLE handovers ADD COLUMN recorded_on TEXT",
    "ALTER TABLE school_profile ADD COLUMN parent_agency TEXT",
    "ALTER TABLE school_profile ADD COLUMN approval_policy TEXT NOT NULL DEFAULT 'warn'"
    " CHECK (approval_policy IN ('warn','block'))",
]


@migrations(name="002_handover_details")
def _handover_details(db: Database) -> None:
    for statement in _V2:
        db.execute(statement)


# Issue 5 — sync: the account and where the sync stands (one row, client_id made once), the
# district's review decisions as received, and a tiny index of the submissions in flight (rows
# sent but not yet answered), which is what a client that crashed looks for when it starts again.
_V3 = [
    """CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        endpoint TEXT,
        school_code TEXT,
        username TEXT,
        ca_bundle TEXT,
        client_id TEXT NOT NULL,
        last_sync_at TEXT,
        last_result TEXT,
        feedback_cursor TEXT
    )""",
    """CREATE TABLE review_decisions (
        cursor TEXT PRIMARY KEY,
        student_code TEXT NOT NULL,
        decision TEXT NOT NULL,
        comment TEXT,
        decided_at TEXT,
        reviewer TEXT,
        received_at TEXT NOT NULL,
        need_id TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('applied','unknown_student'))
    )""",
    "CREATE INDEX outbox_in_flight ON outbox(submission_id)"
    " WHERE status = 'pending' AND submission_id IS NOT NULL",
]


@migrations(name="003_sync_state")
def _sync_state(db: Database) -> None:
    import uuid

    for statement in _V3:
        db.execute(statement)
    db.execute("INSERT INTO sync_state (id, client_id) VALUES (1, ?)", [str(uuid.uuid4())])


# Issue 12 — handover minutes complete for imported handovers: the address of the person who
# received for the student, and who signs for the school when a handover names nobody (the
# principal, or the clerk).
_V4 = [
    "ALTER TABLE handovers ADD COLUMN receiver_address TEXT",
    "ALTER TABLE school_profile ADD COLUMN handover_giver TEXT NOT NULL DEFAULT 'principal'"
    " CHECK (handover_giver IN ('principal','clerk'))",
]


@migrations(name="004_handover_receiver_address")
def _handover_receiver_address(db: Database) -> None:
    for statement in _V4:
        db.execute(statement)


# Issue 14 — a parent's consent to keep and send the child's data (Law 91/2025/QH15, Decree
# 13/2023): when it was given, how (a numbered paper form or signed minutes), its number, and who
# recorded it. No date means no consent recorded: the student's personal fields stay at the school.
_V5 = [
    "ALTER TABLE students ADD COLUMN consent_date TEXT",
    "ALTER TABLE students ADD COLUMN consent_method TEXT"
    " CHECK (consent_method IN ('paper_form','minutes'))",
    "ALTER TABLE students ADD COLUMN consent_ref TEXT",
    "ALTER TABLE students ADD COLUMN consent_recorded_by TEXT",
]


@migrations(name="005_consent")
def _consent(db: Database) -> None:
    for statement in _V5:
        db.execute(statement)


# Issue 14 — named users and the access trail. The staff who use this PC (a PIN is optional and
# kept only as a salted scrypt hash); the session's user is the actor of every change. Exports,
# printed minutes, backups, USB copies and USB packages are not data changes (nothing to sync), so
# they go to a table of their own, kept at the school: who, when, what (kind and file name), how
# many students.
_V6 = [
    """CREATE TABLE users (
        id TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('principal','clerk','accountant','teacher','other')),
        pin_hash TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE access_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL,
        target TEXT NOT NULL,
        students INTEGER
    )""",
    "CREATE INDEX access_log_at ON access_log(at)",
]


@migrations(name="006_users_access")
def _users_access(db: Database) -> None:
    for statement in _V6:
        db.execute(statement)


# Issue 14 — the USB package signed and encrypted: the school's Ed25519 signing key (its private
# half here only where the OS has no secure keyring; the database itself is to be encrypted), and
# the district server's X25519 public key the package is encrypted to, with where it came from.
_V8 = [
    """CREATE TABLE package_keys (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        signing_public TEXT,
        signing_private TEXT,
        created_at TEXT,
        registered_endpoint TEXT,
        registered_key_id TEXT,
        registered_at TEXT,
        server_key_id TEXT,
        server_public_key TEXT,
        server_key_source TEXT,
        server_key_at TEXT
    )""",
    "INSERT INTO package_keys (id) VALUES (1)",
]


@migrations(name="008_package_keys")
def _package_keys(db: Database) -> None:
    for statement in _V8:
        db.execute(statement)


# Issue 15 — backups ordered by the database's own history, never by the PC's clock: a counter
# raised before every backup (the copy holds its own number), read back with the journal's last
# sequence to order the backups.
_V9 = [
    """CREATE TABLE backup_sequence (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        counter INTEGER NOT NULL DEFAULT 0
    )""",
    "INSERT INTO backup_sequence (id, counter) VALUES (1, 0)",
]


@migrations(name="009_backup_sequence")
def _backup_sequence(db: Database) -> None:
    for statement in _V9:
        db.execute(statement)


# Issue 15 — clock sanity: the server's ``Date`` from the last answer of a sync, with the PC's
# own time when it was seen (``core.clock``): more than a day apart means the PC's clock is wrong.
@migrations(name="011_clock")
def _clock(db: Database) -> None:
    db.execute("ALTER TABLE sync_state ADD COLUMN server_date TEXT")
    db.execute("ALTER TABLE sync_state ADD COLUMN server_seen_at TEXT")
    db.execute("CREATE INDEX outbox_changed_at ON outbox(changed_at)")  # the latest change, fast


# Issue 18 — vaccination records (CSDL menu 4.9): one row per dose given to a student, never
# overwritten. A correction is a new row that ``supersedes`` the one it corrects (a dose recorded
# by mistake is cancelled by a ``void`` row); the current doses are the ``dose`` rows nothing
# supersedes (rules/vaccinations.py). ``recorded_on`` and ``late``: the 1-day deadline.
_V12 = [
    f"""CREATE TABLE vaccinations (
        id TEXT PRIMARY KEY,
        student_id TEXT NOT NULL REFERENCES students(id),
        kind TEXT NOT NULL DEFAULT 'dose' CHECK (kind IN ('dose','void')),
        dose_no INTEGER NOT NULL CHECK (dose_no BETWEEN 1 AND 9),
        vaccinated_on TEXT NOT NULL,
        vaccine TEXT NOT NULL,
        lot_no TEXT,
        place TEXT NOT NULL CHECK (place IN ('school','community','elsewhere')),
        facility TEXT,
        note TEXT,
        supersedes TEXT REFERENCES vaccinations(id),
        recorded_on TEXT NOT NULL,
        late INTEGER NOT NULL DEFAULT 0,
        {_COMMON}
    )""",
    "CREATE INDEX vaccinations_student ON vaccinations(student_id, dose_no)",
    "CREATE INDEX vaccinations_supersedes ON vaccinations(supersedes) WHERE supersedes IS NOT NULL",
]


@migrations(name="012_vaccinations")
def _vaccinations(db: Database) -> None:
    for statement in _V12:
        db.execute(statement)


# Issue 19 — search that does not scan: an FTS5 index with the trigram tokenizer (case and
# diacritics folded) over what the student list's search box matches (``core.students.
# search_match``): one text per student, the search key of the name, the code and the class, each
# word after two spaces ("  nguyen  van  an\n  0123456789\n  6a1"), so that the start of a word
# is a trigram ("  n") and "contains" stays one phrase. Only live students are indexed.
# Contentless (content=''): nothing is stored twice; the triggers remove a row with the text it
# was added with. The triggers keep it in the transaction of every write to students, whoever
# writes (the form, an import's bulk SQL, an erasure). Its rowids are the students' rowids, which
# VACUUM keeps (tests/test_student_search.py checks it).
def _search_text(row: str) -> str:
    return " || char(10) || ".join(
        f"'  ' || replace({row}.{column}, ' ', '  ')"
        for column in ("name_key", "code", "class_name")
    )


_V13 = [
    "CREATE VIRTUAL TABLE student_search USING fts5(words, content='',"
    " tokenize='trigram remove_diacritics 1', detail=full)",
    f"""CREATE TRIGGER student_search_insert AFTER INSERT ON students WHEN new.deleted = 0 BEGIN
        INSERT INTO student_search(rowid, words) VALUES (new.rowid, {_search_text("new")});
    END""",
    f"""CREATE TRIGGER student_search_delete AFTER DELETE ON students WHEN old.deleted = 0 BEGIN
        INSERT INTO student_search(student_search, rowid, words)
            VALUES ('delete', old.rowid, {_search_text("old")});
    END""",
    f"""CREATE TRIGGER student_search_update
        AFTER UPDATE OF name_key, code, class_name, deleted ON students BEGIN
        INSERT INTO student_search(student_search, rowid, words)
            SELECT 'delete', old.rowid, {_search_text("old")} WHERE old.deleted = 0;
        INSERT INTO student_search(rowid, words)
            SELECT new.rowid, {_search_text("new")} WHERE new.deleted = 0;
    END""",
    "INSERT INTO student_search(rowid, words)"
    f" SELECT rowid, {_search_text('students')} FROM students WHERE deleted = 0",
    # How many live students: all rows (counted from page headers) less the deleted ones (this
    # small index), instead of reading the whole order index (a cold 200,000: 20 → 1 ms).
    "CREATE INDEX students_gone ON students(deleted) WHERE deleted = 1",
]


@migrations(name="013_student_search")
def _student_search(db: Database) -> None:
    for statement in _V13:
        db.execute(statement)


# Issue 19 — the dashboard's figures at start without recomputing them (``core.dashboard``): the
# last figures computed, kept with the stamp of what they were computed from. Every change to a
# record writes a journal row in its own transaction, so the outbox's last sequence number
# (``sqlite_sequence``, never reused) names the records' state; what changes without a new journal
# row counts in ``figures_stamp``, kept by these triggers in the same transaction: a journal
# row's status (a sync's answer, a rejected change sent again: the pending count), a journal row
# removed, the school's profile (its approval policy). A student's name or code changed (an
# erasure among others) removes the kept figures at once: they list late handovers by name.
# The journal's counts by status (``outbox_counts``: the status bar after every save, the figures
# when they are computed) read from one covering index instead of looking up each row's source
# (400,000 journal rows: 0.2 s → 0.02 s); it replaces the index on status alone, which it serves
# as well.
_V14 = [
    "DROP INDEX outbox_status",
    "CREATE INDEX outbox_status_source ON outbox(status, source)",
    """CREATE TABLE figures_snapshot (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        stamp TEXT NOT NULL,
        data TEXT NOT NULL,
        computed_at TEXT NOT NULL
    )""",
    """CREATE TABLE figures_stamp (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        changes INTEGER NOT NULL
    )""",
    "INSERT INTO figures_stamp (id, changes) VALUES (1, 0)",
    """CREATE TRIGGER figures_outbox_status AFTER UPDATE OF status ON outbox
        WHEN old.status IS NOT new.status BEGIN
        UPDATE figures_stamp SET changes = changes + 1 WHERE id = 1;
    END""",
    """CREATE TRIGGER figures_outbox_delete AFTER DELETE ON outbox BEGIN
        UPDATE figures_stamp SET changes = changes + 1 WHERE id = 1;
    END""",
    """CREATE TRIGGER figures_school_insert AFTER INSERT ON school_profile BEGIN
        UPDATE figures_stamp SET changes = changes + 1 WHERE id = 1;
    END""",
    """CREATE TRIGGER figures_school_update AFTER UPDATE ON school_profile BEGIN
        UPDATE figures_stamp SET changes = changes + 1 WHERE id = 1;
    END""",
    """CREATE TRIGGER figures_student_names AFTER UPDATE OF full_name, code ON students BEGIN
        DELETE FROM figures_snapshot;
    END""",
]


@migrations(name="014_figures_snapshot")
def _figures_snapshot(db: Database) -> None:
    for statement in _V14:
        db.execute(statement)


def migrate(db: Database) -> None:
    migrations.apply(db)
