"""The safe-keeping commands of ``songmay``: ``backup`` (to the backups folder, to a file, encrypted
for a USB stick; ``--list``) and ``restore`` (a backup or an encrypted copy, recognised by its
header). Kept apart from cli.py so each file stays small; cli.py registers them.

Exit codes: 0 done; 1 refused and nothing changed (wrong passphrase, changed or damaged file, the
database open in a window, passphrases that differ); 2 a file cannot be found, read or written.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app.core.errors import SongMayError
from desktop_app.core.locale import fmt_number
from desktop_app.core.messages import say, text_of
from desktop_app.core.paths import backups_dir, resolve_db_path

EXIT_OK, EXIT_REFUSED, EXIT_FILE_ERROR = 0, 1, 2
# Codes of a refusal: the input was read and judged, nothing was changed.
_REFUSED = frozenset({
    "wrong_passphrase", "file_tampered", "backup_damaged", "not_a_backup", "in_use",
    "already_running", "weak_passphrase", "passphrase_mismatch", "same_file",
    "unsupported_version",
})  # fmt: skip

Opener = Callable[[argparse.Namespace], Any]


def add_parsers(commands: Any, lang: str = "vi") -> None:
    def t(message_id: str) -> str:
        return say(message_id, lang)

    backup = commands.add_parser(
        "backup", help=t("cli.help.backup"), description=t("cli.help.backup")
    )
    backup.add_argument("--out", type=Path, help=t("cli.help.backup_out"))
    backup.add_argument("--encrypt", action="store_true", help=t("cli.help.encrypt"))
    backup.add_argument("--passphrase-stdin", action="store_true",
                        help=t("cli.help.passphrase_stdin"))  # fmt: skip
    backup.add_argument("--list", action="store_true", help=t("cli.help.list"))
    backup.add_argument("--keep", type=int, metavar="N", help=t("cli.help.keep"))
    backup.add_argument("--json", action="store_true", help=t("cli.help.json"))

    restore = commands.add_parser(
        "restore", help=t("cli.help.restore"), description=t("cli.help.restore")
    )
    restore.add_argument("file", type=Path, help=t("cli.help.restore_file"))
    restore.add_argument("--passphrase-stdin", action="store_true",
                         help=t("cli.help.restore_passphrase_stdin"))  # fmt: skip
    restore.add_argument("--recovery-key", action="store_true",
                         help=t("cli.help.restore_recovery_key"))  # fmt: skip
    restore.add_argument("--json", action="store_true", help=t("cli.help.json"))


def _read_stdin_passphrase() -> str:
    passphrase = sys.stdin.readline().rstrip("\r\n")
    if not passphrase:
        raise SongMayError.of("cli.passphrase.stdin_empty", code="passphrase_missing")
    return passphrase


def _ask_passphrase(twice: bool, lang: str) -> str:
    if not sys.stdin.isatty():
        raise SongMayError.of("cli.passphrase.needed", code="passphrase_missing")
    first = getpass.getpass(say("cli.passphrase.prompt", lang))
    if twice:  # a new copy: a weak passphrase is refused before it is typed again
        from desktop_app.core.safekeeping.encrypted import check_passphrase

        check_passphrase(first)
    if twice and getpass.getpass(say("cli.passphrase.prompt_again", lang)) != first:
        raise SongMayError.of("cli.passphrase.mismatch", code="passphrase_mismatch")
    return first


def _passphrase(args: argparse.Namespace, *, twice: bool) -> str:
    return _read_stdin_passphrase() if args.passphrase_stdin else _ask_passphrase(twice, args.lang)


def _existing_db(args: argparse.Namespace) -> Path:
    path = resolve_db_path(args.db)
    if not path.is_file():
        raise SongMayError.of("store.database_missing", code="not_found", path=path)
    return path


def _size(size: int, lang: str) -> str:
    if size >= 100_000:
        return f"{fmt_number(size / 1_000_000, lang, decimals=1)} MB"
    return f"{fmt_number(size / 1000, lang, decimals=0)} KB"


def _list(db_path: Path, as_json: bool, lang: str) -> int:
    from desktop_app.core.safekeeping.backups import list_backups, load_keep

    found = list_backups(db_path)
    if as_json:
        print(json.dumps([info.as_dict() for info in found], ensure_ascii=False))
        return EXIT_OK
    folder = backups_dir(db_path)
    if not found:
        print(say("cli.backup.none", lang, folder=folder))
        return EXIT_OK
    print(say("cli.backup.listed", lang, count=len(found), folder=folder, keep=load_keep(folder)))
    print(say("cli.backup.order_note", lang))
    for info in found:
        counts = (say("cli.backup.unreadable", lang) if info.students is None
                  else say("cli.backup.counts.full", lang, students=info.students,
                           devices=info.devices, handovers=info.handovers,
                           last_change=info.last_change_at or "—"))  # fmt: skip
        if info.drop_from is not None:
            counts += " " + say("cli.backup.drop_flag", lang, before=info.drop_from)
        reason = text_of(info.reason_message, lang)
        print(f"  {info.created:%d/%m/%Y %H:%M:%S}  {reason:<27} "
              f"{_size(info.size, lang):>9}  {counts}  {info.path.name}")  # fmt: skip
    return EXIT_OK


def cmd_backup(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.safekeeping import backups

    lang, db_path = args.lang, resolve_db_path(args.db)
    if args.keep is not None:
        backups.save_keep(backups_dir(db_path), args.keep)
        if not args.json:
            print(say("cli.backup.keep_set", lang, keep=args.keep, folder=backups_dir(db_path)))
    if args.list:
        return _list(db_path, args.json, lang)
    db_path = _existing_db(args)
    actor = _actor(args, open_db)
    warning = None
    if args.encrypt:
        from desktop_app.core.safekeeping.encrypted import SUFFIX, export_encrypted

        passphrase = _passphrase(args, twice=True)  # export_encrypted refuses a weak one
        out = (
            args.out
            or backups_dir(db_path) / f"songmay-{datetime.now():%Y%m%d-%H%M%S}-manual{SUFFIX}"
        )
        written = export_encrypted(db_path, out, passphrase, actor=actor)
        note = say("cli.backup.note.encrypted", lang)
    elif args.out:
        written = backups.write_copy(db_path, args.out, actor=actor)
        note = say("cli.backup.note.plain", lang)
    else:
        written = backups.make_backup(db_path, "manual", actor=actor)
        note = say("cli.backup.note.folder", lang, keep=backups.load_keep(written.parent))
        warning = backups.drop_warning(written)
    if args.json:
        answer: dict[str, object] = {"path": str(written), "size": written.stat().st_size,
                                     "encrypted": bool(args.encrypt)}  # fmt: skip
        if warning is not None:  # a sharp drop from the backup before
            answer["warning"] = warning.text(lang)
        print(json.dumps(answer, ensure_ascii=False))
    else:
        size = _size(written.stat().st_size, lang)
        print(say("cli.backup.done", lang, path=written, size=size, note=note))
        if warning is not None:
            print(warning.text(lang), file=sys.stderr)
    return EXIT_OK


def _actor(args: argparse.Namespace, open_db: Opener) -> str:
    """Who signs the copy in the access trail: the command's user (``--user``…)."""
    from desktop_app.core.store.session import actor_of

    db = open_db(args)
    try:
        return actor_of(db.conn)
    finally:
        db.close()


