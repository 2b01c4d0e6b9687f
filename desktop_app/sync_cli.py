"""The ``songmay sync …`` commands: ``login``, ``run``, ``status``, ``export-package`` (and
``refused``, ``requeue``, ``show-key``). Kept apart from cli.py so each file stays small; cli.py registers them.

Exit codes of ``sync run``: 0 all delivered, 1 some changes refused or the run stopped early (what
remains is still pending), 2 not logged in or bad input.
"""

from __future__ import annotations

import argparse
import getpass
import json
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from desktop_app.core.messages import say

EXIT_OK, EXIT_REFUSED, EXIT_BAD_INPUT = 0, 1, 2
# Codes of errors the clerk fixes by logging in or correcting what was typed.
_BAD_INPUT = frozenset({"not_logged_in", "bad_setting", "password_missing", "invalid_credentials"})

Opener = Callable[[argparse.Namespace], Any]


def add_parsers(commands: Any, lang: str = "vi") -> None:
    def t(message_id: str) -> str:
        return say(message_id, lang)

    sync = commands.add_parser("sync", help=t("cli.help.sync"), description=t("cli.help.sync"))
    actions = sync.add_subparsers(dest="action", metavar=t("cli.help.action"), required=True)

    login = actions.add_parser("login", help=t("cli.help.login"), description=t("cli.help.login"))
    login.add_argument("--endpoint", required=True, help=t("cli.help.endpoint"))
    login.add_argument("--school", required=True, help=t("cli.help.school_code"))
    login.add_argument("--username", required=True, help=t("cli.help.username"))
    login.add_argument("--password-stdin", action="store_true", help=t("cli.help.password_stdin"))
    login.add_argument("--ca-bundle", help=t("cli.help.ca_bundle"))

    run = actions.add_parser("run", help=t("cli.help.run"), description=t("cli.help.run"))
    run.add_argument("--json", action="store_true", help=t("cli.help.json"))
    run.add_argument("--password-stdin", action="store_true",
                     help=t("cli.help.run_password_stdin"))  # fmt: skip
    run.add_argument("--batch-size", type=int, default=None, help=t("cli.help.batch_size"))

    status = actions.add_parser(
        "status", help=t("cli.help.status"), description=t("cli.help.status")
    )
    status.add_argument("--json", action="store_true", help=t("cli.help.json"))

    package = actions.add_parser(
        "export-package",
        help=t("cli.help.export_package"),
        description=t("cli.help.export_package"),
    )
    package.add_argument("out", type=Path, help=t("cli.help.package_out"))
    package.add_argument("--school", help=t("cli.help.package_school"))
    package.add_argument("--server-key", type=Path, metavar="FILE",
                         help=t("cli.help.server_key_file"))  # fmt: skip
    actions.add_parser("show-key", help=t("cli.help.show_key"), description=t("cli.help.show_key"))

    refused = actions.add_parser(
        "refused", help=t("cli.help.refused"), description=t("cli.help.refused")
    )
    refused.add_argument("--json", action="store_true", help=t("cli.help.json"))
    actions.add_parser("requeue", help=t("cli.help.requeue"), description=t("cli.help.requeue"))


def cmd_sync(args: argparse.Namespace, open_db: Opener) -> int:
    handler = {
        "login": _login, "run": _run, "status": _status, "export-package": _export,
        "refused": _refused, "requeue": _requeue, "show-key": _show_key,
    }[args.action]  # fmt: skip
    return handler(args, open_db)


def _read_stdin_password() -> str:
    line = sys.stdin.readline()
    password = line.rstrip("\r\n")
    if not password:
        from sync.errors import PasswordMissing

        raise PasswordMissing.of("cli.sync.password.stdin_empty")
    return password


def _prompt_password(lang: str) -> str:
    if not sys.stdin.isatty():
        from sync.errors import PasswordMissing

        raise PasswordMissing.of("cli.sync.password.needed")
    return getpass.getpass(say("cli.sync.password.prompt", lang))


