"""Whether the operating system's keyring keeps a secret: keyring's "no backend" stand-ins and any
plain-text file backend do not. The database key (``store/keys.py``) and the sync password
(``sync/credentials.py``) both ask here before they keep anything in it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # keyring (30 ms) is imported when a key is looked for, not at start
    from keyring.backend import KeyringBackend


def is_insecure(backend: KeyringBackend) -> bool:
    from keyring.backends import chainer, fail, null

    if isinstance(backend, chainer.ChainerBackend):
        return all(is_insecure(b) for b in backend.backends)
    if isinstance(backend, fail.Keyring | null.Keyring):
        return True
    return "plaintext" in type(backend).__name__.lower()


def keyring_is_secure() -> bool:
    import keyring

    return not is_insecure(keyring.get_keyring())