def _use_recovery_key(lang: str) -> None:
    """The recovery key of the backup's database (made on another PC): from
    ``SONGMAY_RECOVERY_KEY``, typed at a prompt, or one line of standard input."""
    from desktop_app.core.store.keys import add_candidate, parse_recovery_key

    text = os.environ.get("SONGMAY_RECOVERY_KEY", "")
    if not text:
        text = (getpass.getpass(say("cli.recovery_key.prompt", lang)) if sys.stdin.isatty()
                else sys.stdin.readline())  # fmt: skip
    add_candidate(parse_recovery_key(text))


def cmd_restore(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.safekeeping.backups import file_contents, local_moment
    from desktop_app.core.safekeeping.drives import check_local_drive
    from desktop_app.core.safekeeping.encrypted import is_encrypted, restore_encrypted
    from desktop_app.core.safekeeping.instance import AlreadyRunning, lock_holder
    from desktop_app.core.safekeeping.restore import restore_backup

    lang, db_path = args.lang, resolve_db_path(args.db)
    if not args.file.is_file():
        raise SongMayError.of("restore.backup_missing", code="not_found", path=args.file)
    check_local_drive(db_path)
    holder = lock_holder(db_path)
    if holder is not None:
        raise AlreadyRunning(db_path, holder)
    if args.recovery_key:
        _use_recovery_key(args.lang)
    if is_encrypted(args.file):
        result = restore_encrypted(db_path, args.file, _passphrase(args, twice=False))
    else:
        result = restore_backup(db_path, args.file)
    got = file_contents(db_path)
    if args.json:
        print(json.dumps({"restored_from": str(result.restored_from),
                          "previous": str(result.previous) if result.previous else None,
                          "students": got.students if got else None,
                          "handovers": got.handovers if got else None,
                          "devices": got.devices if got else None,
                          "needs": got.needs if got else None,
                          "last_change": got.last_change if got else None},
                         ensure_ascii=False))  # fmt: skip
        return EXIT_OK
    if got is None:
        print(say("cli.restore.done", lang, source=result.restored_from, path=db_path))
    else:
        last = local_moment(got.last_change)
        counts = say("cli.backup.counts.full", lang, students=got.students, devices=got.devices,
                     handovers=got.handovers, last_change=last or "—")  # fmt: skip
        print(say("cli.restore.done.counts", lang, source=result.restored_from, counts=counts,
                  path=db_path))  # fmt: skip
    if result.previous is not None:
        kind = "damaged" if result.previous_damaged else "backup"
        print(say("cli.restore.previous", lang, kind=say(f"cli.restore.previous.{kind}", lang),
                  path=result.previous))  # fmt: skip
    return EXIT_OK


def _guarded(command: Callable[[argparse.Namespace, Opener], int]) -> Callable[..., int]:
    def run(args: argparse.Namespace, open_db: Opener) -> int:
        try:
            return command(args, open_db)
        except SongMayError as exc:
            if exc.code not in _REFUSED:
                raise  # cli.main: message and exit 2
            print(say("cli.error", args.lang, message=exc.text(args.lang)), file=sys.stderr)
            return EXIT_REFUSED

    return run


COMMANDS: dict[str, Callable[[argparse.Namespace, Opener], int]] = {
    "backup": _guarded(cmd_backup),
    "restore": _guarded(cmd_restore),
}
