"""The command line's cold start (issue 19): each command imports what it needs and no more —
``--version`` nothing of the application, ``info`` neither the import pipeline nor openpyxl, the
sync client, the keyring (its key file named) or Qt."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from builders import fill_needs_and_devices
from health_faults import flip_page, school_with_backup
from sqlite_utils import Database
from test_cli import songmay
from test_health import RAW_SQLITE

from desktop_app import __version__, cli
from desktop_app.core.safekeeping import health
from desktop_app.core.store import database, driver
from desktop_app.core.store.database import connect_keyed
from desktop_app.core.store.queries import database_info
from desktop_app.core.store.schema import migrations
from tests.fresh_python import run_fresh

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
    out, _, modules = run_fresh(PROBE, *args).rpartition("\nMODULES ")
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


def test_info_reads_without_sqlite_utils_the_other_commands_or_the_text_tables(db, tmp_path):
    """``songmay info`` opens the file read-only (``database.open_read_only``): neither
    sqlite-utils nor the schema's migrations, no other command's module, not the templates, the
    text module's tables or ``logging.handlers`` — and prints the very figures the full open
    gives."""
    fill_needs_and_devices(db, tmp_path, count=4)
    path = Path(db.conn.execute("PRAGMA database_list").fetchone()[2])
    expected = database_info(db, path)
    db.close()
    out, modules = run_cli("--db", str(path), "info", "--json")
    assert json.loads(out) == json.loads(json.dumps(expected, ensure_ascii=False))
    assert expected["counts"]["students"] == 4 and expected["counts"]["needs"] == 4
    unwanted = {"sqlite_utils", "desktop_app.core.store.schema", "desktop_app.handover_cli",
                "desktop_app.sync_cli", "desktop_app.backup_cli", "desktop_app.consent_cli",
                "desktop_app.erase_cli", "desktop_app.core.templates.spec", "desktop_app.core.text",
                "logging.handlers", "desktop_app.core.importing"}  # fmt: skip
    assert unwanted & modules == set()
    text, _ = run_cli("--db", str(path), "info")  # the words too
    assert "Học sinh: 4 · Nhu cầu: 4" in text


def test_the_whole_parser_still_answers_the_help_and_other_commands(capsys):
    """Only a command of cli.py's own, named after main options, gets the one-command parser."""
    assert cli.command_word(["info"]) == "info"
    assert cli.command_word(["--db", "x.sqlite3", "--lang=en", "--us", "info", "info"]) == "info"
    assert cli.command_word(["--demo", "export", "needs", "out.xlsx"]) == "export"
    for line in (["-h", "info"], ["--help"], ["--d", "info"], ["--", "info"], ["--db"], []):
        assert cli.command_word(line) is None, line  # the whole parser: help, or its refusal
    with pytest.raises(SystemExit):
        cli.main(["--lang", "en", "--help"])
    out = capsys.readouterr().out
    assert all(command in out for command in ("allocate", "sync", "erase", "info", "audit"))
    with pytest.raises(SystemExit):
        cli.main(["info", "--help"])
    assert "--json" in capsys.readouterr().out


def test_the_read_only_open_knows_every_migration_and_leaves_an_older_file_to_the_full_open(
    db: Database,
):
    assert (
        tuple(m.name for m in migrations.pending(Database(memory=True)))
        == database.KNOWN_MIGRATIONS
    )
    path = Path(db.conn.execute("PRAGMA database_list").fetchone()[2])
    conn = database.open_read_only(path)
    assert conn is not None
    with pytest.raises(driver.OperationalError):  # a reader: nothing written through it
        conn.execute("DELETE FROM school_profile")
    conn.close()
    db.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [database.KNOWN_MIGRATIONS[-1]])
    db.conn.commit()
    assert database.open_read_only(path) is None  # a migration pending: open_database's job
    assert database.open_read_only(path.with_name("new.sqlite3")) is None  # a first run


ROOT = "SELECT rootpage FROM sqlite_master WHERE name = ?"


def test_a_damaged_page_that_info_reads_is_reported_with_the_restore_command(db, tmp_path):
    """The cheap check (first page and schema, not every page) passes; the school's page fails
    its HMAC when info reads the profile, and info says what the full check says. (A damaged
    page that info does not read is found by the next command that reads it, and by the
    window's check of every page: test_health.)"""
    path = school_with_backup(db, tmp_path)
    with contextlib.closing(connect_keyed(path)) as conn:
        root = conn.execute(ROOT, ["school_profile"]).fetchone()
    flip_page(path, root[0])
    assert health.check_health(path, pages=False).ok  # not seen without reading every page
    verdict = health.check_health(path)
    assert verdict.kind == "damaged" and verdict.newest_good is not None
    done = songmay("info", db=path)
    assert done.returncode == 2 and done.stdout == ""
    assert f"restore {verdict.newest_good.path}" in done.stderr and "tệp bị hỏng" in done.stderr
    assert not RAW_SQLITE.search(done.stderr), done.stderr


def test_the_read_only_info_still_refuses_a_user_the_school_has_not_created(db: Database):
    from desktop_app.core.users import add_user

    add_user(db.conn, "Cô Lan", "clerk")
    path = Path(db.conn.execute("PRAGMA database_list").fetchone()[2])
    db.close()
    refused = songmay("--user", "Nobody", "info", db=path)
    assert refused.returncode == 2 and "Nobody" in refused.stderr and refused.stdout == ""
    done = songmay("--user", "co lan", "info", db=path)
    assert done.returncode == 0 and "Trường THCS Ea Tu" in done.stdout, done.stderr
