"""The window's layer keeps to its side of ARCHITECTURE.md: no SQL in desktop_app/ui; questions
about the data are calls into the core. (That the core and the CLI never import Qt is checked by
tests/test_architecture.py.)"""

from __future__ import annotations

import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "desktop_app" / "ui"
SQL = re.compile(
    r"\.execute(many|script)?\(|\bimport sqlite3\b|\b(SELECT|INSERT INTO|DELETE FROM)\b"
)


def test_the_ui_layer_holds_no_sql():
    sources = sorted(UI.rglob("*.py"))
    assert len(sources) >= 8
    offending = [
        f"{path.relative_to(UI)}:{number}: {line.strip()}"
        for path in sources
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SQL.search(line)
    ]
    assert offending == []
