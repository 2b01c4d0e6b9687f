"""A problem found while checking a file: where it is (Excel row and cell), a stable code, and a
message the clerk can act on, in Vietnamese (or English)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from desktop_app.core.messages import render

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    severity: Severity
    code: str
    message_id: str
    row: int | None = None  # Excel's row number, as Excel shows it; None for the whole file
    cell: str | None = None  # e.g. "C7"
    column: str | None = None  # the column's header as the template names it
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def message(self, lang: str = "vi") -> str:
        return render(self.message_id, lang, self.params)

    def location(self, lang: str = "vi") -> str:
        if self.row is None:
            return "Tệp" if lang == "vi" else "File"
        where = f"Dòng {self.row}" if lang == "vi" else f"Row {self.row}"
        if self.cell:
            where += f", ô {self.cell}" if lang == "vi" else f", cell {self.cell}"
        if self.column:
            where += f" ({self.column})"
        return where

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "row": self.row,
            "cell": self.cell,
            "column": self.column,
            "message": self.message(lang),
        }


def error(code: str, message_id: str | None = None, **kwargs: Any) -> Problem:
    return _make("error", code, message_id, kwargs)


def warning(code: str, message_id: str | None = None, **kwargs: Any) -> Problem:
    return _make("warning", code, message_id, kwargs)


def _make(severity: Severity, code: str, message_id: str | None, kwargs: dict[str, Any]) -> Problem:
    row = kwargs.pop("row", None)
    cell = kwargs.pop("cell", None)
    column = kwargs.pop("column", None)
    return Problem(severity, code, message_id or code, row, cell, column, kwargs)
