"""Schemathesis hooks for tests/sync/test_schemathesis.py (loaded by ``st run`` through
SCHEMATHESIS_HOOKS): a body generated to be valid carries the logged-in school's code, so it
reaches the submission logic instead of stopping at the 403 for another school's data. Bodies
generated to be invalid are left as they are. A valid body also gets a fresh Idempotency-Key, as
a client mints one per body: the generator's "0" reused for another body is answered with the
documented 422 ``idempotency_key_reused``, which is the contract, not a finding."""

from __future__ import annotations

import os
import uuid
from typing import Any

import schemathesis
from schemathesis.generation import GenerationMode

SCHOOL = os.environ.get("SONGMAY_ST_SCHOOL", "")


@schemathesis.hook
def map_case(context: Any, case: Any) -> Any:
    meta, body = case.meta, case.body
    positive = meta is not None and meta.generation.mode == GenerationMode.POSITIVE
    if positive and isinstance(body, dict) and "changes" in body and "school_code" in body:
        body["school_code"] = SCHOOL
        if case.headers and "Idempotency-Key" in case.headers:
            case.headers["Idempotency-Key"] = uuid.uuid4().hex
    return case
