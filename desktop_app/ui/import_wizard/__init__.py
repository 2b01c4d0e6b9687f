"""Import an Excel file step by step: choose the kind and the file, check it, import it, see what
happened.

The wizard only shows things; the work is the core's ``import_file`` (a dry run to check, a real
run to import), run on the application's database worker (``ui.common.jobs.run_db_job``: its own SQLite
connection, a progress dialog with Cancel). Nothing is written before the clerk presses "Nhập",
and the write is one transaction: a cancel or a failure leaves the database as it was.

The package, a module per part: ``wizard`` (the QWizard: state, jobs, files, drops), one
module per page (``file_page``, ``check_page``, ``import_page``, ``result_page``),
``row_dialog`` (one row of the file), ``work`` (what runs on the worker), ``wording`` (the
clerk's sentences) and ``style`` (colours and labels).
"""

from __future__ import annotations

from desktop_app.ui.import_wizard.check_page import CheckPage
from desktop_app.ui.import_wizard.file_page import TEMPLATE_FILE_NAMES, FilePage
from desktop_app.ui.import_wizard.import_page import ImportPage
from desktop_app.ui.import_wizard.result_page import ResultPage
from desktop_app.ui.import_wizard.row_dialog import RowDialog
from desktop_app.ui.import_wizard.style import (
    ERROR_COLOUR,
    ERROR_TINT,
    OK_COLOUR,
    WARNING_COLOUR,
    WARNING_TINT,
)
from desktop_app.ui.import_wizard.wizard import ImportWizard
from desktop_app.ui.import_wizard.wording import (
    kind_label,
    lang,
    result_text,
    show_value,
    summary_text,
)

__all__ = [
    "ERROR_COLOUR",
    "ERROR_TINT",
    "OK_COLOUR",
    "TEMPLATE_FILE_NAMES",
    "WARNING_COLOUR",
    "WARNING_TINT",
    "CheckPage",
    "FilePage",
    "ImportPage",
    "ImportWizard",
    "ResultPage",
    "RowDialog",
    "kind_label",
    "lang",
    "result_text",
    "show_value",
    "summary_text",
]
