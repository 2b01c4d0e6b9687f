"""The sync password lives only in the OS keyring (Windows Credential Manager, macOS Keychain,
Secret Service), never in a file. Where no secure keyring exists the password is asked each time.

A tiny wrapper so that tests use an in-memory backend (``keyring.set_keyring``) and the rest of the
code never touches ``keyring`` directly.
"""

from __future__ import annotations

import contextlib

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from desktop_app.core.messages import msg

SERVICE = "songmay-sync"

NO_SECURE_KEYRING = msg("sync.no_secure_keyring")


def _insecure(backend: KeyringBackend) -> bool:
    """keyring's "no backend" stand-ins and any plain-text file backend do not keep a secret."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, chainer.ChainerBackend):
        return all(_insecure(b) for b in backend.backends)
    if isinstance(backend, fail.Keyring | null.Keyring):
        return True
    return "plaintext" in type(backend).__name__.lower()


def account_key(endpoint: str, school_code: str, username: str) -> str:
    return f"{endpoint.rstrip('/')}|{school_code}|{username}"


class Credentials:
    """The password of one sync account, in the keyring."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    def is_secure(self) -> bool:
        return not _insecure(keyring.get_keyring())

    def get(self, key: str) -> str | None:
        if not self.is_secure():
            return None
        try:
            return keyring.get_password(self.service, key)
        except keyring.errors.KeyringError:
            return None

    def set(self, key: str, password: str) -> bool:
        """False when the password could not be kept securely (then it is asked each time)."""
        if not self.is_secure():
            return False
        try:
            keyring.set_password(self.service, key, password)
        except keyring.errors.KeyringError:
            return False
        return True

    def delete(self, key: str) -> None:
        with contextlib.suppress(keyring.errors.KeyringError):
            keyring.delete_password(self.service, key)
