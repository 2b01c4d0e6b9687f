"""A minutes template: an HTML file with ``${name}`` fields and one repeated block of table rows
between ``<!-- BEGIN devices -->`` and ``<!-- END devices -->`` (resources/minutes/README.md tells
a school how to edit it). A field the application does not know is refused when the template is
loaded, before anything is printed, with the file, the line and the field named."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.errors import SongMayError
from desktop_app.core.paths import data_dir
from desktop_app.core.resources import resource_path

KINDS = ("handover", "receipt", "consent", "recovery")
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
# The parent's consent form (phiếu đồng ý): the student it is for, nothing of a batch.
CONSENT_FIELDS = COMMON_FIELDS | {
    "student_name", "student_code", "birth_date", "class_name", "guardian_name",
}  # fmt: skip
# The recovery key sheet (phiếu khóa khôi phục): the database it opens and its key, on two lines.
RECOVERY_FIELDS = COMMON_FIELDS | {"database_name", "made_date", "key_line_1", "key_line_2"}
FIELDS = {
    "handover": HANDOVER_FIELDS, "receipt": RECEIPT_FIELDS, "consent": CONSENT_FIELDS,
    "recovery": RECOVERY_FIELDS,
}  # fmt: skip
BLOCKS = {"devices": DEVICE_FIELDS}


@dataclass(frozen=True)
class MinutesDocument:
    """One set of minutes, ready for printing: ``html`` is in QTextDocument's subset of HTML."""

    title: str
    html: str


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
        raise MinutesTemplateError.of("minutes.template.not_utf8", path=path) from None
    except OSError as exc:
        raise MinutesTemplateError.of(
            "minutes.template.unreadable", path=path, reason=exc.strerror or exc
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
                    raise MinutesTemplateError.of("minutes.template.nested_block", path=path,
                                                  line=line, name=name, outer=stack[-1][0])  # fmt: skip
                stack.append((name, line, []))
            else:
                if len(stack) == 1 or stack[-1][0] != name:
                    raise MinutesTemplateError.of("minutes.template.end_without_begin", path=path,
                                                  line=line, name=name)  # fmt: skip
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
                raise MinutesTemplateError.of("minutes.template.bad_field_name", path=path,
                                              line=line, name=name)  # fmt: skip
            stack[-1][2].append(_Field(name, line))
    stack[-1][2].append(text[position:])
    if len(stack) > 1:
        name, line, _ = stack[-1]
        raise MinutesTemplateError.of("minutes.template.begin_without_end", path=path,
                                      line=line, name=name)  # fmt: skip
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
    names = ", ".join(f"${{{n}}}" for n in sorted(known))
    if block:
        return MinutesTemplateError.of("minutes.template.unknown_field_in_block", path=path,
                                       line=line, name=name, block=block, names=names)  # fmt: skip
    owner = next((b for b, fields in BLOCKS.items() if name in fields), None)
    if owner:
        return MinutesTemplateError.of("minutes.template.field_outside_block", path=path,
                                       line=line, name=name, block=owner, names=names)  # fmt: skip
    return MinutesTemplateError.of("minutes.template.unknown_field", path=path, line=line,
                                   name=name, names=names)  # fmt: skip


def _unknown_block(name: str, line: int, path: Path) -> MinutesTemplateError:
    return MinutesTemplateError.of("minutes.template.unknown_block", path=path, line=line,
                                   name=name, blocks=", ".join(sorted(BLOCKS)))  # fmt: skip


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
                raise MinutesTemplateError.of("minutes.template.no_value", path=path,
                                              line=part.line, name=part.name) from None  # fmt: skip
        else:
            for row in rows.get(part.name, ()):
                _render(part.parts, {**values, **row}, rows, out, path)
