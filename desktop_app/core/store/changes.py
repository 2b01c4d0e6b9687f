"""Every change to a record goes through a ChangeSet, which writes the record and its journal row
(the outbox entry, which is also the audit-log entry) together — nothing is saved that will not
be synced and audited.

Applied inside one ``write_transaction``. New records and their journal rows go to SQLite as one
JSON array per shape (an import writes 100,000 records: no call back into Python per row);
updates are batched with ``executemany``. A long import applies its changes in parts on a writer
thread (``spill_to``, ``store.writer``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from desktop_app.core.ids import uuid7, uuid7_run
from desktop_app.core.store.session import actor_of, default_actor

TABLES = {  # in the order the foreign keys need: a record's parents come before it
    "school": "school_profile",
    "student": "students",
    "need": "needs",
    "donor": "donors",
    "donation_batch": "donation_batches",
    "device": "devices",
    "handover": "handovers",
    "vaccination": "vaccinations",
}
# Columns that describe the row's local bookkeeping, not the data the school reported.
BOOKKEEPING = frozenset({"created_at", "updated_at", "deleted"})

__all__ = [
    "BOOKKEEPING",
    "TABLES",
    "ChangeSet",
    "Record",
    "default_actor",
    "deleted_records",
    "utc_now",
]  # fmt: skip

Record = dict[str, Any]

# One encoder for all: json.dumps() with options builds a new encoder on every call.
_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _json_plain(value: Any) -> str:
    """``_json`` of texts, 64-bit integers and nulls, by orjson; a text Python's json writes and
    orjson refuses (a lone surrogate) goes the slow way, to the same end."""
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:
        return _json(value)


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


GroupKey = tuple[str, str, tuple[str, ...]]  # ("insert" | "update", entity, columns)


@dataclass(slots=True)
class _Group:
    """Writes of one shape (an insert or an update of the same columns of one entity), each with
    its place in the order the changes were queued and, for an update or delete, its journal row
    (an insert's is made by SQLite from the record's values)."""

    # An insert: (place, *values) in the columns' order. An update: (*values, version, now, id).
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    # (place, entity_id, op, version, old_values, data) of each update or delete.
    journal: list[tuple[Any, ...]] = field(default_factory=list)
    # An insert's rows as the JSON array SQLite reads, and which column affinities give each
    # column's values back as the same JSON (``_alike``): made by ``seal`` on the thread that
    # queued them, so that a writer thread only runs SQL.
    encoded: str | None = None
    places: str | None = None  # the rows' places alone, as a JSON array
    alike: tuple[frozenset[str], ...] = ()

    def seal(self) -> None:
        if self.encoded is None:
            self.alike = tuple(_alike(cells) for cells in list(zip(*self.rows, strict=True))[1:])
            # Only texts, 64-bit integers and nulls (every column alike): orjson writes them
            # byte for byte as Python's json does, in a third of the time (an import's 100,000
            # records: 0.13 → 0.04 s). A float it would write otherwise (1e-5 for 1e-05).
            self.encoded = _json_plain(self.rows) if all(self.alike) else _json(self.rows)
            self.places = _json_plain([row[0] for row in self.rows])


@dataclass
class ChangeSet:
    """Changes to apply in one transaction. ``source`` says where they came from (e.g. an import).
    ``actor`` None: whoever the connection's session names when applied (``store.session``).

    The records are written by shape (all new students, then all new needs…: parents before
    children, see ``TABLES``), their journal rows keep the order the changes were queued in (a
    need's delete before its student's): each change's place gives its journal row's ``seq``
    and change id."""

    actor: str | None = None
    source: str = "app"
    now: str = field(default_factory=utc_now)
    _groups: dict[GroupKey, _Group] = field(default_factory=dict)
    _queued: int = 0
    # A long import hands its changes on in parts as they are queued (``spill_to``), so that a
    # writer thread applies one part while the next is being made, and memory stays bounded.
    _spill: Callable[[ChangeSet], None] | None = None
    _spill_every: int = 0
    _spilled: int = 0

    def __len__(self) -> int:
        return self._spilled + self._queued

    def spill_to(self, receive: Callable[[ChangeSet], None], every: int = 10_000) -> None:
        """From now on, each time ``every`` changes are queued, hand them to ``receive`` as a
        ChangeSet of their own (same actor, source and time), in the order they were queued.

        Each part is applied in its turn on the same transaction; a part's records may refer to
        records of an earlier part (a need to the student before it), never of a later one, as
        every planner queues a record's parents before it."""
        self._spill, self._spill_every = receive, every

    def detach(self) -> ChangeSet:
        """The changes queued so far, as a ChangeSet of their own; this one goes on empty."""
        part = ChangeSet(self.actor, self.source, self.now)
        part._groups, part._queued = self._groups, self._queued
        for (kind, _entity, _columns), group in part._groups.items():
            if kind == "insert":
                group.seal()
        self._spilled += self._queued
        self._groups, self._queued = {}, 0
        return part

    def _group(self, key: GroupKey) -> _Group:
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = _Group()
        return group

    def _one_more(self) -> None:
        self._queued += 1
        if self._spill is not None and self._queued >= self._spill_every:
            self._spill(self.detach())

    def insert(self, entity: str, record: Mapping[str, Any]) -> Record:
        """Queue a new record; returns it with id, version and timestamps filled in."""
        data: Record = {"id": uuid7(), **record, "version": 1}
        key = ("insert", entity, tuple(data))
        group = self._groups.get(key) or self._group(key)  # an import: 100,000 calls, kept short
        group.rows.append((self._queued, *data.values()))
        self._one_more()
        data["created_at"] = data["updated_at"] = self.now
        data["deleted"] = 0
        return data

    def update(self, entity: str, old: Mapping[str, Any], changes: Mapping[str, Any]) -> Record:
        """Queue new values for an existing record (``old`` is the row as read from the database)."""
        changed = {k: v for k, v in changes.items() if old.get(k) != v}
        if not changed:
            return dict(old)
        version = int(old["version"]) + 1
        new: Record = {**old, **changed, "version": version, "updated_at": self.now}
        group = self._group(("update", entity, (*changed, "version", "updated_at")))
        group.rows.append((*changed.values(), version, self.now, old["id"]))
        before = _json({k: old.get(k) for k in changed})
        group.journal.append((self._queued, old["id"], "update", version, before,
                              _json(_data(new))))  # fmt: skip
        self._one_more()
        return new

    def insert_or_revive(
        self, entity: str, record: Mapping[str, Any], deleted: Mapping[str, Any] | None
    ) -> Record:
        """A new record, or — when the clerk deleted one with the same unique key (a student's
        code, a device's serial) — that one brought back with these values: the key is still
        taken by the deleted row, and the journal and the server keep one history for it."""
        if deleted is None:
            return self.insert(entity, record)
        return self.update(entity, deleted, {**record, "deleted": 0})

    def delete(self, entity: str, old: Mapping[str, Any]) -> None:
        """Soft delete: the row stays (history, sync), marked deleted, and a delete is queued."""
        version = int(old["version"]) + 1
        group = self._group(("update", entity, ("deleted", "version", "updated_at")))
        group.rows.append((1, version, self.now, old["id"]))
        before = _json(_data(old))
        group.journal.append((self._queued, old["id"], "delete", version, before, before))
        self._one_more()

    def apply(self, conn: sqlite3.Connection) -> int:
        """Write everything queued; the caller owns the transaction. Returns the number of changes.

        Parents before children (a new student before their need, a device before its handover),
        whatever order the changes were queued in: TABLES lists them so. The journal rows take
        the ``seq`` (and change ids, increasing) of their places in the queue, after the last
        journal row there is: the outbox is read in that order."""
        if not self._queued:
            return 0
        actor = actor_of(conn, self.actor)
        (last,) = conn.execute(
            "SELECT max(coalesce((SELECT max(seq) FROM outbox), 0),"
            " coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0))"
        ).fetchone()
        head, first = uuid7_run(self._queued)
        places = _Places(seq=last + 1, head=head, first=first)
        order = {entity: index for index, entity in enumerate(TABLES)}
        for (kind, entity, columns), group in sorted(
            self._groups.items(), key=lambda item: order[item[0][1]]
        ):
            if kind == "insert":
                self._insert(conn, entity, columns, group, actor, places)
            else:
                self._update(conn, entity, columns, group, actor, places)
        count = self._queued
        self._groups.clear()
        self._queued = 0
        return count

    def _insert(
        self,
        conn: sqlite3.Connection,
        entity: str,
        columns: tuple[str, ...],
        group: _Group,
        actor: str,
        places: _Places,
    ) -> None:
        """The new records and their journal rows, in two statements that SQLite runs without
        coming back to Python for each row: the rows go in as one JSON array, encoded once. On
        a writer thread (``store.writer``) a call back into Python per row would wait for the
        interpreter each time. The array is walked with ``jsonb_each``, which hands each row
        over in SQLite's binary JSON: ``json_each`` gives it as text, which SQLite writes out
        and parses again for every row (for 50,000 students, 0.33 s against 0.10 s).

        The journal's data is each record as queued, in its column order, byte for byte as
        Python would encode it. A column whose stored value SQLite turns back into the same
        JSON (texts in a TEXT column, integers in an INTEGER one) is read from the row just
        written; any other (a float, a boolean, a number in a TEXT column) is handed over as
        Python wrote it (``->``)."""
        table = TABLES[entity]
        group.seal()
        (base,) = conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()
        picks = ", ".join(f"value->>{n}" for n in range(1, len(columns) + 1))
        inserted = conn.execute(
            f"INSERT INTO {table} ({', '.join(columns)}, created_at, updated_at, deleted)"
            f" SELECT {picks}, :now, :now, 0 FROM jsonb_each(:values)",
            {"now": self.now, "values": group.encoded},
        )
        affinity = _affinities(conn, table, columns)
        from_row = [
            affinity[name] in alike for name, alike in zip(columns, group.alike, strict=True)
        ]
        record = ", ".join(
            f"'{name}', " + (f"t.{name}" if read else f"j.value->{n}")
            for n, (name, read) in enumerate(zip(columns, from_row, strict=True), start=1)
        )
        # The new rows took the rowids after the table's last one, in the array's order (SQLite
        # gives each max(rowid) + 1): the journal finds each row by its rowid, and when every
        # column is read from the row, SQLite does not parse the records' JSON again, only the
        # list of their places.
        last = inserted.lastrowid  # the last row's: a trigger's own inserts do not count
        by_rowid = "t.rowid = :base + j.key + 1"
        if last != base + len(group.rows):  # the largest rowid was taken: SQLite chose others
            source, join, place = ":values", "t.id = j.value->>1", "j.value->>0"
        elif all(from_row):
            source, join, place = ":places", by_rowid, "j.value"
        else:
            source, join, place = ":values", by_rowid, "j.value->>0"
        conn.execute(
            "INSERT INTO outbox (seq, change_id, entity, entity_id, op, version, changed_at,"
            " actor, source, old_values, data)"
            f" SELECT :seq + ({place}), :head || printf('%012x', :first + ({place})),"
            " :entity, t.id, 'insert', 1, :now, :actor, :source, NULL,"
            f" json_object({record}) FROM jsonb_each({source}) AS j JOIN {table} AS t ON {join}",
            {"seq": places.seq, "head": places.head, "first": places.first, "entity": entity,
             "now": self.now, "actor": actor, "source": self.source, "base": base,
             "values": group.encoded, "places": group.places},
        )  # fmt: skip

    def _update(
        self,
        conn: sqlite3.Connection,
        entity: str,
        columns: tuple[str, ...],
        group: _Group,
        actor: str,
        places: _Places,
    ) -> None:
        sets = ",".join(f"{c}=?" for c in columns)
        conn.executemany(f"UPDATE {TABLES[entity]} SET {sets} WHERE id=?", group.rows)
        conn.executemany(
            "INSERT INTO outbox (seq, change_id, entity, entity_id, op, version, changed_at,"
            " actor, source, old_values, data) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (places.seq + place, places.change_id(place), entity, entity_id, op, version,
                 self.now, actor, self.source, old, data)
                for place, entity_id, op, version, old, data in group.journal
            ],
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Places:
    """Where a part's journal rows go: the ``seq`` of its first change, and the run of change
    ids (``ids.uuid7_run``) its changes take in the order they were queued."""

    seq: int
    head: str
    first: int

    def change_id(self, place: int) -> str:
        return f"{self.head}{self.first + place:012x}"


