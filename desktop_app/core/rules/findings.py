"""What a rule says about a value: a problem code (TEMPLATES.md's table), the field it concerns
and the sentence for the clerk. The importer puts a finding on a cell, a form under its field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from desktop_app.core.messages import Msg

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str  # e.g. "already_supported", "invalid_format"
    field: str  # the template field (or form field) it concerns
    msg: Msg

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def error(code: str, field: str, message_id: str, /, **params: Any) -> Finding:
    return Finding("error", code, field, Msg(message_id, params))


def warning(code: str, field: str, message_id: str, /, **params: Any) -> Finding:
    return Finding("warning", code, field, Msg(message_id, params))
