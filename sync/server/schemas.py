"""The wire shapes of ``sync.protocol``, as pydantic models: they make the OpenAPI document and
check what the server answers. Submission bodies are read by hand (``submissions.py``): their
fingerprint is taken over the JSON exactly as sent, and a bad change is that change's rejection,
not a 400 for the whole upload."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from sync.protocol import ENTITIES, MAX_KEY_LENGTH, SERVER_MAX_CHANGES
from sync.server.auth import MAX_CODE_LENGTH, MAX_PASSWORD_LENGTH, MAX_USERNAME_LENGTH
from sync.server.submissions import MAX_ID_LENGTH


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable; match on it, never on the message.")
    message: str = Field(description="Vietnamese, then English.")


class ErrorBody(BaseModel):
    error: ErrorDetail


class Health(BaseModel):
    status: Literal["ok"]


class TokenRequest(BaseModel):
    school_code: str = Field(max_length=MAX_CODE_LENGTH)
    username: str = Field(max_length=MAX_USERNAME_LENGTH)
    password: str = Field(max_length=MAX_PASSWORD_LENGTH)


class ServerKey(BaseModel):
    key_id: str = Field(description="The first 16 hex digits of the key's SHA-256.")
    public_key: str = Field(description="X25519, base64 of the 32 raw bytes.")


class KeyRegistration(BaseModel):
    public_key: str = Field(max_length=64, description="Ed25519, base64 of the 32 raw bytes.")
    client_id: str = Field(min_length=1, max_length=128, description="The school PC's id.")


class KeyRegistered(BaseModel):
    school_code: str
    key_id: str
    fingerprint: str = Field(description="The key id as people compare it: XXXX-XXXX-…")
    replaced: bool = Field(description="True when another key was registered before.")


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"]
    expires_at: str = Field(description="UTC, ISO 8601.")
    expires_in: int = Field(description="Seconds from now.")


class StaffTokenRequest(BaseModel):
    username: str = Field(max_length=MAX_USERNAME_LENGTH)
    password: str = Field(max_length=MAX_PASSWORD_LENGTH)


class StaffSession(BaseModel):
    username: str
    role: Literal["reviewer", "statistician", "health", "admin"]
    unit: str = Field(description="The staff member's province or district code.")
    level: Literal["TH", "THCS", "THPT"] | None = Field(description="Reviewers of one level.")


class StaffTokenResponse(TokenResponse):
    staff: StaffSession


class Change(BaseModel):
    change_id: str = Field(
        max_length=MAX_ID_LENGTH, description="Made by the client; applied once."
    )
    entity: str = Field(json_schema_extra={"enum": list(ENTITIES)})
    entity_id: str | int
    op: Literal["upsert", "delete"]
    version: int = Field(ge=1, description="Not newer than the server's: ignored (stale_version).")
    changed_at: str
    data: dict[str, Any] | None = Field(
        description="The record's fields the district may hold, as listed per entity in"
        " <Entity>Data (e.g. StudentData); an upsert needs data.id == entity_id."
    )


class SubmissionBody(BaseModel):
    school_code: str = Field(description="Must be the token's school (else 403).")
    client_id: str
    submission_id: str = Field(max_length=MAX_ID_LENGTH)
    created_at: str
    changes: list[Change] = Field(max_length=SERVER_MAX_CHANGES)


class SubmissionAccepted(BaseModel):
    submission_id: str
    status: Literal["received"]


class ChangeResult(BaseModel):
    change_id: str
    status: Literal["accepted", "rejected", "duplicate"]
    code: str | None = Field(
        description="duplicate: already_applied | stale_version; rejected: why (stable)."
    )
    message: str | None = Field(description="For the clerk, in Vietnamese.")


class SubmissionStatus(BaseModel):
    submission_id: str
    status: Literal["received", "processing", "done"]
    results: list[ChangeResult] = Field(description="One per change, in order, once done.")


class Decision(BaseModel):
    cursor: int
    student_code: str
    student_id: str = Field(description="The student record's id, as the school sent it.")
    need_id: str | None = Field(description="The need decided on (the latest the school sent).")
    decision: Literal["approved", "returned"]
    comment: str | None
    decided_at: str
    reviewer: str


class Feedback(BaseModel):
    decisions: list[Decision]
    next_cursor: int = Field(description="Pass as ?since= next time.")


IDEMPOTENCY_KEY_DOC = f"Required, at most {MAX_KEY_LENGTH} characters; bound to the body."
