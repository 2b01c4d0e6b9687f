"""Handover and receipt minutes (biên bản) as data: HTML filled from the database into a template
file that a school may edit without touching code.

The bundled templates are ``resources/minutes/{handover,receipt}.html``; a copy of the same name
in an override folder (the application passes ``user_template_dir()``) wins. Templates use
``${name}`` fields, HTML-escaped when filled, and one repeated block of table rows between
``<!-- BEGIN devices -->`` and ``<!-- END devices -->`` (resources/minutes/README.md tells a
school how). A field the application does not know is refused when the template is loaded,
before anything is printed. No Qt here: ``desktop_app.printing`` lays the HTML out on paper.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop_app.core.errors import SongMayError
from desktop_app.core.paths import data_dir
from desktop_app.core.resources import resource_path
from desktop_app.core.school import SchoolProfile, load_school, parent_agency_line
from desktop_app.core.templates.cells import fmt_date
from desktop_app.core.templates.spec import load_codelists

KINDS = ("handover", "receipt")
TEMPLATE_DIR_NAME = "minutes"
BLANK = "…" * 7  # an empty field prints as a dotted line, to be filled in by hand
SHORT_BLANK = "……"

# The fields each template may use. resources/minutes/README.md explains them in Vietnamese
# (a test keeps the two lists equal).
COMMON_FIELDS = frozenset({
    "title", "parent_agency", "school_name", "school_name_upper", "school_code", "place",
    "date_line", "date_words", "day", "month", "year", "minutes_number", "principal", "clerk",
    "batch_code", "donor_name", "source_label", "received_date",
})  # fmt: skip
HANDOVER_FIELDS = COMMON_FIELDS | {
    "student_name", "student_code", "birth_date", "gender", "class_name", "guardian_name",
    "relationship", "receiver_role", "receiver_citizen_id", "address", "phone", "signer_name",
    "giver_name", "giver_position", "handover_date", "note",
}  # fmt: skip
RECEIPT_FIELDS = COMMON_FIELDS | {"device_count", "donor_type", "batch_note"}
DEVICE_FIELDS = frozenset({
    "stt", "device_type", "brand", "model", "brand_model", "serial", "quantity", "condition",
    "accessories", "spec", "device_note",
})  # fmt: skip
FIELDS = {"handover": HANDOVER_FIELDS, "receipt": RECEIPT_FIELDS}
BLOCKS = {"devices": DEVICE_FIELDS}


@dataclass(frozen=True)
class MinutesDocument:
    """One set of minutes, ready for printing: ``html`` is in QTextDocument's subset of HTML."""

    title: str
    html: str


# --------------------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    name: str
    line: int


@dataclass(frozen=True)
class _Block:
    name: str
    parts: tuple[_Part, ...]
    line: int


_Part = str | _Field | _Block

_TOKEN = re.compile(
    r"<!--(?P<comment>.*?)-->"
    r"|\$(?:(?P<dollar>\$)|\{(?P<braced>[^}\n]*)\}|(?P<named>[A-Za-z_][A-Za-z0-9_]*))",
    re.DOTALL,
)
_MARKER = re.compile(r"\s*(BEGIN|END)\s+([A-Za-z_][A-Za-z0-9_]*)\s*")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class MinutesTemplateError(SongMayError):
    """The minutes template cannot be used; the message names the file, the line and the field."""

    code = "minutes_template"


@dataclass(frozen=True)
class MinutesTemplate:
    kind: str
    path: Path
    parts: tuple[_Part, ...]

    def render(
        self, values: Mapping[str, str], rows: Mapping[str, Sequence[Mapping[str, str]]]
    ) -> str:
        """Fill the template; ``values`` and ``rows`` hold already-escaped HTML text."""
        out: list[str] = []
        _render(self.parts, values, rows, out, self.path)
        return "".join(out)


def user_template_dir() -> Path:
    """Where a school's edited templates live: ``<data folder>/minutes``."""
    return data_dir() / TEMPLATE_DIR_NAME


def template_path(kind: str, template_dir: Path | None = None) -> Path:
    """The school's own copy when there is one, else the bundled template."""
    if kind not in KINDS:
        raise ValueError(f"unknown minutes kind {kind!r}")
    if template_dir is not None:
        own = Path(template_dir) / f"{kind}.html"
        if own.is_file():
            return own
    return resource_path(TEMPLATE_DIR_NAME, f"{kind}.html")


