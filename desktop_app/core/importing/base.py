"""What every template's planner provides to the import service."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, runtime_checkable

from desktop_app.core.importing.rows import ParsedRow
from desktop_app.core.problems import Problem
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.templates.spec import TemplateSpec


@dataclass
class WriteCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class Planner(Protocol):
    spec: TemplateSpec

    def row_check(self, row: ParsedRow) -> None:
        """Checks that need only the row itself (cross-field rules)."""

    def plan(self, rows: Sequence[ParsedRow], conn: sqlite3.Connection) -> None:
        """Checks across rows and against the database; sets each valid row's ``action``."""

    def write(self, rows: Sequence[ParsedRow], changes: ChangeSet) -> WriteCounts:
        """Queue the changes of the rows that are to be imported."""


@runtime_checkable
class PlansInOrder(Protocol):
    """A planner whose checks of a row need only the database and the rows before it: the rows
    can be checked and written part by part while the rest of the file is still being read (the
    writer thread then works beside the reading). ``plan`` is ``prepare`` then ``plan_more``."""

    def prepare(self, conn: sqlite3.Connection) -> None:
        """Read what the checks need from the database (in the import's transaction)."""

    def plan_more(self, rows: Sequence[ParsedRow]) -> None:
        """``plan`` for the next rows of the file, in order, after those already planned."""


@runtime_checkable
class ChecksTheFile(Protocol):
    """A planner that also says something of the rows together, once for the file."""

    def file_problems(self, rows: Sequence[ParsedRow]) -> list[Problem]:
        """What the rows say together, said once for the file (after ``plan``)."""


def iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def fetch_dicts(
    conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()
) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def flag_duplicates(
    rows: Sequence[ParsedRow],
    field_name: str,
    header: str,
    message_id: str,
    seen: dict[str, int | str] | None = None,
) -> None:
    """A unique field seen again in the file is an error on the later row (case-insensitive).
    ``seen``: the values of the rows before these (kept by a planner that plans in parts)."""
    seen = {} if seen is None else seen
    for row in rows:
        value = row.values.get(field_name)
        if value is None:
            continue
        key = str(value).casefold()
        if key in seen:
            row.add(
                "error",
                "duplicate_in_file",
                message_id,
                field_name,
                header,
                value=value,
                first_row=seen[key],
            )
        else:
            seen[key] = row.place


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in new.items() if old.get(k) != v}
