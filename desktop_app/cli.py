"""``songmay``: the same jobs as the window, without it (for district IT staff, scripts, tests)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop_app import __version__
from desktop_app.core.locale import DEFAULT_LANGUAGE, LANGUAGES, language

# Everything else is imported where a command needs it: ``songmay --version`` loads nothing of
# the application, ``songmay info`` neither the import pipeline nor openpyxl (issue 19).


def say(message_id: str, lang: str, **values: Any) -> str:
    """``core.messages.say``, its catalogue loaded on the first message."""
    from desktop_app.core.messages import say as say_

    return say_(message_id, lang, **values)


def resolve_db_path(db: str | None) -> Path:
    from desktop_app.core.paths import resolve_db_path as resolve

    return resolve(db)


EXIT_OK, EXIT_ROW_ERRORS, EXIT_FILE_ERROR = 0, 1, 2

# The school profile's fields; each is labelled by the message "cli.school.<field>".
SCHOOL_FIELDS = ("name", "code", "level", "commune", "district", "province", "principal", "clerk",
                 "parent_agency", "approval_policy", "handover_giver")  # fmt: skip
MAX_PRINTED_PROBLEMS = 50


def requested_language(argv: Sequence[str]) -> str:
    """The ``--lang`` of a command line, read before the parser exists so that its help is in
    that language too (argparse's own abbreviations, ``--la en``, included)."""
    found = DEFAULT_LANGUAGE
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        name, equals, value = arg.partition("=")
        if len(name) < 3 or not "--lang".startswith(name):
            continue
        if not equals:
            value = argv[index + 1] if index + 1 < len(argv) else ""
        found = value
    return language(found)


def build_parser(lang: str = DEFAULT_LANGUAGE, only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; ``only``, one of this module's own commands: the main options and
    that command alone, the other areas' modules not even imported (what ``main`` parses a
    command line naming it with: ``songmay info`` starts in half the time)."""

    def t(message_id: str) -> str:
        return say(message_id, lang)

    parser = argparse.ArgumentParser(prog="songmay", description=t("cli.description"))
    parser.add_argument("--version", action="version", version=f"songmay {__version__}")
    parser.add_argument("--db", help=t("cli.help.db"))
    parser.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE,
                        help=t("cli.help.lang"))  # fmt: skip
    parser.add_argument("--demo", action="store_true", help=t("cli.help.demo"))
    parser.add_argument("--user", help=t("cli.help.user"))
    commands = parser.add_subparsers(dest="command", metavar=t("cli.help.command"))
    for name, add in _OWN_PARSERS.items():
        if only is None or only == name:
            add(commands, t)
    if only in _OWN_PARSERS:
        return parser
    from desktop_app import backup_cli, consent_cli, erase_cli, handover_cli, sync_cli

    handover_cli.add_parsers(commands, lang)
    sync_cli.add_parsers(commands, lang)
    backup_cli.add_parsers(commands, lang)
    erase_cli.add_parsers(commands, lang)
    consent_cli.add_parsers(commands, lang)
    return parser


def _kinds() -> tuple[str, ...]:
    from desktop_app.core.templates.spec import KINDS

    return tuple(KINDS)


def _add_template(commands: Any, t: Callable[[str], str]) -> None:
    template = commands.add_parser(
        "template", help=t("cli.help.template"), description=t("cli.help.template")
    )
    template.add_argument("kind", choices=_kinds(), help=t("cli.help.kind"))
    template.add_argument("out", type=Path, help=t("cli.help.template_out"))


def _add_import(commands: Any, t: Callable[[str], str]) -> None:
    imp = commands.add_parser("import", help=t("cli.help.import"), description=t("cli.help.import"))
    imp.add_argument("kind", choices=_kinds(), help=t("cli.help.kind"))
    imp.add_argument("file", type=Path, help=t("cli.help.import_file"))
    imp.add_argument("--dry-run", action="store_true", help=t("cli.help.dry_run"))
    imp.add_argument("--partial", action="store_true", help=t("cli.help.partial"))
    imp.add_argument("--report", type=Path, help=t("cli.help.report"))
    imp.add_argument("--json", action="store_true", help=t("cli.help.json"))


def _add_export(commands: Any, t: Callable[[str], str]) -> None:
    exp = commands.add_parser("export", help=t("cli.help.export"), description=t("cli.help.export"))
    exp.add_argument("kind", choices=_kinds(), help=t("cli.help.kind"))
    exp.add_argument("out", type=Path, help=t("cli.help.export_out"))


def _add_report(commands: Any, t: Callable[[str], str]) -> None:
    report = commands.add_parser(
        "report", help=t("cli.help.report_command"), description=t("cli.help.report_command")
    )
    kinds = ("summary", "donors", "vaccinations")
    report.add_argument("report_kind", choices=kinds, metavar="|".join(kinds),
                        help=f"{t('cli.help.report_kind')}; "
                             f"{t('cli.help.report_kind_vaccinations')}")  # fmt: skip
    report.add_argument("out", type=Path, help=t("cli.help.export_out"))


def _add_school(commands: Any, t: Callable[[str], str]) -> None:
    school = commands.add_parser(
        "school", help=t("cli.help.school"), description=t("cli.help.school")
    )
    for name in SCHOOL_FIELDS:
        school.add_argument(f"--{name.replace('_', '-')}", dest=name, help=t(f"cli.school.{name}"))
    school.add_argument("--json", action="store_true", help=t("cli.help.json"))


def _add_info(commands: Any, t: Callable[[str], str]) -> None:
    info = commands.add_parser("info", help=t("cli.help.info"), description=t("cli.help.info"))
    info.add_argument("--json", action="store_true", help=t("cli.help.json"))


def _add_audit(commands: Any, t: Callable[[str], str]) -> None:
    audit = commands.add_parser("audit", help=t("cli.help.audit"), description=t("cli.help.audit"))
    audit.add_argument("--access", action="store_true", help=t("cli.help.audit_access"))
    audit.add_argument("--since", type=_day, metavar="dd/mm/yyyy", help=t("cli.help.audit_since"))
    audit.add_argument("--json", action="store_true", help=t("cli.help.json"))


# This module's own commands, in the order the help lists them.
_OWN_PARSERS: dict[str, Callable[[Any, Callable[[str], str]], None]] = {
    "template": _add_template,
    "import": _add_import,
    "export": _add_export,
    "report": _add_report,
    "school": _add_school,
    "info": _add_info,
    "audit": _add_audit,
}


def _open(args: argparse.Namespace) -> Any:
    """The database, its connection signed by the user of this command: ``--user``, else the
    ``SONGMAY_USER`` variable, else the OS login (a name the school has not created is refused
    when it has users)."""
    from desktop_app.core.store.database import open_database
    from desktop_app.core.store.queries import data_state
    from desktop_app.core.store.session import set_session_actor
    from desktop_app.core.users import cli_actor
    from desktop_app.db_key_cli import unlock_at_terminal

    path = resolve_db_path(args.db)
    unlock_at_terminal(path, args.lang)
    check_before_opening(path, args.lang)
    db = open_database(path)
    user = getattr(args, "user", None)
    set_session_actor(db.conn, cli_actor(db.conn, user, os.environ.get("SONGMAY_USER")))
    _OPENED.append((db, data_state(db.conn)))
    return db


# The databases this command opened, each with the state of its data then (``data_state``).
_OPENED: list[tuple[Any, tuple[int, int]]] = []


def _keep_figures() -> None:
    """After a command that changed the school's data (an import, a handover, a sync…): the
    dashboard's figures computed and kept, so that the next start of the window paints them at
    once instead of computing them (``core.dashboard.keep_current``). A command that changed
    nothing costs one small read. Never fails the command: what cannot be kept is computed by
    the window."""
    while _OPENED:
        db, before = _OPENED.pop()
        try:
            from desktop_app.core.store.queries import data_state

            if data_state(db.conn) == before:
                continue
            from desktop_app.core.dashboard import keep_current

            keep_current(db)
        except Exception as exc:  # the file closed by the command, or unreadable: the window's job
            import logging

            logging.getLogger("songmay.cli").warning(
                "the dashboard's figures were not kept: %s", type(exc).__name__
            )


def _open_to_read(args: argparse.Namespace, path: Path) -> Any | None:
    """A connection for a command that only reads (``info``), or None when the file needs the
    full ``_open`` first (``database.open_read_only``). The same key, the same user and the same
    health check as ``_open`` — but for the read of every page (``PRAGMA quick_check``, which
    grows with the file): a read-only command reads what it shows, and a damaged page among
    those fails its HMAC (SQLCipher checks every page it reads), which ``_read_failures``
    answers with the full check's verdict and its restore command. Damage elsewhere is left to
    the commands that read or write it, and to the window's check after its first paint."""
    from desktop_app.core.store.database import open_read_only
    from desktop_app.core.users import cli_actor
    from desktop_app.db_key_cli import unlock_at_terminal

    unlock_at_terminal(path, args.lang)
    check_before_opening(path, args.lang, pages=False)
    with _read_failures(path):
        conn = open_read_only(path)
        if conn is not None:
            try:  # nothing is written, so nobody signs; an unknown user is still refused
                cli_actor(conn, getattr(args, "user", None), os.environ.get("SONGMAY_USER"))
            except BaseException:
                conn.close()
                raise
    return conn


@contextlib.contextmanager
def _read_failures(path: Path) -> Iterator[None]:
    """A page that fails its check while a read-only command reads is reported as the health
    check reports a damaged file (what is wrong, the restore command), not in SQLite's words."""
    from desktop_app.core.errors import StoreError
    from desktop_app.core.safekeeping.health import pages_verdict
    from desktop_app.core.store import driver
    from desktop_app.core.store.database import open_error

    try:
        yield
    except (driver.DatabaseError, StoreError) as exc:
        error = open_error(exc, path) if isinstance(exc, driver.DatabaseError) else exc
        if error.code in ("damaged", "wrong_key"):
            verdict = pages_verdict(path)
            if not verdict.ok:
                raise StoreError(verdict.as_message(), code="database_damaged") from exc
        if error is exc:
            raise
        raise error from exc


def check_before_opening(path: Path, lang: str, *, pages: bool = True) -> None:
    """The health check the window runs too (``safekeeping.health``): a damaged, emptied or cut
    short file, changes lost with a damaged -wal, a full disk are refused (exit 2) with what to
    do — the exact ``songmay restore`` command — instead of a new school or SQLite's words."""
    from desktop_app.core.errors import StoreError
    from desktop_app.core.safekeeping.health import accept_state, check_health

    verdict = check_health(path, pages=pages)
    if verdict.ok:
        return
    if verdict.kind == "changes_lost" and verdict.newest_good is None:
        # Nothing to restore: say it once, then carry on with what the file holds.
        print(say("cli.error", lang, message=verdict.message(lang)), file=sys.stderr)
        accept_state(path)
        return
    code = "disk_full" if verdict.kind == "disk_full" else "database_damaged"
    raise StoreError(verdict.as_message(), code=code)


def _day(text: str) -> date:
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(text) from exc


def cmd_template(args: argparse.Namespace) -> int:
    from desktop_app.core.importing.export import write_template
    from desktop_app.core.templates.spec import load_template

    db = _open(args) if args.db else None
    write_template(db, args.kind, args.out)
    title = load_template(args.kind).title.capitalize()
    print(say("cli.template.written", args.lang, title=title, path=args.out))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from desktop_app.clock_cli import checked_today
    from desktop_app.core.importing.service import ImportOptions, import_file

    db = _open(args)
    options = ImportOptions(
        dry_run=args.dry_run, partial=args.partial, today=checked_today(db, args.lang)
    )
    report = import_file(db, args.kind, args.file, options)
    if args.report:  # openpyxl, loaded only for it (a tenth of a second)
        from desktop_app.core.importing.report import write_error_report

        write_error_report(report, args.report, args.lang)
    if args.json:
        print(json.dumps(report.as_dict(args.lang), ensure_ascii=False))
        return report.exit_code
    lang = args.lang
    many = len(report.sheets) > 1
    if many:
        sheets = ", ".join(f"{s.name} ({s.rows_read})" for s in report.sheets)
        print(say("cli.import.summary_sheets", lang, count=len(report.sheets), sheets=sheets,
                  rows_read=report.rows_read, rows_valid=report.rows_valid,
                  errors=len(report.errors), warnings=len(report.warnings)))  # fmt: skip
    elif report.sheet:
        print(say("cli.import.summary", lang, sheet=report.sheet, header_row=report.header_row,
                  rows_read=report.rows_read, rows_valid=report.rows_valid,
                  errors=len(report.errors), warnings=len(report.warnings)))  # fmt: skip
    for problem in report.problems[:MAX_PRINTED_PROBLEMS]:
        label = say(f"cli.import.severity.{problem.severity}", lang)
        print(f"{label} [{problem.code}] {problem.location(lang, many)}: {problem.message(lang)}")
    if len(report.problems) > MAX_PRINTED_PROBLEMS:
        more = "cli.import.more.in_report" if args.report else "cli.import.more"
        print(say(more, lang, count=len(report.problems) - MAX_PRINTED_PROBLEMS))
    if args.report:
        print(say("cli.import.report_written", lang, path=args.report))
    if report.dry_run:
        print(say("cli.import.dry_run", lang))
    elif report.rows_imported or not report.errors:
        print(say("cli.import.imported", lang, count=report.rows_imported, created=report.created,
                  updated=report.updated, unchanged=report.unchanged))  # fmt: skip
    elif not report.file_error:
        print(say("cli.import.blocked", lang))
    return report.exit_code


def cmd_export(args: argparse.Namespace) -> int:
    from desktop_app.core.importing.export import export_file

    count = export_file(_open(args), args.kind, args.out)
    print(say("cli.exported", args.lang, count=count, path=args.out))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """The Báo cáo page's Excel reports, written by the very same functions."""
    from desktop_app.core.reports import REPORTS

    REPORTS[args.report_kind](_open(args), args.out)
    print(say("cli.report.written", args.lang, path=args.out))
    return EXIT_OK


def cmd_school(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from desktop_app.core.school import load_school, save_school

    db = _open(args)
    changes = {name: getattr(args, name) for name in SCHOOL_FIELDS if getattr(args, name)}
    profile = save_school(db, changes) if changes else load_school(db)
    if args.json:
        print(json.dumps(asdict(profile), ensure_ascii=False))
    elif not any(asdict(profile).values()):
        print(say("cli.school.empty", args.lang))
    else:
        for name in SCHOOL_FIELDS:
            print(f"{say(f'cli.school.{name}', args.lang)}: {getattr(profile, name) or '—'}")
    return EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    from desktop_app.core.store.queries import connection_info, database_info

    path = resolve_db_path(args.db)
    conn = _open_to_read(args, path)
    if conn is None:  # a first run, a file of an earlier version: the full open makes it ready
        info = database_info(_open(args), path)
    else:
        with contextlib.closing(conn), _read_failures(path):
            info = connection_info(conn, path)
    if args.json:
        print(json.dumps(info, ensure_ascii=False))
        return EXIT_OK
    lang, school, counts = args.lang, info["school"], info["counts"]
    print(say("cli.info.title", lang, version=__version__))
    print(say("cli.info.database", lang, path=info["database"]))
    name = school.get("name") or say("cli.info.school.unset", lang)
    if school.get("code"):
        print(say("cli.info.school.coded", lang, name=name, code=school["code"],
                  level=school["level"]))  # fmt: skip
    else:
        print(say("cli.info.school", lang, name=name))
    print(say("cli.info.counts", lang, students=counts["students"], needs=counts["needs"],
              donors=counts["donors"], batches=counts["donation_batches"],
              devices=counts["devices"], handed_over=counts["handed_over"]))  # fmt: skip
    print(say("cli.info.figures", lang, **info["figures"]))
    print(say("cli.info.pending", lang, count=info["outbox"]["pending"]))
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    """The journal of changes and the access trail (``--access``: only the trail)."""
    from desktop_app.core.access import audit_entries

    entries = audit_entries(_open(args).conn, since=args.since, access_only=args.access)
    if args.json:
        print(json.dumps(entries, ensure_ascii=False))
        return EXIT_OK
    if not entries:
        print(say("cli.audit.empty", args.lang))
    for e in entries:
        print(f"{e['at']}  {e['actor']}  {e['what']}  {e['target']}"
              + (f"  ({e['students']})" if e.get("students") is not None else ""))  # fmt: skip
    return EXIT_OK


COMMANDS = {
    "audit": cmd_audit,
    "template": cmd_template,
    "import": cmd_import,
    "export": cmd_export,
    "report": cmd_report,
    "school": cmd_school,
    "info": cmd_info,
}


# The main options that take a value: a word after them is not a command.
OPTIONS_WITH_VALUE = ("--db", "--lang", "--user")


def asks_version(argv: Sequence[str]) -> bool:
    """``--version`` among the main options (before any command): answered before the parser,
    its messages and the commands' modules are loaded (a cold start of a few tens of ms)."""
    expects_value = False
    for arg in argv:
        if expects_value:
            expects_value = False
            continue
        if arg == "--version":
            return True
        if arg in OPTIONS_WITH_VALUE:
            expects_value = True
        elif arg == "--" or not arg.startswith("-") or arg in ("-h", "--help"):
            return False  # a command, or the help, which argparse gives first
    return False


def command_word(argv: Sequence[str]) -> str | None:
    """The command a command line names when only main options (``--db``, ``--lang``,
    ``--user``, ``--demo``, spelt whole or shortened as argparse allows) come before it; None
    for anything else (the help, ``--``, an option argparse would refuse): the whole parser
    answers those."""
    expects_value = False
    for arg in argv:
        if expects_value:
            expects_value = False
            continue
        if not arg.startswith("-"):
            return arg
        name, equals, _ = arg.partition("=")
        matches = [option for option in MAIN_OPTIONS if len(name) >= 3 and option.startswith(name)]
        if len(matches) != 1:
            return None
        expects_value = matches[0] in OPTIONS_WITH_VALUE and not equals
    return None


MAIN_OPTIONS = (*OPTIONS_WITH_VALUE, "--demo")


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if asks_version(arguments):
        print(f"songmay {__version__}")
        return EXIT_OK
    from desktop_app.core.errors import SongMayError
    from desktop_app.core.resources import ResourcesMissing

    try:
        parser = build_parser(requested_language(arguments), only=command_word(arguments))
    except ResourcesMissing as exc:  # a broken installation: not even the messages are there
        print(exc, file=sys.stderr)
        return EXIT_FILE_ERROR
    args = parser.parse_args(arguments)
    lang = args.lang
    try:
        if args.command is None:  # the window; only this path imports Qt
            from desktop_app import display_check

            if not _has_display():
                print(say("cli.no_display", lang), file=sys.stderr)
                return EXIT_FILE_ERROR
            if display_check.would_use_xcb():
                missing = display_check.missing_for_window()
                if missing is not None:  # instead of Qt's abort: what to install
                    said = _window_language(arguments, lang)
                    libraries = ", ".join(missing.libraries) or missing.error
                    print(say("cli.window.xcb_missing", said, libraries=libraries,
                              command=missing.command), file=sys.stderr)  # fmt: skip
                    return EXIT_FILE_ERROR
            from desktop_app.ui.shell.app import run

            return run(resolve_db_path(args.db), demo=args.demo)
        _remove_leftovers(args)
        try:
            if args.command in COMMANDS:
                code = COMMANDS[args.command](args)
            else:
                from desktop_app import backup_cli, consent_cli, erase_cli, handover_cli, sync_cli

                area = next(area for area in (handover_cli, sync_cli, consent_cli, backup_cli,
                                              erase_cli) if args.command in area.COMMANDS)  # fmt: skip
                code = area.COMMANDS[args.command](args, _open)
            _keep_figures()
        finally:
            _OPENED.clear()
        return int(code)
    except SongMayError as exc:
        print(say("cli.error", lang, message=exc.text(lang)), file=sys.stderr)
        return EXIT_FILE_ERROR
    except BrokenPipeError:  # the output was piped into a program that stopped reading
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:  # a file the user named cannot be written or read
        print(say("cli.error.file", lang, file=exc.filename or "", reason=exc.strerror or exc),
              file=sys.stderr)  # fmt: skip
        return EXIT_FILE_ERROR
    except Exception:  # a bug of ours: the details go to the log, the clerk gets a sentence
        log = _log_unexpected_error()
        where = str(log) if log is not None else say("cli.error.no_log", lang)
        print(say("cli.error.unexpected", lang, log=where), file=sys.stderr)
        return 3


def _window_language(arguments: Sequence[str], lang: str) -> str:
    """The window's language before Qt exists: ``--lang`` when given, else the one saved by the
    window (QSettings' INI file on Linux: ``~/.config/<author>/<app>.conf``, ``[ui] language``)."""
    for arg in arguments:
        if arg == "--":
            break
        name = arg.partition("=")[0]
        if len(name) >= 3 and "--lang".startswith(name):  # as requested_language reads it
            return lang
    import configparser

    from desktop_app.core.paths import APP_AUTHOR, APP_NAME

    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    saved = configparser.ConfigParser(interpolation=None)
    try:
        saved.read(config / APP_AUTHOR / f"{APP_NAME}.conf", encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return lang
    return language(saved.get("ui", "language", fallback=lang))


def _has_display() -> bool:
    """Qt aborts the process when it finds no screen; say what to do instead (over SSH, on a
    server). Windows and macOS always have one; offscreen rendering needs none."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _remove_leftovers(args: argparse.Namespace) -> None:
    """Temporary copies left by an interrupted backup, restore or encrypted copy of the
    database this command works on are deleted first (never while another process works)."""
    from desktop_app.core.safekeeping.leftovers import remove_leftovers

    db_path = resolve_db_path(getattr(args, "db", None))
    if db_path.is_file():
        with contextlib.suppress(OSError):
            remove_leftovers(db_path)


def _log_unexpected_error() -> Path | None:
    from datetime import datetime

    from desktop_app.core.files import open_private_append, private_folder
    from desktop_app.core.paths import data_dir
    from desktop_app.core.private_log import safe_traceback

    log = data_dir() / "logs" / "songmay.log"
    try:
        private_folder(log.parent, own=True)
        with open_private_append(log) as handle:
            handle.write(f"--- {datetime.now().isoformat()} songmay {__version__}\n")
            handle.write(safe_traceback(sys.exc_info()[1] or RuntimeError()))  # no child's data
    except OSError:
        return None
    return log


if __name__ == "__main__":
    raise SystemExit(main())
