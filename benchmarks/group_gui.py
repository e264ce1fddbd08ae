"""Group view benchmark (not a test): prints a table of medians and 95th percentiles.

A participant's weight change to the repainted group view: one participant's points on one criterion
change as an undoable model edit (`AnalysisState.replace_model`, as the roster and the entry dialog do),
then the event loop runs once (charts that coalesce their refresh draw then) and the group view's two plots
repaint synchronously. At 5, 15 and 30 participants on the default model, the group dock raised,
window 1024x768 (the workshop projector), offscreen. 100 changes each. The edit itself (building the new model) is timed
apart, as it happens before the change reaches the window. Target: p95 under 16 ms at 30 participants.

Two figures: the whole window (every view follows a model edit: the state recompiles the model and every
chart rebuilds its items, which the group view does not control), and the group view's own share (a
fresh `analyse_group`, feeding its items, repainting both plots) on the same model after the same edit.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

TARGET = 0.016


def workshop_model(base, p: int, seed: int = 1):
    from decision_app.core import participant_edits as pe

    rng = np.random.default_rng(seed)
    model = base
    for k in range(p):
        points = np.round(rng.dirichlet(np.ones(len(base.criteria))) * 100, 1) + 0.1
        model = pe.add_participant(model, f"Participant {k + 1}", rounds=[pe.make_round(model, 1, "direct", points)])
    return model


def run(p: int, changes: int = 100) -> tuple[float, list[float], list[float]]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    from decision_app.core import participant_edits as pe
    from decision_app.core.loading import load_model
    from decision_app.gui.main_window import MainWindow
    from decision_app.gui.state import AnalysisState

    app = QApplication.instance() or QApplication([])
    state = AnalysisState(workshop_model(load_model(ROOT / "tests" / "fixtures" / "recalibrated-twelve-options.json"), p))
    state.uncertainty_worker.set_delay(10**9)  # SMAA runs on its worker after a pause; not part of the change
    win = MainWindow(state)
    win.resize(1024, 768)
    win.show()
    win.focus_view("group")
    for _ in range(10):
        app.processEvents()
    chart = win.group
    assert chart.isVisible()
    pid = state.model.participants[p // 2].id
    cid = state.model.criteria[0].id
    points = (np.sin(np.linspace(0, 12 * np.pi, changes)) * 40 + 50).round(1)
    edits, times, own = [], [], []
    for v in points:
        t0 = time.perf_counter()
        new = pe.set_round_weight(state.model, pid, 1, cid, float(v))
        t1 = time.perf_counter()
        state.replace_model(new, "Weight")
        app.processEvents()
        chart.plot.viewport().repaint()
        chart.choice_plot.viewport().repaint()
        t2 = time.perf_counter()
        chart.set_stale_for_benchmark()
        chart.update_data()
        chart.plot.viewport().repaint()
        chart.choice_plot.viewport().repaint()
        own.append(time.perf_counter() - t2)
        times.append(t2 - t1)
        edits.append(t1 - t0)
    assert chart.group is not None and len(chart.group.participant_ids) == p
    state.undo_stack.setClean()
    win.close()
    state.shutdown()
    win.deleteLater()
    return statistics.median(edits), times, own


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # the table survives a crash at exit
    from engine import table  # benchmarks/engine.py: the same table layout

    rows = []
    for p in (5, 15, 30):
        edit, whole, own = run(p)
        for what, t in (("whole window", whole), ("group view alone", own)):
            p95 = float(np.percentile(t, 95))
            rows.append([f"{p} participants", what, f"{edit * 1e3:.2f} ms", f"{statistics.median(t) * 1e3:.2f} ms",
                         f"{p95 * 1e3:.2f} ms",
                         f"p95 < {TARGET * 1e3:.0f} ms: {'met' if p95 < TARGET else 'NOT met'}" if p == 30 else ""])
    table(f"Participant's weight change to repainted group view, default model, 1024x768 offscreen, "
          f"{os.cpu_count()} CPUs", ["workshop", "path", "edit (model)", "median", "p95", "target"], rows)


if __name__ == "__main__":
    main()
