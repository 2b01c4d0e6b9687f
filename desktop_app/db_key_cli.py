"""The database's key on the command line of a PC without a secure keyring.

There the key is wrapped by the data passphrase (``core/store/keys.py``). At a terminal the command
asks it — or the recovery key — like the window's start dialog; a new database gets a passphrase,
typed twice, and its recovery key is printed to be written down. A script has no terminal: it
names a key file with ``SONGMAY_DB_KEY_FILE`` (which may hold the recovery key) instead.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from desktop_app.core.errors import SongMayError, StoreError
from desktop_app.core.messages import say
from desktop_app.core.store import keys

TRIES = 3


def unlock_at_terminal(db_path: Path, lang: str) -> None:
    """Make the key of ``db_path`` known to this process, asking at the terminal when only the
    clerk has it. Raises the key's error when there is no terminal to ask at."""
    new = not db_path.is_file() or db_path.stat().st_size == 0
    try:
        keys.database_key(db_path, create=new)
        return
    except keys.DatabaseKeyError as exc:
        if exc.code not in ("key_locked", "key_missing", "no_secure_keyring"):
            raise
        if not sys.stdin.isatty():
            raise SongMayError.of(
                "cli.db_key.script", code=exc.code, reason=exc.text(lang)
            ) from exc
        print(exc.text(lang), file=sys.stderr)
        if exc.code == "no_secure_keyring":
            _create(db_path, lang)
        else:
            _unlock(db_path, lang)


def _create(db_path: Path, lang: str) -> None:
    from desktop_app.core.safekeeping.passphrase import passphrase_problem

    first = getpass.getpass(say("cli.db_key.new", lang))
    problem = passphrase_problem(first, database=True)
    if problem is not None:
        raise SongMayError(problem, code="weak_passphrase")
    if getpass.getpass(say("cli.passphrase.prompt_again", lang)) != first:
        raise SongMayError.of("cli.passphrase.mismatch", code="passphrase_mismatch")
    key = keys.create_with_passphrase(db_path, first)
    print(say("cli.db_key.write_down", lang, key=keys.recovery_key(key)))


def _unlock(db_path: Path, lang: str) -> None:
    for attempt in range(1, TRIES + 1):
        text = getpass.getpass(say("cli.db_key.prompt", lang))
        try:
            keys.unlock_with_text(db_path, text)
            return
        except StoreError as exc:
            if attempt == TRIES:
                raise
            print(exc.text(lang), file=sys.stderr)
