"""The command line's side of clock sanity (``core.clock``): commands that save dated facts
(handover, return, consent, import) ask for the best known date here, and a PC clock known to be
wrong is said on stderr — the same sentence the window shows — before anything is saved."""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line imports only what each command needs
    from sqlite_utils import Database


def checked_today(db: Database, lang: str) -> date:
    """The best known date; the clock's warning, if any, on stderr."""
    from desktop_app.core.clock import clock_verdict

    verdict = clock_verdict(db)
    warning = verdict.warning()
    if warning is not None:
        print(warning.text(lang), file=sys.stderr)
    return verdict.best_today
