"""What the core says (catalogue messages, code-list labels), in the interface's language.

The core's messages and labels are their Vietnamese text; the window shows them through
``shown`` so that the English interface says them in English."""

from __future__ import annotations

from typing import Any

from desktop_app.core.messages import text_of
from desktop_app.core.templates.spec import load_codelists
from desktop_app.ui.shell.i18n import current_language


def language() -> str:
    return current_language()


def shown(value: Any) -> str:
    """A message or a label in the interface's language; anything else (the school's own data)
    as it is."""
    if value is None:
        return ""
    return text_of(value, current_language())


def code_label(list_name: str, code: str) -> str:
    """A code-list item's name in the interface's language ("tablet" → "Máy tính bảng")."""
    return load_codelists()[list_name].display(code, current_language())
