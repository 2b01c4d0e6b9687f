"""Placeholder: what python-calamine does not tell about a workbook (replaced by the real reader)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class SheetDetails:
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    digit_widths: dict[tuple[int, int], int] = field(default_factory=dict)
    hidden_rows: int = 0
    autofilter: bool = False
    hidden: bool = False


@dataclass
class WorkbookDetails:
    date1904: bool = False
    sheets: dict[str, SheetDetails] = field(default_factory=dict)

    def sheet(self, name: str) -> SheetDetails:
        return self.sheets.get(name) or SheetDetails()


def read_details(path: Path, file_format: str) -> WorkbookDetails:
    return WorkbookDetails()
