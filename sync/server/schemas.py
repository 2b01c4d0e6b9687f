"""The wire shapes of ``sync.protocol``, as pydantic models: they make the OpenAPI document,
check what the server answers, and check what it receives — the document says exactly what the
server enforces. Submission bodies are read by hand (``submissions.py``: their fingerprint is
taken over the JSON as sent, after the checks no schema can state: depth, 64-bit integers inside
``data``, finite numbers, real Unicode) and then checked against ``SubmissionBody`` (strict: no
coercion). What is wrong inside a change's ``data`` (a missing field, a field not allowed) is
still that change's own rejection, found by the worker."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    StringConstraints,
    field_validator,
)
from pydantic_core import PydanticCustomError

from sync.protocol import ENTITIES, MAX_KEY_LENGTH, SERVER_MAX_CHANGES
from sync.server.auth import MAX_CODE_LENGTH, MAX_PASSWORD_LENGTH, MAX_USERNAME_LENGTH
from sync.server.submissions import (
    _SURROGATE,
    ID_PATTERN,
    INT64_MAX,
    INT64_MIN,
    MAX_ID_LENGTH,
)

# No NUL anywhere (PostgreSQL's text cannot hold it); NOT_BLANK: and one character not a space.
NO_NUL = r"^[^\x00]*$"
NOT_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"


def _real_unicode(value: str) -> str:
    if _SURROGATE.search(value):
        raise ValueError("not valid Unicode (a lone surrogate)")
    return value


# A string as FastAPI reads it from a JSON body: a lone surrogate is a 400, not a crash later.
Text = Annotated[str, AfterValidator(_real_unicode)]
# Free text the server stores (a record's values, a change's time): no NUL either. (Not Text
# itself: a Field(pattern=…) on a Text would lose to this one.)
StoredText = Annotated[str, StringConstraints(pattern=NO_NUL), AfterValidator(_real_unicode)]
Id = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID_LENGTH, pattern=ID_PATTERN)]


def _whole_number(value: object) -> object:
    """JSON has one kind of number: 2.0 is the integer 2 (as JSON Schema says)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


Int64 = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX), BeforeValidator(_whole_number)]
# A value in a record's data: what a column of the school's database holds. Numbers stay within
# the signed 64-bit range (so no NaN, no infinity).
Scalar = StoredText | Int64 | Annotated[float, Field(ge=INT64_MIN, le=INT64_MAX)] | bool | None


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable; match on it, never on the message.")
    message: str = Field(description="Vietnamese, then English.")


class ErrorBody(BaseModel):
    error: ErrorDetail


class Health(BaseModel):
    status: Literal["ok"]


class TokenRequest(BaseModel):
    school_code: Text = Field(max_length=MAX_CODE_LENGTH)
    username: Text = Field(max_length=MAX_USERNAME_LENGTH)
    password: Text = Field(max_length=MAX_PASSWORD_LENGTH)


class ServerKey(BaseModel):
    key_id: str = Field(description="The first 16 hex digits of the key's SHA-256.")
    public_key: str = Field(description="X25519, base64 of the 32 raw bytes.")


class KeyRegistration(BaseModel):
    public_key: Text = Field(
        pattern=r"^[A-Za-z0-9+/]{43}=$", description="Ed25519, base64 of the 32 raw bytes."
    )
    client_id: Text = Field(min_length=1, max_length=128, description="The school PC's id.")


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
    change_id: Id = Field(description="Made by the client; applied once.")
    entity: str = Field(json_schema_extra={"enum": list(ENTITIES)})
    entity_id: Id | Int64
    op: Literal["upsert", "delete"]
    version: Annotated[int, BeforeValidator(_whole_number)] = Field(
        ge=1, le=INT64_MAX, description="Not newer than the server's: ignored (stale_version)."
    )
    changed_at: StoredText
    data: dict[StoredText, Scalar] | None = Field(
        description="The record's fields the district may hold, as listed per entity in"
        " <Entity>Data (e.g. StudentData); an upsert needs data.id == entity_id.",
        json_schema_extra={"propertyNames": {"pattern": NO_NUL}},
    )

    @field_validator("entity")
    @classmethod
    def _known_entity(cls, value: str) -> str:
        if value not in ENTITIES:
            raise PydanticCustomError(
                "enum", "Input should be one of: {expected}", {"expected": ", ".join(ENTITIES)}
            )
        return value


class SubmissionBody(BaseModel):
    school_code: str = Field(
        min_length=1, max_length=MAX_CODE_LENGTH, pattern=r"^\S+$",
        description="Must be the token's school (else 403).",
    )  # fmt: skip
    client_id: str = Field(min_length=1, max_length=MAX_ID_LENGTH, pattern=NOT_BLANK)
    submission_id: Id
    created_at: str = Field(min_length=1, max_length=MAX_ID_LENGTH, pattern=NOT_BLANK)
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


IDEMPOTENCY_KEY_DOC = (
    f"Required: 1 to {MAX_KEY_LENGTH} letters A-Z, a-z, digits or '-'; bound to the body."
)
