"""Outbox rows → submissions (POST /submissions bodies), bounded by count and by bytes so that one
request gets through a poor 3G link, and rebuilt byte for byte from the same rows after a crash.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from desktop_app.core.store.outbox import OutboxChange
from sync.protocol import SERVER_MAX_BYTES, SERVER_MAX_CHANGES, district_view

DEFAULT_MAX_CHANGES = 500
DEFAULT_MAX_BYTES = 512 * 1024  # of uncompressed JSON; gzip makes it ~5-10 times smaller

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def change_payload(change: OutboxChange) -> dict[str, Any]:
    """One change as it goes to the district, online or in a USB package: the journal keeps the
    full record, the wire gets only its ``district_view`` (sync/protocol.py, SENT_FIELDS)."""
    return {
        "change_id": change.change_id,
        "entity": change.entity,
        "entity_id": str(change.entity_id),
        "op": change.op,
        "version": change.version,
        "changed_at": change.changed_at,
        "data": district_view(change.entity, change.data),
    }


def encode_change(change: OutboxChange) -> bytes:
    return _encode(change_payload(change)).encode()


@dataclass(frozen=True)
class Batch:
    changes: list[OutboxChange]
    encoded: list[bytes]  # each change's JSON, in order

    @property
    def seqs(self) -> list[int]:
        return [c.seq for c in self.changes]

    @property
    def size(self) -> int:
        return sum(len(e) for e in self.encoded) + len(self.encoded)


def batches(
    pages: Iterable[Sequence[OutboxChange]],
    max_changes: int = DEFAULT_MAX_CHANGES,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Batch]:
    """Group changes in order; a batch closes before it would pass either bound (a change alone
    larger than ``max_bytes`` travels alone)."""
    max_changes = max(1, min(max_changes, SERVER_MAX_CHANGES))
    max_bytes = max(1, min(max_bytes, SERVER_MAX_BYTES // 2))
    changes: list[OutboxChange] = []
    encoded: list[bytes] = []
    size = 0
    for page in pages:
        for change in page:
            data = encode_change(change)
            if changes and (len(changes) >= max_changes or size + len(data) + 1 > max_bytes):
                yield Batch(changes, encoded)
                changes, encoded, size = [], [], 0
            changes.append(change)
            encoded.append(data)
            size += len(data) + 1
    if changes:
        yield Batch(changes, encoded)


def split(batch: Batch) -> tuple[Batch, Batch]:
    half = len(batch.changes) // 2
    return (
        Batch(batch.changes[:half], batch.encoded[:half]),
        Batch(batch.changes[half:], batch.encoded[half:]),
    )


def batch_of(changes: Sequence[OutboxChange]) -> Batch:
    return Batch(list(changes), [encode_change(c) for c in changes])


def submission_body(
    batch: Batch, *, school_code: str, client_id: str, submission_id: str, created_at: str
) -> bytes:
    """The POST /submissions body, as JSON bytes (the changes are already encoded)."""
    head = _encode(
        {
            "school_code": school_code,
            "client_id": client_id,
            "submission_id": submission_id,
            "created_at": created_at,
        }
    ).encode()
    return head[:-1] + b',"changes":[' + b",".join(batch.encoded) + b"]}"


def compress(body: bytes, level: int = 5) -> bytes:
    """gzip without a timestamp: the same body always compresses to the same bytes."""
    return gzip.compress(body, compresslevel=level, mtime=0)
