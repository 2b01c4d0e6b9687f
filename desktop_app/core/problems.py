"""A problem found while checking a file: where it is (Excel row and cell), a stable code, and a
message the clerk can act on, in Vietnamese (or English)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from desktop_app.core.messages import render

# "info": something the clerk should know about the file that changes nothing (the table's
# footer was left out, rows are hidden); never counted as a warning.
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Problem:
    severity: Severity
    code: str
    message_id: str
    row: int | None = None  # Excel's row number, as Excel shows it; None for the whole file
    cell: str | None = None  # e.g. "C7"
    column: str | None = None  # the column's header as the template names it
    params: dict[str, Any] = field(default_factory=dict)
    sheet: str | None = None  # the sheet it is on, when it is on one

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def ref(self) -> str | None:
        """The cell as Excel names it across sheets: ``'Lớp 6A1'!C7`` (or ``6A1!C7``)."""
        if not self.cell:
            return None
        if not self.sheet:
            return self.cell
        return f"{sheet_ref(self.sheet)}!{self.cell}"

    def message(self, lang: str = "vi") -> str:
        return render(self.message_id, lang, self.params)

    def location(self, lang: str = "vi", with_sheet: bool = True) -> str:
        """ "Dòng 7, ô C7 (Lớp)"; with the sheet ("ô '6A1'!C7") unless the file had one."""
        if not with_sheet:
            return replace(self, sheet=None).location(lang)
        if self.row is None:
            if self.sheet:
                return f"Trang tính {self.sheet}" if lang == "vi" else f"Sheet {self.sheet}"
            return "Tệp" if lang == "vi" else "File"
        where = f"Dòng {self.row}" if lang == "vi" else f"Row {self.row}"
        if self.cell:
            where += f", ô {self.ref}" if lang == "vi" else f", cell {self.ref}"
        elif self.sheet:
            where += f" ({sheet_ref(self.sheet)})"
        if self.column:
            where += f" ({self.column})"
        return where

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "row": self.row,
            "sheet": self.sheet,
            "cell": self.cell,
            "ref": self.ref,
            "column": self.column,
            "message": self.message(lang),
        }


def error(code: str, message_id: str | None = None, **kwargs: Any) -> Problem:
    return _make("error", code, message_id, kwargs)


def warning(code: str, message_id: str | None = None, **kwargs: Any) -> Problem:
    return _make("warning", code, message_id, kwargs)


def info(code: str, message_id: str | None = None, **kwargs: Any) -> Problem:
    return _make("info", code, message_id, kwargs)


def _make(severity: Severity, code: str, message_id: str | None, kwargs: dict[str, Any]) -> Problem:
    row = kwargs.pop("row", None)
    cell = kwargs.pop("cell", None)
    column = kwargs.pop("column", None)
    sheet = kwargs.get("sheet")  # also a field of messages that name it ("Trang tính {sheet}")
    return Problem(severity, code, message_id or code, row, cell, column, kwargs, sheet)


def sheet_ref(name: str) -> str:
    """A sheet's name as Excel writes it before "!": quoted when it is not a plain word."""
    if name.replace("_", "").isalnum() and not name[0].isdigit():
        return name
    return "'" + name.replace("'", "''") + "'"
