"""On Linux, ``songmay`` (the window) says which system packages Qt's xcb plugin lacks, in the
interface's language, and exits with an error code, instead of Qt's abort text. The plugin is
made unloadable the way a fresh Debian/Ubuntu leaves it: ``libxcb-cursor.so.0`` cannot be loaded
(here a broken file found first on LD_LIBRARY_PATH)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import display_check
from desktop_app.cli import EXIT_FILE_ERROR
from desktop_app.core.paths import APP_AUTHOR, APP_NAME

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or display_check.xcb_plugin() is None,
    reason="Qt's xcb plugin is a Linux matter",
)


@pytest.fixture
def broken_xcb_cursor(tmp_path: Path) -> Path:
    """A folder whose libxcb-cursor.so.0 the dynamic loader finds first and cannot load."""
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "libxcb-cursor.so.0").write_text("not a shared library\n" * 8)
    return folder


def window_env(tmp_path: Path, lib: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "WAYLAND", "XDG_"))}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env.update({
        "DISPLAY": ":99", "LD_LIBRARY_PATH": str(lib), "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local"),
        "PYTHONPATH": str(ROOT), "PYTHONUTF8": "1",
    })  # fmt: skip
    return env


def start_window(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args, "--db", str(Path(env["HOME"]) / "t.db")],
        env=env, capture_output=True, text=True, encoding="utf-8", timeout=60, check=False,
    )  # fmt: skip


def test_a_missing_xcb_library_is_named_with_its_package_in_vietnamese(tmp_path, broken_xcb_cursor):
    result = start_window(window_env(tmp_path, broken_xcb_cursor))
    assert result.returncode == EXIT_FILE_ERROR
    assert result.stdout == ""
    said = result.stderr
    assert said.startswith("Không mở được cửa sổ ứng dụng")
    assert "libxcb-cursor.so.0" in said and "sudo apt install libxcb-cursor0" in said
    assert "Traceback" not in said and "Qt platform plugin" not in said
    assert not (tmp_path / "home" / "t.db").exists()  # nothing was opened


def test_in_english_by_option_or_by_the_saved_language(tmp_path, broken_xcb_cursor):
    env = window_env(tmp_path, broken_xcb_cursor)
    by_option = start_window(env, "--lang", "en")
    assert by_option.returncode == EXIT_FILE_ERROR
    assert by_option.stderr.startswith("The application's window cannot open")
    assert "sudo apt install libxcb-cursor0" in by_option.stderr

    settings = Path(env["XDG_CONFIG_HOME"]) / APP_AUTHOR / f"{APP_NAME}.conf"
    settings.parent.mkdir(parents=True)
    settings.write_text("[ui]\nlanguage=en\n", encoding="utf-8")  # what the window saves
    saved = start_window(env)
    assert saved.returncode == EXIT_FILE_ERROR
    assert saved.stderr.startswith("The application's window cannot open")
    assert start_window(env, "--lang", "vi").stderr.startswith("Không mở được")


def test_qt_itself_would_abort_there_with_its_own_english_text(tmp_path, broken_xcb_cursor):
    """Why the check exists: the same environment makes Qt abort."""
    env = window_env(tmp_path, broken_xcb_cursor)
    code = "from PySide6.QtWidgets import QApplication; QApplication([])"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=60, check=False)  # fmt: skip
    assert result.returncode != 0 and "platform plugin" in result.stderr


def test_the_loader_names_every_library_it_cannot_load(broken_xcb_cursor, monkeypatch):
    # Every other library loads: what this PC lacks besides (a bare CI machine has no
    # libxcb-icccm4, a desktop has it) must not change the answer.
    def loads(name: str | Path) -> str | None:
        if str(name).endswith(("libxcb-cursor.so.0", "libqxcb.so", "libxcb-xkb.so.1")):
            return f"{Path(str(name)).name}: cannot open shared object file: No such file"
        return None

    monkeypatch.setattr(display_check, "_loads", loads)
    missing = display_check.missing_for_window()
    assert missing is not None
    assert set(missing.libraries) == {"libxcb-cursor.so.0", "libxcb-xkb.so.1"}
    assert missing.command == "sudo apt install libxcb-cursor0 libxcb-xkb1"


def test_an_unknown_library_asks_for_the_whole_list():
    missing = display_check.Missing("libfoo.so.3: cannot open", ("libfoo.so.3",), ())
    assert missing.command.split()[3:] == list(display_check.APT_PACKAGES)
    assert "libxcb-cursor0" in display_check.APT_PACKAGES


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DISPLAY": ":0"}, True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "xcb:nograb"}, True),
        ({}, False),  # no display: "songmay" says so itself
    ],
)
def test_the_check_runs_only_where_qt_would_use_xcb(env, expected):
    assert display_check.would_use_xcb(env, "linux") is expected
    assert display_check.would_use_xcb(env, "win32") is False


def test_readme_lists_the_same_packages():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "sudo apt install " + " ".join(display_check.APT_PACKAGES) in readme
