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
        409 {error: {code: "submission_id_conflict"}}  an id this school used for another body
            (ids are unique per school; the client sends the same changes again under a new id)
        422 invalid_value: a number outside signed 64 bits (NaN, infinity), an unknown op/entity
        400 malformed (not JSON, a lone surrogate, deeper than 32 levels, an id outside
            [A-Za-z0-9-]{1,128}) · 401 token missing/expired · 403 another school's code
        413 too large
        429/503 with Retry-After · 5xx
    GET  /api/v1/submissions/{submission_id}
        200 {submission_id, status: "received"|"processing"|"done",
             results: [{change_id, status: "accepted"|"rejected"|"duplicate", code, message}]}
        (code "set_aside": the server could not apply the submission; the district looks at it)
        404 unknown, or another school's (answered alike)
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

What a change's ``data`` may carry is declared once, below (``SENT_FIELDS``): the district gets
what its reports need and nothing else. ``district_view`` is the one projection the client applies
where a wire body is built (online sync and USB package alike); the server applies the same rules
to whatever reaches it (see ``sync/server/submissions.py``). A student whose parent's consent is
not recorded (``consent_date`` empty) goes as a minimal record (``STUDENT_WITHOUT_CONSENT``): no
name, no birth date, so the district's counts stay right and nothing personal leaves the school.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
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
ENTITIES = ("school", "student", "need", "donor", "donation_batch", "device", "handover",
            "vaccination", "erasure")  # fmt: skip
SUBMISSION_STATUSES = ("received", "processing", "done")
RESULT_STATUSES = ("accepted", "rejected", "duplicate")
DECISIONS = ("approved", "returned")

# Offline package (USB): a zip holding manifest.json and submissions/NNNN.json (request bodies),
# since version 2 sealed: encrypted to the server's key and signed by the school's (sync/sealing.py).
PACKAGE_FORMAT = "songmay-package"
PACKAGE_VERSION = 2
UNSIGNED_PACKAGE_VERSION = 1  # the plain zip of earlier versions, refused unless allowed

# What the district receives of each record; every other field stays at the school. "id" and
# "version" are on every record (the version is also the change's own).
SENT_FIELDS: dict[str, tuple[str, ...]] = {
    # The school profile as it always went: the school's identity and who runs it.
    "school": ("id", "version", "name", "code", "level", "commune", "district", "province",
               "principal", "clerk", "parent_agency", "approval_policy", "handover_giver"),
    # consent_date: the date the parent's consent was recorded (empty = none; see below).
    "student": ("id", "version", "code", "full_name", "birth_date", "gender", "class_name",
                "grade", "consent_date"),
    "need": ("id", "version", "student_id", "survey_round", "category", "has_device",
             "borrowing_device", "requested_device", "status", "review_comment"),
    "donor": ("id", "version", "name", "donor_type"),
    "donation_batch": ("id", "version", "code", "source", "donor_id", "received_date"),
    "device": ("id", "version", "batch_id", "device_type", "brand", "model", "serial",
               "condition", "cpu", "ram_gb", "storage_gb", "screen_inch", "os",
               "warranty_months", "accessories", "below_min_spec"),
    # The handover facts, not who the receiving adult is.
    "handover": ("id", "version", "device_id", "student_id", "kind", "event_date",
                 "receiver_role", "late", "minutes_no", "reason", "condition", "accessories",
                 "recorded_on"),
    # A dose as CSDL 4.9 asks for it (the date and the vaccine of each dose) and where it was
    # given; the lot number, the facility and notes stay at the school. A student without
    # recorded consent is known to the district by code, class and gender only (see below).
    "vaccination": ("id", "version", "student_id", "kind", "dose_no", "vaccinated_on", "vaccine",
                    "place", "supersedes", "recorded_on", "late"),
    # A school erased a student's personal data: which record, and the pseudonym it now has.
    "erasure": ("id", "student_id", "code"),
}  # fmt: skip
# A student without recorded consent: enough to count (by class, grade, gender) and to match the
# district's decision to the school's record by code; no name, no birth date.
STUDENT_WITHOUT_CONSENT: tuple[str, ...] = (
    "id", "version", "code", "class_name", "grade", "gender", "consent_date",
)  # fmt: skip
# Fields the school's records hold that never leave it: personal details of the child and family
# (CCCD, phone, address, guardian, poverty certificate number, ethnicity — sensitive data under
# Decree 13/2023 and not in the district's reports), free-text notes, the consent form's details,
# internal sort keys and local bookkeeping. A server receiving one of these from an older client
# drops it (and counts it); a field on neither list is refused (``field_not_allowed``).
SCHOOL_ONLY_FIELDS: dict[str, tuple[str, ...]] = {
    "school": ("created_at", "updated_at", "deleted"),
    "student": ("name_key", "sort_key", "ethnicity", "citizen_id", "guardian_name", "phone",
                "address", "consent_method", "consent_ref", "consent_recorded_by",
                "created_at", "updated_at", "deleted"),
    "need": ("poverty_cert_no", "note", "created_at", "updated_at", "deleted"),
    "donor": ("name_key", "created_at", "updated_at", "deleted"),
    "donation_batch": ("note", "created_at", "updated_at", "deleted"),
    "device": ("note", "created_at", "updated_at", "deleted"),
    "handover": ("receiver_name", "relationship", "receiver_citizen_id", "receiver_address",
                 "handed_by", "handed_by_position", "note", "created_at", "updated_at",
                 "deleted"),
    "vaccination": ("lot_no", "facility", "note", "created_at", "updated_at", "deleted"),
    "erasure": (),
}  # fmt: skip


def has_consent(data: Mapping[str, Any]) -> bool:
    """Whether this version of a student's record carries a recorded consent."""
    value = data.get("consent_date")
    return isinstance(value, str) and bool(value.strip())


def sent_fields(entity: str, data: Mapping[str, Any]) -> tuple[str, ...]:
    """The fields of this record that may go to the district (none for an unknown entity)."""
    if entity == "student" and not has_consent(data):
        return STUDENT_WITHOUT_CONSENT
    return SENT_FIELDS.get(entity, ())


def district_view(entity: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """What the district receives of a record: ``SENT_FIELDS`` (or, for a student without
    recorded consent, ``STUDENT_WITHOUT_CONSENT``), in that order, those the record has."""
    return {name: data[name] for name in sent_fields(entity, data) if name in data}


def record_schema_name(entity: str) -> str:
    """The name of an entity's ``data`` schema in the OpenAPI document: student → StudentData."""
    return "".join(part.title() for part in entity.split("_")) + "Data"


def canonical_json(value: Any) -> bytes:
    """The bytes two parties hash to agree that two bodies are the same."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def body_fingerprint(body: dict[str, Any]) -> str:
    """What an Idempotency-Key is bound to: the school, the submission and its changes (not the
    transport: gzip or not, key order, whitespace)."""
    essential = {k: body.get(k) for k in ("school_code", "submission_id", "changes")}
    return hashlib.sha256(canonical_json(essential)).hexdigest()
