"""The Bàn giao commands of ``songmay``: ``allocate``, ``handover record|return|history`` and
``minutes``. Kept apart from cli.py so each file stays small; cli.py registers them.

The commands build typed requests (``HandoverRequest``) and ask the same core as the window; what
they print comes from the message catalogue in the language of ``--lang``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.clock_cli import checked_today
from desktop_app.core.errors import SongMayError
from desktop_app.core.messages import say, text_of
from desktop_app.core.rules.holdings import ReturnReason
from desktop_app.core.rules.receivers import STUDENT, receiver_roles

if TYPE_CHECKING:  # the import pipeline (openpyxl) is not for every command's start
    from desktop_app.core.forms import FormResult

EXIT_OK, EXIT_REFUSED = 0, 1

Opener = Callable[[argparse.Namespace], Any]


def add_parsers(commands: Any, lang: str = "vi") -> None:
    def h(message_id: str, **params: Any) -> str:
        return say(f"handover_cli.help.{message_id}", lang, **params)

    allocate = commands.add_parser("allocate", help=h("allocate"))
    allocate.add_argument("--json", action="store_true", help=h("json"))

    handover = commands.add_parser("handover", help=h("handover"))
    actions = handover.add_subparsers(dest="action", metavar=h("action"), required=True)

    record = actions.add_parser("record", help=h("record"))
    target = record.add_mutually_exclusive_group(required=True)
    target.add_argument("--student", help=h("student"))
    target.add_argument("--proposal", action="store_true", help=h("proposal"))
    record.add_argument("--device", help=h("device"))
    record.add_argument("--date", help=h("date"))
    record.add_argument("--receiver", choices=receiver_roles(), default=STUDENT, help=h("receiver"))
    record.add_argument("--receiver-name", help=h("receiver_name"))
    record.add_argument("--relationship", help=h("relationship"))
    record.add_argument("--citizen-id", help=h("citizen_id"))
    record.add_argument("--handed-by", help=h("handed_by"))
    record.add_argument("--position", help=h("position"))
    record.add_argument("--condition", help=h("condition"))
    record.add_argument("--accessories", help=h("accessories"))
    record.add_argument("--note", help=h("note"))
    record.add_argument("--json", action="store_true", help=h("json"))

    give_back = actions.add_parser("return", help=h("return"))
    give_back.add_argument("--device", required=True, help=h("serial"))
    reasons = "; ".join(f"{r.value}: {r.label.text(lang)}" for r in ReturnReason)
    give_back.add_argument("--reason", required=True, choices=[r.value for r in ReturnReason],
                           help=reasons)  # fmt: skip
    give_back.add_argument("--date", help=h("return_date"))
    give_back.add_argument("--returned-by", help=h("returned_by"))
    give_back.add_argument("--condition", help=h("return_condition"))
    give_back.add_argument("--note", help=h("return_note"))
    give_back.add_argument("--json", action="store_true", help=h("json"))

    history = actions.add_parser("history", help=h("history"))
    whose = history.add_mutually_exclusive_group(required=True)
    whose.add_argument("--student", help=h("student"))
    whose.add_argument("--device", help=h("serial"))
    history.add_argument("--json", action="store_true", help=h("json"))

    minutes = commands.add_parser("minutes", help=h("minutes"))
    which = minutes.add_mutually_exclusive_group(required=True)
    which.add_argument("--student", action="append", help=h("minutes_student"))
    which.add_argument("--batch", help=h("minutes_batch"))
    which.add_argument("--all", action="store_true", help=h("minutes_all"))
    which.add_argument("--receipt", metavar="BATCH", help=h("minutes_receipt"))
    minutes.add_argument("--out", type=Path, required=True, help=h("out"))


def _lang(args: argparse.Namespace) -> str:
    return str(getattr(args, "lang", "vi") or "vi")


def _print_problems(results: list[FormResult], labels: list[str], lang: str) -> None:
    for label, result in zip(labels, results, strict=True):
        for kind, found in (("error", result.errors), ("warning", result.warnings)):
            for field, messages in found.items():
                where = f"{label}{' · ' + field if field else ''}"
                for message in messages:
                    print(say(f"handover_cli.{kind}", lang, where=where,
                              message=message.text(lang)))  # fmt: skip


def _day(text: str | None, today: date) -> date:
    """The date given with --date (dd/mm/yyyy), else today; a wrong one is refused plainly."""
    from desktop_app.core.templates.cells import Invalid, parse_date

    if not text:
        return today
    try:
        return parse_date(text)
    except Invalid:
        raise SongMayError.of("handover_cli.bad_date", code="invalid_date", value=text) from None


def cmd_allocate(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.allocation import TIE_BREAK_RULE, propose_for

    lang = _lang(args)
    proposal = propose_for(open_db(args))
    if args.json:
        print(json.dumps(proposal.as_dict(lang), ensure_ascii=False))
        return EXIT_OK
    print(say("handover_cli.allocate.summary", lang, count=len(proposal.lines)))
    print(TIE_BREAK_RULE.text(lang))
    for number, line in enumerate(proposal.lines, start=1):
        c, d = line.candidate, line.device
        warning = f" ⚠ {line.warning.text(lang)}" if line.warning else ""
        print(f"{number:>4}. {c.code} {c.full_name} ({c.class_name}) ← {d.serial} "
              f"{d.brand} {d.model}: {line.reason.text(lang)}{warning}")  # fmt: skip
    for skipped in proposal.skipped:
        c = skipped.candidate
        print(f"   – {c.code} {c.full_name} ({c.class_name}): {skipped.reason.text(lang)}")
    for unused in proposal.unused:
        print("   · " + say("handover_cli.allocate.unused", lang, serial=unused.device.serial,
                            reason=unused.reason.text(lang)))  # fmt: skip
    return EXIT_OK


def cmd_handover(args: argparse.Namespace, open_db: Opener) -> int:
    return {"record": _record, "return": _return, "history": _history}[args.action](args, open_db)


def _record(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.handovers import HandoverRequest, record_handovers

    lang = _lang(args)
    db = open_db(args)
    today = checked_today(db, lang)
    details = {
        "handover_date": _day(args.date, today), "receiver_role": args.receiver,
        "receiver_name": args.receiver_name, "relationship": args.relationship,
        "receiver_citizen_id": args.citizen_id, "handed_by": args.handed_by,
        "handed_by_position": args.position, "condition": args.condition,
        "accessories": args.accessories, "note": args.note,
    }  # fmt: skip
    if args.proposal:
        from desktop_app.core.allocation import propose_for

        pairs = [(line.candidate.code, line.device.serial) for line in propose_for(db).lines]
    else:
        if not args.device:
            print(say("handover_cli.device_missing", lang))
            return EXIT_REFUSED
        pairs = [(args.student, args.device)]
    requests = [HandoverRequest(serial=serial, student_code=code, **details)
                for code, serial in pairs]  # fmt: skip
    results = record_handovers(db, requests, today=today)
    saved = all(result.ok for result in results)
    if args.json:
        print(json.dumps({
            "recorded": len(results) if saved else 0,
            "lines": [{"student_code": code, "serial": serial, "id": r.record_id,
                       "errors": _texts(r.errors, lang), "warnings": _texts(r.warnings, lang)}
                      for (code, serial), r in zip(pairs, results, strict=True)],
        }, ensure_ascii=False))  # fmt: skip
        return EXIT_OK if saved else EXIT_REFUSED
    _print_problems(results, [f"{code} ← {serial}" for code, serial in pairs], lang)
    if saved:
        print(say("handover_cli.recorded", lang, count=len(results)))
        return EXIT_OK
    print(say("handover_cli.nothing_recorded", lang))
    return EXIT_REFUSED


def _texts(found: dict[str, list[Any]], lang: str) -> dict[str, list[str]]:
    return {field: [m.text(lang) for m in messages] for field, messages in found.items()}


def _return(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.handovers import record_return

    lang = _lang(args)
    db = open_db(args)
    today = checked_today(db, lang)
    result = record_return(db, serial=args.device,
                           event_date=args.date or today, reason=args.reason, note=args.note,
                           returned_by=args.returned_by, condition=args.condition,
                           today=today)  # fmt: skip
    if args.json:
        print(json.dumps({"id": result.record_id, "errors": _texts(result.errors, lang)},
                         ensure_ascii=False))  # fmt: skip
    else:
        _print_problems([result], [args.device], lang)
        if result.ok:
            reason = ReturnReason(args.reason).label.text(lang)
            print(say("handover_cli.returned", lang, serial=args.device, reason=reason))
    return EXIT_OK if result.ok else EXIT_REFUSED


def _history(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.handovers import device_history, student_history
    from desktop_app.core.locale import fmt_date

    lang = _lang(args)
    db = open_db(args)
    events = student_history(db, args.student) if args.student else device_history(db, args.device)
    if args.json:
        print(json.dumps([{
            "kind": e.kind, "date": e.event_date.isoformat(), "serial": e.serial,
            "student_code": e.student_code, "receiver": text_of(e.receiver, lang),
            "reason": text_of(e.reason, lang),
            "note": e.note, "late": e.late, "minutes_no": e.minutes_no,
        } for e in events], ensure_ascii=False))  # fmt: skip
        return EXIT_OK
    if not events:
        print(say("handover_cli.history.empty", lang))
    for e in events:
        late = " " + say("handover_cli.history.late", lang) if e.late else ""
        print(say("handover_cli.history.line", lang, date=fmt_date(e.event_date),
                  description=e.description, serial=e.serial, device=e.device) + late)  # fmt: skip
    return EXIT_OK


def cmd_minutes(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.minutes import handover_minutes, receipt_minutes
    from desktop_app.core.paths import data_dir

    lang = _lang(args)
    db = open_db(args)
    template_dir = data_dir() / "minutes"
    if args.receipt:
        documents = [receipt_minutes(db, args.receipt, template_dir=template_dir)]
    else:
        documents = handover_minutes(db, student_codes=args.student, batch_code=args.batch,
                                     all_students=args.all, template_dir=template_dir)  # fmt: skip
    if not documents:
        print(say("handover_cli.minutes.none", lang))
        return EXIT_REFUSED
    from desktop_app.core.access import record_minutes
    from desktop_app.printing import ensure_gui_application, write_pdf  # Qt only from here

    ensure_gui_application()
    write_pdf(documents, args.out)
    record_minutes(db.conn, "minutes_pdf", args.out, 0 if args.receipt else len(documents))
    print(say("handover_cli.minutes.written", lang, count=len(documents), path=args.out))
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace, Opener], int]] = {
    "allocate": cmd_allocate,
    "handover": cmd_handover,
    "minutes": cmd_minutes,
}
