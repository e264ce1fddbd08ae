"""View > Zoom: one font scale for every view (dock contents) and every chart's axes and in-plot text, so a
facilitator can make a projected screen readable. Menus, dialogs and the status bar keep the system size.

The level is a whole number of steps (remembered in settings); a step is 10 % of the application font.
Charts rebuild their in-plot text on a structural change and build lazily when first shown, so the window
calls `apply_zoom` again after a rebuild and `ZoomKeeper` re-applies it when a chart is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from decision_app.gui.charts.base import ChartPanel, refit_left_axis
from decision_app.gui.charts.labels import LabelSet

MIN_STEPS, MAX_STEPS = -3, 10
STEP = 0.10


def clamp_steps(steps: int) -> int:
    return max(MIN_STEPS, min(MAX_STEPS, int(steps)))


def zoom_factor(steps: int) -> float:
    """How much larger than the system size text is shown at `steps` zoom steps."""
    return 1.0 + STEP * clamp_steps(steps)


def zoomed_font(steps: int) -> QFont:
    """The application font scaled by `steps` zoom steps."""
    font = QFont(QApplication.font())
    font.setPointSizeF(font.pointSizeF() * zoom_factor(steps))
    return font


def zoom_chart(plot: pg.PlotItem, steps: int) -> None:
    """Axis ticks and labels, and every text item in the plot, at the zoomed size (default font at 0)."""
    font = zoomed_font(steps)
    for axis in plot.axes.values():
        item = axis["item"]
        item.setTickFont(font if steps else None)
        item.label.setFont(font)
        item.picture = None  # tick text is laid out again at the new size
        item.update()
    refit_left_axis(plot)  # names wider than their axis would be dropped
    for child in plot.items:
        if isinstance(child, pg.TextItem):
            child.setFont(font)
        elif isinstance(child, LabelSet):  # scores beside bars, line ends, tipping points
            child.set_font(font)


def zoom_views(views: Iterable[QWidget], steps: int) -> None:
    """Dock contents inherit the zoomed font (the system font again at 0)."""
    for view in views:
        view.setFont(zoomed_font(steps) if steps else QFont())


class ZoomKeeper(QObject):
    """Re-applies the zoom to a chart when it is shown (a chart builds its items on first show)."""

    def __init__(self, charts: Mapping[str, QWidget], steps: int, parent: QObject | None = None):
        super().__init__(parent)
        self.charts = charts
        self.steps = steps
        for chart in charts.values():
            chart.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            # after the chart's own showEvent, which may build its items
            QTimer.singleShot(0, lambda w=watched: self.apply_to(w))
        return False

    def apply_to(self, chart: QObject) -> None:
        if isinstance(chart, ChartPanel):
            for item in chart.plot_items():
                zoom_chart(item, self.steps)

    def apply_all(self) -> None:
        for chart in self.charts.values():
            self.apply_to(chart)
