"""The app's log: a rotating file in the data folder (`paths.log_dir`) that the window and the command line
share, so a bug report can include what went wrong.

Qt-free: the command line uses it too (it only opens the file when something unexpected happened). The
window calls `setup` at start; `log_exception` writes a traceback, and `report_bug` is the command line's
answer to an unexpected exception: the traceback to the log, one line to stderr, status 1.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path
from types import TracebackType

from decision_app.paths import log_dir

LOGGER_NAME = "decision_app"
LOG_NAME = "decision-desk.log"
MAX_BYTES = 1_000_000  # then decision-desk.log.1 … .3: a few megabytes at most
BACKUPS = 3
EXIT_BUG = 1

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class _Handler(logging.handlers.RotatingFileHandler):
    """A rotating log that notes a failed write instead of printing a traceback to the terminal."""

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's own name
        self.failed = True


def log_file() -> Path:
    return log_dir() / LOG_NAME


def logger() -> logging.Logger:
    return logging.getLogger(LOGGER_NAME)


def setup() -> Path | None:
    """Attach the rotating file handler to the app's logger (once); the log file, or None when its folder
    cannot be written (the app runs on without a log)."""
    log = logger()
    path = log_file()
    for old in list(log.handlers):
        if isinstance(old, _Handler):
            if old.baseFilename == os.path.abspath(path):
                return path
            log.removeHandler(old)  # the data folder moved (tests point it elsewhere per test)
            old.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _Handler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s [%(process)d] %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False  # the log file only; nothing on the terminal
    return path


def log_exception(exc_info: ExcInfo, context: str) -> Path | None:
    """Write `context` and the traceback to the log; the log file, or None when it could not be written."""
    path = setup()
    if path is None:
        return None
    handlers = [h for h in logger().handlers if isinstance(h, _Handler)]
    for h in handlers:
        h.failed = False
    logger().error("%s", context, exc_info=exc_info)
    return None if any(h.failed for h in handlers) else path


def report_bug(program: str, exc: BaseException) -> int:
    """An unexpected exception in the command line: the traceback to the log, one line on stderr, status 1."""
    where = log_exception((type(exc), exc, exc.__traceback__), f"{program} {' '.join(sys.argv[1:])}: unexpected error")
    if where is not None:
        print(f"{program}: an unexpected error stopped the command (a bug, not your input); the details are in "
              f"{where}", file=sys.stderr)
    else:
        print(f"{program}: an unexpected error stopped the command (a bug, not your input): "
              f"{type(exc).__name__}: {exc}", file=sys.stderr)
    return EXIT_BUG