def _login(args: argparse.Namespace, open_db: Opener) -> int:
    from sync.account import make_account, store_account
    from sync.client import SyncClient
    from sync.credentials import NO_SECURE_KEYRING, Credentials

    lang = args.lang
    account = make_account(args.endpoint, args.school, args.username, args.ca_bundle)
    password = _read_stdin_password() if args.password_stdin else _prompt_password(lang)
    from sync.errors import SyncError
    from sync.keys import school_key
    from sync.transport import HttpError

    client = SyncClient(account, lambda: password, lang=lang)
    try:
        client.login()
        db = open_db(args)
        kept = store_account(db, account, password, Credentials())
        print(say("cli.sync.logged_in", lang, endpoint=account.endpoint,
                  username=account.username, school=account.school_code))  # fmt: skip
        print(say("cli.sync.password_kept", lang) if kept else NO_SECURE_KEYRING.text(lang))
        try:
            client.exchange_keys(db)
        except SyncError as exc:
            print(say("cli.sync.keys_not_exchanged", lang, problem=exc.text(lang)))
        except HttpError as exc:
            print(say("cli.sync.keys_not_exchanged", lang, problem=f"HTTP {exc.status}"))
        else:
            print(say("cli.sync.keys_exchanged", lang, fingerprint=school_key(db).fingerprint))
    finally:
        client.transport.close()
    return EXIT_OK


class _CliProgress:
    """Ctrl+C asks the run to stop between two requests (the outbox stays consistent)."""

    def __init__(self, show: bool) -> None:
        self.show = show
        self.cancelled = False
        self._last = -1

    def set_progress(self, done: int, total: int, stage: str) -> None:
        if not self.show or not total:
            return
        percent = 100 * done // total
        if percent != self._last:
            self._last = percent
            print(f"\r{stage}: {done}/{total} ({percent}%)", end="", file=sys.stderr, flush=True)

    def is_cancelled(self) -> bool:
        return self.cancelled


@contextmanager
def _stop_on_interrupt(progress: _CliProgress) -> Iterator[None]:
    def stop(signum: int, frame: FrameType | None) -> None:
        progress.cancelled = True

    try:
        previous = signal.signal(signal.SIGINT, stop)
    except ValueError:  # not the main thread (tests calling main() from a worker)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _run(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.store.outbox import refused_changes
    from sync.account import PasswordProvider, keyring_password, load_account
    from sync.client import SyncClient, SyncSettings
    from sync.credentials import Credentials

    lang = args.lang
    db = open_db(args)
    account = load_account(db)
    password: PasswordProvider
    if args.password_stdin:
        typed = _read_stdin_password()
        password = lambda: typed  # noqa: E731 - a provider that knows the typed password
    elif Credentials().is_secure():
        password = keyring_password(account, Credentials())
    else:
        password = _prompt_password_once(lang)
    settings = SyncSettings()
    if args.batch_size is not None:
        if args.batch_size < 1:
            print(say("cli.error", lang, message=say("cli.sync.batch_size", lang)), file=sys.stderr)
            return EXIT_BAD_INPUT
        settings = SyncSettings(max_changes=args.batch_size)
    progress = _CliProgress(show=not args.json and sys.stderr.isatty())
    client = SyncClient(account, password, settings=settings, lang=lang)
    try:
        with _stop_on_interrupt(progress):
            report = client.run(db, progress)
    finally:
        client.transport.close()
    if progress.show:
        print(file=sys.stderr)
    result: dict[str, Any] = {
        "sent": report.sent, "accepted": report.accepted, "rejected": report.rejected,
        "duplicates": report.duplicates, "pending": report.pending,
        "decisions_received": report.decisions,
    }  # fmt: skip
    if report.error:
        result["error"] = report.error_text(lang)
        result["error_code"] = report.error_code
    code = EXIT_OK
    if report.error_code in _BAD_INPUT:
        code = EXIT_BAD_INPUT
    elif report.error or report.rejected:
        code = EXIT_REFUSED
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return code
    print(say("cli.sync.sent", lang, count=report.sent, accepted=report.accepted,
              duplicates=report.duplicates, rejected=report.rejected, decisions=report.decisions,
              pending=report.pending))  # fmt: skip
    if report.unknown_students:
        codes = ", ".join(sorted(set(report.unknown_students))[:20])
        print(say("cli.sync.unknown_students", lang, codes=codes))
    if report.rejected:
        _print_refused(refused_changes(db, limit=20), lang)
        print(say("cli.sync.fix_refused", lang))
    if report.error:
        print(say("cli.error", lang, message=report.error_text(lang)), file=sys.stderr)
    return code


