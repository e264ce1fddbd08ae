"""The one place that routes between the two faces: the headless command line (`decision_app.cli`) and the
window (`decision_app.gui`). Neither face imports the other; both are reached from here.

`main` is the window program (`decision-desk`, and both programs of the installer bundle): no arguments,
or one model or spreadsheet path, opens the window; anything else goes to `main_cli`.
`main_cli` is the command line (`decision-app`, `python -m decision_app`): commands run headless, and only
`open [FILE]` and `--selftest FOLDER` load Qt. An unexpected exception while the window starts goes to the
log with one line on stderr and status 1, as the command line's own do (`decision_app.app_log`).
"""

from __future__ import annotations

import sys
from pathlib import Path

OPENABLE = (".json", ".csv", ".xlsx")


def open_window(argv: list[str]) -> int:
    from decision_app.gui.app import main as gui_main

    try:
        return gui_main(argv)
    except Exception as exc:  # noqa: BLE001 - a bug before the window's crash guard runs: log, one line
        from decision_app.app_log import report_bug

        return report_bug("decision-desk", exc)


def run_selftest(folder: str) -> int:
    from decision_app.gui.selftest import run_selftest as selftest

    try:
        return selftest(folder)
    except Exception as exc:  # noqa: BLE001 - a bug: the log, one line, status 1
        from decision_app.app_log import report_bug

        return report_bug("decision-app --selftest", exc)


def main_cli(argv: list[str] | None = None) -> int:
    from decision_app.cli import build_parser
    from decision_app.cli import main as cli_main

    argv = sys.argv[1:] if argv is None else argv
    # Parsed with the command line's own parser, so --help, --version and bad arguments read the same.
    args = build_parser().parse_args(argv)
    if args.selftest:
        return run_selftest(args.selftest)
    if args.command == "open":
        return open_window([args.file] if args.file else [])
    return cli_main(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or (len(argv) == 1 and Path(argv[0]).suffix.lower() in OPENABLE):
        return open_window(argv)
    return main_cli(argv)


if __name__ == "__main__":
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()
    raise SystemExit(main())
