"""Find files under ``resources/`` the same way from a checkout, a wheel and a PyInstaller bundle."""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # desktop_app/


class ResourcesMissing(FileNotFoundError):
    """The installation lacks its data folder. The message catalogue lives in that folder, so
    this one sentence cannot come from it: it is written here, in both languages."""

    def __init__(self, searched: str) -> None:
        super().__init__(
            "Không tìm thấy thư mục resources/ của ứng dụng; hãy cài đặt lại. Đã tìm ở: "
            f"{searched}\nThe application's resources/ folder is missing; reinstall the "
            f"application. Looked in: {searched}"
        )


@cache
def resources_dir() -> Path:
    """The folder that holds the application's data files.

    Checked in order: a PyInstaller bundle (``sys._MEIPASS/resources``), an installed wheel
    (``desktop_app/resources``, see pyproject's force-include), a source checkout (``resources/``
    beside ``desktop_app/``).
    """
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources")
    candidates += [_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"]
    for candidate in candidates:
        if (candidate / "templates").is_dir():
            return candidate
    raise ResourcesMissing(", ".join(str(c) for c in candidates))


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


@cache
def load_json(*parts: str) -> Any:
    with resource_path(*parts).open(encoding="utf-8") as handle:
        return json.load(handle)
