"""A form in the window is one row of a template: parsed by the same column parsers and checked
by the same planner as an imported row, so a value is refused in both places with one message."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop_app.core.locale import fmt_date
from desktop_app.core.messages import Msg, has_message, msg
from desktop_app.core.rules.findings import Finding
from desktop_app.core.templates.cells import CellContext, ColumnParsers, Doubtful, Invalid
from desktop_app.core.templates.spec import (
    ColumnLabel,
    TemplateSpec,
    load_codelists,
    load_template,
)

if TYPE_CHECKING:  # the import pipeline (openpyxl) loads when a form is parsed, not with the window
    from desktop_app.core.importing.base import Planner
    from desktop_app.core.importing.rows import ParsedRow


@dataclass
class FormResult:
    """What is wrong with a form, field by field; ``record_id`` is set once it is saved.

    The messages are catalogue messages (``Msg``): their Vietnamese text as they are, another
    language with ``text(lang)``.
    """

    errors: dict[str, list[Msg]] = field(default_factory=dict)  # field -> messages
    warnings: dict[str, list[Msg]] = field(default_factory=dict)
    record_id: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def add_error(self, field_name: str, message: Msg) -> None:
        self.errors.setdefault(field_name, []).append(form_message(message))

    def add_warning(self, field_name: str, message: Msg) -> None:
        self.warnings.setdefault(field_name, []).append(form_message(message))

    def add_finding(self, finding: Finding) -> None:
        add = self.add_error if finding.is_error else self.add_warning
        add(finding.field, finding.msg)

    def add_problems(self, row: ParsedRow, spec: TemplateSpec) -> None:
        """Move a planner's problems (which name columns by header) to their fields."""
        field_of = {c.header: c.field for c in spec.columns}
        for problem in row.problems:
            add = self.add_error if problem.is_error else self.add_warning
            add(field_of.get(problem.column or "", ""), Msg(problem.message_id, problem.params))
        row.problems.clear()


def form_message(message: Msg) -> Msg:
    """A rule's message as a form says it: its ``<id>.form`` variant where the importer's words
    speak of the file (a column, "this row", a cell, the template's sheet) and name a field by
    its label instead, else the message itself. Every message a form shows passes here."""
    variant = f"{message.id}.form"
    return Msg(variant, message.params) if has_message(variant) else message


def form_fields(kind: str) -> tuple[str, ...]:
    return tuple(c.field for c in load_template(kind).columns if c.type != "ignore")


def display_values(kind: str, stored: Mapping[str, Any]) -> dict[str, str]:
    """Stored values as the clerk reads and types them: labels for codes, dd/mm/yyyy dates."""
    lists = load_codelists()
    shown: dict[str, str] = {}
    for column in load_template(kind).columns:
        value = stored.get(column.field)
        if column.type == "ignore":
            continue
        if value is None or value == "":
            shown[column.field] = ""
        elif column.type == "date":
            shown[column.field] = fmt_date(value if isinstance(value, date) else
                                           date.fromisoformat(str(value)))  # fmt: skip
        elif column.type == "bool":
            shown[column.field] = lists["yes_no"].label(str(int(value)))
        elif column.codelist:
            shown[column.field] = lists[column.codelist].label(str(value))
        elif isinstance(value, float) and value.is_integer():
            shown[column.field] = str(int(value))
        else:
            shown[column.field] = str(value)
    return shown


def parse_form(
    kind: str, raw: Mapping[str, Any], planner: Planner, today: date
) -> tuple[ParsedRow, FormResult]:
    """Parse every field as the importer parses a cell, then apply the template's row rules."""
    from desktop_app.core.importing.rows import ParsedRow

    spec = load_template(kind)
    parsers = ColumnParsers(load_codelists(), CellContext(today=today, as_of=today))
    row = ParsedRow(0, {}, {})
    result = FormResult()
    for column in spec.columns:
        if column.type == "ignore":
            continue
        parse = parsers.for_column(column)
        value = raw.get(column.field)
        if value is None or (isinstance(value, str) and not value.strip()):
            if column.required and column.type != "bool":
                result.add_error(
                    column.field, msg("form.required", column=ColumnLabel(kind, column.field))
                )
            default = column.default or ("Không" if column.type == "bool" else None)
            row.values[column.field] = parse(default) if default else None
            continue
        try:
            row.values[column.field] = parse(value)
        except Doubtful as exc:
            result.add_warning(column.field, Msg(exc.message_id, exc.params))
            row.values[column.field] = exc.kept
        except Invalid as exc:
            result.add_error(column.field, Msg(exc.message_id, exc.params))
            row.values[column.field] = None
    if result.ok:  # cross-field rules need every field parsed
        planner.row_check(row)
        result.add_problems(row, spec)
    return row, result
