"""What the window and the command line call: check or record several handovers, all or none."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlite_utils import Database

from desktop_app.core.forms import FormResult
from desktop_app.core.handovers.checks import HandoverChecker, HandoverDecision, write_handovers
from desktop_app.core.handovers.request import HandoverRequest, read_handover_form
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction

Item = HandoverRequest | Mapping[str, Any]


def _read_all(
    items: Sequence[Item], today: date
) -> tuple[list[HandoverRequest | None], list[FormResult]]:
    requests: list[HandoverRequest | None] = []
    results: list[FormResult] = []
    for item in items:
        if isinstance(item, HandoverRequest):
            requests.append(item)
            results.append(FormResult())
        else:
            request, result = read_handover_form(item, today=today)
            requests.append(request)
            results.append(result)
    return requests, results


def _put(decision: HandoverDecision, result: FormResult) -> None:
    for finding in decision.findings:
        result.add_finding(finding)
    result.record_id = decision.record_id


def _check(
    db: Database, items: Sequence[Item], today: date
) -> tuple[HandoverChecker, list[HandoverDecision], list[FormResult]]:
    requests, results = _read_all(items, today)
    readable = [(i, r) for i, r in enumerate(requests) if r is not None]
    checker = HandoverChecker(db.conn, today=today)
    decisions = checker.check([r for _, r in readable], [i + 1 for i, _ in readable])
    for (index, _), decision in zip(readable, decisions, strict=True):
        _put(decision, results[index])
    return checker, decisions, results


def check_handovers(db: Database, items: Sequence[Item], *, today: date) -> list[FormResult]:
    """What is wrong with each handover, as ``record_handovers`` would say, without saving."""
    _, _, results = _check(db, items, today)
    for result in results:
        result.record_id = None
    return results


def record_handovers(
    db: Database, items: Sequence[Item], *, today: date, actor: str | None = None
) -> list[FormResult]:
    """Record several handovers (the accepted lines of a proposal) — all of them or none.

    ``items`` are requests, or forms of text read by ``read_handover_form``. Each result carries
    its handover's errors and warnings by field; when any has an error nothing is saved. Saved
    results carry the new handover's id in ``record_id``.
    """
    changes = ChangeSet(source="handover") if actor is None else ChangeSet(actor, "handover")
    with write_transaction(db):
        checker, decisions, results = _check(db, items, today)
        if not all(result.ok for result in results):
            for result in results:
                result.record_id = None
            return results
        write_handovers(decisions, changes, today, checker.next_minutes_no)
        changes.apply(db.conn)
    for decision, result in zip(decisions, results, strict=True):
        result.record_id = decision.record_id
    return results
