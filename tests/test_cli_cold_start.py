"""The command line's cold start (issue 19): each command imports what it needs and no more —
``--version`` nothing of the application, ``info`` neither the import pipeline nor openpyxl, the
sync client, the keyring (its key file named) or Qt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlite_utils import Database

from desktop_app import __version__, cli

PROBE = """
import json, sys
from desktop_app.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
print("\\nMODULES " + json.dumps(sorted(sys.modules)))
raise SystemExit(code)
"""


def run_cli(*args: str) -> tuple[str, set[str]]:
    """``songmay ARGS`` in a fresh Python: what it printed, and the modules it had loaded."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out, _, modules = done.stdout.rpartition("\nMODULES ")
    return out, set(json.loads(modules))


def test_version_loads_nothing_of_the_application():
    out, modules = run_cli("--version")
    assert out.strip() == f"songmay {__version__}"
    heavy = {"sqlite_utils", "openpyxl", "desktop_app.core.importing.base", "desktop_app.core.messages",
             "desktop_app.handover_cli", "desktop_app.core.store.database", "keyring", "PySide6"}  # fmt: skip
    assert heavy & modules == set()


def test_version_after_the_main_options_too():
    assert (
        run_cli("--db", "x.sqlite3", "--lang", "en", "--version")[0].strip().endswith(__version__)
    )
    assert cli.asks_version(["--version"]) and cli.asks_version(["--user", "An", "--version"])
    assert not cli.asks_version(["info", "--version"])  # a command's own option: argparse says
    assert not cli.asks_version(["--db", "--version"])  # the value of --db


def test_info_loads_neither_the_import_pipeline_nor_the_network_nor_qt(db: Database):
    path = Path(db.conn.execute("PRAGMA database_list").fetchone()[2])
    db.close()
    out, modules = run_cli("--db", str(path), "info")
    assert "Trường THCS Ea Tu" in out
    unwanted = {"openpyxl", "desktop_app.core.importing.base", "requests", "sync", "keyring",
                "PySide6"}  # fmt: skip
    assert unwanted & modules == set()