def load_minutes_template(kind: str, template_dir: Path | None = None) -> MinutesTemplate:
    path = template_path(kind, template_dir)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise MinutesTemplateError(
            f"Mẫu biên bản {path} không phải văn bản UTF-8. Hãy lưu lại tệp với bảng mã UTF-8 "
            "(trong Notepad: Lưu thành… → Mã hóa: UTF-8), hoặc xóa tệp để dùng mẫu có sẵn."
        ) from None
    except OSError as exc:
        raise MinutesTemplateError(
            f"Không đọc được mẫu biên bản {path} ({exc.strerror or exc}). Hãy kiểm tra tệp, "
            "hoặc xóa tệp để dùng mẫu có sẵn."
        ) from None
    parts = _parse(unicodedata.normalize("NFC", text), path)
    _check(parts, FIELDS[kind], path, block=None)
    return MinutesTemplate(kind, path, parts)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _parse(text: str, path: Path) -> tuple[_Part, ...]:
    stack: list[tuple[str, int, list[_Part]]] = [("", 0, [])]
    position = 0
    for match in _TOKEN.finditer(text):
        stack[-1][2].append(text[position : match.start()])
        position = match.end()
        line = _line_of(text, match.start())
        if match.group("comment") is not None:
            marker = _MARKER.fullmatch(match.group("comment"))
            if marker is None:
                continue  # an ordinary comment prints nothing: drop it (and any $ inside it)
            verb, name = marker.groups()
            if verb == "BEGIN":
                if name not in BLOCKS:
                    raise _unknown_block(name, line, path)
                if len(stack) > 1:
                    raise MinutesTemplateError(
                        f"Mẫu biên bản {path}, dòng {line}: khối “{name}” nằm trong khối "
                        f"“{stack[-1][0]}”. Các khối lặp không được lồng nhau."
                    )
                stack.append((name, line, []))
            else:
                if len(stack) == 1 or stack[-1][0] != name:
                    raise MinutesTemplateError(
                        f"Mẫu biên bản {path}, dòng {line}: có “END {name}” mà không có "
                        f"“BEGIN {name}” phía trước. Hãy sửa hoặc xóa dòng này."
                    )
                block_name, block_line, block_parts = stack.pop()
                stack[-1][2].append(_Block(block_name, tuple(block_parts), block_line))
        elif match.group("dollar") is not None:
            stack[-1][2].append("$")
        else:
            name = match.group("braced")
            if name is None:
                name = match.group("named")
            name = name.strip()
            if not _IDENTIFIER.fullmatch(name):
                raise MinutesTemplateError(
                    f"Mẫu biên bản {path}, dòng {line}: “${{{name}}}” không phải tên trường hợp "
                    "lệ (chỉ gồm chữ không dấu, chữ số và dấu _). Viết $$ nếu muốn in dấu $."
                )
            stack[-1][2].append(_Field(name, line))
    stack[-1][2].append(text[position:])
    if len(stack) > 1:
        name, line, _ = stack[-1]
        raise MinutesTemplateError(
            f"Mẫu biên bản {path}, dòng {line}: khối “BEGIN {name}” chưa có “END {name}”. "
            "Hãy thêm dòng <!-- END " + name + " --> sau dòng cuối của khối."
        )
    return tuple(p for p in stack[0][2] if p != "")


def _check(parts: Sequence[_Part], known: frozenset[str], path: Path, block: str | None) -> None:
    for part in parts:
        if isinstance(part, _Block):
            _check(part.parts, known | BLOCKS[part.name], path, part.name)
        elif isinstance(part, _Field) and part.name not in known:
            raise _unknown_field(part.name, part.line, path, known, block)