def _prompt_password_once(lang: str) -> Callable[[], str]:
    """No secure keyring: ask once per run, when the first login needs it."""
    asked: list[str] = []

    def provide() -> str:
        if not asked:
            asked.append(_prompt_password(lang))
        return asked[0]

    return provide


def _print_refused(refused: list[Any], lang: str) -> None:
    """The record is the school's own data; the reason is the server's, in its words (the
    refusals this client makes itself are said in ``lang``)."""
    from sync.client import refusal_text

    for change in refused:
        reason = refusal_text(change.code, change.message, lang)
        print(say("cli.sync.refused_line", lang, code=change.code or "?", label=change.label,
                  reason=reason))  # fmt: skip


def _status(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.store.outbox import outbox_counts, refused_changes, sync_state
    from sync.client import error_text

    lang = args.lang
    db = open_db(args)
    counts = outbox_counts(db)
    state = sync_state(db)
    result = {**counts, "last_sync": state.last_sync_at}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return EXIT_OK
    if state.endpoint:
        print(say("cli.sync.status.server", lang, endpoint=state.endpoint,
                  school=state.school_code, username=state.username))  # fmt: skip
    else:
        print(say("cli.sync.status.not_logged_in", lang))
    print(say("cli.sync.status.counts", lang, pending=counts["pending"], sent=counts["sent"],
              rejected=counts["rejected"]))  # fmt: skip
    last_ok = _local_time(state.last_sync_at)
    if last_ok:
        print(say("cli.sync.status.last_ok", lang, time=last_ok))
    else:
        print(say("cli.sync.status.never", lang))
    stopped = error_text(state.last_result or {}, lang)
    if stopped:
        print(say("cli.sync.status.stopped", lang, error=stopped))
    if counts["rejected"]:
        _print_refused(refused_changes(db, limit=20), lang)
    return EXIT_OK


def _export(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.school import load_school
    from sync.package import export_package

    db = open_db(args)
    from desktop_app.core.store.outbox import sync_state

    school = args.school or sync_state(db).school_code or load_school(db).code
    if not school:
        problem = say("cli.sync.package.no_school", args.lang)
        print(say("cli.error", args.lang, message=problem), file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.server_key is not None:
        from sync.keys import read_server_key_file

        read_server_key_file(db, args.server_key)
    summary = export_package(db, args.out, school_code=school)
    print(say("cli.sync.package.written", args.lang, count=summary.changes,
              submissions=summary.submissions, path=summary.path))  # fmt: skip
    return EXIT_OK


def _show_key(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.school import load_school
    from desktop_app.core.store.outbox import sync_state
    from sync.keys import school_key

    db = open_db(args)
    state = sync_state(db)
    key = school_key(db)
    school = state.school_code or load_school(db).code or "?"
    print(say("cli.sync.show_key", args.lang, school=school, client_id=state.client_id,
              key=key.public_key, fingerprint=key.fingerprint))  # fmt: skip
    return EXIT_OK


def _refused(args: argparse.Namespace, open_db: Opener) -> int:
    from dataclasses import asdict

    from desktop_app.core.store.outbox import refused_changes

    refused = refused_changes(open_db(args))
    if args.json:
        print(json.dumps([asdict(r) for r in refused], ensure_ascii=False))
    elif not refused:
        print(say("cli.sync.none_refused", args.lang))
    else:
        _print_refused(refused, args.lang)
    return EXIT_OK


def _requeue(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.store.outbox import requeue_refused

    count = requeue_refused(open_db(args))
    print(say("cli.sync.requeued", args.lang, count=count))
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace, Opener], int]] = {"sync": cmd_sync}


def _local_time(stamp: str | None) -> str | None:
    """A stored UTC timestamp as the clerk reads it: dd/mm/yyyy HH:MM in the PC's time zone."""
    if not stamp:
        return None
    from datetime import datetime

    return datetime.fromisoformat(stamp).astimezone().strftime("%d/%m/%Y %H:%M")
