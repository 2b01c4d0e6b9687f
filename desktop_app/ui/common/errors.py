"""The one place where errors reach the clerk: a sentence they can act on, the technical details one
click away (for the support desk), the traceback in a rotating log file. Neither carries a
child's name, code, CCCD or phone: tracebacks are types and file:line frames only, long numbers
are masked (``desktop_app.core.private_log``).

``show_error(exc, parent)`` is what pages and jobs call. ``ErrorReporter`` is installed once by
``app.run``: it turns uncaught exceptions (GUI thread, Qt virtual methods, worker threads) into the
same dialog, always on the GUI thread.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QMessageLogContext,
    QObject,
    Qt,
    QThread,
    QtMsgType,
    Signal,
    Slot,
    qInstallMessageHandler,
    qVersion,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop_app import __version__
from desktop_app.core import paths
from desktop_app.core.errors import SongMayError
from desktop_app.core.files import PrivateRotatingFileHandler, private_folder
from desktop_app.core.private_log import PrivateFormatter, mask_numbers, safe_traceback
from desktop_app.ui.shell.i18n import current_language

log = logging.getLogger("songmay")

LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 5
# A bug in a paint event can raise on every repaint: past this many open error dialogs, only log.
MAX_OPEN_DIALOGS = 3


def _tr(text: str) -> str:
    return QCoreApplication.translate("errors", text)


# --- the log file ------------------------------------------------------------------------------


def default_log_path() -> Path:
    return paths.data_dir() / "logs" / "songmay.log"


def setup_logging(path: Path | None = None) -> Path | None:
    """Send the ``songmay`` logger to a rotating file (replacing an earlier one).

    Returns the file, or None when it cannot be created (read-only profile): the application
    still runs, it just keeps no log.
    """
    target = path or default_log_path()
    for handler in list(log.handlers):
        if isinstance(handler, RotatingFileHandler):
            log.removeHandler(handler)
            handler.close()
    try:
        private_folder(target.parent, own=True)
        handler = PrivateRotatingFileHandler(
            target, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None
    # No child's name, code, CCCD or phone in the file: see desktop_app.core.private_log.
    handler.setFormatter(
        PrivateFormatter("%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s")
    )
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return target


def current_log_path() -> Path:
    """The file the log goes to now (what the clerk is told to send to support)."""
    for handler in log.handlers:
        if isinstance(handler, RotatingFileHandler):
            return Path(handler.baseFilename)
    return default_log_path()


# --- what the clerk reads, and what support reads ----------------------------------------------


def user_message(exc: BaseException, *, brief: bool = False) -> str:
    """The one sentence the window shows about an error, in the interface's language: never a
    traceback, never a Python exception's own text. A core error says itself (the message
    catalogue); the rest is said here.

    ``brief``: for a line on a page, with no dialog and no "Sao chép chi tiết" button around it
    (the caller has logged the details).
    """
    if isinstance(exc, SongMayError):
        return exc.text(current_language())
    if isinstance(exc, OSError) and exc.filename:
        return _tr(
            "Không đọc hoặc ghi được tệp {file}. Hãy kiểm tra tệp không bị mở trong chương trình "
            "khác (ví dụ Excel), ổ đĩa còn chỗ trống và thư mục cho phép ghi, rồi thử lại."
        ).format(file=exc.filename)
    if isinstance(exc, MemoryError):
        return _tr("Máy không đủ bộ nhớ để xử lý tệp này. Hãy đóng bớt chương trình rồi thử lại.")
    if brief:
        return _tr(
            "Đã xảy ra lỗi không mong đợi; dữ liệu không thay đổi. Chi tiết đã được ghi vào nhật ký "
            "để gửi cho bộ phận hỗ trợ."
        )
    return _tr(
        "Đã xảy ra lỗi không mong đợi. Dữ liệu không bị ghi dở dang.\n\n"
        "Chi tiết kỹ thuật đã được ghi vào tệp nhật ký:\n{path}\n\n"
        "Hãy bấm “Sao chép chi tiết” rồi gửi cho bộ phận hỗ trợ."
    ).format(path=current_log_path())


def error_details(exc: BaseException, formatted_traceback: str | None = None) -> str:
    """What "Sao chép chi tiết" copies: versions, time, error code and the traceback, as
    ``safe_traceback`` writes it (types and file:line frames: no exception's text, which may name
    a child). ``formatted_traceback``, made in another thread, must come from ``safe_traceback``
    too."""
    lines = [
        f"songmay {__version__} · Python {platform.python_version()} · Qt {qVersion()} · "
        f"{platform.platform()}",
        datetime.now().isoformat(timespec="seconds"),
    ]
    if isinstance(exc, SongMayError):
        lines.append(f"code: {exc.code}")
    lines.append(f"log: {current_log_path()}")
    text = formatted_traceback or safe_traceback(exc)
    return mask_numbers("\n".join(lines) + "\n\n" + text)


# --- the dialog --------------------------------------------------------------------------------


class ErrorDialog(QDialog):
    """A message the clerk can act on and a button that copies the details for support."""

    def __init__(
        self, message: str, details: str, *, expected: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setWindowTitle(self.tr("Không thực hiện được") if expected else self.tr("Có lỗi"))
        self._message = message
        self.details = details

        icon = QLabel()
        pixmap = (
            QStyle.StandardPixmap.SP_MessageBoxWarning
            if expected
            else QStyle.StandardPixmap.SP_MessageBoxCritical
        )
        icon.setPixmap(self.style().standardIcon(pixmap).pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.message_label = QLabel(message)
        self.message_label.setObjectName("errorMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setMinimumWidth(380)
        self.message_label.setMaximumWidth(560)

        self.copied_label = QLabel()
        self.copied_label.setObjectName("copiedNote")
        self.copied_label.hide()

        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(self.tr("Sao chép chi tiết"))
        self.copy_button.setToolTip(
            self.tr("Chép thông tin kỹ thuật vào bộ nhớ tạm để gửi cho bộ phận hỗ trợ")
        )
        self.copy_button.setAutoDefault(False)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = QPushButton(self.tr("Đóng"))
        self.close_button.setDefault(True)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.accepted.connect(self.accept)

        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(icon)
        top.addWidget(self.message_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(14)
        layout.addLayout(top)
        layout.addWidget(self.copied_label)
        layout.addWidget(buttons)

    def message(self) -> str:
        return self._message

    @Slot()
    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)
        self.copied_label.setText(self.tr("Đã sao chép chi tiết vào bộ nhớ tạm."))
        self.copied_label.show()


# Error dialogs shown before any window exists (or from a job without a parent). A parentless
# widget is deleted with its Python wrapper, so this set is what keeps them on screen.
_PARENTLESS: set[ErrorDialog] = set()


def _on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


def _present(exc: BaseException, details: str, parent: QWidget | None) -> ErrorDialog | None:
    if not _on_gui_thread() or not isinstance(QCoreApplication.instance(), QApplication):
        return None  # no widgets outside the GUI thread; it is already in the log
    message = user_message(exc)
    open_dialogs = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog) and w.isVisible()
    ]
    for dialog in open_dialogs:
        if dialog.message() == message:  # the same error again: do not stack copies
            dialog.raise_()
            return dialog
    if len(open_dialogs) >= MAX_OPEN_DIALOGS:
        return None
    dialog = ErrorDialog(
        message, details, expected=isinstance(exc, SongMayError | OSError), parent=parent
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:  # nothing owns a parentless dialog but Python: hold it while it is open
        _PARENTLESS.add(dialog)
        dialog.finished.connect(lambda _result: _PARENTLESS.discard(dialog))
    dialog.open()
    return dialog


def _log(exc: BaseException, details: str) -> None:
    if isinstance(exc, SongMayError):
        # the code and message id, not the message: a message may name a student
        log.warning("%s (%s)\n%s", exc.code, getattr(exc.msg, "id", "-"), details)
    else:
        log.error("Unexpected error\n%s", details)


def show_error(
    exc: BaseException, parent: QWidget | None = None, *, formatted_traceback: str | None = None
) -> ErrorDialog | None:
    """Log ``exc`` and show it (GUI thread only; returns at once, the dialog is window-modal).

    ``formatted_traceback`` is for errors caught in another thread, formatted there. Returns
    None when nothing was shown (called off the GUI thread, or too many dialogs open already).
    """
    details = error_details(exc, formatted_traceback)
    _log(exc, details)
    return _present(exc, details, parent)


# --- uncaught exceptions -----------------------------------------------------------------------

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
    logging.getLogger("songmay.qt").log(_QT_LEVELS.get(kind, logging.WARNING), "%s", text)


class ErrorReporter(QObject):
    """Installs ``sys.excepthook`` and ``threading.excepthook``: the traceback is logged at once
    in the failing thread, and the dialog is shown later on the GUI thread (a queued signal), so
    an error inside a paint event or a worker never touches a widget from the wrong place."""

    _report = Signal(object, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._report.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._previous: tuple[Any, Any, Any] | None = None

    def install(self) -> None:
        if self._previous is None:
            previous_qt_handler = qInstallMessageHandler(_qt_message)
            self._previous = (sys.excepthook, threading.excepthook, previous_qt_handler)
            sys.excepthook = self.excepthook
            threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook, qt_handler = self._previous
            self._previous = None
            qInstallMessageHandler(qt_handler)

    def excepthook(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt | SystemExit):
            sys.__excepthook__(exc_type, exc, tb)
            return
        details = error_details(exc, safe_traceback(exc, tb))
        _log(exc, details)
        self._report.emit(exc, details)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    @Slot(object, str)
    def _show(self, exc: BaseException, details: str) -> None:
        # Over the main window if it is active; not over a passing dialog, which would take
        # the error dialog with it when it closes.
        active = QApplication.activeWindow()
        _present(exc, details, active if isinstance(active, QMainWindow) else None)