def deleted_records(
    conn: sqlite3.Connection, entity: str, key: Callable[[Mapping[str, Any]], Any]
) -> dict[Any, Record]:
    """The deleted records of ``entity`` by ``key`` (see ``ChangeSet.insert_or_revive``)."""
    cursor = conn.execute(f"SELECT * FROM {TABLES[entity]} WHERE deleted = 1")
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    return {key(row): row for row in rows}


def _data(row: Mapping[str, Any]) -> Record:
    """What the server needs of a record: its fields and version, not local bookkeeping."""
    return {k: v for k, v in row.items() if k not in BOOKKEEPING}


# The Python types whose JSON SQLite writes again byte for byte from a column of each affinity
# (``json_object`` of the stored value): a float may print otherwise (1e-05 → 1.0e-05), a
# boolean is stored as 1, a number in a TEXT column comes back as a text.
_ALIKE_IN: dict[str, frozenset[type]] = {
    "TEXT": frozenset({str, type(None)}),
    "INTEGER": frozenset({int, type(None)}),
    "BLOB": frozenset({str, int, type(None)}),
}
_INT64 = 1 << 63


def _affinity(declared: str) -> str:
    """SQLite's column affinity rules (datatype3.html, 3.1), in their order."""
    declared = declared.upper()
    if "INT" in declared:
        return "INTEGER"
    if any(word in declared for word in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if not declared or "BLOB" in declared:
        return "BLOB"
    return "REAL" if any(word in declared for word in ("REAL", "FLOA", "DOUB")) else "NUMERIC"


def _alike(cells: tuple[Any, ...]) -> frozenset[str]:
    """The column affinities from which SQLite gives every one of ``cells`` back as the same
    JSON Python writes."""
    kinds = set(map(type, cells))
    if int in kinds:  # SQLite keeps 64-bit integers; a bigger one would come back a float
        numbers = [cell for cell in cells if cell.__class__ is int]
        if min(numbers) < -_INT64 or max(numbers) >= _INT64:
            return frozenset()
    return frozenset(name for name, types in _ALIKE_IN.items() if kinds <= types)


# Each table's column affinities, read once: a column's declared type never changes (SQLite has
# no ALTER COLUMN; a migration adds columns, and a new one is read when first met).
_AFFINITIES: dict[str, dict[str, str]] = {}


def _affinities(conn: sqlite3.Connection, table: str, columns: tuple[str, ...]) -> dict[str, str]:
    known = _AFFINITIES.get(table)
    if known is None or not known.keys() >= set(columns):
        known = {name: _affinity(declared or "")
                 for _, name, declared, *_ in conn.execute(f"PRAGMA table_info({table})")}  # fmt: skip
        _AFFINITIES[table] = known
    return known
