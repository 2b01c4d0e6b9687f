"""What every sheet of a class-per-sheet workbook says alike, said once for the file.

Eight class sheets with the same footer, the same merged class column and the same missing
optional column would otherwise give eight notes of each; the clerk gets one, with each
sheet's place ("7 (6A1); 8 (6A2)") and the counts added up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop_app.core import problems as P
from desktop_app.core.problems import sheet_ref


def _places(notes: list[P.Problem], field: str) -> str:
    return "; ".join(f"{p.params[field]} ({p.sheet})" for p in notes)


def _total(notes: list[P.Problem], field: str) -> int:
    return sum(int(p.params.get(field) or 0) for p in notes)


def _absent(notes: list[P.Problem]) -> dict[str, Any]:
    first = notes[0]
    params = {**first.params, "count": _total(notes, "count")}
    if "warned" in params:
        params["warned"] = _total(notes, "warned")
        params["example_row"] = f"{first.params['example_row']} ({first.sheet})"
    return params


# message id -> how the params of its notes from several sheets combine
_COMBINED: dict[str, Callable[[list[P.Problem]], dict[str, Any]]] = {
    "table_footer.totals": lambda notes: {
        "rows": _places(notes, "rows"), "count": _total(notes, "count")},
    "table_footer.closing": lambda notes: {
        "closing": _places(notes, "closing"), "below": _total(notes, "below")},
    "section_headings": lambda notes: {
        "rows": _places(notes, "rows"), "count": _total(notes, "count"),
        "example": notes[0].params["example"]},
    "merged_cells_filled": lambda notes: {
        "count": _total(notes, "count"),
        "example": f"{sheet_ref(notes[0].sheet or '')}!{notes[0].params['example']}"},
}  # fmt: skip


def _key(problem: P.Problem) -> tuple[str, str] | None:
    if problem.sheet is None:
        return None
    if problem.code == "column_absent":  # the same column missing from every class sheet
        return problem.message_id, str(problem.column)
    if problem.severity == "info" and problem.message_id in _COMBINED:  # at a row of each sheet
        return problem.message_id, ""
    return None


def said_once(problems: list[P.Problem]) -> list[P.Problem]:
    """``problems`` with the sheets' alike notes (and absent-column warnings) each combined
    into one for the file; everything else as it was."""
    kept: list[P.Problem] = []
    alike: dict[tuple[str, str], list[P.Problem]] = {}
    for problem in problems:
        key = _key(problem)
        if key is None:
            kept.append(problem)
        else:
            alike.setdefault(key, []).append(problem)
    for (message_id, _), notes in alike.items():
        if len(notes) == 1:
            kept += notes
            continue
        first = notes[0]
        combine = _COMBINED.get(message_id, _absent)
        make = P.info if first.severity == "info" else P.warning
        kept.append(make(first.code, message_id, column=first.column, **combine(notes)))
    return kept


FOLD_AFTER = 3  # more restored cells than this in one column: one warning for the column


def restored_by_column(problems: list[P.Problem]) -> list[P.Problem]:
    """Leading zeros put back in many cells of one column (a phone column stored as numbers):
    one warning for the column, with the count and an example, instead of one per cell (the
    rows stay as they are: a warning does not stop them)."""
    by_column: dict[tuple[str | None, str | None], list[P.Problem]] = {}
    for problem in problems:
        if problem.code == "leading_zeros_restored" and problem.row is not None:
            by_column.setdefault((problem.sheet, problem.column), []).append(problem)
    folded = {id(p) for group in by_column.values() if len(group) > FOLD_AFTER for p in group}
    if not folded:
        return problems
    kept = [p for p in problems if id(p) not in folded]
    for (sheet, column), group in by_column.items():
        if len(group) > FOLD_AFTER:
            first = group[0]
            kept.append(P.warning("leading_zeros_restored", "leading_zeros_restored.many",
                                  column=column, count=len(group), example=first.ref,
                                  value=first.params["value"], restored=first.params["restored"],
                                  sheet=sheet))  # fmt: skip
    return kept
