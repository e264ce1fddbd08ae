"""Crash containment for the window: an unexpected exception (a bug) never ends the app or loses work.

`CrashGuard.install` takes over `sys.excepthook` (which PySide6 calls for an exception in a slot or an
overridden Qt method) and `threading.excepthook` while the app runs. For each exception it writes the
traceback to the log (`decision_app.app_log`), then has the unsaved work written to its recovery file, then
shows a dialog that says so, with the details and a "Copy details" button for a bug report; the app keeps
running. The same fault repeating (a paint handler, say) is logged every time but shown once. Exceptions in
other threads are logged there and reported from the GUI thread.

`open_log_folder` is Help > Open log folder.
"""

from __future__ import annotations

import contextlib
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from decision_app import __version__
from decision_app.app_log import log_exception, logger
from decision_app.paths import log_dir


@dataclass
class CrashReport:
    summary: str  # "ValueError: …"
    details: str  # versions and the traceback, for a bug report
    where: str  # the exception's type and innermost place: the same fault repeating is shown once
    log: Path | None = None  # the log file it was written to
    saved: Path | None = None  # the recovery file the unsaved work was written to
    unsaved: bool = False  # there was unsaved work (saved or not)


def make_report(etype: type[BaseException], value: BaseException, tb: TracebackType | None) -> CrashReport:
    frames = traceback.extract_tb(tb)
    where = f"{etype.__name__} at {frames[-1].filename}:{frames[-1].lineno}" if frames else etype.__name__
    head = (f"Decision Desk {__version__}, Python {platform.python_version()}, PySide6 {pyside_version}, "
            f"{platform.platform()}\n\n")
    return CrashReport(f"{etype.__name__}: {value}", head + "".join(traceback.format_exception(etype, value, tb)),
                       where)


class CrashGuard(QObject):
    """See the module's docstring. `save_work` writes the unsaved work for recovery (its file, or None);
    `has_unsaved` says whether there is any. `show_report` is the dialog (tests replace it).

    Signals:
        sig_crash(object): a CrashReport from another thread, to report in the GUI thread.
    """

    sig_crash = Signal(object)

    def __init__(self, save_work: Callable[[], Path | None], has_unsaved: Callable[[], bool],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.save_work = save_work
        self.has_unsaved = has_unsaved
        self.widget = parent
        self.shown: set[str] = set()
        self.reports: list[CrashReport] = []  # every report this session (newest last)
        self._showing = False
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self.sig_crash.connect(self._report, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.excepthook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if sys.excepthook == self.excepthook:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self._thread_hook:
            threading.excepthook = self._previous_thread_hook

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    def excepthook(self, etype: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(etype, KeyboardInterrupt):  # Ctrl+C in the terminal that started the app
            self._previous_hook(etype, value, tb)
            return
        report = make_report(etype, value, tb)
        report.log = log_exception((etype, value, tb), f"unexpected error in the window: {report.where}")
        if threading.current_thread() is threading.main_thread():
            self._report(report)
        else:
            self.sig_crash.emit(report)  # the work is saved and the dialog shown from the GUI thread

    def _report(self, report: CrashReport) -> None:
        try:
            report.unsaved = self.has_unsaved()
            report.saved = self.save_work() if report.unsaved else None
        except Exception:  # noqa: BLE001 - the fault may be in what saving reads: still report the first one
            logger().exception("writing the recovery file after an unexpected error failed")
            report.saved = None
        self.reports.append(report)
        if self._showing or report.where in self.shown:
            return  # logged; one dialog at a time, once per fault
        self.shown.add(report.where)
        self._showing = True
        try:
            self.show_report(report)
        finally:
            self._showing = False

    def show_report(self, report: CrashReport) -> None:
        CrashDialog(report, self.widget).exec()


def safety_text(report: CrashReport) -> str:
    """What became of the user's work, in words."""
    if not report.unsaved:
        return "Your work is safe: there were no unsaved changes."
    if report.saved is not None:
        return ("Your work is safe: the unsaved changes were just written to a recovery file, and Decision Desk "
                "keeps running. Save your model as usual when you are ready.")
    return ("Your unsaved changes could not be written to a recovery file. Save them now (File > Save, or "
            "File > Save As to another folder).")


class CrashDialog(QDialog):
    """The report: what happened, that the work is safe, the details, Copy details and Keep working."""

    def __init__(self, report: CrashReport, parent: QWidget | None = None):
        super().__init__(parent)
        self.report = report
        self.setWindowTitle("Something went wrong")
        log = f" The details are in the log (Help > Open log folder): {report.log}." if report.log else ""
        text = QLabel(f"<p><b>Decision Desk hit an unexpected error</b> (a fault in the app, not in anything you "
                      f"did).</p><p>{safety_text(report)}</p><p>To report it, copy the details into your message."
                      f"{log}</p>")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        self.details = QPlainTextEdit(report.details)
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Error details")
        buttons = QDialogButtonBox(parent=self)
        self.copy_button = QPushButton("Copy details")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        keep = buttons.addButton("Keep working", QDialogButtonBox.ButtonRole.AcceptRole)
        keep.setDefault(True)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.accepted.connect(self.accept)
        box = QVBoxLayout(self)
        box.addWidget(text)
        box.addWidget(self.details)
        box.addWidget(buttons)
        self.resize(620, 420)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.report.details)
        self.copy_button.setText("Copied")


def open_log_folder() -> QUrl:
    """Help > Open log folder: the folder in the system's file manager (made first if need be)."""
    folder = log_dir()
    with contextlib.suppress(OSError):  # a folder that cannot be made: the file manager says so
        folder.mkdir(parents=True, exist_ok=True)
    url = QUrl.fromLocalFile(str(folder))
    QDesktopServices.openUrl(url)
    return url
