"""Keyring backends for the tests: a secure one kept in memory, and a way to use any backend for
a while (``keyring.set_keyring`` is global, so it is always put back)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

import keyring
from keyring.backend import KeyringBackend

Backend = TypeVar("Backend", bound=KeyringBackend)


class MemoryKeyring(KeyringBackend):
    """A secure keyring that lives in a dict (``store``) for one test."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[service, username] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@contextmanager
def using_keyring(backend: Backend) -> Iterator[Backend]:
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
