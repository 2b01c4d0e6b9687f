"""Set-up that only a frozen (PyInstaller) bundle needs; its entry script calls ``setup()``
before ``desktop_app.cli.main`` (installer/songmay_main.py).

The keyring: keyring picks a backend by scanning package entry points, which a bundle may carry
only in part, so it could silently end with "no keyring" or another backend than the operating
system's own store. The bundle names that store explicitly instead: Windows Credential Manager,
the macOS Keychain, the Secret Service on Linux. A store that is not usable on this machine (no
Secret Service running) becomes keyring's "fail" backend, which ``sync.credentials`` reports as
"no secure keyring": the password is then asked each time, never written to a file.

The choice goes through keyring's documented ``PYTHON_KEYRING_BACKEND`` variable and is made
only when a password is first needed: importing keyring and asking D-Bus cost about 0.15 s,
which ``songmay --version``, ``import`` or ``minutes`` should not pay. A user's own
``PYTHON_KEYRING_BACKEND`` is left as it is.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import MutableMapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger("songmay.frozen")

KEYRING_ENV_VAR = "PYTHON_KEYRING_BACKEND"
OS_KEYRING = f"{__name__}.OsKeyring"  # what the variable names: the factory below


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def os_keyring(platform: str = sys.platform) -> KeyringBackend:
    """The operating system's secure store for ``platform``, or keyring's "fail" backend when it
    cannot be imported or is not usable here (its ``priority`` raises then)."""
    from keyring.backends import fail

    backend_class: type[KeyringBackend]
    try:
        if platform == "win32":
            from keyring.backends.Windows import WinVaultKeyring

            backend_class = WinVaultKeyring
        elif platform == "darwin":
            from keyring.backends.macOS import Keyring as MacKeyring

            backend_class = MacKeyring
        else:
            from keyring.backends.SecretService import Keyring as SecretServiceKeyring

            backend_class = SecretServiceKeyring
        backend_class.priority  # noqa: B018 - raises when the store is not usable on this machine
    except Exception as exc:  # ImportError, RuntimeError, D-Bus errors: all mean "not usable"
        log.info("no secure keyring on this machine: %s", exc)
        return fail.Keyring()  # type: ignore[no-untyped-call]
    return backend_class()


class _OsKeyringFactory:
    """Stands where keyring expects a backend class: keyring reads ``priority`` (to check that
    the backend is viable; ours always is, falling back to "fail"), then calls it."""

    priority = 1.0

    def __call__(self) -> KeyringBackend:
        return os_keyring()


OsKeyring = _OsKeyringFactory()


def setup(environ: MutableMapping[str, str] | None = None) -> None:
    """Everything a frozen bundle needs before ``desktop_app.cli.main``; nothing when not frozen."""
    if is_frozen():
        (os.environ if environ is None else environ).setdefault(KEYRING_ENV_VAR, OS_KEYRING)