def _unknown_field(
    name: str, line: int, path: Path, known: frozenset[str], block: str | None
) -> MinutesTemplateError:
    where = f" (trong khối {block})" if block else ""
    hint = ""
    if not block:
        owner = next((b for b, fields in BLOCKS.items() if name in fields), None)
        if owner:
            hint = f" Trường này chỉ dùng được giữa BEGIN {owner} và END {owner}."
    names = ", ".join(f"${{{n}}}" for n in sorted(known))
    return MinutesTemplateError(
        f"Mẫu biên bản {path}, dòng {line}{where}: ứng dụng không biết trường “${{{name}}}”."
        f"{hint} Hãy sửa tên trường (xem README.md trong thư mục mẫu), hoặc xóa tệp mẫu đã sửa "
        f"để dùng mẫu có sẵn. Các trường dùng được: {names}."
    )


def _unknown_block(name: str, line: int, path: Path) -> MinutesTemplateError:
    return MinutesTemplateError(
        f"Mẫu biên bản {path}, dòng {line}: ứng dụng không biết khối lặp “{name}”. "
        f"Các khối dùng được: {', '.join(sorted(BLOCKS))}."
    )


def _render(
    parts: Sequence[_Part],
    values: Mapping[str, str],
    rows: Mapping[str, Sequence[Mapping[str, str]]],
    out: list[str],
    path: Path,
) -> None:
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, _Field):
            try:
                out.append(values[part.name])
            except KeyError:
                raise MinutesTemplateError(
                    f"Mẫu biên bản {path}, dòng {part.line}: chưa có giá trị cho trường "
                    f"“${{{part.name}}}”. Hãy báo lỗi này cho bộ phận hỗ trợ."
                ) from None
        else:
            for row in rows.get(part.name, ()):
                _render(part.parts, {**values, **row}, rows, out, path)


# --------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------


def escape(text: str) -> str:
    """HTML text for QTextDocument (an apostrophe, as in "H'Hen", stays as it is)."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _text(value: Any, empty: str = BLANK) -> str:
    if value is None:
        return empty
    text = " ".join(str(value).split())
    return unicodedata.normalize("NFC", text) if text else empty


def _escaped(values: Mapping[str, Any], empty: str = BLANK) -> dict[str, str]:
    return {key: escape(_text(value, empty)) for key, value in values.items()}


def _parse_date(value: Any) -> date | None:
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
        name = _text(raw, "")
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


def _common(school: SchoolProfile, when: date | None, number: str) -> dict[str, Any]:
    place = place_name(school)
    return {
        "parent_agency": parent_agency_line(school),
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


# --------------------------------------------------------------------------------------
# Handover minutes
# --------------------------------------------------------------------------------------

# Each student's latest handover (a replaced faulty device has a later one) with everything the
# minutes print: one query for the whole batch, never one per student.
_HANDOVERS = """
WITH latest AS (
    SELECT h.*, ROW_NUMBER() OVER (
        PARTITION BY h.student_id ORDER BY h.event_date DESC, h.id DESC
    ) AS recency
    FROM handovers h WHERE h.kind = 'handover' AND h.deleted = 0
)
SELECT s.code AS student_code, s.full_name, s.birth_date, s.gender, s.class_name,
       s.guardian_name, s.phone, s.address,
       h.event_date, h.receiver_role, h.receiver_name, h.relationship, h.receiver_citizen_id,
       h.handed_by, h.handed_by_position, h.condition AS handover_condition,
       h.accessories AS handover_accessories, h.note, h.minutes_no,
       v.device_type, v.brand, v.model, v.serial, v.condition AS device_condition,
       v.accessories AS device_accessories, v.cpu, v.ram_gb, v.storage_gb, v.screen_inch, v.os,
       v.note AS device_note,
       b.code AS batch_code, b.source, b.received_date, d.name AS donor_name
