"""``songmay erase``: the end of the programme — erase chosen students' personal data.

Prints what will be erased and asks for the school's code (or ``XOA``) to be typed, unless
``--yes``. Students still in the review period are refused unless ``--force``.

Exit codes: 0 done (or nothing to do); 1 refused or cancelled, nothing changed; 2 a file error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from desktop_app.core.messages import say

EXIT_OK, EXIT_REFUSED = 0, 1

Opener = Callable[[argparse.Namespace], Any]


def add_parsers(commands: Any, lang: str = "vi") -> None:
    def t(message_id: str) -> str:
        return say(message_id, lang)

    erase = commands.add_parser("erase", help=t("cli.help.erase"), description=t("cli.help.erase"))
    which = erase.add_mutually_exclusive_group(required=True)
    which.add_argument("--students", nargs="+", metavar="CODE", help=t("cli.help.erase_students"))
    which.add_argument("--class", dest="class_name", metavar="CLASS",
                       help=t("cli.help.erase_class"))  # fmt: skip
    which.add_argument("--all", action="store_true", dest="everyone", help=t("cli.help.erase_all"))
    erase.add_argument("--force", action="store_true", help=t("cli.help.erase_force"))
    erase.add_argument("--yes", action="store_true", help=t("cli.help.erase_yes"))


def cmd_erase(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.erasure import Selection, confirm_words, erase_students, plan_erasure

    lang = args.lang
    db = open_db(args)
    selection = Selection(tuple(args.students or ()), args.class_name, args.everyone)
    plan = plan_erasure(db, selection)
    if plan.unknown_codes:
        print(say("cli.erase.unknown", lang, codes=", ".join(plan.unknown_codes)), file=sys.stderr)
    if not plan.students:
        print(say("cli.erase.nothing", lang))
        return EXIT_OK if not plan.unknown_codes else EXIT_REFUSED
    print(say("cli.erase.plan", lang, students=plan.students, needs=plan.needs,
              handovers=plan.handovers, vaccinations=plan.vaccinations))  # fmt: skip
    if plan.held and not args.force:
        print(say("cli.erase.held", lang, count=len(plan.held)), file=sys.stderr)
        return EXIT_REFUSED
    if not args.yes:
        code = db.execute("SELECT code FROM school_profile WHERE id = 1").fetchone()
        words = confirm_words(code[0] if code else None)
        shown = " / ".join(sorted(words))
        print(say("cli.erase.confirm", lang, word=shown), end="", flush=True)
        if sys.stdin.readline().strip() not in words:
            print(say("cli.erase.cancelled", lang), file=sys.stderr)
            return EXIT_REFUSED
    result = erase_students(db, plan, force=args.force)
    print(say("cli.erase.done", lang, students=result.students, needs=result.needs,
              handovers=result.handovers, vaccinations=result.vaccinations,
              journal=result.journal_rows))  # fmt: skip
    if result.backup is not None:
        print(say("cli.erase.backups", lang, backup=result.backup.name,
                  count=len(result.deleted_backups)))  # fmt: skip
    return EXIT_OK


COMMANDS = {"erase": cmd_erase}
