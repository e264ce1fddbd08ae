"""The window on a ministry laptop (1024x768) and a large monitor (1920x1080), issue 19 items 4 and 5: the weights
keep a sensible width and the charts take the rest, the evidence pane and the matrix show their text whole, the
Uncertainty view keeps its axis title and says what its shades mean, the ranking's whiskers say what they show,
the Sensitivity view opens where the answer is closest to changing, tipping labels stay apart from each other
and from the current weight's line, and Tab goes from the profile to the weights. Each test failed before its fix.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen

from decision_app.core.loading import load_model


def close_window(win) -> None:
    win.state.undo_stack.setClean()
    win.ask_save_changes = lambda: "discard"
    win.close()
    win.state.shutdown()
    win.deleteLater()


def first_window(qtbot, monkeypatch, model_copy, w: int, h: int, start: tuple[int, int] | None = None):
    """The window on a first start on a w x h screen, maximised (from `start` when given: a window made larger)."""
    from decision_app.gui.main_window import MainWindow
    from decision_app.gui.state import AnalysisState

    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, w, h))
    win = MainWindow(AnalysisState(load_model(model_copy), model_copy))
    if start is not None:
        win.setGeometry(0, 0, *start)
    win.show()
    qtbot.waitExposed(win)
    qtbot.wait(20)
    win.setGeometry(0, 0, w, h)
    qtbot.wait(20)
    return win


@pytest.fixture
def laptop(qtbot, monkeypatch, model_copy):
    win = first_window(qtbot, monkeypatch, model_copy, 1024, 768)
    yield win
    close_window(win)


@pytest.fixture
def monitor(qtbot, monkeypatch, model_copy):
    win = first_window(qtbot, monkeypatch, model_copy, 1920, 1080, start=(1400, 900))
    yield win
    close_window(win)


# --- 4a. a larger window gives its width to the charts ------------------------------------------------------


WEIGHTS_MOST = 480  # px at 100 %: a slider as long as a third of a laptop screen is long enough


def test_a_larger_window_gives_its_width_to_the_charts_not_the_weights(monitor):
    """Maximised from 1400 px, the weights dock took all 500 px gained (831 px wide, the charts unchanged)."""
    weights, ranking, sens = (monitor.docks[k] for k in ("weights", "ranking", "sensitivity"))
    assert weights.width() <= WEIGHTS_MOST, weights.width()
    assert weights.width() <= monitor.weights.sizeHint().width() + 8
    assert ranking.width() + sens.width() >= 1920 - weights.width() - 40, (ranking.width(), sens.width())
    assert monitor.docks["matrix"].width() >= 1920 - weights.width() - 40


def test_the_weights_take_what_their_rows_need_at_any_zoom(monitor, qtbot):
    """The bound grows with the zoomed text: no lock box or percentage leaves the panel."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QScrollArea

    for steps in (5, 10):
        monitor.set_zoom(steps)
        qtbot.wait(30)
        panel = monitor.weights
        viewport = panel.findChild(QScrollArea).viewport()
        for _slider, _spin, lock, _name in panel.rows:
            assert lock.mapTo(viewport, QPoint(lock.width(), 0)).x() <= viewport.width(), (steps, lock.accessibleName())
    monitor.set_zoom(0)
