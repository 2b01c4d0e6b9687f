"""The sync password lives only in the OS keyring (Windows Credential Manager, macOS Keychain,
Secret Service), never in a file. Where no secure keyring exists the password is asked each time.

A tiny wrapper so that tests use an in-memory backend (``keyring.set_keyring``) and the rest of the
code never touches ``keyring`` directly.
"""

from __future__ import annotations

import contextlib

import keyring
import keyring.errors

from desktop_app.core.messages import msg
from desktop_app.core.secure_keyring import keyring_is_secure

SERVICE = "songmay-sync"

NO_SECURE_KEYRING = msg("sync.no_secure_keyring")


def account_key(endpoint: str, school_code: str, username: str) -> str:
    return f"{endpoint.rstrip('/')}|{school_code}|{username}"


class Credentials:
    """The password of one sync account, in the keyring."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    def is_secure(self) -> bool:
        return keyring_is_secure()

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
