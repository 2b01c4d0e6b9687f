"""Can the window open on this Linux desktop? Qt draws it through its xcb platform plugin, which
needs system libraries a fresh Debian/Ubuntu may lack (``libxcb-cursor0`` first of all, since Qt
6.5). Without them Qt aborts with an English text about "xcb" that a school's clerk cannot act
on. ``missing_for_window()`` finds out first, cheaply and before any QApplication exists: it
loads the plugin with the dynamic loader (as Qt would) and, when that fails, tries each library
the plugin needs, so that ``songmay`` can say which packages to install.

Qt-free and PySide6-free: the command line imports it; the plugin is found on disk only.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# What ``ldd PySide6/Qt/plugins/platforms/libqxcb.so`` lists outside Qt itself and the C library,
# by Debian/Ubuntu package (Qt's "Qt for X11 Requirements"). A fresh desktop install has the
# X11, GL, fontconfig, GLib and D-Bus ones; the xcb utility libraries are the usual gap.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}
# The README's list: everything the window needs beyond a minimal system, in one command.
APT_PACKAGES: tuple[str, ...] = tuple(sorted(set(XCB_LIBRARIES.values())))

PLUGIN = Path("plugins") / "platforms" / "libqxcb.so"
_LIBRARY_IN_ERROR = re.compile(r"([^\s:/]+\.so(?:\.\d+)*)\s*:")


@dataclass(frozen=True)
class Missing:
    """Why the xcb plugin cannot load: the loader's own words, the libraries that cannot be
    loaded (file names) and the packages that bring them (one per library we know)."""

    error: str
    libraries: tuple[str, ...]
    packages: tuple[str, ...]

    @property
    def command(self) -> str:
        return "sudo apt install " + " ".join(self.packages or APT_PACKAGES)


def would_use_xcb(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Qt will pick its xcb plugin: Linux, an X display, no other platform asked for, and not a
    Wayland session where Qt goes to its Wayland plugin first."""
    env = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return False
    asked = env.get("QT_QPA_PLATFORM", "").strip()
    if asked:
        return asked.split(";")[0].split(":")[0] == "xcb"
    if not env.get("DISPLAY"):
        return False
    wayland = env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland"
    plugin = xcb_plugin()
    has_wayland = plugin is not None and any(plugin.parent.glob("libqwayland*.so"))
    return not (wayland and has_wayland)


def xcb_plugin() -> Path | None:
    """PySide6's ``libqxcb.so`` (in a PyInstaller bundle, the one it carries); None if absent."""
    roots: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle) / "PySide6" / "Qt")
    spec = importlib.util.find_spec("PySide6")  # finds the package without importing Qt
    if spec is not None and spec.submodule_search_locations:
        roots += [Path(location) / "Qt" for location in spec.submodule_search_locations]
    return next((root / PLUGIN for root in roots if (root / PLUGIN).is_file()), None)


def _loads(name: str | Path) -> str | None:
    """None if the dynamic loader loads ``name``, else its error."""
    try:
        ctypes.CDLL(str(name), mode=os.RTLD_LAZY | os.RTLD_LOCAL)
    except OSError as exc:
        return str(exc)
    return None


def missing_for_window(plugin: Path | None = None) -> Missing | None:
    """None when the xcb plugin loads (or is not there to check); else what is missing."""
    path = plugin or xcb_plugin()
    if path is None:
        return None
    error = _loads(path)
    if error is None:
        return None
    missing = [name for name in XCB_LIBRARIES if _loads(name) is not None]
    named = _LIBRARY_IN_ERROR.search(error)
    if named and named.group(1) not in missing and named.group(1) != path.name:
        missing.insert(0, named.group(1))
    packages = tuple(dict.fromkeys(XCB_LIBRARIES[n] for n in missing if n in XCB_LIBRARIES))
    return Missing(error=error, libraries=tuple(missing), packages=packages)