FROM latest h
JOIN students s ON s.id = h.student_id AND s.deleted = 0
JOIN devices v ON v.id = h.device_id
JOIN donation_batches b ON b.id = v.batch_id
JOIN donors d ON d.id = b.donor_id
WHERE h.recency = 1 {where}
ORDER BY s.grade IS NULL, s.grade, s.class_name, s.sort_key, s.code
"""
_BY_CODES = "AND s.code IN (SELECT value FROM json_each(?))"
_BY_BATCH = "AND b.code = ?"

_RELATIONSHIP = {"parent": "Cha/mẹ", "guardian": "Người giám hộ"}


def handover_minutes(
    db: Database,
    *,
    student_codes: Sequence[str] | None = None,
    batch_code: str | None = None,
    all_students: bool = False,
    template_dir: Path | None = None,
) -> list[MinutesDocument]:
    """The minutes of each chosen student's latest handover, in class-list order (grade, class,
    then the Vietnamese name order), numbered by the stored ``minutes_no`` or else by their place
    in this print run. Choose exactly one of ``student_codes``, ``batch_code``, ``all_students``."""
    if sum((student_codes is not None, batch_code is not None, all_students)) != 1:
        raise ValueError("choose exactly one of student_codes, batch_code, all_students")
    template = load_minutes_template("handover", template_dir)
    if student_codes is not None:
        codes = [_text(c, "") for c in student_codes]
        rows = _fetch(db, _HANDOVERS.format(where=_BY_CODES), (json.dumps(codes),))
        _check_students(db, codes, {r["student_code"] for r in rows})
    elif batch_code is not None:
        batch_code = _text(batch_code, "")
        rows = _fetch(db, _HANDOVERS.format(where=_BY_BATCH), (batch_code,))
        if not rows:
            _find_batch(db, batch_code)
            raise SongMayError(
                f"Đợt tài trợ “{batch_code}” chưa có thiết bị nào được bàn giao cho học sinh, nên "
                "chưa có biên bản bàn giao để in. Hãy ghi nhận việc bàn giao (nhập tệp Bàn giao) "
                "trước.",
                code="no_handover",
            )
    else:
        rows = _fetch(db, _HANDOVERS.format(where=""), ())
        if not rows:
            raise SongMayError(
                "Chưa có học sinh nào được bàn giao thiết bị, nên chưa có biên bản để in. Hãy ghi "
                "nhận việc bàn giao (nhập tệp Bàn giao) trước.",
                code="no_handover",
            )
    school = load_school(db)
    codelists = load_codelists()
    conditions, roles, sources = codelists["condition"], codelists["receiver"], codelists["source"]
    documents = []
    for sequence, row in enumerate(rows, start=1):
        when = _parse_date(row["event_date"])
        number = row["minutes_no"] if row["minutes_no"] is not None else sequence
        role = row["receiver_role"] or "student"
        guardian = row["receiver_name"] if role != "student" else None
        guardian = guardian or row["guardian_name"]
        student_name = _text(row["full_name"])
        handed_by = _text(row["handed_by"], "")
        position = row["handed_by_position"]
        if not position and handed_by and handed_by == _text(school.principal, ""):
            position = "Hiệu trưởng"
        title = f"Biên bản bàn giao thiết bị – {student_name} ({_text(row['class_name'])})"
        birth = _parse_date(row["birth_date"])
        received = _parse_date(row["received_date"])
        values = _escaped({
            **_common(school, when, f"{int(number):02d}"),
            "title": title,
            "batch_code": row["batch_code"],
            "donor_name": row["donor_name"],
            "source_label": sources.label(row["source"]),
            "received_date": fmt_date(received) if received else row["received_date"],
            "student_name": student_name,
            "student_code": row["student_code"],
            "birth_date": fmt_date(birth) if birth else row["birth_date"],
            "gender": row["gender"],
            "class_name": row["class_name"],
            "guardian_name": guardian,
            "relationship": row["relationship"] or _RELATIONSHIP.get(role),
            "receiver_role": roles.label(role),
            "receiver_citizen_id": row["receiver_citizen_id"],
            "address": row["address"],
            "phone": row["phone"],
            "signer_name": student_name if role == "student" else guardian,
            "giver_name": handed_by,
            "giver_position": position,
            "handover_date": fmt_date(when) if when else row["event_date"],
            "note": row["note"],
        })  # fmt: skip
        device = _device_values(
            row,
            1,
            condition=row["handover_condition"] or conditions.label(row["device_condition"]),
            accessories=row["handover_accessories"] or row["device_accessories"],
        )
        html = template.render(values, {"devices": (device,)})
        documents.append(MinutesDocument(unicodedata.normalize("NFC", title), html))
    return documents


def _device_values(
    device: Mapping[str, Any], number: int, *, condition: str, accessories: str | None
) -> dict[str, str]:
    """One row of a minutes' device table (an empty cell stays empty)."""
    device_types = load_codelists()["device_type"]
    return _escaped(
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


def _fetch(db: Database, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def _check_students(db: Database, codes: Sequence[str], found: set[str]) -> None:
    missing = [c for c in dict.fromkeys(codes) if c not in found]
    if not missing:
        if not codes:
            raise SongMayError(
                "Chưa chọn học sinh nào để in biên bản. Hãy chọn ít nhất một học sinh.",
                code="no_handover",
            )
        return
    known = dict(
        db.execute(
            "SELECT code, full_name FROM students WHERE deleted = 0"
            " AND code IN (SELECT value FROM json_each(?))",
            (json.dumps(missing),),
        ).fetchall()
    )
    unknown = [c for c in missing if c not in known]
    if unknown:
        shown = ", ".join(f"“{c}”" for c in unknown[:10]) + (" …" if len(unknown) > 10 else "")
        raise SongMayError(
            f"Không tìm thấy học sinh có mã {shown}. Hãy kiểm tra lại mã trong danh sách học sinh "
            "(trang Học sinh) rồi in lại.",
            code="not_found",
        )
    shown = ", ".join(f"{c} ({known[c]})" for c in missing[:10]) + (
        " …" if len(missing) > 10 else ""
    )
    raise SongMayError(
        f"Học sinh {shown} chưa được bàn giao thiết bị nên chưa có biên bản bàn giao. Hãy ghi "
        "nhận việc bàn giao (nhập tệp Bàn giao) trước, hoặc bỏ học sinh này khỏi danh sách in.",
        code="no_handover",
    )


def _find_batch(db: Database, batch_code: str) -> dict[str, Any]:
    rows = _fetch(
        db,
        "SELECT b.id, b.code, b.source, b.received_date, b.note, d.name AS donor_name,"
        " d.donor_type FROM donation_batches b JOIN donors d ON d.id = b.donor_id"
        " WHERE b.code = ? AND b.deleted = 0",
        (batch_code,),
    )
    if not rows:
        raise SongMayError(
            f"Không tìm thấy đợt tài trợ có mã “{batch_code}”. Hãy kiểm tra lại mã đợt (cột “Mã "
            "đợt tài trợ” trong trang Thiết bị) rồi in lại.",
            code="not_found",
        )
    return rows[0]


# --------------------------------------------------------------------------------------
# Receipt minutes
# --------------------------------------------------------------------------------------


def receipt_minutes(
    db: Database, batch_code: str, template_dir: Path | None = None
) -> MinutesDocument:
    """The minutes of the school receiving one donation batch: the donor, the date, and every
    device of the batch with its serial, condition and specification."""
    template = load_minutes_template("receipt", template_dir)
    batch = _find_batch(db, _text(batch_code, ""))
    devices = _fetch(
        db,
        "SELECT * FROM devices WHERE batch_id = ? AND deleted = 0"
        " ORDER BY device_type, brand, model, serial",
        (batch["id"],),
    )
    if not devices:
        raise SongMayError(
            f"Đợt tài trợ “{batch['code']}” chưa có thiết bị nào, nên chưa có gì để lập biên bản "
            "tiếp nhận. Hãy nhập danh sách thiết bị của đợt (tệp Thiết bị) trước.",
            code="no_devices",
        )
    school = load_school(db)
    codelists = load_codelists()
    conditions = codelists["condition"]
    received = _parse_date(batch["received_date"])
    title = f"Biên bản tiếp nhận thiết bị – đợt {_text(batch['code'])}"
    values = _escaped({
        **_common(school, received, SHORT_BLANK),
        "title": title,
        "batch_code": batch["code"],
        "donor_name": batch["donor_name"],
        "donor_type": codelists["donor_type"].label(batch["donor_type"] or "")
        if batch["donor_type"] else None,
        "source_label": codelists["source"].label(batch["source"]),
        "received_date": fmt_date(received) if received else batch["received_date"],
        "device_count": f"{len(devices):02d}",
        "batch_note": batch["note"],
    })  # fmt: skip
    rows = [
        _device_values(
            device,
            number,
            condition=conditions.label(device["condition"]),
            accessories=device["accessories"],
        )
        for number, device in enumerate(devices, start=1)
    ]
    html = template.render(values, {"devices": rows})
    return MinutesDocument(unicodedata.normalize("NFC", title), html)
