"""What a slider move costs the window (issue 23 item 6, the slider to repainted charts): work that is not
timed here (benchmarks/gui.py measures the time) but counted. A move relays out nothing above the chart (a
label's new text relaid out the ranking's dock and the main window's dock layout on every move), and the
window paints the move in one pass of the event loop (the chart's refresh and its scene's repaint requests
used to wait behind the window's repaint and paint it a second time)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from tree_models import with_tree

from decision_app.core.loading import load_model


class _Count(QObject):
    """Counts the events of some types that reach the watched objects."""

    def __init__(self, types: set[QEvent.Type]):
        super().__init__()
        self.types, self.seen = types, []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self.types:
            self.seen.append((event.type(), watched))
        return False


@pytest.fixture(params=["flat", "tree"])
def drag_window(request, qtbot, default_dict, tmp_path):
    from decision_app.gui.main_window import MainWindow
    from decision_app.gui.state import AnalysisState

    path = tmp_path / "model.json"
    path.write_text(json.dumps(with_tree(default_dict) if request.param == "tree" else default_dict), encoding="utf-8")
    state = AnalysisState(load_model(path), path)
    state.uncertainty_worker.set_delay(60_000)  # the moves only, not the uncertainty runs they ask for
    win = MainWindow(state)
    win.resize(1024, 768)
    win.show()
    qtbot.waitExposed(win)
    for _ in range(5):
        QApplication.processEvents()
    yield win, (win.weights.node_rows[state.tree.index("security")][0] if request.param == "tree"
                else win.weights.rows[0][0])
    state.undo_stack.setClean()
    win.ask_save_changes = lambda: "discard"
    win.close()


def _settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def test_a_slider_move_relays_out_nothing_above_the_chart(drag_window):
    win, slider = drag_window
    watch = _Count({QEvent.Type.LayoutRequest})
    targets = [win, win.ranking, win.docks["ranking"]]
    for t in targets:
        t.installEventFilter(watch)
    for value in (300, 340, 380, 420, 460):  # the margin's share and the verdict line change with each
        slider.setValue(value)
        _settle()
    for t in targets:
        t.removeEventFilter(watch)
    assert watch.seen == []


def test_a_slider_move_is_painted_in_one_pass_of_the_event_loop(drag_window):
    """After the move, one turn of the event loop brings the ranking's new bars to the screen."""
    win, slider = drag_window
    chart = win.ranking
    watch = _Count({QEvent.Type.Paint})
    chart.plot.viewport().installEventFilter(watch)
    for value in (300, 340, 380):
        watch.seen.clear()
        slider.setValue(value)
        QApplication.processEvents()
        assert not chart.pending and len(watch.seen) == 1
        _settle()
    chart.plot.viewport().removeEventFilter(watch)


def test_the_live_line_wraps_and_takes_the_height_its_text_needs(qtbot):
    """The margin's sentence relays out only when it needs another number of lines, and then it does."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from decision_app.gui.charts.live_text import LiveText

    holder = QWidget()
    qtbot.addWidget(holder)
    lay = QVBoxLayout(holder)
    live = LiveText("Margin by objective")
    lay.addWidget(live)
    lay.addStretch(1)
    holder.resize(220, 400)
    holder.show()
    qtbot.waitExposed(holder)
    live.setText("62 % of the margin comes from Security.")
    _settle()
    one = live.height()
    assert one >= live.fontMetrics().height()
    live.setText("62 % of the margin comes from Ukraine's sovereignty; A workable settlement takes 12 % away "
                 "(approximately: the method is not additive).")
    _settle()
    assert live.height() >= 3 * live.fontMetrics().lineSpacing() > one
    assert "takes 12 % away" in live.toolTip() and live.accessibleDescription() == live.text()
