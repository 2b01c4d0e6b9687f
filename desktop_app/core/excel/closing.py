"""Where a table ends: the closing under it (a date line, a signature block), which the importer
stops at. Apart from the printed layouts (excel.print_layout), so that reading a file does not
load openpyxl."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from desktop_app.core.messages import say
from desktop_app.core.text import search_key


@cache
def _closing_words() -> frozenset[str]:
    ours = ("report.prepared_by", "report.principal", "report.sign_name", "report.sign_seal")
    return frozenset(search_key(say(m)) for m in ours) | {
        "nguoi lap", "nguoi lap bang", "nguoi lap bieu", "nguoi lap danh sach", "nguoi ke khai",
        "thu truong don vi", "hieu truong", "pho hieu truong", "giao vien chu nhiem", "gvcn",
        "ke toan", "thu quy", "xac nhan cua hieu truong", "xac nhan cua nha truong",
        "dai dien nha truong", "dai dien phu huynh",
    }  # fmt: skip


# "Nhà Bè, ngày 15 tháng 9 năm 2021", "Ngày ..... tháng ..... năm 20...": the date line.
_DATE_LINE = re.compile(r"(?:^|\W)ngay\b.*\bthang\b.*\bnam\b")
# "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)", "(ký và đóng dấu)": under a signer's title.
_SIGN_HINT = re.compile(r"^\(.*\bky\b.*\)?$")
# "KT. HIỆU TRƯỞNG", "TM. BAN GIÁM HIỆU", "Q. Hiệu trưởng": a signer's title with its prefix.
_SIGNER_PREFIX = re.compile(r"^(?:kt|tm|tl|q|ktm)[ .]+")


def is_closing_text(text: str) -> bool:
    """Whether ``text`` belongs to a document's closing (date line or signature block) rather
    than to the table above it."""
    key = " ".join(search_key(text).split())
    if not key:
        return False
    words = _SIGNER_PREFIX.sub("", key).strip(" .:")
    return (
        words in _closing_words()
        or bool(_DATE_LINE.search(key))
        or bool(_SIGN_HINT.match(key))
        or words.startswith(("tm ban giam hieu", "ban giam hieu"))
    )


def is_closing_row(cells: Sequence[Any]) -> bool:
    """Whether a row under a table is its closing (a date line or a signature block, ours or a
    school's own): every filled cell holds closing text. The importer stops reading there. A
    row of the table always has a number or a name in it, so the first filled cell decides."""
    found = False
    for cell in cells:
        if cell is None or cell == "":
            continue
        if not isinstance(cell, str) or not is_closing_text(cell):
            return False
        found = True
    return found
