"""The key of the encrypted database: a random 256-bit key per database file.

Where it is kept, in the order it is looked for:

1. the file named by ``SONGMAY_DB_KEY_FILE`` (scripts, district IT, the tests): refused unless
   only its owner can read it; for a new database (or one being encrypted) and no such file yet,
   a new key is written to it, mode 0600;
2. the OS keyring (Windows Credential Manager, macOS Keychain, Secret Service), one entry per
   database file (service ``songmay-db``, the file's absolute path);
3. without a secure keyring, ``<database>.key`` beside the database (0600): the key encrypted
   with a passphrase the clerk chose (scrypt N=2^17 + AES-256-GCM, the USB copy's format).

The **recovery key** is the raw key written as 11 groups of 5 characters (base32, with a
checksum that catches a mistyped character); it opens the database on another PC.
Keys found in this process are remembered (by file) so backups of the same database open too.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import re
import secrets
import stat
from pathlib import Path

from desktop_app.core.errors import StoreError
from desktop_app.core.files import atomic_path, create_private, make_private
from desktop_app.core.secure_keyring import keyring_is_secure
from desktop_app.core.store import driver
from desktop_app.core.store.driver import KEY_BYTES

ENV_KEY_FILE = "SONGMAY_DB_KEY_FILE"
SERVICE = "songmay-db"
WRAPPED_SUFFIX = ".key"
_CHECK_BYTES = 2
_GROUP = 5

_known: dict[str, bytes] = {}
_extra: list[bytes] = []


class DatabaseKeyError(StoreError):
    """No usable key: ``code`` says why (``key_missing``, ``key_locked``, ``no_secure_keyring``,
    ``key_file_not_private``, ``wrong_key``, ``wrong_passphrase``, ``bad_recovery_key``)."""

    code = "key_missing"


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def _name(db_path: Path | str) -> str:
    return str(Path(db_path).absolute())


def remember(db_path: Path | str, key: bytes) -> None:
    _known[_name(db_path)] = key


def forget_all() -> None:
    _known.clear()
    _extra.clear()


def add_candidate(key: bytes) -> None:
    """A key typed for a backup made under another key (the recovery key of another PC)."""
    if key not in _extra:
        _extra.append(key)


def known_key(db_path: Path | str) -> bytes | None:
    return _known.get(_name(db_path))


def candidate_keys() -> list[bytes]:
    """Every key this process knows, the key file's first: a backup opens with one of them."""
    found: list[bytes] = []
    key_file = os.environ.get(ENV_KEY_FILE)
    if key_file:
        with contextlib.suppress(StoreError, OSError):
            found.append(_read_key_file(Path(key_file)))
    for key in [*_known.values(), *_extra]:
        if key not in found:
            found.append(key)
    return found


# --- the recovery key -----------------------------------------------------------------------------


def _checksum(key: bytes) -> bytes:
    return hashlib.sha256(b"songmay-recovery-key" + key).digest()[:_CHECK_BYTES]


def recovery_key(key: bytes) -> str:
    """``ABCDE-FGHIJ-…``: 55 characters of base32 (letters and 2-7), the last ones a checksum."""
    text = base64.b32encode(key + _checksum(key)).decode("ascii").rstrip("=")
    return "-".join(text[i : i + _GROUP] for i in range(0, len(text), _GROUP))


def parse_recovery_key(text: str) -> bytes:
    """The key in a typed recovery key; spaces, dashes and case do not matter, and 0/1/8 read
    as O/I/B. A typo is refused (``bad_recovery_key``)."""
    cleaned = re.sub(r"[\s\-_.]", "", text).upper().translate(str.maketrans("018", "OIB"))
    raw_length = KEY_BYTES + _CHECK_BYTES
    padded = cleaned + "=" * (-len(cleaned) % 8)
    try:
        raw = base64.b32decode(padded)
    except ValueError as exc:
        raise DatabaseKeyError.of("store.key.bad_recovery_key", code="bad_recovery_key") from exc
    if len(raw) != raw_length or _checksum(raw[:KEY_BYTES]) != raw[KEY_BYTES:]:
        raise DatabaseKeyError.of("store.key.bad_recovery_key", code="bad_recovery_key")
    return raw[:KEY_BYTES]


# --- source 1: the key file -----------------------------------------------------------------------


def _read_key_file(path: Path) -> bytes:
    info = path.stat()
    if os.name == "posix" and info.st_mode & 0o077:
        raise DatabaseKeyError.of(
            "store.key.file_not_private", code="key_file_not_private", path=path,
            mode=f"{stat.S_IMODE(info.st_mode):04o}",
        )  # fmt: skip
    text = path.read_text(encoding="ascii", errors="replace").strip()
    if re.fullmatch(r"[0-9a-fA-F]{64}", text):
        return bytes.fromhex(text)
    try:
        return parse_recovery_key(text)
    except StoreError as exc:
        raise DatabaseKeyError.of("store.key.file_bad", code="key_file_bad", path=path) from exc


def _key_from_file(path: Path, db_path: Path, *, create: bool) -> bytes:
    if path.exists():
        return _read_key_file(path)
    if not create:
        raise DatabaseKeyError.of(
            "store.key.file_missing", code="key_missing", path=path, db=db_path
        )
    key = new_key()
    create_private(path)
    with atomic_path(path) as temp:
        temp.write_text(key.hex() + "\n", encoding="ascii")
    make_private(path)
    return key


# --- source 2: the OS keyring ---------------------------------------------------------------------


