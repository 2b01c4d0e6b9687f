"""The bundled Liberation Serif (metric-compatible with Times New Roman, full Vietnamese coverage):
an office PC may lack Times New Roman or have an old copy without every Vietnamese letter."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QGuiApplication

from desktop_app.core.resources import resource_path

FAMILY = "Liberation Serif"
FONT_FILES = (
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf",
)


def font_paths() -> list[Path]:
    return [resource_path("fonts", name) for name in FONT_FILES]


@cache
def register_fonts() -> str:
    """Add the bundled fonts to Qt's font database (once per process); returns the family name.

    Needs a QGuiApplication. A font file that cannot be loaded is an installation fault, so it
    raises instead of printing with a substitute that may lack Vietnamese letters."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("register_fonts needs a QGuiApplication (see ensure_gui_application)")
    for path in font_paths():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0 or FAMILY not in QFontDatabase.applicationFontFamilies(font_id):
            raise RuntimeError(
                f"Không nạp được phông chữ {path}; hãy cài đặt lại ứng dụng để in biên bản."
            )
    return FAMILY
