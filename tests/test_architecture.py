"""The layering of ARCHITECTURE.md: the core and sync never import Qt; resources are found."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import desktop_app.core
import sync
from desktop_app.core.resources import resources_dir

ROOT = Path(__file__).resolve().parent.parent


def _modules(package: object, *, server: bool = False) -> list[str]:
    """The package's modules; the sync server's (``sync.server``) only when ``server``."""
    path = package.__path__  # type: ignore[attr-defined]
    prefix = package.__name__ + "."  # type: ignore[attr-defined]
    names = [m.name for m in pkgutil.walk_packages(path, prefix)]
    return [n for n in names if n.startswith("sync.server") == server]


def _imported_after(modules: list[str], prefixes: tuple[str, ...]) -> list[str]:
    """The modules starting with ``prefixes`` that a fresh interpreter holds once ``modules``
    are imported: what they import, directly or through another module."""
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.startswith({prefixes!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return ast.literal_eval(result.stdout.strip())


def test_qt_free_packages_do_not_import_pyside6():
    modules = (
        _modules(desktop_app.core)
        + _modules(sync)
        + [
            "desktop_app.cli",
            "desktop_app.handover_cli",
            "desktop_app.sync_cli",
            "desktop_app.backup_cli",
        ]
    )
    assert _imported_after(modules, ("PySide6",)) == []
    assert len(modules) > 20  # the walk really found the core


def test_the_sync_server_imports_no_qt_and_only_the_desktops_qt_free_core():
    """The reference server runs at the district office without a window: no Qt. It shares the
    protocol (sync.protocol) and, for the district console, the desktop's Qt-free core — the
    programme's rules (current need, holdings, deadlines, categories), the code lists and the
    printed layout of reports — so that a rule lives once and the district counts as the school
    does. Nothing of the window, the printing (Qt) or the command line."""
    modules = _modules(sync, server=True)
    assert len(modules) >= 10  # the walk really found the server
    imported = _imported_after(modules, ("PySide6", "desktop_app"))
    assert "desktop_app.core.rules.holdings" in imported  # the walk sees the console's imports
    core = ("desktop_app", "desktop_app.core")
    outside_core = [m for m in imported if m not in core and not m.startswith("desktop_app.core.")]
    assert outside_core == []


def test_no_sync_server_source_names_qt_or_the_desktops_window():
    """The same, read in the sources: an import inside a function is not run by the check
    above."""
    offending = []
    for path in sorted((ROOT / "sync" / "server").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            offending += [
                f"{path.name}: {name}"
                for name in names
                if name.split(".")[0] == "PySide6"
                or (name.startswith("desktop_app") and not name.startswith("desktop_app.core."))
            ]
    assert offending == []


def test_resources_come_from_the_checkout_in_development():
    assert resources_dir() == ROOT / "resources"
    assert (resources_dir() / "templates" / "needs.json").is_file()


def test_the_wheel_carries_the_resources_where_the_package_looks(tmp_path):
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "-q", "-w", str(tmp_path)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("songmay-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for kind in ("needs", "devices", "handovers", "codelists", "min_spec"):
        assert f"desktop_app/resources/templates/{kind}.json" in names
    assert "desktop_app/cli.py" in names and "sync/__init__.py" in names


def _caught_sqlite3_errors(source: str) -> list[str]:
    """The ``sqlite3.<Error>`` names in the ``except`` clauses of ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            for name in ast.walk(node.type):
                if (isinstance(name, ast.Attribute) and isinstance(name.value, ast.Name)
                        and name.value.id == "sqlite3"):  # fmt: skip
                    found.append(name.attr)
    return found


def test_the_desktop_code_catches_the_encrypted_drivers_errors_not_the_standard_ones():
    # sqlcipher3's exceptions are not subclasses of sqlite3's: an `except sqlite3.X` in code that
    # works on the school's database never fires, and the clerk gets a traceback.
    offenders = {}
    for folder in (ROOT / "desktop_app", ROOT / "sync"):
        for path in folder.rglob("*.py"):
            if "server" in path.relative_to(ROOT).parts:
                continue  # the district server keeps the standard (plaintext) SQLite
            caught = _caught_sqlite3_errors(path.read_text(encoding="utf-8"))
            if caught:
                offenders[str(path.relative_to(ROOT))] = caught
    assert offenders == {}
    assert _caught_sqlite3_errors("try:\n    pass\nexcept sqlite3.OperationalError:\n    pass\n")
