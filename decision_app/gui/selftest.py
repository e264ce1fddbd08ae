"""`--selftest FOLDER`: open the main window offscreen, render every view to PNG, exit 0.

Lets a build (the installer bundle included) be checked on a machine without a screen.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def run_selftest(folder: str) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtCore import QCoreApplication, QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(out / "settings"))
    from decision_app.gui.app import create_window
    from decision_app.gui.views import views_in_order
    from decision_app.paths import model_path

    _app, state, window = create_window([str(model_path())])
    window.resize(1400, 900)
    window.show()
    window.repaint()
    print("selftest: first window painted", flush=True)  # benchmarks time the cold start to this line
    for _ in range(5):
        QCoreApplication.processEvents()
    state.wait_for_smaa()
    for _ in range(5):
        QCoreApplication.processEvents()
    written = []
    for spec in views_in_order():  # one picture per view record: a chart renders itself, a panel is grabbed
        window.docks[spec.key].show()
        window.docks[spec.key].raise_()
        QCoreApplication.processEvents()
        if spec.key in window.charts:
            written.append(window.charts[spec.key].render_to(out / f"{spec.key}.png"))
        else:
            written.append(out / f"{spec.key}.png")
            window.docks[spec.key].widget().grab().save(str(written[-1]))
    written.append(out / "window.png")
    window.grab().save(str(written[-1]))
    bad = [p for p in written if not p.exists() or p.stat().st_size < 2000]
    for p in written:
        print(f"selftest: wrote {p}")
    if state.results is None or state.smaa is None or bad:
        print(f"selftest: FAILED ({'no results' if state.results is None else 'no uncertainty result' if state.smaa is None else bad})",
              file=sys.stderr)
        return 1
    leader = state.compiled.option_names[state.results.order[0]]
    print(f"selftest: ok — {state.compiled.m} options, leader under {state.method}: {leader}")
    window.state.undo_stack.setClean()
    window.close()
    state.shutdown()
    return 0
