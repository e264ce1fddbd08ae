"""Entry point of the installed bundle: no arguments, or a model or spreadsheet path, opens the window;
anything else (a command, --version, --selftest) goes to the command line."""

from __future__ import annotations

import sys
from pathlib import Path

OPENABLE = (".json", ".csv", ".xlsx")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or (len(argv) == 1 and Path(argv[0]).suffix.lower() in OPENABLE):
        from decision_app.gui.app import main as gui_main

        return gui_main(argv)
    from decision_app.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()
    raise SystemExit(main())
