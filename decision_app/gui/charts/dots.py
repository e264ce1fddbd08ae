"""DotSet: round dots of a fixed size in a few colours, painted in one pass (the group view's participants).

pyqtgraph's ScatterPlotItem rebuilds a record per spot and looks up a brush per point on every `setData`;
with a dot per participant and criterion that was most of the group view's update. Here a change stores
arrays, and a paint draws each colour's dots with one `drawPoints` call and a round cosmetic pen, so the
dots keep their size in pixels at any zoom.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen


class DotSet(pg.GraphicsObject):  # type: ignore[misc]  # pyqtgraph ships no type information
    def __init__(self, size: float = 8.0) -> None:
        super().__init__()
        self.size = size
        self.xs = np.zeros(0)
        self.ys = np.zeros(0)
        self.groups = np.zeros(0, dtype=int)
        self.pens: list[QPen] = []
        self._points: list[list[QPointF]] | None = None
        self._rect = QRectF()

    def set_colors(self, colors: list[QColor]) -> None:
        """One colour per group (dots of group j are drawn in colors[j])."""
        self.pens = []
        for c in colors:
            pen = QPen(QColor(c), self.size)
            pen.setCosmetic(True)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            self.pens.append(pen)
        self.update()

    def set_points(self, x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> None:
        """x, y: positions in data coordinates; groups: each dot's colour index."""
        self.xs, self.ys = np.asarray(x, float).ravel(), np.asarray(y, float).ravel()
        self.groups = np.asarray(groups, int).ravel()
        self._points = None
        if self.xs.size:
            x0, x1 = float(self.xs.min()), float(self.xs.max())
            y0, y1 = float(self.ys.min()), float(self.ys.max())
            # Room for a dot's radius (pixels) at the extremes, generously in data units: a larger rect only
            # widens the repainted region.
            px, py = 0.1 * (x1 - x0) + 0.02, 0.5
            rect = QRectF(x0 - px, y0 - py, x1 - x0 + 2 * px, y1 - y0 + 2 * py)
        else:
            rect = QRectF()
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        self.update()

    def getData(self) -> tuple[np.ndarray, np.ndarray]:  # the name pyqtgraph's items use
        """(x, y) of the dots as drawn."""
        return self.xs.copy(), self.ys.copy()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, *_args: object) -> None:
        if self._points is None:
            self._points = [[QPointF(float(a), float(b)) for a, b in
                             zip(self.xs[self.groups == j], self.ys[self.groups == j], strict=True)]
                            for j in range(len(self.pens))]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for pen, points in zip(self.pens, self._points, strict=True):
            if points:
                painter.setPen(pen)
                painter.drawPoints(points)
