"""The values a minutes template is filled with: the school's header, the place and the date in
words (Decree 30/2020), a device's row of the table, all HTML-escaped; an empty value prints as a
dotted line to be filled in by hand. The words here are the document's own: minutes are
Vietnamese administrative documents whatever the interface's language."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlite_utils import Database

from desktop_app.core.errors import SongMayError
from desktop_app.core.school import SchoolProfile, parent_agency_line
from desktop_app.core.templates.spec import load_codelists

BLANK = "…" * 7  # an empty field prints as a dotted line, to be filled in by hand
SHORT_BLANK = "……"
NBSP = "\u00a0"  # a space a line never breaks at (the printing keeps such a run on one line)
_SPACES = re.compile(r"[^\S\u00a0]+")  # white space, but not a non-breaking space


def escape(text: str) -> str:
    """HTML text for QTextDocument (an apostrophe, as in "H'Hen", stays as it is)."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def text(value: Any, empty: str = BLANK) -> str:
    if value is None:
        return empty
    text = " ".join(_SPACES.split(str(value).strip(" \t\r\n\f\v")))
    return unicodedata.normalize("NFC", text) if text else empty


def escaped(values: Mapping[str, Any], empty: str = BLANK) -> dict[str, str]:
    return {key: escape(text(value, empty)) for key, value in values.items()}


def parse_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def date_words(day: date) -> str:
    """The date in words, "ngày 05 tháng 01 năm 2022": day and month under 10 with a leading 0
    (Decree 30/2020)."""
    return f"ngày {day:%d} tháng {day:%m} năm {day.year}"


_UNIT_PREFIX = re.compile(
    r"(?:xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|thành phố|tp\.?|tỉnh)\s+", re.IGNORECASE
)


def place_name(school: SchoolProfile) -> str:
    """The place in the date line: the commune, else the district, else the province, named as
    Decree 30/2020 asks — without "Xã"/"Huyện"… unless the name is a number ("Phường 15")."""
    for raw in (school.commune, school.district, school.province):
        name = text(raw, "")
        if name:
            prefix = _UNIT_PREFIX.match(name)
            rest = name[prefix.end() :] if prefix else name
            return name if not rest or rest[0].isdigit() else rest
    return BLANK


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}".replace(".", ",")


def device_spec(row: Mapping[str, Any]) -> str:
    """A device's specification in one line: "RAM 3 GB, bộ nhớ 32 GB, 10,5 inch, Android 12"."""
    parts = [str(row["cpu"])] if row.get("cpu") else []
    if row.get("ram_gb") is not None:
        parts.append(f"RAM {_number(row['ram_gb'])} GB")
    if row.get("storage_gb") is not None:
        parts.append(f"bộ nhớ {_number(row['storage_gb'])} GB")
    if row.get("screen_inch") is not None:
        parts.append(f"{_number(row['screen_inch'])} inch")
    if row.get("os"):
        parts.append(str(row["os"]))
    return ", ".join(parts)


# How the agencies above a school start, and how a place's name starts: "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO
# HUYỆN KRÔNG BÔNG" may take two lines, the agency then the place, never one split inside.
_AGENCY_KINDS = re.compile(
    r"(?:PHÒNG|SỞ)\s+(?:GIÁO\s+DỤC\s+VÀ\s+ĐÀO\s+TẠO|GD\s*(?:&|-|VÀ)?\s*ĐT|GDĐT)"
    r"|UBND|(?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN",
    re.IGNORECASE,
)
_PLACE = re.compile(r"\s(?:HUYỆN|QUẬN|THỊ\s+XÃ|THÀNH\s+PHỐ|TP\.|TỈNH)\s", re.IGNORECASE)


def unbroken_agency(line: str) -> str:
    """The parent agency line with non-breaking spaces inside the names it holds: the agency's
    kind ("PHÒNG GD&ĐT", "UBND") and the place ("HUYỆN KRÔNG BÔNG", "CƯ M'GAR"). The line may
    break only between them (the printing shrinks the type rather than split a name); an agency
    of another kind keeps its ordinary spaces, only its place is held together."""
    words = " ".join(unicodedata.normalize("NFC", line).split())
    if not words:
        return ""
    kind = _AGENCY_KINDS.match(words)
    if kind is not None:
        head, place = words[: kind.end()], words[kind.end() :]
        return " ".join(NBSP.join(part.split()) for part in (head, place) if part.strip())
    where = _PLACE.search(words)
    if where is None:
        return words
    return f"{words[: where.start()]} {NBSP.join(words[where.start() :].split())}"


def common_values(school: SchoolProfile, when: date | None, number: str) -> dict[str, Any]:
    place = place_name(school)
    return {
        "parent_agency": unbroken_agency(parent_agency_line(school)) or None,
        "school_name": school.name,
        "school_name_upper": (school.name or "").upper() or None,
        "school_code": school.code,
        "place": place,
        "date_line": f"{place}, {date_words(when)}" if when else f"{place}, ngày … tháng … năm …",
        "date_words": date_words(when) if when else "ngày … tháng … năm …",
        "day": f"{when:%d}" if when else None,
        "month": f"{when:%m}" if when else None,
        "year": str(when.year) if when else None,
        "minutes_number": f"{number}/BB-{school.code}" if school.code else f"{number}/BB",
        "principal": school.principal,
        "clerk": school.clerk,
    }


def device_values(
    device: Mapping[str, Any], number: int, *, condition: str, accessories: str | None
) -> dict[str, str]:
    """One row of a minutes' device table (an empty cell stays empty)."""
    device_types = load_codelists()["device_type"]
    return escaped(
        {
            "stt": str(number),
            "device_type": device_types.label(device["device_type"]),
            "brand": device["brand"],
            "model": device["model"],
            "brand_model": f"{device['brand']} {device['model']}",
            "serial": device["serial"],
            "quantity": "01",
            "condition": condition,
            "accessories": accessories or "Không",
            "spec": device_spec(device),
            "device_note": device.get("device_note", device.get("note")),
        },
        empty="",
    )


def fetch(db: Database, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def find_batch(db: Database, batch_code: str) -> dict[str, Any]:
    rows = fetch(
        db,
        "SELECT b.id, b.code, b.source, b.received_date, b.note, d.name AS donor_name,"
        " d.donor_type FROM donation_batches b JOIN donors d ON d.id = b.donor_id"
        " WHERE b.code = ? AND b.deleted = 0",
        (batch_code,),
    )
    if not rows:
        raise SongMayError.of("minutes.batch_not_found", code="not_found", batch=batch_code)
    return rows[0]
