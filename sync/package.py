"""The offline data package: the pending changes as submissions in one zip, carried on a USB stick
to the district office, where ``songmay-server import-package FILE`` applies them with the same
idempotency as over the network (importing a package twice changes nothing).

    manifest.json           {"format": "songmay-package", "version": 2, "school_code", "client_id",
                             "created_at", "submissions": [{"file", "idempotency_key", "sha256",
                             "changes"}]}
    submissions/0001.json   exactly a POST /submissions body

The zip is built in memory and written only sealed (``sync.sealing``): encrypted to the district
server's key and signed by the school's (``sync.keys``), so a lost stick shows nothing and the
server refuses a forged or altered package. No plaintext copy touches the disk.

Exporting changes nothing in the outbox: the rows stay pending, because the school cannot know
whether the package arrived. A later online sync sends them again and the server answers
"duplicate" for those the package delivered; they are then marked sent. Submissions already in
flight keep their id as key and their rows, so the server sees the same submission either way.
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from desktop_app.core.access import pending_students, record_access
from desktop_app.core.files import atomic_path
from desktop_app.core.store.outbox import (
    in_flight_submissions,
    submission_changes,
    sync_state,
    unassigned_pages,
    utc_now,
)
from sync.account import load_account
from sync.batching import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CHANGES,
    Batch,
    batch_of,
    batches,
    submission_body,
)
from sync.keys import SigningKeyring, school_key, server_key
from sync.protocol import PACKAGE_FORMAT, PACKAGE_VERSION
from sync.sealing import seal


@dataclass(frozen=True)
class PackageSummary:
    path: Path
    submissions: int
    changes: int


def export_package(
    db: Database,
    out_path: Path | str,
    *,
    school_code: str | None = None,
    max_changes: int = DEFAULT_MAX_CHANGES,
    max_bytes: int = DEFAULT_MAX_BYTES,
    secrets: SigningKeyring | None = None,
) -> PackageSummary:
    """Write every pending change into the package at ``out_path`` (atomically: a cut leaves the
    old file or none). The school code is the sync account's unless given. ServerKeyMissing
    when the district server's key was never received."""
    addressed_to = server_key(db)
    school = school_code or load_account(db).school_code
    client_id = sync_state(db).client_id
    created_at = utc_now()
    out = Path(out_path)
    entries = []
    total = 0
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (key, batch) in enumerate(_submissions(db, max_changes, max_bytes), 1):
            body = submission_body(
                batch,
                school_code=school,
                client_id=client_id,
                submission_id=key,
                created_at=created_at,
            )
            name = f"submissions/{number:04d}.json"
            archive.writestr(name, body)
            entries.append({
                "file": name, "idempotency_key": key,
                "sha256": hashlib.sha256(body).hexdigest(), "changes": len(batch.changes),
            })  # fmt: skip
            total += len(batch.changes)
        manifest = {
            "format": PACKAGE_FORMAT,
            "version": PACKAGE_VERSION,
            "school_code": school,
            "client_id": client_id,
            "created_at": created_at,
            "submissions": entries,
        }
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    sealed = seal(
        buffer.getvalue(),
        school_code=school,
        client_id=client_id,
        created_at=created_at,
        signing_key=school_key(db, secrets).private,
        server_key=addressed_to,
    )
    with atomic_path(out) as temp:
        temp.write_bytes(sealed)
    record_access(db.conn, "sync_package", out, pending_students(db.conn))
    return PackageSummary(out, len(entries), total)


def _submissions(db: Database, max_changes: int, max_bytes: int) -> Iterator[tuple[str, Batch]]:
    for submission_id in in_flight_submissions(db):
        changes = submission_changes(db, submission_id)
        if changes:
            yield submission_id, batch_of(changes)
    for batch in batches(unassigned_pages(db), max_changes, max_bytes):
        yield str(uuid.uuid4()), batch
