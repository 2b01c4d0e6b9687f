"""The layering of ARCHITECTURE.md: the core and sync never import Qt; resources are found."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import desktop_app.core
import sync
from desktop_app.core.resources import resources_dir

ROOT = Path(__file__).resolve().parent.parent


def _modules(package: object) -> list[str]:
    path = package.__path__  # type: ignore[attr-defined]
    prefix = package.__name__ + "."  # type: ignore[attr-defined]
    return [m.name for m in pkgutil.walk_packages(path, prefix) if ".server" not in m.name]


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
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
    assert len(modules) > 20  # the walk really found the core


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
