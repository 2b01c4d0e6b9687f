"""The sync protocol v1 (SYNC.md), shared by the client and the reference server.

Everything that crosses the wire is named here once. The OpenAPI document the server publishes
(``sync/server/openapi.json``) describes the same shapes.

    POST /api/v1/auth/token          {school_code, username, password}
        200 {access_token, token_type: "bearer", expires_at, expires_in}
        401 {error: {code: "invalid_credentials", message}}  (never says which part was wrong)
    POST /api/v1/submissions         headers: Authorization: Bearer …, Idempotency-Key: …,
                                     Content-Type: application/json, Content-Encoding: gzip (optional)
        body {school_code, client_id, submission_id, created_at, changes: [Change…]}
        Change {change_id, entity, entity_id, op: "upsert"|"delete", version, changed_at, data}
        202 {submission_id, status: "received"}   the same key + the same body: the same answer
        422 {error: {code: "idempotency_key_reused"}}  the same key with another body
        400 malformed · 401 token missing/expired · 403 another school's code · 413 too large
        429/503 with Retry-After · 5xx
    GET  /api/v1/submissions/{submission_id}
        200 {submission_id, status: "received"|"processing"|"done",
             results: [{change_id, status: "accepted"|"rejected"|"duplicate", code, message}]}
        404 unknown · 403 another school's
    GET  /api/v1/feedback?since=CURSOR
        200 {decisions: [{cursor, student_code, decision: "approved"|"returned", comment,
                          decided_at, reviewer}], next_cursor}
    GET  /api/v1/server-key          no login: the district server's X25519 public key, to which
        200 {key_id, public_key}     the USB package is encrypted (base64 of the 32 raw bytes)
    POST /api/v1/keys                bearer: the school's Ed25519 public key, which signs its
        body {public_key, client_id} USB packages; it replaces the school's previous key
        200 {school_code, key_id, fingerprint, replaced}

Effect is exactly once: the server applies a change_id at most once (a resent change is a
"duplicate"), and a change whose version is not newer than the stored record's is ignored as a
"duplicate" with code "stale_version".
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

API = "/api/v1"
TOKEN_PATH = f"{API}/auth/token"
SUBMISSIONS_PATH = f"{API}/submissions"
FEEDBACK_PATH = f"{API}/feedback"
HEALTH_PATH = f"{API}/health"  # GET, no login: 200 {status: "ok"}
SERVER_KEY_PATH = f"{API}/server-key"
KEYS_PATH = f"{API}/keys"

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 128

# What the server accepts in one submission; the client keeps well under it for a 3G link.
SERVER_MAX_CHANGES = 2000
SERVER_MAX_BYTES = 8 * 1024 * 1024  # uncompressed JSON

OPS = ("upsert", "delete")
# "erasure" (entity_id: a student's id; data {id, student_id, code}): the school erased the
# student's personal data; the server purges its copies (records and stored changes).
ENTITIES = ("school", "student", "need", "donor", "donation_batch", "device", "handover", "erasure")
SUBMISSION_STATUSES = ("received", "processing", "done")
RESULT_STATUSES = ("accepted", "rejected", "duplicate")
DECISIONS = ("approved", "returned")

# Offline package (USB): a zip holding manifest.json and submissions/NNNN.json (request bodies),
# since version 2 sealed: encrypted to the server's key and signed by the school's (sync/sealing.py).
PACKAGE_FORMAT = "songmay-package"
PACKAGE_VERSION = 2
UNSIGNED_PACKAGE_VERSION = 1  # the plain zip of earlier versions, refused unless allowed


def canonical_json(value: Any) -> bytes:
    """The bytes two parties hash to agree that two bodies are the same."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def body_fingerprint(body: dict[str, Any]) -> str:
    """What an Idempotency-Key is bound to: the school, the submission and its changes (not the
    transport: gzip or not, key order, whitespace)."""
    essential = {k: body.get(k) for k in ("school_code", "submission_id", "changes")}
    return hashlib.sha256(canonical_json(essential)).hexdigest()
