"""The ``songmay consent`` commands: record, withdraw and list parents' consent, and print the
consent form for parents. Kept apart from cli.py so each file stays small; cli.py registers them.

They ask the same core as the window (``core.consent``, ``core.minutes.consent``); what they print
comes from the message catalogue in the language of ``--lang``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.clock_cli import checked_today
from desktop_app.core.errors import SongMayError
from desktop_app.core.messages import say
from desktop_app.core.rules.consent import METHODS

EXIT_OK, EXIT_REFUSED = 0, 1

Opener = Callable[[argparse.Namespace], Any]


def add_parsers(commands: Any, lang: str = "vi") -> None:
    def h(message_id: str, **params: Any) -> str:
        return say(f"consent_cli.help.{message_id}", lang, **params)

    consent = commands.add_parser("consent", help=h("consent"), description=h("consent"))
    actions = consent.add_subparsers(dest="action", metavar=h("action"), required=True)

    record = actions.add_parser("record", help=h("record"))
    record.add_argument("code", help=h("code"))
    record.add_argument("--date", required=True, help=h("date"))
    record.add_argument("--method", required=True, choices=METHODS, help=h("method"))
    record.add_argument("--ref", help=h("ref"))

    withdraw = actions.add_parser("withdraw", help=h("withdraw"))
    withdraw.add_argument("code", help=h("code"))

    listing = actions.add_parser("list", help=h("list"))
    listing.add_argument("--missing", action="store_true", help=h("missing"))
    listing.add_argument("--class", dest="class_name", help=h("class"))
    listing.add_argument("--json", action="store_true", help=h("json"))

    form = actions.add_parser("form", help=h("form"))
    which = form.add_mutually_exclusive_group(required=True)
    which.add_argument("--student", action="append", help=h("form_student"))
    which.add_argument("--class", dest="class_name", help=h("form_class"))
    which.add_argument("--all", action="store_true", help=h("form_all"))
    form.add_argument("--missing", action="store_true", help=h("form_missing"))
    form.add_argument("--out", type=Path, required=True, help=h("out"))


def _lang(args: argparse.Namespace) -> str:
    return str(getattr(args, "lang", "vi") or "vi")


def _day(text: str) -> date:
    from desktop_app.core.templates.cells import Invalid, parse_date

    try:
        return parse_date(text)
    except Invalid:
        raise SongMayError.of("handover_cli.bad_date", code="invalid_date", value=text) from None


def cmd_consent(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core import consent as C

    lang = _lang(args)
    if args.action == "form":
        return _form(args, open_db, lang)
    db = open_db(args)
    if args.action == "record":
        student_id = C.student_id_of(db, args.code)
        given = C.record_consent(db, student_id, on=_day(args.date), method=args.method,
                                 ref=args.ref, source="cli",
                                 today=checked_today(db, lang))  # fmt: skip
        print(say("consent_cli.recorded", lang, student_code=args.code.strip(), date=given.date))
        return EXIT_OK
    if args.action == "withdraw":
        if not C.withdraw_consent(db, C.student_id_of(db, args.code), source="cli"):
            print(say("consent_cli.none_to_withdraw", lang, student_code=args.code.strip()))
            return EXIT_REFUSED
        print(say("consent_cli.withdrawn", lang, student_code=args.code.strip()))
        return EXIT_OK
    rows = C.consent_list(db, missing_only=args.missing, class_name=args.class_name)
    if args.json:
        print(json.dumps([{
            "code": r.code, "full_name": r.full_name, "class_name": r.class_name,
            "consent_date": r.consent.date.isoformat() if r.consent.date else None,
            "consent_method": r.consent.method, "consent_ref": r.consent.ref,
            "recorded_by": r.consent.recorded_by,
        } for r in rows], ensure_ascii=False, indent=2))  # fmt: skip
        return EXIT_OK
    for r in rows:
        if r.consent.given:
            state = say("consent_cli.state.given", lang, date=r.consent.date,
                        method=say(f"consent_cli.method.{r.consent.method}", lang),
                        ref=r.consent.ref or "—")  # fmt: skip
        else:
            state = say("consent_cli.state.missing", lang)
        print(f"{r.code}\t{r.full_name}\t{r.class_name}\t{state}")
    print(say("consent_cli.count", lang, count=len(rows)))
    return EXIT_OK


def _form(args: argparse.Namespace, open_db: Opener, lang: str) -> int:
    from desktop_app.core.minutes.consent import consent_forms
    from desktop_app.core.paths import data_dir

    db = open_db(args)
    documents = consent_forms(db, student_codes=args.student, class_name=args.class_name,
                              missing_only=args.missing,
                              template_dir=data_dir() / "minutes")  # fmt: skip
    from desktop_app.printing import ensure_gui_application, write_pdf  # Qt only from here

    ensure_gui_application()
    write_pdf(documents, args.out)
    from desktop_app.core.access import record_access

    record_access(db.conn, "consent_forms", args.out, len(documents))
    print(say("consent_cli.form_written", lang, count=len(documents), path=args.out))
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace, Opener], int]] = {"consent": cmd_consent}
