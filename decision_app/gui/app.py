"""Open the window on FILE, else the last model opened, else the default model; then offer any work a
window that died left unsaved (`recovery`), with unexpected errors contained (`crash`) and logged.

Reached through `decision_app.launcher` (`decision-desk [FILE]`, `decision-app open [FILE]`), which also
routes --version, --help and --selftest; this module never imports the command line.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from decision_app import gui as _gui  # noqa: F401 - sets PYQTGRAPH_QT_LIB before pyqtgraph loads

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from decision_app.core.errors import InputError
    from decision_app.core.schema import DecisionModel
    from decision_app.gui.main_window import MainWindow
    from decision_app.gui.state import AnalysisState


def load_start_model(argv_file: str | None, last: str | None) -> tuple[DecisionModel, str | Path | None, InputError | None]:
    """(model, path, problem): the first of FILE, the last file, the default model that loads."""
    from decision_app.core.errors import InputError
    from decision_app.core.loading import load_model
    from decision_app.paths import model_path

    problem = None
    for candidate in (argv_file, last):
        if not candidate:
            continue
        if candidate == last and not Path(candidate).exists():
            continue
        try:
            model = load_model(candidate)
        except InputError as exc:
            problem = problem or exc
            continue
        is_table = Path(candidate).suffix.lower() in (".csv", ".xlsx")
        return model, (None if is_table else candidate), problem
    default = model_path()
    return load_model(default), default, problem


def create_window(argv: list[str]) -> tuple[QApplication, AnalysisState, MainWindow]:
    from PySide6.QtWidgets import QApplication

    from decision_app.gui.main_window import MainWindow
    from decision_app.gui.settings import LAST_FILE, THEME, read_str
    from decision_app.gui.state import AnalysisState
    from decision_app.gui.theme import apply_theme
    from decision_app.paths import APPLICATION, ORGANIZATION

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *argv])
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANIZATION)
    from decision_app import __version__

    app.setApplicationVersion(__version__)
    from PySide6.QtGui import QIcon

    from decision_app.paths import resource_path

    app.setWindowIcon(QIcon(str(resource_path("icon.png"))))
    apply_theme(app, read_str(THEME, "system"))
    files = [a for a in argv if not a.startswith("-")]
    model, path, problem = load_start_model(files[0] if files else None, read_str(LAST_FILE) or None)
    state = AnalysisState(model, path)
    window = MainWindow(state)
    if problem is not None:
        from PySide6.QtCore import QTimer

        from decision_app.core.errors import MissingDirectionsError, TextColumnsError

        if isinstance(problem, (MissingDirectionsError, TextColumnsError)) and files:
            # A table without directions, or with columns of text: ask, as File > Open does, instead of refusing it.
            start = files[0]
            QTimer.singleShot(0, lambda: window.open_path(start, ask=False))
        else:
            QTimer.singleShot(0, lambda: window.show_error("Cannot open this file", problem))
    return app, state, window


def main(argv: list[str] | None = None) -> int:
    """The window program: a log, a guard that turns a bug into a dialog (the work written for recovery
    first), the window, and the offer of work a window that died left unsaved."""
    from PySide6.QtCore import QTimer

    from decision_app import __version__
    from decision_app.app_log import logger, setup
    from decision_app.gui.crash import CrashGuard

    setup()
    logger().info("Decision Desk %s starts", __version__)
    argv = sys.argv[1:] if argv is None else argv
    app, state, window = create_window(argv)
    guard = CrashGuard(window.autosaver.write_now, lambda: state.dirty, window)
    guard.install()
    window.show()
    QTimer.singleShot(0, window.offer_recovery)
    try:
        return int(app.exec())
    finally:
        guard.uninstall()
        logger().info("Decision Desk stops")


if __name__ == "__main__":
    raise SystemExit(main())