def _keyring_get(db_path: Path) -> bytes | None:
    if not keyring_is_secure():
        return None
    import keyring.errors  # not before a key is looked for there (30 ms of a cold start)

    try:
        value = keyring.get_password(SERVICE, _name(db_path))
    except keyring.errors.KeyringError:
        return None
    if value is None or not re.fullmatch(r"[0-9a-f]{64}", value):
        return None
    return bytes.fromhex(value)


def keyring_store(db_path: Path, key: bytes) -> bool:
    """False when the key could not be kept securely."""
    if not keyring_is_secure():
        return False
    import keyring.errors

    try:
        keyring.set_password(SERVICE, _name(db_path), key.hex())
    except keyring.errors.KeyringError:
        return False
    return True


# --- source 3: wrapped by a passphrase ------------------------------------------------------------


def wrapped_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + WRAPPED_SUFFIX)


def wrap_with_passphrase(db_path: Path, key: bytes, passphrase: str) -> Path:
    """Keep ``key`` beside the database, encrypted with ``passphrase`` (checked: it must be a
    strong one, as for a USB copy)."""
    from desktop_app.core.safekeeping.encrypted import check_passphrase, encrypt_bytes

    check_passphrase(passphrase)
    target = wrapped_path(db_path)
    with atomic_path(target) as temp:
        temp.write_bytes(encrypt_bytes(key, passphrase))
    make_private(target)
    return target


def create_with_passphrase(db_path: Path, passphrase: str) -> bytes:
    """A new key for a new database on a PC without a secure keyring, kept wrapped."""
    key = new_key()
    wrap_with_passphrase(db_path, key, passphrase)
    remember(db_path, key)
    return key


def unlock_with_passphrase(db_path: Path, passphrase: str) -> bytes:
    from desktop_app.core.safekeeping.backups import BackupError
    from desktop_app.core.safekeeping.encrypted import decrypt_bytes

    try:
        key = decrypt_bytes(wrapped_path(db_path).read_bytes(), passphrase)
    except BackupError as exc:
        if exc.code == "wrong_passphrase":
            raise DatabaseKeyError.of(
                "store.key.wrong_passphrase", code="wrong_passphrase"
            ) from exc
        raise
    remember(db_path, key)
    return key


def unlock_with_recovery_key(db_path: Path, text: str) -> bytes:
    """The key typed from the recovery sheet; kept in the keyring when there is a secure one.
    A well-typed key of another database is refused (``wrong_key``) before it is kept."""
    key = parse_recovery_key(text)
    if not key_opens(Path(db_path), key):
        raise DatabaseKeyError.of("store.key.wrong", code="wrong_key", path=Path(db_path).name)
    remember(db_path, key)
    keyring_store(Path(db_path), key)
    return key


def reads_as_recovery_key(text: str) -> bool:
    try:
        parse_recovery_key(text)
    except StoreError:
        return False
    return True


def unlock_with_text(db_path: Path, text: str) -> tuple[bytes, bool]:
    """What the clerk typed to open the database: the recovery key when it reads as one (or when
    this PC keeps no passphrase-wrapped key), else the data passphrase. Returns the key and
    whether it was the recovery key. The window's dialog and the command line both ask this."""
    if reads_as_recovery_key(text) or not wrapped_path(db_path).exists():
        return unlock_with_recovery_key(db_path, text), True
    return unlock_with_passphrase(db_path, text), False


def key_opens(db_path: Path, key: bytes) -> bool:
    """True when ``key`` reads the existing file ``db_path`` (a missing or empty file: True)."""
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return True
    try:
        conn = driver.connect(db_path, key)
    except driver.Error:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except driver.DatabaseError:
        return False
    finally:
        conn.close()
    return True


# --- the sample school ----------------------------------------------------------------------------


def demo_key_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".demo-key")


def use_demo_key(db_path: Path) -> bool:
    """The sample school of ``songmay --demo`` holds fictional children only. On a PC without a
    secure keyring (and no ``SONGMAY_DB_KEY_FILE``), a NEW sample database keeps its key in a 0600
    file beside it, ``<name>.demo-key``, so that trying the application asks no passphrase; a
    later ``--demo`` start uses that file again. An existing database without one, or a PC with a
    keyring, goes the usual way. True when the sample key is used."""
    db_path = Path(db_path)
    path = demo_key_path(db_path)
    if os.environ.get(ENV_KEY_FILE):
        return False
    new = not db_path.is_file() or db_path.stat().st_size == 0
    if not path.exists() and not (new and not keyring_is_secure()):
        return False
    remember(db_path, _key_from_file(path, db_path, create=new))
    return True


# --- the key of a database ------------------------------------------------------------------------


def database_key(db_path: Path | str, *, create: bool = False) -> bytes:
    """The key of ``db_path``. ``create``: the database is new (or plaintext, being encrypted),
    so a new key is made where no key exists yet. Raises ``DatabaseKeyError`` (with a message for the
    clerk) when no source has it."""
    db_path = Path(db_path)
    known = known_key(db_path)
    if known is not None:
        return known
    key_file = os.environ.get(ENV_KEY_FILE)
    key: bytes | None
    if key_file:
        key = _key_from_file(Path(key_file), db_path, create=create)
    elif (key := _keyring_get(db_path)) is None:
        if wrapped_path(db_path).exists():
            raise DatabaseKeyError.of("store.key.locked", code="key_locked", db=db_path)
        if not create:
            raise DatabaseKeyError.of("store.key.missing", code="key_missing", db=db_path)
        key = new_key()
        if not keyring_store(db_path, key):
            raise DatabaseKeyError.of(
                "store.key.no_secure_keyring", code="no_secure_keyring", db=db_path
            )
    remember(db_path, key)
    return key
