"""sync/ (the client side) reaches into the app through the outbox interface only: it never
imports Qt, the window, or the core's internals."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {
    "desktop_app.core.store.outbox",  # the interface: pending changes, results, sync state
    "desktop_app.core.store.package_keys",  # the interface: the USB package's keys
    "desktop_app.core.store.database",  # write_transaction
    "desktop_app.core.reviews",  # applying the district's decisions
    "desktop_app.core.files",  # atomic_path, for the offline package
    "desktop_app.core.errors",  # the application's one base exception
    "desktop_app.core.messages",  # what is said to the clerk, in the reader's language
    "desktop_app.core.access",
    "desktop_app.core.secure_keyring",  # whether the keyring keeps a secret
    "desktop_app.core.clock",  # the server's Date, kept to judge the PC's clock  # the access trail: a USB package is a copy of children's data
}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_sync_client_imports_only_the_outbox_interface_of_the_app():
    files = [p for p in (ROOT / "sync").glob("*.py")]
    assert len(files) >= 8
    for path in files:
        for name in _imports(path):
            assert not name.startswith(("PySide6", "desktop_app.ui")), (path.name, name)
            if name.startswith("desktop_app"):
                assert name in ALLOWED, (path.name, name)


def test_tls_verification_is_never_turned_off_in_the_client():
    for path in (ROOT / "sync").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "verify=False" not in text and "verify = False" not in text, path.name
        assert "disable_warnings" not in text, path.name
