"""Presentation benchmark (not a test): prints medians and 95th percentiles, in milliseconds.

1. Slide change: from a Page Down key to the end of a synchronous repaint of the new slide, cycling through
   every slide 40 times (target: under 50 ms).
2. Weight change to repainted slide: on the weights slide, from a + or − key (the state's undoable
   `set_weight`, the core snapshot, the slide's content and layout) to the end of a synchronous repaint,
   500 presses (target: p95 under 16 ms).
Offscreen platform, default model, the show at 1920x1080 and at 1024x768.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(0.95 * len(xs)))]


def main() -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from decision_app.core.loading import load_model
    from decision_app.gui.presentation.window import PresentationWindow
    from decision_app.gui.state import AnalysisState
    from decision_app.paths import model_path

    state = AnalysisState(load_model(model_path()))
    state.wait_for_smaa()
    app.processEvents()

    def key(win, k):
        win.keyPressEvent(QKeyEvent(QKeyEvent.Type.KeyPress, k, Qt.KeyboardModifier.NoModifier))

    for size in ((1920, 1080), (1024, 768)):
        win = PresentationWindow(state)
        win.resize(*size)
        win.show()
        app.processEvents()
        changes = []
        for _ in range(40):
            key(win, Qt.Key.Key_Home)
            win.canvas.repaint()
            for _k in range(len(win.slides) - 1):
                t = time.perf_counter()
                key(win, Qt.Key.Key_PageDown)
                win.canvas.repaint()
                changes.append((time.perf_counter() - t) * 1000)
        win.go([s.key for s in win.slides].index("weights"))
        win.canvas.repaint()
        moves = []
        for i in range(500):
            t = time.perf_counter()
            key(win, Qt.Key.Key_Plus if (i // 10) % 2 == 0 else Qt.Key.Key_Minus)
            win.canvas.repaint()
            moves.append((time.perf_counter() - t) * 1000)
        print(f"{size[0]}x{size[1]}: slide change median {statistics.median(changes):.1f} ms, p95 "
              f"{p95(changes):.1f} ms ({len(changes)}); weight change to repainted slide median "
              f"{statistics.median(moves):.1f} ms, p95 {p95(moves):.1f} ms ({len(moves)})")
        win.close()
    state.undo_stack.setClean()
    state.shutdown()


if __name__ == "__main__":
    main()
